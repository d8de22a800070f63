//! Several offices edit their own working copies offline, then exchange
//! changes: they converge, keep each organisation's own voice, and show
//! conflicts where two devices edited one field.

use accord_core::model::*;
use accord_scenarios::*;
use uuid::Uuid;

fn assess(ws: &mut accord_core::Workspace, code: &str, level: Level, date: &str) -> Uuid {
    let a = Assessment {
        id: Uuid::new_v4(),
        recommendation: rec_id(ws, code),
        org: ws.me().org,
        level,
        date: date.into(),
        evidence: format!("{level} seen by {}", ws.my_org().unwrap().short),
        ..Default::default()
    };
    ws.create(&a, "assess").unwrap();
    a.id
}

#[test]
fn two_offices_converge_and_show_a_conflict_on_a_field_both_edited() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ministry = coordinator(&tmp.path().join("ministry"));
    let mut ministry2 = office(
        &mut ministry,
        &tmp.path().join("ministry-laptop"),
        "MOJHA",
        "Field officer",
    );
    let rec = rec_id(&ministry, "107.2");

    // Offline, both devices of the coordinator edit the same recommendation:
    // one field both, and one field each.
    ministry
        .update::<Recommendation>(rec, "fix response", |r| {
            r.response = Response::SupportedInPart;
            r.response_source = "A/HRC/30/6/Add.1".into();
            Ok(())
        })
        .unwrap();
    ministry2
        .update::<Recommendation>(rec, "fix response", |r| {
            r.response = Response::Noted;
            r.states.push("Norway".into());
            Ok(())
        })
        .unwrap();

    meet(&mut ministry, &mut ministry2);
    assert_eq!(
        export(&ministry),
        export(&ministry2),
        "the dumps differ after exchanging"
    );

    // Both single-field edits survived; the shared field is a conflict
    // listing both values with their organisation.
    let r: Recommendation = ministry.store().get(rec).unwrap().unwrap();
    assert_eq!(r.response_source, "A/HRC/30/6/Add.1");
    assert!(r.states.contains(&"Norway".to_string()));
    let conflicts = ministry.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let c = &conflicts[0];
    assert_eq!(c.field, "response");
    let mut values: Vec<String> = c
        .values
        .iter()
        .map(|v| v.value.as_str().unwrap().to_owned())
        .collect();
    values.sort();
    assert_eq!(values, ["noted", "supported-in-part"]);
    assert!(
        c.values
            .iter()
            .all(|v| v.org.as_deref() == Some("MOJHA") && v.time.is_some())
    );

    // Resolving is an edit: it travels and clears the conflict everywhere.
    let keep = c
        .values
        .iter()
        .position(|v| v.value == "supported-in-part")
        .unwrap();
    ministry.resolve_conflict(rec, "response", keep).unwrap();
    assert!(ministry.conflicts().unwrap().is_empty());
    meet(&mut ministry, &mut ministry2);
    assert!(ministry2.conflicts().unwrap().is_empty());
    let r2: Recommendation = ministry2.store().get(rec).unwrap().unwrap();
    assert_eq!(r2.response, Response::SupportedInPart);
    assert_eq!(export(&ministry), export(&ministry2));
    assert_clean(&ministry);
    assert_clean(&ministry2);
}

#[test]
fn three_organisations_keep_their_own_assessments_side_by_side() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let mut nhri = office(&mut gov, &tmp.path().join("nhri"), "NHRCM", "Desk officer");
    let mut ngo = office(&mut gov, &tmp.path().join("ngo"), "HRNGOF", "Coordinator");
    // The NGO joined after the NHRCM: give it what the coordinator has now.
    send(&gov, &mut nhri);

    assess(&mut gov, "107.1", Level::FullyImplemented, "2024-11-15");
    assess(
        &mut nhri,
        "107.1",
        Level::PartiallyImplemented,
        "2024-11-20",
    );
    assess(&mut ngo, "107.1", Level::InProgress, "2024-11-21");
    // A later assessment of its own replaces the NGO's current view.
    assess(&mut ngo, "107.1", Level::Regressed, "2025-02-01");

    // Exchange in a ring, twice, so that everything reaches everyone.
    for _ in 0..2 {
        meet(&mut gov, &mut nhri);
        meet(&mut nhri, &mut ngo);
        meet(&mut ngo, &mut gov);
    }
    let dumps = [export(&gov), export(&nhri), export(&ngo)];
    assert_eq!(dumps[0], dumps[1]);
    assert_eq!(dumps[1], dumps[2]);
    assert!(
        gov.conflicts().unwrap().is_empty(),
        "own documents never conflict"
    );

    let view = ngo.recommendation_view(rec_id(&ngo, "107.1")).unwrap();
    let levels: Vec<(String, Level)> = view
        .assessments
        .iter()
        .map(|c| (c.org.short.clone(), c.current.level))
        .collect();
    assert_eq!(levels.len(), 3, "{levels:?}");
    assert!(levels.contains(&("MOJHA".into(), Level::FullyImplemented)));
    assert!(levels.contains(&("NHRCM".into(), Level::PartiallyImplemented)));
    assert!(levels.contains(&("HRNGOF".into(), Level::Regressed)));
    let ngo_col = view
        .assessments
        .iter()
        .find(|c| c.org.short == "HRNGOF")
        .unwrap();
    assert_eq!(ngo_col.earlier.len(), 1);

    // The list filters by each organisation's current level.
    let filter = accord_core::store::query::ListFilter {
        assessed: Some((org_id(&gov, "HRNGOF"), Level::Regressed)),
        ..Default::default()
    };
    let page = gov.store().list(&filter).unwrap();
    assert_eq!(
        page.items
            .iter()
            .map(|r| r.code.as_str())
            .collect::<Vec<_>>(),
        ["107.1"]
    );
    for ws in [&gov, &nhri, &ngo] {
        assert_clean(ws);
    }
}

#[test]
fn history_tells_who_changed_what_across_offices() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let mut nhri = office(&mut gov, &tmp.path().join("nhri"), "NHRCM", "Desk officer");
    let rec = rec_id(&gov, "107.1");
    gov.edit_fields(rec, &["text_mn=Шинэ орчуулга".parse().unwrap()])
        .unwrap();
    assess(&mut nhri, "107.1", Level::InProgress, "2024-11-20");
    meet(&mut gov, &mut nhri);

    let history = gov.history(rec).unwrap();
    let edit = history
        .iter()
        .find(|h| h.fields == ["text_mn"])
        .expect("the edit of the Mongolian text is in the history");
    assert_eq!(edit.org.as_deref(), Some("MOJHA"));
    assert_eq!(edit.person.as_deref(), Some("Secretariat"));
    let assessed = history
        .iter()
        .find(|h| h.kind == "assessment" && h.created)
        .expect("the NHRCM's assessment is in the history");
    assert_eq!(assessed.org.as_deref(), Some("NHRCM"));
    assert_eq!(assessed.person.as_deref(), Some("Desk officer"));
    assert!(
        history
            .iter()
            .any(|h| h.kind == "recommendation" && h.created)
    );
    // Newest first.
    assert!(history.windows(2).all(|w| w[0].time >= w[1].time));
}
