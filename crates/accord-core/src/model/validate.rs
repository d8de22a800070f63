//! Checks of what users type, each naming the field and what is allowed.

use jiff::civil::Date;

use crate::error::{Error, HiddenChar, Problem, Result};

/// Longest single-line text (names, titles, codes).
pub const MAX_LINE: usize = 500;
/// Longest free text (recommendation texts, evidence, minutes).
pub const MAX_TEXT: usize = 20_000;
/// Longest list (themes, states, participants...).
pub const MAX_LIST: usize = 200;

pub fn required(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::problem(field, Problem::Required));
    }
    Ok(())
}

pub fn line(field: &str, value: &str) -> Result<()> {
    if value.chars().count() > MAX_LINE {
        return Err(Error::problem(field, Problem::TooLong { max: MAX_LINE }));
    }
    if value.contains(['\n', '\r']) {
        return Err(Error::problem(field, Problem::NotOneLine));
    }
    visible(field, value, false)
}

pub fn text(field: &str, value: &str) -> Result<()> {
    if value.chars().count() > MAX_TEXT {
        return Err(Error::problem(field, Problem::TooLong { max: MAX_TEXT }));
    }
    visible(field, value, true)
}

/// Refuses characters that cannot be seen but change what text says or how
/// it shows (two codes that look like `107.1` and are not the same, a
/// name that prints backwards), naming the first and where it is.
fn visible(field: &str, value: &str, multiline: bool) -> Result<()> {
    for (i, c) in value.chars().enumerate() {
        if let Some(character) = HiddenChar::of(c, multiline) {
            return Err(Error::problem(
                field,
                Problem::Hidden {
                    character,
                    code: format!("U+{:04X}", c as u32),
                    at: i + 1,
                },
            ));
        }
    }
    Ok(())
}

pub fn list<T>(field: &str, items: &[T]) -> Result<()> {
    if items.len() > MAX_LIST {
        return Err(Error::problem(field, Problem::TooMany { max: MAX_LIST }));
    }
    Ok(())
}

pub fn lines(field: &str, items: &[String]) -> Result<()> {
    list(field, items)?;
    items.iter().try_for_each(|s| {
        required(field, s)?;
        line(field, s)
    })
}

/// The years a date may fall in.
pub const YEARS: std::ops::RangeInclusive<i16> = 1945..=2100;

/// A calendar date written YYYY-MM-DD, between 1945 and 2100.
pub fn date(field: &str, value: &str) -> Result<Date> {
    let d: Date = value.trim().parse().map_err(|_| {
        Error::problem(
            field,
            Problem::NotADate {
                value: value.to_owned(),
            },
        )
    })?;
    if !YEARS.contains(&d.year()) {
        return Err(Error::problem(
            field,
            Problem::DateOutOfRange {
                value: value.to_owned(),
                min: *YEARS.start(),
                max: *YEARS.end(),
            },
        ));
    }
    Ok(d)
}

pub fn opt_date(field: &str, value: &Option<String>) -> Result<Option<Date>> {
    value.as_deref().map(|v| date(field, v)).transpose()
}

/// A date of something that has happened: not after `today`.
pub fn past_date(field: &str, value: &str, today: Date) -> Result<Date> {
    let d = date(field, value)?;
    if d > today {
        return Err(Error::problem(
            field,
            Problem::InFuture {
                value: d.to_string(),
                today: today.to_string(),
            },
        ));
    }
    Ok(d)
}

/// An SDG goal (`16`: the UN's thematic lists give goals) or target
/// (`16.3`, `5.a`: the Universal Human Rights Index gives targets): goal
/// 1-17, then maybe a target number or letter.
pub fn sdg(value: &str) -> Result<()> {
    let bad = || {
        Error::problem(
            "sdg",
            Problem::NotAnSdg {
                value: value.to_owned(),
            },
        )
    };
    if let Ok(goal) = value.parse::<u8>()
        && !value.starts_with('0')
    {
        return if (1..=17).contains(&goal) {
            Ok(())
        } else {
            Err(bad())
        };
    }
    let (goal, target) = value.split_once('.').ok_or_else(bad)?;
    let goal: u8 = goal.parse().map_err(|_| bad())?;
    let target_ok = (target.len() == 1 && target.chars().all(|c| c.is_ascii_lowercase()))
        || (1..=2).contains(&target.len()) && target.chars().all(|c| c.is_ascii_digit());
    if !(1..=17).contains(&goal) || !target_ok {
        return Err(bad());
    }
    Ok(())
}

/// A finite number (measurement values, baselines, targets).
pub fn number(field: &str, value: f64) -> Result<()> {
    if !value.is_finite() {
        return Err(Error::problem(field, Problem::NotFinite));
    }
    Ok(())
}

pub fn parse_number(field: &str, value: &str) -> Result<f64> {
    let v: f64 = value.trim().replace(',', "").parse().map_err(|_| {
        Error::problem(
            field,
            Problem::NotANumber {
                value: value.to_owned(),
            },
        )
    })?;
    number(field, v)?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_calendar_days() {
        assert!(date("start", "2026-02-28").is_ok());
        let e = date("start", "2026-02-30").unwrap_err().to_string();
        assert!(e.starts_with("start: '2026-02-30' is not a date"), "{e}");
        assert!(date("start", "31/12/2026").is_err());
        assert!(date("start", "1900-01-01").is_err());
    }

    #[test]
    fn sdgs_are_goals_or_goal_dot_target() {
        for ok in ["16.3", "5.a", "17.19", "1.1", "16", "1", "17"] {
            sdg(ok).unwrap();
        }
        for bad in [
            "18.1", "18", "0", "016", "16.", "x.1", "5.ab", "16.300", "0.1", "",
        ] {
            assert!(sdg(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn sizes_and_required_fields_are_named() {
        assert_eq!(
            required("code", "  ").unwrap_err().to_string(),
            "code: is required"
        );
        assert!(line("title", &"x".repeat(MAX_LINE + 1)).is_err());
        assert!(line("title", "two\nlines").is_err());
        assert!(parse_number("value", "1,234.5").unwrap() == 1234.5);
        assert!(parse_number("value", "NaN").is_err());
    }
}

#[cfg(test)]
mod text_tests {
    use super::*;

    #[test]
    fn invisible_and_control_characters_are_refused_where_they_stand() {
        for (value, what, at) in [
            ("107.\u{200b}1", "zero-width", "character 5"),
            ("107.1\u{202e}", "override", "character 6"),
            ("a\0b", "NUL", "character 2"),
            ("\u{1b}[31mred", "escape", "character 1"),
            ("\u{feff}107.1", "zero-width", "character 1"),
        ] {
            let err = line("code", value).unwrap_err().to_string();
            assert!(err.contains(what) && err.contains(at), "{value:?}: {err}");
        }
        assert!(line("code", "107.1").is_ok());
        assert!(line("name", "Монгол Улс — Хүний эрх").is_ok());
        assert!(text("text", "two\nlines\twith a tab").is_ok());
        assert!(text("text", "bell\u{7}").is_err());
    }
}
