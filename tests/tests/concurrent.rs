//! The command line and the desktop app open one working copy at the same
//! time: two handles editing at once both succeed, and no write is lost.

use std::sync::{Arc, Barrier};

use accord_core::Workspace;
use accord_core::model::*;
use accord_scenarios::*;
use uuid::Uuid;

#[test]
fn two_handles_editing_one_working_copy_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let ws = coordinator(&dir);
    let rec = rec_id(&ws, "107.1");
    drop(ws);

    const EACH: usize = 40;
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|n| {
            let dir = dir.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut ws = Workspace::open(&dir).unwrap();
                barrier.wait();
                for i in 0..EACH {
                    // Assessments (organisation document) and the shared
                    // recommendation (catalogue), interleaved.
                    let a = Assessment {
                        id: Uuid::new_v4(),
                        recommendation: rec,
                        org: ws.me().org,
                        level: Level::InProgress,
                        date: format!("2025-01-{:02}", 1 + i % 28),
                        evidence: format!("handle {n} edit {i}"),
                        ..Default::default()
                    };
                    ws.create(&a, "assess").unwrap();
                    ws.update::<Recommendation>(rec, "add a state", |r| {
                        r.states.push(format!("S{n}-{i}"));
                        Ok(())
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let ws = Workspace::open(&dir).unwrap();
    let evidence: Vec<String> = ws
        .store()
        .all::<Assessment>()
        .unwrap()
        .into_iter()
        .map(|a| a.evidence)
        .collect();
    assert_eq!(evidence.len(), 2 * EACH, "assessments were lost");
    let r: Recommendation = ws.store().get(rec).unwrap().unwrap();
    for n in 0..2 {
        for i in 0..EACH {
            assert!(
                r.states.contains(&format!("S{n}-{i}")),
                "S{n}-{i} lost: {:?}",
                r.states
            );
        }
    }
    assert_clean(&ws);
}
