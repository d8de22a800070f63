//! Who may sync: inviting a new device, joining from an invite, admitting
//! it, revoking a device.

use std::path::Path;

use uuid::Uuid;

use super::invites::invite_error;
use super::sync::WORKSPACE_KEY_FILE;
use super::{DB_FILE, KEY_FILE, Me, Workspace, now_ms};
use crate::doc::{DocId, new_actor};
use crate::error::{Error, Result};
use crate::identity::{Identity, WorkspaceKey};
use crate::model::{Device, Organisation, Person, Record};
use crate::problem::Problem;
use crate::store::Store;
use crate::sync::invite::{self, Invite, JoinRequest};

impl Workspace {
    /// Creates a working copy in `dir` from an invite: a new device key,
    /// the workspace key and roster from the invite, and a join request
    /// that the next sync leaves in the folder for the coordinator. Until
    /// admitted, this device writes as a member of the invite's organisation
    /// and other offices hold its envelopes back.
    pub fn join_file(
        dir: &Path,
        invite_file: &Path,
        passphrase: &str,
        person: &str,
    ) -> Result<Workspace> {
        let bytes = std::fs::read(invite_file).map_err(|e| {
            Error::problem(
                "invite",
                Problem::CannotRead {
                    reason: e.to_string(),
                },
            )
        })?;
        Self::join(dir, &bytes, passphrase, person)
    }

    /// `join_file`, with the invite file's bytes.
    pub fn join(
        dir: &Path,
        invite_file: &[u8],
        passphrase: &str,
        person: &str,
    ) -> Result<Workspace> {
        if Workspace::exists(dir) {
            return Err(Error::WorkspaceExists(dir.to_path_buf()));
        }
        let person = person.trim();
        if person.is_empty() {
            return Err(Error::problem("person", Problem::Required));
        }
        let invite = invite::open(invite_file, passphrase).map_err(invite_error)?;
        if invite.expires < now_ms() {
            let day = jiff::Timestamp::from_millisecond(invite.expires)
                .map(|t| {
                    t.to_zoned_datetime(jiff::tz::TimeZone::system())
                        .date()
                        .to_string()
                })
                .unwrap_or_default();
            return Err(Error::problem("invite", Problem::InviteExpired { day }));
        }
        let key: [u8; 32] = hex::decode(&invite.key)
            .ok()
            .and_then(|k| k.try_into().ok())
            .ok_or_else(|| Error::invalid("invite", "its workspace key is malformed"))?;
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        let result = Self::join_files(dir, &invite, key, person);
        if result.is_err() {
            for f in [DB_FILE, KEY_FILE, WORKSPACE_KEY_FILE] {
                let _ = std::fs::remove_file(dir.join(f));
            }
        }
        result
    }

    fn join_files(dir: &Path, invite: &Invite, key: [u8; 32], person: &str) -> Result<Workspace> {
        let store = Store::create(&dir.join(DB_FILE))?;
        let identity = Identity::generate();
        identity.save(&dir.join(KEY_FILE))?;
        WorkspaceKey::from_bytes(key).save(&dir.join(WORKSPACE_KEY_FILE))?;
        let request = JoinRequest {
            token: invite.token.clone(),
            org: invite.org,
            device: Uuid::new_v4(),
            person: Uuid::new_v4(),
            person_name: person.to_owned(),
        };
        let mut ws = Workspace {
            actor: new_actor(&identity.public_key()),
            dir: dir.to_path_buf(),
            store,
            identity,
            me: Me {
                device: request.device,
                person: request.person,
                org: invite.org,
            },
            docs: Default::default(),
            in_transaction: false,
            to_judge: Default::default(),
            created: None,
        };
        let mut changes = Vec::new();
        for (doc, list) in [
            (DocId::Roster, &invite.roster),
            (DocId::Org(invite.org), &invite.org_doc),
        ] {
            for h in list {
                let bytes = hex::decode(h)
                    .map_err(|_| Error::invalid("invite", "a change in it is malformed"))?;
                changes.push((doc, bytes));
            }
        }
        ws.transaction(|ws| {
            ws.store
                .local_set("workspace", &invite.workspace.to_string())?;
            ws.store.local_set(
                "join",
                &serde_json::to_string(&request).expect("a join request serialises"),
            )?;
            for k in &invite.keys {
                let secret: [u8; 32] = hex::decode(&k.secret)
                    .ok()
                    .and_then(|k| k.try_into().ok())
                    .ok_or_else(|| Error::invalid("invite", "a key in it is malformed"))?;
                ws.store.put_key(
                    &crate::store::KeyRow {
                        id: crate::sync::keys::key_id(&secret),
                        scope: crate::sync::keys::Scope::Workspace.to_string(),
                        secret,
                        excludes: k.excludes.clone(),
                        granter: invite.inviter.clone(),
                    },
                    now_ms(),
                )?;
            }
            let report = ws.ingest(&changes)?;
            if let Some(r) = report.refused.first() {
                return Err(Error::invalid(
                    "invite",
                    format!("its roster does not check out ({}: {})", r.doc, r.reason),
                ));
            }
            if ws.store.get::<Organisation>(invite.org)?.is_none() {
                return Err(Error::invalid(
                    "invite",
                    "its organisation is not on its roster",
                ));
            }
            Ok(())
        })?;
        Ok(ws)
    }

    /// Puts a device that asked to join on the roster, with the ids it
    /// chose (it has written with them already).
    pub(super) fn admit_device_as(&mut self, key: &str, request: &JoinRequest) -> Result<()> {
        let org: Organisation = self.store.get(request.org)?.ok_or(Error::NotFound {
            what: "organisation",
            key: request.org.to_string(),
        })?;
        {
            let person = Person {
                id: request.person,
                org: org.id,
                name: request.person_name.trim().to_owned(),
                ..Default::default()
            };
            person.validate()?;
            self.create(&person, &format!("add person {}", person.name))?;
        }
        let device = Device {
            id: request.device,
            key: key.to_owned(),
            person: request.person,
            org: org.id,
            label: format!("{}'s device", request.person_name.trim()),
            ..Default::default()
        };
        device.validate()?;
        self.create(
            &device,
            &format!(
                "admit a device of {} ({})",
                request.person_name.trim(),
                org.short
            ),
        )
    }

    /// Every device on the roster.
    pub fn devices(&self) -> Result<Vec<Device>> {
        self.store.all::<Device>()
    }

    /// Revokes a device, named by a prefix of its key or id (coordinators):
    /// envelopes of it that arrive from now on are held in quarantine.
    /// The device a reference names: the start of its key or id.
    pub(super) fn find_device(&self, reference: &str) -> Result<Device> {
        let r = reference.trim().to_lowercase();
        if r.len() < 6 {
            return Err(Error::invalid(
                "device",
                "give at least 6 characters of the device's key or id",
            ));
        }
        let matches: Vec<Device> = self
            .devices()?
            .into_iter()
            .filter(|d| d.key.starts_with(&r) || d.id.to_string().starts_with(&r))
            .collect();
        super::the_one(matches, "device", reference, |d| d.key[..12].to_owned())
    }

    pub fn revoke(&mut self, reference: &str) -> Result<Device> {
        let device = self.find_device(reference)?;
        if device.revoked {
            return Err(Error::invalid("device", "this device is revoked already"));
        }
        // What of its work counts: what this working copy holds of it now.
        let frontier = self.frontier_held(&device.key)?.to_text();
        let ws_id = self.workspace_id()?;
        self.transaction(|ws| {
            // The revocation itself, and what this device wrote before it,
            // are sealed with the key of before: the revoked device learns
            // that it is revoked. Everything after is sealed with a new key.
            // (A working copy made without a workspace key does not sync.)
            let before = if ws.dir.join(WORKSPACE_KEY_FILE).exists() {
                Some(ws.write_key(crate::sync::keys::Scope::Workspace, ws_id)?)
            } else {
                None
            };
            ws.edit_fields(
                device.id,
                &[
                    super::FieldEdit {
                        field: "revoked".into(),
                        value: "yes".into(),
                    },
                    super::FieldEdit {
                        field: "revoked_frontier".into(),
                        value: frontier.clone(),
                    },
                ],
            )?;
            ws.judge(&[DocId::Roster].into())?;
            if let Some(before) = before {
                let me = ws.identity.signing_key().clone();
                ws.seal_pending(&me, ws_id, Some(before))?;
            }
            Ok(())
        })?;
        Ok(Device {
            revoked: true,
            revoked_frontier: frontier,
            ..device
        })
    }
}
