//! Suggested clusters and links: found by the core from the texts, then
//! accepted or rejected by a person.

use accord_core::workspace::{Suggestion, SuggestionKind};
use tauri::{AppHandle, State};
use uuid::Uuid;

use super::changed;
use crate::error::UiResult;
use crate::state::AppState;

/// Clusters or links suggested; `document` narrows them to one source.
#[tauri::command(async)]
pub fn suggest(
    state: State<'_, AppState>,
    kind: SuggestionKind,
    document: Option<String>,
) -> UiResult<Vec<Suggestion>> {
    state.with(|ws| match kind {
        SuggestionKind::Cluster => ws.suggest_clusters(document.as_deref()),
        SuggestionKind::Link => ws.suggest_links(document.as_deref()),
    })
}

#[tauri::command(async)]
pub fn accept_suggestion(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: SuggestionKind,
    ids: Vec<Uuid>,
) -> UiResult<()> {
    state.with(|ws| ws.accept_suggestion(kind, &ids))?;
    changed(&app, "edit");
    Ok(())
}

#[tauri::command(async)]
pub fn reject_suggestion(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: SuggestionKind,
    ids: Vec<Uuid>,
) -> UiResult<()> {
    state.with(|ws| ws.reject_suggestion(kind, &ids))?;
    changed(&app, "edit");
    Ok(())
}
