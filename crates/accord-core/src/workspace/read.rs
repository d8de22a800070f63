//! Views for people: a recommendation with everything about it, the history
//! of a record, the conflicts waiting for a choice.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value as Json};
use uuid::Uuid;

use super::Workspace;
use super::edit::short_id;
use crate::doc::{DocId, Document};
use crate::error::{Error, Result};
use crate::model::*;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IndicatorView {
    pub indicator: Indicator,
    /// Oldest period first.
    pub measurements: Vec<Measurement>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlanView {
    pub entry: PlanEntry,
    pub activities: Vec<Activity>,
    pub indicators: Vec<IndicatorView>,
}

/// One organisation's view of a recommendation: its current assessment and
/// the ones before.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssessmentColumn {
    pub org: Organisation,
    pub current: Assessment,
    pub earlier: Vec<Assessment>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecommendationView {
    pub recommendation: Recommendation,
    pub source: Option<Source>,
    pub cluster: Option<Cluster>,
    pub lead: Vec<Organisation>,
    pub supporting: Vec<Organisation>,
    pub plans: Vec<PlanView>,
    pub assessments: Vec<AssessmentColumn>,
    pub comments: Vec<Comment>,
    pub decisions: Vec<Decision>,
    pub conflicts: Vec<ConflictView>,
    /// The earlier recommendations this one continues, with each
    /// organisation's current view of them.
    pub continues: Vec<RelatedRec>,
    /// Later recommendations that continue this one.
    pub continued_by: Vec<RelatedRec>,
}

/// Another recommendation, as a recommendation's page shows it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RelatedRec {
    pub id: Uuid,
    pub code: String,
    pub document: String,
    pub text_en: String,
    pub text_mn: String,
    /// Each organisation's current level: (its short name, the level).
    pub levels: Vec<(String, Level)>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    /// Milliseconds since the epoch, as the device's clock said.
    pub time: i64,
    pub device: String,
    pub org: Option<String>,
    pub person: Option<String>,
    pub message: String,
    pub kind: String,
    pub record: String,
    pub created: bool,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ValueView {
    pub value: Json,
    pub device: String,
    pub org: Option<String>,
    pub time: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConflictView {
    pub doc: String,
    pub kind: String,
    pub record: String,
    /// The kind and the name people recognise, for the command line.
    pub label: String,
    /// The recommendation code, activity title... that people recognise.
    pub name: String,
    pub field: String,
    pub values: Vec<ValueView>,
}

/// Who a device is: (organisation short name, person name).
type Author = (Option<String>, Option<String>);

impl Workspace {
    fn orgs(&self, ids: &[Uuid]) -> Result<Vec<Organisation>> {
        ids.iter()
            .filter_map(|id| self.store.get::<Organisation>(*id).transpose())
            .collect()
    }

    fn author_of(&self, device_key: &str) -> Result<Author> {
        let Some(device) = self.store.device_by_key(device_key)? else {
            return Ok((None, None));
        };
        let org = self.store.get::<Organisation>(device.org)?.map(|o| o.short);
        let person = self.store.get::<Person>(device.person)?.map(|p| p.name);
        Ok((org, person))
    }

    pub fn recommendation_view(&self, id: Uuid) -> Result<RecommendationView> {
        let rec: Recommendation = self.store.get(id)?.ok_or(Error::NotFound {
            what: "recommendation",
            key: id.to_string(),
        })?;
        let sid = id.to_string();
        let entries = self.store.live_plan_entries_for(id, rec.cluster)?;
        let mut plans = Vec::new();
        let mut related: Vec<String> = vec![sid.clone()];
        for entry in entries {
            let pid = entry.id.to_string();
            let activities = self.store.live_activities_of(entry.id)?;
            let mut indicators = Vec::new();
            for indicator in self.store.live_indicators_of(entry.id)? {
                let mut measurements = self.store.live_measurements_of(indicator.id)?;
                measurements.sort_by_key(|m| (period_end(&m.period).ok(), m.id));
                related.push(indicator.id.to_string());
                indicators.push(IndicatorView {
                    indicator,
                    measurements,
                });
            }
            related.push(pid);
            related.extend(activities.iter().map(|a| a.id.to_string()));
            plans.push(PlanView {
                entry,
                activities,
                indicators,
            });
        }
        let mut all = self.store.assessments_of(id, true)?;
        all.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
        let mut assessments: Vec<AssessmentColumn> = Vec::new();
        for a in all {
            related.push(a.id.to_string());
            match assessments.iter_mut().find(|c| c.org.id == a.org) {
                Some(col) => col.earlier.push(a),
                None => {
                    if let Some(org) = self.store.get::<Organisation>(a.org)? {
                        assessments.push(AssessmentColumn {
                            org,
                            current: a,
                            earlier: vec![],
                        });
                    }
                }
            }
        }
        assessments.sort_by_key(|c| (c.org.kind, c.org.short.clone()));
        let mut comments = self.store.comments_on(id, true)?;
        comments.sort_by(|a, b| a.date.cmp(&b.date));
        let decisions = self.store.decisions_about(id)?;
        let conflicts = self
            .conflicts()?
            .into_iter()
            .filter(|c| related.contains(&c.record))
            .collect();
        let continues = rec
            .continues
            .iter()
            .filter_map(|id| self.store.get::<Recommendation>(*id).transpose())
            .map(|r| self.related(r?))
            .collect::<Result<_>>()?;
        let continued_by = self
            .store
            .continuing(id)?
            .into_iter()
            .map(|r| self.related(r))
            .collect::<Result<_>>()?;
        Ok(RecommendationView {
            continues,
            continued_by,
            source: self.store.get(rec.source)?,
            cluster: rec
                .cluster
                .map(|c| self.store.get(c))
                .transpose()?
                .flatten(),
            lead: self.orgs(&rec.lead)?,
            supporting: self.orgs(&rec.supporting)?,
            recommendation: rec,
            plans,
            assessments,
            comments,
            decisions,
            conflicts,
        })
    }

    fn related(&self, r: Recommendation) -> Result<RelatedRec> {
        let mut newest: std::collections::BTreeMap<Uuid, Assessment> = Default::default();
        for a in self.store.assessments_of(r.id, true)? {
            let keep = newest
                .get(&a.org)
                .is_none_or(|b| (a.date.as_str(), a.id) > (b.date.as_str(), b.id));
            if keep {
                newest.insert(a.org, a);
            }
        }
        let mut levels = Vec::new();
        for (org, a) in newest {
            if let Some(o) = self.store.get::<Organisation>(org)? {
                levels.push((o.short, a.level));
            }
        }
        levels.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(RelatedRec {
            id: r.id,
            code: r.code,
            document: self
                .store
                .get::<Source>(r.source)?
                .map(|s| s.document)
                .unwrap_or_default(),
            text_en: r.text_en,
            text_mn: r.text_mn,
            levels,
        })
    }

    /// Who changed what, when, on a recommendation and everything attached
    /// to it (plan, activities, indicators, measurements, assessments,
    /// comments), newest first.
    pub fn history(&self, id: Uuid) -> Result<Vec<HistoryEntry>> {
        let (kind, _) = self.locate(id)?;
        let mut records: BTreeSet<String> = [id.to_string()].into();
        if kind == RecordKind::Recommendation {
            let view = self.recommendation_view(id)?;
            for p in &view.plans {
                records.insert(p.entry.id.to_string());
                records.extend(p.activities.iter().map(|a| a.id.to_string()));
                for i in &p.indicators {
                    records.insert(i.indicator.id.to_string());
                    records.extend(i.measurements.iter().map(|m| m.id.to_string()));
                }
            }
            for a in self.store.assessments_of(id, false)? {
                records.insert(a.id.to_string());
            }
            for c in self.store.comments_on(id, false)? {
                records.insert(c.id.to_string());
            }
        }
        let mut out = Vec::new();
        for rid in &records {
            for (time, device, message, kind, record, created, fields) in
                self.store.history_of(rid)?
            {
                let (org, person) = self.author_of(&device)?;
                out.push(HistoryEntry {
                    time,
                    device,
                    org,
                    person,
                    message,
                    kind,
                    record,
                    created,
                    fields: fields
                        .split(',')
                        .filter(|f| !f.is_empty())
                        .map(String::from)
                        .collect(),
                });
            }
        }
        out.sort_by(|a, b| b.time.cmp(&a.time).then(a.record.cmp(&b.record)));
        Ok(out)
    }

    /// Every field that holds several values, with who wrote each and when.
    pub fn conflicts(&self) -> Result<Vec<ConflictView>> {
        let rows = self.store.conflict_rows()?;
        let mut out = Vec::new();
        for (doc, kind, record, field, detail) in rows {
            let values: Vec<Json> = serde_json::from_str(&detail).unwrap_or_default();
            let mut views = Vec::new();
            for v in values {
                let hash = v["change"].as_str().and_then(|h| hex::decode(h).ok());
                let meta = match &hash {
                    Some(h) => self.store.change_meta(h)?,
                    None => None,
                };
                let (device, time) = meta.map(|(d, t, _)| (d, Some(t))).unwrap_or_default();
                let (org, _) = self.author_of(&device)?;
                views.push(ValueView {
                    value: v["value"].clone(),
                    device,
                    org,
                    time,
                });
            }
            let label = self.label_of(&kind, &record)?;
            let name = self.name_of(&kind, &record)?;
            out.push(ConflictView {
                doc,
                kind,
                record,
                label,
                name,
                field,
                values: views,
            });
        }
        Ok(out)
    }

    /// A name people recognise for a record, after its kind.
    pub fn label_of(&self, kind: &str, id: &str) -> Result<String> {
        if self.store.get_json(kind, id)?.is_none() {
            return Ok(id.to_owned());
        }
        Ok(format!("{kind} {}", self.name_of(kind, id)?))
    }

    /// What people call a record: its code, short name, title or date.
    pub fn name_of(&self, kind: &str, id: &str) -> Result<String> {
        let Some(json) = self.store.get_json(kind, id)? else {
            return Ok(id.to_owned());
        };
        let v: Json = serde_json::from_str(&json).unwrap_or_default();
        for key in [
            "code", "short", "title_en", "title_mn", "title", "name_en", "name", "period", "date",
            "text",
        ] {
            if let Some(s) = v[key].as_str().filter(|s| !s.is_empty()) {
                // A decision is named by its text: the start of it.
                return Ok(match s.char_indices().nth(80) {
                    Some((i, _)) => format!("{}…", &s[..i]),
                    None => s.to_owned(),
                });
            }
        }
        Ok(id[..8.min(id.len())].to_owned())
    }

    /// Resolves a conflict by keeping value number `pick` (0-based, in the
    /// order `conflicts` lists them). Picking is a normal edit.
    pub fn resolve_conflict(&mut self, record: Uuid, field: &str, pick: usize) -> Result<()> {
        let rid = record.to_string();
        let conflict = self
            .conflicts()?
            .into_iter()
            .find(|c| c.record == rid && c.field == field)
            .ok_or(Error::NotFound {
                what: "conflict",
                key: format!("{rid} {field}"),
            })?;
        let chosen = conflict.values.get(pick).ok_or_else(|| {
            Error::invalid(
                "pick",
                format!("choose a value between 1 and {}", conflict.values.len()),
            )
        })?;
        let doc: DocId = conflict.doc.parse()?;
        let kind = RecordKind::from_name(&conflict.kind).ok_or(Error::NotFound {
            what: "record kind",
            key: conflict.kind.clone(),
        })?;
        let fields: Map<String, Json> = [(field.to_owned(), chosen.value.clone())]
            .into_iter()
            .collect();
        let message = format!("resolve {kind} {} {field}", short_id(record));
        let shown: Vec<Json> = conflict.values.iter().map(|v| v.value.clone()).collect();
        self.write(doc, &message, |tx, _| {
            // The values may have changed since they were listed (a sync, the
            // other process): the choice was made among the ones shown.
            if Document::values_in(tx, kind, &rid, field) != shown {
                return Err(Error::invalid(
                    "pick",
                    "the values of this conflict changed since they were listed; look at them again",
                ));
            }
            Document::update_in(tx, kind, &rid, &fields)
        })?;
        Ok(())
    }
}
