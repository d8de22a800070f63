//! `accord print` on the demo workspace: each document lands as a PDF a
//! reader can use, in the language asked for, and a bad request says why
//! without leaving a file behind.

use std::path::Path;
use std::process::{Command, Output};

fn accord(ws: &Path, cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .current_dir(cwd)
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .env_remove("ACCORD_WORKSPACE")
        .output()
        .expect("the accord binary runs")
}

fn ok(ws: &Path, cwd: &Path, args: &[&str]) -> String {
    let out = accord(ws, cwd, args);
    assert!(
        out.status.success(),
        "accord {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_document_prints_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let here = tmp.path();
    ok(&ws, here, &["demo"]);

    // A whole organisation's sheets in one PDF, in Mongolian, under the
    // name asked for.
    let report: serde_json::Value = serde_json::from_str(&ok(
        &ws,
        here,
        &[
            "--json",
            "print",
            "indicator",
            "--org",
            "NHRCM",
            "--lang",
            "mn",
            "--out",
            "nhrcm.pdf",
        ],
    ))
    .unwrap();
    let pages = report["pages"].as_u64().unwrap();
    assert!(pages >= 3, "{report}");
    let text = pdf_text(&here.join("nhrcm.pdf"));
    assert_eq!(
        text.matches('\u{c}').count() as u64,
        pages,
        "one form feed per page"
    );
    assert!(
        text.contains("Газар дээр нь бичих шинэ хэмжилтүүд"),
        "{text}"
    );

    // The other documents under names of their own.
    ok(&ws, here, &["print", "recommendation", "107.12"]);
    assert!(pdf_text(&here.join("recommendation-107.12.pdf")).contains("Recommendation 107.12"));
    ok(&ws, here, &["print", "plan", "--org", "MOJHA"]);
    assert!(pdf_text(&here.join("plan-MOJHA.pdf")).contains("Action plan of MOJHA"));
    ok(&ws, here, &["print", "pack"]);
    assert!(pdf_text(&here.join("meeting-pack.pdf")).contains("Annual meeting pack"));
}

#[test]
fn a_bad_request_says_why_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let here = tmp.path();
    ok(&ws, here, &["demo"]);
    let before: Vec<_> = std::fs::read_dir(here).unwrap().collect();

    let out = accord(&ws, here, &["print", "plan", "--org", "NOPE"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("organisation not found: NOPE"));

    let out = accord(&ws, here, &["print", "recommendation", "999.999"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("999.999"));

    let out = accord(&ws, here, &["print", "pack", "--out", "missing/pack.pdf"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("missing") && err.contains("does not exist"),
        "{err}"
    );

    let out = accord(&ws, here, &["print", "pack", "--lang", "fr"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("'fr' is not one of: en, mn"));

    let after: Vec<_> = std::fs::read_dir(here).unwrap().collect();
    assert_eq!(before.len(), after.len(), "no file was left behind");
}
