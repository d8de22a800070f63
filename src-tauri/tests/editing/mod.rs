//! Keeping the action plan current from the app alone, in Mongolian as in
//! English: an activity edited (a lead left out is refused beside its
//! field), an indicator made with its metadata in Mongolian only (shown in
//! English mode marked as not translated), a meeting with a decision,
//! archived and restored, an organisation and its person, and the
//! coordinator's own assessment corrected, which history then words.

use super::*;

/// Clicks the form's save button.
async fn save(c: &Client) -> Res {
    c.find(Locator::Css("#record-save")).await?.click().await?;
    Ok(())
}

/// Waits until the form has closed (it was saved).
async fn closed(c: &Client) -> Res {
    let until = Instant::now() + WAIT;
    while c.find(Locator::Css("#record-form")).await.is_ok() {
        if Instant::now() > until {
            let text = c.find(Locator::Css("#record-form")).await?.text().await?;
            return Err(format!("the form stayed open: {text}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

async fn click(c: &Client, css: &str) -> Res {
    wait_for(c, css).await?.click().await?;
    Ok(())
}

async fn lines(c: &Client, css: &str, text: &str) -> Res {
    let e = wait_for(c, css).await?;
    e.clear().await?;
    e.send_keys(text).await?;
    Ok(())
}

pub async fn every_record_from_the_app(c: &Client) -> Res {
    c.find(Locator::Css("#lang-mn")).await?.click().await?;
    wait_text(c, "nav", |t| t.contains("Зөвлөмжүүд")).await?;

    eprintln!("e2e: an activity edited from the plan");
    nav(c, "plan").await?;
    click(c, "#plan-screen .tl-row .record-actions .edit").await?;
    wait_text(c, "#record-form h2", |t| t.contains("Үйл ажиллагааг засах")).await?;
    c.find(Locator::Css("#record-form select[name=lead]"))
        .await?
        .select_by_index(0)
        .await?;
    save(c).await?;
    wait_text(c, "#record-form .field-error[data-field=lead]", |t| {
        t.contains("Заавал бөглөнө")
    })
    .await?;
    shot("12-activity-refused-mn").await?;
    c.find(Locator::Css("#record-form select[name=lead]"))
        .await?
        .select_by_label("MLSP")
        .await?;
    field(
        c,
        "#record-form input[name=title_mn]",
        "Аймгийн төлөөлөгчдийг сургах",
    )
    .await?;
    save(c).await?;
    closed(c).await?;
    wait_text(c, "#plan-screen", |t| {
        t.contains("Аймгийн төлөөлөгчдийг сургах")
    })
    .await?;

    eprintln!("e2e: an indicator made in Mongolian");
    nav(c, "indicators").await?;
    click(c, "#new-indicator").await?;
    wait_text(c, "#record-form h2", |t| {
        t.contains("Шинэ шалгуур үзүүлэлт")
    })
    .await?;
    field(
        c,
        "#record-form input[name=title_mn]",
        "Хамгаалах байрны хүртээмж",
    )
    .await?;
    field(c, "#record-form input[name=unit]", "%").await?;
    lines(
        c,
        "#record-form textarea[name=definition_mn]",
        "Хамгаалах байртай аймгийн эзлэх хувь",
    )
    .await?;
    // A baseline that is not a number is refused beside it, in Mongolian.
    field(c, "#record-form input[name=baseline_value]", "гурав").await?;
    save(c).await?;
    wait_text(
        c,
        "#record-form .field-error[data-field=baseline_value]",
        |t| t.contains("гурав"),
    )
    .await?;
    shot("13-indicator-form-mn").await?;
    field(c, "#record-form input[name=baseline_value]", "14,5").await?;
    save(c).await?;
    closed(c).await?;
    wait_text(c, "#indicators .side-list", |t| {
        t.contains("Хамгаалах байрны")
    })
    .await?;
    c.execute(
        "[...document.querySelectorAll('#indicators .side-list button.item')].find(b => b.innerText.includes('Хамгаалах байрны')).click()",
        vec![],
    )
    .await?;
    wait_text(c, "#indicator-detail", |t| {
        t.contains("Хамгаалах байртай аймгийн эзлэх хувь") && t.contains("14")
    })
    .await?;
    // In English its definition is the Mongolian one, marked as such.
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    wait_text(c, "#indicator-detail [data-meta=definition]", |t| {
        t.contains("Хамгаалах байртай") && t.contains("not translated")
    })
    .await?;
    shot("14-indicator-untranslated").await?;
    c.find(Locator::Css("#lang-mn")).await?.click().await?;

    eprintln!("e2e: a meeting and its decision");
    nav(c, "meetings").await?;
    click(c, "#new-meeting").await?;
    field(
        c,
        "#record-form input[name=title]",
        "Жилийн хяналтын хурал 2027",
    )
    .await?;
    field(c, "#record-form input[name=date]", "2027.03.15").await?;
    field(c, "#record-form input[name=place]", "Улаанбаатар").await?;
    lines(
        c,
        "#record-form textarea[name=agenda]",
        "Завсрын тайлан\u{E007}Шалгуур үзүүлэлтүүд",
    )
    .await?;
    save(c).await?;
    closed(c).await?;
    let meeting = "article.meeting[data-meeting='Жилийн хяналтын хурал 2027']";
    wait_text(c, meeting, |t| {
        t.contains("2027.03.15") && t.contains("Шалгуур үзүүлэлтүүд")
    })
    .await?;
    // One agenda item per line typed.
    assert_eq!(
        c.find_all(Locator::Css(&format!("{meeting} ol li")))
            .await?
            .len(),
        2
    );
    click(c, &format!("{meeting} button.new-decision")).await?;
    lines(
        c,
        "#record-form textarea[name=text]",
        "Хамгаалах байрны тайланг гаргах",
    )
    .await?;
    field(c, "#record-form input[name=due]", "2027.06.30").await?;
    save(c).await?;
    closed(c).await?;
    wait_text(c, meeting, |t| t.contains("Хамгаалах байрны тайланг")).await?;
    shot("15-meeting-mn").await?;
    // Archived, it leaves the meeting; restored from the settings, it is back.
    click(c, &format!("{meeting} li .record-actions .archive")).await?;
    wait_text(c, meeting, |t| !t.contains("Хамгаалах байрны тайланг")).await?;
    nav(c, "settings").await?;
    wait_text(c, "#archived", |t| t.contains("Хамгаалах байрны тайланг")).await?;
    click(
        c,
        "#archived li[data-name='Хамгаалах байрны тайланг гаргах'] .record-actions .archive",
    )
    .await?;
    nav(c, "meetings").await?;
    wait_text(c, meeting, |t| t.contains("Хамгаалах байрны тайланг")).await?;

    eprintln!("e2e: an organisation and its person");
    nav(c, "roster").await?;
    click(c, "#new-organisation").await?;
    field(c, "#record-form input[name=short]", "nhrcm").await?;
    field(
        c,
        "#record-form input[name=name_en]",
        "MONFEMNET National Network",
    )
    .await?;
    save(c).await?;
    wait_text(c, "#record-form .field-error[data-field=short]", |t| {
        t.contains("nhrcm") && t.contains("өөр бичлэгт")
    })
    .await?;
    field(c, "#record-form input[name=short]", "MONFEMNET").await?;
    save(c).await?;
    closed(c).await?;
    let row = "#organisations tr[data-org=MONFEMNET]";
    click(c, &format!("{row} button.new-person")).await?;
    field(c, "#record-form input[name=name]", "Оюунчимэг").await?;
    field(c, "#record-form input[name=email]", "oyuna@example.mn").await?;
    save(c).await?;
    closed(c).await?;
    wait_text(c, row, |t| t.contains("Оюунчимэг")).await?;
    shot("16-roster-mn").await?;

    eprintln!("e2e: the coordinator corrects its own assessment");
    c.find(Locator::Css("#lang-en")).await?.click().await?;
    wait_text(c, "nav", |t| t.contains("Recommendations")).await?;
    open_rec(c, "107.24").await?;
    click(c, ".assessment[data-org=MOJHA] .record-actions .edit").await?;
    wait_text(c, "#record-form h2", |t| {
        t.contains("Correct the assessment")
    })
    .await?;
    c.find(Locator::Css("#record-form select[name=level]"))
        .await?
        .select_by_value("partially-implemented")
        .await?;
    save(c).await?;
    closed(c).await?;
    wait_text(c, ".assessment[data-org=MOJHA]", |t| {
        t.contains("Partially implemented")
    })
    .await?;
    click(c, "#show-history").await?;
    wait_text(c, "table.history", |t| {
        t.contains("changed Level of implementation of the assessment")
    })
    .await?;
    shot("17-history").await?;
    Ok(())
}
