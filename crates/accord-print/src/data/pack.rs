//! The annual meeting pack's data: the level of implementation by
//! mechanism, theme and organisation, where the organisations disagree,
//! what is overdue, indicators without recent data, and the decisions of
//! the last meeting.

use std::collections::BTreeMap;

use accord_core::model::Meeting;
use accord_core::workspace::{LevelCount, next_due};
use serde_json::{Value as Json, json};
use uuid::Uuid;

use super::Ctx;
use super::indicator::activity_json;
use crate::{Error, Result};

/// How many divergent recommendations, overdue activities and stale
/// indicators the pack lists before saying how many more there are: the
/// pack is read in a meeting, not searched.
const LIST: usize = 60;

/// Groups of counts as the template draws them: per group, one bar per
/// organisation.
fn groups(ctx: &Ctx, counts: &[LevelCount], name: impl Fn(&str) -> String) -> Json {
    let mut by_group: BTreeMap<String, BTreeMap<String, Vec<Json>>> = BTreeMap::new();
    for c in counts {
        by_group
            .entry(name(&c.group))
            .or_default()
            .entry(ctx.short(Some(c.org)))
            .or_default()
            .push(json!({"level": c.level.to_string(), "count": c.count}));
    }
    Json::Array(
        by_group
            .into_iter()
            .map(|(group, orgs)| {
                json!({
                    "name": group,
                    "bars": orgs.into_iter().map(|(org, counts)| json!({
                        "org": org,
                        "total": counts.iter().map(|c| c["count"].as_u64().unwrap_or(0)).sum::<u64>(),
                        "counts": counts,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

fn meeting_json(ctx: &Ctx, m: &Meeting) -> Json {
    json!({
        "title": m.title,
        "date": m.date,
        "place": m.place,
        "kind": m.kind.to_string(),
        "agenda": m.agenda,
        "participants": ctx.shorts(&m.participants),
    })
}

pub(crate) fn pack(ctx: &Ctx, meeting: Option<Uuid>) -> Result<Json> {
    let ws = ctx.ws;
    let meetings = ws.meetings()?; // newest first
    let for_meeting = match meeting {
        Some(id) => Some(
            meetings
                .iter()
                .find(|m| m.meeting.id == id)
                .ok_or_else(|| {
                    Error::Core(accord_core::Error::NotFound {
                        what: "meeting",
                        key: id.to_string(),
                    })
                })?,
        ),
        // The coming meeting: the first one dated today or later, if it is
        // recorded yet (`meetings` is newest first).
        None => {
            let today = ctx.today.to_string();
            meetings.iter().rev().find(|m| m.meeting.date >= today)
        }
    };
    // The last meeting is the newest one before the meeting the pack is
    // for, or before today when the coming one is not recorded.
    let before = for_meeting.map_or_else(|| ctx.today.to_string(), |m| m.meeting.date.clone());
    let last = meetings.iter().find(|m| m.meeting.date < before);
    let codes: BTreeMap<Uuid, String> = ws
        .store()
        .all::<accord_core::model::Recommendation>()?
        .into_iter()
        .map(|r| (r.id, r.code))
        .collect();

    let dash = ws.dashboard(None)?;
    let vocab: serde_json::Map<String, Json> = serde_json::from_str::<Json>(crate::world::VOCAB)
        .ok()
        .and_then(|v| v[ctx.lang.to_string()].as_object().cloned())
        .unwrap_or_default();
    let word = |k: &str| vocab.get(k).and_then(Json::as_str).unwrap_or(k).to_owned();

    let (divergent, divergent_total) = ws.divergences(LIST)?;
    let org_columns: Vec<String> = {
        let mut set: Vec<String> = divergent
            .iter()
            .flat_map(|d| d.levels.iter().map(|(o, _)| ctx.short(Some(*o))))
            .collect();
        set.sort();
        set.dedup();
        set
    };
    // Judged against the print date, as every mark on the page is.
    let overdue: Vec<_> = ws
        .activities()?
        .into_iter()
        .filter(|r| r.activity.is_overdue(ctx.today))
        .collect();
    let stale: Vec<Json> = ws
        .indicators()?
        .iter()
        .filter_map(|v| {
            let last = v.measurements.last().map(|m| m.period.as_str());
            let due = next_due(&v.indicator, last, ctx.today);
            // Never measured is the least recent data of all.
            (last.is_none() || due < ctx.today).then(|| {
                let (title, fallback) = ctx.pick(&v.indicator.title_en, &v.indicator.title_mn);
                json!({
                    "title": title, "fallback": fallback,
                    "responsible": ctx.short(v.indicator.responsible),
                    "last_period": last, "due": due.to_string(),
                })
            })
        })
        .collect();

    Ok(json!({
        "meeting": for_meeting.map(|m| meeting_json(ctx, &m.meeting)),
        "recommendations": dash.recommendations,
        "levels": ["fully-implemented", "partially-implemented", "in-progress", "not-started", "regressed", "no-information"],
        "overall": groups(ctx, &dash.overall, |_| String::new()),
        "by_mechanism": groups(ctx, &dash.by_mechanism, word),
        "by_theme": groups(ctx, &dash.by_theme, |t| ctx.theme(t)),
        "by_lead": groups(ctx, &dash.by_lead, |o| o.parse().ok().map(|id| ctx.short(Some(id))).unwrap_or_else(|| o.to_owned())),
        "divergent_orgs": org_columns,
        "divergent": divergent.iter().map(|d| {
            let (text, fallback) = d.recommendation.text(ctx.lang);
            let levels: serde_json::Map<String, Json> = d.levels.iter()
                .map(|(o, l)| (ctx.short(Some(*o)), json!(l.to_string()))).collect();
            json!({"code": d.recommendation.code, "text": text, "fallback": fallback, "levels": levels})
        }).collect::<Vec<_>>(),
        "divergent_more": (divergent_total as usize).saturating_sub(divergent.len()),
        "overdue": overdue.iter().take(LIST).map(|r| {
            let mut a = activity_json(ctx, &r.activity);
            a["recommendation"] = json!(r.recommendation_code);
            a
        }).collect::<Vec<_>>(),
        "overdue_more": overdue.len().saturating_sub(LIST),
        "stale": stale.iter().take(LIST).collect::<Vec<_>>(),
        "stale_more": stale.len().saturating_sub(LIST),
        "last_meeting": last.map(|m| json!({
            "meeting": meeting_json(ctx, &m.meeting),
            "decisions": m.decisions.iter().map(|d| json!({
                "text": d.text,
                "status": d.status.to_string(),
                "responsible": ctx.short(d.responsible),
                "due": d.due,
                "recommendations": d.recommendations.iter()
                    .filter_map(|r| codes.get(r).cloned())
                    .collect::<Vec<_>>().join(", "),
            })).collect::<Vec<_>>(),
        })),
    }))
}
