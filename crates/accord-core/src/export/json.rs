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
        let conn = &self.store().conn;
        let mut records = Map::new();
        for kind in RecordKind::ALL {
            let mut stmt =
                conn.prepare(&format!("SELECT data FROM {} ORDER BY id", kind.name()))?;
            let rows: Vec<Json> = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .map(|d| Ok(serde_json::from_str(&d?).unwrap_or(Json::Null)))
                .collect::<rusqlite::Result<_>>()?;
            records.insert(kind.name().to_owned(), Json::Array(rows));
        }
        let mut stmt = conn.prepare(
            "SELECT doc, kind, record, field, detail FROM conflict ORDER BY record, field",
        )?;
        let conflicts: Vec<Json> = stmt
            .query_map([], |r| {
                Ok(json!({
                    "doc": r.get::<_, String>(0)?,
                    "kind": r.get::<_, String>(1)?,
                    "record": r.get::<_, String>(2)?,
                    "field": r.get::<_, String>(3)?,
                    "values": serde_json::from_str::<Json>(&r.get::<_, String>(4)?).unwrap_or(Json::Null),
                }))
            })?
            .collect::<rusqlite::Result<_>>()?;
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
