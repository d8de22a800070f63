//! Suggestions for a newer report's recommendations against those held:
//! 300 new recommendations (the next UPR cycle) and 10,000 held, their
//! texts made from the UN's own (the thematic list in ../shared/samples,
//! halves of its texts joined anew). Raw, in the same run: the least any
//! such comparison does, every text split into words and stemmed with
//! rust-stemmers.
//! Run with `cargo bench -p accord-cli --bench suggest`;
//! `ACCORD_BENCH_SUGGEST_HELD` and `ACCORD_BENCH_SUGGEST_NEW` set the counts.

use std::path::Path;
use std::time::Instant;

use accord_core::import::ImportOptions;
use accord_core::import::thematic_list::read;

mod scale;

fn count(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `n` texts, each the first half of one of the UN's texts and the second
/// half of another, chosen by a fixed sequence from `seed`.
fn texts(un: &[String], n: usize, seed: u64) -> Vec<String> {
    let mut x = seed;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as usize
    };
    (0..n)
        .map(|_| {
            let (a, b) = (&un[next() % un.len()], &un[next() % un.len()]);
            let a: Vec<&str> = a.split_whitespace().collect();
            let b: Vec<&str> = b.split_whitespace().collect();
            let mut words: Vec<&str> = a[..a.len() / 2].to_vec();
            words.extend(&b[b.len() / 2..]);
            words.join(" ")
        })
        .collect()
}

fn csv(document: &str, cycle: u32, session: u32, texts: &[String]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "code",
        "mechanism",
        "cycle",
        "session",
        "document",
        "text_en",
        "response",
    ])
    .unwrap();
    for (i, t) in texts.iter().enumerate() {
        let code = format!("{}.{}", 100 + i / 1000, i % 1000 + 1);
        let (c, s) = (cycle.to_string(), session.to_string());
        w.write_record([code.as_str(), "upr", &c, &s, document, t, "supported"])
            .unwrap();
    }
    w.into_inner().unwrap()
}

fn main() {
    let held_n = count("ACCORD_BENCH_SUGGEST_HELD", 10_000);
    let new_n = count("ACCORD_BENCH_SUGGEST_NEW", 300);
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/samples/upr-thematic-list-cycle3-slovenia.docx");
    let list = read("sample", &std::fs::read(&sample).unwrap()).unwrap();
    let un: Vec<String> = list
        .rows
        .iter()
        .flat_map(|r| r.texts.iter().map(|(t, _)| t.clone()))
        .collect();
    let held = texts(&un, held_n, 1);
    let new = texts(&un, new_n, 2);

    let tmp = tempfile::tempdir().unwrap();
    let mut ws = scale::init(&tmp.path().join("ws"));
    let opts = ImportOptions::default();
    ws.import_bytes("held.csv", &csv("A/HRC/30/6", 2, 22, &held), &opts)
        .unwrap();
    ws.import_bytes("new.csv", &csv("A/HRC/46/9", 3, 36, &new), &opts)
        .unwrap();

    let t = Instant::now();
    let links = ws.suggest_links(Some("A/HRC/46/9")).unwrap();
    let links_time = t.elapsed();
    let t = Instant::now();
    let clusters = ws.suggest_clusters(Some("A/HRC/46/9")).unwrap();
    let clusters_time = t.elapsed();

    // Raw: every text's words, lower case, stemmed.
    let t = Instant::now();
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    let mut words = 0usize;
    for text in held.iter().chain(&new) {
        for w in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            words += stemmer.stem(&w.to_lowercase()).len();
        }
    }
    let raw = t.elapsed();
    std::hint::black_box(words);

    let ratio = |d: std::time::Duration| d.as_secs_f64() / raw.as_secs_f64().max(1e-9);
    println!("suggestions for {new_n} new recommendations against {held_n} held (target 2000 ms):");
    println!(
        "  links:    {:>8.1} ms ({} suggested); raw stemming {:.1} ms; ratio {:.1}x",
        links_time.as_secs_f64() * 1000.0,
        links.len(),
        raw.as_secs_f64() * 1000.0,
        ratio(links_time)
    );
    println!(
        "  clusters: {:>8.1} ms ({} suggested); ratio {:.1}x",
        clusters_time.as_secs_f64() * 1000.0,
        clusters.len(),
        ratio(clusters_time)
    );
}
