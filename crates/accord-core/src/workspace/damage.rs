//! Stored changes that can no longer be read (a failing disk, a bad copy
//! of the working copy). `check` names them; a rebuild mends each from a
//! copy in an envelope: one kept whole here, or the file of the envelope
//! that carried it in a folder this working copy syncs with (every change
//! received, and every change of its own sealed and synced, is there). One
//! found nowhere is removed, with what was lost in words.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Workspace;
use crate::error::Result;
use crate::store::ChangeRow;
use crate::sync::envelope;
use crate::sync::folder::{Folder, Read, read_whole};
use crate::sync::keys::Keyring;

/// The changes still to mend, by hash, and what was done, a sentence each.
struct Mending {
    wanted: HashMap<Vec<u8>, ChangeRow>,
    said: Vec<String>,
}

impl Workspace {
    /// Mends the stored changes of sequence numbers `seqs`. Returns what
    /// was done, a sentence each.
    pub(super) fn mend_changes(&mut self, seqs: &[i64]) -> Result<Vec<String>> {
        let mut m = Mending {
            wanted: self
                .store
                .change_rows(seqs)?
                .into_iter()
                .map(|row| (row.hash.clone(), row))
                .collect(),
            said: Vec::new(),
        };
        let keys = self.keyring()?;
        let ws_id = self.workspace_id()?;
        for (name, bytes) in self.store.whole_envelopes(false)? {
            if m.wanted.is_empty() {
                break;
            }
            self.mend_from(&mut m, &name, &bytes, ws_id, &keys, "kept here")?;
        }
        if !m.wanted.is_empty() {
            let holding: HashSet<String> = self
                .store
                .envelopes_holding(&m.wanted.keys().cloned().collect())?
                .into_iter()
                .map(|(_, name)| name)
                .collect();
            for (path, _) in self.store.synced_folders()? {
                if m.wanted.is_empty() {
                    break;
                }
                // A folder no longer reachable (a stick elsewhere) is passed.
                let Ok(folder) = Folder::open(Path::new(&path), ws_id) else {
                    continue;
                };
                let Ok(listing) = folder.list() else {
                    continue;
                };
                for file in listing
                    .envelopes
                    .iter()
                    .filter(|f| holding.contains(&f.name))
                {
                    if let Ok(Read::Whole(bytes)) = read_whole(file) {
                        let from = format!("in {path}");
                        self.mend_from(&mut m, &file.name, &bytes, ws_id, &keys, &from)?;
                    }
                }
            }
        }
        // The envelopes that carried the changes removed are forgotten: the
        // next sync that finds one of their files takes them back.
        let carriers: Vec<String> = self
            .store
            .envelopes_holding(&m.wanted.keys().cloned().collect())?
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        self.store.forget_envelopes(&carriers)?;
        for row in m.wanted.into_values() {
            self.store.remove_change(row.seq)?;
            self.store.drop_snapshot(row.doc)?;
            let lost = !row.sealed && row.device == self.device_key_hex();
            m.said.push(format!(
                "{}: stored change {} (\"{}\") could not be read and no copy of it was found; it was removed{}",
                row.doc,
                row.seq,
                row.message,
                if lost {
                    ": it was made on this device and never shared, so that edit is lost; make it again"
                } else {
                    ": it comes back, with the changes that built on it, when this working copy syncs with a folder that holds it"
                }
            ));
        }
        self.docs.clear();
        Ok(m.said)
    }

    /// Puts back the wanted changes that envelope `name` holds.
    fn mend_from(
        &self,
        m: &mut Mending,
        name: &str,
        bytes: &[u8],
        ws_id: uuid::Uuid,
        keys: &Keyring,
        from: &str,
    ) -> Result<()> {
        // An envelope this device cannot open holds nothing it stored.
        let Ok(opened) = envelope::open(bytes, ws_id, keys) else {
            return Ok(());
        };
        for change in opened.changes().unwrap_or_default() {
            let Ok(parsed) = automerge::Change::from_bytes(change.to_vec()) else {
                continue;
            };
            if let Some(row) = m.wanted.remove(parsed.hash().0.as_slice()) {
                self.store.replace_change_bytes(row.seq, change)?;
                self.store.drop_snapshot(row.doc)?;
                m.said.push(format!(
                    "{}: stored change {} could not be read; it was mended from a copy in envelope {} ({from})",
                    row.doc,
                    row.seq,
                    &name[..12.min(name.len())]
                ));
            }
        }
        Ok(())
    }
}
