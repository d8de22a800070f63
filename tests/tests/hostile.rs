//! Changes that a modified program could send: each is refused or left out
//! of the index, visibly, and nothing already held is lost.

use accord_core::Workspace;
use accord_core::doc::{DocId, new_actor};
use accord_core::model::*;
use accord_scenarios::*;
use automerge::transaction::Transactable;
use automerge::{ObjType, ROOT, ReadDoc};
use uuid::Uuid;

fn key_of(ws: &Workspace) -> [u8; 32] {
    hex::decode(ws.device_key_hex())
        .unwrap()
        .try_into()
        .unwrap()
}

#[test]
fn records_an_organisation_slips_into_its_own_document_do_not_reach_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let ngo = office(&mut gov, &tmp.path().join("ngo"), "HRNGOF", "Coordinator");
    let ngo_org = org_id(&gov, "HRNGOF");
    let nhrcm = org_id(&gov, "NHRCM");
    let doc_id = DocId::Org(ngo_org);

    // In its own document (which it may write), the NGO's device adds a
    // copy of its organisation made coordinator, and an assessment that
    // claims to be the NHRCM's.
    let mut doc = automerge::Automerge::load(&gov.doc_changes(doc_id).unwrap()).unwrap();
    doc.set_actor(new_actor(&key_of(&ngo)));
    let (_, assessments) = doc.get(ROOT, "assessment").unwrap().unwrap();
    let mut tx = doc.transaction();
    let orgs = tx.put_object(ROOT, "organisation", ObjType::Map).unwrap();
    let fake = tx
        .put_object(&orgs, ngo_org.to_string(), ObjType::Map)
        .unwrap();
    for (k, v) in [
        ("id", ngo_org.to_string()),
        ("short", "HRNGOF".into()),
        ("name_en", "x".into()),
        ("role", "coordinator".into()),
    ] {
        tx.put(&fake, k, v).unwrap();
    }
    let forged = Uuid::new_v4();
    let a = tx
        .put_object(&assessments, forged.to_string(), ObjType::Map)
        .unwrap();
    for (k, v) in [
        ("id", forged.to_string()),
        ("recommendation", rec_id(&gov, "107.1").to_string()),
        ("org", nhrcm.to_string()),
        ("level", "fully-implemented".into()),
        ("date", "2025-01-01".into()),
    ] {
        tx.put(&a, k, v).unwrap();
    }
    let (hash, _) = tx.commit();
    let change = doc.get_change_by_hash(&hash.unwrap()).unwrap();
    gov.ingest(&[(doc_id, change.raw_bytes().to_vec())])
        .unwrap();

    let org: Organisation = gov.store().get(ngo_org).unwrap().unwrap();
    assert_eq!(org.role, Role::Member, "the NGO made itself coordinator");
    assert!(
        gov.store().get::<Assessment>(forged).unwrap().is_none(),
        "a forged voice was indexed"
    );
    let report = gov.check().unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains("belongs in")),
        "{:?}",
        report.problems
    );
}

#[test]
fn a_coordinator_cannot_pass_a_change_to_an_organisations_document_off_as_its_genesis() {
    second_genesis_is_refused(false);
}

#[test]
fn a_second_genesis_is_refused_in_a_working_copy_upgraded_from_schema_2() {
    // Schema 2 did not record which changes start a history; the upgrade
    // reads the changes held to know.
    second_genesis_is_refused(true);
}

fn second_genesis_is_refused(from_schema_2: bool) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("gov");
    let mut gov = coordinator(&dir);
    if from_schema_2 {
        drop(gov);
        let db = rusqlite::Connection::open(dir.join("accord.sqlite3")).unwrap();
        db.execute_batch(
            "DROP INDEX change_root; ALTER TABLE change DROP COLUMN root;
             DROP TABLE excluded_change; DROP TABLE key; DROP TABLE key_grant; DROP TABLE locked_envelope; DROP TABLE refused_file;
             DROP TABLE join_request; ALTER TABLE invite DROP COLUMN id;
             ALTER TABLE invite DROP COLUMN org_name; ALTER TABLE invite DROP COLUMN expires;
             ALTER TABLE invite DROP COLUMN cancelled;
             PRAGMA user_version = 2;",
        )
        .unwrap();
        drop(db);
        gov = Workspace::open(&dir).unwrap();
    }
    let laptop = office(
        &mut gov,
        &tmp.path().join("laptop"),
        "MOJHA",
        "Field officer",
    );
    let ngo_doc = DocId::Org(org_id(&gov, "HRNGOF"));
    // A change without dependencies (as a genesis has), into a document
    // that exists already.
    let mut doc = automerge::Automerge::new();
    doc.set_actor(new_actor(&key_of(&laptop)));
    let mut tx = doc.transaction();
    tx.put_object(ROOT, "assessment", ObjType::Map).unwrap();
    tx.put_object(ROOT, "measurement", ObjType::Map).unwrap();
    tx.put_object(ROOT, "comment", ObjType::Map).unwrap();
    let (hash, _) = tx.commit();
    let change = doc.get_change_by_hash(&hash.unwrap()).unwrap();
    let before = export(&gov);
    let report = gov
        .ingest(&[(ngo_doc, change.raw_bytes().to_vec())])
        .unwrap();
    assert_eq!(report.refused.len(), 1, "{report:?}");
    assert!(
        report.refused[0].reason.contains("another organisation's"),
        "{report:?}"
    );
    assert_eq!(export(&gov), before);
}

#[test]
fn a_change_that_arrives_before_its_dependencies_is_indexed_once_they_arrive() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let mut nhri = office(&mut gov, &tmp.path().join("nhri"), "NHRCM", "Officer");
    let rec = rec_id(&gov, "107.2");
    let a = Assessment {
        id: Uuid::new_v4(),
        recommendation: rec,
        org: nhri.me().org,
        level: Level::InProgress,
        date: "2025-01-01".into(),
        ..Default::default()
    };
    nhri.create(&a, "assess").unwrap();
    nhri.update::<Assessment>(a.id, "raise", |x| {
        x.level = Level::FullyImplemented;
        Ok(())
    })
    .unwrap();
    let doc = DocId::Org(nhri.me().org);
    let changes: Vec<(DocId, Vec<u8>)> = nhri
        .all_changes()
        .unwrap()
        .into_iter()
        .filter(|(d, _)| *d == doc)
        .collect();
    let (older, newest) = changes.split_at(changes.len() - 1);

    // The newest change first (a stick copied out of order): it waits.
    gov.ingest(newest).unwrap();
    assert!(gov.store().get::<Assessment>(a.id).unwrap().is_none());
    // Then the rest: both apply, and the index shows the newest state.
    gov.ingest(older).unwrap();
    let got: Assessment = gov
        .store()
        .get(a.id)
        .unwrap()
        .expect("indexed once complete");
    assert_eq!(got.level, Level::FullyImplemented);
    let history = gov.history(rec).unwrap();
    assert!(history.iter().any(|h| h.fields == ["level"]), "{history:?}");
    assert_clean(&gov);
}

#[test]
fn a_revoked_device_may_no_longer_write_even_while_it_is_open() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let mut ngo = office(&mut gov, &tmp.path().join("ngo"), "HRNGOF", "Officer");
    let device = gov
        .resolve_ref(RecordKind::Device, &ngo.me().device.to_string())
        .unwrap();
    gov.edit_fields(device, &["revoked=yes".parse().unwrap()])
        .unwrap();
    send(&gov, &mut ngo);
    let a = Assessment {
        id: Uuid::new_v4(),
        recommendation: rec_id(&ngo, "107.1"),
        org: ngo.me().org,
        level: Level::InProgress,
        date: "2025-01-01".into(),
        ..Default::default()
    };
    let err = ngo.create(&a, "assess").unwrap_err();
    assert!(err.to_string().contains("revoked"), "{err}");
}
