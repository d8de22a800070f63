//! Property: offices write shared and internal comments, carry sticks
//! between them in random orders and revoke devices; once every office has
//! synced with every other,
//! - no office opens another organisation's internal envelopes, and no
//!   device holds a key made to exclude it;
//! - every office still on the roster opens every envelope meant for it
//!   (the workspace's, and its organisation's internal ones);
//! - offices of one organisation have the same export; offices of different
//!   organisations, the same once internal records are set aside;
//! - every comment of an office still on the roster is shown to those it
//!   was meant for, and `check` is clean.
//!
//! ACCORD_KEY_CASES sets the number of cases (1,000 by default).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use accord_core::model::{Comment, Visibility};
use accord_core::sync::envelope::{self, EnvelopeError, Subject};
use accord_core::sync::keys::{Scope, key_id};
use accord_core::workspace::{Standing, Workspace};
use accord_scenarios::*;
use proptest::prelude::*;

/// The coordinator's device, a second ministry device, two of the NGO Forum.
const OFFICES: usize = 4;
const ORG: [&str; OFFICES] = ["MOJHA", "MOJHA", "HRNGOF", "HRNGOF"];

#[derive(Debug, Clone)]
enum Op {
    /// An office comments, for everyone or internally.
    Write { office: usize, internal: bool },
    /// A stick carried from one office to another.
    Carry { from: usize, to: usize },
    /// The coordinator revokes a device.
    Revoke { target: usize },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..OFFICES, any::<bool>()).prop_map(|(office, internal)| Op::Write { office, internal }),
        4 => (0..OFFICES, 0..OFFICES).prop_map(|(from, to)| Op::Carry { from, to }),
        1 => (1..OFFICES).prop_map(|target| Op::Revoke { target }),
    ]
}

fn dir(root: &Path, i: usize) -> std::path::PathBuf {
    root.join(format!("office-{i}"))
}

/// Four offices, joined from invites through one folder; each case starts
/// from a copy.
fn template() -> &'static Path {
    static T: OnceLock<tempfile::TempDir> = OnceLock::new();
    T.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("join");
        std::fs::create_dir_all(&folder).unwrap();
        let mut a = coordinator(&dir(tmp.path(), 0));
        let mut others: Vec<Workspace> = (1..OFFICES)
            .map(|i| {
                invited_office(
                    &mut a,
                    &dir(tmp.path(), i),
                    ORG[i],
                    &format!("P{i}"),
                    &folder,
                )
            })
            .collect();
        for ws in others.iter_mut() {
            sync(ws, &folder);
        }
        sync(&mut a, &folder);
        tmp
    })
    .path()
}

fn envelopes(folder: &Path) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for d in std::fs::read_dir(folder.join("accord")).unwrap() {
        for ws in std::fs::read_dir(d.unwrap().path().join("devices")).unwrap() {
            for f in std::fs::read_dir(ws.unwrap().path()).unwrap() {
                let p = f.unwrap().path();
                if p.extension().is_some_and(|x| x == "env") {
                    out.push(std::fs::read(p).unwrap());
                }
            }
        }
    }
    out
}

/// The export without internal records and drafts.
fn shared_export(ws: &Workspace) -> String {
    let mut dump: serde_json::Value = serde_json::from_str(&export(ws)).unwrap();
    if let Some(c) = dump["records"]["comment"].as_array_mut() {
        c.retain(|c| c["status"] != "draft" && c["visibility"] != "internal");
    }
    dump.to_string()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: proptest_cases("ACCORD_KEY_CASES"), ..ProptestConfig::default() })]
    #[test]
    fn keys_reach_whom_they_should_and_nobody_else(ops in proptest::collection::vec(op(), 1..10)) {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(template(), tmp.path());
        let mut offices: Vec<Workspace> =
            (0..OFFICES).map(|i| Workspace::open(&dir(tmp.path(), i)).unwrap()).collect();
        let rec = rec_id(&offices[0], "107.1");
        // (office, text, internal) of every comment written.
        let mut written: Vec<(usize, String, bool)> = Vec::new();
        for (n, op) in ops.iter().enumerate() {
            match *op {
                Op::Write { office, internal } => {
                    let ws = &mut offices[office];
                    if ws.standing().unwrap() != Standing::Admitted {
                        continue;
                    }
                    let text = format!("o{office} n{n} {}", if internal { "internal" } else { "shared" });
                    let c = Comment {
                        visibility: if internal { Visibility::Internal } else { Visibility::Parties },
                        ..comment_on(ws, rec, &text)
                    };
                    ws.create(&c, "comment").unwrap();
                    written.push((office, text, internal));
                }
                Op::Carry { from, to } => {
                    let (lo, hi) = (from.min(to), from.max(to));
                    let stick = tmp.path().join(format!("stick-{lo}-{hi}"));
                    std::fs::create_dir_all(&stick).unwrap();
                    sync(&mut offices[from], &stick);
                    sync(&mut offices[to], &stick);
                }
                Op::Revoke { target } => {
                    let key = offices[target].device_key_hex();
                    let _ = offices[0].revoke(&key[..12]);
                }
            }
        }
        let hub = tmp.path().join("hub");
        std::fs::create_dir_all(&hub).unwrap();
        for _ in 0..3 {
            for ws in offices.iter_mut() {
                sync(ws, &hub);
            }
        }

        let revoked: Vec<bool> = offices.iter().map(|ws| ws.standing().unwrap() == Standing::Revoked).collect();
        // Every key any office holds, with its scope and whom it excludes.
        let mut all_keys = Vec::new();
        for ws in &offices {
            all_keys.extend(ws.store().keys().unwrap());
        }
        let ws_id = offices[0].workspace_id().unwrap();
        let files = envelopes(&hub);
        for (i, ws) in offices.iter().enumerate() {
            let me = ws.device_key_hex();
            let held: BTreeSet<[u8; 16]> = ws.held_keys().unwrap().iter().map(key_id).collect();
            for k in &all_keys {
                if k.excludes.contains(&me) {
                    prop_assert!(!held.contains(&k.id), "office {i} holds a key made to exclude it");
                }
                if let Ok(Scope::Org(o)) = k.scope.parse::<Scope>()
                    && o != ws.me().org
                {
                    prop_assert!(!held.contains(&k.id), "office {i} holds another organisation's key");
                }
            }
            let ring = keyring(ws);
            for bytes in &files {
                match envelope::open(bytes, ws_id, &ring) {
                    Ok(env) => {
                        if let Subject::Doc(accord_core::doc::DocId::Private(o)) = env.subject {
                            prop_assert_eq!(o, ws.me().org, "office {} opened another organisation's internal envelope", i);
                        }
                    }
                    Err(EnvelopeError::KeyMissing(id)) => {
                        if revoked[i] {
                            continue;
                        }
                        let key = all_keys.iter().find(|k| k.id == id);
                        let foreign = key.is_some_and(|k| matches!(k.scope.parse::<Scope>(), Ok(Scope::Org(o)) if o != ws.me().org));
                        prop_assert!(foreign, "office {} on the roster cannot open an envelope meant for it", i);
                    }
                    Err(e) => prop_assert!(false, "office {} cannot open an envelope: {}", i, e),
                }
            }
            assert_clean(ws);
        }

        let live: Vec<usize> = (0..OFFICES).filter(|i| !revoked[*i]).collect();
        for &i in &live {
            let shown = comment_texts(&offices[i]);
            for (by, text, internal) in &written {
                if revoked[*by] {
                    continue;
                }
                let meant = !internal || ORG[*by] == ORG[i];
                prop_assert_eq!(shown.contains(text), meant, "office {} and {:?}", i, text);
            }
            for &j in &live {
                if ORG[i] == ORG[j] {
                    prop_assert_eq!(export(&offices[i]), export(&offices[j]));
                } else {
                    prop_assert_eq!(shared_export(&offices[i]), shared_export(&offices[j]));
                }
            }
        }
    }
}
