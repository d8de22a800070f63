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
        t.contains("Row 3") && t.contains("Acceptance of international norms")
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
    let label = "Acceptance of international norms";
    let cell = format!("#import-problems td.map[data-label=\"{label}\"]");
    c.find(Locator::Css(&format!("{cell} select")))
        .await?
        .select_by_value("ratification")
        .await?;
    c.find(Locator::Css(&format!("{cell} button")))
        .await?
        .click()
        .await?;
    wait_text(c, "#import-problems", |t| {
        !t.contains(label) && t.contains("Enforced disappearances")
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
    Ok(())
}
