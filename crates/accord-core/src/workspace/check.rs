//! `accord check`: does the index say what the documents say, and is the
//! database sound? `--rebuild` refills the index from the documents.

use serde::Serialize;

use super::Workspace;
use crate::doc::{DocId, FieldConflict, Touch};
use crate::error::Result;
use crate::model::RecordKind;
use crate::store::{DERIVED, DocBytes, Load, Store};

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

/// A document to index: what it is built from, and, when the history is
/// rebuilt too, every change of it.
struct Source {
    bytes: DocBytes,
    history: Option<Vec<Vec<u8>>>,
}

fn read_doc(src: Source, actor: automerge::ActorId) -> Result<DocIndex> {
    let doc = src.bytes.build(actor)?;
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
            out.conflicts.push((kind, id.clone(), doc.conflicts(kind, &id)));
        }
        out.records.push((kind, id, fields));
    }
    for bytes in src.history.unwrap_or_default() {
        match automerge::Change::from_bytes(bytes) {
            Ok(change) => out.history.push((change.hash(), doc.touched(&change))),
            Err(e) => out
                .problems
                .push(format!("{}: a stored change is damaged: {e}", doc.id)),
        }
    }
    Ok(out)
}

/// Fills `store`'s index from the documents (and the history, if the
/// sources carry it). Returns the number of records and the records that
/// could not be read. Building and reading the documents runs on a second
/// thread, one document at a time, while this one writes SQLite.
fn rebuild_into(
    store: &Store,
    sources: Vec<Source>,
    actor: automerge::ActorId,
) -> Result<(usize, Vec<String>)> {
    let with_history = sources.iter().any(|s| s.history.is_some());
    store.clear_index(with_history)?;
    let mut records = 0;
    let mut problems = Vec::new();
    std::thread::scope(|scope| -> Result<()> {
        // One document read ahead at most, to bound memory.
        let (send, receive) = std::sync::mpsc::sync_channel::<Result<DocIndex>>(0);
        scope.spawn(move || {
            for src in sources {
                if send.send(read_doc(src, actor.clone())).is_err() {
                    break; // the writer stopped on an error
                }
            }
        });
        for d in receive {
            let d = d?;
            for (kind, id, fields) in d.records {
                records += 1;
                match store.index_record_in(d.id, kind, &id, fields, true) {
                    Ok(()) => {}
                    Err(e @ crate::Error::Document { .. }) => {
                        problems.push(format!("{} {kind} {id}: {e}", d.id))
                    }
                    Err(other) => return Err(other),
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
    /// What every document is built from; with `history`, all its changes too.
    fn sources(&self, how: Load, history: bool) -> Result<Vec<Source>> {
        self.store
            .doc_ids()?
            .into_iter()
            .map(|id| {
                let bytes = self.store.doc_bytes(id, how)?;
                let history = if !history {
                    None
                } else if how == Load::ChangesOnly {
                    Some(bytes.changes.clone())
                } else {
                    Some(self.store.changes_after(id, 0)?.into_iter().map(|c| c.bytes).collect())
                };
                Ok(Source { bytes, history })
            })
            .collect()
    }

    /// Compares the index with one rebuilt from the documents, and runs
    /// SQLite's integrity checks. Changes nothing.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport {
            problems: self.store.integrity_problems()?,
            ..Default::default()
        };
        // The stored changes alone are trusted: snapshots are a cache.
        let sources = self.sources(Load::ChangesOnly, true)?;
        report.documents = sources.len();
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
            let built = rebuild_into(&scratch, sources, self.actor.clone())?;
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
                let fix = if *table == "history" {
                    "accord check --rebuild --history"
                } else {
                    "accord check --rebuild"
                };
                report.problems.push(format!(
                    "index table {table}: {missing} row(s) missing, {stale} row(s) the documents do not support; run `{fix}`"
                ));
            }
        }
        Ok(())
    }

    /// Empties the index and rebuilds it from the documents, in one
    /// transaction. The history (which records each change touched) is
    /// written when a change is stored and kept, as the changes are;
    /// `history` recomputes it as well.
    pub fn rebuild_index(&mut self, history: bool) -> Result<CheckReport> {
        let sources = self.sources(Load::Cached, history)?;
        let documents = sources.len();
        let actor = self.actor.clone();
        let (records, problems) =
            self.transaction(|ws| rebuild_into(&ws.store, sources, actor))?;
        self.docs.clear();
        Ok(CheckReport {
            documents,
            records,
            problems,
            changes: 0,
        })
    }
}
