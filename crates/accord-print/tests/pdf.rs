//! The printed documents of the demo workspace, read back as a reader
//! would: page counts, the text of every field (through pdftotext),
//! Mongolian Cyrillic intact, the ruled rows for the field present.
//! The PDFs are kept in target/print-samples/ to be looked at.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use accord_core::Workspace;
use accord_core::model::{Indicator, Lang, Meeting, Organisation, Recommendation};
use accord_print::{Doc, Options, print};

/// The demo workspace, made once for the file's tests.
fn demo() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        accord_core::demo::create(&tmp.path().join("demo")).unwrap();
        tmp
    })
    .path()
}

fn open() -> Workspace {
    Workspace::open(&demo().join("demo")).unwrap()
}

/// Today, as the demo's dates are laid out from it.
fn options(lang: Lang) -> Options {
    Options::new(lang)
}

fn today() -> String {
    accord_core::workspace::today().to_string()
}

fn samples() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/print-samples");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes the PDF and gives its text, pages separated by form feeds.
fn pdf_text(ws: &Workspace, doc: &Doc, lang: Lang, name: &str) -> (usize, String) {
    let printed = print(ws, doc, options(lang)).unwrap();
    let path = samples().join(name);
    accord_print::write_file(&path, &printed.pdf().unwrap()).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (printed.pages(), String::from_utf8(out.stdout).unwrap())
}

fn org(ws: &Workspace, short: &str) -> Organisation {
    ws.store()
        .all::<Organisation>()
        .unwrap()
        .into_iter()
        .find(|o| o.short == short)
        .unwrap()
}

/// Text without the line breaks and runs of spaces a layout puts in.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The demo's indicator of children with disabilities in general schools:
/// every metadata field filled, a decade of measurements, one recommendation.
fn inclusive_education(ws: &Workspace) -> Indicator {
    ws.store()
        .all::<Indicator>()
        .unwrap()
        .into_iter()
        .find(|i| {
            i.title_en
                .starts_with("Proportion of children with disabilities")
        })
        .expect("the demo's inclusive education indicator")
}

#[test]
fn an_indicator_sheet_carries_every_field_and_blank_rows() {
    let ws = open();
    let ind = inclusive_education(&ws);
    assert!(!ind.definition.is_empty() && !ind.method.is_empty());
    let view = ws.indicator_view(ind.id).unwrap().unwrap();
    let doc = Doc::Indicators {
        ids: vec![ind.id],
        org: None,
    };
    let (pages, text) = pdf_text(&ws, &doc, Lang::En, "indicator-en.pdf");
    assert_eq!(pages, 1, "one indicator fits on one page:\n{text}");
    let flat_text = flat(&text);
    for field in [
        &ind.title_en,
        &ind.definition,
        &ind.rationale,
        &ind.method,
        &ind.data_source,
    ] {
        let start: String = flat(field).chars().take(40).collect();
        assert!(flat_text.contains(&start), "missing {start:?} in:\n{text}");
    }
    for label in [
        "Definition",
        "Rationale",
        "Method of computation",
        "Data collection and source",
        "Disaggregation",
        "Periodicity",
        "Comments and limitations",
        "Baseline",
        "Target",
        "Next due",
        "Page 1 of 1",
    ] {
        assert!(text.contains(label), "missing {label:?} in:\n{text}");
    }
    assert!(text.contains(&format!("Printed {}", today())));
    for m in &view.measurements {
        assert!(text.contains(&m.period), "measurement {} missing", m.period);
    }
    // The ruled rows for the field, under their own headings.
    assert!(text.contains("New measurements, written in the field"));
    assert!(text.contains("By whom"));
}

#[test]
fn a_sheet_runs_over_a_page_only_when_its_data_needs_it() {
    let ws = open();
    let all = ws.indicators().unwrap();
    let pages = |v: &accord_core::workspace::IndicatorView| {
        let one = Doc::Indicators {
            ids: vec![v.indicator.id],
            org: None,
        };
        print(&ws, &one, options(Lang::En)).unwrap().pages()
    };
    // A decade of measurements, a recommendation or two and their
    // activities fit on the one page with the rows for the field.
    // (A cluster's sheet lists several recommendations; those are left out.)
    let for_one_recommendation = |v: &&accord_core::workspace::IndicatorView| {
        let plan = v.indicator.plan.unwrap().to_string();
        ws.store()
            .select::<accord_core::model::PlanEntry>("id = ?1", &[&plan])
            .unwrap()
            .iter()
            .all(|p| p.cluster.is_none())
    };
    let mut typical: Vec<_> = all
        .iter()
        .filter(|v| v.measurements.len() >= 10 && v.indicator.plan.is_some())
        .filter(for_one_recommendation)
        .collect();
    typical.truncate(8);
    assert!(typical.len() >= 3, "the demo has typical indicators");
    for v in typical {
        assert_eq!(pages(v), 1, "{}", v.indicator.title_en);
    }
    // All of them in one PDF: one page each but for the few that serve a
    // whole cluster.
    let doc = Doc::Indicators {
        ids: vec![],
        org: None,
    };
    let printed = print(&ws, &doc, options(Lang::En)).unwrap();
    assert!(printed.pages() >= all.len() && printed.pages() <= all.len() + all.len() / 10);
}

#[test]
fn all_sheets_of_an_organisation_print_in_one_pdf_in_mongolian() {
    let ws = open();
    let mojha = org(&ws, "MOJHA");
    let theirs: Vec<Indicator> = ws
        .store()
        .all::<Indicator>()
        .unwrap()
        .into_iter()
        .filter(|i| i.responsible == Some(mojha.id) && !i.archived)
        .collect();
    assert!(theirs.len() >= 2, "the demo gives MOJHA indicators");
    let doc = Doc::Indicators {
        ids: vec![],
        org: Some(mojha.id),
    };
    let (pages, text) = pdf_text(&ws, &doc, Lang::Mn, "indicators-mojha-mn.pdf");
    assert!(
        pages >= theirs.len(),
        "{pages} pages for {} sheets",
        theirs.len()
    );
    for i in &theirs {
        let title = if i.title_mn.is_empty() {
            &i.title_en
        } else {
            &i.title_mn
        };
        let start: String = flat(title).chars().take(30).collect();
        assert!(flat(&text).contains(&start), "missing {start:?}");
    }
    // Mongolian's own letters survive the round trip through the fonts.
    assert!(text.contains("Тодорхойлолт"), "Cyrillic labels:\n{text}");
    assert!(text.contains("Үндэслэл"));
    assert!(text.chars().any(|c| matches!(c, 'ө' | 'Ө' | 'ү' | 'Ү')));
    assert!(text.contains(&format!("{pages}-с 1-р хуудас")));
}

#[test]
fn a_recommendation_sheet_shows_each_organisations_assessment() {
    let ws = open();
    let rec = ws
        .store()
        .all::<Recommendation>()
        .unwrap()
        .into_iter()
        .find(|r| ws.recommendation_view(r.id).unwrap().assessments.len() >= 3)
        .expect("the demo has a recommendation three organisations assessed");
    let view = ws.recommendation_view(rec.id).unwrap();
    let (_, text) = pdf_text(
        &ws,
        &Doc::Recommendation(rec.id),
        Lang::En,
        "recommendation-en.pdf",
    );
    assert!(text.contains(&rec.code));
    let start: String = flat(&rec.text_en).chars().take(40).collect();
    assert!(flat(&text).contains(&start));
    for column in &view.assessments {
        assert!(
            text.contains(&column.org.short),
            "{} missing",
            column.org.short
        );
        assert!(text.contains(&column.current.date));
    }
    assert!(text.contains("History"));
}

#[test]
fn an_organisations_plan_marks_what_is_overdue() {
    let ws = open();
    let mojha = org(&ws, "MOJHA");
    let rows: Vec<_> = ws
        .activities()
        .unwrap()
        .into_iter()
        .filter(|r| r.activity.lead == Some(mojha.id) || r.activity.supporting.contains(&mojha.id))
        .collect();
    let (_, text) = pdf_text(
        &ws,
        &Doc::Plan { org: mojha.id },
        Lang::En,
        "plan-mojha-en.pdf",
    );
    assert!(text.contains("Action plan of MOJHA"));
    let overdue = rows
        .iter()
        .filter(|r| r.activity.is_overdue(accord_core::workspace::today()))
        .count();
    // Marks in the activities' table, before the indicators' heading.
    let activities_part = text.split("\nIndicators").next().unwrap();
    assert_eq!(
        activities_part.matches("OVERDUE").count(),
        overdue,
        "{text}"
    );
    assert!(text.contains(&format!("{} activities, {overdue} overdue", rows.len())));
}

#[test]
fn the_meeting_pack_has_every_part() {
    let ws = open();
    let meetings = ws.store().all::<Meeting>().unwrap();
    assert!(!meetings.is_empty(), "the demo has meetings");
    let (pages, text) = pdf_text(&ws, &Doc::Pack { meeting: None }, Lang::En, "pack-en.pdf");
    assert!(pages >= 2);
    for part in [
        "Level of implementation",
        "By mechanism",
        "By theme",
        "By responsible organisation",
        "Where the organisations' assessments differ",
        "Overdue activities",
        "Indicators without recent data",
        "Decisions of the last meeting",
    ] {
        assert!(text.contains(part), "missing {part:?}");
    }
    // Each part holds what it is about, not only its heading.
    let flat_text = flat(&text);
    let (divergent, _) = ws.divergences(1).unwrap();
    assert!(
        !divergent.is_empty(),
        "the demo's organisations disagree somewhere"
    );
    assert!(text.contains(&divergent[0].recommendation.code));
    let overdue = ws.overdue_activities().unwrap();
    let first: String = flat(&overdue[0].activity.title_en)
        .chars()
        .take(25)
        .collect();
    assert!(flat_text.contains(&first), "overdue {first:?} missing");
    let last = ws
        .meetings()
        .unwrap()
        .into_iter()
        .find(|m| m.meeting.date < today())
        .expect("the demo held a meeting");
    assert!(
        flat_text.contains(&flat(&last.meeting.title)),
        "{}",
        last.meeting.title
    );
    let decision: String = flat(&last.decisions[0].text).chars().take(25).collect();
    assert!(
        flat_text.contains(&decision),
        "decision {decision:?} missing"
    );
    let (_, mn) = pdf_text(&ws, &Doc::Pack { meeting: None }, Lang::Mn, "pack-mn.pdf");
    assert!(mn.contains("Хэрэгжилтийн түвшин"));
}

#[test]
fn an_organisation_without_indicators_gets_a_clear_refusal() {
    let ws = open();
    let un = ws
        .store()
        .all::<Organisation>()
        .unwrap()
        .into_iter()
        .find(|o| {
            !ws.store()
                .all::<Indicator>()
                .unwrap()
                .iter()
                .any(|i| i.responsible == Some(o.id))
        })
        .unwrap();
    let err = print(
        &ws,
        &Doc::Indicators {
            ids: vec![],
            org: Some(un.id),
        },
        options(Lang::En),
    )
    .err()
    .unwrap();
    assert!(
        err.to_string().contains("responsible for no indicator"),
        "{err}"
    );
}

#[test]
fn text_that_looks_like_markup_prints_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = accord_core::demo::create(&tmp.path().join("ws")).unwrap();
    let id = inclusive_education(&ws).id;
    // Typst's markup, a script call and a label: data is never code.
    let ind: Indicator = ws
        .update(id, "hostile text", |i: &mut Indicator| {
            i.definition = "#panic(\"boom\") $x^2$ *not bold* <label> @ref \\ #set page(width: 1cm) ]} {[ 100% of \"cases\"".to_owned();
            i.title_en = "Title with #import \"/etc/passwd\" and `raw`".to_owned();
            Ok(())
        })
        .unwrap();
    let doc = Doc::Indicators {
        ids: vec![ind.id],
        org: None,
    };
    let (pages, text) = pdf_text(&ws, &doc, Lang::En, "hostile-en.pdf");
    assert_eq!(pages, 1, "{text}");
    let flat_text = flat(&text);
    assert!(
        flat_text.contains("#panic(\"boom\") $x^2$ *not bold* <label> @ref"),
        "{text}"
    );
    assert!(
        flat_text.contains("#set page(width: 1cm) ]} {[ 100% of \"cases\""),
        "{text}"
    );
    assert!(flat_text.contains("#import \"/etc/passwd\""), "{text}");
}
