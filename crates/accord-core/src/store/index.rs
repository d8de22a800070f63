//! The index: what the documents say, in tables that queries can use.
//! Everything here is derived and can be rebuilt from the documents.

use rusqlite::{OptionalExtension, params};
use serde_json::Value as Json;

use super::Store;

/// Up to this many (recommendation, organisation) pairs, current
/// assessments are refreshed pair by pair; above, organisation by
/// organisation.
const PAIRS_ONE_BY_ONE: usize = 200;
use crate::doc::{ConflictValue, DocId, FieldConflict, Touch};
use crate::error::{Error, Result};
use crate::model::*;

/// Calls `$body` with `$T` bound to the record type of `$kind`.
macro_rules! with_record_type {
    ($kind:expr, $T:ident => $body:expr) => {
        match $kind {
            RecordKind::Workspace => {
                type $T = WorkspaceInfo;
                $body
            }
            RecordKind::Organisation => {
                type $T = Organisation;
                $body
            }
            RecordKind::Person => {
                type $T = Person;
                $body
            }
            RecordKind::Device => {
                type $T = Device;
                $body
            }
            RecordKind::Source => {
                type $T = Source;
                $body
            }
            RecordKind::Recommendation => {
                type $T = Recommendation;
                $body
            }
            RecordKind::Cluster => {
                type $T = Cluster;
                $body
            }
            RecordKind::Term => {
                type $T = Term;
                $body
            }
            RecordKind::PlanEntry => {
                type $T = PlanEntry;
                $body
            }
            RecordKind::Activity => {
                type $T = Activity;
                $body
            }
            RecordKind::Indicator => {
                type $T = Indicator;
                $body
            }
            RecordKind::Measurement => {
                type $T = Measurement;
                $body
            }
            RecordKind::Assessment => {
                type $T = Assessment;
                $body
            }
            RecordKind::Comment => {
                type $T = Comment;
                $body
            }
            RecordKind::Meeting => {
                type $T = Meeting;
                $body
            }
            RecordKind::Decision => {
                type $T = Decision;
                $body
            }
        }
    };
}
pub(crate) use with_record_type;

/// A record as the index keeps it: its canonical JSON and its index terms.
/// Pure, so that a rebuild prepares records off the database thread.
/// A record must belong where it was found: an assessment of organisation Y
/// written into X's document is not Y's voice.
pub(crate) fn canonical(
    doc: DocId,
    kind: RecordKind,
    fields: Json,
) -> Result<(String, IndexTerms)> {
    with_record_type!(kind, T => {
        let rec: T = serde_json::from_value(fields)
            .map_err(|e| Error::doc(kind, format!("a record cannot be read: {e}")))?;
        if rec.doc() != doc {
            return Err(Error::doc(
                doc,
                format!("{kind} {} belongs in {}, not here; it is ignored", rec.id(), rec.doc()),
            ));
        }
        let json = serde_json::to_string(&rec).expect("records serialise");
        Ok((json, rec.index_terms()))
    })
}

/// Natural sort key: digit runs zero-padded, so 107.2 sorts before 107.10.
pub fn natural_key(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + 8);
    let mut digits = String::new();
    for c in code.chars().chain(std::iter::once('\u{0}')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if !digits.is_empty() {
            out.push_str(&format!("{digits:0>8}"));
            digits.clear();
        }
        if c != '\u{0}' {
            out.extend(c.to_lowercase());
        }
    }
    out
}

impl Store {
    /// Writes (or rewrites) one record's index rows.
    pub fn index_record(&self, doc: DocId, kind: RecordKind, id: &str, fields: Json) -> Result<()> {
        self.index_record_in(doc, kind, id, fields, false)
    }

    /// Indexes a record. `fresh`: the index is being rebuilt and holds no
    /// rows of it, so nothing is looked up or deleted, and current
    /// assessments are computed once at the end (`refresh_all_current`).
    pub(crate) fn index_record_in(
        &self,
        doc: DocId,
        kind: RecordKind,
        id: &str,
        fields: Json,
        fresh: bool,
    ) -> Result<()> {
        let (data, terms) = canonical(doc, kind, fields)?;
        self.write_record(doc, kind, id, &data, terms, fresh)
    }

    /// Writes a record's index rows from its canonical form.
    pub(crate) fn write_record(
        &self,
        doc: DocId,
        kind: RecordKind,
        id: &str,
        data: &str,
        terms: IndexTerms,
        fresh: bool,
    ) -> Result<()> {
        let table = kind.name();
        let previous_assessment = if kind == RecordKind::Assessment && !fresh {
            self.assessment_key(id)?
        } else {
            None
        };
        // An id is one record. Should two documents hold a record of the
        // same kind and id (only organisations' documents can, by mistake
        // or malice), the copy in the document whose name sorts first is
        // the one indexed, at every office, whatever order the documents
        // arrived in; the other is left out, and `check` names it.
        let insert = || {
            self.conn
                .prepare_cached(&format!(
                    "INSERT INTO {table} (id, doc, data) VALUES (?1, ?2, ?3)
                     ON CONFLICT (id) DO UPDATE SET data = excluded.data WHERE doc = excluded.doc"
                ))?
                .execute(params![id, doc.to_string(), data])
        };
        if insert()? == 0 {
            let holder = self.doc_of(kind, id)?;
            match holder {
                // A draft or internal record published: the organisation's
                // public copy is the one shown, as intended.
                Some(DocId::Org(o)) if doc == DocId::Private(o) => return Ok(()),
                Some(other) if doc.to_string() < other.to_string() => {
                    self.remove_record(other, kind, id)?;
                    self.conn
                        .prepare_cached("DELETE FROM conflict WHERE record = ?1 AND doc = ?2")?
                        .execute(params![id, other.to_string()])?;
                    insert()?;
                }
                _ => {
                    let other = holder.map(|d| d.to_string()).unwrap_or_default();
                    return Err(Error::doc(
                        doc,
                        format!(
                            "{kind} {id} is also a record of {other}, whose copy is the one shown; this copy is left out"
                        ),
                    ));
                }
            }
        }
        if let Some(key) = &terms.sort_key {
            self.conn
                .prepare_cached(&format!("UPDATE {table} SET sort_key = ?2 WHERE id = ?1"))?
                .execute(params![id, key])?;
        }
        if !fresh {
            self.conn
                .prepare_cached("DELETE FROM tag WHERE id = ?1")?
                .execute([id])?;
        }
        {
            let mut ins = self
                .conn
                .prepare_cached("INSERT INTO tag (id, tag, value) VALUES (?1, ?2, ?3)")?;
            for (tag, value) in &terms.tags {
                ins.execute(params![id, tag, value])?;
            }
        }
        self.index_text(kind, id, terms.text.as_deref(), fresh)?;
        if kind == RecordKind::Assessment && !fresh {
            if let Some((rec, org)) = previous_assessment {
                self.refresh_current_assessment(&rec, &org)?;
            }
            if let Some((rec, org)) = self.assessment_key(id)? {
                self.refresh_current_assessment(&rec, &org)?;
            }
        }
        Ok(())
    }

    fn index_text(
        &self,
        kind: RecordKind,
        id: &str,
        text: Option<&str>,
        fresh: bool,
    ) -> Result<()> {
        let text = text.filter(|t| !t.trim().is_empty());
        if kind == RecordKind::Recommendation {
            return self.index_recommendation_text(id, text, fresh);
        }
        if !fresh {
            let old: Option<(i64, String)> = self
                .conn
                .prepare_cached("SELECT rowid, text FROM search_doc WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            if let Some((rowid, old_text)) = old {
                if Some(old_text.as_str()) == text {
                    return Ok(());
                }
                self.conn
                    .prepare_cached("DELETE FROM search WHERE rowid = ?1")?
                    .execute([rowid])?;
                self.conn
                    .prepare_cached("DELETE FROM search_doc WHERE rowid = ?1")?
                    .execute([rowid])?;
            }
        }
        if let Some(text) = text {
            self.conn
                .prepare_cached("INSERT INTO search_doc (kind, id, text) VALUES (?1, ?2, ?3)")?
                .execute(params![kind.name(), id, text])?;
            let rowid = self.conn.last_insert_rowid();
            self.conn
                .prepare_cached("INSERT INTO search (rowid, text) VALUES (?1, ?2)")?
                .execute(params![rowid, text])?;
        }
        Ok(())
    }

    /// Recommendations have a full-text table of their own, keyed by their
    /// row, so that searching them needs no join.
    fn index_recommendation_text(&self, id: &str, text: Option<&str>, fresh: bool) -> Result<()> {
        let rowid: i64 = self
            .conn
            .prepare_cached("SELECT row FROM recommendation WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        if !fresh {
            let old: Option<String> = self
                .conn
                .prepare_cached("SELECT text FROM recommendation_text WHERE rowid = ?1")?
                .query_row([rowid], |r| r.get(0))
                .optional()?;
            if old.as_deref() == text {
                return Ok(());
            }
            self.conn
                .prepare_cached("DELETE FROM recommendation_text WHERE rowid = ?1")?
                .execute([rowid])?;
        }
        if let Some(text) = text {
            self.conn
                .prepare_cached("INSERT INTO recommendation_text (rowid, text) VALUES (?1, ?2)")?
                .execute(params![rowid, text])?;
        }
        Ok(())
    }

    fn assessment_key(&self, id: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT recommendation, org FROM assessment WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    fn refresh_current_assessment(&self, rec: &str, org: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "DELETE FROM current_assessment WHERE recommendation = ?1 AND org = ?2",
            )?
            .execute(params![rec, org])?;
        self.conn
            .prepare_cached(
                "INSERT INTO current_assessment (recommendation, org, assessment, level)
                 SELECT recommendation, org, id, level FROM assessment
                 WHERE recommendation = ?1 AND org = ?2 AND NOT archived
                 ORDER BY date DESC, id DESC LIMIT 1",
            )?
            .execute(params![rec, org])?;
        Ok(())
    }

    /// Takes a record out of the index (it can no longer be read): its row,
    /// tags, text and, for an assessment, its place as a current view.
    pub(crate) fn remove_record(&self, doc: DocId, kind: RecordKind, id: &str) -> Result<()> {
        let key = if kind == RecordKind::Assessment {
            self.assessment_key(id)?
        } else {
            None
        };
        if self.doc_of(kind, id)? != Some(doc) {
            return Ok(());
        }
        // A recommendation's text is keyed by its row: out before the row.
        self.index_text(kind, id, None, false)?;
        let removed = self
            .conn
            .prepare_cached(&format!(
                "DELETE FROM {} WHERE id = ?1 AND doc = ?2",
                kind.name()
            ))?
            .execute(params![id, doc.to_string()])?;
        if removed == 0 {
            return Ok(());
        }
        self.conn
            .prepare_cached("DELETE FROM tag WHERE id = ?1")?
            .execute([id])?;
        if let Some((rec, org)) = key {
            self.refresh_current_assessment(&rec, &org)?;
        }
        Ok(())
    }

    /// Every organisation's current assessment of every recommendation, from
    /// scratch (after a rebuild).
    pub(crate) fn refresh_all_current(&self) -> Result<()> {
        self.conn.execute("DELETE FROM current_assessment", [])?;
        self.conn.execute(
            "INSERT INTO current_assessment (recommendation, org, assessment, level)
             SELECT recommendation, org, id, level FROM (
                 SELECT recommendation, org, id, level, row_number() OVER (
                     PARTITION BY recommendation, org ORDER BY date DESC, id DESC) AS n
                 FROM assessment WHERE NOT archived)
             WHERE n = 1",
            [],
        )?;
        Ok(())
    }

    /// Replaces the conflicts listed for a record.
    pub fn set_conflicts(
        &self,
        doc: DocId,
        kind: RecordKind,
        id: &str,
        conflicts: &[FieldConflict],
    ) -> Result<()> {
        // The copy of a record that another document's copy shadows (see
        // `write_record`) lists no conflicts.
        if self.doc_of(kind, id)?.is_some_and(|holder| holder != doc) {
            return Ok(());
        }
        self.conn
            .prepare_cached("DELETE FROM conflict WHERE record = ?1")?
            .execute([id])?;
        let mut ins = self.conn.prepare_cached(
            "INSERT INTO conflict (doc, kind, record, field, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for c in conflicts {
            let detail: Vec<Json> = c.values.iter().map(conflict_value_json).collect();
            ins.execute(params![
                doc.to_string(),
                kind.name(),
                id,
                c.field,
                Json::Array(detail).to_string()
            ])?;
        }
        Ok(())
    }

    pub fn add_history(&self, change: &automerge::ChangeHash, touches: &[Touch]) -> Result<()> {
        let mut ins = self.conn.prepare_cached(
            "INSERT OR REPLACE INTO history (change, kind, record, created, fields) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for t in touches {
            let fields: Vec<&str> = t.fields.iter().map(String::as_str).collect();
            ins.execute(params![
                change.0.as_slice(),
                t.kind.name(),
                t.record,
                t.created,
                fields.join(",")
            ])?;
        }
        Ok(())
    }

    /// Whether the index holds anything of `doc` yet (its heads are
    /// written with every update).
    pub fn is_indexed(&self, doc: DocId) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM doc_heads WHERE doc = ?1")?
            .query_row([doc.to_string()], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The current assessments of these (recommendation, organisation)
    /// pairs, recomputed once each.
    pub(crate) fn refresh_current_of(
        &self,
        pairs: &std::collections::BTreeSet<(String, String)>,
    ) -> Result<()> {
        // Many pairs (an organisation's document met for the first time):
        // each of their organisations' current assessments at once, in one
        // statement, rather than two statements a pair.
        if pairs.len() > PAIRS_ONE_BY_ONE {
            let orgs: std::collections::BTreeSet<&str> =
                pairs.iter().map(|(_, org)| org.as_str()).collect();
            for org in orgs {
                self.refresh_current_of_org(org)?;
            }
            return Ok(());
        }
        for (rec, org) in pairs {
            self.refresh_current_assessment(rec, org)?;
        }
        Ok(())
    }

    /// Every current assessment of one organisation, computed again.
    fn refresh_current_of_org(&self, org: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM current_assessment WHERE org = ?1")?
            .execute([org])?;
        self.conn
            .prepare_cached(
                "INSERT INTO current_assessment (recommendation, org, assessment, level)
                 SELECT recommendation, org, id, level FROM (
                     SELECT recommendation, org, id, level, row_number() OVER (
                         PARTITION BY recommendation ORDER BY date DESC, id DESC) AS n
                     FROM assessment WHERE org = ?1 AND NOT archived)
                 WHERE n = 1",
            )?
            .execute([org])?;
        Ok(())
    }

    pub fn set_heads(&self, doc: DocId, heads: &[automerge::ChangeHash]) -> Result<()> {
        let mut hex: Vec<String> = heads.iter().map(|h| h.to_string()).collect();
        hex.sort();
        self.conn
            .prepare_cached(
                "INSERT INTO doc_heads (doc, heads) VALUES (?1, ?2)
                 ON CONFLICT (doc) DO UPDATE SET heads = excluded.heads",
            )?
            .execute(params![doc.to_string(), hex.join(",")])?;
        Ok(())
    }

    /// Empties every derived table (before a rebuild); the history only
    /// with `history`.
    pub fn clear_index(&self, history: bool) -> Result<()> {
        for (table, _) in super::DERIVED {
            if *table != "recommendation_search" && (history || *table != "history") {
                self.conn.execute(&format!("DELETE FROM {table}"), [])?;
            }
        }
        self.conn.execute("DELETE FROM search", [])?;
        self.conn.execute("DELETE FROM recommendation_text", [])?;
        Ok(())
    }

    /// The kind and document of an indexed record.
    pub fn locate(&self, id: &str) -> Result<Option<(RecordKind, DocId)>> {
        for kind in RecordKind::ALL {
            if let Some(doc) = self.doc_of(*kind, id)? {
                return Ok(Some((*kind, doc)));
            }
        }
        Ok(None)
    }

    /// The document of a record whose kind is known.
    pub fn doc_of(&self, kind: RecordKind, id: &str) -> Result<Option<DocId>> {
        let doc: Option<String> = self
            .conn
            .prepare_cached(&format!("SELECT doc FROM {} WHERE id = ?1", kind.name()))?
            .query_row([id], |r| r.get(0))
            .optional()?;
        doc.map(|d| d.parse()).transpose()
    }
}

fn conflict_value_json(v: &ConflictValue) -> Json {
    serde_json::json!({
        "value": v.value,
        "change": v.change.map(|h| h.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::natural_key;

    #[test]
    fn codes_sort_as_people_read_them() {
        let mut codes = vec!["107.10", "107.2", "108.1", "CAT 8(a)", "107.1"];
        codes.sort_by_key(|c| natural_key(c));
        assert_eq!(codes, ["107.1", "107.2", "107.10", "108.1", "CAT 8(a)"]);
    }
}
