//! What can go wrong while printing, in words a user can act on.

use typst::diag::SourceDiagnostic;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Core(#[from] accord_core::Error),

    /// A template failed to typeset: a defect of this version, not of the
    /// user's data, so the message carries what Typst said.
    #[error("could not typeset {what}: {details}; please report this with the data that caused it")]
    Typeset { what: String, details: String },

    #[error("nothing to print: {0}")]
    Empty(String),
}

impl Error {
    pub(crate) fn typeset(what: &str, diagnostics: &[SourceDiagnostic]) -> Error {
        Error::Typeset {
            what: what.to_owned(),
            details: diagnostics
                .iter()
                .map(|d| d.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// The stable tag the shell hands to the UI.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Core(e) => e.kind(),
            Error::Typeset { .. } => "typeset",
            Error::Empty(_) => "not-found",
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
