//! The recommendations list as a table for comparing organisations: a
//! dashboard bar's segment opens the list of what it counts, columns show
//! each chosen organisation's current level, a column head sorts, "where
//! organisations disagree" narrows, and the arrows work from the search box.

use super::*;

async fn js<T: serde::de::DeserializeOwned>(c: &Client, script: &str) -> Res<T> {
    Ok(serde_json::from_value(c.execute(script, vec![]).await?)?)
}

pub async fn compare_organisations(c: &Client) -> Res {
    eprintln!("e2e: a dashboard segment opens the list it counts");
    nav(c, "dashboard").await?;
    let seg = wait_for(c, "#dashboard .bar-group .seg[data-level]").await?;
    let label = seg.attr("aria-label").await?.unwrap_or_default();
    let level = seg.attr("data-level").await?.unwrap_or_default();
    // "NHRCM: In progress, 12. Open the list."
    let count: u32 = label
        .split(", ")
        .nth(1)
        .and_then(|s| s.split('.').next())
        .and_then(|s| s.replace([',', '\u{a0}', ' '], "").parse().ok())
        .ok_or_else(|| format!("no count in {label:?}"))?;
    seg.click().await?;
    wait_for(c, "#recommendations").await?;
    let shown = wait_total(c, |n| n == count).await?;
    assert_eq!(input_value(c, "#filter-level").await?, level);
    assert!(shown > 0);
    shot("18-list-from-dashboard").await?;
    c.find(Locator::Css(".filters button.link"))
        .await?
        .click()
        .await?;
    let all = wait_total(c, |n| n > 100).await?;

    eprintln!("e2e: columns of current levels, sorted, and disagreement");
    let columns: Vec<String> = js(
        c,
        "return [...document.querySelectorAll('.table-head .sort[data-org]')].map(b => b.dataset.org)",
    )
    .await?;
    assert!(
        !columns.is_empty(),
        "organisations that assessed have columns"
    );
    let org = columns[0].clone();
    c.find(Locator::Css(&format!(
        ".table-head .sort[data-org=\"{org}\"]"
    )))
    .await?
    .click()
    .await?;
    wait_for(
        c,
        &format!(".table-head .sort[data-org=\"{org}\"][aria-sort=ascending]"),
    )
    .await?;
    // Sorted by that organisation's level: the first rows have one, from
    // regressed towards fully implemented.
    let first: Vec<String> = js(
        c,
        &format!(
            "return [...document.querySelectorAll('.rec-row')].slice(0, 3).map(r => (r.querySelector('.level-cell[data-org=\"{org}\"] .badge') || {{className: ''}}).className)"
        ),
    )
    .await?;
    assert!(
        first.iter().all(|cls| cls.contains("level-")),
        "the assessed come first: {first:?}"
    );
    c.find(Locator::Css("#filter-disagree"))
        .await?
        .click()
        .await?;
    let disagree = wait_total(c, |n| n < all).await?;
    assert!(disagree > 0, "the demo's organisations disagree somewhere");
    shot("19-list-disagree").await?;
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    wait_text(c, "#list-count", |t| t.contains("зөвлөмж")).await?;
    shot("19b-list-disagree-mn").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    c.find(Locator::Css(".filters button.link"))
        .await?
        .click()
        .await?;
    wait_total(c, |n| n == all).await?;

    eprintln!("e2e: arrows from the search box");
    let search = wait_for(c, "#search").await?;
    search.click().await?;
    search.send_keys("\u{E015}").await?; // arrow down
    search.send_keys("\u{E015}").await?;
    wait_for(c, ".rec-row.selected").await?;
    let selected: String = js(
        c,
        "return document.querySelector('.rec-row.selected').dataset.code",
    )
    .await?;
    let third: String = js(
        c,
        "return document.querySelectorAll('.rec-row')[2].dataset.code",
    )
    .await?;
    assert_eq!(selected, third);
    search.send_keys("\u{E007}").await?; // enter
    wait_text(c, "#recommendation h1", |t| t.contains(&third)).await?;
    Ok(())
}
