//! Closed lists of values. Each parses from the kebab-case word a user types
//! and refuses anything else with the list of allowed words.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

macro_rules! closed_list {
    ($(#[$m:meta])* $name:ident, $field:literal { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name {
            $(#[serde(rename = $word)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The field name used in error messages.
            pub const FIELD: &'static str = $field;

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            pub fn allowed() -> String {
                [$($word),+].join(", ")
            }
        }

        /// Read through `FromStr`, so that a bad value names the allowed ones.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        impl Default for $name {
            /// The first value of the list, so that a record written by a newer
            /// version without this field still reads.
            fn default() -> Self {
                $name::ALL[0]
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                let wanted = s.trim().to_lowercase().replace(['_', ' '], "-");
                match wanted.as_str() {
                    $($word => Ok($name::$variant),)+
                    _ => Err(Error::invalid(
                        $field,
                        format!("'{}' is not one of: {}", s, $name::allowed()),
                    )),
                }
            }
        }
    };
}

closed_list!(
    /// What kind of body an organisation is.
    OrgKind, "kind" {
        Government = "government", Nhri = "nhri", Ngo = "ngo", Un = "un",
        Parliament = "parliament", Judiciary = "judiciary", Other = "other",
    }
);

closed_list!(
    /// An organisation's role in the workspace: coordinators keep the shared documents.
    Role, "role" { Coordinator = "coordinator", Member = "member" }
);

closed_list!(
    /// The human rights mechanism a recommendation comes from.
    Mechanism, "mechanism" {
        Upr = "upr", Treaty = "treaty", Special = "special", Other = "other",
    }
);

closed_list!(
    /// The UN treaty bodies.
    TreatyBody, "body" {
        Ccpr = "ccpr", Cescr = "cescr", Cedaw = "cedaw", Crc = "crc", Cat = "cat",
        Spt = "spt", Cerd = "cerd", Crpd = "crpd", Cmw = "cmw", Ced = "ced",
    }
);

closed_list!(
    /// The State's response to a recommendation.
    Response, "response" {
        Supported = "supported", SupportedInPart = "supported-in-part",
        Noted = "noted", Pending = "pending",
    }
);

closed_list!(
    /// Language of a text.
    Lang, "language" { En = "en", Mn = "mn" }
);

closed_list!(
    /// Where an activity stands.
    ActivityStatus, "status" {
        Planned = "planned", Ongoing = "ongoing", Completed = "completed",
        Delayed = "delayed", Cancelled = "cancelled",
    }
);

closed_list!(
    /// The OHCHR indicator framework's types.
    IndicatorType, "type" { Structural = "structural", Process = "process", Outcome = "outcome" }
);

closed_list!(
    /// How often an indicator is reported.
    Frequency, "frequency" {
        Monthly = "monthly", Quarterly = "quarterly", Annual = "annual", Biennial = "biennial",
    }
);

closed_list!(
    /// One organisation's judgement of a recommendation's implementation.
    Level, "level" {
        NotStarted = "not-started", InProgress = "in-progress",
        PartiallyImplemented = "partially-implemented", FullyImplemented = "fully-implemented",
        Regressed = "regressed", NoInformation = "no-information",
    }
);

closed_list!(
    /// Who may read a comment.
    Visibility, "visibility" { Public = "public", Parties = "parties", Internal = "internal" }
);

closed_list!(
    /// A comment or progress report is a draft until published.
    CommentStatus, "status" { Draft = "draft", Published = "published" }
);

closed_list!(
    /// What a comment is about.
    TargetKind, "target" {
        Recommendation = "recommendation", Activity = "activity", Indicator = "indicator",
    }
);

closed_list!(
    /// Kinds of meeting.
    MeetingKind, "kind" {
        AnnualReview = "annual-review", CoordinatingCommittee = "coordinating-committee",
        Consultation = "consultation",
    }
);

closed_list!(
    /// Where a meeting decision stands.
    DecisionStatus, "status" { Open = "open", Done = "done", Dropped = "dropped" }
);

closed_list!(
    /// The controlled vocabularies of the catalogue (after OHCHR's Universal Human Rights Index).
    Vocabulary, "vocabulary" { Theme = "theme", AffectedPersons = "affected-persons" }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_users_type_and_names_allowed_values_otherwise() {
        assert_eq!(
            "Supported in part".parse::<Response>().unwrap(),
            Response::SupportedInPart
        );
        assert_eq!(
            "fully_implemented".parse::<Level>().unwrap(),
            Level::FullyImplemented
        );
        let err = "mostly".parse::<Level>().unwrap_err().to_string();
        assert!(
            err.starts_with("level: 'mostly' is not one of: not-started"),
            "{err}"
        );
        assert!(err.contains("regressed"));
    }

    #[test]
    fn serialises_as_the_word_it_parses_from() {
        for l in Level::ALL {
            let json = serde_json::to_string(l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.as_str()));
            assert_eq!(l.as_str().parse::<Level>().unwrap(), *l);
        }
    }
}
