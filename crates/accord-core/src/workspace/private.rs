//! What an organisation keeps to itself: its drafts and internal records,
//! in its private document (`private/<org>`), sealed with the
//! organisation's own key (see `keys`). Publishing one writes it whole into
//! the organisation's public document, whose copy is shown from then on.

use serde_json::{Map, Value as Json};
use uuid::Uuid;

use super::Workspace;
use super::edit::{check_refs, read_record, write_changes};
use super::init::to_map;
use crate::doc::{DocId, Document};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::index::with_record_type;

/// The error for taking a published record back to draft or internal.
pub(super) fn stays_published() -> Error {
    Error::invalid(
        "visibility",
        "it was published and other organisations have it; it cannot become a draft or internal again (archive it instead)",
    )
}

impl Workspace {
    /// Publishes a draft or internal comment of this organisation: it is
    /// shown to the other organisations from then on.
    pub fn publish_comment(&mut self, id: Uuid) -> Result<Comment> {
        let (kind, doc) = self.locate(id)?;
        if kind != RecordKind::Comment {
            return Err(Error::invalid(
                "comment",
                format!("{id} is a {kind}, not a comment"),
            ));
        }
        if !matches!(doc, DocId::Private(_)) {
            return Err(Error::invalid("comment", "it is published already"));
        }
        self.update::<Comment>(id, "publish comment", |c| {
            c.status = CommentStatus::Published;
            if c.visibility == Visibility::Internal {
                c.visibility = Visibility::Parties;
            }
            Ok(())
        })
    }

    /// `update` of a record in the organisation's private document: it
    /// stays there, or, no longer a draft or internal, is published.
    pub(super) fn update_private<R: Record>(
        &mut self,
        org: Uuid,
        id: Uuid,
        message: &str,
        f: impl FnOnce(&mut R) -> Result<()>,
    ) -> Result<R> {
        let doc = DocId::Private(org);
        let old: R = self.doc_mut(doc)?.get(id)?.ok_or(Error::NotFound {
            what: "record",
            key: id.to_string(),
        })?;
        let mut new = old.clone();
        f(&mut new)?;
        if !new.private() {
            self.publish(org, R::KIND, &to_map(&new)?, message)?;
            return Ok(new);
        }
        self.write(doc, message, |tx, store| {
            let old: R = read_record(tx, doc, id)?;
            write_changes(tx, store, &old, &new)
        })?;
        Ok(new)
    }

    /// Publishes a draft or internal record of `org`: written whole into
    /// the organisation's public document, whose copy is shown from then on
    /// (the private copy stays, unseen, with its history).
    pub(super) fn publish(
        &mut self,
        org: Uuid,
        kind: RecordKind,
        record: &Map<String, Json>,
        message: &str,
    ) -> Result<()> {
        with_record_type!(kind, T => {
            serde_json::from_value::<T>(Json::Object(record.clone()))
                .map_err(|e| Error::invalid(kind.name(), e.to_string()))?
                .validate()?;
        });
        let id = record["id"].as_str().unwrap_or_default().to_owned();
        self.write(DocId::Org(org), message, |tx, store| {
            check_refs(store, kind, record, &Default::default())?;
            Document::create_in(tx, kind, &id, record)
        })?;
        Ok(())
    }

    /// Makes an organisation's private document's genesis here, if it is
    /// not held yet (see `doc::private_genesis`). Inside a transaction.
    pub(crate) fn ensure_private_genesis(&mut self, id: DocId) -> Result<()> {
        let DocId::Private(org) = id else {
            return Ok(());
        };
        if self.store.holds_root_change(id)? {
            return Ok(());
        }
        let change = crate::doc::private_genesis(org)?;
        self.docs.remove(&id);
        self.store.insert_change(id, &change, None)?;
        self.doc_mut(id)?;
        self.after_apply(id, &[change])
    }
}
