//! Printing and exporting: the preview's pages, the PDF, the tables.

use accord_core::model::Lang;
use accord_print::{Doc, Options, Printed};
use tauri::State;

use crate::error::UiResult;
use crate::ipc::{PrintPreview, PrintRequest, TableFormat, Written};
use crate::state::AppState;

impl From<PrintRequest> for Doc {
    fn from(r: PrintRequest) -> Doc {
        match r {
            PrintRequest::Indicators { ids, org } => Doc::Indicators { ids, org },
            PrintRequest::Recommendation { id } => Doc::Recommendation(id),
            PrintRequest::Plan { org } => Doc::Plan { org },
            PrintRequest::Pack { meeting } => Doc::Pack { meeting },
        }
    }
}

/// Typesets the document. Only reading the working copy holds it: a
/// thousand sheets are typeset while other commands (an edit, a sync) go on.
fn typeset(state: &AppState, request: PrintRequest, lang: Lang) -> UiResult<Printed> {
    let doc = Doc::from(request);
    let options = Options::new(lang);
    let data = state.with_ui(|ws| Ok(accord_print::data(ws, &doc, options)?))?;
    Ok(accord_print::typeset(doc.template(), data, options.today)?)
}

/// The document's first `pages` pages as SVG, from the same template and
/// typesetting as the PDF.
#[tauri::command(async)]
pub fn print_preview(
    state: State<'_, AppState>,
    request: PrintRequest,
    lang: Lang,
    pages: u32,
) -> UiResult<PrintPreview> {
    let printed = typeset(&state, request, lang)?;
    Ok(PrintPreview {
        total: printed.pages() as u32,
        pages: printed.svg_pages(pages as usize),
    })
}

#[tauri::command(async)]
pub fn print_pdf(
    state: State<'_, AppState>,
    request: PrintRequest,
    lang: Lang,
    path: String,
) -> UiResult<Written> {
    let printed = typeset(&state, request, lang)?;
    accord_print::write_file(std::path::Path::new(&path), &printed.pdf()?)?;
    Ok(Written {
        paths: vec![path],
        count: printed.pages() as u32,
    })
}

/// Recommendations with their plan and assessments, indicators,
/// measurements and activities: CSV files into a folder, or one workbook.
#[tauri::command(async)]
pub fn export_tables(
    state: State<'_, AppState>,
    format: TableFormat,
    path: String,
    lang: accord_core::model::Lang,
) -> UiResult<Written> {
    let tables = state.with(|ws| ws.export_tables(lang))?;
    let rows = tables.iter().map(|t| t.rows.len() as u32).sum();
    let target = std::path::Path::new(&path);
    let paths = match format {
        TableFormat::Csv => accord_core::export::write_csv_dir(&tables, target)?
            .into_iter()
            .map(|p| p.display().to_string())
            .collect(),
        TableFormat::Xlsx => {
            accord_core::export::write_xlsx(&tables, target)?;
            vec![path]
        }
    };
    Ok(Written { paths, count: rows })
}
