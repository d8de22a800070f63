//! Importing recommendations from files. `detect` tells the formats apart
//! by their contents; each reader turns its file into recommendations,
//! which `plan` matches against those held and writes. The project's own
//! CSV template is documented in docs/import-template.md; OHCHR's thematic
//! lists are read from their Word tables (`thematic_list`, over `docx`).

mod detect;
pub mod docx;
mod file;
mod from_list;
mod from_table;
mod labels;
mod plan;
mod table;
mod template;
pub mod thematic_list;
mod uhri;
mod upr_info;
pub mod upr_sessions;

use serde::Serialize;

pub use detect::Format;
pub use file::{ImportOptions, ImportPreview};
pub use plan::ImportProblem;
pub use template::{COLUMNS, ImportSummary};

/// What a file was found to be, for the person importing it to confirm:
/// "OHCHR thematic list, 3rd cycle, 215 recommendations, 12 themes".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileFacts {
    pub format: Format,
    /// The document the recommendations belong to, when one file holds one
    /// (a thematic list: the Working Group's report).
    pub document: Option<String>,
    pub cycle: Option<u32>,
    pub session: Option<u32>,
    pub recommendations: usize,
    /// Theme headings the list is arranged under.
    pub themes: usize,
}
