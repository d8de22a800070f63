//! A stored change that can no longer be read (a failing disk, a bad copy):
//! the working copy names it and says what to do, `check` reports it, and
//! a rebuild mends it from the envelopes this device keeps, or removes it
//! and says what was lost.

use accord_core::Workspace;
use accord_core::model::Recommendation;
use accord_scenarios::*;

fn texts(ws: &Workspace) -> Vec<String> {
    let mut t: Vec<String> = ws
        .store()
        .all::<Recommendation>()
        .unwrap()
        .into_iter()
        .map(|r| r.text_en)
        .collect();
    t.sort();
    t
}

#[test]
fn a_damaged_change_is_named_and_mended_from_the_envelope_that_carried_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let folder = tmp.path().join("folder");
    std::fs::create_dir_all(&folder).unwrap();
    let mut ws = coordinator(&dir);
    let rec = rec_id(&ws, "107.1");
    ws.update::<Recommendation>(rec, "reword", |r| {
        r.text_en = "Ratify the Optional Protocol without delay.".into();
        Ok(())
    })
    .unwrap();
    // The change is sealed into an envelope, which this device keeps.
    sync(&mut ws, &folder);
    let before = texts(&ws);
    drop(ws);
    damage_catalogue_change(&dir, b"without delay");

    // Editing the catalogue now says what is wrong and what to do.
    let mut ws = Workspace::open(&dir).unwrap();
    let err = ws
        .update::<Recommendation>(rec, "edit", |r| {
            r.response_source = "x".into();
            Ok(())
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("damaged") && err.contains("rebuild"), "{err}");
    // The check reports it, and changes nothing.
    let report = ws.check().unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("cannot be read") && p.contains("catalogue")),
        "{:?}",
        report.problems
    );
    // The rebuild mends it: everything is as before.
    let rebuilt = ws.rebuild_index(false).unwrap();
    assert_eq!(rebuilt.repaired.len(), 1, "{:?}", rebuilt.repaired);
    assert!(
        rebuilt.repaired[0].contains("mended"),
        "{:?}",
        rebuilt.repaired
    );
    assert_clean(&ws);
    assert_eq!(texts(&ws), before);
    ws.update::<Recommendation>(rec, "edit", |r| {
        r.response_source = "works again".into();
        Ok(())
    })
    .unwrap();
}

#[test]
fn a_damaged_change_never_shared_is_removed_and_the_loss_is_said() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let mut ws = coordinator(&dir);
    let rec = rec_id(&ws, "107.1");
    let before = texts(&ws);
    ws.update::<Recommendation>(rec, "reword before any sync", |r| {
        r.text_en = "Ratify the Optional Protocol this year.".into();
        Ok(())
    })
    .unwrap();
    drop(ws);
    damage_catalogue_change(&dir, b"this year");

    let mut ws = Workspace::open(&dir).unwrap();
    let rebuilt = ws.rebuild_index(false).unwrap();
    assert_eq!(rebuilt.repaired.len(), 1, "{:?}", rebuilt.repaired);
    let said = &rebuilt.repaired[0];
    assert!(
        said.contains("reword before any sync") && said.contains("lost"),
        "{said}"
    );
    assert_clean(&ws);
    // The edit is gone; the rest is as it was, and the catalogue works.
    assert_eq!(texts(&ws), before);
    ws.update::<Recommendation>(rec, "make it again", |r| {
        r.text_en = "Ratify the Optional Protocol this year.".into();
        Ok(())
    })
    .unwrap();
    assert_clean(&ws);
}
