//! vocab and import: the vocabularies imports match labels against, and
//! importing a file of recommendations.

use accord_core::import::{Format, ImportOptions};
use accord_core::model::*;
use anyhow::{Result, bail};
use uuid::Uuid;

use super::{Ctx, done};
use crate::cli::{ImportArgs, VocabCommand};
use crate::output::{clip, json, table};

pub fn vocab(ctx: &Ctx, cmd: VocabCommand) -> Result<()> {
    let mut ws = ctx.open()?;
    match cmd {
        VocabCommand::List { vocabulary } => {
            let only = vocabulary
                .as_deref()
                .map(str::parse::<Vocabulary>)
                .transpose()?;
            let terms: Vec<Term> = ws
                .store()
                .all::<Term>()?
                .into_iter()
                .filter(|t| only.is_none_or(|v| v == t.vocabulary) && !t.archived)
                .collect();
            if ctx.json {
                return json(&terms);
            }
            let rows = terms
                .iter()
                .map(|t| {
                    vec![
                        t.vocabulary.to_string(),
                        t.code.clone(),
                        t.label_en.clone(),
                        if t.provisional_mn {
                            format!("{} (provisional)", t.label_mn)
                        } else {
                            t.label_mn.clone()
                        },
                    ]
                })
                .collect();
            table(&["vocabulary", "code", "label", "label (mn)"], rows);
            Ok(())
        }
        VocabCommand::Add {
            vocabulary,
            code,
            label,
            label_mn,
        } => {
            let vocabulary: Vocabulary = vocabulary.parse()?;
            if ws.vocabulary(vocabulary)?.contains(&code) {
                bail!("{vocabulary} has a term {code} already");
            }
            let t = Term {
                id: Uuid::new_v4(),
                vocabulary,
                code: code.clone(),
                label_en: label,
                label_mn,
                ..Default::default()
            };
            ws.create(&t, &format!("add {vocabulary} term {code}"))?;
            done(ctx, &format!("added {vocabulary} term {code}"), Some(t.id))
        }
        VocabCommand::Map {
            vocabulary,
            label,
            term,
        } => {
            let vocabulary: Vocabulary = vocabulary.parse()?;
            let t = ws.map_label(vocabulary, &label, &term)?;
            done(
                ctx,
                &format!("imports now read '{label}' as the {vocabulary} term {term}"),
                Some(t.id),
            )
        }
    }
}

pub fn import(ctx: &Ctx, a: ImportArgs) -> Result<()> {
    let mut ws = ctx.open()?;
    let opts = ImportOptions {
        format: a.format.as_deref().map(str::parse).transpose()?,
        dry_run: a.dry_run,
        document: a.document,
        cycle: a.cycle,
        session: a.session,
        add_terms: a.add_terms,
        observations: a.observations,
    };
    let s = match ws.import_file(&a.file, &opts) {
        Ok(s) => s,
        Err(e) => {
            if let accord_core::Error::Import { unknown_labels, .. } = &e
                && *unknown_labels > 0
            {
                bail!(
                    "{e}\n{unknown_labels} label(s) are not terms of the vocabularies: import again with --add-terms to add them as new terms, or map each to a term with `accord vocab map`"
                )
            }
            return Err(e.into());
        }
    };
    if ctx.json {
        return json(&s);
    }
    let verb = if s.dry_run {
        "would import"
    } else {
        "imported"
    };
    let f = &s.file;
    if f.format == Format::ThematicList {
        let cycle = f.cycle.map(|c| format!(", cycle {c}")).unwrap_or_default();
        let session = f
            .session
            .map(|c| format!(", session {c}"))
            .unwrap_or_default();
        println!(
            "an OHCHR thematic list of {}{cycle}{session}: {} recommendation(s) under {} theme(s)",
            f.document.as_deref().unwrap_or("?"),
            f.recommendations,
            f.themes
        );
    }
    println!(
        "{verb} {} row(s): {} new, {} updated, {} unchanged; {} new source(s), {} new cluster(s)",
        s.rows,
        s.new.len(),
        s.updated.len(),
        s.unchanged,
        s.new_sources.len(),
        s.new_clusters.len()
    );
    for (label, items) in [
        ("new", &s.new),
        ("updated", &s.updated),
        ("new sources", &s.new_sources),
        ("new clusters", &s.new_clusters),
        (
            "new terms",
            &s.new_terms
                .iter()
                .map(|(v, label)| format!("{v}: {label}"))
                .collect(),
        ),
    ] {
        if !items.is_empty() {
            println!("  {label}: {}", clip(&items.join(", "), 400));
        }
    }
    if s.dry_run {
        println!("nothing was written (--dry-run)");
    }
    Ok(())
}
