//! Printing for people (tables, short lines) and for scripts (JSON).

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;

pub fn json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

pub fn table(header: &[&str], rows: Vec<Vec<String>>) {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    for r in rows {
        t.add_row(r);
    }
    println!("{t}");
}

/// Cuts a text to `n` characters for a table cell.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A change time (milliseconds since the epoch) in the local time zone.
pub fn time(ms: i64) -> String {
    jiff_time(ms).unwrap_or_else(|| ms.to_string())
}

fn jiff_time(ms: i64) -> Option<String> {
    let ts = accord_core::jiff::Timestamp::from_millisecond(ms).ok()?;
    let zoned = ts.to_zoned_datetime(accord_core::jiff::tz::TimeZone::system());
    Some(zoned.strftime("%Y-%m-%d %H:%M").to_string())
}
