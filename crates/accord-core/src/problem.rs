//! What is wrong with a value someone typed, as a kind and its parameters
//! (which limit, which value), not as a sentence: the command line words it
//! in English (`Display`), the app in its reader's language beside the
//! field concerned.

use serde::Serialize;

/// A character that cannot be seen but changes what text says or how it
/// shows, or that a terminal or another program may act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum HiddenChar {
    Nul,
    Escape,
    Control,
    DirectionOverride,
    ZeroWidth,
}

impl HiddenChar {
    /// The kind of `c`, if it is one that must not be typed into a field;
    /// line breaks and tabs are allowed in multi-line text.
    pub fn of(c: char, multiline: bool) -> Option<HiddenChar> {
        Some(match c {
            '\0' => HiddenChar::Nul,
            '\n' | '\r' | '\t' if multiline => return None,
            '\u{1b}' => HiddenChar::Escape,
            c if c.is_control() => HiddenChar::Control,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => HiddenChar::DirectionOverride,
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => HiddenChar::ZeroWidth,
            _ => return None,
        })
    }

    fn words(self) -> &'static str {
        match self {
            HiddenChar::Nul => "a NUL character",
            HiddenChar::Escape => "an escape character",
            HiddenChar::Control => "a control character",
            HiddenChar::DirectionOverride => "a right-to-left or left-to-right override",
            HiddenChar::ZeroWidth => "a zero-width character",
        }
    }
}

/// What is wrong with one field's value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// Empty where something is needed.
    Required,
    /// Longer than `max` characters.
    TooLong { max: usize },
    /// A line break in a one-line field.
    NotOneLine,
    /// A character that cannot be seen, `code` (U+202E) at character `at`
    /// (counted from 1).
    Hidden {
        character: HiddenChar,
        code: String,
        at: usize,
    },
    /// More than `max` entries in a list.
    TooMany { max: usize },
    /// Not a calendar date.
    NotADate { value: String },
    /// A date outside the years Accord takes.
    DateOutOfRange { value: String, min: i16, max: i16 },
    /// An end date before its start.
    BeforeStart { value: String, start: String },
    /// A date after today, for something that has happened.
    InFuture { value: String, today: String },
    /// Not a reporting period (2017, 2017-Q2, 2017-05, 2017-05-31).
    NotAPeriod { value: String },
    /// Not a number.
    NotANumber { value: String },
    /// Infinite or not a number.
    NotFinite,
    /// A number outside what its unit allows (a percentage over 100).
    OutOfRange { value: f64, min: f64, max: f64 },
    /// Not a Sustainable Development Goal or target.
    NotAnSdg { value: String },
    /// Already used by another record where it must be unique (a
    /// recommendation's code in its document, an organisation's short name).
    Taken { value: String },
    /// Not a term of the workspace's vocabulary (a theme).
    NotInVocabulary { value: String },
    /// Names a record that does not exist or was archived.
    NoSuchRecord { value: String },
    /// A passphrase found in about 10^`guesses_log10` tries; `hint` is the
    /// strength meter's English advice, for the command line.
    WeakPassphrase { guesses_log10: u32, hint: String },
    /// The passphrase does not open the invite (or the file is damaged).
    WrongPassphrase,
    /// A file that is not an Accord invite.
    NotAnInvite,
    /// An invite of a format no longer accepted.
    OutdatedInvite,
    /// An invite that expired on `day` (YYYY-MM-DD).
    InviteExpired { day: String },
    /// A file that cannot be read; `reason` is the system's, in English.
    CannotRead { reason: String },
    /// Anything else, in English: the rarer checks keep their sentence.
    Other { message: String },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Required => write!(f, "is required"),
            Problem::TooLong { max } => write!(f, "is longer than {max} characters"),
            Problem::NotOneLine => write!(f, "must be a single line"),
            Problem::Hidden {
                character,
                code,
                at,
            } => write!(
                f,
                "holds {} ({code}) at character {at}; remove it (it cannot be seen, but changes what the text says or how it shows)",
                character.words()
            ),
            Problem::TooMany { max } => write!(f, "has more than {max} entries"),
            Problem::NotADate { value } => write!(
                f,
                "'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31"
            ),
            Problem::DateOutOfRange { value, min, max } => {
                write!(f, "{value} is outside {min}-{max}")
            }
            Problem::BeforeStart { value, start } => {
                write!(f, "{value} is before the start {start}")
            }
            Problem::InFuture { value, today } => write!(
                f,
                "{value} is after today ({today}); give the date it happened"
            ),
            Problem::NotAPeriod { value } => write!(
                f,
                "'{value}' is not a period; write 2017, 2017-Q2, 2017-05 or 2017-05-31"
            ),
            Problem::NotANumber { value } => write!(f, "'{value}' is not a number"),
            Problem::NotFinite => write!(f, "must be a finite number"),
            Problem::OutOfRange { value, min, max } => {
                write!(f, "{value} is outside {min}-{max}, what its unit allows")
            }
            Problem::NotAnSdg { value } => write!(
                f,
                "'{value}' is not an SDG goal or target; write the goal (16) or goal.target (16.3, 5.a)"
            ),
            Problem::Taken { value } => write!(f, "'{value}' is taken by another record"),
            Problem::NotInVocabulary { value } => {
                write!(f, "'{value}' is not in the workspace's vocabulary")
            }
            Problem::NoSuchRecord { value } => {
                write!(f, "{value} does not exist or was archived")
            }
            Problem::WeakPassphrase {
                guesses_log10,
                hint,
            } => write!(
                f,
                "is too easy to guess (about 10^{guesses_log10} tries{hint}); use the passphrase Accord proposes, or five or more unrelated words"
            ),
            Problem::WrongPassphrase => write!(f, "is wrong, or the invite file is damaged"),
            Problem::NotAnInvite => write!(
                f,
                "is not an Accord invite file; choose the file the coordinator gave you"
            ),
            Problem::OutdatedInvite => write!(
                f,
                "was made by an older version of Accord, whose invites are no longer accepted; ask the coordinator for a new one"
            ),
            Problem::InviteExpired { day } => {
                write!(f, "expired on {day}; ask the coordinator for a new one")
            }
            Problem::CannotRead { reason } => {
                write!(f, "cannot be read ({reason}); choose the file again")
            }
            Problem::Other { message } => f.write_str(message),
        }
    }
}
