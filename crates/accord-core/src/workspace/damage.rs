//! Stored changes that can no longer be read (a failing disk, a bad copy
//! of the working copy). `check` names them; a rebuild mends each from the
//! envelopes this working copy keeps (every change it received, and every
//! change of its own it sealed, is kept there whole), and removes, with
//! what was lost in words, one found nowhere.

use std::collections::HashMap;

use super::Workspace;
use crate::error::Result;
use crate::sync::envelope;

impl Workspace {
    /// Mends the stored changes of sequence numbers `seqs`. Returns what
    /// was done, a sentence each.
    pub(super) fn mend_changes(&mut self, seqs: &[i64]) -> Result<Vec<String>> {
        let mut wanted: HashMap<Vec<u8>, crate::store::ChangeRow> = self
            .store
            .change_rows(seqs)?
            .into_iter()
            .map(|row| (row.hash.clone(), row))
            .collect();
        let mut said = Vec::new();
        let keys = self.keyring()?;
        let ws_id = self.workspace_id()?;
        for (_, name, _) in self.store.envelope_names()? {
            if wanted.is_empty() {
                break;
            }
            let Some(bytes) = self.store.envelope_bytes(&name)? else {
                continue;
            };
            // An envelope this device cannot open holds nothing it stored.
            let Ok(opened) = envelope::open(&bytes, ws_id, &keys) else {
                continue;
            };
            for change in opened.changes().unwrap_or_default() {
                let Ok(parsed) = automerge::Change::from_bytes(change.to_vec()) else {
                    continue;
                };
                if let Some(row) = wanted.remove(parsed.hash().0.as_slice()) {
                    self.store.replace_change_bytes(row.seq, change)?;
                    self.store.drop_snapshot(row.doc)?;
                    said.push(format!(
                        "{}: stored change {} could not be read; it was mended from a copy in envelope {}",
                        row.doc,
                        row.seq,
                        &name[..12.min(name.len())]
                    ));
                }
            }
        }
        for row in wanted.into_values() {
            self.store.remove_change(row.seq)?;
            self.store.drop_snapshot(row.doc)?;
            let own = row.device == self.device_key_hex();
            said.push(format!(
                "{}: stored change {} (\"{}\") could not be read and no copy of it is kept here; it was removed{}",
                row.doc,
                row.seq,
                row.message,
                if own {
                    ": it was made on this device and never shared, so that edit is lost; make it again"
                } else {
                    ": changes that built on it wait until an office that has it syncs with this one again"
                }
            ));
        }
        self.docs.clear();
        Ok(said)
    }
}
