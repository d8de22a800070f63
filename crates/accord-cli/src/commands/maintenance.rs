//! edit, archive, restore, history, conflicts, resolve, export, check.

use std::io::Write;
use std::path::PathBuf;

use accord_core::export::{Table, write_csv_dir, write_xlsx};
use accord_core::workspace::FieldEdit;
use anyhow::{Result, bail};

use super::{Ctx, done};
use crate::cli::{CheckArgs, EditArgs, ExportArgs, IdArgs, ResolveArgs};
use crate::output::{clip, json, table, time};

pub fn edit(ctx: &Ctx, a: EditArgs) -> Result<()> {
    let mut ws = ctx.open()?;
    let id = ws.resolve_any(&a.id)?;
    let edits: Vec<FieldEdit> = a
        .fields
        .iter()
        .map(|f| f.parse())
        .collect::<Result<_, _>>()?;
    let kind = ws.edit_fields(id, &edits)?;
    done(ctx, &format!("edited {kind} {}", a.id), Some(id))
}

pub fn archive(ctx: &Ctx, a: IdArgs, archived: bool) -> Result<()> {
    let mut ws = ctx.open()?;
    let id = ws.resolve_any(&a.id)?;
    let kind = ws.set_archived(id, archived)?;
    let verb = if archived { "archived" } else { "restored" };
    done(ctx, &format!("{verb} {kind} {}", a.id), Some(id))
}

pub fn history(ctx: &Ctx, a: IdArgs) -> Result<()> {
    let ws = ctx.open()?;
    let id = ws.resolve_any(&a.id)?;
    let entries = ws.history(id)?;
    if ctx.json {
        return json(&entries);
    }
    let rows = entries
        .iter()
        .map(|e| {
            let who = match (&e.org, &e.person) {
                (Some(o), Some(p)) => format!("{o} · {p}"),
                (Some(o), None) => o.clone(),
                _ => format!("device {}", &e.device[..12.min(e.device.len())]),
            };
            let what = if e.created {
                format!("created {}", e.kind)
            } else {
                format!("{}: {}", e.kind, e.fields.join(", "))
            };
            vec![time(e.time), who, clip(&what, 50), clip(&e.message, 60)]
        })
        .collect();
    table(&["when", "who", "what", "message"], rows);
    Ok(())
}

pub fn conflicts(ctx: &Ctx) -> Result<()> {
    let ws = ctx.open()?;
    let list = ws.conflicts()?;
    if ctx.json {
        return json(&list);
    }
    if list.is_empty() {
        println!("no conflicts");
        return Ok(());
    }
    for c in &list {
        println!("{} — field {} (record {})", c.label, c.field, c.record);
        for (i, v) in c.values.iter().enumerate() {
            println!(
                "  {}. {}   by {} at {}",
                i + 1,
                clip(&v.value.to_string(), 80),
                v.org
                    .clone()
                    .unwrap_or_else(|| format!("device {}", &v.device[..12.min(v.device.len())])),
                v.time.map(time).unwrap_or_default()
            );
        }
        println!(
            "  keep one with: accord resolve {} {} --pick N",
            c.record, c.field
        );
    }
    Ok(())
}

pub fn resolve(ctx: &Ctx, a: ResolveArgs) -> Result<()> {
    let mut ws = ctx.open()?;
    let id = ws.resolve_any(&a.record)?;
    if a.pick == 0 {
        bail!("--pick counts from 1, as `accord conflicts` lists the values");
    }
    ws.resolve_conflict(id, &a.field, a.pick - 1)?;
    done(
        ctx,
        &format!("kept value {} of {}", a.pick, a.field),
        Some(id),
    )
}

/// What `accord export` says when it is not told what to write.
const CHOOSE_FORMAT: &str = "choose the format: accord export --csv DIR, accord export --xlsx FILE.xlsx, or accord export --json FILE (- for standard output)";

pub fn export(ctx: &Ctx, a: ExportArgs) -> Result<()> {
    if a.csv.is_some() || a.xlsx.is_some() {
        return export_tables(ctx, a);
    }
    let Some(out) = a.out.filter(|_| ctx.json) else {
        bail!(CHOOSE_FORMAT);
    };
    let ws = ctx.open()?;
    let dump = ws.export_json()?;
    if out.as_os_str() == "-" {
        std::io::stdout().write_all(dump.as_bytes())?;
        return Ok(());
    }
    accord_core::export::write_file(&out, dump.as_bytes())?;
    eprintln!("wrote {} ({} bytes)", out.display(), dump.len());
    Ok(())
}

/// The four tables as CSV files or one workbook; what was written is told
/// on standard error (and, with --json, on standard output for scripts).
fn export_tables(ctx: &Ctx, a: ExportArgs) -> Result<()> {
    let target = a.csv.as_ref().or(a.xlsx.as_ref()).expect("a table format");
    if target.as_os_str() == "-" {
        bail!(
            "tables are written to files: give a folder to --csv or a file name to --xlsx, e.g. --xlsx tracker.xlsx"
        );
    }
    let ws = ctx.open()?;
    let tables = ws.export_tables(a.lang.parse()?)?;
    let written: Vec<(PathBuf, &Table)> = match &a.csv {
        Some(dir) => write_csv_dir(&tables, dir)?
            .into_iter()
            .zip(&tables)
            .collect(),
        None => {
            write_xlsx(&tables, target)?;
            eprintln!("wrote {}", target.display());
            tables.iter().map(|t| (target.clone(), t)).collect()
        }
    };
    for (path, t) in &written {
        match &a.csv {
            Some(_) => eprintln!("wrote {} ({} rows)", path.display(), t.rows.len()),
            None => eprintln!("  {}: {} rows", t.name, t.rows.len()),
        }
    }
    if ctx.json {
        let tables: Vec<_> = written
            .iter()
            .map(|(path, t)| serde_json::json!({ "table": t.name, "path": path, "rows": t.rows.len() }))
            .collect();
        json(&serde_json::json!({ "ok": true, "tables": tables }))?;
    }
    Ok(())
}

pub fn check(ctx: &Ctx, a: CheckArgs) -> Result<()> {
    let mut ws = ctx.open()?;
    if a.rebuild {
        let r = ws.rebuild_index(a.history)?;
        if !ctx.json {
            println!(
                "rebuilt the index: {} documents, {} records",
                r.documents, r.records
            );
            for line in &r.repaired {
                println!("repaired: {line}");
            }
        }
    }
    let report = ws.check()?;
    if ctx.json {
        json(&report)?;
    } else {
        println!(
            "{} documents, {} changes, {} records",
            report.documents, report.changes, report.records
        );
        for p in &report.problems {
            println!("problem: {p}");
        }
    }
    if !report.is_clean() {
        let fix = if report
            .problems
            .iter()
            .any(|p| p.contains("with its history"))
        {
            "accord check --rebuild --history"
        } else {
            "accord check --rebuild"
        };
        bail!(
            "the working copy has {} problem(s); to mend the index, run `{fix}`",
            report.problems.len()
        );
    }
    if !ctx.json {
        println!("the working copy is sound");
    }
    Ok(())
}
