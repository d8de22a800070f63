//! `accord check`: does the index say what the documents say, and is the
//! database sound? `--rebuild` refills the index from the documents.

use serde::Serialize;

use super::Workspace;
use crate::doc::{DocId, Document};
use crate::error::Result;
use crate::store::{DERIVED, Store};

#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    pub documents: usize,
    pub changes: usize,
    pub records: usize,
    /// Empty when everything is in order.
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Fills `store`'s index from the documents; returns the number of records
/// and the records that could not be read.
/// `changes` is the store holding the documents' changes (for the history).
fn rebuild_into(store: &Store, changes: &Store, docs: &[Document]) -> Result<(usize, Vec<String>)> {
    store.clear_index()?;
    let mut records = 0;
    let mut problems = Vec::new();
    for doc in docs {
        for (kind, id, fields, conflicted) in doc.all_records() {
            records += 1;
            if let Err(e) = store.index_record_in(doc.id, kind, &id, fields, true) {
                problems.push(format!("{} {kind} {id}: {e}", doc.id));
            }
            if conflicted {
                store.set_conflicts(doc.id, kind, &id, &doc.conflicts(kind, &id))?;
            }
        }
        for stored in changes.changes_after(doc.id, 0)? {
            let change = automerge::Change::from_bytes(stored.bytes).map_err(|e| {
                crate::Error::doc(doc.id, format!("a stored change is damaged: {e}"))
            })?;
            store.add_history(&change.hash(), &doc.touched(&change))?;
        }
        store.set_heads(doc.id, &doc.heads())?;
    }
    store.refresh_all_current()?;
    Ok((records, problems))
}

impl Workspace {
    /// Every document, loaded afresh from the stored changes.
    fn load_all_docs(&self) -> Result<Vec<Document>> {
        let ids: Vec<DocId> = self.store.doc_ids()?;
        ids.into_iter()
            .map(|id| Ok(self.store.load_doc(id, self.actor.clone())?.0))
            .collect()
    }

    /// Compares the index with one rebuilt from the documents, and runs
    /// SQLite's integrity checks. Changes nothing.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport {
            problems: self.store.integrity_problems()?,
            ..Default::default()
        };
        let docs = self.load_all_docs()?;
        report.documents = docs.len();
        report.changes = self
            .store
            .conn
            .query_row("SELECT count(*) FROM change", [], |r| r.get::<_, i64>(0))?
            as usize;
        let scratch_dir = tempfile::Builder::new()
            .prefix(".check-")
            .tempdir_in(&self.dir)
            .map_err(|e| crate::Error::io("cannot make a scratch index for the check", e))?;
        let scratch_path = scratch_dir.path().join("index.sqlite3");
        let (records, unreadable) = {
            let scratch = Store::create(&scratch_path)?;
            scratch.conn.execute_batch("BEGIN")?;
            let built = rebuild_into(&scratch, &self.store, &docs)?;
            scratch.conn.execute_batch("COMMIT")?;
            built
        };
        report.records = records;
        report.problems.extend(unreadable);
        self.store.conn.execute(
            "ATTACH DATABASE ?1 AS fresh",
            [scratch_path.to_string_lossy()],
        )?;
        let compared = self.compare_with_fresh(&mut report);
        self.store.conn.execute("DETACH DATABASE fresh", [])?;
        compared?;
        Ok(report)
    }

    fn compare_with_fresh(&self, report: &mut CheckReport) -> Result<()> {
        for (table, cols) in DERIVED {
            let count = |a: &str, b: &str| -> Result<i64> {
                Ok(self.store.conn.query_row(
                    &format!(
                        "SELECT count(*) FROM (SELECT {cols} FROM {a}.{table} EXCEPT SELECT {cols} FROM {b}.{table})"
                    ),
                    [],
                    |r| r.get(0),
                )?)
            };
            let stale = count("main", "fresh")?;
            let missing = count("fresh", "main")?;
            if stale + missing > 0 {
                report.problems.push(format!(
                    "index table {table}: {missing} row(s) missing, {stale} row(s) the documents do not support; run `accord check --rebuild`"
                ));
            }
        }
        Ok(())
    }

    /// Empties the index and rebuilds it from the documents, in one transaction.
    pub fn rebuild_index(&mut self) -> Result<CheckReport> {
        let docs = self.load_all_docs()?;
        let documents = docs.len();
        let (records, problems) = self.transaction(|ws| rebuild_into(&ws.store, &ws.store, &docs))?;
        self.docs.clear();
        Ok(CheckReport {
            documents,
            records,
            problems,
            changes: 0,
        })
    }
}
