//! The desktop app on a large workspace (release build, real window under
//! the display given, driven through tauri-driver): from process start to
//! an interactive recommendations list, the time from a keystroke in the
//! search box to the list showing its answer, and the memory of the app's
//! processes. Beside them, the same search run straight on SQLite in the
//! same run. Run: xvfb-run -a cargo bench -p accord-desktop --bench startup
//! (ACCORD_BENCH_RECS scales the workspace; 10,000 by default).

#[path = "../tests/driver/mod.rs"]
mod driver;
#[path = "../../crates/accord-cli/benches/scale/mod.rs"]
mod scale;

use std::time::{Duration, Instant};

use driver::{Driver, Res};
use fantoccini::{Client, Locator};

/// Rows the list asks for at once (ui/src/lib/list.svelte.ts).
const LIST_PAGE: u32 = 50;

fn recs_wanted() -> usize {
    std::env::var("ACCORD_BENCH_RECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

/// The app's processes: the accord-desktop processes (all of them, or the
/// one given) and the WebKit processes they started.
fn app_processes(root: Option<u32>) -> Vec<u32> {
    let stat = |pid: u32| -> Option<(String, u32)> {
        let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let (name, rest) = s.split_once(") ")?;
        let ppid = rest.split_whitespace().nth(1)?.parse().ok()?;
        Some((name.rsplit_once('(')?.1.to_owned(), ppid))
    };
    let all: Vec<(u32, String, u32)> = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .filter_map(|pid| stat(pid).map(|(n, pp)| (pid, n, pp)))
        .collect();
    let mut found: Vec<u32> = match root {
        Some(pid) => vec![pid],
        None => all
            .iter()
            .filter(|(_, n, _)| n == "accord-desktop")
            .map(|(p, _, _)| *p)
            .collect(),
    };
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(
            all.iter()
                .filter(|(_, _, pp)| *pp == parent)
                .map(|(p, _, _)| *p),
        );
        i += 1;
    }
    found
}

/// Proportional set size in MB (shared pages split between processes, so
/// the sum is what the app costs the machine).
fn pss_mb(pid: u32) -> f64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    s.lines()
        .find(|l| l.starts_with("Pss:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

/// Types `text` into the search box and returns the milliseconds until the
/// table showing the answer to it has been painted, measured inside the
/// page: the table's change is observed as it happens, and the paint is the
/// end of the next frame (a task queued from that frame's callback runs
/// after its rendering). Polling once a frame instead would add up to a
/// frame of waiting that the user never sees.
async fn search_latency(c: &Client, text: &str) -> Res<f64> {
    let js = r#"
        const [text, done] = arguments;
        const input = document.getElementById('search');
        const table = document.getElementById('rec-table');
        const t0 = performance.now();
        const painted = () => requestAnimationFrame(
            () => setTimeout(() => done(performance.now() - t0), 0));
        const seen = new MutationObserver(() => {
            if (table.dataset.shownFor === text) { seen.disconnect(); painted(); }
        });
        seen.observe(table, { attributes: true, attributeFilter: ['data-shown-for'] });
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        if (table.dataset.shownFor === text) { seen.disconnect(); painted(); }
    "#;
    let v = c.execute_async(js, vec![serde_json::json!(text)]).await?;
    Ok(v.as_f64().ok_or("no time measured")?)
}

/// The list command alone, called from the page as the list calls it:
/// milliseconds from the call to its answer parsed in the page.
async fn list_call_latency(c: &Client, text: &str, limit: u32) -> Res<f64> {
    let js = r#"
        const [text, limit, done] = arguments;
        const query = { mechanism: null, response: null, theme: null, responsible: null,
            cluster: null, assessed_by: null, level: null, search: text || null,
            archived: false, offset: 0, limit };
        const t0 = performance.now();
        window.__TAURI_INTERNALS__.invoke('list_recommendations', { query })
            .then(() => done(performance.now() - t0), (e) => done(String(e)));
    "#;
    let v = c
        .execute_async(js, vec![serde_json::json!(text), serde_json::json!(limit)])
        .await?;
    Ok(v.as_f64()
        .ok_or_else(|| format!("the list command failed: {v}"))?)
}

/// Clicks "Print" on an indicator and returns the milliseconds until its
/// sheet's first page is drawn, measured inside the page.
async fn preview_latency(c: &Client) -> Res<f64> {
    let js = r#"
        const [done] = arguments;
        const t0 = performance.now();
        document.getElementById('print-indicator').click();
        const check = () => {
            const img = document.querySelector('img.print-page');
            img && img.complete && img.naturalWidth > 0
                ? requestAnimationFrame(() => done(performance.now() - t0))
                : requestAnimationFrame(check);
        };
        check();
    "#;
    let v = c.execute_async(js, vec![]).await?;
    Ok(v.as_f64().ok_or("no time measured")?)
}

/// Each process of the app with its PSS in MB.
fn memory_of_app(root: Option<u32>) -> Vec<(String, f64)> {
    app_processes(root)
        .iter()
        .map(|p| {
            let name = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
            (name.trim().to_owned(), pss_mb(*p))
        })
        .collect()
}

/// The app started on the workspace without a driver, as an office starts
/// it: its memory once the dashboard has been computed and drawn.
fn memory_as_shipped(dir: &std::path::Path) -> Vec<(String, f64)> {
    let mut app = std::process::Command::new(env!("CARGO_BIN_EXE_accord-desktop"))
        .env("ACCORD_WORKSPACE", dir)
        .env_remove("WEBKIT_DISABLE_COMPOSITING_MODE")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the app starts");
    std::thread::sleep(Duration::from_secs(10));
    // This process's tree only: the driven app may still be closing.
    let each = memory_of_app(Some(app.id()));
    let _ = app.kill();
    let _ = app.wait();
    each
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Res {
    let n = recs_wanted();
    let tmp = tempfile::tempdir()?;
    // ACCORD_BENCH_DIR keeps the generated workspace for the next run.
    let dir = std::env::var_os("ACCORD_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("ws"));
    if !accord_core::Workspace::exists(&dir) {
        let t = Instant::now();
        drop(scale::generate(&dir, n));
        println!(
            "workspace of {n} recommendations built in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }

    // Raw: the same prefix searches straight on SQLite's full-text index.
    let words = ["torture", "women", "detention", "herders"];
    let conn = rusqlite::Connection::open(dir.join("accord.sqlite3"))?;
    let mut raw = Vec::new();
    for w in words {
        for k in 1..=w.len() {
            let t = Instant::now();
            let count: i64 = conn.query_row(
                "SELECT count(*) FROM recommendation_text WHERE recommendation_text MATCH ?1",
                [format!("\"{}\"*", &w[..k])],
                |r| r.get(0),
            )?;
            std::hint::black_box(count);
            raw.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    drop(conn);

    let driver = Driver::start(&dir);
    let t = Instant::now();
    let c = driver.session().await?;
    let window = t.elapsed();
    // Looked for every 10 ms: at the driver's default of 250 ms, each wait
    // would add up to a quarter of a second the user never waits.
    c.wait()
        .at_most(Duration::from_secs(60))
        .every(Duration::from_millis(10))
        .for_element(Locator::Css("[data-nav=recs]"))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(Duration::from_secs(60))
        .every(Duration::from_millis(10))
        .for_element(Locator::Css(".rec-row[data-code]"))
        .await?;
    let interactive = t.elapsed();

    let mut typed = Vec::new();
    for w in words {
        for k in 1..=w.len() {
            typed.push(search_latency(&c, &w[..k]).await?);
        }
        search_latency(&c, "").await?;
    }
    let mut calls = Vec::new();
    for w in words {
        for k in 1..=w.len() {
            calls.push(list_call_latency(&c, &w[..k], LIST_PAGE).await?);
        }
    }
    // Scroll through the whole list, then measure memory.
    c.execute(
        "const s = document.getElementById('rec-table'); s.scrollTop = s.scrollHeight;",
        vec![],
    )
    .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let each = memory_of_app(None);
    let memory: f64 = each.iter().map(|(_, m)| m).sum();

    // An indicator's sheet previewed from its screen: from the click to the
    // page drawn. The first one of the process reads the fonts.
    let mut previews = Vec::new();
    for _ in 0..11 {
        c.find(Locator::Css("[data-nav=indicators]"))
            .await?
            .click()
            .await?;
        c.wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css("#print-indicator"))
            .await?;
        previews.push(preview_latency(&c).await?);
    }
    let first_preview = previews.remove(0);
    c.close().await?;
    drop(driver);
    let shipped = memory_as_shipped(&dir);

    println!("{:<58} {:>10} {:>12}", "", "figure", "target");
    println!(
        "{:<58} {:>7.0} ms {:>12}",
        "process start to window with a WebDriver session",
        window.as_secs_f64() * 1000.0,
        ""
    );
    println!(
        "{:<58} {:>7.0} ms {:>12}",
        "process start to an interactive recommendations list",
        interactive.as_secs_f64() * 1000.0,
        "< 1000 ms"
    );
    println!(
        "{:<58} {:>7.1} ms {:>12}",
        format!("keystroke to list updated, p50 of {}", typed.len()),
        percentile(typed.clone(), 0.5),
        ""
    );
    println!(
        "{:<58} {:>7.1} ms {:>12}",
        "keystroke to list updated, p95",
        percentile(typed.clone(), 0.95),
        "< 50 ms"
    );
    println!(
        "{:<58} {:>7.1} ms {:>12}",
        format!("  of which the list command's round trip ({LIST_PAGE} rows), p50"),
        percentile(calls.clone(), 0.5),
        ""
    );
    println!(
        "{:<58} {:>7.1} ms {:>12}",
        "  of which the list command's round trip, p95",
        percentile(calls, 0.95),
        ""
    );
    println!(
        "{:<58} {:>7.2} ms {:>12}",
        "raw SQLite full-text count, same prefixes, p95",
        percentile(raw.clone(), 0.95),
        ""
    );
    println!(
        "{:<58} {:>7.1}x",
        "ratio (keystroke p95 / raw p95)",
        percentile(typed, 0.95) / percentile(raw, 0.95)
    );
    println!(
        "{:<58} {:>7.0} MB {:>12}",
        format!(
            "memory (PSS), list scrolled to its end, driven ({} processes)",
            each.len()
        ),
        memory,
        "< 300 MB"
    );
    for (name, mb) in &each {
        println!("{:<58} {:>7.0} MB", format!("  of which {name}"), mb);
    }
    println!(
        "{:<58} {:>7.0} MB {:>12}",
        format!(
            "memory undriven, dashboard drawn ({} processes)",
            shipped.len()
        ),
        shipped.iter().map(|(_, m)| m).sum::<f64>(),
        "< 300 MB"
    );
    for (name, mb) in &shipped {
        println!("{:<58} {:>7.0} MB", format!("  of which {name}"), mb);
    }
    println!(
        "{:<58} {:>7.0} ms {:>12}",
        "an indicator sheet's preview, first of the process", first_preview, "< 300 ms"
    );
    println!(
        "{:<58} {:>7.0} ms {:>12}",
        format!("an indicator sheet's preview, p50 of {}", previews.len()),
        percentile(previews.clone(), 0.5),
        "< 300 ms"
    );
    println!(
        "{:<58} {:>7.0} ms {:>12}",
        "an indicator sheet's preview, p95",
        percentile(previews, 0.95),
        "< 300 ms"
    );
    Ok(())
}
