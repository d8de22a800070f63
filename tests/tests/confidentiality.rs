//! What an organisation keeps internal stays its own, and a revoked device
//! reads nothing written after its revocation: checked on the files
//! themselves, opened with the keys each party holds.

use std::path::{Path, PathBuf};

use accord_core::doc::DocId;
use accord_core::model::{Comment, CommentStatus, Recommendation, Visibility};
use accord_core::sync::envelope::{self, EnvelopeError, Subject};
use accord_core::workspace::{Standing, Workspace};
use accord_scenarios::*;

/// Every envelope file in a sync folder.
fn folder_files(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "env") {
                out.push(p);
            }
        }
    }
    out
}

/// What `ws` can read of the folder: the plaintext of every envelope it
/// can open, and how many it cannot open for want of a key.
fn readable(ws: &Workspace, folder: &Path) -> (Vec<(Subject, Vec<u8>)>, usize) {
    let ring = keyring(ws);
    let ws_id = ws.workspace_id().unwrap();
    let mut plain = Vec::new();
    let mut locked = 0;
    for f in folder_files(folder) {
        let bytes = std::fs::read(&f).unwrap();
        match envelope::open(&bytes, ws_id, &ring) {
            Ok(env) => plain.push((env.subject, env.body)),
            Err(EnvelopeError::KeyMissing(_)) => locked += 1,
            Err(e) => panic!("{} cannot be opened: {e}", f.display()),
        }
    }
    (plain, locked)
}

/// An empty stick and the coordinator's working copy.
fn stick_and_coordinator(tmp: &Path) -> (PathBuf, Workspace) {
    let folder = tmp.join("stick");
    std::fs::create_dir_all(&folder).unwrap();
    (folder, coordinator(&tmp.join("gov")))
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The working copy's database files, as bytes.
fn database_bytes(dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    for name in ["accord.sqlite3", "accord.sqlite3-wal"] {
        if let Ok(b) = std::fs::read(dir.join(name)) {
            out.extend(b);
        }
    }
    out
}

fn internal(ws: &Workspace, rec: uuid::Uuid, text: &str, status: CommentStatus) -> Comment {
    Comment {
        visibility: if status == CommentStatus::Draft {
            Visibility::Parties
        } else {
            Visibility::Internal
        },
        status,
        ..comment_on(ws, rec, text)
    }
}

/// The NGO Forum keeps an internal note and a draft on a recommendation;
/// the ministry relays its files and can read neither, in its working
/// copy, its export or the folder; a second NGO device, admitted later,
/// reads both; publishing the draft shows it to the ministry.
#[test]
fn an_organisations_internal_notes_and_drafts_reach_its_own_devices_only() {
    let tmp = tempfile::tempdir().unwrap();
    let (folder, mut gov) = stick_and_coordinator(tmp.path());
    let mut ngo = invited_office(
        &mut gov,
        &tmp.path().join("ngo"),
        "HRNGOF",
        "Tsetseg",
        &folder,
    );
    let rec = rec_id(&gov, "107.1");
    let note = "Source K. at the detention centre, do not name";
    let draft = "Draft rating: regressed, pending two more cases";
    ngo.create(&internal(&ngo, rec, note, CommentStatus::Published), "note")
        .unwrap();
    let draft_comment = internal(&ngo, rec, draft, CommentStatus::Draft);
    ngo.create(&draft_comment, "draft").unwrap();
    let public = comment_on(&ngo, rec, "Shelters closed in winter");
    ngo.create(&public, "comment").unwrap();
    assert!(comment_texts(&ngo).contains(&note.to_owned()));
    sync(&mut ngo, &folder);
    sync(&mut gov, &folder);

    // A second device of the Forum joins after the notes were written.
    let mut ngo2 = invited_office(&mut gov, &tmp.path().join("ngo2"), "HRNGOF", "Bat", &folder);
    // The first device passes the Forum's key on when it next syncs.
    let report = sync(&mut ngo, &folder);
    assert!(report.grants >= 1, "{report:?}");
    let report = sync(&mut ngo2, &folder);
    assert_eq!(report.locked, 0, "{report:?}");
    let theirs = comment_texts(&ngo2);
    assert!(theirs.contains(&note.to_owned()), "{theirs:?}");
    assert!(theirs.contains(&draft.to_owned()), "{theirs:?}");
    sync(&mut gov, &folder);

    // The ministry: the public comment, and nothing of the others.
    let shown = comment_texts(&gov);
    assert!(shown.contains(&public.text), "{shown:?}");
    assert!(!shown.iter().any(|c| c == note || c == draft), "{shown:?}");
    assert!(!export(&gov).contains(note) && !export(&gov).contains(draft));
    let report = sync(&mut gov, &folder);
    assert!(
        report.locked >= 1,
        "the ministry relays what it cannot read: {report:?}"
    );
    let gov_db = database_bytes(&tmp.path().join("gov"));
    for secret in [note, draft] {
        assert!(
            !contains(&gov_db, secret),
            "{secret:?} is in the ministry's database"
        );
    }
    let (plain, locked) = readable(&gov, &folder);
    assert!(locked >= 1);
    for (subject, body) in &plain {
        assert!(
            !matches!(subject, Subject::Doc(DocId::Private(_))),
            "the ministry opened a private document's envelope"
        );
        assert!(!contains(body, note) && !contains(body, draft));
    }
    // The Forum's devices open the same envelopes.
    let (plain, _) = readable(&ngo2, &folder);
    assert!(plain.iter().any(|(_, body)| contains(body, note)));

    // Published, the draft reaches the ministry; taking it back is refused.
    ngo.update::<Comment>(draft_comment.id, "publish", |c| {
        c.status = CommentStatus::Published;
        Ok(())
    })
    .unwrap();
    sync(&mut ngo, &folder);
    sync(&mut gov, &folder);
    assert!(comment_texts(&gov).contains(&draft.to_owned()));
    assert_eq!(
        comment_texts(&ngo).iter().filter(|c| *c == draft).count(),
        1,
        "the published copy replaces the draft"
    );
    let err = ngo
        .update::<Comment>(draft_comment.id, "unpublish", |c| {
            c.visibility = Visibility::Internal;
            Ok(())
        })
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot become a draft or internal again"),
        "{err}"
    );
    for ws in [&gov, &ngo, &ngo2] {
        assert_clean(ws);
    }
}

/// The coordinator revokes the NGO's device: what is written afterwards is
/// sealed with a key the revoked device does not get; it learns of its
/// revocation, relays what it cannot read, and the other offices read
/// everything. A device invited afterwards reads it all too.
#[test]
fn a_revoked_device_cannot_read_what_is_written_after_its_revocation() {
    let tmp = tempfile::tempdir().unwrap();
    let (folder, mut gov) = stick_and_coordinator(tmp.path());
    let mut nhrcm = invited_office(
        &mut gov,
        &tmp.path().join("nhrcm"),
        "NHRCM",
        "Bold",
        &folder,
    );
    let mut ngo = invited_office(
        &mut gov,
        &tmp.path().join("ngo"),
        "HRNGOF",
        "Tsetseg",
        &folder,
    );
    sync(&mut nhrcm, &folder);
    let before: usize = readable(&ngo, &folder).1;
    assert_eq!(before, 0);

    gov.revoke(&ngo.device_key_hex()[..12]).unwrap();
    let rec = rec_id(&gov, "107.2");
    let after = "Response revised after the revocation";
    gov.update::<Recommendation>(rec, "edit", |r| {
        r.response_source = after.into();
        Ok(())
    })
    .unwrap();
    sync(&mut gov, &folder);
    sync(&mut nhrcm, &folder);
    let theirs = nhrcm.store().get::<Recommendation>(rec).unwrap().unwrap();
    assert_eq!(theirs.response_source, after);
    let mut note = comment_on(&nhrcm, rec, "The Commission's view after the revocation");
    note.status = CommentStatus::Published;
    nhrcm.create(&note, "comment").unwrap();
    sync(&mut nhrcm, &folder);

    let report = sync(&mut ngo, &folder);
    assert_eq!(ngo.standing().unwrap(), Standing::Revoked, "{report:?}");
    assert!(report.locked >= 2, "{report:?}");
    let (plain, locked) = readable(&ngo, &folder);
    assert!(locked >= 2);
    for (_, body) in &plain {
        assert!(!contains(body, after) && !contains(body, &note.text));
    }
    let mine = ngo.store().get::<Recommendation>(rec).unwrap().unwrap();
    assert_ne!(mine.response_source, after);
    // It still relays them: a folder it carries gets them all.
    let other = tmp.path().join("other stick");
    std::fs::create_dir_all(&other).unwrap();
    sync(&mut ngo, &other);
    let names = |f: &Path| -> std::collections::BTreeSet<String> {
        folder_files(f)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .filter(|n| n != "join-request.env")
            .collect()
    };
    assert_eq!(names(&other), names(&folder));

    // A device invited after the revocation reads everything.
    let late = invited_office(&mut gov, &tmp.path().join("late"), "NHRCM", "Oyun", &folder);
    let theirs = late.store().get::<Recommendation>(rec).unwrap().unwrap();
    assert_eq!(theirs.response_source, after);
    assert!(comment_texts(&late).contains(&note.text));
    assert_eq!(readable(&late, &folder).1, 0);
    for ws in [&gov, &nhrcm, &late] {
        assert_clean(ws);
    }
}
