//! Creating a workspace: the first device, its organisation as coordinator,
//! and the genesis of every document.

use std::path::Path;

use uuid::Uuid;

use super::{DB_FILE, KEY_FILE, Me, Workspace};
use crate::doc::{DocId, Document, new_actor};
use crate::error::{Error, Result};
use crate::identity::Identity;
use crate::model::*;
use crate::store::Store;

#[derive(Debug, Clone, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InitOptions {
    pub workspace_name: String,
    pub workspace_name_mn: String,
    pub country: String,
    pub org_short: String,
    pub org_name: String,
    pub org_name_mn: String,
    pub org_kind: OrgKind,
    pub person: String,
    /// The demo: texts are illustrative.
    pub illustrative: bool,
}

impl Workspace {
    /// Creates a new workspace in `dir` with this device's organisation as
    /// its coordinator. Nothing is left behind if it fails.
    pub fn init(dir: &Path, opts: &InitOptions) -> Result<Workspace> {
        if Workspace::exists(dir) {
            return Err(Error::WorkspaceExists(dir.to_path_buf()));
        }
        let org = Organisation {
            id: Uuid::new_v4(),
            short: opts.org_short.trim().to_owned(),
            name_en: opts.org_name.trim().to_owned(),
            name_mn: opts.org_name_mn.trim().to_owned(),
            kind: opts.org_kind,
            role: Role::Coordinator,
            ..Default::default()
        };
        let person = Person {
            id: Uuid::new_v4(),
            org: org.id,
            name: opts.person.trim().to_owned(),
            ..Default::default()
        };
        let info = WorkspaceInfo {
            id: Uuid::new_v4(),
            name_en: opts.workspace_name.trim().to_owned(),
            name_mn: opts.workspace_name_mn.trim().to_owned(),
            country: opts.country.trim().to_owned(),
            illustrative: opts.illustrative,
            archived: false,
        };
        // Named as the options name them: "name" alone would not say
        // whose.
        let named = |prefix: &'static str| {
            move |e: Error| match e {
                Error::Invalid { field, problem } => Error::Invalid {
                    field: match (prefix, field.as_str()) {
                        ("person", _) => "person".to_owned(),
                        (_, "name") => format!("{prefix}_name"),
                        ("workspace", "country") => "country".to_owned(),
                        _ => format!("{prefix}_{field}"),
                    },
                    problem,
                },
                other => other,
            }
        };
        info.validate().map_err(named("workspace"))?;
        org.validate().map_err(named("org"))?;
        person.validate().map_err(named("person"))?;

        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
        let result = Self::init_files(dir, info, org, person);
        if result.is_err() {
            let _ = std::fs::remove_file(dir.join(DB_FILE));
            let _ = std::fs::remove_file(dir.join(KEY_FILE));
            let _ = std::fs::remove_file(dir.join(super::sync::WORKSPACE_KEY_FILE));
        }
        result
    }

    fn init_files(
        dir: &Path,
        info: WorkspaceInfo,
        org: Organisation,
        person: Person,
    ) -> Result<Workspace> {
        let store = Store::create(&dir.join(DB_FILE))?;
        let identity = Identity::generate();
        identity.save(&dir.join(KEY_FILE))?;
        crate::identity::WorkspaceKey::generate()
            .save(&dir.join(super::sync::WORKSPACE_KEY_FILE))?;
        let device = Device {
            id: Uuid::new_v4(),
            key: identity.public_hex(),
            person: person.id,
            org: org.id,
            label: format!("{}'s device", person.name),
            ..Default::default()
        };
        let mut ws = Workspace {
            dir: dir.to_path_buf(),
            actor: new_actor(&identity.public_key()),
            store,
            identity,
            me: Me {
                device: device.id,
                person: person.id,
                org: org.id,
            },
            docs: Default::default(),
            in_transaction: false,
            to_judge: Default::default(),
            created: None,
        };
        // One transaction: a crash leaves no half-made workspace.
        ws.transaction(|ws| {
            ws.store.local_set("workspace", &info.id.to_string())?;
            ws.init_documents(info, org, person, device)
        })?;
        Ok(ws)
    }

    fn init_documents(
        &mut self,
        info: WorkspaceInfo,
        org: Organisation,
        person: Person,
        device: Device,
    ) -> Result<()> {
        let ws = self;
        for doc in DocId::SHARED {
            ws.genesis(doc)?;
        }
        // The roster's first entries are written before any organisation
        // exists to check permissions against.
        ws.write_unchecked(DocId::Roster, "create the workspace", |tx, _| {
            for (kind, json) in [
                (RecordKind::Workspace, to_map(&info)?),
                (RecordKind::Organisation, to_map(&org)?),
                (RecordKind::Person, to_map(&person)?),
                (RecordKind::Device, to_map(&device)?),
            ] {
                let id = json["id"].as_str().unwrap_or_default().to_owned();
                Document::create_in(tx, kind, &id, &json)?;
            }
            Ok(())
        })?;
        ws.genesis(DocId::Org(org.id))?;
        ws.seed_vocabularies()
    }

    /// Creates a document by its genesis change.
    pub(crate) fn genesis(&mut self, id: DocId) -> Result<()> {
        self.transaction(|ws| {
            let doc = ws.doc_mut(id)?;
            let change = doc.genesis(super::now_ms())?;
            ws.store_own_change(id, &change)?;
            ws.after_apply(id, &[change])
        })
    }

    /// The built-in vocabularies (after the Universal Human Rights Index).
    fn seed_vocabularies(&mut self) -> Result<()> {
        let terms = crate::demo::vocabulary_terms()?;
        self.create_many(&terms, "add the themes and affected persons vocabularies")
    }
}

/// A record as its document holds it. Every text is in Unicode's composed
/// form (NFC): text that looks the same is the same, whichever keyboard,
/// word processor or file it came from.
pub(crate) fn to_map<R: serde::Serialize>(
    r: &R,
) -> Result<serde_json::Map<String, serde_json::Value>> {
    match serde_json::to_value(r) {
        Ok(serde_json::Value::Object(mut m)) => {
            m.values_mut().for_each(compose);
            Ok(m)
        }
        _ => Err(Error::doc("record", "does not serialise to a map")),
    }
}

fn compose(v: &mut serde_json::Value) {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    match v {
        serde_json::Value::String(s) if is_nfc_quick(s.chars()) != IsNormalized::Yes => {
            *s = s.nfc().collect();
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(compose),
        serde_json::Value::Object(m) => m.values_mut().for_each(compose),
        _ => {}
    }
}
