//! Importing a file whatever its format: read whole (up to a limit), its
//! format told by its contents unless given, then read by its importer.

use std::path::Path;

use super::detect::{self, Contents, Format};
use serde::Serialize;

use super::plan::{ImportProblem, Prepared};
use super::{ImportSummary, thematic_list};
use crate::error::{Error, Result};
use crate::workspace::Workspace;

/// Largest file the importer reads (a UPR cycle's list is well under 1 MB).
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// How to import a file.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The file's format; None: told by its contents.
    pub format: Option<Format>,
    /// Report what would happen, write nothing.
    pub dry_run: bool,
    /// For lists of one report: its symbol, when the list does not say it.
    pub document: Option<String>,
    /// The UPR cycle and Working Group session, when the report's symbol
    /// does not tell them.
    pub cycle: Option<u32>,
    pub session: Option<u32>,
    /// Add labels the vocabularies lack as new terms, rather than refuse.
    pub add_terms: bool,
    /// Import the Index's concerns and observations too, not only its
    /// recommendations.
    pub observations: bool,
}

/// What importing a file would do, and every problem that stops it, for
/// a person to look at before anything is written.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPreview {
    pub summary: ImportSummary,
    pub problems: Vec<ImportProblem>,
}

/// Reads a file whole, if it is a plain file within the size limit.
fn read(path: &Path) -> Result<(String, Vec<u8>)> {
    let name = path.display().to_string();
    let file = crate::sync::folder::open_plain(path)
        .map_err(|e| Error::io(format!("cannot open {name}"), e))?
        .ok_or_else(|| {
            Error::invalid(
                "file",
                format!("{name} is not a plain file (a folder, a link or a device)"),
            )
        })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_BYTES {
        return Err(too_large(&name, size));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, MAX_BYTES + 1), &mut bytes)
        .map_err(|e| Error::io(format!("cannot read {name}"), e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large(&name, bytes.len() as u64));
    }
    Ok((name, bytes))
}

impl Workspace {
    /// Imports recommendations from a file in any format Accord reads.
    /// All or nothing: any problem (each with its row) stops it before
    /// anything is written.
    pub fn import_file(&mut self, path: &Path, opts: &ImportOptions) -> Result<ImportSummary> {
        let (name, bytes) = read(path)?;
        self.import_bytes(&name, &bytes, opts)
    }

    /// What importing the file would do and what stops it; writes nothing.
    pub fn preview_import(&self, path: &Path, opts: &ImportOptions) -> Result<ImportPreview> {
        let (name, bytes) = read(path)?;
        let Prepared { plan, .. } = self.prepare_import(&name, &bytes, opts)?;
        let mut summary = plan.summary;
        summary.dry_run = true;
        Ok(ImportPreview {
            summary,
            problems: plan.problems,
        })
    }

    /// Imports a file's bytes; `name` names it in messages.
    pub fn import_bytes(
        &mut self,
        name: &str,
        bytes: &[u8],
        opts: &ImportOptions,
    ) -> Result<ImportSummary> {
        let prepared = self.prepare_import(name, bytes, opts)?;
        self.finish_import(name, prepared, opts.dry_run)
    }

    fn prepare_import(&self, name: &str, bytes: &[u8], opts: &ImportOptions) -> Result<Prepared> {
        let contents = detect::contents(name, bytes)?;
        match (contents, opts.format) {
            (Contents::Word, None | Some(Format::ThematicList)) => {
                let list = thematic_list::read(name, bytes)?;
                self.prepare_thematic_list(name, list, opts)
            }
            (Contents::Table(found, table), wanted) if wanted.is_none_or(|w| w == found) => {
                match found {
                    Format::Template if table.unit == "line" => {
                        self.prepare_template(name, bytes, false)
                    }
                    // A workbook in the template's columns reads as its CSV.
                    Format::Template => {
                        self.prepare_template(name, table.to_csv().as_slice(), false)
                    }
                    other => self.prepare_table(name, other, table, opts),
                }
            }
            (contents, Some(wanted)) => {
                let found = match contents {
                    Contents::Word => Format::ThematicList,
                    Contents::Table(f, _) => f,
                };
                Err(Error::invalid(
                    "format",
                    format!("{name} is in the format {found}, not {wanted}"),
                ))
            }
            (Contents::Table(..), None) => {
                unreachable!("a table with no format wanted is taken above")
            }
        }
    }
}

fn too_large(name: &str, size: u64) -> Error {
    Error::invalid(
        "file",
        format!(
            "{name} is {} MB; the importer reads files up to {} MB (a UN list of recommendations is far smaller: is it the right file?)",
            size.div_ceil(1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        ),
    )
}
