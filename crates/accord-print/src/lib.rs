//! Accord's printed documents: indicator sheets, a recommendation sheet,
//! one organisation's action plan and the annual meeting pack.
//!
//! Each document has one Typst template (in `templates/`) fed with a JSON
//! file built from the working copy; the same compiled pages give the PDF
//! and the SVG pages of the app's preview, so what is previewed is what
//! prints. Fonts are built in, so Mongolian Cyrillic prints the same on
//! every machine.

mod data;
mod error;
mod world;

use accord_core::Workspace;
use accord_core::model::Lang;
use typst_layout::PagedDocument;
use uuid::Uuid;

pub use error::{Error, Result};

/// What to print.
#[derive(Debug, Clone, PartialEq)]
pub enum Doc {
    /// Indicator sheets: the ones named, or every indicator when empty;
    /// with `org`, only those that organisation is responsible for.
    Indicators { ids: Vec<Uuid>, org: Option<Uuid> },
    /// One recommendation with its plan, assessments and history.
    Recommendation(Uuid),
    /// One organisation's part of the action plan.
    Plan { org: Uuid },
    /// The pack for a meeting (the newest one when `None`).
    Pack { meeting: Option<Uuid> },
}

impl Doc {
    /// The template file that lays the document out.
    pub fn template(&self) -> &'static str {
        match self {
            Doc::Indicators { .. } => "indicator.typ",
            Doc::Recommendation(_) => "recommendation.typ",
            Doc::Plan { .. } => "plan.typ",
            Doc::Pack { .. } => "pack.typ",
        }
    }
}

/// How to print it.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub lang: Lang,
    /// The date printed in the footer and against which "overdue" and
    /// "due" are judged.
    pub today: jiff::civil::Date,
}

impl Options {
    pub fn new(lang: Lang) -> Options {
        Options {
            lang,
            today: accord_core::workspace::today(),
        }
    }
}

/// A typeset document, ready to be written as PDF or shown as SVG pages.
pub struct Printed {
    doc: PagedDocument,
}

impl Printed {
    pub fn pages(&self) -> usize {
        self.doc.pages().len()
    }

    pub fn pdf(&self) -> Result<Vec<u8>> {
        let options = typst_pdf::PdfOptions::default();
        typst_pdf::pdf(&self.doc, &options).map_err(|d| Error::typeset("the PDF", &d))
    }

    /// The first `limit` pages as SVG images with their text as outlines:
    /// the preview needs no fonts from the system.
    pub fn svg_pages(&self, limit: usize) -> Vec<String> {
        let options = typst_svg::SvgOptions::default();
        self.doc
            .pages()
            .iter()
            .take(limit)
            .map(|p| typst_svg::svg(p, &options))
            .collect()
    }
}

/// Typesets `doc` from the working copy.
pub fn print(ws: &Workspace, doc: &Doc, options: Options) -> Result<Printed> {
    typeset(doc.template(), data(ws, doc, options)?, options.today)
}

/// The JSON file a template reads: everything the document shows, put in
/// words. `print` is this followed by `typeset`.
pub fn data(ws: &Workspace, doc: &Doc, options: Options) -> Result<Vec<u8>> {
    data::build(ws, doc, options)
}

/// Typesets a template with its data, as Typst alone would.
pub fn typeset(template: &str, json: Vec<u8>, today: jiff::civil::Date) -> Result<Printed> {
    let world = world::PrintWorld::new(template, json, today);
    let warned = typst::compile::<PagedDocument>(&world);
    // Typst memoises layouts across compilations; in a long-running app
    // that cache would only grow. What the last few documents used stays,
    // so previewing the same sheet again is still quick.
    typst::comemo::evict(4);
    let doc = warned.output.map_err(|d| Error::typeset(template, &d))?;
    Ok(Printed { doc })
}

/// Drops everything Typst memoised, so that the next document is
/// typeset from nothing (benchmarks measure it so).
pub fn forget_cache() {
    typst::comemo::evict(0);
}

/// Writes the PDF to `path` whole or not at all, as every export is.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    Ok(accord_core::export::write_file(path, bytes)?)
}

#[cfg(test)]
mod tests;
