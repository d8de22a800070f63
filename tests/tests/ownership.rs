//! A record id belongs to one document, decided the same way at every
//! office whatever order the documents reach it in.

use accord_core::model::*;
use accord_scenarios::*;
use uuid::Uuid;

/// A member organisation creates, in its own document, an assessment that
/// reuses another organisation's assessment id. Offices that received the
/// two in either order, and an office that joins afterwards, show the same
/// records and export the same bytes; `check` names the clash rather than
/// stopping on it.
#[test]
fn a_reused_record_id_resolves_the_same_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let mut nhrcm = office(&mut gov, &tmp.path().join("nhrcm"), "NHRCM", "Bold");
    let mut ngo = office(&mut gov, &tmp.path().join("ngo"), "HRNGOF", "Tsetseg");
    let rec = rec_id(&gov, "107.1");
    let original = Assessment {
        id: Uuid::new_v4(),
        recommendation: rec,
        org: nhrcm.me().org,
        level: Level::InProgress,
        date: "2026-10-01".into(),
        evidence: "the NHRCM's own finding".into(),
        ..Default::default()
    };
    nhrcm.create(&original, "assess").unwrap();
    let clone = Assessment {
        org: ngo.me().org,
        level: Level::Regressed,
        evidence: "the NGO reused the NHRCM's id".into(),
        ..original.clone()
    };
    ngo.create(&clone, "assess").unwrap();

    // The ministry hears the NHRCM first, a second office the NGO first.
    let mut other = office(&mut gov, &tmp.path().join("mlsp"), "MLSP", "Officer");
    send(&nhrcm, &mut gov);
    send(&ngo, &mut gov);
    send(&ngo, &mut other);
    send(&nhrcm, &mut other);
    let late = office(&mut gov, &tmp.path().join("late"), "MFA", "Late");
    send(&gov, &mut other);

    let shown: Vec<Assessment> = [&gov, &other, &late]
        .iter()
        .map(|ws| {
            ws.store()
                .get::<Assessment>(original.id)
                .unwrap()
                .expect("shown")
        })
        .collect();
    assert_eq!(shown[0], shown[1]);
    assert_eq!(shown[0], shown[2]);
    assert!(
        export(&gov) == export(&other),
        "the ministry and the other office differ"
    );
    assert!(
        export(&gov) == export(&late),
        "the ministry and the late office differ"
    );
    for ws in [&gov, &other, &late] {
        let report = ws.check().expect("check runs to the end");
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        assert!(
            report.problems[0].contains("is also a record of"),
            "{:?}",
            report.problems
        );
    }
    let mut gov = gov;
    gov.rebuild_index(false).expect("rebuild runs to the end");
    assert!(
        export(&gov) == export(&late),
        "a rebuild changed what is shown"
    );
}
