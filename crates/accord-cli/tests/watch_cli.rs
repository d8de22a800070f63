//! `accord sync FOLDER --watch`: a coordinator's watch admits a new office
//! and takes its work as soon as the office's files land in the folder,
//! and its own writes never set it off again.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

mod common;
use common::*;

/// The watching process, ended when the test ends.
struct Watching(Child);

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The next report the watch prints that satisfies `f`, within 30 s.
fn next_report(lines: &mpsc::Receiver<Value>, f: impl Fn(&Value) -> bool) -> Value {
    loop {
        let report = lines
            .recv_timeout(Duration::from_secs(30))
            .expect("the watch reported within 30 s");
        if f(&report) {
            return report;
        }
    }
}

#[test]
fn a_watch_admits_a_new_office_and_takes_its_work_as_it_lands() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, folder) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("shared"),
    );
    std::fs::create_dir(&folder).unwrap();
    ok(&a, &["demo"]);
    let invite = tmp.path().join("ngo.invite");
    ok(
        &a,
        &[
            "invite",
            "--org",
            "HRNGOF",
            "--out",
            invite.to_str().unwrap(),
        ],
    );
    ok(&b, &["join", invite.to_str().unwrap(), "--person", "Forum"]);

    let mut child = command(&a, &["--json", "sync", folder.to_str().unwrap(), "--watch"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("accord starts");
    let stdout = child.stdout.take().unwrap();
    let _watching = Watching(child);
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Ok(v) = serde_json::from_str::<Value>(&line)
                && send.send(v).is_err()
            {
                break;
            }
        }
    });
    // The first sync, at start.
    next_report(&lines, |_| true);

    // The new office's join request lands: the watch admits it.
    ok(&b, &["sync", folder.to_str().unwrap()]);
    let admitted = next_report(&lines, |r| {
        r["admitted"].as_array().is_some_and(|a| !a.is_empty())
    });
    assert_eq!(admitted["admitted"].as_array().unwrap().len(), 1);

    // Its comment lands: the watch applies it.
    let b_sync = ok(&b, &["--json", "sync", folder.to_str().unwrap()]);
    let b_sync: Value = serde_json::from_str(&b_sync).unwrap();
    assert_eq!(b_sync["waiting_for_admission"], false);
    let code = "107.20";
    ok(&b, &["comment", code, "--text", "Seen by the watch"]);
    ok(&b, &["sync", folder.to_str().unwrap()]);
    next_report(&lines, |r| r["changes_applied"].as_u64().unwrap_or(0) > 0);
    let shown = ok(&a, &["show", code]);
    assert!(shown.contains("Seen by the watch"), "{shown}");

    // Its own writes do not set it off: nothing more to report.
    assert!(
        lines.recv_timeout(Duration::from_secs(4)).is_err(),
        "the watch synced again with nothing new"
    );
}
