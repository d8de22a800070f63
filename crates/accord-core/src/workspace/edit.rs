//! Edits: creating records, changing fields, archiving and restoring.

use std::collections::HashSet;

use serde_json::{Map, Value as Json};
use uuid::Uuid;

use super::Workspace;
use super::init::to_map;
use crate::doc::{DocId, Document, changed_fields};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::Store;
use crate::store::index::with_record_type;

/// One field set from text, e.g. `response=supported` or `themes=torture;justice`.
#[derive(Debug, Clone)]
pub struct FieldEdit {
    pub field: String,
    pub value: String,
}

impl std::str::FromStr for FieldEdit {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        let (field, value) = s
            .split_once('=')
            .ok_or_else(|| Error::invalid("edit", format!("'{s}' is not FIELD=VALUE")))?;
        Ok(FieldEdit {
            field: field.trim().to_owned(),
            value: value.to_owned(),
        })
    }
}

/// Fields that name other records, and the kind they name: checked on every
/// write so that a typo cannot leave a dangling reference.
const REFERENCES: &[(&str, RecordKind)] = &[
    ("org", RecordKind::Organisation),
    ("parent", RecordKind::Organisation),
    ("lead", RecordKind::Organisation),
    ("supporting", RecordKind::Organisation),
    ("responsible", RecordKind::Organisation),
    ("participants", RecordKind::Organisation),
    ("person", RecordKind::Person),
    ("author", RecordKind::Person),
    ("focal_points", RecordKind::Person),
    // `source` of a recommendation only: a measurement's source is a text.
    ("source", RecordKind::Source),
    ("cluster", RecordKind::Cluster),
    ("recommendation", RecordKind::Recommendation),
    ("recommendations", RecordKind::Recommendation),
    ("plan", RecordKind::PlanEntry),
    ("indicator", RecordKind::Indicator),
    ("meeting", RecordKind::Meeting),
];

/// Fields a record keeps for life.
const FIXED: &[&str] = &["id", "org"];

/// Refuses references to records that do not exist.
pub(super) fn check_refs(
    store: &Store,
    kind: RecordKind,
    fields: &Map<String, Json>,
    pending: &HashSet<Uuid>,
) -> Result<()> {
    for (field, target) in REFERENCES {
        if *field == "source" && kind != RecordKind::Recommendation {
            continue;
        }
        let Some(value) = fields.get(*field) else {
            continue;
        };
        let ids: Vec<&str> = match value {
            Json::String(s) => vec![s.as_str()],
            Json::Array(items) => items.iter().filter_map(Json::as_str).collect(),
            _ => vec![],
        };
        for id in ids {
            let known = Uuid::parse_str(id).is_ok_and(|u| pending.contains(&u))
                || store.get_json(target.name(), id)?.is_some();
            if !known {
                return Err(Error::invalid(
                    *field,
                    format!("{kind} refers to {target} {id}, which does not exist"),
                ));
            }
        }
    }
    Ok(())
}

/// The fields of `new` that differ from `old`; refuses changes to fixed fields.
fn changes(old: &Map<String, Json>, new: &Map<String, Json>) -> Result<Map<String, Json>> {
    let changed: Map<String, Json> = changed_fields(old, new)
        .into_iter()
        .map(|k| (k.to_owned(), new[k].clone()))
        .collect();
    if let Some(f) = FIXED.iter().find(|f| changed.contains_key(**f)) {
        return Err(Error::invalid(
            *f,
            "cannot be changed once the record exists",
        ));
    }
    Ok(changed)
}

/// Validates `new` and writes the fields that differ from `old`.
/// A record as the document in `tx` holds it now (read under the lock).
pub(super) fn read_record<R: Record>(
    tx: &automerge::transaction::Transaction<'_>,
    doc: DocId,
    id: Uuid,
) -> Result<R> {
    let map = Document::read_in(tx, R::KIND, &id.to_string()).ok_or(Error::NotFound {
        what: "record",
        key: id.to_string(),
    })?;
    serde_json::from_value(Json::Object(map)).map_err(|e| Error::doc(doc, e))
}

pub(super) fn write_changes<R: Record>(
    tx: &mut automerge::transaction::Transaction<'_>,
    store: &Store,
    old: &R,
    new: &R,
) -> Result<()> {
    new.validate()?;
    let changed = changes(&to_map(old)?, &to_map(new)?)?;
    if changed.is_empty() {
        return Ok(());
    }
    check_refs(store, R::KIND, &changed, &HashSet::new())?;
    Document::update_in(tx, R::KIND, &new.id().to_string(), &changed)
}

impl Workspace {
    /// Adds a record to its document.
    pub fn create<R: Record>(&mut self, rec: &R, message: &str) -> Result<()> {
        self.create_many(std::slice::from_ref(rec), message)
    }

    /// Adds records of one kind in one change (an import, a batch).
    pub fn create_many<R: Record>(&mut self, recs: &[R], message: &str) -> Result<()> {
        let Some(first) = recs.first() else {
            return Ok(());
        };
        let doc = first.doc();
        let mut batch = Batch::default();
        for r in recs {
            if r.doc() != doc {
                return Err(Error::invalid(
                    "org",
                    "records of one batch go to one document",
                ));
            }
            batch.create(r)?;
        }
        self.write_batch(doc, message, batch).map(|_| ())
    }

    /// Writes a batch of creations and updates to one document as one change.
    pub(crate) fn write_batch(&mut self, doc: DocId, message: &str, batch: Batch) -> Result<bool> {
        // A new organisation and its document's genesis commit together.
        self.transaction(|ws| ws.write_batch_in(doc, message, batch))
    }

    fn write_batch_in(&mut self, doc: DocId, message: &str, batch: Batch) -> Result<bool> {
        // A device waiting for admission writes as the person it asked to
        // be, whom the roster names only once it is admitted.
        let mut known: HashSet<Uuid> = batch.ids.iter().copied().collect();
        if self.standing()? == super::Standing::WaitingForAdmission {
            known.insert(self.me.person);
        }
        self.created = Some((
            doc,
            batch
                .creates
                .iter()
                .map(|(kind, m)| {
                    let id = m["id"].as_str().unwrap_or_default().to_owned();
                    ((*kind, id), m.clone())
                })
                .collect(),
        ));
        let written = self.write(doc, message, |tx, store| {
            for (kind, m) in &batch.creates {
                check_refs(store, *kind, m, &known)?;
            }
            for (kind, _, m) in &batch.updates {
                check_refs(store, *kind, m, &known)?;
            }
            for (kind, m) in &batch.creates {
                let id = m["id"].as_str().unwrap_or_default();
                Document::create_in(tx, *kind, id, m)?;
            }
            for (kind, id, m) in &batch.updates {
                Document::update_in(tx, *kind, id, m)?;
            }
            Ok(())
        });
        self.created = None;
        let written = written?;
        for (kind, m) in &batch.creates {
            if *kind == RecordKind::Organisation {
                let id = m["id"]
                    .as_str()
                    .and_then(|s| Uuid::parse_str(s).ok())
                    .unwrap_or_default();
                self.genesis(DocId::Org(id))?;
            }
        }
        Ok(written)
    }

    /// Changes a record: `f` edits a copy read from its document; only the
    /// fields whose values changed are written.
    pub fn update<R: Record>(
        &mut self,
        id: Uuid,
        message: &str,
        f: impl FnOnce(&mut R) -> Result<()>,
    ) -> Result<R> {
        // The kind is known: one lookup, not one per kind.
        let doc = self
            .store
            .doc_of(R::KIND, &id.to_string())?
            .ok_or(Error::NotFound {
                what: R::KIND.name(),
                key: id.to_string(),
            })?;
        if let DocId::Private(org) = doc {
            return self.update_private(org, id, message, f);
        }
        let mut result = None;
        self.write(doc, message, |tx, store| {
            let old: R = read_record(tx, doc, id)?;
            let mut new = old.clone();
            f(&mut new)?;
            if new.private() {
                return Err(super::private::stays_published());
            }
            write_changes(tx, store, &old, &new)?;
            result = Some(new);
            Ok(())
        })?;
        result.ok_or(Error::NotFound {
            what: "record",
            key: id.to_string(),
        })
    }

    /// The kind and document of a record, from the index.
    pub fn locate(&self, id: Uuid) -> Result<(RecordKind, DocId)> {
        self.store.locate(&id.to_string())?.ok_or(Error::NotFound {
            what: "record",
            key: id.to_string(),
        })
    }

    /// Sets fields of any record from text (`accord edit`). Values are read
    /// by the field's type: lists split on `;`, numbers, yes/no, empty for
    /// none; organisations by short name, recommendations by code.
    pub fn edit_fields(&mut self, id: Uuid, edits: &[FieldEdit]) -> Result<RecordKind> {
        let (kind, doc) = self.locate(id)?;
        let sid = id.to_string();
        // The values are parsed first, by the types the record has now.
        let current = self
            .doc_mut(doc)?
            .record_json(kind, &sid)
            .ok_or(Error::NotFound {
                what: "record",
                key: sid.clone(),
            })?;
        let mut values = Map::new();
        for e in edits {
            let now = current.get(&e.field).ok_or_else(|| {
                let names: Vec<&str> = current.keys().map(String::as_str).collect();
                Error::invalid(
                    &e.field,
                    format!(
                        "{kind} has no such field; its fields are: {}",
                        names.join(", ")
                    ),
                )
            })?;
            values.insert(
                e.field.clone(),
                self.parse_field(kind, &e.field, now, &e.value)?,
            );
        }
        // An empty value clears: none for an optional field (a date, a
        // cluster), an empty text otherwise.
        with_record_type!(kind, T => {
            for e in edits.iter().filter(|e| e.value.trim().is_empty()) {
                let mut probe = current.clone();
                probe.insert(e.field.clone(), Json::Null);
                if serde_json::from_value::<T>(Json::Object(probe)).is_ok() {
                    values.insert(e.field.clone(), Json::Null);
                }
            }
        });
        let mut after = current.clone();
        after.extend(values.clone());
        self.guard_lockout(kind, id, &after)?;
        let names: Vec<&str> = edits.iter().map(|e| e.field.as_str()).collect();
        let message = format!("edit {kind} {}: {}", short_id(id), names.join(", "));
        // A draft or internal record made public moves to the organisation's
        // public document; a public one cannot be taken back.
        let private = with_record_type!(kind, T => {
            serde_json::from_value::<T>(Json::Object(after.clone())).ok().map(|t| t.private())
        });
        match (doc, private) {
            (DocId::Private(org), Some(false)) => {
                self.publish(org, kind, &after, &message)?;
                return Ok(kind);
            }
            (DocId::Org(_), Some(true)) => return Err(super::private::stays_published()),
            _ => {}
        }
        self.write(doc, &message, |tx, store| {
            let old = Document::read_in(tx, kind, &sid).ok_or(Error::NotFound {
                what: "record",
                key: sid.clone(),
            })?;
            let mut json = old.clone();
            json.extend(values);
            with_record_type!(kind, T => {
                let new: T = serde_json::from_value(Json::Object(json)).map_err(|e| {
                    // Closed lists already name their field.
                    let msg = e.to_string();
                    match msg.split_once(": ") {
                        Some((field, rest)) if names.contains(&field) => Error::invalid(field, rest),
                        _ => Error::invalid(names.join(", "), msg),
                    }
                })?;
                let old: T = serde_json::from_value(Json::Object(old)).map_err(|e| Error::doc(doc, e))?;
                write_changes(tx, store, &old, &new)
            })
        })?;
        Ok(kind)
    }

    fn parse_field(
        &self,
        kind: RecordKind,
        field: &str,
        current: &Json,
        text: &str,
    ) -> Result<Json> {
        let text = text.trim();
        let is_ref = REFERENCES
            .iter()
            .find(|(f, _)| *f == field && (*f != "source" || kind == RecordKind::Recommendation))
            .map(|(_, k)| *k);
        let one = |s: &str| -> Result<Json> {
            match is_ref {
                Some(target) => Ok(Json::String(self.resolve_ref(target, s)?.to_string())),
                None => Ok(Json::String(s.to_owned())),
            }
        };
        Ok(match current {
            Json::Array(_) => Json::Array(
                text.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(one)
                    .collect::<Result<_>>()?,
            ),
            Json::Bool(_) => match text.to_lowercase().as_str() {
                "yes" | "true" | "1" => Json::Bool(true),
                "no" | "false" | "0" => Json::Bool(false),
                _ => return Err(Error::invalid(field, format!("'{text}' is not yes or no"))),
            },
            Json::Number(_) => Json::from(crate::model::validate::parse_number(field, text)?),
            Json::Null | Json::String(_) if text.is_empty() => {
                if current.is_null() {
                    Json::Null
                } else {
                    Json::String(String::new())
                }
            }
            // An empty optional field: a whole number (a cycle), a measured
            // value, or text (a date, a name).
            Json::Null if is_ref.is_none() => {
                match (
                    text.parse::<i64>(),
                    crate::model::validate::parse_number(field, text),
                ) {
                    (Ok(n), _) if !field.ends_with("date") && !field.ends_with("value") => {
                        Json::from(n)
                    }
                    (_, Ok(n)) if field.ends_with("value") => Json::from(n),
                    _ => Json::String(text.to_owned()),
                }
            }
            _ => one(text)?,
        })
    }

    /// Finds a record named by id, id prefix, organisation short name,
    /// recommendation code, cluster slug or source document symbol.
    pub fn resolve_ref(&self, kind: RecordKind, text: &str) -> Result<Uuid> {
        let text = text.trim();
        if let Ok(id) = Uuid::parse_str(text) {
            return Ok(id);
        }
        match kind {
            RecordKind::Organisation => {
                let found = self.store.organisations_named(text)?;
                if let Some(o) = found.first() {
                    return Ok(o.id);
                }
            }
            RecordKind::Cluster => {
                if let Some(c) = self.store.cluster_by_slug(text)? {
                    return Ok(c.id);
                }
            }
            RecordKind::Source => {
                if let Some(src) = self.store.source_by_document(text)? {
                    return Ok(src.id);
                }
            }
            RecordKind::Recommendation => {
                let found = self.store.select::<Recommendation>("code = ?1", &[&text])?;
                match found.len() {
                    1 => return Ok(found[0].id),
                    0 => {}
                    _ => {
                        return Err(Error::Ambiguous {
                            key: text.into(),
                            candidates: found
                                .iter()
                                .map(|r| r.id.to_string())
                                .collect::<Vec<_>>()
                                .join(", "),
                        });
                    }
                }
            }
            _ => {}
        }
        if text.len() >= 4 && text.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            let ids = self.store.ids_with_prefix(kind.name(), text)?;
            match ids.len() {
                1 => return Uuid::parse_str(&ids[0]).map_err(|e| Error::doc("index", e)),
                0 => {}
                _ => {
                    return Err(Error::Ambiguous {
                        key: text.into(),
                        candidates: ids.join(", "),
                    });
                }
            }
        }
        Err(Error::NotFound {
            what: kind.name(),
            key: text.into(),
        })
    }

    /// Finds a record of any kind by id or id prefix.
    pub fn resolve_any(&self, text: &str) -> Result<Uuid> {
        match self.resolve_ref(RecordKind::Recommendation, text) {
            Ok(id) => return Ok(id),
            Err(e @ Error::Ambiguous { .. }) => return Err(e),
            Err(_) => {}
        }
        let mut found = Vec::new();
        for kind in RecordKind::ALL {
            if let Ok(id) = self.resolve_ref(*kind, text) {
                found.push(id);
            }
        }
        found.dedup();
        match found.len() {
            1 => Ok(found[0]),
            0 => Err(Error::NotFound {
                what: "record",
                key: text.into(),
            }),
            _ => Err(Error::Ambiguous {
                key: text.into(),
                candidates: found
                    .iter()
                    .map(Uuid::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// Refuses an edit that would leave the workspace without a coordinator,
    /// or this device unable to write: nobody could undo it.
    pub(super) fn guard_lockout(
        &self,
        kind: RecordKind,
        id: Uuid,
        new: &Map<String, Json>,
    ) -> Result<()> {
        let flag = |k: &str| new.get(k).and_then(Json::as_bool).unwrap_or(false);
        match kind {
            RecordKind::Device if id == self.me.device && (flag("revoked") || flag("archived")) => {
                Err(Error::Forbidden(
                    "this device cannot revoke or archive itself; another coordinator's device can"
                        .into(),
                ))
            }
            RecordKind::Organisation => {
                let stays = new.get("role").and_then(Json::as_str) == Some("coordinator")
                    && !flag("archived");
                if stays {
                    return Ok(());
                }
                let others = self
                    .store
                    .all::<Organisation>()?
                    .into_iter()
                    .filter(|o| o.id != id && o.role == Role::Coordinator && !o.archived)
                    .count();
                let was = self
                    .store
                    .get::<Organisation>(id)?
                    .is_some_and(|o| o.role == Role::Coordinator && !o.archived);
                if was && others == 0 {
                    return Err(Error::Forbidden(
                        "the workspace would have no coordinator left; make another organisation coordinator first".into(),
                    ));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Archives (or restores) a record: it stays in its document, hidden from
    /// lists. Never removes a key: a removed key would hide a concurrent edit.
    pub fn set_archived(&mut self, id: Uuid, archived: bool) -> Result<RecordKind> {
        let verb = if archived { "archive" } else { "restore" };
        let (kind, doc) = self.locate(id)?;
        let fields: Map<String, Json> = [("archived".to_owned(), Json::Bool(archived))]
            .into_iter()
            .collect();
        let current = self.doc_mut(doc)?.record_json(kind, &id.to_string());
        if current.as_ref().and_then(|c| c.get("archived")) == Some(&Json::Bool(archived)) {
            return Ok(kind);
        }
        if let Some(mut after) = current {
            after.insert("archived".into(), Json::Bool(archived));
            self.guard_lockout(kind, id, &after)?;
        }
        self.write(doc, &format!("{verb} {kind} {}", short_id(id)), |tx, _| {
            Document::update_in(tx, kind, &id.to_string(), &fields)
        })?;
        Ok(kind)
    }
}

/// Records to write together, validated as they are added.
#[derive(Default)]
pub(crate) struct Batch {
    creates: Vec<(RecordKind, Map<String, Json>)>,
    updates: Vec<(RecordKind, String, Map<String, Json>)>,
    ids: Vec<Uuid>,
}

impl Batch {
    pub fn create<R: Record>(&mut self, r: &R) -> Result<()> {
        r.validate()?;
        self.ids.push(r.id());
        self.creates.push((R::KIND, to_map(r)?));
        Ok(())
    }

    /// An update from the record's previous fields to `new`.
    pub fn update<R: Record>(&mut self, old: &Map<String, Json>, new: &R) -> Result<()> {
        new.validate()?;
        let new_map = to_map(new)?;
        let changed: Map<String, Json> = changed_fields(old, &new_map)
            .into_iter()
            .map(|k| (k.to_owned(), new_map[k].clone()))
            .collect();
        if !changed.is_empty() {
            self.updates.push((R::KIND, new.id().to_string(), changed));
        }
        Ok(())
    }
}

pub(crate) fn short_id(id: Uuid) -> String {
    id.to_string()[..8].to_owned()
}
