//! The words of the spreadsheet export in the reader's language: sheet
//! names, column headers and closed-list values. The values' words are the
//! ones the app and the printed sheets use (one file, shared by all three).

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::model::Lang;

/// `{"en": {"supported": "Supported", …}, "mn": {…}}`.
static VOCAB: LazyLock<HashMap<String, HashMap<String, String>>> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../../accord-print/templates/vocab.json"))
        .unwrap_or_default()
});

/// Sheet names and headers: (English, Mongolian). Excel allows at most 31
/// characters in a sheet name; these are shorter.
const WORDS: &[(&str, &str)] = &[
    ("recommendations", "Зөвлөмжүүд"),
    ("indicators", "Шалгуур үзүүлэлтүүд"),
    ("measurements", "Хэмжилтүүд"),
    ("activities", "Үйл ажиллагаа"),
    ("code", "Дугаар"),
    ("mechanism", "Механизм"),
    ("source document", "Эх баримт бичиг"),
    ("text (en)", "Эх бичвэр (англи)"),
    ("text (mn)", "Эх бичвэр (монгол)"),
    ("response", "Улсын хариу"),
    ("themes", "Сэдвүүд"),
    ("lead organisations", "Хариуцах байгууллага"),
    ("supporting organisations", "Хамтрах байгууллагууд"),
    ("cluster", "Бүлэг"),
    ("expected outcomes", "Хүлээгдэж буй үр дүн"),
    ("title (en)", "Нэр (англи)"),
    ("title (mn)", "Нэр (монгол)"),
    ("type", "Төрөл"),
    ("definition", "Тодорхойлолт"),
    ("rationale", "Үндэслэл"),
    ("method", "Тооцох арга"),
    ("data source", "Мэдээллийн эх сурвалж"),
    ("disaggregation", "Задаргаа"),
    ("periodicity", "Давтамж"),
    ("comments", "Тайлбар"),
    ("unit", "Нэгж"),
    ("baseline value", "Суурь түвшин"),
    ("baseline date", "Суурь түвшний огноо"),
    ("target value", "Зорилтот түвшин"),
    ("target date", "Зорилтот огноо"),
    ("responsible", "Хариуцагч"),
    ("frequency", "Тайлагнах давтамж"),
    ("indicator", "Шалгуур үзүүлэлт"),
    ("period", "Хугацаа"),
    ("value", "Утга"),
    ("organisation", "Байгууллага"),
    ("source", "Эх сурвалж"),
    ("note", "Тэмдэглэл"),
    ("recommendation", "Зөвлөмж"),
    ("lead", "Хариуцагч"),
    ("supporting", "Хамтрагч"),
    ("start", "Эхлэх"),
    ("end", "Дуусах"),
    ("status", "Төлөв"),
    ("overdue", "Хугацаа хэтэрсэн"),
    ("budget note", "Төсвийн тэмдэглэл"),
    ("level", "түвшин"),
    ("date", "огноо"),
    ("evidence", "нотолгоо"),
    ("yes", "тийм"),
    ("no", "үгүй"),
];

/// A sheet name, header or fixed word in `lang`.
pub fn word(lang: Lang, english: &str) -> String {
    match lang {
        Lang::En => english.to_owned(),
        Lang::Mn => WORDS
            .iter()
            .find(|(en, _)| *en == english)
            .map_or(english, |(_, mn)| mn)
            .to_owned(),
    }
}

/// A closed-list value (supported, in-progress…) in `lang`; in English the
/// stored value itself, which scripts reading the export match on.
pub fn value(lang: Lang, stored: &str) -> String {
    match lang {
        Lang::En => stored.to_owned(),
        Lang::Mn => VOCAB
            .get("mn")
            .and_then(|m| m.get(stored))
            .map_or(stored, String::as_str)
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mongolian_has_a_word_for_every_sheet_and_value() {
        for sheet in [
            "recommendations",
            "indicators",
            "measurements",
            "activities",
        ] {
            let mn = word(Lang::Mn, sheet);
            assert_ne!(mn, sheet);
            assert!(
                mn.chars().count() <= 31,
                "{mn} is too long for a sheet name"
            );
        }
        assert_eq!(value(Lang::Mn, "supported"), "Дэмжсэн");
        assert_eq!(value(Lang::En, "supported"), "supported");
    }
}
