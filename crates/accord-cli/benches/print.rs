//! Printing and exporting on a large workspace: every indicator sheet of a
//! 1,000-indicator workspace into one PDF, one sheet's preview, and the
//! tables. Each printing figure is set beside Typst alone typesetting the
//! same data in the same run (the ratio is what reading the working copy
//! and putting it into words adds). Prints a table; run with
//! `cargo bench -p accord-cli --bench print`.
//! `ACCORD_BENCH_INDICATORS` scales it down (CI smoke runs).

use std::hint::black_box;
use std::time::{Duration, Instant};

use accord_core::Workspace;
use accord_core::model::*;
use accord_print::{Doc, Options};
use uuid::Uuid;

mod scale;

fn wanted() -> usize {
    std::env::var("ACCORD_BENCH_INDICATORS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000)
}

/// Metadata as long as real sheets have (OHCHR's examples run to a few
/// sentences per field).
fn sentence(field: &str, i: usize) -> String {
    format!(
        "The {field} of indicator {i} follows the national statistics office's guidance, \
         with data from the administrative registers of the responsible ministry and \
         a note on the changes of method since the baseline year."
    )
}

/// Half as many recommendations as indicators, each with a plan entry, an
/// activity and two indicators of ten yearly measurements.
fn build(dir: &std::path::Path, n: usize) -> Workspace {
    let mut ws = scale::init(dir);
    let me = ws.me().org;
    let source = Source {
        id: Uuid::new_v4(),
        mechanism: Mechanism::Upr,
        document: "A/HRC/46/9".into(),
        ..Default::default()
    };
    ws.create(&source, "source").unwrap();
    let recs: Vec<Recommendation> = (0..n.div_ceil(2))
        .map(|i| Recommendation {
            id: Uuid::new_v4(),
            code: format!("{}.{}", 100 + i / 200, i % 200 + 1),
            source: source.id,
            text_en: format!("Recommendation {i}: ensure that victims of violence have access to shelters in every province."),
            text_mn: format!("Зөвлөмж {i}: хүчирхийллийн хохирогчдыг аймаг бүрт хамгаалах байраар хангах."),
            lead: vec![me],
            ..Default::default()
        })
        .collect();
    ws.create_many(&recs, "recommendations").unwrap();
    let plans: Vec<PlanEntry> = recs
        .iter()
        .map(|r| PlanEntry {
            id: Uuid::new_v4(),
            recommendation: Some(r.id),
            outcomes: vec!["Shelters open in every aimag".into()],
            ..Default::default()
        })
        .collect();
    ws.create_many(&plans, "plans").unwrap();
    let acts: Vec<Activity> = plans
        .iter()
        .map(|p| Activity {
            id: Uuid::new_v4(),
            plan: p.id,
            title_en: "Open a shelter in each aimag centre".into(),
            lead: Some(me),
            start: Some("2024-01-01".into()),
            end: Some("2026-06-30".into()),
            ..Default::default()
        })
        .collect();
    ws.create_many(&acts, "activities").unwrap();
    let inds: Vec<Indicator> = (0..n)
        .map(|i| Indicator {
            id: Uuid::new_v4(),
            plan: Some(plans[i / 2].id),
            title_en: format!(
                "Proportion of reported cases of violence referred to a shelter ({i})"
            ),
            title_mn: format!("Хамгаалах байранд илгээсэн тохиолдлын хувь ({i})"),
            kind: IndicatorType::Outcome,
            definition: sentence("definition", i),
            rationale: sentence("rationale", i),
            method: sentence("method", i),
            data_source: sentence("data source", i),
            disaggregation: "Sex, age, aimag, disability.".into(),
            periodicity: "Annual.".into(),
            comments: sentence("limitation", i),
            unit: "%".into(),
            baseline_value: Some(12.0),
            baseline_date: Some("2015-12-31".into()),
            target_value: Some(60.0),
            target_date: Some("2030-12-31".into()),
            responsible: Some(me),
            ..Default::default()
        })
        .collect();
    ws.create_many(&inds, "indicators").unwrap();
    let ms: Vec<Measurement> = inds
        .iter()
        .flat_map(|ind| {
            (2016..2026).map(|y| Measurement {
                id: Uuid::new_v4(),
                indicator: ind.id,
                org: me,
                period: y.to_string(),
                value: f64::from(y - 2000) * 2.5,
                source: "Administrative register of the Ministry of Labour and Social Protection"
                    .into(),
                ..Default::default()
            })
        })
        .collect();
    ws.create_many(&ms, "measurements").unwrap();
    ws
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn p95(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[(v.len() * 95 / 100).min(v.len() - 1)]
}

fn row(what: &str, target: &str, ours: Duration, raw: Option<Duration>) {
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    let (raw_s, ratio) = match raw {
        Some(r) => (
            ms(r),
            format!("{:.2}x", ours.as_secs_f64() / r.as_secs_f64()),
        ),
        None => ("—".into(), "—".into()),
    };
    println!(
        "{what:<48} {target:>9} {:>12} {raw_s:>12} {ratio:>8}",
        ms(ours)
    );
}

fn main() {
    let n = wanted();
    let tmp = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let ws = build(&tmp.path().join("ws"), n);
    println!(
        "workspace: {n} indicators with 10 measurements each, built in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let options = Options::new(Lang::En);
    let all = Doc::Indicators {
        ids: vec![],
        org: None,
    };
    let one = ws.indicators().unwrap()[n / 2].indicator.id;
    let sheet = Doc::Indicators {
        ids: vec![one],
        org: None,
    };

    // The first sheet of the process: fonts and the standard library are
    // read once, then kept.
    let t = Instant::now();
    black_box(
        accord_print::print(&ws, &sheet, options)
            .unwrap()
            .svg_pages(usize::MAX),
    );
    let first = t.elapsed();

    println!(
        "\n{:<48} {:>9} {:>12} {:>12} {:>8}",
        "operation", "target", "accord", "typst alone", "ratio"
    );
    row(
        "first preview of a sheet in a process",
        "300 ms",
        first,
        None,
    );

    // One sheet's preview: the data, the typesetting, the SVG page.
    let mut ours = Vec::new();
    let mut raw = Vec::new();
    let data = accord_print::data(&ws, &sheet, options).unwrap();
    for _ in 0..30 {
        let t = Instant::now();
        black_box(
            accord_print::print(&ws, &sheet, options)
                .unwrap()
                .svg_pages(usize::MAX),
        );
        ours.push(t.elapsed());
        let t = Instant::now();
        let p = accord_print::typeset(sheet.template(), data.clone(), options.today).unwrap();
        black_box(p.svg_pages(usize::MAX));
        raw.push(t.elapsed());
    }
    row(
        "one sheet's preview (median)",
        "300 ms",
        median(ours.clone()),
        Some(median(raw.clone())),
    );
    row(
        "one sheet's preview (p95)",
        "300 ms",
        p95(ours),
        Some(p95(raw)),
    );

    // Every sheet into one PDF.
    accord_print::forget_cache();
    let t = Instant::now();
    let printed = accord_print::print(&ws, &all, options).unwrap();
    let pdf = printed.pdf().unwrap();
    let ours = t.elapsed();
    let t = Instant::now();
    let data = accord_print::data(&ws, &all, options).unwrap();
    let reading = t.elapsed();
    accord_print::forget_cache();
    let t = Instant::now();
    let alone = accord_print::typeset(all.template(), data, options.today).unwrap();
    black_box(alone.pdf().unwrap());
    let raw = t.elapsed();
    row(
        &format!("all {n} sheets into one PDF"),
        "10 s",
        ours,
        Some(raw),
    );
    row("  of which reading the working copy", "", reading, None);
    println!(
        "  {} pages, {:.1} MB ({:.0} KB a page)",
        printed.pages(),
        pdf.len() as f64 / 1e6,
        pdf.len() as f64 / 1024.0 / printed.pages() as f64
    );
    let out = tmp.path().join("all.pdf");
    let t = Instant::now();
    accord_print::write_file(&out, &pdf).unwrap();
    row("  writing it (synced)", "", t.elapsed(), None);

    // The tables.
    let t = Instant::now();
    let tables = ws.export_tables(accord_core::model::Lang::En).unwrap();
    row("export tables (read)", "", t.elapsed(), None);
    let t = Instant::now();
    accord_core::export::write_csv_dir(&tables, &tmp.path().join("csv")).unwrap();
    row("  as CSV", "", t.elapsed(), None);
    let t = Instant::now();
    accord_core::export::write_xlsx(&tables, &tmp.path().join("t.xlsx")).unwrap();
    row("  as XLSX", "", t.elapsed(), None);
}
