//! measure, assess, comment, meeting, decision: what an organisation says.

use accord_core::model::validate::parse_number;
use accord_core::model::*;
use anyhow::{Result, bail};
use uuid::Uuid;

use super::{Ctx, done, opt_org, org_ids, short_of};
use crate::cli::{AssessArgs, CommentArgs, DecisionCommand, MeasureArgs, MeetingCommand};
use crate::output::{clip, json, table};

/// `sex:female=12.5` -> a disaggregated value.
fn disaggregated(spec: &str) -> Result<Disaggregated> {
    let parsed = spec.split_once('=').and_then(|(dc, v)| {
        let (d, c) = dc.split_once(':')?;
        Some((d.trim(), c.trim(), v))
    });
    let Some((dimension, category, value)) = parsed else {
        bail!("--by takes DIMENSION:CATEGORY=VALUE, e.g. sex:female=12; got '{spec}'");
    };
    Ok(Disaggregated {
        dimension: dimension.into(),
        category: category.into(),
        value: parse_number("by", value)?,
    })
}

pub fn measure(ctx: &Ctx, a: MeasureArgs) -> Result<()> {
    let mut ws = ctx.open()?;
    let indicator = ws.resolve_ref(RecordKind::Indicator, &a.indicator)?;
    let m = Measurement {
        id: Uuid::new_v4(),
        indicator,
        org: ws.me().org,
        period: a.period.clone(),
        value: parse_number("value", &a.value)?,
        disaggregated: a
            .by
            .iter()
            .map(|s| disaggregated(s))
            .collect::<Result<_>>()?,
        source: a.source,
        note: a.note,
        archived: false,
    };
    let m = ws.record_measurement(m)?;
    done(ctx, "recorded the measurement", Some(m.id))
}

pub fn assess(ctx: &Ctx, a: AssessArgs) -> Result<()> {
    let mut ws = ctx.open()?;
    let rec = ws.resolve_ref(RecordKind::Recommendation, &a.rec)?;
    let level: Level = a.level.parse()?;
    let x = Assessment {
        id: Uuid::new_v4(),
        recommendation: rec,
        org: ws.me().org,
        level,
        date: a.date.unwrap_or_default(),
        evidence: a.evidence,
        method_note: a.method_note,
        archived: false,
    };
    let x = ws.assess(x)?;
    let org = ws.my_org()?;
    done(
        ctx,
        &format!("recorded {}'s assessment of {}: {level}", org.short, a.rec),
        Some(x.id),
    )
}

pub fn comment(ctx: &Ctx, a: CommentArgs) -> Result<()> {
    let mut ws = ctx.open()?;
    if let Some(id) = &a.publish {
        let id = ws.resolve_any(id)?;
        let c = ws.publish_comment(id)?;
        return done(ctx, "published the comment", Some(c.id));
    }
    let (Some(target_ref), Some(text)) = (a.target, a.text) else {
        bail!("give the comment's target and --text");
    };
    let target = ws.resolve_any(&target_ref)?;
    let (kind, _) = ws.locate(target)?;
    let target_kind = match kind {
        RecordKind::Recommendation => TargetKind::Recommendation,
        RecordKind::Activity => TargetKind::Activity,
        RecordKind::Indicator => TargetKind::Indicator,
        other => {
            bail!("comments are on recommendations, activities or indicators, not on a {other}")
        }
    };
    let c = Comment {
        id: Uuid::new_v4(),
        target_kind,
        target,
        org: Uuid::nil(),
        author: None,
        date: String::new(),
        text,
        visibility: a.visibility.parse()?,
        status: if a.draft {
            CommentStatus::Draft
        } else {
            CommentStatus::Published
        },
        archived: false,
    };
    let c = ws.add_comment(c)?;
    done(ctx, "added the comment", Some(c.id))
}

pub fn meeting(ctx: &Ctx, cmd: MeetingCommand) -> Result<()> {
    let mut ws = ctx.open()?;
    match cmd {
        MeetingCommand::Add {
            kind,
            title,
            date,
            place,
            participants,
            agenda,
            minutes,
        } => {
            let m = Meeting {
                id: Uuid::new_v4(),
                kind: kind.parse()?,
                title: title.clone(),
                date,
                place,
                participants: org_ids(&ws, &participants)?,
                agenda,
                minutes,
                archived: false,
            };
            ws.create(&m, &format!("add meeting: {}", clip(&title, 60)))?;
            done(ctx, "added the meeting", Some(m.id))
        }
        MeetingCommand::List => {
            let meetings: Vec<Meeting> = ws
                .store()
                .all::<Meeting>()?
                .into_iter()
                .filter(|m| !m.archived)
                .collect();
            let decisions = ws.store().all::<Decision>()?;
            if ctx.json {
                return json(&serde_json::json!({ "meetings": meetings, "decisions": decisions }));
            }
            for m in &meetings {
                println!(
                    "{} {} — {} ({}, {})",
                    &m.id.to_string()[..8],
                    m.date,
                    m.title,
                    m.kind,
                    m.place
                );
                let who: Vec<String> = m.participants.iter().map(|p| short_of(&ws, *p)).collect();
                println!("  participants: {}", who.join(", "));
                for (i, item) in m.agenda.iter().enumerate() {
                    println!("  {}. {item}", i + 1);
                }
                let rows: Vec<Vec<String>> = decisions
                    .iter()
                    .filter(|d| d.meeting == m.id && !d.archived)
                    .map(|d| {
                        vec![
                            d.id.to_string()[..8].to_owned(),
                            clip(&d.text, 70),
                            d.responsible.map(|o| short_of(&ws, o)).unwrap_or_default(),
                            d.due.clone().unwrap_or_default(),
                            d.status.to_string(),
                        ]
                    })
                    .collect();
                if !rows.is_empty() {
                    table(&["decision", "text", "responsible", "due", "status"], rows);
                }
            }
            Ok(())
        }
    }
}

pub fn decision(ctx: &Ctx, cmd: DecisionCommand) -> Result<()> {
    let mut ws = ctx.open()?;
    match cmd {
        DecisionCommand::Add {
            meeting,
            text,
            recs,
            responsible,
            due,
        } => {
            let d = Decision {
                id: Uuid::new_v4(),
                meeting: ws.resolve_ref(RecordKind::Meeting, &meeting)?,
                text,
                recommendations: recs
                    .iter()
                    .map(|r| Ok(ws.resolve_ref(RecordKind::Recommendation, r)?))
                    .collect::<Result<_>>()?,
                responsible: opt_org(&ws, &responsible)?,
                due,
                status: DecisionStatus::Open,
                archived: false,
            };
            ws.create(&d, "add a meeting decision")?;
            done(ctx, "added the decision", Some(d.id))
        }
    }
}
