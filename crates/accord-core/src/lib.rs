//! Accord's core: the domain model of human rights recommendations follow-up,
//! the Automerge documents that hold it, the SQLite working copy, and the
//! operations the command line and the desktop app call (`Workspace`).

pub mod demo;
pub mod doc;
pub mod error;
pub mod export;
pub mod identity;
pub mod import;
pub mod model;
pub mod problem;
pub mod store;
pub mod suggest;
pub mod sync;
pub mod workspace;

pub use error::{Error, Result};
pub use jiff;
pub use workspace::Workspace;
