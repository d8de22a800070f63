//! Join requests: read from a folder, kept and relayed by every office
//! until their device is on the roster, answered by the coordinator whose
//! invite they carry.

use std::path::Path;

use uuid::Uuid;

use super::sync::SyncReport;
use super::{Workspace, now_ms};
use crate::error::Result;
use crate::identity::WorkspaceKey;
use crate::model::{Device, Role};
use crate::sync::envelope::{self, Subject};
use crate::sync::folder::{FileProblem, Listing};
use crate::sync::invite::JoinRequest;

impl Workspace {
    /// The join requests in the folder of devices not on the roster, each
    /// checked: whole, sealed with the workspace key, signed by the device
    /// whose directory holds it. Every office keeps and relays them, so a
    /// device is admitted even if its own folder never reaches the
    /// coordinator who invited it.
    pub(super) fn read_join_requests(
        &self,
        listing: &Listing,
        ws_id: Uuid,
        key: &WorkspaceKey,
        report: &mut SyncReport,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        let mut out = Vec::new();
        for (device, path) in &listing.join_requests {
            if !self
                .store
                .select::<Device>("key = ?1", &[device])?
                .is_empty()
            {
                continue;
            }
            // A request being copied is read next time.
            let Some(bytes) = read_small(path) else {
                continue;
            };
            match open_join_request(&bytes, device, ws_id, key) {
                Ok(_) => out.push((device.clone(), bytes)),
                Err(reason) => report.skipped.push(FileProblem {
                    file: path.display().to_string(),
                    reason,
                }),
            }
        }
        Ok(out)
    }

    /// Keeps the join requests read, and, on a coordinator's device,
    /// answers those of its own invites.
    pub(super) fn take_join_requests(
        &mut self,
        read: Vec<(String, Vec<u8>)>,
        report: &mut SyncReport,
    ) -> Result<()> {
        let now = now_ms();
        for (device, bytes) in &read {
            self.store.put_join_request(device, bytes, now)?;
        }
        let is_coordinator = self.pending_join()?.is_none()
            && self
                .my_org()
                .is_ok_and(|o| o.role == Role::Coordinator && !o.archived);
        if !is_coordinator {
            return Ok(());
        }
        let ws_id = self.workspace_id()?;
        let key = self.workspace_key()?;
        for (device, bytes) in self.store.join_requests()? {
            if !self
                .store
                .select::<Device>("key = ?1", &[&device])?
                .is_empty()
            {
                continue;
            }
            let Ok(request) = open_join_request(&bytes, &device, ws_id, &key) else {
                continue;
            };
            if let Some(admitted) = self.admit_request(&device, &request, report)? {
                report.admitted.push(admitted);
            }
        }
        Ok(())
    }
}

/// A join request's file is a few hundred bytes; more is not one.
const JOIN_REQUEST_MAX: u64 = 64 * 1024;

/// Reads a join request's file whole, or None (missing, being copied, too
/// large, or not a plain file).
fn read_small(path: &Path) -> Option<Vec<u8>> {
    crate::sync::folder::read_bounded(path, JOIN_REQUEST_MAX)
        .ok()
        .flatten()
}

/// Opens a join request signed by `device`, or says why it cannot be used.
pub(super) fn open_join_request(
    bytes: &[u8],
    device: &str,
    ws_id: Uuid,
    key: &WorkspaceKey,
) -> std::result::Result<JoinRequest, String> {
    let keys = crate::sync::keys::Keyring::new(*key.bytes());
    let env = envelope::open(bytes, ws_id, &keys).map_err(|e| e.to_string())?;
    if env.subject != Subject::JoinRequest || hex::encode(env.signer) != device {
        return Err("not signed by the device that asks to join".to_owned());
    }
    serde_json::from_slice::<JoinRequest>(&env.body).map_err(|e| e.to_string())
}
