//! What `check` asks of the database: SQLite's and FTS5's own checks, and
//! how the index differs from one rebuilt beside it from the documents.

use std::path::Path;

use super::{DERIVED, Store};
use crate::error::Result;

impl Store {
    /// SQLite's own integrity check, and FTS5's.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let mut problems: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        problems.retain(|p| p != "ok");
        for fts in ["search", "recommendation_text"] {
            if let Err(e) = self.conn.execute(
                &format!("INSERT INTO {fts} ({fts}) VALUES ('integrity-check')"),
                [],
            ) {
                problems.push(format!("full-text index {fts}: {e}"));
            }
        }
        Ok(problems)
    }

    /// How many changes of all documents are stored.
    pub fn change_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM change", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Compares each derived table with the same table of the index at
    /// `fresh` (built from the documents), and says, a sentence each, where
    /// they differ and what mends it.
    pub fn differences_from(&self, fresh: &Path) -> Result<Vec<String>> {
        self.conn
            .execute("ATTACH DATABASE ?1 AS fresh", [fresh.to_string_lossy()])?;
        let compared = self.compare_with_fresh();
        self.conn.execute("DETACH DATABASE fresh", [])?;
        compared
    }

    fn compare_with_fresh(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        for (table, cols) in DERIVED {
            let count = |a: &str, b: &str| -> Result<i64> {
                Ok(self.conn.query_row(
                    &format!(
                        "SELECT count(*) FROM (SELECT {cols} FROM {a}.{table} EXCEPT SELECT {cols} FROM {b}.{table})"
                    ),
                    [],
                    |r| r.get(0),
                )?)
            };
            let stale = count("main", "fresh")?;
            let missing = count("fresh", "main")?;
            // EXCEPT compares sets; a duplicated row shows in the counts.
            let rows = |schema: &str| -> Result<i64> {
                Ok(self.conn.query_row(
                    &format!("SELECT count(*) FROM {schema}.{table}"),
                    [],
                    |r| r.get(0),
                )?)
            };
            let (live, built) = (rows("main")?, rows("fresh")?);
            if stale + missing == 0 && live != built {
                problems.push(format!(
                    "index table {table}: {live} rows where the documents give {built}; rebuild the index"
                ));
            }
            if stale + missing > 0 {
                let fix = if *table == "history" {
                    "rebuild the index with its history"
                } else {
                    "rebuild the index"
                };
                problems.push(format!(
                    "index table {table}: {missing} row(s) missing, {stale} row(s) the documents do not support; {fix}"
                ));
            }
        }
        Ok(problems)
    }
}
