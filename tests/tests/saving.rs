//! Records saved from a form: created when new, changed field by field when
//! they exist, checked by the rules of their kind (a code unique in its
//! document, one plan per recommendation, a short name nobody else has),
//! and corrected only by the organisation that recorded them, with the
//! earlier value kept in history.

use accord_core::Error;
use accord_core::model::*;
use accord_core::problem::Problem;
use accord_core::workspace::{Editable, Saved};
use accord_scenarios::*;
use uuid::Uuid;

fn refused(e: Error) -> (String, Problem) {
    match e {
        Error::Invalid { field, problem } => (field, problem),
        other => panic!("not a refused value: {other}"),
    }
}

fn indicator(title: &str, unit: &str) -> Indicator {
    Indicator {
        id: Uuid::new_v4(),
        title_en: title.into(),
        unit: unit.into(),
        definition: "Share of cases".into(),
        definition_mn: "Хэргийн эзлэх хувь".into(),
        ..Default::default()
    }
}

#[test]
fn a_form_creates_a_record_then_changes_only_what_differs() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("ws"));
    let mut ind = indicator("Complaints investigated", "%");
    assert_eq!(
        ws.save(Editable::Indicator(ind.clone())).unwrap(),
        Saved::Created
    );
    assert_eq!(
        ws.save(Editable::Indicator(ind.clone())).unwrap(),
        Saved::Unchanged
    );
    ind.method_mn = "Шалгасан гомдлыг нийт гомдолд харьцуулна".into();
    assert_eq!(
        ws.save(Editable::Indicator(ind.clone())).unwrap(),
        Saved::Changed
    );
    let stored: Indicator = ws.store().get(ind.id).unwrap().unwrap();
    assert_eq!(stored, ind);
    assert_eq!(stored.definition_mn, "Хэргийн эзлэх хувь");

    let history = ws.history(ind.id).unwrap();
    let last = history
        .iter()
        .find(|h| !h.created)
        .expect("the change is history");
    assert_eq!(last.fields, vec!["method_mn".to_owned()]);
}

#[test]
fn meetings_decisions_organisations_and_people_are_saved_from_forms() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("ws"));
    let meeting = Meeting {
        id: Uuid::new_v4(),
        kind: MeetingKind::AnnualReview,
        title: "Annual review 2026".into(),
        date: "2026-11-20".into(),
        agenda: vec!["Mid-term report".into(), "Indicators".into()],
        participants: vec![org_id(&ws, "NHRCM")],
        ..Default::default()
    };
    ws.save(Editable::Meeting(meeting.clone())).unwrap();
    let decision = Decision {
        id: Uuid::new_v4(),
        meeting: meeting.id,
        text: "Report on shelters by March".into(),
        responsible: Some(org_id(&ws, "MLSP")),
        due: Some("2027-03-31".into()),
        ..Default::default()
    };
    ws.save(Editable::Decision(decision.clone())).unwrap();
    assert_eq!(ws.meetings().unwrap()[0].decisions, vec![decision.clone()]);

    // A decision of a meeting that does not exist is refused beside it.
    let orphan = Decision {
        id: Uuid::new_v4(),
        meeting: Uuid::new_v4(),
        text: "Lost".into(),
        ..Default::default()
    };
    let (field, problem) = refused(ws.save(Editable::Decision(orphan)).unwrap_err());
    assert_eq!(field, "meeting");
    assert!(matches!(problem, Problem::NoSuchRecord { .. }));

    let org = Organisation {
        id: Uuid::new_v4(),
        short: "MONFEMNET".into(),
        name_en: "MONFEMNET National Network".into(),
        name_mn: "Монфемнет".into(),
        kind: OrgKind::Ngo,
        ..Default::default()
    };
    ws.save(Editable::Organisation(org.clone())).unwrap();
    let person = Person {
        id: Uuid::new_v4(),
        org: org.id,
        name: "Oyunchimeg".into(),
        email: "oyuna@example.mn".into(),
        ..Default::default()
    };
    ws.save(Editable::Person(person.clone())).unwrap();
    assert_eq!(ws.store().get::<Person>(person.id).unwrap(), Some(person));

    // Another organisation cannot take a short name in any case.
    let twin = Organisation {
        id: Uuid::new_v4(),
        short: "monfemnet".into(),
        name_en: "Another".into(),
        ..Default::default()
    };
    assert_eq!(
        refused(ws.save(Editable::Organisation(twin)).unwrap_err()),
        (
            "short".into(),
            Problem::Taken {
                value: "monfemnet".into()
            }
        )
    );
}

#[test]
fn a_recommendation_has_one_code_in_its_document_one_plan_and_known_themes() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("ws"));
    let existing: Recommendation = ws.store().get(rec_id(&ws, "107.1")).unwrap().unwrap();
    let twin = Recommendation {
        id: Uuid::new_v4(),
        code: "107.1".into(),
        source: existing.source,
        text_en: "Another text".into(),
        ..Default::default()
    };
    assert_eq!(
        refused(ws.save(Editable::Recommendation(twin.clone())).unwrap_err()),
        (
            "code".into(),
            Problem::Taken {
                value: "107.1".into()
            }
        )
    );
    let unknown_theme = Recommendation {
        code: "107.99".into(),
        themes: vec!["astrology".into()],
        ..twin.clone()
    };
    assert_eq!(
        refused(
            ws.save(Editable::Recommendation(unknown_theme))
                .unwrap_err()
        ),
        (
            "themes".into(),
            Problem::NotInVocabulary {
                value: "astrology".into()
            }
        )
    );
    let fine = Recommendation {
        code: "107.99".into(),
        ..twin
    };
    assert_eq!(
        ws.save(Editable::Recommendation(fine.clone())).unwrap(),
        Saved::Created
    );

    let entry = PlanEntry {
        id: Uuid::new_v4(),
        recommendation: Some(fine.id),
        outcomes: vec!["A law in force".into()],
        outcomes_mn: vec!["Хууль хүчин төгөлдөр".into()],
        ..Default::default()
    };
    ws.save(Editable::PlanEntry(entry.clone())).unwrap();
    let second = PlanEntry {
        id: Uuid::new_v4(),
        ..entry.clone()
    };
    let (field, problem) = refused(ws.save(Editable::PlanEntry(second)).unwrap_err());
    assert_eq!(field, "recommendation");
    assert!(matches!(problem, Problem::Taken { .. }));
    // Its own entry is changed, not refused as a second one.
    let edited = PlanEntry {
        outcomes: vec!["A law in force".into(), "Shelters open".into()],
        ..entry
    };
    assert_eq!(
        ws.save(Editable::PlanEntry(edited)).unwrap(),
        Saved::Changed
    );
}

#[test]
fn an_organisation_corrects_its_own_assessment_and_nobody_elses() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ministry = coordinator(&tmp.path().join("ministry"));
    let mut ngo = office(&mut ministry, &tmp.path().join("ngo"), "HRNGOF", "Monitor");
    let rec = rec_id(&ngo, "107.2");
    let first = ngo
        .assess(Assessment {
            id: Uuid::new_v4(),
            recommendation: rec,
            level: Level::FullyImplemented,
            date: "2026-10-01".into(),
            evidence: "Law adopted".into(),
            ..Default::default()
        })
        .unwrap();
    let corrected = Assessment {
        level: Level::PartiallyImplemented,
        evidence: "Law adopted; shelters in 3 of 21 provinces".into(),
        ..first.clone()
    };
    assert_eq!(
        ngo.save(Editable::Assessment(corrected.clone())).unwrap(),
        Saved::Changed
    );
    let view = ngo.recommendation_view(rec).unwrap();
    let column = view
        .assessments
        .iter()
        .find(|c| c.org.short == "HRNGOF")
        .unwrap();
    assert_eq!(column.current.level, Level::PartiallyImplemented);
    let history = ngo.history(first.id).unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(
        history
            .iter()
            .any(|h| h.fields.contains(&"level".to_owned()))
    );

    // A correction is checked as the entry was: no date after today.
    let future = Assessment {
        date: "2999-01-01".into(),
        ..corrected.clone()
    };
    assert_eq!(
        refused(ngo.save(Editable::Assessment(future)).unwrap_err()).0,
        "date"
    );

    // The ministry receives it and cannot rewrite the NGO's voice.
    send(&ngo, &mut ministry);
    let overwrite = Assessment {
        level: Level::FullyImplemented,
        ..corrected
    };
    assert!(matches!(
        ministry.save(Editable::Assessment(overwrite)).unwrap_err(),
        Error::Forbidden(_)
    ));
    let theirs: Assessment = ministry.store().get(first.id).unwrap().unwrap();
    assert_eq!(theirs.level, Level::PartiallyImplemented);
}

#[test]
fn a_corrected_measurement_still_fits_its_unit() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("ws"));
    let ind = indicator("Shelter coverage", "%");
    ws.save(Editable::Indicator(ind.clone())).unwrap();
    let m = Measurement {
        id: Uuid::new_v4(),
        indicator: ind.id,
        period: "2025".into(),
        value: 14.0,
        ..Default::default()
    };
    ws.save(Editable::Measurement(m.clone())).unwrap();
    let wrong = Measurement {
        value: 142.5,
        ..m.clone()
    };
    assert_eq!(
        refused(ws.save(Editable::Measurement(wrong)).unwrap_err()),
        (
            "value".into(),
            Problem::OutOfRange {
                value: 142.5,
                min: 0.0,
                max: 100.0
            }
        )
    );
    let right = Measurement { value: 42.5, ..m };
    ws.save(Editable::Measurement(right)).unwrap();
    assert_eq!(ws.indicators().unwrap()[0].measurements[0].value, 42.5);
}

#[test]
fn a_member_may_not_change_the_plan_and_archived_records_can_be_restored() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ministry = coordinator(&tmp.path().join("ministry"));
    let mut ngo = office(&mut ministry, &tmp.path().join("ngo"), "HRNGOF", "Monitor");
    let ind = indicator("Cases heard", "number");
    assert!(matches!(
        ngo.save(Editable::Indicator(ind.clone())).unwrap_err(),
        Error::Forbidden(_)
    ));
    assert!(ngo.store().get::<Indicator>(ind.id).unwrap().is_none());

    ministry.save(Editable::Indicator(ind.clone())).unwrap();
    ministry.set_archived(ind.id, true).unwrap();
    assert!(ministry.indicators().unwrap().is_empty());
    let archived = ministry.archived_records().unwrap();
    assert_eq!(archived.len(), 1);
    assert_eq!(
        (archived[0].kind, archived[0].name.as_str()),
        (RecordKind::Indicator, "Cases heard")
    );
    ministry.set_archived(ind.id, false).unwrap();
    assert_eq!(ministry.indicators().unwrap().len(), 1);
    assert!(ministry.archived_records().unwrap().is_empty());
}

#[test]
fn two_offices_editing_one_field_from_forms_see_a_conflict_named_for_people() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ministry = coordinator(&tmp.path().join("ministry"));
    let mut laptop = office(
        &mut ministry,
        &tmp.path().join("laptop"),
        "MOJHA",
        "Officer",
    );
    let ind = indicator("Complaints investigated", "%");
    ministry.save(Editable::Indicator(ind.clone())).unwrap();
    meet(&mut ministry, &mut laptop);
    ministry
        .save(Editable::Indicator(Indicator {
            unit: "percent".into(),
            ..ind.clone()
        }))
        .unwrap();
    laptop
        .save(Editable::Indicator(Indicator {
            unit: "хувь".into(),
            ..ind.clone()
        }))
        .unwrap();
    meet(&mut ministry, &mut laptop);
    let conflicts = ministry.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(
        (conflicts[0].name.as_str(), conflicts[0].field.as_str()),
        ("Complaints investigated", "unit")
    );
    assert_eq!(conflicts[0].values.len(), 2);
}
