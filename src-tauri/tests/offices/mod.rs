//! The app among other offices: a conflict kept, a folder synced by hand
//! and automatically, invites, a revocation and what it held out, and the
//! revoked office's own view.

use super::*;

fn rec_of(ws: &Workspace, code: &str) -> Res<Recommendation> {
    Ok(ws
        .store()
        .select::<Recommendation>("code = ?1", &[&code])?
        .remove(0))
}

/// The other office assesses a recommendation and syncs with the folder.
fn assess_elsewhere(
    other: &mut Workspace,
    folder: &Path,
    code: &str,
    level: Level,
    date: &str,
    evidence: &str,
) -> Res {
    let a = Assessment {
        id: uuid::Uuid::new_v4(),
        recommendation: rec_of(other, code)?.id,
        org: other.me().org,
        level,
        date: date.into(),
        evidence: evidence.into(),
        ..Default::default()
    };
    other.create(&a, "assess")?;
    sync(other, folder);
    Ok(())
}

/// The app syncs the folder by hand; gives the result once `ok` holds.
async fn sync_in_app(c: &Client, folder: &Path, ok: impl Fn(&str) -> bool) -> Res<String> {
    nav(c, "sync").await?;
    field(c, "#sync-folder", &folder.display().to_string()).await?;
    c.find(Locator::Css("#sync-now")).await?.click().await?;
    wait_text(c, "#sync-result", ok).await
}

/// Two offices: the coordinating ministry (the app) and the ministry of
/// labour (a working copy of this test) set one activity's status
/// differently, then meet in a folder.
pub(super) async fn two_offices(
    c: &Client,
    other: &mut Workspace,
    folder: &Path,
    code: &str,
    values: [&str; 2],
) -> Res {
    // The conflicts screen names the record and the field in words, with
    // both values side by side and who wrote each; in Mongolian too.
    wait_for(c, ".conflict-note").await?;
    c.find(Locator::Css("#open-conflicts"))
        .await?
        .click()
        .await?;
    let listed = wait_text(c, "#conflicts-screen article.conflict", |t| {
        t.contains("Activity") && t.contains("Status")
    })
    .await?;
    assert!(
        values.iter().all(|v| listed.contains(v)) && listed.contains("MLSP"),
        "{listed}"
    );
    assert_eq!(
        c.find_all(Locator::Css("#conflicts-screen .side-by-side .value"))
            .await?
            .len(),
        2
    );
    shot("11a-conflicts").await?;
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    wait_text(c, "#conflicts-screen article.conflict", |t| {
        t.contains("Үйл ажиллагаа") && t.contains("Төлөв")
    })
    .await?;
    shot("11b-conflicts-mn").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    open_rec(c, code).await?;
    let conflict = wait_text(c, "#conflicts", |t| t.contains("Status")).await?;
    assert!(values.iter().all(|v| conflict.contains(v)), "{conflict}");
    shot("11-conflict").await?;
    c.find(Locator::Css("#conflicts button.keep"))
        .await?
        .click()
        .await?;
    let until = Instant::now() + WAIT;
    while c.find(Locator::Css("#conflicts")).await.is_ok() {
        assert!(
            Instant::now() < until,
            "the conflict stayed after a value was kept"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The other office assesses and syncs; the app syncs the same folder.
    assess_elsewhere(
        other,
        folder,
        "107.1",
        Level::PartiallyImplemented,
        "2026-10-01",
        "Reported by the labour ministry's office",
    )?;
    let result = sync_in_app(c, folder, |t| t.contains("applied")).await?;
    assert!(!result.contains("Nothing new"), "{result}");
    shot("12-sync").await?;
    open_rec(c, "107.1").await?;
    wait_text(c, ".assessment[data-org=MLSP]", |t| {
        t.contains("labour ministry")
    })
    .await?;
    auto_sync(c, other, folder).await?;
    invites(c, folder).await?;
    revoke_in_app(c, other, folder).await
}

/// Automatic sync: the other office's comment, written to the folder,
/// shows in the app without anyone pressing Sync.
async fn auto_sync(c: &Client, other: &mut Workspace, folder: &Path) -> Res {
    eprintln!("e2e: automatic sync");
    nav(c, "sync").await?;
    c.find(Locator::Css("#sync-auto")).await?.click().await?;
    wait_text(c, "#sync-auto-result", |t| {
        t.contains("Syncing automatically")
    })
    .await?;
    let rec = rec_of(other, "107.1")?;
    let comment = Comment {
        id: uuid::Uuid::new_v4(),
        target_kind: TargetKind::Recommendation,
        target: rec.id,
        org: other.me().org,
        date: "2026-10-02".into(),
        text: "Arrived without pressing Sync".into(),
        visibility: accord_core::model::Visibility::Parties,
        status: accord_core::model::CommentStatus::Published,
        ..Default::default()
    };
    other.create(&comment, "comment")?;
    sync(other, folder);
    wait_text(c, "#sync-auto-result", |t| {
        t.contains("applied") && !t.contains("applied 0 ")
    })
    .await?;
    shot("12b-auto-sync").await?;
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    wait_text(c, "#sync-auto-result", |t| t.contains("автоматаар")).await?;
    shot("12c-auto-sync-mn").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    c.find(Locator::Css("#sync-auto")).await?.click().await?;
    let until = Instant::now() + WAIT;
    while c.find(Locator::Css("#sync-auto-result")).await.is_ok() {
        assert!(Instant::now() < until, "automatic sync stayed on");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    open_rec(c, "107.1").await?;
    wait_comment(c, "Arrived without pressing Sync", "", |_| true).await
}

/// The coordinator revokes the other office's device from the roster; the
/// other office, not knowing yet, assesses again, and the coordinator's
/// sync holds that out. The coordinator decides it was sound and counts it.
async fn revoke_in_app(c: &Client, other: &mut Workspace, folder: &Path) -> Res {
    eprintln!("e2e: revoke");
    let key = other.device_key_hex();
    nav(c, "roster").await?;
    let row = format!("tr[data-key=\"{key}\"]");
    wait_for(c, &format!("{row} button.revoke"))
        .await?
        .click()
        .await?;
    // Nothing happens before the second click, which names what it revokes.
    wait_text(c, &format!("{row} .confirm"), |t| {
        t.contains("Revoke") && t.contains("of MLSP?")
    })
    .await?;
    assert!(
        c.find_all(Locator::Css(&format!("{row}.revoked")))
            .await?
            .is_empty()
    );
    shot("11d-revoke-confirm").await?;
    c.find(Locator::Css(&format!("{row} button.confirm-revoke")))
        .await?
        .click()
        .await?;
    wait_for(c, &format!("{row}.revoked")).await?;

    assess_elsewhere(
        other,
        folder,
        "107.2",
        Level::FullyImplemented,
        "2026-11-01",
        "Written after the revocation, before hearing of it",
    )?;
    sync_in_app(c, folder, |t| t.contains("1 change does not count")).await?;

    eprintln!("e2e: adopt held-out work");
    nav(c, "roster").await?;
    wait_text(c, &format!("{row} .held-out"), |t| {
        t.contains("Changes held out: 1")
    })
    .await?;
    c.execute(
        &format!(
            "document.querySelector('{}').scrollIntoView({{block: 'center'}})",
            row.replace('\'', "\\'")
        ),
        vec![],
    )
    .await?;
    shot("13b-held-out").await?;
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    wait_text(c, &format!("{row} .held-out"), |t| t.contains("тооцоогүй")).await?;
    shot("13c-held-out-mn").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    wait_text(c, &format!("{row} .held-out"), |t| t.contains("held out")).await?;
    c.find(Locator::Css(&format!("{row} button.adopt")))
        .await?
        .click()
        .await?;
    wait_text(c, "#roster .notice", |t| t.contains("count now")).await?;
    open_rec(c, "107.2").await?;
    wait_text(c, ".assessment[data-org=MLSP]", |t| {
        t.contains("before hearing of it")
    })
    .await?;
    Ok(())
}

/// The revoked office opens its working copy: it reads it, with a banner
/// saying why nothing can be changed, and its forms are disabled.
pub(super) async fn revoked_office(c: &Client) -> Res {
    wait_text(c, "#revoked-banner", |t| t.contains("revoked")).await?;
    open_rec(c, "107.1").await?;
    let disabled: bool = serde_json::from_value(
        c.execute(
            "return [...document.querySelectorAll('#assess-form fieldset')].every(f => f.disabled)",
            vec![],
        )
        .await?,
    )?;
    assert!(disabled, "a revoked device's assessment form is usable");
    shot("15-revoked").await?;
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    wait_text(c, "#revoked-banner", |t| t.contains("хасжээ")).await?;
    shot("16-revoked-mn").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    Ok(())
}

/// The coordinator invites a device: a weak passphrase is refused and
/// writes nothing, the proposed one makes the invite, which the list shows
/// open until it is cancelled.
async fn invites(c: &Client, folder: &Path) -> Res {
    eprintln!("e2e: invites");
    nav(c, "roster").await?;
    let passphrase = wait_for(c, "#invite-form input[name=passphrase]").await?;
    let until = Instant::now() + WAIT;
    let mut proposed = String::new();
    while proposed.split('-').count() < 6 {
        assert!(Instant::now() < until, "no passphrase was proposed");
        tokio::time::sleep(Duration::from_millis(100)).await;
        proposed = passphrase.prop("value").await?.unwrap_or_default();
    }
    let out = folder.parent().unwrap().join("nhrcm.accord-invite");
    field(c, "#invite-form input[name=org]", "NHRCM").await?;
    field(
        c,
        "#invite-form input[name=out]",
        &out.display().to_string(),
    )
    .await?;
    field(c, "#invite-form input[name=passphrase]", "mongolia2024").await?;
    c.find(Locator::Css("#invite-form button.primary"))
        .await?
        .click()
        .await?;
    wait_text(c, "#invite-form .field-error[data-field=passphrase]", |t| {
        t.contains("guess")
    })
    .await?;
    assert!(!out.exists(), "a refused invite wrote a file");
    field(c, "#invite-form input[name=passphrase]", &proposed).await?;
    c.find(Locator::Css("#invite-form button.primary"))
        .await?
        .click()
        .await?;
    let notice = wait_text(c, "#invite-notice", |t| t.contains(&proposed)).await?;
    assert!(out.exists(), "{notice}");
    wait_for(c, "#invites tr[data-state=open]").await?;
    shot("13-invites").await?;
    c.find(Locator::Css("#invites button.cancel-invite"))
        .await?
        .click()
        .await?;
    wait_for(c, "#invites tr[data-state=cancelled]").await?;
    // The same screen in Mongolian.
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    wait_text(c, "#invites tr[data-state=cancelled]", |t| {
        t.contains("цуцалсан")
    })
    .await?;
    shot("14-invites-mn").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    Ok(())
}
