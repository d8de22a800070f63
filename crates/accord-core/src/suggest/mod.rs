//! Suggestions for people to accept or reject, worked out locally from the
//! recommendations' texts and themes (`similarity`): groups of
//! recommendations that ask for the same thing, across States and
//! mechanisms, and for each recommendation of a newer report the earlier
//! one it repeats or continues. Nothing is grouped or linked until a
//! person accepts; a rejected suggestion is not made again.

pub mod similarity;

use std::collections::{BTreeMap, HashSet};

pub use similarity::{Corpus, Text};

/// How alike two texts must be to be suggested as asking the same thing.
pub const CLUSTER_MIN: f32 = 0.5;
/// How alike a recommendation and an earlier one must be to be suggested
/// as its continuation: a new cycle rewords more than one list does.
pub const LINK_MIN: f32 = 0.4;

/// A group of texts suggested as one, with how alike its least alike
/// linked pair is.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub members: Vec<usize>,
    pub similarity: f32,
}

/// Groups of texts at least `min` alike, each holding at least one of
/// `starts`, and no pair of which `apart` says was rejected. A text joins
/// a group only if it is `min` alike with every member already in it, so
/// that a chain of near neighbours does not gather unrelated texts.
pub fn groups(
    corpus: &Corpus,
    starts: &[usize],
    min: f32,
    apart: &dyn Fn(usize, usize) -> bool,
) -> Vec<Group> {
    // Every close pair once, the closest first.
    let mut pairs: Vec<(usize, usize, f32)> = Vec::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for &a in starts {
        for (b, s) in corpus.neighbours(a, min, |_| true) {
            let key = (a.min(b), a.max(b));
            if !apart(key.0, key.1) && seen.insert(key) {
                pairs.push((key.0, key.1, s));
            }
        }
    }
    pairs.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    let mut group_of: BTreeMap<usize, usize> = BTreeMap::new();
    let mut out: Vec<Group> = Vec::new();
    let fits = |g: &Group, t: usize| {
        g.members
            .iter()
            .all(|&m| !apart(m.min(t), m.max(t)) && corpus.similarity(m, t) >= min)
    };
    for (a, b, s) in pairs {
        match (group_of.get(&a).copied(), group_of.get(&b).copied()) {
            (None, None) => {
                group_of.insert(a, out.len());
                group_of.insert(b, out.len());
                out.push(Group {
                    members: vec![a, b],
                    similarity: s,
                });
            }
            (Some(g), None) | (None, Some(g)) => {
                let t = if group_of.contains_key(&a) { b } else { a };
                if fits(&out[g], t) {
                    out[g].members.push(t);
                    out[g].similarity = out[g].similarity.min(s);
                    group_of.insert(t, g);
                }
            }
            (Some(_), Some(_)) => {}
        }
    }
    for g in &mut out {
        g.members.sort_unstable();
    }
    out.sort_by(|x, y| {
        y.similarity
            .total_cmp(&x.similarity)
            .then(x.members.cmp(&y.members))
    });
    out
}

/// For each of `newer`, the most alike of `earlier` (at least `min`), unless
/// `apart` says the pair was rejected or is linked already.
pub fn links(
    corpus: &Corpus,
    newer: &[usize],
    earlier: &dyn Fn(usize) -> bool,
    min: f32,
    apart: &dyn Fn(usize, usize) -> bool,
) -> Vec<(usize, usize, f32)> {
    let mut out: Vec<(usize, usize, f32)> = newer
        .iter()
        .filter_map(|&n| {
            corpus
                .neighbours(n, min, earlier)
                .into_iter()
                .find(|(e, _)| !apart(n, *e))
                .map(|(e, s)| (n, e, s))
        })
        .collect();
    out.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::similarity::tests::corpus;
    use super::*;

    #[test]
    fn alike_texts_group_and_a_rejected_pair_stays_apart() {
        let c = corpus(&[
            "Ratify the Optional Protocol to the Convention against Torture",
            "Consider ratifying the Optional Protocol to the Convention against Torture",
            "Ratify promptly the Optional Protocol to the Convention against Torture",
            "Adopt a comprehensive law on domestic violence",
            "Adopt a comprehensive law against domestic violence",
            "Improve prison conditions",
        ]);
        let all: Vec<usize> = (0..6).collect();
        let g = groups(&c, &all, CLUSTER_MIN, &|_, _| false);
        assert_eq!(g.len(), 2, "{g:?}");
        assert!(g.iter().any(|g| g.members == [0, 1, 2]));
        assert!(g.iter().any(|g| g.members == [3, 4]));
        // Rejected: 3 and 4 are not suggested together again.
        let g = groups(&c, &all, CLUSTER_MIN, &|a, b| (a, b) == (3, 4));
        assert_eq!(g.len(), 1);
        // Only groups holding a start are made.
        assert_eq!(groups(&c, &[5], CLUSTER_MIN, &|_, _| false), []);
        let l = links(&c, &[1, 4], &|e| e == 0 || e == 3, LINK_MIN, &|_, _| false);
        let mut pairs: Vec<_> = l.iter().map(|x| (x.0, x.1)).collect();
        pairs.sort();
        assert_eq!(pairs, [(1, 0), (4, 3)]);
        // The most alike first.
        assert!(l[0].2 >= l[1].2);
        let l = links(&c, &[1], &|e| e == 0 || e == 3, LINK_MIN, &|n, e| {
            (n, e) == (1, 0)
        });
        assert!(l.is_empty(), "{l:?}");
    }
}
