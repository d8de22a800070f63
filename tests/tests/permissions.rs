//! Who may write what: refused locally with a clear error, and refused when
//! a forbidden change arrives from elsewhere. Nothing refused is applied.

use accord_core::Error;
use accord_core::doc::{DocId, new_actor};
use accord_core::model::*;
use accord_scenarios::*;
use automerge::ReadDoc;
use automerge::transaction::Transactable;
use uuid::Uuid;

#[test]
fn an_ngo_device_cannot_edit_the_plan_the_catalogue_or_another_organisations_voice() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let mut ngo = office(&mut gov, &tmp.path().join("ngo"), "HRNGOF", "Coordinator");
    let rec = rec_id(&ngo, "107.1");
    let before = export(&ngo);

    let plan = PlanEntry {
        id: Uuid::new_v4(),
        recommendation: Some(rec),
        ..Default::default()
    };
    let err = ngo.create(&plan, "plan").unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "{err}");
    assert!(
        err.to_string().contains("may not edit the action plan"),
        "{err}"
    );

    let err = ngo
        .update::<Recommendation>(rec, "edit", |r| {
            r.text_en = "Changed".into();
            Ok(())
        })
        .unwrap_err();
    assert!(
        err.to_string().contains("may not edit the catalogue"),
        "{err}"
    );

    let as_nhrcm = Assessment {
        id: Uuid::new_v4(),
        recommendation: rec,
        org: org_id(&ngo, "NHRCM"),
        level: Level::FullyImplemented,
        date: "2025-01-01".into(),
        ..Default::default()
    };
    let err = ngo.create(&as_nhrcm, "impersonate").unwrap_err();
    assert!(err.to_string().contains("another organisation's"), "{err}");
    assert_eq!(
        export(&ngo),
        before,
        "a refused edit changed the working copy"
    );

    // Its own voice it may write; a government member may write the plan.
    let own = Assessment {
        org: ngo.me().org,
        ..as_nhrcm
    };
    ngo.create(&own, "assess").unwrap();
    let mut ministry = office(&mut gov, &tmp.path().join("mlsp"), "MLSP", "Planner");
    ministry.create(&plan, "plan").unwrap();
}

#[test]
fn a_forbidden_change_from_elsewhere_is_refused_and_nothing_of_it_applied() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let ngo = office(&mut gov, &tmp.path().join("ngo"), "HRNGOF", "Coordinator");
    let before = export(&gov);

    // A modified program on the NGO's machine writes into the catalogue
    // directly with the NGO device's actor.
    let ngo_key: [u8; 32] = hex::decode(ngo.device_key_hex())
        .unwrap()
        .try_into()
        .unwrap();
    let catalogue: Vec<u8> = gov.doc_changes(DocId::Catalogue).unwrap();
    let mut doc = automerge::Automerge::load(&catalogue).unwrap();
    doc.set_actor(new_actor(&ngo_key));
    let (_, coll) = doc.get(automerge::ROOT, "recommendation").unwrap().unwrap();
    let rec = rec_id(&gov, "107.1").to_string();
    let (_, obj) = doc.get(&coll, rec.as_str()).unwrap().unwrap();
    let mut tx = doc.transaction();
    tx.put(&obj, "text_en", "Forged text").unwrap();
    let (hash, _) = tx.commit();
    let forged = doc.get_change_by_hash(&hash.unwrap()).unwrap();

    // And a change by a device nobody admitted, into the NGO's own document.
    let stranger = new_actor(&[7u8; 32]);
    let org_doc = DocId::Org(org_id(&gov, "HRNGOF"));
    let org_bytes: Vec<u8> = gov.doc_changes(org_doc).unwrap();
    let mut odoc = automerge::Automerge::load(&org_bytes).unwrap();
    odoc.set_actor(stranger);
    let (_, acoll) = odoc.get(automerge::ROOT, "assessment").unwrap().unwrap();
    let mut tx = odoc.transaction();
    tx.put_object(&acoll, Uuid::new_v4().to_string(), automerge::ObjType::Map)
        .unwrap();
    let (h2, _) = tx.commit();
    let unknown = odoc.get_change_by_hash(&h2.unwrap()).unwrap();

    let report = gov
        .ingest(&[
            (DocId::Catalogue, forged.raw_bytes().to_vec()),
            (org_doc, unknown.raw_bytes().to_vec()),
        ])
        .unwrap();
    assert_eq!(report.applied, 0);
    assert_eq!(report.refused.len(), 2, "{:?}", report.refused);
    assert!(
        report
            .refused
            .iter()
            .any(|r| r.reason.contains("may not edit the catalogue"))
    );
    assert!(
        report
            .refused
            .iter()
            .any(|r| r.reason.contains("not on the roster"))
    );
    assert_eq!(export(&gov), before);
    assert_clean(&gov);
}

#[test]
fn the_last_coordinator_cannot_lock_everyone_out() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gov = coordinator(tmp.path());
    let me = gov.me();
    let err = gov.set_archived(me.org, true).unwrap_err();
    assert!(err.to_string().contains("no coordinator left"), "{err}");
    let err = gov
        .edit_fields(me.org, &["role=member".parse().unwrap()])
        .unwrap_err();
    assert!(err.to_string().contains("no coordinator left"), "{err}");
    let err = gov
        .edit_fields(me.device, &["revoked=yes".parse().unwrap()])
        .unwrap_err();
    assert!(
        err.to_string().contains("cannot revoke or archive itself"),
        "{err}"
    );
    // With a second coordinator, handing over is fine.
    let nhrcm = org_id(&gov, "NHRCM");
    gov.edit_fields(nhrcm, &["role=coordinator".parse().unwrap()])
        .unwrap();
    gov.edit_fields(me.org, &["role=member".parse().unwrap()])
        .unwrap();
}
