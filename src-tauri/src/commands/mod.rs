//! The commands the UI invokes. Each parses what it is given, calls
//! accord-core and maps the error; nothing here decides anything about the
//! workspace. They run off the UI thread (`async`): a sync or a large list
//! must not freeze the window.

pub mod autosync;
pub mod import;
pub mod print;
pub mod read;
pub mod setup;
pub mod suggest;
pub mod sync;
pub mod write;

use tauri::{AppHandle, Emitter};

use crate::ipc::{Changed, EVENT_CHANGED};

/// Tells the UI the working copy changed, so that it reloads what it shows.
pub(crate) fn changed(app: &AppHandle, cause: &str) {
    // The window may be closing; nothing to tell then.
    let _ = app.emit(
        EVENT_CHANGED,
        Changed {
            cause: cause.into(),
        },
    );
}
