//! A new office joins from an invite file on the first start, in
//! Mongolian: a wrong passphrase is refused beside its field, the right one
//! makes the working copy, whose dashboard says it waits for admission.

use std::path::Path;

use fantoccini::{Client, Locator};

use super::{Res, field, shot, wait_for, wait_text};

pub(super) async fn joining_office(c: &Client, invite: &Path, passphrase: &str) -> Res {
    wait_for(c, "#join-workspace").await?;
    c.find(Locator::Css("#first-lang-mn"))
        .await?
        .click()
        .await?;
    wait_text(c, "#join-workspace", |t| t.contains("Урилгын")).await?;
    c.find(Locator::Css("#join-workspace"))
        .await?
        .click()
        .await?;
    wait_for(c, "#join-form input[name=file]").await?;

    // Nothing typed: each empty field is named, before the invite is read.
    c.find(Locator::Css("#join-form button.primary"))
        .await?
        .click()
        .await?;
    wait_for(c, "#join-form .field-error[data-field=file]").await?;

    field(c, "#join-form input[name=file]", &invite.to_string_lossy()).await?;
    field(c, "#join-form input[name=passphrase]", "not the passphrase").await?;
    field(c, "#join-form input[name=person]", "Батболд").await?;
    c.find(Locator::Css("#join-form button.primary"))
        .await?
        .click()
        .await?;
    wait_text(c, "#join-form .field-error[data-field=passphrase]", |t| {
        t.contains("Нууц үг буруу")
    })
    .await?;
    shot("40-join-refused-mn").await?;

    field(c, "#join-form input[name=passphrase]", passphrase).await?;
    c.find(Locator::Css("#join-form button.primary"))
        .await?
        .click()
        .await?;
    wait_text(c, "#waiting-banner", |t| t.contains("Зохицуулагч")).await?;
    wait_text(c, ".me", |t| t.contains("Батболд")).await?;
    shot("41-joined-waiting-mn").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    wait_text(c, "#waiting-banner", |t| {
        t.contains("Waiting for a coordinator to admit this device")
    })
    .await?;
    shot("42-joined-waiting").await?;
    Ok(())
}
