//! What one organisation says: its assessments, measurements and comments.
//! These live in the organisation's own document, which only its devices write.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::validate as v;
use super::{CommentStatus, IndexTerms, Level, Record, RecordKind, TargetKind, Visibility};
use crate::error::{Error, Result};

/// One organisation's judgement of a recommendation's level of
/// implementation on a date. The newest one per organisation is its current view.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Assessment {
    pub id: Uuid,
    pub recommendation: Uuid,
    pub org: Uuid,
    pub level: Level,
    pub date: String,
    pub evidence: String,
    pub method_note: String,
    pub archived: bool,
}

impl Record for Assessment {
    const KIND: RecordKind = RecordKind::Assessment;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn owner(&self) -> Option<Uuid> {
        Some(self.org)
    }
    fn validate(&self) -> Result<()> {
        v::date("date", &self.date)?;
        v::text("evidence", &self.evidence)?;
        v::text("method_note", &self.method_note)
    }
}

/// A value broken down by one dimension, e.g. sex = female.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Disaggregated {
    pub dimension: String,
    pub category: String,
    pub value: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Measurement {
    pub id: Uuid,
    pub indicator: Uuid,
    /// The reporting organisation (whose document holds it).
    pub org: Uuid,
    /// The period measured: a year (2017), a quarter (2017-Q2), a month
    /// (2017-05) or a date.
    pub period: String,
    pub value: f64,
    pub disaggregated: Vec<Disaggregated>,
    pub source: String,
    pub note: String,
    pub archived: bool,
}

/// Checks a reporting period and gives the date it ends, for ordering and
/// "due" computations.
pub fn period_end(period: &str) -> Result<jiff::civil::Date> {
    let bad = || {
        Error::problem(
            "period",
            crate::problem::Problem::NotAPeriod {
                value: period.to_owned(),
            },
        )
    };
    let p = period.trim();
    let year = |s: &str| -> Result<i16> {
        let y: i16 = s.parse().map_err(|_| bad())?;
        if v::YEARS.contains(&y) {
            Ok(y)
        } else {
            Err(bad())
        }
    };
    let date = |y: i16, m: i8| {
        jiff::civil::Date::new(y, m, 1)
            .map(|d| d.last_of_month())
            .map_err(|_| bad())
    };
    // Byte positions below are safe: only ASCII gets this far.
    if !p.is_ascii() {
        return Err(bad());
    }
    match p.len() {
        4 => date(year(p)?, 12),
        7 if &p[4..6] == "-Q" => {
            let q: i8 = p[6..].parse().map_err(|_| bad())?;
            if !(1..=4).contains(&q) {
                return Err(bad());
            }
            date(year(&p[..4])?, q * 3)
        }
        7 => {
            let m: i8 = p[5..].parse().map_err(|_| bad())?;
            if p.as_bytes()[4] != b'-' {
                return Err(bad());
            }
            date(year(&p[..4])?, m)
        }
        10 => v::date("period", p),
        _ => Err(bad()),
    }
}

impl Record for Measurement {
    const KIND: RecordKind = RecordKind::Measurement;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn owner(&self) -> Option<Uuid> {
        Some(self.org)
    }
    fn validate(&self) -> Result<()> {
        period_end(&self.period)?;
        v::number("value", self.value)?;
        v::list("disaggregated", &self.disaggregated)?;
        for d in &self.disaggregated {
            v::required("disaggregated", &d.dimension)?;
            v::required("disaggregated", &d.category)?;
            v::number("disaggregated", d.value)?;
        }
        v::line("source", &self.source)?;
        v::text("note", &self.note)
    }
}

/// A comment or progress report on a recommendation, activity or indicator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Comment {
    pub id: Uuid,
    pub target_kind: TargetKind,
    pub target: Uuid,
    pub org: Uuid,
    pub author: Option<Uuid>,
    pub date: String,
    pub text: String,
    pub visibility: Visibility,
    pub status: CommentStatus,
    pub archived: bool,
}

impl Record for Comment {
    const KIND: RecordKind = RecordKind::Comment;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn owner(&self) -> Option<Uuid> {
        Some(self.org)
    }
    fn private(&self) -> bool {
        self.visibility == Visibility::Internal || self.status == CommentStatus::Draft
    }
    fn validate(&self) -> Result<()> {
        v::date("date", &self.date)?;
        v::required("text", &self.text)?;
        v::text("text", &self.text)
    }
    fn index_terms(&self) -> IndexTerms {
        IndexTerms {
            tags: vec![],
            text: Some(self.text.clone()),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::period_end;

    #[test]
    fn periods_end_on_the_last_day_they_cover() {
        assert_eq!(period_end("2017").unwrap().to_string(), "2017-12-31");
        assert_eq!(period_end("2017-Q2").unwrap().to_string(), "2017-06-30");
        assert_eq!(period_end("2016-02").unwrap().to_string(), "2016-02-29");
        assert_eq!(period_end("2016-02-10").unwrap().to_string(), "2016-02-10");
        for bad in [
            "17", "2017-Q5", "2017-13", "2017/05", "", "abcd", "2017г.", "abcéQ1", "2017Q02",
        ] {
            assert!(period_end(bad).is_err(), "{bad} accepted");
        }
    }
}
