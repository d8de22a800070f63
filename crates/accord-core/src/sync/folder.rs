//! The files of a sync folder: which of them to read, and writing new ones
//! so that no reader ever sees half a file under a final name.
//!
//! ```text
//! <folder>/accord/<workspace-id>/devices/<device-key>/<sha256>.env
//! <folder>/accord/<workspace-id>/devices/<device-key>/join-request.env
//! ```

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use uuid::Uuid;

use super::envelope::{MAX_BYTES, name_of};
use crate::error::{Error, Result};

/// The file in which a new device asks to be admitted.
pub const JOIN_REQUEST_FILE: &str = "join-request.env";

/// A file that was not used, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FileProblem {
    pub file: String,
    pub reason: String,
}

/// An envelope file as listed: whose directory it is in, its name, its size.
#[derive(Debug, Clone)]
pub struct EnvelopeFile {
    pub device: String,
    pub name: String,
    pub path: PathBuf,
    pub len: u64,
}

/// What a folder holds for one workspace.
#[derive(Debug, Default)]
pub struct Listing {
    pub envelopes: Vec<EnvelopeFile>,
    /// Device key → path of its join request.
    pub join_requests: HashMap<String, PathBuf>,
    /// Files that are not read: temporary, conflict copies, foreign.
    pub skipped: Vec<FileProblem>,
    /// Temporary files older than an hour: left by a writer that stopped.
    pub stale: Vec<PathBuf>,
}

/// A temporary file this old is no longer being written.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

impl Listing {
    /// (device, name) → size of each envelope file present.
    pub fn present(&self) -> HashMap<(&str, &str), u64> {
        self.envelopes
            .iter()
            .map(|f| ((f.device.as_str(), f.name.as_str()), f.len))
            .collect()
    }
}

/// A workspace's directory in a sync folder.
pub struct Folder {
    devices: PathBuf,
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Folder {
    /// The workspace's directory in `folder`, created if missing. The folder
    /// itself must exist: a stick that is not plugged in is not created as
    /// an empty directory on the computer.
    pub fn open(folder: &Path, workspace: Uuid) -> Result<Folder> {
        let meta = std::fs::metadata(folder).map_err(|e| {
            Error::io(
                format!(
                    "cannot use the sync folder {}: check the path, or that the stick or network share is connected",
                    folder.display()
                ),
                e,
            )
        })?;
        if !meta.is_dir() {
            return Err(Error::invalid(
                "folder",
                format!("{} is a file, not a folder", folder.display()),
            ));
        }
        let devices = folder
            .join("accord")
            .join(workspace.to_string())
            .join("devices");
        std::fs::create_dir_all(&devices).map_err(|e| {
            Error::io(
                format!(
                    "cannot create {} (is the folder read-only or full?)",
                    devices.display()
                ),
                e,
            )
        })?;
        Ok(Folder { devices })
    }

    pub fn device_dir(&self, device: &str) -> PathBuf {
        self.devices.join(device)
    }

    /// Lists the files of every device directory. A directory that cannot
    /// be read (a stick pulled out) is an error: the sync stops before it
    /// applies anything.
    pub fn list(&self) -> Result<Listing> {
        let mut listing = Listing::default();
        let read = |dir: &Path| {
            std::fs::read_dir(dir)
                .map_err(|e| Error::io(format!("cannot read the folder {}", dir.display()), e))
        };
        for entry in read(&self.devices)? {
            let entry = entry
                .map_err(|e| Error::io(format!("cannot read {}", self.devices.display()), e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if !is_hex(&name, 64) || !path.is_dir() {
                if !name.starts_with('.') {
                    listing.skipped.push(FileProblem {
                        file: path.display().to_string(),
                        reason: "not a device's directory".into(),
                    });
                }
                continue;
            }
            for file in read(&path)? {
                let file =
                    file.map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
                let file_name = file.file_name().to_string_lossy().into_owned();
                let file_path = file.path();
                if file_name.starts_with('.') || file_name.ends_with(".tmp") {
                    // Being written (by Accord or by a sync engine): read
                    // when it has its final name.
                    let old = file
                        .metadata()
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age > STALE_AFTER);
                    if old && file_name.starts_with('.') && file_name.ends_with(".tmp") {
                        listing.stale.push(file_path);
                    }
                    continue;
                }
                let reason = if file_name.contains(".sync-conflict-") {
                    Some("a sync engine's conflict copy; the original is read")
                } else if file_name == JOIN_REQUEST_FILE {
                    listing
                        .join_requests
                        .insert(name.clone(), file_path.clone());
                    None
                } else if let Some(stem) = file_name.strip_suffix(".env")
                    && is_hex(stem, 64)
                {
                    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
                    listing.envelopes.push(EnvelopeFile {
                        device: name.clone(),
                        name: stem.to_owned(),
                        path: file_path.clone(),
                        len,
                    });
                    None
                } else {
                    Some("not an Accord file")
                };
                if let Some(reason) = reason {
                    listing.skipped.push(FileProblem {
                        file: file_path.display().to_string(),
                        reason: reason.into(),
                    });
                }
            }
        }
        listing
            .envelopes
            .sort_by(|a, b| (&a.device, &a.name).cmp(&(&b.device, &b.name)));
        Ok(listing)
    }

    /// Writes `bytes` as `<device>/<file>`: to a temporary name first,
    /// synced to the disk, then renamed, so that the final name only ever
    /// holds whole files. An existing file of that name is replaced (for
    /// envelopes, by the same bytes).
    pub fn write(&self, device: &str, file: &str, bytes: &[u8]) -> Result<()> {
        let dir = self.device_dir(device);
        let context = || {
            format!(
                "cannot write {} in {} (is the folder full, read-only or disconnected?)",
                file,
                dir.display()
            )
        };
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(context(), e))?;
        let mut random = [0u8; 8];
        getrandom::fill(&mut random).expect("the operating system's random source failed");
        let tmp = dir.join(format!(".{file}.{}.tmp", hex::encode(random)));
        let result = (|| {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            drop(f);
            std::fs::rename(&tmp, dir.join(file))?;
            // The rename itself reaches the disk with the directory.
            if let Ok(d) = std::fs::File::open(&dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(|e| Error::io(context(), e))
    }
}

/// Reads an envelope file: its bytes if they hash to its name, None if they
/// do not (still being copied, or damaged: tried again next time).
pub fn read_whole(file: &EnvelopeFile) -> Result<Option<Vec<u8>>> {
    if file.len > MAX_BYTES as u64 {
        return Ok(None);
    }
    let bytes = std::fs::read(&file.path)
        .map_err(|e| Error::io(format!("cannot read {}", file.path.display()), e))?;
    Ok((name_of(&bytes) == file.name).then_some(bytes))
}
