//! Keys held beyond the workspace's first, the grants known, and envelopes
//! waiting for a key (see `sync::keys`).

use std::collections::{HashMap, HashSet};

use rusqlite::params;

use super::Store;
use crate::error::Result;
use crate::sync::keys::KeyId;

/// A key this device holds, with what it was made for.
#[derive(Debug, Clone)]
pub struct KeyRow {
    pub id: KeyId,
    pub scope: String,
    pub secret: [u8; 32],
    /// Devices revoked when it was made, hex, sorted.
    pub excludes: Vec<String>,
    /// The device that granted it to this one, hex (this device's own key
    /// when it made it).
    pub granter: String,
}

/// An envelope sealed with a key this device does not hold.
pub struct LockedEnvelope {
    pub name: String,
    pub signer: String,
    pub bytes: Vec<u8>,
}

impl Store {
    /// Keeps a key; false if it was held already.
    pub fn put_key(&self, row: &KeyRow, now: i64) -> Result<bool> {
        Ok(self.conn.prepare_cached(
            "INSERT OR IGNORE INTO key (id, scope, secret, excludes, granter, added) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?.execute(params![
            row.id.as_slice(),
            row.scope,
            row.secret.as_slice(),
            serde_json::to_string(&row.excludes).expect("strings serialise"),
            row.granter,
            now
        ])? == 1)
    }

    /// Every key held beyond the workspace's first, oldest first.
    pub fn keys(&self) -> Result<Vec<KeyRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, scope, secret, excludes, granter FROM key ORDER BY added, id",
        )?;
        let rows = stmt.query_map([], |r| {
            let id: Vec<u8> = r.get(0)?;
            let secret: Vec<u8> = r.get(2)?;
            let excludes: String = r.get(3)?;
            Ok((id, r.get(1)?, secret, excludes, r.get(4)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, scope, secret, excludes, granter) = row?;
            // A row that is not whole is no key (the table is written only
            // here, so this is damage); it is left out rather than stopping
            // every sync.
            let (Ok(id), Ok(secret)) = (id.try_into(), secret.try_into()) else {
                continue;
            };
            out.push(KeyRow {
                id,
                scope,
                secret,
                excludes: serde_json::from_str(&excludes).unwrap_or_default(),
                granter,
            });
        }
        Ok(out)
    }

    /// Remembers that `device` was granted `key`.
    pub fn put_key_grant(&self, key: &KeyId, device: &str) -> Result<()> {
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO key_grant (key, device) VALUES (?1, ?2)")?
            .execute(params![key.as_slice(), device])?;
        Ok(())
    }

    /// For each key, the devices known to have been granted it.
    pub fn key_grants(&self) -> Result<HashMap<KeyId, HashSet<String>>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key, device FROM key_grant")?;
        let mut out: HashMap<KeyId, HashSet<String>> = HashMap::new();
        let rows = stmt.query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get(1)?)))?;
        for row in rows {
            let (key, device) = row?;
            if let Ok(key) = key.try_into() {
                out.entry(key).or_default().insert(device);
            }
        }
        Ok(out)
    }

    pub fn put_locked(
        &self,
        name: &str,
        signer: &str,
        key: &KeyId,
        now: i64,
        bytes: &[u8],
    ) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT OR IGNORE INTO locked_envelope (name, signer, key, received, bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![name, signer, key.as_slice(), now, bytes])?;
        Ok(())
    }

    /// The envelopes waiting for one of `keys`.
    pub fn locked_with(&self, keys: &[KeyId]) -> Result<Vec<LockedEnvelope>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, signer, bytes FROM locked_envelope WHERE key = ?1 ORDER BY received, name",
        )?;
        let mut out = Vec::new();
        for key in keys {
            let rows = stmt.query_map([key.as_slice()], |r| {
                Ok(LockedEnvelope {
                    name: r.get(0)?,
                    signer: r.get(1)?,
                    bytes: r.get(2)?,
                })
            })?;
            for row in rows {
                out.push(row?);
            }
        }
        Ok(out)
    }

    pub fn remove_locked(&self, name: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM locked_envelope WHERE name = ?1")?
            .execute([name])?;
        Ok(())
    }

    /// How many envelopes wait for a key.
    pub fn count_locked(&self) -> Result<usize> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM locked_envelope", [], |r| {
                r.get::<_, i64>(0)
            })? as usize)
    }
}
