//! Importing recommendations from files. The project's own CSV template is
//! documented in docs/import-template.md; OHCHR's thematic lists are read
//! from their Word tables (`thematic_list`, over `docx`).

pub mod docx;
mod template;
pub mod thematic_list;

pub use template::{COLUMNS, ImportSummary, RowError};
