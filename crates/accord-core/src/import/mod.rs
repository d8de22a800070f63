//! Importing recommendations from files. The project's own CSV template is
//! documented in docs/import-template.md.

mod template;

pub use template::{COLUMNS, ImportSummary, RowError};
