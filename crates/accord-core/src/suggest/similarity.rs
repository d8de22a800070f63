//! How alike two recommendations' texts are: TF-IDF vectors over stemmed
//! English words without stop words (Snowball's English stemmer, NLTK's
//! stop words), compared by cosine, with the share of themes they have in
//! common counted in. Neighbours are found through an inverted index, so
//! that a few hundred new recommendations are compared with ten thousand
//! held without comparing every pair.

use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

/// How much the themes two recommendations share counts, against their
/// words.
const THEME_WEIGHT: f32 = 0.15;

/// A recommendation as compared: its English text and its themes.
pub struct Text<'a> {
    pub text: &'a str,
    pub themes: &'a [String],
}

/// The words that carry a text's meaning, stemmed.
pub struct Words {
    stemmer: Stemmer,
    stop: std::collections::HashSet<String>,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            stemmer: Stemmer::create(Algorithm::English),
            stop: stop_words::get(stop_words::LANGUAGE::English)
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
        }
    }
}

impl Words {
    pub fn of(&self, text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 1 && !w.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_lowercase)
            .filter(|w| !self.stop.contains(w))
            .map(|w| self.stemmer.stem(&w).into_owned())
            .collect()
    }
}

/// The texts of a workspace, ready to be compared.
pub struct Corpus {
    /// Each text's terms and weights, of unit length.
    vectors: Vec<Vec<(u32, f32)>>,
    /// Term → the texts holding it, with its weight there.
    postings: HashMap<u32, Vec<(u32, f32)>>,
    themes: Vec<Vec<String>>,
}

impl Corpus {
    pub fn new(texts: &[Text<'_>]) -> Corpus {
        let words = Words::default();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut counts: Vec<HashMap<u32, f32>> = Vec::with_capacity(texts.len());
        let mut df: HashMap<u32, u32> = HashMap::new();
        for t in texts {
            let mut tf: HashMap<u32, f32> = HashMap::new();
            for w in words.of(t.text) {
                let next = ids.len() as u32;
                let id = *ids.entry(w).or_insert(next);
                *tf.entry(id).or_default() += 1.0;
            }
            for id in tf.keys() {
                *df.entry(*id).or_default() += 1;
            }
            counts.push(tf);
        }
        let n = texts.len() as f32;
        let mut postings: HashMap<u32, Vec<(u32, f32)>> = HashMap::new();
        let mut vectors = Vec::with_capacity(counts.len());
        for (doc, tf) in counts.into_iter().enumerate() {
            let mut v: Vec<(u32, f32)> = tf
                .into_iter()
                .map(|(id, c)| {
                    let idf = ((n + 1.0) / (df[&id] as f32 + 1.0)).ln() + 1.0;
                    (id, (1.0 + c.ln()) * idf)
                })
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            v.sort_unstable_by_key(|(id, _)| *id);
            for (id, w) in &v {
                postings.entry(*id).or_default().push((doc as u32, *w));
            }
            vectors.push(v);
        }
        Corpus {
            vectors,
            postings,
            themes: texts.iter().map(|t| t.themes.to_vec()).collect(),
        }
    }

    /// The share of themes two texts have in common (0 when either has
    /// none).
    fn shared_themes(&self, a: usize, b: usize) -> Option<f32> {
        let (x, y) = (&self.themes[a], &self.themes[b]);
        if x.is_empty() || y.is_empty() {
            return None;
        }
        let common = x.iter().filter(|t| y.contains(t)).count() as f32;
        let all = (x.len() + y.len()) as f32 - common;
        Some(common / all)
    }

    fn combine(&self, a: usize, b: usize, cosine: f32) -> f32 {
        match self.shared_themes(a, b) {
            Some(j) => (1.0 - THEME_WEIGHT) * cosine + THEME_WEIGHT * j,
            None => cosine,
        }
    }

    /// How alike texts `a` and `b` are, from 0 to 1.
    pub fn similarity(&self, a: usize, b: usize) -> f32 {
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        let (x, y) = (&self.vectors[a], &self.vectors[b]);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        self.combine(a, b, dot)
    }

    /// The texts at least `min` alike with `doc` among those `among`
    /// accepts, the most alike first.
    pub fn neighbours(
        &self,
        doc: usize,
        min: f32,
        among: impl Fn(usize) -> bool,
    ) -> Vec<(usize, f32)> {
        let mut dots: HashMap<u32, f32> = HashMap::new();
        for (term, w) in &self.vectors[doc] {
            for (other, w2) in &self.postings[term] {
                if *other as usize != doc {
                    *dots.entry(*other).or_default() += w * w2;
                }
            }
        }
        let mut out: Vec<(usize, f32)> = dots
            .into_iter()
            .map(|(other, dot)| (other as usize, self.combine(doc, other as usize, dot)))
            .filter(|(other, s)| *s >= min && among(*other))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A corpus of texts without themes.
    pub fn corpus(texts: &[&str]) -> Corpus {
        let none: Vec<String> = Vec::new();
        let t: Vec<Text> = texts
            .iter()
            .map(|t| Text {
                text: t,
                themes: &none,
            })
            .collect();
        Corpus::new(&t)
    }

    #[test]
    fn texts_asking_the_same_thing_are_alike_and_others_are_not() {
        let c = corpus(&[
            "Ratify the Optional Protocol to the Convention against Torture",
            "Consider ratifying the Optional Protocol to the Convention against Torture",
            "Adopt a comprehensive law on domestic violence",
            "Strengthen the fight against domestic violence by adopting a law",
        ]);
        assert!(c.similarity(0, 1) > 0.7, "{}", c.similarity(0, 1));
        assert!(c.similarity(0, 2) < 0.1, "{}", c.similarity(0, 2));
        assert!(c.similarity(2, 3) > 0.4, "{}", c.similarity(2, 3));
        assert!((c.similarity(0, 1) - c.similarity(1, 0)).abs() < 1e-6);
        let n = c.neighbours(0, 0.5, |_| true);
        assert_eq!(n.first().map(|x| x.0), Some(1));
        assert!(n.iter().all(|(d, _)| *d != 0 && *d != 2));
        assert!((c.similarity(1, 1) - 1.0).abs() < 1e-4);
    }

    #[test]
    fn stop_words_numbers_and_empty_texts_carry_nothing() {
        let w = Words::default();
        assert_eq!(
            w.of("The State party should ensure 2020"),
            ["state", "parti", "ensur"]
        );
        let c = corpus(&["", "the and of", "Ratify"]);
        assert_eq!(c.similarity(0, 1), 0.0);
        assert!(c.neighbours(0, 0.0, |_| true).is_empty());
    }
}
