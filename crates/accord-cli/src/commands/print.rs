//! `accord print`: the printed documents as PDF files.

use std::path::PathBuf;

use accord_core::model::{Lang, RecordKind};
use accord_print::{Doc, Options};
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};

use super::{Ctx, org_by_short};

#[derive(Debug, Subcommand)]
pub enum PrintCommand {
    /// Indicator sheets: one A4 page per indicator with ruled rows for the field
    Indicator(IndicatorArgs),
    /// A recommendation: text, response, plan, every organisation's assessment, history
    Recommendation(RecommendationArgs),
    /// One organisation's activities and indicators, overdue ones marked
    Plan(PlanArgs),
    /// The pack for the annual meeting
    Pack(PackArgs),
}

#[derive(Debug, Args)]
pub struct Common {
    /// Where to write the PDF [default: a name for the document, here]
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// en or mn
    #[arg(long, default_value = "en")]
    pub lang: String,
}

#[derive(Debug, Args)]
pub struct IndicatorArgs {
    /// Indicator ids (or the start of them)
    #[arg(required_unless_present_any = ["all", "org"], conflicts_with = "all")]
    pub ids: Vec<String>,
    /// Every indicator (of --org, if given)
    #[arg(long)]
    pub all: bool,
    /// Only the indicators this organisation is responsible for
    #[arg(long)]
    pub org: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct RecommendationArgs {
    /// Recommendation code (e.g. 107.12) or id
    pub rec: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The organisation whose part of the plan to print
    #[arg(long)]
    pub org: String,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct PackArgs {
    /// The meeting the pack is for [default: the coming one]
    #[arg(long)]
    pub meeting: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

/// File names made from codes keep to characters every file system takes.
fn file_name(stem: &str) -> PathBuf {
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    PathBuf::from(format!("{safe}.pdf"))
}

pub fn print(ctx: &Ctx, command: PrintCommand) -> Result<()> {
    let ws = ctx.open()?;
    let (doc, common, default) = match command {
        PrintCommand::Indicator(a) => {
            let ids = a
                .ids
                .iter()
                .map(|i| Ok(ws.resolve_ref(RecordKind::Indicator, i)?))
                .collect::<Result<Vec<_>>>()?;
            let org = a.org.as_deref().map(|o| org_by_short(&ws, o)).transpose()?;
            let name = match (&org, ids.len()) {
                (Some(o), _) => format!("indicators-{}", o.short),
                (None, 1) => format!("indicator-{}", &ids[0].to_string()[..8]),
                _ => "indicators".to_owned(),
            };
            let doc = Doc::Indicators {
                ids,
                org: org.map(|o| o.id),
            };
            (doc, a.common, file_name(&name))
        }
        PrintCommand::Recommendation(a) => {
            let id = ws.resolve_ref(RecordKind::Recommendation, &a.rec)?;
            let code = ws
                .store()
                .get::<accord_core::model::Recommendation>(id)?
                .map(|r| r.code)
                .unwrap_or_else(|| a.rec.clone());
            (
                Doc::Recommendation(id),
                a.common,
                file_name(&format!("recommendation-{code}")),
            )
        }
        PrintCommand::Plan(a) => {
            let org = org_by_short(&ws, &a.org)?;
            let name = file_name(&format!("plan-{}", org.short));
            (Doc::Plan { org: org.id }, a.common, name)
        }
        PrintCommand::Pack(a) => {
            let meeting = a
                .meeting
                .as_deref()
                .map(|m| ws.resolve_ref(RecordKind::Meeting, m))
                .transpose()?;
            (Doc::Pack { meeting }, a.common, file_name("meeting-pack"))
        }
    };
    let lang: Lang = common.lang.parse()?;
    let out = common.out.unwrap_or(default);
    if out.is_dir() {
        bail!(
            "{} is a folder; give a file name ending in .pdf",
            out.display()
        );
    }
    let printed = accord_print::print(&ws, &doc, Options::new(lang))?;
    let pdf = printed.pdf()?;
    accord_print::write_file(&out, &pdf)
        .with_context(|| format!("the PDF was not written to {}", out.display()))?;
    if ctx.json {
        crate::output::json(&serde_json::json!({
            "path": out, "pages": printed.pages(), "bytes": pdf.len(),
        }))?;
    } else {
        let pages = printed.pages();
        eprintln!(
            "wrote {} ({pages} page{}, {} KB)",
            out.display(),
            if pages == 1 { "" } else { "s" },
            pdf.len().div_ceil(1024)
        );
    }
    Ok(())
}
