//! What a change did, in the model's terms: which records it created and
//! which fields it wrote. Feeds the history, the incremental index update and
//! the conflict list; works the same for local and received changes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use automerge::legacy::{Key, ObjectId, OpId, OpType};
use automerge::{Automerge, Change, ObjId, Prop, ReadDoc};

use crate::model::{Home, RecordKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Touch {
    pub kind: RecordKind,
    pub record: String,
    pub created: bool,
    pub fields: BTreeSet<String>,
}

/// Where an object sits: the record it belongs to (empty for a collection
/// map) and the record's field that holds it (None for the record map
/// itself). None: not part of any record of this document's home.
type Place = Option<Rc<(RecordKind, String, Option<String>)>>;

fn place_of(doc: &Automerge, home: Home, obj: &ObjId) -> Place {
    let path = doc.parents(obj).ok()?.path();
    let kind = match path.first()? {
        (_, Prop::Map(name)) => RecordKind::from_name(name).filter(|k| k.home() == home)?,
        _ => return None,
    };
    let record = match path.get(1) {
        Some((_, Prop::Map(id))) => id.clone(),
        // The object is the collection itself.
        None => return Some(Rc::new((kind, String::new(), None))),
        _ => return None,
    };
    let field = match path.get(2) {
        Some((_, Prop::Map(f))) => Some(f.clone()),
        Some(_) => return None,
        None => None,
    };
    Some(Rc::new((kind, record, field)))
}

/// Works out what changes of one document touched. Where each object sits
/// is remembered from one change to the next: collections are known, and
/// records and their lists are made by ops of earlier changes, so the
/// document is asked only about objects made before the first change seen.
pub struct Toucher<'a> {
    doc: &'a Automerge,
    home: Home,
    collections: HashMap<ObjectId, Place>,
    places: HashMap<ObjectId, Place>,
}

/// Objects remembered at most, so that the history of a large document
/// (a catalogue of thousands of recommendations) does not hold a place for
/// each of its objects at once; past it, the memory starts again, and
/// objects made before are found through the document.
const REMEMBERED: usize = 10_000;

impl<'a> Toucher<'a> {
    pub fn new(doc: &'a Automerge, home: Home) -> Self {
        let mut collections = HashMap::new();
        for kind in RecordKind::in_home(home) {
            if let Ok(Some((automerge::Value::Object(_), ObjId::Id(counter, actor, _)))) =
                doc.get(automerge::ROOT, kind.name())
            {
                collections.insert(
                    ObjectId::Id(OpId(counter, actor)),
                    Some(Rc::new((kind, String::new(), None))),
                );
            }
        }
        Self {
            doc,
            home,
            places: collections.clone(),
            collections,
        }
    }

    /// Only the kinds that belong in a document of `home` count: anything
    /// else written into it is not a record of the tracker.
    pub fn touched(&mut self, change: &Change) -> Vec<Touch> {
        if self.places.len() > REMEMBERED {
            self.places.clone_from(&self.collections);
        }
        let expanded = change.decode();
        let actor = change.actor_id();
        let start = change.start_op().get();
        let mut out: BTreeMap<(RecordKind, String), Touch> = BTreeMap::new();
        for (i, op) in expanded.operations.iter().enumerate() {
            if op.obj == ObjectId::Root {
                continue; // a genesis creating collections
            }
            let (doc, home) = (self.doc, self.home);
            let place = self
                .places
                .entry(op.obj.clone())
                .or_insert_with_key(|obj| {
                    let obj = doc.import_obj(&obj.to_string()).ok()?;
                    place_of(doc, home, &obj)
                })
                .clone();
            let Some(place) = place else {
                continue;
            };
            let (kind, record, field) = &*place;
            let key = match &op.key {
                Key::Map(k) => Some(k.to_string()),
                Key::Seq(_) => None,
            };
            let (record, field, created) = match (record.is_empty(), field) {
                // An op on the collection map creates (or replaces) a record.
                (true, _) => match key {
                    Some(id) => (id, None, true),
                    None => continue,
                },
                // An op on the record map writes one of its fields.
                (false, None) => (record.clone(), key, false),
                // An op inside a field's list or map.
                (false, Some(f)) => (record.clone(), Some(f.clone()), false),
            };
            if let OpType::Make(_) = op.action {
                self.places.insert(
                    ObjectId::Id(OpId(start + i as u64, actor.clone())),
                    Some(Rc::new((*kind, record.clone(), field.clone()))),
                );
            }
            let t = out.entry((*kind, record.clone())).or_insert_with(|| Touch {
                kind: *kind,
                record,
                created: false,
                fields: BTreeSet::new(),
            });
            t.created |= created;
            t.fields.extend(field);
        }
        out.into_values().collect()
    }
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
