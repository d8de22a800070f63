//! sync, quarantine, device, revoke.

use std::io::IsTerminal;

use accord_core::workspace::{SyncProgress, SyncReport};
use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use super::{Ctx, done, short_of};
use crate::cli::{DeviceCommand, QuarantineArgs, RevokeArgs, SyncArgs};
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
    if a.watch {
        return watch(ctx, ws, &a, report);
    }
    if ctx.json {
        return json(&report);
    }
    print_report(&report);
    Ok(())
}

/// `sync --watch`: after the first sync, sync again whenever the folder or
/// the working copy changes, or the interval passes. A sync that fails (a
/// stick pulled out, a share gone) is reported and tried again at the next
/// change; the watch goes on.
fn watch(ctx: &Ctx, mut ws: accord_core::Workspace, a: &SyncArgs, first: SyncReport) -> Result<()> {
    let mut watch = ws.watch(&a.folder)?;
    let show = |r: &SyncReport| {
        if ctx.json {
            // One JSON object a line, for scripts that follow the watch.
            println!("{}", serde_json::to_string(r).unwrap_or_default());
        } else {
            print!("{} ", clock());
            print_report(r);
        }
    };
    show(&first);
    watch.synced()?;
    if !ctx.json {
        println!(
            "watching {} (and syncing at least every {} minute(s)); stop with Ctrl+C",
            a.folder.display(),
            a.every
        );
    }
    let every = std::time::Duration::from_secs(a.every * 60);
    loop {
        let changed = watch.wait(every)?;
        match ws.sync_folder(&a.folder, &mut |_| {}) {
            Ok(r) => {
                // A timer's sync that found nothing is not news.
                if changed || r.changes_applied > 0 || r.files_written > 0 {
                    show(&r);
                }
            }
            Err(e) => eprintln!("{} cannot sync now: {e}", clock()),
        }
        watch.synced()?;
    }
}

/// The time of day, for the lines of a long-running watch.
fn clock() -> String {
    use accord_core::jiff::{Timestamp, tz::TimeZone};
    Timestamp::now()
        .to_zoned_datetime(TimeZone::system())
        .strftime("%H:%M:%S")
        .to_string()
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
    if r.held_out > 0 {
        println!(
            "{} change(s) do not count: made by a revoked device after what its revocation accepted, or built on such a change (a device's own are made again)",
            r.held_out
        );
    }
    if r.locked > 0 {
        println!(
            "{} envelope(s) are sealed with a key this device does not hold (another organisation's internal work, or written after this device was revoked); they are carried on unread",
            r.locked
        );
    }
    if r.grants > 0 {
        println!(
            "passed keys on to {} device group(s) that lacked them",
            r.grants
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
    // Junk in a folder can be thousands of files: one line a reason.
    let mut by_reason: Vec<(&str, usize, &str)> = Vec::new();
    for f in &r.skipped {
        match by_reason
            .iter_mut()
            .find(|(reason, _, _)| *reason == f.reason)
        {
            Some((_, n, _)) => *n += 1,
            None => by_reason.push((&f.reason, 1, &f.file)),
        }
    }
    for (reason, n, first) in by_reason {
        if n == 1 {
            println!("skipped {}: {reason}", terminal_safe(first));
        } else {
            println!(
                "skipped {n} files ({reason}), {} among them",
                terminal_safe(first)
            );
        }
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

pub fn device(ctx: &Ctx, c: DeviceCommand) -> Result<()> {
    let ws = ctx.open()?;
    match c {
        DeviceCommand::List => {
            let devices = ws.devices()?;
            if ctx.json {
                return json(&devices);
            }
            let me = ws.device_key_hex();
            let held_out = ws.held_out_by_device()?;
            table(
                &["key", "organisation", "label", "state"],
                devices
                    .iter()
                    .map(|d| {
                        let state = match held_out.get(&d.key) {
                            Some(n) if d.revoked => {
                                format!(
                                    "revoked; {n} change(s) held out (revoke --adopt counts them)"
                                )
                            }
                            _ if d.revoked => "revoked".to_owned(),
                            _ if d.key == me => "this device".to_owned(),
                            _ => "admitted".to_owned(),
                        };
                        vec![
                            d.key[..16].to_owned(),
                            short_of(&ws, d.org),
                            d.label.clone(),
                            state,
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
    if a.adopt {
        let adopted = ws.adopt_held_out(&a.device)?;
        return done(
            ctx,
            &format!(
                "{} change(s) of device {} ({}) held out by its revocation count now, at every office that syncs this; the device stays revoked",
                adopted.changes,
                &adopted.device.key[..12],
                adopted.device.label
            ),
            Some(adopted.device.id),
        );
    }
    let d = ws.revoke(&a.device)?;
    done(
        ctx,
        &format!(
            "revoked device {} ({}); what it wrote beyond what this working copy holds of it will not count at any office",
            &d.key[..12],
            d.label
        ),
        Some(d.id),
    )
}

/// A file name as it may be printed: control characters (a name can hold
/// terminal escape sequences) shown as escapes.
fn terminal_safe(name: &str) -> String {
    name.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}
