//! A document's records in the form the index stores them, read in one
//! pass without the database: another thread reads them while the
//! database thread writes (a rebuild, a sync).

use crate::doc::{Document, FieldConflict};
use crate::error::Result;
use crate::model::{IndexTerms, RecordKind};
use crate::store::index::canonical;

/// A record ready for the index: its canonical JSON and index terms, or
/// why it cannot be read.
pub(super) type Prepared = Result<(String, IndexTerms)>;

pub(super) struct DocRecords {
    pub records: Vec<(RecordKind, String, Prepared)>,
    /// The records with a field in conflict, and their conflicts.
    pub conflicts: Vec<(RecordKind, String, Vec<FieldConflict>)>,
}

impl DocRecords {
    pub fn read(doc: &Document) -> Self {
        let mut out = DocRecords {
            records: Vec::new(),
            conflicts: Vec::new(),
        };
        doc.for_each_record(|kind, rid, fields, conflicted| {
            if conflicted {
                out.conflicts
                    .push((kind, rid.to_owned(), doc.conflicts(kind, rid)));
            }
            out.records
                .push((kind, rid.to_owned(), canonical(doc.id, kind, fields)));
        });
        out
    }
}
