//! Records found by what makes them unique to the people who use them: a
//! recommendation's code in its document, an organisation's short name, a
//! recommendation's plan entry.

use uuid::Uuid;

use super::Store;
use crate::error::Result;
use crate::model::{Cluster, Organisation, PlanEntry, Recommendation, Source};

impl Store {
    /// The recommendations of a source document with this code.
    pub fn recommendations_coded(&self, code: &str, source: Uuid) -> Result<Vec<Recommendation>> {
        self.select("code = ?1 AND source = ?2", &[&code, &source.to_string()])
    }

    /// The cluster with this slug.
    pub fn cluster_by_slug(&self, slug: &str) -> Result<Option<Cluster>> {
        Ok(self.select("slug = ?1", &[&slug])?.into_iter().next())
    }

    /// The source document with this symbol (A/HRC/30/6).
    pub fn source_by_document(&self, document: &str) -> Result<Option<Source>> {
        Ok(self
            .select("document = ?1", &[&document])?
            .into_iter()
            .next())
    }

    /// Organisations with this short name, in any case.
    pub fn organisations_named(&self, short: &str) -> Result<Vec<Organisation>> {
        self.select("short = ?1 COLLATE NOCASE", &[&short])
    }

    /// The plan entries of a recommendation that are not archived.
    pub fn live_plan_entries_of(&self, rec: Uuid) -> Result<Vec<PlanEntry>> {
        self.select(
            "recommendation = ?1 AND NOT json_extract(data, '$.archived')",
            &[&rec.to_string()],
        )
    }
}

impl Store {
    /// The ids of a kind's archived records.
    pub fn archived_ids(&self, kind: crate::model::RecordKind) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id FROM {} WHERE json_extract(data, '$.archived') ORDER BY id",
            kind.name()
        ))?;
        let ids = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }
}

/// One organisation's current assessment: level, date, evidence.
pub type Current = (String, String, String);

impl Store {
    /// Records of a kind that are not archived, in the order they were
    /// indexed.
    pub fn live<R: crate::model::Record>(&self) -> Result<Vec<R>> {
        self.select("NOT json_extract(data, '$.archived')", &[])
    }

    /// Recommendations not archived, in list order (codes naturally).
    pub fn live_recommendations_in_order(&self) -> Result<Vec<Recommendation>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT data FROM recommendation WHERE NOT archived ORDER BY sort_key, id",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.map(|j| super::query::parse::<Recommendation>(&j?))
            .collect()
    }

    /// Every organisation's current assessment of every recommendation, in
    /// one query: (recommendation, organisation, (level, date, evidence)).
    pub fn current_assessments_with_evidence(&self) -> Result<Vec<(String, String, Current)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT ca.recommendation, ca.org, ca.level, a.date,
                    coalesce(json_extract(a.data, '$.evidence'), '')
             FROM current_assessment ca JOIN assessment a ON a.id = ca.assessment",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                (
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?.unwrap_or_default(),
                    r.get::<_, String>(4)?,
                ),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
