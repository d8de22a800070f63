//! OHCHR's thematic list of UPR recommendations (the "matrix" published for
//! every State after its review), read from its Word table into rows: the
//! code, each recommending State's text, the position, where the position
//! was given, themes, SDG goals and affected persons. Three layouts:
//!
//! - 2nd and 3rd cycles: `Recommendation | Position | Full list of themes |
//!   Assessment/comments…`, SDGs and affected persons inside the themes cell;
//! - 4th cycle: `Recommendation and recommending State | Position of the
//!   State under review | Human rights themes and groups of persons |
//!   Relevant SDGs`.
//!
//! Theme rows (one merged cell, `Theme: A12 Acceptance of…`) head the rows
//! that follow. Nothing here writes: the importer decides what the rows
//! become.

use super::docx::{self, Cell};
use crate::error::{Error, Result};

/// Which layout the header row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// 2nd and 3rd cycles.
    Themes,
    /// 4th cycle: SDGs in a column of their own.
    ThemesAndSdgs,
}

/// One recommendation row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListRow {
    /// The row of the table (the header is row 1).
    pub row: usize,
    /// The paragraph number, e.g. `121.3`.
    pub code: String,
    /// Each text with the States that recommended it, as the row gives
    /// them (a row may join two States' texts).
    pub texts: Vec<(String, Vec<String>)>,
    /// `Supported`, `Noted`, or what the cell says.
    pub position: String,
    /// Where the position was given: the document's symbol and paragraph.
    pub source: Option<(String, String)>,
    /// The theme row it stands under.
    pub heading: Option<String>,
    pub themes: Vec<String>,
    /// SDG goals, as numbers (`16`).
    pub sdgs: Vec<String>,
    pub affected: Vec<String>,
}

/// What a thematic list holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThematicList {
    pub layout: Layout,
    pub rows: Vec<ListRow>,
    /// The Working Group's report the recommendations belong to: the
    /// symbol of the first source without its addendum (`A/HRC/43/15`).
    pub report: Option<String>,
}

fn problem(name: &str, why: impl std::fmt::Display) -> Error {
    Error::invalid(
        "file",
        format!("{name} is not an OHCHR thematic list of recommendations: {why}"),
    )
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Reads a thematic list from a .docx file's bytes.
pub fn read(name: &str, bytes: &[u8]) -> Result<ThematicList> {
    let tables = docx::tables(name, bytes)?;
    let (table, layout) = tables
        .iter()
        .find_map(|t| layout_of(t.first()?).map(|l| (t, l)))
        .ok_or_else(|| {
            problem(
                name,
                "no table starts with the columns Recommendation, Position and the themes",
            )
        })?;
    let mut rows = Vec::new();
    let mut heading = None;
    for (i, cells) in table.iter().enumerate().skip(1) {
        let row = i + 1;
        let first = cells.first().map(|c| c.join("\n")).unwrap_or_default();
        let first = first.trim();
        if cells.len() == 1 || cells.iter().skip(1).all(|c| c.join("").trim().is_empty()) {
            if let Some(theme) = strip_prefix_ci(first, "theme:") {
                heading = Some(theme_name(theme));
            }
            continue;
        }
        if cells.len() < 3 {
            return Err(problem(
                name,
                format!("row {row} has {} cells", cells.len()),
            ));
        }
        let mut parsed = parse_recommendation(&cells[0]).ok_or_else(|| {
            problem(
                name,
                format!("row {row} does not start with a paragraph number such as 121.3"),
            )
        })?;
        parsed.row = row;
        parsed.heading = heading.clone();
        parsed.position = cells[1].join(" ").trim().to_owned();
        let (themes, sdgs, affected) = sections(&cells[2]);
        parsed.themes = themes;
        parsed.sdgs = sdgs;
        parsed.affected = affected;
        if layout == Layout::ThemesAndSdgs
            && let Some(cell) = cells.get(3)
        {
            parsed.sdgs = cell.iter().filter_map(|l| sdg_goal(l)).collect();
        }
        rows.push(parsed);
    }
    if rows.is_empty() {
        return Err(problem(name, "its table holds no recommendation"));
    }
    let report = rows
        .iter()
        .find_map(|r| r.source.as_ref())
        .map(|(doc, _)| report_of(doc));
    Ok(ThematicList {
        layout,
        rows,
        report,
    })
}

/// The layout a header row names, if it is a thematic list's.
fn layout_of(header: &[Cell]) -> Option<Layout> {
    let h: Vec<String> = header.iter().map(|c| norm(&c.join(" "))).collect();
    let starts = |i: usize, p: &str| h.get(i).is_some_and(|c| c.starts_with(p));
    if !(starts(0, "recommendation") && starts(1, "position")) {
        return None;
    }
    if starts(2, "full list of themes") {
        Some(Layout::Themes)
    } else if starts(2, "human rights themes") {
        Some(Layout::ThemesAndSdgs)
    } else {
        None
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    (s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix))
        .then(|| s[prefix.len()..].trim())
}

/// A theme without the UHRI code some lists put before it (`A12 …`).
pub(super) fn theme_name(s: &str) -> String {
    let s = s.trim().trim_start_matches('-').trim();
    match s.split_once(' ') {
        Some((code, rest))
            if code.len() <= 4
                && code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && code[1..].chars().all(|c| c.is_ascii_digit())
                && code.len() > 1 =>
        {
            rest.trim().to_owned()
        }
        _ => s.to_owned(),
    }
}

/// `- 16 - PEACE, JUSTICE…` or `16. Peace…` → `16`.
fn sdg_goal(line: &str) -> Option<String> {
    let s = line.trim().trim_start_matches('-').trim();
    let digits: String = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let digits = digits.trim_end_matches('.');
    (!digits.is_empty()).then(|| digits.to_owned())
}

/// The themes cell: themes, then `SDGs:` goals, then `Affected persons:`
/// (or `Groups of persons:`).
fn sections(cell: &Cell) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (mut themes, mut sdgs, mut affected) = (Vec::new(), Vec::new(), Vec::new());
    let mut part = 0;
    for line in cell.iter().flat_map(|p| p.split('\n')) {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let lower = l.to_lowercase();
        if lower.starts_with("sdgs:") || lower.starts_with("sdg:") {
            part = 1;
            continue;
        }
        if lower.starts_with("affected persons:") || lower.starts_with("groups of persons:") {
            part = 2;
            continue;
        }
        match part {
            0 => themes.push(theme_name(l)),
            1 => sdgs.extend(sdg_goal(l)),
            _ => affected.push(l.trim_start_matches('-').trim().to_owned()),
        }
    }
    (themes, sdgs, affected)
}

/// The report a source belongs to: its symbol without `/Add.N`.
fn report_of(doc: &str) -> String {
    match doc.to_lowercase().find("/add.") {
        Some(at) => doc[..at].to_owned(),
        None => doc.to_owned(),
    }
}

/// The first cell: `121.3 <text> (<State>) (<State>); <text> (<State>);`
/// then `Source of position: A/HRC/43/15/Add.1 - Para. 3`.
fn parse_recommendation(cell: &Cell) -> Option<ListRow> {
    let mut text = String::new();
    let mut source = None;
    for p in cell {
        let t = p.trim();
        if let Some(rest) = strip_prefix_ci(t, "source of position:") {
            source = Some(parse_source(rest));
        } else if !t.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(t);
        }
    }
    let (code, rest) = text.split_once(char::is_whitespace)?;
    let code = code.trim_end_matches(['.', ':']);
    let mut parts = code.split('.');
    let numbered = parts.next()?.chars().all(|c| c.is_ascii_digit())
        && parts
            .next()
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        && parts.next().is_none();
    if !numbered {
        return None;
    }
    Some(ListRow {
        code: code.to_owned(),
        texts: split_texts(rest.trim()),
        source,
        ..Default::default()
    })
}

/// `A/HRC/43/15/Add.1 - Para. 3` → (`A/HRC/43/15/Add.1`, `3`).
fn parse_source(s: &str) -> (String, String) {
    let (doc, para) = match s.split_once(" - ") {
        Some((d, p)) => (d, p),
        None => (s, ""),
    };
    let para = para.trim();
    let para = strip_prefix_ci(para, "para.")
        .or_else(|| strip_prefix_ci(para, "para"))
        .unwrap_or(para);
    (doc.trim().to_owned(), para.trim().to_owned())
}

/// Splits a row's text into each State's text: a text ends with its
/// States in brackets, `(France) (Lithuania);` or `(Chile, Japan);`.
fn split_texts(s: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        // The segment ends at a `;` that follows a closing bracket.
        let end = rest
            .char_indices()
            .find(|(i, c)| *c == ';' && rest[..*i].trim_end().ends_with(')'))
            .map(|(i, _)| i);
        let (segment, tail) = match end {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let (text, states) = peel_states(segment.trim());
        if !text.is_empty() || !states.is_empty() {
            out.push((text, states));
        }
        rest = tail.trim();
    }
    out
}

/// Takes the bracketed States off the end of a text. A bracket holding a
/// digit (`(No. 29)`) is part of the text.
fn peel_states(s: &str) -> (String, Vec<String>) {
    // Some rows end `(France).` rather than `(France);`.
    let s = s.trim_end();
    let mut text = s.strip_suffix(").").map_or(s, |t| &s[..t.len() + 1]);
    let mut groups = Vec::new();
    while text.ends_with(')') {
        // The matching opening bracket, for names with brackets inside
        // (`Bolivia (Plurinational State of)`).
        let mut depth = 0;
        let mut open = None;
        for (i, c) in text.char_indices().rev() {
            match c {
                ')' => depth += 1,
                '(' => {
                    depth -= 1;
                    if depth == 0 {
                        open = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(open) = open else { break };
        let inner = &text[open + 1..text.len() - 1];
        if inner.chars().any(|c| c.is_ascii_digit()) || inner.trim().is_empty() {
            break;
        }
        groups.push(inner.to_owned());
        text = text[..open].trim_end();
    }
    groups.reverse();
    let states = groups.iter().flat_map(|g| split_states(g)).collect();
    (text.to_owned(), states)
}

/// `Chile, Japan` → two States; a comma inside brackets stays.
fn split_states(g: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in g.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(g[start..i].trim().to_owned());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(g[start..].trim().to_owned());
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_states_and_sources_are_taken_apart() {
        assert_eq!(
            split_texts("Ratify the Convention (France) (Lithuania);"),
            [(
                "Ratify the Convention".to_owned(),
                vec!["France".to_owned(), "Lithuania".to_owned()]
            )]
        );
        assert_eq!(
            split_texts("Guarantee the rights (France)."),
            [("Guarantee the rights".to_owned(), vec!["France".to_owned()])]
        );
        assert_eq!(
            split_texts("Complete it (Ukraine); Increase efforts (Slovakia);"),
            [
                ("Complete it".to_owned(), vec!["Ukraine".to_owned()]),
                ("Increase efforts".to_owned(), vec!["Slovakia".to_owned()])
            ]
        );
        assert_eq!(
            split_texts(
                "Ratify the Protocol to the Forced Labour Convention, 1930 (No. 29) (United Kingdom of Great Britain and Northern Ireland);"
            ),
            [(
                "Ratify the Protocol to the Forced Labour Convention, 1930 (No. 29)".to_owned(),
                vec!["United Kingdom of Great Britain and Northern Ireland".to_owned()]
            )]
        );
        assert_eq!(
            split_texts("Adopt a plan (Bolivia (Plurinational State of), Chile);"),
            [(
                "Adopt a plan".to_owned(),
                vec![
                    "Bolivia (Plurinational State of)".to_owned(),
                    "Chile".to_owned()
                ]
            )]
        );
        for (given, doc, para) in [
            ("A/HRC/28/15/Add.1 - Para. 3", "A/HRC/28/15/Add.1", "3"),
            ("A/HRC/43/15 - Para 121", "A/HRC/43/15", "121"),
            ("A/HRC/43/15/Add.1 - Para.3", "A/HRC/43/15/Add.1", "3"),
        ] {
            assert_eq!(parse_source(given), (doc.to_owned(), para.to_owned()));
        }
        assert_eq!(report_of("A/HRC/43/15/Add.1"), "A/HRC/43/15");
        assert_eq!(
            theme_name("A12 Acceptance of international norms"),
            "Acceptance of international norms"
        );
        assert_eq!(
            theme_name("- Enforced disappearances"),
            "Enforced disappearances"
        );
        assert_eq!(
            sdg_goal("- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS").as_deref(),
            Some("16")
        );
    }

    /// A 4th-cycle list, made with the zip crate from the layout described
    /// above.
    #[test]
    fn the_fourth_cycle_layout_reads_sdgs_from_their_column() {
        let cell = |paras: &[&str]| {
            let ps: String = paras
                .iter()
                .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"))
                .collect();
            format!("<w:tc>{ps}</w:tc>")
        };
        let row = |cells: Vec<String>| format!("<w:tr>{}</w:tr>", cells.concat());
        let xml = format!(
            "<w:document><w:body><w:tbl>{}{}{}</w:tbl></w:body></w:document>",
            row(vec![
                cell(&["Recommendation and recommending State"]),
                cell(&["Position of the State under review"]),
                cell(&["Human rights themes and groups of persons"]),
                cell(&["Relevant SDGs"]),
            ]),
            row(vec![cell(&[
                "Theme: D51 Administration of justice &amp; fair trial"
            ])]),
            row(vec![
                cell(&[
                    "107.1 Ensure fair trials (Chile);",
                    "Source of Position: A/HRC/56/9/Add.1 - Para 5"
                ]),
                cell(&["Noted"]),
                cell(&[
                    "- Administration of justice &amp; fair trial",
                    "Groups of Persons:",
                    "- Women & girls"
                ]),
                cell(&[
                    "- 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS",
                    "- 5 - GENDER EQUALITY"
                ]),
            ]),
        )
        .replace("& girls", "&amp; girls");
        let list = read("cycle4.docx", &docx::tests::docx(&xml)).unwrap();
        assert_eq!(list.layout, Layout::ThemesAndSdgs);
        assert_eq!(list.report.as_deref(), Some("A/HRC/56/9"));
        let r = &list.rows[0];
        assert_eq!(r.code, "107.1");
        assert_eq!(
            r.heading.as_deref(),
            Some("Administration of justice & fair trial")
        );
        assert_eq!(r.position, "Noted");
        assert_eq!(r.themes, ["Administration of justice & fair trial"]);
        assert_eq!(r.affected, ["Women & girls"]);
        assert_eq!(r.sdgs, ["16", "5"]);
        assert_eq!(
            r.source,
            Some(("A/HRC/56/9/Add.1".to_owned(), "5".to_owned()))
        );
    }

    #[test]
    fn a_document_without_the_table_is_refused() {
        let xml =
            "<w:document><w:body><w:p><w:r><w:t>Nothing</w:t></w:r></w:p></w:body></w:document>";
        let err = read("empty.docx", &docx::tests::docx(xml))
            .unwrap_err()
            .to_string();
        assert!(err.contains("not an OHCHR thematic list"), "{err}");
    }
}
