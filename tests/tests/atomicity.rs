//! An edit is one Automerge change and one SQLite transaction: when storing
//! fails half-way (a full disk, a crash), neither the change nor its index
//! rows remain, and the next edit works.

use accord_core::Workspace;
use accord_core::model::*;
use accord_scenarios::*;
use uuid::Uuid;

#[test]
fn a_failure_while_storing_an_edit_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let mut ws = coordinator(&dir);
    let rec = rec_id(&ws, "107.1");
    let before = export(&ws);
    let changes_before = ws.all_changes().unwrap().len();

    // Make the index update fail after the change row has been written,
    // as a full disk would.
    let conn = rusqlite::Connection::open(dir.join("accord.sqlite3")).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER fail_index BEFORE INSERT ON assessment
         BEGIN SELECT RAISE(ABORT, 'disk full'); END;",
    )
    .unwrap();
    let a = Assessment {
        id: Uuid::new_v4(),
        recommendation: rec,
        org: ws.me().org,
        level: Level::InProgress,
        date: "2025-01-01".into(),
        ..Default::default()
    };
    let err = ws.create(&a, "assess").unwrap_err();
    assert!(err.to_string().contains("disk full"), "{err}");
    assert_eq!(
        ws.all_changes().unwrap().len(),
        changes_before,
        "the change was stored"
    );
    assert_eq!(export(&ws), before);

    // The failed change is gone from memory too: the next edit does not
    // depend on it, and a fresh process sees a consistent copy.
    conn.execute_batch("DROP TRIGGER fail_index").unwrap();
    ws.update::<Recommendation>(rec, "edit", |r| {
        r.response_source = "after the failure".into();
        Ok(())
    })
    .unwrap();
    ws.create(&a, "assess again").unwrap();
    drop(ws);
    let ws = Workspace::open(&dir).unwrap();
    assert_clean(&ws);
    assert_eq!(ws.store().all::<Assessment>().unwrap().len(), 1);
}
