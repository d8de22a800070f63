//! list, show, rec.

use accord_core::model::*;
use accord_core::store::query::ListFilter;
use accord_core::workspace::{Editable, RecommendationView};
use anyhow::{Result, bail};
use uuid::Uuid;

use super::{Ctx, done, org_ids, short_of};
use crate::cli::{ListArgs, RecCommand, ShowArgs};
use crate::output::{clip, json, table};

fn lang(s: &str) -> Result<Lang> {
    Ok(s.parse()?)
}

/// The text in the wanted language, marked when it falls back to the other
/// one or was written for the demo.
fn text_of(r: &Recommendation, l: Lang) -> String {
    let (text, fell_back) = r.text(l);
    let mut out = String::new();
    if fell_back {
        out.push_str(match l {
            Lang::En => "[mn] ",
            Lang::Mn => "[en] ",
        });
    }
    out.push_str(text);
    out
}

pub fn list(ctx: &Ctx, a: ListArgs) -> Result<()> {
    let ws = ctx.open()?;
    let l = lang(&a.lang)?;
    let assessed = match &a.level {
        Some(spec) => {
            let Some((org, level)) = spec.split_once('=') else {
                bail!("--level takes ORG=LEVEL, e.g. HRNGOF=regressed");
            };
            Some((
                ws.resolve_ref(RecordKind::Organisation, org)?,
                level.parse::<Level>()?,
            ))
        }
        None => None,
    };
    let cluster = match &a.cluster {
        Some(slug) => Some(
            ws.store()
                .cluster_by_slug(slug)?
                .map(|c| c.id)
                .ok_or_else(|| anyhow::anyhow!("no cluster '{slug}'"))?,
        ),
        None => None,
    };
    if let Some(s) = &a.sdg {
        accord_core::model::validate::sdg(s)?;
    }
    let filter = ListFilter {
        mechanism: a.mechanism.as_deref().map(str::parse).transpose()?,
        body: a.body.clone(),
        cycle: a.cycle,
        upr_cycle: a.upr_cycle,
        response: a.response.as_deref().map(str::parse).transpose()?,
        theme: a.theme.clone(),
        affected: a.affected.clone(),
        sdg: a.sdg.clone(),
        responsible: a
            .org
            .as_deref()
            .map(|o| ws.resolve_ref(RecordKind::Organisation, o))
            .transpose()?,
        cluster,
        assessed,
        archived: a.archived,
        search: a.search.clone(),
        disagree: a.disagree,
        offset: a.offset,
        limit: a.limit,
        ..Default::default()
    };
    let page = ws.store().list(&filter)?;
    if ctx.json {
        return json(&page);
    }
    let rows = page
        .items
        .iter()
        .map(|r| {
            vec![
                format!("{}{}", r.code, if r.illustrative { "*" } else { "" }),
                r.response.to_string(),
                clip(&text_of(r, l), 90),
                r.lead
                    .iter()
                    .map(|o| short_of(&ws, *o))
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect();
    table(&["code", "response", "text", "lead"], rows);
    if page.items.iter().any(|r| r.illustrative) {
        println!("* illustrative text written for the demo, not the official text");
    }
    let shown = page.items.len();
    println!(
        "{} of {} recommendation(s){}",
        if shown == page.total {
            shown.to_string()
        } else {
            format!("{}-{}", a.offset + 1, a.offset + shown)
        },
        page.total,
        if shown < page.total {
            " (--offset for more)"
        } else {
            ""
        }
    );
    Ok(())
}

pub fn show(ctx: &Ctx, a: ShowArgs) -> Result<()> {
    let ws = ctx.open()?;
    let l = lang(&a.lang)?;
    let id = ws.resolve_ref(RecordKind::Recommendation, &a.rec)?;
    let v = ws.recommendation_view(id)?;
    if ctx.json {
        return json(&v);
    }
    print_view(&ws, &v, l);
    Ok(())
}

/// Wraps a line at 110 columns, indented, later lines indented further.
fn hang(text: &str, indent: usize) -> String {
    let first = " ".repeat(indent);
    let rest = " ".repeat(indent + 4);
    let opts = textwrap::Options::new(110)
        .initial_indent(&first)
        .subsequent_indent(&rest);
    textwrap::fill(text, opts)
}

fn print_view(ws: &accord_core::Workspace, v: &RecommendationView, l: Lang) {
    let r = &v.recommendation;
    println!("Recommendation {} ({})", r.code, r.id);
    if let Some(s) = &v.source {
        let what = match s.mechanism {
            Mechanism::Upr => format!(
                "UPR{}{}",
                s.cycle.map(|c| format!(", cycle {c}")).unwrap_or_default(),
                s.session
                    .map(|n| format!(", session {n}"))
                    .unwrap_or_default()
            ),
            Mechanism::Treaty => format!("treaty body {}", s.body.to_uppercase()),
            Mechanism::Special => format!("special procedure: {}", s.body),
            Mechanism::Other => "other".into(),
        };
        let date = s
            .date
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        println!("Source: {what} — {}{date}", s.document);
    }
    match &v.source {
        Some(s) if s.mechanism != Mechanism::Upr => {
            println!(
                "Response: none asked (treaty bodies and special procedures do not ask for one)"
            );
            if let Some(due) = &r.follow_up_due {
                println!("Follow-up information due: {due} {}", r.response_source);
            }
        }
        _ => println!("Response: {} {}", r.response, r.response_source),
    }
    if !r.states.is_empty() {
        println!("Recommending states: {}", r.states.join(", "));
    }
    let official = |lang: Lang| {
        if r.official == lang {
            " (official)"
        } else {
            " (translation)"
        }
    };
    let wrap = |t: &str| textwrap::indent(&textwrap::fill(t, 96), "  ");
    println!("\nEnglish{}:\n{}", official(Lang::En), wrap(&r.text_en));
    println!("Монгол{}:\n{}", official(Lang::Mn), wrap(&r.text_mn));
    if r.illustrative {
        println!("  [illustrative text written for the demo, not the official text]");
    }
    println!("\nThemes: {}", r.themes.join(", "));
    println!("Affected persons: {}", r.affected.join(", "));
    println!("SDG targets: {}", r.sdg.join(", "));
    if let Some(c) = &v.cluster {
        println!("Cluster: {}", c.slug);
    }
    let shorts = |orgs: &[Organisation]| {
        orgs.iter()
            .map(|o| o.short.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "Lead: {}   Supporting: {}",
        shorts(&v.lead),
        shorts(&v.supporting)
    );

    println!("\nAssessments, side by side:");
    if v.assessments.is_empty() {
        println!("  none yet");
    } else {
        let rows = v
            .assessments
            .iter()
            .map(|c| {
                vec![
                    c.org.short.clone(),
                    c.current.level.to_string(),
                    c.current.date.clone(),
                    clip(&c.current.evidence, 70),
                    c.earlier
                        .iter()
                        .map(|e| format!("{} {}", e.date, e.level))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect();
        table(
            &["organisation", "level", "date", "evidence", "earlier"],
            rows,
        );
    }
    for p in &v.plans {
        println!(
            "\nPlan {}{}",
            &p.entry.id.to_string()[..8],
            if p.entry.cluster.is_some() {
                " (for the cluster)"
            } else {
                ""
            }
        );
        let outcomes = match l {
            Lang::Mn if !p.entry.outcomes_mn.is_empty() => &p.entry.outcomes_mn,
            _ => &p.entry.outcomes,
        };
        for o in outcomes {
            println!("{}", hang(&format!("outcome: {o}"), 2));
        }
        let today = accord_core::workspace::today();
        if !p.activities.is_empty() {
            let rows = p
                .activities
                .iter()
                .map(|a| {
                    let title = match l {
                        Lang::Mn if !a.title_mn.is_empty() => a.title_mn.clone(),
                        _ => a.title_en.clone(),
                    };
                    vec![
                        a.id.to_string()[..8].to_owned(),
                        clip(&title, 60),
                        a.lead.map(|o| short_of(ws, o)).unwrap_or_default(),
                        format!(
                            "{} – {}",
                            a.start.clone().unwrap_or_default(),
                            a.end.clone().unwrap_or_default()
                        ),
                        format!(
                            "{}{}",
                            a.status,
                            if a.is_overdue(today) { " OVERDUE" } else { "" }
                        ),
                    ]
                })
                .collect();
            table(&["activity", "title", "lead", "timeframe", "status"], rows);
        }
        for i in &p.indicators {
            let ind = &i.indicator;
            let line = format!(
                "indicator {} [{}] {} — baseline {} ({}), target {} ({}) {}",
                &ind.id.to_string()[..8],
                ind.kind,
                ind.title_en,
                ind.baseline_value
                    .map(|v| v.to_string())
                    .unwrap_or("-".into()),
                ind.baseline_date.clone().unwrap_or_default(),
                ind.target_value
                    .map(|v| v.to_string())
                    .unwrap_or("-".into()),
                ind.target_date.clone().unwrap_or_default(),
                ind.unit
            );
            println!("{}", hang(&line, 2));
            let ms: Vec<String> = i
                .measurements
                .iter()
                .map(|m| format!("{}: {}", m.period, m.value))
                .collect();
            if !ms.is_empty() {
                println!("{}", hang(&format!("measurements: {}", ms.join(", ")), 4));
            }
        }
    }
    if !v.comments.is_empty() {
        println!("\nComments:");
        for c in &v.comments {
            println!(
                "  {} {} [{}{}]: {}",
                c.date,
                short_of(ws, c.org),
                c.status,
                match c.visibility {
                    Visibility::Public => "",
                    Visibility::Parties => ", not public",
                    Visibility::Internal => ", internal: this organisation's devices only",
                },
                c.text
            );
        }
    }
    if !v.decisions.is_empty() {
        println!("\nMeeting decisions:");
        for d in &v.decisions {
            println!(
                "  [{}] {} (due {})",
                d.status,
                d.text,
                d.due.clone().unwrap_or("-".into())
            );
        }
    }
    if !v.conflicts.is_empty() {
        println!("\nConflicts (see `accord conflicts`):");
        for c in &v.conflicts {
            println!("  {} {}: {} values", c.label, c.field, c.values.len());
        }
    }
}

pub fn rec(ctx: &Ctx, cmd: RecCommand) -> Result<()> {
    let mut ws = ctx.open()?;
    match cmd {
        RecCommand::Add {
            code,
            document,
            text_en,
            text_mn,
            official,
            response,
            themes,
            lead,
        } => {
            let source = ws.store().source_by_document(&document)?.ok_or_else(|| {
                anyhow::anyhow!(
                    "no source {document}; import a file to add sources, see `accord rec sources`"
                )
            })?;
            let r = Recommendation {
                id: Uuid::new_v4(),
                code: code.clone(),
                source: source.id,
                text_en,
                text_mn,
                official: official.parse()?,
                response: response.parse()?,
                themes,
                lead: org_ids(&ws, &lead)?,
                ..Default::default()
            };
            ws.save(Editable::Recommendation(r.clone()))
                .map_err(|e| match &e {
                    accord_core::Error::Invalid { field, .. } if field == "code" => anyhow::anyhow!(
                        "{e}\n{document} has a recommendation {code} already; change it with `accord edit {code} FIELD=VALUE`"
                    ),
                    accord_core::Error::Invalid { field, .. } if field == "themes" => anyhow::anyhow!(
                        "{e}\nsee `accord vocab list theme`, or add it with `accord vocab add theme`"
                    ),
                    _ => e.into(),
                })?;
            done(ctx, &format!("added recommendation {code}"), Some(r.id))
        }
        RecCommand::AddSource {
            mechanism,
            body,
            cycle,
            session,
            document,
            date,
            title,
        } => {
            if ws.store().source_by_document(&document)?.is_some() {
                bail!("a source {document} exists already (accord rec sources)");
            }
            let src = Source {
                id: Uuid::new_v4(),
                mechanism: mechanism.parse()?,
                body: body.to_lowercase(),
                cycle,
                session,
                document: document.clone(),
                date,
                title,
                archived: false,
            };
            ws.create(&src, &format!("add source {document}"))?;
            done(ctx, &format!("added source {document}"), Some(src.id))
        }
        RecCommand::AddCluster {
            slug,
            title,
            title_mn,
        } => {
            if ws.store().cluster_by_slug(&slug)?.is_some() {
                bail!("a cluster {slug} exists already");
            }
            let c = Cluster {
                id: Uuid::new_v4(),
                slug: slug.clone(),
                title_en: title,
                title_mn,
                archived: false,
            };
            ws.create(&c, &format!("add cluster {slug}"))?;
            done(
                ctx,
                &format!(
                    "added cluster {slug}; put recommendations in it with `accord edit CODE cluster={slug}`"
                ),
                Some(c.id),
            )
        }
        RecCommand::Sources => {
            let sources = ws.store().all::<Source>()?;
            if ctx.json {
                return json(&sources);
            }
            let rows = sources
                .iter()
                .map(|s| {
                    vec![
                        s.document.clone(),
                        s.mechanism.to_string(),
                        s.body.clone(),
                        s.cycle.map(|c| c.to_string()).unwrap_or_default(),
                        s.date.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            table(&["document", "mechanism", "body", "cycle", "date"], rows);
            Ok(())
        }
    }
}
