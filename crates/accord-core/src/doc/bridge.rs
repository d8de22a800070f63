//! Records in and out of Automerge, through JSON.
//!
//! A record is a map of fields. Edits write only the fields whose value
//! changed, each as one put: a field edited on two devices at once stays a
//! conflict that someone resolves, and editing one field never touches a
//! concurrent edit of another. (autosurgeon's whole-struct reconcile re-puts a
//! field's winning value when it reconciles, and Automerge turns that into a
//! delete of the losing values: a conflict would vanish unseen.)
//! Lists and nested maps are written whole: a list edited on two devices is a
//! conflict of the field too.

use automerge::transaction::Transactable;
use automerge::{ObjId, ObjType, ReadDoc, ScalarValue, Value};
use serde_json::{Map, Number, Value as Json};

use crate::error::Result;

/// Writes `value` at `key` of the map `obj`.
pub fn put<T: Transactable>(tx: &mut T, obj: &ObjId, key: &str, value: &Json) -> Result<()> {
    match value {
        Json::Array(_) | Json::Object(_) => {
            tx.batch_create_object(obj, key, &to_hydrated(value), false)?;
            Ok(())
        }
        scalar => Ok(tx.put(obj, key, to_scalar(scalar))?),
    }
}

/// Writes every field of a new map.
#[cfg(test)]
fn fill_map<T: Transactable>(tx: &mut T, obj: &ObjId, fields: &Map<String, Json>) -> Result<()> {
    fields.iter().try_for_each(|(k, v)| put(tx, obj, k, v))
}

/// `value` as a hydrated value, encoded as `put` encodes it: written with
/// Automerge's batch creation, a new record is two splices of the document
/// rather than one per field and list item.
pub fn to_hydrated(value: &Json) -> automerge::hydrate::Value {
    use automerge::hydrate::Value as H;
    match value {
        Json::Array(items) => H::from(items.iter().map(to_hydrated).collect::<Vec<_>>()),
        Json::Object(fields) => H::from(map_to_hydrated(fields)),
        scalar => H::Scalar(to_scalar(scalar)),
    }
}

/// A map of fields as a hydrated map (see `to_hydrated`).
pub fn map_to_hydrated(fields: &Map<String, Json>) -> automerge::hydrate::Map {
    fields
        .iter()
        .map(|(k, v)| (k.clone(), to_hydrated(v)))
        .collect::<std::collections::HashMap<String, _>>()
        .into()
}

fn to_scalar(v: &Json) -> ScalarValue {
    match v {
        Json::Null => ScalarValue::Null,
        Json::Bool(b) => ScalarValue::Boolean(*b),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => ScalarValue::Int(i),
            (None, Some(u), _) => ScalarValue::Uint(u),
            (_, _, f) => ScalarValue::F64(f.unwrap_or(0.0)),
        },
        Json::String(s) => ScalarValue::Str(s.as_str().into()),
        Json::Array(_) | Json::Object(_) => unreachable!("objects are written by put"),
    }
}

pub fn from_scalar(s: &ScalarValue) -> Json {
    match s {
        ScalarValue::Null => Json::Null,
        ScalarValue::Boolean(b) => Json::Bool(*b),
        ScalarValue::Int(i) => Json::from(*i),
        ScalarValue::Uint(u) => Json::from(*u),
        ScalarValue::F64(f) => Number::from_f64(*f).map(Json::Number).unwrap_or(Json::Null),
        ScalarValue::Str(s) => Json::String(s.to_string()),
        ScalarValue::Timestamp(t) => Json::from(*t),
        ScalarValue::Counter(c) => Json::from(i64::from(c)),
        ScalarValue::Bytes(b) => Json::String(hex::encode(b)),
        ScalarValue::Unknown { .. } => Json::Null,
    }
}

/// Reads the value `v` (with object id `id`) as JSON; for conflicts, the winner.
pub fn read<D: ReadDoc>(doc: &D, v: &Value<'_>, id: &ObjId) -> Json {
    match v {
        Value::Scalar(s) => from_scalar(s),
        Value::Object(ObjType::Map | ObjType::Table) => Json::Object(read_map(doc, id)),
        // One pass over the list: looking items up by index costs a search
        // of the document each.
        Value::Object(ObjType::List) => Json::Array(
            doc.list_range(id, ..)
                .map(|item| read(doc, &item.value.clone().into_value(), &item.id()))
                .collect(),
        ),
        Value::Object(ObjType::Text) => Json::String(doc.text(id).unwrap_or_default()),
    }
}

pub fn read_map<D: ReadDoc>(doc: &D, obj: &ObjId) -> Map<String, Json> {
    doc.map_range(obj, ..)
        .map(|item| {
            let value = read(doc, &item.value.clone().into_value(), &item.id());
            (item.key.into_owned(), value)
        })
        .collect()
}

/// Converts a hydrated value (a whole document read in one pass) to JSON.
pub fn from_hydrated(v: &automerge::hydrate::Value) -> Json {
    use automerge::hydrate::Value as H;
    match v {
        H::Scalar(s) => from_scalar(s),
        H::Map(m) => Json::Object(
            m.iter()
                .map(|(k, mv)| (k.clone(), from_hydrated(&mv.value)))
                .collect(),
        ),
        H::List(l) => Json::Array(l.iter().map(|lv| from_hydrated(&lv.value)).collect()),
        H::Text(t) => Json::String(t.to_string()),
    }
}

/// Names the top-level fields whose values differ between two versions of a record.
pub fn changed_fields<'a>(old: &'a Map<String, Json>, new: &'a Map<String, Json>) -> Vec<&'a str> {
    new.iter()
        .filter(|(k, v)| old.get(k.as_str()) != Some(v))
        .map(|(k, _)| k.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use automerge::transaction::Transactable;
    use automerge::{Automerge, ROOT};
    use serde_json::json;

    use super::*;

    #[test]
    fn records_round_trip_through_automerge() {
        let record = json!({
            "code": "107.1",
            "cycle": 2,
            "value": 12.5,
            "whole": 3.0,
            "none": null,
            "flag": true,
            "themes": ["torture", "justice"],
            "disaggregated": [{"dimension": "sex", "category": "female", "value": 4.0}],
            "text_mn": "Эрүү шүүлт",
        });
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        let obj = tx.put_object(ROOT, "r", ObjType::Map).unwrap();
        fill_map(&mut tx, &obj, record.as_object().unwrap()).unwrap();
        tx.commit();
        let (_, obj) = doc.get(ROOT, "r").unwrap().unwrap();
        assert_eq!(Json::Object(read_map(&doc, &obj)), record);
        let hydrated = doc.hydrate(None);
        let automerge::hydrate::Value::Map(root) = hydrated else {
            panic!()
        };
        assert_eq!(from_hydrated(&root.get("r").unwrap().clone()), record);
    }

    #[test]
    fn only_fields_whose_values_differ_are_changed() {
        let old = json!({"a": 1, "b": [1, 2], "c": "x"});
        let new = json!({"a": 1, "b": [2, 1], "c": "x"});
        let changed = changed_fields(old.as_object().unwrap(), new.as_object().unwrap());
        assert_eq!(changed, ["b"]);
    }
}
