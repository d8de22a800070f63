//! Envelopes kept by their changes. A received change is stored once, in
//! `change`; its envelope keeps only its head and the hashes of its changes,
//! and its file is made again, byte for byte, when a folder lacks it (the
//! same key, nonce and plaintext encrypt to the same bytes; the file's name,
//! the hash of its bytes, proves it).

use automerge::Change;

use super::Workspace;
use crate::error::Result;
use crate::store::KeptFile;
use crate::sync::envelope::{self, Envelope, Subject};
use crate::sync::keys::Keyring;

/// An envelope's file, as a sync is to write it.
pub(super) enum Remade {
    File(Vec<u8>),
    /// Not held (any more).
    Gone,
    /// Kept by its changes, but it cannot be made again: why, in words.
    Unmakeable(String),
}

/// The hashes of an envelope's changes (32 bytes each, in order) when each
/// is stored exactly as the envelope holds it, so that the envelope can be
/// kept by them; None when one is not (another writer's encoding).
pub(super) fn hashes_if_stored_as_is(env: &Envelope, changes: &[Change]) -> Option<Vec<u8>> {
    let parts = env.changes().ok()?;
    if parts.len() != changes.len() {
        return None;
    }
    let mut hashes = Vec::with_capacity(32 * parts.len());
    for (part, change) in parts.iter().zip(changes) {
        if change.raw_bytes() != *part {
            return None;
        }
        hashes.extend_from_slice(&change.hash().0);
    }
    Some(hashes)
}

impl Workspace {
    /// The file of envelope `name`, made again if it is kept by its changes.
    pub(super) fn envelope_file(&self, name: &str, keys: &Keyring) -> Result<Remade> {
        let Some(kept) = self.store.kept_envelope(name)? else {
            return Ok(Remade::Gone);
        };
        let (doc, head, hashes) = match kept {
            KeptFile::Whole(bytes) => return Ok(Remade::File(bytes)),
            KeptFile::Resealable { doc, head, hashes } => (doc, head, hashes),
        };
        let stored = self.store.change_bytes_by_hash(&hashes)?;
        let missing = stored.iter().filter(|b| b.is_none()).count();
        if missing > 0 {
            return Ok(Remade::Unmakeable(format!(
                "{missing} of its {} change(s) are no longer stored here",
                stored.len()
            )));
        }
        let body = envelope::frame_changes(stored.iter().flatten().map(Vec::as_slice));
        match envelope::reseal(&head, &doc, &body, keys) {
            Some(bytes) if envelope::name_of(&bytes) == name => Ok(Remade::File(bytes)),
            Some(_) => Ok(Remade::Unmakeable(
                "a change it holds is stored damaged here (check the working copy)".into(),
            )),
            None => Ok(Remade::Unmakeable(
                "the key it was sealed with is not held here".into(),
            )),
        }
    }

    /// Keeps by their changes the applied envelopes still kept whole whose
    /// changes are all stored as they hold them (envelopes kept before
    /// changes were stored once, and those released from the quarantine).
    /// Returns how many.
    pub(super) fn keep_by_changes(&self) -> Result<usize> {
        let whole = self.store.whole_envelopes(true)?;
        if whole.is_empty() {
            return Ok(0);
        }
        let keys = self.keyring()?;
        let ws_id = self.workspace_id()?;
        let mut done = 0;
        for (name, bytes) in whole {
            let Ok(env) = envelope::open(&bytes, ws_id, &keys) else {
                continue;
            };
            if !matches!(env.subject, Subject::Doc(_)) {
                continue;
            }
            let Ok(parts) = env.changes() else {
                continue;
            };
            let mut hashes = Vec::with_capacity(32 * parts.len());
            for part in &parts {
                let Ok(change) = Change::from_bytes(part.to_vec()) else {
                    break;
                };
                hashes.extend_from_slice(&change.hash().0);
            }
            if hashes.len() != 32 * parts.len() {
                continue;
            }
            let stored = self.store.change_bytes_by_hash(&hashes)?;
            let same = stored
                .iter()
                .zip(&parts)
                .all(|(s, part)| s.as_deref() == Some(*part));
            if same {
                self.store.keep_resealable(&name, &env.head, &hashes)?;
                done += 1;
            }
        }
        Ok(done)
    }
}
