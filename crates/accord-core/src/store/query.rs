//! Reading the index: records by id or relation, and the filtered,
//! searchable list of recommendations.

use std::collections::BTreeMap;

use rusqlite::types::ToSql;
use rusqlite::{OptionalExtension, params_from_iter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Store;
use crate::error::{Error, Result};
use crate::model::{Lang, Level, Mechanism, Recommendation, Record, Response};

/// The column the recommendations list is ordered by; every order ends
/// with the code, so that equal rows keep a stable place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum SortBy {
    /// The paragraph number, naturally (107.2 before 107.10).
    #[default]
    Code,
    /// The text in a language, alphabetically.
    Text { lang: Lang },
    /// Supported, supported in part, pending, noted.
    Response,
    /// The first lead organisation's short name.
    Lead,
    /// An organisation's current level, from regressed to fully
    /// implemented; those it has not assessed last.
    Level { org: Uuid },
}

/// The filters of the recommendations list (all optional, combined with AND).
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub mechanism: Option<Mechanism>,
    /// Treaty body or special procedure mandate.
    pub body: Option<String>,
    pub cycle: Option<u32>,
    /// The recommendations of this UPR cycle and those of the other
    /// mechanisms, which have no cycle: what an office follows now.
    pub upr_cycle: Option<u32>,
    pub response: Option<Response>,
    pub theme: Option<String>,
    pub affected: Option<String>,
    pub sdg: Option<String>,
    /// Lead or supporting organisation.
    pub responsible: Option<Uuid>,
    /// Lead organisation only.
    pub lead: Option<Uuid>,
    pub cluster: Option<Uuid>,
    /// The current assessment of an organisation is at this level.
    pub assessed: Option<(Uuid, Level)>,
    /// List archived recommendations instead of current ones.
    pub archived: bool,
    /// Full-text search in both languages (prefix match of every word).
    pub search: Option<String>,
    /// Only where organisations' current levels differ (an organisation
    /// saying "no information" does not disagree).
    pub disagree: bool,
    pub sort: SortBy,
    pub descending: bool,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListPage {
    /// How many recommendations match, over all pages.
    pub total: usize,
    pub items: Vec<Recommendation>,
    /// For each item, every organisation's current level (by id).
    pub levels: Vec<BTreeMap<Uuid, Level>>,
}

/// Levels in the order a list sorts them.
const LEVEL_ORDER: &str = "CASE c.level WHEN 'regressed' THEN 0 WHEN 'not-started' THEN 1 \
     WHEN 'in-progress' THEN 2 WHEN 'partially-implemented' THEN 3 \
     WHEN 'fully-implemented' THEN 4 ELSE 5 END";

/// Turns what a user typed into an FTS5 query: every word must occur, as a
/// word or the start of one. Quotes keep FTS5 syntax out of users' hands.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

impl Store {
    /// SQLite's `data_version`: it changes when another connection commits,
    /// so a long-running reader knows to look again.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    pub fn get_json(&self, table: &str, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT data FROM {table} WHERE id = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn get<R: Record>(&self, id: Uuid) -> Result<Option<R>> {
        self.get_json(R::KIND.name(), &id.to_string())?
            .map(|j| parse::<R>(&j))
            .transpose()
    }

    /// Records of a kind matching an SQL condition on its table (`t`).
    pub fn select<R: Record>(&self, condition: &str, args: &[&dyn ToSql]) -> Result<Vec<R>> {
        let sql = format!(
            "SELECT data FROM {} t WHERE {condition} ORDER BY rowid",
            R::KIND.name()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(args, |r| r.get::<_, String>(0))?;
        rows.map(|j| parse::<R>(&j?)).collect()
    }

    pub fn all<R: Record>(&self) -> Result<Vec<R>> {
        self.select("1", &[])
    }

    /// Ids of a kind starting with `prefix` (for short references).
    pub fn ids_with_prefix(&self, table: &str, prefix: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id FROM {table} WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT 5"
        ))?;
        let rows = stmt.query_map([prefix.to_lowercase()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn list(&self, f: &ListFilter) -> Result<ListPage> {
        let mut cond = vec![String::from("r.archived = ?")];
        let mut args: Vec<Box<dyn ToSql>> = vec![Box::new(f.archived)];
        let mut add = |sql: &str, arg: Box<dyn ToSql>| {
            cond.push(sql.to_owned());
            args.push(arg);
        };
        if let Some(m) = f.mechanism {
            add("s.mechanism = ?", Box::new(m.as_str()));
        }
        if let Some(b) = &f.body {
            add("lower(s.body) = lower(?)", Box::new(b.clone()));
        }
        if let Some(c) = f.cycle {
            add("s.cycle = ?", Box::new(c));
        }
        if let Some(c) = f.upr_cycle {
            add("(s.mechanism != 'upr' OR s.cycle = ?)", Box::new(c));
        }
        if let Some(r) = f.response {
            add("r.response = ?", Box::new(r.as_str()));
        }
        for (tag, value) in [
            ("theme", &f.theme),
            ("affected", &f.affected),
            ("sdg", &f.sdg),
        ] {
            if let Some(v) = value {
                cond.push(format!(
                    "r.id IN (SELECT t.id FROM tag t WHERE t.tag = '{tag}' AND t.value = ?)"
                ));
                args.push(Box::new(v.clone()));
            }
        }
        let mut add = |sql: &str, arg: Box<dyn ToSql>| {
            cond.push(sql.to_owned());
            args.push(arg);
        };
        if let Some(o) = f.responsible {
            add(
                "r.id IN (SELECT t.id FROM tag t WHERE t.tag IN ('lead', 'supporting') AND t.value = ?)",
                Box::new(o.to_string()),
            );
        }
        if let Some(o) = f.lead {
            add(
                "r.id IN (SELECT t.id FROM tag t WHERE t.tag = 'lead' AND t.value = ?)",
                Box::new(o.to_string()),
            );
        }
        if let Some(c) = f.cluster {
            add("r.cluster = ?", Box::new(c.to_string()));
        }
        if let Some((org, level)) = f.assessed {
            if level == Level::NoInformation {
                // No assessment at all counts as "no information" too.
                cond.push(
                    "NOT EXISTS (SELECT 1 FROM current_assessment c WHERE c.recommendation = r.id AND c.org = ? AND c.level <> 'no-information')"
                        .into(),
                );
                args.push(Box::new(org.to_string()));
            } else {
                add(
                    "r.id IN (SELECT c.recommendation FROM current_assessment c WHERE c.org = ? AND c.level = ?)",
                    Box::new(org.to_string()),
                );
                args.push(Box::new(level.as_str()));
            }
        }
        if f.disagree {
            cond.push(
                "r.id IN (SELECT recommendation FROM current_assessment WHERE level <> 'no-information' \
                 GROUP BY recommendation HAVING count(DISTINCT level) > 1)"
                    .into(),
            );
        }
        if let Some(text) = &f.search {
            match fts_query(text) {
                Some(q) => {
                    cond.push(
                        "r.row IN (SELECT rowid FROM recommendation_text WHERE recommendation_text MATCH ?)"
                            .into(),
                    );
                    args.push(Box::new(q));
                }
                None => {
                    return Err(Error::invalid(
                        "search",
                        "give at least one word to search for",
                    ));
                }
            }
        }
        // The source is joined only when a filter needs it.
        let from = if f.mechanism.is_some()
            || f.body.is_some()
            || f.cycle.is_some()
            || f.upr_cycle.is_some()
        {
            "FROM recommendation r JOIN source s ON s.id = r.source WHERE "
        } else {
            "FROM recommendation r WHERE "
        };
        let where_sql = cond.join(" AND ");
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {from}{where_sql}"))?
            .query_row(params_from_iter(args.iter()), |r| r.get(0))?;
        let limit = if f.limit == 0 { 50 } else { f.limit };
        let dir = if f.descending { "DESC" } else { "ASC" };
        // Rows without a value (no lead, not assessed) go last either way.
        let order = match f.sort {
            SortBy::Code => format!("r.sort_key {dir}"),
            SortBy::Text { lang } => format!(
                "json_extract(r.data, '$.text_{}') COLLATE NOCASE {dir}, r.sort_key",
                lang.as_str()
            ),
            SortBy::Response => format!(
                "CASE r.response WHEN 'supported' THEN 0 WHEN 'supported-in-part' THEN 1 \
                 WHEN 'pending' THEN 2 WHEN 'noted' THEN 3 ELSE 4 END {dir}, r.sort_key"
            ),
            SortBy::Lead => {
                let lead = "(SELECT min(o.short) FROM tag t JOIN organisation o ON o.id = t.value \
                            WHERE t.id = r.id AND t.tag = 'lead')";
                format!("{lead} IS NULL, {lead} {dir}, r.sort_key")
            }
            SortBy::Level { org } => {
                let level = format!(
                    "(SELECT {LEVEL_ORDER} FROM current_assessment c \
                     WHERE c.recommendation = r.id AND c.org = ?)"
                );
                // The organisation is bound once for each use.
                args.push(Box::new(org.to_string()));
                args.push(Box::new(org.to_string()));
                format!("{level} IS NULL, {level} {dir}, r.sort_key")
            }
        };
        let sql = format!(
            "SELECT r.data {from}{where_sql} ORDER BY {order} LIMIT {limit} OFFSET {}",
            f.offset
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let items: Vec<Recommendation> = stmt
            .query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(0))?
            .map(|j| parse::<Recommendation>(&j?))
            .collect::<Result<_>>()?;
        let levels = self.levels_of(&items)?;
        Ok(ListPage {
            total: total as usize,
            items,
            levels,
        })
    }

    /// Every organisation's current level for each of `recs`, in order.
    fn levels_of(&self, recs: &[Recommendation]) -> Result<Vec<BTreeMap<Uuid, Level>>> {
        let mut by_rec: BTreeMap<String, BTreeMap<Uuid, Level>> = BTreeMap::new();
        if !recs.is_empty() {
            let marks = vec!["?"; recs.len()].join(",");
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT recommendation, org, level FROM current_assessment WHERE recommendation IN ({marks})"
            ))?;
            let ids: Vec<String> = recs.iter().map(|r| r.id.to_string()).collect();
            let rows = stmt.query_map(params_from_iter(ids.iter()), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            for row in rows {
                let (rec, org, level) = row?;
                by_rec
                    .entry(rec)
                    .or_default()
                    .insert(uuid(&org)?, level.parse()?);
            }
        }
        Ok(recs
            .iter()
            .map(|r| by_rec.remove(&r.id.to_string()).unwrap_or_default())
            .collect())
    }

    /// Each organisation's current level for a recommendation: (org, assessment id, level).
    pub fn current_levels(&self, rec: Uuid) -> Result<Vec<(Uuid, Uuid, Level)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT org, assessment, level FROM current_assessment WHERE recommendation = ?1",
        )?;
        let rows = stmt.query_map([rec.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        rows.map(|row| {
            let (o, a, l) = row?;
            Ok((uuid(&o)?, uuid(&a)?, l.parse()?))
        })
        .collect()
    }
}

fn uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| Error::doc("index", format!("bad id {s}")))
}

pub(crate) fn parse<R: Record>(json: &str) -> Result<R> {
    serde_json::from_str(json).map_err(|e| {
        Error::doc(
            "index",
            format!("a {} row cannot be read: {e}; rebuild the index", R::KIND),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn search_text_becomes_a_safe_prefix_query() {
        assert_eq!(fts_query("torture"), Some("\"torture\"*".into()));
        assert_eq!(fts_query("эрүү шүүлт"), Some("\"эрүү\"* \"шүүлт\"*".into()));
        assert_eq!(
            fts_query("NEAR(\"a\" OR b)"),
            Some("\"NEAR\"* \"a\"* \"OR\"* \"b\"*".into())
        );
        assert_eq!(fts_query("  ** "), None);
    }
}
