//! A large workspace for benchmarks, built through the core's public
//! operations: n recommendations, each with a plan entry and an activity;
//! an indicator for every second one with four measurements; assessments of
//! every recommendation by 10 organisations, each sealed by a device of its
//! own so that the workspace syncs whole.

// Shared by several benchmarks, each of which uses a part.
#![allow(dead_code)]

use std::path::Path;

use accord_core::Workspace;
use accord_core::model::*;
use accord_core::workspace::InitOptions;
use uuid::Uuid;

const THEMES: [&str; 6] = [
    "torture",
    "children",
    "education",
    "health",
    "gender-equality",
    "justice",
];
const WORDS: [&str; 12] = [
    "ensure",
    "strengthen",
    "adopt",
    "investigate",
    "protect",
    "guarantee",
    "women",
    "detention",
    "provinces",
    "herders",
    "disability",
    "shelters",
];

/// An empty workspace whose coordinator is a government ("GOV").
pub fn init(dir: &Path) -> Workspace {
    Workspace::init(
        dir,
        &InitOptions {
            workspace_name: "Benchmark".into(),
            workspace_name_mn: String::new(),
            country: "Mongolia".into(),
            org_short: "GOV".into(),
            org_name: "Government".into(),
            org_name_mn: String::new(),
            org_kind: OrgKind::Government,
            person: "Bench".into(),
            illustrative: false,
        },
    )
    .unwrap()
}

/// Builds the workspace through the core's public operations, in batches.
pub fn generate(dir: &Path, n: usize) -> Workspace {
    let mut ws = init(dir);
    let orgs: Vec<Organisation> = (0..9)
        .map(|i| Organisation {
            id: Uuid::new_v4(),
            short: format!("ORG{i}"),
            name_en: format!("Organisation {i}"),
            kind: if i < 5 {
                OrgKind::Government
            } else {
                OrgKind::Ngo
            },
            ..Default::default()
        })
        .collect();
    ws.create_many(&orgs, "orgs").unwrap();
    let source = Source {
        id: Uuid::new_v4(),
        mechanism: Mechanism::Upr,
        cycle: Some(3),
        session: Some(36),
        document: "A/HRC/46/9".into(),
        ..Default::default()
    };
    ws.create(&source, "source").unwrap();
    let mut org_ids: Vec<Uuid> = orgs.iter().map(|o| o.id).collect();
    org_ids.push(ws.me().org);
    let mut rec_ids = Vec::with_capacity(n);
    for chunk in 0..n.div_ceil(1000) {
        let recs: Vec<Recommendation> = (chunk * 1000..((chunk + 1) * 1000).min(n))
            .map(|i| {
                let text: Vec<&str> = (0..14)
                    .map(|k| WORDS[(i * 7 + k * 3) % WORDS.len()])
                    .collect();
                Recommendation {
                    id: Uuid::new_v4(),
                    code: format!("{}.{}", 100 + i / 200, i % 200 + 1),
                    source: source.id,
                    text_en: format!("Recommendation {i}: {}", text.join(" ")),
                    text_mn: format!("Зөвлөмж {i}: хүний эрхийг хамгаалах"),
                    response: Response::ALL[i % 4],
                    themes: vec![THEMES[i % THEMES.len()].into()],
                    sdg: vec![format!("{}.{}", 1 + i % 17, 1 + i % 5)],
                    lead: vec![org_ids[i % 5]],
                    ..Default::default()
                }
            })
            .collect();
        rec_ids.extend(recs.iter().map(|r| r.id));
        ws.create_many(&recs, "recommendations").unwrap();
        let plans: Vec<PlanEntry> = recs
            .iter()
            .map(|r| PlanEntry {
                id: Uuid::new_v4(),
                recommendation: Some(r.id),
                outcomes: vec!["An outcome".into()],
                ..Default::default()
            })
            .collect();
        ws.create_many(&plans, "plans").unwrap();
        let acts: Vec<Activity> = plans
            .iter()
            .enumerate()
            .map(|(i, p)| Activity {
                id: Uuid::new_v4(),
                plan: p.id,
                title_en: format!("Activity {i}"),
                lead: Some(org_ids[i % 5]),
                start: Some("2024-01-01".into()),
                end: Some("2026-06-30".into()),
                ..Default::default()
            })
            .collect();
        ws.create_many(&acts, "activities").unwrap();
        let inds: Vec<Indicator> = plans
            .iter()
            .step_by(2)
            .map(|p| Indicator {
                id: Uuid::new_v4(),
                plan: Some(p.id),
                title_en: "Share of cases investigated".into(),
                definition: "Cases investigated over cases reported".into(),
                unit: "%".into(),
                baseline_value: Some(10.0),
                target_value: Some(80.0),
                responsible: Some(ws.me().org),
                ..Default::default()
            })
            .collect();
        ws.create_many(&inds, "indicators").unwrap();
        let ms: Vec<Measurement> = inds
            .iter()
            .flat_map(|ind| {
                (2021..2025).map(|y| Measurement {
                    id: Uuid::new_v4(),
                    indicator: ind.id,
                    org: ind.responsible.unwrap(),
                    period: y.to_string(),
                    value: f64::from(y - 2000),
                    ..Default::default()
                })
            })
            .collect();
        ws.create_many(&ms, "measurements").unwrap();
    }
    // Each organisation's assessments, written by a device of its own.
    let gov = ws.me().org;
    for (k, org) in org_ids.iter().enumerate() {
        let device = if *org == gov {
            None
        } else {
            let pending_key = accord_core::identity::Identity::generate();
            Some((
                ws.admit_device(&pending_key.public_hex(), *org, "Assessor")
                    .unwrap(),
                pending_key,
            ))
        };
        let list: Vec<Assessment> = rec_ids
            .iter()
            .enumerate()
            .map(|(i, r)| Assessment {
                id: Uuid::new_v4(),
                recommendation: *r,
                org: *org,
                level: Level::ALL[(i + k) % 6],
                date: "2025-11-15".into(),
                evidence: "Reports".into(),
                ..Default::default()
            })
            .collect();
        match device {
            None => ws.create_many(&list, "assess").unwrap(),
            Some((d, key)) => {
                // In batches, as an office records them over time: a
                // revocation can then accept part of a device's work.
                for batch in list.chunks(1000) {
                    ws.with_device(&d, |ws| ws.create_many(batch, "assess"))
                        .unwrap();
                }
                // Sealed as that device would, so the workspace syncs whole.
                ws.seal_for(&[key.signing_key().clone()]).unwrap();
            }
        }
    }
    ws
}
