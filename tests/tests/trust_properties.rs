//! Property: offices whose envelopes travel in random orders through random
//! relays, with revocations (two coordinators revoking each other among
//! them), held-out work adopted by a coordinator and devices that go on
//! writing, all end with the same export,
//! `check` clean, and every comment of a device still on the roster there.
//!
//! ACCORD_TRUST_CASES sets the number of cases (1,000 by default).

use std::path::Path;
use std::sync::OnceLock;

use accord_core::Workspace;
use accord_scenarios::*;
use proptest::prelude::*;

/// Two devices of the coordinating ministry, two of the NGO Forum.
const OFFICES: usize = 4;

#[derive(Debug, Clone)]
enum Op {
    /// An office comments (nothing happens if it knows it was revoked).
    Write { office: usize },
    /// One office receives everything another holds.
    Relay { from: usize, to: usize },
    /// A coordinator's device revokes another device.
    Revoke { by: usize, target: usize },
    /// A coordinator's device counts the work a revocation held out.
    Adopt { by: usize, target: usize },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..OFFICES).prop_map(|office| Op::Write { office }),
        4 => (0..OFFICES, 0..OFFICES).prop_map(|(from, to)| Op::Relay { from, to }),
        1 => (0..2usize, 0..OFFICES).prop_map(|(by, target)| Op::Revoke { by, target }),
        1 => (0..2usize, 0..OFFICES).prop_map(|(by, target)| Op::Adopt { by, target }),
    ]
}

fn template() -> &'static Path {
    static T: OnceLock<tempfile::TempDir> = OnceLock::new();
    T.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let mut a = coordinator(&tmp.path().join("office-0"));
        let mut offices = vec![
            office(&mut a, &tmp.path().join("office-1"), "MOJHA", "B"),
            office(&mut a, &tmp.path().join("office-2"), "HRNGOF", "N1"),
            office(&mut a, &tmp.path().join("office-3"), "HRNGOF", "N2"),
        ];
        for ws in &mut offices {
            send(&a, ws);
        }
        tmp
    })
    .path()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: proptest_cases("ACCORD_TRUST_CASES"), ..ProptestConfig::default() })]
    #[test]
    fn trust_converges_whatever_travels_where(ops in proptest::collection::vec(op(), 1..14)) {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(template(), tmp.path());
        let mut offices: Vec<Workspace> = (0..OFFICES)
            .map(|i| Workspace::open(&tmp.path().join(format!("office-{i}"))).unwrap())
            .collect();
        let rec = rec_id(&offices[0], "107.1");
        // What each device wrote: (its key, the comment's text).
        let mut written: Vec<(String, String)> = Vec::new();
        for (n, op) in ops.into_iter().enumerate() {
            match op {
                Op::Write { office } => {
                    let ws = &mut offices[office];
                    let text = format!("office {office} note {n}");
                    let c = comment_on(ws, rec, &text);
                    if ws.create(&c, "comment").is_ok() {
                        written.push((ws.device_key_hex(), text));
                    }
                }
                Op::Relay { from, to } if from != to => {
                    let changes = offices[from].all_changes().unwrap();
                    offices[to].ingest(&changes).unwrap();
                }
                Op::Relay { .. } => {}
                Op::Revoke { by, target } => {
                    let key = offices[target].device_key_hex();
                    // Refused where it makes no sense (itself, twice, by a
                    // device that knows it was revoked): nothing happens.
                    let _ = offices[by].revoke(&key[..16]);
                }
                Op::Adopt { by, target } => {
                    // Refused where nothing is held out or the device is not
                    // revoked: nothing happens.
                    let key = offices[target].device_key_hex();
                    let _ = offices[by].adopt_held_out(&key[..16]);
                }
            }
        }
        for _ in 0..3 {
            for from in 0..OFFICES {
                for to in 0..OFFICES {
                    if from != to {
                        let changes = offices[from].all_changes().unwrap();
                        offices[to].ingest(&changes).unwrap();
                    }
                }
            }
        }
        let first = export(&offices[0]);
        for ws in &offices {
            prop_assert!(export(ws) == first, "two offices export different bytes");
            assert_clean(ws);
        }
        let revoked: Vec<String> = offices[0]
            .devices()
            .unwrap()
            .into_iter()
            .filter(|d| d.revoked)
            .map(|d| d.key)
            .collect();
        let shown = comment_texts(&offices[0]);
        for (device, text) in &written {
            if !revoked.contains(device) {
                prop_assert!(shown.contains(text), "lost: {text} of {}", &device[..12]);
            }
        }
    }
}
