//! The Universal Human Rights Index's export (CSV, Excel and the JSON of
//! its data API, with OHCHR's own column spellings) and UPR Info's export,
//! built here as their publishers lay them out, and the template as an
//! Excel workbook: read by content, complete, and again adding nothing.

use accord_core::Workspace;
use accord_core::import::{Format, ImportOptions, ImportSummary};
use accord_core::model::*;
use accord_scenarios::*;

const UHRI_HEADER: [&str; 16] = [
    "Text",
    "Countries Concerned",
    "Reccomending Body",
    "Document Symbol",
    "Themes",
    "Affected Persons",
    "Sdgs",
    "Document Publication Date",
    "UPR Reccomending States",
    "UPR Position",
    "Type",
    "OHCHR Annotation Id",
    "UPR Session",
    "Regions Concerned",
    "Recommending Regions",
    "Date of publication on UHRI",
];

/// Four rows of the Index: a treaty body's recommendation, a UPR one, a
/// special procedure's, and a concern. (Dates as Excel serial numbers.)
fn uhri_rows() -> Vec<[&'static str; 16]> {
    vec![
        [
            "Roma women\n35. The Committee recommends that the State party protect Roma women from violence.",
            "- Mongolia",
            "- CAT",
            "CAT/C/MNG/CO/3",
            "- D25 Prohibition of torture and cruel, inhuman or degrading treatment\n- F12 Discrimination against women",
            "- women\n- minorities/ racial, ethnic, linguistic, religious or descent-based groups",
            "- 16.3 - Promote the rule of law\n- 5.2 - Eliminate all forms of violence against all women and girls",
            "45260",
            "",
            "",
            "- Recommendations",
            "0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3",
            "",
            "- Asia-Pacific States",
            "",
            "43000",
        ],
        [
            "115.3 Ratify the Optional Protocol to the Convention against Torture",
            "- Mongolia",
            "- UPR",
            "A/HRC/46/9",
            "- A12 Acceptance of international norms",
            "",
            "",
            "44197",
            "- France\n- Chile",
            "- Supported",
            "- Recommendations",
            "1c8d2e3f-4051-4b6c-9d7e-8f90a1b2c3d4",
            "36",
            "- Asia-Pacific States",
            "- WEOG\n- GRULAC",
            "44300",
        ],
        [
            "82. The Special Rapporteur recommends that herders' access to pasture be protected.",
            "- Mongolia",
            "- SR on the right to food",
            "A/HRC/58/55/Add.1",
            "- E22 Right to food",
            "- rural persons",
            "",
            "45658",
            "",
            "",
            "- Recommendations",
            "2d9e3f40-5162-4c7d-8e8f-90a1b2c3d4e5",
            "",
            "- Asia-Pacific States",
            "",
            "45700",
        ],
        [
            "20. The Committee is concerned about conditions of detention.",
            "- Mongolia",
            "- CAT",
            "CAT/C/MNG/CO/3",
            "- D26 Conditions of detention",
            "",
            "",
            "42327",
            "",
            "",
            "- Concerns/Observations",
            "3e0f4051-6273-4d8e-9f90-a1b2c3d4e5f6",
            "",
            "",
            "",
            "43000",
        ],
    ]
}

fn csv_of(header: &[&str], rows: &[Vec<&str>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

fn xlsx_of(header: &[&str], rows: &[Vec<&str>], numeric: &[usize]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c16) = (r as u32 + 1, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if numeric.contains(&c) => sheet.write_number(r, c16, n).unwrap(),
                _ => sheet.write_string(r, c16, *cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

fn uhri_json() -> Vec<u8> {
    let rows: Vec<serde_json::Value> = uhri_rows()
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            for (h, cell) in UHRI_HEADER.iter().zip(r) {
                let value = if cell.starts_with("- ") {
                    serde_json::Value::Array(
                        cell.lines()
                            .map(|l| l.trim_start_matches("- ").into())
                            .collect(),
                    )
                } else {
                    serde_json::Value::String(cell.to_string())
                };
                o.insert(h.to_string(), value);
            }
            serde_json::Value::Object(o)
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "value": rows })).unwrap()
}

fn rows_of(rows: &[[&'static str; 16]]) -> Vec<Vec<&'static str>> {
    rows.iter().map(|r| r.to_vec()).collect()
}

fn opts() -> ImportOptions {
    ImportOptions {
        add_terms: true,
        ..Default::default()
    }
}

fn recs(ws: &Workspace) -> Vec<Recommendation> {
    let mut all: Vec<Recommendation> = ws
        .store()
        .all::<Recommendation>()
        .unwrap()
        .into_iter()
        .filter(|r| {
            !r.uhri_id.is_empty() || r.code.starts_with("ui-") || r.action_category.is_some()
        })
        .collect();
    all.sort_by(|a, b| a.code.cmp(&b.code));
    all
}

fn source(ws: &Workspace, id: uuid::Uuid) -> Source {
    ws.store().get::<Source>(id).unwrap().unwrap()
}

fn import(ws: &mut Workspace, name: &str, bytes: &[u8], o: &ImportOptions) -> ImportSummary {
    ws.import_bytes(name, bytes, o)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_index_export_imports_alike_from_csv_excel_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = rows_of(&uhri_rows());
    let csv = csv_of(&UHRI_HEADER, &rows);
    let xlsx = xlsx_of(&UHRI_HEADER, &rows, &[7, 12, 15]);
    let json = uhri_json();
    let mut seen = Vec::new();
    for (name, bytes) in [
        ("uhri.csv", &csv),
        ("uhri.xlsx", &xlsx),
        ("uhri.json", &json),
    ] {
        let mut ws = coordinator(&tmp.path().join(name));
        let s = import(&mut ws, name, bytes, &opts());
        assert_eq!(s.file.format, Format::Uhri, "{name}");
        assert_eq!((s.new.len(), s.left_out), (3, 1), "{name}: {s:?}");
        let all = recs(&ws);
        assert_eq!(all.len(), 3);

        let cat = all.iter().find(|r| r.code == "35").unwrap();
        assert_eq!(
            cat.text_en,
            "Roma women\nThe Committee recommends that the State party protect Roma women from violence."
        );
        assert_eq!(cat.response, Response::Pending);
        assert_eq!(cat.sdg, ["16.3", "5.2"]);
        assert_eq!(cat.uhri_id, "0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3");
        assert_eq!(cat.affected.len(), 2);
        let s = source(&ws, cat.source);
        assert_eq!((s.mechanism, s.body.as_str()), (Mechanism::Treaty, "cat"));
        assert_eq!(s.document, "CAT/C/MNG/CO/3");
        assert_eq!(s.date.as_deref(), Some("2023-11-30"));
        assert_eq!((s.cycle, s.session), (None, None));

        let upr = all.iter().find(|r| r.code == "115.3").unwrap();
        assert_eq!(upr.states, ["France", "Chile"]);
        assert_eq!(upr.response, Response::Supported);
        assert_eq!(upr.regions, ["WEOG", "GRULAC"]);
        let s = source(&ws, upr.source);
        assert_eq!(
            (s.mechanism, s.cycle, s.session),
            (Mechanism::Upr, Some(3), Some(36))
        );

        let sr = all.iter().find(|r| r.code == "82").unwrap();
        let s = source(&ws, sr.source);
        assert_eq!(
            (s.mechanism, s.body.as_str()),
            (Mechanism::Special, "SR on the right to food")
        );
        assert_clean(&ws);
        seen.push(all);
    }
    // The three files make the same recommendations, ids and all.
    assert_eq!(seen[0], seen[1], "CSV and Excel");
    assert_eq!(seen[0], seen[2], "CSV and JSON");
}

#[test]
fn the_index_export_again_adds_nothing_and_follows_its_annotation_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("gov"));
    let rows = rows_of(&uhri_rows());
    import(&mut ws, "uhri.csv", &csv_of(&UHRI_HEADER, &rows), &opts());
    let before = recs(&ws);
    let again = import(&mut ws, "uhri.csv", &csv_of(&UHRI_HEADER, &rows), &opts());
    assert_eq!(
        (again.new.len(), again.updated.len(), again.unchanged),
        (0, 0, 3)
    );

    // The Index renumbers a paragraph and corrects its text: the same
    // recommendation is updated (its annotation id), not a second made.
    let mut changed = rows.clone();
    changed[0][0] = "Roma women\n36. The Committee recommends that the State party protect Roma women and girls from violence.";
    let s = import(
        &mut ws,
        "uhri.csv",
        &csv_of(&UHRI_HEADER, &changed),
        &opts(),
    );
    assert_eq!((s.new.len(), s.updated.len()), (0, 1), "{s:?}");
    let after = recs(&ws);
    assert_eq!(after.len(), 3);
    let cat = after
        .iter()
        .find(|r| r.uhri_id.starts_with("0b7c"))
        .unwrap();
    assert_eq!(
        cat.id,
        before
            .iter()
            .find(|r| r.uhri_id.starts_with("0b7c"))
            .unwrap()
            .id
    );
    assert!(cat.text_en.contains("women and girls"));

    // Concerns and observations, when asked.
    let with = ImportOptions {
        observations: true,
        ..opts()
    };
    let s = import(&mut ws, "uhri.csv", &csv_of(&UHRI_HEADER, &changed), &with);
    assert_eq!((s.new.len(), s.left_out), (1, 0));
    assert_clean(&ws);
}

const UPR_INFO_HEADER: [&str; 9] = [
    "State under Review",
    "Recommending State",
    "Recommendation",
    "Response",
    "Issues",
    "Cycle",
    "Session",
    "Action Category",
    "Regional Group",
];

fn upr_info_rows() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "Mongolia",
            "Denmark",
            "Ratify the Optional Protocol to the Convention against Torture",
            "Supported",
            "Torture and other CID treatment; International instruments",
            "3rd",
            "36",
            "5",
            "WEOG",
        ],
        vec![
            "Mongolia",
            "Sweden",
            "Consider abolishing the death penalty in law",
            "Not Supported",
            "Death penalty",
            "3rd",
            "36",
            "3",
            "WEOG",
        ],
    ]
}

#[test]
fn upr_info_exports_import_with_their_action_category() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = upr_info_rows();
    for (name, bytes) in [
        ("upr-info.csv", csv_of(&UPR_INFO_HEADER, &rows)),
        ("upr-info.xlsx", xlsx_of(&UPR_INFO_HEADER, &rows, &[6, 7])),
    ] {
        let mut ws = coordinator(&tmp.path().join(name));
        let s = import(&mut ws, name, &bytes, &opts());
        assert_eq!(s.file.format, Format::UprInfo, "{name}");
        assert_eq!(s.new.len(), 2);
        let all = recs(&ws);
        let denmark = all.iter().find(|r| r.states == ["Denmark"]).unwrap();
        assert_eq!(denmark.action_category, Some(5));
        assert_eq!(denmark.response, Response::Supported);
        assert_eq!(denmark.regions, ["WEOG"]);
        assert_eq!(denmark.themes.len(), 2);
        let sweden = all.iter().find(|r| r.states == ["Sweden"]).unwrap();
        assert_eq!(sweden.response, Response::Noted);
        assert_eq!(sweden.action_category, Some(3));
        let s = source(&ws, sweden.source);
        assert_eq!(s.document, "UPR session 36: Mongolia");
        assert_eq!((s.cycle, s.session), (Some(3), Some(36)));
        // Again: the same recommendations, found by what they say.
        let again = import(&mut ws, name, &bytes, &opts());
        assert_eq!((again.new.len(), again.unchanged), (0, 2), "{name}");
        assert_clean(&ws);
    }
}

#[test]
fn the_template_reads_from_excel_as_from_csv_and_other_sheets_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let text = SMALL_CSV.replace("107.", "207.");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let csv_rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let rows: Vec<Vec<&str>> = csv_rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let mut ws = coordinator(&tmp.path().join("gov"));
    let s = import(
        &mut ws,
        "template.xlsx",
        &xlsx_of(&header, &rows, &[]),
        &opts(),
    );
    assert_eq!(s.file.format, Format::Template);
    // Its 107.x rows renumbered are new; the others the workspace holds.
    assert_eq!(s.new, ["207.1", "207.2"], "{s:?}");
    assert_eq!(s.unchanged, csv_rows.len() - 2);
    let again = ws
        .import_bytes("template.csv", text.as_bytes(), &opts())
        .unwrap();
    assert_eq!(
        again.unchanged,
        csv_rows.len(),
        "the workbook held what the CSV does"
    );

    let other = xlsx_of(&["Name", "Budget"], &[vec!["x", "1"]], &[1]);
    let err = ws
        .import_bytes("budget.xlsx", &other, &opts())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("budget.xlsx") && err.contains("Name, Budget"),
        "{err}"
    );
}
