//! Suggestions for the catalogue, from the recommendations held: groups
//! that ask for the same thing (clusters) and, for a newer report, the
//! earlier recommendation each one continues (links). Accepting writes the
//! cluster or the link; rejecting remembers the pairs so that they are not
//! suggested again. Both are a coordinator's, like the rest of the
//! catalogue.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Batch, Workspace};
use crate::doc::DocId;
use crate::error::{Error, Result};
use crate::model::*;
use crate::suggest::{self, Corpus, Text};

/// What a suggestion proposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum SuggestionKind {
    /// Recommendations that ask for the same thing, to be one cluster.
    Cluster,
    /// A recommendation (the first) that repeats or continues an earlier
    /// one (the second).
    Link,
}

/// A recommendation as a suggestion shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SuggestedRec {
    pub id: Uuid,
    pub code: String,
    pub document: String,
    pub text: String,
    pub cluster: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Suggestion {
    pub kind: SuggestionKind,
    pub members: Vec<SuggestedRec>,
    /// How alike they are, from 0 to 1 (for a cluster: its least alike
    /// pair that joined it).
    pub similarity: f32,
    /// The cluster a member is in already, which the others would join.
    pub cluster: Option<Uuid>,
}

/// The recommendations held, compared.
struct Held {
    recs: Vec<Recommendation>,
    sources: HashMap<Uuid, Source>,
    corpus: Corpus,
}

impl Held {
    fn apart(&self, a: usize, b: usize) -> bool {
        let (x, y) = (&self.recs[a], &self.recs[b]);
        x.unrelated.contains(&y.id) || y.unrelated.contains(&x.id)
    }

    fn shown(&self, i: usize) -> SuggestedRec {
        let r = &self.recs[i];
        SuggestedRec {
            id: r.id,
            code: r.code.clone(),
            document: self
                .sources
                .get(&r.source)
                .map(|s| s.document.clone())
                .unwrap_or_default(),
            text: if r.text_en.trim().is_empty() {
                r.text_mn.clone()
            } else {
                r.text_en.clone()
            },
            cluster: r.cluster,
        }
    }

    /// Where a source stands in time: UPR reports by cycle and session,
    /// others by date. None: it cannot be placed.
    fn when(&self, source: &Uuid) -> Option<(u32, u32, String)> {
        let s = self.sources.get(source)?;
        match (s.cycle, &s.date) {
            (Some(c), _) => Some((c, s.session.unwrap_or(0), String::new())),
            (None, Some(d)) => Some((0, 0, d.clone())),
            (None, None) => None,
        }
    }
}

impl Workspace {
    fn held_for_suggestions(&self) -> Result<Held> {
        let recs: Vec<Recommendation> = self
            .store()
            .all::<Recommendation>()?
            .into_iter()
            .filter(|r| !r.archived)
            .collect();
        let texts: Vec<Text> = recs
            .iter()
            .map(|r| Text {
                text: if r.text_en.trim().is_empty() {
                    &r.text_mn
                } else {
                    &r.text_en
                },
                themes: &r.themes,
            })
            .collect();
        let corpus = Corpus::new(&texts);
        Ok(Held {
            sources: self
                .store()
                .all::<Source>()?
                .into_iter()
                .map(|s| (s.id, s))
                .collect(),
            recs,
            corpus,
        })
    }

    /// The source a suggestion is asked for: by its document's symbol, or
    /// else (for links) the newest UPR report held.
    fn source_named(held: &Held, document: &str) -> Result<Uuid> {
        held.sources
            .values()
            .find(|s| s.document.eq_ignore_ascii_case(document.trim()))
            .map(|s| s.id)
            .ok_or_else(|| {
                let mut known: Vec<&str> =
                    held.sources.values().map(|s| s.document.as_str()).collect();
                known.sort_unstable();
                Error::invalid(
                    "source",
                    format!(
                        "no source has the symbol {document}; the sources held are: {}",
                        known.join(", ")
                    ),
                )
            })
    }

    /// Groups of recommendations that ask for the same thing: those of
    /// `document` with any other, or else those in no cluster yet.
    pub fn suggest_clusters(&self, document: Option<&str>) -> Result<Vec<Suggestion>> {
        let held = self.held_for_suggestions()?;
        let starts: Vec<usize> = match document {
            Some(d) => {
                let source = Self::source_named(&held, d)?;
                (0..held.recs.len())
                    .filter(|&i| held.recs[i].source == source)
                    .collect()
            }
            None => (0..held.recs.len())
                .filter(|&i| held.recs[i].cluster.is_none())
                .collect(),
        };
        let groups = suggest::groups(&held.corpus, &starts, suggest::CLUSTER_MIN, &|a, b| {
            held.apart(a, b)
        });
        Ok(groups
            .into_iter()
            .filter_map(|g| {
                let clusters: Vec<Option<Uuid>> =
                    g.members.iter().map(|&m| held.recs[m].cluster).collect();
                // Already one cluster: nothing to suggest.
                if clusters[0].is_some() && clusters.iter().all(|c| *c == clusters[0]) {
                    return None;
                }
                let mut counts: BTreeMap<Uuid, usize> = BTreeMap::new();
                for c in clusters.into_iter().flatten() {
                    *counts.entry(c).or_default() += 1;
                }
                let cluster = counts
                    .into_iter()
                    .max_by_key(|(c, n)| (*n, *c))
                    .map(|(c, _)| c);
                Some(Suggestion {
                    kind: SuggestionKind::Cluster,
                    members: g.members.iter().map(|&m| held.shown(m)).collect(),
                    similarity: g.similarity,
                    cluster,
                })
            })
            .collect())
    }

    /// For each recommendation of `document` (else of the newest UPR report
    /// held), the earlier recommendation it repeats or continues.
    pub fn suggest_links(&self, document: Option<&str>) -> Result<Vec<Suggestion>> {
        let held = self.held_for_suggestions()?;
        let source = match document {
            Some(d) => Self::source_named(&held, d)?,
            None => {
                let newest = held
                    .sources
                    .values()
                    .filter(|s| s.mechanism == Mechanism::Upr && s.cycle.is_some() && !s.archived)
                    .max_by_key(|s| (s.cycle, s.session, s.document.clone()));
                match newest {
                    Some(s) => s.id,
                    None => return Ok(Vec::new()),
                }
            }
        };
        let Some(now) = held.when(&source) else {
            return Ok(Vec::new());
        };
        let newer: Vec<usize> = (0..held.recs.len())
            .filter(|&i| held.recs[i].source == source)
            .collect();
        let before = |e: usize| {
            held.recs[e].source != source
                && held
                    .when(&held.recs[e].source)
                    .is_some_and(|w| match (now.0, w.0) {
                        (0, 0) => w.2 < now.2,
                        (0, _) | (_, 0) => false,
                        _ => (w.0, w.1) < (now.0, now.1) && w.0 < now.0,
                    })
        };
        let apart = |n: usize, e: usize| {
            held.apart(n, e) || held.recs[n].continues.contains(&held.recs[e].id)
        };
        Ok(
            suggest::links(&held.corpus, &newer, &before, suggest::LINK_MIN, &apart)
                .into_iter()
                .map(|(n, e, s)| Suggestion {
                    kind: SuggestionKind::Link,
                    members: vec![held.shown(n), held.shown(e)],
                    similarity: s,
                    cluster: None,
                })
                .collect(),
        )
    }

    /// Accepts a suggestion: its recommendations become one cluster (the
    /// one some are in already, or a new one named after the first), or
    /// the first continues the second.
    pub fn accept_suggestion(&mut self, kind: SuggestionKind, ids: &[Uuid]) -> Result<()> {
        let recs = self.suggested(ids)?;
        let mut batch = Batch::default();
        match kind {
            SuggestionKind::Link => {
                let [newer, earlier] = &recs[..] else {
                    return Err(Error::invalid(
                        "suggestion",
                        "a link joins two recommendations",
                    ));
                };
                let mut r = newer.clone();
                if !r.continues.contains(&earlier.id) {
                    r.continues.push(earlier.id);
                }
                r.unrelated.retain(|u| *u != earlier.id);
                batch.update(&super::record_map(newer)?, &r)?;
            }
            SuggestionKind::Cluster => {
                let mut counts: BTreeMap<Uuid, usize> = BTreeMap::new();
                for c in recs.iter().filter_map(|r| r.cluster) {
                    *counts.entry(c).or_default() += 1;
                }
                let cluster = match counts.into_iter().max_by_key(|(c, n)| (*n, *c)) {
                    Some((c, _)) => c,
                    None => {
                        let c = new_cluster(&recs[0], &self.store().all::<Cluster>()?);
                        batch.create(&c)?;
                        c.id
                    }
                };
                for old in &recs {
                    let mut r = old.clone();
                    r.cluster = Some(cluster);
                    batch.update(&super::record_map(old)?, &r)?;
                }
            }
        }
        let codes: Vec<&str> = recs.iter().map(|r| r.code.as_str()).collect();
        self.write_batch(
            DocId::Catalogue,
            &format!("accept {}: {}", kind_word(kind), codes.join(", ")),
            batch,
        )?;
        Ok(())
    }

    /// Rejects a suggestion: its recommendations are not suggested
    /// together again.
    pub fn reject_suggestion(&mut self, kind: SuggestionKind, ids: &[Uuid]) -> Result<()> {
        let recs = self.suggested(ids)?;
        let mut batch = Batch::default();
        for (i, old) in recs.iter().enumerate() {
            let mut r = old.clone();
            for other in &recs[i + 1..] {
                if !r.unrelated.contains(&other.id) {
                    r.unrelated.push(other.id);
                }
            }
            batch.update(&super::record_map(old)?, &r)?;
        }
        let codes: Vec<&str> = recs.iter().map(|r| r.code.as_str()).collect();
        self.write_batch(
            DocId::Catalogue,
            &format!("reject {}: {}", kind_word(kind), codes.join(", ")),
            batch,
        )?;
        Ok(())
    }

    fn suggested(&self, ids: &[Uuid]) -> Result<Vec<Recommendation>> {
        let unique: HashSet<&Uuid> = ids.iter().collect();
        if ids.len() < 2 || unique.len() != ids.len() {
            return Err(Error::invalid(
                "suggestion",
                "a suggestion joins two or more different recommendations",
            ));
        }
        ids.iter()
            .map(|id| {
                self.store()
                    .get::<Recommendation>(*id)?
                    .ok_or_else(|| Error::NotFound {
                        what: "recommendation",
                        key: id.to_string(),
                    })
            })
            .collect()
    }
}

fn kind_word(kind: SuggestionKind) -> &'static str {
    match kind {
        SuggestionKind::Cluster => "cluster",
        SuggestionKind::Link => "link",
    }
}

/// A cluster named after a recommendation: its first words as the title,
/// and a slug of them not taken yet.
fn new_cluster(first: &Recommendation, held: &[Cluster]) -> Cluster {
    let text = if first.text_en.trim().is_empty() {
        &first.text_mn
    } else {
        &first.text_en
    };
    let words: Vec<&str> = text.split_whitespace().take(8).collect();
    let mut title = words.join(" ");
    if text.split_whitespace().count() > 8 {
        title.push('…');
    }
    let base: String = words
        .iter()
        .take(5)
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let base = if base.is_empty() {
        "cluster".to_owned()
    } else {
        base
    };
    let mut slug = base.clone();
    let mut n = 2;
    while held.iter().any(|c| c.slug == slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    Cluster {
        id: Uuid::new_v4(),
        slug,
        title_en: title,
        title_mn: String::new(),
        archived: false,
    }
}
