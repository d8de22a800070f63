//! Property: offices that edit at random and exchange files through folders
//! at random (late, twice, out of order, half-copied) all converge once
//! every file has reached everyone, without a panic, and `check` stays clean;
//! each relays what it holds whole, though it keeps received changes once.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use accord_core::Workspace;
use accord_core::model::{Assessment, Level, Recommendation, Response};
use accord_scenarios::*;
use proptest::prelude::*;
use uuid::Uuid;

const OFFICES: usize = 3;
const CODES: [&str; 3] = ["107.1", "107.2", "108.1"];

#[derive(Debug, Clone)]
enum Op {
    /// An office edits: the coordinator the catalogue, the others assess.
    Edit {
        office: usize,
        code: usize,
        level: usize,
    },
    /// An office syncs with its own folder.
    Sync { office: usize },
    /// A file-syncing engine or a stick copies some files of one folder into
    /// another, each whole or cut short.
    Copy {
        from: usize,
        to: usize,
        pick: u64,
        cut: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..OFFICES, 0..CODES.len(), 0..6usize).prop_map(|(office, code, level)| Op::Edit {
            office,
            code,
            level
        }),
        (0..OFFICES).prop_map(|office| Op::Sync { office }),
        (0..OFFICES, 0..OFFICES, any::<u64>(), any::<u64>()).prop_map(|(from, to, pick, cut)| {
            Op::Copy {
                from,
                to,
                pick,
                cut,
            }
        }),
    ]
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
}

/// Copies the files of folder `from` picked by the bits of `pick` into
/// `to`; those picked by `cut` arrive cut in half, as a copy in progress.
fn copy_files(from: &Path, to: &Path, pick: u64, cut: u64) {
    let mut all = Vec::new();
    files(from, &mut all);
    for (i, f) in all.iter().enumerate() {
        if pick >> (i % 64) & 1 == 0 {
            continue;
        }
        let rel = f.strip_prefix(from).unwrap();
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let bytes = std::fs::read(f).unwrap();
        // Like a file-syncing engine, only files whole at the source are
        // passed on (an envelope is named by the hash of its bytes).
        let complete = f
            .file_stem()
            .is_some_and(|n| *n == *accord_core::sync::envelope::name_of(&bytes));
        let whole = std::fs::read(&target).is_ok_and(|b| b == bytes);
        if whole || (!complete && !f.ends_with("join-request.env")) {
            continue;
        }
        let len = if cut >> (i % 64) & 1 == 1 {
            bytes.len() / 2
        } else {
            bytes.len()
        };
        std::fs::write(target, &bytes[..len]).unwrap();
    }
}

/// Three offices joined through one folder, made once and copied per case.
fn template() -> &'static Path {
    static T: OnceLock<tempfile::TempDir> = OnceLock::new();
    T.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let shared = tmp.path().join("setup-folder");
        std::fs::create_dir(&shared).unwrap();
        let mut gov = coordinator(&tmp.path().join("office-0"));
        let mut a = invited_office(
            &mut gov,
            &tmp.path().join("office-1"),
            "NHRCM",
            "Desk officer",
            &shared,
        );
        let mut b = invited_office(
            &mut gov,
            &tmp.path().join("office-2"),
            "HRNGOF",
            "NGO officer",
            &shared,
        );
        for _ in 0..2 {
            for ws in [&mut gov, &mut a, &mut b] {
                sync(ws, &shared);
            }
        }
        tmp
    })
    .path()
}

fn edit(ws: &mut Workspace, office: usize, code: &str, level: usize) {
    let rec = rec_id(ws, code);
    if office == 0 {
        let response = [
            Response::Supported,
            Response::Noted,
            Response::SupportedInPart,
        ][level % 3];
        ws.update::<Recommendation>(rec, "response", |r| {
            r.response = response;
            Ok(())
        })
        .unwrap();
    } else {
        let a = Assessment {
            id: Uuid::new_v4(),
            recommendation: rec,
            org: ws.me().org,
            level: Level::ALL[level],
            date: "2025-06-01".into(),
            evidence: format!("office {office} level {level}"),
            ..Default::default()
        };
        ws.create(&a, "assess").unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: proptest_cases("ACCORD_PROPTEST_CASES"), ..ProptestConfig::default() })]
    #[test]
    fn offices_converge_whatever_reaches_whom_and_when(ops in proptest::collection::vec(op(), 1..12)) {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(template(), tmp.path());
        let folders: Vec<PathBuf> = (0..OFFICES).map(|i| tmp.path().join(format!("folder-{i}"))).collect();
        for f in &folders {
            std::fs::create_dir_all(f).unwrap();
        }
        let mut offices: Vec<Workspace> = (0..OFFICES)
            .map(|i| Workspace::open(&tmp.path().join(format!("office-{i}"))).unwrap())
            .collect();
        for op in ops {
            match op {
                Op::Edit { office, code, level } => edit(&mut offices[office], office, CODES[code], level),
                Op::Sync { office } => {
                    sync(&mut offices[office], &folders[office]);
                }
                Op::Copy { from, to, pick, cut } if from != to => copy_files(&folders[from], &folders[to], pick, cut),
                Op::Copy { .. } => {}
            }
        }
        // Everything reaches everyone, whole.
        for _ in 0..2 {
            for i in 0..OFFICES {
                sync(&mut offices[i], &folders[i]);
            }
            for from in 0..OFFICES {
                for to in 0..OFFICES {
                    if from != to {
                        copy_files(&folders[from], &folders[to], u64::MAX, 0);
                    }
                }
            }
        }
        for i in 0..OFFICES {
            let last = sync(&mut offices[i], &folders[i]);
            prop_assert!(last.quarantined.is_empty() && last.rejected.is_empty(), "{:?}", last);
            // Every envelope held, received or its own, is made again whole
            // for a folder that lacks it or holds it cut short.
            prop_assert!(last.skipped.iter().all(|p| !p.reason.starts_with("not written")), "{:?}", last.skipped);
        }
        let first = export(&offices[0]);
        for ws in &offices {
            prop_assert_eq!(&export(ws), &first);
            assert_clean(ws);
            prop_assert!(ws.quarantine().unwrap().0.is_empty());
        }
    }
}
