//! What leaves the working copy as files: the canonical JSON dump of the
//! shared data (`json`), and four tables for spreadsheets (`tables`)
//! written as CSV files (`csv`) or one Excel workbook (`xlsx`).
//!
//! Every file is written beside its final name and renamed into place, so a
//! crash or a full disk leaves the old file or none, never half of one.

mod csv;
mod json;
mod tables;
mod words;
mod xlsx;

pub use csv::write_csv_dir;
pub use json::{FORMAT, VERSION};
pub use tables::{Cell, Table};
pub use xlsx::write_xlsx;

use crate::error::{Error, Result};

use std::io::Write;
use std::path::Path;

use tempfile::NamedTempFile;

/// Writes `bytes` to `path`, replacing any file there whole, or not at
/// all: any exported or printed file goes through here. The folder must
/// exist.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let io = |e: std::io::Error| Error::export_io(path, &e);
    let mut tmp = temp_beside(dir, path).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    persist(tmp, path).map_err(io)
}

/// A temporary file in `dir`, hidden and named after `target`, so that a
/// leftover from a killed process says what it was.
fn temp_beside(dir: &Path, target: &Path) -> std::io::Result<NamedTempFile> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A temporary file is its owner's alone (0600); an export is an
    // ordinary file to share, so it gets the mode any new file gets (0666
    // less the umask).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(dir)
}

/// Flushes `tmp` to the disk and renames it to `target`. Until the rename,
/// `target` keeps what it held; if anything fails, the temporary file is
/// removed when `tmp` is dropped.
fn persist(mut tmp: NamedTempFile, target: &Path) -> std::io::Result<()> {
    tmp.flush()?;
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(|e| e.error)?;
    // The rename lives in the folder: flushing it too keeps the new name
    // through a power cut. Best effort, as some file systems refuse it and
    // the file itself is safe already.
    #[cfg(unix)]
    if let Some(dir) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}
