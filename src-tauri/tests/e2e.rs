//! The desktop app end to end: the real binary under a virtual display,
//! driven through tauri-driver and WebKitWebDriver as a person would use it.
//! Screenshots of each main screen are written to target/e2e-screenshots/.
//!
//! Needs a display (scripts/test runs the tests under xvfb-run), the
//! `tauri-driver` command and WebKitWebDriver (scripts/setup installs them).

mod comparing;
mod driver;
mod editing;
mod importing;
mod joining;
mod offices;
mod printing;
mod screen;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use accord_core::Workspace;
use accord_core::model::{
    Activity, ActivityStatus, Assessment, Comment, Level, Recommendation, TargetKind,
};
use driver::{Driver, Res};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

const PASSPHRASE: &str = "correct horse battery";
const WAIT: Duration = Duration::from_secs(60);
/// A part of the scenario that takes longer has hung (a WebDriver request
/// that never answers): it fails instead of holding CI.
const PART_AT_MOST: Duration = Duration::from_secs(300);

/// Runs one part of the scenario within PART_AT_MOST.
async fn within<F: std::future::Future<Output = Res>>(part: &str, f: F) -> Res {
    tokio::time::timeout(PART_AT_MOST, f)
        .await
        .map_err(|_| format!("{part}: no answer within {PART_AT_MOST:?}"))?
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(name: &str) -> Res {
    // Let the screen settle (fonts, a last render) before the picture.
    tokio::time::sleep(Duration::from_millis(400)).await;
    std::fs::write(
        screenshots().join(format!("{name}.png")),
        screen::window_png("Accord")?,
    )?;
    Ok(())
}

async fn wait_for(c: &Client, css: &str) -> Res<Element> {
    eprintln!("e2e: waiting for {css}");
    Ok(c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await?)
}

/// Waits until the text of `css` satisfies `ok`; returns it.
async fn wait_text(c: &Client, css: &str, ok: impl Fn(&str) -> bool) -> Res<String> {
    let until = Instant::now() + WAIT;
    let mut last = String::new();
    while Instant::now() < until {
        if let Ok(e) = c.find(Locator::Css(css)).await
            && let Ok(t) = e.text().await
        {
            if ok(&t) {
                return Ok(t);
            }
            last = t;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("{css} never showed what was expected; last: {last:?}").into())
}

/// Waits until the comment holding `text` shows with `css` (status and
/// visibility) and its text satisfies `ok`.
async fn wait_comment(c: &Client, text: &str, css: &str, ok: impl Fn(&str) -> bool) -> Res {
    let until = Instant::now() + WAIT;
    let script = format!(
        "return [...document.querySelectorAll('.comment{css}')].map(e => e.innerText).filter(t => t.includes({}))",
        serde_json::to_string(text)?
    );
    let mut last = Vec::new();
    while Instant::now() < until {
        let found: Vec<String> = serde_json::from_value(c.execute(&script, vec![]).await?)?;
        if found.iter().any(|t| ok(t)) {
            return Ok(());
        }
        last = found;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("the comment {text:?} never showed as {css}; last: {last:?}").into())
}

async fn total(c: &Client) -> Res<u32> {
    let e = c.find(Locator::Css("#list-count")).await?;
    Ok(e.attr("data-total").await?.unwrap_or_default().parse()?)
}

async fn wait_total(c: &Client, ok: impl Fn(u32) -> bool) -> Res<u32> {
    let until = Instant::now() + WAIT;
    while Instant::now() < until {
        if let Ok(n) = total(c).await
            && ok(n)
        {
            return Ok(n);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!(
        "the list total never became right; last {:?}",
        total(c).await.ok()
    )
    .into())
}

async fn nav(c: &Client, to: &str) -> Res {
    c.find(Locator::Css(&format!("[data-nav={to}]")))
        .await?
        .click()
        .await?;
    Ok(())
}

/// Types `text` into the search box and waits for the table to show the
/// answer to the whole of it: each keystroke's answer replaces the rows, so
/// a row found before the last one arrives may be gone a moment later.
async fn search(c: &Client, text: &str) -> Res {
    let search = wait_for(c, "#search").await?;
    search.clear().await?;
    search.send_keys(text).await?;
    wait_for(c, &format!("#rec-table[data-shown-for=\"{text}\"]")).await?;
    Ok(())
}

async fn open_rec(c: &Client, code: &str) -> Res {
    nav(c, "recs").await?;
    search(c, code).await?;
    let row = wait_for(c, &format!(".rec-row[data-code=\"{code}\"]")).await?;
    row.click().await?;
    wait_text(c, "#recommendation h1", |t| t.contains(code)).await?;
    Ok(())
}

async fn input_value(c: &Client, css: &str) -> Res<String> {
    let js = format!(
        "return document.querySelector({}).value",
        serde_json::to_string(css)?
    );
    Ok(serde_json::from_value(c.execute(&js, vec![]).await?)?)
}

async fn field(c: &Client, css: &str, text: &str) -> Res {
    let e = c.find(Locator::Css(css)).await?;
    e.clear().await?;
    e.send_keys(text).await?;
    Ok(())
}

/// First start on an empty folder: the demo, the list, one recommendation
/// assessed and given an activity, a measurement, the two languages.
async fn first_office(c: &Client) -> Res {
    wait_for(c, "#open-demo").await?;
    shot("01-first-start").await?;
    // The language is offered first, and everything follows it.
    c.find(Locator::Css("#first-lang-mn"))
        .await?
        .click()
        .await?;
    wait_text(c, "#open-demo", |t| t.contains("Жишээ")).await?;
    shot("01b-first-start-mn").await?;
    c.find(Locator::Css("#first-lang-en"))
        .await?
        .click()
        .await?;
    wait_text(c, "#open-demo", |t| t.contains("demo")).await?;
    c.find(Locator::Css("#open-demo")).await?.click().await?;
    wait_for(c, "#dashboard .bars").await?;
    shot("02-dashboard").await?;

    // Search and filter.
    nav(c, "recs").await?;
    wait_for(c, ".rec-row[data-code]").await?;
    let all = wait_total(c, |n| n > 100).await?;
    shot("03-recommendations").await?;
    search(c, "torture").await?;
    let found = wait_total(c, |n| n > 0 && n < all).await?;
    let texts = c
        .execute(
            "return [...document.querySelectorAll('.rec-row .text')].map(e => e.title)",
            vec![],
        )
        .await?;
    let texts: Vec<String> = serde_json::from_value(texts)?;
    assert!(!texts.is_empty());
    assert!(
        texts.iter().all(|t| t.to_lowercase().contains("tortur")),
        "every row shown matches the search: {texts:?}"
    );
    eprintln!("e2e: filter by response");
    c.find(Locator::Css("#filter-response"))
        .await?
        .select_by_value("noted")
        .await?;
    wait_total(c, |n| n < found).await?;
    c.find(Locator::Css("#search")).await?.clear().await?;
    c.find(Locator::Css(".filters button.link"))
        .await?
        .click()
        .await?;
    wait_total(c, |n| n == all).await?;
    eprintln!("e2e: keyboard");
    // Keyboard: down twice and Enter opens the third recommendation.
    let table = c.find(Locator::Css("#rec-table")).await?;
    c.execute("document.getElementById('rec-table').focus()", vec![])
        .await?;
    let third: String = serde_json::from_value(
        c.execute(
            "return document.querySelectorAll('.rec-row')[2].dataset.code",
            vec![],
        )
        .await?,
    )?;
    table.send_keys("\u{E015}").await?; // arrow down
    table.send_keys("\u{E015}").await?;
    table.send_keys("\u{E007}").await?; // enter
    wait_text(c, "#recommendation h1", |t| t.contains(&third)).await?;

    eprintln!("e2e: assess and plan");
    // A recommendation: record an assessment and add an activity.
    open_rec(c, "107.24").await?;
    shot("04-recommendation").await?;
    c.find(Locator::Css("#assess-form select[name=level]"))
        .await?
        .select_by_value("fully-implemented")
        .await?;
    field(
        c,
        "#assess-form textarea[name=evidence]",
        "Law adopted, checked in the end-to-end test",
    )
    .await?;
    c.find(Locator::Css("#assess-form button.primary"))
        .await?
        .click()
        .await?;
    wait_text(c, ".assessment[data-org=MOJHA]", |t| {
        t.contains("checked in the end-to-end test")
    })
    .await?;
    field(
        c,
        "#activity-form input[name=title_en]",
        "Train provincial focal points",
    )
    .await?;
    // Without a lead it is refused, in the reader's language, beside the
    // field; what was typed stays.
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    c.find(Locator::Css("#activity-form button.primary"))
        .await?
        .click()
        .await?;
    wait_text(c, "#activity-form .field-error[data-field=lead]", |t| {
        t.contains("Заавал бөглөнө")
    })
    .await?;
    shot("04d-refused-beside-field-mn").await?;
    // The start date from the calendar: Monday first, in Mongolian, and
    // shown as Mongolian writes dates.
    c.execute(
        "document.querySelector('#activity-form input[name=start]').parentElement.querySelector('button.pick').click()",
        vec![],
    )
    .await?;
    let calendar = wait_text(c, ".calendar[data-field=start]", |t| t.contains("сар")).await?;
    assert!(
        calendar.find("Да") < calendar.find("Ня"),
        "weeks start on Monday: {calendar}"
    );
    shot("04e-calendar-mn").await?;
    c.find(Locator::Css(
        ".calendar[data-field=start] button[data-day$='-01']",
    ))
    .await?
    .click()
    .await?;
    let start = "#activity-form input[name=start]";
    let mn_date = input_value(c, start).await?;
    assert!(
        mn_date.len() == 10 && mn_date.ends_with(".01") && mn_date.chars().nth(4) == Some('.'),
        "{mn_date}"
    );
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let en_date = input_value(c, start).await?;
    assert!(
        en_date.starts_with("1 ") && en_date.ends_with(&mn_date[..4]),
        "{en_date}"
    );
    wait_text(c, "#activity-form .field-error[data-field=lead]", |t| {
        t.contains("required")
    })
    .await?;
    let kept = input_value(c, "#activity-form input[name=title_en]").await?;
    assert_eq!(kept, "Train provincial focal points");
    c.find(Locator::Css("#activity-form select[name=lead]"))
        .await?
        .select_by_label("MLSP")
        .await?;
    c.find(Locator::Css("#activity-form button.primary"))
        .await?
        .click()
        .await?;
    wait_for(c, "li[data-activity=\"Train provincial focal points\"]").await?;
    c.find(Locator::Css("#show-history")).await?.click().await?;
    wait_text(c, "table.history", |t| t.contains("assess")).await?;

    eprintln!("e2e: an internal comment, then published");
    let note = "Ask the police for the complaint figures first";
    field(c, "#comment-form textarea[name=text]", note).await?;
    c.find(Locator::Css("#comment-form select[name=visibility]"))
        .await?
        .select_by_value("internal")
        .await?;
    wait_text(c, "#private-note", |t| t.contains("MOJHA")).await?;
    c.find(Locator::Css("#comment-form button"))
        .await?
        .click()
        .await?;
    wait_comment(c, note, "[data-visibility=internal]", |t| {
        t.contains("Internal") && t.contains("Publish")
    })
    .await?;
    shot("04b-internal-comment").await?;
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    wait_comment(c, note, "[data-visibility=internal]", |t| {
        t.contains("Дотоод") && t.contains("Нийтлэх")
    })
    .await?;
    c.find(Locator::Css("#comment-form select[name=visibility]"))
        .await?
        .select_by_value("internal")
        .await?;
    wait_text(c, "#private-note", |t| t.contains("түлхүүрээр")).await?;
    shot("04c-internal-comment-mn").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    wait_text(c, "nav", |t| t.contains("Recommendations")).await?;
    c.execute(
        &format!(
            "[...document.querySelectorAll('.comment')].find(e => e.innerText.includes({})).querySelector('button.publish').click()",
            serde_json::to_string(note)?
        ),
        vec![],
    )
    .await?;
    wait_comment(
        c,
        note,
        "[data-visibility=parties][data-status=published]",
        |t| !t.contains("Publish"),
    )
    .await?;

    // An indicator: add a measurement.
    nav(c, "indicators").await?;
    wait_for(c, "#indicator-detail").await?;
    c.execute(
        "[...document.querySelectorAll('#indicators .side-list button.item')].find(b => b.innerText.includes('Corruption Perceptions')).click()",
        vec![],
    )
    .await?;
    wait_text(c, "#indicator-detail", |t| {
        t.contains("Corruption Perceptions")
    })
    .await?;
    field(c, "#measure-form input[name=period]", "2026").await?;
    // A score out of 100 cannot be 142.5: said beside the value.
    field(c, "#measure-form input[name=value]", "142.5").await?;
    c.find(Locator::Css("#measure-form button.primary"))
        .await?
        .click()
        .await?;
    wait_text(c, "#measure-form .field-error[data-field=value]", |t| {
        t.contains("142.5") && t.contains("100")
    })
    .await?;
    field(c, "#measure-form input[name=value]", "42.5").await?;
    c.find(Locator::Css("#measure-form button.primary"))
        .await?
        .click()
        .await?;
    wait_text(c, "table.measurements", |t| t.contains("42.5")).await?;
    shot("05-indicators").await?;

    for (screen, name) in [
        ("plan", "06-plan"),
        ("meetings", "07-meetings"),
        ("roster", "08-roster"),
        ("settings", "09-settings"),
    ] {
        nav(c, screen).await?;
        tokio::time::sleep(Duration::from_millis(600)).await;
        shot(name).await?;
    }
    // The working copy checked, and repaired, from the settings.
    c.find(Locator::Css("#check-repair")).await?.click().await?;
    wait_text(c, "#check-result", |t| t.contains("sound")).await?;
    shot("09b-check").await?;
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    wait_text(c, "#check-result", |t| t.contains("бүрэн бүтэн")).await?;
    shot("09c-check-mn").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;

    // Mongolian and back.
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    wait_text(c, "nav", |t| t.contains("Зөвлөмжүүд")).await?;
    nav(c, "recs").await?;
    wait_text(c, "#recommendations", |t| {
        t.contains("Хоёр хэлээр") || t.contains("Дугаар")
    })
    .await?;
    shot("10-recommendations-mn").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    wait_text(c, "nav", |t| t.contains("Recommendations")).await?;
    editing::every_record_from_the_app(c).await?;
    comparing::compare_organisations(c).await?;
    printing::print_and_export(c).await?;
    importing::import_a_thematic_list(c).await?;
    importing::review_suggestions(c).await
}

/// Calls a command of the shell as the UI does, and gives its answer.
async fn invoke(c: &Client, cmd: &str, args: serde_json::Value) -> Res<serde_json::Value> {
    let answer = c
        .execute_async(
            "const [cmd, args, done] = arguments;
             window.__TAURI_INTERNALS__.invoke(cmd, args)
               .then((ok) => done({ ok }), (err) => done({ err }));",
            vec![cmd.into(), args],
        )
        .await?;
    match answer.get("err") {
        Some(e) => Err(format!("{cmd}: {e}").into()),
        None => Ok(answer["ok"].clone()),
    }
}

fn sync(ws: &mut Workspace, folder: &Path) {
    ws.sync_folder(folder, &mut |_| {}).expect("sync");
}

fn rec_code_of(ws: &Workspace, activity: &Activity) -> String {
    let rows = ws.activities().unwrap();
    let row = rows.iter().find(|r| r.activity.id == activity.id).unwrap();
    row.recommendation_code.clone().unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn a_person_uses_the_app_like_an_office_would() -> Res {
    let tmp = tempfile::tempdir()?;

    // One office opening Accord for the first time.
    let driver = Driver::start(&tmp.path().join("first"));
    let c = driver.session().await?;
    let outcome = within("the first office", first_office(&c)).await;
    if outcome.is_err() {
        let _ = tokio::time::timeout(WAIT, shot("failed-first-office")).await;
    }
    // A hung session is not waited for: the failure above says why.
    if let Ok(closed) = tokio::time::timeout(WAIT, c.close()).await {
        closed?;
    }
    drop(driver);
    outcome?;

    // Two offices with a conflict between them, prepared through the core.
    let folder = tmp.path().join("stick");
    std::fs::create_dir_all(&folder)?;
    let mut gov = accord_core::demo::create(&tmp.path().join("mojha"))?;
    let mlsp_org = gov
        .store()
        .all::<accord_core::model::Organisation>()?
        .into_iter()
        .find(|o| o.short == "MLSP")
        .unwrap();
    sync(&mut gov, &folder);
    let invite = gov
        .invite(&accord_core::workspace::InviteRequest {
            org: mlsp_org.short.clone(),
            kind: None,
            passphrase: PASSPHRASE.into(),
            days: 14,
        })?
        .bytes;
    // An invite for another office, which joins in the app at the end.
    let forum = gov
        .store()
        .all::<accord_core::model::Organisation>()?
        .into_iter()
        .find(|o| o.short != "MLSP" && o.id != gov.my_org().unwrap().id)
        .unwrap();
    let forum_invite = tmp.path().join("forum.accord-invite");
    std::fs::write(
        &forum_invite,
        gov.invite(&accord_core::workspace::InviteRequest {
            org: forum.short.clone(),
            kind: None,
            passphrase: PASSPHRASE.into(),
            days: 14,
        })?
        .bytes,
    )?;
    let mut mlsp = Workspace::join(
        &tmp.path().join("mlsp"),
        &invite,
        PASSPHRASE,
        "Planning officer",
    )?;
    sync(&mut mlsp, &folder);
    sync(&mut gov, &folder);
    sync(&mut mlsp, &folder);
    let activity = gov.store().all::<Activity>()?.into_iter().find(|a| {
        gov.activities()
            .unwrap()
            .iter()
            .any(|r| r.activity.id == a.id && r.recommendation.is_some())
    });
    let activity = activity.expect("the demo has activities");
    let code = rec_code_of(&gov, &activity);
    // Two statuses other than the one it has: each office's edit is a change.
    let others: Vec<ActivityStatus> = [
        ActivityStatus::Ongoing,
        ActivityStatus::Delayed,
        ActivityStatus::Completed,
    ]
    .into_iter()
    .filter(|s| *s != activity.status)
    .collect();
    let statuses = [others[0], others[1]];
    for (ws, status) in [(&mut gov, statuses[0]), (&mut mlsp, statuses[1])] {
        ws.update::<Activity>(activity.id, "report progress", |a| {
            a.status = status;
            Ok(())
        })?;
    }
    sync(&mut mlsp, &folder);
    sync(&mut gov, &folder);
    assert_eq!(gov.conflicts()?.len(), 1);
    drop(gov);

    let driver = Driver::start(&tmp.path().join("mojha"));
    let c = driver.session().await?;
    let words = statuses.map(|s| {
        let w = s.as_str();
        w[..1].to_uppercase() + &w[1..]
    });
    let outcome = within(
        "two offices",
        offices::two_offices(&c, &mut mlsp, &folder, &code, [&words[0], &words[1]]),
    )
    .await;
    if outcome.is_err() {
        let _ = tokio::time::timeout(WAIT, shot("failed-two-offices")).await;
    }
    // A hung session is not waited for: the failure above says why.
    if let Ok(closed) = tokio::time::timeout(WAIT, c.close()).await {
        closed?;
    }
    drop(driver);
    outcome?;

    // The revoked office hears of its revocation and opens the app.
    sync(&mut mlsp, &folder);
    drop(mlsp);
    let driver = Driver::start(&tmp.path().join("mlsp"));
    let c = driver.session().await?;
    let outcome = within("the revoked office", offices::revoked_office(&c)).await;
    if outcome.is_err() {
        let _ = tokio::time::timeout(WAIT, shot("failed-revoked-office")).await;
    }
    if let Ok(closed) = tokio::time::timeout(WAIT, c.close()).await {
        closed?;
    }
    drop(driver);
    outcome?;

    // A new office joins with its invite on the app's first start.
    let driver = Driver::start(&tmp.path().join("forum"));
    let c = driver.session().await?;
    let outcome = within(
        "the joining office",
        joining::joining_office(&c, &forum_invite, PASSPHRASE),
    )
    .await;
    if outcome.is_err() {
        let _ = tokio::time::timeout(WAIT, shot("failed-joining-office")).await;
    }
    if let Ok(closed) = tokio::time::timeout(WAIT, c.close()).await {
        closed?;
    }
    drop(driver);
    outcome
}
