//! The one date parser: calendar dates out of the strings articles carry them in, for
//! every format. Two doors share the month and weekday names below: the prose entry
//! points ([`parse_date`], [`find_date_in_line`], [`date_prefix`], [`date_from_url`])
//! for metadata values, bylines, datelines and URL paths, and [`parse_timestamp`] (in
//! `timestamp`) for fields meant to hold one, a feed's `pubDate` or an mbox envelope.
//! Only the date is kept; a time or offset that comes with it is checked for shape and
//! then ignored (the date is the writer's local date). Pure functions over `&str`: no
//! I/O, no clock, no panics, and linear time on any input.

mod timestamp;

pub use timestamp::parse_timestamp;

use std::ops::Range;

use chrono::NaiveDate;

/// Longest string [`parse_date`] looks at; anything longer is not a date.
const MAX_DATE_LEN: usize = 100;
/// Most tokens a date with weekday, time and zone spans ("Tue, 31 Oct 2023 at 10:00 am EDT").
const DATE_TOKENS: usize = 10;

/// English month names, lowercase, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// English weekday names, lowercase, Monday first.
pub(crate) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Parses one date in a common form: `2023-10-31`, `2023/10/31`, ISO / RFC 3339
/// datetimes, RFC 2822, `October 31, 2023`, `Oct. 31, 2023`, `31 Oct 2023`, each
/// optionally after a weekday and before a time. `None` for anything else, and for
/// dates that do not exist. A weekday that disagrees with the date is not checked.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > MAX_DATE_LEN {
        return None;
    }
    parse_iso(s).or_else(|| parse_words(s))
}

/// The first date in a line of prose (a byline, a dateline), if any.
pub fn find_date_in_line(line: &str) -> Option<NaiveDate> {
    find_date_span(line).map(|(date, _)| date)
}

/// The first date in `line` and the byte range it covers (a weekday before it and a
/// time after it included; punctuation around it excluded).
pub fn find_date_span(line: &str) -> Option<(NaiveDate, Range<usize>)> {
    if !has_digit(line) {
        return None;
    }
    let tokens = token_spans(line, usize::MAX);
    for (i, &(start, end)) in tokens.iter().enumerate() {
        if !could_start_date(&line[start..end]) {
            continue;
        }
        if let Some(found) = date_at(line, &tokens[i..]) {
            return Some(found);
        }
    }
    None
}

/// A date at the very start of `s` (after leading whitespace): the date and the byte
/// offset in `s` where it ends.
pub fn date_prefix(s: &str) -> Option<(NaiveDate, usize)> {
    if !has_digit(s) {
        return None;
    }
    let tokens = token_spans(s, DATE_TOKENS);
    date_at(s, &tokens).map(|(date, range)| (date, range.end))
}

/// A date in a URL's path: `/2023/10/31/` (three segments) or a segment that is or
/// starts with `2023-10-31`. The host, query and fragment are not looked at.
pub fn date_from_url(url: &str) -> Option<NaiveDate> {
    let url = url.trim();
    let path = match url.find("://") {
        Some(i) => {
            let rest = &url[i + 3..];
            &rest[rest.find('/')?..]
        }
        None => url,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        if let [y, m, d] = segments.get(i..i + 3).unwrap_or_default()
            && let Some(date) = ymd_segments(y, m, d)
        {
            return Some(date);
        }
        if let Some(head) = seg.get(..10) {
            let next = seg[10..].chars().next();
            if matches!(next, None | Some('-' | '_' | '.'))
                && let Some(date) = parse_numeric(head, '-')
            {
                return Some(date);
            }
        }
    }
    None
}

fn ymd_segments(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let ok = y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len());
    if !ok || !all_digits(y) || !all_digits(m) || !all_digits(d) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A date starting at the first of `tokens`: the date and the byte range it covers in
/// `s`. The date proper ends at a numeric date token or at a four-digit year within the
/// first five tokens; up to four time-like tokens after it are taken along when they
/// parse, so the work per position is bounded.
fn date_at(s: &str, tokens: &[(usize, usize)]) -> Option<(NaiveDate, Range<usize>)> {
    let &(first, first_end) = tokens.first()?;
    let opening = ['(', '[', '"', '\'', '\u{201c}', '\u{2018}'];
    let start = first + (s[first..].len() - s[first..].trim_start_matches(opening).len());
    let word = |k: usize| {
        let (a, b) = tokens[k];
        s[a..b].trim_end_matches([',', '.', ';', ':', ')', ']', '"', '|'])
    };
    let head = s.get(start..first_end).unwrap_or_default();
    let numeric = head.starts_with(|c: char| c.is_ascii_digit()) && head.contains(['-', '/', '.']);
    let core_end = if numeric {
        0
    } else {
        (0..tokens.len().min(5)).find(|&k| word(k).len() == 4 && all_digits(word(k)))?
    };
    let mut last = core_end;
    while last + 1 < tokens.len() && last - core_end < 4 && is_time_token(word(last + 1)) {
        last += 1;
    }
    for n in (core_end..=last).rev() {
        let end = tokens[n].1;
        if end <= start || end - start > MAX_DATE_LEN {
            continue;
        }
        let candidate = s[start..end].trim_end_matches([',', ';', ':', '|', ')', ']', '"']);
        if let Some(date) = parse_date(candidate) {
            return Some((date, start..start + candidate.len()));
        }
        // "2023." at the end of a sentence.
        if let Some(shorter) = candidate.strip_suffix('.')
            && let Some(date) = parse_date(shorter)
        {
            return Some((date, start..start + shorter.len()));
        }
    }
    None
}

/// Every date `date_at` finds has an ASCII digit: it starts with one, or holds a
/// four-digit year. Most lines of prose have none, and need no splitting into tokens.
fn has_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

fn is_time_token(t: &str) -> bool {
    (t.starts_with(|c: char| c.is_ascii_digit()) && t.contains(':'))
        || t.eq_ignore_ascii_case("at")
        || is_ampm(t)
        || is_zone(t)
}

/// The byte spans of the first `limit` whitespace-separated tokens.
fn token_spans(s: &str, limit: usize) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if spans.len() >= limit {
            return spans;
        }
        match (c.is_whitespace(), start) {
            (true, Some(st)) => {
                spans.push((st, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(st) = start
        && spans.len() < limit
    {
        spans.push((st, s.len()));
    }
    spans
}

fn could_start_date(token: &str) -> bool {
    if token.len() > 40 {
        return false;
    }
    let token = token.trim_start_matches(['(', '[']);
    let word = token.trim_end_matches([',', '.', ';', ':']);
    token.starts_with(|c: char| c.is_ascii_digit()) || is_month(word) || is_weekday(word)
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD` with `sep` between the parts (month and day may have one digit).
fn parse_numeric(s: &str, sep: char) -> Option<NaiveDate> {
    let mut parts = s.split(sep);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    ymd_segments(y, m, d)
}

/// `2023-10-31`, `2023/10/31`, `2023.10.31`, and ISO datetimes `2023-10-31T10:00:00Z`.
fn parse_iso(s: &str) -> Option<NaiveDate> {
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    for sep in ['-', '/', '.'] {
        if let Some(date) = parse_numeric(s, sep) {
            return Some(date);
        }
    }
    // A datetime: the date is exactly ten bytes, then `T` or a space, then a time.
    let (date, rest) = (s.get(..10)?, s.get(10..)?);
    let time = rest
        .strip_prefix(['T', 't'])
        .or_else(|| rest.strip_prefix(' '))?;
    let date = parse_numeric(date, '-')?;
    is_time(time).then_some(date)
}

/// Dates spelled with a month name, optionally after a weekday and before a time.
fn parse_words(s: &str) -> Option<NaiveDate> {
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let mut rest = tokens.as_slice();
    if let Some((first, tail)) = rest.split_first()
        && is_weekday(first.trim_end_matches('.'))
    {
        rest = tail;
    }
    let (month, day, year, tail) = match rest {
        [a, b, c, tail @ ..] if is_month(a) => (month_number(a)?, day_number(b)?, *c, tail),
        [a, b, c, tail @ ..] if is_month(b) => (month_number(b)?, day_number(a)?, *c, tail),
        _ => return None,
    };
    if year.len() != 4 || !all_digits(year) {
        return None;
    }
    if !tail.is_empty() {
        let tail = match tail {
            [at, more @ ..] if at.eq_ignore_ascii_case("at") => more,
            _ => tail,
        };
        if !is_time(&tail.join(" ")) {
            return None;
        }
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month, day)
}

fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| w == *m || w == m[..3] || (*m == "september" && w == "sept"))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// A month named by any prefix of three letters or more (`Oct`, `Octo`, `oct.`,
/// `Sept`): the looser reading a timestamp field gets.
fn month_by_prefix(token: &str) -> Option<u32> {
    let token = token.trim_end_matches('.').to_ascii_lowercase();
    if token.len() < 3 {
        return None;
    }
    let index = MONTHS.iter().position(|m| m.starts_with(&token))?;
    u32::try_from(index).ok().map(|i| i + 1)
}

fn is_month(word: &str) -> bool {
    month_number(word).is_some()
}

fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.']).to_ascii_lowercase();
    if w.len() < 3 {
        return false;
    }
    const SHORT: [&str; 3] = ["tues", "thur", "thurs"];
    WEEKDAYS.iter().any(|d| w == *d || w == d[..3]) || SHORT.contains(&w.as_str())
}

/// `31`, `31st`, `2nd`, `3rd`, `4th`, also with a trailing full stop.
fn day_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| w.strip_suffix(suffix))
        .unwrap_or(&w);
    if digits.is_empty() || digits.len() > 2 || !all_digits(digits) {
        return None;
    }
    digits.parse().ok()
}

/// A clock time with optional seconds, fraction, AM/PM and zone:
/// `10:00`, `10:00:00.123Z`, `10:00:00+02:00`, `10:00 AM EDT`, `10:00:00 +0000`.
fn is_time(s: &str) -> bool {
    let s = s.trim();
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut fields = 0;
    loop {
        let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=2).contains(&digits) {
            return false;
        }
        i += digits;
        fields += 1;
        if fields < 3 && bytes.get(i) == Some(&b':') {
            i += 1;
        } else {
            break;
        }
    }
    if fields < 2 {
        return false;
    }
    if bytes.get(i) == Some(&b'.') {
        let frac = bytes[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if frac == 0 {
            return false;
        }
        i += 1 + frac;
    }
    let rest: Vec<&str> = s[i..].split_whitespace().collect();
    let rest = match rest.as_slice() {
        [ampm, more @ ..] if is_ampm(ampm) => more,
        other => other,
    };
    match rest {
        [] => true,
        [zone] => is_zone(zone),
        _ => false,
    }
}

fn is_ampm(s: &str) -> bool {
    let s = s
        .trim_end_matches('.')
        .to_ascii_lowercase()
        .replace('.', "");
    s == "am" || s == "pm"
}

fn is_zone(z: &str) -> bool {
    let z = z.trim_matches(['(', ')']);
    if z.eq_ignore_ascii_case("z") {
        return true;
    }
    if let Some(off) = z.strip_prefix(['+', '-']) {
        let digits: String = off.chars().filter(|c| *c != ':').collect();
        return (digits.len() == 2 || digits.len() == 4) && all_digits(&digits);
    }
    (2..=5).contains(&z.len()) && z.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn numeric_forms() {
        assert_eq!(parse_date("2023-10-31"), d(2023, 10, 31));
        assert_eq!(parse_date("  2023/10/31 "), d(2023, 10, 31));
        assert_eq!(parse_date("2023.10.31"), d(2023, 10, 31));
        assert_eq!(parse_date("2024-2-9"), d(2024, 2, 9));
    }

    #[test]
    fn iso_and_rfc3339_datetimes() {
        assert_eq!(parse_date("2023-10-31T10:00:00Z"), d(2023, 10, 31));
        assert_eq!(parse_date("2023-10-31T23:30:00-05:00"), d(2023, 10, 31));
        assert_eq!(parse_date("2023-10-31T10:00:00.123+0200"), d(2023, 10, 31));
        assert_eq!(parse_date("2023-10-31 10:00"), d(2023, 10, 31));
        assert_eq!(parse_date("2023-10-31 10:00:00 +02:00"), d(2023, 10, 31));
        assert_eq!(parse_date("2023-10-31Tnonsense"), None);
    }

    #[test]
    fn rfc2822() {
        assert_eq!(
            parse_date("Tue, 31 Oct 2023 10:00:00 +0000"),
            d(2023, 10, 31)
        );
        assert_eq!(parse_date("Tue, 31 Oct 2023 10:00:00 GMT"), d(2023, 10, 31));
        assert_eq!(parse_date("31 Oct 2023 10:00 -0700"), d(2023, 10, 31));
    }

    #[test]
    fn month_name_forms() {
        assert_eq!(parse_date("October 31, 2023"), d(2023, 10, 31));
        assert_eq!(parse_date("Oct 31, 2023"), d(2023, 10, 31));
        assert_eq!(parse_date("Oct. 31, 2023"), d(2023, 10, 31));
        assert_eq!(parse_date("Sept. 5, 2024"), d(2024, 9, 5));
        assert_eq!(parse_date("October 31st, 2023"), d(2023, 10, 31));
        assert_eq!(parse_date("31 October 2023"), d(2023, 10, 31));
        assert_eq!(parse_date("31 Oct 2023"), d(2023, 10, 31));
        assert_eq!(parse_date("october 31 2023"), d(2023, 10, 31));
    }

    #[test]
    fn weekday_and_time() {
        assert_eq!(parse_date("Tuesday, October 31, 2023"), d(2023, 10, 31));
        assert_eq!(parse_date("Tue. Oct. 31, 2023"), d(2023, 10, 31));
        assert_eq!(parse_date("October 31, 2023 10:32 AM EDT"), d(2023, 10, 31));
        assert_eq!(parse_date("Oct 31, 2023 at 9:05 p.m."), d(2023, 10, 31));
    }

    #[test]
    fn rejects_other_things() {
        for s in [
            "",
            "   ",
            "2023-02-30",
            "2023-13-01",
            "February 30, 2023",
            "Octember 31, 2023",
            "31 October",
            "October 2023",
            "yesterday",
            "2023",
            "10/31/2023",
            "October 31, 2023 and more",
            "2023-10-31-",
            "Tuesday",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
        assert_eq!(parse_date(&"9".repeat(5000)), None);
    }

    #[test]
    fn dates_in_lines() {
        assert_eq!(
            find_date_in_line("By Jane Roe | October 31, 2023 10:32 AM"),
            d(2023, 10, 31)
        );
        assert_eq!(
            find_date_in_line("Published on Tuesday, 31 Oct 2023."),
            d(2023, 10, 31)
        );
        assert_eq!(
            find_date_in_line("Updated: 2024-01-02T08:00:00Z"),
            d(2024, 1, 2)
        );
        assert_eq!(find_date_in_line("On Oct. 7, the day of the assault"), None);
        assert_eq!(find_date_in_line("no date here, 12 apples"), None);
        let line = "Posted (Oct. 31, 2023) by staff";
        let (date, span) = find_date_span(line).unwrap_or_default();
        assert_eq!(Some(date), d(2023, 10, 31));
        assert_eq!(&line[span], "Oct. 31, 2023");
        let line = "It ended on 31 October 2023. Then more.";
        let (_, span) = find_date_span(line).unwrap_or_default();
        assert_eq!(&line[span], "31 October 2023");
    }

    #[test]
    fn date_at_start() {
        let s = " 2023-10-31 Russian technological assistance";
        let (date, end) = date_prefix(s).unwrap_or_default();
        assert_eq!(Some(date), d(2023, 10, 31));
        assert_eq!(&s[end..], " Russian technological assistance");
        assert_eq!(date_prefix("Russian 2023-10-31"), None);
    }

    #[test]
    fn dates_in_urls() {
        let url = "https://www.fdd.org/analysis/2023/10/22/russia-pursues-closer-ties/";
        assert_eq!(date_from_url(url), d(2023, 10, 22));
        assert_eq!(
            date_from_url("https://example.com/news/2024-03-05-heat-pumps"),
            d(2024, 3, 5)
        );
        assert_eq!(date_from_url("/blog/2025/6/2/ferry"), d(2025, 6, 2));
        assert_eq!(
            date_from_url("https://example.com/2023/10/x?d=2020/01/01"),
            None
        );
        assert_eq!(date_from_url("https://2023.example.com/a/b"), None);
        assert_eq!(date_from_url("https://example.com/2023/02/30/x"), None);
        assert_eq!(date_from_url("https://example.com"), None);
        assert_eq!(date_from_url(""), None);
    }

    #[test]
    fn long_inputs_are_quick() {
        let line = "Oct 31 ".repeat(200_000);
        assert_eq!(find_date_in_line(&line), None);
        let line = "1 ".repeat(500_000);
        assert_eq!(find_date_in_line(&line), None);
        assert_eq!(date_from_url(&"/2023".repeat(100_000)), None);
    }
}
