//! Syncing by itself, for offices whose folder a sync engine such as
//! Syncthing keeps in step: a watch on the folder and the working copy, on
//! a thread of its own, syncs whenever either changes (and every few
//! minutes, for network shares that change without telling).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use accord_core::workspace::SyncReport;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, State};
use ts_rs::TS;

use super::changed;
use crate::error::{UiError, UiResult};
use crate::ipc::EVENT_AUTO_SYNCED;
use crate::state::AppState;

/// A sync at least this often, changes or not.
const EVERY: Duration = Duration::from_secs(5 * 60);

/// Sent as the event `auto-synced` after each automatic sync.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AutoSynced {
    pub folder: String,
    pub report: Option<SyncReport>,
    pub error: Option<UiError>,
}

/// The running watch: asked to stop, it ends within a second.
pub struct AutoSync {
    stop: Arc<AtomicBool>,
}

impl Drop for AutoSync {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Starts syncing `folder` automatically, or stops (no folder). Returns
/// whether automatic sync is on.
#[tauri::command(async)]
pub fn auto_sync(
    app: AppHandle,
    state: State<'_, AppState>,
    folder: Option<String>,
) -> UiResult<bool> {
    state.set_auto_sync(None);
    let Some(folder) = folder else {
        return Ok(false);
    };
    let path = PathBuf::from(&folder);
    if !path.is_dir() {
        return Err(UiError::new(
            "io",
            format!(
                "{folder} is not a folder here: plug the stick in, or choose the shared folder again."
            ),
        ));
    }
    let mut watch = state.with(|ws| ws.watch(&path))?;
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    std::thread::spawn(move || {
        // The first round syncs at once.
        let mut due = true;
        let mut last = Instant::now();
        while !stopped.load(Ordering::Relaxed) {
            if !due {
                due =
                    watch.wait(Duration::from_secs(1)).unwrap_or(false) || last.elapsed() >= EVERY;
                continue;
            }
            if stopped.load(Ordering::Relaxed) {
                break;
            }
            let state = app.state::<AppState>();
            let result = state.with(|ws| ws.sync_folder(&path, &mut |_| {}));
            let _ = watch.synced();
            last = Instant::now();
            due = false;
            let event = match result {
                Ok(report) => AutoSynced {
                    folder: folder.clone(),
                    report: Some(report),
                    error: None,
                },
                Err(error) => AutoSynced {
                    folder: folder.clone(),
                    report: None,
                    error: Some(error),
                },
            };
            let _ = app.emit(EVENT_AUTO_SYNCED, &event);
            if event.report.is_some() {
                changed(&app, "sync");
            }
        }
    });
    state.set_auto_sync(Some(AutoSync { stop }));
    Ok(true)
}
