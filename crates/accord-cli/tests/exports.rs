//! `accord export --csv DIR` and `--xlsx FILE` on the demo workspace, read
//! back with a CSV reader and an XLSX reader and checked against the JSON
//! dump of the same working copy.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output};

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value as Json;

fn accord(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .arg("--workspace")
        .arg(ws)
        .args(args)
        .env_remove("ACCORD_WORKSPACE")
        .output()
        .expect("the accord binary runs")
}

/// Runs a command that must succeed; returns its standard output and error.
fn ok(ws: &Path, args: &[&str]) -> (String, String) {
    let out = accord(ws, args);
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).expect("UTF-8 output"),
        String::from_utf8(out.stderr).expect("UTF-8 errors"),
    );
    assert!(
        out.status.success(),
        "accord {args:?} failed: {stdout}{stderr}"
    );
    (stdout, stderr)
}

/// Runs a command that must fail; returns what it said.
fn fails(ws: &Path, args: &[&str]) -> String {
    let out = accord(ws, args);
    assert!(!out.status.success(), "accord {args:?} succeeded");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("panicked"), "accord {args:?} panicked: {err}");
    err
}

const TABLES: [(&str, &str); 4] = [
    ("recommendations", "recommendation"),
    ("indicators", "indicator"),
    ("measurements", "measurement"),
    ("activities", "activity"),
];

/// A table as its header and rows of texts.
type Sheet = Vec<Vec<String>>;

fn read_csv(path: &Path) -> Sheet {
    let bytes = std::fs::read(path).unwrap();
    let bom = "\u{feff}".as_bytes();
    assert!(bytes.starts_with(bom), "{} has no BOM", path.display());
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[bom.len()..])
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// The worksheet's cells as CSV writes them: numbers without a trailing
/// ".0", texts that a spreadsheet would run as formulas behind a quote.
fn read_sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Sheet {
    let range = wb.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => {
                        format!("'{s}")
                    }
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Empty => String::new(),
                    other => panic!("unexpected cell in {name}: {other:?}"),
                })
                .collect()
        })
        .collect()
}

fn column(sheet: &Sheet, name: &str) -> usize {
    sheet[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// Records of a kind in the dump that are not archived.
fn live<'a>(dump: &'a Json, kind: &str) -> Vec<&'a Json> {
    dump["records"][kind]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["archived"] != true)
        .collect()
}

#[test]
fn csv_and_xlsx_hold_the_working_copy_cell_for_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    ok(&ws, &["demo"]);
    // An archived recommendation must be left out of the tables.
    ok(&ws, &["archive", "107.1"]);
    let dir = tmp.path().join("tables");
    let book = tmp.path().join("tracker.xlsx");
    let (_, told) = ok(&ws, &["export", "--csv", dir.to_str().unwrap()]);
    let (_, told_xlsx) = ok(&ws, &["export", "--xlsx", book.to_str().unwrap()]);
    let dump: Json = serde_json::from_str(&ok(&ws, &["--json", "export", "-"]).0).unwrap();

    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    assert_eq!(wb.sheet_names(), TABLES.map(|(t, _)| t.to_string()));
    let mut csvs = HashMap::new();
    for (table, kind) in TABLES {
        let path = dir.join(format!("{table}.csv"));
        let from_csv = read_csv(&path);
        let from_xlsx = read_sheet(&mut wb, table);
        let count = live(&dump, kind).len();
        assert!(count > 0, "the demo has {kind} records");
        assert_eq!(from_csv.len() - 1, count, "{table}: one row per record");
        assert!(
            told.contains(&format!("{} ({count} rows)", path.display())),
            "{told}"
        );
        assert!(
            told_xlsx.contains(&format!("{table}: {count} rows")),
            "{told_xlsx}"
        );
        // The header fills every column, so the sheet's range is the
        // whole table and rows compare whole.
        assert_eq!(from_csv, from_xlsx, "{table}: CSV and XLSX differ");
        csvs.insert(table, from_csv);
    }

    // Recommendations: codes, texts (Cyrillic intact), and every
    // organisation's current level where the dump says it is.
    let recs = &csvs["recommendations"];
    let orgs: HashMap<&str, &str> = live(&dump, "organisation")
        .iter()
        .map(|o| (o["id"].as_str().unwrap(), o["short"].as_str().unwrap()))
        .collect();
    let row_of: HashMap<&str, &Vec<String>> =
        recs[1..].iter().map(|r| (r[0].as_str(), r)).collect();
    assert!(
        !row_of.contains_key("107.1"),
        "the archived recommendation is exported"
    );
    let (text_en, text_mn) = (column(recs, "text (en)"), column(recs, "text (mn)"));
    let mut by_id = HashMap::new();
    for r in live(&dump, "recommendation") {
        let code = r["code"].as_str().unwrap();
        let row = row_of[code];
        assert_eq!(row[text_mn], r["text_mn"].as_str().unwrap(), "{code}");
        assert_eq!(row[text_en], r["text_en"].as_str().unwrap(), "{code}");
        by_id.insert(r["id"].as_str().unwrap(), code);
    }
    assert!(
        row_of["107.33"][text_mn]
            .chars()
            .any(|c| ('а'..='я').contains(&c))
    );
    // The newest assessment of each organisation is its current view.
    let mut newest: HashMap<(&str, &str), (&str, &str, &str)> = HashMap::new();
    for a in live(&dump, "assessment") {
        let key = (
            a["recommendation"].as_str().unwrap(),
            a["org"].as_str().unwrap(),
        );
        let value = (
            a["date"].as_str().unwrap(),
            a["id"].as_str().unwrap(),
            a["level"].as_str().unwrap(),
        );
        let e = newest.entry(key).or_insert(value);
        *e = (*e).max(value);
    }
    let mut checked = 0;
    for ((rec, org), (date, _, level)) in &newest {
        let (Some(code), Some(short)) = (by_id.get(rec), orgs.get(org)) else {
            continue;
        };
        let row = row_of[code];
        assert_eq!(
            row[column(recs, &format!("{short} level"))],
            *level,
            "{code} {short}"
        );
        assert_eq!(
            row[column(recs, &format!("{short} date"))],
            *date,
            "{code} {short}"
        );
        checked += 1;
    }
    assert!(checked > 100, "only {checked} assessments checked");
    let levels: usize = recs[0].iter().filter(|h| h.ends_with(" level")).count();
    assert_eq!(levels, orgs.len(), "three columns for every organisation");

    // Measurements: values are numbers in the workbook, the dump's values.
    let range = wb.worksheet_range("measurements").unwrap();
    let value = column(&csvs["measurements"], "value");
    let mut from_book: Vec<f64> = range
        .rows()
        .skip(1)
        .map(|r| match r[value] {
            Data::Float(f) => f,
            ref other => panic!("a value that is not a number: {other:?}"),
        })
        .collect();
    let mut from_dump: Vec<f64> = live(&dump, "measurement")
        .iter()
        .map(|m| m["value"].as_f64().unwrap())
        .collect();
    from_book.sort_by(f64::total_cmp);
    from_dump.sort_by(f64::total_cmp);
    assert_eq!(from_book, from_dump);

    // Activities and indicators name the recommendations they serve.
    let acts = &csvs["activities"];
    let rec_col = column(acts, "recommendation");
    assert!(acts[1..].iter().all(|r| {
        r[rec_col]
            .split("; ")
            .all(|c| c.is_empty() || row_of.contains_key(c))
    }));
    let inds = &csvs["indicators"];
    assert!(
        inds[1..]
            .iter()
            .any(|r| !r[column(inds, "recommendations")].is_empty())
    );
}

#[test]
fn the_export_subcommand_says_how_to_choose_a_format() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    ok(&ws, &["demo"]);
    let err = fails(&ws, &["export"]);
    assert!(
        err.starts_with("accord: choose the format")
            && err.contains("--csv DIR")
            && err.contains("--xlsx FILE.xlsx")
            && err.contains("--json FILE"),
        "{err}"
    );
    let err = fails(&ws, &["export", "--csv", "a", "--xlsx", "b.xlsx"]);
    assert!(err.contains("cannot be used with"), "{err}");
    let err = fails(&ws, &["--json", "export", "dump.json", "--csv", "a"]);
    assert!(err.contains("cannot be used with"), "{err}");
    // With --json, the tables are written and what was written is told on
    // standard output too.
    let dir = tmp.path().join("t");
    let (out, _) = ok(&ws, &["--json", "export", "--csv", dir.to_str().unwrap()]);
    let told: Json = serde_json::from_str(&out).unwrap();
    assert_eq!(told["tables"].as_array().unwrap().len(), 4);
    assert_eq!(told["tables"][0]["table"], "recommendations");
}

#[test]
fn an_export_that_cannot_be_written_fails_clearly_and_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    ok(&ws, &["demo"]);
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();

    let book = out.join("missing").join("tracker.xlsx");
    let err = fails(&ws, &["export", "--xlsx", book.to_str().unwrap()]);
    assert!(
        err.starts_with(&format!("accord: cannot write {}", book.display()))
            && err.contains("does not exist"),
        "{err}"
    );
    // A file where the folder should be: not even the folder is made.
    let file = out.join("file");
    std::fs::write(&file, "keep").unwrap();
    let err = fails(
        &ws,
        &["export", "--csv", file.join("tables").to_str().unwrap()],
    );
    assert!(
        err.contains("a file stands where a folder is needed"),
        "{err}"
    );
    // A folder where the workbook should be stays as it was.
    let taken = out.join("taken.xlsx");
    std::fs::create_dir(&taken).unwrap();
    let err = fails(&ws, &["export", "--xlsx", taken.to_str().unwrap()]);
    assert!(err.contains("a folder has that name"), "{err}");

    let mut left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(left, ["file", "taken.xlsx"], "a partial file was left");
    assert_eq!(std::fs::read_dir(&taken).unwrap().count(), 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
}

#[test]
fn a_workbook_in_mongolian_has_mongolian_sheets_headers_and_values() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    ok(&ws, &["demo"]);
    let book = tmp.path().join("tracker-mn.xlsx");
    ok(
        &ws,
        &["export", "--xlsx", book.to_str().unwrap(), "--lang", "mn"],
    );
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Зөвлөмжүүд",
            "Шалгуур үзүүлэлтүүд",
            "Хэмжилтүүд",
            "Үйл ажиллагаа"
        ]
    );
    let recs = read_sheet(&mut wb, "Зөвлөмжүүд");
    assert_eq!(recs[0][0], "Дугаар");
    let response = column(&recs, "Улсын хариу");
    let responses: Vec<&str> = recs[1..].iter().map(|r| r[response].as_str()).collect();
    assert!(responses.contains(&"Дэмжсэн"), "{:?}", &responses[..5]);
    assert!(!responses.contains(&"supported"), "a value left in English");
    let acts = read_sheet(&mut wb, "Үйл ажиллагаа");
    let overdue = column(&acts, "Хугацаа хэтэрсэн");
    assert!(
        acts[1..]
            .iter()
            .all(|r| r[overdue] == "тийм" || r[overdue] == "үгүй")
    );
    assert!(fails(&ws, &["export", "--xlsx", "x.xlsx", "--lang", "fr"]).contains("fr"));
}

#[test]
fn the_list_keeps_where_organisations_disagree() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    ok(&ws, &["demo"]);
    let count = |extra: &[&str]| {
        let mut args = vec!["--json", "list", "--limit", "10000"];
        args.extend(extra);
        let page: Json = serde_json::from_str(&ok(&ws, &args).0).unwrap();
        page["total"].as_u64().unwrap()
    };
    let all = count(&[]);
    let disagree = count(&["--disagree"]);
    assert!(disagree > 0 && disagree < all, "{disagree} of {all}");
}
