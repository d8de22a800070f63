//! Accord's desktop app: a thin Tauri shell around accord-core. The working
//! copy is opened before the window shows; commands (commands/) parse, call
//! the core and map errors to {kind, message}; events tell the UI when the
//! working copy changed and how a sync is going.

pub mod commands;
pub mod error;
pub mod ipc;
pub mod state;
mod webview;

use std::path::PathBuf;
use std::time::Duration;

use tauri::Manager;

use state::AppState;

/// Where the working copy lives: ACCORD_WORKSPACE, else the platform's data
/// folder, as for the `accord` command (both can run at once).
pub fn workspace_dir() -> anyhow::Result<PathBuf> {
    if let Some(dir) = std::env::var_os("ACCORD_WORKSPACE") {
        return Ok(PathBuf::from(dir));
    }
    accord_core::Workspace::default_dir()
        .ok_or_else(|| anyhow::anyhow!("this system has no data folder; set ACCORD_WORKSPACE"))
}

/// How often the app looks for writes by other processes.
const WATCH_EVERY: Duration = Duration::from_millis(1500);

/// Tells the UI when another process wrote to the working copy.
fn watch_outside_writes(app: tauri::AppHandle) {
    std::thread::spawn(move || {
        let mut seen = app.state::<AppState>().outside_writes();
        loop {
            std::thread::sleep(WATCH_EVERY);
            let now = app.state::<AppState>().outside_writes();
            if now != seen && seen.is_some() {
                commands::changed(&app, "elsewhere");
            }
            seen = now;
        }
    });
}

/// Runs the app; called first thing in `main`, before any other thread.
pub fn run() {
    webview::before_start();
    let dir = match workspace_dir() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("accord-desktop: {e}");
            std::process::exit(2);
        }
    };
    let state = AppState::open(dir);
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(|app| {
            watch_outside_writes(app.handle().clone());
            webview::lighten(app);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::setup::app_status,
            commands::setup::open_demo,
            commands::setup::create_workspace,
            commands::setup::join_workspace,
            commands::read::lookups,
            commands::read::list_recommendations,
            commands::read::recommendation,
            commands::read::history,
            commands::read::conflicts,
            commands::read::dashboard,
            commands::read::activities,
            commands::read::indicators,
            commands::read::meetings,
            commands::read::devices,
            commands::write::assess,
            commands::write::add_activity,
            commands::write::add_measurement,
            commands::write::add_comment,
            commands::write::publish_comment,
            commands::write::resolve_conflict,
            commands::write::save_record,
            commands::write::set_archived,
            commands::write::archived_records,
            commands::import::preview_import,
            commands::import::import_file,
            commands::import::map_label,
            commands::suggest::suggest,
            commands::suggest::accept_suggestion,
            commands::suggest::reject_suggestion,
            commands::sync::sync_folder,
            commands::autosync::auto_sync,
            commands::sync::check_working_copy,
            commands::sync::quarantine,
            commands::sync::discard_quarantined,
            commands::sync::invite,
            commands::sync::invites,
            commands::sync::cancel_invite,
            commands::sync::propose_passphrase,
            commands::sync::revoke,
            commands::sync::held_out,
            commands::sync::adopt_held_out,
            commands::print::print_preview,
            commands::print::print_pdf,
            commands::print::export_tables,
        ])
        .run(tauri::generate_context!("tauri.conf.json"));
    if let Err(e) = result {
        eprintln!("accord-desktop: the window could not be opened: {e}");
        std::process::exit(1);
    }
}
