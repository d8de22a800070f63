//! Importing the UN's own lists: OHCHR's thematic list of Slovenia's 3rd
//! UPR cycle as published, and lists of the other layouts built here as
//! the issue describes them. Everything the file says arrives; importing it
//! again adds nothing; a changed file changes only what changed; broken and
//! hostile files change nothing; two offices importing the same list apart
//! hold one copy of it once they sync.

use std::collections::BTreeSet;
use std::io::{Read, Write};

use accord_core::Workspace;
use accord_core::import::{Format, ImportOptions};
use accord_core::model::*;
use accord_scenarios::*;

const SAMPLE: &str = SLOVENIA_LIST;

fn sample() -> Vec<u8> {
    un_sample(SAMPLE)
}

fn adding_terms() -> ImportOptions {
    ImportOptions {
        add_terms: true,
        ..Default::default()
    }
}

fn recs_of(ws: &Workspace, document: &str) -> Vec<Recommendation> {
    let source = ws
        .store()
        .all::<Source>()
        .unwrap()
        .into_iter()
        .find(|s| s.document == document)
        .unwrap_or_else(|| panic!("no source {document}"));
    let mut recs: Vec<Recommendation> = ws
        .store()
        .all::<Recommendation>()
        .unwrap()
        .into_iter()
        .filter(|r| r.source == source.id)
        .collect();
    recs.sort_by(|a, b| a.code.cmp(&b.code));
    recs
}

fn rec<'a>(recs: &'a [Recommendation], code: &str) -> &'a Recommendation {
    recs.iter().find(|r| r.code == code).unwrap()
}

fn term_label(ws: &Workspace, vocab: Vocabulary, code: &str) -> String {
    ws.store()
        .all::<Term>()
        .unwrap()
        .into_iter()
        .find(|t| t.vocabulary == vocab && t.code == code)
        .map(|t| t.label_en)
        .unwrap_or_else(|| panic!("no term {code}"))
}

/// The changes stored: what "nothing was written" is measured by.
fn changes(ws: &Workspace) -> usize {
    ws.check().unwrap().changes
}

#[test]
fn the_sample_list_imports_completely_and_again_adds_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("gov"));
    let bytes = sample();

    // The built-in vocabularies know the Index's themes and groups of
    // persons: a new workspace reads the list as it is. One term archived
    // here makes its label unknown: the import lists it and writes nothing.
    let preview = |ws: &Workspace| {
        let path = tmp.path().join(SAMPLE);
        std::fs::write(&path, &bytes).unwrap();
        ws.preview_import(&path, &ImportOptions::default()).unwrap()
    };
    assert!(
        preview(&ws).problems.is_empty(),
        "{:?}",
        preview(&ws).problems
    );
    let term = ws
        .store()
        .all::<Term>()
        .unwrap()
        .into_iter()
        .find(|t| t.code == "enforced-disappearances")
        .unwrap();
    assert!(term.provisional_mn && !term.label_mn.is_empty());
    ws.edit_fields(term.id, &["archived=yes".parse().unwrap()])
        .unwrap();
    let before = changes(&ws);
    let refused = ws
        .import_bytes(SAMPLE, &bytes, &ImportOptions::default())
        .unwrap_err();
    match &refused {
        accord_core::Error::Import { unknown_labels, .. } => assert_eq!(*unknown_labels, 1),
        other => panic!("{other}"),
    }
    let said = refused.to_string();
    assert!(
        said.contains(
            "'Enforced disappearances' is not in the workspace's vocabulary (rows 3, 4, 7)"
        ),
        "{said}"
    );
    assert_eq!(changes(&ws), before);
    // The preview gives the same problems as data, each at its row.
    let path = tmp.path().join(SAMPLE);
    let preview = preview(&ws);
    assert_eq!(preview.summary.new.len(), 215);
    let first = &preview.problems[0];
    assert_eq!((first.at, first.unit.as_str()), (3, "row"));
    assert!(
        preview
            .problems
            .iter()
            .any(|p| p.label == Some((Vocabulary::Theme, "Enforced disappearances".into())))
    );
    assert!(
        preview.problems.iter().all(|p| p.label.is_some()),
        "only labels are missing"
    );
    assert!(
        ws.preview_import(&path, &adding_terms())
            .unwrap()
            .problems
            .is_empty()
    );
    assert_eq!(changes(&ws), before);

    // A dry run says what the file is and what would change.
    let dry = ws
        .import_bytes(
            SAMPLE,
            &bytes,
            &ImportOptions {
                dry_run: true,
                ..adding_terms()
            },
        )
        .unwrap();
    assert_eq!(dry.file.format, Format::ThematicList);
    assert_eq!(dry.file.document.as_deref(), Some("A/HRC/43/15"));
    assert_eq!((dry.file.cycle, dry.file.session), (Some(3), Some(34)));
    assert_eq!(dry.file.recommendations, 215);
    assert_eq!(dry.new.len(), 215);
    assert_eq!(changes(&ws), before);

    let done = ws.import_bytes(SAMPLE, &bytes, &adding_terms()).unwrap();
    assert_eq!(done.new.len(), 215);
    assert_eq!(
        done.new_terms,
        [(Vocabulary::Theme, "Enforced disappearances".to_owned())]
    );
    let source = ws
        .store()
        .all::<Source>()
        .unwrap()
        .into_iter()
        .find(|s| s.document == "A/HRC/43/15")
        .unwrap();
    assert_eq!(source.mechanism, Mechanism::Upr);
    assert_eq!((source.cycle, source.session), (Some(3), Some(34)));
    let recs = recs_of(&ws, "A/HRC/43/15");
    assert_eq!(recs.len(), 215);
    let codes: BTreeSet<&str> = recs.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes.len(), 215);
    assert!(codes.contains("121.1") && codes.contains("122.1"));
    // Positions as the file gives them: 182 supported, 33 noted.
    let supported = recs
        .iter()
        .filter(|r| r.response == Response::Supported)
        .count();
    let noted = recs
        .iter()
        .filter(|r| r.response == Response::Noted)
        .count();
    assert_eq!((supported, noted), (182, 33));

    let first = rec(&recs, "121.1");
    assert_eq!(
        first.text_en,
        "Ratify the International Convention for the Protection of All Persons from Enforced Disappearance"
    );
    assert_eq!(first.states, ["France", "Lithuania"]);
    assert_eq!(first.response, Response::Supported);
    assert_eq!(first.response_source, "A/HRC/43/15, para. 121");
    assert_eq!(first.sdg, ["16"]);
    let themes: Vec<String> = first
        .themes
        .iter()
        .map(|t| term_label(&ws, Vocabulary::Theme, t))
        .collect();
    // The list's label found the built-in term that means it.
    assert_eq!(
        themes,
        [
            "International instruments and ratification",
            "Enforced disappearances"
        ]
    );
    assert_eq!(first.themes[1], "enforced-disappearances-2");
    assert_eq!(
        term_label(&ws, Vocabulary::AffectedPersons, &first.affected[0]),
        "Disappeared persons"
    );
    // A position given in the addendum.
    assert_eq!(
        rec(&recs, "122.1").response_source,
        "A/HRC/43/15/Add.1, para. 3"
    );
    // Every recommendation has its text, States, themes and source of position.
    assert!(recs.iter().all(|r| !r.text_en.is_empty()
        && !r.states.is_empty()
        && !r.themes.is_empty()
        && !r.response_source.is_empty()));

    // Again: nothing new, nothing written.
    let before = changes(&ws);
    let again = ws.import_bytes(SAMPLE, &bytes, &adding_terms()).unwrap();
    assert_eq!(
        (again.new.len(), again.updated.len(), again.unchanged),
        (0, 0, 215)
    );
    assert!(again.new_terms.is_empty());
    assert_eq!(changes(&ws), before);
    assert_clean(&ws);
}

/// The sample with its first `Noted` position made `Supported`.
fn sample_with_one_position_changed() -> Vec<u8> {
    let bytes = sample();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut content = Vec::new();
        f.read_to_end(&mut content).unwrap();
        if name == "word/document.xml" {
            let xml = String::from_utf8(content).unwrap();
            content = xml.replacen(">Noted<", ">Supported<", 1).into_bytes();
        }
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&content).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

#[test]
fn a_changed_list_updates_only_what_changed_and_keeps_what_people_added() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("gov"));
    ws.import_bytes(SAMPLE, &sample(), &adding_terms()).unwrap();
    let recs = recs_of(&ws, "A/HRC/43/15");
    let noted: Vec<&str> = recs
        .iter()
        .filter(|r| r.response == Response::Noted)
        .map(|r| r.code.as_str())
        .collect();
    // An office translated one recommendation meanwhile.
    let translated = rec(&recs, "121.1").id;
    ws.update::<Recommendation>(translated, "translate", |r| {
        r.text_mn = "Албадан алга болгохоос хамгаалах конвенцийг соёрхон батлах".into();
        Ok(())
    })
    .unwrap();

    let changed = ws
        .import_bytes(
            "changed.docx",
            &sample_with_one_position_changed(),
            &adding_terms(),
        )
        .unwrap();
    assert_eq!(changed.updated.len(), 1, "{:?}", changed.updated);
    assert_eq!(changed.unchanged, 214);
    let code = &changed.updated[0];
    assert!(noted.contains(&code.as_str()));
    let after = recs_of(&ws, "A/HRC/43/15");
    assert_eq!(rec(&after, code).response, Response::Supported);
    // What the list does not hold is left as people made it.
    assert!(rec(&after, "121.1").text_mn.starts_with("Албадан"));
}

#[test]
fn lists_of_the_fourth_and_second_cycles_import_too() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("gov"));

    // 4th cycle: SDGs in a column of their own, "Groups of Persons", and
    // the spellings the lists vary in.
    let fourth = docx(&[
        vec![
            vec!["Recommendation and recommending State"],
            vec!["Position of the State under review"],
            vec!["Human rights themes and groups of persons"],
            vec!["Relevant SDGs"],
        ],
        vec![vec!["Theme: Acceptance of international norms"]],
        vec![
            vec![
                "48.1 Ratify the Optional Protocol to the Convention against Torture (Australia) (Chile);",
                "Source of Position: A/HRC/59/10/Add.1 - Para 3",
            ],
            vec!["Noted"],
            vec![
                "- Acceptance of international norms",
                "- Torture and other cruel, inhuman or degrading treatment",
                "Groups of Persons:",
                "- persons deprived of their liberty",
            ],
            vec!["- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"],
        ],
        vec![
            vec![
                "48.2 Strengthen the independence of the national human rights institution (France);",
                "Source of position: A/HRC/59/10/Add.1 - Para.4",
            ],
            vec!["Supported"],
            vec!["- National Human Rights Institution (NHRI)"],
            vec![
                "- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS",
                "- 10 - REDUCED INEQUALITIES",
            ],
        ],
    ]);
    let s = ws
        .import_bytes("fourth.docx", &fourth, &adding_terms())
        .unwrap();
    assert_eq!(s.file.format, Format::ThematicList);
    assert_eq!(s.file.document.as_deref(), Some("A/HRC/59/10"));
    assert_eq!((s.file.cycle, s.file.session), (Some(4), Some(48)));
    let recs = recs_of(&ws, "A/HRC/59/10");
    assert_eq!(recs.len(), 2);
    let r = rec(&recs, "48.1");
    assert_eq!(r.states, ["Australia", "Chile"]);
    assert_eq!(r.response, Response::Noted);
    assert_eq!(r.response_source, "A/HRC/59/10/Add.1, para. 3");
    assert_eq!(r.sdg, ["16"]);
    assert_eq!(r.themes.len(), 2);
    assert_eq!(
        term_label(&ws, Vocabulary::AffectedPersons, &r.affected[0]),
        "Persons deprived of their liberty",
        "found in the workspace's own vocabulary whatever its case"
    );
    let r = rec(&recs, "48.2");
    assert_eq!(r.sdg, ["16", "10"]);
    assert_eq!(r.response_source, "A/HRC/59/10/Add.1, para. 4");

    // 2nd cycle: UHRI codes before the themes, which map to the workspace's
    // own terms once a coordinator maps the label.
    let mapped = ws.map_label(Vocabulary::Theme, "Right to an effective remedy", "justice");
    assert_eq!(
        mapped.unwrap().aliases.last().map(String::as_str),
        Some("Right to an effective remedy")
    );
    // A label that names another term already cannot be mapped as well.
    let taken = ws.map_label(
        Vocabulary::Theme,
        "Acceptance of international norms",
        "justice",
    );
    assert!(taken.unwrap_err().to_string().contains("already names"));
    let second = docx(&[
        vec![
            vec!["Recommendation"],
            vec!["Position"],
            vec!["Full list of themes"],
            vec!["Assessment/comments on level of implementation"],
        ],
        vec![vec!["Theme: A12 Acceptance of international norms"]],
        vec![
            vec![
                "107.1 Ratify the Second Optional Protocol to the International Covenant on Civil and Political Rights (Australia) (Belgium);",
                "Source of position: A/HRC/30/6/Add.1 - Para. 2",
            ],
            vec!["Supported"],
            vec![
                "A12 Acceptance of international norms",
                "B51 Right to an effective remedy",
                "D23 Death penalty",
                "Affected persons:",
                "- general",
            ],
            vec![""],
        ],
    ]);
    let opts = ImportOptions {
        format: Some(Format::ThematicList),
        ..adding_terms()
    };
    let s = ws.import_bytes("second.docx", &second, &opts).unwrap();
    assert_eq!((s.file.cycle, s.file.session), (Some(2), Some(22)));
    let recs = recs_of(&ws, "A/HRC/30/6");
    let r = rec(&recs, "107.1");
    assert_eq!(r.themes, ["ratification", "justice", "death-penalty"]);
    assert!(s.new_terms.is_empty(), "{:?}", s.new_terms);
    assert_eq!(r.states, ["Australia", "Belgium"]);
    assert_clean(&ws);
}

#[test]
fn broken_and_hostile_files_say_what_is_wrong_and_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut ws = coordinator(&tmp.path().join("gov"));
    let before = changes(&ws);
    let whole = sample();
    let no_table = docx(&[]);
    let other_headers = docx(&[vec![vec!["Name"], vec!["Position"], vec!["Notes"]]]);
    let mut bomb = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut bomb);
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let block = vec![b'a'; 1024 * 1024];
        for _ in 0..100 {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap();
    }
    let bomb = bomb.into_inner();
    assert!(bomb.len() < 2 * 1024 * 1024);
    let mut xlsx_bomb = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut xlsx_bomb);
        zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.start_file(
            "xl/worksheets/sheet1.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let block = vec![b' '; 1024 * 1024];
        for _ in 0..100 {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap();
    }
    let mut workbook = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut workbook);
        zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.finish().unwrap();
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cut.docx", whole[..whole.len() / 3].to_vec(), "cut short"),
        ("no-table.docx", no_table, "no table starts with"),
        ("other.docx", other_headers, "no table starts with"),
        ("bomb.docx", bomb, "inflates beyond 64 MB"),
        ("book.xlsx", workbook.into_inner(), "Excel workbook"),
        ("bomb.xlsx", xlsx_bomb.into_inner(), "inflates beyond 64 MB"),
        (
            "other.csv",
            b"Name,Budget\nx,1\n".to_vec(),
            "names the columns Name, Budget",
        ),
        ("list.json", b"[{\"a\": 1}]".to_vec(), "is JSON but not"),
        ("empty.csv", Vec::new(), "not in a format Accord knows"),
        (
            "junk.bin",
            vec![0xff; 50 * 1024 * 1024],
            "not in a format Accord knows",
        ),
    ];
    for (name, bytes, expected) in cases {
        let path = tmp.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let err = ws
            .import_file(&path, &adding_terms())
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{name}: {err}");
        assert!(err.contains(name), "{name}: the file is named: {err}");
        assert_eq!(changes(&ws), before, "{name} changed nothing");
    }
    // Larger than the importer reads.
    let huge = tmp.path().join("huge.docx");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let err = ws
        .import_file(&huge, &adding_terms())
        .unwrap_err()
        .to_string();
    assert!(err.contains("reads files up to 64 MB"), "{err}");
    assert_eq!(changes(&ws), before);
}

#[test]
fn two_offices_importing_the_same_list_apart_hold_one_copy_once_they_sync() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("folder");
    std::fs::create_dir_all(&folder).unwrap();
    let mut gov = coordinator(&tmp.path().join("gov"));
    let nhrcm_id = org_id(&gov, "NHRCM");
    gov.edit_fields(nhrcm_id, &["role=coordinator".parse().unwrap()])
        .unwrap();
    let mut nhrcm = invited_office(
        &mut gov,
        &tmp.path().join("nhrcm"),
        "NHRCM",
        "Oyun",
        &folder,
    );
    let held_before = gov.store().all::<Recommendation>().unwrap().len();

    // Each imports the list offline, then they sync.
    let bytes = sample();
    gov.import_bytes(SAMPLE, &bytes, &adding_terms()).unwrap();
    nhrcm.import_bytes(SAMPLE, &bytes, &adding_terms()).unwrap();
    for _ in 0..2 {
        sync(&mut gov, &folder);
        sync(&mut nhrcm, &folder);
    }
    for ws in [&gov, &nhrcm] {
        assert_eq!(recs_of(ws, "A/HRC/43/15").len(), 215);
        assert_eq!(
            ws.store().all::<Recommendation>().unwrap().len(),
            held_before + 215
        );
        let sources: Vec<_> = ws
            .store()
            .all::<Source>()
            .unwrap()
            .into_iter()
            .filter(|s| s.document == "A/HRC/43/15")
            .collect();
        assert_eq!(sources.len(), 1);
        let terms = ws.store().all::<Term>().unwrap();
        let labels: BTreeSet<(Vocabulary, String)> = terms
            .iter()
            .map(|t| (t.vocabulary, t.label_en.clone()))
            .collect();
        assert_eq!(labels.len(), terms.len(), "each new term once");
        assert_clean(ws);
    }
    assert_eq!(export(&gov), export(&nhrcm));
    // And a later import by either finds everything there.
    let again = nhrcm.import_bytes(SAMPLE, &bytes, &adding_terms()).unwrap();
    assert_eq!(again.unchanged, 215);
}
