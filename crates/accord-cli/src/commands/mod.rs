//! One function per command: parse, call the core, print.

mod importing;
mod invites;
mod maintenance;
mod plan;
pub mod print;
mod recommendations;
mod roster;
pub mod suggest;
mod sync;
mod voices;

use std::path::PathBuf;

use accord_core::Workspace;
use accord_core::model::{Organisation, RecordKind};
use anyhow::{Context, Result, anyhow};
use uuid::Uuid;

use crate::cli::{Cli, Command};

/// What every command gets: where the workspace is and how to print.
pub struct Ctx {
    pub dir: PathBuf,
    pub json: bool,
}

impl Ctx {
    pub fn open(&self) -> Result<Workspace> {
        Ok(Workspace::open(&self.dir)?)
    }
}

pub fn run(cli: Cli) -> Result<()> {
    let dir = match cli.workspace {
        Some(d) => d,
        None => Workspace::default_dir()
            .ok_or_else(|| anyhow!("no data folder on this system; give --workspace DIR"))?,
    };
    let ctx = Ctx {
        dir,
        json: cli.json,
    };
    match cli.command {
        Command::Init(a) => roster::init(&ctx, a),
        Command::Demo => roster::demo(&ctx),
        Command::Org(c) => roster::org(&ctx, c),
        Command::Person(c) => roster::person(&ctx, c),
        Command::Vocab(c) => importing::vocab(&ctx, c),
        Command::Import(a) => importing::import(&ctx, a),
        Command::Suggest(c) => suggest::suggest(&ctx, c),
        Command::List(a) => recommendations::list(&ctx, a),
        Command::Show(a) => recommendations::show(&ctx, a),
        Command::Rec(c) => recommendations::rec(&ctx, c),
        Command::Edit(a) => maintenance::edit(&ctx, a),
        Command::Plan(c) => plan::plan(&ctx, c),
        Command::Activity(c) => plan::activity(&ctx, c),
        Command::Indicator(c) => plan::indicator(&ctx, c),
        Command::Measure(a) => voices::measure(&ctx, a),
        Command::Assess(a) => voices::assess(&ctx, a),
        Command::Comment(a) => voices::comment(&ctx, a),
        Command::Meeting(c) => voices::meeting(&ctx, c),
        Command::Decision(c) => voices::decision(&ctx, c),
        Command::Archive(a) => maintenance::archive(&ctx, a, true),
        Command::Restore(a) => maintenance::archive(&ctx, a, false),
        Command::History(a) => maintenance::history(&ctx, a),
        Command::Conflicts => maintenance::conflicts(&ctx),
        Command::Resolve(a) => maintenance::resolve(&ctx, a),
        Command::Export(a) => maintenance::export(&ctx, a),
        Command::Print(c) => print::print(&ctx, c),
        Command::Check(a) => maintenance::check(&ctx, a),
        Command::Sync(a) => sync::sync(&ctx, a),
        Command::Quarantine(a) => sync::quarantine(&ctx, a),
        Command::Invite(a) => invites::invite(&ctx, a),
        Command::Join(a) => invites::join(&ctx, a),
        Command::Device(c) => sync::device(&ctx, c),
        Command::Revoke(a) => sync::revoke(&ctx, a),
    }
}

/// An organisation by short name.
pub fn org_by_short(ws: &Workspace, short: &str) -> Result<Organisation> {
    let id = ws.resolve_ref(RecordKind::Organisation, short)?;
    ws.store()
        .get::<Organisation>(id)?
        .with_context(|| format!("organisation {short} not found"))
}

pub fn org_ids(ws: &Workspace, shorts: &[String]) -> Result<Vec<Uuid>> {
    shorts
        .iter()
        .map(|s| Ok(ws.resolve_ref(RecordKind::Organisation, s)?))
        .collect()
}

pub fn opt_org(ws: &Workspace, short: &Option<String>) -> Result<Option<Uuid>> {
    short
        .as_deref()
        .map(|s| Ok(ws.resolve_ref(RecordKind::Organisation, s)?))
        .transpose()
}

/// The short name of an organisation id, for tables.
pub fn short_of(ws: &Workspace, id: Uuid) -> String {
    ws.store()
        .get::<Organisation>(id)
        .ok()
        .flatten()
        .map(|o| o.short)
        .unwrap_or_else(|| id.to_string()[..8].to_owned())
}

pub fn done(ctx: &Ctx, what: &str, id: Option<Uuid>) -> Result<()> {
    if ctx.json {
        crate::output::json(&serde_json::json!({ "ok": true, "message": what, "id": id }))
    } else {
        match id {
            Some(id) => println!("{what} ({id})"),
            None => println!("{what}"),
        }
        Ok(())
    }
}
