//! Tables of recommendations of many documents (the Universal Human Rights
//! Index's export, UPR Info's): each row made into a recommendation by its
//! format's reader, its source found among those held by its document or
//! added, then planned and written like any import.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::labels::Labels;
use super::plan::{Additions, Planner, Prepared};
use super::table::Table;
use super::{FileFacts, Format, ImportOptions, uhri, upr_info};
use crate::error::{Error, Result};
use crate::model::ids;
use crate::model::*;
use crate::workspace::Workspace;

/// Fields the Index does not give: an update leaves them as they are.
const NOT_IN_UHRI: &[&str] = &[
    "text_mn",
    "official",
    "response_source",
    "cluster",
    "lead",
    "supporting",
    "action_category",
    "continues",
    "unrelated",
    "follow_up_due",
];

/// Fields UPR Info does not give.
const NOT_IN_UPR_INFO: &[&str] = &[
    "text_mn",
    "official",
    "response_source",
    "affected",
    "sdg",
    "cluster",
    "lead",
    "supporting",
    "uhri_id",
    "continues",
    "unrelated",
    "follow_up_due",
];

/// A row made, or why not; None: left out (a concern, not a recommendation).
type MadeRow = (
    u64,
    std::result::Result<Option<(Source, Recommendation)>, String>,
);

impl Workspace {
    pub(super) fn prepare_table(
        &self,
        name: &str,
        format: Format,
        table: Table,
        opts: &ImportOptions,
    ) -> Result<Prepared> {
        let make = |labels: &mut Labels| -> std::result::Result<Vec<MadeRow>, String> {
            Ok(match format {
                Format::Uhri => {
                    let cols = uhri::Columns::of(&table)?;
                    table
                        .rows
                        .iter()
                        .map(|(at, cells)| {
                            (*at, uhri::row(&cols, cells, *at, labels, opts.observations))
                        })
                        .collect()
                }
                _ => {
                    let cols = upr_info::Columns::of(&table);
                    table
                        .rows
                        .iter()
                        .map(|(at, cells)| {
                            (*at, upr_info::row(&cols, cells, *at, labels).map(Some))
                        })
                        .collect()
                }
            })
        };
        let not_format = |why: String| {
            Error::invalid(
                "file",
                format!("{name} is not a {} export: {why}", format_name(format)),
            )
        };
        let mut labels = Labels::new(&self.store().all::<Term>()?);
        let mut made = make(&mut labels).map_err(not_format)?;
        let mut new_terms = Vec::new();
        if !labels.unknown.is_empty() && opts.add_terms {
            new_terms = labels.add_unknown();
            labels.forget_unknown();
            made = make(&mut labels).map_err(not_format)?;
        }

        let held: HashMap<uuid::Uuid, Source> = self
            .store()
            .all::<Source>()?
            .into_iter()
            .map(|s| (ids::source_id(&s.document), s))
            .collect();
        let mut new_sources: BTreeMap<uuid::Uuid, Source> = BTreeMap::new();
        let mut plan = Planner::new(self, table.unit)?;
        let kept = if format == Format::Uhri {
            NOT_IN_UHRI
        } else {
            NOT_IN_UPR_INFO
        };
        let mut codes: HashSet<(uuid::Uuid, String)> = HashSet::new();
        let mut left_out = 0;
        for (at, row) in made {
            let (source, mut rec) = match row {
                Ok(Some(r)) => r,
                Ok(None) => {
                    left_out += 1;
                    continue;
                }
                Err(message) => {
                    plan.summary.rows += 1;
                    plan.problem(at, message);
                    continue;
                }
            };
            let key = ids::source_id(&source.document);
            let document = source.document.clone();
            match held.get(&key) {
                Some(h) if h.mechanism != source.mechanism => {
                    plan.summary.rows += 1;
                    plan.problem(
                        at,
                        format!(
                            "{} is already a source of mechanism {}; this row says {}",
                            h.document, h.mechanism, source.mechanism
                        ),
                    );
                    continue;
                }
                Some(h) => rec.source = h.id,
                None => {
                    rec.source = new_sources.entry(key).or_insert(source).id;
                }
            }
            // Several annotations of one paragraph: each its own code.
            if !rec.uhri_id.is_empty() {
                let base = rec.code.clone();
                let mut n = 2;
                while !codes.insert((rec.source, rec.code.clone())) {
                    rec.code = format!("{base} ({n})");
                    n += 1;
                }
            }
            plan.add(at, rec, &document, kept);
        }
        plan.unknown_labels(&labels);
        let summary = &mut plan.summary;
        summary.file = FileFacts {
            format,
            recommendations: summary.rows,
            ..Default::default()
        };
        summary.left_out = left_out;
        let additions = Additions {
            sources: new_sources.into_values().collect(),
            clusters: Vec::new(),
            terms: new_terms,
        };
        Ok(Prepared::new(plan, additions))
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Uhri => "Universal Human Rights Index",
        Format::UprInfo => "UPR Info",
        _ => "table",
    }
}
