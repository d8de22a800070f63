//! The index is derived: when it is damaged or emptied, the working copy
//! still opens, `check` says what is wrong, and a rebuild restores it to
//! exactly what it was.

use accord_core::Workspace;
use accord_scenarios::*;

#[test]
fn an_emptied_index_is_found_and_rebuilt_to_what_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let ws = coordinator(&dir);
    let before = export(&ws);
    drop(ws);

    let conn = rusqlite::Connection::open(dir.join("accord.sqlite3")).unwrap();
    conn.execute_batch(
        "DELETE FROM device; DELETE FROM recommendation; DELETE FROM tag;
         UPDATE organisation SET data = json_set(data, '$.short', 'WRONG');",
    )
    .unwrap();

    let mut ws = Workspace::open(&dir).expect("opens without its index");
    let report = ws.check().unwrap();
    for table in ["device", "recommendation", "tag", "organisation"] {
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.contains(&format!("index table {table}:"))),
            "{table}: {:?}",
            report.problems
        );
    }
    ws.rebuild_index(false).unwrap();
    assert_clean(&ws);
    assert_eq!(export(&ws), before);
}
