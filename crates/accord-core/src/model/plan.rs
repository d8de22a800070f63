//! The government action plan: entries per recommendation or cluster, their
//! activities and indicators.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::validate as v;
use super::{ActivityStatus, Frequency, IndexTerms, IndicatorType, Record, RecordKind};
use crate::error::{Error, Result};

/// The plan for one recommendation or one cluster: its expected outcomes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct PlanEntry {
    pub id: Uuid,
    pub recommendation: Option<Uuid>,
    pub cluster: Option<Uuid>,
    /// Expected outcomes, in English and in Mongolian.
    pub outcomes: Vec<String>,
    pub outcomes_mn: Vec<String>,
    pub archived: bool,
}

impl Record for PlanEntry {
    const KIND: RecordKind = RecordKind::PlanEntry;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        if self.recommendation.is_some() == self.cluster.is_some() {
            return Err(Error::invalid(
                "plan",
                "a plan entry is for one recommendation or one cluster",
            ));
        }
        v::list("outcomes", &self.outcomes)?;
        v::list("outcomes_mn", &self.outcomes_mn)?;
        self.outcomes
            .iter()
            .chain(&self.outcomes_mn)
            .try_for_each(|o| v::text("outcomes", o))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Activity {
    pub id: Uuid,
    pub plan: Uuid,
    pub title_en: String,
    pub title_mn: String,
    pub lead: Option<Uuid>,
    pub supporting: Vec<Uuid>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub status: ActivityStatus,
    pub budget_note: String,
    pub archived: bool,
}

impl Activity {
    /// Past its end date and neither completed nor cancelled.
    pub fn is_overdue(&self, today: jiff::civil::Date) -> bool {
        let open = !matches!(
            self.status,
            ActivityStatus::Completed | ActivityStatus::Cancelled
        );
        let end = self
            .end
            .as_deref()
            .and_then(|e| e.parse::<jiff::civil::Date>().ok());
        open && end.is_some_and(|e| e < today)
    }
}

impl Record for Activity {
    const KIND: RecordKind = RecordKind::Activity;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        if self.title_en.trim().is_empty() && self.title_mn.trim().is_empty() {
            return Err(Error::problem("title", crate::problem::Problem::Required));
        }
        v::line("title_en", &self.title_en)?;
        v::line("title_mn", &self.title_mn)?;
        v::list("supporting", &self.supporting)?;
        let start = v::opt_date("start", &self.start)?;
        let end = v::opt_date("end", &self.end)?;
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            return Err(Error::problem(
                "end",
                crate::problem::Problem::BeforeStart {
                    value: e.to_string(),
                    start: s.to_string(),
                },
            ));
        }
        v::line("budget_note", &self.budget_note)
    }
    fn index_terms(&self) -> IndexTerms {
        let mut tags: Vec<_> = self
            .lead
            .map(|o| ("lead", o.to_string()))
            .into_iter()
            .collect();
        tags.extend(
            self.supporting
                .iter()
                .map(|o| ("supporting", o.to_string())),
        );
        IndexTerms {
            tags,
            text: Some(format!("{} {}", self.title_en, self.title_mn)),
            ..Default::default()
        }
    }
}

/// An indicator with the fields of OHCHR's metadata sheet.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Indicator {
    pub id: Uuid,
    pub plan: Option<Uuid>,
    pub title_en: String,
    pub title_mn: String,
    #[serde(rename = "type")]
    pub kind: IndicatorType,
    pub definition: String,
    pub rationale: String,
    pub method: String,
    pub data_source: String,
    pub disaggregation: String,
    pub periodicity: String,
    pub comments: String,
    /// The metadata in Mongolian, beside the English above; either may be
    /// empty where nobody has translated it yet.
    pub definition_mn: String,
    pub rationale_mn: String,
    pub method_mn: String,
    pub data_source_mn: String,
    pub disaggregation_mn: String,
    pub periodicity_mn: String,
    pub comments_mn: String,
    pub unit: String,
    pub baseline_value: Option<f64>,
    pub baseline_date: Option<String>,
    pub target_value: Option<f64>,
    pub target_date: Option<String>,
    pub responsible: Option<Uuid>,
    pub frequency: Frequency,
    pub archived: bool,
}

impl Indicator {
    /// The values its unit allows, where the unit says: a percentage
    /// 0-100, yes/no 0-1, a stated range such as "score (0-100)".
    pub fn value_range(&self) -> Option<(f64, f64)> {
        let unit = self.unit.trim().to_lowercase();
        if unit == "%" || unit.contains("percent") || unit.contains("хувь") {
            return Some((0.0, 100.0));
        }
        if unit == "yes/no" || unit == "тийм/үгүй" {
            return Some((0.0, 1.0));
        }
        let inside = unit.split_once('(')?.1.split_once(')')?.0;
        let (min, max) = inside.split_once(['-', '–'])?;
        let (min, max) = (min.trim().parse().ok()?, max.trim().parse().ok()?);
        (min < max).then_some((min, max))
    }
}

impl Record for Indicator {
    const KIND: RecordKind = RecordKind::Indicator;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        if self.title_en.trim().is_empty() && self.title_mn.trim().is_empty() {
            return Err(Error::problem("title", crate::problem::Problem::Required));
        }
        v::line("title_en", &self.title_en)?;
        v::line("title_mn", &self.title_mn)?;
        for (field, value) in [
            ("definition", &self.definition),
            ("rationale", &self.rationale),
            ("method", &self.method),
            ("data_source", &self.data_source),
            ("disaggregation", &self.disaggregation),
            ("periodicity", &self.periodicity),
            ("comments", &self.comments),
            ("definition_mn", &self.definition_mn),
            ("rationale_mn", &self.rationale_mn),
            ("method_mn", &self.method_mn),
            ("data_source_mn", &self.data_source_mn),
            ("disaggregation_mn", &self.disaggregation_mn),
            ("periodicity_mn", &self.periodicity_mn),
            ("comments_mn", &self.comments_mn),
        ] {
            v::text(field, value)?;
        }
        v::line("unit", &self.unit)?;
        if let Some(b) = self.baseline_value {
            v::number("baseline_value", b)?;
        }
        if let Some(t) = self.target_value {
            v::number("target_value", t)?;
        }
        v::opt_date("baseline_date", &self.baseline_date)?;
        v::opt_date("target_date", &self.target_date)?;
        Ok(())
    }
    fn index_terms(&self) -> IndexTerms {
        IndexTerms {
            tags: self
                .responsible
                .map(|o| ("responsible", o.to_string()))
                .into_iter()
                .collect(),
            text: Some(format!(
                "{} {} {} {} {} {}",
                self.title_en,
                self.title_mn,
                self.definition,
                self.definition_mn,
                self.method,
                self.method_mn
            )),
            ..Default::default()
        }
    }
}
