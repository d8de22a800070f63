//! Types that exist only between the shell and the UI: what a command takes
//! when it is more than one value, and what the app shows of itself.
//! TypeScript declarations are generated from these (tests/bindings.rs).

use accord_core::model::{
    Cluster, Level, Mechanism, Organisation, Person, Response, Source, Term, WorkspaceInfo,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// What the first screen needs to know.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppStatus {
    /// The working copy's folder.
    pub dir: String,
    pub me: Option<MeView>,
    /// Why the working copy there could not be opened.
    pub problem: Option<crate::error::UiError>,
}

/// This device: who it is and what its organisation may write.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MeView {
    pub workspace: WorkspaceInfo,
    pub org: Organisation,
    pub person: Option<Person>,
    pub device: Uuid,
    pub device_key: String,
    /// Admitted, waiting for admission (joined with an invite, not yet
    /// admitted by a coordinator's sync), or revoked (read only).
    pub standing: accord_core::workspace::Standing,
    /// Why this organisation may not write each kind of document; null
    /// where it may.
    pub may_not: MayNot,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct MayNot {
    /// Action plan: entries, activities, indicators.
    pub plan: Option<String>,
    /// Organisations, people and devices.
    pub roster: Option<String>,
    /// Sources, recommendations, clusters.
    pub catalogue: Option<String>,
    /// Meetings and decisions.
    pub meetings: Option<String>,
    /// Its own assessments, measurements, comments.
    pub own: Option<String>,
}

/// The recommendations list's filters, as the UI holds them.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(default)]
pub struct ListQuery {
    /// The UPR cycle shown, with the other mechanisms' recommendations;
    /// None: every cycle.
    pub upr_cycle: Option<u32>,
    pub mechanism: Option<Mechanism>,
    pub response: Option<Response>,
    pub theme: Option<String>,
    pub responsible: Option<Uuid>,
    /// Only those this organisation leads.
    pub lead: Option<Uuid>,
    pub cluster: Option<Uuid>,
    /// With `level`: the organisation whose current view is at that level.
    pub assessed_by: Option<Uuid>,
    pub level: Option<Level>,
    pub search: Option<String>,
    pub archived: bool,
    /// Only where the organisations' current levels differ.
    pub disagree: bool,
    pub sort: accord_core::store::query::SortBy,
    pub descending: bool,
    pub offset: u32,
    pub limit: u32,
}

/// The vocabularies the filters and forms choose from.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Lookups {
    pub organisations: Vec<Organisation>,
    pub clusters: Vec<Cluster>,
    pub terms: Vec<Term>,
    pub sources: Vec<Source>,
    /// The roster's people, for the organisations screen and forms.
    pub people: Vec<Person>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct JoinArgs {
    pub file: String,
    pub passphrase: String,
    pub person: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct InviteArgs {
    /// An organisation on the roster (short name) or a new one's name.
    pub org: String,
    /// For a new organisation: government, nhri, ngo, un...
    pub kind: Option<accord_core::model::OrgKind>,
    pub passphrase: String,
    /// How many days the invite can be used.
    pub days: u32,
    pub out: String,
}

/// Sent as the event `workspace-changed`: the UI reloads what it shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Changed {
    /// "edit", "sync", or "elsewhere" (another process, such as the
    /// `accord` command, wrote to the working copy).
    pub cause: String,
}

/// The names of the events the shell emits.
pub const EVENT_CHANGED: &str = "workspace-changed";
pub const EVENT_SYNC_PROGRESS: &str = "sync-progress";
pub const EVENT_AUTO_SYNCED: &str = "auto-synced";

/// A document to print, as the UI names it.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(tag = "doc", rename_all = "kebab-case")]
pub enum PrintRequest {
    /// The indicators named, or all of them (of `org`, if given).
    Indicators {
        ids: Vec<Uuid>,
        org: Option<Uuid>,
    },
    Recommendation {
        id: Uuid,
    },
    Plan {
        org: Uuid,
    },
    /// The pack for a meeting, or for the coming one.
    Pack {
        meeting: Option<Uuid>,
    },
}

/// Pages of a typeset document, for the preview and the printer.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PrintPreview {
    /// The first pages as SVG images (at most the number asked for).
    pub pages: Vec<String>,
    /// How many pages the document has.
    pub total: u32,
}

/// What was written to disk.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Written {
    pub paths: Vec<String>,
    /// Pages of a PDF, or rows of the tables.
    pub count: u32,
}

/// The formats the tables export to.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    Csv,
    Xlsx,
}

/// How to import a file (its format is told by its contents).
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct ImportRequest {
    /// Add themes and groups of persons the vocabularies lack as terms.
    pub add_terms: bool,
    /// Take the Universal Human Rights Index's concerns and observations
    /// too.
    pub observations: bool,
    /// The report a thematic list belongs to, when it does not say.
    pub document: Option<String>,
    pub cycle: Option<u32>,
    pub session: Option<u32>,
}

impl ImportRequest {
    pub fn options(self, dry_run: bool) -> accord_core::import::ImportOptions {
        accord_core::import::ImportOptions {
            format: None,
            dry_run,
            document: self.document.filter(|d| !d.trim().is_empty()),
            cycle: self.cycle,
            session: self.session,
            add_terms: self.add_terms,
            observations: self.observations,
        }
    }
}
