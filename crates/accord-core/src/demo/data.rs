//! The demo's data files, built into the binary.

use serde::Deserialize;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::model::{Term, Vocabulary};

pub const ORGANISATIONS: &str = include_str!("data/organisations.csv");
pub const THEMES: &str = include_str!("data/themes.csv");
pub const AFFECTED: &str = include_str!("data/affected_persons.csv");
/// The Universal Human Rights Index's themes and groups of persons as the
/// UN's lists write them: each an alias of a built-in term that means the
/// same, or a term of its own with a provisional Mongolian label.
pub const UHRI_TERMS: &str = include_str!("data/uhri_terms.csv");
pub const RECOMMENDATIONS: &str = include_str!("data/recommendations.csv");
pub const INDICATORS: &str = include_str!("data/indicators.csv");
pub const ACTIVITIES: &str = include_str!("data/activities.csv");
pub const OUTCOMES: &str = include_str!("data/outcomes.csv");

/// Names of the demo's focal points (illustrative).
pub const FOCAL_POINTS: &[&str] = &[
    "Б. Батбаяр",
    "Д. Оюунчимэг",
    "Г. Энхтуяа",
    "Ц. Ганболд",
    "С. Мөнхзул",
    "Ж. Төмөрбаатар",
    "Н. Сарангэрэл",
    "Э. Баясгалан",
    "О. Нарантуяа",
    "Т. Эрдэнэбилэг",
    "П. Анхбаяр",
    "Л. Солонго",
];

#[derive(Debug, Deserialize)]
pub struct OrgRow {
    pub short: String,
    pub kind: String,
    pub name_en: String,
    pub name_mn: String,
    pub parent_short: String,
    pub role: String,
}

#[derive(Debug, Deserialize)]
struct TermRow {
    code: String,
    label_en: String,
    label_mn: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IndicatorRow {
    pub theme: String,
    pub title_en: String,
    pub title_mn: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub definition: String,
    pub rationale: String,
    pub method: String,
    pub data_source: String,
    pub disaggregation: String,
    pub periodicity: String,
    pub comments: String,
    pub unit: String,
    pub baseline_value: f64,
    pub baseline_date: String,
    pub target_value: f64,
    pub target_date: String,
    pub responsible_org: String,
    pub reporting_frequency: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ActivityRow {
    pub theme: String,
    pub title_en: String,
    pub title_mn: String,
    pub lead: String,
    pub supporting: String,
    pub budget_note: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct OutcomeRow {
    pub theme: String,
    pub outcome_en: String,
    pub outcome_mn: String,
}

pub fn rows<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<Vec<T>> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::doc("demo", format!("{name}: {e}")))
}

pub fn organisations() -> Result<Vec<OrgRow>> {
    rows("organisations.csv", ORGANISATIONS)
}

#[derive(Deserialize)]
struct UhriTermRow {
    vocabulary: String,
    code: String,
    label_en: String,
    label_mn: String,
    /// The built-in term it means, if any.
    term: String,
}

/// The built-in vocabularies every new workspace starts with.
pub fn vocabulary_terms() -> Result<Vec<Term>> {
    let mut out = Vec::new();
    for (vocabulary, name, text) in [
        (Vocabulary::Theme, "themes.csv", THEMES),
        (
            Vocabulary::AffectedPersons,
            "affected_persons.csv",
            AFFECTED,
        ),
    ] {
        for r in rows::<TermRow>(name, text)? {
            out.push(Term {
                id: Uuid::new_v4(),
                vocabulary,
                code: r.code,
                label_en: r.label_en,
                label_mn: r.label_mn,
                ..Default::default()
            });
        }
    }
    for r in rows::<UhriTermRow>("uhri_terms.csv", UHRI_TERMS)? {
        let vocabulary: Vocabulary = r.vocabulary.parse()?;
        if r.term.is_empty() {
            out.push(Term {
                id: crate::model::ids::term_id(vocabulary, &r.code),
                vocabulary,
                code: r.code,
                label_en: r.label_en,
                label_mn: r.label_mn,
                provisional_mn: true,
                ..Default::default()
            });
        } else {
            let meant = out
                .iter_mut()
                .find(|t| t.vocabulary == vocabulary && t.code == r.term)
                .ok_or_else(|| Error::doc("demo", format!("uhri_terms.csv: no term {}", r.term)))?;
            meant.aliases.push(r.label_en);
        }
    }
    Ok(out)
}
