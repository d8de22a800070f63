//! The canonical JSON dump of a workspace's shared data: every record of
//! every document, and the open conflicts, in a stable order. Nothing local
//! (this device's key, settings, the index's bookkeeping) is in it, so two
//! working copies holding the same changes give byte-identical dumps.

use serde_json::{Map, Value as Json, json};

use crate::error::Result;
use crate::model::RecordKind;
use crate::workspace::Workspace;

pub const FORMAT: &str = "accord-export";
pub const VERSION: u32 = 1;

impl Workspace {
    pub fn export_json(&self) -> Result<String> {
        let store = self.store();
        let mut records = Map::new();
        for kind in RecordKind::ALL {
            let rows: Vec<Json> = store
                .record_data(*kind)?
                .iter()
                .map(|d| serde_json::from_str(d).unwrap_or(Json::Null))
                .collect();
            records.insert(kind.name().to_owned(), Json::Array(rows));
        }
        let mut rows = store.conflict_rows()?;
        // The dump lists conflicts by record and field.
        rows.sort_by(|a, b| (&a.2, &a.3, &a.1, &a.0).cmp(&(&b.2, &b.3, &b.1, &b.0)));
        let conflicts: Vec<Json> = rows
            .into_iter()
            .map(|(doc, kind, record, field, detail)| {
                json!({
                    "doc": doc,
                    "kind": kind,
                    "record": record,
                    "field": field,
                    "values": serde_json::from_str::<Json>(&detail).unwrap_or(Json::Null),
                })
            })
            .collect();
        let dump = json!({
            "format": FORMAT,
            "version": VERSION,
            "records": records,
            "conflicts": conflicts,
        });
        let mut out = serde_json::to_string_pretty(&dump).expect("JSON values serialise");
        out.push('\n');
        Ok(out)
    }
}
