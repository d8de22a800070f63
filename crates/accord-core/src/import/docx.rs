//! The tables of a Word document (.docx): a zip archive read with the `zip`
//! crate, its `word/document.xml` with `quick-xml`. Each table is rows of
//! cells, each cell its paragraphs' text. Bounded: an archive member that
//! inflates beyond `MAX_XML` (a zip bomb) is refused, not read to the end.

use std::io::Read;

use quick_xml::events::Event;

use crate::error::{Error, Result};

/// Largest `word/document.xml` read, inflated (a thematic list of several
/// hundred recommendations is about 1 MB).
const MAX_XML: u64 = 64 * 1024 * 1024;

/// A cell: its paragraphs, each as text (tabs as `\t`, line breaks as `\n`).
pub type Cell = Vec<String>;
/// A table: rows of cells.
pub type Table = Vec<Vec<Cell>>;

fn invalid(name: &str, why: impl std::fmt::Display) -> Error {
    Error::invalid(
        "file",
        format!("{name} is not a readable Word document (.docx): {why}"),
    )
}

/// Every top-level table of the document, in order. Tables nested in a
/// cell are read as part of that cell's text.
pub fn tables(name: &str, bytes: &[u8]) -> Result<Vec<Table>> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| invalid(name, e))?;
    let mut member = archive
        .by_name("word/document.xml")
        .map_err(|_| invalid(name, "it has no word/document.xml"))?;
    let mut xml = Vec::new();
    (&mut member)
        .take(MAX_XML + 1)
        .read_to_end(&mut xml)
        .map_err(|e| invalid(name, e))?;
    if xml.len() as u64 > MAX_XML {
        return Err(invalid(
            name,
            format!("its text inflates beyond {} MB", MAX_XML / 1024 / 1024),
        ));
    }
    let xml = std::str::from_utf8(&xml).map_err(|e| invalid(name, e))?;
    parse(xml).map_err(|e| invalid(name, e))
}

/// Walks the XML: `w:tbl` › `w:tr` › `w:tc` › `w:p` › `w:t`.
fn parse(xml: &str) -> std::result::Result<Vec<Table>, quick_xml::Error> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut tables: Vec<Table> = Vec::new();
    // How deep in tables we are: only the outermost make rows.
    let mut depth = 0usize;
    let mut in_text = false;
    loop {
        match reader.read_event()? {
            Event::Start(e) => match e.name().as_ref() {
                "w:tbl" => {
                    depth += 1;
                    if depth == 1 {
                        tables.push(Vec::new());
                    }
                }
                "w:tr" if depth == 1 => {
                    if let Some(t) = tables.last_mut() {
                        t.push(Vec::new());
                    }
                }
                "w:tc" if depth == 1 => {
                    if let Some(row) = tables.last_mut().and_then(|t| t.last_mut()) {
                        row.push(Vec::new());
                    }
                }
                "w:p" if depth >= 1 => {
                    if let Some(cell) = current_cell(&mut tables)
                        && (depth == 1 || cell.is_empty())
                    {
                        cell.push(String::new());
                    }
                }
                "w:t" => in_text = true,
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "w:tbl" => depth = depth.saturating_sub(1),
                "w:t" => in_text = false,
                _ => {}
            },
            Event::Empty(e) if depth >= 1 => {
                let add = match e.name().as_ref() {
                    "w:tab" => Some('\t'),
                    "w:br" | "w:cr" => Some('\n'),
                    _ => None,
                };
                if let (Some(c), Some(p)) = (add, current_paragraph(&mut tables)) {
                    p.push(c);
                }
            }
            Event::Text(t) if in_text && depth >= 1 => {
                if let Some(p) = current_paragraph(&mut tables) {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text && depth >= 1 => {
                let text = match r.resolve_char_ref()? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .unwrap_or_default()
                        .to_owned(),
                };
                if let Some(p) = current_paragraph(&mut tables) {
                    p.push_str(&text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tables)
}

fn current_cell(tables: &mut [Table]) -> Option<&mut Cell> {
    tables.last_mut()?.last_mut()?.last_mut()
}

fn current_paragraph(tables: &mut [Table]) -> Option<&mut String> {
    current_cell(tables)?.last_mut()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A .docx of one document.xml, written with the zip crate.
    pub(crate) fn docx(document_xml: &str) -> Vec<u8> {
        use std::io::Write;
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(document_xml.as_bytes()).unwrap();
        zip.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn cells_keep_their_paragraphs_entities_and_breaks() {
        let xml = r#"<w:document><w:body><w:p><w:r><w:t>Title</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>A &amp; B</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> C</w:t></w:r></w:p>
            <w:p><w:r><w:t>second</w:t><w:br/><w:t>line</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>&#8217;x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
        let t = tables("t.docx", &docx(xml)).unwrap();
        assert_eq!(
            t,
            vec![vec![vec![
                vec!["A & B\t C".to_owned(), "second\nline".to_owned()],
                vec!["\u{2019}x".to_owned()],
            ]]]
        );
    }

    #[test]
    fn broken_and_hostile_files_are_refused_with_the_reason() {
        let err = |bytes: &[u8]| tables("x.docx", bytes).unwrap_err().to_string();
        assert!(err(b"not a zip at all").contains("not a readable Word document"));
        let whole = docx("<w:document/>");
        assert!(err(&whole[..whole.len() / 2]).contains("not a readable Word document"));
        // A zip without the document's part.
        let mut out = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        zip.start_file("other.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.finish().unwrap();
        assert!(err(&out.into_inner()).contains("no word/document.xml"));
        // A bomb: 65 MB of one character, a few kilobytes compressed.
        let bomb = docx(&"a".repeat(65 * 1024 * 1024));
        assert!(bomb.len() < 1024 * 1024);
        assert!(err(&bomb).contains("inflates beyond 64 MB"));
        // Broken XML.
        assert!(err(&docx("<w:tbl><w:tr></w:tc>")).contains("not a readable"));
    }
}
