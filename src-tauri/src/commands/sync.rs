//! Sync through a folder or a USB stick, the quarantine, invites, the
//! roster's devices, and checking the working copy.

use accord_core::Workspace;
use accord_core::model::Device;
use accord_core::store::{Quarantined, Rejected};
use accord_core::workspace::{InviteRequest, InviteView, SyncReport};
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};
use ts_rs::TS;

use super::changed;
use crate::error::{UiError, UiResult};
use crate::ipc::{EVENT_SYNC_PROGRESS, InviteArgs};
use crate::state::AppState;

#[tauri::command(async)]
pub fn sync_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    folder: String,
) -> UiResult<SyncReport> {
    let path = std::path::PathBuf::from(&folder);
    if !path.is_dir() {
        return Err(UiError::new(
            "io",
            format!(
                "{folder} is not a folder here: plug the stick in, or choose the shared folder again."
            ),
        ));
    }
    let report = state.with(|ws| {
        ws.sync_folder(&path, &mut |p| {
            let _ = app.emit(EVENT_SYNC_PROGRESS, p);
        })
    })?;
    changed(&app, "sync");
    Ok(report)
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct QuarantineView {
    pub held: Vec<Quarantined>,
    pub rejected: Vec<Rejected>,
}

#[tauri::command(async)]
pub fn quarantine(state: State<'_, AppState>) -> UiResult<QuarantineView> {
    state.with(|ws| {
        let (held, rejected) = ws.quarantine()?;
        Ok(QuarantineView { held, rejected })
    })
}

#[tauri::command(async)]
pub fn discard_quarantined(
    app: AppHandle,
    state: State<'_, AppState>,
    name: String,
) -> UiResult<String> {
    let full = state.with(|ws| ws.discard_quarantined(&name))?;
    changed(&app, "edit");
    Ok(full)
}

/// Writes an invite file for one new device of `org` (coordinators).
#[tauri::command(async)]
pub fn invite(
    app: AppHandle,
    state: State<'_, AppState>,
    args: InviteArgs,
) -> UiResult<InviteView> {
    let made = state.with(|ws| {
        ws.invite(&InviteRequest {
            org: args.org.clone(),
            kind: args.kind,
            passphrase: args.passphrase.clone(),
            days: args.days,
        })
    })?;
    write_private(std::path::Path::new(&args.out), &made.bytes).map_err(|e| {
        UiError::new(
            "io",
            format!(
                "The invite could not be written to {}: {e}. Choose another place.",
                args.out
            ),
        )
    })?;
    changed(&app, "edit");
    Ok(made.invite)
}

/// Writes a file readable by its owner only: an invite holds the
/// workspace's key, behind its passphrase.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options.open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// A strong passphrase for a new invite.
#[tauri::command]
pub fn propose_passphrase() -> String {
    Workspace::propose_passphrase()
}

/// The invites this device made.
#[tauri::command(async)]
pub fn invites(state: State<'_, AppState>) -> UiResult<Vec<InviteView>> {
    state.with(|ws| ws.invites())
}

#[tauri::command(async)]
pub fn cancel_invite(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> UiResult<InviteView> {
    let v = state.with(|ws| ws.cancel_invite(&id))?;
    changed(&app, "edit");
    Ok(v)
}

#[tauri::command(async)]
pub fn revoke(app: AppHandle, state: State<'_, AppState>, device: String) -> UiResult<Device> {
    let d = state.with(|ws| ws.revoke(&device))?;
    changed(&app, "edit");
    Ok(d)
}

/// How many changes of each device (by key) a revocation holds out here.
#[tauri::command(async)]
pub fn held_out(state: State<'_, AppState>) -> UiResult<std::collections::BTreeMap<String, usize>> {
    state.with(|ws| ws.held_out_by_device())
}

/// Counts the held-out work of a revoked device (coordinators).
#[tauri::command(async)]
pub fn adopt_held_out(
    app: AppHandle,
    state: State<'_, AppState>,
    device: String,
) -> UiResult<accord_core::workspace::Adopted> {
    let a = state.with(|ws| ws.adopt_held_out(&device))?;
    changed(&app, "edit");
    Ok(a)
}

/// Checks the working copy; with `repair`, rebuilds its index first and
/// mends damaged stored changes.
#[tauri::command(async)]
pub fn check_working_copy(
    app: AppHandle,
    state: State<'_, AppState>,
    repair: bool,
) -> UiResult<accord_core::workspace::CheckReport> {
    let report = state.with(|ws| {
        let repaired = if repair {
            ws.rebuild_index(false)?.repaired
        } else {
            Vec::new()
        };
        let mut report = ws.check()?;
        report.repaired = repaired;
        Ok(report)
    })?;
    if repair {
        changed(&app, "edit");
    }
    Ok(report)
}
