//! A recommendation sheet's data: both texts' chosen one, the response,
//! the plan, every organisation's assessment and a summary of its history.

use serde_json::{Value as Json, json};
use uuid::Uuid;

use super::indicator::activity_json;
use super::{Ctx, number};
use crate::Result;

/// How many of the latest changes the sheet lists.
const HISTORY_LINES: usize = 8;

pub(crate) fn sheet(ctx: &Ctx, id: Uuid) -> Result<Json> {
    let view = ctx.ws.recommendation_view(id)?;
    let rec = &view.recommendation;
    let (text, fallback) = rec.text(ctx.lang);
    let history = ctx.ws.history(id)?;
    let plans: Vec<Json> = view
        .plans
        .iter()
        .map(|p| {
            // The chosen language's outcomes, else the other's, marked.
            let (want, other) = match ctx.lang {
                accord_core::model::Lang::En => (&p.entry.outcomes, &p.entry.outcomes_mn),
                accord_core::model::Lang::Mn => (&p.entry.outcomes_mn, &p.entry.outcomes),
            };
            let fallback = want.is_empty() && !other.is_empty();
            let outcomes = if fallback { other } else { want };
            json!({
                "outcomes": outcomes,
                "outcomes_fallback": fallback,
                "activities": p.activities.iter().filter(|a| !a.archived)
                    .map(|a| activity_json(ctx, a)).collect::<Vec<_>>(),
                "indicators": p.indicators.iter().map(|i| {
                    let (title, fallback) = ctx.pick(&i.indicator.title_en, &i.indicator.title_mn);
                    let latest = i.measurements.last();
                    json!({
                        "title": title,
                        "fallback": fallback,
                        "type": i.indicator.kind.to_string(),
                        "latest": latest.map(|m| format!("{} {} ({})", number(m.value), i.indicator.unit, m.period).trim().to_owned()),
                    })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({
        "code": rec.code,
        "text": text,
        "fallback": fallback,
        "official": rec.official.to_string(),
        "response": rec.response.to_string(),
        "response_source": rec.response_source,
        "mechanism": view.source.as_ref().map(|s| s.mechanism.to_string()),
        "source": view.source.as_ref().map(|s| {
            if s.title.is_empty() { s.document.clone() } else { format!("{} — {}", s.document, s.title) }
        }),
        "themes": rec.themes.iter().map(|t| ctx.theme(t)).collect::<Vec<_>>().join(", "),
        "cluster": view.cluster.as_ref().map(|c| ctx.pick(&c.title_en, &c.title_mn).0.to_owned()),
        "lead": view.lead.iter().map(|o| ctx.full_name(o.id)).collect::<Vec<_>>(),
        "supporting": view.supporting.iter().map(|o| o.short.clone()).collect::<Vec<_>>().join(", "),
        "plans": plans,
        "assessments": view.assessments.iter().map(|c| json!({
            "org": c.org.short,
            "level": c.current.level.to_string(),
            "date": c.current.date,
            "evidence": c.current.evidence,
            "earlier": c.earlier.len(),
        })).collect::<Vec<_>>(),
        "history_count": history.len(),
        "history": history.iter().take(HISTORY_LINES).map(|h| json!({
            // The day where the change was made reads in local time:
            // Mongolia is eight hours ahead of UTC.
            "date": jiff::Timestamp::from_millisecond(h.time)
                .map(|t| t.to_zoned_datetime(jiff::tz::TimeZone::system()).date().to_string())
                .unwrap_or_default(),
            "who": h.org.iter().chain(&h.person).cloned().collect::<Vec<_>>().join(" · "),
            "what": if h.message.is_empty() {
                format!("{} {}", h.kind, h.fields.join(", "))
            } else { h.message.clone() },
        })).collect::<Vec<_>>(),
    }))
}
