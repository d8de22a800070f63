//! Three offices on a network, each with its own Syncthing daemon keeping
//! its sync folder in step with the others' (real daemons on 127.0.0.1).
//! Offices join through it, write while the others sync, and converge;
//! Syncthing's own files and a link placed by a peer are never read.

use std::path::Path;
use std::time::{Duration, Instant};

use accord_core::Workspace;
use accord_scenarios::syncthing::network;
use accord_scenarios::*;

/// Syncs each office with its own folder, round after round, until `done`
/// holds (Syncthing carries the files between rounds).
fn sync_until(
    offices: &mut [(&mut Workspace, &Path)],
    what: &str,
    mut done: impl FnMut(&mut [(&mut Workspace, &Path)]) -> bool,
) {
    let start = Instant::now();
    loop {
        for (ws, folder) in offices.iter_mut() {
            sync(ws, folder);
        }
        if done(offices) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(240),
            "no {what} after four minutes"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

#[test]
fn offices_on_syncthing_join_write_at_once_and_converge() {
    let tmp = tempfile::tempdir().unwrap();
    let daemons = network(tmp.path(), &["ministry", "nhrcm", "forum"]);
    let (f_min, f_nhri, f_ngo) = (
        daemons[0].folder.clone(),
        daemons[1].folder.clone(),
        daemons[2].folder.clone(),
    );
    let mut coord = coordinator(&tmp.path().join("ministry"));
    let rec = rec_id(&coord, "107.1");

    // Two offices join: invites by hand, join requests and admissions
    // through Syncthing.
    let mut offices: Vec<Workspace> = [("NHRCM", &f_nhri), ("HRNGOF", &f_ngo)]
        .into_iter()
        .map(|(org, _)| {
            let invite = make_invite(&mut coord, org);
            Workspace::join(&tmp.path().join(org), &invite, PASSPHRASE, org).unwrap()
        })
        .collect();
    let (nhri, ngo) = offices.split_at_mut(1);
    let (nhri, ngo) = (&mut nhri[0], &mut ngo[0]);
    sync_until(
        &mut [(&mut coord, &f_min), (nhri, &f_nhri), (ngo, &f_ngo)],
        "admission of both offices",
        |o| {
            o[1..]
                .iter_mut()
                .all(|(ws, f)| !sync(ws, f).waiting_for_admission)
        },
    );

    // Each office writes while the others sync.
    let base = comment_texts(&coord).len();
    let start = Instant::now();
    for round in 0..5 {
        for (i, (ws, folder)) in [
            (&mut coord, &f_min),
            (&mut *nhri, &f_nhri),
            (&mut *ngo, &f_ngo),
        ]
        .into_iter()
        .enumerate()
        {
            let c = comment_on(ws, rec, &format!("office {i}, round {round}"));
            ws.create(&c, "comment").unwrap();
            sync(ws, folder);
        }
    }
    let expected = base + 15;
    sync_until(
        &mut [(&mut coord, &f_min), (nhri, &f_nhri), (ngo, &f_ngo)],
        "convergence",
        |o| {
            let first = export(o[0].0);
            comment_texts(o[0].0).len() == expected && o.iter().all(|(ws, _)| export(ws) == first)
        },
    );
    eprintln!(
        "converged {:.1} s after the last write began",
        start.elapsed().as_secs_f64()
    );
    for ws in [&coord, &*nhri, &*ngo] {
        assert_clean(ws);
    }

    // A peer places a link to a file outside the folder, and a file named
    // like Syncthing's conflict copy of an envelope, in its own device
    // directory. Both arrive at the others, who read neither.
    let secret = tmp.path().join("secret.txt");
    std::fs::write(&secret, "not for the folder").unwrap();
    let ws_id = coord.workspace_id().unwrap();
    let forum_key = ngo.device_key_hex();
    let forum_dir = |folder: &Path| {
        let devices = folder
            .join("accord")
            .join(ws_id.to_string())
            .join("devices");
        devices.join(&forum_key)
    };
    let link = forum_dir(&f_ngo).join(format!("{}.env", "a".repeat(64)));
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let some_envelope = std::fs::read_dir(forum_dir(&f_ngo))
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().ends_with(".env") && e.path() != link)
        .unwrap()
        .path();
    let stem = some_envelope
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    std::fs::copy(
        &some_envelope,
        forum_dir(&f_ngo).join(format!("{stem}.sync-conflict-20261201-101010-ABCDEFG.env")),
    )
    .unwrap();
    let before = export(&coord);
    let start = Instant::now();
    let report = loop {
        let arrived = std::fs::symlink_metadata(forum_dir(&f_min).join(link.file_name().unwrap()))
            .is_ok_and(|m| m.file_type().is_symlink());
        if arrived {
            break sync(&mut coord, &f_min);
        }
        assert!(
            start.elapsed() < Duration::from_secs(180),
            "the link never arrived"
        );
        std::thread::sleep(Duration::from_millis(200));
    };
    let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("link")),
        "the link is skipped as a link: {reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("conflict copy")),
        "the conflict copy is skipped: {reasons:?}"
    );
    assert_eq!(report.files_read, 0, "nothing new was read: {report:?}");
    assert!(report.quarantined.is_empty() && report.rejected.is_empty());
    assert_eq!(export(&coord), before);

    // Syncthing's temporary files never stood in the way: no sync above
    // failed, and none of its files is reported as an Accord file.
    assert!(
        report
            .skipped
            .iter()
            .all(|s| !s.file.contains(".syncthing.")),
        "{:?}",
        report.skipped
    );
    drop(daemons);
}
