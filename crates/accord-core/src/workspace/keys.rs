//! Which key seals what this device writes, and keys passed on to the
//! devices that may hold them (docs/ARCHITECTURE.md, "Keys").
//!
//! The rule, the same at every office: a document's changes are sealed
//! with a key of its scope (the workspace, or the organisation for its
//! internal document) that was made when exactly the devices now revoked
//! were revoked, and that this device got from a device it trusts for that
//! scope (itself, an admitted device; for an organisation's key, an
//! admitted device of that organisation). When it holds none, it makes one
//! and grants it to every admitted device of the scope. Every device passes
//! the keys it holds on to the admitted devices of their scope that have
//! not been granted them, except to the devices a key excludes: so a device
//! admitted later reads what was written before it, and a revoked device
//! never gets a key made after its revocation.

use std::collections::{BTreeSet, HashSet};

use uuid::Uuid;

use super::incoming::{self, Incoming, Opened, ReadFiles};
use super::sync::SyncReport;
use super::{Workspace, now_ms};
use crate::doc::DocId;
use crate::error::Result;
use crate::model::Device;
use crate::store::{Kept, KeyRow};
use crate::sync::envelope::{self, Subject};
use crate::sync::folder::FileProblem;
use crate::sync::keys::{self, Grant, KeyId, Keyring, Scope};

impl Workspace {
    /// Every key this device holds.
    pub(crate) fn keyring(&self) -> Result<Keyring> {
        let mut ring = Keyring::new(*self.workspace_key()?.bytes());
        for row in self.store.keys()? {
            ring.add(row.secret);
        }
        Ok(ring)
    }

    /// The scope of the key that seals `doc`'s changes.
    pub(crate) fn scope_of(doc: DocId) -> Scope {
        match doc {
            DocId::Private(org) => Scope::Org(org),
            _ => Scope::Workspace,
        }
    }

    /// Devices on the roster, split into those that may hold keys of
    /// `scope` now and those revoked (their keys, hex).
    fn audience(&self, scope: Scope) -> Result<(BTreeSet<String>, BTreeSet<String>)> {
        let mut admitted = BTreeSet::new();
        let mut revoked = BTreeSet::new();
        for d in self.store.all::<Device>()? {
            if let Scope::Org(org) = scope
                && d.org != org
            {
                continue;
            }
            if d.revoked || d.archived {
                revoked.insert(d.key);
            } else {
                admitted.insert(d.key);
            }
        }
        Ok((admitted, revoked))
    }

    /// Whether a key of `scope` granted by `granter` may seal what this
    /// device writes.
    fn trusted_granter(&self, granter: &str, admitted: &BTreeSet<String>) -> bool {
        granter == self.identity.public_hex() || admitted.contains(granter)
    }

    /// The key that seals changes of `scope` written now; made and granted
    /// if this device holds none that fits (inside the caller's
    /// transaction).
    pub(crate) fn write_key(&mut self, scope: Scope, ws_id: uuid::Uuid) -> Result<[u8; 32]> {
        // A revoked device only sends on what it wrote before it heard of
        // its revocation (held out everywhere unless a coordinator adopts
        // it): sealed with a key it holds, it makes no new one.
        if self.standing()? == super::Standing::Revoked {
            let scope_name = scope.to_string();
            let held = self
                .store
                .keys()?
                .into_iter()
                .filter(|k| k.scope == scope_name)
                .min_by_key(|k| k.id);
            return match (scope, held) {
                (_, Some(k)) => Ok(k.secret),
                (Scope::Workspace, None) => Ok(*self.workspace_key()?.bytes()),
                // Its organisation had no key yet: one for its devices to
                // read this by, which nobody writes with (its granter is
                // revoked).
                (Scope::Org(_), None) => {
                    let (admitted, _) = self.audience(scope)?;
                    self.make_key(scope, Vec::new(), admitted, ws_id)
                }
            };
        }
        let (admitted, revoked) = self.audience(scope)?;
        let revoked_list: Vec<String> = revoked.iter().cloned().collect();
        if scope == Scope::Workspace && revoked.is_empty() {
            return Ok(*self.workspace_key()?.bytes());
        }
        let scope_name = scope.to_string();
        let fitting = self
            .store
            .keys()?
            .into_iter()
            .filter(|k| {
                k.scope == scope_name
                    && k.excludes == revoked_list
                    && self.trusted_granter(&k.granter, &admitted)
            })
            .min_by_key(|k| k.id);
        if let Some(k) = fitting {
            return Ok(k.secret);
        }
        self.make_key(scope, revoked_list, admitted, ws_id)
    }

    /// Makes a key of `scope` that excludes `excludes`, keeps it, and
    /// grants it to `to` and this device.
    fn make_key(
        &mut self,
        scope: Scope,
        excludes: Vec<String>,
        to: BTreeSet<String>,
        ws_id: uuid::Uuid,
    ) -> Result<[u8; 32]> {
        let secret = keys::new_secret();
        let me = self.identity.public_hex();
        self.store.put_key(
            &KeyRow {
                id: keys::key_id(&secret),
                scope: scope.to_string(),
                secret,
                excludes: excludes.clone(),
                granter: me.clone(),
            },
            now_ms(),
        )?;
        let mut to: Vec<String> = to.into_iter().collect();
        if !to.contains(&me) {
            to.push(me);
        }
        self.grant(scope, &secret, &excludes, &to, ws_id)?;
        Ok(secret)
    }

    /// Seals a grant of `secret` to `devices` with the workspace's first
    /// key (every device holds it, so every office can relay and read the
    /// grant; only the devices named can open their box) and keeps it to
    /// write into folders.
    fn grant(
        &mut self,
        scope: Scope,
        secret: &[u8; 32],
        excludes: &[String],
        devices: &[String],
        ws_id: uuid::Uuid,
    ) -> Result<()> {
        let grant = Grant::make(scope, secret, excludes, devices);
        let first = self.workspace_key()?;
        let bytes = envelope::seal(
            ws_id,
            Subject::Grant,
            &grant.to_bytes(),
            self.identity.signing_key(),
            first.bytes(),
        );
        let name = envelope::name_of(&bytes);
        self.store.put_envelope(
            &name,
            &self.identity.public_hex(),
            envelope::GRANT,
            None,
            grant.boxes.len(),
            now_ms(),
            Kept::Whole(&bytes),
        )?;
        let id = keys::key_id(secret);
        for device in grant.boxes.keys() {
            self.store.put_key_grant(&id, device)?;
        }
        Ok(())
    }

    /// Passes each key this device holds to the admitted devices of its
    /// scope that have not been granted it. Returns the grants written.
    pub(crate) fn grant_missing(&mut self, ws_id: uuid::Uuid) -> Result<usize> {
        if self.standing()? != super::Standing::Admitted {
            return Ok(0);
        }
        let known = self.store.key_grants()?;
        let me = self.identity.public_hex();
        let mut written = 0;
        for k in self.store.keys()? {
            // Another organisation's key (one that reached this device
            // by mistake or malice) is not this device's to pass on.
            let scope = match k.scope.parse::<Scope>() {
                Ok(Scope::Org(o)) if o != self.me.org => continue,
                Ok(scope) => scope,
                Err(()) => continue,
            };
            let (admitted, _) = self.audience(scope)?;
            let granted = known.get(&k.id);
            let lacking: Vec<String> = admitted
                .into_iter()
                .filter(|d| {
                    *d != me && !k.excludes.contains(d) && !granted.is_some_and(|g| g.contains(d))
                })
                .collect();
            if lacking.is_empty() {
                continue;
            }
            self.grant(scope, &k.secret, &k.excludes, &lacking, ws_id)?;
            written += 1;
        }
        Ok(written)
    }

    /// Takes a grant read from a folder: remembers to whom it went, keeps
    /// the key if one of its boxes is this device's. Returns the new key's
    /// name, if any.
    pub(crate) fn take_grant(&mut self, grant: &Grant, granter: &str) -> Result<Option<KeyId>> {
        let Ok(id) = <KeyId>::try_from(hex::decode(&grant.key).unwrap_or_default().as_slice())
        else {
            return Ok(None);
        };
        for device in grant.boxes.keys() {
            self.store.put_key_grant(&id, device)?;
        }
        let Some(secret) = grant.open_for(self.identity.signing_key()) else {
            return Ok(None);
        };
        let added = self.store.put_key(
            &KeyRow {
                id,
                scope: grant.scope.clone(),
                secret,
                excludes: grant.excludes.clone(),
                granter: granter.to_owned(),
            },
            now_ms(),
        )?;
        Ok(added.then_some(id))
    }

    /// Inside the sync's transaction: keeps the files that could not be
    /// used, takes the keys granted, keeps the envelopes sealed with keys
    /// this device lacks, and opens those whose key it now holds. Returns
    /// the documents' envelopes to apply.
    pub(super) fn take_keys(
        &mut self,
        read: ReadFiles,
        ws_id: Uuid,
        report: &mut SyncReport,
    ) -> Result<Vec<Incoming>> {
        let now = now_ms();
        for (name, device, reason) in &read.rejects {
            self.store.put_rejected(name, device, reason, now)?;
        }
        for (path, len, modified, reason) in &read.refused {
            self.store
                .put_refused_file(path, *len, *modified, reason, now)?;
        }
        let mut incoming = read.incoming;
        let mut grants = read.grants;
        for (name, dir, key, bytes) in &read.locked {
            self.store.put_locked(name, dir, key, now, bytes)?;
        }
        loop {
            for (name, granter, grant, bytes) in grants.drain(..) {
                if self.store.is_known_file(&name)? {
                    continue;
                }
                self.take_grant(&grant, &granter)?;
                self.store.put_envelope(
                    &name,
                    &granter,
                    envelope::GRANT,
                    None,
                    grant.boxes.len(),
                    now,
                    Kept::Whole(&bytes),
                )?;
            }
            // Envelopes that waited for a key this device now holds.
            let keys = self.keyring()?;
            let held: Vec<_> = self.store.keys()?.iter().map(|k| k.id).collect();
            let unlocked = self.store.locked_with(&held)?;
            if unlocked.is_empty() {
                return Ok(incoming);
            }
            for locked in unlocked {
                self.store.remove_locked(&locked.name)?;
                match incoming::open_bytes(locked.name.clone(), locked.bytes, ws_id, &keys) {
                    Opened::Envelope(inc) => incoming.push(*inc),
                    Opened::Grant {
                        bytes,
                        granter,
                        grant,
                    } => grants.push((locked.name, granter, grant, bytes)),
                    Opened::Rejected(reason) => {
                        report.rejected.push(FileProblem {
                            file: format!("{}/{}.env", locked.signer, locked.name),
                            reason: reason.clone(),
                        });
                        self.store
                            .put_rejected(&locked.name, &locked.signer, &reason, now)?;
                    }
                    Opened::Locked { .. } | Opened::Mismatch | Opened::Unread(_) => {}
                }
            }
        }
    }

    /// Keys held, for tests that check who can read what.
    #[doc(hidden)]
    pub fn held_keys(&self) -> Result<Vec<[u8; 32]>> {
        let mut out = vec![*self.workspace_key()?.bytes()];
        let mut seen: HashSet<KeyId> = HashSet::new();
        for row in self.store.keys()? {
            if seen.insert(row.id) {
                out.push(row.secret);
            }
        }
        Ok(out)
    }
}
