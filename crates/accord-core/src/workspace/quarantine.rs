//! The quarantine: envelopes held back because their author may not (yet)
//! write what they hold, checked again when the roster changes, listed for
//! people with their reasons, and discarded on request.

use super::incoming;
use super::sync::{Pending, Taken};
use super::{Workspace, now_ms};
use crate::error::Result;
use crate::store::Kept;
use crate::sync::envelope::{self, Subject};

impl Workspace {
    /// The envelopes held back, with their reasons, and the files that
    /// could not be used.
    pub fn quarantine(
        &self,
    ) -> Result<(Vec<crate::store::Quarantined>, Vec<crate::store::Rejected>)> {
        Ok((self.store.quarantined()?, self.store.rejected()?))
    }

    /// Discards a quarantined envelope, named by its file name or a prefix
    /// of it: it is not applied, relayed or read again.
    pub fn discard_quarantined(&mut self, name: &str) -> Result<String> {
        let name = name.trim().trim_end_matches(".env").to_lowercase();
        let matches: Vec<_> = self
            .store
            .quarantined()?
            .into_iter()
            .filter(|q| q.name.starts_with(&name))
            .collect();
        let one = super::the_one(matches, "quarantined envelope", &name, |q| {
            q.name[..12].to_owned()
        })?;
        let full = one.name.clone();
        self.transaction(|ws| ws.store.discard_quarantined(&full, now_ms()))?;
        Ok(full)
    }

    /// Checks the quarantined envelopes again (the roster may have admitted
    /// their devices) until nothing more is released. Returns how many were.
    pub(super) fn recheck_quarantine(&mut self, befores: &mut Pending) -> Result<usize> {
        let ws_id = self.workspace_id()?;
        let keys = self.keyring()?;
        let mut released = 0;
        loop {
            let mut progress = false;
            for held in self.store.quarantined_envelopes()? {
                let Ok(env) = envelope::open(&held.bytes, ws_id, &keys) else {
                    continue;
                };
                let Subject::Doc(doc) = env.subject else {
                    continue;
                };
                let changes = incoming::read_changes(&env);
                let (count, taken) = self.take_envelope(&held.name, doc, changes, befores)?;
                let reason = match &taken {
                    Taken::Applied { .. } => {
                        progress = true;
                        released += 1;
                        None
                    }
                    Taken::Refused(r) => Some(r.as_str()),
                };
                self.store.put_envelope(
                    &held.name,
                    &held.signer,
                    &held.doc,
                    reason,
                    count,
                    now_ms(),
                    Kept::Whole(&held.bytes),
                )?;
            }
            if !progress {
                return Ok(released);
            }
        }
    }
}
