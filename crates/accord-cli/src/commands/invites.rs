//! invite (make, list, cancel) and join.

use std::io::IsTerminal;

use accord_core::Workspace;
use accord_core::workspace::{InviteRequest, InviteState, InviteView};
use anyhow::{Context, Result, bail};

use super::{Ctx, done};
use crate::cli::{InviteArgs, JoinArgs};
use crate::output::{json, table, time};

/// The passphrase that opens an invite: from ACCORD_PASSPHRASE (scripts),
/// or asked on the terminal.
fn join_passphrase() -> Result<String> {
    if let Ok(p) = std::env::var("ACCORD_PASSPHRASE") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        bail!("no passphrase: type it on a terminal, or set ACCORD_PASSPHRASE");
    }
    rpassword::prompt_password("Passphrase: ").context("cannot read the passphrase")
}

/// The passphrase that protects a new invite, and whether Accord chose it:
/// ACCORD_PASSPHRASE (scripts), or one typed twice on the terminal, or,
/// when nothing is typed or there is no terminal, a proposed one.
fn invite_passphrase() -> Result<(String, bool)> {
    if let Ok(p) = std::env::var("ACCORD_PASSPHRASE") {
        return Ok((p, false));
    }
    let proposed = Workspace::propose_passphrase();
    if !std::io::stdin().is_terminal() {
        return Ok((proposed, true));
    }
    let p = rpassword::prompt_password("Passphrase (press Enter to use one Accord proposes): ")
        .context("cannot read the passphrase")?;
    if p.is_empty() {
        return Ok((proposed, true));
    }
    let again = rpassword::prompt_password("The same passphrase again: ")
        .context("cannot read the passphrase")?;
    if again != p {
        bail!("the two passphrases differ; nothing was written");
    }
    Ok((p, false))
}

fn state_words(v: &InviteView) -> String {
    match &v.state {
        InviteState::Open => format!("open until {}", time(v.expires)),
        InviteState::Used { device } => {
            format!("used by device {}", &device[..12.min(device.len())])
        }
        InviteState::Expired => format!("expired {}", time(v.expires)),
        InviteState::Cancelled => "cancelled".into(),
    }
}

pub fn invite(ctx: &Ctx, a: InviteArgs) -> Result<()> {
    let mut ws = ctx.open()?;
    if a.list {
        let invites = ws.invites()?;
        if ctx.json {
            return json(&invites);
        }
        table(
            &["id", "organisation", "made", "state"],
            invites
                .iter()
                .map(|v| {
                    vec![
                        v.id[..12].to_owned(),
                        v.org_short.clone(),
                        time(v.created),
                        state_words(v),
                    ]
                })
                .collect(),
        );
        return Ok(());
    }
    if let Some(id) = a.cancel {
        let v = ws.cancel_invite(&id)?;
        return done(
            ctx,
            &format!(
                "cancelled the invite {} for {}: no device will be admitted with it",
                &v.id[..12],
                v.org_short
            ),
            None,
        );
    }
    let (Some(org), Some(out)) = (a.org, a.out) else {
        bail!("give --org and --out to make an invite");
    };
    let kind = a.kind.as_deref().map(str::parse).transpose()?;
    if out.exists() {
        bail!(
            "{} exists already; choose another --out or remove it",
            out.display()
        );
    }
    let (passphrase, proposed) = invite_passphrase()?;
    let made = ws.invite(&InviteRequest {
        org,
        kind,
        passphrase: passphrase.clone(),
        days: a.days,
    })?;
    write_new(&out, &made.bytes)?;
    let v = &made.invite;
    let secret = if proposed {
        format!("\npassphrase: {passphrase}\n")
    } else {
        String::new()
    };
    if ctx.json {
        return json(&serde_json::json!({
            "ok": true,
            "invite": v,
            "file": out,
            "passphrase": proposed.then_some(passphrase),
        }));
    }
    println!(
        "wrote an invite for one device of {} to {} (invite {}, usable until {}); give the passphrase separately. Your next sync with the shared folder admits the device once it has joined{secret}",
        v.org_short,
        out.display(),
        &v.id[..12],
        time(v.expires),
    );
    Ok(())
}

/// Writes a new file (never over another), readable by its owner only,
/// synced to the disk.
fn write_new(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut f = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))
}

pub fn join(ctx: &Ctx, a: JoinArgs) -> Result<()> {
    let secret = join_passphrase()?;
    let ws = Workspace::join_file(&ctx.dir, &a.file, &secret, &a.person)?;
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
