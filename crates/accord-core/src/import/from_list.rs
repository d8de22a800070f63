//! An OHCHR thematic list made into recommendations of the Working Group's
//! report: each row's code, texts and States, position and where it was
//! given, themes (the heading it stands under first), SDG goals and
//! affected persons, the labels found in the workspace's vocabularies.

use std::collections::BTreeSet;

use super::labels::Labels;
use super::plan::{Additions, Planner, Prepared};
use super::thematic_list::{ListRow, ThematicList};
use super::{FileFacts, Format, ImportOptions, upr_sessions};
use crate::error::{Error, Result};
use crate::model::ids;
use crate::model::*;
use crate::workspace::Workspace;

/// Fields of a recommendation a thematic list does not give: an update
/// leaves them as they are.
const NOT_IN_LISTS: &[&str] = &[
    "text_mn",
    "official",
    "cluster",
    "lead",
    "supporting",
    "regions",
    "uhri_id",
    "action_category",
    "continues",
    "unrelated",
    "follow_up_due",
];

/// The recommendation a row makes, or what is wrong with it.
fn recommendation(
    row: &ListRow,
    source: uuid::Uuid,
    labels: &mut Labels,
) -> std::result::Result<Recommendation, String> {
    let at = row.row as u64;
    let mut states: Vec<String> = Vec::new();
    for (_, s) in &row.texts {
        for state in s {
            if !states.contains(state) {
                states.push(state.clone());
            }
        }
    }
    let distinct: BTreeSet<&str> = row.texts.iter().map(|(t, _)| t.trim()).collect();
    // One text recommended by several States is that text; different texts
    // in one row keep their States beside each.
    let text_en = if distinct.len() <= 1 {
        distinct.into_iter().next().unwrap_or_default().to_owned()
    } else {
        row.texts
            .iter()
            .map(|(t, s)| format!("{} ({})", t.trim(), s.join(", ")))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let response = match row.position.trim() {
        "" => Response::Pending,
        p => p.parse::<Response>().map_err(|e| e.to_string())?,
    };
    let response_source = match &row.source {
        Some((doc, para)) if !para.is_empty() => format!("{doc}, para. {para}"),
        Some((doc, _)) => doc.clone(),
        None => String::new(),
    };
    let mut themes: Vec<String> = row.heading.iter().cloned().collect();
    themes.extend(row.themes.iter().cloned());
    let rec = Recommendation {
        id: uuid::Uuid::nil(),
        code: row.code.clone(),
        source,
        text_en,
        states,
        response,
        response_source,
        themes: labels.codes(Vocabulary::Theme, &themes, at),
        affected: labels.codes(Vocabulary::AffectedPersons, &row.affected, at),
        sdg: row.sdgs.clone(),
        ..Default::default()
    };
    rec.validate().map_err(|e| e.to_string())?;
    Ok(rec)
}

impl Workspace {
    pub(super) fn prepare_thematic_list(
        &self,
        name: &str,
        list: ThematicList,
        opts: &ImportOptions,
    ) -> Result<Prepared> {
        let report = opts
            .document
            .clone()
            .or_else(|| list.report.clone())
            .ok_or_else(|| {
                Error::invalid(
                    "document",
                    format!("{name} does not say which report its recommendations belong to (no row names the source of its position): give the report's symbol, e.g. A/HRC/46/9"),
                )
            })?;
        let session = opts
            .session
            .or_else(|| upr_sessions::session_of_report(&report));
        let cycle = opts
            .cycle
            .or_else(|| session.and_then(upr_sessions::cycle_of));
        let held = self
            .store()
            .all::<Source>()?
            .into_iter()
            .find(|s| ids::source_id(&s.document) == ids::source_id(&report));
        let new_source = match &held {
            Some(s) if s.mechanism != Mechanism::Upr => {
                return Err(Error::invalid(
                    "document",
                    format!(
                        "{report} is already a source of mechanism {}; a thematic list holds UPR recommendations",
                        s.mechanism
                    ),
                ));
            }
            Some(_) => None,
            None => {
                let s = Source {
                    id: ids::source_id(&report),
                    mechanism: Mechanism::Upr,
                    body: String::new(),
                    cycle,
                    session,
                    document: report.clone(),
                    date: None,
                    title: String::new(),
                    archived: false,
                };
                s.validate()?;
                Some(s)
            }
        };
        let source = held
            .as_ref()
            .map_or_else(|| ids::source_id(&report), |s| s.id);

        let mut labels = Labels::new(&self.store().all::<Term>()?);
        let mut made: Vec<_> = list
            .rows
            .iter()
            .map(|r| recommendation(r, source, &mut labels))
            .collect();
        let mut new_terms = Vec::new();
        if !labels.unknown.is_empty() && opts.add_terms {
            new_terms = labels.add_unknown();
            labels.forget_unknown();
            made = list
                .rows
                .iter()
                .map(|r| recommendation(r, source, &mut labels))
                .collect();
        }

        let mut plan = Planner::new(self, "row")?;
        plan.summary.file = FileFacts {
            format: Format::ThematicList,
            document: Some(report.clone()),
            cycle,
            session,
            recommendations: list.rows.len(),
            themes: list
                .rows
                .iter()
                .filter_map(|r| r.heading.as_deref())
                .collect::<BTreeSet<_>>()
                .len(),
        };
        for (row, rec) in list.rows.iter().zip(made) {
            match rec {
                Ok(rec) => plan.add(row.row as u64, rec, &report, NOT_IN_LISTS),
                Err(message) => {
                    plan.summary.rows += 1;
                    plan.problem(row.row as u64, message);
                }
            }
        }
        plan.unknown_labels(&labels);
        let additions = Additions {
            sources: new_source.into_iter().collect(),
            clusters: Vec::new(),
            terms: new_terms,
        };
        Ok(Prepared::new(plan, additions))
    }
}
