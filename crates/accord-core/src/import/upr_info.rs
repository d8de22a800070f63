//! UPR Info's database export (CSV or Excel): one UPR recommendation a
//! row, with the State under review, the recommending State, the response,
//! issues, cycle, session, UPR Info's action category (1–5) and regional
//! groups. It names no document and no paragraph: the source is the
//! State's review in its session, and the code is made from the
//! recommending State and the text, so that importing the export again
//! finds the same recommendations.

use sha2::{Digest, Sha256};

use super::labels::Labels;
use super::table::Table;
use super::uhri::items;
use crate::model::ids;
use crate::model::*;

/// Whether a header is UPR Info's.
pub(super) fn is_upr_info(t: &Table) -> bool {
    t.has(&["Recommendation"])
        && t.has(&["Recommending State", "Recommending States"])
        && t.has(&["Response"])
        && (t.has(&["Action Category", "Action"]) || t.has(&["State under Review", "SuR"]))
}

pub(super) struct Columns {
    text: usize,
    by: usize,
    response: usize,
    sur: Option<usize>,
    issues: Option<usize>,
    cycle: Option<usize>,
    session: Option<usize>,
    category: Option<usize>,
    regions: Option<usize>,
    code: Option<usize>,
    document: Option<usize>,
}

impl Columns {
    pub fn of(t: &Table) -> Columns {
        Columns {
            text: t.col(&["Recommendation"]).unwrap_or(0),
            by: t
                .col(&["Recommending State", "Recommending States"])
                .unwrap_or(0),
            response: t.col(&["Response"]).unwrap_or(0),
            sur: t.col(&["State under Review", "SuR"]),
            issues: t.col(&["Issues", "Issue"]),
            cycle: t.col(&["Cycle"]),
            session: t.col(&["Session"]),
            category: t.col(&["Action Category", "Action"]),
            regions: t.col(&["Regional Groups", "Regional Group"]),
            code: t.col(&["Paragraph", "Recommendation Number"]),
            document: t.col(&["Document Symbol", "Document"]),
        }
    }
}

/// The first number in a cell: `3rd` → 3, `Session 36` → 36.
fn number(s: &str) -> Option<u32> {
    let digits: String = s
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

fn response(s: &str) -> std::result::Result<Response, String> {
    let l = s.trim().to_lowercase();
    Ok(match l.as_str() {
        "" => Response::Pending,
        // What the UPR once called rejected it now calls noted.
        "not supported" | "rejected" | "noted" => Response::Noted,
        "partially supported" | "supported in part" => Response::SupportedInPart,
        _ => s.parse::<Response>().map_err(|e| e.to_string())?,
    })
}

/// A row made into a recommendation and its source.
pub(super) fn row(
    c: &Columns,
    cells: &[String],
    at: u64,
    labels: &mut Labels,
) -> std::result::Result<(Source, Recommendation), String> {
    let get = |i: usize| cells.get(i).map_or("", |s| s.trim());
    let opt = |i: Option<usize>| i.map_or("", get);
    let text = get(c.text).to_owned();
    let states = items(&get(c.by).replace(';', "\n"));
    let session = number(opt(c.session));
    let cycle = number(opt(c.cycle)).or_else(|| session.and_then(super::upr_sessions::cycle_of));
    let sur = opt(c.sur);
    let document = match opt(c.document) {
        "" => match (session, cycle) {
            (Some(s), _) => format!("UPR session {s}: {sur}"),
            (None, Some(cy)) => format!("UPR cycle {cy}: {sur}"),
            (None, None) => return Err("it gives neither a session nor a cycle".into()),
        },
        d => d.to_owned(),
    };
    let code = match opt(c.code) {
        "" => {
            let digest = Sha256::digest(format!("{}\n{text}", states.join(",")).as_bytes());
            format!("ui-{}", &hex::encode(digest)[..8])
        }
        code => code.to_owned(),
    };
    let category = match opt(c.category) {
        "" => None,
        s => Some(
            number(s)
                .filter(|n| (1..=5).contains(n))
                .ok_or_else(|| format!("'{s}' is not an action category from 1 to 5"))?
                as u8,
        ),
    };
    let source = Source {
        id: ids::source_id(&document),
        mechanism: Mechanism::Upr,
        cycle,
        session,
        document,
        ..Default::default()
    };
    let issues = items(&opt(c.issues).replace(';', "\n"));
    let rec = Recommendation {
        code,
        source: source.id,
        text_en: text,
        states,
        response: response(get(c.response))?,
        themes: labels.codes(Vocabulary::Theme, &issues, at),
        regions: items(&opt(c.regions).replace(';', "\n")),
        action_category: category,
        ..Default::default()
    };
    rec.validate().map_err(|e| e.to_string())?;
    Ok((source, rec))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_as_upr_info_writes_them() {
        assert_eq!(number("3rd"), Some(3));
        assert_eq!(number("Session 36"), Some(36));
        assert_eq!(number("none"), None);
        assert_eq!(response("Not Supported").unwrap(), Response::Noted);
        assert_eq!(response("Supported").unwrap(), Response::Supported);
        assert!(response("Maybe").is_err());
    }
}
