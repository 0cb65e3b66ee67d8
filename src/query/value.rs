//! The values of date keywords: absolute dates (`after:2024-03`) and ages
//! (`newer:7d`), checked and turned into days.

use chrono::{Days, Months, NaiveDate};

use super::error::{Parsed, fail, quote};
use super::keyword::{ALLOWED_AGES, ALLOWED_DATES};
use super::lexer::{Parser, Value};

impl Parser<'_> {
    /// An absolute date `yyyy`, `yyyy-mm` or `yyyy-mm-dd`: its first day and the day
    /// after its last.
    pub(super) fn date(&self, key: &str, value: &Value<'_>) -> Parsed<(NaiveDate, NaiveDate)> {
        parse_date(value.text).or_else(|why| {
            fail(
                value.column,
                format!("bad date {} in '{key}': {why}", quote(value.text)),
            )
        })
    }

    /// A relative date `N` + `d`, `w`, `m` or `y`: `today` minus that long.
    pub(super) fn age(&self, key: &str, value: &Value<'_>) -> Parsed<NaiveDate> {
        parse_age(value.text, self.today).or_else(|why| {
            fail(
                value.column,
                format!("bad age {} in '{key}': {why}", quote(value.text)),
            )
        })
    }
}

/// `yyyy`, `yyyy-mm` or `yyyy-mm-dd` (month and day may have one digit): the
/// period's first day and the day after its last, or why not.
fn parse_date(text: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let mut parts = text.split('-');
    let year = parts.next().unwrap_or("");
    let month = parts.next();
    let day = parts.next();
    if parts.next().is_some() {
        return Err(ALLOWED_DATES.to_owned());
    }
    let year = match number(year, 4, 4) {
        Some(y) => y,
        None => return Err(ALLOWED_DATES.to_owned()),
    };
    let year = i32::try_from(year).map_err(|_| ALLOWED_DATES.to_owned())?;
    let month = match month {
        None => None,
        Some(m) => match number(m, 1, 2) {
            Some(m @ 1..=12) => Some(m),
            Some(_) => return Err("month must be 01 to 12".to_owned()),
            None => return Err(ALLOWED_DATES.to_owned()),
        },
    };
    let day = match day {
        None => None,
        Some(d) => match number(d, 1, 2) {
            Some(d @ 1..=31) => Some(d),
            Some(_) => return Err("day must be 01 to 31".to_owned()),
            None => return Err(ALLOWED_DATES.to_owned()),
        },
    };
    let out_of_range = || "date out of range".to_owned();
    let first = NaiveDate::from_ymd_opt(year, month.unwrap_or(1), day.unwrap_or(1));
    let Some(first) = first else {
        return Err(format!(
            "{year:04}-{:02} has no day {}",
            month.unwrap_or(1),
            day.unwrap_or(1)
        ));
    };
    let after_last = match (month, day) {
        (_, Some(_)) => first.succ_opt(),
        (Some(_), None) => first.checked_add_months(Months::new(1)),
        (None, None) => first.checked_add_months(Months::new(12)),
    };
    Ok((first, after_last.ok_or_else(out_of_range)?))
}

/// `N` followed by `d`, `w`, `m` or `y` (days, weeks, calendar months, years):
/// `today` minus that long, or why not.
fn parse_age(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let Some(unit) = text.chars().last() else {
        return Err(ALLOWED_AGES.to_owned());
    };
    let digits = text.get(..text.len() - unit.len_utf8()).unwrap_or("");
    let Some(n) = number(digits, 1, 6) else {
        return Err(ALLOWED_AGES.to_owned());
    };
    let date = match unit.to_ascii_lowercase() {
        'd' => today.checked_sub_days(Days::new(u64::from(n))),
        'w' => today.checked_sub_days(Days::new(u64::from(n) * 7)),
        'm' => today.checked_sub_months(Months::new(n)),
        'y' => n
            .checked_mul(12)
            .and_then(|months| today.checked_sub_months(Months::new(months))),
        _ => return Err(ALLOWED_AGES.to_owned()),
    };
    date.ok_or_else(|| "too far back".to_owned())
}

/// `text` as a number if it is `min..=max` ASCII digits.
fn number(text: &str, min: usize, max: usize) -> Option<u32> {
    if text.len() < min || text.len() > max || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}
