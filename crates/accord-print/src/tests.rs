use serde_json::Value as Json;

use crate::data::{dated, number};
use crate::world::{VOCAB, WORDS};

fn keys(json: &str, lang: &str) -> Vec<String> {
    let v: Json = serde_json::from_str(json).unwrap();
    let mut k: Vec<String> = v[lang].as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn every_printed_word_exists_in_both_languages() {
    assert_eq!(keys(WORDS, "en"), keys(WORDS, "mn"));
    assert_eq!(keys(VOCAB, "en"), keys(VOCAB, "mn"));
    assert!(keys(WORDS, "en").len() > 50);
}

#[test]
fn numbers_print_without_noise() {
    assert_eq!(number(42.0), "42");
    assert_eq!(number(-3.0), "-3");
    assert_eq!(number(12.5), "12.5");
    assert_eq!(number(1.0 / 3.0), "0.333");
    assert_eq!(
        dated(Some(12.0), Some("2015-12-31"), "%"),
        "12 % (2015-12-31)"
    );
    assert_eq!(dated(None, Some("2015"), "%"), "");
}
