//! What the UI receives when a command fails: a stable kind to branch on and
//! a message for people, saying what went wrong and what to do.

use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct UiError {
    pub kind: String,
    pub message: String,
}

impl UiError {
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        UiError {
            kind: kind.into(),
            message: message.into(),
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
        UiError::new(e.kind(), e.to_string())
    }
}

impl From<accord_print::Error> for UiError {
    fn from(e: accord_print::Error) -> Self {
        UiError::new(e.kind(), e.to_string())
    }
}

pub type UiResult<T> = Result<T, UiError>;
