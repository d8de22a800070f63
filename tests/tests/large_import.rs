//! A large recommendation list: written in several changes, each small
//! enough to travel on its own, while other writers of the same working
//! copy go on; importing it again adds nothing.

use accord_core::Workspace;
use accord_core::model::{Comment, Recommendation, TargetKind};
use accord_scenarios::*;
use uuid::Uuid;

fn list(rows: usize) -> String {
    let mut csv = String::from("code,mechanism,document,text_en,themes\n");
    for i in 0..rows {
        csv.push_str(&format!(
            "{}.{},upr,A/HRC/{}/9,Recommendation {i} on detention and shelters,torture\n",
            100 + i / 300,
            i % 300 + 1,
            40 + i % 3,
        ));
    }
    csv
}

#[test]
fn a_large_list_is_written_in_parts_and_reaches_another_office_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let mut coord = coordinator(&tmp.path().join("coord"));
    let mut ngo = office(&mut coord, &tmp.path().join("ngo"), "HRNGOF", "Forum");
    let before = coord.store().all::<Recommendation>().unwrap().len();

    let summary = coord
        .import_reader("large.csv", list(2_500).as_bytes(), false)
        .unwrap();
    assert_eq!(summary.new.len(), 2_500);
    assert_eq!(
        coord.store().all::<Recommendation>().unwrap().len(),
        before + 2_500
    );

    // The first and the last recommendation of the file were written by
    // different changes of one import, each named as a part of it.
    let first = coord
        .resolve_ref(accord_core::model::RecordKind::Recommendation, "100.1")
        .unwrap();
    let messages = |ws: &Workspace, id: Uuid| -> Vec<String> {
        ws.history(id)
            .unwrap()
            .into_iter()
            .map(|h| h.message)
            .collect()
    };
    let last = coord
        .store()
        .all::<Recommendation>()
        .unwrap()
        .into_iter()
        .find(|r| r.text_en.starts_with("Recommendation 2499 "))
        .unwrap();
    assert_eq!(
        messages(&coord, first),
        ["import large.csv (part 1 of 3): 1000 recommendations"]
    );
    assert_eq!(
        messages(&coord, last.id),
        ["import large.csv (part 3 of 3): 500 recommendations"]
    );

    // Another office receives every part.
    send(&coord, &mut ngo);
    assert_eq!(
        ngo.store().all::<Recommendation>().unwrap().len(),
        before + 2_500
    );
    assert_eq!(export(&ngo), export(&coord));

    // The same file again: nothing new, nothing written.
    let again = coord
        .import_reader("large.csv", list(2_500).as_bytes(), false)
        .unwrap();
    assert_eq!((again.new.len(), again.unchanged), (0, 2_500));
    assert_clean(&coord);
}

#[test]
fn another_writer_of_the_same_working_copy_goes_on_during_a_large_import() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("coord");
    let coord = coordinator(&dir);
    let target = rec_id(&coord, "107.1");
    let org = coord.me().org;
    drop(coord);

    let done = std::sync::atomic::AtomicBool::new(false);
    let written = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let mut ws = Workspace::open(&dir).unwrap();
            let mut written = 0;
            // At least one comment, and more while the import runs.
            while written == 0 || !done.load(std::sync::atomic::Ordering::Relaxed) {
                let c = Comment {
                    id: Uuid::new_v4(),
                    target_kind: TargetKind::Recommendation,
                    target,
                    org,
                    date: "2026-12-01".into(),
                    text: format!("comment {written} during the import"),
                    ..Default::default()
                };
                ws.create(&c, "comment")
                    .expect("a comment during the import");
                written += 1;
                // A person's pace, not a loop's: the import gets its turns.
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            written
        });
        let mut ws = Workspace::open(&dir).unwrap();
        ws.import_reader("large.csv", list(3_000).as_bytes(), false)
            .unwrap();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        writer.join().unwrap()
    });
    let ws = Workspace::open(&dir).unwrap();
    assert_eq!(comment_texts(&ws).len(), written);
    assert!(ws.store().all::<Recommendation>().unwrap().len() >= 3_000);
    assert_clean(&ws);
}

#[test]
fn an_import_stopped_part_way_says_how_far_it_got_and_the_same_file_finishes_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("coord");
    let coord = coordinator(&dir);
    let before = coord.store().all::<Recommendation>().unwrap().len();
    drop(coord);
    // The disk fills up while the second batch is written.
    let conn = rusqlite::Connection::open(dir.join("accord.sqlite3")).unwrap();
    conn.execute_batch(&format!(
        "CREATE TRIGGER full_disk AFTER INSERT ON recommendation
         WHEN (SELECT count(*) FROM recommendation) > {}
         BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END;",
        before + 1_500
    ))
    .unwrap();
    let mut ws = Workspace::open(&dir).unwrap();
    let err = ws
        .import_reader("large.csv", list(2_500).as_bytes(), false)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("1000 of 2500") && err.contains("import the same file again"),
        "{err}"
    );
    // The first batch is there, whole; nothing of the second.
    assert_eq!(
        ws.store().all::<Recommendation>().unwrap().len(),
        before + 1_000
    );
    assert_clean(&ws);

    // Space again: the same file writes the rest, and nothing twice.
    conn.execute_batch("DROP TRIGGER full_disk").unwrap();
    let again = ws
        .import_reader("large.csv", list(2_500).as_bytes(), false)
        .unwrap();
    assert_eq!((again.new.len(), again.unchanged), (1_500, 1_000));
    assert_eq!(
        ws.store().all::<Recommendation>().unwrap().len(),
        before + 2_500
    );
    assert_clean(&ws);
}
