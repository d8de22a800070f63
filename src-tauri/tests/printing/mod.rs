//! Printing and exporting from the app: an indicator's sheet, the meeting
//! pack, a PDF, and the tables as a workbook in the reader's language.

use super::*;

/// An indicator's sheet previewed from its screen, the meeting pack, the
/// PDF and the tables written where asked.
pub async fn print_and_export(c: &Client) -> Res {
    nav(c, "indicators").await?;
    wait_for(c, "#indicator-detail").await?;
    c.find(Locator::Css("#print-indicator"))
        .await?
        .click()
        .await?;
    wait_for(c, "img.print-page").await?;
    // One indicator: every page of its sheet is drawn.
    let pages = wait_text(c, "#print-pages", |t| t.starts_with("Pages: ")).await?;
    let drawn = c.find_all(Locator::Css("img.print-page")).await?.len();
    assert_eq!(pages, format!("Pages: {drawn}."));
    assert!(drawn <= 2, "one sheet, two pages at most: {pages}");
    shot("13-print-indicator").await?;

    c.execute(
        "const s = document.getElementById('print-kind');
         s.value = 'pack'; s.dispatchEvent(new Event('change'));",
        vec![],
    )
    .await?;
    // The pack's first pages are drawn, the rest on demand.
    let shown = wait_text(c, "#print-pages", |t| t != pages).await?;
    let total: usize = c
        .find(Locator::Css("#print-preview"))
        .await?
        .attr("data-total")
        .await?
        .ok_or("no page count")?
        .parse()?;
    assert!(total >= 4, "the pack has {total} pages");
    let drawn = c.find_all(Locator::Css("img.print-page")).await?.len();
    assert_eq!(drawn, total.min(6), "{shown}");
    if total > 6 {
        assert!(
            shown.starts_with(&format!("Showing 6 of {total} pages.")),
            "{shown}"
        );
    }
    shot("14-print-pack").await?;

    let out = tempfile::tempdir()?;
    let pdf = out.path().join("pack.pdf");
    let written = invoke(
        c,
        "print_pdf",
        serde_json::json!({
            "request": {"doc": "pack", "meeting": null},
            "lang": "mn",
            "path": pdf,
        }),
    )
    .await?;
    assert!(written["count"].as_u64().unwrap() > 6, "{written}");
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()?;
    assert!(String::from_utf8(text.stdout)?.contains("Жилийн хурлын материал"));

    let xlsx = out.path().join("tracker.xlsx");
    invoke(
        c,
        "export_tables",
        serde_json::json!({"format": "xlsx", "path": xlsx, "lang": "mn"}),
    )
    .await?;
    // In Mongolian the sheets, headers and values are Mongolian.
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&xlsx)?;
    assert_eq!(
        book.sheet_names(),
        [
            "Зөвлөмжүүд",
            "Шалгуур үзүүлэлтүүд",
            "Хэмжилтүүд",
            "Үйл ажиллагаа"
        ]
    );
    let recs = book.worksheet_range("Зөвлөмжүүд")?;
    let head: Vec<String> = recs
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(head[0], "Дугаар");
    let responses: Vec<String> = recs.rows().skip(1).map(|r| r[5].to_string()).collect();
    assert!(
        responses.iter().any(|r| r == "Дэмжсэн"),
        "responses in Mongolian: {:?}",
        &responses[..responses.len().min(5)]
    );
    let failed = invoke(
        c,
        "export_tables",
        serde_json::json!({"format": "csv", "path": out.path().join("pack.pdf/inside"), "lang": "en"}),
    )
    .await;
    assert!(
        failed.is_err(),
        "a file where the folder should be is refused"
    );
    Ok(())
}
