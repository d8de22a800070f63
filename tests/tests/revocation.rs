//! Revocation judged from the merged history: offices that hear of a
//! revocation before or after the revoked device's last work end the same,
//! legitimate work that built on it is made again, and two coordinators
//! revoking each other settle on one rule.

use accord_core::Workspace;
use accord_core::model::*;
use accord_scenarios::*;

fn comment(ws: &mut Workspace, code: &str, text: &str) {
    let c = comment_on(ws, rec_id(ws, code), text);
    ws.create(&c, "comment").unwrap();
}

/// Everyone meets everyone until nothing more moves.
fn settle(offices: &mut [&mut Workspace]) {
    for _ in 0..3 {
        for i in 0..offices.len() {
            for j in 0..offices.len() {
                if i != j {
                    let changes = offices[i].all_changes().unwrap();
                    offices[j].ingest(&changes).unwrap();
                }
            }
        }
    }
}

/// The NGO's device N is revoked after the coordinator heard its first
/// comment but not its second; N2, of the same NGO, commented on top of
/// the second; everyone then meets everyone. Returns the coordinator, N,
/// N2 and the NHRCM's X.
fn revoked_after_its_last_work(tmp: &std::path::Path) -> [Workspace; 4] {
    let mut gov = coordinator(&tmp.join("gov"));
    let mut n = office(&mut gov, &tmp.join("n"), "HRNGOF", "N");
    let mut n2 = office(&mut gov, &tmp.join("n2"), "HRNGOF", "N2");
    let mut x = office(&mut gov, &tmp.join("x"), "NHRCM", "X");
    send(&gov, &mut n);
    send(&gov, &mut n2);
    send(&gov, &mut x);

    // N's first comment reaches the coordinator; its second does not.
    comment(&mut n, "107.1", "c1 before the revocation");
    send(&n, &mut gov);
    comment(&mut n, "107.1", "c2 after what the coordinator saw");
    // N2, of the same NGO, syncs N's work and comments on top of it.
    send(&n, &mut n2);
    comment(&mut n2, "107.2", "c3 by a legitimate device");
    // The NHRCM hears N's two comments before the revocation.
    send(&n, &mut x);
    let key = n.device_key_hex();
    gov.revoke(&key[..12]).unwrap();

    // The coordinator hears N2 (whose comment builds on c2) first, then the
    // NHRCM, which relays c2.
    send(&n2, &mut gov);
    send(&x, &mut gov);
    assert!(
        !comment_texts(&gov).iter().any(|c| c.starts_with("c2")),
        "{:?}",
        comment_texts(&gov)
    );

    settle(&mut [&mut gov, &mut n, &mut n2, &mut x]);
    [gov, n, n2, x]
}

#[test]
fn a_revocation_counts_the_same_wherever_it_arrives_and_legitimate_work_is_made_again() {
    let tmp = tempfile::tempdir().unwrap();
    let [gov, n, n2, x] = revoked_after_its_last_work(tmp.path());
    let all = [&gov, &n, &n2, &x];
    for ws in all {
        assert_eq!(
            export(ws),
            export(&gov),
            "an office differs from the coordinator"
        );
        assert_clean(ws);
    }
    let shown = comment_texts(&gov);
    assert!(shown.iter().any(|c| c.starts_with("c1")), "{shown:?}");
    assert!(!shown.iter().any(|c| c.starts_with("c2")), "{shown:?}");
    assert!(
        shown.iter().any(|c| c.starts_with("c3")),
        "the legitimate device's comment was lost: {shown:?}"
    );
}

/// The coordinator decides the revoked device's last comment was sound and
/// adopts what its revocation held out: it counts at every office once
/// they meet, the device stays revoked, and N2's comment is shown once.
#[test]
fn a_coordinator_adopts_the_work_a_revocation_held_out() {
    let tmp = tempfile::tempdir().unwrap();
    let [mut gov, mut n, mut n2, mut x] = revoked_after_its_last_work(tmp.path());
    let key = n.device_key_hex();
    assert!(gov.held_out_by_device().unwrap()[&key] >= 1);
    // Only a coordinator may, and only for a revoked device.
    let err = x.adopt_held_out(&key[..12]).unwrap_err();
    assert!(err.to_string().contains("may not"), "{err}");
    let err = gov.adopt_held_out(&n2.device_key_hex()[..12]).unwrap_err();
    assert!(err.to_string().contains("not revoked"), "{err}");

    let adopted = gov.adopt_held_out(&key[..12]).unwrap();
    assert!(adopted.changes >= 1, "{adopted:?}");
    assert!(adopted.device.revoked);
    assert!(comment_texts(&gov).iter().any(|c| c.starts_with("c2")));
    let err = gov.adopt_held_out(&key[..12]).unwrap_err();
    assert!(
        err.to_string()
            .contains("none of this device's work is held out"),
        "{err}"
    );

    settle(&mut [&mut gov, &mut n, &mut n2, &mut x]);
    for ws in [&gov, &n, &n2, &x] {
        assert_eq!(
            export(ws),
            export(&gov),
            "an office differs from the coordinator"
        );
        assert_clean(ws);
        let shown = comment_texts(ws);
        assert!(shown.iter().any(|c| c.starts_with("c2")), "{shown:?}");
        assert_eq!(
            shown.iter().filter(|c| c.starts_with("c3")).count(),
            1,
            "{shown:?}"
        );
        assert!(!ws.held_out_by_device().unwrap().contains_key(&key));
    }
    assert!(n.standing().unwrap() == accord_core::workspace::Standing::Revoked);
}

#[test]
fn two_coordinators_revoking_each_other_settle_on_one_rule() {
    let tmp = tempfile::tempdir().unwrap();
    let mut a = coordinator(&tmp.path().join("a"));
    let mut b = office(&mut a, &tmp.path().join("b"), "MOJHA", "Second secretariat");
    let mut x = office(&mut a, &tmp.path().join("x"), "NHRCM", "X");
    let mut y = office(&mut a, &tmp.path().join("y"), "HRNGOF", "Y");
    for ws in [&mut b, &mut x, &mut y] {
        send(&a, ws);
    }
    let (ka, kb) = (a.device_key_hex(), b.device_key_hex());
    a.revoke(&kb[..12]).unwrap();
    b.revoke(&ka[..12]).unwrap();
    // Each goes on working after its revocation.
    let rec = rec_id(&a, "107.2");
    a.update::<Recommendation>(rec, "a's edit", |r| {
        r.response_source = "by A".into();
        Ok(())
    })
    .unwrap();
    b.update::<Recommendation>(rec_id(&b, "108.1"), "b's edit", |r| {
        r.response_source = "by B".into();
        Ok(())
    })
    .unwrap();
    // X hears A first, Y hears B first.
    send(&a, &mut x);
    send(&b, &mut x);
    send(&b, &mut y);
    send(&a, &mut y);
    assert_eq!(export(&x), export(&y), "the order of arrival decided");

    settle(&mut [&mut a, &mut b, &mut x, &mut y]);
    for ws in [&a, &b, &y] {
        assert_eq!(export(ws), export(&x));
        assert_clean(ws);
    }
    let devices = x.devices().unwrap();
    let revoked: Vec<&str> = devices
        .iter()
        .filter(|d| d.revoked)
        .map(|d| d.key.as_str())
        .collect();
    assert_eq!(
        revoked.len(),
        1,
        "exactly one of the two stays revoked: {revoked:?}"
    );
}
