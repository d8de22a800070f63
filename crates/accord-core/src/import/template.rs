//! The CSV template: one recommendation a row. Reading is all or nothing:
//! every row is checked first, and any problem (with its row number) stops
//! the import before anything is written. A row whose recommendation (same
//! source document and code) exists already updates it, or is skipped if
//! nothing differs, so importing a file twice adds nothing.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use serde::Serialize;
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use crate::doc::{DocId, changed_fields};
use crate::error::{Error, Result};
use crate::model::validate as v;
use crate::model::*;
use crate::workspace::Workspace;

/// The template's columns, in order. `code`, `mechanism`, `document` and one
/// of the texts are required; the rest may be empty.
pub const COLUMNS: &[&str] = &[
    "code",
    "mechanism",
    "body",
    "cycle",
    "session",
    "document",
    "date",
    "text_en",
    "text_mn",
    "official_language",
    "recommending_states",
    "response",
    "response_source",
    "themes",
    "affected_persons",
    "sdg_targets",
    "cluster",
    "lead_organisations",
    "supporting_organisations",
];

/// The record field each optional column sets.
const COLUMN_FIELDS: &[(&str, &str)] = &[
    ("text_en", "text_en"),
    ("text_mn", "text_mn"),
    ("official_language", "official"),
    ("recommending_states", "states"),
    ("response", "response"),
    ("response_source", "response_source"),
    ("themes", "themes"),
    ("affected_persons", "affected"),
    ("sdg_targets", "sdg"),
    ("cluster", "cluster"),
    ("lead_organisations", "lead"),
    ("supporting_organisations", "supporting"),
];

/// Largest file the importer reads (a UPR cycle is a few hundred rows).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Recommendations written in one change: small enough that the write lock
/// is held for a fraction of a second and the change travels in an envelope
/// of bounded size, large enough that a big file is not thousands of changes.
const IMPORT_BATCH: usize = 1_000;

#[derive(Debug, Clone, Serialize)]
pub struct RowError {
    /// The line of the file (the header is line 1).
    pub line: u64,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    pub rows: usize,
    pub new: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: usize,
    pub new_sources: Vec<String>,
    pub new_clusters: Vec<String>,
    pub dry_run: bool,
}

fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

struct Context {
    sources: HashMap<String, Source>,
    clusters: HashMap<String, Cluster>,
    orgs: HashMap<String, Uuid>,
    themes: Vec<String>,
    affected: Vec<String>,
}

impl Workspace {
    /// Imports recommendations from a CSV file in the template's format.
    /// With `dry_run`, reports what would happen and writes nothing.
    pub fn import_csv(&mut self, path: &std::path::Path, dry_run: bool) -> Result<ImportSummary> {
        let name = path.display().to_string();
        let file =
            std::fs::File::open(path).map_err(|e| Error::io(format!("cannot open {name}"), e))?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_BYTES {
            return Err(Error::invalid(
                "file",
                format!("{name} is {size} bytes; the importer reads files up to {MAX_BYTES} bytes"),
            ));
        }
        self.import_reader(&name, file, dry_run)
    }

    pub fn import_reader<R: Read>(
        &mut self,
        name: &str,
        input: R,
        dry_run: bool,
    ) -> Result<ImportSummary> {
        self.import_template(name, input, dry_run, false)
    }

    /// `illustrative` marks the texts as written for the demo.
    pub(crate) fn import_template<R: Read>(
        &mut self,
        name: &str,
        input: R,
        dry_run: bool,
        illustrative: bool,
    ) -> Result<ImportSummary> {
        let mut ctx = Context {
            sources: self
                .store()
                .all::<Source>()?
                .into_iter()
                .map(|s| (s.document.clone(), s))
                .collect(),
            clusters: self
                .store()
                .all::<Cluster>()?
                .into_iter()
                .map(|c| (c.slug.clone(), c))
                .collect(),
            orgs: self
                .store()
                .all::<Organisation>()?
                .into_iter()
                .map(|o| (o.short.to_lowercase(), o.id))
                .collect(),
            themes: self.vocabulary(Vocabulary::Theme)?,
            affected: self.vocabulary(Vocabulary::AffectedPersons)?,
        };
        let existing: HashMap<(Uuid, String), Recommendation> = self
            .store()
            .all::<Recommendation>()?
            .into_iter()
            .map(|r| ((r.source, r.code.clone()), r))
            .collect();
        let known_sources: Vec<Uuid> = ctx.sources.values().map(|s| s.id).collect();
        let known_clusters: Vec<Uuid> = ctx.clusters.values().map(|c| c.id).collect();

        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
        let problem = |line: u64, message: String| RowError { line, message };
        let mut errors: Vec<RowError> = Vec::new();
        let headers = reader
            .headers()
            .map_err(|e| {
                Error::invalid(
                    "file",
                    format!("{name}: the header row cannot be read: {e}"),
                )
            })?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase())
            .collect::<Vec<_>>();
        for (i, h) in headers.iter().enumerate() {
            if let Some(j) = headers[..i].iter().position(|x| x == h) {
                return Err(Error::invalid(
                    "file",
                    format!(
                        "{name}: the column {h} appears twice (columns {} and {}); keep one",
                        j + 1,
                        i + 1
                    ),
                ));
            }
        }
        let unknown: Vec<&String> = headers
            .iter()
            .filter(|h| !COLUMNS.contains(&h.as_str()))
            .collect();
        let missing: Vec<&&str> = ["code", "mechanism", "document"]
            .iter()
            .filter(|c| !headers.iter().any(|h| h == *c))
            .collect();
        if !unknown.is_empty() || !missing.is_empty() {
            return Err(Error::invalid(
                "file",
                format!(
                    "{name}: the header does not match the template (unknown: {unknown:?}, missing: {missing:?}); the columns are: {}",
                    COLUMNS.join(",")
                ),
            ));
        }
        let col: HashMap<&'static str, usize> = headers
            .iter()
            .enumerate()
            .filter_map(|(i, h)| COLUMNS.iter().find(|c| **c == h).map(|c| (*c, i)))
            .collect();

        let mut summary = ImportSummary {
            dry_run,
            ..Default::default()
        };
        let mut creates: Vec<Recommendation> = Vec::new();
        let mut updates: Vec<(Map<String, Json>, Recommendation)> = Vec::new();
        let mut seen: BTreeMap<(Uuid, String), u64> = BTreeMap::new();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    errors.push(problem(line, format!("cannot be read: {e}")));
                    if errors.len() > 200 {
                        break;
                    }
                    continue;
                }
            };
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            summary.rows += 1;
            let row = Row {
                record: &record,
                col: &col,
            };
            match parse_row(&row, &mut ctx) {
                Ok(mut rec) => {
                    rec.illustrative = illustrative;
                    let key = (rec.source, rec.code.clone());
                    if let Some(first) = seen.insert(key.clone(), line) {
                        errors.push(problem(line, format!("{} repeats line {first}", rec.code)));
                        continue;
                    }
                    match existing.get(&key) {
                        Some(old) => {
                            rec.id = old.id;
                            rec.archived = old.archived;
                            let old_map = crate::workspace::record_map(old)?;
                            let mut new_map = crate::workspace::record_map(&rec)?;
                            // A column the file does not have leaves its
                            // field as it is: a partial list updates, it
                            // does not wipe.
                            for (column, field) in COLUMN_FIELDS {
                                if !col.contains_key(column)
                                    && let Some(v) = old_map.get(*field)
                                {
                                    new_map.insert((*field).to_owned(), v.clone());
                                }
                            }
                            rec = serde_json::from_value(Json::Object(new_map.clone()))
                                .map_err(|e| Error::doc("import", e))?;
                            if changed_fields(&old_map, &new_map).is_empty() {
                                summary.unchanged += 1;
                            } else {
                                summary.updated.push(rec.code.clone());
                                updates.push((old_map, rec));
                            }
                        }
                        None => {
                            summary.new.push(rec.code.clone());
                            creates.push(rec);
                        }
                    }
                }
                Err(e) => errors.push(problem(line, e.to_string())),
            }
        }
        if !errors.is_empty() {
            let details: Vec<String> = errors
                .iter()
                .map(|e| format!("  line {}: {}", e.line, e.message))
                .collect();
            return Err(Error::Import {
                path: name.to_owned(),
                count: errors.len(),
                details: details.join("\n"),
            });
        }
        let new_sources: Vec<Source> = ctx
            .sources
            .into_values()
            .filter(|s| !known_sources.contains(&s.id))
            .collect();
        let new_clusters: Vec<Cluster> = ctx
            .clusters
            .into_values()
            .filter(|c| !known_clusters.contains(&c.id))
            .collect();
        summary.new_sources = new_sources.iter().map(|s| s.document.clone()).collect();
        summary.new_clusters = new_clusters.iter().map(|c| c.slug.clone()).collect();
        summary.new_sources.sort();
        summary.new_clusters.sort();
        if dry_run || (creates.is_empty() && updates.is_empty()) {
            return Ok(summary);
        }
        self.commit_import(name, new_sources, new_clusters, creates, updates)?;
        Ok(summary)
    }

    /// Writes a checked import in changes of at most `IMPORT_BATCH`
    /// recommendations, each in a transaction of its own: other writers
    /// wait for one batch, never for the whole file, and a large import
    /// travels as several envelopes of bounded size. Inside an enclosing
    /// transaction (the demo) the batches simply join it.
    fn commit_import(
        &mut self,
        name: &str,
        new_sources: Vec<Source>,
        new_clusters: Vec<Cluster>,
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
                for s in &new_sources {
                    batch.create(s)?;
                }
                for c in &new_clusters {
                    batch.create(c)?;
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

/// One row of the file, its cells by column name.
struct Row<'a> {
    record: &'a csv::StringRecord,
    col: &'a HashMap<&'static str, usize>,
}

impl<'a> Row<'a> {
    fn get(&self, column: &str) -> &'a str {
        self.col
            .get(column)
            .and_then(|i| self.record.get(*i))
            .unwrap_or("")
            .trim()
    }
}

fn parse_row(row: &Row<'_>, ctx: &mut Context) -> Result<Recommendation> {
    let get = |c: &str| row.get(c);
    let mechanism: Mechanism = get("mechanism").parse()?;
    let number = |field: &str| -> Result<Option<u32>> {
        let s = get(field);
        if s.is_empty() {
            return Ok(None);
        }
        s.parse()
            .map(Some)
            .map_err(|_| Error::invalid(field, format!("'{s}' is not a whole number")))
    };
    let document = get("document").to_owned();
    v::required("document", &document)?;
    let date = Some(get("date").to_owned()).filter(|d| !d.is_empty());
    let candidate = Source {
        id: Uuid::new_v4(),
        mechanism,
        body: get("body").to_lowercase(),
        cycle: number("cycle")?,
        session: number("session")?,
        document: document.clone(),
        date,
        title: String::new(),
        archived: false,
    };
    candidate.validate()?;
    let source = match ctx.sources.get(&document) {
        Some(s) => {
            if s.mechanism != candidate.mechanism || !s.body.eq_ignore_ascii_case(&candidate.body) {
                return Err(Error::invalid(
                    "document",
                    format!(
                        "{document} is already a source of mechanism {} {}; this row says {} {}",
                        s.mechanism, s.body, candidate.mechanism, candidate.body
                    ),
                ));
            }
            s.id
        }
        None => {
            let id = candidate.id;
            ctx.sources.insert(document.clone(), candidate);
            id
        }
    };
    let cluster = match get("cluster") {
        "" => None,
        slug => {
            let slug = slug.to_lowercase();
            let c = ctx.clusters.entry(slug.clone()).or_insert_with(|| Cluster {
                id: Uuid::new_v4(),
                title_en: slug.replace('-', " "),
                slug,
                ..Default::default()
            });
            Some(c.id)
        }
    };
    let vocab = |field: &str, known: &[String]| -> Result<Vec<String>> {
        let items = split_list(get(field));
        for i in &items {
            if !known.contains(i) {
                return Err(Error::invalid(
                    field,
                    format!(
                        "'{i}' is not in the vocabulary (see `accord vocab list`, or add it with `accord vocab add`)"
                    ),
                ));
            }
        }
        Ok(items)
    };
    let orgs = |field: &str| -> Result<Vec<Uuid>> {
        split_list(get(field))
            .iter()
            .map(|s| {
                ctx.orgs.get(&s.to_lowercase()).copied().ok_or_else(|| {
                    Error::invalid(
                        field,
                        format!("no organisation with the short name '{s}' (add it with `accord org add`)"),
                    )
                })
            })
            .collect()
    };
    let official = match get("official_language") {
        "" => Lang::En,
        l => l.parse()?,
    };
    let response = match get("response") {
        "" => Response::Pending,
        r => r.parse()?,
    };
    let rec = Recommendation {
        id: Uuid::new_v4(),
        code: get("code").to_owned(),
        source,
        text_en: get("text_en").to_owned(),
        text_mn: get("text_mn").to_owned(),
        official,
        states: split_list(get("recommending_states")),
        response,
        response_source: get("response_source").to_owned(),
        themes: vocab("themes", &ctx.themes)?,
        affected: vocab("affected_persons", &ctx.affected)?,
        sdg: split_list(get("sdg_targets")),
        cluster,
        lead: orgs("lead_organisations")?,
        supporting: orgs("supporting_organisations")?,
        illustrative: false,
        archived: false,
    };
    rec.validate()?;
    Ok(rec)
}
