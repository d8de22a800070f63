//! Helpers for workspace-level scenarios: several offices, each with its
//! own working copy, exchanging changes in process.

use std::path::Path;

pub mod syncthing;

use accord_core::Workspace;
use accord_core::model::{OrgKind, Organisation, Role};
use accord_core::workspace::{InitOptions, PendingDevice};
use uuid::Uuid;

pub const SMALL_CSV: &str = include_str!("fixtures/small.csv");

/// The coordinator's office (the ministry) with the organisations of the
/// follow-up and a few recommendations.
pub fn coordinator(dir: &Path) -> Workspace {
    let mut ws = Workspace::init(
        dir,
        &InitOptions {
            workspace_name: "Mongolia — test".into(),
            workspace_name_mn: String::new(),
            country: "Mongolia".into(),
            org_short: "MOJHA".into(),
            org_name: "Ministry of Justice and Home Affairs".into(),
            org_name_mn: String::new(),
            org_kind: OrgKind::Government,
            person: "Secretariat".into(),
            illustrative: false,
        },
    )
    .expect("init");
    let orgs = [
        ("NHRCM", OrgKind::Nhri),
        ("HRNGOF", OrgKind::Ngo),
        ("MLSP", OrgKind::Government),
        ("MFA", OrgKind::Government),
    ]
    .map(|(short, kind)| Organisation {
        id: Uuid::new_v4(),
        short: short.into(),
        name_en: format!("{short} (test)"),
        kind,
        role: Role::Member,
        ..Default::default()
    });
    ws.create_many(&orgs, "add organisations").expect("orgs");
    ws.import_reader("small.csv", SMALL_CSV.as_bytes(), false)
        .expect("import");
    ws
}

pub fn org_id(ws: &Workspace, short: &str) -> Uuid {
    ws.resolve_ref(accord_core::model::RecordKind::Organisation, short)
        .expect("organisation")
}

pub fn rec_id(ws: &Workspace, code: &str) -> Uuid {
    ws.resolve_ref(accord_core::model::RecordKind::Recommendation, code)
        .expect("recommendation")
}

/// A new office: a device of `org` admitted by the coordinator and joined
/// from the coordinator's changes.
pub fn office(coord: &mut Workspace, dir: &Path, org: &str, person: &str) -> Workspace {
    let pending = PendingDevice::new(dir).expect("new device");
    let org = org_id(coord, org);
    coord
        .admit_device(&pending.public_hex(), org, person)
        .expect("admit");
    pending
        .join(&coord.all_changes().expect("changes"))
        .expect("join")
}

/// A comment by this device's organisation and person on a recommendation.
pub fn comment_on(ws: &Workspace, rec: Uuid, text: &str) -> accord_core::model::Comment {
    accord_core::model::Comment {
        id: Uuid::new_v4(),
        target_kind: accord_core::model::TargetKind::Recommendation,
        target: rec,
        org: ws.me().org,
        author: Some(ws.me().person),
        date: "2026-11-02".into(),
        text: text.into(),
        visibility: accord_core::model::Visibility::Parties,
        status: accord_core::model::CommentStatus::Published,
        ..Default::default()
    }
}

/// The texts of every comment shown.
pub fn comment_texts(ws: &Workspace) -> Vec<String> {
    let mut out: Vec<String> = ws
        .store()
        .all::<accord_core::model::Comment>()
        .expect("comments")
        .into_iter()
        .map(|c| c.text)
        .collect();
    out.sort();
    out
}

/// Gives `to` every change `from` holds (as a folder or a stick would).
pub fn send(from: &Workspace, to: &mut Workspace) -> accord_core::workspace::IngestReport {
    to.ingest(&from.all_changes().expect("changes"))
        .expect("ingest")
}

/// Exchanges changes both ways.
pub fn meet(a: &mut Workspace, b: &mut Workspace) {
    send(a, b);
    send(b, a);
}

pub fn export(ws: &Workspace) -> String {
    ws.export_json().expect("export")
}

pub fn assert_clean(ws: &Workspace) {
    let report = ws.check().expect("check");
    assert!(
        report.is_clean(),
        "check found problems: {:?}",
        report.problems
    );
}

/// How many cases a property test runs: the variable `var` if set, else
/// 1,000.
pub fn proptest_cases(var: &str) -> u32 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

/// The passphrase of the invites in these scenarios.
pub const PASSPHRASE: &str = "correct horse battery";

/// An invite for a device of the organisation `org` (a short name).
pub fn make_invite(coord: &mut Workspace, org: &str) -> Vec<u8> {
    coord
        .invite(&accord_core::workspace::InviteRequest {
            org: org.into(),
            kind: None,
            passphrase: PASSPHRASE.into(),
            days: accord_core::workspace::INVITE_DAYS,
        })
        .expect("invite")
        .bytes
}

/// Syncs a working copy with a folder.
pub fn sync(ws: &mut Workspace, folder: &Path) -> accord_core::workspace::SyncReport {
    ws.sync_folder(folder, &mut |_| {}).expect("sync")
}

/// A new office joined the way users join: the coordinator's invite, the
/// new device's join request left in `folder`, the coordinator's sync
/// admitting it, and the new device's sync receiving its admission.
pub fn invited_office(
    coord: &mut Workspace,
    dir: &Path,
    org: &str,
    person: &str,
    folder: &Path,
) -> Workspace {
    sync(coord, folder);
    let invite = make_invite(coord, org);
    let mut ws = Workspace::join(dir, &invite, PASSPHRASE, person).expect("join");
    sync(&mut ws, folder);
    let report = sync(coord, folder);
    assert_eq!(
        report.admitted.len(),
        1,
        "the coordinator admits the new device: {report:?}"
    );
    let report = sync(&mut ws, folder);
    assert!(!report.waiting_for_admission, "{report:?}");
    ws
}

/// Copies a directory tree (working copies are closed first): lets a
/// scenario start many times from one prepared state.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The keys `ws` holds, as a keyring to open a folder's files with.
pub fn keyring(ws: &Workspace) -> accord_core::sync::keys::Keyring {
    let keys = ws.held_keys().unwrap();
    let mut ring = accord_core::sync::keys::Keyring::new(keys[0]);
    for k in &keys[1..] {
        ring.add(*k);
    }
    ring
}

/// A Word document of one table, rows of cells of paragraphs.
pub fn docx(rows: &[Vec<Vec<&str>>]) -> Vec<u8> {
    use std::io::Write;
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Thematic list of recommendations</w:t></w:r></w:p><w:tbl>"#,
    );
    for row in rows {
        xml.push_str("<w:tr>");
        for cell in row {
            xml.push_str("<w:tc>");
            for p in cell {
                xml.push_str(&format!(
                    r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
                    esc(p)
                ));
            }
            xml.push_str("</w:tc>");
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl></w:body></w:document>");
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    zip.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

/// Breaks the newest stored change of the catalogue that holds `text`, at
/// that text, as a bad sector would, and drops the saved copies so that the
/// documents are made from the changes. The working copy must be closed.
pub fn damage_catalogue_change(dir: &Path, text: &[u8]) {
    let conn = rusqlite::Connection::open(dir.join("accord.sqlite3")).unwrap();
    let mut stmt = conn
        .prepare("SELECT seq, bytes FROM change WHERE doc = 'catalogue' ORDER BY seq DESC")
        .unwrap();
    let (seq, mut bytes): (i64, Vec<u8>) = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .find(|(_, b): &(i64, Vec<u8>)| b.windows(text.len()).any(|w| w == text))
        .expect("a change holds the text");
    let at = bytes.windows(text.len()).position(|w| w == text).unwrap();
    bytes[at] = 0xff;
    conn.execute(
        "UPDATE change SET bytes = ?1 WHERE seq = ?2",
        rusqlite::params![bytes, seq],
    )
    .unwrap();
    conn.execute("DELETE FROM snapshot", []).unwrap();
}

/// OHCHR's thematic list of Slovenia's 3rd UPR cycle, as published.
pub const SLOVENIA_LIST: &str = "upr-thematic-list-cycle3-slovenia.docx";

/// A file of the UN's real samples (../shared/samples).
pub fn un_sample(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/samples")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
