//! Restoring a working copy from a backup and editing again never reuses an
//! Automerge sequence number: every process run writes as a fresh actor, so
//! the edits made before the restore and after it merge cleanly.

use accord_core::Workspace;
use accord_core::model::*;
use accord_scenarios::*;

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn edits_after_restoring_a_backup_merge_with_the_lost_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let live = tmp.path().join("live");
    let ws = coordinator(&live);
    let rec = rec_id(&ws, "107.1");
    drop(ws);
    let backup = tmp.path().join("backup");
    copy_dir(&live, &backup);

    // The office edits, then its disk fails; it restores last week's backup
    // and edits again, with the same device key.
    let mut before = Workspace::open(&live).unwrap();
    before
        .update::<Recommendation>(rec, "edit", |r| {
            r.states.push("Lost".into());
            Ok(())
        })
        .unwrap();
    let mut restored = Workspace::open(&backup).unwrap();
    restored
        .update::<Recommendation>(rec, "edit", |r| {
            r.response_source = "after the restore".into();
            Ok(())
        })
        .unwrap();
    assert_eq!(before.device_key_hex(), restored.device_key_hex());

    // A colleague's copy still held the lost edit: both meet again.
    let report = send(&before, &mut restored);
    assert_eq!(report.refused.len(), 0, "{:?}", report.refused);
    let r: Recommendation = restored.store().get(rec).unwrap().unwrap();
    assert!(r.states.contains(&"Lost".to_string()));
    assert_eq!(r.response_source, "after the restore");
    send(&restored, &mut before);
    assert_eq!(export(&before), export(&restored));
    assert_clean(&restored);
}
