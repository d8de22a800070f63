//! `accord check`: does the index say what the documents say, and is the
//! database sound? `--rebuild` refills the index from the documents.

use serde::Serialize;

use super::Workspace;
use crate::doc::{DocId, Document, FieldConflict, Touch};
use crate::error::Result;
use crate::model::RecordKind;
use crate::store::{DERIVED, Load, Store};

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

/// What the index needs of one document, read from it off the database
/// thread.
struct DocIndex {
    id: DocId,
    records: Vec<(RecordKind, String, serde_json::Value)>,
    conflicts: Vec<(RecordKind, String, Vec<FieldConflict>)>,
    history: Vec<(automerge::ChangeHash, Vec<Touch>)>,
    heads: Vec<automerge::ChangeHash>,
    problems: Vec<String>,
}

fn read_doc(doc: &Document, changes: Vec<Vec<u8>>) -> DocIndex {
    let mut out = DocIndex {
        id: doc.id,
        records: Vec::new(),
        conflicts: Vec::new(),
        history: Vec::new(),
        heads: doc.heads(),
        problems: Vec::new(),
    };
    for (kind, id, fields, conflicted) in doc.all_records() {
        if conflicted {
            out.conflicts
                .push((kind, id.clone(), doc.conflicts(kind, &id)));
        }
        out.records.push((kind, id, fields));
    }
    for bytes in changes {
        match automerge::Change::from_bytes(bytes) {
            Ok(change) => out.history.push((change.hash(), doc.touched(&change))),
            Err(e) => out
                .problems
                .push(format!("{}: a stored change is damaged: {e}", doc.id)),
        }
    }
    out
}

/// Fills `store`'s index from the documents; `changes` is the store holding
/// their changes (for the history). Returns the number of records and the
/// records that could not be read. Reading the documents (hydrating them,
/// decoding changes) runs on a second thread while this one writes SQLite.
fn rebuild_into(
    store: &Store,
    changes: &Store,
    docs: Vec<Document>,
) -> Result<(usize, Vec<String>)> {
    store.clear_index()?;
    let mut work = Vec::with_capacity(docs.len());
    for doc in docs {
        let bytes: Vec<Vec<u8>> = changes
            .changes_after(doc.id, 0)?
            .into_iter()
            .map(|c| c.bytes)
            .collect();
        work.push((doc, bytes));
    }
    let mut records = 0;
    let mut problems = Vec::new();
    std::thread::scope(|scope| -> Result<()> {
        // Two documents in flight at most, to bound memory.
        let (send, receive) = std::sync::mpsc::sync_channel::<DocIndex>(1);
        scope.spawn(move || {
            for (doc, bytes) in work {
                if send.send(read_doc(&doc, bytes)).is_err() {
                    break; // the writer stopped on an error
                }
            }
        });
        for d in receive {
            for (kind, id, fields) in d.records {
                records += 1;
                if let Err(e) = store.index_record_in(d.id, kind, &id, fields, true) {
                    match e {
                        crate::Error::Document { .. } => {
                            problems.push(format!("{} {kind} {id}: {e}", d.id))
                        }
                        other => return Err(other),
                    }
                }
            }
            for (kind, id, conflicts) in &d.conflicts {
                store.set_conflicts(d.id, *kind, id, conflicts)?;
            }
            for (hash, touches) in &d.history {
                store.add_history(hash, touches)?;
            }
            store.set_heads(d.id, &d.heads)?;
            problems.extend(d.problems);
        }
        Ok(())
    })?;
    store.refresh_all_current()?;
    Ok((records, problems))
}

impl Workspace {
    /// Every document, loaded afresh from what is stored.
    fn load_all_docs(&self, how: Load) -> Result<Vec<Document>> {
        let ids: Vec<DocId> = self.store.doc_ids()?;
        ids.into_iter()
            .map(|id| Ok(self.store.load_doc_with(id, self.actor.clone(), how)?.0))
            .collect()
    }

    /// Compares the index with one rebuilt from the documents, and runs
    /// SQLite's integrity checks. Changes nothing.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport {
            problems: self.store.integrity_problems()?,
            ..Default::default()
        };
        let docs = self.load_all_docs(Load::ChangesOnly)?;
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
            let built = rebuild_into(&scratch, &self.store, docs)?;
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
        let docs = self.load_all_docs(Load::Cached)?;
        let documents = docs.len();
        let (records, problems) =
            self.transaction(|ws| rebuild_into(&ws.store, &ws.store, docs))?;
        self.docs.clear();
        Ok(CheckReport {
            documents,
            records,
            problems,
            changes: 0,
        })
    }
}
