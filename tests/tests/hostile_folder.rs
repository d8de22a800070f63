//! Broken and hostile files in a sync folder: each is skipped (and read
//! again next time) or refused with its reason; nothing of it is applied
//! and nothing already held is lost.

use std::path::{Path, PathBuf};

use accord_core::Workspace;
use accord_core::doc::{DocId, new_actor};
use accord_core::identity::{Identity, WorkspaceKey};
use accord_core::model::{Assessment, Level};
use accord_core::sync::envelope::{self, Subject, frame_changes, name_of};
use accord_scenarios::*;
use automerge::transaction::Transactable;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use uuid::Uuid;

struct Office {
    ws: Workspace,
    dir: PathBuf,
}

impl Office {
    fn identity(&self) -> Identity {
        Identity::load(&self.dir.join("device.key")).unwrap()
    }
    fn key(&self) -> WorkspaceKey {
        WorkspaceKey::load(&self.dir.join("workspace.key")).unwrap()
    }
}

fn device_dir(folder: &Path, ws: &Workspace, key_hex: &str) -> PathBuf {
    let d = folder
        .join("accord")
        .join(ws.workspace_id().unwrap().to_string())
        .join("devices")
        .join(key_hex);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn put(dir: &Path, bytes: &[u8]) -> String {
    let name = name_of(bytes);
    std::fs::write(dir.join(format!("{name}.env")), bytes).unwrap();
    name
}

/// A change to `doc` made with `actor_key`'s actor on top of what `ws` holds.
fn forged_change(ws: &Workspace, doc: DocId, actor_key: &[u8; 32]) -> Vec<u8> {
    let bytes = ws.doc_changes(doc).unwrap();
    let mut am = automerge::AutoCommit::load(&bytes)
        .unwrap()
        .with_actor(new_actor(actor_key));
    am.put(automerge::ROOT, "injected", "by someone who may not")
        .unwrap();
    am.get_last_local_change().unwrap().raw_bytes().to_vec()
}

#[test]
fn broken_and_hostile_files_are_skipped_or_refused_with_their_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    let gov_dir = tmp.path().join("gov");
    let mut gov = Office {
        ws: coordinator(&gov_dir),
        dir: gov_dir,
    };
    let ngo_dir = tmp.path().join("ngo");
    let mut ngo = Office {
        ws: invited_office(&mut gov.ws, &ngo_dir, "HRNGOF", "NGO officer", &shared),
        dir: ngo_dir,
    };
    sync(&mut gov.ws, &shared);
    let held_before = export(&gov.ws);
    let ws_id = gov.ws.workspace_id().unwrap();
    let key = ngo.key();
    let ngo_id = ngo.identity();
    let ngo_hex = ngo_id.public_hex();
    let ngo_dir = device_dir(&shared, &gov.ws, &ngo_hex);

    // A genuine new envelope of the NGO, first found cut short (a copy in
    // progress): skipped, and applied once whole.
    let a = Assessment {
        id: Uuid::new_v4(),
        recommendation: rec_id(&ngo.ws, "107.1"),
        org: ngo.ws.me().org,
        level: Level::NotStarted,
        date: "2025-06-01".into(),
        evidence: "Genuine NGO assessment".into(),
        ..Default::default()
    };
    ngo.ws.create(&a, "assess").unwrap();
    let scratch = tmp.path().join("scratch");
    std::fs::create_dir(&scratch).unwrap();
    sync(&mut ngo.ws, &scratch);
    let genuine_path = std::fs::read_dir(device_dir(&scratch, &ngo.ws, &ngo_hex))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            // The one envelope the shared folder does not hold yet.
            p.extension().is_some_and(|x| x == "env")
                && !p.ends_with("join-request.env")
                && !ngo_dir.join(p.file_name().unwrap()).exists()
        })
        .unwrap();
    let genuine = std::fs::read(&genuine_path).unwrap();
    let genuine_name = name_of(&genuine);
    std::fs::write(
        ngo_dir.join(format!("{genuine_name}.env")),
        &genuine[..genuine.len() / 2],
    )
    .unwrap();

    // Foreign files, a sync engine's conflict copy, a renamed envelope.
    std::fs::write(ngo_dir.join("notes.txt"), "minutes of the meeting").unwrap();
    std::fs::write(
        ngo_dir.join(format!(
            "{genuine_name}.sync-conflict-20250101-120000-ABCDEFG.env"
        )),
        &genuine,
    )
    .unwrap();
    std::fs::write(ngo_dir.join(format!("{}.env", "0".repeat(64))), &genuine).unwrap();
    std::fs::write(
        ngo_dir.join(format!(".{genuine_name}.env.1234.tmp")),
        &genuine[..10],
    )
    .unwrap();

    // A bit flipped, renamed to its new hash: whole, but not decryptable.
    let mut flipped = genuine.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x10;
    let flipped_name = put(&ngo_dir, &flipped);

    // An envelope of another workspace.
    let other_ws = envelope::seal(
        Uuid::new_v4(),
        Subject::Doc(DocId::Plan),
        &frame_changes([b"x".as_slice()]),
        ngo_id.signing_key(),
        key.bytes(),
    );
    let other_ws_name = put(&ngo_dir, &other_ws);

    // Someone with the workspace key changes the contents of a sealed
    // envelope: the signature no longer matches.
    let bad_sig = {
        let nonce: [u8; 24] = genuine[40..64].try_into().unwrap();
        let cipher = XChaCha20Poly1305::new(key.bytes().into());
        let mut plain = cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &genuine[64..],
                    aad: &genuine[..64],
                },
            )
            .unwrap();
        let last = plain.len() - 1;
        plain[last] ^= 1;
        let ct = cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: &plain,
                    aad: &genuine[..64],
                },
            )
            .unwrap();
        [&genuine[..64], ct.as_slice()].concat()
    };
    let bad_sig_name = put(&ngo_dir, &bad_sig);

    // The NGO's device writing the plan, which only government and
    // coordinators may write.
    let plan_change = forged_change(&ngo.ws, DocId::Plan, &ngo_id.public_key());
    let plan_env = put(
        &ngo_dir,
        &envelope::seal(
            ws_id,
            Subject::Doc(DocId::Plan),
            &frame_changes([plan_change.as_slice()]),
            ngo_id.signing_key(),
            key.bytes(),
        ),
    );
    // The NGO's device signing a change the coordinator made.
    let (doc, gov_change) = gov
        .ws
        .all_changes()
        .unwrap()
        .into_iter()
        .find(|(d, _)| *d == DocId::Catalogue)
        .unwrap();
    let not_author = put(
        &ngo_dir,
        &envelope::seal(
            ws_id,
            Subject::Doc(doc),
            &frame_changes([gov_change.as_slice()]),
            ngo_id.signing_key(),
            key.bytes(),
        ),
    );
    // A key that is on no roster.
    let stranger = Identity::generate();
    let stranger_dir = device_dir(&shared, &gov.ws, &stranger.public_hex());
    let stranger_change =
        forged_change(&ngo.ws, DocId::Org(ngo.ws.me().org), &stranger.public_key());
    let unknown = put(
        &stranger_dir,
        &envelope::seal(
            ws_id,
            Subject::Doc(DocId::Org(ngo.ws.me().org)),
            &frame_changes([stranger_change.as_slice()]),
            stranger.signing_key(),
            key.bytes(),
        ),
    );
    // A replay: an envelope the coordinator holds, copied into another
    // device's directory.
    let (_, gov_envelope) =
        std::fs::read_dir(device_dir(&shared, &gov.ws, &gov.ws.device_key_hex()))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.clone(), std::fs::read(p).unwrap()))
            .next()
            .unwrap();
    put(&stranger_dir, &gov_envelope);

    let report = sync(&mut gov.ws, &shared);
    let reason_of = |name: &str| -> String {
        report
            .quarantined
            .iter()
            .find(|q| q.file.contains(name))
            .map(|q| q.reason.clone())
            .or_else(|| {
                report
                    .rejected
                    .iter()
                    .find(|r| r.file.contains(name))
                    .map(|r| r.reason.clone())
            })
            .unwrap_or_else(|| panic!("{name} neither quarantined nor rejected: {report:#?}"))
    };
    assert!(reason_of(&flipped_name).contains("cannot be decrypted"));
    assert!(reason_of(&other_ws_name).contains("another workspace"));
    assert!(reason_of(&bad_sig_name).contains("signature"));
    assert!(
        reason_of(&plan_env).contains("may not"),
        "{}",
        reason_of(&plan_env)
    );
    assert!(reason_of(&not_author).contains("made by another device"));
    assert!(reason_of(&unknown).contains("not on the roster"));
    let skipped = |what: &str| {
        report
            .skipped
            .iter()
            .filter(|s| s.file.contains(what))
            .count()
    };
    assert_eq!(skipped("notes.txt"), 1);
    assert_eq!(skipped("sync-conflict"), 1);
    assert_eq!(
        skipped(&"0".repeat(64)),
        1,
        "a renamed envelope does not match its name"
    );
    assert_eq!(
        skipped(&genuine_name),
        2,
        "the cut copy and the conflict copy: {:#?}",
        report.skipped
    );
    assert_eq!(report.changes_applied, 0, "{report:#?}");
    assert_eq!(export(&gov.ws), held_before, "nothing of it was applied");
    assert!(!export(&gov.ws).contains("by someone who may not"));
    assert_clean(&gov.ws);

    // Whole at last: the genuine envelope applies; nothing else changes.
    std::fs::write(ngo_dir.join(format!("{genuine_name}.env")), &genuine).unwrap();
    let report = sync(&mut gov.ws, &shared);
    assert_eq!(report.envelopes_applied, 1, "{report:#?}");
    assert!(
        report.quarantined.is_empty() && report.rejected.is_empty(),
        "refused files are not read again: {report:#?}"
    );
    let e = export(&gov.ws);
    assert!(e.contains("Genuine NGO assessment"));
    assert!(!e.contains("by someone who may not"));
    let (held, rejected) = gov.ws.quarantine().unwrap();
    assert_eq!(held.len(), 3, "{held:#?}");
    assert_eq!(rejected.len(), 3, "{rejected:#?}");
    assert_clean(&gov.ws);

    // The quarantine survives a roster change: the forged envelopes stay out.
    sync(&mut ngo.ws, &shared);
    let again = sync(&mut gov.ws, &shared);
    assert_eq!(again.released, 0);
    assert_eq!(export(&ngo.ws), export(&gov.ws));
}
