//! The tables as CSV files, one per table, for spreadsheets and scripts.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::tables::{Cell, Table};
use super::{persist, temp_beside};
use crate::error::{Error, Result};

/// Excel reads a CSV file without a byte order mark in the machine's legacy
/// code page, which turns Mongolian (Cyrillic) text into mojibake; with the
/// UTF-8 BOM it reads UTF-8. Other spreadsheets and the csv crate skip it.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// Writes `<name>.csv` for each table into `dir` (created if missing) and
/// returns the paths written. Each file replaces the one of the same name
/// whole, or not at all.
pub fn write_csv_dir(tables: &[Table], dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::export_io(dir, &e))?;
    tables
        .iter()
        .map(|t| {
            let path = dir.join(format!("{}.csv", t.name));
            write_one(t, dir, &path)?;
            Ok(path)
        })
        .collect()
}

fn write_one(table: &Table, dir: &Path, path: &Path) -> Result<()> {
    let io = |e: std::io::Error| Error::export_io(path, &e);
    let mut tmp = temp_beside(dir, path).map_err(io)?;
    tmp.write_all(BOM).map_err(io)?;
    {
        // CRLF as RFC 4180 and Excel have it; quotes only where needed.
        let mut out = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(tmp.as_file_mut());
        let csv = |e: ::csv::Error| Error::export_csv(path, e);
        out.write_record(table.header.iter().map(|h| defuse(h)))
            .map_err(csv)?;
        for row in &table.rows {
            out.write_record(row.iter().map(field)).map_err(csv)?;
        }
        out.flush().map_err(io)?;
    }
    persist(tmp, path).map_err(io)
}

fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => defuse(s),
        Cell::Number(n) => number(*n),
        Cell::Empty => String::new(),
    }
}

/// A spreadsheet opening a CSV file runs a cell that starts with = + - or @
/// as a formula (and tab or carriage return can hide such a start), so a
/// text someone typed — a recommendation, evidence — could compute, fetch a
/// link or start a program on the reader's machine ("CSV injection"). A
/// leading apostrophe makes the spreadsheet show it as text. Numbers are
/// written as numbers, untouched.
fn defuse(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

/// The shortest text that reads back as the same number, without a
/// trailing ".0" for whole numbers (Rust's `Display` already drops it).
fn number(n: f64) -> String {
    if n == 0.0 {
        // Also -0, which would otherwise print as "-0".
        return "0".into();
    }
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: Vec<Vec<Cell>>) -> Table {
        Table {
            name: "odd",
            title: "odd".into(),
            header: vec!["text".into(), "value".into()],
            rows,
        }
    }

    fn read_back(path: &Path) -> Vec<Vec<String>> {
        let bytes = std::fs::read(path).unwrap();
        assert!(bytes.starts_with(BOM), "no BOM");
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&bytes[BOM.len()..])
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn hostile_text_reads_back_as_written_and_formulas_are_defused() {
        let dir = tempfile::tempdir().unwrap();
        let odd = [
            "commas, and \"quotes\"",
            "two\nlines\r\nand a CRLF",
            "Эрүүдэн шүүх гэмт хэргийн тодорхойлолт",
            "=HYPERLINK(\"http://evil\",\"click\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tindented",
            "",
        ];
        let rows = odd
            .iter()
            .map(|s| vec![Cell::Text(s.to_string()), Cell::Number(-1.5)])
            .collect();
        let out = dir.path().join("new");
        let paths = write_csv_dir(&[table(rows)], &out).unwrap();
        assert_eq!(paths, vec![out.join("odd.csv")]);
        let back = read_back(&paths[0]);
        assert_eq!(back[0], vec!["text", "value"]);
        for (row, s) in back[1..].iter().zip(odd) {
            let expected = if s.starts_with(['=', '+', '-', '@', '\t']) {
                format!("'{s}")
            } else {
                s.to_string()
            };
            assert_eq!(row, &vec![expected, "-1.5".to_string()]);
        }
        // Nothing left behind but the file itself.
        let names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["odd.csv"]);
    }

    #[test]
    fn whole_numbers_have_no_decimal_point() {
        assert_eq!(number(12.0), "12");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(2495.5), "2495.5");
        assert_eq!(number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number(1e21), "1000000000000000000000");
        assert_eq!(field(&Cell::Number(3.0)), "3");
        assert_eq!(field(&Cell::Empty), "");
    }

    #[test]
    fn a_file_where_the_folder_should_be_fails_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let err = write_csv_dir(&[table(vec![])], &file.join("sub")).unwrap_err();
        assert_eq!(err.kind(), "export");
        assert!(err.to_string().starts_with("cannot write "), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_existing_file_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("odd.csv"),
            "old content, much longer than the new",
        )
        .unwrap();
        write_csv_dir(&[table(vec![])], dir.path()).unwrap();
        assert_eq!(
            read_back(&dir.path().join("odd.csv")),
            vec![vec!["text", "value"]]
        );
    }
}
