//! plan, activity, indicator.

use accord_core::Workspace;
use accord_core::model::validate::parse_number;
use accord_core::model::*;
use accord_core::workspace::{PlanOf, today};
use anyhow::{Result, bail};
use uuid::Uuid;

use super::{Ctx, done, opt_org, org_ids, short_of};
use crate::cli::{ActivityCommand, IndicatorAddArgs, IndicatorCommand, PlanCommand};
use crate::output::{clip, json, table};

/// The plan entry named by --plan, or the recommendation's (made if it has none).
fn plan_for(ws: &mut Workspace, rec: &Option<String>, plan: &Option<String>) -> Result<Uuid> {
    match (rec, plan) {
        (_, Some(p)) => Ok(ws.resolve_ref(RecordKind::PlanEntry, p)?),
        (Some(r), None) => {
            let rid = ws.resolve_ref(RecordKind::Recommendation, r)?;
            Ok(ws.plan_entry_for(rid)?)
        }
        (None, None) => bail!("name a recommendation (code or id) or give --plan ID"),
    }
}

pub fn plan(ctx: &Ctx, cmd: PlanCommand) -> Result<()> {
    let mut ws = ctx.open()?;
    match cmd {
        PlanCommand::Add {
            rec,
            cluster,
            outcomes,
            outcomes_mn,
        } => {
            let (recommendation, cluster) = match (rec, cluster) {
                (Some(r), None) => (Some(ws.resolve_ref(RecordKind::Recommendation, &r)?), None),
                (None, Some(slug)) => {
                    let c = ws
                        .store()
                        .cluster_by_slug(&slug)?
                        .map(|c| c.id)
                        .ok_or_else(|| anyhow::anyhow!("no cluster '{slug}'"))?;
                    (None, Some(c))
                }
                _ => bail!("give either a recommendation or --cluster SLUG"),
            };
            let e = PlanEntry {
                id: Uuid::new_v4(),
                recommendation,
                cluster,
                outcomes,
                outcomes_mn,
                archived: false,
            };
            ws.save(accord_core::workspace::Editable::PlanEntry(e.clone()))?;
            done(ctx, "added a plan entry", Some(e.id))
        }
    }
}

pub fn activity(ctx: &Ctx, cmd: ActivityCommand) -> Result<()> {
    let mut ws = ctx.open()?;
    match cmd {
        ActivityCommand::Add {
            rec,
            plan,
            title,
            title_mn,
            lead,
            supporting,
            start,
            end,
            status,
            budget,
        } => {
            // Check what was typed before creating a plan entry for it.
            let status: ActivityStatus = status.parse()?;
            let lead = opt_org(&ws, &Some(lead))?;
            let supporting = org_ids(&ws, &supporting)?;
            let a = Activity {
                id: Uuid::new_v4(),
                plan: Uuid::nil(),
                title_en: title.clone(),
                title_mn,
                lead,
                supporting,
                start,
                end,
                status,
                budget_note: budget,
                archived: false,
            };
            let home = match (&rec, &plan) {
                (_, Some(p)) => PlanOf::Entry(ws.resolve_ref(RecordKind::PlanEntry, p)?),
                (Some(r), None) => {
                    PlanOf::Recommendation(ws.resolve_ref(RecordKind::Recommendation, r)?)
                }
                (None, None) => bail!("name a recommendation (code or id) or give --plan ID"),
            };
            let a = ws.add_activity(home, a)?;
            done(ctx, "added the activity", Some(a.id))
        }
        ActivityCommand::List { org, overdue } => {
            let only = opt_org(&ws, &org)?;
            let today = today();
            let acts: Vec<Activity> = ws
                .store()
                .all::<Activity>()?
                .into_iter()
                .filter(|a| !a.archived)
                .filter(|a| only.is_none() || a.lead == only)
                .filter(|a| !overdue || a.is_overdue(today))
                .collect();
            if ctx.json {
                return json(&acts);
            }
            let rows = acts
                .iter()
                .map(|a| {
                    vec![
                        a.id.to_string()[..8].to_owned(),
                        clip(&a.title_en, 60),
                        a.lead.map(|o| short_of(&ws, o)).unwrap_or_default(),
                        a.end.clone().unwrap_or_default(),
                        format!(
                            "{}{}",
                            a.status,
                            if a.is_overdue(today) { " OVERDUE" } else { "" }
                        ),
                    ]
                })
                .collect();
            table(&["id", "title", "lead", "end", "status"], rows);
            println!(
                "{} activit{}",
                acts.len(),
                if acts.len() == 1 { "y" } else { "ies" }
            );
            Ok(())
        }
    }
}

fn opt_number(field: &str, v: &Option<String>) -> Result<Option<f64>> {
    Ok(v.as_deref().map(|s| parse_number(field, s)).transpose()?)
}

pub fn indicator(ctx: &Ctx, cmd: IndicatorCommand) -> Result<()> {
    let mut ws = ctx.open()?;
    match cmd {
        IndicatorCommand::Add(a) => add_indicator(ctx, &mut ws, a),
        IndicatorCommand::List => {
            let list: Vec<Indicator> = ws
                .store()
                .all::<Indicator>()?
                .into_iter()
                .filter(|i| !i.archived)
                .collect();
            if ctx.json {
                return json(&list);
            }
            let rows = list
                .iter()
                .map(|i| {
                    vec![
                        i.id.to_string()[..8].to_owned(),
                        i.kind.to_string(),
                        clip(&i.title_en, 70),
                        i.responsible.map(|o| short_of(&ws, o)).unwrap_or_default(),
                        i.frequency.to_string(),
                    ]
                })
                .collect();
            table(&["id", "type", "title", "responsible", "reported"], rows);
            Ok(())
        }
        IndicatorCommand::Show { id } => {
            let id = ws.resolve_ref(RecordKind::Indicator, &id)?;
            let view = ws
                .indicator_view(id)?
                .ok_or_else(|| anyhow::anyhow!("no indicator {id}"))?;
            let (ind, ms) = (view.indicator, view.measurements);
            if ctx.json {
                return json(&serde_json::json!({ "indicator": ind, "measurements": ms }));
            }
            println!("{} [{}] ({})", ind.title_en, ind.kind, ind.id);
            if !ind.title_mn.is_empty() {
                println!("{}", ind.title_mn);
            }
            for (label, value) in [
                ("Definition", &ind.definition),
                ("Rationale", &ind.rationale),
                ("Method of computation", &ind.method),
                ("Data collection and source", &ind.data_source),
                ("Disaggregation", &ind.disaggregation),
                ("Periodicity", &ind.periodicity),
                ("Comments and limitations", &ind.comments),
                ("Unit", &ind.unit),
            ] {
                println!("{label}: {value}");
            }
            println!(
                "Baseline: {} ({})   Target: {} ({})   Responsible: {}   Reported: {}",
                ind.baseline_value
                    .map(|v| v.to_string())
                    .unwrap_or("-".into()),
                ind.baseline_date.clone().unwrap_or_default(),
                ind.target_value
                    .map(|v| v.to_string())
                    .unwrap_or("-".into()),
                ind.target_date.clone().unwrap_or_default(),
                ind.responsible
                    .map(|o| short_of(&ws, o))
                    .unwrap_or_default(),
                ind.frequency
            );
            let rows = ms
                .iter()
                .map(|m| {
                    vec![
                        m.period.clone(),
                        m.value.to_string(),
                        m.disaggregated
                            .iter()
                            .map(|d| format!("{}:{}={}", d.dimension, d.category, d.value))
                            .collect::<Vec<_>>()
                            .join(" "),
                        short_of(&ws, m.org),
                        clip(&m.source, 40),
                    ]
                })
                .collect();
            table(
                &["period", "value", "disaggregated", "reported by", "source"],
                rows,
            );
            Ok(())
        }
    }
}

fn add_indicator(ctx: &Ctx, ws: &mut Workspace, a: IndicatorAddArgs) -> Result<()> {
    let mut ind = Indicator {
        id: Uuid::new_v4(),
        plan: None,
        title_en: a.title.clone(),
        title_mn: a.title_mn,
        kind: a.kind.parse()?,
        definition: a.definition,
        rationale: a.rationale,
        method: a.method,
        data_source: a.data_source,
        disaggregation: a.disaggregation,
        periodicity: a.periodicity,
        comments: a.comments,
        unit: a.unit,
        baseline_value: opt_number("baseline", &a.baseline)?,
        baseline_date: a.baseline_date,
        target_value: opt_number("target", &a.target)?,
        target_date: a.target_date,
        responsible: opt_org(ws, &a.responsible)?,
        frequency: a.frequency.parse()?,
        ..Default::default()
    };
    ind.validate()?;
    ind.plan = Some(plan_for(ws, &a.rec, &a.plan)?);
    ws.create(&ind, &format!("add indicator: {}", clip(&a.title, 60)))?;
    done(ctx, "added the indicator", Some(ind.id))
}
