//! Importing a file of recommendations: a preview that writes nothing, then
//! the import itself; the core reads the file and decides everything.

use accord_core::import::{ImportPreview, ImportSummary};
use tauri::{AppHandle, State};

use super::changed;
use crate::error::UiResult;
use crate::ipc::ImportRequest;
use crate::state::AppState;

/// What importing the file would do, with every problem by row.
#[tauri::command(async)]
pub fn preview_import(
    state: State<'_, AppState>,
    path: String,
    request: ImportRequest,
) -> UiResult<ImportPreview> {
    let opts = request.options(true);
    state.with(|ws| ws.preview_import(std::path::Path::new(&path), &opts))
}

#[tauri::command(async)]
pub fn import_file(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    request: ImportRequest,
) -> UiResult<ImportSummary> {
    let opts = request.options(false);
    let summary = state.with(|ws| ws.import_file(std::path::Path::new(&path), &opts))?;
    changed(&app, "import");
    Ok(summary)
}

/// Maps a label as the UN's lists write it to a term of a vocabulary, for
/// this import and every later one.
#[tauri::command(async)]
pub fn map_label(
    app: AppHandle,
    state: State<'_, AppState>,
    vocabulary: accord_core::model::Vocabulary,
    label: String,
    term: String,
) -> UiResult<()> {
    state.with(|ws| ws.map_label(vocabulary, &label, &term))?;
    changed(&app, "edit");
    Ok(())
}
