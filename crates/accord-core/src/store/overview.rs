//! The reads behind the views across the workspace (the dashboard, the
//! plan, the indicators): each one query for the lot, since a workspace has
//! thousands of recommendations, activities and assessments.

use uuid::Uuid;

use super::Store;
use super::query::parse;
use crate::error::Result;
use crate::model::{Activity, Measurement, Recommendation};

/// A recommendation not archived and where it comes from: (id, whether its
/// source is known, the source's mechanism, the source's UPR cycle).
pub type RecSource = (String, bool, Option<String>, Option<u32>);

/// An activity with the recommendation its plan entry serves, if any, and
/// that recommendation's code.
pub type ActivityOf = (Activity, Option<String>, Option<String>);

impl Store {
    /// Every recommendation not archived with its source's mechanism and cycle.
    pub fn live_recommendation_sources(&self) -> Result<Vec<RecSource>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, s.id IS NOT NULL, s.mechanism, s.cycle FROM recommendation r
             LEFT JOIN source s ON s.id = r.source WHERE NOT r.archived",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The themes and lead organisations of every record: (id, tag, value).
    pub fn themes_and_leads(&self) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, tag, value FROM tag WHERE tag IN ('theme', 'lead')")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every organisation's current level of every recommendation:
    /// (recommendation, organisation, level).
    pub fn all_current_levels(&self) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT recommendation, org, level FROM current_assessment")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The activities not archived, each with the recommendation it serves;
    /// with `overdue_only`, those the database already knows are past their
    /// end and open (the caller's rule stays the judge).
    pub fn activities_with_codes(&self, overdue_only: bool) -> Result<Vec<ActivityOf>> {
        let condition = if overdue_only {
            "json_extract(a.data, '$.end') < date('now', 'localtime')
             AND json_extract(a.data, '$.status') NOT IN ('completed', 'cancelled')"
        } else {
            "1"
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.data, p.recommendation, r.code FROM activity a
             LEFT JOIN plan_entry p ON p.id = a.plan
             LEFT JOIN recommendation r ON r.id = p.recommendation
             WHERE NOT json_extract(a.data, '$.archived') AND ({condition})"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (data, rec, code) = row?;
            Ok((parse::<Activity>(&data)?, rec, code))
        })
        .collect()
    }

    /// An indicator's measurements that are not archived.
    pub fn live_measurements_of(&self, indicator: Uuid) -> Result<Vec<Measurement>> {
        self.select(
            "indicator = ?1 AND NOT json_extract(data, '$.archived')",
            &[&indicator.to_string()],
        )
    }

    /// The recommendations not archived on which organisations' current
    /// levels differ, by code (at most `limit`), and how many there are.
    pub fn divergent(&self, limit: usize) -> Result<(Vec<Recommendation>, u32)> {
        const DIVERGENT: &str = "SELECT recommendation FROM current_assessment
             GROUP BY recommendation HAVING count(DISTINCT level) > 1";
        let total: u32 = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM recommendation r WHERE NOT r.archived AND r.id IN ({DIVERGENT})"
            ),
            [],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT r.data FROM recommendation r WHERE r.id IN ({DIVERGENT})
             AND NOT r.archived ORDER BY r.sort_key, r.id LIMIT ?1"
        ))?;
        let recs = stmt
            .query_map([limit as i64], |r| r.get::<_, String>(0))?
            .map(|j| parse::<Recommendation>(&j?))
            .collect::<Result<_>>()?;
        Ok((recs, total))
    }
}
