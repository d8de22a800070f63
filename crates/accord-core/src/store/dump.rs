//! The records the canonical JSON dump is made of, in its stable order.

use super::Store;
use crate::error::Result;
use crate::model::RecordKind;

impl Store {
    /// Every record of `kind`, as its JSON, by id.
    pub fn record_data(&self, kind: RecordKind) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT data FROM {} ORDER BY id", kind.name()))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
