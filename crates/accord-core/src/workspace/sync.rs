//! Syncing with a folder: read what other devices wrote, check it, apply it;
//! seal this device's new changes; write what the folder lacks.
//!
//! Applying is one SQLite transaction: a sync stopped at any point (killed,
//! disk full, stick pulled out) leaves the working copy as it was or fully
//! updated. Writing comes after it and only ever adds whole files, so a
//! sync stopped while writing is completed by the next one.

use std::collections::BTreeMap;
use std::path::Path;

use automerge::{Change, ChangeHash, ReadDoc};
use serde::Serialize;
use uuid::Uuid;

use super::incoming::{Incoming, Readable};
use super::records::DocRecords;
use super::revocation::Verdict;
use super::{Workspace, now_ms};
use crate::doc::DocId;
use crate::error::{Error, Result};
use crate::identity::WorkspaceKey;
use crate::store::{DEPENDS, Kept};
use crate::sync::envelope::Subject;
use crate::sync::folder::{FileProblem, Folder};
use crate::sync::invite::JoinRequest;

pub(super) const WORKSPACE_KEY_FILE: &str = "workspace.key";
/// An envelope holds at most this many bytes of changes: a large import is
/// split over several, each read in one go.
pub(super) const ENVELOPE_CHANGES_MAX: usize = 8 * 1024 * 1024;

/// Where a sync is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "phase", rename_all = "kebab-case")]
pub enum SyncProgress {
    Reading { done: usize, total: usize },
    Applying { done: usize, total: usize },
    Writing { done: usize, total: usize },
}

/// An envelope held back, and why.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct QuarantineNote {
    pub file: String,
    pub device: String,
    pub doc: String,
    pub reason: String,
}

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncReport {
    pub folder: String,
    /// Envelope files read (new to this working copy).
    pub files_read: usize,
    pub envelopes_applied: usize,
    pub changes_applied: usize,
    /// Envelopes put in quarantine by this sync, with their reasons.
    pub quarantined: Vec<QuarantineNote>,
    /// Envelopes from the quarantine applied now (their device was admitted).
    pub released: usize,
    /// Changes held out of the documents at the end of this sync: made by a
    /// revoked device beyond what its revocation accepted, or built on one.
    pub held_out: usize,
    /// Files that can never be used (not decryptable, badly signed...).
    pub rejected: Vec<FileProblem>,
    /// Files not read this time (incomplete, foreign, conflict copies).
    pub skipped: Vec<FileProblem>,
    /// Devices this coordinator admitted from their join requests.
    pub admitted: Vec<String>,
    /// Keys passed on to devices that lacked them.
    pub grants: usize,
    /// Envelopes held that this device cannot open: sealed with a key it
    /// does not hold (another organisation's, or made after it was
    /// revoked). They are relayed all the same.
    pub locked: usize,
    /// Envelopes sealed from this device's new changes.
    pub sealed: usize,
    pub files_written: usize,
    /// Still waiting for a coordinator to admit this device.
    pub waiting_for_admission: bool,
}

/// Whether an envelope was applied, or why not.
pub(super) enum Taken {
    Applied { new: usize },
    Refused(String),
}

/// What one sync brought to a document: its heads before the first of it
/// was stored, and the changes stored since, in order. A document that
/// held nothing before needs no search for what got applied: when nothing
/// waits for a dependency, it is exactly these changes.
pub(super) struct Arrivals {
    before: Vec<ChangeHash>,
    was_empty: bool,
    changes: Vec<Change>,
    /// The storage sequence number of the last of `changes`.
    last_seq: i64,
}

impl Arrivals {
    /// Puts the changes into the document in memory, in one call (Automerge
    /// orders them once), rather than reading them back from the store and
    /// parsing them again.
    fn apply_to(&self, doc: &mut crate::doc::Document) -> Result<()> {
        if self.changes.is_empty() {
            return Ok(());
        }
        doc.apply_changes(self.changes.iter().cloned())
    }
}

pub(super) type Pending = BTreeMap<DocId, Arrivals>;

/// A document on its way through the core that applies changes.
struct Applying {
    id: DocId,
    doc: crate::doc::Document,
    upto: i64,
    arrivals: Arrivals,
    read: Option<DocRecords>,
}

impl Workspace {
    /// The workspace's id, as the folder layout names it.
    pub fn workspace_id(&self) -> Result<Uuid> {
        if let Some(id) = self.store.local_get("workspace")? {
            return id.parse().map_err(|_| Error::Corrupt {
                path: self.dir.clone(),
                reason: "the workspace id is damaged".into(),
            });
        }
        self.store
            .all::<crate::model::WorkspaceInfo>()?
            .into_iter()
            .next()
            .map(|w| w.id)
            .ok_or_else(|| Error::Document {
                doc: "roster".into(),
                reason: "it names no workspace".into(),
            })
    }

    pub(super) fn workspace_key(&self) -> Result<WorkspaceKey> {
        WorkspaceKey::load(&self.dir.join(WORKSPACE_KEY_FILE))
    }

    /// This device's join request, while no coordinator has admitted it.
    pub fn pending_join(&self) -> Result<Option<JoinRequest>> {
        if self.standing()? != super::Standing::WaitingForAdmission {
            return Ok(None);
        }
        let Some(json) = self.store.local_get("join")? else {
            return Ok(None);
        };
        serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| Error::Corrupt {
                path: self.dir.clone(),
                reason: format!("the join request is damaged: {e}"),
            })
    }

    /// Syncs with `folder`; `progress` hears where it is.
    pub fn sync_folder(
        &mut self,
        folder: &Path,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<SyncReport> {
        let ws_id = self.workspace_id()?;
        let key = self.workspace_key()?;
        let target = Folder::open(folder, ws_id)?;
        let mut report = SyncReport {
            folder: folder.display().to_string(),
            ..Default::default()
        };

        // Reading and opening happen before the working copy is locked:
        // other processes keep working meanwhile.
        let listing = target.list()?;
        report.skipped = listing.skipped.clone();
        let keys = self.keyring()?;
        let read = self.read_new(&listing, ws_id, &keys, &mut report, progress)?;
        let requests = self.read_join_requests(&listing, ws_id, &key, &mut report)?;

        self.store.hold_checkpoints()?;
        let applied = self.transaction(|ws| {
            let incoming = ws.take_keys(read, ws_id, &mut report)?;
            ws.apply_incoming(incoming, requests, &mut report, progress)?;
            report.grants = ws.grant_missing(ws_id)?;
            let signer = ws.identity.signing_key().clone();
            report.sealed = ws.seal_pending(&signer, ws_id, None)?;
            ws.keep_by_changes()?;
            ws.store.record_sync(&report.folder, now_ms())
        });
        self.store.resume_checkpoints();
        applied?;

        report.held_out = self.store.count_excluded()?;
        report.locked = self.store.count_locked()?;
        self.write_missing(&target, &listing, ws_id, &key, &mut report, progress)?;
        report.waiting_for_admission = self.pending_join()?.is_some();
        Ok(report)
    }

    /// Checks and applies what was read, inside the sync's transaction.
    fn apply_incoming(
        &mut self,
        mut incoming: Vec<Incoming>,
        requests: Vec<(String, Vec<u8>)>,
        report: &mut SyncReport,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<()> {
        let now = now_ms();
        // Another process may have synced the same files meanwhile.
        let mut fresh = Vec::with_capacity(incoming.len());
        for inc in incoming.drain(..) {
            if !self.store.is_known_file(&inc.name)? {
                fresh.push(inc);
            }
        }
        // The roster first: it says who may write the rest.
        fresh.sort_by_key(|i| i.env.subject != Subject::Doc(DocId::Roster));
        let total = fresh.len();
        let mut befores = Pending::new();
        let mut done = 0;
        let mut rest = Vec::new();
        for inc in fresh {
            if inc.env.subject != Subject::Doc(DocId::Roster) {
                rest.push(inc);
                continue;
            }
            progress(SyncProgress::Applying { done, total });
            done += 1;
            self.take_new(inc, now, &mut befores, report)?;
        }
        self.take_join_requests(requests, report)?;
        report.released += self.recheck_quarantine(&mut befores)?;
        // One document's envelopes after another: once the next document's
        // turn comes, a second core applies the changes taken so far into
        // their document, and once all are taken, this one indexes each
        // document as it is ready. The two take about as long as each other.
        rest.sort_by_key(|i| match i.env.subject {
            Subject::Doc(doc) => Some(doc),
            _ => None,
        });
        std::thread::scope(|scope| {
            let (to_apply, applying) = std::sync::mpsc::channel::<Applying>();
            let (to_index, ready) = std::sync::mpsc::channel::<(Applying, Result<()>)>();
            scope.spawn(move || {
                for mut work in applying {
                    let applied = work.arrivals.apply_to(&mut work.doc);
                    // A document seen for the first time is indexed whole:
                    // its records are read here too.
                    if applied.is_ok() && work.arrivals.was_empty {
                        work.read = Some(DocRecords::read(&work.doc));
                    }
                    // Indexing stops at the first error; so does this.
                    if to_index.send((work, applied)).is_err() {
                        return;
                    }
                }
            });
            let mut current = None;
            for inc in rest {
                if current != Some(inc.env.subject)
                    && let Some(Subject::Doc(doc)) = current.replace(inc.env.subject)
                    && let Some(arrivals) = befores.remove(&doc)
                {
                    self.hand_over(doc, arrivals, &to_apply)?;
                }
                progress(SyncProgress::Applying { done, total });
                done += 1;
                self.take_new(inc, now, &mut befores, report)?;
            }
            progress(SyncProgress::Applying { done, total });
            for (doc, arrivals) in std::mem::take(&mut befores) {
                self.hand_over(doc, arrivals, &to_apply)?;
            }
            drop(to_apply);
            for (work, applied) in ready {
                self.docs.insert(work.id, (work.doc, work.upto));
                applied?;
                self.index_arrivals(work.id, work.arrivals, work.read)?;
            }
            Ok::<(), Error>(())
        })?;
        // What arrived may change which revocations count, or hold out
        // changes that others build on.
        if !self.to_judge.is_empty() {
            let docs = std::mem::take(&mut self.to_judge);
            self.judge(&docs)?;
        }
        Ok(())
    }

    /// Gives a document and the changes taken for it to the core that
    /// applies them; it comes back to `self.docs` to be indexed.
    fn hand_over(
        &mut self,
        id: DocId,
        arrivals: Arrivals,
        to: &std::sync::mpsc::Sender<Applying>,
    ) -> Result<()> {
        // Loaded when its first envelope was taken, and its stored changes
        // are on their way into it. (Were it not loaded, it is loaded from
        // the store with them; applying them twice is harmless.)
        if let Some((_, upto)) = self.docs.get_mut(&id) {
            *upto = (*upto).max(arrivals.last_seq);
        }
        self.doc_mut(id)?;
        let (doc, upto) = self.docs.remove(&id).expect("loaded above");
        // The receiver only goes away after an error, reported there.
        let _ = to.send(Applying {
            id,
            doc,
            upto,
            arrivals,
            read: None,
        });
        Ok(())
    }

    /// Takes a newly read envelope: applied, or into the quarantine.
    fn take_new(
        &mut self,
        inc: Incoming,
        now: i64,
        befores: &mut Pending,
        report: &mut SyncReport,
    ) -> Result<()> {
        let Subject::Doc(doc) = inc.env.subject else {
            unreachable!("only documents' envelopes are taken");
        };
        let signer = hex::encode(inc.env.signer);
        let hashes = inc
            .changes
            .as_ref()
            .ok()
            .and_then(|changes| super::kept::hashes_if_stored_as_is(&inc.env, changes));
        let (count, taken) = self.take_envelope(&inc.name, doc, inc.changes, befores)?;
        let refused = match &taken {
            Taken::Applied { new } => {
                report.envelopes_applied += 1;
                report.changes_applied += new;
                None
            }
            Taken::Refused(reason) => {
                report.quarantined.push(QuarantineNote {
                    file: format!("{signer}/{}.env", inc.name),
                    device: signer.clone(),
                    doc: doc.to_string(),
                    reason: reason.clone(),
                });
                Some(reason.as_str())
            }
        };
        // Applied, its changes are stored: it is kept by them. Held back,
        // it is kept whole.
        let kept = match (refused, &hashes) {
            (None, Some(hashes)) => Kept::Resealable {
                size: inc.bytes.len(),
                head: &inc.env.head,
                hashes,
            },
            _ => Kept::Whole(&inc.bytes),
        };
        self.store.put_envelope(
            &inc.name,
            &signer,
            &doc.to_string(),
            refused,
            count,
            now,
            kept,
        )
    }

    /// Checks every change of an envelope and stores them all, or none.
    /// Returns the number of changes it holds and whether it was applied.
    /// Roster changes are brought into the index at once: the next
    /// envelope's check depends on them.
    pub(super) fn take_envelope(
        &mut self,
        name: &str,
        doc: DocId,
        changes: Readable,
        befores: &mut Pending,
    ) -> Result<(usize, Taken)> {
        let changes = match changes {
            Ok(changes) => changes,
            Err((count, reason)) => return Ok((count, Taken::Refused(reason))),
        };
        if let std::collections::btree_map::Entry::Vacant(e) = befores.entry(doc) {
            self.ensure_private_genesis(doc)?;
            let before = self.doc_mut(doc)?.heads();
            e.insert(Arrivals {
                was_empty: before.is_empty() && !self.store.holds_changes(doc)?,
                before,
                changes: Vec::new(),
                last_seq: 0,
            });
        }
        self.store.savepoint_envelope()?;
        let count = changes.len();
        let result = self.store_envelope_changes(name, doc, changes);
        match result {
            Ok(Ok((stored, last_seq))) => {
                self.store.release_envelope()?;
                let new = stored.len();
                let arrivals = befores.get_mut(&doc).expect("entered above");
                if new > 0 {
                    arrivals.last_seq = last_seq;
                }
                arrivals.changes.extend(stored);
                if doc == DocId::Roster && new > 0 {
                    let arrivals = befores.remove(&doc).expect("entered above");
                    self.finish_doc(doc, arrivals)?;
                }
                Ok((count, Taken::Applied { new }))
            }
            Ok(Err(reason)) => {
                self.store.undo_envelope()?;
                Ok((count, Taken::Refused(reason)))
            }
            Err(e) => {
                let _ = self.store.undo_envelope();
                Err(e)
            }
        }
    }

    /// Stores the changes this working copy lacks; returns them with the
    /// storage sequence number of the last, or why the envelope may not be
    /// applied.
    fn store_envelope_changes(
        &mut self,
        name: &str,
        doc: DocId,
        changes: Vec<Change>,
    ) -> Result<std::result::Result<(Vec<Change>, i64), String>> {
        let mut new = Vec::with_capacity(changes.len());
        let mut last_seq = 0;
        // Every change has the signer as author: when the first may be
        // applied, so may the rest, unless it passed as an organisation
        // document's genesis, which is a property of that change alone.
        // Once allowed, a change already held is simply not inserted again.
        let mut all_allowed = false;
        // Asked once an envelope: almost always, nothing is held out.
        let mut held_out = self.store.any_excluded()?;
        for change in changes {
            if !all_allowed {
                if self.store.has_change(&change.hash())?
                    || self.store.is_excluded(&change.hash())?
                {
                    continue;
                }
                match self.verdict(doc, &change) {
                    Verdict::Refused(reason) => return Ok(Err(reason)),
                    Verdict::Excluded(reason) => {
                        self.store
                            .insert_excluded(doc, &change, Some(name), reason)?;
                        self.to_judge.insert(doc);
                        held_out = true;
                        continue;
                    }
                    Verdict::CountsWithin => {
                        self.to_judge.insert(doc);
                    }
                    Verdict::Counts => {}
                }
                all_allowed = self.may_write_as_author(doc, &change);
            }
            // A change that builds on one held out is held out too.
            if held_out && self.store.builds_on_excluded(&change)? {
                self.store
                    .insert_excluded(doc, &change, Some(name), DEPENDS)?;
                self.to_judge.insert(doc);
                continue;
            }
            if doc == DocId::Roster {
                self.to_judge.insert(doc);
            }
            if let Some(seq) = self.store.insert_change(doc, &change, Some(name))? {
                new.push(change);
                last_seq = seq;
            }
        }
        Ok(Ok((new, last_seq)))
    }

    /// Brings a document and its index up to date with the changes stored
    /// since `before`. A change whose dependencies have not arrived waits
    /// inside Automerge and is indexed when they come.
    fn finish_doc(&mut self, doc: DocId, arrivals: Arrivals) -> Result<()> {
        if let Some((loaded, _)) = self.docs.get_mut(&doc) {
            arrivals.apply_to(loaded)?;
        }
        self.index_arrivals(doc, arrivals, None)
    }

    /// Indexes the changes a sync brought to a document, once they are in
    /// it. They went straight into the document in memory, rather than
    /// being read back from the store and parsed again: `upto` says the
    /// store agrees. Should the transaction fail, documents in memory are
    /// dropped and reloaded from what was stored.
    /// `read`: the document's records, if they were read with it.
    fn index_arrivals(
        &mut self,
        doc: DocId,
        arrivals: Arrivals,
        read: Option<DocRecords>,
    ) -> Result<()> {
        if let Some((_, upto)) = self.docs.get_mut(&doc) {
            *upto = (*upto).max(arrivals.last_seq);
        }
        let loaded = self.doc_mut(doc)?.automerge();
        let applied = if arrivals.was_empty && loaded.get_missing_deps(&[]).is_empty() {
            arrivals.changes
        } else {
            loaded.get_changes(&arrivals.before)
        };
        if applied.is_empty() {
            return Ok(());
        }
        self.after_apply_read(doc, &applied, read)
    }
}
