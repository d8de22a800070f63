//! The transaction statements the working copy uses, named for what they
//! are for, so that the workspace's logic writes no SQL.

use super::Store;
use crate::error::Result;

impl Store {
    /// Starts a write transaction at once: another process's writer waits
    /// for it rather than failing half-way through.
    pub(crate) fn begin_write(&self) -> Result<()> {
        Ok(self.conn.execute_batch("BEGIN IMMEDIATE")?)
    }

    /// Starts a transaction that takes the write lock only when it writes
    /// (a scratch index nobody else opens).
    pub(crate) fn begin(&self) -> Result<()> {
        Ok(self.conn.execute_batch("BEGIN")?)
    }

    pub(crate) fn commit(&self) -> Result<()> {
        Ok(self.conn.execute_batch("COMMIT")?)
    }

    /// Undoes the open transaction. Used on a path that already failed, so
    /// its own failure (no transaction open) is not worth reporting.
    pub(crate) fn rollback(&self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }

    /// Marks a point inside the open transaction that one envelope's
    /// changes can be undone to without losing the others'.
    pub(crate) fn savepoint_envelope(&self) -> Result<()> {
        Ok(self.conn.execute_batch("SAVEPOINT envelope")?)
    }

    pub(crate) fn release_envelope(&self) -> Result<()> {
        Ok(self.conn.execute_batch("RELEASE envelope")?)
    }

    pub(crate) fn undo_envelope(&self) -> Result<()> {
        Ok(self
            .conn
            .execute_batch("ROLLBACK TO envelope; RELEASE envelope")?)
    }
}

/// A second connection holding the write lock: writers in other processes
/// (and this one) wait until it is dropped, while reads go on. It changes
/// nothing, and gives the lock back when dropped.
pub(crate) struct WriterHold {
    conn: rusqlite::Connection,
}

impl Store {
    pub(crate) fn hold_writers(&self) -> Result<WriterHold> {
        let conn = rusqlite::Connection::open(self.path())?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(WriterHold { conn })
    }
}

impl Drop for WriterHold {
    fn drop(&mut self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }
}
