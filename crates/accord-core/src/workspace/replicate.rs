//! Exchanging changes between working copies: what folder sync builds on.
//! Every received change is checked against the roster before it is applied:
//! its author device must be admitted and its organisation allowed to write
//! the document.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use automerge::Change;
use serde::Serialize;

use super::revocation::Verdict;
use super::{DB_FILE, KEY_FILE, Workspace};
use crate::doc::{DocId, device_key_of, new_actor, permissions};
use crate::error::{Error, Result};
use crate::identity::Identity;
use crate::model::{Device, Home, Organisation, Record, RecordKind, Role};
use crate::store::{DEPENDS, Store};

/// A change that was not applied, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Refused {
    pub doc: String,
    pub hash: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    pub applied: usize,
    pub already_held: usize,
    pub refused: Vec<Refused>,
}

/// A new device before it joins: it has a key and a folder, nothing else.
pub struct PendingDevice {
    dir: std::path::PathBuf,
    identity: Identity,
}

impl PendingDevice {
    pub fn new(dir: &Path) -> Result<PendingDevice> {
        if Workspace::exists(dir) {
            return Err(Error::WorkspaceExists(dir.to_path_buf()));
        }
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        Ok(PendingDevice {
            dir: dir.to_path_buf(),
            identity: Identity::generate(),
        })
    }

    pub fn public_hex(&self) -> String {
        self.identity.public_hex()
    }

    /// Builds the working copy from a workspace's changes, in which a
    /// coordinator has admitted this device.
    pub fn join(self, changes: &[(DocId, Vec<u8>)]) -> Result<Workspace> {
        let store = Store::create(&self.dir.join(DB_FILE))?;
        self.identity.save(&self.dir.join(KEY_FILE))?;
        let mut ws = Workspace {
            actor: new_actor(&self.identity.public_key()),
            dir: self.dir,
            store,
            identity: self.identity,
            me: super::Me {
                device: Default::default(),
                person: Default::default(),
                org: Default::default(),
            },
            docs: Default::default(),
            in_transaction: false,
            to_judge: Default::default(),
            created: None,
        };
        let report = ws.ingest(changes)?;
        if let Some(r) = report.refused.first() {
            return Err(Error::Forbidden(format!(
                "{} change(s) of the workspace were refused, e.g. in {}: {}",
                report.refused.len(),
                r.doc,
                r.reason
            )));
        }
        ws.me = Workspace::find_me(&ws.store, &ws.identity)?;
        Ok(ws)
    }
}

impl Workspace {
    /// Every change this working copy holds, those that count in the order
    /// it stored them, then those held out (they travel on like the rest:
    /// every office judges them alike).
    pub fn all_changes(&self) -> Result<Vec<(DocId, Vec<u8>)>> {
        let mut out = Vec::new();
        // An organisation's private document travels only sealed with its
        // key (folder sync), never in the clear.
        for doc in self.store.doc_ids()? {
            if matches!(doc, DocId::Private(_)) {
                continue;
            }
            out.extend(
                self.store
                    .changes_after(doc, 0)?
                    .into_iter()
                    .map(|c| (doc, c.bytes)),
            );
        }
        for doc in self.store.docs_with_excluded()? {
            out.extend(
                self.store
                    .held_changes(doc)?
                    .into_iter()
                    .filter(|h| h.excluded)
                    .map(|h| (doc, h.bytes)),
            );
        }
        Ok(out)
    }

    /// One document's stored changes, concatenated: what Automerge loads.
    pub fn doc_changes(&self, doc: DocId) -> Result<Vec<u8>> {
        Ok(self
            .store
            .changes_after(doc, 0)?
            .into_iter()
            .flat_map(|c| c.bytes)
            .collect())
    }

    /// Whether `change` counts in `doc`: its author may write the document,
    /// and, if revoked, made it within what its revocation accepted.
    pub(super) fn verdict(&self, doc: DocId, change: &Change) -> Verdict {
        let key = match device_key_of(change.actor_id()) {
            Some(k) => hex::encode(k),
            None => return Verdict::Refused("its author is not a device key".into()),
        };
        let device = match self.store.select::<Device>("key = ?1", &[&key]) {
            Ok(d) => d.into_iter().next(),
            Err(e) => return Verdict::Refused(e.to_string()),
        };
        let Some(device) = device else {
            return Verdict::Refused(format!("device {} is not on the roster", &key[..12]));
        };
        let within = match self.revocation_verdict(doc, change, &device) {
            Verdict::Counts => Verdict::Counts,
            Verdict::CountsWithin => Verdict::CountsWithin,
            other => return other,
        };
        match self.may_apply(doc, change, &device) {
            Ok(()) => within,
            Err(reason) => Verdict::Refused(reason),
        }
    }

    /// Why the author of `change`, `device`, may not write `doc`, or Ok.
    fn may_apply(
        &self,
        doc: DocId,
        change: &Change,
        device: &Device,
    ) -> std::result::Result<(), String> {
        if device.archived {
            return Err(format!("device {} was revoked", &device.key[..12]));
        }
        let org: Organisation = self
            .store
            .get(device.org)
            .map_err(|e| e.to_string())?
            .ok_or("the device's organisation is not on the roster")?;
        // An organisation's document is created by the coordinator device
        // that adds the organisation: its genesis, and nothing else.
        if let DocId::Org(target) = doc
            && org.role == Role::Coordinator
            && self
                .is_org_genesis(target, change)
                .map_err(|e| e.to_string())?
        {
            return Ok(());
        }
        permissions::may_write(doc, &org)
    }

    /// Whether the author of `change` may write `doc` whatever the change
    /// holds (not only as an organisation document's genesis).
    pub(super) fn may_write_as_author(&self, doc: DocId, change: &Change) -> bool {
        let Some(key) = device_key_of(change.actor_id()).map(hex::encode) else {
            return false;
        };
        let Ok(Some(device)) = self
            .store
            .select::<Device>("key = ?1", &[&key])
            .map(|d| d.into_iter().next())
        else {
            return false;
        };
        !device.revoked
            && !device.archived
            && matches!(self.store.get::<Organisation>(device.org), Ok(Some(org)) if permissions::may_write(doc, &org).is_ok())
    }

    /// Whether `change` is the genesis of organisation `target`'s document:
    /// a change without dependencies, for an organisation on the roster,
    /// that only creates its collection maps at the root, in a document
    /// that holds no other such change.
    fn is_org_genesis(&self, target: uuid::Uuid, change: &Change) -> Result<bool> {
        if !change.deps().is_empty() || self.store.get::<Organisation>(target)?.is_none() {
            return Ok(false);
        }
        // The organisation's own devices' changes may arrive before the
        // genesis they build on; only a second genesis is refused.
        if self.store.holds_root_change(DocId::Org(target))? {
            return Ok(false);
        }
        let names: Vec<&str> = RecordKind::in_home(Home::Org)
            .map(RecordKind::name)
            .collect();
        let ops = change.decode().operations;
        Ok(ops.len() == names.len() && ops.iter().all(|op| {
            op.obj == automerge::legacy::ObjectId::Root
                && matches!(
                    op.action,
                    automerge::legacy::OpType::Make(automerge::ObjType::Map)
                )
                && matches!(&op.key, automerge::legacy::Key::Map(k) if names.contains(&k.as_str()))
        }))
    }

    fn ingest_batch(
        &mut self,
        doc: DocId,
        batch: Vec<Change>,
        report: &mut IngestReport,
        fresh: &mut BTreeSet<DocId>,
    ) -> Result<()> {
        self.ensure_private_genesis(doc)?;
        let before = self.doc_mut(doc)?.heads();
        let mut stored = 0;
        for change in batch {
            // Until the roster names a device, only the founding changes
            // of the workspace exist: they are what admits everyone else.
            let founding =
                doc == DocId::Roster && self.store.select::<Device>("1", &[])?.is_empty();
            let verdict = if founding {
                Verdict::Counts
            } else {
                self.verdict(doc, &change)
            };
            match verdict {
                Verdict::Refused(reason) => {
                    report.refused.push(Refused {
                        doc: doc.to_string(),
                        hash: change.hash().to_string(),
                        reason,
                    });
                    continue;
                }
                Verdict::Excluded(reason) => {
                    self.store.insert_excluded(doc, &change, None, reason)?;
                    fresh.insert(doc);
                    continue;
                }
                Verdict::CountsWithin => {
                    fresh.insert(doc);
                }
                Verdict::Counts => {}
            }
            if self.store.depends_on_excluded(&change)? {
                self.store.insert_excluded(doc, &change, None, DEPENDS)?;
                fresh.insert(doc);
                continue;
            }
            if self.store.insert_change(doc, &change, None)?.is_some() {
                stored += 1;
            }
        }
        report.applied += stored;
        if stored == 0 {
            return Ok(());
        }
        // Catch up with what was stored. A change whose dependencies have
        // not arrived waits inside Automerge; what got applied now (this
        // batch, and earlier arrivals it completed) is what the index takes.
        let applied = self.doc_mut(doc)?.automerge().get_changes(&before);
        self.after_apply(doc, &applied)
    }

    /// Applies changes received from another working copy. Roster changes go
    /// first, so that a device admitted in this batch has its work applied.
    pub fn ingest(&mut self, changes: &[(DocId, Vec<u8>)]) -> Result<IngestReport> {
        let mut by_doc: BTreeMap<DocId, Vec<Change>> = BTreeMap::new();
        let mut report = IngestReport::default();
        let mut fresh = BTreeSet::new();
        for (doc, bytes) in changes {
            let change = Change::from_bytes(bytes.clone())
                .map_err(|e| Error::doc(doc, format!("a received change cannot be read: {e}")))?;
            if self.store.has_change(&change.hash())? || self.store.is_excluded(&change.hash())? {
                report.already_held += 1;
                continue;
            }
            by_doc.entry(*doc).or_default().push(change);
        }
        self.transaction(|ws| {
            // DocId orders Roster first. The roster admits devices, so its
            // changes are checked one at a time against the roster as it
            // grows: a device admitted by one change may make the next.
            for (doc, changes) in by_doc {
                let batches: Vec<Vec<Change>> = if doc == DocId::Roster {
                    changes.into_iter().map(|c| vec![c]).collect()
                } else {
                    vec![changes]
                };
                for batch in batches {
                    ws.ingest_batch(doc, batch, &mut report, &mut fresh)?;
                }
            }
            ws.judge(&fresh)
        })?;
        Ok(report)
    }
}

impl Workspace {
    /// Puts a new device on the roster (coordinators): a person of `org`
    /// named `person` (added if the organisation has nobody of that name)
    /// using the device whose public key is `key_hex`.
    pub fn admit_device(&mut self, key_hex: &str, org: uuid::Uuid, person: &str) -> Result<Device> {
        use crate::model::Person;
        let key = key_hex.trim().to_lowercase();
        // Checked before anything is written: a mistyped key leaves nothing.
        Device {
            key: key.clone(),
            ..Default::default()
        }
        .validate()?;
        if !self.store.select::<Device>("key = ?1", &[&key])?.is_empty() {
            return Err(Error::invalid(
                "device",
                "this device is on the roster already",
            ));
        }
        let existing = self
            .store
            .select::<Person>("org = ?1", &[&org.to_string()])?
            .into_iter()
            .find(|p| p.name == person.trim());
        let person = match existing {
            Some(p) => p,
            None => {
                let p = Person {
                    id: uuid::Uuid::new_v4(),
                    org,
                    name: person.trim().to_owned(),
                    ..Default::default()
                };
                self.create(&p, &format!("add person {}", p.name))?;
                p
            }
        };
        let device = Device {
            id: uuid::Uuid::new_v4(),
            key,
            person: person.id,
            org,
            label: format!("{}'s device", person.name),
            ..Default::default()
        };
        self.create(&device, &format!("admit a device of {}", person.name))?;
        Ok(device)
    }
}
