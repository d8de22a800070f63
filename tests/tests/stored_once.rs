//! A change received is stored once: the envelope that carried it keeps
//! only what makes its file again, and a working copy relays every
//! envelope byte for byte into another folder. A change stored damaged is
//! never relayed wrong, and is mended from the folder's copy.

use std::collections::BTreeMap;
use std::path::Path;

use accord_core::Workspace;
use accord_core::model::Recommendation;
use accord_scenarios::*;

/// Every envelope file of a folder: name → bytes.
fn files(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(top) = std::fs::read_dir(folder.join("accord")) else {
        return out;
    };
    for ws in top {
        for dev in std::fs::read_dir(ws.unwrap().path().join("devices")).unwrap() {
            for f in std::fs::read_dir(dev.unwrap().path()).unwrap() {
                let f = f.unwrap();
                let name = f.file_name().to_string_lossy().into_owned();
                if name.ends_with(".env") && name != "join-request.env" {
                    out.insert(name, std::fs::read(f.path()).unwrap());
                }
            }
        }
    }
    out
}

fn sql<T: rusqlite::types::FromSql>(dir: &Path, query: &str) -> T {
    rusqlite::Connection::open(dir.join("accord.sqlite3"))
        .unwrap()
        .query_row(query, [], |r| r.get(0))
        .unwrap()
}

/// The bytes of envelope files a working copy keeps besides its changes.
fn whole_envelope_bytes(dir: &Path) -> i64 {
    sql(
        dir,
        "SELECT coalesce(sum(length(bytes)), 0) FROM envelope WHERE doc NOT IN ('key-grant')",
    )
}

/// Two sync folders, as two sticks.
fn two_folders(tmp: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let folders = (tmp.join("first"), tmp.join("second"));
    std::fs::create_dir_all(&folders.0).unwrap();
    std::fs::create_dir_all(&folders.1).unwrap();
    folders
}

/// A coordinator who made 40 edits and synced them into `first`, and an
/// office that joined through `first` and took them in.
fn two_offices(tmp: &Path, first: &Path) -> (Workspace, Workspace) {
    let mut gov = coordinator(&tmp.join("gov"));
    let mut ngo = invited_office(&mut gov, &tmp.join("ngo"), "HRNGOF", "Saraa", first);
    let rec = rec_id(&gov, "107.1");
    for i in 0..40 {
        gov.update::<Recommendation>(rec, "reword", |r| {
            r.text_en = format!("Ratify the Optional Protocol, draft {i}.");
            Ok(())
        })
        .unwrap();
    }
    sync(&mut gov, first);
    let report = sync(&mut ngo, first);
    assert!(report.changes_applied >= 40, "{report:?}");
    (gov, ngo)
}

#[test]
fn a_received_change_is_stored_once_and_relayed_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let (first, second) = two_folders(tmp.path());
    let (gov, mut ngo) = two_offices(tmp.path(), &first);
    drop(gov);

    // The office keeps no envelope file beside the changes it took in.
    assert_eq!(whole_envelope_bytes(&tmp.path().join("ngo")), 0);
    // Carried to another folder, every envelope it holds is the same file.
    let report = sync(&mut ngo, &second);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let (had, relayed) = (files(&first), files(&second));
    assert!(had.len() >= 4, "{}", had.len());
    for (name, bytes) in &had {
        assert_eq!(relayed.get(name), Some(bytes), "{name} relayed as it was");
    }
    drop(ngo);
}

#[test]
fn envelopes_kept_whole_before_are_kept_by_their_changes_at_the_next_sync() {
    let tmp = tempfile::tempdir().unwrap();
    let (first, second) = two_folders(tmp.path());
    let (gov, ngo) = two_offices(tmp.path(), &first);
    drop((gov, ngo));
    // As an older working copy kept them: every file whole.
    let dir = tmp.path().join("ngo");
    let conn = rusqlite::Connection::open(dir.join("accord.sqlite3")).unwrap();
    for (name, bytes) in files(&first) {
        conn.execute(
            "UPDATE envelope SET bytes = ?2, head = NULL, hashes = NULL WHERE name = ?1",
            rusqlite::params![name.trim_end_matches(".env"), bytes],
        )
        .unwrap();
    }
    drop(conn);
    assert!(whole_envelope_bytes(&dir) > 10_000);

    let mut ngo = Workspace::open(&dir).unwrap();
    sync(&mut ngo, &first);
    assert_eq!(whole_envelope_bytes(&dir), 0);
    sync(&mut ngo, &second);
    assert_eq!(files(&second), files(&first));
}

fn text_of(ws: &Workspace, code: &str) -> String {
    ws.store()
        .get::<Recommendation>(rec_id(ws, code))
        .unwrap()
        .unwrap()
        .text_en
}

#[test]
fn a_change_stored_damaged_is_not_relayed_wrong_and_is_mended_from_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (first, second) = two_folders(tmp.path());
    let (gov, ngo) = two_offices(tmp.path(), &first);
    let before = text_of(&ngo, "107.1");
    drop((gov, ngo));
    let dir = tmp.path().join("ngo");
    damage_catalogue_change(&dir, b"draft 39");

    // The envelope holding the damaged change is not written; the others are,
    // and the sync says which one and why.
    let mut ngo = Workspace::open(&dir).unwrap();
    let report = ngo.sync_folder(&second, &mut |_| {}).unwrap();
    let unwritten: Vec<_> = report
        .skipped
        .iter()
        .filter(|p| p.reason.contains("damaged"))
        .collect();
    assert_eq!(unwritten.len(), 1, "{:?}", report.skipped);
    let (had, relayed) = (files(&first), files(&second));
    assert_eq!(relayed.len(), had.len() - 1);
    assert!(relayed.iter().all(|(n, b)| had.get(n) == Some(b)));

    // The rebuild mends it from the first folder's copy; then it relays.
    let rebuilt = ngo.rebuild_index(false).unwrap();
    assert_eq!(rebuilt.repaired.len(), 1, "{:?}", rebuilt.repaired);
    assert!(
        rebuilt.repaired[0].contains("mended") && rebuilt.repaired[0].contains("first"),
        "{:?}",
        rebuilt.repaired
    );
    assert_eq!(text_of(&ngo, "107.1"), before);
    let report = sync(&mut ngo, &second);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(files(&second), had);
    assert_clean(&ngo);
}

#[test]
fn a_damaged_change_found_nowhere_comes_back_when_its_folder_does() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    std::fs::create_dir_all(&first).unwrap();
    let (gov, ngo) = two_offices(tmp.path(), &first);
    let before = text_of(&ngo, "107.1");
    drop((gov, ngo));
    let dir = tmp.path().join("ngo");
    damage_catalogue_change(&dir, b"draft 39");

    // The stick is elsewhere: the change is removed, and the office is told
    // it comes back.
    let away = tmp.path().join("stick-elsewhere");
    std::fs::rename(&first, &away).unwrap();
    let mut ngo = Workspace::open(&dir).unwrap();
    let rebuilt = ngo.rebuild_index(false).unwrap();
    assert_eq!(rebuilt.repaired.len(), 1, "{:?}", rebuilt.repaired);
    assert!(
        rebuilt.repaired[0].contains("comes back"),
        "{:?}",
        rebuilt.repaired
    );
    assert_ne!(text_of(&ngo, "107.1"), before);
    assert_clean(&ngo);

    // The stick returns: the sync takes the change in again.
    std::fs::rename(&away, &first).unwrap();
    sync(&mut ngo, &first);
    assert_eq!(text_of(&ngo, "107.1"), before);
    assert_clean(&ngo);
}
