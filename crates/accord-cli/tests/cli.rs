//! The `accord` command end to end, on temporary workspaces, as a user or a
//! script would run it.

use std::path::Path;

mod common;
use common::{accord, json, ok};

/// Runs a command that must fail; returns its one-line reason.
fn fails(ws: &Path, args: &[&str]) -> String {
    let out = accord(ws, args);
    assert!(!out.status.success(), "accord {args:?} succeeded");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "accord {args:?} panicked: {err}");
    assert!(err.starts_with("accord: "), "{err}");
    err
}

#[test]
fn a_coordinator_builds_and_follows_up_a_tracker_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    ok(
        &ws,
        &[
            "init",
            "--org",
            "Ministry of Justice and Home Affairs",
            "--short",
            "MOJHA",
            "--kind",
            "government",
            "--person",
            "Saraa",
        ],
    );
    fails(
        &ws,
        &[
            "init",
            "--org",
            "Again",
            "--kind",
            "government",
            "--person",
            "X",
        ],
    );
    ok(
        &ws,
        &[
            "org",
            "add",
            "--short",
            "NHRCM",
            "--name",
            "National Human Rights Commission",
            "--kind",
            "nhri",
        ],
    );
    ok(
        &ws,
        &[
            "org",
            "add",
            "--short",
            "MLSP",
            "--name",
            "Ministry of Labour and Social Protection",
            "--kind",
            "government",
        ],
    );
    ok(&ws, &["person", "add", "--name", "Bold", "--org", "NHRCM"]);
    let orgs = json(&ws, &["org", "list"]);
    assert_eq!(orgs.as_array().unwrap().len(), 3);

    // Import: preview, then for real, then again (nothing added).
    let csv = tmp.path().join("recs.csv");
    std::fs::write(&csv, include_str!("../../../tests/fixtures/small.csv")).unwrap();
    // The fixture names organisations this workspace lacks.
    let err = fails(&ws, &["import", csv.to_str().unwrap()]);
    assert!(
        err.contains("no organisation with the short name 'MFA'"),
        "{err}"
    );
    ok(
        &ws,
        &[
            "org",
            "add",
            "--short",
            "MFA",
            "--name",
            "Ministry of Foreign Affairs",
            "--kind",
            "government",
        ],
    );
    let preview = ok(&ws, &["import", "--dry-run", csv.to_str().unwrap()]);
    assert!(
        preview.contains("would import 4 row(s): 4 new"),
        "{preview}"
    );
    assert_eq!(json(&ws, &["list"])["total"], 0, "a dry run imported");
    ok(&ws, &["import", csv.to_str().unwrap()]);
    let again = ok(&ws, &["import", csv.to_str().unwrap()]);
    assert!(again.contains("0 new, 0 updated, 4 unchanged"), "{again}");

    // Filters and search in both languages.
    assert_eq!(json(&ws, &["list"])["total"], 4);
    assert_eq!(json(&ws, &["list", "--mechanism", "treaty"])["total"], 1);
    assert_eq!(
        json(&ws, &["list", "--response", "noted"])["items"][0]["code"],
        "108.1"
    );
    assert_eq!(json(&ws, &["list", "--search", "tortur"])["total"], 2);
    assert_eq!(
        json(&ws, &["list", "--search", "хүчирхийлл"])["items"][0]["code"],
        "107.2"
    );
    assert_eq!(json(&ws, &["list", "--org", "MLSP"])["total"], 1);
    assert_eq!(
        json(&ws, &["list", "--sdg", "16.3", "--cycle", "2"])["total"],
        1
    );
    let err = fails(&ws, &["list", "--response", "approved"]);
    assert!(err.contains("response: 'approved' is not one of"), "{err}");

    // The plan, an indicator with a measurement, an assessment, a comment.
    ok(
        &ws,
        &[
            "plan",
            "add",
            "107.2",
            "--outcome",
            "Shelters in every aimag",
        ],
    );
    let act = json(
        &ws,
        &[
            "activity",
            "add",
            "107.2",
            "--title",
            "Open shelters",
            "--lead",
            "MLSP",
            "--start",
            "2024-01-01",
            "--end",
            "2024-12-31",
            "--status",
            "ongoing",
        ],
    );
    let ind = json(
        &ws,
        &[
            "indicator",
            "add",
            "107.2",
            "--title",
            "Shelters operating",
            "--type",
            "outcome",
            "--unit",
            "shelters",
            "--baseline",
            "3",
            "--baseline-date",
            "2015-12-31",
            "--target",
            "21",
        ],
    );
    let ind_id = ind["id"].as_str().unwrap();
    ok(
        &ws,
        &[
            "measure",
            &ind_id[..8],
            "--period",
            "2024",
            "--value",
            "9",
            "--by",
            "region:urban=6",
            "--by",
            "region:rural=3",
        ],
    );
    let err = fails(
        &ws,
        &["measure", ind_id, "--period", "2024-Q5", "--value", "1"],
    );
    assert!(err.contains("period: '2024-Q5' is not a period"), "{err}");
    ok(
        &ws,
        &[
            "assess",
            "107.2",
            "--level",
            "in-progress",
            "--date",
            "2025-11-15",
            "--evidence",
            "Two shelters opened",
        ],
    );
    ok(
        &ws,
        &[
            "comment",
            "107.2",
            "--text",
            "Reported at the annual review",
        ],
    );
    let shown = ok(&ws, &["show", "107.2"]);
    for expected in [
        "Open shelters",
        "OVERDUE",
        "Shelters operating",
        "2024: 9",
        "in-progress",
        "Two shelters opened",
        "Reported at the annual review",
    ] {
        assert!(shown.contains(expected), "show lacks {expected}: {shown}");
    }
    // An empty value clears an optional field.
    let act_id = act["id"].as_str().unwrap();
    ok(&ws, &["edit", act_id, "budget_note=", "start="]);
    let acts = json(&ws, &["activity", "list"]);
    assert_eq!(acts[0]["start"], serde_json::Value::Null, "{acts}");
    assert_eq!(acts[0]["end"], "2024-12-31");
    let overdue = json(&ws, &["activity", "list", "--overdue"]);
    assert_eq!(overdue[0]["id"], act["id"]);

    // Meetings and decisions.
    let m = json(
        &ws,
        &[
            "meeting",
            "add",
            "--kind",
            "annual-review",
            "--title",
            "Annual review 2025",
            "--date",
            "2025-12-10",
            "--participant",
            "MOJHA",
            "--participant",
            "NHRCM",
            "--agenda",
            "Overview",
        ],
    );
    ok(
        &ws,
        &[
            "decision",
            "add",
            m["id"].as_str().unwrap(),
            "--text",
            "Fund shelters",
            "--rec",
            "107.2",
            "--responsible",
            "MLSP",
            "--due",
            "2026-06-30",
        ],
    );
    assert!(ok(&ws, &["show", "107.2"]).contains("Fund shelters"));

    // Vocabularies, sources and clusters are edited too.
    ok(
        &ws,
        &[
            "vocab",
            "add",
            "theme",
            "--code",
            "prisons",
            "--label",
            "Prison conditions",
        ],
    );
    assert!(
        fails(
            &ws,
            &[
                "vocab", "add", "theme", "--code", "prisons", "--label", "Again"
            ]
        )
        .contains("already")
    );
    let themes = json(&ws, &["vocab", "list", "theme"]);
    assert!(
        themes
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["code"] == "prisons")
    );
    ok(
        &ws,
        &[
            "rec",
            "add-source",
            "--mechanism",
            "special",
            "--body",
            "Special Rapporteur on torture",
            "--document",
            "A/HRC/55/52/Add.1",
        ],
    );
    ok(
        &ws,
        &[
            "rec",
            "add",
            "--code",
            "SR 12",
            "--document",
            "A/HRC/55/52/Add.1",
            "--text-en",
            "Close the isolation cells.",
            "--theme",
            "prisons",
        ],
    );
    ok(
        &ws,
        &[
            "rec",
            "add-cluster",
            "--slug",
            "detention",
            "--title",
            "Conditions of detention",
        ],
    );
    ok(&ws, &["edit", "SR 12", "cluster=detention"]);
    assert_eq!(
        json(&ws, &["list", "--cluster", "detention"])["items"][0]["code"],
        "SR 12"
    );
    assert_eq!(
        json(
            &ws,
            &["list", "--mechanism", "special", "--theme", "prisons"]
        )["total"],
        1
    );

    // Generic edits, archive and restore, history.
    ok(
        &ws,
        &[
            "edit",
            "107.1",
            "response=supported-in-part",
            "states=Denmark;Chile",
        ],
    );
    let r = json(&ws, &["show", "107.1"]);
    assert_eq!(r["recommendation"]["response"], "supported-in-part");
    assert_eq!(
        r["recommendation"]["states"],
        serde_json::json!(["Denmark", "Chile"])
    );
    ok(&ws, &["archive", "108.1"]);
    assert_eq!(json(&ws, &["list"])["total"], 4);
    assert_eq!(json(&ws, &["list", "--archived"])["total"], 1);
    ok(&ws, &["restore", "108.1"]);
    let history = json(&ws, &["history", "107.1"]);
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["fields"] == serde_json::json!(["response", "states"]))
    );

    // Export is stable; check is clean, and a rebuild keeps it so.
    let dump = tmp.path().join("dump.json");
    ok(&ws, &["--json", "export", dump.to_str().unwrap()]);
    let first = std::fs::read_to_string(&dump).unwrap();
    assert_eq!(ok(&ws, &["--json", "export", "-"]), first);
    assert!(!first.contains("device.key") && first.contains("\"format\": \"accord-export\""));
    let err = fails(&ws, &["export", "-"]);
    assert!(err.contains("accord export --json"), "{err}");
    assert!(ok(&ws, &["check"]).contains("the working copy is sound"));
    ok(&ws, &["check", "--rebuild"]);
    assert_eq!(ok(&ws, &["--json", "export", "-"]), first);
    assert_eq!(json(&ws, &["conflicts"]), serde_json::json!([]));
}

#[test]
fn errors_are_one_line_reasons_and_never_panics() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("nothing-here");
    let err = fails(&ws, &["list"]);
    assert!(
        err.contains("accord init") && err.contains("accord demo"),
        "{err}"
    );
    ok(
        &ws,
        &[
            "init",
            "--org",
            "National Human Rights Forum",
            "--short",
            "NGOF",
            "--kind",
            "ngo",
            "--person",
            "Tuya",
        ],
    );
    for (args, expected) in [
        (vec!["show", "999.9"], "recommendation not found: 999.9"),
        (
            vec![
                "assess",
                "999.9",
                "--level",
                "regressed",
                "--evidence",
                "Seen",
            ],
            "not found",
        ),
        (
            vec![
                "org", "add", "--short", "X Y", "--name", "Bad", "--kind", "ngo",
            ],
            "must be one word",
        ),
        (
            vec![
                "org", "add", "--short", "X", "--name", "Bad", "--kind", "club",
            ],
            "kind: 'club' is not one of",
        ),
        (
            vec!["import", "/no/such/file.csv"],
            "cannot open /no/such/file.csv",
        ),
        (vec!["edit", "ffffffff", "a=b"], "not found"),
        (
            vec!["resolve", "nothing", "field", "--pick", "1"],
            "not found",
        ),
        (vec!["list", "--level", "NGOF"], "--level takes ORG=LEVEL"),
        (
            vec!["list", "--sdg", "42.1"],
            "is not an SDG goal or target",
        ),
    ] {
        let err = fails(&ws, &args);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
    }
    // A usage error goes through clap, with its own help.
    let out = accord(&ws, &["list", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_demo_is_built_in_and_shows_every_organisations_voice() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("demo");
    ok(&ws, &["demo"]);
    // Running it again opens it instead of failing.
    assert!(ok(&ws, &["demo"]).contains("the demo workspace is at"));
    let all = json(&ws, &["list", "--limit", "1"]);
    let total = all["total"].as_u64().unwrap();
    assert!((190..=220).contains(&total), "{total}");
    let upr = json(&ws, &["list", "--mechanism", "upr", "--limit", "1"])["total"]
        .as_u64()
        .unwrap();
    let supported = json(
        &ws,
        &[
            "list",
            "--mechanism",
            "upr",
            "--response",
            "supported",
            "--limit",
            "1",
        ],
    )["total"]
        .as_u64()
        .unwrap();
    assert_eq!((upr, supported), (164, 150));
    for body in ["cat", "cedaw", "crc"] {
        assert!(
            json(&ws, &["list", "--body", body, "--limit", "1"])["total"]
                .as_u64()
                .unwrap()
                >= 5,
            "{body}"
        );
    }
    // Government, NHRCM and NGO Forum disagree somewhere.
    let shown = json(&ws, &["show", "107.20"]);
    let orgs: Vec<&str> = shown["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["org"]["short"].as_str().unwrap())
        .collect();
    assert_eq!(orgs.len(), 3, "{orgs:?}");
    let regressed = json(
        &ws,
        &["list", "--level", "HRNGOF=regressed", "--limit", "1"],
    )["total"]
        .as_u64()
        .unwrap();
    let gov_full = json(
        &ws,
        &["list", "--level", "MOJHA=fully-implemented", "--limit", "1"],
    )["total"]
        .as_u64()
        .unwrap();
    assert!(regressed > 0 && gov_full > 0, "{regressed} {gov_full}");
    assert!(
        !json(&ws, &["activity", "list", "--overdue"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let meetings = json(&ws, &["meeting", "list"]);
    assert_eq!(meetings["meetings"][0]["kind"], "annual-review");
    assert!(meetings["decisions"].as_array().unwrap().len() >= 3);
    let text = ok(&ws, &["list", "--limit", "3"]);
    assert!(
        text.contains("107.1*") && text.contains("* illustrative text"),
        "{text}"
    );
    let mn = ok(&ws, &["list", "--limit", "3", "--lang", "mn"]);
    assert!(mn.chars().any(|c| ('а'..='я').contains(&c)), "{mn}");
    assert!(ok(&ws, &["check"]).contains("sound"));
}
