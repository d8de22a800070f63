//! Snapshots are a cache of the documents: one that does not hold exactly
//! the stored changes is found by `check` and replaced by a rebuild.

use accord_core::Workspace;
use accord_core::doc::DocId;
use accord_core::model::*;
use accord_scenarios::*;

#[test]
fn a_snapshot_that_lost_a_change_is_found_and_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let mut ws = coordinator(&dir);
    let rec = rec_id(&ws, "107.1");
    let stale: Vec<u8> = ws.doc_changes(DocId::Catalogue).unwrap();
    ws.update::<Recommendation>(rec, "edit", |r| {
        r.response_source = "after the snapshot".into();
        Ok(())
    })
    .unwrap();
    drop(ws);

    // A saved copy that claims to cover every change but lacks the last.
    let old = automerge::Automerge::load(&stale).unwrap().save();
    let conn = rusqlite::Connection::open(dir.join("accord.sqlite3")).unwrap();
    let last: i64 = conn
        .query_row(
            "SELECT max(seq) FROM change WHERE doc = 'catalogue'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "INSERT INTO snapshot (doc, upto, bytes) VALUES ('catalogue', ?1, ?2)",
        rusqlite::params![last, old],
    )
    .unwrap();

    let mut ws = Workspace::open(&dir).unwrap();
    let report = ws.check().unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("catalogue: its saved copy does not match its changes")),
        "{:?}",
        report.problems
    );
    let rebuilt = ws.rebuild_index(false).unwrap();
    assert!(
        rebuilt
            .problems
            .iter()
            .any(|p| p.contains("it was replaced")),
        "{:?}",
        rebuilt.problems
    );
    // The replacement holds every change: a new check trusts it.
    assert_clean(&ws);
    let r: Recommendation = ws.store().get(rec).unwrap().unwrap();
    assert_eq!(r.response_source, "after the snapshot");
}
