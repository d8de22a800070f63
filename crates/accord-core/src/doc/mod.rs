//! The Automerge documents of a workspace: their names, who may write them,
//! how records are stored in them, and what a change touched.

mod bridge;
mod id;
pub mod permissions;
mod touched;

pub use bridge::{changed_fields, from_hydrated};
pub use id::DocId;
pub use touched::{Touch, Toucher};

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, Automerge, Change, ChangeHash, ObjId, ObjType, ROOT, ReadDoc};
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::{Record, RecordKind};

/// Length of the random suffix of an actor id (after the 32-byte device key).
const ACTOR_SUFFIX: usize = 16;

/// A fresh actor for this device: its public key followed by random bytes.
/// Each process run takes a new one, so a working copy restored from a
/// backup can never reuse a sequence number, and every change still names
/// its device.
pub fn new_actor(device_key: &[u8; 32]) -> ActorId {
    let mut bytes = device_key.to_vec();
    let mut suffix = [0u8; ACTOR_SUFFIX];
    getrandom::fill(&mut suffix).expect("the operating system's random source failed");
    bytes.extend_from_slice(&suffix);
    ActorId::from(bytes)
}

/// The genesis of an organisation's private document: the same change,
/// byte for byte, at every device that makes it (a fixed actor that is no
/// device's, time zero), so each device of the organisation makes it
/// itself and it never travels. Its actor is 16 bytes: no device key
/// can be read off it.
pub fn private_genesis(org: Uuid) -> crate::error::Result<Change> {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"accord-private-genesis-v1");
    h.update(org.as_bytes());
    let actor = ActorId::from(&h.finalize()[..16]);
    Document::empty(DocId::Private(org), actor).genesis(0)
}

/// The device key an actor id starts with.
pub fn device_key_of(actor: &ActorId) -> Option<[u8; 32]> {
    actor.to_bytes().get(..32)?.try_into().ok()
}

/// One value of a field edited concurrently on several devices.
#[derive(Debug, Clone)]
pub struct ConflictValue {
    pub value: Json,
    /// The change that wrote it (its author and time come from the store).
    pub change: Option<ChangeHash>,
}

/// A field of a record that holds several values at once.
#[derive(Debug, Clone)]
pub struct FieldConflict {
    pub field: String,
    pub values: Vec<ConflictValue>,
}

/// A document in memory.
pub struct Document {
    pub id: DocId,
    am: Automerge,
}

impl Document {
    pub fn empty(id: DocId, actor: ActorId) -> Self {
        Document {
            id,
            am: Automerge::new().with_actor(actor),
        }
    }

    pub fn from_automerge(id: DocId, am: Automerge) -> Self {
        Document { id, am }
    }

    pub fn automerge(&self) -> &Automerge {
        &self.am
    }

    pub fn set_actor(&mut self, actor: ActorId) {
        self.am.set_actor(actor);
    }

    pub fn heads(&self) -> Vec<ChangeHash> {
        self.am.get_heads()
    }

    /// Applies stored changes (each one change's bytes) to this document.
    /// A change that cannot be read stops it with an error that says so and
    /// what to do: Automerge's incremental load would leave it, and what
    /// follows it, out without a word.
    pub fn load_stored(&mut self, changes: &[Vec<u8>]) -> Result<()> {
        let id = self.id;
        let damaged = |e: &dyn std::fmt::Display| {
            Error::doc(
                id,
                format!(
                    "a stored change cannot be read ({e}): this working copy is damaged. Check it and rebuild its index: the rebuild mends stored changes from the envelopes kept here or in the folders it syncs with and says what, if anything, is lost"
                ),
            )
        };
        if self.am.is_empty() {
            // The whole document from its changes, in one load.
            let actor = self.am.get_actor().clone();
            let am = Automerge::load_with_options(
                &changes.concat(),
                automerge::LoadOptions::new()
                    .on_partial_load(automerge::OnPartialLoad::Error)
                    .verification_mode(automerge::VerificationMode::Check),
            )
            .map_err(|e| damaged(&e))?;
            self.am = am.with_actor(actor);
            return Ok(());
        }
        let parsed = changes
            .iter()
            .map(|c| Change::from_bytes(c.clone()))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| damaged(&e))?;
        self.am.apply_changes(parsed).map_err(|e| damaged(&e))
    }

    /// Applies changes already read; one whose dependencies are missing
    /// waits inside Automerge until they come.
    pub fn apply_changes(
        &mut self,
        changes: impl IntoIterator<Item = Change> + Clone,
    ) -> Result<()> {
        self.am
            .apply_changes(changes)
            .map_err(|e| Error::doc(self.id, format!("cannot apply received changes: {e}")))
    }

    /// The genesis change: one map per record collection the document holds.
    /// Only the device that creates the document makes it, so no two devices
    /// ever create the same collection.
    pub fn genesis(&mut self, time: i64) -> Result<Change> {
        if !self.am.get_heads().is_empty() {
            return Err(Error::doc(
                self.id,
                "already has changes; it is created once",
            ));
        }
        let kinds: Vec<_> = RecordKind::in_home(self.id.home()).collect();
        self.commit(&format!("create {}", self.id), time, |tx| {
            for kind in &kinds {
                tx.put_object(ROOT, kind.name(), ObjType::Map)?;
            }
            Ok(())
        })?
        .ok_or_else(|| Error::doc(self.id, "genesis made no change"))
    }

    /// Runs `f` as one Automerge change with a message and a time. Returns the
    /// change, or None when `f` changed nothing.
    pub fn commit(
        &mut self,
        message: &str,
        time: i64,
        f: impl FnOnce(&mut automerge::transaction::Transaction<'_>) -> Result<()>,
    ) -> Result<Option<Change>> {
        let opts = CommitOptions::default()
            .with_message(message.to_owned())
            .with_time(time);
        let hash = self
            .am
            .transact_with(|_| opts, f)
            .map_err(|failure| failure.error)?
            .hash;
        Ok(hash.and_then(|h| self.am.get_change_by_hash(&h)))
    }

    fn collection<D: ReadDoc>(doc: &D, kind: RecordKind) -> Option<ObjId> {
        match doc.get(ROOT, kind.name()).ok().flatten() {
            Some((automerge::Value::Object(ObjType::Map), id)) => Some(id),
            _ => None,
        }
    }

    fn record_obj<D: ReadDoc>(doc: &D, kind: RecordKind, id: &str) -> Option<ObjId> {
        let coll = Self::collection(doc, kind)?;
        match doc.get(&coll, id).ok().flatten() {
            Some((automerge::Value::Object(ObjType::Map), obj)) => Some(obj),
            _ => None,
        }
    }

    /// A record's fields as read inside a change.
    pub fn read_in<D: ReadDoc>(doc: &D, kind: RecordKind, id: &str) -> Option<Map<String, Json>> {
        Self::record_obj(doc, kind, id).map(|obj| bridge::read_map(doc, &obj))
    }

    /// Every value a field holds, read inside a change (several when it is in
    /// conflict), in Automerge's order.
    pub fn values_in<D: ReadDoc>(doc: &D, kind: RecordKind, id: &str, field: &str) -> Vec<Json> {
        let Some(obj) = Self::record_obj(doc, kind, id) else {
            return vec![];
        };
        doc.get_all(&obj, field)
            .unwrap_or_default()
            .iter()
            .map(|(v, vid)| bridge::read(doc, v, vid))
            .collect()
    }

    /// A record's fields as JSON (winning values), if the record exists.
    pub fn record_json(&self, kind: RecordKind, id: &str) -> Option<Map<String, Json>> {
        Self::record_obj(&self.am, kind, id).map(|obj| bridge::read_map(&self.am, &obj))
    }

    pub fn get<R: Record>(&self, id: Uuid) -> Result<Option<R>> {
        self.record_json(R::KIND, &id.to_string())
            .map(|m| {
                serde_json::from_value(Json::Object(m)).map_err(|e| {
                    Error::doc(self.id, format!("{} {id} cannot be read: {e}", R::KIND))
                })
            })
            .transpose()
    }

    /// How many records the document holds (archived ones too).
    pub fn record_count(&self) -> usize {
        RecordKind::in_home(self.id.home())
            .filter_map(|kind| Self::collection(&self.am, kind))
            .map(|coll| self.am.length(&coll))
            .sum()
    }

    /// Every record of the document, read in one pass: (kind, id, fields,
    /// whether any field is in conflict).
    pub fn all_records(&self) -> Vec<(RecordKind, String, Json, bool)> {
        let mut out = Vec::new();
        self.for_each_record(|kind, id, fields, conflicted| {
            out.push((kind, id.to_owned(), fields, conflicted));
        });
        out
    }

    /// Calls `f` with every record of the document, one record at a time:
    /// walking each collection in order never materialises the whole
    /// document, so memory stays that of the document itself.
    pub fn for_each_record(&self, mut f: impl FnMut(RecordKind, &str, Json, bool)) {
        for kind in RecordKind::in_home(self.id.home()) {
            let Some(coll) = Self::collection(&self.am, kind) else {
                continue;
            };
            for item in self.am.map_range(&coll, ..) {
                if !matches!(item.value, automerge::ValueRef::Object(ObjType::Map)) {
                    continue;
                }
                let obj = item.id();
                let mut conflicted = false;
                let mut fields = Map::new();
                for field in self.am.map_range(&obj, ..) {
                    conflicted |= field.conflict;
                    let value = field.value.clone().into_value();
                    fields.insert(
                        field.key.to_string(),
                        bridge::read(&self.am, &value, &field.id()),
                    );
                }
                f(kind, &item.key, Json::Object(fields), conflicted);
            }
        }
    }

    /// Creates a record with all its fields, inside a change.
    pub fn create_in(
        tx: &mut automerge::transaction::Transaction<'_>,
        kind: RecordKind,
        id: &str,
        fields: &Map<String, Json>,
    ) -> Result<()> {
        let coll = Self::collection(tx, kind)
            .ok_or_else(|| Error::doc(kind, "the document has no such collection"))?;
        if tx.get(&coll, id)?.is_some() {
            return Err(Error::invalid("id", format!("{kind} {id} exists already")));
        }
        let record = automerge::hydrate::Value::from(bridge::map_to_hydrated(fields));
        tx.batch_create_object(&coll, id, &record, false)?;
        Ok(())
    }

    /// Writes the given fields of an existing record, inside a change.
    pub fn update_in(
        tx: &mut automerge::transaction::Transaction<'_>,
        kind: RecordKind,
        id: &str,
        fields: &Map<String, Json>,
    ) -> Result<()> {
        let obj = Self::record_obj(tx, kind, id).ok_or_else(|| Error::NotFound {
            what: "record",
            key: id.to_owned(),
        })?;
        fields
            .iter()
            .try_for_each(|(k, v)| bridge::put(tx, &obj, k, v))
    }

    /// The fields of a record that hold more than one value.
    pub fn conflicts(&self, kind: RecordKind, id: &str) -> Vec<FieldConflict> {
        self.record_state(kind, id)
            .map(|(_, c)| c)
            .unwrap_or_default()
    }

    /// A record's fields (winning values) and its conflicts, in one pass.
    pub fn record_state(
        &self,
        kind: RecordKind,
        id: &str,
    ) -> Option<(Map<String, Json>, Vec<FieldConflict>)> {
        let obj = Self::record_obj(&self.am, kind, id)?;
        let mut fields = Map::new();
        let mut conflicts = Vec::new();
        for item in self.am.map_range(&obj, ..) {
            let value = item.value.clone().into_value();
            fields.insert(
                item.key.to_string(),
                bridge::read(&self.am, &value, &item.id()),
            );
            if item.conflict {
                conflicts.push(self.field_conflict(&obj, &item.key));
            }
        }
        Some((fields, conflicts))
    }

    fn field_conflict(&self, obj: &ObjId, key: &str) -> FieldConflict {
        let values = self
            .am
            .get_all(obj, key)
            .unwrap_or_default()
            .iter()
            .map(|(v, vid)| ConflictValue {
                value: bridge::read(&self.am, v, vid),
                change: self.am.hash_for_opid(vid),
            })
            .collect();
        FieldConflict {
            field: key.to_owned(),
            values,
        }
    }

    /// Works out what a run of changes (already applied here) touched,
    /// faster than asking change by change.
    pub fn toucher(&self) -> Toucher<'_> {
        Toucher::new(&self.am, self.id.home())
    }

    /// The records and fields a change (already applied here) touched.
    pub fn touched(&self, change: &Change) -> Vec<Touch> {
        self.toucher().touched(change)
    }

    pub fn save(&self) -> Vec<u8> {
        self.am.save()
    }
}
