//! Exchanging changes through a folder that every office can reach (a
//! network share, a synced folder, a USB stick). docs/sync-format.md
//! describes the files.

pub mod envelope;
pub mod folder;
pub mod invite;
pub mod keys;
