//! What an organisation records is checked where it enters, and a refused
//! value names its field and what is wrong as a kind with its parameters
//! (which the app words in its reader's language); nothing refused is
//! written.

use accord_core::Error;
use accord_core::model::*;
use accord_core::problem::{HiddenChar, Problem};
use accord_core::workspace::{PlanOf, today};
use accord_scenarios::*;
use uuid::Uuid;

fn refused(e: Error) -> (String, Problem) {
    match e {
        Error::Invalid { field, problem } => (field, problem),
        other => panic!("not a refused value: {other}"),
    }
}

fn assessment(rec: Uuid, date: &str, evidence: &str) -> Assessment {
    Assessment {
        id: Uuid::new_v4(),
        recommendation: rec,
        level: Level::InProgress,
        date: date.into(),
        evidence: evidence.into(),
        ..Default::default()
    }
}

#[test]
fn an_assessment_needs_evidence_and_a_date_that_has_come() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("ws"));
    let rec = rec_id(&ws, "107.1");
    let changes = ws.all_changes().unwrap().len();

    let err = ws.assess(assessment(rec, "2025-01-01", "  ")).unwrap_err();
    assert_eq!(refused(err), ("evidence".into(), Problem::Required));

    let tomorrow = today().tomorrow().unwrap().to_string();
    let err = ws.assess(assessment(rec, &tomorrow, "Seen")).unwrap_err();
    assert_eq!(
        refused(err),
        (
            "date".into(),
            Problem::InFuture {
                value: tomorrow.clone(),
                today: today().to_string()
            }
        )
    );

    let err = ws
        .assess(assessment(rec, "2025-02-30", "Seen"))
        .unwrap_err();
    assert_eq!(
        refused(err),
        (
            "date".into(),
            Problem::NotADate {
                value: "2025-02-30".into()
            }
        )
    );

    // A hidden character says which, and where.
    let err = ws
        .assess(assessment(rec, "2025-01-01", "ok\u{202e}txt"))
        .unwrap_err();
    assert_eq!(
        refused(err),
        (
            "evidence".into(),
            Problem::Hidden {
                character: HiddenChar::DirectionOverride,
                code: "U+202E".into(),
                at: 3
            }
        )
    );
    assert_eq!(ws.all_changes().unwrap().len(), changes, "nothing written");

    // Undated, it is today's; the organisation is this device's.
    let a = ws
        .assess(assessment(rec, "", "Two shelters opened"))
        .unwrap();
    assert_eq!(a.date, today().to_string());
    assert_eq!(a.org, ws.me().org);
    let stored: Assessment = ws.store().get(a.id).unwrap().unwrap();
    assert_eq!(stored.evidence, "Two shelters opened");
}

fn indicator(ws: &mut accord_core::Workspace, unit: &str) -> Uuid {
    let ind = Indicator {
        id: Uuid::new_v4(),
        title_en: format!("Share in {unit}"),
        unit: unit.into(),
        ..Default::default()
    };
    ws.create(&ind, "add indicator").unwrap();
    ind.id
}

fn measurement(indicator: Uuid, value: f64) -> Measurement {
    Measurement {
        id: Uuid::new_v4(),
        indicator,
        period: "2025".into(),
        value,
        ..Default::default()
    }
}

#[test]
fn a_measurement_fits_its_indicators_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("ws"));
    let percent = indicator(&mut ws, "%");
    let score = indicator(&mut ws, "score (0-10)");
    let persons = indicator(&mut ws, "persons");

    let err = ws
        .record_measurement(measurement(percent, 120.0))
        .unwrap_err();
    assert_eq!(
        refused(err),
        (
            "value".into(),
            Problem::OutOfRange {
                value: 120.0,
                min: 0.0,
                max: 100.0
            }
        )
    );
    let err = ws.record_measurement(measurement(score, 11.0)).unwrap_err();
    assert!(matches!(
        refused(err).1,
        Problem::OutOfRange { max: 10.0, .. }
    ));
    let mut bad_period = measurement(percent, 50.0);
    bad_period.period = "2025-Q5".into();
    let err = ws.record_measurement(bad_period).unwrap_err();
    assert_eq!(
        refused(err),
        (
            "period".into(),
            Problem::NotAPeriod {
                value: "2025-Q5".into()
            }
        )
    );

    assert!(ws.record_measurement(measurement(percent, 100.0)).is_ok());
    assert!(
        ws.record_measurement(measurement(persons, 12_000.0))
            .is_ok()
    );
    let err = ws
        .record_measurement(measurement(Uuid::new_v4(), 1.0))
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::NotFound {
                what: "indicator",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn an_activity_needs_a_lead_and_ends_after_it_starts_and_a_refused_one_makes_no_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("ws"));
    let rec = rec_id(&ws, "107.1");
    let lead = org_id(&ws, "MLSP");
    let plans = ws.store().all::<PlanEntry>().unwrap().len();
    let activity = |lead: Option<Uuid>, start: &str, end: &str| Activity {
        id: Uuid::new_v4(),
        title_en: "Open two shelters".into(),
        lead,
        start: Some(start.into()),
        end: Some(end.into()),
        ..Default::default()
    };

    let err = ws
        .add_activity(
            PlanOf::Recommendation(rec),
            activity(None, "2026-01-01", "2026-06-30"),
        )
        .unwrap_err();
    assert_eq!(refused(err), ("lead".into(), Problem::Required));
    let err = ws
        .add_activity(
            PlanOf::Recommendation(rec),
            activity(Some(lead), "2026-06-30", "2026-01-01"),
        )
        .unwrap_err();
    assert_eq!(
        refused(err),
        (
            "end".into(),
            Problem::BeforeStart {
                value: "2026-01-01".into(),
                start: "2026-06-30".into()
            }
        )
    );
    let mut untitled = activity(Some(lead), "2026-01-01", "2026-06-30");
    untitled.title_en.clear();
    let err = ws
        .add_activity(PlanOf::Recommendation(rec), untitled)
        .unwrap_err();
    assert_eq!(refused(err), ("title".into(), Problem::Required));
    assert_eq!(
        ws.store().all::<PlanEntry>().unwrap().len(),
        plans,
        "a refused activity made a plan entry"
    );

    let a = ws
        .add_activity(
            PlanOf::Recommendation(rec),
            activity(Some(lead), "2026-01-01", "2026-06-30"),
        )
        .unwrap();
    let entry: PlanEntry = ws.store().get(a.plan).unwrap().unwrap();
    assert_eq!(entry.recommendation, Some(rec));
    // The next one joins the same plan entry.
    let b = ws
        .add_activity(
            PlanOf::Entry(entry.id),
            activity(Some(lead), "2026-02-01", "2026-03-31"),
        )
        .unwrap();
    assert_eq!(b.plan, entry.id);
}

#[test]
fn a_comment_is_this_devices_organisations_and_dated_today() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("ws"));
    let rec = rec_id(&ws, "107.1");
    let typed = Comment {
        id: Uuid::new_v4(),
        target_kind: TargetKind::Recommendation,
        target: rec,
        org: Uuid::new_v4(),
        date: "1999-01-01".into(),
        text: "Shelters: see the ministry's report".into(),
        ..Default::default()
    };
    let c = ws.add_comment(typed.clone()).unwrap();
    assert_eq!((c.org, c.author), (ws.me().org, Some(ws.me().person)));
    assert_eq!(c.date, today().to_string());

    let wrong = Comment {
        id: Uuid::new_v4(),
        target_kind: TargetKind::Indicator,
        ..typed.clone()
    };
    assert!(matches!(
        ws.add_comment(wrong).unwrap_err(),
        Error::Invalid { field, .. } if field == "target"
    ));
    let empty = Comment {
        id: Uuid::new_v4(),
        text: "\n".into(),
        ..typed
    };
    assert_eq!(
        refused(ws.add_comment(empty).unwrap_err()),
        ("text".into(), Problem::Required)
    );
}

#[test]
fn the_cores_words_name_no_command_and_a_new_workspace_names_the_field_as_typed() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = accord_core::Workspace::open(&tmp.path().join("none"))
        .err()
        .unwrap()
        .to_string();
    assert!(
        !missing.contains("accord") && !missing.contains("--"),
        "{missing}"
    );

    let err = accord_core::Workspace::init(
        &tmp.path().join("ws"),
        &accord_core::workspace::InitOptions {
            workspace_name: "Mongolia".into(),
            workspace_name_mn: String::new(),
            country: "Mongolia".into(),
            org_short: "MOJHA".into(),
            org_name: " ".into(),
            org_name_mn: String::new(),
            org_kind: OrgKind::Government,
            person: "Secretariat".into(),
            illustrative: false,
        },
    )
    .err()
    .unwrap();
    assert_eq!(refused(err), ("org_name".into(), Problem::Required));
}
