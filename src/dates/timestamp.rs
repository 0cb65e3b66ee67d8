//! Timestamps as machines write them: RFC 2822 (`pubDate`, mbox envelopes) in all its
//! real-world forms and RFC 3339 / ISO 8601 (`dc:date`, Atom, JSON Feed), down to a
//! bare `2023-10-31`. The stricter sibling of the prose entry points in `dates`: it
//! reads a field that is meant to hold a date, so it takes two-digit years and a wrong
//! weekday, and falls back to the prose forms last. The date kept is the one written,
//! in the writer's own time zone; the zone is read past but not applied. No I/O.

use chrono::{DateTime, NaiveDate};

use super::{month_by_prefix, parse_date};

/// The calendar date a feed's or a mailbox's timestamp names, if it names one.
pub fn parse_timestamp(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_rfc2822(text))
        .ok()
        .map(|dt| dt.date_naive())
        .or_else(|| iso_date(text))
        .or_else(|| rfc2822_date(text))
        .or_else(|| parse_date(text))
}

/// `2023-10-31`, `2023-10-31T10:00:00.123+02:00`, `2023-10-31 10:00:00`, `20231031`.
fn iso_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let dashed = bytes.len() >= 10 && bytes[4] == b'-' && bytes[7] == b'-';
    let (head, rest_at) = if dashed {
        (text.get(..10)?, 10)
    } else {
        (text.get(..8)?, 8)
    };
    let rest = text.get(rest_at..)?;
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' ', '_'])) {
        return None;
    }
    let digits: String = head.chars().filter(|c| *c != '-').collect();
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(&digits, "%Y%m%d").ok()
}

/// RFC 2822 and its relatives: an optional (possibly wrong) weekday, day and month in
/// either order, a 2- or 4-digit year, then an optional time and zone of any spelling
/// (`+0000`, `+00:00`, `GMT`, `EST`, `Z`, military letters), none of which change the
/// date written. asctime's `Tue Oct 31 10:00:00 2023` reads too.
fn rfc2822_date(text: &str) -> Option<NaiveDate> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let month = tokens.iter().find_map(|t| month_by_prefix(t))?;
    let numbers: Vec<&str> = tokens
        .iter()
        .copied()
        .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
        .take(2)
        .collect();
    let [first, second] = numbers.as_slice() else {
        return None;
    };
    // Day first, except in `2023 Oct 31`.
    let (day, year) = if first.len() == 4 {
        (*second, *first)
    } else {
        (*first, *second)
    };
    let day: u32 = day.parse().ok().filter(|_| day.len() <= 2)?;
    NaiveDate::from_ymd_opt(full_year(year)?, month, day)
}

/// A 4-digit year as is; a 2-digit one as RFC 2822 reads it (00–49 → 20xx, 50–99 →
/// 19xx); a 3-digit one as RFC 2822 says too (+1900).
fn full_year(year: &str) -> Option<i32> {
    let value: i32 = year.parse().ok()?;
    match year.len() {
        4 => Some(value),
        3 => Some(value + 1900),
        1 | 2 if value < 50 => Some(value + 2000),
        1 | 2 => Some(value + 1900),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn rfc2822_standard_and_numeric_zones() {
        assert_eq!(
            parse_timestamp("Tue, 31 Oct 2023 10:00:00 +0000"),
            d(2023, 10, 31)
        );
        assert_eq!(
            parse_timestamp("Tue, 31 Oct 2023 10:00:00 +00:00"),
            d(2023, 10, 31)
        );
        assert_eq!(
            parse_timestamp("Tue, 31 Oct 2023 23:30:00 -0500"),
            d(2023, 10, 31)
        );
    }

    #[test]
    fn rfc2822_obsolete_zone_names() {
        for zone in [
            "GMT", "UT", "UTC", "EST", "EDT", "CST", "MDT", "PDT", "Z", "A", "M", "Y", "CEST",
        ] {
            let text = format!("Tue, 31 Oct 2023 10:00:00 {zone}");
            assert_eq!(parse_timestamp(&text), d(2023, 10, 31), "{text}");
        }
    }

    #[test]
    fn rfc2822_missing_or_wrong_weekday() {
        assert_eq!(parse_timestamp("31 Oct 2023 10:00:00 GMT"), d(2023, 10, 31));
        assert_eq!(
            parse_timestamp("Fri, 31 Oct 2023 10:00:00 GMT"),
            d(2023, 10, 31)
        );
        assert_eq!(
            parse_timestamp("Tuesday, 31 October 2023 10:00 GMT"),
            d(2023, 10, 31)
        );
    }

    #[test]
    fn rfc2822_single_digit_days_and_short_years() {
        assert_eq!(
            parse_timestamp("Wed, 1 Nov 2023 09:00:00 GMT"),
            d(2023, 11, 1)
        );
        assert_eq!(
            parse_timestamp("Wed, 01 Nov 23 09:00:00 GMT"),
            d(2023, 11, 1)
        );
        assert_eq!(
            parse_timestamp("Fri, 31 Dec 99 23:59:59 EST"),
            d(1999, 12, 31)
        );
        assert_eq!(parse_timestamp("Mon, 3 Jan 05"), d(2005, 1, 3));
    }

    #[test]
    fn rfc2822_relatives() {
        assert_eq!(parse_timestamp("Tue, 31 Oct 2023"), d(2023, 10, 31));
        assert_eq!(parse_timestamp("Oct 31, 2023 10:00 AM"), d(2023, 10, 31));
        assert_eq!(
            parse_timestamp("Tue, Oct 31 2023 10:00:00 GMT"),
            d(2023, 10, 31)
        );
        assert_eq!(parse_timestamp("31 Sept. 2023"), None);
        assert_eq!(parse_timestamp("30 Sept. 2023"), d(2023, 9, 30));
        assert_eq!(
            parse_timestamp("tue, 31 OCT 2023 10:00:00 gmt"),
            d(2023, 10, 31)
        );
        assert_eq!(parse_timestamp("Tue Oct 31 10:00:00 2023"), d(2023, 10, 31));
    }

    #[test]
    fn rfc3339_and_iso_forms() {
        assert_eq!(parse_timestamp("2023-10-31T10:00:00Z"), d(2023, 10, 31));
        assert_eq!(
            parse_timestamp("2023-10-31T10:00:00.123456Z"),
            d(2023, 10, 31)
        );
        assert_eq!(
            parse_timestamp("2023-10-31T10:00:00+02:00"),
            d(2023, 10, 31)
        );
        assert_eq!(
            parse_timestamp("2023-10-31T23:30:00-05:00"),
            d(2023, 10, 31)
        );
        assert_eq!(
            parse_timestamp("2023-10-31t10:00:00.5-0700"),
            d(2023, 10, 31)
        );
        assert_eq!(parse_timestamp("2023-10-31 10:00:00"), d(2023, 10, 31));
        assert_eq!(parse_timestamp("2023-10-31"), d(2023, 10, 31));
        assert_eq!(parse_timestamp(" 2023-10-31\n"), d(2023, 10, 31));
        assert_eq!(parse_timestamp("20231031T100000Z"), d(2023, 10, 31));
    }

    #[test]
    fn rejects_what_names_no_date() {
        for text in [
            "",
            "soon",
            "2023-13-01",
            "2023-02-30",
            "32 Oct 2023",
            "Oct 2023",
            "12345678",
        ] {
            assert_eq!(parse_timestamp(text), None, "{text:?}");
        }
    }
}
