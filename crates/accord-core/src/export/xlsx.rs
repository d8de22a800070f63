//! The tables as one Excel workbook, a worksheet each: bold header row kept
//! in view, a filter on every column, numbers as numbers.
//!
//! Texts are written as string cells, which Excel never evaluates, so unlike
//! CSV they need no guard against formulas.

use std::path::Path;

use rust_xlsxwriter::{ColNum, Format, FormatAlign, RowNum, Workbook, Worksheet, XlsxError};

use super::tables::{Cell, Table};
use super::write_file;
use crate::error::{Error, Result};

/// Widest column, in characters; longer texts wrap.
const MAX_WIDTH: usize = 60;
const MIN_WIDTH: usize = 8;

/// Excel's limit on a cell's text, in UTF-16 units.
const MAX_CELL: usize = 32_767;
const CUT_NOTE: &str =
    " […cut: Excel holds 32,767 characters in a cell; the CSV export has the whole text]";

/// Writes the workbook to `path`, replacing any file there whole, or not at
/// all. The folder must exist.
pub fn write_xlsx(tables: &[Table], path: &Path) -> Result<()> {
    let bytes = workbook(tables)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| Error::workbook(path, e))?;
    // The workbook is made in memory first, so that every failure of the
    // disk is an I/O error with its own advice, whatever the zip writer
    // would have made of it.
    write_file(path, &bytes)
}

fn workbook(tables: &[Table]) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let wrap = top.clone().set_text_wrap();
    for t in tables {
        let ws = wb.add_worksheet();
        ws.set_name(&t.title)?;
        for (c, h) in t.header.iter().enumerate() {
            ws.write_string_with_format(0, col(c)?, h, &bold)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            let r = RowNum::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
            for (c, cell) in row.iter().enumerate() {
                write_cell(ws, r, col(c)?, cell)?;
            }
        }
        for c in 0..t.header.len() {
            let (width, long) = width(t, c);
            ws.set_column_width(col(c)?, width as f64)?;
            ws.set_column_format(col(c)?, if long { &wrap } else { &top })?;
        }
        ws.set_freeze_panes(1, 0)?;
        if let Some(last) = t.header.len().checked_sub(1) {
            let last_row =
                RowNum::try_from(t.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
            ws.autofilter(0, 0, last_row, col(last)?)?;
        }
    }
    Ok(wb)
}

fn col(c: usize) -> Result<ColNum, XlsxError> {
    ColNum::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

fn write_cell(ws: &mut Worksheet, r: RowNum, c: ColNum, cell: &Cell) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => ws.write_string(r, c, fit(s))?,
        Cell::Number(n) => ws.write_number(r, c, *n)?,
        Cell::Empty => ws,
    };
    Ok(())
}

/// The text, or as much of it as a cell holds with a note that it was cut:
/// one overlong evidence text should not cost the whole workbook.
fn fit(s: &str) -> String {
    if s.len() <= MAX_CELL {
        // Fewer bytes than the limit: fewer UTF-16 units too.
        return s.to_owned();
    }
    if s.encode_utf16().count() <= MAX_CELL {
        return s.to_owned();
    }
    let room = MAX_CELL - CUT_NOTE.encode_utf16().count();
    let mut used = 0;
    let mut out: String = s
        .chars()
        .take_while(|ch| {
            used += ch.len_utf16();
            used <= room
        })
        .collect();
    out.push_str(CUT_NOTE);
    out
}

/// A column's width: its longest line, within bounds; and whether it has
/// texts that must wrap to be read (longer than the width, or several lines).
fn width(t: &Table, c: usize) -> (usize, bool) {
    let mut widest = t.header[c].chars().count();
    let mut long = false;
    for row in &t.rows {
        let w = match row.get(c) {
            Some(Cell::Text(s)) => {
                long |= s.contains('\n');
                s.chars().take(MAX_WIDTH + 1).count()
            }
            Some(Cell::Number(n)) => n.to_string().len(),
            _ => 0,
        };
        widest = widest.max(w);
    }
    long |= widest > MAX_WIDTH;
    ((widest + 2).clamp(MIN_WIDTH, MAX_WIDTH), long)
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader, Xlsx, open_workbook};

    use super::*;

    fn sample() -> Vec<Table> {
        vec![
            Table {
                name: "recommendations",
                title: "recommendations".into(),
                header: vec!["code".into(), "text".into(), "value".into()],
                rows: vec![
                    vec![
                        Cell::Text("=1+1".into()),
                        Cell::Text("commas, \"quotes\"\nand Кирилл үсэг".into()),
                        Cell::Number(12.0),
                    ],
                    vec![
                        Cell::Empty,
                        Cell::Text("x".repeat(40_000)),
                        Cell::Number(-0.5),
                    ],
                ],
            },
            Table {
                name: "empty",
                title: "empty".into(),
                header: vec!["only".into()],
                rows: vec![],
            },
        ]
    }

    #[test]
    fn texts_stay_texts_numbers_stay_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.xlsx");
        write_xlsx(&sample(), &path).unwrap();
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(wb.sheet_names(), vec!["recommendations", "empty"]);
        let range = wb.worksheet_range("recommendations").unwrap();
        assert_eq!(range.get((0, 0)), Some(&Data::String("code".into())));
        // A leading "=" is a string cell, not a formula.
        assert_eq!(range.get((1, 0)), Some(&Data::String("=1+1".into())));
        assert_eq!(
            range.get((1, 1)),
            Some(&Data::String("commas, \"quotes\"\nand Кирилл үсэг".into()))
        );
        assert_eq!(range.get((1, 2)), Some(&Data::Float(12.0)));
        assert_eq!(range.get((2, 0)), Some(&Data::Empty));
        assert_eq!(range.get((2, 2)), Some(&Data::Float(-0.5)));
        let Some(Data::String(cut)) = range.get((2, 1)) else {
            panic!("no text");
        };
        assert!(cut.ends_with(CUT_NOTE) && cut.encode_utf16().count() <= MAX_CELL);
        let empty = wb.worksheet_range("empty").unwrap();
        assert_eq!(empty.get((0, 0)), Some(&Data::String("only".into())));
        assert_eq!(empty.height(), 1);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "a temporary file was left behind");
    }

    #[test]
    fn cells_are_cut_by_utf16_units() {
        let emoji = "😀".repeat(20_000);
        let cut = fit(&emoji);
        assert!(cut.encode_utf16().count() <= MAX_CELL);
        assert!(cut.starts_with("😀") && cut.ends_with(CUT_NOTE));
        assert_eq!(fit("short"), "short");
    }

    #[test]
    fn a_missing_folder_fails_with_advice_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("out.xlsx");
        let err = write_xlsx(&sample(), &path).unwrap_err();
        assert_eq!(err.kind(), "export");
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn columns_are_as_wide_as_their_texts_within_bounds() {
        let t = &sample()[0];
        assert_eq!(width(t, 0), (MIN_WIDTH, false));
        assert_eq!(width(t, 1), (MAX_WIDTH, true));
    }
}
