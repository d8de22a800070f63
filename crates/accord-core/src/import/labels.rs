//! The UN's lists name themes and groups of persons in words ("Acceptance
//! of international norms", "Women & girls"); a workspace keeps them as
//! terms of its vocabularies. A label finds its term by the term's code,
//! either label or an alias the workspace mapped it to, compared without
//! case, spacing or final punctuation. A label that finds none is never
//! dropped: the import lists it, or adds it as a new term when asked.

use std::collections::{BTreeMap, HashMap};

use crate::model::ids;
use crate::model::{Term, Vocabulary};

/// A label as compared: lower case, single spaces, no final punctuation.
pub(super) fn norm(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ';', ',', ':'])
        .to_lowercase()
}

/// A code made from a label: `Women & girls` → `women-girls`.
pub(super) fn slug(label: &str) -> String {
    let mut out = String::new();
    for word in label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

/// The workspace's terms, findable by label.
pub(super) struct Labels {
    found: HashMap<(Vocabulary, String), String>,
    codes: HashMap<Vocabulary, Vec<String>>,
    /// Labels that found no term: (vocabulary, label) → where they appear.
    pub unknown: BTreeMap<(Vocabulary, String), Vec<u64>>,
}

impl Labels {
    pub fn new(terms: &[Term]) -> Self {
        let mut found = HashMap::new();
        let mut codes: HashMap<Vocabulary, Vec<String>> = HashMap::new();
        for t in terms {
            // An archived term's code stays taken: a new term may not reuse
            // its id.
            codes.entry(t.vocabulary).or_default().push(t.code.clone());
            if t.archived {
                continue;
            }
            let names = [&t.code, &t.label_en, &t.label_mn]
                .into_iter()
                .chain(&t.aliases)
                .filter(|n| !n.trim().is_empty());
            for name in names {
                found
                    .entry((t.vocabulary, norm(name)))
                    .or_insert_with(|| t.code.clone());
            }
        }
        Self {
            found,
            codes,
            unknown: BTreeMap::new(),
        }
    }

    /// The codes of `labels` found at `at`; those not found are noted.
    pub fn codes(&mut self, vocab: Vocabulary, labels: &[String], at: u64) -> Vec<String> {
        let mut out = Vec::new();
        for label in labels.iter().filter(|l| !l.trim().is_empty()) {
            match self.found.get(&(vocab, norm(label))) {
                Some(code) => {
                    if !out.contains(code) {
                        out.push(code.clone());
                    }
                }
                None => {
                    let seen = self
                        .unknown
                        .entry((vocab, label.trim().to_owned()))
                        .or_default();
                    if seen.last() != Some(&at) {
                        seen.push(at);
                    }
                }
            }
        }
        out
    }

    /// New terms for the labels not found (the first spelling of each),
    /// and every label now found through them. Their Mongolian label is
    /// left empty: a translation is for a person to give.
    pub fn add_unknown(&mut self) -> Vec<Term> {
        let mut terms: Vec<Term> = Vec::new();
        for (vocab, label) in self.unknown.keys() {
            let key = (*vocab, norm(label));
            if self.found.contains_key(&key) {
                continue;
            }
            let taken = self.codes.entry(*vocab).or_default();
            let base = match slug(label) {
                s if s.is_empty() => "term".to_owned(),
                s => s,
            };
            let mut code = base.clone();
            let mut n = 2;
            while taken.contains(&code) {
                code = format!("{base}-{n}");
                n += 1;
            }
            taken.push(code.clone());
            self.found.insert(key, code.clone());
            terms.push(Term {
                id: ids::term_id(*vocab, &code),
                vocabulary: *vocab,
                code,
                label_en: label.clone(),
                ..Default::default()
            });
        }
        terms
    }

    /// Clears the labels noted as unknown (before reading the file again
    /// with the new terms).
    pub fn forget_unknown(&mut self) {
        self.unknown.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(code: &str, label: &str, aliases: &[&str]) -> Term {
        Term {
            vocabulary: Vocabulary::Theme,
            code: code.into(),
            label_en: label.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_label_finds_its_term_by_code_label_or_alias_and_the_rest_are_kept() {
        let mut labels = Labels::new(&[
            term("education", "Right to education", &[]),
            term(
                "ratification",
                "International instruments",
                &["Acceptance of international norms"],
            ),
        ]);
        let found = labels.codes(
            Vocabulary::Theme,
            &[
                "Right to  Education.".into(),
                "acceptance of international norms".into(),
                "EDUCATION".into(),
                "Women & girls".into(),
            ],
            7,
        );
        assert_eq!(found, ["education", "ratification"]);
        labels.codes(Vocabulary::Theme, &["women & girls".into()], 9);
        assert_eq!(labels.unknown.len(), 2, "{:?}", labels.unknown);
        let added = labels.add_unknown();
        // One new term for one label however it is spelt.
        assert_eq!(added.len(), 1, "{added:?}");
        assert_eq!(added[0].code, "women-girls");
        assert_eq!(added[0].label_en, "Women & girls");
        assert!(added[0].label_mn.is_empty());
        labels.forget_unknown();
        assert_eq!(
            labels.codes(Vocabulary::Theme, &["WOMEN & GIRLS".into()], 1),
            ["women-girls"]
        );
        assert_eq!(
            slug("Persons with disabilities"),
            "persons-with-disabilities"
        );
        assert_eq!(slug("Хүүхэд"), "хүүхэд");
    }
}
