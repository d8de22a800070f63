//! The Universal Human Rights Index's export (its "Export to Excel" .xlsx,
//! the same as CSV, or the JSON of its data API): one row per annotated
//! paragraph of any mechanism, its headers with OHCHR's own spellings
//! (`Reccomending Body`), cells of several values as lines starting `- `.
//! The annotation id is each row's identity across re-imports.

use std::collections::HashMap;

use super::labels::Labels;
use super::table::{Table, excel_date, key};
use crate::model::ids;
use crate::model::validate as v;
use crate::model::*;

/// Whether a header is the Index's.
pub(super) fn is_uhri(t: &Table) -> bool {
    t.has(&["OHCHR Annotation Id"])
        || (t.has(&["Document Symbol"]) && t.has(&["Reccomending Body", "Recommending Body"]))
}

/// The values of a cell of several: `- a\n- b` → [a, b].
pub(super) fn items(cell: &str) -> Vec<String> {
    cell.lines()
        .map(|l| l.trim().trim_start_matches('-').trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The mechanism and body a recommending body names: `UPR`, a treaty body
/// (`CAT`), or a special procedure (`SR on torture`, `IE on…`, `WG on…`).
fn mechanism_of(body: &str) -> (Mechanism, String) {
    let b = body.trim();
    let lower = b.to_lowercase();
    if lower == "upr" || lower.starts_with("universal periodic") {
        return (Mechanism::Upr, String::new());
    }
    if let Ok(tb) = b.parse::<TreatyBody>() {
        return (Mechanism::Treaty, tb.to_string());
    }
    let special = [
        "sr ",
        "ie ",
        "wg ",
        "srsg",
        "special rapporteur",
        "independent expert",
        "working group",
    ];
    if special.iter().any(|p| lower.starts_with(p)) {
        return (Mechanism::Special, b.to_owned());
    }
    (Mechanism::Other, b.to_owned())
}

/// A paragraph's number and its text: treaty bodies' texts start with a
/// heading and the paragraph (`Roma women\n35. The Committee recommends…`),
/// the UPR's with the recommendation's number (`115.3 Ratify…`).
pub(super) fn split_code(text: &str) -> (Option<String>, String) {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for (i, line) in lines.iter().enumerate() {
        let number: String = line
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let rest = &line[number.len()..];
        let code = number.trim_end_matches('.');
        if !code.is_empty()
            && code.chars().next().is_some_and(|c| c.is_ascii_digit())
            && rest.starts_with(char::is_whitespace)
        {
            let mut out: Vec<&str> = lines[..i].to_vec();
            out.push(rest.trim());
            out.extend(&lines[i + 1..]);
            return (Some(code.to_owned()), out.join("\n"));
        }
    }
    (None, lines.join("\n"))
}

/// `- 16.3 - Promote the rule of law` → `16.3`.
fn sdg_of(item: &str) -> String {
    item.split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_end_matches(['.', '-', ':'])
        .to_owned()
}

/// The Index's columns found in a table.
pub(super) struct Columns {
    text: usize,
    body: usize,
    symbol: usize,
    themes: Option<usize>,
    affected: Option<usize>,
    sdgs: Option<usize>,
    date: Option<usize>,
    states: Option<usize>,
    position: Option<usize>,
    kind: Option<usize>,
    id: Option<usize>,
    session: Option<usize>,
    regions: Option<usize>,
}

impl Columns {
    pub fn of(t: &Table) -> std::result::Result<Columns, String> {
        let need = |names: &[&str]| {
            t.col(names)
                .ok_or_else(|| format!("it has no column {}", names[0]))
        };
        Ok(Columns {
            text: need(&["Text"])?,
            body: need(&["Reccomending Body", "Recommending Body"])?,
            symbol: need(&["Document Symbol"])?,
            themes: t.col(&["Themes"]),
            affected: t.col(&["Affected Persons"]),
            sdgs: t.col(&["Sdgs"]),
            date: t.col(&["Document Publication Date"]),
            states: t.col(&["UPR Reccomending States", "UPR Recommending States"]),
            position: t.col(&["UPR Position"]),
            kind: t.col(&["Type"]),
            id: t.col(&["OHCHR Annotation Id", "Annotation Id"]),
            session: t.col(&["UPR Session"]),
            regions: t.col(&["Recommending Regions"]),
        })
    }
}

/// Makes a row into a recommendation and the source it belongs to (the
/// source's id is the one its symbol gives; the caller keeps one held);
/// None for a concern or observation, left out unless `observations`.
pub(super) fn row(
    c: &Columns,
    cells: &[String],
    at: u64,
    labels: &mut Labels,
    observations: bool,
) -> std::result::Result<Option<(Source, Recommendation)>, String> {
    let get = |i: usize| cells.get(i).map_or("", |s| s.trim());
    let opt = |i: Option<usize>| i.map_or("", get);
    let kind = opt(c.kind).to_lowercase();
    if !observations && (kind.contains("concern") || kind.contains("observation")) {
        return Ok(None);
    }
    let document = get(c.symbol).to_owned();
    v::required("document", &document).map_err(|e| e.to_string())?;
    let (mechanism, body) = mechanism_of(items(get(c.body)).first().map_or("", |s| s.as_str()));
    let session: Option<u32> = if mechanism == Mechanism::Upr {
        opt(c.session).parse().ok()
    } else {
        None
    };
    let date = {
        let d = opt(c.date);
        excel_date(d)
            .or_else(|| (d.len() >= 10 && d.as_bytes()[4] == b'-').then(|| d[..10].to_owned()))
    };
    let source = Source {
        id: ids::source_id(&document),
        mechanism,
        body,
        cycle: session.and_then(super::upr_sessions::cycle_of),
        session,
        document: document.clone(),
        date,
        ..Default::default()
    };
    let uhri_id = opt(c.id).to_owned();
    let (code, text) = split_code(get(c.text));
    let code = match (code, uhri_id.get(..8)) {
        (Some(code), _) => code,
        (None, Some(short)) => format!("uhri-{short}"),
        (None, None) => {
            return Err(
                "its text starts with no paragraph number and it has no annotation id".into(),
            );
        }
    };
    let response = match (mechanism, opt(c.position)) {
        (Mechanism::Upr, p) if !p.is_empty() => items(p)
            .first()
            .map_or("", |s| s.as_str())
            .parse::<Response>()
            .map_err(|e| e.to_string())?,
        _ => Response::Pending,
    };
    let sdg: Vec<String> = items(opt(c.sdgs)).iter().map(|s| sdg_of(s)).collect();
    let themes: Vec<String> = items(opt(c.themes))
        .iter()
        .map(|t| super::thematic_list::theme_name(t))
        .collect();
    let rec = Recommendation {
        code,
        source: source.id,
        text_en: text,
        states: items(opt(c.states)),
        response,
        themes: labels.codes(Vocabulary::Theme, &themes, at),
        affected: labels.codes(Vocabulary::AffectedPersons, &items(opt(c.affected)), at),
        sdg,
        regions: items(opt(c.regions)),
        uhri_id,
        ..Default::default()
    };
    rec.validate().map_err(|e| e.to_string())?;
    Ok(Some((source, rec)))
}

/// The Index's JSON (an array of objects, or an object holding one) as a
/// table: lists become lines of `- ` items, as in its spreadsheets.
pub(super) fn json_table(json: &serde_json::Value) -> Option<Table> {
    use serde_json::Value;
    let rows = match json {
        Value::Array(a) => a,
        Value::Object(o) => o.values().find_map(|v| v.as_array())?,
        _ => return None,
    };
    let mut header: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for r in rows {
        for k in r.as_object()?.keys() {
            if let std::collections::hash_map::Entry::Vacant(e) = index.entry(key(k)) {
                e.insert(header.len());
                header.push(k.clone());
            }
        }
    }
    let text = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => format!("- {s}"),
                other => format!("- {other}"),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    };
    let mut out = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let mut cells = vec![String::new(); header.len()];
        for (k, v) in r.as_object()? {
            cells[index[&key(k)]] = text(v);
        }
        out.push((i as u64 + 1, cells));
    }
    Some(Table {
        header,
        rows: out,
        unit: "item",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_come_from_the_paragraph_and_bodies_name_their_mechanism() {
        assert_eq!(
            split_code("Roma women\n35. The Committee recommends that the State party…"),
            (
                Some("35".into()),
                "Roma women\nThe Committee recommends that the State party…".into()
            )
        );
        assert_eq!(
            split_code("115.3 Ratify the Convention (France);"),
            (
                Some("115.3".into()),
                "Ratify the Convention (France);".into()
            )
        );
        assert_eq!(
            split_code("Ratify the 1954 Convention"),
            (None, "Ratify the 1954 Convention".into())
        );
        assert_eq!(mechanism_of("CAT"), (Mechanism::Treaty, "cat".into()));
        assert_eq!(mechanism_of("UPR"), (Mechanism::Upr, String::new()));
        assert_eq!(
            mechanism_of("SR on torture"),
            (Mechanism::Special, "SR on torture".into())
        );
        assert_eq!(mechanism_of("Other body").0, Mechanism::Other);
        assert_eq!(items("- a\n-b\n\n- c "), ["a", "b", "c"]);
        assert_eq!(sdg_of("16.3 - Promote the rule of law"), "16.3");
    }
}
