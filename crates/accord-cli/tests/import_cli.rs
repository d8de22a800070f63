//! `accord import` on the UN's own files: the format told by the file's
//! contents, labels the vocabularies lack listed with what to do, added as
//! terms when asked or mapped to a term, and importing again adding nothing.

mod common;

use common::*;

fn sample() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/samples/upr-thematic-list-cycle3-slovenia.docx")
        .display()
        .to_string()
}

#[test]
fn a_thematic_list_is_imported_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    init_ministry(&ws);
    let list = sample();

    // The built-in vocabularies know the Index's labels; one term archived
    // makes its label unknown: refused, named, with what to do.
    let terms = json(&ws, &["vocab", "list", "theme"]);
    let term = terms
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "enforced-disappearances")
        .unwrap();
    assert_eq!(term["provisional_mn"], true);
    ok(&ws, &["edit", term["id"].as_str().unwrap(), "archived=yes"]);
    let out = accord(&ws, &["import", "--dry-run", &list]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("'Enforced disappearances' is not in the workspace's vocabulary")
            && err.contains("--add-terms")
            && err.contains("accord vocab map"),
        "{err}"
    );
    // The label mapped to a term the workspace has.
    ok(
        &ws,
        &[
            "vocab",
            "map",
            "theme",
            "--label",
            "Enforced disappearances",
            "--term",
            "justice",
        ],
    );

    let preview = ok(&ws, &["import", "--dry-run", &list]);
    assert!(
        preview.contains(
            "an OHCHR thematic list of A/HRC/43/15, cycle 3, session 34: 215 recommendation(s)"
        ) && preview.contains("would import 215 row(s): 215 new"),
        "{preview}"
    );
    assert_eq!(json(&ws, &["list"])["total"], 0, "a dry run imported");

    let done = json(&ws, &["import", &list]);
    assert_eq!(done["new"].as_array().unwrap().len(), 215);
    assert_eq!(done["new_terms"].as_array().unwrap().len(), 0);
    // The mapped label found its term.
    let justice = json(&ws, &["list", "--theme", "justice"])["total"]
        .as_u64()
        .unwrap();
    assert!(justice >= 3, "{justice}");
    assert_eq!(done["file"]["format"], "thematic-list");
    assert_eq!(json(&ws, &["list", "--cycle", "3"])["total"], 215);
    let again = ok(&ws, &["import", &list]);
    assert!(again.contains("0 new, 0 updated, 215 unchanged"), "{again}");

    // A treaty body's recommendation, singled out for follow-up, beside
    // the UPR cycle: it asks for no response and says when its follow-up
    // information is due; a UPR cycle shows with the other mechanisms.
    let csv = tmp.path().join("cat.csv");
    std::fs::write(
        &csv,
        "code,mechanism,body,document,date,text_en,follow_up_due\n\
         CAT 8(a),treaty,cat,CAT/C/SVN/CO/4,2023-05-12,Ensure that every allegation of torture is investigated.,2024-05-12\n",
    )
    .unwrap();
    ok(&ws, &["import", csv.to_str().unwrap()]);
    let shown = ok(&ws, &["show", "CAT 8(a)"]);
    assert!(
        shown.contains("Follow-up information due: 2024-05-12")
            && shown.contains("Response: none asked"),
        "{shown}"
    );
    assert_eq!(json(&ws, &["list", "--upr-cycle", "3"])["total"], 216);
    assert_eq!(json(&ws, &["list", "--cycle", "3"])["total"], 215);
    assert_eq!(json(&ws, &["list", "--upr-cycle", "2"])["total"], 1);

    // A format given that the file is not in.
    let out = accord(&ws, &["import", "--format", "uhri", &list]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("in the format thematic-list, not uhri"),
        "{err}"
    );
    assert_sound(&ws);
}

#[test]
fn suggestions_are_listed_accepted_and_rejected_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    init_ministry(&ws);
    ok(&ws, &["import", "--add-terms", &sample()]);

    let listed = ok(&ws, &["suggest", "clusters", "--source", "A/HRC/43/15"]);
    assert!(
        listed.contains("% alike") && listed.contains("122.7"),
        "{listed}"
    );
    let found = json(&ws, &["suggest", "clusters"]);
    let first: Vec<String> = found[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_owned())
        .collect();
    let mut args = vec!["suggest", "accept", "clusters"];
    args.extend(first.iter().map(String::as_str));
    ok(&ws, &args);
    let after = json(&ws, &["suggest", "clusters"]);
    assert!(
        after
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["members"][0]["code"] != first[0].as_str()),
        "{after}"
    );
    let second: Vec<String> = after[0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_owned())
        .collect();
    let mut args = vec!["suggest", "reject", "clusters"];
    args.extend(second.iter().map(String::as_str));
    let said = ok(&ws, &args);
    assert!(said.contains("not suggested again"), "{said}");
    // One report alone: nothing earlier to link to.
    let links = ok(&ws, &["suggest", "links"]);
    assert!(links.contains("nothing to suggest"), "{links}");
    // A suggestion of one recommendation is refused with the reason.
    let out = accord(&ws, &["suggest", "accept", "links", "121.1", "121.1"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("two or more different"), "{err}");
    assert_sound(&ws);
}
