//! Envelope files read from a folder and opened: each read whole, checked
//! against its name, decrypted, its signature verified and its changes
//! parsed, on every core at once. Nothing here changes the working copy.

use std::sync::atomic::{AtomicUsize, Ordering};

use automerge::Change;
use uuid::Uuid;

use super::Workspace;
use super::sync::{SyncProgress, SyncReport};
use crate::doc::device_key_of;
use crate::error::Result;
use crate::sync::envelope::{self, Envelope, EnvelopeError, Subject};
use crate::sync::folder::{EnvelopeFile, FileProblem, Listing, Read, read_whole};
use crate::sync::keys::{Grant, KeyId, Keyring};

/// A document's envelope, read from the folder and opened.
pub(super) struct Incoming {
    pub name: String,
    pub bytes: Vec<u8>,
    pub env: Envelope,
    pub changes: Readable,
}

/// An envelope's changes, or why they cannot be taken and how many it
/// holds.
pub(super) type Readable = std::result::Result<Vec<Change>, (usize, String)>;

/// What became of one file.
pub(super) enum Opened {
    /// Its contents do not match its name: still being copied, or damaged.
    Mismatch,
    /// Not read, for this reason (too large, not a plain file).
    Unread(String),
    Envelope(Box<Incoming>),
    /// A key granted to devices, signed by `granter`.
    Grant {
        bytes: Vec<u8>,
        granter: String,
        grant: Grant,
    },
    /// Sealed with a key this device does not hold (yet).
    Locked {
        key: KeyId,
        bytes: Vec<u8>,
    },
    /// It cannot be opened as a document's envelope of this workspace.
    Rejected(String),
}

/// The changes of a document's envelope, each of them made by the device
/// that signed it.
pub(super) fn read_changes(env: &Envelope) -> Readable {
    let parts = env.changes().map_err(|e| (0, e.to_string()))?;
    let signer = hex::encode(env.signer);
    let mut changes = Vec::with_capacity(parts.len());
    for part in &parts {
        let Ok(change) = Change::from_bytes(part.to_vec()) else {
            return Err((parts.len(), "a change in it cannot be read".into()));
        };
        let author = device_key_of(change.actor_id()).map(hex::encode);
        if author.as_deref() != Some(signer.as_str()) {
            return Err((
                parts.len(),
                format!(
                    "a change in it was made by another device ({}) than the one that signed it ({})",
                    author.as_deref().map_or("unknown", |a| &a[..12]),
                    &signer[..12]
                ),
            ));
        }
        changes.push(change);
    }
    Ok(changes)
}

fn open_one(file: &EnvelopeFile, ws_id: Uuid, keys: &Keyring) -> Result<Opened> {
    Ok(match read_whole(file)? {
        Read::Whole(bytes) => open_bytes(file.name.clone(), bytes, ws_id, keys),
        Read::Mismatch => Opened::Mismatch,
        Read::Refused(reason) => Opened::Unread(reason),
    })
}

/// Opens an envelope's bytes (read from a folder, or held until its key
/// arrived).
pub(super) fn open_bytes(name: String, bytes: Vec<u8>, ws_id: Uuid, keys: &Keyring) -> Opened {
    match envelope::open(&bytes, ws_id, keys) {
        Ok(env) => match env.subject {
            Subject::Doc(_) => {
                let changes = read_changes(&env);
                Opened::Envelope(Box::new(Incoming {
                    name,
                    bytes,
                    env,
                    changes,
                }))
            }
            Subject::Grant => match Grant::parse(&env.body) {
                Ok(grant) => Opened::Grant {
                    granter: hex::encode(env.signer),
                    bytes,
                    grant,
                },
                Err(reason) => Opened::Rejected(reason.into()),
            },
            Subject::JoinRequest => {
                Opened::Rejected("a join request under an envelope's name".into())
            }
        },
        Err(EnvelopeError::KeyMissing(key)) => Opened::Locked { key, bytes },
        Err(e) => Opened::Rejected(e.to_string()),
    }
}

/// Opens `files`, one per core at a time; `done` hears how many are
/// opened as they are. The answers come in the order of `files`.
pub(super) fn open_all(
    files: &[&EnvelopeFile],
    ws_id: Uuid,
    keys: &Keyring,
    mut done: impl FnMut(usize),
) -> Result<Vec<Opened>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, files.len().max(1));
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..workers {
            let (tx, next) = (tx.clone(), &next);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { return };
                    if tx.send((i, open_one(file, ws_id, keys))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(tx);
        let mut out: Vec<Option<Result<Opened>>> = files.iter().map(|_| None).collect();
        for (n, (i, opened)) in rx.into_iter().enumerate() {
            out[i] = Some(opened);
            done(n + 1);
        }
        out.into_iter()
            .map(|o| o.expect("every file is opened"))
            .collect()
    })
}

/// The files a sync read, opened.
#[derive(Default)]
pub(super) struct ReadFiles {
    pub incoming: Vec<Incoming>,
    /// (name, granter, grant, bytes).
    pub grants: Vec<(String, String, Grant, Vec<u8>)>,
    /// (name, directory, key, bytes).
    pub locked: Vec<(String, String, KeyId, Vec<u8>)>,
    /// (name, directory, reason).
    pub rejects: Vec<(String, String, String)>,
    /// Files not used whose name says nothing of their contents (too large,
    /// not matching their name): remembered by path, size and time, so that
    /// they are not read again until they change. (path, size, modified,
    /// reason).
    pub refused: Vec<(String, u64, i64, String)>,
}

/// Why a file whose contents do not match its name is not used.
const MISMATCH: &str = "its contents do not match its name (still being copied, or damaged); it is read again once it changes";

impl Workspace {
    /// Reads and opens the envelope files this working copy has not seen.
    pub(super) fn read_new(
        &self,
        listing: &Listing,
        ws_id: Uuid,
        keys: &Keyring,
        report: &mut SyncReport,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<ReadFiles> {
        let known = self.store.known_files()?;
        let refused = self.store.refused_files()?;
        let mut todo = Vec::new();
        for f in listing
            .envelopes
            .iter()
            .filter(|f| !known.contains(&f.name))
        {
            let path = f.path.display().to_string();
            match refused.get(&path) {
                Some((len, modified, reason)) if *len == f.len && *modified == f.modified => {
                    report.skipped.push(FileProblem {
                        file: path,
                        reason: format!("{reason} (found at an earlier sync, unchanged since)"),
                    });
                }
                _ => todo.push(f),
            }
        }
        progress(SyncProgress::Reading {
            done: 0,
            total: todo.len(),
        });
        let opened = open_all(&todo, ws_id, keys, |done| {
            progress(SyncProgress::Reading {
                done,
                total: todo.len(),
            })
        })?;
        let mut seen = std::collections::HashSet::new();
        let mut read = ReadFiles::default();
        for (file, opened) in todo.iter().zip(opened) {
            // The same envelope relayed into two places is taken once.
            if seen.contains(&file.name) {
                continue;
            }
            let unread = match &opened {
                Opened::Mismatch => Some(MISMATCH.to_owned()),
                Opened::Unread(reason) => Some(reason.clone()),
                _ => None,
            };
            if let Some(reason) = unread {
                let path = file.path.display().to_string();
                report.skipped.push(FileProblem {
                    file: path.clone(),
                    reason: reason.clone(),
                });
                read.refused.push((path, file.len, file.modified, reason));
                continue;
            }
            seen.insert(file.name.clone());
            report.files_read += 1;
            match opened {
                Opened::Envelope(inc) => read.incoming.push(*inc),
                Opened::Grant {
                    bytes,
                    granter,
                    grant,
                } => read.grants.push((file.name.clone(), granter, grant, bytes)),
                Opened::Locked { key, bytes } => {
                    read.locked
                        .push((file.name.clone(), file.device.clone(), key, bytes))
                }
                Opened::Rejected(reason) => {
                    read.rejects
                        .push((file.name.clone(), file.device.clone(), reason))
                }
                Opened::Mismatch | Opened::Unread(_) => unreachable!("skipped above"),
            }
        }

        for (name, device, reason) in &read.rejects {
            report.rejected.push(FileProblem {
                file: format!("{device}/{name}.env"),
                reason: reason.clone(),
            });
        }
        Ok(read)
    }
}
