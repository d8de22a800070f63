//! What each organisation says in the demo, written by its own device:
//! measurements, assessments that disagree, comments, and the annual meeting.

use uuid::Uuid;

use super::plan::DemoPlan;
use super::{Cast, pick};
use crate::error::Result;
use crate::model::*;
use crate::workspace::{Workspace, today};

pub(crate) fn measurements(ws: &mut Workspace, cast: &Cast, plan: &DemoPlan) -> Result<()> {
    let last_year = today().year() - 1;
    let mut by_org: std::collections::BTreeMap<String, Vec<Measurement>> = Default::default();
    for (ind, reporter) in &plan.indicators {
        let Some(org) = cast.orgs.get(reporter) else {
            continue;
        };
        let base = ind.baseline_value.unwrap_or(0.0);
        let target = ind.target_value.unwrap_or(base);
        let first = ind
            .baseline_date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse::<i16>().ok())
            .unwrap_or(2016)
            + 1;
        let h = pick(&ind.title_en, 7);
        // One indicator in five has had no data for three years.
        let last = if h.is_multiple_of(5) {
            last_year - 3
        } else {
            last_year
        };
        let yes_no = ind.unit.to_lowercase().contains("yes");
        let span = f64::from((last_year - first + 1).max(1));
        for (i, year) in (first..=last).enumerate() {
            let progress = (i as f64 + 1.0) / span;
            let noise = ((pick(&ind.title_en, year as u64) % 21) as f64 - 10.0) / 100.0;
            let value = if yes_no {
                if progress > 0.5 + noise { target } else { base }
            } else {
                let v = base + (target - base) * (progress * 0.85 + noise);
                (v * 10.0).round() / 10.0
            };
            let disaggregated = if ind.disaggregation.to_lowercase().contains("sex") && !yes_no {
                let share = 0.45 + (h % 10) as f64 / 100.0;
                vec![
                    Disaggregated {
                        dimension: "sex".into(),
                        category: "female".into(),
                        value: (value * share * 10.0).round() / 10.0,
                    },
                    Disaggregated {
                        dimension: "sex".into(),
                        category: "male".into(),
                        value: (value * (1.0 - share) * 10.0).round() / 10.0,
                    },
                ]
            } else {
                vec![]
            };
            by_org
                .entry(reporter.clone())
                .or_default()
                .push(Measurement {
                    id: Uuid::new_v4(),
                    indicator: ind.id,
                    org: org.id,
                    period: year.to_string(),
                    value,
                    disaggregated,
                    source: ind.data_source.chars().take(120).collect(),
                    note: String::new(),
                    archived: false,
                });
        }
    }
    for (short, list) in by_org {
        let (key, me) = *cast.device(&short)?;
        ws.act_as(&key, me, |ws| ws.create_many(&list, "report measurements"))?;
    }
    Ok(())
}

const LEVELS: [Level; 4] = [
    Level::NotStarted,
    Level::InProgress,
    Level::PartiallyImplemented,
    Level::FullyImplemented,
];

fn step_down(l: Level, by: u64) -> Level {
    let i = LEVELS.iter().position(|x| *x == l).unwrap_or(0);
    LEVELS[i.saturating_sub(by as usize)]
}

fn evidence(l: Level, voice: &str) -> String {
    match (voice, l) {
        ("gov", Level::FullyImplemented) => {
            "The measures are in force and reported in the national report."
        }
        ("gov", Level::PartiallyImplemented) => {
            "The law has been adopted; implementing regulations are being drafted."
        }
        ("gov", _) => "The responsible ministry has included the measure in its annual plan.",
        ("nhri", Level::FullyImplemented) => "Confirmed by the Commission's monitoring visits.",
        ("nhri", Level::NotStarted) => {
            "The Commission found no measures taken during its inspections."
        }
        ("nhri", _) => "The Commission's annual status report notes progress but gaps in practice.",
        (_, Level::Regressed) => {
            "Members report that the situation has worsened since the last review."
        }
        (_, Level::FullyImplemented) => {
            "NGO members confirm implementation in the provinces visited."
        }
        (_, Level::NotStarted) => "No change observed by member organisations.",
        _ => "Implementation is uneven: changes in the capital, little in rural areas.",
    }
    .to_owned()
}

pub(crate) fn assessments(ws: &mut Workspace, cast: &Cast, recs: &[Recommendation]) -> Result<()> {
    let year = today().year();
    let round_now = format!("{}-11-15", year - 1);
    let mid_term = "2019-11-20".to_owned();
    let gov = cast
        .orgs
        .values()
        .find(|o| o.role == Role::Coordinator)
        .map(|o| o.short.clone());
    let voices = [
        (gov.unwrap_or_default(), "gov"),
        ("NHRCM".to_owned(), "nhri"),
        ("HRNGOF".to_owned(), "ngo"),
    ];
    for (short, voice) in voices {
        let Ok(org) = cast.org(&short) else { continue };
        let org_id = org.id;
        let mut list = Vec::new();
        for r in recs {
            let h = pick(&r.code, 20);
            let supported = matches!(r.response, Response::Supported | Response::SupportedInPart);
            if !supported && voice != "ngo" {
                continue;
            }
            let gov_level = if supported {
                LEVELS[1 + (h % 3) as usize]
            } else {
                Level::NotStarted
            };
            let level = match voice {
                "gov" => gov_level,
                "nhri" => step_down(gov_level, (h >> 4) % 2),
                _ => {
                    let sensitive = r.themes.iter().any(|t| {
                        matches!(
                            t.as_str(),
                            "freedom-of-expression" | "human-rights-defenders" | "lgbti"
                        )
                    });
                    if sensitive && (h >> 8).is_multiple_of(3) {
                        Level::Regressed
                    } else {
                        step_down(gov_level, (h >> 8) % 3)
                    }
                }
            };
            if (h >> 12).is_multiple_of(2) {
                list.push(Assessment {
                    id: Uuid::new_v4(),
                    recommendation: r.id,
                    org: org_id,
                    level: step_down(level, 1),
                    date: mid_term.clone(),
                    evidence: evidence(step_down(level, 1), voice),
                    method_note: "Mid-term review of the action plan.".into(),
                    archived: false,
                });
            }
            list.push(Assessment {
                id: Uuid::new_v4(),
                recommendation: r.id,
                org: org_id,
                level,
                date: round_now.clone(),
                evidence: evidence(level, voice),
                method_note: match voice {
                    "gov" => "Reports of the responsible ministries, compiled by the secretariat.",
                    "nhri" => {
                        "Monitoring visits, complaints received and the annual status report."
                    }
                    _ => "Consultation of member organisations in Ulaanbaatar and four aimags.",
                }
                .into(),
                archived: false,
            });
        }
        let (key, me) = *cast.device(&short)?;
        ws.act_as(&key, me, |ws| {
            ws.create_many(&list, "record assessments of the annual review")
        })?;
    }
    Ok(())
}

pub(crate) fn comments(ws: &mut Workspace, cast: &Cast, recs: &[Recommendation]) -> Result<()> {
    let texts = [
        (
            "NCAV",
            "domestic-violence",
            "Shelters outside Ulaanbaatar still close in winter for lack of funding; the one-stop service centres in three aimags have no psychologist.",
            CommentStatus::Published,
        ),
        (
            "HRNGOF",
            "human-rights-defenders",
            "The draft law on the legal status of human rights defenders was adopted, but no protection mechanism has been set up yet.",
            CommentStatus::Published,
        ),
        (
            "NHRCM",
            "torture",
            "The Commission's inspections of detention centres found improvements in the capital but not in remote soums.",
            CommentStatus::Published,
        ),
        // The demo is the coordinator's working copy: the only internal
        // draft it can hold is its own organisation's.
        (
            "MOJHA",
            "lgbti",
            "Draft: ask the police for the number of hate-crime complaints registered before the annual review.",
            CommentStatus::Draft,
        ),
    ];
    let date = format!("{}-10-01", today().year() - 1);
    for (short, theme, text, status) in texts {
        let (Ok(org), Some(rec)) = (
            cast.org(short),
            recs.iter().find(|r| r.themes.iter().any(|t| t == theme)),
        ) else {
            continue;
        };
        let (key, me) = *cast.device(short)?;
        let c = Comment {
            id: Uuid::new_v4(),
            target_kind: TargetKind::Recommendation,
            target: rec.id,
            org: org.id,
            author: Some(me.person),
            date: date.clone(),
            text: text.into(),
            visibility: if status == CommentStatus::Draft {
                Visibility::Internal
            } else {
                Visibility::Public
            },
            status,
            archived: false,
        };
        ws.act_as(&key, me, |ws| ws.create(&c, "comment on a recommendation"))?;
    }
    Ok(())
}

pub(crate) fn meeting(ws: &mut Workspace, cast: &Cast, recs: &[Recommendation]) -> Result<()> {
    let year = today().year() - 1;
    let participants: Vec<Uuid> = [
        "MOJHA", "MFA", "MLSP", "MOH", "MOES", "NHRCM", "HRNGOF", "NCAV", "UNCT",
    ]
    .iter()
    .filter_map(|s| cast.orgs.get(*s).map(|o| o.id))
    .collect();
    let m = Meeting {
        id: Uuid::new_v4(),
        kind: MeetingKind::AnnualReview,
        title: format!("Annual multi-party review of the implementation of recommendations, {year}"),
        date: format!("{year}-12-10"),
        place: "Government House, Ulaanbaatar".into(),
        participants,
        agenda: vec![
            "Opening by the co-chairs (Government and NHRCM)".into(),
            "Level of implementation by mechanism and theme: the secretariat's overview".into(),
            "Where the assessments of the Government, the NHRCM and the NGO Forum differ".into(),
            "Overdue activities of the action plan".into(),
            "Indicators without recent data".into(),
            "Decisions and next steps".into(),
        ],
        minutes: "The parties reviewed the level of implementation of the recommendations. The NGO Forum and the NHRCM presented assessments that differ from the Government's on domestic violence, torture prevention and the protection of human rights defenders. The meeting agreed on the decisions below. (Illustrative minutes of the demo workspace.)".into(),
        archived: false,
    };
    let theme_recs = |theme: &str| -> Vec<Uuid> {
        recs.iter()
            .filter(|r| r.themes.iter().any(|t| t == theme))
            .take(3)
            .map(|r| r.id)
            .collect()
    };
    let org = |s: &str| cast.orgs.get(s).map(|o| o.id);
    let decisions = vec![
        Decision {
            id: Uuid::new_v4(),
            meeting: m.id,
            text: "Fund shelters for victims of domestic violence in every aimag centre from the state budget.".into(),
            recommendations: theme_recs("domestic-violence"),
            responsible: org("MLSP"),
            due: Some(format!("{}-06-30", year + 1)),
            status: DecisionStatus::Open,
            archived: false,
        },
        Decision {
            id: Uuid::new_v4(),
            meeting: m.id,
            text: "Publish the data of the indicators on torture complaints every quarter.".into(),
            recommendations: theme_recs("torture"),
            responsible: org("NPA"),
            due: Some(format!("{}-03-31", year + 1)),
            status: DecisionStatus::Open,
            archived: false,
        },
        Decision {
            id: Uuid::new_v4(),
            meeting: m.id,
            text: "Hold a consultation with NGOs on the protection mechanism for human rights defenders.".into(),
            recommendations: theme_recs("human-rights-defenders"),
            responsible: org("MOJHA"),
            due: Some(format!("{year}-12-31")),
            status: DecisionStatus::Done,
            archived: false,
        },
        Decision {
            id: Uuid::new_v4(),
            meeting: m.id,
            text: "Ask the National Statistics Office to add disability to the disaggregation of the labour force survey.".into(),
            recommendations: theme_recs("disability"),
            responsible: org("NSO"),
            due: Some(format!("{}-09-30", year + 1)),
            status: DecisionStatus::Open,
            archived: false,
        },
    ];
    ws.create(&m, "record the annual multi-party review")?;
    ws.create_many(&decisions, "record the decisions of the annual review")
}
