//! Names of the documents of a workspace.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

use crate::error::Error;
use crate::model::{Home, RecordKind};

/// One Automerge document of the workspace (see docs/ARCHITECTURE.md for who
/// may write which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocId {
    Roster,
    Catalogue,
    Plan,
    Meetings,
    /// An organisation's own assessments, measurements and comments.
    Org(Uuid),
    /// What an organisation keeps to itself: its drafts and internal
    /// records, sealed with its own key (see `sync::keys`).
    Private(Uuid),
}

impl DocId {
    pub fn home(self) -> Home {
        match self {
            DocId::Roster => Home::Roster,
            DocId::Catalogue => Home::Catalogue,
            DocId::Plan => Home::Plan,
            DocId::Meetings => Home::Meetings,
            DocId::Org(_) | DocId::Private(_) => Home::Org,
        }
    }

    /// The organisation whose voice the document holds.
    pub fn org(self) -> Option<Uuid> {
        match self {
            DocId::Org(id) | DocId::Private(id) => Some(id),
            _ => None,
        }
    }

    /// The document holding a record of `kind`; `owner` names the
    /// organisation for kinds that live in organisation documents.
    pub fn home_of(kind: RecordKind, owner: Option<Uuid>) -> DocId {
        match kind.home() {
            Home::Roster => DocId::Roster,
            Home::Catalogue => DocId::Catalogue,
            Home::Plan => DocId::Plan,
            Home::Meetings => DocId::Meetings,
            Home::Org => DocId::Org(owner.unwrap_or_default()),
        }
    }

    pub const SHARED: [DocId; 4] = [
        DocId::Roster,
        DocId::Catalogue,
        DocId::Plan,
        DocId::Meetings,
    ];
}

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocId::Roster => f.write_str("roster"),
            DocId::Catalogue => f.write_str("catalogue"),
            DocId::Plan => f.write_str("plan"),
            DocId::Meetings => f.write_str("meetings"),
            DocId::Org(id) => write!(f, "org/{id}"),
            DocId::Private(id) => write!(f, "private/{id}"),
        }
    }
}

impl FromStr for DocId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Ok(match s {
            "roster" => DocId::Roster,
            "catalogue" => DocId::Catalogue,
            "plan" => DocId::Plan,
            "meetings" => DocId::Meetings,
            _ => {
                if let Some(id) = s
                    .strip_prefix("private/")
                    .and_then(|id| Uuid::parse_str(id).ok())
                {
                    return Ok(DocId::Private(id));
                }
                let id = s
                    .strip_prefix("org/")
                    .and_then(|id| Uuid::parse_str(id).ok())
                    .ok_or_else(|| Error::invalid("document", format!("unknown document '{s}'")))?;
                DocId::Org(id)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_junk_is_refused() {
        let org = DocId::Org(Uuid::new_v4());
        for d in [
            DocId::Roster,
            DocId::Catalogue,
            DocId::Plan,
            DocId::Meetings,
            org,
        ] {
            assert_eq!(d.to_string().parse::<DocId>().unwrap(), d);
        }
        assert!("org/not-a-uuid".parse::<DocId>().is_err());
        assert!("../etc/passwd".parse::<DocId>().is_err());
    }
}
