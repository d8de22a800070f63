//! Offices converging through a shared folder and a USB stick carried
//! between them, with the files on a real file system.

use std::path::{Path, PathBuf};

use accord_core::Workspace;
use accord_core::model::*;
use accord_scenarios::*;
use uuid::Uuid;

fn assess(ws: &mut Workspace, code: &str, level: Level, evidence: &str) {
    let a = Assessment {
        id: Uuid::new_v4(),
        recommendation: rec_id(ws, code),
        org: ws.me().org,
        level,
        date: "2025-06-01".into(),
        evidence: evidence.into(),
        ..Default::default()
    };
    ws.create(&a, "assess").expect("assess");
}

fn set_status(ws: &mut Workspace, activity: Uuid, status: ActivityStatus) {
    ws.update::<Activity>(activity, "report progress", |a| {
        a.status = status;
        Ok(())
    })
    .expect("update the activity");
}

fn folder(tmp: &Path, name: &str) -> PathBuf {
    let f = tmp.join(name);
    std::fs::create_dir_all(&f).unwrap();
    f
}

/// Four offices (the ministry coordinating, another ministry, the NHRCM, the
/// NGO Forum) joined through `shared`, then each editing offline: the two
/// ministries set one activity's status differently, the NHRCM and the NGO
/// assess one recommendation differently. Returns their directories.
fn offline_offices(tmp: &Path) -> (Vec<PathBuf>, PathBuf) {
    let shared = folder(tmp, "setup-folder");
    let dirs: Vec<PathBuf> = ["mojha", "mlsp", "nhrcm", "ngo"]
        .iter()
        .map(|n| tmp.join("setup").join(n))
        .collect();
    let mut gov = coordinator(&dirs[0]);
    let rec = rec_id(&gov, "107.1");
    let plan = PlanEntry {
        id: Uuid::new_v4(),
        recommendation: Some(rec),
        outcomes: vec!["The Optional Protocol is ratified".into()],
        ..Default::default()
    };
    let activity = Activity {
        id: Uuid::new_v4(),
        plan: plan.id,
        title_en: "Draft the ratification bill".into(),
        status: ActivityStatus::Planned,
        ..Default::default()
    };
    gov.create(&plan, "plan").unwrap();
    gov.create(&activity, "plan an activity").unwrap();
    let mut mlsp = invited_office(&mut gov, &dirs[1], "MLSP", "Planning officer", &shared);
    let mut nhrcm = invited_office(&mut gov, &dirs[2], "NHRCM", "Desk officer", &shared);
    let mut ngo = invited_office(&mut gov, &dirs[3], "HRNGOF", "NGO officer", &shared);
    for ws in [&mut gov, &mut mlsp, &mut nhrcm, &mut ngo] {
        sync(ws, &shared);
    }
    set_status(&mut gov, activity.id, ActivityStatus::Ongoing);
    set_status(&mut mlsp, activity.id, ActivityStatus::Delayed);
    assess(
        &mut nhrcm,
        "107.1",
        Level::InProgress,
        "NHRCM monitoring visit",
    );
    assess(&mut ngo, "107.1", Level::NotStarted, "NGO shadow report");
    (dirs, shared)
}

#[test]
fn four_offices_converge_through_one_folder_in_every_order() {
    let tmp = tempfile::tempdir().unwrap();
    let (dirs, shared) = offline_offices(tmp.path());
    let orders = permutations(&[0, 1, 2, 3]);
    assert_eq!(orders.len(), 24);
    let mut first_export: Option<String> = None;
    for (n, order) in orders.iter().enumerate() {
        // Each order starts from the same offline state.
        let base = tmp.path().join(format!("order-{n}"));
        copy_dir(&shared, &base.join("folder"));
        let mut offices: Vec<Workspace> = dirs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let to = base.join(i.to_string());
                copy_dir(d, &to);
                Workspace::open(&to).unwrap()
            })
            .collect();
        for _round in 0..2 {
            for &i in order {
                sync(&mut offices[i], &base.join("folder"));
            }
        }
        let exports: Vec<String> = offices.iter().map(export).collect();
        for (i, e) in exports.iter().enumerate() {
            assert_eq!(e, &exports[0], "office {i} differs after order {order:?}");
        }
        assert!(
            exports[0].contains("NHRCM monitoring visit")
                && exports[0].contains("NGO shadow report")
        );
        // The activity's status was set by both ministries: a conflict
        // with both values, the same everywhere.
        for ws in &offices {
            let conflicts = ws.conflicts().unwrap();
            assert_eq!(conflicts.len(), 1, "{conflicts:?}");
            assert_eq!(conflicts[0].field, "status");
            let mut values: Vec<String> = conflicts[0]
                .values
                .iter()
                .map(|v| v.value.as_str().unwrap().to_owned())
                .collect();
            values.sort();
            assert_eq!(values, ["delayed", "ongoing"]);
            assert_clean(ws);
        }
        match &first_export {
            None => first_export = Some(exports[0].clone()),
            Some(f) => assert_eq!(f, &exports[0], "order {order:?} converged elsewhere"),
        }
    }
}

fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for (i, &x) in items.iter().enumerate() {
        let mut rest = items.to_vec();
        rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, x);
            out.push(p);
        }
    }
    out
}

#[test]
fn a_stick_carried_from_a_to_b_to_c_brings_a_changes_to_c() {
    let tmp = tempfile::tempdir().unwrap();
    let setup = folder(tmp.path(), "setup");
    let mut a = coordinator(&tmp.path().join("a"));
    let mut b = invited_office(
        &mut a,
        &tmp.path().join("b"),
        "NHRCM",
        "Desk officer",
        &setup,
    );
    let mut c = invited_office(
        &mut a,
        &tmp.path().join("c"),
        "HRNGOF",
        "NGO officer",
        &setup,
    );
    for ws in [&mut a, &mut b, &mut c] {
        sync(ws, &setup);
    }
    // From now on A and C never share a folder: a stick goes A -> B, another B -> C.
    let stick_ab = folder(tmp.path(), "stick-ab");
    let stick_bc = folder(tmp.path(), "stick-bc");
    let rec = rec_id(&a, "107.2");
    a.update::<Recommendation>(rec, "correct the response", |r| {
        r.response = Response::SupportedInPart;
        Ok(())
    })
    .unwrap();
    assess(
        &mut c,
        "107.2",
        Level::Regressed,
        "Shelters closed in two provinces",
    );

    sync(&mut a, &stick_ab);
    sync(&mut b, &stick_ab);
    let relayed = sync(&mut b, &stick_bc);
    assert!(
        relayed.files_written >= 1,
        "B relays A's envelope: {relayed:?}"
    );
    let got = sync(&mut c, &stick_bc);
    assert!(got.changes_applied >= 1, "{got:?}");
    let r: Recommendation = c.store().get(rec).unwrap().unwrap();
    assert_eq!(
        r.response,
        Response::SupportedInPart,
        "A's edit reached C through B"
    );

    // And back: C's assessment reaches A the same way.
    sync(&mut c, &stick_bc);
    sync(&mut b, &stick_bc);
    sync(&mut b, &stick_ab);
    sync(&mut a, &stick_ab);
    assert!(export(&a).contains("Shelters closed in two provinces"));
    assert_eq!(export(&a), export(&b));
    assert_eq!(export(&a), export(&c));
}

#[test]
fn syncing_the_same_folder_twice_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = folder(tmp.path(), "shared");
    let mut a = coordinator(&tmp.path().join("a"));
    let mut b = invited_office(
        &mut a,
        &tmp.path().join("b"),
        "NHRCM",
        "Desk officer",
        &shared,
    );
    assess(&mut b, "107.1", Level::InProgress, "Visit");
    sync(&mut b, &shared);
    sync(&mut a, &shared);
    let before = export(&a);
    let files = count_files(&shared);
    for ws in [&mut a, &mut b] {
        let again = sync(ws, &shared);
        assert_eq!(
            (
                again.files_read,
                again.changes_applied,
                again.files_written,
                again.sealed
            ),
            (0, 0, 0, 0),
            "{again:?}"
        );
    }
    assert_eq!(export(&a), before);
    assert_eq!(count_files(&shared), files);
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                count_files(&e.path())
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn a_new_device_work_waits_in_quarantine_until_its_admission_arrives() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = folder(tmp.path(), "shared");
    let mut gov = coordinator(&tmp.path().join("gov"));
    let mut nhrcm = invited_office(
        &mut gov,
        &tmp.path().join("nhrcm"),
        "NHRCM",
        "Desk officer",
        &shared,
    );

    // The NGO's new device joins and works before anyone admitted it.
    let invite = make_invite(&mut gov, "HRNGOF");
    let mut ngo =
        Workspace::join(&tmp.path().join("ngo"), &invite, PASSPHRASE, "NGO officer").unwrap();
    let first = sync(&mut ngo, &shared);
    assert!(first.waiting_for_admission);
    assess(
        &mut ngo,
        "107.1",
        Level::NotStarted,
        "Written while waiting",
    );
    sync(&mut ngo, &shared);

    // The NHRCM office sees the envelope but holds it back.
    let held = sync(&mut nhrcm, &shared);
    assert_eq!(held.quarantined.len(), 1, "{held:?}");
    assert!(
        held.quarantined[0].reason.contains("not on the roster"),
        "{held:?}"
    );
    assert!(!export(&nhrcm).contains("Written while waiting"));
    assert_eq!(nhrcm.quarantine().unwrap().0.len(), 1);

    // The coordinator admits the device; its sync applies the work at once.
    let admitted = sync(&mut gov, &shared);
    assert_eq!(admitted.admitted, [ngo.device_key_hex()]);
    assert!(export(&gov).contains("Written while waiting"));

    // The admission reaches the NHRCM office, which releases the envelope.
    let released = sync(&mut nhrcm, &shared);
    assert_eq!(released.released, 1, "{released:?}");
    assert!(nhrcm.quarantine().unwrap().0.is_empty());
    sync(&mut ngo, &shared);
    assert!(!sync(&mut ngo, &shared).waiting_for_admission);
    assert_eq!(export(&nhrcm), export(&gov));
    assert_eq!(export(&ngo), export(&gov));
    assert_clean(&nhrcm);
}

#[test]
fn a_revoked_device_later_work_does_not_count_and_earlier_work_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = folder(tmp.path(), "shared");
    let mut gov = coordinator(&tmp.path().join("gov"));
    let mut ngo = invited_office(
        &mut gov,
        &tmp.path().join("ngo"),
        "HRNGOF",
        "NGO officer",
        &shared,
    );
    assess(
        &mut ngo,
        "107.1",
        Level::NotStarted,
        "Before the laptop was lost",
    );
    sync(&mut ngo, &shared);
    sync(&mut gov, &shared);

    let revoked = gov.revoke(&ngo.device_key_hex()[..10]).unwrap();
    assert!(revoked.revoked);
    // The lost laptop keeps writing, and its envelopes reach the folder.
    assess(
        &mut ngo,
        "107.2",
        Level::FullyImplemented,
        "After the laptop was lost",
    );
    sync(&mut ngo, &shared);
    let report = sync(&mut gov, &shared);
    assert!(report.quarantined.is_empty(), "{report:?}");
    assert_eq!(report.held_out, 1, "{report:?}");
    let e = export(&gov);
    assert!(e.contains("Before the laptop was lost"));
    assert!(!e.contains("After the laptop was lost"));
    assert_clean(&gov);
}
