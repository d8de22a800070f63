//! Ids that follow from what a record is (a source's document symbol, a
//! recommendation's document and code, a term's vocabulary and code), so
//! that two offices importing the same list apart create the same records,
//! and their documents merge into one copy of each, not two.

use uuid::Uuid;

use super::Vocabulary;

/// The namespace of Accord's name-based ids (UUID version 5).
const NAMESPACE: Uuid = Uuid::from_u128(0x6d1f_4c1e_8a57_4b8e_9a0e_2f3c_7d55_ac02);

fn named(kind: &str, parts: &[&str]) -> Uuid {
    let mut name = kind.to_owned();
    for p in parts {
        name.push('\u{1f}');
        // Symbols are compared as people write them: case and spacing aside.
        name.push_str(
            &p.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase(),
        );
    }
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// The source a document symbol names (`A/HRC/43/15`).
pub fn source_id(document: &str) -> Uuid {
    named("source", &[document])
}

/// The recommendation of `code` in the document `document`; or, when the UN
/// gives one, of its annotation id in the Universal Human Rights Index.
pub fn recommendation_id(document: &str, code: &str) -> Uuid {
    named("recommendation", &[document, code])
}

pub fn term_id(vocabulary: Vocabulary, code: &str) -> Uuid {
    named("term", &[&vocabulary.to_string(), code])
}

pub fn cluster_id(slug: &str) -> Uuid {
    named("cluster", &[slug])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_from_what_a_record_is_not_from_how_it_is_typed() {
        assert_eq!(source_id("A/HRC/43/15"), source_id(" a/hrc/43/15 "));
        assert_ne!(source_id("A/HRC/43/15"), source_id("A/HRC/43/16"));
        assert_eq!(
            recommendation_id("A/HRC/43/15", "121.3"),
            recommendation_id("A/HRC/43/15", "121.3")
        );
        assert_ne!(
            recommendation_id("A/HRC/43/15", "121.3"),
            recommendation_id("A/HRC/43/15", "121.30")
        );
        // The parts cannot run into each other.
        assert_ne!(
            recommendation_id("A/HRC/4", "3/15"),
            recommendation_id("A/HRC/43/1", "5")
        );
        assert_ne!(source_id("x"), cluster_id("x"));
    }
}
