//! The demo's action plan: entries for most supported recommendations (one
//! per cluster where recommendations are clustered), activities spread over
//! the years with some overdue, and indicators from the OHCHR-style sheets.

use std::collections::{BTreeMap, HashMap};

use jiff::ToSpan;
use jiff::civil::Date;
use uuid::Uuid;

use super::data::{self, ActivityRow, IndicatorRow, OutcomeRow};
use super::{Cast, pick};
use crate::error::Result;
use crate::model::*;
use crate::workspace::{Workspace, today};

pub(crate) struct DemoPlan {
    /// Indicators with the organisation that reports them.
    pub indicators: Vec<(Indicator, String)>,
}

fn org_ids(cast: &Cast, shorts: &str) -> Vec<Uuid> {
    shorts
        .split(';')
        .map(str::trim)
        .filter_map(|s| cast.orgs.get(s).map(|o| o.id))
        .collect()
}

pub(crate) fn lay_out(
    ws: &mut Workspace,
    cast: &Cast,
    recs: &[Recommendation],
) -> Result<DemoPlan> {
    let outcomes: Vec<OutcomeRow> = data::rows("outcomes.csv", data::OUTCOMES)?;
    let activities: Vec<ActivityRow> = data::rows("activities.csv", data::ACTIVITIES)?;
    let indicators: Vec<IndicatorRow> = data::rows("indicators.csv", data::INDICATORS)?;
    let today = today();

    // One entry per cluster, else per recommendation; about two thirds of
    // the supported recommendations have a plan.
    let mut targets: BTreeMap<String, (Option<Uuid>, Option<Uuid>, String)> = BTreeMap::new();
    for r in recs {
        let supported = matches!(r.response, Response::Supported | Response::SupportedInPart);
        if !supported || pick(&r.code, 1) % 100 >= 68 {
            continue;
        }
        let theme = r.themes.first().cloned().unwrap_or_default();
        match r.cluster {
            Some(c) => targets
                .entry(c.to_string())
                .or_insert((None, Some(c), theme)),
            None => targets
                .entry(r.code.clone())
                .or_insert((Some(r.id), None, theme)),
        };
    }
    let mut entries = Vec::new();
    let mut entry_theme: Vec<(Uuid, String)> = Vec::new();
    for (key, (rec, cluster, theme)) in &targets {
        let outs: Vec<&OutcomeRow> = outcomes
            .iter()
            .filter(|o| &o.theme == theme)
            .take(1 + (pick(key, 2) % 2) as usize)
            .collect();
        let e = PlanEntry {
            id: Uuid::new_v4(),
            recommendation: *rec,
            cluster: *cluster,
            outcomes: outs.iter().map(|o| o.outcome_en.clone()).collect(),
            outcomes_mn: outs.iter().map(|o| o.outcome_mn.clone()).collect(),
            archived: false,
        };
        entry_theme.push((e.id, theme.clone()));
        entries.push(e);
    }
    ws.create_many(&entries, "draft the action plan: expected outcomes")?;

    let mut acts = Vec::new();
    let start0 = Date::constant(2016, 3, 1);
    for (n, (entry, theme)) in entry_theme.iter().enumerate() {
        let pool: Vec<&ActivityRow> = activities.iter().filter(|a| &a.theme == theme).collect();
        if pool.is_empty() {
            continue;
        }
        let key = entry.to_string();
        let count = 1 + (pick(&key, 3) % 2) as usize;
        for i in 0..count {
            let row = pool[(n + i) % pool.len()];
            let h = pick(&key, 10 + i as u64);
            let start = start0
                .checked_add(((h % 3400) as i64).days())
                .unwrap_or(start0);
            let end = start
                .checked_add(((12 + (h >> 8) % 36) as i64).months())
                .unwrap_or(start);
            let status = if end < today {
                match (h >> 16) % 10 {
                    0 => ActivityStatus::Delayed,
                    1 => ActivityStatus::Ongoing,
                    2 => ActivityStatus::Cancelled,
                    _ => ActivityStatus::Completed,
                }
            } else if start < today {
                ActivityStatus::Ongoing
            } else {
                ActivityStatus::Planned
            };
            acts.push(Activity {
                id: Uuid::new_v4(),
                plan: *entry,
                title_en: row.title_en.clone(),
                title_mn: row.title_mn.clone(),
                lead: org_ids(cast, &row.lead).first().copied(),
                supporting: org_ids(cast, &row.supporting),
                start: Some(start.to_string()),
                end: Some(end.to_string()),
                status,
                budget_note: row.budget_note.clone(),
                archived: false,
            });
        }
    }
    ws.create_many(&acts, "plan the activities")?;

    let mut used: HashMap<Uuid, usize> = HashMap::new();
    let mut out = Vec::new();
    for row in &indicators {
        // The plan entry of the theme with the fewest indicators so far.
        let plan = entry_theme
            .iter()
            .filter(|(_, t)| t == &row.theme)
            .min_by_key(|(id, _)| used.get(id).copied().unwrap_or(0))
            .map(|(id, _)| *id);
        if let Some(p) = plan {
            *used.entry(p).or_default() += 1;
        }
        let responsible = cast.orgs.get(row.responsible_org.trim());
        out.push((
            Indicator {
                id: Uuid::new_v4(),
                plan,
                title_en: row.title_en.clone(),
                title_mn: row.title_mn.clone(),
                kind: row.kind.parse()?,
                definition: row.definition.clone(),
                rationale: row.rationale.clone(),
                method: row.method.clone(),
                data_source: row.data_source.clone(),
                disaggregation: row.disaggregation.clone(),
                periodicity: row.periodicity.clone(),
                comments: row.comments.clone(),
                unit: row.unit.clone(),
                baseline_value: Some(row.baseline_value),
                baseline_date: Some(row.baseline_date.clone()),
                target_value: Some(row.target_value),
                target_date: Some(row.target_date.clone()),
                responsible: responsible.map(|o| o.id),
                frequency: row.reporting_frequency.parse()?,
                ..Default::default()
            },
            responsible.map(|o| o.short.clone()).unwrap_or_default(),
        ));
    }
    let list: Vec<Indicator> = out.iter().map(|(i, _)| i.clone()).collect();
    ws.create_many(&list, "define the indicators")?;
    Ok(DemoPlan { indicators: out })
}
