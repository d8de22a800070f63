//! What the UI receives when a command fails: a stable kind to branch on and
//! a message for people, saying what went wrong and what to do.

use accord_core::problem::Problem;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct UiError {
    pub kind: String,
    /// The core's English words: shown only where the UI has none of its
    /// own for `problem`.
    pub message: String,
    /// For a refused value: the field it was typed into, and what is wrong
    /// with it, which the UI words in its reader's language beside the
    /// field.
    pub field: Option<String>,
    /// Boxed: every command's result carries room for an error.
    pub problem: Option<Box<Problem>>,
}

impl UiError {
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        UiError {
            kind: kind.into(),
            message: message.into(),
            field: None,
            problem: None,
        }
    }

    pub fn no_workspace() -> Self {
        UiError::new(
            "no-workspace",
            "No workspace is open: open the demo, create a workspace or join one first.",
        )
    }
}

impl From<accord_core::Error> for UiError {
    fn from(e: accord_core::Error) -> Self {
        let mut ui = UiError::new(e.kind(), e.to_string());
        if let accord_core::Error::Invalid { field, problem } = e {
            ui.field = Some(field);
            ui.problem = Some(Box::new(problem));
        }
        ui
    }
}

impl From<accord_print::Error> for UiError {
    fn from(e: accord_print::Error) -> Self {
        UiError::new(e.kind(), e.to_string())
    }
}

pub type UiResult<T> = Result<T, UiError>;
