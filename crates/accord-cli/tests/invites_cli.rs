//! Invites from the command line: a proposed passphrase when none is given,
//! weak ones refused with nothing written, listing and cancelling.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn command(ws: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_accord"));
    c.arg("--workspace")
        .arg(ws)
        .args(args)
        .env_remove("ACCORD_WORKSPACE")
        .env_remove("ACCORD_PASSPHRASE")
        .stdin(Stdio::null());
    c
}

fn run(ws: &Path, args: &[&str], passphrase: Option<&str>) -> Output {
    let mut c = command(ws, args);
    if let Some(p) = passphrase {
        c.env("ACCORD_PASSPHRASE", p);
    }
    c.output().expect("the accord binary runs")
}

fn ok(ws: &Path, args: &[&str], passphrase: Option<&str>) -> String {
    let out = run(ws, args, passphrase);
    assert!(
        out.status.success(),
        "accord {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn failed(ws: &Path, args: &[&str], passphrase: Option<&str>) -> String {
    let out = run(ws, args, passphrase);
    assert!(!out.status.success(), "accord {args:?} succeeded");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("accord: ") && !err.contains("panicked"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    err
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn invites_are_proposed_checked_listed_and_cancelled() {
    let tmp = tempfile::tempdir().unwrap();
    let gov = tmp.path().join("gov");
    ok(&gov, &["demo"], None);

    // No passphrase given and no terminal: Accord proposes one and says it.
    let file = tmp.path().join("forum.invite");
    let out = ok(
        &gov,
        &["invite", "--org", "HRNGOF", "--out", p(&file)],
        None,
    );
    let passphrase = out
        .lines()
        .find_map(|l| l.strip_prefix("passphrase: "))
        .unwrap_or_else(|| panic!("no passphrase printed: {out}"))
        .to_owned();
    assert_eq!(passphrase.split('-').count(), 6, "{passphrase}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the invite file is readable by others: {mode:o}"
        );
    }

    // A weak passphrase: refused, no file, no new organisation.
    let weak = tmp.path().join("weak.invite");
    let args = [
        "invite",
        "--org",
        "KHUVSGUL",
        "--kind",
        "ngo",
        "--out",
        p(&weak),
    ];
    let err = failed(&gov, &args, Some("mongolia2024"));
    assert!(err.contains("guess"), "{err}");
    assert!(!weak.exists());
    assert!(!ok(&gov, &["org", "list"], None).contains("KHUVSGUL"));
    let err = failed(
        &gov,
        &["invite", "--org", "NHRCM", "--out", p(&weak), "--days", "0"],
        None,
    );
    assert!(err.contains("1 to 90 days"), "{err}");

    // Listed open; cancelled; listed cancelled; a second cancel explains.
    let list: Value =
        serde_json::from_str(&ok(&gov, &["--json", "invite", "--list"], None)).unwrap();
    let invites = list.as_array().unwrap();
    assert_eq!(invites.len(), 1, "{list}");
    assert_eq!(invites[0]["state"]["state"], "open");
    assert_eq!(invites[0]["org_short"], "HRNGOF");
    let id = invites[0]["id"].as_str().unwrap()[..10].to_owned();
    ok(&gov, &["invite", "--cancel", &id], None);
    let table = ok(&gov, &["invite", "--list"], None);
    assert!(table.contains("cancelled"), "{table}");
    let err = failed(&gov, &["invite", "--cancel", &id], None);
    assert!(err.contains("cancelled already"), "{err}");

    // The proposed passphrase opens the invite it protects.
    let ngo = tmp.path().join("ngo");
    let out = ok(
        &ngo,
        &["join", p(&file), "--person", "Tsetseg"],
        Some(&passphrase),
    );
    assert!(out.contains("joined as Tsetseg of HRNGOF"), "{out}");
}
