//! What was recommended: sources, recommendations, clusters and vocabularies.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::validate as v;
use super::{IndexTerms, Lang, Mechanism, Record, RecordKind, Response, TreatyBody, Vocabulary};
use crate::error::{Error, Result};

/// The document a recommendation comes from: a UPR Working Group report, a
/// treaty body's concluding observations, a special procedure's report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Source {
    pub id: Uuid,
    pub mechanism: Mechanism,
    /// The treaty body (ccpr, cat, ...) or the special procedure's mandate.
    pub body: String,
    /// UPR cycle (1, 2, 3, 4...).
    pub cycle: Option<u32>,
    /// UPR Working Group session.
    pub session: Option<u32>,
    /// Document symbol, e.g. A/HRC/30/6 or CAT/C/MNG/CO/2.
    pub document: String,
    pub date: Option<String>,
    pub title: String,
    pub archived: bool,
}

impl Record for Source {
    const KIND: RecordKind = RecordKind::Source;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        v::required("document", &self.document)?;
        v::line("document", &self.document)?;
        v::line("title", &self.title)?;
        v::line("body", &self.body)?;
        v::opt_date("date", &self.date)?;
        match self.mechanism {
            Mechanism::Treaty => {
                self.body.parse::<TreatyBody>()?;
            }
            Mechanism::Special => v::required("body", &self.body)?,
            Mechanism::Upr | Mechanism::Other => {}
        }
        if self.mechanism != Mechanism::Upr && (self.cycle.is_some() || self.session.is_some()) {
            return Err(Error::invalid(
                "cycle",
                "only UPR sources have a cycle and a session",
            ));
        }
        Ok(())
    }
    fn index_terms(&self) -> IndexTerms {
        IndexTerms {
            tags: vec![("document", self.document.clone())],
            text: None,
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Recommendation {
    pub id: Uuid,
    /// The paragraph number in the source, e.g. 107.12.
    pub code: String,
    pub source: Uuid,
    pub text_en: String,
    pub text_mn: String,
    /// Which text is the official one; the other is a translation.
    pub official: Lang,
    pub states: Vec<String>,
    pub response: Response,
    /// Where the State gave its position, e.g. A/HRC/30/6/Add.1.
    pub response_source: String,
    pub themes: Vec<String>,
    pub affected: Vec<String>,
    pub sdg: Vec<String>,
    pub cluster: Option<Uuid>,
    pub lead: Vec<Uuid>,
    pub supporting: Vec<Uuid>,
    /// The regional groups of the recommending States, as the Universal
    /// Human Rights Index gives them.
    pub regions: Vec<String>,
    /// The Universal Human Rights Index's annotation id: its identity
    /// across re-imports of the Index's exports.
    pub uhri_id: String,
    /// UPR Info's action category, 1 (minimal action) to 5 (specific
    /// action).
    pub action_category: Option<u8>,
    /// For a treaty body's recommendation it singled out for follow-up: the
    /// date the State's follow-up information is due.
    pub follow_up_due: Option<String>,
    /// Earlier recommendations this one repeats or continues, as people
    /// accepted them ("recommended again in cycle 3").
    pub continues: Vec<Uuid>,
    /// Recommendations people said this one is not alike: not suggested
    /// with it again.
    pub unrelated: Vec<Uuid>,
    /// Written for the demo, not an official text.
    pub illustrative: bool,
    pub archived: bool,
}

impl Recommendation {
    /// The text in the wanted language, else the other one; the flag says
    /// whether it fell back.
    pub fn text(&self, lang: Lang) -> (&str, bool) {
        let (want, other) = match lang {
            Lang::En => (&self.text_en, &self.text_mn),
            Lang::Mn => (&self.text_mn, &self.text_en),
        };
        if want.trim().is_empty() {
            (other, true)
        } else {
            (want, false)
        }
    }
}

impl Record for Recommendation {
    const KIND: RecordKind = RecordKind::Recommendation;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        v::required("code", &self.code)?;
        v::line("code", &self.code)?;
        if self.text_en.trim().is_empty() && self.text_mn.trim().is_empty() {
            return Err(Error::invalid(
                "text",
                "is required in English or Mongolian",
            ));
        }
        let official = match self.official {
            Lang::En => &self.text_en,
            Lang::Mn => &self.text_mn,
        };
        if official.trim().is_empty() {
            return Err(Error::invalid(
                "official",
                format!("the official text ({}) is empty", self.official),
            ));
        }
        v::text("text_en", &self.text_en)?;
        v::text("text_mn", &self.text_mn)?;
        v::lines("states", &self.states)?;
        v::line("response_source", &self.response_source)?;
        v::lines("themes", &self.themes)?;
        v::lines("affected", &self.affected)?;
        v::lines("regions", &self.regions)?;
        v::list("sdg", &self.sdg)?;
        self.sdg.iter().try_for_each(|t| v::sdg(t))?;
        v::line("uhri_id", &self.uhri_id)?;
        v::opt_date("follow_up_due", &self.follow_up_due)?;
        if let Some(c) = self.action_category
            && !(1..=5).contains(&c)
        {
            return Err(Error::invalid(
                "action_category",
                format!("{c} is not an action category: UPR Info's run from 1 to 5"),
            ));
        }
        v::list("lead", &self.lead)?;
        v::list("supporting", &self.supporting)
    }
    fn index_terms(&self) -> IndexTerms {
        let mut tags = Vec::new();
        let mut add = |kind: &'static str, values: &[String]| {
            tags.extend(values.iter().map(|v| (kind, v.clone())));
        };
        add("theme", &self.themes);
        add("affected", &self.affected);
        add("sdg", &self.sdg);
        add("state", &self.states);
        tags.extend(self.lead.iter().map(|o| ("lead", o.to_string())));
        tags.extend(
            self.supporting
                .iter()
                .map(|o| ("supporting", o.to_string())),
        );
        IndexTerms {
            tags,
            text: Some(format!(
                "{} {} {} {}",
                self.code,
                self.text_en,
                self.text_mn,
                self.states.join(" ")
            )),
            sort_key: Some(crate::store::index::natural_key(&self.code)),
        }
    }
}

/// Recommendations from several mechanisms that ask for the same thing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Cluster {
    pub id: Uuid,
    pub slug: String,
    pub title_en: String,
    pub title_mn: String,
    pub archived: bool,
}

impl Record for Cluster {
    const KIND: RecordKind = RecordKind::Cluster;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        v::required("slug", &self.slug)?;
        v::line("slug", &self.slug)?;
        v::line("title_en", &self.title_en)?;
        v::line("title_mn", &self.title_mn)
    }
}

/// A term of a controlled vocabulary (themes, affected persons).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Term {
    pub id: Uuid,
    pub vocabulary: Vocabulary,
    pub code: String,
    pub label_en: String,
    pub label_mn: String,
    /// Other labels that mean this term: how the UN's lists name it, mapped
    /// to it once so that every later import finds it.
    pub aliases: Vec<String>,
    /// Its Mongolian label is a provisional translation, for a reviewer to
    /// check.
    pub provisional_mn: bool,
    pub archived: bool,
}

impl Record for Term {
    const KIND: RecordKind = RecordKind::Term;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        v::required("code", &self.code)?;
        v::line("code", &self.code)?;
        v::required("label_en", &self.label_en)?;
        v::line("label_en", &self.label_en)?;
        v::line("label_mn", &self.label_mn)?;
        for a in &self.aliases {
            v::required("aliases", a)?;
            v::line("aliases", a)?;
        }
        Ok(())
    }
    fn index_terms(&self) -> IndexTerms {
        IndexTerms {
            tags: vec![(self.vocabulary.as_str(), self.code.clone())],
            text: None,
            ..Default::default()
        }
    }
}
