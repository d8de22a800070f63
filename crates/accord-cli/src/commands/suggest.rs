//! suggest: clusters and links suggested from the texts, accepted or
//! rejected by recommendation.

use accord_core::model::RecordKind;
use accord_core::workspace::{Suggestion, SuggestionKind};
use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use uuid::Uuid;

use super::{Ctx, done};
use crate::output::{clip, json};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Kind {
    /// Recommendations that ask for the same thing
    Clusters,
    /// Recommendations that repeat or continue an earlier one
    Links,
}

impl From<Kind> for SuggestionKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Clusters => SuggestionKind::Cluster,
            Kind::Links => SuggestionKind::Link,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum SuggestCommand {
    /// Groups of recommendations that ask for the same thing, across States
    /// and mechanisms
    Clusters {
        /// Only groups holding recommendations of this source document
        /// [default: those in no cluster yet]
        #[arg(long)]
        source: Option<String>,
    },
    /// For each recommendation of a report, the earlier one it repeats or
    /// continues
    Links {
        /// The newer report [default: the newest UPR report held]
        #[arg(long)]
        source: Option<String>,
    },
    /// Accept a suggestion: the recommendations become one cluster, or the
    /// first continues the second (coordinators)
    Accept {
        kind: Kind,
        /// The recommendations, by code or id, as the suggestion lists them
        #[arg(required = true, num_args = 2..)]
        recommendations: Vec<String>,
    },
    /// Reject a suggestion: it is not made again (coordinators)
    Reject {
        kind: Kind,
        #[arg(required = true, num_args = 2..)]
        recommendations: Vec<String>,
    },
}

fn print(ctx: &Ctx, found: &[Suggestion]) -> Result<()> {
    if ctx.json {
        return json(&found);
    }
    if found.is_empty() {
        println!("nothing to suggest");
        return Ok(());
    }
    for (i, s) in found.iter().enumerate() {
        println!(
            "{}. {}% alike{}",
            i + 1,
            (s.similarity * 100.0).round(),
            if s.cluster.is_some() {
                " (joining the cluster some are in)"
            } else {
                ""
            }
        );
        for (j, m) in s.members.iter().enumerate() {
            let arrow = if s.kind == SuggestionKind::Link && j == 1 {
                "continues "
            } else {
                ""
            };
            println!(
                "   {arrow}{} ({}) {}",
                m.code,
                m.document,
                clip(&m.text, 100)
            );
        }
    }
    let verb = if found[0].kind == SuggestionKind::Link {
        "links"
    } else {
        "clusters"
    };
    println!(
        "{} suggestion(s): accept one with `accord suggest accept {verb} CODE CODE…`, or reject it with `accord suggest reject {verb} …`",
        found.len()
    );
    Ok(())
}

pub fn suggest(ctx: &Ctx, cmd: SuggestCommand) -> Result<()> {
    let mut ws = ctx.open()?;
    match cmd {
        SuggestCommand::Clusters { source } => print(ctx, &ws.suggest_clusters(source.as_deref())?),
        SuggestCommand::Links { source } => print(ctx, &ws.suggest_links(source.as_deref())?),
        SuggestCommand::Accept {
            kind,
            recommendations,
        } => {
            let ids = resolve(&ws, &recommendations)?;
            ws.accept_suggestion(kind.into(), &ids)?;
            done(
                ctx,
                &format!("accepted: {}", recommendations.join(", ")),
                None,
            )
        }
        SuggestCommand::Reject {
            kind,
            recommendations,
        } => {
            let ids = resolve(&ws, &recommendations)?;
            ws.reject_suggestion(kind.into(), &ids)?;
            done(
                ctx,
                &format!(
                    "rejected, and not suggested again: {}",
                    recommendations.join(", ")
                ),
                None,
            )
        }
    }
}

fn resolve(ws: &accord_core::Workspace, refs: &[String]) -> Result<Vec<Uuid>> {
    refs.iter()
        .map(|r| Ok(ws.resolve_ref(RecordKind::Recommendation, r)?))
        .collect()
}
