//! The UN's own files, as published: OHCHR's thematic list of Slovenia's
//! 3rd-cycle UPR recommendations, read against what the file says.

use accord_core::import::thematic_list::{Layout, read};
use accord_scenarios::un_sample as sample;

#[test]
fn the_thematic_list_of_slovenia_reads_whole() {
    let list = read(
        "upr-thematic-list-cycle3-slovenia.docx",
        &sample("upr-thematic-list-cycle3-slovenia.docx"),
    )
    .unwrap();
    assert_eq!(list.layout, Layout::Themes);
    assert_eq!(list.rows.len(), 215);
    assert_eq!(list.report.as_deref(), Some("A/HRC/43/15"));
    assert!(
        list.rows
            .iter()
            .all(|r| r.code.starts_with("121.") || r.code.starts_with("122."))
    );
    let mut codes: Vec<&str> = list.rows.iter().map(|r| r.code.as_str()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 215, "every code once");
    assert!(
        list.rows
            .iter()
            .all(|r| r.position == "Supported" || r.position == "Noted"),
        "{:?}",
        list.rows.iter().map(|r| &r.position).collect::<Vec<_>>()
    );
    assert!(
        list.rows
            .iter()
            .all(|r| r.source.is_some() && !r.themes.is_empty())
    );
    let without: Vec<_> = list
        .rows
        .iter()
        .filter(|r| {
            r.texts.is_empty()
                || r.texts
                    .iter()
                    .any(|(t, states)| t.is_empty() || states.is_empty())
        })
        .map(|r| (&r.code, &r.texts))
        .collect();
    assert!(
        without.is_empty(),
        "every text has its States: {without:#?}"
    );

    let first = &list.rows[0];
    assert_eq!(first.code, "121.1");
    assert_eq!(
        first.heading.as_deref(),
        Some("Acceptance of international norms")
    );
    assert_eq!(
        first.texts,
        [(
            "Ratify the International Convention for the Protection of All Persons from Enforced Disappearance".to_owned(),
            vec!["France".to_owned(), "Lithuania".to_owned()]
        )]
    );
    assert_eq!(first.position, "Supported");
    assert_eq!(
        first.source,
        Some(("A/HRC/43/15".to_owned(), "121".to_owned()))
    );
    assert_eq!(
        first.themes,
        [
            "Acceptance of international norms",
            "Enforced disappearances"
        ]
    );
    assert_eq!(first.sdgs, ["16"]);
    assert_eq!(first.affected, ["Disappeared persons"]);

    // Two States' texts in one row, and a source in the addendum.
    let second = &list.rows[1];
    assert_eq!(second.texts.len(), 2);
    assert_eq!(second.texts[0].1, ["Ukraine"]);
    assert_eq!(second.texts[1].1, ["Slovakia"]);
    let r = list.rows.iter().find(|r| r.code == "122.1").unwrap();
    assert_eq!(
        r.source,
        Some(("A/HRC/43/15/Add.1".to_owned(), "3".to_owned()))
    );
    assert_eq!(r.position, "Supported");
    // Themes with entities, taken as text.
    assert!(
        list.rows
            .iter()
            .any(|r| r.themes.iter().any(|t| t.contains("& cultural rights")))
    );
}
