//! Saving a record as a form holds it: a record whose id is new is created
//! through its intent (an assessment is dated and signed by the core, an
//! activity joins its plan), one that exists is changed field by field, so
//! that a concurrent edit of another field on another device survives.
//! Assessments, measurements and comments are corrected only by their own
//! organisation; the earlier values stay in the record's history.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Workspace;
use super::entries::PlanOf;
use super::init::to_map;
use crate::error::{Error, Result};
use crate::model::validate as v;
use crate::model::*;
use crate::problem::Problem;

/// A record of any kind a person edits, as the app's forms send it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", content = "record", rename_all = "snake_case")]
pub enum Editable {
    Recommendation(Recommendation),
    PlanEntry(PlanEntry),
    Activity(Activity),
    Indicator(Indicator),
    Assessment(Assessment),
    Measurement(Measurement),
    Comment(Comment),
    Meeting(Meeting),
    Decision(Decision),
    Organisation(Organisation),
    Person(Person),
}

/// An archived record, for the list it is restored from.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ArchivedRecord {
    pub kind: RecordKind,
    pub id: Uuid,
    /// Its code, short name, title or date.
    pub name: String,
}

/// What saving did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Saved {
    Created,
    Changed,
    /// Nothing differed from what the working copy holds.
    Unchanged,
}

impl Workspace {
    /// Creates the record, or changes the one with its id.
    pub fn save(&mut self, record: Editable) -> Result<Saved> {
        match record {
            Editable::Recommendation(r) => self.save_recommendation(r),
            Editable::PlanEntry(e) => self.save_plan_entry(e),
            Editable::Activity(a) => self.save_activity(a),
            Editable::Indicator(i) => {
                let label = title(&i.title_en, &i.title_mn);
                self.save_plain(i, &format!("indicator: {label}"))
            }
            Editable::Assessment(a) => self.save_assessment(a),
            Editable::Measurement(m) => self.save_measurement(m),
            Editable::Comment(c) => self.save_comment(c),
            Editable::Meeting(m) => {
                let label = m.title.clone();
                self.save_plain(m, &format!("meeting: {label}"))
            }
            Editable::Decision(d) => {
                if self.store.get::<Decision>(d.id)?.is_none() {
                    self.live_ref::<Meeting>("meeting", d.meeting)?;
                }
                self.save_plain(d, "decision")
            }
            Editable::Organisation(o) => self.save_organisation(o),
            Editable::Person(p) => {
                let label = p.name.clone();
                self.save_plain(p, &format!("person: {label}"))
            }
        }
    }

    /// Creates `new` or writes the fields in which it differs from the
    /// record with its id; `what` ends the history line ("add …", "edit …").
    fn save_plain<R: Record + PartialEq>(&mut self, new: R, what: &str) -> Result<Saved> {
        match self.store.get::<R>(new.id())? {
            None => {
                self.create(&new, &format!("add {what}"))?;
                Ok(Saved::Created)
            }
            Some(old) if old == new => Ok(Saved::Unchanged),
            Some(_) => {
                self.update::<R>(new.id(), &format!("edit {what}"), |r| {
                    *r = new;
                    Ok(())
                })?;
                Ok(Saved::Changed)
            }
        }
    }

    fn save_recommendation(&mut self, r: Recommendation) -> Result<Saved> {
        r.validate()?;
        v::required("code", &r.code)?;
        let old = self.store.get::<Recommendation>(r.id)?;
        if old.is_none() {
            self.live_ref::<Source>("source", r.source)?;
        }
        let same_code = self.store.recommendations_coded(&r.code, r.source)?;
        if same_code.iter().any(|o| o.id != r.id && !o.archived) {
            return Err(Error::problem(
                "code",
                Problem::Taken {
                    value: r.code.clone(),
                },
            ));
        }
        // Themes the record had keep their place even if the vocabulary
        // has since dropped them; new ones must be terms.
        let known = self.vocabulary(Vocabulary::Theme)?;
        let had = old.as_ref().map(|o| o.themes.clone()).unwrap_or_default();
        if let Some(t) = r
            .themes
            .iter()
            .find(|t| !known.contains(t) && !had.contains(t))
        {
            return Err(Error::problem(
                "themes",
                Problem::NotInVocabulary { value: t.clone() },
            ));
        }
        let code = r.code.clone();
        self.save_plain(r, &format!("recommendation {code}"))
    }

    fn save_plan_entry(&mut self, e: PlanEntry) -> Result<Saved> {
        e.validate()?;
        if let Some(rec) = e.recommendation {
            let others = self.store.live_plan_entries_of(rec)?;
            if others.iter().any(|o| o.id != e.id) {
                return Err(Error::problem(
                    "recommendation",
                    Problem::Taken {
                        value: rec.to_string(),
                    },
                ));
            }
            if self.store.get::<PlanEntry>(e.id)?.is_none() {
                self.live_ref::<Recommendation>("recommendation", rec)?;
            }
        }
        self.save_plain(e, "plan entry")
    }

    fn save_activity(&mut self, a: Activity) -> Result<Saved> {
        if self.store.get::<Activity>(a.id)?.is_none() {
            let plan = a.plan;
            self.add_activity(PlanOf::Entry(plan), a)?;
            return Ok(Saved::Created);
        }
        a.validate()?;
        if a.lead.is_none() {
            return Err(Error::problem("lead", Problem::Required));
        }
        let label = title(&a.title_en, &a.title_mn);
        self.save_plain(a, &format!("activity: {label}"))
    }

    fn save_assessment(&mut self, a: Assessment) -> Result<Saved> {
        let Some(old) = self.store.get::<Assessment>(a.id)? else {
            self.assess(a)?;
            return Ok(Saved::Created);
        };
        self.own(old.org)?;
        let mut a = a;
        a.org = old.org;
        a.recommendation = old.recommendation;
        super::entries::check_assessment(&a)?;
        let level = a.level;
        self.save_plain(a, &format!("assessment: {level} (a correction)"))
    }

    fn save_measurement(&mut self, m: Measurement) -> Result<Saved> {
        let Some(old) = self.store.get::<Measurement>(m.id)? else {
            self.record_measurement(m)?;
            return Ok(Saved::Created);
        };
        self.own(old.org)?;
        let mut m = m;
        m.org = old.org;
        m.indicator = old.indicator;
        m.validate()?;
        let ind = self
            .store
            .get::<Indicator>(m.indicator)?
            .unwrap_or_default();
        super::entries::fits_unit(&ind, m.value)?;
        let what = format!("measurement: {} for {} (a correction)", m.value, m.period);
        self.save_plain(m, &what)
    }

    fn save_comment(&mut self, c: Comment) -> Result<Saved> {
        let Some(old) = self.store.get::<Comment>(c.id)? else {
            self.add_comment(c)?;
            return Ok(Saved::Created);
        };
        self.own(old.org)?;
        let mut c = c;
        (c.org, c.author, c.date) = (old.org, old.author, old.date);
        (c.target, c.target_kind) = (old.target, old.target_kind);
        c.validate()?;
        self.save_plain(c, "comment")
    }

    fn save_organisation(&mut self, o: Organisation) -> Result<Saved> {
        o.validate()?;
        let same = self.store.organisations_named(&o.short)?;
        if same.iter().any(|x| x.id != o.id) {
            return Err(Error::problem(
                "short",
                Problem::Taken {
                    value: o.short.clone(),
                },
            ));
        }
        self.guard_lockout(RecordKind::Organisation, o.id, &to_map(&o)?)?;
        let short = o.short.clone();
        self.save_plain(o, &format!("organisation {short}"))
    }

    /// Every archived record a person can restore (devices are revoked,
    /// not archived), by kind.
    pub fn archived_records(&self) -> Result<Vec<ArchivedRecord>> {
        let mut out = Vec::new();
        for kind in RecordKind::ALL {
            if matches!(kind, RecordKind::Workspace | RecordKind::Device) {
                continue;
            }
            for id in self.store.archived_ids(*kind)? {
                out.push(ArchivedRecord {
                    kind: *kind,
                    name: self.name_of(kind.name(), &id)?,
                    id: id.parse().map_err(|e| Error::doc("index", e))?,
                });
            }
        }
        Ok(out)
    }

    /// Refuses a correction of another organisation's record.
    fn own(&self, org: Uuid) -> Result<()> {
        if org == self.me().org {
            return Ok(());
        }
        Err(Error::Forbidden(
            "only the organisation that recorded it may correct it".into(),
        ))
    }

    /// A record a new one refers to: it must exist and not be archived.
    fn live_ref<R: Record>(&self, field: &str, id: Uuid) -> Result<R> {
        match self.store.get::<R>(id)? {
            Some(r) if !r.archived() => Ok(r),
            _ => Err(Error::problem(
                field,
                Problem::NoSuchRecord {
                    value: id.to_string(),
                },
            )),
        }
    }
}

/// The title in whichever language it was written, for a history line.
fn title(en: &str, mn: &str) -> String {
    super::entries::clip(if en.trim().is_empty() { mn } else { en }, 60)
}
