//! Bad input gives an error that says what is wrong, and changes nothing.

use accord_core::{Error, Workspace};
use accord_scenarios::*;

fn import(ws: &mut Workspace, csv: &str) -> Error {
    ws.import_reader("bad.csv", csv.as_bytes(), false)
        .unwrap_err()
}

#[test]
fn malformed_csv_is_refused_with_row_numbers_and_nothing_imported() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(tmp.path());
    let before = export(&ws);
    // Every column but the last, which these rows leave out.
    let columns = accord_core::import::COLUMNS;
    let header = columns[..columns.len() - 1].join(",");

    // Unknown organisation, invalid date, a value outside the closed list,
    // and a row with too few cells: all reported, by line, at once.
    let csv = format!(
        "{header}\n\
         9.1,upr,,2,22,A/HRC/30/6,2015-07-13,Text,,en,,supported,,,,,,NOPE,\n\
         9.2,upr,,2,22,A/HRC/99/1,2015-02-30,Text,,en,,supported,,,,,,,\n\
         9.3,upr,,2,22,A/HRC/30/6,2015-07-13,Text,,en,,maybe,,,,,,,\n\
         9.4,upr,,2\n"
    );
    let err = import(&mut ws, &csv);
    let msg = err.to_string();
    assert_eq!(err.kind(), "import");
    assert!(msg.contains("4 problem(s)"), "{msg}");
    assert!(
        msg.contains("line 2: lead_organisations: no organisation with the short name 'NOPE'"),
        "{msg}"
    );
    assert!(
        msg.contains("line 3: date: '2015-02-30' is not a date"),
        "{msg}"
    );
    assert!(
        msg.contains(
            "line 4: response: 'maybe' is not one of: supported, supported-in-part, noted, pending"
        ),
        "{msg}"
    );
    assert!(msg.contains("line 5:"), "{msg}");
    assert_eq!(export(&ws), before);

    // Codes outside the vocabularies, SDG targets that do not exist.
    let csv = format!(
        "{header}\n\
         9.5,upr,,2,22,A/HRC/30/6,2015-07-13,Text,,en,,supported,,no-such-theme,,,,,\n\
         9.6,upr,,2,22,A/HRC/30/6,2015-07-13,Text,,en,,supported,,,,18.1,,,\n\
         9.7,treaty,xyz,,,XYZ/C/1,2016-01-01,Text,,en,,pending,,,,,,,\n"
    );
    let msg = import(&mut ws, &csv).to_string();
    assert!(
        msg.contains("line 2: themes: 'no-such-theme' is not in the vocabulary"),
        "{msg}"
    );
    assert!(
        msg.contains("line 3: sdg: '18.1' is not an SDG goal or target"),
        "{msg}"
    );
    assert!(
        msg.contains("line 4: body: 'xyz' is not one of: ccpr"),
        "{msg}"
    );
    assert_eq!(export(&ws), before);

    // A header that is not the template's names what is wrong.
    let err = import(&mut ws, "code;mechanism;document\n1;upr;X\n");
    assert!(
        err.to_string()
            .contains("the header does not match the template"),
        "{err}"
    );
    let err = import(&mut ws, "cde,mechanism,document\n");
    assert!(err.to_string().contains("unknown: [\"cde\"]"), "{err}");

    // Not text at all.
    let err = ws
        .import_reader("bin.csv", &[0xff, 0xfe, 0x00, 0x01, b'\n', 0xc3][..], false)
        .unwrap_err();
    assert!(
        matches!(err, Error::Invalid { .. } | Error::Import { .. }),
        "{err}"
    );
    assert_eq!(export(&ws), before);
    assert_clean(&ws);
}

#[test]
fn importing_the_same_file_twice_adds_nothing_and_a_changed_row_updates() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(tmp.path());
    let before = export(&ws);
    let again = ws
        .import_reader("small.csv", SMALL_CSV.as_bytes(), false)
        .unwrap();
    assert_eq!(
        (again.new.len(), again.updated.len(), again.unchanged),
        (0, 0, 4)
    );
    assert_eq!(export(&ws), before);

    let changed = SMALL_CSV.replace(
        "Ratify the Convention on Migrant Workers.",
        "Consider ratifying the Convention on Migrant Workers.",
    );
    let preview = ws
        .import_reader("small.csv", changed.as_bytes(), true)
        .unwrap();
    assert_eq!(preview.updated, ["108.1"]);
    assert_eq!(export(&ws), before, "a dry run wrote something");
    ws.import_reader("small.csv", changed.as_bytes(), false)
        .unwrap();
    let r: accord_core::model::Recommendation =
        ws.store().get(rec_id(&ws, "108.1")).unwrap().unwrap();
    assert_eq!(
        r.text_en,
        "Consider ratifying the Convention on Migrant Workers."
    );

    // A file with fewer columns updates what it has and leaves the rest.
    let partial = "code,mechanism,document,text_en\n108.1,upr,A/HRC/30/6,Ratify the Convention.\n";
    let s = ws
        .import_reader("partial.csv", partial.as_bytes(), false)
        .unwrap();
    assert_eq!(s.updated, ["108.1"]);
    let r: accord_core::model::Recommendation =
        ws.store().get(rec_id(&ws, "108.1")).unwrap().unwrap();
    assert_eq!(r.text_en, "Ratify the Convention.");
    assert_eq!(
        r.response,
        accord_core::model::Response::Noted,
        "a missing column wiped the response"
    );
    assert_eq!(r.states, ["Philippines"]);
    assert!(!r.text_mn.is_empty());
}

#[test]
fn invalid_values_in_edits_name_the_field_and_the_allowed_values() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(tmp.path());
    let rec = rec_id(&ws, "107.1");
    let before = export(&ws);
    let cases = [
        ("response=approved", "response: 'approved' is not one of"),
        ("sdg=16.3;99.1", "sdg: '99.1' is not an SDG goal or target"),
        ("lead=NOBODY", "organisation not found: NOBODY"),
        ("colour=red", "colour: recommendation has no such field"),
        ("code=", "code: is required"),
        ("id=123", "id"),
        ("archived=maybe", "archived: 'maybe' is not yes or no"),
    ];
    for (edit, expected) in cases {
        let err = ws.edit_fields(rec, &[edit.parse().unwrap()]).unwrap_err();
        assert!(err.to_string().contains(expected), "{edit}: {err}");
    }
    assert_eq!(export(&ws), before);
}

#[test]
fn a_damaged_foreign_or_newer_database_is_refused_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ws");
    drop(coordinator(&dir));
    let db = dir.join("accord.sqlite3");

    // Newer schema: refuse, and leave the file as it was.
    {
        let conn = rusqlite_conn(&db);
        conn.execute_batch("PRAGMA user_version = 99").unwrap();
    }
    let bytes = std::fs::read(&db).unwrap();
    let err = Workspace::open(&dir).err().unwrap();
    assert_eq!(err.kind(), "too-new", "{err}");
    assert!(err.to_string().contains("newer version of Accord"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes);

    // Some other program's SQLite database.
    std::fs::remove_file(&db).unwrap();
    rusqlite_conn(&db)
        .execute_batch("CREATE TABLE invoices (n INTEGER)")
        .unwrap();
    let foreign = std::fs::read(&db).unwrap();
    let err = Workspace::open(&dir).err().unwrap();
    assert_eq!(
        std::fs::read(&db).unwrap(),
        foreign,
        "the foreign database was changed"
    );
    assert_eq!(err.kind(), "corrupt", "{err}");
    assert!(err.to_string().contains("some other program"), "{err}");

    // Not a database at all.
    std::fs::remove_file(&db).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("accord.sqlite3{suffix}")));
    }
    std::fs::write(
        &db,
        b"this is not a database, just some text that is long enough to have a header",
    )
    .unwrap();
    let err = Workspace::open(&dir).err().unwrap();
    assert_eq!(err.kind(), "corrupt", "{err}");

    // An Accord working copy cut short (a copy interrupted, a disk fault).
    std::fs::remove_file(&db).unwrap();
    let dir2 = tmp.path().join("ws2");
    drop(coordinator(&dir2));
    let good = std::fs::read(dir2.join("accord.sqlite3")).unwrap();
    std::fs::write(dir2.join("accord.sqlite3"), &good[..good.len() / 3]).unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir2.join(format!("accord.sqlite3{suffix}")));
    }
    match Workspace::open(&dir2) {
        Err(e) => assert!(matches!(e.kind(), "corrupt" | "database"), "{e}"),
        // Opening may succeed when the damage lies past what opening reads;
        // the check then finds it.
        Ok(ws) => match ws.check() {
            Ok(report) => assert!(!report.is_clean(), "a truncated database checked clean"),
            Err(e) => assert!(
                matches!(e.kind(), "corrupt" | "database" | "document"),
                "{e}"
            ),
        },
    }

    // Cut to nothing: named as such, not made again empty.
    let dir4 = tmp.path().join("ws4");
    drop(coordinator(&dir4));
    let db4 = dir4.join("accord.sqlite3");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&db4).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the database is readable by others: {mode:o}"
        );
    }
    std::fs::write(&db4, b"").unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir4.join(format!("accord.sqlite3{suffix}")));
    }
    let err = Workspace::open(&dir4).err().unwrap();
    assert_eq!(err.kind(), "corrupt", "{err}");
    assert!(err.to_string().contains("empty (0 bytes)"), "{err}");
    assert!(
        err.to_string().contains("restore the folder from a backup"),
        "{err}"
    );
    assert_eq!(
        std::fs::metadata(&db4).unwrap().len(),
        0,
        "it was made again"
    );

    // A working copy whose device key was lost says where it comes from.
    let dir3 = tmp.path().join("ws3");
    drop(coordinator(&dir3));
    std::fs::remove_file(dir3.join("device.key")).unwrap();
    let err = Workspace::open(&dir3).err().unwrap();
    assert!(
        err.to_string().contains("restore it from a backup"),
        "{err}"
    );

    // No workspace: said as such; how to make one is each interface's
    // advice (the command line names its commands, the app its buttons).
    let err = Workspace::open(&tmp.path().join("none")).err().unwrap();
    assert!(matches!(err, accord_core::Error::NoWorkspace(_)), "{err}");
    assert!(err.to_string().starts_with("no workspace at "), "{err}");
}

fn rusqlite_conn(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

/// Text that looks like something it is not is refused where it enters,
/// with the character and where it stands; text in decomposed form is kept
/// composed, so that what looks the same is the same.
#[test]
fn invisible_characters_are_refused_and_text_is_kept_composed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(tmp.path());
    let before = export(&ws);
    // Every column but the last, which these rows leave out.
    let columns = accord_core::import::COLUMNS;
    let header = columns[..columns.len() - 1].join(",");

    // A code with a zero-width space looks like 107.1; one with a
    // right-to-left override prints backwards.
    let csv = format!(
        "{header}\n\
         107.\u{200b}1,upr,,2,22,A/HRC/30/6,2015-07-13,Text,,en,,supported,,,,,,,\n\
         9.9\u{202e},upr,,2,22,A/HRC/30/6,2015-07-13,Text,,en,,supported,,,,,,,\n"
    );
    let msg = import(&mut ws, &csv).to_string();
    assert!(
        msg.contains("line 2: code: holds a zero-width character (U+200B) at character 5"),
        "{msg}"
    );
    assert!(
        msg.contains(
            "line 3: code: holds a right-to-left or left-to-right override (U+202E) at character 4"
        ),
        "{msg}"
    );
    assert_eq!(export(&ws), before);

    // The same column twice: which one would count is not guessed.
    let err = import(&mut ws, "code,mechanism,document,code\n1,upr,X,2\n");
    assert!(
        err.to_string()
            .contains("the column code appears twice (columns 1 and 4)"),
        "{err}"
    );
    assert_eq!(export(&ws), before);

    // An edit: a terminal escape in a name.
    let rec = rec_id(&ws, "107.1");
    let err = ws
        .edit_fields(
            rec,
            &[accord_core::workspace::FieldEdit {
                field: "response_source".into(),
                value: "\u{1b}[2Jcleared".into(),
            }],
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("an escape character (U+001B) at character 1"),
        "{err}"
    );
    assert_eq!(export(&ws), before);

    // "Ö" typed as O and a combining diaeresis is kept as one character.
    let decomposed = "O\u{308}lziit";
    ws.edit_fields(
        rec,
        &[accord_core::workspace::FieldEdit {
            field: "response_source".into(),
            value: decomposed.into(),
        }],
    )
    .unwrap();
    let kept = ws
        .store()
        .get::<accord_core::model::Recommendation>(rec)
        .unwrap()
        .unwrap()
        .response_source;
    assert_eq!(kept, "\u{d6}lziit");
    assert_clean(&ws);
}
