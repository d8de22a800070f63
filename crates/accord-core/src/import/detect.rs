//! Which format a file is in, told by its contents rather than its name: a
//! Word document holding a thematic list's table, or a CSV file with the
//! template's header.

use std::io::Cursor;

use serde::{Deserialize, Serialize};

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
}

impl Format {
    pub const ALL: &[Format] = &[Format::Template, Format::ThematicList];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Template => "template",
            Format::ThematicList => "thematic-list",
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

const FORMATS_IN_WORDS: &str =
    "Accord reads OHCHR's thematic lists of UPR recommendations (.docx) and its own CSV template";

/// The format of a file's bytes.
pub fn detect(name: &str, bytes: &[u8]) -> Result<Format> {
    if bytes.starts_with(b"PK\x03\x04") {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Error::invalid(
                "file",
                format!("{name} looks like a Word or Excel file but cannot be opened ({e}): it may be cut short; copy it again"),
            )
        })?;
        if archive.index_for_name("word/document.xml").is_some() {
            return Ok(Format::ThematicList);
        }
        if archive.index_for_name("xl/workbook.xml").is_some() {
            return Err(Error::invalid(
                "file",
                format!(
                    "{name} is an Excel workbook, which Accord does not read yet: save its sheet as CSV in the template's columns. {FORMATS_IN_WORDS}"
                ),
            ));
        }
        return Err(Error::invalid(
            "file",
            format!(
                "{name} is a zip archive but neither a Word document nor an Excel workbook. {FORMATS_IN_WORDS}"
            ),
        ));
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first_line = text.split(|b| *b == b'\n').next().unwrap_or_default();
    let header = String::from_utf8_lossy(first_line).to_lowercase();
    let columns: Vec<&str> = header
        .split(',')
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    if columns.contains(&"code") && columns.contains(&"mechanism") {
        return Ok(Format::Template);
    }
    Err(Error::invalid(
        "file",
        format!(
            "{name} is not in a format Accord knows. {FORMATS_IN_WORDS} (whose first line names the columns code, mechanism, document…)"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_their_contents() {
        assert_eq!(
            detect("x.txt", b"\xef\xbb\xbfcode,mechanism,document\n1,upr,A").unwrap(),
            Format::Template
        );
        assert_eq!(
            detect("x", b"\"Code\",\"Mechanism\"\r\n").unwrap(),
            Format::Template
        );
        for junk in [&b""[..], b"hello", b"PK\x03\x04cut", b"\x00\x01\x02"] {
            let err = detect("junk", junk).unwrap_err().to_string();
            assert!(err.contains("junk"), "{err}");
        }
        assert_eq!(
            "thematic-list".parse::<Format>().unwrap(),
            Format::ThematicList
        );
        assert!("uhri-json".parse::<Format>().is_err());
    }
}
