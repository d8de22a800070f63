//! Who takes part: the workspace, organisations, people and their devices.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::validate as v;
use super::{IndexTerms, OrgKind, Record, RecordKind, Role};
use crate::error::Result;

/// The national tracker itself ("Mongolia — human rights recommendations").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct WorkspaceInfo {
    pub id: Uuid,
    pub name_en: String,
    pub name_mn: String,
    pub country: String,
    /// True for the built-in demo: its texts are illustrative, not official.
    pub illustrative: bool,
    pub archived: bool,
}

impl Record for WorkspaceInfo {
    const KIND: RecordKind = RecordKind::Workspace;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        v::required("name", &self.name_en)?;
        v::line("name", &self.name_en)?;
        v::line("name_mn", &self.name_mn)?;
        v::line("country", &self.country)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Organisation {
    pub id: Uuid,
    /// Short name used on the command line and in tables, e.g. NHRCM.
    pub short: String,
    pub name_en: String,
    pub name_mn: String,
    pub kind: OrgKind,
    pub parent: Option<Uuid>,
    pub role: Role,
    /// People who speak for the organisation in the follow-up.
    pub focal_points: Vec<Uuid>,
    pub archived: bool,
}

impl Record for Organisation {
    const KIND: RecordKind = RecordKind::Organisation;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        v::required("short", &self.short)?;
        v::line("short", &self.short)?;
        if self.short.contains(char::is_whitespace) {
            return Err(crate::Error::invalid(
                "short",
                format!("'{}' must be one word, e.g. NHRCM", self.short),
            ));
        }
        v::required("name", &self.name_en)?;
        v::line("name", &self.name_en)?;
        v::line("name_mn", &self.name_mn)?;
        v::list("focal_points", &self.focal_points)
    }
    fn index_terms(&self) -> IndexTerms {
        IndexTerms {
            tags: vec![],
            text: Some(format!("{} {} {}", self.short, self.name_en, self.name_mn)),
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Person {
    pub id: Uuid,
    pub org: Uuid,
    pub name: String,
    pub title: String,
    pub email: String,
    pub archived: bool,
}

impl Record for Person {
    const KIND: RecordKind = RecordKind::Person;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        v::required("name", &self.name)?;
        v::line("name", &self.name)?;
        v::line("title", &self.title)?;
        v::line("email", &self.email)?;
        if !self.email.is_empty() && !self.email.contains('@') {
            return Err(crate::Error::invalid(
                "email",
                format!("'{}' is not an e-mail address", self.email),
            ));
        }
        Ok(())
    }
}

/// A machine allowed to write on behalf of a person of an organisation. Its
/// ed25519 public key is the prefix of every Automerge actor it uses, so any
/// change names the device that made it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct Device {
    pub id: Uuid,
    /// Hex of the ed25519 public key.
    pub key: String,
    pub person: Uuid,
    pub org: Uuid,
    pub label: String,
    pub revoked: bool,
    /// Written with the revocation: what of the device's work the revoking
    /// coordinator held, and so what still counts (see
    /// `workspace::revocation`). Empty while the device is not revoked.
    pub revoked_frontier: String,
    pub archived: bool,
}

impl Record for Device {
    const KIND: RecordKind = RecordKind::Device;
    fn id(&self) -> Uuid {
        self.id
    }
    fn archived(&self) -> bool {
        self.archived
    }
    fn validate(&self) -> Result<()> {
        if self.key.len() != 64 || !self.key.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(crate::Error::invalid(
                "key",
                "must be 64 hexadecimal digits (an ed25519 public key)",
            ));
        }
        v::line("label", &self.label)
    }
    fn index_terms(&self) -> IndexTerms {
        IndexTerms {
            tags: vec![("key", self.key.clone())],
            text: None,
            ..Default::default()
        }
    }
}
