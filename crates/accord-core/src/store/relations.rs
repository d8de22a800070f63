//! Records found by what they hang from: a recommendation's plan entries,
//! assessments, comments and decisions, a plan entry's activities and
//! indicators, the recommendations that continue one; a device by its key;
//! and the history and conflicts the index keeps.

use uuid::Uuid;

use super::Store;
use crate::error::Result;
use crate::model::*;

/// One line of a record's history as the index holds it: (time, device,
/// message, kind, record, created, fields joined by commas).
pub type HistoryRow = (i64, String, String, String, String, bool, String);

/// An open conflict as the index holds it: (document, kind, record, field,
/// the values as JSON).
pub type ConflictRow = (String, String, String, String, String);

impl Store {
    /// The device with this public key (hex).
    pub fn device_by_key(&self, key: &str) -> Result<Option<Device>> {
        Ok(self.select("key = ?1", &[&key])?.into_iter().next())
    }

    /// The plan entries, not archived, of a recommendation or of its cluster.
    pub fn live_plan_entries_for(
        &self,
        rec: Uuid,
        cluster: Option<Uuid>,
    ) -> Result<Vec<PlanEntry>> {
        let cluster = cluster.map(|c| c.to_string()).unwrap_or_default();
        self.select(
            "NOT json_extract(data, '$.archived') AND (recommendation = ?1 OR (cluster IS NOT NULL AND cluster = ?2))",
            &[&rec.to_string(), &cluster],
        )
    }

    /// The activities of a plan entry that are not archived.
    pub fn live_activities_of(&self, plan: Uuid) -> Result<Vec<Activity>> {
        self.select(
            "plan = ?1 AND NOT json_extract(data, '$.archived')",
            &[&plan.to_string()],
        )
    }

    /// The indicators of a plan entry that are not archived.
    pub fn live_indicators_of(&self, plan: Uuid) -> Result<Vec<Indicator>> {
        self.select(
            "plan = ?1 AND NOT json_extract(data, '$.archived')",
            &[&plan.to_string()],
        )
    }

    /// A recommendation's assessments; with `live`, only those not archived.
    pub fn assessments_of(&self, rec: Uuid, live: bool) -> Result<Vec<Assessment>> {
        let condition = if live {
            "recommendation = ?1 AND NOT archived"
        } else {
            "recommendation = ?1"
        };
        self.select(condition, &[&rec.to_string()])
    }

    /// The comments on a record; with `live`, only those not archived.
    pub fn comments_on(&self, target: Uuid, live: bool) -> Result<Vec<Comment>> {
        let condition = if live {
            "target = ?1 AND NOT json_extract(data, '$.archived')"
        } else {
            "target = ?1"
        };
        self.select(condition, &[&target.to_string()])
    }

    /// The meeting decisions that name a recommendation.
    pub fn decisions_about(&self, rec: Uuid) -> Result<Vec<Decision>> {
        self.select(
            "id IN (SELECT id FROM tag WHERE tag = 'recommendation' AND value = ?1)",
            &[&rec.to_string()],
        )
    }

    /// The recommendations that say they continue `rec`.
    pub fn continuing(&self, rec: Uuid) -> Result<Vec<Recommendation>> {
        self.select(
            "EXISTS (SELECT 1 FROM json_each(data, '$.continues') WHERE value = ?1)",
            &[&rec.to_string()],
        )
    }

    /// Every change that touched a record, as the index's history holds it.
    pub fn history_of(&self, record: &str) -> Result<Vec<HistoryRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.time, c.device, c.message, h.kind, h.record, h.created, h.fields
             FROM history h JOIN change c ON c.hash = h.change
             WHERE h.record = ?1",
        )?;
        let rows = stmt.query_map([record], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every field that holds several values, by kind, record and field.
    pub fn conflict_rows(&self) -> Result<Vec<ConflictRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT doc, kind, record, field, detail FROM conflict ORDER BY kind, record, field",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
