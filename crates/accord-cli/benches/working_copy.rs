//! The working copy's speed and memory on a large workspace, each figure
//! beside the same work done with raw automerge and rusqlite in the same
//! run. Prints a table; run with `cargo bench -p accord-cli`.
//!
//! Workload: 10,000 recommendations, each with a plan entry and an
//! activity; 5,000 indicators with 20,000 measurements; assessments of
//! every recommendation by 10 organisations (100,000).
//! `ACCORD_BENCH_RECS` scales it down (CI smoke runs).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use accord_core::Workspace;
use accord_core::doc::DocId;
use accord_core::model::*;
use accord_core::store::query::ListFilter;
use automerge::ReadDoc;
use automerge::transaction::Transactable;

mod measure;
mod revocation;
mod scale;
use measure::{MEASURE, measure_child, run_measured};
use scale::generate;

fn recs_wanted() -> usize {
    std::env::var("ACCORD_BENCH_RECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| {
                let e = e.unwrap();
                if e.file_type().unwrap().is_dir() {
                    dir_size(&e.path())
                } else {
                    e.metadata().unwrap().len()
                }
            })
            .sum()
        })
        .unwrap_or(0)
}

fn percentile(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn row(what: &str, target: &str, ours: Duration, raw: Duration) {
    let ratio = ours.as_secs_f64() / raw.as_secs_f64().max(1e-9);
    println!(
        "{what:<44} {target:>9} {:>12} {:>12} {ratio:>8.1}x",
        ms(ours),
        ms(raw)
    );
}

fn main() {
    if std::env::var_os(MEASURE).is_some() {
        return measure_child();
    }
    // `cargo bench` passes --bench; nothing else is read from the arguments.
    let n = recs_wanted();
    let tmp = tempfile::tempdir().unwrap();
    // ACCORD_BENCH_DIR keeps the generated workspace there, and reuses it.
    let dir = std::env::var_os("ACCORD_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("ws"));
    let t = Instant::now();
    let reused = Workspace::exists(&dir);
    let ws = if reused {
        Workspace::open(&dir).unwrap()
    } else {
        generate(&dir, n)
    };
    let records = ws.check().unwrap();
    println!(
        "workspace: {} records, {} changes; {} in {:.1} s (with a check)",
        records.records,
        records.changes,
        if reused { "reopened" } else { "generated" },
        t.elapsed().as_secs_f64()
    );
    assert!(records.is_clean(), "{:?}", records.problems);
    drop(ws);
    let db = dir.join("accord.sqlite3");

    println!(
        "\n{:<44} {:>9} {:>12} {:>12} {:>9}",
        "operation", "target", "accord", "raw", "ratio"
    );

    // Open and list the first page, cold process state.
    let mut ours = Vec::new();
    let mut raw = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let ws = Workspace::open(&dir).unwrap();
        black_box(ws.store().list(&ListFilter::default()).unwrap());
        ours.push(t.elapsed());
        let t = Instant::now();
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut st = conn
            .prepare(
                "SELECT data FROM recommendation WHERE archived = 0 ORDER BY sort_key LIMIT 50",
            )
            .unwrap();
        let rows: Vec<String> = st
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        black_box(rows);
        raw.push(t.elapsed());
    }
    row(
        "open + first page of the list (median)",
        "50 ms",
        percentile(ours, 0.5),
        percentile(raw, 0.5),
    );

    let mut ws = Workspace::open(&dir).unwrap();
    let org = ws.resolve_ref(RecordKind::Organisation, "ORG7").unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let filters: Vec<(&str, ListFilter, &str, Vec<String>)> = vec![
        (
            "filter theme + response (p99)",
            ListFilter {
                theme: Some("torture".into()),
                response: Some(Response::Supported),
                ..Default::default()
            },
            "SELECT r.data FROM recommendation r WHERE r.archived = 0 AND r.response = ?1 AND EXISTS (SELECT 1 FROM tag t WHERE t.id = r.id AND t.tag = 'theme' AND t.value = ?2) ORDER BY r.sort_key LIMIT 50",
            vec!["supported".into(), "torture".into()],
        ),
        (
            "filter by an organisation's level (p99)",
            ListFilter {
                assessed: Some((org, Level::Regressed)),
                ..Default::default()
            },
            "SELECT r.data FROM recommendation r WHERE r.archived = 0 AND EXISTS (SELECT 1 FROM current_assessment c WHERE c.recommendation = r.id AND c.org = ?1 AND c.level = ?2) ORDER BY r.sort_key LIMIT 50",
            vec![org.to_string(), "regressed".into()],
        ),
        (
            "full-text search, two words (p99)",
            ListFilter {
                search: Some("investigate women".into()),
                ..Default::default()
            },
            "SELECT r.data FROM recommendation r WHERE r.row IN (SELECT rowid FROM recommendation_text WHERE recommendation_text MATCH ?1) ORDER BY r.sort_key LIMIT 50",
            vec!["\"investigate\"* \"women\"*".into()],
        ),
    ];
    for (name, filter, sql, args) in &filters {
        let mut ours = Vec::new();
        let mut raw = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            let page = black_box(ws.store().list(filter).unwrap());
            ours.push(t.elapsed());
            let t = Instant::now();
            let mut st = conn.prepare_cached(sql).unwrap();
            let rows: Vec<String> = st
                .query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            raw.push(t.elapsed());
            // Both did the same work: the same page.
            assert_eq!(rows.len(), page.items.len(), "{name}");
            assert!(!rows.is_empty(), "{name} found nothing");
        }
        let (om, rm) = (percentile(ours.clone(), 0.5), percentile(raw.clone(), 0.5));
        row(name, "10 ms", percentile(ours, 0.99), percentile(raw, 0.99));
        println!("  (median {} / {})", ms(om), ms(rm));
    }

    // One edit: commit and persist. Raw: the same put on the same document
    // in automerge, its change stored in SQLite in one transaction.
    let recs = ws
        .store()
        .list(&ListFilter {
            limit: 200,
            ..Default::default()
        })
        .unwrap()
        .items;
    ws.update::<Recommendation>(recs[0].id, "warm up", |r| {
        r.response_source = "warm".into();
        Ok(())
    })
    .unwrap();
    let mut ours = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        let t = Instant::now();
        ws.update::<Recommendation>(r.id, "edit", |x| {
            x.response_source = format!("edit {i}");
            Ok(())
        })
        .unwrap();
        ours.push(t.elapsed());
    }
    let catalogue: Vec<u8> = ws.doc_changes(DocId::Catalogue).unwrap();
    let mut am = automerge::Automerge::load(&catalogue).unwrap();
    let raw_db = tmp.path().join("raw.sqlite3");
    let rconn = rusqlite::Connection::open(&raw_db).unwrap();
    rconn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; CREATE TABLE change (hash BLOB PRIMARY KEY, bytes BLOB)").unwrap();
    let (_, coll) = am.get(automerge::ROOT, "recommendation").unwrap().unwrap();
    let mut raw = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        let t = Instant::now();
        let (_, obj) = am.get(&coll, r.id.to_string()).unwrap().unwrap();
        let mut tx = am.transaction();
        tx.put(&obj, "response_source", format!("raw {i}")).unwrap();
        let (hash, _) = tx.commit();
        let change = am.get_change_by_hash(&hash.unwrap()).unwrap();
        let t2 = rconn.unchecked_transaction().unwrap();
        t2.execute(
            "INSERT INTO change VALUES (?1, ?2)",
            rusqlite::params![change.hash().0.as_slice(), change.raw_bytes()],
        )
        .unwrap();
        t2.commit().unwrap();
        raw.push(t.elapsed());
    }
    let (om, rm) = (percentile(ours.clone(), 0.5), percentile(raw.clone(), 0.5));
    row(
        "one edit, commit and persist (p99)",
        "5 ms",
        percentile(ours, 0.99),
        percentile(raw, 0.99),
    );
    println!("  (median {} / {})", ms(om), ms(rm));

    // Rebuild the index. Raw: load every document from the same bytes
    // (its snapshot, which the rebuild leaves behind, and the changes after
    // it), hydrate it, and insert each record's JSON into one table in one
    // transaction.
    let t = Instant::now();
    let report = ws.rebuild_index(false).unwrap();
    let ours = t.elapsed();
    let t = Instant::now();
    let mut by_doc: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    {
        let mut st = conn
            .prepare("SELECT doc, upto, bytes FROM snapshot")
            .unwrap();
        let snaps: Vec<(String, i64, Vec<u8>)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (doc, upto, snap) in snaps {
            let mut st = conn
                .prepare_cached("SELECT bytes FROM change WHERE doc = ?1 AND seq > ?2 ORDER BY seq")
                .unwrap();
            let rest: Vec<u8> = st
                .query_map(rusqlite::params![doc, upto], |r| r.get::<_, Vec<u8>>(0))
                .unwrap()
                .flat_map(Result::unwrap)
                .collect();
            by_doc.push((snap, rest));
        }
    }
    let rconn2 = rusqlite::Connection::open_in_memory().unwrap();
    rconn2
        .execute_batch("CREATE TABLE record (id TEXT PRIMARY KEY, data TEXT)")
        .unwrap();
    let tx = rconn2.unchecked_transaction().unwrap();
    let mut count = 0;
    for (snap, rest) in &by_doc {
        let mut doc = automerge::Automerge::load(snap).unwrap();
        doc.load_incremental(rest).unwrap();
        let automerge::hydrate::Value::Map(root) = doc.hydrate(None) else {
            continue;
        };
        for (_, coll) in root.iter() {
            if let automerge::hydrate::Value::Map(records) = &coll.value {
                for (id, rec) in records.iter() {
                    let json = accord_core::doc::from_hydrated(&rec.value).to_string();
                    tx.execute(
                        "INSERT INTO record VALUES (?1, ?2)",
                        rusqlite::params![id, json],
                    )
                    .unwrap();
                    count += 1;
                }
            }
        }
    }
    tx.commit().unwrap();
    let raw = t.elapsed();
    row("check --rebuild (all records)", "3000 ms", ours, raw);
    println!(
        "  ({} records rebuilt; raw inserted {count})",
        report.records
    );
    drop(ws);

    // A device joins from an invite and takes the whole workspace from the
    // folder; raw: Automerge loading the same changes, one document at a time.
    let mut ws = Workspace::open(&dir).unwrap();
    let folder = tmp.path().join("folder");
    std::fs::create_dir_all(&folder).unwrap();
    ws.sync_folder(&folder, &mut |_| {}).unwrap();
    let member = ws
        .store()
        .all::<Organisation>()
        .unwrap()
        .into_iter()
        .find(|o| o.short == "ORG5")
        .unwrap();
    let invite = ws
        .invite(&accord_core::workspace::InviteRequest {
            org: member.short.clone(),
            kind: None,
            passphrase: "correct horse battery staple".into(),
            days: 14,
        })
        .unwrap()
        .bytes;
    let joined_dir = tmp.path().join("joined");
    let mut joined =
        Workspace::join(&joined_dir, &invite, "correct horse battery staple", "New").unwrap();
    let t = Instant::now();
    let report = joined.sync_folder(&folder, &mut |_| {}).unwrap();
    let ours = t.elapsed();
    let docs: Vec<Vec<u8>> = ws
        .store()
        .doc_ids()
        .unwrap()
        .into_iter()
        .map(|d| ws.doc_changes(d).unwrap())
        .collect();
    let t = Instant::now();
    for bytes in &docs {
        let mut doc = automerge::Automerge::new();
        doc.load_incremental(bytes).unwrap();
    }
    let raw = t.elapsed();
    row("join: whole workspace from a folder", "10000 ms", ours, raw);
    println!(
        "  ({} envelopes, {} changes applied, {} MB in the folder)",
        report.envelopes_applied,
        report.changes_applied,
        dir_size(&folder) / 1_000_000
    );
    assert!(report.quarantined.is_empty(), "{:?}", report.quarantined);

    // The new office is admitted; then a revocation that accepts half of
    // one organisation's assessments reaches it, and the sync holds the rest
    // out and rebuilds that organisation's document.
    ws.sync_folder(&folder, &mut |_| {}).unwrap();
    joined.sync_folder(&folder, &mut |_| {}).unwrap();
    drop(joined);
    let assessor_org = ws
        .store()
        .all::<Organisation>()
        .unwrap()
        .into_iter()
        .find(|o| o.short == "ORG3")
        .unwrap();
    let device = ws
        .store()
        .all::<accord_core::model::Device>()
        .unwrap()
        .into_iter()
        .find(|d| d.org == assessor_org.id)
        .unwrap();
    revocation::revocation(&mut ws, &device, &joined_dir, &folder);
    drop(ws);

    // Peak memory of the real command, one process per command.
    let exe = env!("CARGO_BIN_EXE_accord");
    println!();
    for args in [
        vec!["list"],
        vec!["list", "--search", "investigate"],
        vec!["show", "100.1"],
        vec!["edit", "100.1", "response_source=peak"],
        vec!["check", "--rebuild"],
    ] {
        let mut full: Vec<&std::ffi::OsStr> =
            vec![exe.as_ref(), "--workspace".as_ref(), dir.as_os_str()];
        full.extend(args.iter().map(|a| std::ffi::OsStr::new(*a)));
        let (status, kb) = run_measured(&full);
        assert_eq!(status, 0, "accord {args:?}");
        println!(
            "peak memory of `accord {}`: {} MB (target 150 MB)",
            args.join(" "),
            kb / 1024
        );
    }
}
