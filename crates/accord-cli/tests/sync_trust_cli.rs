//! Trust from the command line: what an organisation keeps internal stays
//! with its devices until published, a coordinator counts what a
//! revocation held out, and junk in a folder is summed up safely.

mod common;
use common::*;

/// An NGO device's internal comment and draft stay on the NGO's devices
/// until it publishes one; the coordinator's `show` and export never hold
/// them, and taking a published comment back is refused with the reason.
#[test]
fn internal_comments_and_drafts_stay_with_their_organisation_until_published() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, folder) = demo_and_folder(tmp.path());
    join_admitted(&a, "HRNGOF", &b, "Tuya", &folder);
    let code = rec_code(&b, 0);
    let internal = "Witness T. asked not to be named";
    let draft = "Draft: rate as regressed once the report is out";
    ok(
        &b,
        &[
            "comment",
            &code,
            "--text",
            internal,
            "--visibility",
            "internal",
        ],
    );
    let made = json(&b, &["comment", &code, "--text", draft, "--draft"]);
    let draft_id = made["id"].as_str().unwrap().to_owned();
    let shown = ok(&b, &["show", &code]);
    assert!(
        shown.contains(internal) && shown.contains("internal: this organisation's devices only"),
        "{shown}"
    );
    let report = sync(&b, &folder);
    assert!(count(&report["sealed"]) > 0, "{report}");
    sync(&a, &folder);
    for secret in [internal, draft] {
        assert!(!ok(&a, &["show", &code]).contains(secret));
        assert!(!ok(&a, &["--json", "export", "-"]).contains(secret));
    }

    ok(&b, &["comment", "--publish", &draft_id[..8]]);
    sync(&b, &folder);
    sync(&a, &folder);
    assert!(ok(&a, &["show", &code]).contains(draft));
    assert!(!ok(&a, &["show", &code]).contains(internal));
    let again = ["comment", "--publish", &draft_id[..8]];
    let err = failed(&again, accord(&b, &again));
    assert!(err.contains("published already"), "{err}");
    let back = ["edit", &draft_id[..8], "visibility=internal"];
    let err = failed(&back, accord(&b, &back));
    assert!(
        err.contains("cannot become a draft or internal again"),
        "{err}"
    );
    assert_sound(&a);
    assert_sound(&b);
}

/// The coordinator revokes a device that goes on working before it hears
/// of it; what it wrote afterwards is held out, listed with the device, and
/// counts once the coordinator adopts it.
#[test]
fn a_coordinator_adopts_what_a_revocation_held_out() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, folder) = demo_and_folder(tmp.path());
    let id = invite_and_join(&a, "HRNGOF", &b, "Tuya");
    sync(&b, &folder);
    sync(&a, &folder);
    sync(&b, &folder);
    let key = device_key(&a, &id).expect("admitted");
    let code = rec_code(&b, 0);
    ok(&a, &["revoke", &key[..12]]);
    sync(&a, &folder);
    let late = "Written before hearing of the revocation";
    ok(&b, &["comment", &code, "--text", late]);
    sync(&b, &folder);
    let report = sync(&a, &folder);
    assert!(count(&report["held_out"]) >= 1, "{report}");
    assert!(!ok(&a, &["show", &code]).contains(late));
    let listed = ok(&a, &["device", "list"]);
    assert!(listed.contains("change(s) held out"), "{listed}");

    let done = ok(&a, &["revoke", &key[..12], "--adopt"]);
    assert!(done.contains("count now"), "{done}");
    assert!(ok(&a, &["show", &code]).contains(late));
    let again = ["revoke", &key[..12], "--adopt"];
    let err = failed(&again, accord(&a, &again));
    assert!(
        err.contains("none of this device's work is held out"),
        "{err}"
    );
    assert_sound(&a);
}

/// Thousands of junk files in a folder: the sync says so in a line a
/// reason, and a file name holding a terminal escape is printed escaped.
#[test]
fn junk_in_the_folder_is_summed_up_and_names_are_printed_safely() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, _, folder) = demo_and_folder(tmp.path());
    let devices = std::fs::read_dir(folder.join("accord"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
        .join("devices");
    let junk = devices.join("c".repeat(64));
    std::fs::create_dir_all(&junk).unwrap();
    for i in 0..2000 {
        std::fs::write(junk.join(format!("notes-{i}.txt")), "minutes").unwrap();
    }
    // Alone of its kind, so it is the one named.
    std::fs::create_dir_all(devices.join("\u{1b}[31mred")).unwrap();
    let out = ok(&a, &["sync", p(&folder)]);
    assert!(out.lines().count() < 15, "{out}");
    assert!(
        out.contains("skipped 2000 files (not an Accord file)"),
        "{out}"
    );
    assert!(
        !out.contains('\u{1b}'),
        "a raw escape reached the terminal: {out:?}"
    );
    assert!(out.contains("\\u{1b}[31mred"), "{out}");
}
