//! init, demo, org, person.

use accord_core::Workspace;
use accord_core::model::{OrgKind, Organisation, Person, Role};
use accord_core::workspace::InitOptions;
use anyhow::Result;
use uuid::Uuid;

use super::{Ctx, done, opt_org, org_by_short, short_of};
use crate::cli::{InitArgs, OrgCommand, PersonCommand};
use crate::output::{json, table};

/// Initials of the capitalised words: "Ministry of Justice" -> "MJ".
fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect()
}

pub fn init(ctx: &Ctx, a: InitArgs) -> Result<()> {
    let short = a.short.unwrap_or_else(|| initials(&a.org));
    let ws = Workspace::init(
        &ctx.dir,
        &InitOptions {
            workspace_name: a.name,
            workspace_name_mn: String::new(),
            country: a.country,
            org_short: short,
            org_name: a.org,
            org_name_mn: a.org_mn,
            org_kind: a.kind.parse()?,
            person: a.person,
            illustrative: false,
        },
    )?;
    let org = ws.my_org()?;
    done(
        ctx,
        &format!(
            "created the workspace at {} with {} ({}) as coordinator; this device's key is {}",
            ctx.dir.display(),
            org.name_en,
            org.short,
            ws.device_key_hex()
        ),
        Some(org.id),
    )
}

pub fn demo(ctx: &Ctx) -> Result<()> {
    if Workspace::exists(&ctx.dir) {
        let ws = Workspace::open(&ctx.dir)?;
        let info = ws.store().all::<accord_core::model::WorkspaceInfo>()?;
        if info.iter().any(|i| i.illustrative) {
            return done(
                ctx,
                &format!("the demo workspace is at {}", ctx.dir.display()),
                None,
            );
        }
        anyhow::bail!(
            "a workspace that is not the demo exists at {}; give another --workspace for the demo",
            ctx.dir.display()
        );
    }
    let ws = accord_core::demo::create(&ctx.dir)?;
    let count = ws.store().list(&Default::default())?.total;
    done(
        ctx,
        &format!(
            "created the demo workspace at {} ({count} recommendations, illustrative texts)",
            ctx.dir.display()
        ),
        None,
    )
}

pub fn org(ctx: &Ctx, cmd: OrgCommand) -> Result<()> {
    let mut ws = ctx.open()?;
    match cmd {
        OrgCommand::Add {
            short,
            name,
            name_mn,
            kind,
            role,
            parent,
        } => {
            let org = Organisation {
                id: Uuid::new_v4(),
                short: short.clone(),
                name_en: name,
                name_mn,
                kind: kind.parse::<OrgKind>()?,
                parent: opt_org(&ws, &parent)?,
                role: role.parse::<Role>()?,
                ..Default::default()
            };
            if ws
                .store()
                .all::<Organisation>()?
                .iter()
                .any(|o| o.short.eq_ignore_ascii_case(&short))
            {
                anyhow::bail!("an organisation with the short name {short} exists already");
            }
            ws.create(&org, &format!("add organisation {short}"))?;
            done(ctx, &format!("added {short}"), Some(org.id))
        }
        OrgCommand::List => {
            let mut orgs = ws.store().all::<Organisation>()?;
            orgs.sort_by(|a, b| (a.kind, &a.short).cmp(&(b.kind, &b.short)));
            if ctx.json {
                return json(&orgs);
            }
            let rows = orgs
                .iter()
                .map(|o| {
                    vec![
                        o.short.clone(),
                        o.kind.to_string(),
                        o.role.to_string(),
                        o.name_en.clone(),
                        o.name_mn.clone(),
                        o.parent.map(|p| short_of(&ws, p)).unwrap_or_default(),
                        if o.archived {
                            "archived".into()
                        } else {
                            String::new()
                        },
                    ]
                })
                .collect();
            table(
                &["short", "kind", "role", "name", "name (mn)", "parent", ""],
                rows,
            );
            Ok(())
        }
    }
}

pub fn person(ctx: &Ctx, cmd: PersonCommand) -> Result<()> {
    let mut ws = ctx.open()?;
    match cmd {
        PersonCommand::Add {
            name,
            org,
            title,
            email,
        } => {
            let p = Person {
                id: Uuid::new_v4(),
                org: org_by_short(&ws, &org)?.id,
                name: name.clone(),
                title,
                email,
                archived: false,
            };
            ws.create(&p, &format!("add person {name}"))?;
            done(ctx, &format!("added {name} to {org}"), Some(p.id))
        }
        PersonCommand::List { org } => {
            let only = opt_org(&ws, &org)?;
            let people: Vec<Person> = ws
                .store()
                .all::<Person>()?
                .into_iter()
                .filter(|p| only.is_none_or(|o| o == p.org))
                .collect();
            if ctx.json {
                return json(&people);
            }
            let rows = people
                .iter()
                .map(|p| {
                    vec![
                        p.name.clone(),
                        short_of(&ws, p.org),
                        p.title.clone(),
                        p.email.clone(),
                        p.id.to_string()[..8].to_owned(),
                    ]
                })
                .collect();
            table(&["name", "organisation", "title", "e-mail", "id"], rows);
            Ok(())
        }
    }
}
