//! Views across the whole workspace: the dashboard's counts, what is overdue
//! or due for reporting, an indicator with its measurements, the roster.

use serde::Serialize;
use uuid::Uuid;

use super::read::IndicatorView;
use super::{Workspace, today};
use crate::error::Result;
use crate::model::*;

/// How many recommendations one organisation currently judges to be at one
/// level, within one group (a mechanism, a theme, a lead organisation).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LevelCount {
    /// The mechanism word, the theme, or the lead organisation's id; empty
    /// for the workspace as a whole.
    pub group: String,
    /// The organisation whose view this is.
    pub org: Uuid,
    pub level: Level,
    pub count: u32,
}

/// An activity of the action plan, with the recommendation it serves.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActivityRow {
    pub activity: Activity,
    /// The recommendation the activity's plan entry is for, if one.
    pub recommendation: Option<Uuid>,
    pub recommendation_code: Option<String>,
    /// Past its end date and neither completed nor cancelled.
    pub overdue: bool,
}

/// A meeting with the decisions it took.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeetingView {
    pub meeting: Meeting,
    pub decisions: Vec<Decision>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IndicatorDue {
    pub indicator: Indicator,
    /// The newest period measured, if any.
    pub last_period: Option<String>,
    /// When the next measurement is expected (ISO date).
    pub due: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SyncMark {
    pub folder: String,
    /// Milliseconds since the epoch.
    pub time: f64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dashboard {
    /// The UPR cycle shown (with the other mechanisms' recommendations);
    /// None: every cycle.
    pub cycle: Option<u32>,
    pub recommendations: u32,
    pub organisations: Vec<Organisation>,
    pub overall: Vec<LevelCount>,
    pub by_mechanism: Vec<LevelCount>,
    pub by_theme: Vec<LevelCount>,
    pub by_lead: Vec<LevelCount>,
    /// The most overdue activities (at most `DASHBOARD_LIST`), and how many
    /// there are in all.
    pub overdue: Vec<ActivityRow>,
    pub overdue_total: u32,
    /// The most urgent indicators (at most `DASHBOARD_LIST`), and how many
    /// are due in all.
    pub indicators_due: Vec<IndicatorDue>,
    pub indicators_due_total: u32,
    pub last_sync: Option<SyncMark>,
}

/// How many overdue activities and due indicators the dashboard lists; the
/// action plan and indicator screens list them all.
pub const DASHBOARD_LIST: usize = 20;

/// Indicators whose next measurement falls within this many days count as
/// due for reporting.
const DUE_WINDOW_DAYS: i32 = 60;

impl Workspace {
    /// The dashboard's four groupings (overall, by mechanism, theme and
    /// lead organisation) in one pass over the current assessments: four
    /// GROUP BY queries joined the 100,000 of a large workspace four times
    /// (≈ 1 s), one read and hash maps take a fraction of it.
    fn level_counts(&self, cycle: Option<u32>) -> Result<(u32, [Vec<LevelCount>; 4])> {
        use std::collections::{BTreeMap, HashMap};
        #[derive(Default)]
        struct Groups {
            mechanism: Option<String>,
            themes: Vec<String>,
            leads: Vec<String>,
        }
        let mut recs: HashMap<String, Groups> = HashMap::new();
        for (id, has_source, mechanism, source_cycle) in self.store.live_recommendation_sources()? {
            // Another UPR cycle than the one shown is left out; the other
            // mechanisms have no cycle and always count.
            if let Some(c) = cycle
                && has_source
                && mechanism.as_deref() == Some("upr")
                && source_cycle != Some(c)
            {
                continue;
            }
            recs.insert(
                id,
                Groups {
                    mechanism: has_source.then(|| mechanism.unwrap_or_default()),
                    ..Default::default()
                },
            );
        }
        for (id, tag, value) in self.store.themes_and_leads()? {
            if let Some(g) = recs.get_mut(&id) {
                if tag == "theme" {
                    g.themes.push(value);
                } else {
                    g.leads.push(value);
                }
            }
        }
        type Key = (String, String, String);
        let mut counts: [BTreeMap<Key, u32>; 4] = Default::default();
        for (rec, org, level) in self.store.all_current_levels()? {
            let Some(g) = recs.get(&rec) else {
                continue;
            };
            let mut add = |i: usize, group: &str| {
                *counts[i]
                    .entry((group.to_owned(), org.clone(), level.clone()))
                    .or_default() += 1;
            };
            add(0, "");
            if let Some(m) = &g.mechanism {
                add(1, m);
            }
            g.themes.iter().for_each(|t| add(2, t));
            g.leads.iter().for_each(|l| add(3, l));
        }
        let shown = recs.len() as u32;
        Ok((
            shown,
            counts.map(|grouping| {
                grouping
                    .into_iter()
                    // A row the index holds but this version cannot read is
                    // left out of the counts rather than failing the view.
                    .filter_map(|((group, org, level), count)| {
                        Some(LevelCount {
                            group,
                            org: org.parse().ok()?,
                            level: level.parse().ok()?,
                            count,
                        })
                    })
                    .collect()
            }),
        ))
    }

    /// Implementation at a glance: every organisation's current view by
    /// mechanism, theme and lead organisation (of one UPR cycle and the
    /// other mechanisms, or of all); overdue activities; indicators due for
    /// reporting; the last sync.
    pub fn dashboard(&self, cycle: Option<u32>) -> Result<Dashboard> {
        let mut organisations: Vec<Organisation> = self
            .store
            .all::<Organisation>()?
            .into_iter()
            .filter(|o| !o.archived)
            .collect();
        organisations.sort_by(|a, b| a.short.cmp(&b.short));
        let today = today();
        let mut overdue = self.overdue_activities()?;
        let overdue_total = overdue.len() as u32;
        overdue.truncate(DASHBOARD_LIST);
        let mut indicators_due = self.indicators_due(today)?;
        let indicators_due_total = indicators_due.len() as u32;
        indicators_due.truncate(DASHBOARD_LIST);
        let last_sync = self
            .synced_folders()?
            .into_iter()
            .max_by_key(|(_, t)| *t)
            .map(|(folder, time)| SyncMark {
                folder,
                time: time as f64,
            });
        let (recommendations, [overall, by_mechanism, by_theme, by_lead]) =
            self.level_counts(cycle)?;
        Ok(Dashboard {
            cycle,
            recommendations,
            organisations,
            overall,
            by_mechanism,
            by_theme,
            by_lead,
            overdue,
            overdue_total,
            indicators_due,
            indicators_due_total,
            last_sync,
        })
    }

    /// Indicators whose next measurement is due within the window (or
    /// late), the most urgent first.
    fn indicators_due(&self, today: jiff::civil::Date) -> Result<Vec<IndicatorDue>> {
        let horizon = today.saturating_add(jiff::Span::new().days(DUE_WINDOW_DAYS));
        let mut out = Vec::new();
        for view in self.indicators()? {
            let last = view.measurements.last().map(|m| m.period.clone());
            let due = next_due(&view.indicator, last.as_deref(), today);
            if due <= horizon {
                out.push(IndicatorDue {
                    indicator: view.indicator,
                    last_period: last,
                    due: due.to_string(),
                });
            }
        }
        out.sort_by(|a, b| a.due.cmp(&b.due));
        Ok(out)
    }

    /// Every activity of the action plan that is not archived, by end date
    /// (those without one last).
    pub fn activities(&self) -> Result<Vec<ActivityRow>> {
        self.activity_rows(false)
    }

    /// The activities past their end date and neither completed nor
    /// cancelled; the database picks them, so the rest are never read.
    pub fn overdue_activities(&self) -> Result<Vec<ActivityRow>> {
        let rows = self.activity_rows(true)?;
        // The same rule as `Activity::is_overdue`, which stays the judge.
        Ok(rows.into_iter().filter(|r| r.overdue).collect())
    }

    fn activity_rows(&self, overdue_only: bool) -> Result<Vec<ActivityRow>> {
        let today = today();
        let mut out = Vec::new();
        for (activity, rec, code) in self.store.activities_with_codes(overdue_only)? {
            out.push(ActivityRow {
                overdue: activity.is_overdue(today),
                activity,
                recommendation: rec.and_then(|r| r.parse().ok()),
                recommendation_code: code,
            });
        }
        out.sort_by(|a, b| {
            (a.activity.end.is_none(), &a.activity.end)
                .cmp(&(b.activity.end.is_none(), &b.activity.end))
        });
        Ok(out)
    }

    /// Every meeting, the latest first, with its decisions.
    pub fn meetings(&self) -> Result<Vec<MeetingView>> {
        let decisions = self.store.all::<Decision>()?;
        let mut out: Vec<MeetingView> = self
            .store
            .all::<Meeting>()?
            .into_iter()
            .filter(|m| !m.archived)
            .map(|meeting| MeetingView {
                decisions: decisions
                    .iter()
                    .filter(|d| d.meeting == meeting.id && !d.archived)
                    .cloned()
                    .collect(),
                meeting,
            })
            .collect();
        out.sort_by(|a, b| b.meeting.date.cmp(&a.meeting.date));
        Ok(out)
    }

    /// One indicator and its measurements, oldest period first.
    pub fn indicator_view(&self, id: Uuid) -> Result<Option<IndicatorView>> {
        let Some(indicator) = self.store.get::<Indicator>(id)? else {
            return Ok(None);
        };
        Ok(Some(IndicatorView {
            measurements: self.measurements_of(id)?,
            indicator,
        }))
    }

    /// Every indicator that is not archived, with its measurements.
    pub fn indicators(&self) -> Result<Vec<IndicatorView>> {
        // All measurements in one pass rather than a query per indicator.
        let mut by_indicator: std::collections::HashMap<Uuid, Vec<Measurement>> =
            Default::default();
        for m in self.store.live::<Measurement>()? {
            by_indicator.entry(m.indicator).or_default().push(m);
        }
        let mut out = Vec::new();
        for indicator in self.store.all::<Indicator>()? {
            if indicator.archived {
                continue;
            }
            let mut measurements = by_indicator.remove(&indicator.id).unwrap_or_default();
            measurements.sort_by_key(|m| period_end(&m.period).ok());
            out.push(IndicatorView {
                measurements,
                indicator,
            });
        }
        out.sort_by(|a, b| a.indicator.title_en.cmp(&b.indicator.title_en));
        Ok(out)
    }

    fn measurements_of(&self, indicator: Uuid) -> Result<Vec<Measurement>> {
        let mut ms = self.store.live_measurements_of(indicator)?;
        ms.sort_by_key(|m| period_end(&m.period).ok());
        Ok(ms)
    }

    /// The recommendation's plan entry, made if it has none: activities
    /// and indicators hang from it.
    pub fn plan_entry_for(&mut self, rec: Uuid) -> Result<Uuid> {
        let existing = self.store.live_plan_entries_of(rec)?;
        if let Some(e) = existing.first() {
            return Ok(e.id);
        }
        let code = self
            .store
            .get::<Recommendation>(rec)?
            .map(|r| r.code)
            .ok_or_else(|| crate::error::Error::NotFound {
                what: "recommendation",
                key: rec.to_string(),
            })?;
        let e = PlanEntry {
            id: Uuid::new_v4(),
            recommendation: Some(rec),
            ..Default::default()
        };
        self.create(&e, &format!("add a plan for {code}"))?;
        Ok(e.id)
    }
}

/// A recommendation the organisations currently judge differently.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Divergence {
    pub recommendation: Recommendation,
    /// Each organisation's current level, by organisation id.
    pub levels: Vec<(Uuid, Level)>,
}

impl Workspace {
    /// The recommendations on which organisations' current assessments
    /// differ, by code (at most `limit`), and how many there are in all.
    pub fn divergences(&self, limit: usize) -> Result<(Vec<Divergence>, u32)> {
        let (recs, total) = self.store.divergent(limit)?;
        let mut out = Vec::with_capacity(recs.len());
        for recommendation in recs {
            let mut levels: Vec<(Uuid, Level)> = self
                .store
                .current_levels(recommendation.id)?
                .into_iter()
                .map(|(org, _, level)| (org, level))
                .collect();
            levels.sort_by_key(|(org, _)| org.to_string());
            out.push(Divergence {
                recommendation,
                levels,
            });
        }
        Ok((out, total))
    }
}

/// When an indicator's next measurement is expected: one reporting period
/// after the last one measured; with none, at its baseline date or now.
/// When an indicator's next measurement is expected: a reporting step after
/// its newest period, else after its baseline, else today.
pub fn next_due(
    ind: &Indicator,
    last: Option<&str>,
    today: jiff::civil::Date,
) -> jiff::civil::Date {
    let step = match ind.frequency {
        Frequency::Monthly => jiff::Span::new().months(1),
        Frequency::Quarterly => jiff::Span::new().months(3),
        Frequency::Annual => jiff::Span::new().years(1),
        Frequency::Biennial => jiff::Span::new().years(2),
    };
    match last.and_then(|p| period_end(p).ok()) {
        Some(end) => end.saturating_add(step),
        None => ind
            .baseline_date
            .as_deref()
            .and_then(|d| period_end(d).ok())
            .map_or(today, |d| d.saturating_add(step)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> jiff::civil::Date {
        s.parse().unwrap()
    }

    #[test]
    fn an_annual_indicator_is_due_a_year_after_its_last_period() {
        let ind = Indicator {
            frequency: Frequency::Annual,
            ..Default::default()
        };
        assert_eq!(
            next_due(&ind, Some("2024"), date("2026-01-01")),
            date("2025-12-31")
        );
        let quarterly = Indicator {
            frequency: Frequency::Quarterly,
            ..Default::default()
        };
        assert_eq!(
            next_due(&quarterly, Some("2025-Q1"), date("2026-01-01")),
            date("2025-06-30")
        );
    }

    #[test]
    fn an_indicator_never_measured_is_due_now_without_a_baseline() {
        let ind = Indicator::default();
        assert_eq!(next_due(&ind, None, date("2026-03-01")), date("2026-03-01"));
    }
}
