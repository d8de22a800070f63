//! The files of a sync folder: which of them to read, and writing new ones
//! so that no reader ever sees half a file under a final name.
//!
//! Anyone who can reach the folder writes in it. So a sync reads only plain
//! files (never through a link, never a pipe or a device), reads at most
//! what an envelope may hold, and writes only inside the folder: a link
//! where a directory should be is neither followed nor written through, and
//! the only files it removes are its own temporary files.
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

/// An envelope file as listed: whose directory it is in, its name, its size
/// and when it was last changed (ms since the epoch).
#[derive(Debug, Clone)]
pub struct EnvelopeFile {
    pub device: String,
    pub name: String,
    pub path: PathBuf,
    pub len: u64,
    pub modified: i64,
}

/// What reading an envelope file gave.
pub enum Read {
    /// Its bytes, which hash to its name.
    Whole(Vec<u8>),
    /// Its bytes do not hash to its name: still being copied, or damaged.
    Mismatch,
    /// It is not read, for this reason (too large, not a plain file).
    Refused(String),
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

/// Whether `name` is one of Accord's own temporary files: `.<file>.<16
/// hex>.tmp`, where `<file>` is an envelope's or a join request's name.
fn is_own_temporary(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    let Some((file, random)) = inner.rsplit_once('.') else {
        return false;
    };
    is_hex(random, 16)
        && (file == JOIN_REQUEST_FILE
            || file
                .strip_suffix(".env")
                .is_some_and(|stem| is_hex(stem, 64)))
}

/// Milliseconds since the epoch of a file's last change, 0 if unknown.
fn modified_ms(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_millis() as i64)
}

/// Refuses a path inside the folder that is a link: Accord neither follows
/// nor writes through one.
fn refuse_link(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::invalid(
            "folder",
            format!(
                "{} is a link to somewhere else; Accord reads and writes only inside the sync folder: remove the link and sync again",
                path.display()
            ),
        )),
        _ => Ok(()),
    }
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
        let accord = folder.join("accord");
        let ours = accord.join(workspace.to_string());
        let devices = ours.join("devices");
        for dir in [&accord, &ours, &devices] {
            refuse_link(dir)?;
        }
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

    /// The directory that holds every device's directory.
    pub fn devices_dir(&self) -> &Path {
        &self.devices
    }

    pub fn device_dir(&self, device: &str) -> PathBuf {
        self.devices.join(device)
    }

    /// Whether `device`'s directory can be written into: absent (it will be
    /// made) or a directory, not a link or a file put in its place.
    pub fn writable(&self, device: &str) -> bool {
        match std::fs::symlink_metadata(self.device_dir(device)) {
            Ok(m) => m.file_type().is_dir(),
            Err(_) => true,
        }
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
            // The entry's own type: a link is not followed.
            let kind = entry.file_type().ok();
            if kind.is_some_and(|k| k.is_symlink()) {
                listing.skipped.push(FileProblem {
                    file: path.display().to_string(),
                    reason: "a link, not followed".into(),
                });
                continue;
            }
            if !is_hex(&name, 64) || !kind.is_some_and(|k| k.is_dir()) {
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
                let kind = file.file_type().ok();
                if file_name.starts_with('.') || file_name.ends_with(".tmp") {
                    // Being written (by Accord or by a sync engine): read
                    // when it has its final name. Only Accord's own, left
                    // by a writer that stopped, are ever removed.
                    let old = file
                        .metadata()
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age > STALE_AFTER);
                    if old && kind.is_some_and(|k| k.is_file()) && is_own_temporary(&file_name) {
                        listing.stale.push(file_path);
                    }
                    continue;
                }
                let reason = if !kind.is_some_and(|k| k.is_file()) {
                    Some("not a plain file (a link, a pipe, a device or a directory): not read")
                } else if file_name.contains(".sync-conflict-") {
                    Some("a sync engine's conflict copy; the original is read")
                } else if file_name == JOIN_REQUEST_FILE {
                    listing
                        .join_requests
                        .insert(name.clone(), file_path.clone());
                    None
                } else if let Some(stem) = file_name.strip_suffix(".env")
                    && is_hex(stem, 64)
                {
                    let meta = file.metadata().ok();
                    listing.envelopes.push(EnvelopeFile {
                        device: name.clone(),
                        name: stem.to_owned(),
                        path: file_path.clone(),
                        len: meta.as_ref().map_or(0, |m| m.len()),
                        modified: meta.as_ref().map_or(0, modified_ms),
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
        refuse_link(&dir)?;
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

/// Opens a file to read only if it is a plain file: never through a link,
/// never a pipe (which would wait for a writer) or a device. Ok(None) for
/// anything else.
pub fn open_plain(path: &Path) -> std::io::Result<Option<std::fs::File>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        // O_NOFOLLOW refuses a link with ELOOP.
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(file.metadata()?.file_type().is_file().then_some(file))
}

/// Reads at most `limit` bytes of a plain file: None when it holds more,
/// is not a plain file, or is gone.
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let Some(file) = open_plain(path)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Sizes in words: "2.1 GB", "300 MB", "12 kB".
fn size_words(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{:.1} GB", b as f64 / 1e9),
        b if b >= 1_000_000 => format!("{} MB", b / 1_000_000),
        b => format!("{} kB", b.div_ceil(1000)),
    }
}

/// Reads an envelope file: its bytes if they hash to its name.
pub fn read_whole(file: &EnvelopeFile) -> Result<Read> {
    let too_large = |len: u64| {
        Read::Refused(format!(
            "it is {}, more than the {} an envelope may hold",
            size_words(len),
            size_words(MAX_BYTES as u64)
        ))
    };
    if file.len > MAX_BYTES as u64 {
        return Ok(too_large(file.len));
    }
    let context = || format!("cannot read {}", file.path.display());
    let Some(handle) = open_plain(&file.path).map_err(|e| Error::io(context(), e))? else {
        return Ok(Read::Refused(
            "not a plain file (a link, a pipe or a device): not read".into(),
        ));
    };
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(handle, MAX_BYTES as u64 + 1),
        &mut bytes,
    )
    .map_err(|e| Error::io(context(), e))?;
    if bytes.len() > MAX_BYTES {
        return Ok(too_large(bytes.len() as u64));
    }
    Ok(if name_of(&bytes) == file.name {
        Read::Whole(bytes)
    } else {
        Read::Mismatch
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_accords_own_temporary_files_are_its_own() {
        let env = format!(".{}.env.0123456789abcdef.tmp", "a".repeat(64));
        assert!(is_own_temporary(&env));
        assert!(is_own_temporary(".join-request.env.0123456789abcdef.tmp"));
        for other in [
            ".syncthing.notes.txt.tmp",
            ".join-request.env.tmp",
            &format!(".{}.env.xyz.tmp", "a".repeat(64)),
            "notes.tmp",
            ".tmp",
        ] {
            assert!(!is_own_temporary(other), "{other}");
        }
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_words(2_147_483_648), "2.1 GB");
        assert_eq!(size_words(268_435_456), "268 MB");
        assert_eq!(size_words(1), "1 kB");
    }
}
