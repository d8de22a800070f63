//! The `accord` command run by several processes at once, and killed part
//! way through its work: nothing is lost, the working copy stays sound.

use std::process::Command;

mod common;
use common::{json, ok};

#[test]
fn two_processes_editing_at_once_both_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    ok(
        &ws,
        &[
            "init",
            "--org",
            "Ministry",
            "--short",
            "MIN",
            "--kind",
            "government",
            "--person",
            "A",
        ],
    );
    let children: Vec<_> = (0..2)
        .map(|n| {
            let ws = ws.clone();
            std::thread::spawn(move || {
                for i in 0..8 {
                    ok(
                        &ws,
                        &[
                            "org",
                            "add",
                            "--short",
                            &format!("O{n}x{i}"),
                            "--name",
                            "Org",
                            "--kind",
                            "ngo",
                        ],
                    );
                }
            })
        })
        .collect();
    for c in children {
        c.join().unwrap();
    }
    assert_eq!(json(&ws, &["org", "list"]).as_array().unwrap().len(), 17);
    ok(&ws, &["check"]);
}

#[cfg(unix)]
#[test]
fn a_process_killed_mid_edit_leaves_a_sound_working_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    ok(&ws, &["demo"]);
    let before = json(&ws, &["list", "--limit", "1"])["total"].clone();
    // Kill imports and edits at different moments of their work.
    let csv = tmp.path().join("more.csv");
    let mut text = String::from(
        include_str!("../../../tests/fixtures/small.csv")
            .lines()
            .next()
            .unwrap(),
    );
    text.push('\n');
    for i in 0..300 {
        text.push_str(&format!(
            "900.{i},upr,,3,36,A/HRC/99/1,2020-01-01,Text {i},,en,,supported,,,,,,,\n"
        ));
    }
    std::fs::write(&csv, text).unwrap();
    for delay_ms in [5u64, 20, 40, 80, 150, 300] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
            .arg("--workspace")
            .arg(&ws)
            .args(["import", csv.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            ok(&ws, &["check"]).contains("sound"),
            "unsound after a kill at {delay_ms} ms"
        );
        let total = json(&ws, &["list", "--limit", "1"])["total"]
            .as_u64()
            .unwrap();
        let b = before.as_u64().unwrap();
        assert!(
            total == b || total == b + 300,
            "half an import applied: {total}"
        );
    }
}
