//! The facade the command line and the desktop app call: a working copy of
//! one workspace, opened for this device.

mod check;
mod damage;
mod edit;
mod entries;
mod incoming;
mod init;
mod invites;
mod join;
mod join_requests;
mod kept;
mod keys;
mod outgoing;
mod overview;
mod private;
mod quarantine;
mod read;
mod records;
mod replicate;
mod revocation;
mod save;
mod suggestions;
mod sync;
mod watch;

pub use check::CheckReport;
pub(crate) use edit::Batch;
pub use edit::FieldEdit;
pub use entries::PlanOf;
pub use init::InitOptions;
pub(crate) use init::to_map as record_map;
pub use invites::{
    INVITE_DAYS, INVITE_DAYS_MAX, InviteMade, InviteRequest, InviteState, InviteView,
};
pub use overview::{
    ActivityRow, Dashboard, Divergence, IndicatorDue, LevelCount, MeetingView, SyncMark, next_due,
};
pub use read::{
    AssessmentColumn, ConflictView, HistoryEntry, IndicatorView, PlanView, RecommendationView,
    RelatedRec, ValueView,
};
pub use replicate::{IngestReport, PendingDevice, Refused};
pub use revocation::Adopted;
pub use save::{ArchivedRecord, Editable, Saved};
pub use suggestions::{SuggestedRec, Suggestion, SuggestionKind};
pub use sync::{QuarantineNote, SyncProgress, SyncReport};
pub use watch::Watch;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use automerge::ActorId;
use automerge::transaction::Transaction;
use uuid::Uuid;

use crate::doc::{DocId, Document, new_actor, permissions};
use crate::error::{Error, Result};
use crate::identity::Identity;
use crate::model::{Organisation, Person, RecordKind};
use crate::store::Store;
use records::DocRecords;

const DB_FILE: &str = "accord.sqlite3";
const KEY_FILE: &str = "device.key";

/// Above this many touched records, and a quarter of the document's, the
/// index update reads the whole document in one pass; below, it looks each
/// record up (reading a 100,000-record document whole for each batch of an
/// import would make the import quadratic).
const BULK_READ: usize = 64;

/// Where a device stands on the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// On the roster: it writes as its organisation may.
    Admitted,
    /// Joined from an invite, not yet on the roster: it writes as its
    /// organisation may, and other offices count its work once a
    /// coordinator admits it.
    WaitingForAdmission,
    /// Revoked (or archived): it reads, and writes nothing.
    Revoked,
}

/// This device in the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Me {
    pub device: Uuid,
    pub person: Uuid,
    pub org: Uuid,
}

pub struct Workspace {
    dir: PathBuf,
    store: Store,
    identity: Identity,
    me: Me,
    actor: ActorId,
    /// Documents loaded so far, with the last stored change each includes.
    docs: HashMap<DocId, (Document, i64)>,
    /// Inside `transaction`.
    in_transaction: bool,
    /// Documents a sync held changes out of, or whose roster changed: what
    /// revocations say is judged again once the sync has applied them.
    to_judge: std::collections::BTreeSet<DocId>,
    /// Records the change being written creates, with their fields: a new
    /// object made under the lock holds exactly these and no conflict, so
    /// the index takes them as they are instead of reading them back.
    created: Option<(DocId, Created)>,
}

/// Records created by one change, with their fields.
pub(crate) type Created = HashMap<(RecordKind, String), serde_json::Map<String, serde_json::Value>>;

/// The one item a short reference names: `matches` are those whose name
/// starts with it, `label` gives the name listed when several do.
pub(crate) fn the_one<T>(
    matches: Vec<T>,
    what: &'static str,
    key: &str,
    label: impl Fn(&T) -> String,
) -> Result<T> {
    let mut matches = matches;
    match matches.len() {
        0 => Err(Error::NotFound {
            what,
            key: key.to_owned(),
        }),
        1 => Ok(matches.remove(0)),
        _ => Err(Error::Ambiguous {
            key: key.to_owned(),
            candidates: matches.iter().map(label).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// Milliseconds since the epoch, the time Automerge changes carry.
pub(crate) fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

pub fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

impl Workspace {
    /// Where the working copy lives unless told otherwise: the platform's
    /// data directory (the desktop app uses the same).
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "Accord", "Accord")
            .map(|d| d.data_dir().to_path_buf())
    }

    pub fn exists(dir: &Path) -> bool {
        dir.join(DB_FILE).exists()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn me(&self) -> Me {
        self.me
    }

    pub fn device_key_hex(&self) -> String {
        self.identity.public_hex()
    }

    /// Read access to the index, for queries.
    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn open(dir: &Path) -> Result<Workspace> {
        let store = Store::open(&dir.join(DB_FILE))?;
        let identity = Identity::load(&dir.join(KEY_FILE))?;
        let me = Self::find_me(&store, &identity)?;
        Ok(Workspace {
            dir: dir.to_path_buf(),
            actor: new_actor(&identity.public_key()),
            store,
            identity,
            me,
            docs: HashMap::new(),
            in_transaction: false,
            to_judge: Default::default(),
            created: None,
        })
    }

    fn find_me(store: &Store, identity: &Identity) -> Result<Me> {
        let key = identity.public_hex();
        let mut devices = store.select::<crate::model::Device>("key = ?1", &[&key])?;
        if devices.is_empty() {
            // The index may be damaged or empty: the roster itself decides,
            // so that `check --rebuild` can always open the working copy.
            let (roster, _) = store.load_doc_with(
                DocId::Roster,
                new_actor(&identity.public_key()),
                crate::store::Load::Cached,
            )?;
            roster.for_each_record(|kind, _, fields, _| {
                if kind == RecordKind::Device
                    && let Ok(d) = serde_json::from_value::<crate::model::Device>(fields)
                    && d.key == key
                {
                    devices.push(d);
                }
            });
        }
        if devices.is_empty()
            && let Some(json) = store.local_get("join")?
            && let Ok(request) = serde_json::from_str::<crate::sync::invite::JoinRequest>(&json)
        {
            // Joined from an invite, not admitted yet: it writes with the
            // ids it asked for; other offices hold its work until admitted.
            return Ok(Me {
                device: request.device,
                person: request.person,
                org: request.org,
            });
        }
        // A revoked device still opens its working copy, to read it: what
        // it may do is `standing`'s question.
        devices.sort_by_key(|d| d.revoked || d.archived);
        let device = devices.into_iter().next().ok_or_else(|| {
            Error::Forbidden(format!(
                "this device ({}) is not on the workspace's roster; ask a coordinator to admit it",
                &key[..12]
            ))
        })?;
        Ok(Me {
            device: device.id,
            person: device.person,
            org: device.org,
        })
    }

    /// Where this device stands on the roster: the one rule the command
    /// line, the app and sync ask.
    pub fn standing(&self) -> Result<Standing> {
        let key = self.identity.public_hex();
        let devices = self
            .store
            .select::<crate::model::Device>("key = ?1", &[&key])?;
        if devices.is_empty() {
            return Ok(if self.store.local_get("join")?.is_some() {
                Standing::WaitingForAdmission
            } else {
                Standing::Revoked
            });
        }
        Ok(if devices.iter().any(|d| !d.revoked && !d.archived) {
            Standing::Admitted
        } else {
            Standing::Revoked
        })
    }

    /// The person using this device: from the roster, or, while waiting
    /// for admission, the name given when joining (the roster holds it only
    /// once the coordinator admits the device).
    pub fn my_person(&self) -> Result<Option<Person>> {
        if let Some(person) = self.store.get::<Person>(self.me.person)? {
            return Ok(Some(person));
        }
        Ok(self.pending_join()?.map(|request| Person {
            id: request.person,
            org: request.org,
            name: request.person_name,
            ..Default::default()
        }))
    }

    pub fn my_org(&self) -> Result<Organisation> {
        self.store.get(self.me.org)?.ok_or(Error::NotFound {
            what: "organisation of this device",
            key: self.me.org.to_string(),
        })
    }

    /// The loaded document, brought up to date with what other processes stored.
    fn doc_mut(&mut self, id: DocId) -> Result<&mut Document> {
        if !self.docs.contains_key(&id) {
            let loaded = self.store.load_doc(id, self.actor.clone())?;
            self.docs.insert(id, loaded);
        }
        let (doc, upto) = self.docs.get_mut(&id).expect("loaded above");
        *upto = self.store.catch_up(doc, *upto)?;
        Ok(doc)
    }

    /// Makes one change to a document and stores it with the index update,
    /// as one SQLite transaction: after a crash either both happened or
    /// neither. Returns false if `f` changed nothing.
    pub(crate) fn write(
        &mut self,
        doc: DocId,
        message: &str,
        f: impl FnOnce(&mut Transaction<'_>, &Store) -> Result<()>,
    ) -> Result<bool> {
        if self.standing()? == Standing::Revoked {
            return Err(Error::Forbidden(
                "this device was revoked from the roster: its working copy can be read but not changed; ask a coordinator"
                    .into(),
            ));
        }
        permissions::may_write(doc, &self.my_org()?).map_err(Error::Forbidden)?;
        self.write_unchecked(doc, message, f)
    }

    /// `write` without the permission check: for genesis changes and the
    /// roster's first entries, made before any organisation exists.
    /// `f` runs with the database locked and the document caught up with
    /// every stored change, so what it reads is what it changes: two
    /// processes editing one list never lose each other's items.
    pub(crate) fn write_unchecked(
        &mut self,
        doc: DocId,
        message: &str,
        f: impl FnOnce(&mut Transaction<'_>, &Store) -> Result<()>,
    ) -> Result<bool> {
        self.transaction(|ws| {
            ws.ensure_private_genesis(doc)?;
            ws.doc_mut(doc)?;
            let (d, _) = ws.docs.get_mut(&doc).expect("loaded above");
            let store = &ws.store;
            let Some(change) = d.commit(message, now_ms(), |tx| f(tx, store))? else {
                return Ok(false);
            };
            ws.store_own_change(doc, &change)?;
            ws.after_apply(doc, &[change])?;
            Ok(true)
        })
    }

    /// Stores a change made here, already in the loaded document. We hold
    /// the write lock, so it is the newest stored change and the document's
    /// catch-up point moves past it (it is not applied a second time).
    fn store_own_change(&mut self, doc: DocId, change: &automerge::Change) -> Result<()> {
        if self.store.insert_change(doc, change, None)?.is_some()
            && let Some((_, upto)) = self.docs.get_mut(&doc)
        {
            *upto = self.store.conn.last_insert_rowid();
        }
        Ok(())
    }

    /// Runs `f` inside an immediate SQLite transaction (other writers wait).
    /// On error, the transaction rolls back and the documents in memory are
    /// dropped, to be reloaded from what was stored. Inside another
    /// transaction, `f` simply joins it: all of it commits or none.
    pub(crate) fn transaction<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        if self.in_transaction {
            return f(self);
        }
        self.store.begin_write()?;
        self.in_transaction = true;
        let result = f(self);
        self.in_transaction = false;
        let result = result.and_then(|v| {
            self.store.commit()?;
            Ok(v)
        });
        if result.is_err() {
            self.store.rollback();
            self.docs.clear();
            self.to_judge.clear();
            self.created = None;
        }
        result
    }

    /// Between two transactions of a long write: leaves the lock free for a
    /// moment so that another process's writer, waiting, gets its turn.
    /// Inside an enclosing transaction there is no lock to leave.
    pub(crate) fn let_others_write(&self) {
        if !self.in_transaction {
            std::thread::sleep(crate::store::LOCK_GAP);
        }
    }

    /// Brings the index up to date with changes just applied to a document.
    fn after_apply(&mut self, id: DocId, changes: &[automerge::Change]) -> Result<()> {
        self.after_apply_read(id, changes, None)
    }

    /// `after_apply`, with the document's records if another thread read
    /// them already (used when the index has never seen the document).
    fn after_apply_read(
        &mut self,
        id: DocId,
        changes: &[automerge::Change],
        read: Option<DocRecords>,
    ) -> Result<()> {
        let mut created = match self.created.take() {
            Some((doc, created)) if doc == id => created,
            _ => Created::default(),
        };
        if !self.store.is_indexed(id)? {
            return self.index_first_time(id, changes, read);
        }
        let (doc, _) = self.docs.get(&id).expect("applied to a loaded document");
        let mut records = std::collections::BTreeSet::new();
        let mut toucher = doc.toucher();
        for change in changes {
            let touches = toucher.touched(change);
            self.store.add_history(&change.hash(), &touches)?;
            records.extend(touches.into_iter().map(|t| (t.kind, t.record)));
        }
        // Many records (an import, a batch of assessments): read the whole
        // document in one pass rather than looking each record up.
        let mut bulk: std::collections::HashMap<(RecordKind, String), (serde_json::Value, bool)> =
            Default::default();
        let to_read = records
            .iter()
            .filter(|key| !created.contains_key(*key))
            .count();
        if to_read > BULK_READ && to_read * 4 > doc.record_count() {
            for (kind, rid, fields, conflicted) in doc.all_records() {
                bulk.insert((kind, rid), (fields, conflicted));
            }
        }
        for (kind, rid) in records {
            let key = (kind, rid);
            if let Some(fields) = created.remove(&key) {
                match self.store.index_record(id, kind, &key.1, fields.into()) {
                    Err(Error::Document { .. }) => self.store.remove_record(id, kind, &key.1)?,
                    other => other?,
                }
                continue;
            }
            let rid = key.1;
            let (fields, conflicts) = match bulk.remove(&(kind, rid.clone())) {
                Some((fields, conflicted)) => {
                    let conflicts = if conflicted {
                        doc.conflicts(kind, &rid)
                    } else {
                        vec![]
                    };
                    (fields, conflicts)
                }
                None if !bulk.is_empty() => continue,
                None => match doc.record_state(kind, &rid) {
                    Some((fields, conflicts)) => (serde_json::Value::Object(fields), conflicts),
                    None => continue,
                },
            };
            match self.store.index_record(id, kind, &rid, fields) {
                // A record this version cannot read, or that does not belong
                // here, is out of the index (as a rebuild leaves it);
                // `check` reports it.
                Err(Error::Document { .. }) => self.store.remove_record(id, kind, &rid)?,
                other => other?,
            }
            self.store.set_conflicts(id, kind, &rid, &conflicts)?;
        }
        self.store.set_heads(id, &doc.heads())
    }

    /// A document the index has never seen (a device joining, an office
    /// met for the first time): every record is new, so nothing is looked
    /// up or deleted, and each organisation's current assessment of a
    /// recommendation is computed once rather than once per assessment.
    /// `read`: the document's records, if another thread read them already.
    fn index_first_time(
        &mut self,
        id: DocId,
        changes: &[automerge::Change],
        read: Option<DocRecords>,
    ) -> Result<()> {
        let (doc, _) = self.docs.get(&id).expect("applied to a loaded document");
        // What each change touched is worked out on another core while this
        // one indexes the records: both only read the document.
        std::thread::scope(|scope| {
            let history = scope.spawn(|| {
                let mut toucher = doc.toucher();
                changes
                    .iter()
                    .map(|c| (c.hash(), toucher.touched(c)))
                    .collect::<Vec<_>>()
            });
            let read = read.unwrap_or_else(|| DocRecords::read(doc));
            self.index_records_first_time(id, read)?;
            for (hash, touches) in history.join().expect("history worker panicked") {
                self.store.add_history(&hash, &touches)?;
            }
            self.store.set_heads(id, &doc.heads())
        })
    }

    fn index_records_first_time(&self, id: DocId, read: DocRecords) -> Result<()> {
        let mut assessed = std::collections::BTreeSet::new();
        for (kind, rid, prepared) in read.records {
            // A record that cannot be read, or does not belong here, is out
            // of the index, as a rebuild leaves it; `check` reports it.
            let (data, terms) = match prepared {
                Ok(prepared) => prepared,
                Err(Error::Document { .. }) => continue,
                Err(e) => return Err(e),
            };
            match self.store.write_record(id, kind, &rid, &data, terms, true) {
                Err(Error::Document { .. }) => continue,
                other => other?,
            }
            if kind == RecordKind::Assessment
                && let Ok(a) = serde_json::from_str::<crate::model::Assessment>(&data)
            {
                assessed.insert((a.recommendation.to_string(), a.org.to_string()));
            }
        }
        for (kind, rid, conflicts) in &read.conflicts {
            self.store.set_conflicts(id, *kind, rid, conflicts)?;
        }
        self.store.refresh_current_of(&assessed)
    }

    /// Runs `f` as another device of the roster (the demo writes each
    /// organisation's own documents with that organisation's device).
    pub(crate) fn act_as<T>(
        &mut self,
        device_key: &[u8; 32],
        me: Me,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let saved = (self.actor.clone(), self.me);
        self.switch_actor(new_actor(device_key), me);
        let result = f(self);
        self.switch_actor(saved.0, saved.1);
        result
    }

    /// Runs `f` as another device on the roster: for tools that lay out a
    /// whole workspace at once (the demo, benchmarks). Folder sync will sign
    /// with the device's own key, which this does not have.
    #[doc(hidden)]
    pub fn with_device<T>(
        &mut self,
        device: &crate::model::Device,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        let key: [u8; 32] = hex::decode(&device.key)
            .ok()
            .and_then(|k| k.try_into().ok())
            .ok_or_else(|| Error::invalid("key", "not an ed25519 public key"))?;
        let me = Me {
            device: device.id,
            person: device.person,
            org: device.org,
        };
        self.act_as(&key, me, f)
    }

    fn switch_actor(&mut self, actor: ActorId, me: Me) {
        for (doc, _) in self.docs.values_mut() {
            doc.set_actor(actor.clone());
        }
        self.actor = actor;
        self.me = me;
    }
}
