//! Changes that do not count (see `workspace::revocation`): moved out of
//! the `change` table, so that every document, snapshot and check is built
//! from the changes that count, and moved back should they count again.

use automerge::Change;
use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::doc::{DocId, device_key_of};
use crate::error::Result;

/// A change held, with whether it counts.
pub struct HeldChange {
    pub doc: DocId,
    pub bytes: Vec<u8>,
    pub excluded: bool,
}

impl Store {
    /// Every change `device` made, counting or not.
    pub fn changes_of_device(&self, device: &str) -> Result<Vec<HeldChange>> {
        self.held_where("device = ?1", device)
    }

    /// Every change of a document, counting or not.
    pub fn held_changes(&self, doc: DocId) -> Result<Vec<HeldChange>> {
        self.held_where("doc = ?1", &doc.to_string())
    }

    fn held_where(&self, condition: &str, value: &str) -> Result<Vec<HeldChange>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT doc, bytes, 0 FROM change WHERE {condition}
             UNION ALL SELECT doc, bytes, 1 FROM excluded_change WHERE {condition}"
        ))?;
        let rows = stmt.query_map([value], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, i64>(2)? == 1))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (doc, bytes, excluded) = row?;
            out.push(HeldChange {
                doc: doc.parse()?,
                bytes,
                excluded,
            });
        }
        Ok(out)
    }

    /// Whether any change is held out of the documents.
    pub fn any_excluded(&self) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM excluded_change LIMIT 1")?
            .query_row([], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// How many changes of each device are held out.
    pub fn excluded_by_device(&self) -> Result<std::collections::BTreeMap<String, usize>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device, count(*) FROM excluded_change GROUP BY device")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn count_excluded(&self) -> Result<usize> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM excluded_change", [], |r| {
                r.get::<_, i64>(0)
            })? as usize)
    }

    pub fn is_excluded(&self, hash: &automerge::ChangeHash) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM excluded_change WHERE hash = ?1")?
            .query_row([hash.0.as_slice()], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Whether a change builds directly on one held out (cheap when none is).
    pub fn depends_on_excluded(&self, change: &Change) -> Result<bool> {
        if change.deps().is_empty() || !self.any_excluded()? {
            return Ok(false);
        }
        self.builds_on_excluded(change)
    }

    /// Whether a change builds directly on one held out.
    pub fn builds_on_excluded(&self, change: &Change) -> Result<bool> {
        for d in change.deps() {
            if self.is_excluded(d)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Documents with changes held out.
    pub fn docs_with_excluded(&self) -> Result<Vec<DocId>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT doc FROM excluded_change ORDER BY doc")?;
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        names.iter().map(|n| n.parse()).collect()
    }

    /// Keeps a received change that does not count. Returns whether it was
    /// new.
    pub fn insert_excluded(
        &self,
        doc: DocId,
        change: &Change,
        envelope: Option<&str>,
        reason: &str,
    ) -> Result<bool> {
        let device = device_key_of(change.actor_id())
            .map(hex::encode)
            .unwrap_or_default();
        Ok(self
            .conn
            .prepare_cached(
                "INSERT OR IGNORE INTO excluded_change (hash, doc, device, reason, envelope, bytes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                change.hash().0.as_slice(),
                doc.to_string(),
                device,
                reason,
                envelope,
                change.raw_bytes()
            ])?
            == 1)
    }

    /// Moves a stored change out of its document.
    pub fn exclude(&self, hash: &automerge::ChangeHash, reason: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO excluded_change (hash, doc, device, reason, envelope, bytes)
             SELECT hash, doc, device, ?2, envelope, bytes FROM change WHERE hash = ?1",
            params![hash.0.as_slice(), reason],
        )?;
        self.conn
            .execute("DELETE FROM change WHERE hash = ?1", [hash.0.as_slice()])?;
        Ok(())
    }

    /// Moves a change held out back into its document.
    pub fn restore(&self, hash: &automerge::ChangeHash) -> Result<()> {
        let row: Option<(String, Option<String>, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT doc, envelope, bytes FROM excluded_change WHERE hash = ?1",
                [hash.0.as_slice()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((doc, envelope, bytes)) = row else {
            return Ok(());
        };
        let change = Change::from_bytes(bytes).map_err(|e| {
            crate::Error::doc(doc.as_str(), format!("a held change is damaged: {e}"))
        })?;
        self.insert_change(doc.parse()?, &change, envelope.as_deref())?;
        self.conn.execute(
            "DELETE FROM excluded_change WHERE hash = ?1",
            [hash.0.as_slice()],
        )?;
        Ok(())
    }

    /// This device's changes held out because they depend on one that does
    /// not count, not yet made again.
    pub fn to_reissue(&self, device: &str) -> Result<Vec<(DocId, Vec<u8>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT doc, bytes FROM excluded_change
             WHERE device = ?1 AND reissued = 0 AND reason = ?2 ORDER BY rowid",
        )?;
        let rows = stmt.query_map(params![device, DEPENDS], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (doc, bytes) = row?;
            out.push((doc.parse()?, bytes));
        }
        Ok(out)
    }

    pub fn mark_reissued(&self, hash: &automerge::ChangeHash) -> Result<()> {
        self.conn.execute(
            "UPDATE excluded_change SET reissued = 1 WHERE hash = ?1",
            [hash.0.as_slice()],
        )?;
        Ok(())
    }

    /// Takes every index row of a document out, before it is indexed again
    /// from the changes that count.
    pub(crate) fn clear_doc_index(&self, doc: DocId) -> Result<()> {
        let name = doc.to_string();
        for kind in crate::model::RecordKind::in_home(doc.home()) {
            let ids: Vec<String> = self
                .conn
                .prepare(&format!("SELECT id FROM {} WHERE doc = ?1", kind.name()))?
                .query_map([&name], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            for id in ids {
                self.remove_record(doc, kind, &id)?;
            }
        }
        self.conn
            .execute("DELETE FROM conflict WHERE doc = ?1", [&name])?;
        self.conn.execute(
            "DELETE FROM history WHERE change IN (SELECT hash FROM change WHERE doc = ?1
                 UNION ALL SELECT hash FROM excluded_change WHERE doc = ?1)",
            [&name],
        )?;
        self.conn
            .execute("DELETE FROM doc_heads WHERE doc = ?1", [&name])?;
        Ok(())
    }
}

/// Why a change is held out.
pub const BEYOND: &str = "made by a revoked device after what its revocation accepted";
pub const DEPENDS: &str = "builds on a change that does not count";
