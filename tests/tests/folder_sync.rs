//! Offices converging through a shared folder and a USB stick carried
//! between them, with the files on a real file system.

use accord_core::model::{Assessment, Level};
use accord_scenarios::*;
use uuid::Uuid;

fn assess(ws: &mut accord_core::Workspace, code: &str, level: Level, evidence: &str) {
    let rec = rec_id(ws, code);
    let a = Assessment {
        id: Uuid::new_v4(),
        recommendation: rec,
        org: ws.me().org,
        level,
        date: "2025-06-01".into(),
        evidence: evidence.into(),
        ..Default::default()
    };
    ws.create(&a, "assess").expect("assess");
}

#[test]
fn three_offices_converge_through_one_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let mut nhri = invited_office(
        &mut gov,
        &tmp.path().join("nhri"),
        "NHRCM",
        "Desk officer",
        &folder,
    );
    let mut ngo = invited_office(
        &mut gov,
        &tmp.path().join("ngo"),
        "HRNGOF",
        "NGO officer",
        &folder,
    );
    sync(&mut nhri, &folder);
    assess(&mut nhri, "107.1", Level::InProgress, "NHRCM report");
    assess(&mut ngo, "107.1", Level::NotStarted, "Shadow report");
    for ws in [&mut gov, &mut nhri, &mut ngo] {
        sync(ws, &folder);
    }
    for ws in [&mut gov, &mut nhri, &mut ngo] {
        sync(ws, &folder);
    }
    let e = export(&gov);
    assert_eq!(e, export(&nhri));
    assert_eq!(e, export(&ngo));
    assert!(e.contains("Shadow report") && e.contains("NHRCM report"));
    for ws in [&gov, &nhri, &ngo] {
        assert_clean(ws);
    }
}
