//! One organisation's part of the action plan: the activities it leads or
//! supports and the indicators it is responsible for.

use accord_core::workspace::next_due;
use serde_json::{Value as Json, json};
use uuid::Uuid;

use super::indicator::activity_json;
use super::{Ctx, number};
use crate::Result;

pub(crate) fn plan(ctx: &Ctx, org: Uuid) -> Result<Json> {
    let rows = ctx.ws.activities()?;
    let mut activities = Vec::new();
    let mut overdue = 0;
    for row in rows
        .iter()
        .filter(|r| r.activity.lead == Some(org) || r.activity.supporting.contains(&org))
    {
        let mut a = activity_json(ctx, &row.activity);
        overdue += usize::from(row.activity.is_overdue(ctx.today));
        a["recommendation"] = json!(row.recommendation_code);
        a["role"] = json!(if row.activity.lead == Some(org) {
            "lead"
        } else {
            "supporting"
        });
        activities.push(a);
    }
    let indicators: Vec<Json> = ctx
        .ws
        .indicators()?
        .iter()
        .filter(|v| v.indicator.responsible == Some(org))
        .map(|v| {
            let ind = &v.indicator;
            let (title, fallback) = ctx.pick(&ind.title_en, &ind.title_mn);
            let last = v.measurements.last();
            let due = next_due(ind, last.map(|m| m.period.as_str()), ctx.today);
            json!({
                "title": title,
                "fallback": fallback,
                "type": ind.kind.to_string(),
                "latest": last.map(|m| format!("{} {} ({})", number(m.value), ind.unit, m.period)),
                "next_due": due.to_string(),
                "overdue": due < ctx.today,
            })
        })
        .collect();
    Ok(json!({
        "org_short": ctx.short(Some(org)),
        "org_name": ctx.full_name(org),
        "overdue_count": overdue,
        "activities": activities,
        "indicators": indicators,
    }))
}
