//! How long an edit in one office takes to reach another office's working
//! copy over real Syncthing: the first office syncs right after the edit
//! (as the app's automatic sync does), Syncthing carries the envelope, and
//! the second office's watch wakes and syncs. Beside it, the same path for
//! a plain file of the same size that Syncthing alone carries, measured in
//! the same run. Run with `cargo bench -p accord-scenarios --bench
//! syncthing_delay`; `ACCORD_BENCH_EDITS` sets the number of edits
//! (default 10).

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use accord_core::Workspace;
use accord_scenarios::syncthing::network;
use accord_scenarios::*;

fn edits_wanted() -> usize {
    std::env::var("ACCORD_BENCH_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// Syncs both offices with their folders until `done` holds.
fn settle(
    a: &mut Workspace,
    fa: &Path,
    b: &mut Workspace,
    fb: &Path,
    done: impl Fn(&mut Workspace) -> bool,
) {
    let start = Instant::now();
    loop {
        sync(a, fa);
        sync(b, fb);
        if done(b) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the offices never met"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

fn main() {
    let n = edits_wanted();
    let tmp = tempfile::tempdir().unwrap();
    let daemons = network(tmp.path(), &["ministry", "forum"]);
    let (fa, fb) = (daemons[0].folder.clone(), daemons[1].folder.clone());
    let mut a = coordinator(&tmp.path().join("ministry"));
    let rec = rec_id(&a, "107.1");
    let invite = make_invite(&mut a, "HRNGOF");
    let mut b = Workspace::join(&tmp.path().join("forum"), &invite, PASSPHRASE, "Forum").unwrap();
    settle(&mut a, &fa, &mut b, &fb, |b| !sync_report_waiting(b, &fb));
    let b_dir = b.dir().to_path_buf();
    drop(b);

    // The second office, as its app does: watch, sync on each wake, and
    // say when the comment it waits for has arrived.
    let (want_tx, want_rx) = mpsc::channel::<String>();
    let (got_tx, got_rx) = mpsc::channel::<Instant>();
    let watcher = {
        let fb = fb.clone();
        std::thread::spawn(move || {
            let mut b = Workspace::open(&b_dir).unwrap();
            let mut watch = b.watch(&fb).unwrap();
            sync(&mut b, &fb);
            watch.synced().unwrap();
            while let Ok(text) = want_rx.recv() {
                loop {
                    if comment_texts(&b).contains(&text) {
                        got_tx.send(Instant::now()).unwrap();
                        break;
                    }
                    if watch.wait(Duration::from_secs(30)).unwrap() {
                        sync(&mut b, &fb);
                        watch.synced().unwrap();
                    }
                }
            }
        })
    };

    let mut ours = Vec::new();
    for i in 0..n {
        let text = format!("edit {i} at the ministry");
        want_tx.send(text.clone()).unwrap();
        let t = Instant::now();
        let c = comment_on(&a, rec, &text);
        a.create(&c, "comment").unwrap();
        sync(&mut a, &fa);
        let arrived = got_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the edit arrived");
        ours.push(arrived - t);
        std::thread::sleep(Duration::from_millis(500));
    }
    drop(want_tx);
    watcher.join().unwrap();

    // Syncthing alone: a file of an envelope's size written into one
    // folder, until it is whole in the other.
    let envelope_len = std::fs::read_dir(
        fa.join("accord")
            .join(a.workspace_id().unwrap().to_string())
            .join("devices")
            .join(a.device_key_hex()),
    )
    .unwrap()
    .flatten()
    .map(|e| e.metadata().unwrap().len())
    .max()
    .unwrap_or(1024) as usize;
    let mut raw = Vec::new();
    for i in 0..n {
        let name = format!("plain-{i}.bin");
        let body = vec![i as u8; envelope_len];
        let t = Instant::now();
        std::fs::write(fa.join(&name), &body).unwrap();
        loop {
            if std::fs::read(fb.join(&name)).is_ok_and(|b| b == body) {
                break;
            }
            assert!(
                t.elapsed() < Duration::from_secs(60),
                "Syncthing never carried {name}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        raw.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(500));
    }

    let (om, rm) = (median(ours.clone()), median(raw.clone()));
    println!(
        "\nan edit reaching another office over Syncthing ({n} edits, envelopes up to {envelope_len} bytes)"
    );
    println!("{:<36} {:>10} {:>10} {:>8}", "", "accord", "raw", "ratio");
    println!(
        "{:<36} {:>10} {:>10} {:>7.2}x",
        "median",
        ms(om),
        ms(rm),
        om.as_secs_f64() / rm.as_secs_f64()
    );
    println!(
        "{:<36} {:>10} {:>10}",
        "slowest",
        ms(*ours.iter().max().unwrap()),
        ms(*raw.iter().max().unwrap())
    );
    println!(
        "(raw: a plain file of the same size carried by Syncthing alone, from write to whole)"
    );
    drop(daemons);
}

/// Whether `b` still waits for its admission after a sync.
fn sync_report_waiting(b: &mut Workspace, folder: &Path) -> bool {
    sync(b, folder).waiting_for_admission
}
