//! Which format a file is in, told by its contents rather than its name: a
//! Word document holding a thematic list's table, or a CSV file with the
//! template's header.

use std::io::Cursor;

use serde::{Deserialize, Serialize};

use super::table::{self, Table};
use super::{uhri, upr_info};
use crate::error::{Error, Result};

/// The formats Accord imports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Accord's own CSV template (docs/import-template.md).
    #[default]
    Template,
    /// OHCHR's thematic list of a State's UPR recommendations (.docx).
    ThematicList,
    /// The Universal Human Rights Index's export (.xlsx, .csv, JSON).
    Uhri,
    /// UPR Info's database export (.csv, .xlsx).
    UprInfo,
}

impl Format {
    pub const ALL: &[Format] = &[
        Format::Template,
        Format::ThematicList,
        Format::Uhri,
        Format::UprInfo,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Template => "template",
            Format::ThematicList => "thematic-list",
            Format::Uhri => "uhri",
            Format::UprInfo => "upr-info",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Format> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.as_str() == s.trim().to_lowercase())
            .ok_or_else(|| {
                Error::invalid(
                    "format",
                    format!(
                        "'{s}' is not a format Accord imports: {}",
                        Format::ALL
                            .iter()
                            .map(|f| f.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
    }
}

const FORMATS_IN_WORDS: &str = "Accord reads OHCHR's thematic lists of UPR recommendations (.docx), the Universal Human Rights Index's export (.xlsx, .csv or JSON), UPR Info's export (.csv or .xlsx) and its own template (.csv or .xlsx)";

/// What a file holds, told by its contents.
pub(super) enum Contents {
    /// A Word document: a thematic list, if any.
    Word,
    /// A table (CSV, a workbook's sheet, the Index's JSON) in `format`.
    Table(Format, Table),
}

/// Which of the table formats a header is.
fn table_format(name: &str, t: &Table) -> Result<Format> {
    if t.has(&["code"]) && t.has(&["mechanism"]) {
        return Ok(Format::Template);
    }
    if uhri::is_uhri(t) {
        return Ok(Format::Uhri);
    }
    if upr_info::is_upr_info(t) {
        return Ok(Format::UprInfo);
    }
    let shown: Vec<&str> = t.header.iter().take(8).map(String::as_str).collect();
    Err(Error::invalid(
        "file",
        format!(
            "{name}: its first row names the columns {}, which is none of the formats Accord knows. {FORMATS_IN_WORDS}",
            shown.join(", ")
        ),
    ))
}

/// Reads what a file holds, and which format it is in.
pub(super) fn contents(name: &str, bytes: &[u8]) -> Result<Contents> {
    if bytes.starts_with(b"PK\x03\x04") {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Error::invalid(
                "file",
                format!("{name} looks like a Word or Excel file but cannot be opened ({e}): it may be cut short; copy it again"),
            )
        })?;
        if archive.index_for_name("word/document.xml").is_some() {
            return Ok(Contents::Word);
        }
        if archive.index_for_name("xl/workbook.xml").is_some() {
            let t = table::from_xlsx(name, bytes)?;
            return Ok(Contents::Table(table_format(name, &t)?, t));
        }
        return Err(Error::invalid(
            "file",
            format!(
                "{name} is a zip archive but neither a Word document nor an Excel workbook. {FORMATS_IN_WORDS}"
            ),
        ));
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let start = text.iter().find(|b| !b.is_ascii_whitespace());
    if matches!(start, Some(b'[' | b'{'))
        && let Ok(json) = serde_json::from_slice::<serde_json::Value>(text)
    {
        return match uhri::json_table(&json) {
            Some(t) if uhri::is_uhri(&t) => Ok(Contents::Table(Format::Uhri, t)),
            _ => Err(Error::invalid(
                "file",
                format!(
                    "{name} is JSON but not the Universal Human Rights Index's (a list of annotations with Text, Document Symbol and Reccomending Body). {FORMATS_IN_WORDS}"
                ),
            )),
        };
    }
    if std::str::from_utf8(text).is_err() || text.is_empty() || text.contains(&0) {
        return Err(Error::invalid(
            "file",
            format!("{name} is not in a format Accord knows. {FORMATS_IN_WORDS}"),
        ));
    }
    let t = table::from_csv(name, text)?;
    Ok(Contents::Table(table_format(name, &t)?, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(bytes: &[u8]) -> Result<Format> {
        match contents("x", bytes)? {
            Contents::Word => Ok(Format::ThematicList),
            Contents::Table(f, _) => Ok(f),
        }
    }

    #[test]
    fn formats_are_told_apart_by_their_contents() {
        let f = |b: &[u8]| format(b).unwrap();
        assert_eq!(
            f(b"\xef\xbb\xbfcode,mechanism,document\n1,upr,A"),
            Format::Template
        );
        assert_eq!(f(b"\"Code\",\"Mechanism\"\r\n"), Format::Template);
        assert_eq!(
            f(b"Text,Reccomending Body,Document Symbol,OHCHR Annotation Id\n"),
            Format::Uhri
        );
        assert_eq!(
            f(br#"[{"Text": "35. x", "Reccomending Body": ["CAT"], "Document Symbol": "CAT/C/MNG/CO/2"}]"#),
            Format::Uhri
        );
        assert_eq!(
            f(b"Recommendation,Recommending State,Response,Action Category\n"),
            Format::UprInfo
        );
        for junk in [
            &b""[..],
            b"hello",
            b"PK\x03\x04cut",
            b"\x00\x01\x02",
            b"[1, 2]",
            b"a,b\n1,2",
        ] {
            let err = contents("junk", junk).err().unwrap().to_string();
            assert!(err.contains("junk"), "{err}");
        }
        assert_eq!(
            "thematic-list".parse::<Format>().unwrap(),
            Format::ThematicList
        );
        assert!("uhri-json".parse::<Format>().is_err());
    }

    proptest::proptest! {
        /// Any bytes at all: a format, or an error that names the file;
        /// never a panic. Bytes that start like a zip or a CSV header reach
        /// the readers behind the detection.
        #[test]
        fn any_file_is_read_or_refused_by_name(
            start in proptest::sample::select(vec![
                &b""[..], b"PK\x03\x04", b"code,mechanism\n", b"Text,Reccomending Body,Document Symbol\n", b"[{", b"Recommendation,Recommending State,Response,Action Category\n",
            ]),
            rest in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300),
        ) {
            let mut bytes = start.to_vec();
            bytes.extend(rest);
            if let Err(e) = contents("f.bin", &bytes) {
                proptest::prop_assert!(e.to_string().contains("f.bin"), "{}", e);
            }
        }
    }
}
