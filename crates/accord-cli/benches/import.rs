//! Importing a large recommendation list, beside the same rows read with
//! the csv crate, put into raw Automerge and inserted into raw SQLite in
//! the same run. Also measured: how long another writer of the same
//! workspace waits while the import runs, how the import travels (its
//! envelopes) and how long a new office needs to read it.
//! Run with `cargo bench -p accord-cli --bench import`;
//! `ACCORD_BENCH_IMPORT_ROWS` sets the number of rows (default 100,000).

use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use accord_core::Workspace;
use accord_core::model::*;
use automerge::transaction::Transactable;
use uuid::Uuid;

mod measure;
mod scale;
use measure::{MEASURE, measure_child, run_measured};

const THEMES: [&str; 4] = ["torture", "children", "education", "justice"];
const STATES: [&str; 5] = ["France", "Chile", "Japan", "Kenya", "Brazil"];

fn rows_wanted() -> usize {
    std::env::var("ACCORD_BENCH_IMPORT_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// The CSV template, n rows over ten source documents.
fn write_csv(path: &Path, n: usize) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record([
        "code",
        "mechanism",
        "cycle",
        "session",
        "document",
        "text_en",
        "text_mn",
        "recommending_states",
        "response",
        "themes",
    ])
    .unwrap();
    for i in 0..n {
        let doc = format!("A/HRC/{}/9", 40 + i % 10);
        let code = format!("{}.{}", 100 + (i / 10) / 300, (i / 10) % 300 + 1);
        let text = format!(
            "Recommendation {i}: ensure that every complaint of torture in detention \
             is investigated promptly and impartially, and that women in the provinces \
             have access to shelters and legal aid"
        );
        let mn = format!("Зөвлөмж {i}: хүний эрхийг хамгаалах арга хэмжээ авах");
        w.write_record([
            code.as_str(),
            "upr",
            "3",
            &(36 + i % 10).to_string(),
            doc.as_str(),
            text.as_str(),
            mn.as_str(),
            STATES[i % STATES.len()],
            ["supported", "noted"][i % 2],
            THEMES[i % THEMES.len()],
        ])
        .unwrap();
    }
    w.flush().unwrap();
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn main() {
    if std::env::var_os(MEASURE).is_some() {
        return measure_child();
    }
    let n = rows_wanted();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    let csv_path = tmp.path().join("list.csv");
    write_csv(&csv_path, n);
    let mut ws = scale::init(&dir);
    // A recommendation for the other writer to comment on while the
    // import runs.
    let mut one = Vec::new();
    one.extend_from_slice(b"code,mechanism,document,text_en\n1.1,upr,A/HRC/1/1,first\n");
    ws.import_reader("one.csv", one.as_slice(), false).unwrap();
    let target = ws.resolve_ref(RecordKind::Recommendation, "1.1").unwrap();
    let org = ws.me().org;
    drop(ws);

    // The import, by the real command, while another process of the same
    // workspace adds a comment every 100 ms and notes how long each took.
    let running = AtomicBool::new(true);
    let exe = env!("CARGO_BIN_EXE_accord");
    let (elapsed, (status, kb), waits) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let mut ws = Workspace::open(&dir).unwrap();
            let mut waits = Vec::new();
            while running.load(Ordering::Relaxed) {
                let c = Comment {
                    id: Uuid::new_v4(),
                    target_kind: TargetKind::Recommendation,
                    target,
                    org,
                    date: "2026-12-01".into(),
                    text: "written during the import".into(),
                    ..Default::default()
                };
                let t = Instant::now();
                ws.create(&c, "comment").unwrap();
                waits.push(t.elapsed());
                std::thread::sleep(Duration::from_millis(100));
            }
            waits
        });
        let t = Instant::now();
        let measured = run_measured(&[
            exe.as_ref(),
            "--workspace".as_ref(),
            dir.as_os_str(),
            "import".as_ref(),
            csv_path.as_os_str(),
        ]);
        let elapsed = t.elapsed();
        running.store(false, Ordering::Relaxed);
        (elapsed, measured, writer.join().unwrap())
    });
    assert_eq!(status, 0, "accord import");
    let longest = waits.iter().max().copied().unwrap_or_default();

    // Raw: the same file read with the csv crate, each row a map of its
    // cells created in one Automerge document (with batch creation, in
    // changes of the same size), saved, and each row's JSON inserted into
    // one SQLite table in one transaction.
    let t = Instant::now();
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let mut am = automerge::Automerge::new();
    let conn = rusqlite::Connection::open(tmp.path().join("raw.sqlite3")).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; CREATE TABLE rec (id TEXT PRIMARY KEY, data TEXT)",
    )
    .unwrap();
    let sql = conn.unchecked_transaction().unwrap();
    let mut tx = am.transaction();
    let coll = tx
        .put_object(automerge::ROOT, "recommendation", automerge::ObjType::Map)
        .unwrap();
    let mut in_batch = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let id = Uuid::new_v4().to_string();
        let mut json = serde_json::Map::new();
        let mut map = std::collections::HashMap::new();
        for (h, v) in headers.iter().zip(row.iter()) {
            map.insert(h, automerge::hydrate::Value::from(v));
            json.insert(h.to_owned(), v.into());
        }
        tx.batch_create_object(&coll, id.as_str(), &map.into(), false)
            .unwrap();
        sql.execute(
            "INSERT INTO rec VALUES (?1, ?2)",
            rusqlite::params![id, serde_json::Value::Object(json).to_string()],
        )
        .unwrap();
        in_batch += 1;
        if in_batch == 1_000 {
            tx.commit();
            tx = am.transaction();
            in_batch = 0;
        }
    }
    tx.commit();
    sql.commit().unwrap();
    std::hint::black_box(am.save());
    let raw = t.elapsed();

    println!("\nimport of {n} rows");
    println!(
        "{:<40} {:>10} {:>10} {:>10} {:>8}",
        "", "target", "accord", "raw", "ratio"
    );
    println!(
        "{:<40} {:>10} {:>10} {:>10} {:>7.1}x",
        "time (the `accord import` command)",
        "30 s",
        secs(elapsed),
        secs(raw),
        elapsed.as_secs_f64() / raw.as_secs_f64()
    );
    println!("{:<40} {:>10} {:>7} MB", "peak memory", "300 MB", kb / 1024);
    println!(
        "another writer meanwhile: {} comments, longest wait {:.0} ms (target 1000 ms)",
        waits.len(),
        longest.as_secs_f64() * 1000.0
    );

    // How the import travels: its envelopes in a folder, and a new office
    // reading them, beside raw Automerge loading the same changes.
    let mut ws = Workspace::open(&dir).unwrap();
    let folder = tmp.path().join("folder");
    std::fs::create_dir_all(&folder).unwrap();
    ws.sync_folder(&folder, &mut |_| {}).unwrap();
    let mut sizes: Vec<u64> = walk(&folder)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "env"))
        .map(|p| p.metadata().unwrap().len())
        .collect();
    sizes.sort();
    println!(
        "in the folder: {} envelopes, the largest {:.1} MB, {:.1} MB in all",
        sizes.len(),
        *sizes.last().unwrap_or(&0) as f64 / 1e6,
        sizes.iter().sum::<u64>() as f64 / 1e6
    );
    let ngo = Organisation {
        id: Uuid::new_v4(),
        short: "NGO".into(),
        name_en: "An NGO".into(),
        kind: OrgKind::Ngo,
        ..Default::default()
    };
    ws.create(&ngo, "org").unwrap();
    let invite = ws
        .invite(&accord_core::workspace::InviteRequest {
            org: ngo.short.clone(),
            kind: None,
            passphrase: "correct horse battery staple".into(),
            days: 14,
        })
        .unwrap()
        .bytes;
    ws.sync_folder(&folder, &mut |_| {}).unwrap();
    let mut joined = Workspace::join(
        &tmp.path().join("joined"),
        &invite,
        "correct horse battery staple",
        "New",
    )
    .unwrap();
    let t = Instant::now();
    joined.sync_folder(&folder, &mut |_| {}).unwrap();
    let ours = t.elapsed();
    let bytes = ws.doc_changes(accord_core::doc::DocId::Catalogue).unwrap();
    let t = Instant::now();
    let mut doc = automerge::Automerge::new();
    doc.load_incremental(&bytes).unwrap();
    let raw = t.elapsed();
    println!(
        "a new office reads it: {} (raw Automerge loading the catalogue: {}, {:.1}x)",
        secs(ours),
        secs(raw),
        ours.as_secs_f64() / raw.as_secs_f64()
    );
    let count = joined.store().all::<Recommendation>().unwrap().len();
    assert_eq!(count, n + 1, "the new office has every recommendation");
    let _ = std::io::stdout().flush();
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}
