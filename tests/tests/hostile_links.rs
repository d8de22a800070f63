//! A sync folder is written by whoever can reach it. Links, pipes, devices
//! and oversized or mismatched files put there are not followed, opened or
//! read again and again; nothing is written outside the folder, and only
//! Accord's own temporary files are ever removed.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use accord_core::Workspace;
use accord_scenarios::*;

fn devices(folder: &Path, ws: &Workspace) -> PathBuf {
    folder
        .join("accord")
        .join(ws.workspace_id().unwrap().to_string())
        .join("devices")
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// Runs a sync on another thread: a sync that hangs (on a pipe, say) fails
/// the test instead of stalling it.
fn sync_within(
    ws: Workspace,
    folder: &Path,
) -> (
    Workspace,
    accord_core::Result<accord_core::workspace::SyncReport>,
) {
    let folder = folder.to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut ws = ws;
        let r = ws.sync_folder(&folder, &mut |_| {});
        let _ = tx.send((ws, r));
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the sync hung on something in the folder")
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn links_pipes_and_junk_are_neither_followed_nor_read_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let stick = tmp.path().join("stick");
    std::fs::create_dir_all(&stick).unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let mut ngo = invited_office(
        &mut gov,
        &tmp.path().join("ngo"),
        "HRNGOF",
        "Tsetseg",
        &stick,
    );
    let rec = rec_id(&ngo, "107.1");
    ngo.create(
        &comment_on(&ngo, rec, "Shelters closed in winter"),
        "comment",
    )
    .unwrap();
    sync(&mut ngo, &stick);
    let before = export(&gov);

    // Outside the folder: a file someone cares about, and a temporary file
    // of Accord's own name, old, that must not be removed there.
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("precious.txt"), "not Accord's").unwrap();
    let stale = outside.join(format!(".{}.env.0123456789abcdef.tmp", "a".repeat(64)));
    let f = std::fs::File::create(&stale).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_secs(7200))
        .unwrap();
    drop(f);

    // The NGO's directory replaced by a link to it: the coordinator would
    // relay the NGO's envelopes into it.
    let devs = devices(&stick, &gov);
    let ngo_dir = devs.join(ngo.device_key_hex());
    let moved = tmp.path().join("ngo-files");
    std::fs::rename(&ngo_dir, &moved).unwrap();
    std::os::unix::fs::symlink(&outside, &ngo_dir).unwrap();

    // In another device's directory: links to a file and to /dev/zero, and
    // pipes, named as an envelope and as a join request; an oversized
    // (sparse) file and a mismatched one under envelope names.
    let junk = devs.join("b".repeat(64));
    std::fs::create_dir_all(&junk).unwrap();
    // One of the NGO's envelopes (its join request is not one).
    let genuine = std::fs::read_dir(&moved)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().is_some_and(|n| n != "join-request.env"))
        .unwrap();
    std::os::unix::fs::symlink(&genuine, junk.join(genuine.file_name().unwrap())).unwrap();
    std::os::unix::fs::symlink("/dev/zero", junk.join(format!("{}.env", "1".repeat(64)))).unwrap();
    mkfifo(&junk.join(format!("{}.env", "2".repeat(64))));
    mkfifo(&junk.join("join-request.env"));
    let big = junk.join(format!("{}.env", "3".repeat(64)));
    std::fs::File::create(&big)
        .unwrap()
        .set_len(300_000_000)
        .unwrap();
    let odd = junk.join(format!("{}.env", "4".repeat(64)));
    std::fs::write(&odd, b"not what its name says").unwrap();

    let (gov_back, report) = sync_within(gov, &stick);
    gov = gov_back;
    let report = report.unwrap();
    let reason = |path: &Path| -> String {
        report
            .skipped
            .iter()
            .find(|p| p.file == path.display().to_string())
            .map(|p| p.reason.clone())
            .unwrap_or_else(|| panic!("{} not reported: {report:#?}", path.display()))
    };
    assert_eq!(
        files_in(&outside),
        vec![
            stale.file_name().unwrap().to_string_lossy().into_owned(),
            "precious.txt".to_owned()
        ]
    );
    assert!(
        reason(&ngo_dir).contains("a link, not followed"),
        "{}",
        reason(&ngo_dir)
    );
    for p in [
        junk.join(genuine.file_name().unwrap()),
        junk.join(format!("{}.env", "1".repeat(64))),
        junk.join(format!("{}.env", "2".repeat(64))),
    ] {
        assert!(reason(&p).contains("not a plain file"), "{}", reason(&p));
    }
    assert!(
        reason(&big).contains("300 MB, more than the 268 MB"),
        "{}",
        reason(&big)
    );
    assert!(
        reason(&odd).contains("do not match its name"),
        "{}",
        reason(&odd)
    );
    assert!(!reason(&big).contains("earlier sync"));
    assert_eq!(export(&gov), before, "nothing of the junk was applied");

    // The next sync reads none of them again, until one changes.
    let report = sync(&mut gov, &stick);
    for p in [&big, &odd] {
        let r = report
            .skipped
            .iter()
            .find(|x| x.file == p.display().to_string())
            .unwrap();
        assert!(r.reason.contains("earlier sync"), "{}", r.reason);
    }
    std::fs::write(&odd, b"changed, and still not what its name says").unwrap();
    let report = sync(&mut gov, &stick);
    let r = report
        .skipped
        .iter()
        .find(|x| x.file == odd.display().to_string())
        .unwrap();
    assert!(!r.reason.contains("earlier sync"), "{}", r.reason);

    // `devices/` itself a link: the sync stops before reading or writing.
    let stick2 = tmp.path().join("stick2");
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let ours = devices(&stick2, &gov);
    std::fs::create_dir_all(ours.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &ours).unwrap();
    let err = gov.sync_folder(&stick2, &mut |_| {}).unwrap_err();
    assert!(err.to_string().contains("is a link"), "{err}");
    assert!(files_in(&elsewhere).is_empty());
    assert_clean(&gov);
}
