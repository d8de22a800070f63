//! What folder sync remembers: envelopes held (applied or in quarantine),
//! files that cannot be used, invitations, this working copy's own facts.

use std::collections::HashSet;

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::Store;
use crate::error::Result;

/// A held-out change to seal: (hash, document, bytes).
pub type UnsealedHeldOut = (Vec<u8>, String, Vec<u8>);

/// A change of this device to seal: (sequence number, hash, document, bytes).
pub type UnsealedChange = (i64, Vec<u8>, String, Vec<u8>);

/// An envelope held back, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Quarantined {
    pub name: String,
    pub device: String,
    pub doc: String,
    pub reason: String,
    pub changes: usize,
    /// Milliseconds since the epoch.
    pub received: i64,
}

/// A file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rejected {
    pub name: String,
    pub device: String,
    pub reason: String,
    pub seen: i64,
}

/// An invite this device made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteRow {
    pub token: String,
    pub id: String,
    pub org: String,
    pub org_name: String,
    /// Milliseconds since the epoch, as the next three.
    pub created: i64,
    pub expires: i64,
    pub cancelled: Option<i64>,
    /// The key of the device that was admitted with it.
    pub used_by: Option<String>,
}

fn invite_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<InviteRow> {
    Ok(InviteRow {
        token: r.get(0)?,
        id: r.get(1)?,
        org: r.get(2)?,
        org_name: r.get(3)?,
        created: r.get(4)?,
        expires: r.get(5)?,
        cancelled: r.get(6)?,
        used_by: r.get(7)?,
    })
}

impl Store {
    pub fn local_get(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM local WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn local_set(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO local (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    pub fn local_remove(&self, key: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM local WHERE key = ?1", [key])?;
        Ok(())
    }

    /// Names of every file already dealt with: envelopes held and files
    /// rejected. A sync does not read them again.
    pub fn known_files(&self) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM envelope UNION ALL SELECT name FROM rejected UNION ALL SELECT name FROM locked_envelope")?;
        let names = stmt.query_map([], |r| r.get(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }

    pub fn is_known_file(&self, name: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM envelope WHERE name = ?1 UNION ALL SELECT 1 FROM rejected WHERE name = ?1
                 UNION ALL SELECT 1 FROM locked_envelope WHERE name = ?1",
            )?
            .query_row([name], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Remembers a file not used, by path, size and time.
    pub fn put_refused_file(
        &self,
        path: &str,
        size: u64,
        modified: i64,
        reason: &str,
        seen: i64,
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO refused_file (path, size, modified, reason, seen) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![path, size as i64, modified, reason, seen])?;
        Ok(())
    }

    /// The files remembered as not used: path → (size, modified, reason).
    pub fn refused_files(&self) -> Result<std::collections::HashMap<String, (u64, i64, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT path, size, modified, reason FROM refused_file")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (r.get::<_, i64>(1)? as u64, r.get(2)?, r.get(3)?),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn put_rejected(&self, name: &str, device: &str, reason: &str, seen: i64) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO rejected (name, device, reason, seen) VALUES (?1, ?2, ?3, ?4)",
            params![name, device, reason, seen],
        )?;
        Ok(())
    }

    pub fn quarantined(&self) -> Result<Vec<Quarantined>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, signer, doc, reason, changes, received FROM envelope
             WHERE state = 'quarantined' ORDER BY received, name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Quarantined {
                name: r.get(0)?,
                device: r.get(1)?,
                doc: r.get(2)?,
                reason: r.get(3)?,
                changes: r.get::<_, i64>(4)? as usize,
                received: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn rejected(&self) -> Result<Vec<Rejected>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, device, reason, seen FROM rejected ORDER BY seen, name")?;
        let rows = stmt.query_map([], |r| {
            Ok(Rejected {
                name: r.get(0)?,
                device: r.get(1)?,
                reason: r.get(2)?,
                seen: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes a quarantined envelope and remembers its file as discarded.
    /// False if no quarantined envelope has that name.
    pub fn discard_quarantined(&self, name: &str, now: i64) -> Result<bool> {
        let Some(signer): Option<String> = self
            .conn
            .query_row(
                "SELECT signer FROM envelope WHERE name = ?1 AND state = 'quarantined'",
                [name],
                |r| r.get(0),
            )
            .optional()?
        else {
            return Ok(false);
        };
        self.conn
            .execute("DELETE FROM envelope WHERE name = ?1", [name])?;
        self.put_rejected(name, &signer, "discarded from the quarantine", now)?;
        Ok(true)
    }

    /// This device's changes not yet sealed into an envelope, in order:
    /// (sequence number, hash, document, bytes).
    pub fn unsealed_changes(&self, device: &str) -> Result<Vec<UnsealedChange>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, hash, doc, bytes FROM change WHERE device = ?1 AND envelope IS NULL ORDER BY seq",
        )?;
        let rows = stmt.query_map([device], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// This device's changes held out by its own revocation that are in no
    /// envelope yet: they travel like the rest, so that a coordinator can
    /// adopt them. (hash, document, bytes), in order.
    pub fn unsealed_excluded(&self, device: &str) -> Result<Vec<UnsealedHeldOut>> {
        let mut stmt = self.conn.prepare(
            "SELECT hash, doc, bytes FROM excluded_change WHERE device = ?1 AND envelope IS NULL ORDER BY rowid",
        )?;
        let rows = stmt.query_map([device], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn mark_excluded_sealed(&self, hashes: &[Vec<u8>], envelope: &str) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("UPDATE excluded_change SET envelope = ?1 WHERE hash = ?2")?;
        for h in hashes {
            stmt.execute(params![envelope, h])?;
        }
        Ok(())
    }

    pub fn mark_sealed(&self, seqs: &[i64], envelope: &str) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("UPDATE change SET envelope = ?1 WHERE seq = ?2")?;
        for seq in seqs {
            stmt.execute(params![envelope, seq])?;
        }
        Ok(())
    }

    pub fn add_invite(&self, invite: &InviteRow) -> Result<()> {
        self.conn.execute(
            "INSERT INTO invite (token, id, org, org_name, created, expires)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                invite.token,
                invite.id,
                invite.org,
                invite.org_name,
                invite.created,
                invite.expires
            ],
        )?;
        Ok(())
    }

    /// Every invite this device made, the newest first.
    pub fn invites(&self) -> Result<Vec<InviteRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT token, id, org, org_name, created, expires, cancelled, used_by
             FROM invite ORDER BY created DESC, id",
        )?;
        let rows = stmt.query_map([], invite_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The invite a token belongs to.
    pub fn invite(&self, token: &str) -> Result<Option<InviteRow>> {
        Ok(self
            .conn
            .query_row(
                "SELECT token, id, org, org_name, created, expires, cancelled, used_by
                 FROM invite WHERE token = ?1",
                [token],
                invite_row,
            )
            .optional()?)
    }

    pub fn use_invite(&self, token: &str, device: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE invite SET used_by = ?2 WHERE token = ?1",
            [token, device],
        )?;
        Ok(())
    }

    pub fn cancel_invite(&self, id: &str, now: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE invite SET cancelled = ?2 WHERE id = ?1",
            params![id, now],
        )?;
        Ok(())
    }

    /// Keeps a join request to relay it (replacing an older one of the
    /// same device). Returns whether it was new or changed.
    pub fn put_join_request(&self, device: &str, bytes: &[u8], now: i64) -> Result<bool> {
        Ok(self.conn.execute(
            "INSERT INTO join_request (device, received, bytes) VALUES (?1, ?2, ?3)
             ON CONFLICT (device) DO UPDATE SET received = excluded.received, bytes = excluded.bytes
             WHERE join_request.bytes != excluded.bytes",
            params![device, now, bytes],
        )? > 0)
    }

    /// The join requests held: device key and the file's bytes.
    pub fn join_requests(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device, bytes FROM join_request ORDER BY device")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn record_sync(&self, folder: &str, now: i64) -> Result<()> {
        self.conn.execute(
            "INSERT INTO sync_folder (path, last) VALUES (?1, ?2)
             ON CONFLICT (path) DO UPDATE SET last = excluded.last",
            params![folder, now],
        )?;
        Ok(())
    }

    /// Folders synced with, the latest first, with when (ms since the epoch).
    pub fn synced_folders(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT path, last FROM sync_folder ORDER BY last DESC")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
