//! The one error type of the core. Every variant says what went wrong in words
//! a user can act on; `kind()` is the stable tag the CLI and the desktop shell
//! hand on (the UI receives `{kind, message}`).

use std::path::{Path, PathBuf};

pub use crate::problem::{HiddenChar, Problem};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value a user typed does not fit the field.
    #[error("{field}: {problem}")]
    Invalid { field: String, problem: Problem },

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
    #[error("no workspace at {}", .0.display())]
    NoWorkspace(PathBuf),

    /// A working copy already exists where a new one was asked for.
    #[error("a workspace already exists at {}", .0.display())]
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
        /// How many of the problems are labels the vocabularies lack.
        unknown_labels: usize,
    },

    /// An import that stopped part way: the batches before the failure are
    /// written, and importing the same file again writes only the rest.
    #[error(
        "{path}: {written} of {total} recommendations were written before this stopped it: {reason}. Nothing written is lost; import the same file again to write the rest"
    )]
    ImportCutShort {
        path: String,
        written: usize,
        total: usize,
        reason: String,
    },

    /// An export file or folder could not be written; whatever the name
    /// held before is untouched.
    #[error("cannot write {}: {reason}", path.display())]
    Export { path: PathBuf, reason: String },

    /// The tables do not fit an Excel workbook (or the writer refused them).
    #[error("cannot make the workbook {}: {reason}", path.display())]
    Workbook { path: PathBuf, reason: String },

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
            Error::Import { .. } | Error::ImportCutShort { .. } => "import",
            Error::Export { .. } | Error::Workbook { .. } => "export",
            Error::Sqlite(_) => "database",
            Error::Io { .. } => "io",
        }
    }

    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            problem: Problem::Other {
                message: message.into(),
            },
        }
    }

    pub(crate) fn problem(field: impl Into<String>, problem: Problem) -> Self {
        Error::Invalid {
            field: field.into(),
            problem,
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    /// A file system failure while exporting to `path`, with what to do.
    pub(crate) fn export_io(path: &Path, e: &std::io::Error) -> Self {
        use std::io::ErrorKind::*;
        let advice = match e.kind() {
            NotFound => "its folder does not exist; create it first or choose another place",
            NotADirectory | AlreadyExists => {
                "a file stands where a folder is needed; choose another place"
            }
            IsADirectory => "a folder has that name; choose a file name",
            PermissionDenied | ReadOnlyFilesystem => {
                "this place cannot be written; choose a folder you can write to"
            }
            StorageFull | QuotaExceeded => "the disk is full; free some space and try again",
            _ => "check that the folder can be written and the disk has space",
        };
        Error::Export {
            path: path.to_path_buf(),
            reason: format!("{}; {advice}", os_words(e)),
        }
    }

    /// A CSV writer's failure: in practice a file system one.
    pub(crate) fn export_csv(path: &Path, e: csv::Error) -> Self {
        let reason = e.to_string();
        match e.into_kind() {
            csv::ErrorKind::Io(io) => Error::export_io(path, &io),
            _ => Error::Export {
                path: path.to_path_buf(),
                reason,
            },
        }
    }

    /// The workbook writer's failure, with what to do.
    pub(crate) fn workbook(path: &Path, e: rust_xlsxwriter::XlsxError) -> Self {
        use rust_xlsxwriter::XlsxError as X;
        let reason = match e {
            X::IoError(io) => return Error::export_io(path, &io),
            X::RowColumnLimitError => "a table has more rows or columns than Excel allows \
                (1,048,576 rows, 16,384 columns); export to CSV instead"
                .to_owned(),
            other => format!("{other}; export to CSV instead"),
        };
        Error::Workbook {
            path: path.to_path_buf(),
            reason,
        }
    }

    pub(crate) fn doc(doc: impl ToString, reason: impl ToString) -> Self {
        Error::Document {
            doc: doc.to_string(),
            reason: reason.to_string(),
        }
    }
}

/// The system's words for an I/O failure, without the name of the
/// temporary file that the tempfile crate adds ("... at path ..."): it is
/// gone by the time anyone reads the message, and the path that matters is
/// named already.
fn os_words(e: &std::io::Error) -> String {
    let words = e.to_string();
    match words.split_once(" at path \"") {
        Some((os, _)) => os.to_owned(),
        None => words,
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

    #[test]
    fn export_errors_name_the_path_and_what_to_do() {
        let path = Path::new("/media/stick/tracker.xlsx");
        let full = std::io::Error::from(std::io::ErrorKind::StorageFull);
        let e = Error::export_io(path, &full);
        assert_eq!(e.kind(), "export");
        assert!(
            e.to_string()
                .starts_with("cannot write /media/stick/tracker.xlsx: ")
        );
        assert!(
            e.to_string().ends_with("free some space and try again"),
            "{e}"
        );
        let too_big = Error::workbook(path, rust_xlsxwriter::XlsxError::RowColumnLimitError);
        assert!(
            too_big.to_string().contains("export to CSV instead"),
            "{too_big}"
        );
        // The temporary file's name that tempfile adds is left out.
        let wrapped = std::io::Error::other("No such file (os error 2) at path \"/x/.t.tmp\"");
        assert!(
            !Error::export_io(path, &wrapped)
                .to_string()
                .contains(".t.tmp")
        );
    }
}
