//! The one error type of the core. Every variant says what went wrong in words
//! a user can act on; `kind()` is the stable tag the CLI and the desktop shell
//! hand on (the UI receives `{kind, message}`).

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value a user typed does not fit the field.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },

    /// A record, code or file that does not exist.
    #[error("{what} not found: {key}")]
    NotFound { what: &'static str, key: String },

    /// A short reference that matches several records.
    #[error("'{key}' matches several records ({candidates}); give more of the id")]
    Ambiguous { key: String, candidates: String },

    /// This device's organisation may not write the document.
    #[error("{0}")]
    Forbidden(String),

    /// The workspace folder holds no working copy yet.
    #[error(
        "no workspace at {0}: run `accord init` to create one or `accord demo` for the demo workspace"
    )]
    NoWorkspace(PathBuf),

    /// A working copy already exists where a new one was asked for.
    #[error("a workspace already exists at {0}; choose another --workspace or remove it first")]
    WorkspaceExists(PathBuf),

    /// The database was written by a newer Accord.
    #[error(
        "the working copy at {path} was written by a newer version of Accord (schema {found}, this one knows up to {known}); update Accord"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    /// The file is not an Accord working copy, or it is damaged.
    #[error("{path} is not a readable Accord working copy: {reason}")]
    Corrupt { path: PathBuf, reason: String },

    /// A document's changes could not be loaded or applied.
    #[error("document {doc}: {reason}")]
    Document { doc: String, reason: String },

    /// An import file with row-level problems; nothing was imported.
    #[error("{path}: {count} problem(s), nothing imported:\n{details}")]
    Import {
        path: String,
        count: usize,
        details: String,
    },

    #[error("{}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// The stable, machine-readable tag of the error.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not-found",
            Error::Ambiguous { .. } => "ambiguous",
            Error::Forbidden(_) => "forbidden",
            Error::NoWorkspace(_) => "no-workspace",
            Error::WorkspaceExists(_) => "workspace-exists",
            Error::TooNew { .. } => "too-new",
            Error::Corrupt { .. } => "corrupt",
            Error::Document { .. } => "document",
            Error::Import { .. } => "import",
            Error::Sqlite(_) => "database",
            Error::Io { .. } => "io",
        }
    }

    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    pub(crate) fn doc(doc: impl ToString, reason: impl ToString) -> Self {
        Error::Document {
            doc: doc.to_string(),
            reason: reason.to_string(),
        }
    }
}

/// SQLite's words, with what to do where there is something to do.
fn sqlite_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode::*;
    match e.sqlite_error_code() {
        Some(DatabaseBusy | DatabaseLocked) => {
            "the working copy is busy: another Accord process kept it for 30 seconds; try again when it has finished".into()
        }
        Some(DiskFull) => "the disk is full: nothing was saved; free some space and try again".into(),
        Some(ReadOnly | PermissionDenied | CannotOpen) => format!(
            "the working copy cannot be written ({e}); check the folder's permissions and free space"
        ),
        Some(DatabaseCorrupt | NotADatabase) => {
            format!("the working copy is damaged ({e}); restore it from a backup")
        }
        _ => format!("database: {e}"),
    }
}

impl From<automerge::AutomergeError> for Error {
    fn from(e: automerge::AutomergeError) -> Self {
        Error::doc("automerge", e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_errors_say_what_to_do() {
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        assert!(Error::from(busy).to_string().contains("try again"));
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        assert!(Error::from(full).to_string().contains("free some space"));
    }
}
