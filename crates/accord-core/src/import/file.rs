//! Importing a file whatever its format: read whole (up to a limit), its
//! format told by its contents unless given, then read by its importer.

use std::path::Path;

use super::detect::{self, Contents, Format};
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

impl Workspace {
    /// Imports recommendations from a file in any format Accord reads.
    /// All or nothing: any problem (each with its row) stops it before
    /// anything is written.
    pub fn import_file(&mut self, path: &Path, opts: &ImportOptions) -> Result<ImportSummary> {
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
        self.import_bytes(&name, &bytes, opts)
    }

    /// Imports a file's bytes; `name` names it in messages.
    pub fn import_bytes(
        &mut self,
        name: &str,
        bytes: &[u8],
        opts: &ImportOptions,
    ) -> Result<ImportSummary> {
        let contents = detect::contents(name, bytes)?;
        match (contents, opts.format) {
            (Contents::Word, None | Some(Format::ThematicList)) => {
                let list = thematic_list::read(name, bytes)?;
                self.import_thematic_list(name, list, opts)
            }
            (Contents::Table(found, table), wanted) if wanted.is_none_or(|w| w == found) => {
                match found {
                    Format::Template if table.unit == "line" => {
                        self.import_template(name, bytes, opts.dry_run, false)
                    }
                    // A workbook in the template's columns reads as its CSV.
                    Format::Template => {
                        self.import_template(name, table.to_csv().as_slice(), opts.dry_run, false)
                    }
                    other => self.import_table(name, other, table, opts),
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
