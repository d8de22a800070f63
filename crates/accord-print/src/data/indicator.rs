//! Indicator sheets' data: the metadata, measurements, what the indicator
//! serves and when it is next due.

use std::collections::HashMap;

use accord_core::model::{Activity, Indicator, PlanEntry, Recommendation};
use accord_core::workspace::{IndicatorView, next_due};
use serde_json::{Value as Json, json};
use uuid::Uuid;

use super::{Ctx, dated, number};
use crate::{Error, Result};

/// The plan's side of the indicators: which recommendations and activities
/// each plan entry serves, read once for all sheets.
pub(crate) struct PlanLinks {
    entries: HashMap<Uuid, PlanEntry>,
    recs: HashMap<Uuid, Recommendation>,
    by_cluster: HashMap<Uuid, Vec<Uuid>>,
    activities: HashMap<Uuid, Vec<Activity>>,
}

/// Up to this many sheets, their links are read one plan entry at a time
/// through the indexes; more, and reading every table once is quicker.
const FEW: usize = 50;

impl PlanLinks {
    /// The links of the plan entries `plans`: a preview of one sheet reads
    /// a handful of rows, not the whole catalogue.
    pub fn load(ctx: &Ctx, plans: &[Uuid]) -> Result<PlanLinks> {
        if plans.len() > FEW {
            return Self::load_all(ctx);
        }
        let store = ctx.ws.store();
        let mut links = PlanLinks {
            entries: HashMap::new(),
            recs: HashMap::new(),
            by_cluster: HashMap::new(),
            activities: HashMap::new(),
        };
        for plan in plans {
            let Some(entry) = store.get::<PlanEntry>(*plan)? else {
                continue;
            };
            let key = plan.to_string();
            let activities = store
                .select::<Activity>("plan = ?1", &[&key])?
                .into_iter()
                .filter(|a| !a.archived)
                .collect();
            links.activities.insert(*plan, activities);
            if let Some(r) = entry.recommendation
                && let Some(rec) = store.get::<Recommendation>(r)?
                && !rec.archived
            {
                links.recs.insert(r, rec);
            }
            if let Some(c) = entry.cluster
                && !links.by_cluster.contains_key(&c)
            {
                links.by_cluster.insert(c, Vec::new());
                let members = store
                    .select::<Recommendation>("cluster = ?1", &[&c.to_string()])?
                    .into_iter()
                    .filter(|r| !r.archived);
                for r in members {
                    links.by_cluster.entry(c).or_default().push(r.id);
                    links.recs.insert(r.id, r);
                }
            }
            links.entries.insert(*plan, entry);
        }
        Ok(links)
    }

    fn load_all(ctx: &Ctx) -> Result<PlanLinks> {
        let store = ctx.ws.store();
        let recs: HashMap<Uuid, Recommendation> = store
            .all::<Recommendation>()?
            .into_iter()
            .filter(|r| !r.archived)
            .map(|r| (r.id, r))
            .collect();
        let mut by_cluster: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for r in recs.values() {
            if let Some(c) = r.cluster {
                by_cluster.entry(c).or_default().push(r.id);
            }
        }
        let mut activities: HashMap<Uuid, Vec<Activity>> = HashMap::new();
        for a in store.all::<Activity>()? {
            if !a.archived {
                activities.entry(a.plan).or_default().push(a);
            }
        }
        Ok(PlanLinks {
            entries: store
                .all::<PlanEntry>()?
                .into_iter()
                .map(|e| (e.id, e))
                .collect(),
            recs,
            by_cluster,
            activities,
        })
    }

    /// The recommendations a plan entry is for, by code.
    pub fn recommendations(&self, plan: Option<Uuid>) -> Vec<&Recommendation> {
        let Some(entry) = plan.and_then(|p| self.entries.get(&p)) else {
            return vec![];
        };
        let mut out: Vec<&Recommendation> = match (entry.recommendation, entry.cluster) {
            (Some(r), _) => self.recs.get(&r).into_iter().collect(),
            (None, Some(c)) => self
                .by_cluster
                .get(&c)
                .map(|ids| ids.iter().filter_map(|id| self.recs.get(id)).collect())
                .unwrap_or_default(),
            (None, None) => vec![],
        };
        out.sort_by(|a, b| a.code.cmp(&b.code));
        out
    }

    pub fn activities(&self, plan: Option<Uuid>) -> &[Activity] {
        plan.and_then(|p| self.activities.get(&p))
            .map_or(&[], |v| v.as_slice())
    }
}

pub(crate) fn activity_json(ctx: &Ctx, a: &Activity) -> Json {
    let (title, fallback) = ctx.pick(&a.title_en, &a.title_mn);
    json!({
        "title": title,
        "fallback": fallback,
        "lead": ctx.short(a.lead),
        "supporting": ctx.shorts(&a.supporting),
        "status": a.status.to_string(),
        "start": a.start,
        "end": a.end,
        "overdue": a.is_overdue(ctx.today),
    })
}

fn sheet(ctx: &Ctx, links: &PlanLinks, view: &IndicatorView) -> Json {
    let ind: &Indicator = &view.indicator;
    let (title, fallback) = ctx.pick(&ind.title_en, &ind.title_mn);
    let last = view.measurements.last().map(|m| m.period.clone());
    let due = next_due(ind, last.as_deref(), ctx.today);
    let unit = ind.unit.as_str();
    json!({
        "title": title,
        "fallback": fallback,
        "type": ind.kind.to_string(),
        "unit": unit,
        "frequency": ind.frequency.to_string(),
        "responsible": ind.responsible.map(|o| ctx.full_name(o)).unwrap_or_default(),
        "definition": ctx.pick(&ind.definition, &ind.definition_mn).0,
        "rationale": ctx.pick(&ind.rationale, &ind.rationale_mn).0,
        "method": ctx.pick(&ind.method, &ind.method_mn).0,
        "data_source": ctx.pick(&ind.data_source, &ind.data_source_mn).0,
        "disaggregation": ctx.pick(&ind.disaggregation, &ind.disaggregation_mn).0,
        "periodicity": ctx.pick(&ind.periodicity, &ind.periodicity_mn).0,
        "comments": ctx.pick(&ind.comments, &ind.comments_mn).0,
        "baseline": dated(ind.baseline_value, ind.baseline_date.as_deref(), unit),
        "baseline_value": ind.baseline_value,
        "target": dated(ind.target_value, ind.target_date.as_deref(), unit),
        "target_value": ind.target_value,
        "next_due": due.to_string(),
        "overdue": due < ctx.today,
        "last_period": last,
        "measurements": view.measurements.iter().enumerate().map(|(i, m)| json!({
            "period": m.period,
            "value": m.value,
            "shown": number(m.value),
            "org": ctx.short(Some(m.org)),
            // A source repeated row after row is said once, so that a
            // decade of measurements still fits on the sheet.
            "source": m.source,
            "same_source": i > 0
                && !m.source.trim().is_empty()
                && view.measurements[i - 1].source == m.source,
            "note": m.note,
        })).collect::<Vec<_>>(),
        "recommendations": links.recommendations(ind.plan).iter().map(|r| {
            let (text, fallback) = r.text(ctx.lang);
            json!({"code": r.code, "text": text, "fallback": fallback})
        }).collect::<Vec<_>>(),
        "activities": links.activities(ind.plan).iter().map(|a| activity_json(ctx, a)).collect::<Vec<_>>(),
    })
}

pub(crate) fn sheets(ctx: &Ctx, ids: &[Uuid], org: Option<Uuid>) -> Result<Json> {
    let views: Vec<IndicatorView> = if ids.is_empty() {
        ctx.ws.indicators()?
    } else {
        ids.iter()
            .map(|id| {
                ctx.ws.indicator_view(*id)?.ok_or_else(|| {
                    Error::Core(accord_core::Error::NotFound {
                        what: "indicator",
                        key: id.to_string(),
                    })
                })
            })
            .collect::<Result<_>>()?
    };
    let mut views: Vec<&IndicatorView> = views
        .iter()
        .filter(|v| org.is_none() || v.indicator.responsible == org)
        .collect();
    if ids.is_empty() {
        // In the order of the titles as printed, whichever language.
        views.sort_by_cached_key(|v| {
            ctx.pick(&v.indicator.title_en, &v.indicator.title_mn)
                .0
                .to_lowercase()
        });
    }
    if views.is_empty() {
        return Err(Error::Empty(match org {
            Some(o) => format!("{} is responsible for no indicator", ctx.short(Some(o))),
            None => "the workspace has no indicator yet".to_owned(),
        }));
    }
    let mut plans: Vec<Uuid> = views.iter().filter_map(|v| v.indicator.plan).collect();
    plans.sort();
    plans.dedup();
    let links = PlanLinks::load(ctx, &plans)?;
    Ok(json!({
        "sheets": views.iter().map(|v| sheet(ctx, &links, v)).collect::<Vec<_>>(),
    }))
}
