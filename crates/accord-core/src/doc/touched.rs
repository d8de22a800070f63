//! What a change did, in the model's terms: which records it created and
//! which fields it wrote. Feeds the history, the incremental index update and
//! the conflict list; works the same for local and received changes.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use automerge::{Automerge, Change, ObjId, Prop, ReadDoc};

use crate::model::{Home, RecordKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    pub kind: RecordKind,
    pub record: String,
    pub created: bool,
    pub fields: BTreeSet<String>,
}

/// Where an object sits: the record it belongs to and the record's field
/// that holds it (None for the record map itself).
type Place = Option<(RecordKind, String, Option<String>)>;

fn place_of(doc: &Automerge, home: Home, obj: &ObjId) -> Place {
    let path = doc.parents(obj).ok()?.path();
    let kind = match path.first()? {
        (_, Prop::Map(name)) => RecordKind::from_name(name).filter(|k| k.home() == home)?,
        _ => return None,
    };
    let record = match path.get(1) {
        Some((_, Prop::Map(id))) => id.clone(),
        // The object is the collection itself.
        None => return Some((kind, String::new(), None)),
        _ => return None,
    };
    let field = match path.get(2) {
        Some((_, Prop::Map(f))) => Some(f.clone()),
        Some(_) => return None,
        None => None,
    };
    Some((kind, record, field))
}

/// Only the kinds that belong in a document of `home` count: anything else
/// written into it is not a record of the tracker.
pub fn touched(doc: &Automerge, home: Home, change: &Change) -> Vec<Touch> {
    let expanded = change.decode();
    let actor = change.actor_id().to_string();
    let start = change.start_op().get();
    // Most objects are placed without asking the document: collections are
    // known, and records and their lists are made by ops of this change.
    let mut places: HashMap<String, Place> = HashMap::new();
    for kind in RecordKind::in_home(home) {
        if let Ok(Some((automerge::Value::Object(_), id))) = doc.get(automerge::ROOT, kind.name()) {
            places.insert(id.to_string(), Some((kind, String::new(), None)));
        }
    }
    let mut out: BTreeMap<(RecordKind, String), Touch> = BTreeMap::new();
    for (i, op) in expanded.operations.iter().enumerate() {
        let obj_name = op.obj.to_string();
        if obj_name == "_root" {
            continue; // a genesis creating collections
        }
        let place = places
            .entry(obj_name)
            .or_insert_with_key(|name| {
                let obj = doc.import_obj(name).ok()?;
                place_of(doc, home, &obj)
            })
            .clone();
        let Some((kind, record, field)) = place else {
            continue;
        };
        let key = match &op.key {
            automerge::legacy::Key::Map(k) => Some(k.to_string()),
            automerge::legacy::Key::Seq(_) => None,
        };
        let (record, field, created) = match (record.is_empty(), field) {
            // An op on the collection map creates (or replaces) a record.
            (true, _) => match key {
                Some(id) => (id, None, true),
                None => continue,
            },
            // An op on the record map writes one of its fields.
            (false, None) => (record, key, false),
            // An op inside a field's list or map.
            (false, Some(f)) => (record, Some(f), false),
        };
        if let automerge::legacy::OpType::Make(_) = op.action {
            let made = format!("{}@{actor}", start + i as u64);
            places.insert(made, Some((kind, record.clone(), field.clone())));
        }
        let t = out.entry((kind, record.clone())).or_insert_with(|| Touch {
            kind,
            record,
            created: false,
            fields: BTreeSet::new(),
        });
        t.created |= created;
        t.fields.extend(field);
    }
    out.into_values().collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::doc::{DocId, Document, new_actor};
    use crate::model::RecordKind;

    #[test]
    fn a_change_names_the_records_it_created_and_the_fields_it_wrote() {
        let mut doc = Document::empty(DocId::Catalogue, new_actor(&[1; 32]));
        doc.genesis(0).unwrap();
        let fields = json!({"id": "r1", "code": "1.1", "themes": ["a"]});
        let created = doc
            .commit("create", 1, |tx| {
                Document::create_in(
                    tx,
                    RecordKind::Recommendation,
                    "r1",
                    fields.as_object().unwrap(),
                )
            })
            .unwrap()
            .unwrap();
        let t = doc.touched(&created);
        assert_eq!(t.len(), 1);
        assert!(t[0].created && t[0].record == "r1");
        assert_eq!(
            t[0].fields.iter().collect::<Vec<_>>(),
            ["code", "id", "themes"]
        );

        // A later change, on a record made earlier: found through the document.
        let edit = json!({"themes": ["a", "b"]});
        let edited = doc
            .commit("edit", 2, |tx| {
                Document::update_in(
                    tx,
                    RecordKind::Recommendation,
                    "r1",
                    edit.as_object().unwrap(),
                )
            })
            .unwrap()
            .unwrap();
        let t = doc.touched(&edited);
        assert_eq!(t.len(), 1);
        assert!(!t[0].created);
        assert_eq!(t[0].fields.iter().collect::<Vec<_>>(), ["themes"]);
    }
}
