//! Folder sync from the command line: offices invite and admit each other's
//! devices and exchange their work through a shared folder, which survives
//! syncs killed midway and syncs that run at the same moment.

use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::*;

#[test]
fn invite_join_admit_and_sync_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let folder = tmp.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    ok(&a, &["demo"]);
    let first = sync(&a, &folder);
    assert!(count(&first["sealed"]) > 0, "{first}");
    assert!(count(&first["files_written"]) > 0, "{first}");
    assert_eq!(first["waiting_for_admission"], false);

    let invite = tmp.path().join("forum.invite");
    ok(&a, &["invite", "--org", "HRNGOF", "--out", p(&invite)]);
    let join = ["join", p(&invite), "--person", "Tuya"];
    let wrong = command(&b, &join)
        .env("ACCORD_PASSPHRASE", "not the passphrase")
        .output()
        .unwrap();
    let err = failed(&join, wrong);
    assert!(err.contains("passphrase"), "{err}");
    assert!(
        !b.join("accord.sqlite3").exists(),
        "a refused join left a working copy"
    );
    // The refused attempt does not stand in the way of the right one.
    let b_id = json(&b, &join)["id"].as_str().unwrap().to_owned();

    let waiting = sync(&b, &folder);
    assert_eq!(waiting["waiting_for_admission"], true, "{waiting}");
    assert!(count(&waiting["changes_applied"]) > 0, "{waiting}");
    assert_eq!(
        json(&b, &["list", "--limit", "1"])["total"],
        json(&a, &["list", "--limit", "1"])["total"]
    );
    // An office works while it waits; its work travels once it is admitted.
    let code = rec_code(&b, 0);
    let evidence = "Two shelters closed in 2025 for lack of funding";
    ok(
        &b,
        &[
            "assess",
            &code,
            "--level",
            "regressed",
            "--date",
            "2025-12-01",
            "--evidence",
            evidence,
        ],
    );

    let admitting = sync(&a, &folder);
    let b_key = device_key(&a, &b_id).expect("B is on A's roster");
    assert_eq!(admitting["admitted"], serde_json::json!([b_key]));
    let admitted = sync(&b, &folder);
    assert_eq!(admitted["waiting_for_admission"], false, "{admitted}");
    assert!(count(&admitted["sealed"]) > 0, "{admitted}");

    let received = sync(&a, &folder);
    assert!(count(&received["changes_applied"]) > 0, "{received}");
    assert!(export(&a).contains(evidence));
    let shown = json(&a, &["show", &code]);
    let forum = list(&shown["assessments"])
        .iter()
        .find(|v| v["org"]["short"] == "HRNGOF")
        .expect("the forum's assessment is shown");
    assert_eq!(forum["current"]["evidence"], evidence);
    assert_eq!(forum["current"]["level"], "regressed");

    assert_eq!(export(&a), export(&b));
    assert_sound(&a);
    assert_sound(&b);
}

#[cfg(unix)]
#[test]
fn a_sync_killed_at_any_moment_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, folder) = demo_and_folder(tmp.path());
    join_admitted(&a, "HRNGOF", &b, "Tuya", &folder);
    let evidence = "Monitoring visits found no change in practice";
    ok(
        &b,
        &[
            "assess",
            &rec_code(&b, 1),
            "--level",
            "not-started",
            "--evidence",
            evidence,
        ],
    );
    ok(
        &b,
        &[
            "comment",
            &rec_code(&b, 2),
            "--text",
            "Raised with the forum",
        ],
    );
    sync(&b, &folder);
    sync(&a, &folder);
    assert!(export(&a).contains(evidence));

    // A new device reads the whole workspace in its first sync. How long
    // that takes here decides when to kill the others: the kills then
    // spread over a whole sync, however fast or loaded the machine is.
    let first = tmp.path().join("c0");
    invite_and_join(&a, "NHRCM", &first, "Office 0");
    let started = Instant::now();
    let whole = sync(&first, &folder);
    let span = started.elapsed().max(Duration::from_millis(80));
    assert!(count(&whole["files_read"]) > 10, "{whole}");
    // Most of a sync is spent before its one transaction commits; the
    // commit and the writing to the folder after it take a few moments at
    // the end, so more kills aim there.
    let delays: Vec<Duration> = (0..8)
        .map(|i| span * i / 8)
        .chain([0.9, 0.95, 1.0, 1.05].map(|f| span.mul_f64(f)))
        .collect();
    let mut offices = vec![first];
    let mut interrupted = 0;
    for (n, &delay) in delays.iter().enumerate() {
        let c = tmp.path().join(format!("c{}", n + 1));
        invite_and_join(&a, "NHRCM", &c, &format!("Office {}", n + 1));
        let mut child = command(&c, &["sync", p(&folder)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        // A child that has ended is reaped by try_wait: its pid is then
        // free for reuse and must not be signalled.
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
            // SAFETY: kill(2) on the pid of our child, not yet reaped.
            let sent = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGKILL) };
            assert_eq!(sent, 0, "cannot signal the sync");
            let _ = child.wait();
        }
        let out = accord(&c, &["check"]);
        assert!(
            out.status.success() && String::from_utf8_lossy(&out.stdout).contains("sound"),
            "unsound after a kill at {delay:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let resumed = sync(&c, &folder);
        assert_eq!(resumed["waiting_for_admission"], true, "{resumed}");
        assert_eq!(list(&resumed["rejected"]), &Vec::<Value>::new());
        assert_eq!(list(&resumed["quarantined"]), &Vec::<Value>::new());
        offices.push(c);
    }
    assert!(
        interrupted >= 3,
        "only {interrupted} of {} syncs were still running when killed (a whole sync took {span:?})",
        delays.len()
    );

    let admitting = sync(&a, &folder);
    assert_eq!(list(&admitting["admitted"]).len(), offices.len());
    sync(&b, &folder);
    for c in &offices {
        assert_eq!(sync(c, &folder)["waiting_for_admission"], false);
    }
    sync(&a, &folder);
    let expected = export(&a);
    assert_eq!(export(&b), expected);
    for c in &offices {
        assert_eq!(export(c), expected, "{} differs", c.display());
        assert_sound(c);
    }

    // Into an empty folder (a new stick) a sync is mostly writing: killed
    // there, it must leave only whole files under final names, and the next
    // sync completes the folder.
    let stick = |n: u32| {
        let dir = tmp.path().join(format!("stick{n}"));
        std::fs::create_dir(&dir).unwrap();
        dir
    };
    let started = Instant::now();
    sync(&a, &stick(0));
    let span = started.elapsed().max(Duration::from_millis(40));
    let (complete, _) = whole_files(&tmp.path().join("stick0"));
    assert!(complete > 10, "{complete}");
    for n in 1..=6u32 {
        let delay = span * (n - 1) / 5;
        let folder = stick(n);
        let mut child = command(&a, &["sync", p(&folder)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            // SAFETY: kill(2) on the pid of our child, not yet reaped.
            let sent = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGKILL) };
            assert_eq!(sent, 0, "cannot signal the sync");
            let _ = child.wait();
        }
        // Right after the kill: nothing half written under a final name.
        whole_files(&folder);
        assert_sound(&a);
        sync(&a, &folder);
        let (envelopes, _) = whole_files(&folder);
        assert_eq!(envelopes, complete, "after a kill at {delay:?}");
    }
    assert_eq!(export(&a), expected);
}

#[test]
fn two_processes_syncing_into_one_folder_at_once_clobber_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, folder) = demo_and_folder(tmp.path());
    join_admitted(&a, "HRNGOF", &b, "Tuya", &folder);
    let (code_a, code_b) = (rec_code(&a, 0), rec_code(&b, 1));

    let sync_args = ["--json", "sync", p(&folder)];
    for round in 0..3 {
        ok(
            &a,
            &[
                "comment",
                &code_a,
                "--text",
                &format!("Coordinator's note, round {round}"),
            ],
        );
        ok(
            &b,
            &[
                "assess",
                &code_b,
                "--level",
                "in-progress",
                "--date",
                &format!("2025-1{round}-01"),
                "--evidence",
                &format!("Forum's evidence, round {round}"),
            ],
        );
        for out in at_once(&[(&a, &sync_args), (&b, &sync_args)]) {
            let report: Value = serde_json::from_str(&succeeded(&sync_args, out)).unwrap();
            assert!(count(&report["sealed"]) > 0, "round {round}: {report}");
            assert_eq!(list(&report["rejected"]), &Vec::<Value>::new());
            assert_eq!(list(&report["quarantined"]), &Vec::<Value>::new());
        }
    }
    // Each may have listed the folder before the other wrote: one more sync
    // each brings both up to date.
    sync(&a, &folder);
    sync(&b, &folder);
    let both = export(&a);
    assert_eq!(export(&b), both);
    for round in 0..3 {
        assert!(both.contains(&format!("Coordinator's note, round {round}")));
        assert!(both.contains(&format!("Forum's evidence, round {round}")));
    }
    assert_folder_clean(&folder);

    // One working copy synced by two processes at once ends as one sync
    // would leave it: its new changes sealed once, the others' applied once.
    ok(
        &a,
        &["comment", &code_a, "--text", "Coordinator's note after"],
    );
    sync(&a, &folder);
    ok(
        &b,
        &[
            "assess",
            &code_b,
            "--level",
            "partially-implemented",
            "--evidence",
            "Forum's evidence after",
        ],
    );
    let (b_alone, folder_alone) = (tmp.path().join("b-alone"), tmp.path().join("alone"));
    copy_dir(&b, &b_alone);
    copy_dir(&folder, &folder_alone);
    let alone = sync(&b_alone, &folder_alone);
    assert!(count(&alone["sealed"]) > 0 && count(&alone["changes_applied"]) > 0);
    let reports: Vec<Value> = at_once(&[(&b, &sync_args), (&b, &sync_args)])
        .into_iter()
        .map(|out| serde_json::from_str(&succeeded(&sync_args, out)).unwrap())
        .collect();
    for field in ["sealed", "changes_applied", "envelopes_applied"] {
        let sum: u64 = reports.iter().map(|r| count(&r[field])).sum();
        assert_eq!(sum, count(&alone[field]), "{field}: {reports:?}");
    }
    assert_eq!(export(&b), export(&b_alone));
    assert_eq!(
        assert_folder_clean(&folder),
        assert_folder_clean(&folder_alone)
    );
    let after = sync(&b, &folder);
    for field in ["files_read", "sealed", "changes_applied", "files_written"] {
        assert_eq!(count(&after[field]), 0, "{field}: {after}");
    }
    assert_sound(&b);
}

#[test]
fn quarantine_lists_and_discards() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let c = tmp.path().join("c");
    let folder = tmp.path().join("shared");
    std::fs::create_dir(&folder).unwrap();
    ok(&a, &["demo"]);
    sync(&a, &folder);
    join_admitted(&a, "NHRCM", &c, "Bold", &folder);

    let b_id = invite_and_join(&a, "HRNGOF", &b, "Tuya");
    sync(&b, &folder);
    let evidence = "Not a single shelter opened outside the capital";
    ok(
        &b,
        &[
            "assess",
            &rec_code(&b, 0),
            "--level",
            "regressed",
            "--evidence",
            evidence,
        ],
    );
    let sent = sync(&b, &folder);
    assert!(count(&sent["sealed"]) > 0, "{sent}");
    assert_eq!(sent["waiting_for_admission"], true);

    // B is not admitted yet: C holds its work back, and says why.
    let report = sync(&c, &folder);
    let noted = list(&report["quarantined"]);
    assert!(!noted.is_empty(), "{report}");
    let listed = json(&c, &["quarantine"]);
    let held = list(&listed["quarantined"]).clone();
    assert_eq!(held.len(), noted.len(), "{listed}");
    let b_device = held[0]["device"].as_str().unwrap().to_owned();
    for q in &held {
        assert_eq!(q["device"], b_device.as_str(), "{q}");
        assert!(!q["reason"].as_str().unwrap().trim().is_empty(), "{q}");
    }
    assert!(ok(&c, &["quarantine"]).contains("accord quarantine --discard"));
    assert!(!export(&c).contains(evidence));

    let names: Vec<String> = held
        .iter()
        .map(|q| q["name"].as_str().unwrap().to_owned())
        .collect();
    for name in &names {
        let out = ok(&c, &["quarantine", "--discard", &name[..16]]);
        assert!(out.contains(name.as_str()), "{out}");
    }
    let listed = json(&c, &["quarantine"]);
    assert_eq!(list(&listed["quarantined"]), &Vec::<Value>::new());
    for name in &names {
        let rejected = list(&listed["rejected"])
            .iter()
            .find(|r| r["name"] == name.as_str())
            .unwrap_or_else(|| panic!("{name} is not listed as rejected: {listed}"));
        assert!(!rejected["reason"].as_str().unwrap().is_empty());
    }

    let again = sync(&c, &folder);
    assert_eq!(list(&again["quarantined"]), &Vec::<Value>::new());
    assert_eq!(count(&again["files_read"]), 0, "{again}");
    // Once B is admitted, what C discarded still stays out of it.
    let admitting = sync(&a, &folder);
    assert_eq!(
        device_key(&a, &b_id).as_deref(),
        Some(b_device.as_str()),
        "the quarantined envelopes were not B's"
    );
    assert_eq!(admitting["admitted"], serde_json::json!([b_device]));
    assert!(export(&a).contains(evidence));
    let after = sync(&c, &folder);
    assert_eq!(count(&after["released"]), 0, "{after}");
    assert_eq!(list(&after["quarantined"]), &Vec::<Value>::new());
    assert_eq!(
        list(&json(&c, &["quarantine"])["quarantined"]),
        &Vec::<Value>::new()
    );
    assert!(!export(&c).contains(evidence));
    assert_sound(&c);
}
