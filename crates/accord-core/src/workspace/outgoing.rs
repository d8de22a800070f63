//! What a sync sends: this device's new changes sealed into envelopes,
//! and every envelope the folder lacks written into it.

use std::collections::BTreeMap;

use ed25519_dalek::SigningKey;
use uuid::Uuid;

use super::kept::Remade;
use super::sync::{ENVELOPE_CHANGES_MAX, SyncProgress, SyncReport};
use super::{Workspace, now_ms};
use crate::doc::DocId;
use crate::error::{Error, Result};
use crate::identity::WorkspaceKey;
use crate::model::Device;
use crate::store::Kept;
use crate::sync::envelope::{self, Subject};
use crate::sync::folder::{Folder, JOIN_REQUEST_FILE, Listing};
use crate::sync::keys::Scope;

/// A change to seal: where it is kept, its hash and its bytes.
type ToSeal = (Stored, Vec<u8>, Vec<u8>);

/// Where a change to seal is kept.
enum Stored {
    /// In `change`, by its storage sequence number.
    Counts(i64),
    /// Held out by a revocation (`excluded_change`), by its hash.
    HeldOut(Vec<u8>),
}

impl Workspace {
    /// Seals `identity`'s changes that are in no envelope yet, one document
    /// at a time, each with the key its scope writes with now (see `keys`),
    /// or with `workspace_key` for the workspace's documents when given.
    /// Returns the number of envelopes sealed.
    pub(crate) fn seal_pending(
        &mut self,
        identity: &SigningKey,
        ws_id: Uuid,
        workspace_key: Option<[u8; 32]>,
    ) -> Result<usize> {
        let signer = hex::encode(identity.verifying_key().to_bytes());
        let mut by_doc: BTreeMap<String, Vec<ToSeal>> = BTreeMap::new();
        for (seq, hash, doc, bytes) in self.store.unsealed_changes(&signer)? {
            by_doc
                .entry(doc)
                .or_default()
                .push((Stored::Counts(seq), hash, bytes));
        }
        for (hash, doc, bytes) in self.store.unsealed_excluded(&signer)? {
            by_doc
                .entry(doc)
                .or_default()
                .push((Stored::HeldOut(hash.clone()), hash, bytes));
        }
        let now = now_ms();
        let mut sealed = 0;
        for (doc_name, changes) in by_doc {
            let doc: DocId = doc_name.parse()?;
            let scope = Self::scope_of(doc);
            let key = match (scope, workspace_key) {
                (Scope::Workspace, Some(k)) => k,
                _ => self.write_key(scope, ws_id)?,
            };
            let mut start = 0;
            while start < changes.len() {
                let mut end = start;
                let mut size = 0;
                while end < changes.len()
                    && (end == start || size + changes[end].2.len() <= ENVELOPE_CHANGES_MAX)
                {
                    size += changes[end].2.len();
                    end += 1;
                }
                let chunk = &changes[start..end];
                let body = envelope::frame_changes(chunk.iter().map(|(_, _, b)| b.as_slice()));
                let (bytes, head) =
                    envelope::seal_with_head(ws_id, Subject::Doc(doc), &body, identity, &key);
                let name = envelope::name_of(&bytes);
                // Kept by its changes, which are stored already.
                let hashes: Vec<u8> = chunk
                    .iter()
                    .flat_map(|(_, h, _)| h.iter().copied())
                    .collect();
                self.store.put_envelope(
                    &name,
                    &signer,
                    &doc_name,
                    None,
                    chunk.len(),
                    now,
                    Kept::Resealable {
                        size: bytes.len(),
                        head: &head,
                        hashes: &hashes,
                    },
                )?;
                let mut seqs = Vec::new();
                let mut held_out = Vec::new();
                for (stored, _, _) in chunk {
                    match stored {
                        Stored::Counts(seq) => seqs.push(*seq),
                        Stored::HeldOut(hash) => held_out.push(hash.clone()),
                    }
                }
                self.store.mark_sealed(&seqs, &name)?;
                self.store.mark_excluded_sealed(&held_out, &name)?;
                sealed += 1;
                start = end;
            }
        }
        Ok(sealed)
    }

    /// Seals the unsealed changes of other devices whose keys a tool holds
    /// for a moment (the demo, benchmarks lay out a whole workspace).
    #[doc(hidden)]
    pub fn seal_for(&mut self, signers: &[SigningKey]) -> Result<usize> {
        let key = *self.workspace_key()?.bytes();
        let ws_id = self.workspace_id()?;
        self.transaction(|ws| {
            let mut n = 0;
            for s in signers {
                n += ws.seal_pending(s, ws_id, Some(key))?;
            }
            Ok(n)
        })
    }

    /// Writes every envelope held that the folder lacks (or holds cut
    /// short), and this device's join request while it waits.
    pub(super) fn write_missing(
        &self,
        target: &Folder,
        listing: &Listing,
        ws_id: Uuid,
        key: &WorkspaceKey,
        report: &mut SyncReport,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<()> {
        // Temporary files left by a sync that was stopped while writing.
        for stale in &listing.stale {
            let _ = std::fs::remove_file(stale);
        }
        let present = listing.present();
        let missing: Vec<(String, String)> = self
            .store
            .envelope_names()?
            .into_iter()
            .filter(|(signer, name, len)| {
                present.get(&(signer.as_str(), name.as_str())) != Some(len)
            })
            .map(|(signer, name, _)| (signer, name))
            .collect();
        let keys = self.keyring()?;
        let mut failed: Option<Error> = None;
        // A link (or a file) put where a device's directory should be is
        // not written through: reported once, whatever it holds back.
        let mut not_writable: std::collections::BTreeSet<&str> = Default::default();
        for (i, (signer, name)) in missing.iter().enumerate() {
            progress(SyncProgress::Writing {
                done: i,
                total: missing.len(),
            });
            if !target.writable(signer) {
                not_writable.insert(signer);
                continue;
            }
            let bytes = match self.envelope_file(name, &keys)? {
                Remade::File(bytes) => bytes,
                Remade::Gone => continue,
                Remade::Unmakeable(reason) => {
                    report.skipped.push(crate::sync::folder::FileProblem {
                        file: target
                            .device_dir(signer)
                            .join(format!("{name}.env"))
                            .display()
                            .to_string(),
                        reason: format!("not written: {reason}"),
                    });
                    continue;
                }
            };
            if let Err(e) = target.write(signer, &format!("{name}.env"), &bytes) {
                failed = Some(e);
                break;
            }
            report.files_written += 1;
        }
        progress(SyncProgress::Writing {
            done: report.files_written,
            total: missing.len(),
        });
        for signer in not_writable {
            report.skipped.push(crate::sync::folder::FileProblem {
                file: target.device_dir(signer).display().to_string(),
                reason:
                    "not a directory (a link or a file in its place): nothing is written into it"
                        .into(),
            });
        }
        // Others' join requests travel on until their device is admitted.
        if failed.is_none() {
            for (device, bytes) in self.store.join_requests()? {
                if listing.join_requests.contains_key(&device)
                    || !self
                        .store
                        .select::<Device>("key = ?1", &[&device])?
                        .is_empty()
                    || !target.writable(&device)
                {
                    continue;
                }
                match target.write(&device, JOIN_REQUEST_FILE, &bytes) {
                    Ok(()) => report.files_written += 1,
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
        }
        if failed.is_none()
            && let Some(request) = self.pending_join()?
        {
            let me = self.identity.public_hex();
            if !listing.join_requests.contains_key(&me) {
                let body = serde_json::to_vec(&request).expect("a join request serialises");
                let bytes = envelope::seal(
                    ws_id,
                    Subject::JoinRequest,
                    &body,
                    self.identity.signing_key(),
                    key.bytes(),
                );
                match target.write(&me, JOIN_REQUEST_FILE, &bytes) {
                    Ok(()) => report.files_written += 1,
                    Err(e) => failed = Some(e),
                }
            }
        }
        match failed {
            None => Ok(()),
            Some(Error::Io { context, source }) => Err(Error::Io {
                context: format!(
                    "the working copy took in what the folder held ({} change(s) applied), but {} file(s) could not be written to the folder; nothing is lost, sync again when it has room or is connected again. {context}",
                    report.changes_applied,
                    missing.len().saturating_sub(report.files_written).max(1),
                ),
                source,
            }),
            Some(other) => Err(other),
        }
    }

    /// Folders synced with and when (ms since the epoch), the latest first.
    pub fn synced_folders(&self) -> Result<Vec<(String, i64)>> {
        self.store.synced_folders()
    }
}
