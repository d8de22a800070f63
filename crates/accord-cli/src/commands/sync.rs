//! sync, quarantine, invite, join, device, revoke.

use std::io::IsTerminal;

use accord_core::Workspace;
use accord_core::workspace::{SyncProgress, SyncReport};
use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use super::{Ctx, done, short_of};
use crate::cli::{DeviceCommand, InviteArgs, JoinArgs, QuarantineArgs, RevokeArgs, SyncArgs};
use crate::output::{json, table, time};

/// Below this many files a sync is quick: no progress bar.
const BAR_FROM: usize = 50;

pub fn sync(ctx: &Ctx, a: SyncArgs) -> Result<()> {
    let mut ws = ctx.open()?;
    let show_bar = !ctx.json && std::io::stderr().is_terminal();
    let mut bar: Option<(ProgressBar, &'static str)> = None;
    let mut progress = |p: SyncProgress| {
        if !show_bar {
            return;
        }
        let (label, done, total) = match p {
            SyncProgress::Reading { done, total } => ("reading", done, total),
            SyncProgress::Applying { done, total } => ("applying", done, total),
            SyncProgress::Writing { done, total } => ("writing", done, total),
        };
        if total < BAR_FROM {
            return;
        }
        if bar.as_ref().is_none_or(|(_, l)| *l != label) {
            if let Some((b, _)) = bar.take() {
                b.finish_and_clear();
            }
            let b = ProgressBar::new(total as u64).with_style(
                ProgressStyle::with_template("{msg:>9} [{bar:40}] {pos}/{len} {eta}")
                    .expect("a valid template")
                    .progress_chars("=> "),
            );
            b.set_message(label);
            bar = Some((b, label));
        }
        if let Some((b, _)) = &bar {
            b.set_position(done as u64);
        }
    };
    let result = ws.sync_folder(&a.folder, &mut progress);
    if let Some((b, _)) = bar {
        b.finish_and_clear();
    }
    let report = result?;
    if ctx.json {
        return json(&report);
    }
    print_report(&report);
    Ok(())
}

fn print_report(r: &SyncReport) {
    println!(
        "synced with {}: {} file(s) read, {} change(s) applied from {} envelope(s), {} file(s) written",
        r.folder, r.files_read, r.changes_applied, r.envelopes_applied, r.files_written
    );
    if r.sealed > 0 {
        println!(
            "sealed this device's new changes into {} envelope(s)",
            r.sealed
        );
    }
    if r.released > 0 {
        println!(
            "{} envelope(s) from the quarantine applied (their device is now admitted)",
            r.released
        );
    }
    for key in &r.admitted {
        println!("admitted device {}", &key[..12]);
    }
    for q in &r.quarantined {
        println!(
            "quarantined {} (device {}, {}): {}",
            &q.file,
            &q.device[..12],
            q.doc,
            q.reason
        );
    }
    for f in &r.rejected {
        println!("cannot use {}: {}", f.file, f.reason);
    }
    for f in &r.skipped {
        println!("skipped {}: {}", f.file, f.reason);
    }
    if r.waiting_for_admission {
        println!(
            "this device waits for a coordinator to admit it: their next sync with this folder does; until then other offices hold its changes back"
        );
    }
}

pub fn quarantine(ctx: &Ctx, a: QuarantineArgs) -> Result<()> {
    let mut ws = ctx.open()?;
    if let Some(name) = a.discard {
        let full = ws.discard_quarantined(&name)?;
        return done(ctx, &format!("discarded envelope {full}"), None);
    }
    let (held, rejected) = ws.quarantine()?;
    if ctx.json {
        return json(&serde_json::json!({ "quarantined": held, "rejected": rejected }));
    }
    if held.is_empty() {
        println!("no envelope is held in quarantine");
    } else {
        table(
            &[
                "envelope", "device", "document", "changes", "received", "reason",
            ],
            held.iter()
                .map(|q| {
                    vec![
                        q.name[..16].to_owned(),
                        q.device[..12].to_owned(),
                        q.doc.clone(),
                        q.changes.to_string(),
                        time(q.received),
                        q.reason.clone(),
                    ]
                })
                .collect(),
        );
        println!("discard one with: accord quarantine --discard ENVELOPE");
    }
    if !rejected.is_empty() {
        println!("files that cannot be used:");
        table(
            &["file", "device", "seen", "reason"],
            rejected
                .iter()
                .map(|r| {
                    vec![
                        r.name[..16].to_owned(),
                        r.device.chars().take(12).collect(),
                        time(r.seen),
                        r.reason.clone(),
                    ]
                })
                .collect(),
        );
    }
    Ok(())
}

/// The passphrase: from ACCORD_PASSPHRASE (scripts), or asked on the
/// terminal (twice when it protects a new invite).
fn passphrase(confirm: bool) -> Result<String> {
    if let Ok(p) = std::env::var("ACCORD_PASSPHRASE") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        bail!("no passphrase: type it on a terminal, or set ACCORD_PASSPHRASE");
    }
    let p = rpassword::prompt_password("Passphrase: ").context("cannot read the passphrase")?;
    if confirm {
        let again = rpassword::prompt_password("The same passphrase again: ")
            .context("cannot read the passphrase")?;
        if again != p {
            bail!("the two passphrases differ; nothing was written");
        }
    }
    Ok(p)
}

pub fn invite(ctx: &Ctx, a: InviteArgs) -> Result<()> {
    let mut ws = ctx.open()?;
    let kind = a.kind.as_deref().map(str::parse).transpose()?;
    if a.out.exists() {
        bail!(
            "{} exists already; choose another --out or remove it",
            a.out.display()
        );
    }
    let secret = passphrase(true)?;
    let org = ws.org_for_invite(&a.org, kind)?;
    let bytes = ws.invite(org.id, &secret)?;
    write_new(&a.out, &bytes)?;
    done(
        ctx,
        &format!(
            "wrote an invite for a device of {} to {}; give the passphrase separately. Your next sync with the shared folder admits the device once it has joined",
            org.short,
            a.out.display()
        ),
        Some(org.id),
    )
}

/// Writes a new file (never over another), synced to the disk.
fn write_new(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

pub fn join(ctx: &Ctx, a: JoinArgs) -> Result<()> {
    let bytes =
        std::fs::read(&a.file).with_context(|| format!("cannot read {}", a.file.display()))?;
    let secret = passphrase(false)?;
    let ws = Workspace::join(&ctx.dir, &bytes, &secret, &a.person)?;
    let org = ws.my_org()?;
    done(
        ctx,
        &format!(
            "joined as {} of {} at {}; this device's key is {}. Sync with the shared folder: the coordinator's next sync admits this device",
            a.person.trim(),
            org.short,
            ctx.dir.display(),
            ws.device_key_hex()
        ),
        Some(ws.me().device),
    )
}

pub fn device(ctx: &Ctx, c: DeviceCommand) -> Result<()> {
    let ws = ctx.open()?;
    match c {
        DeviceCommand::List => {
            let devices = ws.devices()?;
            if ctx.json {
                return json(&devices);
            }
            let me = ws.device_key_hex();
            table(
                &["key", "organisation", "label", "state"],
                devices
                    .iter()
                    .map(|d| {
                        let state = if d.revoked {
                            "revoked"
                        } else if d.key == me {
                            "this device"
                        } else {
                            "admitted"
                        };
                        vec![
                            d.key[..16].to_owned(),
                            short_of(&ws, d.org),
                            d.label.clone(),
                            state.to_owned(),
                        ]
                    })
                    .collect(),
            );
            Ok(())
        }
    }
}

pub fn revoke(ctx: &Ctx, a: RevokeArgs) -> Result<()> {
    let mut ws = ctx.open()?;
    let d = ws.revoke(&a.device)?;
    done(
        ctx,
        &format!(
            "revoked device {} ({}); its envelopes that arrive from now on are held in quarantine",
            &d.key[..12],
            d.label
        ),
        Some(d.id),
    )
}
