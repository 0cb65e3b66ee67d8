//! Metadata lines in pasted article text: bylines, datelines and "Published …"
//! lines, source URLs and tag lists, and the [`Meta`] they fill in. Part of the
//! plain-text parser; pure string work, no I/O.

use std::sync::LazyLock;

use chrono::NaiveDate;
use memchr::memmem;

use super::{PARAGRAPH_LINE, ends_sentence, few_words, longer_than, normalize, word_count};
use crate::dates;
use crate::whitespace::words;

#[derive(Default)]
pub(super) struct Meta {
    pub(super) date: Option<NaiveDate>,
    /// The date came from an "Updated" line; a "Published" date replaces it.
    date_is_update: bool,
    pub(super) author: Option<String>,
    pub(super) source: Option<String>,
    pub(super) tags: Vec<String>,
}

impl Meta {
    pub(super) fn set_date(&mut self, date: NaiveDate, updated: bool) {
        if self.date.is_none() || (self.date_is_update && !updated) {
            self.date = Some(date);
            self.date_is_update = updated;
        }
    }

    pub(super) fn set_author(&mut self, author: String) {
        self.author.get_or_insert(author);
    }
}

/// What a line of metadata says.
pub(super) enum MetaLine {
    Byline(String, Option<NaiveDate>),
    /// A date; `rest` is text glued after it (kept as body), possibly empty.
    Date {
        date: NaiveDate,
        updated: bool,
        author: Option<String>,
        rest: String,
    },
    Source(String),
    Tags(Vec<String>),
}

pub(super) fn classify_meta(line: &str) -> Option<MetaLine> {
    if let Some(url) = source_line(line) {
        return Some(MetaLine::Source(url));
    }
    if let Some(meta) = date_line(line) {
        return Some(meta);
    }
    if let Some((author, date)) = byline(line) {
        return Some(MetaLine::Byline(author, date));
    }
    tags_line(line).map(MetaLine::Tags)
}

/// Records what `line` says; returns the text to keep in its place, if any.
pub(super) fn apply_meta(line: String, meta: &mut Meta) -> Option<String> {
    match classify_meta(&line) {
        None => Some(line),
        Some(MetaLine::Byline(author, date)) => {
            meta.set_author(author);
            if let Some(date) = date {
                meta.set_date(date, false);
            }
            None
        }
        Some(MetaLine::Date {
            date,
            updated,
            author,
            rest,
        }) => {
            meta.set_date(date, updated);
            if let Some(author) = author {
                meta.set_author(author);
            }
            (!rest.is_empty()).then_some(rest)
        }
        Some(MetaLine::Source(source)) => {
            meta.source.get_or_insert(source);
            None
        }
        Some(MetaLine::Tags(tags)) => {
            for tag in tags {
                if !meta.tags.contains(&tag) {
                    meta.tags.push(tag);
                }
            }
            None
        }
    }
}

/// ASCII-case-insensitive `strip_prefix` that only matches whole words.
pub(super) fn strip_word_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    // Nearly every line is told apart by its first byte: looked at before the rest.
    if let (Some(a), Some(b)) = (s.as_bytes().first(), prefix.as_bytes().first())
        && !a.eq_ignore_ascii_case(b)
    {
        return None;
    }
    let head = s.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = &s[prefix.len()..];
    let boundary = prefix.ends_with(':')
        || rest.is_empty()
        || rest.starts_with(|c: char| c.is_whitespace() || c == ':');
    boundary.then_some(rest)
}

/// Whether `s`, whose first byte ASCII-lowercased is `first`, may start with `prefix`
/// as [`strip_word_ci`] reads it: the test a list of prefixes is sifted with, one
/// byte each, before any is stripped.
fn may_start_with(first: Option<u8>, prefix: &str) -> bool {
    match (first, prefix.as_bytes().first()) {
        (Some(first), Some(b)) => b.to_ascii_lowercase() == first,
        _ => true,
    }
}

/// The first byte of `s`, ASCII-lowercased, for [`may_start_with`].
fn first_lower(s: &str) -> Option<u8> {
    s.as_bytes().first().map(u8::to_ascii_lowercase)
}

pub(super) fn trim_separators(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '|' | '•' | '·' | '—' | '–' | '-' | ',' | ';' | ':')
    })
}

pub(super) const DATE_MARKERS: [(&str, bool); 10] = [
    ("last updated", true),
    ("updated on", true),
    ("updated", true),
    ("first published", false),
    ("originally published", false),
    ("published on", false),
    ("published", false),
    ("posted on", false),
    ("posted", false),
    ("date", false),
];

/// "Published October 31, 2023", "Updated: 2023-10-31", "date 2023-10-31 <text>",
/// a bare dateline ("Tuesday, October 31, 2023 | 4 min read"), with a byline after it.
pub(super) fn date_line(line: &str) -> Option<MetaLine> {
    let first = first_lower(line);
    let marker = DATE_MARKERS
        .iter()
        .filter(|(marker, _)| may_start_with(first, marker))
        .find_map(|&(marker, updated)| {
            let rest = strip_word_ci(line, marker)?;
            Some((updated, trim_separators(rest)))
        });
    let (updated, after) = match marker {
        Some(found) => found,
        None if !longer_than(line, PARAGRAPH_LINE) => (false, line),
        None => return None,
    };
    let Some((date, end)) = dates::date_prefix(after) else {
        return date_among_times(after, marker.is_some_and(|(updated, _)| updated));
    };
    let rest = trim_separators(&after[end..]);
    let glued = marker.is_some()
        && rest.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '“');
    if rest.is_empty() || is_reading_time(rest) {
        return Some(MetaLine::Date {
            date,
            updated,
            author: None,
            rest: String::new(),
        });
    }
    if let Some((author, _)) = byline(rest) {
        return Some(MetaLine::Date {
            date,
            updated,
            author: Some(author),
            rest: String::new(),
        });
    }
    glued.then(|| MetaLine::Date {
        date,
        updated,
        author: None,
        rest: rest.to_string(),
    })
}

/// A short line holding a date and otherwise only times, zones and separators:
/// "2:15 PM EST, Tue October 31, 2023".
fn date_among_times(line: &str, updated: bool) -> Option<MetaLine> {
    if longer_than(line, 100) {
        return None;
    }
    let (date, span) = dates::find_date_span(line)?;
    let others = format!("{} {}", &line[..span.start], &line[span.end..]);
    let time_like = |w: &str| {
        let w = w.trim_matches(|c: char| ",;|•·—–-()".contains(c));
        let lower = w.to_ascii_lowercase();
        w.is_empty()
            || (w.starts_with(|c: char| c.is_ascii_digit()) && w.contains(':'))
            || ["am", "pm", "a.m.", "p.m.", "at", "on"].contains(&lower.as_str())
            || ((2..=5).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_uppercase()))
    };
    others
        .split_whitespace()
        .all(time_like)
        .then(|| MetaLine::Date {
            date,
            updated,
            author: None,
            rest: String::new(),
        })
}

/// "5 min read", "12 minutes listen", "Reading time 4 minutes", ignoring ASCII case.
pub(super) fn is_reading_time(s: &str) -> bool {
    if s.len() > 40 {
        return false;
    }
    // The first word is a number or "reading": most lines are let go by its first
    // byte, before being split into words.
    if !matches!(
        s.trim_start().as_bytes().first(),
        Some(b'0'..=b'9' | b'r' | b'R')
    ) {
        return false;
    }
    let mut words = s.split_whitespace();
    let (Some(first), Some(unit)) = (words.next(), words.next()) else {
        return false;
    };
    if first.bytes().all(|b| b.is_ascii_digit()) {
        let minutes = unit
            .as_bytes()
            .get(..3)
            .is_some_and(|head| head.eq_ignore_ascii_case(b"min"));
        return minutes
            && words.all(|w| w.eq_ignore_ascii_case("read") || w.eq_ignore_ascii_case("listen"));
    }
    first.eq_ignore_ascii_case("reading") && unit.eq_ignore_ascii_case("time") && words.count() <= 3
}

/// How bylines start; "from" counts only as "From:".
pub(super) const BYLINE_PREFIXES: [&str; 16] = [
    "written by",
    "posted by",
    "words by",
    "story by",
    "reporting by",
    "reported by",
    "read more from",
    "more from",
    "more by",
    "articles by",
    "author:",
    "authors:",
    "byline:",
    "by:",
    "by",
    "from",
];

/// Bylines: "By Jane Roe", "Written by X", "Read More From X", "Author: X", with an
/// optional date, outlet or role after a separator. Returns the name and the date.
pub(super) fn byline(line: &str) -> Option<(String, Option<NaiveDate>)> {
    if line.len() > 200 {
        return None;
    }
    let first = first_lower(line);
    let rest = BYLINE_PREFIXES
        .iter()
        .filter(|p| may_start_with(first, p))
        .find_map(|p| {
            // A bare "From X" is too common in prose; only "From:" counts.
            let rest = strip_word_ci(line, p)?;
            (*p != "from" || rest.starts_with(':')).then_some(rest)
        })?;
    let rest = trim_separators(rest);
    let (date, rest) = match dates::find_date_span(rest) {
        Some((date, span)) => (
            Some(date),
            format!("{} {}", &rest[..span.start], &rest[span.end..]),
        ),
        None => (None, rest.to_string()),
    };
    let rest = normalize(&rest);
    let cut = first_separator(&rest);
    let mut name = rest[..cut].trim();
    let remainder = trim_separators(&rest[cut..]);
    for marker in ["published", "updated", "posted", "on"] {
        if let Some(i) = name.rfind(' ')
            && name[i + 1..].eq_ignore_ascii_case(marker)
        {
            name = name[..i].trim_end();
        }
    }
    let name = name.trim_end_matches([',', ';', ':']);
    // "Jane Roe, John Doe and Ann Lee": the rest is more people.
    let more_people = (remainder.contains(" and ") || remainder.contains(" & "))
        && remainder
            .replace(" and ", ",")
            .replace(" & ", ",")
            .split(',')
            .all(|n| word_count(n) > 1 && is_name(n.trim()));
    if more_people && word_count(name) > 1 {
        return is_name(name).then(|| (format!("{name}, {remainder}"), date));
    }
    let remainder_ok = remainder.is_empty()
        || (few_words(remainder, 8) && !ends_sentence(remainder) && word_count(name) > 1);
    (remainder_ok && is_name(name)).then(|| (name.to_string(), date))
}

/// What ends the name in a byline: a separator or a word that starts a role or place.
pub(super) const BYLINE_SEPARATORS: [&str; 12] = [
    " | ", "|", " • ", " · ", " — ", " – ", " - ", ",", " on ", " at ", " for ", " in ",
];

/// Where the first of [`BYLINE_SEPARATORS`] starts in `rest`, or its length: the least
/// of their first places, found in one pass. Every separator starts with an ASCII
/// byte, so that place is a character boundary.
pub(super) fn first_separator(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    (0..bytes.len())
        .find(|&i| {
            matches!(bytes[i], b' ' | b'|' | b',')
                && BYLINE_SEPARATORS
                    .iter()
                    .any(|sep| bytes[i..].starts_with(sep.as_bytes()))
        })
        .unwrap_or(rest.len())
}

pub(super) const NAME_CONNECTORS: [&str; 20] = [
    "and", "&", "de", "van", "von", "der", "den", "da", "di", "del", "della", "la", "le", "al",
    "bin", "ibn", "y", "du", "dos", "ter",
];

/// A person's or a desk's name: one to six capitalised words and connectors.
pub(super) fn is_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 7 || name.len() > 60 {
        return false;
    }
    if let [only] = words.as_slice()
        && (dates::parse_date(&format!("{only} 1, 2000")).is_some() || is_weekday_word(only))
    {
        return false;
    }
    let first_ok = words.first().is_some_and(|w| !is_connector(w));
    first_ok
        && words.iter().all(|w| {
            if is_connector(w) {
                return true;
            }
            let starts_upper = w.chars().next().is_some_and(char::is_uppercase);
            let letters_only = w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c));
            let dotted_ok = !w.contains('.') || w.chars().count() <= 4;
            starts_upper && letters_only && dotted_ok
        })
}

/// Whether `word` lowercased is one of [`NAME_CONNECTORS`], compared without a
/// lowercased copy: only the Kelvin sign lowercases to ASCII ('k') from outside it,
/// and no connector holds a 'k', so a match is ASCII and equal ignoring ASCII case.
pub(super) fn is_connector(word: &str) -> bool {
    NAME_CONNECTORS.iter().any(|c| word.eq_ignore_ascii_case(c))
}

pub(super) fn is_weekday_word(w: &str) -> bool {
    crate::dates::WEEKDAYS.contains(&w.to_lowercase().trim_end_matches(','))
}

pub(super) const SOURCE_CUES: [&str; 13] = [
    "source",
    "retrieved",
    "published",
    "originally",
    "appeared",
    "via",
    "from",
    "url",
    "link",
    "canonical",
    "permalink",
    "article",
    "story",
];

/// "Content retrieved from: URL.", "Source: URL", "Originally published at URL",
/// a bare URL, or "Source: Name" for a named outlet.
pub(super) fn source_line(line: &str) -> Option<String> {
    if line.len() > 500 {
        return None;
    }
    // Every URL starts with "http" and holds a ':': most lines need no splitting into
    // words, and most are let go by the quicker search for the one byte.
    static HTTP: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("http"));
    if memchr::memchr(b':', line.as_bytes()).is_some()
        && HTTP.find(line.as_bytes()).is_some()
        && let Some(source) = url_source(line)
    {
        return source;
    }
    let name = trim_separators(strip_word_ci(line, "source:")?);
    (!name.is_empty() && few_words(name, 5) && !ends_sentence(name)).then(|| name.to_string())
}

/// For a line with a URL in it: the URL if the rest of the line is a cue like
/// "Source:" (or nothing), else `Some(None)`. `None` when there is no URL.
fn url_source(line: &str) -> Option<Option<String>> {
    let is_url = |w: &str| {
        let w = w.trim_start_matches(['(', '<', '[']);
        w.starts_with("https://") || w.starts_with("http://")
    };
    let words: Vec<&str> = words(line).collect();
    let mut urls = words.iter().filter(|w| is_url(w));
    let url = urls.next()?;
    if urls.next().is_some() {
        return Some(None);
    }
    let others: Vec<&str> = words.iter().filter(|w| !is_url(w)).copied().collect();
    let cue = others.join(" ").to_lowercase();
    let ok =
        others.is_empty() || (others.len() <= 6 && SOURCE_CUES.iter().any(|c| cue.contains(c)));
    let url = url
        .trim_start_matches(['(', '<', '['])
        .trim_end_matches(['.', ',', ';', ':', ')', '>', ']', '"', '\'', '”', '’']);
    Some(ok.then(|| url.to_string()))
}

pub(super) fn tags_line(line: &str) -> Option<Vec<String>> {
    if line.len() > 300 {
        return None;
    }
    let first = first_lower(line);
    let rest = ["tags:", "topics:", "filed under:", "keywords:"]
        .iter()
        .filter(|p| may_start_with(first, p))
        .find_map(|p| strip_word_ci(line, p))?;
    let tags: Vec<String> = rest
        .split([',', '|', ';', '•'])
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.chars().count() <= 40)
        .map(str::to_string)
        .collect();
    (!tags.is_empty()).then_some(tags)
}
