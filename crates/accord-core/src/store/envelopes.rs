//! The envelopes a working copy holds (applied, its own, in quarantine),
//! to relay them into every folder it syncs with. One whose changes are
//! all stored keeps only its head and the changes' hashes: its file is made
//! again from them (`workspace/kept.rs`), so that a change is stored once.

use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::error::Result;

/// How an envelope's file is kept.
#[derive(Debug, Clone, Copy)]
pub enum Kept<'a> {
    /// The file as read or sealed.
    Whole(&'a [u8]),
    /// Its head (`sync::envelope::Envelope::head`) and the hashes of its
    /// changes in order, 32 bytes each; `size` is the file's.
    Resealable {
        size: usize,
        head: &'a [u8],
        hashes: &'a [u8],
    },
}

/// An envelope's file as held: whole, or what makes it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeptFile {
    Whole(Vec<u8>),
    Resealable {
        doc: String,
        head: Vec<u8>,
        hashes: Vec<u8>,
    },
}

/// A quarantined envelope, with its file (kept whole while held back).
pub struct HeldEnvelope {
    pub name: String,
    pub signer: String,
    pub doc: String,
    pub state: String,
    pub bytes: Vec<u8>,
}

impl Store {
    /// Remembers an envelope: applied, or held back for `quarantine`'s
    /// reason. Taking one again (out of the quarantine) updates its state
    /// and how it is kept.
    #[allow(clippy::too_many_arguments)]
    pub fn put_envelope(
        &self,
        name: &str,
        signer: &str,
        doc: &str,
        quarantine: Option<&str>,
        changes: usize,
        received: i64,
        kept: Kept<'_>,
    ) -> Result<()> {
        let (size, head, hashes, bytes) = match kept {
            Kept::Whole(bytes) => (bytes.len(), None, None, Some(bytes)),
            Kept::Resealable { size, head, hashes } => (size, Some(head), Some(hashes), None),
        };
        self.conn
            .prepare_cached(
                "INSERT INTO envelope (name, signer, doc, state, reason, changes, received, size, head, hashes, bytes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (name) DO UPDATE SET state = excluded.state, reason = excluded.reason,
                     head = excluded.head, hashes = excluded.hashes, bytes = excluded.bytes",
            )?
            .execute(params![
                name,
                signer,
                doc,
                if quarantine.is_some() {
                    "quarantined"
                } else {
                    "applied"
                },
                quarantine.unwrap_or(""),
                changes as i64,
                received,
                size as i64,
                head,
                hashes,
                bytes
            ])?;
        Ok(())
    }

    /// Quarantined envelopes with their files, the roster's first:
    /// admitting a device may release the others.
    pub fn quarantined_envelopes(&self) -> Result<Vec<HeldEnvelope>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, signer, doc, state, bytes FROM envelope
             WHERE state = 'quarantined' AND bytes IS NOT NULL
             ORDER BY doc != 'roster', received, name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(HeldEnvelope {
                name: r.get(0)?,
                signer: r.get(1)?,
                doc: r.get(2)?,
                state: r.get(3)?,
                bytes: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// (signer, name, size) of every envelope held: what a folder should
    /// hold.
    pub fn envelope_names(&self) -> Result<Vec<(String, String, u64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT signer, name, size, received FROM envelope
                      UNION ALL SELECT signer, name, length(bytes), received FROM locked_envelope
                      ORDER BY 4, 2",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An envelope's file as held, by its name.
    pub fn kept_envelope(&self, name: &str) -> Result<Option<KeptFile>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT doc, head, hashes, bytes FROM envelope WHERE name = ?1
                 UNION ALL SELECT '', NULL, NULL, bytes FROM locked_envelope WHERE name = ?1",
            )?
            .query_row([name], |r| {
                Ok(match r.get::<_, Option<Vec<u8>>>(3)? {
                    Some(bytes) => KeptFile::Whole(bytes),
                    None => KeptFile::Resealable {
                        doc: r.get(0)?,
                        head: r.get(1)?,
                        hashes: r.get(2)?,
                    },
                })
            })
            .optional()?)
    }

    /// The stored bytes of the changes of `hashes` (32 bytes each), in
    /// order, whether they count or are held out by a revocation; None for
    /// one not stored.
    pub fn change_bytes_by_hash(&self, hashes: &[u8]) -> Result<Vec<Option<Vec<u8>>>> {
        let mut counts = self
            .conn
            .prepare_cached("SELECT bytes FROM change WHERE hash = ?1")?;
        let mut held_out = self
            .conn
            .prepare_cached("SELECT bytes FROM excluded_change WHERE hash = ?1")?;
        let mut out = Vec::with_capacity(hashes.len() / 32);
        for hash in hashes.chunks(32) {
            let bytes = match counts.query_row([hash], |r| r.get(0)).optional()? {
                Some(b) => Some(b),
                None => held_out.query_row([hash], |r| r.get(0)).optional()?,
            };
            out.push(bytes);
        }
        Ok(out)
    }

    /// Envelopes of documents kept whole, (name, file): only the applied
    /// ones (whose changes are stored) with `applied_only`, else also those
    /// in quarantine. Grants and join requests hold no changes.
    pub fn whole_envelopes(&self, applied_only: bool) -> Result<Vec<(String, Vec<u8>)>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, bytes FROM envelope
             WHERE bytes IS NOT NULL AND doc NOT IN ('key-grant', 'join-request')
               AND (state = 'applied' OR NOT ?1)",
        )?;
        let rows = stmt.query_map([applied_only], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forgets envelopes, so that the next sync reads their files again.
    pub fn forget_envelopes(&self, names: &[String]) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("DELETE FROM envelope WHERE name = ?1")?;
        for name in names {
            stmt.execute([name])?;
        }
        Ok(())
    }

    /// Keeps an envelope by its head and its changes' hashes from now on.
    pub fn keep_resealable(&self, name: &str, head: &[u8], hashes: &[u8]) -> Result<()> {
        self.conn.execute(
            "UPDATE envelope SET head = ?2, hashes = ?3, bytes = NULL WHERE name = ?1",
            params![name, head, hashes],
        )?;
        Ok(())
    }

    /// The envelopes kept by hashes that hold any of `hashes`: (signer,
    /// name).
    pub fn envelopes_holding(
        &self,
        hashes: &std::collections::HashSet<Vec<u8>>,
    ) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT signer, name, hashes FROM envelope WHERE hashes IS NOT NULL")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let held: Vec<u8> = r.get(2)?;
            if held.chunks(32).any(|h| hashes.contains(h)) {
                out.push((r.get(0)?, r.get(1)?));
            }
        }
        Ok(out)
    }
}
