//! Admitting devices across a real network of offices: join requests that
//! travel from folder to folder, requests that ask for too much, invites
//! that are weak, expired, cancelled or used twice, and what a device that
//! waits or was revoked can still do.

use std::path::Path;

use accord_core::Workspace;
use accord_core::identity::Identity;
use accord_core::model::*;
use accord_core::problem::Problem;
use accord_core::sync::envelope::{self, Subject};
use accord_core::sync::folder::JOIN_REQUEST_FILE;
use accord_core::sync::invite::JoinRequest;
use accord_core::workspace::{InviteRequest, InviteState, Standing};
use accord_scenarios::*;
use uuid::Uuid;

fn request(org: &str, passphrase: &str) -> InviteRequest {
    InviteRequest {
        org: org.into(),
        kind: None,
        passphrase: passphrase.into(),
        days: 14,
    }
}

/// Checks that the sync admitted nobody and said why, with `why` in it.
fn refused(report: &accord_core::workspace::SyncReport, why: &str) {
    assert!(report.admitted.is_empty(), "{report:?}");
    assert!(
        report.skipped.iter().any(|p| p.reason.contains(why)),
        "no reason with {why:?}: {report:?}"
    );
}

/// The ministry's stick goes between the ministry and the NHRCM; another
/// between the NHRCM and a province NGO office that never visits the
/// ministry. The NGO device joins from an invite the ministry made: its
/// request reaches the ministry through the NHRCM, its admission comes back
/// the same way, and its comment reaches the ministry.
#[test]
fn a_join_request_travels_through_offices_that_relay_it() {
    let tmp = tempfile::tempdir().unwrap();
    let (stick1, stick2) = (tmp.path().join("stick1"), tmp.path().join("stick2"));
    std::fs::create_dir_all(&stick1).unwrap();
    std::fs::create_dir_all(&stick2).unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let mut nhrcm = invited_office(
        &mut gov,
        &tmp.path().join("nhrcm"),
        "NHRCM",
        "Bold",
        &stick1,
    );
    sync(&mut nhrcm, &stick2);

    let invite = make_invite(&mut gov, "HRNGOF");
    let mut ngo = Workspace::join(&tmp.path().join("ngo"), &invite, PASSPHRASE, "Tsetseg").unwrap();
    assert_eq!(ngo.standing().unwrap(), Standing::WaitingForAdmission);
    let rec = rec_id(&gov, "107.1");
    let first = comment_on(&ngo, rec, "Written while waiting for admission");
    ngo.create(&first, "comment").unwrap();
    sync(&mut ngo, &stick2);

    // The NHRCM carries the request from one stick to the other.
    sync(&mut nhrcm, &stick2);
    sync(&mut nhrcm, &stick1);
    let report = sync(&mut gov, &stick1);
    assert_eq!(report.admitted, vec![ngo.device_key_hex()], "{report:?}");
    sync(&mut nhrcm, &stick1);
    sync(&mut nhrcm, &stick2);
    let report = sync(&mut ngo, &stick2);
    assert!(!report.waiting_for_admission, "{report:?}");
    assert_eq!(ngo.standing().unwrap(), Standing::Admitted);

    // The comment made while waiting counts at the ministry now.
    sync(&mut nhrcm, &stick2);
    sync(&mut nhrcm, &stick1);
    sync(&mut gov, &stick1);
    assert!(
        comment_texts(&gov).contains(&first.text),
        "{:?}",
        comment_texts(&gov)
    );
    let (held, _) = gov.quarantine().unwrap();
    assert!(held.is_empty(), "{held:?}");
    assert_clean(&gov);
    assert_clean(&ngo);
}

/// A join request signed by a new key but naming ids that exist.
fn forged_request(
    coord: &Workspace,
    folder: &Path,
    token: &str,
    device: Uuid,
    person: Uuid,
    org: Uuid,
) -> String {
    let ws_id = coord.workspace_id().unwrap();
    let key_hex = std::fs::read_to_string(coord.dir().join("workspace.key")).unwrap();
    let key: [u8; 32] = hex::decode(key_hex.trim()).unwrap().try_into().unwrap();
    let signer = Identity::generate();
    let body = serde_json::to_vec(&JoinRequest {
        token: token.into(),
        org,
        device,
        person,
        person_name: "Impostor".into(),
    })
    .unwrap();
    let bytes = envelope::seal(
        ws_id,
        Subject::JoinRequest,
        &body,
        signer.signing_key(),
        &key,
    );
    let dir = folder
        .join("accord")
        .join(ws_id.to_string())
        .join("devices")
        .join(signer.public_hex());
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(JOIN_REQUEST_FILE), bytes).unwrap();
    signer.public_hex()
}

/// The token the coordinator holds for its latest invite (read from its
/// own ledger, as only it can).
fn latest_token(coord: &Workspace) -> String {
    let conn = rusqlite::Connection::open(coord.dir().join("accord.sqlite3")).unwrap();
    conn.query_row(
        "SELECT token FROM invite ORDER BY created DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_join_request_that_names_existing_ids_is_refused_and_syncs_go_on() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("stick");
    std::fs::create_dir_all(&folder).unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let ngo_org = org_id(&gov, "HRNGOF");
    let mine = gov.me();
    let before = gov.devices().unwrap().len();

    // An existing device id, then another organisation's person.
    for (device, person, why) in [
        (
            mine.device,
            Uuid::new_v4(),
            "device id that is on the roster",
        ),
        (Uuid::new_v4(), mine.person, "person who is on the roster"),
    ] {
        make_invite(&mut gov, "HRNGOF");
        let token = latest_token(&gov);
        forged_request(&gov, &folder, &token, device, person, ngo_org);
        let report = sync(&mut gov, &folder);
        refused(&report, why);
    }
    // Nothing was added, and the coordinator's syncs keep working.
    assert_eq!(gov.devices().unwrap().len(), before);
    let person: Person = gov.store().get(mine.person).unwrap().unwrap();
    assert_eq!(person.org, mine.org);
    sync(&mut gov, &folder);
    assert_clean(&gov);
}

#[test]
fn a_weak_passphrase_writes_nothing_not_even_a_new_organisation() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let orgs = gov.store().all::<Organisation>().unwrap().len();
    for weak in ["12345678", "        ", "mongolia2024", "Mongolia — test"] {
        let err = gov
            .invite(&InviteRequest {
                kind: Some(OrgKind::Ngo),
                ..request("KHUVSGUL", weak)
            })
            .err()
            .unwrap_or_else(|| panic!("{weak:?} was accepted"));
        assert!(err.to_string().contains("guess"), "{err}");
    }
    assert_eq!(gov.store().all::<Organisation>().unwrap().len(), orgs);
    assert!(gov.invites().unwrap().is_empty());

    // With a strong one the organisation and the invite come together.
    let proposed = Workspace::propose_passphrase();
    let made = gov
        .invite(&InviteRequest {
            kind: Some(OrgKind::Ngo),
            ..request("KHUVSGUL", &proposed)
        })
        .unwrap();
    assert_eq!(made.invite.state, InviteState::Open);
    assert_eq!(gov.store().all::<Organisation>().unwrap().len(), orgs + 1);
    // The key derivation's costs are in the file: 256 MiB, three passes.
    assert_eq!(&made.bytes[..8], b"ACCINV2\n");
    assert_eq!(
        u32::from_be_bytes(made.bytes[8..12].try_into().unwrap()),
        256 * 1024
    );
    assert_eq!(
        u32::from_be_bytes(made.bytes[12..16].try_into().unwrap()),
        3
    );
    let joined = Workspace::join(&tmp.path().join("k"), &made.bytes, &proposed, "Dulmaa").unwrap();
    assert_eq!(joined.my_org().unwrap().short, "KHUVSGUL");
}

#[test]
fn cancelled_expired_and_reused_invites_admit_nobody() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("stick");
    std::fs::create_dir_all(&folder).unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    sync(&mut gov, &folder);

    // Cancelled before the device's request arrives.
    let cancelled = make_invite(&mut gov, "HRNGOF");
    let id = gov.invites().unwrap()[0].id.clone();
    gov.cancel_invite(&id[..8]).unwrap();
    let mut a = Workspace::join(&tmp.path().join("a"), &cancelled, PASSPHRASE, "A").unwrap();
    sync(&mut a, &folder);
    let report = sync(&mut gov, &folder);
    refused(&report, "cancelled");
    assert!(gov.cancel_invite(&id).is_err(), "cancelled twice");

    // Expired at the coordinator (its ledger says so).
    let expired = make_invite(&mut gov, "NHRCM");
    let conn = rusqlite::Connection::open(gov.dir().join("accord.sqlite3")).unwrap();
    conn.execute("UPDATE invite SET expires = 1 WHERE cancelled IS NULL", [])
        .unwrap();
    drop(conn);
    assert_eq!(gov.invites().unwrap()[0].state, InviteState::Expired);
    let mut b = Workspace::join(&tmp.path().join("b"), &expired, PASSPHRASE, "B").unwrap();
    sync(&mut b, &folder);
    let report = sync(&mut gov, &folder);
    refused(&report, "expired");

    // One device per invite: the second machine is refused.
    let once = make_invite(&mut gov, "MLSP");
    let mut c = Workspace::join(&tmp.path().join("c"), &once, PASSPHRASE, "C").unwrap();
    sync(&mut c, &folder);
    let report = sync(&mut gov, &folder);
    assert_eq!(report.admitted, vec![c.device_key_hex()], "{report:?}");
    let mut d = Workspace::join(&tmp.path().join("d"), &once, PASSPHRASE, "D").unwrap();
    sync(&mut d, &folder);
    let report = sync(&mut gov, &folder);
    refused(&report, "used already");
    sync(&mut d, &folder);
    assert_eq!(d.standing().unwrap(), Standing::WaitingForAdmission);
    assert!(matches!(
        gov.invites()
            .unwrap()
            .iter()
            .find(|v| v.org_short == "MLSP")
            .unwrap()
            .state,
        InviteState::Used { .. }
    ));
}

#[test]
fn an_invite_past_its_date_is_refused_when_joining() {
    let tmp = tempfile::tempdir().unwrap();
    let invite = accord_core::sync::invite::Invite {
        id: Uuid::new_v4(),
        workspace: Uuid::new_v4(),
        workspace_name: "Mongolia".into(),
        key: "00".repeat(32),
        org: Uuid::new_v4(),
        org_name: "HRNGOF".into(),
        token: "ab".repeat(16),
        inviter: "cd".repeat(32),
        expires: 1_700_000_000_000,
        roster: vec![],
        org_doc: vec![],
        keys: vec![],
    };
    let bytes = accord_core::sync::invite::seal(&invite, PASSPHRASE, &[]).unwrap();
    let err = Workspace::join(&tmp.path().join("x"), &bytes, PASSPHRASE, "X")
        .err()
        .unwrap();
    assert!(err.to_string().contains("expired on 2023-11-14"), "{err}");
    assert!(matches!(
        &err,
        accord_core::Error::Invalid { field, problem: Problem::InviteExpired { day } }
            if field == "invite" && day == "2023-11-14"
    ));
    assert!(!Workspace::exists(&tmp.path().join("x")));
}

/// What is wrong with a join is said of the field that holds it, as a kind
/// the app words in its reader's language; nothing is left behind.
#[test]
fn a_refused_join_names_the_passphrase_or_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let file = tmp.path().join("ngo.accord-invite");
    std::fs::write(
        &file,
        gov.invite(&request("HRNGOF", PASSPHRASE)).unwrap().bytes,
    )
    .unwrap();
    let not_invite = tmp.path().join("notes.txt");
    std::fs::write(&not_invite, "minutes of the meeting".repeat(10)).unwrap();
    let dir = tmp.path().join("ngo");
    let refusal = |file: &Path, passphrase: &str, person: &str| match Workspace::join_file(
        &dir, file, passphrase, person,
    )
    .err()
    .unwrap()
    {
        accord_core::Error::Invalid { field, problem } => (field, problem),
        other => panic!("not a refused value: {other}"),
    };
    assert_eq!(
        refusal(&file, "not the passphrase", "Bat"),
        ("passphrase".into(), Problem::WrongPassphrase)
    );
    assert_eq!(
        refusal(&not_invite, PASSPHRASE, "Bat"),
        ("invite".into(), Problem::NotAnInvite)
    );
    let (field, problem) = refusal(&tmp.path().join("gone.accord-invite"), PASSPHRASE, "Bat");
    assert_eq!(field, "invite");
    assert!(matches!(problem, Problem::CannotRead { .. }), "{problem:?}");
    assert_eq!(
        refusal(&file, PASSPHRASE, "  "),
        ("person".into(), Problem::Required)
    );
    assert!(!Workspace::exists(&dir));
    let joined = Workspace::join_file(&dir, &file, PASSPHRASE, "Bat").unwrap();
    assert_eq!(joined.standing().unwrap(), Standing::WaitingForAdmission);
    // Before the roster holds its person, the device still knows its name.
    assert_eq!(joined.my_person().unwrap().unwrap().name, "Bat");
}

#[test]
fn a_revoked_device_reads_its_copy_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("stick");
    std::fs::create_dir_all(&folder).unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let ngo_dir = tmp.path().join("ngo");
    let mut ngo = invited_office(&mut gov, &ngo_dir, "HRNGOF", "Tsetseg", &folder);
    gov.revoke(&ngo.device_key_hex()[..12]).unwrap();
    sync(&mut gov, &folder);
    sync(&mut ngo, &folder);
    drop(ngo);

    let mut ngo = Workspace::open(&ngo_dir).expect("a revoked device opens its working copy");
    assert_eq!(ngo.standing().unwrap(), Standing::Revoked);
    assert!(ngo.store().list(&Default::default()).unwrap().total > 0);
    assert!(ngo.recommendation_view(rec_id(&ngo, "107.1")).is_ok());
    assert!(ngo.export_json().is_ok());
    let rec = rec_id(&ngo, "107.1");
    let c = comment_on(&ngo, rec, "after revocation");
    let err = ngo.create(&c, "comment").err().unwrap();
    assert!(err.to_string().contains("revoked"), "{err}");
    assert!(!comment_texts(&ngo).contains(&c.text));
}
