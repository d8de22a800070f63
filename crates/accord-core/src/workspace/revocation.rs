//! Revocation judged from the merged history, the same at every office
//! whatever order envelopes arrive in (docs/ARCHITECTURE.md, "Revocation").
//!
//! A revocation writes, beside `revoked`, the device's frontier as the
//! revoking coordinator holds it: for each document and Automerge actor of
//! the device, the last sequence number held. The device's changes inside
//! it count everywhere; changes beyond it count nowhere, and neither does
//! any change that builds on one that does not count. When revocations
//! compete (two coordinators revoking each other), they are taken in one
//! order that every office computes alike: by the change's first operation
//! number (a change always comes after the changes it builds on), then by
//! hash; a revocation whose own change lies beyond a frontier taken before
//! it does not count, nor does one beyond the frontier of a revocation
//! that counts (it is set aside and the order taken again). Changes that do not count are moved out of their
//! document (kept verbatim, relayed as before) and the document is indexed
//! again; they move back should the revocation that excluded them stop
//! counting. A device whose own change was held out because it built on
//! one that does not count makes its edit again on the history that
//! counts, so no legitimate work is lost.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use automerge::{Change, ChangeHash};

use super::Workspace;
use crate::doc::{DocId, Document, device_key_of};
use crate::error::{Error, Result};
use crate::model::{Device, RecordKind};
use crate::store::{BEYOND, DEPENDS};

/// What of a revoked device's work counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frontier {
    /// The revoked device's key, hex.
    pub device: String,
    /// (document, actor) → the last sequence number that counts.
    held: BTreeMap<(String, Vec<u8>), u64>,
}

impl Frontier {
    /// Reads the text kept in `Device::revoked_frontier`: a first line
    /// `device <key>`, then one line `<document> <actor hex> <sequence>`
    /// for each actor. None for anything else (a device revoked before
    /// frontiers were written is judged as it always was).
    pub fn parse(text: &str) -> Option<Frontier> {
        let mut lines = text.lines();
        let device = lines.next()?.strip_prefix("device ")?.trim().to_owned();
        if device.len() != 64 {
            return None;
        }
        let mut held = BTreeMap::new();
        for line in lines {
            let mut parts = line.split(' ');
            let (Some(doc), Some(actor), Some(seq), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return None;
            };
            held.insert(
                (doc.to_owned(), hex::decode(actor).ok()?),
                seq.parse().ok()?,
            );
        }
        Some(Frontier { device, held })
    }

    pub fn to_text(&self) -> String {
        let mut out = format!("device {}", self.device);
        for ((doc, actor), seq) in &self.held {
            out.push_str(&format!("\n{doc} {} {seq}", hex::encode(actor)));
        }
        out
    }

    /// Adds what `other` accepts: the later sequence number of each actor.
    fn unite(&mut self, other: &Frontier) {
        for (k, seq) in &other.held {
            let last = self.held.entry(k.clone()).or_default();
            *last = (*last).max(*seq);
        }
    }

    pub fn holds(&self, doc: DocId, change: &Change) -> bool {
        self.holds_raw(&doc.to_string(), change.actor_id().to_bytes(), change.seq())
    }

    fn holds_raw(&self, doc: &str, actor: &[u8], seq: u64) -> bool {
        self.held
            .get(&(doc.to_owned(), actor.to_vec()))
            .is_some_and(|last| seq <= *last)
    }
}

/// Whether a received change counts.
pub(crate) enum Verdict {
    Counts,
    /// It counts, within its revoked author's frontier as the roster shows
    /// it; the document is judged again after the sync, which settles it
    /// should revocations compete.
    CountsWithin,
    /// It is kept out of its document, for this reason.
    Excluded(&'static str),
    /// It may not be applied (kept in quarantine), for this reason.
    Refused(String),
}

/// A revocation found in the roster's changes.
struct Revocation {
    start_op: u64,
    hash: ChangeHash,
    author: String,
    actor: Vec<u8>,
    seq: u64,
    frontier: Frontier,
}

fn parse(bytes: &[u8], doc: DocId) -> Result<Change> {
    Change::from_bytes(bytes.to_vec())
        .map_err(|e| Error::doc(doc, format!("a stored change is damaged: {e}")))
}

/// A frontier written in a change, if the change revokes a device.
fn revocation_in(change: &Change) -> Option<Frontier> {
    use automerge::legacy::{Key, OpType};
    change
        .decode()
        .operations
        .iter()
        .find_map(|op| match (&op.key, &op.action) {
            (Key::Map(k), OpType::Put(automerge::ScalarValue::Str(s)))
                if k == "revoked_frontier" =>
            {
                Frontier::parse(s)
            }
            _ => None,
        })
}

impl Workspace {
    /// The frontier of device `key` as this working copy holds it: the
    /// changes that count, or with `held_out`, every change held.
    pub(super) fn frontier_held(&self, key: &str) -> Result<Frontier> {
        self.frontier_of(key, false)
    }

    fn frontier_of(&self, key: &str, held_out: bool) -> Result<Frontier> {
        let mut held: BTreeMap<(String, Vec<u8>), u64> = BTreeMap::new();
        for h in self.store.changes_of_device(key)? {
            if h.excluded && !held_out {
                continue;
            }
            let c = parse(&h.bytes, h.doc)?;
            let last = held
                .entry((h.doc.to_string(), c.actor_id().to_bytes().to_vec()))
                .or_default();
            *last = (*last).max(c.seq());
        }
        Ok(Frontier {
            device: key.to_owned(),
            held,
        })
    }

    /// Whether a received change (by a device on the roster) counts.
    pub(super) fn revocation_verdict(
        &self,
        doc: DocId,
        change: &Change,
        device: &Device,
    ) -> Verdict {
        if !device.revoked {
            return Verdict::Counts;
        }
        match Frontier::parse(&device.revoked_frontier) {
            Some(f) if f.holds(doc, change) => Verdict::CountsWithin,
            Some(_) => Verdict::Excluded(BEYOND),
            None => Verdict::Refused(format!("device {} was revoked", &device.key[..12])),
        }
    }

    /// The revocations that count, by revoked device: taken in the order
    /// every office computes alike, each skipped if its own change lies
    /// beyond a frontier taken before it. Several that count for one device
    /// (a coordinator adopting held-out work writes another) accept what
    /// any of them accepts.
    fn effective_revocations(&self) -> Result<BTreeMap<String, Frontier>> {
        let mut revocations = Vec::new();
        for h in self.store.held_changes(DocId::Roster)? {
            let c = parse(&h.bytes, DocId::Roster)?;
            let (Some(frontier), Some(author)) = (revocation_in(&c), device_key_of(c.actor_id()))
            else {
                continue;
            };
            revocations.push(Revocation {
                start_op: c.start_op().get(),
                hash: c.hash(),
                author: hex::encode(author),
                actor: c.actor_id().to_bytes().to_vec(),
                seq: c.seq(),
                frontier,
            });
        }
        revocations.sort_by_key(|r| (r.start_op, r.hash));
        let roster = DocId::Roster.to_string();
        // A revocation that lies beyond the frontier of one that counts does
        // not count, even if it came earlier in the order: it is set aside
        // and the choice made again, until none is left to set aside.
        let mut set_aside: HashSet<ChangeHash> = HashSet::new();
        loop {
            let mut effective: BTreeMap<String, (Frontier, Vec<ChangeHash>)> = BTreeMap::new();
            for r in revocations.iter().filter(|r| !set_aside.contains(&r.hash)) {
                if let Some((f, _)) = effective.get(&r.author)
                    && !f.holds_raw(&roster, &r.actor, r.seq)
                {
                    continue;
                }
                match effective.entry(r.frontier.device.clone()) {
                    std::collections::btree_map::Entry::Vacant(e) => {
                        e.insert((r.frontier.clone(), vec![r.hash]));
                    }
                    std::collections::btree_map::Entry::Occupied(mut e) => {
                        let (f, hashes) = e.get_mut();
                        f.unite(&r.frontier);
                        hashes.push(r.hash);
                    }
                }
            }
            let beyond: Vec<ChangeHash> = revocations
                .iter()
                .filter(|r| effective.values().any(|(_, h)| h.contains(&r.hash)))
                .filter(|r| {
                    effective
                        .get(&r.author)
                        .is_some_and(|(f, _)| !f.holds_raw(&roster, &r.actor, r.seq))
                })
                .map(|r| r.hash)
                .collect();
            if beyond.is_empty() {
                return Ok(effective.into_iter().map(|(k, (f, _))| (k, f)).collect());
            }
            set_aside.extend(beyond);
        }
    }

    /// Brings what counts in line with the revocations that count: changes
    /// moved out of or back into their documents, those documents indexed
    /// again, this device's held-out edits made again. `fresh`: documents
    /// in which this operation held a change out (its dependants may wait
    /// inside the document).
    pub(super) fn judge(&mut self, fresh: &BTreeSet<DocId>) -> Result<()> {
        // Each round that changes the roster may change which revocations
        // count; a round only ever re-decides from all the changes held.
        for _ in 0..8 {
            let effective = self.effective_revocations()?;
            let mut beyond: BTreeMap<DocId, HashSet<ChangeHash>> = BTreeMap::new();
            for (key, frontier) in &effective {
                for h in self.store.changes_of_device(key)? {
                    let c = parse(&h.bytes, h.doc)?;
                    if !frontier.holds(h.doc, &c) {
                        beyond.entry(h.doc).or_default().insert(c.hash());
                    }
                }
            }
            let mut docs: BTreeSet<DocId> = self.store.docs_with_excluded()?.into_iter().collect();
            docs.extend(beyond.keys().copied());
            docs.extend(fresh.iter().copied());
            let mut roster_changed = false;
            for doc in docs {
                let none = HashSet::new();
                if self.rejudge_doc(doc, beyond.get(&doc).unwrap_or(&none))? {
                    roster_changed |= doc == DocId::Roster;
                }
            }
            if !roster_changed {
                return self.reissue_own();
            }
        }
        Err(Error::doc(
            DocId::Roster,
            "its revocations do not settle; a damaged roster change may be held",
        ))
    }

    /// Moves a document's changes out or back in as the revocations say;
    /// returns whether anything moved.
    fn rejudge_doc(&mut self, doc: DocId, beyond: &HashSet<ChangeHash>) -> Result<bool> {
        let held: Vec<(Change, bool)> = self
            .store
            .held_changes(doc)?
            .into_iter()
            .map(|h| Ok((parse(&h.bytes, doc)?, h.excluded)))
            .collect::<Result<_>>()?;
        let mut out: HashMap<ChangeHash, &'static str> =
            beyond.iter().map(|h| (*h, BEYOND)).collect();
        loop {
            let mut grew = false;
            for (c, _) in &held {
                if !out.contains_key(&c.hash()) && c.deps().iter().any(|d| out.contains_key(d)) {
                    out.insert(c.hash(), DEPENDS);
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        let mut moved = false;
        for (c, excluded) in &held {
            match (out.get(&c.hash()), excluded) {
                (Some(reason), false) => {
                    self.store.exclude(&c.hash(), reason)?;
                    moved = true;
                }
                (None, true) => {
                    self.store.restore(&c.hash())?;
                    moved = true;
                }
                _ => {}
            }
        }
        if moved {
            // This device's own changes may have left the document: its
            // next change must not take a sequence number one of them has.
            let actor = crate::doc::new_actor(&self.identity.public_key());
            self.switch_actor(actor, self.me);
            self.reindex_doc(doc)?;
        }
        Ok(moved)
    }

    /// Indexes a document again from the changes that count.
    fn reindex_doc(&mut self, doc: DocId) -> Result<()> {
        self.docs.remove(&doc);
        self.store.drop_snapshot(doc)?;
        self.store.clear_doc_index(doc)?;
        let changes = self.doc_mut(doc)?.automerge().get_changes(&[]);
        if changes.is_empty() {
            return Ok(());
        }
        self.after_apply(doc, &changes)
    }

    /// Makes again, on the history that counts, this device's edits that
    /// were held out because they built on a change that does not count:
    /// each record it created is created with the fields it had then, each
    /// field it set is set to the value it wrote.
    fn reissue_own(&mut self) -> Result<()> {
        if self.standing()? == super::Standing::Revoked {
            return Ok(());
        }
        let mine = self.identity.public_hex();
        let todo = self.store.to_reissue(&mine)?;
        // The document with every change held, built once for all of this
        // device's changes in it that are made again.
        let mut full: BTreeMap<DocId, automerge::Automerge> = BTreeMap::new();
        for (doc, bytes) in todo {
            let change = parse(&bytes, doc)?;
            if let std::collections::btree_map::Entry::Vacant(slot) = full.entry(doc) {
                let mut all = automerge::Automerge::new();
                for h in self.store.held_changes(doc)? {
                    all.load_incremental(&h.bytes)
                        .map_err(|e| Error::doc(doc, format!("a held change is damaged: {e}")))?;
                }
                slot.insert(all);
            }
            // The document as its author saw it when making the change.
            let full = &full[&doc];
            let then = Document::from_automerge(
                doc,
                full.fork_at(&[change.hash()])
                    .map_err(|e| Error::doc(doc, e.to_string()))?,
            );
            let touches = then.touched(&change);
            let message = format!(
                "{} (made again: it built on a revoked device's change)",
                change.message().unwrap_or("edit")
            );
            // An edit this device may no longer make (its organisation
            // archived since, say) stays held out; the sync goes on.
            if self
                .my_org()
                .is_ok_and(|o| crate::doc::permissions::may_write(doc, &o).is_err())
            {
                continue;
            }
            self.write(doc, &message, |tx, _| {
                for t in &touches {
                    let Some(fields) = then.record_json(t.kind, &t.record) else {
                        continue;
                    };
                    let exists = Document::read_in(tx, t.kind, &t.record).is_some();
                    if exists {
                        let set: serde_json::Map<String, serde_json::Value> = fields
                            .into_iter()
                            .filter(|(k, _)| t.fields.contains(k))
                            .collect();
                        Document::update_in(tx, t.kind, &t.record, &set)?;
                    } else if t.kind != RecordKind::Workspace {
                        Document::create_in(tx, t.kind, &t.record, &fields)?;
                    }
                }
                Ok(())
            })?;
            self.store.mark_reissued(&change.hash())?;
        }
        Ok(())
    }
}

/// What adopting a revoked device's held-out work did.
#[derive(Debug, Clone, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Adopted {
    pub device: Device,
    /// Its changes that count now and did not before.
    pub changes: usize,
}

impl Workspace {
    /// How many changes each device has held out here, by device key.
    pub fn held_out_by_device(&self) -> Result<BTreeMap<String, usize>> {
        self.store.excluded_by_device()
    }

    /// Counts the work of a revoked device that its revocation held out
    /// (a coordinator decides it was sound after all): the device's
    /// frontier grows to every change of it this working copy holds, in a
    /// roster change that travels like any other, so every office that
    /// holds those changes counts them. The device stays revoked.
    pub fn adopt_held_out(&mut self, reference: &str) -> Result<Adopted> {
        let device = self.find_device(reference)?;
        if !device.revoked {
            return Err(Error::invalid(
                "device",
                "this device is not revoked: all of its work counts",
            ));
        }
        let Some(mut frontier) = Frontier::parse(&device.revoked_frontier) else {
            return Err(Error::invalid(
                "device",
                "it was revoked by an earlier version of Accord, which kept no record of what its revocation accepted; its later envelopes wait in the quarantine",
            ));
        };
        let before = self
            .held_out_by_device()?
            .get(&device.key)
            .copied()
            .unwrap_or(0);
        if before == 0 {
            return Err(Error::invalid(
                "device",
                "none of this device's work is held out in this working copy",
            ));
        }
        frontier.unite(&self.frontier_of(&device.key, true)?);
        let text = frontier.to_text();
        self.transaction(|ws| {
            ws.edit_fields(
                device.id,
                &[super::FieldEdit {
                    field: "revoked_frontier".into(),
                    value: text.clone(),
                }],
            )?;
            ws.judge(&[DocId::Roster].into())
        })?;
        let after = self
            .held_out_by_device()?
            .get(&device.key)
            .copied()
            .unwrap_or(0);
        Ok(Adopted {
            device: Device {
                revoked_frontier: text,
                ..device
            },
            changes: before.saturating_sub(after),
        })
    }
}
