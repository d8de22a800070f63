//! What an import will do, worked out before anything is written, and the
//! writing: every importer turns its file into recommendations (with their
//! sources, clusters and new terms), which are matched against those held
//! (the same source document and code), then written in batches.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use super::ImportSummary;
use crate::doc::{DocId, changed_fields};
use crate::error::{Error, Result};
use crate::model::ids;
use crate::model::*;
use crate::workspace::Workspace;

/// Recommendations written in one change: small enough that the write lock
/// is held for a fraction of a second and the change travels in an envelope
/// of bounded size, large enough that a big file is not thousands of changes.
pub(super) const IMPORT_BATCH: usize = 1_000;

/// A problem with one row of a file: nothing is imported while any is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportProblem {
    /// The line (CSV, the header being line 1), row (a table) or item
    /// (JSON) it is at, as `unit` says.
    pub at: u64,
    pub unit: String,
    pub message: String,
    /// For a label the vocabularies lack: which vocabulary, and the label.
    pub label: Option<(Vocabulary, String)>,
}

/// The recommendations a file holds, matched against those held.
pub(super) struct Planner {
    existing: HashMap<(Uuid, String), Recommendation>,
    /// The Universal Human Rights Index's annotation ids of those held.
    by_uhri: HashMap<String, (Uuid, String)>,
    taken: HashSet<Uuid>,
    seen: BTreeMap<(Uuid, String), u64>,
    pub summary: ImportSummary,
    pub creates: Vec<Recommendation>,
    pub updates: Vec<(Map<String, Json>, Recommendation)>,
    pub problems: Vec<ImportProblem>,
    /// What `at` counts in this file: "line", "row", "item".
    pub unit: &'static str,
}

impl Planner {
    pub fn new(ws: &Workspace, unit: &'static str) -> Result<Self> {
        let all = ws.store().all::<Recommendation>()?;
        Ok(Self {
            taken: all.iter().map(|r| r.id).collect(),
            by_uhri: all
                .iter()
                .filter(|r| !r.uhri_id.is_empty())
                .map(|r| (r.uhri_id.clone(), (r.source, r.code.clone())))
                .collect(),
            existing: all
                .into_iter()
                .map(|r| ((r.source, r.code.clone()), r))
                .collect(),
            seen: BTreeMap::new(),
            summary: ImportSummary::default(),
            creates: Vec::new(),
            updates: Vec::new(),
            problems: Vec::new(),
            unit,
        })
    }

    pub fn problem(&mut self, at: u64, message: impl Into<String>) {
        self.problems.push(ImportProblem {
            at,
            unit: self.unit.to_owned(),
            message: message.into(),
            label: None,
        });
    }

    /// Takes one recommendation of the file, found at `at`, of the source
    /// document `document`. One held already (same source and code) is
    /// updated, except its fields in `kept` (those the file has no column
    /// for), or counted unchanged; a new one gets the id its document and
    /// code give.
    pub fn add(&mut self, at: u64, mut rec: Recommendation, document: &str, kept: &[&str]) {
        self.summary.rows += 1;
        // The Index's annotation id finds a recommendation whatever its
        // code became; otherwise its source and code do.
        let key = self
            .by_uhri
            .get(&rec.uhri_id)
            .filter(|_| !rec.uhri_id.is_empty())
            .cloned()
            .unwrap_or_else(|| (rec.source, rec.code.clone()));
        if let Some(first) = self.seen.insert(key.clone(), at) {
            self.problem(at, format!("{} repeats the one at {first}", rec.code));
            return;
        }
        match self.existing.get(&key) {
            Some(old) => {
                rec.id = old.id;
                rec.source = old.source;
                rec.code = old.code.clone();
                rec.archived = old.archived;
                let (old_map, mut new_map) = match (
                    crate::workspace::record_map(old),
                    crate::workspace::record_map(&rec),
                ) {
                    (Ok(o), Ok(n)) => (o, n),
                    (Err(e), _) | (_, Err(e)) => return self.problem(at, e.to_string()),
                };
                for field in kept {
                    if let Some(v) = old_map.get(*field) {
                        new_map.insert((*field).to_owned(), v.clone());
                    }
                }
                let rec: Recommendation =
                    match serde_json::from_value(Json::Object(new_map.clone())) {
                        Ok(r) => r,
                        Err(e) => return self.problem(at, e.to_string()),
                    };
                if changed_fields(&old_map, &new_map).is_empty() {
                    self.summary.unchanged += 1;
                } else {
                    self.summary.updated.push(rec.code.clone());
                    self.updates.push((old_map, rec));
                }
            }
            None => {
                let id = if rec.uhri_id.is_empty() {
                    ids::recommendation_id(document, &rec.code)
                } else {
                    ids::recommendation_id("uhri", &rec.uhri_id)
                };
                // A record renamed since keeps the id; this one gets another.
                rec.id = if self.taken.insert(id) {
                    id
                } else {
                    Uuid::new_v4()
                };
                self.summary.new.push(rec.code.clone());
                self.creates.push(rec);
            }
        }
    }

    /// A problem for each label the vocabularies lack, at its first row.
    pub fn unknown_labels(&mut self, labels: &super::labels::Labels) {
        let unit = self.unit;
        for ((vocab, label), rows) in &labels.unknown {
            let first = rows.first().copied().unwrap_or(0);
            let mut rows: Vec<String> = rows.iter().map(u64::to_string).collect();
            if rows.len() > 8 {
                let more = rows.len() - 6;
                rows.truncate(6);
                rows.push(format!("and {more} more"));
            }
            let what = match vocab {
                Vocabulary::Theme => "theme",
                Vocabulary::AffectedPersons => "group of persons",
            };
            self.problems.push(ImportProblem {
                at: first,
                unit: unit.to_owned(),
                message: format!(
                    "the {what} '{label}' is not in the workspace's vocabulary ({unit}{} {}): import again adding the new terms, or map the label to a term",
                    if rows.len() == 1 { "" } else { "s" },
                    rows.join(", ")
                ),
                label: Some((*vocab, label.clone())),
            });
        }
        self.problems.sort_by_key(|p| p.at);
    }

    /// The error that lists every problem, if any: nothing is written then.
    pub fn refuse(&self, name: &str) -> Result<()> {
        if self.problems.is_empty() {
            return Ok(());
        }
        let details: Vec<String> = self
            .problems
            .iter()
            .map(|p| format!("  {} {}: {}", p.unit, p.at, p.message))
            .collect();
        let unknown_labels = self.problems.iter().filter(|p| p.label.is_some()).count();
        Err(Error::Import {
            path: name.to_owned(),
            count: self.problems.len(),
            details: details.join("\n"),
            unknown_labels,
        })
    }
}

/// Records an import adds besides its recommendations.
#[derive(Default)]
pub(super) struct Additions {
    pub sources: Vec<Source>,
    pub clusters: Vec<Cluster>,
    pub terms: Vec<Term>,
}

/// A file read and checked, nothing written yet.
pub(super) struct Prepared {
    pub plan: Planner,
    pub additions: Additions,
}

impl Prepared {
    /// The plan with what it adds besides recommendations, which its
    /// summary names.
    pub fn new(mut plan: Planner, additions: Additions) -> Prepared {
        let summary = &mut plan.summary;
        summary.new_sources = additions
            .sources
            .iter()
            .map(|s| s.document.clone())
            .collect();
        summary.new_clusters = additions.clusters.iter().map(|c| c.slug.clone()).collect();
        summary.new_sources.sort();
        summary.new_clusters.sort();
        summary.new_terms = additions
            .terms
            .iter()
            .map(|t| (t.vocabulary, t.label_en.clone()))
            .collect();
        Prepared { plan, additions }
    }
}

impl Workspace {
    /// Writes what was prepared, unless anything is wrong with it (then
    /// nothing) or `dry_run`.
    pub(super) fn finish_import(
        &mut self,
        name: &str,
        prepared: Prepared,
        dry_run: bool,
    ) -> Result<ImportSummary> {
        let Prepared { plan, additions } = prepared;
        plan.refuse(name)?;
        let mut summary = plan.summary;
        summary.dry_run = dry_run;
        if dry_run || (plan.creates.is_empty() && plan.updates.is_empty()) {
            return Ok(summary);
        }
        self.commit_import(name, additions, plan.creates, plan.updates)?;
        Ok(summary)
    }

    /// Writes a checked import in changes of at most `IMPORT_BATCH`
    /// recommendations, each in a transaction of its own: other writers
    /// wait for one batch, never for the whole file, and a large import
    /// travels as several envelopes of bounded size. Inside an enclosing
    /// transaction (the demo) the batches simply join it.
    pub(super) fn commit_import(
        &mut self,
        name: &str,
        additions: Additions,
        creates: Vec<Recommendation>,
        updates: Vec<(Map<String, Json>, Recommendation)>,
    ) -> Result<()> {
        let total = creates.len() + updates.len();
        let batches = total.div_ceil(IMPORT_BATCH).max(1);
        let mut creates = creates.into_iter();
        let mut updates = updates.into_iter();
        let mut written = 0;
        for i in 0..batches {
            if i > 0 {
                self.let_others_write();
            }
            let mut batch = crate::workspace::Batch::default();
            if i == 0 {
                for s in &additions.sources {
                    batch.create(s)?;
                }
                for c in &additions.clusters {
                    batch.create(c)?;
                }
                for t in &additions.terms {
                    batch.create(t)?;
                }
            }
            let mut n = 0;
            for r in creates.by_ref().take(IMPORT_BATCH) {
                batch.create(&r)?;
                n += 1;
            }
            for (old, r) in updates.by_ref().take(IMPORT_BATCH - n) {
                batch.update(&old, &r)?;
                n += 1;
            }
            let part = if batches > 1 {
                format!(" (part {} of {batches})", i + 1)
            } else {
                String::new()
            };
            let message = format!("import {name}{part}: {n} recommendations");
            if let Err(e) = self.write_batch(DocId::Catalogue, &message, batch) {
                if written == 0 {
                    return Err(e);
                }
                return Err(Error::ImportCutShort {
                    path: name.to_owned(),
                    written,
                    total,
                    reason: e.to_string(),
                });
            }
            written += n;
        }
        Ok(())
    }

    /// Maps `label` (as the UN's lists write it) to the term `code` of
    /// `vocab`: later imports find that term by it.
    pub fn map_label(&mut self, vocab: Vocabulary, label: &str, code: &str) -> Result<Term> {
        let label = label.trim();
        crate::model::validate::required("label", label)?;
        let term = self
            .store()
            .all::<Term>()?
            .into_iter()
            .find(|t| t.vocabulary == vocab && t.code == code && !t.archived)
            .ok_or_else(|| Error::NotFound {
                what: "term",
                key: format!("{vocab} {code}"),
            })?;
        if let Some(other) = self.store().all::<Term>()?.into_iter().find(|t| {
            t.vocabulary == vocab
                && t.id != term.id
                && !t.archived
                && [&t.code, &t.label_en, &t.label_mn]
                    .into_iter()
                    .chain(&t.aliases)
                    .any(|n| super::labels::norm(n) == super::labels::norm(label))
        }) {
            return Err(Error::invalid(
                "label",
                format!("'{label}' already names the {vocab} term {}", other.code),
            ));
        }
        if term
            .aliases
            .iter()
            .any(|a| super::labels::norm(a) == super::labels::norm(label))
        {
            return Ok(term);
        }
        self.update::<Term>(term.id, &format!("map '{label}' to {vocab} {code}"), |t| {
            t.aliases.push(label.to_owned());
            Ok(())
        })
    }

    /// The codes of a vocabulary's terms.
    pub fn vocabulary(&self, vocab: Vocabulary) -> Result<Vec<String>> {
        Ok(self
            .store()
            .all::<Term>()?
            .into_iter()
            .filter(|t| t.vocabulary == vocab && !t.archived)
            .map(|t| t.code)
            .collect())
    }
}
