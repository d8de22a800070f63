//! The working copy's schema, as numbered migrations. Each runs in one
//! transaction (rusqlite_migration keeps the number in `user_version`).

use rusqlite_migration::{HookResult, M, Migrations};

/// Folder sync: the envelopes held, the files that could not be used, this
/// working copy's own keys and invitations. None of it is derived from the
/// documents, so a rebuild leaves it alone.
const V2: &str = r#"
-- The envelope each change came in or was sealed into (NULL: not yet sealed,
-- or received directly rather than through a folder).
ALTER TABLE change ADD COLUMN envelope TEXT;
CREATE INDEX change_unsealed ON change (device, seq) WHERE envelope IS NULL;

-- Envelopes held, verbatim, so that they can be relayed to another folder:
-- those applied, this device's own, and those held back in quarantine.
CREATE TABLE envelope (
    name     TEXT PRIMARY KEY,      -- SHA-256 of the bytes, hex
    signer   TEXT NOT NULL,         -- the author device's public key, hex
    doc      TEXT NOT NULL,
    state    TEXT NOT NULL CHECK (state IN ('applied', 'quarantined')),
    reason   TEXT NOT NULL DEFAULT '',
    changes  INTEGER NOT NULL,
    received INTEGER NOT NULL,      -- ms since the epoch
    bytes    BLOB NOT NULL
);
CREATE INDEX envelope_state ON envelope (state);

-- Files of a folder that are whole (their bytes match their name) but cannot
-- be used: not decryptable, badly signed, in the wrong device's directory,
-- or discarded from the quarantine. Remembered so that they are reported
-- once and not read again.
CREATE TABLE rejected (
    name     TEXT PRIMARY KEY,
    device   TEXT NOT NULL,
    reason   TEXT NOT NULL,
    seen     INTEGER NOT NULL
);

-- Invitations this device made: a new device proves with the token that
-- it holds the invite.
CREATE TABLE invite (
    token    TEXT PRIMARY KEY,
    org      TEXT NOT NULL,
    created  INTEGER NOT NULL,
    used_by  TEXT
);

-- This working copy's own facts: the workspace it belongs to and, for a
-- device that joined and waits for admission, what it asked for.
CREATE TABLE local (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- Folders synced with, and when.
CREATE TABLE sync_folder (path TEXT PRIMARY KEY, last INTEGER NOT NULL);
"#;

/// Invites that name themselves (to be listed and cancelled) and expire;
/// join requests kept to be relayed from folder to folder until their
/// device is on the roster.
const V4: &str = r#"
ALTER TABLE invite ADD COLUMN id TEXT NOT NULL DEFAULT '';
ALTER TABLE invite ADD COLUMN org_name TEXT NOT NULL DEFAULT '';
-- ms since the epoch; invites made before expiry existed last 14 days.
ALTER TABLE invite ADD COLUMN expires INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invite ADD COLUMN cancelled INTEGER;
UPDATE invite SET id = lower(hex(randomblob(16))), expires = created + 14 * 86400000;

CREATE TABLE join_request (
    device   TEXT PRIMARY KEY,      -- the asking device's public key, hex
    received INTEGER NOT NULL,      -- ms since the epoch
    bytes    BLOB NOT NULL          -- the file, verbatim
);
"#;

/// Changes that do not count: made by a revoked device beyond what its
/// revocation accepted, or depending on such a change. Kept verbatim, out
/// of the documents, so that they count again should the revocation stop
/// counting (two coordinators revoking each other).
const V5: &str = r#"
CREATE TABLE excluded_change (
    hash     BLOB PRIMARY KEY,
    doc      TEXT NOT NULL,
    device   TEXT NOT NULL,
    reason   TEXT NOT NULL,
    envelope TEXT,
    bytes    BLOB NOT NULL,
    -- This device made the change again on the history that counts.
    reissued INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX excluded_change_doc ON excluded_change (doc);
CREATE INDEX excluded_change_device ON excluded_change (device);
"#;

/// Keys beyond the workspace's first: new workspace keys made when a device
/// is revoked, and organisations' keys for what they keep internal. Which
/// grants are known (to whom each key went), and envelopes sealed with a
/// key this device does not hold, kept to relay and opened if it arrives.
const V6: &str = r#"
CREATE TABLE key (
    id       BLOB PRIMARY KEY,      -- the key's name (see sync::keys)
    scope    TEXT NOT NULL,         -- 'workspace' or 'org/<id>'
    secret   BLOB NOT NULL,
    excludes TEXT NOT NULL,         -- JSON list of revoked devices' keys
    granter  TEXT NOT NULL,         -- the device that granted it here, hex
    added    INTEGER NOT NULL       -- ms since the epoch
);
CREATE TABLE key_grant (
    key      BLOB NOT NULL,
    device   TEXT NOT NULL,
    PRIMARY KEY (key, device)
) WITHOUT ROWID;
CREATE TABLE locked_envelope (
    name     TEXT PRIMARY KEY,
    signer   TEXT NOT NULL,         -- the folder directory it was found in
    key      BLOB NOT NULL,
    received INTEGER NOT NULL,
    bytes    BLOB NOT NULL
);
CREATE INDEX locked_envelope_key ON locked_envelope (key);
"#;

/// Files of a folder not used whose name says nothing of their contents
/// (too large, or not matching their name), remembered by path, size and
/// time so that junk is not read again on every sync.
const V7: &str = r#"
CREATE TABLE refused_file (
    path     TEXT PRIMARY KEY,
    size     INTEGER NOT NULL,
    modified INTEGER NOT NULL,      -- ms since the epoch, as the folder says
    reason   TEXT NOT NULL,
    seen     INTEGER NOT NULL
);
"#;

/// An envelope whose changes are all stored keeps only what, with them,
/// makes its file again (its head and the changes' hashes, in order): each
/// received change is stored once, not in its envelope as well. The file
/// is kept whole while its changes are not stored (in quarantine), and for
/// envelopes kept before this (until a sync finds their changes stored).
const V8: &str = r#"
CREATE TABLE envelope_v8 (
    name     TEXT PRIMARY KEY,      -- SHA-256 of the file, hex
    signer   TEXT NOT NULL,         -- the author device's public key, hex
    doc      TEXT NOT NULL,
    state    TEXT NOT NULL CHECK (state IN ('applied', 'quarantined')),
    reason   TEXT NOT NULL DEFAULT '',
    changes  INTEGER NOT NULL,
    received INTEGER NOT NULL,      -- ms since the epoch
    size     INTEGER NOT NULL,      -- of the file
    head     BLOB,                  -- clear header, signer and signature
    hashes   BLOB,                  -- the changes' hashes, 32 bytes each
    bytes    BLOB,                  -- the file, when kept whole
    CHECK (bytes IS NOT NULL OR (head IS NOT NULL AND hashes IS NOT NULL))
);
INSERT INTO envelope_v8 (name, signer, doc, state, reason, changes, received, size, bytes)
    SELECT name, signer, doc, state, reason, changes, received, length(bytes), bytes FROM envelope;
DROP TABLE envelope;
ALTER TABLE envelope_v8 RENAME TO envelope;
CREATE INDEX envelope_state ON envelope (state);
CREATE INDEX envelope_whole ON envelope (state) WHERE bytes IS NOT NULL;
"#;

/// Index tables: one per record kind, all of one shape (the record as JSON,
/// with generated columns, stored at write time, for what queries filter on).
const V1: &str = r#"

-- The truth: every change of every document, verbatim.
CREATE TABLE change (
    seq      INTEGER PRIMARY KEY,
    doc      TEXT NOT NULL,
    hash     BLOB NOT NULL UNIQUE,
    actor    BLOB NOT NULL,
    device   TEXT NOT NULL,
    time     INTEGER NOT NULL,
    message  TEXT NOT NULL,
    bytes    BLOB NOT NULL
);
CREATE INDEX change_doc ON change (doc, seq);

-- A saved copy of a document covering its changes up to `upto`: loading it
-- is faster than replaying every change. Derived, rewritten at will.
CREATE TABLE snapshot (doc TEXT PRIMARY KEY, upto INTEGER NOT NULL, bytes BLOB NOT NULL);

-- The heads each document's index reflects.
CREATE TABLE doc_heads (doc TEXT PRIMARY KEY, heads TEXT NOT NULL);

CREATE TABLE workspace (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    data TEXT NOT NULL);
CREATE TABLE organisation (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    short TEXT GENERATED ALWAYS AS (json_extract(data, '$.short')) STORED,
    data TEXT NOT NULL);
CREATE INDEX organisation_short ON organisation (short COLLATE NOCASE);
CREATE TABLE person (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    org TEXT GENERATED ALWAYS AS (json_extract(data, '$.org')) STORED,
    data TEXT NOT NULL);
CREATE TABLE device (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    key TEXT GENERATED ALWAYS AS (json_extract(data, '$.key')) STORED,
    data TEXT NOT NULL);
CREATE INDEX device_key ON device (key);
CREATE TABLE source (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    mechanism TEXT GENERATED ALWAYS AS (json_extract(data, '$.mechanism')) STORED,
    body TEXT GENERATED ALWAYS AS (json_extract(data, '$.body')) STORED,
    cycle INTEGER GENERATED ALWAYS AS (json_extract(data, '$.cycle')) STORED,
    document TEXT GENERATED ALWAYS AS (json_extract(data, '$.document')) STORED,
    data TEXT NOT NULL);
-- `row` is declared so that it survives a VACUUM: the full-text table is
-- keyed by it.
CREATE TABLE recommendation (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL,
    code TEXT GENERATED ALWAYS AS (json_extract(data, '$.code')) STORED,
    source TEXT GENERATED ALWAYS AS (json_extract(data, '$.source')) STORED,
    response TEXT GENERATED ALWAYS AS (json_extract(data, '$.response')) STORED,
    cluster TEXT GENERATED ALWAYS AS (json_extract(data, '$.cluster')) STORED,
    archived INTEGER GENERATED ALWAYS AS (json_extract(data, '$.archived')) STORED,
    sort_key TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL);
-- Full-text search over recommendations, keyed by the recommendation's rowid
-- so that a search needs no join.
CREATE VIRTUAL TABLE recommendation_text USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIEW recommendation_search AS
    SELECT r.id AS id, t.text AS text FROM recommendation r JOIN recommendation_text t ON t.rowid = r.row;
CREATE INDEX recommendation_code ON recommendation (code);
-- Covers what the list filters and counts on, so that counting matches
-- never reads the rows (each holds a long JSON).
CREATE INDEX recommendation_sort ON recommendation (archived, sort_key, id, response, source, cluster);
CREATE INDEX recommendation_source ON recommendation (source);
CREATE TABLE cluster (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    slug TEXT GENERATED ALWAYS AS (json_extract(data, '$.slug')) STORED,
    data TEXT NOT NULL);
CREATE TABLE term (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    data TEXT NOT NULL);
CREATE TABLE plan_entry (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    recommendation TEXT GENERATED ALWAYS AS (json_extract(data, '$.recommendation')) STORED,
    cluster TEXT GENERATED ALWAYS AS (json_extract(data, '$.cluster')) STORED,
    data TEXT NOT NULL);
CREATE INDEX plan_entry_rec ON plan_entry (recommendation);
CREATE INDEX plan_entry_cluster ON plan_entry (cluster);
CREATE TABLE activity (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    plan TEXT GENERATED ALWAYS AS (json_extract(data, '$.plan')) STORED,
    data TEXT NOT NULL);
CREATE INDEX activity_plan ON activity (plan);
CREATE TABLE indicator (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    plan TEXT GENERATED ALWAYS AS (json_extract(data, '$.plan')) STORED,
    data TEXT NOT NULL);
CREATE INDEX indicator_plan ON indicator (plan);
CREATE TABLE measurement (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    indicator TEXT GENERATED ALWAYS AS (json_extract(data, '$.indicator')) STORED,
    data TEXT NOT NULL);
CREATE INDEX measurement_indicator ON measurement (indicator);
CREATE TABLE assessment (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    recommendation TEXT GENERATED ALWAYS AS (json_extract(data, '$.recommendation')) STORED,
    org TEXT GENERATED ALWAYS AS (json_extract(data, '$.org')) STORED,
    level TEXT GENERATED ALWAYS AS (json_extract(data, '$.level')) STORED,
    date TEXT GENERATED ALWAYS AS (json_extract(data, '$.date')) STORED,
    archived INTEGER GENERATED ALWAYS AS (json_extract(data, '$.archived')) STORED,
    data TEXT NOT NULL);
CREATE INDEX assessment_rec ON assessment (recommendation, org, date);
-- Each organisation's current view of each recommendation: its newest
-- assessment that is not archived.
CREATE TABLE current_assessment (
    recommendation TEXT NOT NULL, org TEXT NOT NULL, assessment TEXT NOT NULL, level TEXT NOT NULL,
    PRIMARY KEY (recommendation, org));
CREATE INDEX current_assessment_level ON current_assessment (org, level, recommendation);
CREATE TABLE comment (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    target TEXT GENERATED ALWAYS AS (json_extract(data, '$.target')) STORED,
    data TEXT NOT NULL);
CREATE INDEX comment_target ON comment (target);
CREATE TABLE meeting (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    data TEXT NOT NULL);
CREATE TABLE decision (id TEXT PRIMARY KEY, doc TEXT NOT NULL,
    meeting TEXT GENERATED ALWAYS AS (json_extract(data, '$.meeting')) STORED,
    data TEXT NOT NULL);
CREATE INDEX decision_meeting ON decision (meeting);

-- Multi-valued fields, for filters: (record, tag kind, value).
CREATE TABLE tag (id TEXT NOT NULL, tag TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX tag_value ON tag (tag, value, id);
CREATE INDEX tag_id ON tag (id);

-- Full-text search over indicators, activities, comments and more. `search_doc` keeps the text so that the
-- index can be compared with a rebuild.
CREATE TABLE search_doc (rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL);
CREATE VIRTUAL TABLE search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');

-- Who changed what, when: one row per record a change touched.
CREATE TABLE history (
    change BLOB NOT NULL, kind TEXT NOT NULL, record TEXT NOT NULL,
    created INTEGER NOT NULL, fields TEXT NOT NULL,
    PRIMARY KEY (record, change));

-- Fields holding several values at once, until someone picks one.
CREATE TABLE conflict (
    doc TEXT NOT NULL, kind TEXT NOT NULL, record TEXT NOT NULL, field TEXT NOT NULL,
    detail TEXT NOT NULL, PRIMARY KEY (record, field));
"#;

/// Whether a change starts a history of its own (has no dependencies): the
/// check of an organisation document's genesis asks it of every change of
/// the document, which should not need parsing them all. Changes stored
/// before are read once, here.
const V3: &str = r#"
ALTER TABLE change ADD COLUMN root INTEGER NOT NULL DEFAULT 0;
CREATE INDEX change_root ON change (doc) WHERE root = 1;
"#;

fn mark_roots(tx: &rusqlite::Transaction) -> HookResult {
    let mut roots = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT seq, bytes FROM change")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            // A change that cannot be read is no genesis; loading its
            // document reports it.
            let root =
                automerge::Change::from_bytes(row.get(1)?).is_ok_and(|c| c.deps().is_empty());
            if root {
                roots.push(row.get::<_, i64>(0)?);
            }
        }
    }
    let mut mark = tx.prepare("UPDATE change SET root = 1 WHERE seq = ?1")?;
    for seq in roots {
        mark.execute([seq])?;
    }
    Ok(())
}

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up_with_hook(V3, mark_roots),
        M::up(V4),
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
    ])
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    8
}

/// Tables derived from the documents (cleared and refilled by a rebuild,
/// compared by `check`), with the columns that hold their content.
pub const DERIVED: &[(&str, &str)] = &[
    ("doc_heads", "doc, heads"),
    ("workspace", "id, doc, data"),
    ("organisation", "id, doc, data"),
    ("person", "id, doc, data"),
    ("device", "id, doc, data"),
    ("source", "id, doc, data"),
    ("recommendation", "id, doc, data, sort_key"),
    ("cluster", "id, doc, data"),
    ("term", "id, doc, data"),
    ("plan_entry", "id, doc, data"),
    ("activity", "id, doc, data"),
    ("indicator", "id, doc, data"),
    ("measurement", "id, doc, data"),
    ("assessment", "id, doc, data"),
    (
        "current_assessment",
        "recommendation, org, assessment, level",
    ),
    ("comment", "id, doc, data"),
    ("meeting", "id, doc, data"),
    ("decision", "id, doc, data"),
    ("tag", "id, tag, value"),
    ("search_doc", "kind, id, text"),
    ("recommendation_search", "id, text"),
    ("history", "change, kind, record, created, fields"),
    ("conflict", "doc, kind, record, field, detail"),
];

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
