//! Writing: each command creates one record (its id made by the UI, so a
//! retried call cannot make two) or resolves a conflict, then tells the UI.

use accord_core::model::{Activity, Assessment, Comment, Measurement};
use accord_core::workspace::{ArchivedRecord, Editable, PlanOf, Saved};
use tauri::{AppHandle, State};
use uuid::Uuid;

use super::changed;
use crate::error::UiResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn assess(app: AppHandle, state: State<'_, AppState>, assessment: Assessment) -> UiResult<()> {
    state.with(|ws| ws.assess(assessment))?;
    changed(&app, "edit");
    Ok(())
}

/// Adds an activity to the recommendation's plan entry (made if missing).
#[tauri::command(async)]
pub fn add_activity(
    app: AppHandle,
    state: State<'_, AppState>,
    recommendation: Uuid,
    activity: Activity,
) -> UiResult<()> {
    state.with(|ws| ws.add_activity(PlanOf::Recommendation(recommendation), activity))?;
    changed(&app, "edit");
    Ok(())
}

#[tauri::command(async)]
pub fn add_measurement(
    app: AppHandle,
    state: State<'_, AppState>,
    measurement: Measurement,
) -> UiResult<()> {
    state.with(|ws| ws.record_measurement(measurement))?;
    changed(&app, "edit");
    Ok(())
}

#[tauri::command(async)]
pub fn add_comment(app: AppHandle, state: State<'_, AppState>, comment: Comment) -> UiResult<()> {
    state.with(|ws| ws.add_comment(comment))?;
    changed(&app, "edit");
    Ok(())
}

/// Publishes a draft or internal comment of this device's organisation.
#[tauri::command(async)]
pub fn publish_comment(app: AppHandle, state: State<'_, AppState>, id: Uuid) -> UiResult<()> {
    state.with(|ws| ws.publish_comment(id))?;
    changed(&app, "edit");
    Ok(())
}

/// Keeps value number `pick` (as `conflicts` lists them) of a field.
#[tauri::command(async)]
pub fn resolve_conflict(
    app: AppHandle,
    state: State<'_, AppState>,
    record: Uuid,
    field: String,
    pick: u32,
) -> UiResult<()> {
    state.with(|ws| ws.resolve_conflict(record, &field, pick as usize))?;
    changed(&app, "edit");
    Ok(())
}

/// Creates or changes a record from a form: the core decides which, and
/// what the organisation may change.
#[tauri::command(async)]
pub fn save_record(
    app: AppHandle,
    state: State<'_, AppState>,
    record: Editable,
) -> UiResult<Saved> {
    let saved = state.with(|ws| ws.save(record))?;
    if saved != Saved::Unchanged {
        changed(&app, "edit");
    }
    Ok(saved)
}

/// Archives a record (hidden from lists, kept with its history) or
/// restores it.
#[tauri::command(async)]
pub fn set_archived(
    app: AppHandle,
    state: State<'_, AppState>,
    id: Uuid,
    archived: bool,
) -> UiResult<()> {
    state.with(|ws| ws.set_archived(id, archived))?;
    changed(&app, "edit");
    Ok(())
}

/// Every archived record, to restore from.
#[tauri::command(async)]
pub fn archived_records(state: State<'_, AppState>) -> UiResult<Vec<ArchivedRecord>> {
    state.with(|ws| ws.archived_records())
}
