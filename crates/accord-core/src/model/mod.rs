//! The domain model: every record kind of the tracker, the closed lists of
//! values, and the checks of what users type.
//!
//! Records are plain serde structs. The documents store each as a map of its
//! fields (see `doc::bridge`), the index stores each as JSON: the struct is the
//! one definition of a record's shape.

mod catalogue;
pub mod ids;
mod meetings;
mod org_data;
mod plan;
mod roster;
pub mod validate;
pub mod vocab;

pub use catalogue::{Cluster, Recommendation, Source, Term};
pub use meetings::{Decision, Meeting};
pub use org_data::{Assessment, Comment, Disaggregated, Measurement, period_end};
pub use plan::{Activity, Indicator, PlanEntry};
pub use roster::{Device, Organisation, Person, WorkspaceInfo};
pub use vocab::*;

use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::doc::DocId;
use crate::error::Result;

/// Every kind of record. The name is the collection key in its document and
/// the index table's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Workspace,
    Organisation,
    Person,
    Device,
    Source,
    Recommendation,
    Cluster,
    Term,
    PlanEntry,
    Activity,
    Indicator,
    Measurement,
    Assessment,
    Comment,
    Meeting,
    Decision,
}

/// The family of documents a kind lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    Roster,
    Catalogue,
    Plan,
    Meetings,
    /// The document of the organisation named in the record's `org` field.
    Org,
}

impl RecordKind {
    pub const ALL: &'static [RecordKind] = &[
        RecordKind::Workspace,
        RecordKind::Organisation,
        RecordKind::Person,
        RecordKind::Device,
        RecordKind::Source,
        RecordKind::Recommendation,
        RecordKind::Cluster,
        RecordKind::Term,
        RecordKind::PlanEntry,
        RecordKind::Activity,
        RecordKind::Indicator,
        RecordKind::Measurement,
        RecordKind::Assessment,
        RecordKind::Comment,
        RecordKind::Meeting,
        RecordKind::Decision,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Workspace => "workspace",
            RecordKind::Organisation => "organisation",
            RecordKind::Person => "person",
            RecordKind::Device => "device",
            RecordKind::Source => "source",
            RecordKind::Recommendation => "recommendation",
            RecordKind::Cluster => "cluster",
            RecordKind::Term => "term",
            RecordKind::PlanEntry => "plan_entry",
            RecordKind::Activity => "activity",
            RecordKind::Indicator => "indicator",
            RecordKind::Measurement => "measurement",
            RecordKind::Assessment => "assessment",
            RecordKind::Comment => "comment",
            RecordKind::Meeting => "meeting",
            RecordKind::Decision => "decision",
        }
    }

    pub fn from_name(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    pub fn home(self) -> Home {
        use RecordKind::*;
        match self {
            Workspace | Organisation | Person | Device => Home::Roster,
            Source | Recommendation | Cluster | Term => Home::Catalogue,
            PlanEntry | Activity | Indicator => Home::Plan,
            Meeting | Decision => Home::Meetings,
            Measurement | Assessment | Comment => Home::Org,
        }
    }

    /// The kinds a document of this family holds; its genesis creates one
    /// collection map for each, so that no two devices ever create one.
    pub fn in_home(home: Home) -> impl Iterator<Item = RecordKind> {
        RecordKind::ALL
            .iter()
            .copied()
            .filter(move |k| k.home() == home)
    }
}

impl std::fmt::Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What the index keeps of a record beside its JSON, for filters and search.
#[derive(Debug, Default)]
pub struct IndexTerms {
    /// (tag kind, value) pairs, e.g. ("theme", "torture"), ("lead", org id).
    pub tags: Vec<(&'static str, String)>,
    /// Text for full-text search, in every language the record holds.
    pub text: Option<String>,
    /// The order lists show records in (recommendations by code, naturally).
    pub sort_key: Option<String>,
}

/// A record of the tracker.
pub trait Record: Serialize + DeserializeOwned + Clone + std::fmt::Debug {
    const KIND: RecordKind;

    fn id(&self) -> Uuid;

    fn archived(&self) -> bool;

    /// The organisation whose document holds the record (only for `Home::Org`).
    fn owner(&self) -> Option<Uuid> {
        None
    }

    /// Checks every field; errors name the field and what is allowed.
    fn validate(&self) -> Result<()>;

    fn index_terms(&self) -> IndexTerms {
        IndexTerms::default()
    }

    /// Whether the record is for its organisation's own devices only (a
    /// draft, an internal note): it lives in the organisation's private
    /// document, sealed with the organisation's key.
    fn private(&self) -> bool {
        false
    }

    /// The document that holds this record.
    fn doc(&self) -> DocId {
        match DocId::home_of(Self::KIND, self.owner()) {
            DocId::Org(org) if self.private() => DocId::Private(org),
            doc => doc,
        }
    }
}
