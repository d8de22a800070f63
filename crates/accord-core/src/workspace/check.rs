//! `accord check`: does the index say what the documents say, and is the
//! database sound? `--rebuild` refills the index from the documents.

use serde::Serialize;

use super::Workspace;
use super::records::{DocRecords, Prepared};
use crate::doc::Document;
use crate::doc::{DocId, FieldConflict, Touch};
use crate::error::{Error, Result};
use crate::model::RecordKind;
use crate::store::{Load, Store};

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckReport {
    pub documents: usize,
    pub changes: usize,
    pub records: usize,
    /// Empty when everything is in order.
    pub problems: Vec<String>,
    /// What a rebuild mended, a sentence each.
    pub repaired: Vec<String>,
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
    records: Vec<(RecordKind, String, Prepared)>,
    conflicts: Vec<(RecordKind, String, Vec<FieldConflict>)>,
    history: Vec<(automerge::ChangeHash, Vec<Touch>)>,
    heads: Vec<automerge::ChangeHash>,
    problems: Vec<String>,
    bad_snapshot: bool,
    new_snapshot: Option<(i64, Vec<u8>)>,
    /// Stored changes that cannot be read, by sequence number.
    damaged: Vec<i64>,
}

/// How a rebuild reads the documents.
#[derive(Clone, Copy)]
struct Plan {
    /// Recompute the history from every change too.
    history: bool,
    /// Drop snapshots that do not match the changes (a rebuild may write;
    /// a check may not).
    repair: bool,
}

/// Builds a document from its snapshot if the snapshot holds exactly the
/// stored changes (the truth), else from the changes alone. Returns the
/// document, every stored change, whether a snapshot was refused, and the
/// last change sequence number the document includes.
fn build_trusted(reader: &Store, id: DocId, actor: automerge::ActorId) -> Result<Trusted> {
    // A change that cannot be read is left out (and reported): the
    // document is what the others make, and what depended on the damaged
    // change waits for it as for a change not yet received.
    let mut all = Vec::new();
    let mut damaged = Vec::new();
    for c in reader.changes_after(id, 0)? {
        match automerge::Change::from_bytes(c.bytes) {
            Ok(change) => all.push(change),
            Err(e) => damaged.push((c.seq, e.to_string())),
        }
    }
    // The heads of the changes that can be applied: a change whose
    // dependencies never arrived waits, and is not part of the document.
    let mut applicable: std::collections::HashSet<automerge::ChangeHash> = Default::default();
    loop {
        let before = applicable.len();
        for c in &all {
            if !applicable.contains(&c.hash()) && c.deps().iter().all(|d| applicable.contains(d)) {
                applicable.insert(c.hash());
            }
        }
        if applicable.len() == before {
            break;
        }
    }
    let deps: std::collections::HashSet<_> = all
        .iter()
        .filter(|c| applicable.contains(&c.hash()))
        .flat_map(|c| c.deps().to_vec())
        .collect();
    let mut expected: Vec<_> = applicable
        .iter()
        .copied()
        .filter(|h| !deps.contains(h))
        .collect();
    expected.sort();
    let cached = reader.doc_bytes(id, Load::Cached)?;
    if cached.snapshot.is_some()
        && let Ok(doc) = cached.build(actor.clone())
    {
        let mut heads = doc.heads();
        heads.sort();
        if heads == expected {
            return Ok(Trusted {
                doc,
                changes: all,
                snapshot_used: Some(false),
                upto: cached.upto,
                damaged,
            });
        }
    }
    let refused = cached.snapshot.is_some().then_some(true);
    let upto = reader.newest_change_of(id)?;
    let mut doc = Document::empty(id, actor);
    doc.apply_changes(all.iter().cloned())?;
    Ok(Trusted {
        doc,
        changes: all,
        snapshot_used: refused,
        upto,
        damaged,
    })
}

/// A document as its stored changes make it.
struct Trusted {
    doc: Document,
    /// Every stored change that can be read.
    changes: Vec<automerge::Change>,
    /// Whether a snapshot was used (false) or refused (true); none if the
    /// document has none.
    snapshot_used: Option<bool>,
    /// The last change sequence number the document includes.
    upto: i64,
    /// Stored changes that cannot be read: (sequence number, why).
    damaged: Vec<(i64, String)>,
}

fn read_doc(reader: &Store, id: DocId, plan: Plan, actor: automerge::ActorId) -> Result<DocIndex> {
    let Trusted {
        doc,
        changes,
        snapshot_used,
        upto,
        damaged,
    } = build_trusted(reader, id, actor)?;
    let bad_snapshot = snapshot_used == Some(true);
    let mut out = DocIndex {
        id,
        records: Vec::new(),
        conflicts: Vec::new(),
        history: Vec::new(),
        heads: doc.heads(),
        problems: Vec::new(),
        bad_snapshot,
        // A rebuild leaves a good snapshot behind for the next load (not
        // while a damaged change is still stored: it is mended first).
        new_snapshot: (plan.repair && snapshot_used != Some(false) && damaged.is_empty())
            .then(|| (upto, doc.save())),
        damaged: damaged.iter().map(|(seq, _)| *seq).collect(),
    };
    for (seq, why) in &damaged {
        out.problems.push(format!(
            "{id}: stored change {seq} cannot be read ({why}); a rebuild mends it from a copy in an envelope kept here or in a folder this working copy syncs with"
        ));
    }
    if bad_snapshot {
        out.problems.push(format!(
            "{id}: its saved copy does not match its changes and was not used{}",
            if plan.repair {
                "; it was replaced"
            } else {
                "; rebuild the index"
            }
        ));
    }
    let read = DocRecords::read(&doc);
    out.records = read.records;
    out.conflicts = read.conflicts;
    if plan.history {
        let mut toucher = doc.toucher();
        for change in &changes {
            out.history.push((change.hash(), toucher.touched(change)));
        }
    }
    Ok(out)
}

/// Fills `store`'s index from the documents stored at `source` (a path, read
/// on a second connection). Returns the number of records and the records
/// that could not be read. Building and reading the documents runs on a
/// second thread, one document at a time, while this one writes SQLite.
fn rebuild_into(
    store: &Store,
    source: &std::path::Path,
    ids: Vec<DocId>,
    plan: Plan,
    actor: automerge::ActorId,
) -> Result<(usize, Vec<String>, Vec<i64>)> {
    store.clear_index(plan.history)?;
    let mut records = 0;
    let mut problems = Vec::new();
    let mut damaged = Vec::new();
    std::thread::scope(|scope| -> Result<()> {
        // One document read ahead at most, to bound memory.
        let (send, receive) = std::sync::mpsc::sync_channel::<Result<DocIndex>>(0);
        scope.spawn(move || {
            let reader = match Store::open_reader(source) {
                Ok(r) => r,
                Err(e) => {
                    let _ = send.send(Err(e));
                    return;
                }
            };
            for id in ids {
                if send
                    .send(read_doc(&reader, id, plan, actor.clone()))
                    .is_err()
                {
                    break; // the writer stopped on an error
                }
            }
        });
        for d in receive {
            let d = d?;
            for (kind, rid, prepared) in d.records {
                records += 1;
                match prepared {
                    Ok((data, terms)) => {
                        match store.write_record(d.id, kind, &rid, &data, terms, true) {
                            Err(e @ Error::Document { .. }) => problems.push(e.to_string()),
                            other => other?,
                        }
                    }
                    Err(e) => problems.push(format!("{} {kind} {rid}: {e}", d.id)),
                }
            }
            for (kind, rid, conflicts) in &d.conflicts {
                store.set_conflicts(d.id, *kind, rid, conflicts)?;
            }
            for (hash, touches) in &d.history {
                store.add_history(hash, touches)?;
            }
            store.set_heads(d.id, &d.heads)?;
            if d.bad_snapshot && plan.repair {
                store.drop_snapshot(d.id)?;
            }
            if let Some((upto, bytes)) = &d.new_snapshot {
                store.put_snapshot(d.id, *upto, bytes)?;
            }
            problems.extend(d.problems);
            damaged.extend(d.damaged);
        }
        Ok(())
    })?;
    store.refresh_all_current()?;
    Ok((records, problems, damaged))
}

impl Workspace {
    /// Compares the index with one rebuilt from the documents, and runs
    /// SQLite's integrity checks. Changes nothing.
    pub fn check(&self) -> Result<CheckReport> {
        // FTS5's integrity check is written as an insert: it runs first.
        let problems = self.store.integrity_problems()?;
        // Writers wait while the rest runs (on a connection of its own,
        // which changes nothing): the documents it reads and the index it
        // compares are then of the same moment.
        let hold = self.store.hold_writers()?;
        let report = self.check_held(problems);
        drop(hold);
        report
    }

    fn check_held(&self, problems: Vec<String>) -> Result<CheckReport> {
        let mut report = CheckReport {
            problems,
            ..Default::default()
        };
        let ids = self.store.doc_ids()?;
        report.documents = ids.len();
        report.changes = self.store.change_count()?;
        let scratch_dir = tempfile::Builder::new()
            .prefix(".check-")
            .tempdir_in(&self.dir)
            .map_err(|e| crate::Error::io("cannot make a scratch index for the check", e))?;
        let scratch_path = scratch_dir.path().join("index.sqlite3");
        let (records, unreadable, _) = {
            let scratch = Store::create(&scratch_path)?;
            scratch.begin()?;
            let plan = Plan {
                history: true,
                repair: false,
            };
            let built = rebuild_into(&scratch, self.store.path(), ids, plan, self.actor.clone())?;
            scratch.commit()?;
            built
        };
        report.records = records;
        report.problems.extend(unreadable);
        let differences = self.store.differences_from(&scratch_path)?;
        report.problems.extend(differences);
        Ok(report)
    }

    /// Empties the index and rebuilds it from the documents, in one
    /// transaction. The history (which records each change touched) is
    /// written when a change is stored and kept, as the changes are;
    /// `history` recomputes it as well.
    pub fn rebuild_index(&mut self, history: bool) -> Result<CheckReport> {
        let actor = self.actor.clone();
        let plan = Plan {
            history,
            repair: true,
        };
        let path = self.store.path().to_path_buf();
        // The documents are listed under the lock: one that another process
        // creates meanwhile is not left out.
        let rebuild = |ws: &mut Workspace| {
            let ids = ws.store.doc_ids()?;
            let documents = ids.len();
            let (records, problems, damaged) =
                rebuild_into(&ws.store, &path, ids, plan, actor.clone())?;
            let repaired = if damaged.is_empty() {
                Vec::new()
            } else {
                ws.mend_changes(&damaged)?
            };
            Ok((documents, records, problems, repaired))
        };
        let (mut documents, mut records, mut problems, repaired) = self.transaction(rebuild)?;
        if !repaired.is_empty() {
            // Mended (or removed) and committed, the changes make the
            // documents again: the rebuild reads them on a connection of
            // its own, which sees only what is committed.
            (documents, records, problems, _) = self.transaction(rebuild)?;
        }
        self.docs.clear();
        Ok(CheckReport {
            documents,
            records,
            problems,
            repaired,
            changes: 0,
        })
    }
}
