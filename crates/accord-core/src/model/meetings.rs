//! Meetings of the follow-up (the annual multi-party review and others) and
//! their decisions.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::validate as v;
use super::{DecisionStatus, IndexTerms, MeetingKind, Record, RecordKind};
use crate::error::Result;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Meeting {
    pub id: Uuid,
    pub kind: MeetingKind,
    pub title: String,
    pub date: String,
    pub place: String,
    /// Participating organisations.
    pub participants: Vec<Uuid>,
    pub agenda: Vec<String>,
    pub minutes: String,
    pub archived: bool,
}

impl Record for Meeting {
    const KIND: RecordKind = RecordKind::Meeting;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        v::required("title", &self.title)?;
        v::line("title", &self.title)?;
        v::date("date", &self.date)?;
        v::line("place", &self.place)?;
        v::list("participants", &self.participants)?;
        v::lines("agenda", &self.agenda)?;
        v::text("minutes", &self.minutes)
    }
    fn index_terms(&self) -> IndexTerms {
        IndexTerms {
            tags: vec![],
            text: Some(format!("{} {}", self.title, self.minutes)),
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Decision {
    pub id: Uuid,
    pub meeting: Uuid,
    pub text: String,
    pub recommendations: Vec<Uuid>,
    pub responsible: Option<Uuid>,
    pub due: Option<String>,
    pub status: DecisionStatus,
    pub archived: bool,
}

impl Record for Decision {
    const KIND: RecordKind = RecordKind::Decision;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        v::required("text", &self.text)?;
        v::text("text", &self.text)?;
        v::list("recommendations", &self.recommendations)?;
        v::opt_date("due", &self.due).map(|_| ())
    }
    fn index_terms(&self) -> IndexTerms {
        let mut tags = vec![("meeting", self.meeting.to_string())];
        tags.extend(
            self.recommendations
                .iter()
                .map(|r| ("recommendation", r.to_string())),
        );
        IndexTerms {
            tags,
            text: Some(self.text.clone()),
            ..Default::default()
        }
    }
}
