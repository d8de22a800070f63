//! Files shaped as a table: a CSV file, or the first sheet of an Excel
//! workbook. A header row, then rows of text cells, each with the line (CSV)
//! or row (sheet) it came from, for messages.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};

use crate::error::{Error, Result};

/// Rows read at most: the Universal Human Rights Index's export of one
/// country is a few thousand.
const MAX_ROWS: usize = 200_000;

/// What a workbook's parts may hold once inflated, in all.
const MAX_INFLATED: u64 = 64 * 1024 * 1024;

pub(super) struct Table {
    pub header: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
    /// What the numbers of `rows` count, for messages: "line", "row".
    pub unit: &'static str,
}

/// A column's name as compared: letters and digits only, lower case
/// (`OHCHR Annotation Id` → `ohchrannotationid`).
pub(super) fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Table {
    /// The index of the first column named any of `names` (compared by
    /// `key`).
    pub fn col(&self, names: &[&str]) -> Option<usize> {
        let wanted: Vec<String> = names.iter().map(|n| key(n)).collect();
        self.header.iter().position(|h| wanted.contains(&key(h)))
    }

    pub fn has(&self, names: &[&str]) -> bool {
        self.col(names).is_some()
    }

    /// The table as CSV, the header first (for the template's reader).
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(&self.header);
        for (_, row) in &self.rows {
            let _ = w.write_record(row);
        }
        w.into_inner().unwrap_or_default()
    }
}

pub(super) fn from_csv(name: &str, bytes: &[u8]) -> Result<Table> {
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| {
            Error::invalid(
                "file",
                format!("{name}: the header row cannot be read: {e}"),
            )
        })?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            Error::invalid("file", format!("{name}: {e}: is it cut short, or not CSV?"))
        })?;
        let line = record.position().map_or(0, |p| p.line());
        rows.push((line, record.iter().map(str::to_owned).collect()));
        if rows.len() > MAX_ROWS {
            return Err(too_many(name));
        }
    }
    Ok(Table {
        header,
        rows,
        unit: "line",
    })
}

fn too_many(name: &str) -> Error {
    Error::invalid(
        "file",
        format!("{name} has more than {MAX_ROWS} rows; split it into smaller files"),
    )
}

/// A cell as text. Dates become `YYYY-MM-DD`; so do numbers in a column
/// the caller knows to hold dates (see `excel_date`).
fn cell(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(&format!("{}", d.as_f64())).unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.chars().take(10).collect(),
    }
}

/// An Excel serial day number (`45292`) as `YYYY-MM-DD`; None for other
/// text.
pub(super) fn excel_date(serial: &str) -> Option<String> {
    let days: f64 = serial.trim().parse().ok()?;
    if !(1.0..=2_958_465.0).contains(&days) {
        return None;
    }
    // Excel counts from 1899-12-30 (its 1900 leap-year bug included).
    let date = jiff::civil::date(1899, 12, 30)
        .checked_add(jiff::Span::new().days(days.floor() as i64))
        .ok()?;
    Some(date.to_string())
}

pub(super) fn from_xlsx(name: &str, bytes: &[u8]) -> Result<Table> {
    let unreadable = |why: String| {
        Error::invalid(
            "file",
            format!(
                "{name} is not a readable Excel workbook ({why}): it may be cut short; copy it again"
            ),
        )
    };
    // calamine inflates parts whole: refuse a bomb before it does.
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let mut inflated = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|e| unreadable(e.to_string()))?;
        // Declared sizes can lie: count what really comes out.
        let got = std::io::copy(&mut entry.take(MAX_INFLATED + 1), &mut std::io::sink())
            .map_err(|e| unreadable(e.to_string()))?;
        inflated += got;
        if inflated > MAX_INFLATED {
            return Err(Error::invalid(
                "file",
                format!(
                    "{name} inflates beyond {} MB: not a list of recommendations",
                    MAX_INFLATED / (1024 * 1024)
                ),
            ));
        }
    }
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| unreadable(e.to_string()))?;
    let sheets = book.sheet_names();
    for sheet in sheets {
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| unreadable(e.to_string()))?;
        let start = range.start().map_or(0, |(r, _)| r as u64);
        let mut rows = range.rows();
        let Some(first) = rows.next() else {
            continue;
        };
        let header: Vec<String> = first.iter().map(|c| cell(c).trim().to_owned()).collect();
        if header.iter().all(String::is_empty) {
            continue;
        }
        let mut out = Vec::new();
        for (i, row) in rows.enumerate() {
            let cells: Vec<String> = row.iter().map(cell).collect();
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            // Rows as the sheet numbers them: the header is start + 1.
            out.push((start + i as u64 + 2, cells));
            if out.len() > MAX_ROWS {
                return Err(too_many(name));
            }
        }
        return Ok(Table {
            header,
            rows: out,
            unit: "row",
        });
    }
    Err(Error::invalid(
        "file",
        format!("{name} is an Excel workbook with no sheet that has a header row"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_days_are_calendar_dates() {
        assert_eq!(excel_date("45292").as_deref(), Some("2024-01-01"));
        assert_eq!(excel_date("42261.0").as_deref(), Some("2015-09-14"));
        assert_eq!(excel_date("2024-01-01"), None);
        assert_eq!(excel_date("-3"), None);
    }

    #[test]
    fn columns_are_found_whatever_their_spelling() {
        let t = Table {
            header: vec!["OHCHR Annotation Id".into(), " Reccomending  Body".into()],
            rows: Vec::new(),
            unit: "line",
        };
        assert_eq!(t.col(&["ohchr annotation id"]), Some(0));
        assert_eq!(t.col(&["Recommending Body", "Reccomending Body"]), Some(1));
        assert!(!t.has(&["text"]));
    }
}
