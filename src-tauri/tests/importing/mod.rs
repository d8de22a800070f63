//! Importing the UN's own list from the app: the file named, the preview
//! saying what it is and what stops it (labels the vocabularies lack, by
//! row), the new terms allowed, the import, and the list showing the new
//! cycle; in English and Mongolian.

use super::*;

fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/samples/upr-thematic-list-cycle3-slovenia.docx")
        .display()
        .to_string()
}

pub async fn import_a_thematic_list(c: &Client) -> Res {
    // The built-in vocabularies know the Index's labels; two terms archived
    // (another process of the same working copy, as the command line beside
    // the app) make their labels unknown to this import.
    let status = invoke(c, "app_status", serde_json::json!({})).await?;
    let dir = PathBuf::from(status["dir"].as_str().ok_or("the working copy's folder")?);
    {
        let mut ws = Workspace::open(&dir)?;
        for code in ["enforced-disappearances", "racial-discrimination"] {
            let term = ws
                .store()
                .all::<accord_core::model::Term>()?
                .into_iter()
                .find(|t| t.code == code)
                .ok_or(code)?;
            ws.edit_fields(term.id, &["archived=yes".parse()?])?;
        }
    }
    nav(c, "import").await?;
    wait_for(c, "#import-file").await?;
    field(c, "#import-file", &sample()).await?;
    c.find(Locator::Css("#import-preview"))
        .await?
        .click()
        .await?;
    // Its themes are not terms of the demo's vocabularies: listed by row,
    // and nothing can be imported yet.
    wait_text(c, "#import-summary", |t| {
        t.contains("thematic list of A/HRC/43/15")
            && t.contains("UPR cycle 3, Working Group session 34")
            && t.contains("215 recommendations: 215 new")
    })
    .await?;
    wait_text(c, "#import-problems", |t| {
        t.contains("Row 3") && t.contains("Enforced disappearances")
    })
    .await?;
    assert!(c.find(Locator::Css("#import-run")).await.is_err());
    shot("17-import-problems").await?;
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    wait_text(c, "#import-summary", |t| {
        t.contains("ЭЦХ-ын 3-р мөчлөг") && t.contains("асуудал")
    })
    .await?;
    shot("17b-import-problems-mn").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;

    // One label said to mean a term the workspace has: it is no longer a
    // problem, now or in later imports.
    let label = "Enforced disappearances";
    let cell = format!("#import-problems td.map[data-label=\"{label}\"]");
    c.find(Locator::Css(&format!("{cell} select")))
        .await?
        .select_by_value("justice")
        .await?;
    c.find(Locator::Css(&format!("{cell} button")))
        .await?
        .click()
        .await?;
    wait_text(c, "#import-problems", |t| {
        !t.contains(label) && t.contains("Racial discrimination")
    })
    .await?;

    // New terms allowed: the preview is clean, then the import.
    c.find(Locator::Css("#import-add-terms"))
        .await?
        .click()
        .await?;
    wait_text(c, "#import-summary", |t| t.contains("New themes:")).await?;
    let run = wait_for(c, "#import-run").await?;
    shot("17c-import-preview").await?;
    run.click().await?;
    wait_text(c, "#import-done", |t| {
        t.contains("Imported: 215 new, 0 changed")
    })
    .await?;
    // Once more: nothing to write.
    c.find(Locator::Css("#import-preview"))
        .await?
        .click()
        .await?;
    wait_text(c, "#import-summary", |t| {
        t.contains("215 recommendations: 0 new, 0 changed, 215 unchanged")
    })
    .await?;
    assert!(
        c.find(Locator::Css("#import-run"))
            .await?
            .attr("disabled")
            .await?
            .is_some(),
        "nothing to import: the button is disabled"
    );

    // The list holds them, and finds them by their text.
    nav(c, "recs").await?;
    search(c, "Enforced Disappearance").await?;
    wait_for(c, ".rec-row[data-code=\"121.1\"]").await?;
    c.find(Locator::Css("#search")).await?.clear().await?;
    c.find(Locator::Css(".filters button.link"))
        .await?
        .click()
        .await?;

    // The list and the dashboard show the current cycle (the new list's)
    // with the treaty bodies' recommendations; all cycles when asked.
    let current = wait_total(c, |n| n == 215 + 40).await?;
    c.find(Locator::Css("#cycle-view"))
        .await?
        .select_by_value("all")
        .await?;
    wait_total(c, |n| n == current + 164).await?;
    nav(c, "dashboard").await?;
    wait_text(c, "#dash-count", |t| t.contains("419")).await?;
    c.find(Locator::Css("#cycle-view"))
        .await?
        .select_by_value("current")
        .await?;
    wait_text(c, "#dash-count", |t| t.contains("255")).await?;

    // A treaty body's recommendation asks for no response; one singled out
    // for follow-up says when its information is due.
    open_rec(c, "CAT 10(a)").await?;
    wait_text(c, "#follow-up", |t| t.contains("2017")).await?;
    Ok(())
}

/// The suggestions the imported list brings: a group of recommendations
/// accepted as one cluster, and a link to the earlier cycle accepted, then
/// shown on the recommendation's page; in English and Mongolian.
pub async fn review_suggestions(c: &Client) -> Res {
    nav(c, "suggestions").await?;
    wait_for(c, "#suggest-find").await?;
    c.find(Locator::Css("#suggest-source"))
        .await?
        .select_by_value("A/HRC/43/15")
        .await?;
    c.find(Locator::Css("#suggest-find")).await?.click().await?;
    wait_text(c, "#suggest-count", |t| t.contains("suggestions")).await?;
    let statelessness = ".suggestion[data-codes~=\"122.7\"]";
    wait_text(c, statelessness, |t| {
        t.contains("alike") && t.contains("Statelessness")
    })
    .await?;
    shot("18-suggestions").await?;
    c.find(Locator::Css(&format!("{statelessness} button.accept")))
        .await?
        .click()
        .await?;
    wait_text(c, statelessness, |t| t.contains("Accepted")).await?;

    // Links: the newest report's recommendations and the earlier ones they
    // continue.
    c.find(Locator::Css("#suggest-kind"))
        .await?
        .select_by_value("link")
        .await?;
    c.find(Locator::Css("#suggest-source"))
        .await?
        .select_by_value("")
        .await?;
    c.find(Locator::Css("#suggest-find")).await?.click().await?;
    let first = wait_for(c, ".suggestion").await?;
    let codes: String = first.attr("data-codes").await?.unwrap_or_default();
    let (newer, earlier) = codes
        .split_once(' ')
        .ok_or("a link names two recommendations")?;
    let (newer, earlier) = (newer.to_owned(), earlier.to_owned());
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    wait_text(c, ".suggestion", |t| {
        t.contains("төстэй") && t.contains("үргэлжлүүлсэн")
    })
    .await?;
    shot("18b-suggestions-mn").await?;
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    c.find(Locator::Css(".suggestion button.accept"))
        .await?
        .click()
        .await?;
    wait_text(c, ".suggestion", |t| t.contains("Accepted")).await?;
    c.find(Locator::Css(".suggestion li button.link"))
        .await?
        .click()
        .await?;
    wait_text(c, "#recommendation h1", |t| t.contains(&newer)).await?;
    wait_text(c, "#continues", |t| t.contains(&earlier)).await?;
    shot("18c-continues").await?;
    Ok(())
}
