//! The CSV template: one recommendation a row. Reading is all or nothing:
//! every row is checked first, and any problem (with its row number) stops
//! the import before anything is written. A row whose recommendation (same
//! source document and code) exists already updates it, or is skipped if
//! nothing differs, so importing a file twice adds nothing.

use std::collections::HashMap;
use std::io::Read;

use serde::Serialize;
use uuid::Uuid;

use super::plan::{Additions, Planner, Prepared};
use super::{FileFacts, Format};
use crate::error::{Error, Result};
use crate::model::ids;
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
    "follow_up_due",
];

/// Fields other formats give that the template has no column for.
const NOT_IN_TEMPLATE: &[&str] = &[
    "regions",
    "uhri_id",
    "action_category",
    "continues",
    "unrelated",
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
    ("follow_up_due", "follow_up_due"),
];

/// What an import did, or would do with `dry_run`.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportSummary {
    /// What the file was found to be.
    pub file: FileFacts,
    pub rows: usize,
    pub new: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: usize,
    pub new_sources: Vec<String>,
    pub new_clusters: Vec<String>,
    /// Terms added for labels the vocabularies lacked.
    pub new_terms: Vec<(Vocabulary, String)>,
    /// Rows left out: the Index's concerns and observations, unless asked.
    pub left_out: usize,
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
        let opts = super::ImportOptions {
            format: Some(Format::Template),
            dry_run,
            ..Default::default()
        };
        self.import_file(path, &opts)
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
        let prepared = self.prepare_template(name, input, illustrative)?;
        self.finish_import(name, prepared, dry_run)
    }

    pub(super) fn prepare_template<R: Read>(
        &self,
        name: &str,
        input: R,
        illustrative: bool,
    ) -> Result<Prepared> {
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
        let known_sources: Vec<Uuid> = ctx.sources.values().map(|s| s.id).collect();
        let known_clusters: Vec<Uuid> = ctx.clusters.values().map(|c| c.id).collect();

        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
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

        let mut plan = Planner::new(self, "line")?;
        plan.summary.file = FileFacts {
            format: Format::Template,
            ..Default::default()
        };
        // A column the file does not have leaves its field as it is: a
        // partial list updates, it does not wipe.
        let kept: Vec<&str> = COLUMN_FIELDS
            .iter()
            .filter(|(column, _)| !col.contains_key(column))
            .map(|(_, field)| *field)
            .chain(NOT_IN_TEMPLATE.iter().copied())
            .collect();
        for record in reader.records() {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    let line = e.position().map(|p| p.line()).unwrap_or(0);
                    plan.problem(line, format!("cannot be read: {e}"));
                    if plan.problems.len() > 200 {
                        break;
                    }
                    continue;
                }
            };
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            let row = Row {
                record: &record,
                col: &col,
            };
            match parse_row(&row, &mut ctx) {
                Ok((mut rec, document)) => {
                    rec.illustrative = illustrative;
                    plan.add(line, rec, &document, &kept);
                }
                Err(e) => {
                    plan.summary.rows += 1;
                    plan.problem(line, e.to_string());
                }
            }
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
        plan.summary.file.recommendations = plan.summary.rows;
        let additions = Additions {
            sources: new_sources,
            clusters: new_clusters,
            terms: Vec::new(),
        };
        Ok(Prepared::new(plan, additions))
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

fn parse_row(row: &Row<'_>, ctx: &mut Context) -> Result<(Recommendation, String)> {
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
        id: ids::source_id(&document),
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
                id: ids::cluster_id(&slug),
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
                        "'{i}' is not in the vocabulary; add it to the vocabulary first, or correct the file"
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
                        format!("no organisation with the short name '{s}'; add the organisation first, or correct the file"),
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
        follow_up_due: Some(get("follow_up_due").to_owned()).filter(|d| !d.is_empty()),
        lead: orgs("lead_organisations")?,
        supporting: orgs("supporting_organisations")?,
        ..Default::default()
    };
    rec.validate()?;
    Ok((rec, document))
}
