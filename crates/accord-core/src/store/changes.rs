//! Storing and loading the documents' changes.

use automerge::{Automerge, Change};
use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::doc::{DocId, Document, device_key_of};
use crate::error::{Error, Result};

/// Loading writes a new snapshot when more than this many changes, or this
/// many bytes of them, follow the last one: a saved document loads in one
/// columnar pass, replaying changes op by op is several times slower.
const SNAPSHOT_AFTER_CHANGES: usize = 256;
const SNAPSHOT_AFTER_BYTES: usize = 256 * 1024;

/// How a document is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Load {
    /// From its snapshot and the changes after it, saving a new snapshot
    /// when many changes follow the old one.
    Cached,
    /// From its stored changes alone, writing nothing: what `check` trusts.
    ChangesOnly,
}

/// A document as stored: its snapshot, if any, and the changes after it.
pub struct DocBytes {
    pub id: DocId,
    pub snapshot: Option<Vec<u8>>,
    pub changes: Vec<Vec<u8>>,
    /// The last change sequence number included.
    pub upto: i64,
}

impl DocBytes {
    pub fn build(&self, actor: automerge::ActorId) -> Result<Document> {
        let mut doc = match &self.snapshot {
            Some(bytes) => {
                let am = Automerge::load(bytes)
                    .map_err(|e| Error::doc(self.id, format!("its saved copy is damaged: {e}")))?;
                Document::from_automerge(self.id, am.with_actor(actor))
            }
            None => Document::empty(self.id, actor),
        };
        if !self.changes.is_empty() {
            doc.load_stored(&self.changes)?;
        }
        Ok(doc)
    }
}

/// A stored change, without its bytes.
#[derive(Debug, Clone)]
pub struct ChangeRow {
    pub seq: i64,
    pub doc: DocId,
    pub hash: Vec<u8>,
    /// The author device's key, hex.
    pub device: String,
    pub message: String,
    /// It came in, or was sealed into, an envelope.
    pub sealed: bool,
}

#[derive(Debug, Clone)]
pub struct StoredChange {
    pub seq: i64,
    pub doc: DocId,
    pub bytes: Vec<u8>,
}

impl Store {
    /// Stores a change unless it is held already; its storage sequence
    /// number if it was new. `envelope` names the envelope it came in.
    pub fn insert_change(
        &self,
        doc: DocId,
        change: &Change,
        envelope: Option<&str>,
    ) -> Result<Option<i64>> {
        let device = device_key_of(change.actor_id())
            .map(hex::encode)
            .unwrap_or_default();
        let n = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO change (doc, hash, actor, device, time, message, bytes, envelope, root)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?.execute(
            params![
                doc.to_string(),
                change.hash().0.as_slice(),
                change.actor_id().to_bytes(),
                device,
                change.timestamp(),
                change.message().unwrap_or(""),
                change.raw_bytes(),
                envelope,
                change.deps().is_empty(),
            ],
        )?;
        Ok((n == 1).then(|| self.conn.last_insert_rowid()))
    }

    /// Whether `doc` holds a change without dependencies (a genesis).
    pub fn holds_root_change(&self, doc: DocId) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM change WHERE doc = ?1 AND root = 1 LIMIT 1")?
            .query_row([doc.to_string()], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Whether any change of `doc` is stored (applied or waiting).
    pub fn holds_changes(&self, doc: DocId) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM change WHERE doc = ?1 LIMIT 1")?
            .query_row([doc.to_string()], |_| Ok(()))
            .optional()?
            .is_some())
    }

    pub fn has_change(&self, hash: &automerge::ChangeHash) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM change WHERE hash = ?1")?
            .query_row([hash.0.as_slice()], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The documents this working copy holds changes for.
    pub fn doc_ids(&self) -> Result<Vec<DocId>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT doc FROM change ORDER BY doc")?;
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        names.iter().map(|n| n.parse()).collect()
    }

    /// Every stored change of a document after `after`, in storage order.
    /// What is known of the stored changes of sequence numbers `seqs`
    /// besides their bytes.
    pub fn change_rows(&self, seqs: &[i64]) -> Result<Vec<ChangeRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT seq, doc, hash, device, message, envelope IS NOT NULL FROM change WHERE seq = ?1",
            )?;
        let mut out = Vec::new();
        for seq in seqs {
            let row = stmt
                .query_row([seq], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Vec<u8>>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, bool>(5)?,
                    ))
                })
                .optional()?;
            if let Some((seq, doc, hash, device, message, sealed)) = row
                && let Ok(doc) = doc.parse()
            {
                out.push(ChangeRow {
                    seq,
                    doc,
                    hash,
                    device,
                    message,
                    sealed,
                });
            }
        }
        Ok(out)
    }

    /// Puts a sound copy of a stored change in place of damaged bytes.
    pub fn replace_change_bytes(&self, seq: i64, bytes: &[u8]) -> Result<()> {
        self.conn.execute(
            "UPDATE change SET bytes = ?1 WHERE seq = ?2",
            params![bytes, seq],
        )?;
        Ok(())
    }

    /// Removes a stored change that cannot be read or mended, and what the
    /// history says it touched.
    pub fn remove_change(&self, seq: i64) -> Result<()> {
        self.conn.execute(
            "DELETE FROM history WHERE change = (SELECT hash FROM change WHERE seq = ?1)",
            [seq],
        )?;
        self.conn
            .execute("DELETE FROM change WHERE seq = ?1", [seq])?;
        Ok(())
    }

    /// The newest stored change of one document (0 for none).
    pub fn newest_change_of(&self, doc: DocId) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT COALESCE(MAX(seq), 0) FROM change WHERE doc = ?1",
            [doc.to_string()],
            |r| r.get(0),
        )?)
    }

    /// The sequence number of the newest stored change (0 for none).
    pub fn newest_change(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(seq), 0) FROM change", [], |r| r.get(0))?)
    }

    pub fn changes_after(&self, doc: DocId, after: i64) -> Result<Vec<StoredChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, bytes FROM change WHERE doc = ?1 AND seq > ?2 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![doc.to_string(), after], |r| {
            Ok(StoredChange {
                seq: r.get(0)?,
                doc,
                bytes: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Loads a document: its snapshot, then the changes stored after it.
    /// Returns the document and the last change sequence number it includes.
    /// Writes a new snapshot when many changes followed the last one.
    pub fn load_doc(&self, id: DocId, actor: automerge::ActorId) -> Result<(Document, i64)> {
        self.load_doc_with(id, actor, Load::Cached)
    }

    pub fn load_doc_with(
        &self,
        id: DocId,
        actor: automerge::ActorId,
        how: Load,
    ) -> Result<(Document, i64)> {
        let stored = self.doc_bytes(id, how)?;
        let doc = stored.build(actor)?;
        let behind = stored.changes.len();
        let behind_bytes: usize = stored.changes.iter().map(Vec::len).sum();
        if how == Load::Cached
            && (behind > SNAPSHOT_AFTER_CHANGES || behind_bytes > SNAPSHOT_AFTER_BYTES)
        {
            self.write_snapshot(&doc, stored.upto)?;
        }
        Ok((doc, stored.upto))
    }

    /// What a document is loaded from, read from the database so that the
    /// document can be built elsewhere (another thread).
    pub fn doc_bytes(&self, id: DocId, how: Load) -> Result<DocBytes> {
        let snapshot: Option<(i64, Vec<u8>)> = match how {
            Load::ChangesOnly => None,
            Load::Cached => self
                .conn
                .prepare_cached("SELECT upto, bytes FROM snapshot WHERE doc = ?1")?
                .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?,
        };
        let after = snapshot.as_ref().map_or(0, |(upto, _)| *upto);
        let rest = self.changes_after(id, after)?;
        Ok(DocBytes {
            id,
            upto: rest.last().map_or(after, |c| c.seq),
            snapshot: snapshot.map(|(_, b)| b),
            changes: rest.into_iter().map(|c| c.bytes).collect(),
        })
    }

    /// Applies to `doc` the changes stored since `upto` (written by another
    /// process or another handle); returns the new `upto`.
    pub fn catch_up(&self, doc: &mut Document, upto: i64) -> Result<i64> {
        let changes = self.changes_after(doc.id, upto)?;
        let Some(last) = changes.last().map(|c| c.seq) else {
            return Ok(upto);
        };
        // One call for all of them: Automerge sorts out their order once.
        let bytes: Vec<Vec<u8>> = changes.into_iter().map(|c| c.bytes).collect();
        doc.load_stored(&bytes)?;
        Ok(last)
    }

    pub fn write_snapshot(&self, doc: &Document, upto: i64) -> Result<()> {
        // A change waiting for its dependencies is not in a saved copy; a
        // snapshot now would claim to cover it and lose it.
        if !automerge::ReadDoc::get_missing_deps(doc.automerge(), &[]).is_empty() {
            return Ok(());
        }
        self.put_snapshot(doc.id, upto, &doc.save())
    }

    pub(crate) fn put_snapshot(&self, doc: DocId, upto: i64, bytes: &[u8]) -> Result<()> {
        self.conn.execute(
            "INSERT INTO snapshot (doc, upto, bytes) VALUES (?1, ?2, ?3)
             ON CONFLICT (doc) DO UPDATE SET upto = excluded.upto, bytes = excluded.bytes",
            params![doc.to_string(), upto, bytes],
        )?;
        Ok(())
    }

    pub fn drop_snapshot(&self, doc: DocId) -> Result<()> {
        self.conn
            .execute("DELETE FROM snapshot WHERE doc = ?1", [doc.to_string()])?;
        Ok(())
    }

    /// Author and time of a change, for conflicts and history.
    pub fn change_meta(&self, hash: &[u8]) -> Result<Option<(String, i64, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT device, time, message FROM change WHERE hash = ?1",
                [hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?)
    }
}
