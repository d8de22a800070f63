//! What an organisation records, one intent each: an assessment, a
//! measurement, a comment, an activity in a recommendation's plan. The
//! command line and the app pass what was typed; the record's organisation,
//! author and date, and the checks that need the workspace (today's date,
//! the indicator's unit, the recommendation's existence), are the core's.

use uuid::Uuid;

use super::{Workspace, today};
use crate::error::{Error, Result};
use crate::model::validate as v;
use crate::model::{
    Activity, Assessment, Comment, Indicator, Measurement, PlanEntry, Recommendation, Record,
    RecordKind, TargetKind,
};
use crate::problem::Problem;

/// Whose plan an activity joins.
#[derive(Debug, Clone, Copy)]
pub enum PlanOf {
    /// The recommendation's plan entry, made if it has none.
    Recommendation(Uuid),
    /// A plan entry (one for a cluster of recommendations, say).
    Entry(Uuid),
}

impl Workspace {
    /// Records this device's organisation's assessment of a recommendation:
    /// dated today unless a date is given (never a later one), with the
    /// evidence it rests on.
    pub fn assess(&mut self, typed: Assessment) -> Result<Assessment> {
        let mut a = typed;
        a.org = self.me().org;
        if a.date.trim().is_empty() {
            a.date = today().to_string();
        }
        check_assessment(&a)?;
        let rec = self.live::<Recommendation>(a.recommendation, "recommendation")?;
        self.create(&a, &format!("assess {}: {}", rec.code, a.level))?;
        Ok(a)
    }

    /// Records this device's organisation's measurement of an indicator;
    /// the value must fit the indicator's unit (a percentage within 0-100).
    pub fn record_measurement(&mut self, typed: Measurement) -> Result<Measurement> {
        let mut m = typed;
        m.org = self.me().org;
        m.validate()?;
        let ind = self.live::<Indicator>(m.indicator, "indicator")?;
        fits_unit(&ind, m.value)?;
        self.create(&m, &format!("measure {} for {}", m.value, m.period))?;
        Ok(m)
    }

    /// Adds a comment of this device's organisation, by this device's
    /// person, dated today.
    pub fn add_comment(&mut self, typed: Comment) -> Result<Comment> {
        let mut c = typed;
        c.org = self.me().org;
        c.author = Some(self.me().person);
        c.date = today().to_string();
        c.validate()?;
        let (kind, _) = self.locate(c.target)?;
        let expected = match c.target_kind {
            TargetKind::Recommendation => RecordKind::Recommendation,
            TargetKind::Activity => RecordKind::Activity,
            TargetKind::Indicator => RecordKind::Indicator,
        };
        if kind != expected {
            return Err(Error::invalid(
                "target",
                format!(
                    "comments are on recommendations, activities or indicators, not on a {kind}"
                ),
            ));
        }
        self.create(&c, &format!("comment on {kind}"))?;
        Ok(c)
    }

    /// Adds an activity to a recommendation's plan entry (made if it has
    /// none), with the organisation that leads it; all checked before
    /// anything is written.
    pub fn add_activity(&mut self, plan: PlanOf, typed: Activity) -> Result<Activity> {
        let mut a = typed;
        a.plan = Uuid::nil();
        a.validate()?;
        if a.lead.is_none() {
            return Err(Error::problem("lead", Problem::Required));
        }
        match plan {
            PlanOf::Recommendation(rec) => {
                self.live::<Recommendation>(rec, "recommendation")?;
            }
            PlanOf::Entry(entry) => {
                self.live::<PlanEntry>(entry, "plan entry")?;
            }
        }
        self.transaction(|ws| {
            a.plan = match plan {
                PlanOf::Recommendation(rec) => ws.plan_entry_for(rec)?,
                PlanOf::Entry(entry) => entry,
            };
            let title = if a.title_en.trim().is_empty() {
                &a.title_mn
            } else {
                &a.title_en
            };
            ws.create(&a, &format!("add activity: {}", clip(title, 60)))
        })?;
        Ok(a)
    }

    /// A record that exists and is not archived, or which one is missing.
    fn live<R: Record>(&self, id: Uuid, what: &'static str) -> Result<R> {
        match self.store.get::<R>(id)? {
            Some(r) if !r.archived() => Ok(r),
            _ => Err(Error::NotFound {
                what,
                key: id.to_string(),
            }),
        }
    }
}

/// What an assessment must hold, first entered or corrected: a date that
/// has come and the evidence it rests on.
pub(super) fn check_assessment(a: &Assessment) -> Result<()> {
    a.validate()?;
    v::past_date("date", &a.date, today())?;
    v::required("evidence", &a.evidence)
}

/// Refuses a value its indicator's unit does not allow (a percentage over
/// 100), for a measurement and for its correction alike.
pub(super) fn fits_unit(ind: &Indicator, value: f64) -> Result<()> {
    match ind.value_range() {
        Some((min, max)) if !(min..=max).contains(&value) => Err(Error::problem(
            "value",
            Problem::OutOfRange { value, min, max },
        )),
        _ => Ok(()),
    }
}

/// The first `n` characters of `s`, marked if cut.
pub(super) fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}
