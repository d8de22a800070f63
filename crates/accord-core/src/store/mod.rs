//! The working copy on disk: one SQLite file per workspace holding the
//! documents' changes (the truth), an index derived from them, and local
//! settings.

mod changes;
mod envelopes;
mod excluded;
pub mod index;
mod keys;
mod ledger;
mod lookup;
mod overview;
mod relations;
pub use lookup::Current;
mod dump;
mod integrity;
pub mod query;
mod schema;
mod transaction;

pub use changes::{ChangeRow, DocBytes, Load, StoredChange};
pub use envelopes::{HeldEnvelope, Kept, KeptFile};
pub use excluded::{BEYOND, DEPENDS, HeldChange};
pub use keys::{KeyRow, LockedEnvelope};
pub use ledger::{InviteRow, Quarantined, Rejected};
pub use schema::{DERIVED, latest_version};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

/// How long a writer waits for another process (the CLI beside the app)
/// to finish its transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// How often a writer waiting for the lock looks again. SQLite's own
/// timeout backs off to 100 ms, so a waiter kept missing the short gaps a
/// long import leaves between its batches; looking every few milliseconds
/// lets it in at the next gap.
const LOCK_POLL: Duration = Duration::from_millis(4);

/// The busy handler: wait `LOCK_POLL` and try again, up to `BUSY_TIMEOUT`.
fn wait_for_lock(attempts: i32) -> bool {
    if attempts as u128 * LOCK_POLL.as_millis() >= BUSY_TIMEOUT.as_millis() {
        return false;
    }
    std::thread::sleep(LOCK_POLL);
    true
}

/// A pause a long writer leaves between two transactions, longer than
/// `LOCK_POLL`, so that a waiting writer takes its turn.
pub(crate) const LOCK_GAP: Duration = Duration::from_millis(12);

/// Checkpoint the log every ~16 MB instead of every 4 MB, so that the copy
/// back into the database rarely lands on an edit; the rest is checkpointed
/// when the working copy is closed.
const AUTOCHECKPOINT_PAGES: i64 = 4000;

pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// A checkpoint running on a connection of its own after a large write.
    checkpointer: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Some(running) = self.checkpointer.take() {
            let _ = running.join();
        }
        // Fold the log back into the database while nobody waits for it;
        // PASSIVE never blocks another process's reader or writer.
        if !self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(true) {
            let _ = self.conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE)");
        }
    }
}

impl Store {
    /// Opens an existing working copy, upgrading its schema if it is older.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(Error::NoWorkspace(
                path.parent().unwrap_or(path).to_path_buf(),
            ));
        }
        // SQLite takes an empty file for a new database; a working copy
        // cut to nothing (a full disk, a copy that did not finish) would be
        // made again, empty, and look like a device nobody knows.
        if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
            return Err(Error::Corrupt {
                path: path.to_path_buf(),
                reason: "the file is empty (0 bytes): it was cut short, by a full disk or a copy that did not finish; restore the folder from a backup, or join the workspace again from an invite".into(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Self::prepare(conn, path)
    }

    /// Creates a new working copy file; fails if one exists.
    pub fn create(path: &Path) -> Result<Store> {
        if path.exists() {
            return Err(Error::WorkspaceExists(
                path.parent().unwrap_or(path).to_path_buf(),
            ));
        }
        // Readable by its owner only, like the keys beside it: it holds the
        // organisation's internal records in the clear. SQLite gives its
        // log and shared-memory files the database file's permissions.
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options
            .open(path)
            .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?;
        let conn = Connection::open(path)?;
        Self::prepare(conn, path)
    }

    /// A second, read-only connection to a working copy, for a thread that
    /// reads documents while another writes the index.
    pub fn open_reader(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_handler(Some(wait_for_lock))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            checkpointer: None,
        })
    }

    fn prepare(mut conn: Connection, path: &Path) -> Result<Store> {
        let corrupt = |reason: String| Error::Corrupt {
            path: path.to_path_buf(),
            reason,
        };
        conn.busy_handler(Some(wait_for_lock))?;
        // Look before touching anything: a file that is not SQLite fails on
        // its first read, and another program's database or a newer
        // Accord's is refused before a single pragma changes it.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| corrupt(e.to_string()))?;
        if version > latest_version() {
            return Err(Error::TooNew {
                path: path.to_path_buf(),
                found: version,
                known: latest_version(),
            });
        }
        let has_tables: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        if version == 0 && has_tables > 0 {
            return Err(corrupt(
                "it is an SQLite database of some other program".into(),
            ));
        }
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| corrupt(e.to_string()))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(corrupt(format!("cannot use write-ahead logging ({mode})")));
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "wal_autocheckpoint", AUTOCHECKPOINT_PAGES)?;
        conn.set_prepared_statement_cache_capacity(64);
        schema::migrations()
            .to_latest(&mut conn)
            .map_err(|e| corrupt(format!("cannot upgrade its schema: {e}")))?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            checkpointer: None,
        })
    }

    /// Before a large write (a sync): its commit does not fold the log
    /// back into the database, which for tens of megabytes takes longer
    /// than the commit itself. `resume_checkpoints` has it done elsewhere.
    pub(crate) fn hold_checkpoints(&self) -> Result<()> {
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        Ok(())
    }

    /// After a large write: the log is folded back into the database by a
    /// checkpoint on a thread and connection of its own, so whoever waits
    /// for the write is not kept waiting for the copy. A PASSIVE checkpoint
    /// blocks no reader or writer, this one's included; a crash during it
    /// loses nothing (the log stays until the copy is complete).
    pub(crate) fn resume_checkpoints(&mut self) {
        let _ = self
            .conn
            .pragma_update(None, "wal_autocheckpoint", AUTOCHECKPOINT_PAGES);
        // A small log is left to the next commit's own checkpoint.
        let mut log = self.path.clone().into_os_string();
        log.push("-wal");
        let page = self
            .conn
            .query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0))
            .unwrap_or(4096);
        if std::fs::metadata(&log).map_or(0, |m| m.len()) < (AUTOCHECKPOINT_PAGES * page) as u64 {
            return;
        }
        if let Some(running) = self.checkpointer.take() {
            let _ = running.join();
        }
        let path = self.path.clone();
        self.checkpointer = Some(std::thread::spawn(move || {
            if let Ok(conn) = Connection::open_with_flags(
                &path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            ) {
                let _ = conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE)");
            }
        }));
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}
