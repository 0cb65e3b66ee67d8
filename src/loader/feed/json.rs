//! JSON Feed (1.0 and 1.1) read into raw entries. Fields of the wrong type are ignored,
//! not fatal; a file cut short (or broken part-way) is cut back to its last complete
//! item and closed, so the items before the break still load. No I/O.

use serde_json::{Map, Value};

use super::{Content, FeedKind, RawEntry, RawFeed};
use crate::loader::url::absolute;

/// How far into the text the version URL is looked for when sniffing.
const SNIFF_BYTES: usize = 4096;

/// What feed a JSON text (starting with `{`) is: a JSON Feed when it names a
/// jsonfeed.org version, or when it holds a list of items that look like entries
/// (see [`looks_like_feed`]); RSS written as JSON (an `rss` object with a `channel`).
pub(super) fn sniff(text: &str) -> Option<FeedKind> {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if text[..end].contains("jsonfeed.org/version") {
        return Some(FeedKind::JsonFeed);
    }
    let Ok(Value::Object(doc)) = serde_json::from_str::<Value>(text) else {
        return None;
    };
    if looks_like_feed(&doc) {
        Some(FeedKind::JsonFeed)
    } else if super::rss_json::is_rss(&doc) {
        Some(FeedKind::RssJson)
    } else {
        None
    }
}

/// A JSON Feed without its version: a list of items that are all objects, each with
/// a field only JSON Feed items have (`content_html`, `date_published`, ...); or, in a
/// feed with a title or home page, each with any entry-like field (`id`, `url`,
/// `title`, `summary`, ...).
fn looks_like_feed(feed: &Map<String, Value>) -> bool {
    const OWN_KEYS: [&str; 5] = [
        "content_html",
        "content_text",
        "date_published",
        "date_modified",
        "external_url",
    ];
    const ENTRY_KEYS: [&str; 4] = ["id", "url", "title", "summary"];
    let Some(items) = feed.get("items").and_then(Value::as_array) else {
        return false;
    };
    let named = ["title", "home_page_url", "feed_url"]
        .iter()
        .any(|k| feed.get(*k).is_some_and(Value::is_string));
    let item_like = |item: &Value| {
        item.as_object().is_some_and(|o| {
            let has = |k: &&str| o.contains_key(*k);
            OWN_KEYS.iter().any(has) || (named && ENTRY_KEYS.iter().any(has))
        })
    };
    (named || !items.is_empty()) && items.iter().all(item_like)
}

/// Why a JSON text is no feed.
pub(super) fn why_not_a_feed(text: &str) -> String {
    match serde_json::from_str::<Value>(text) {
        Err(e) => format!("not a feed: invalid json ({e})"),
        Ok(Value::Object(_)) => {
            "not a feed: json without a jsonfeed.org version or a list of items".to_string()
        }
        Ok(_) => "not a feed: the json is not an object".to_string(),
    }
}

/// Reads a JSON Feed, recovering the items before a break.
pub(super) fn read(text: &str) -> Result<RawFeed, String> {
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let (value, cut_short, dropped) = match serde_json::from_str::<Value>(text) {
        Ok(value) => (value, None, 0),
        Err(e) => {
            let why = if e.is_eof() {
                format!("the file was cut short ({e})")
            } else {
                format!("the json is broken ({e})")
            };
            let (value, dropped) = recover(text, &e)
                .ok_or_else(|| format!("{why} before its first complete entry"))?;
            (value, Some(why), dropped)
        }
    };
    let Value::Object(feed) = value else {
        return Err("not a feed: the json is not an object".to_string());
    };
    let mut raw = read_feed(&feed);
    raw.cut_short = cut_short;
    raw.dropped = dropped;
    Ok(raw)
}

fn read_feed(feed: &Map<String, Value>) -> RawFeed {
    let base = string(feed, "home_page_url").or_else(|| string(feed, "feed_url"));
    let feed_author = author(feed);
    let mut raw = RawFeed {
        title: string(feed, "title"),
        ..RawFeed::default()
    };
    let items = feed
        .get("items")
        .and_then(Value::as_array)
        .map(Vec::as_slice);
    let mut not_objects = 0;
    for item in items.unwrap_or_default() {
        match item.as_object() {
            Some(item) => raw
                .entries
                .push(entry(item, base.as_deref(), feed_author.as_deref())),
            None => not_objects += 1,
        }
    }
    if not_objects > 0 {
        raw.warnings
            .push(format!("{not_objects} items that are not objects skipped"));
    }
    raw
}

fn entry(item: &Map<String, Value>, base: Option<&str>, feed_author: Option<&str>) -> RawEntry {
    let link = string(item, "url")
        .or_else(|| string(item, "external_url"))
        .or_else(|| string(item, "id").filter(|id| id.starts_with("http")));
    RawEntry {
        title: string(item, "title").map(Content::Html),
        link: link.map(|l| absolute(&l, base)),
        author: author(item).or_else(|| feed_author.map(str::to_string)),
        dates: ["date_published", "date_modified"]
            .iter()
            .filter_map(|k| string(item, k))
            .collect(),
        tags: item
            .get("tags")
            .and_then(Value::as_array)
            .map(|tags| {
                tags.iter()
                    .filter_map(|t| t.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        content: string(item, "content_html")
            .map(Content::Html)
            .or_else(|| string(item, "content_text").map(Content::Text)),
        summary: string(item, "summary").map(Content::Text),
    }
}

/// A non-blank string field.
fn string(object: &Map<String, Value>, key: &str) -> Option<String> {
    let value = object.get(key)?.as_str()?.trim();
    (!value.is_empty()).then(|| value.to_string())
}

/// `authors[0].name` (1.1), else `author.name` (1.0).
fn author(object: &Map<String, Value>) -> Option<String> {
    let first = object
        .get("authors")
        .and_then(Value::as_array)
        .and_then(|a| a.first());
    first
        .or_else(|| object.get("author"))
        .and_then(Value::as_object)
        .and_then(|a| string(a, "name"))
}

/// The document cut back to its last complete item (an object that closes inside a
/// top-level array), the brackets still open closed; and whether a partial item was
/// left out.
fn recover(text: &str, error: &serde_json::Error) -> Option<(Value, usize)> {
    let end = if error.is_eof() {
        text.len()
    } else {
        byte_offset(text, error.line(), error.column())
    };
    let (cut, open, partial) = last_item_end(text.get(..end)?)?;
    let mut repaired = String::with_capacity(cut + open.len());
    repaired.push_str(&text[..cut]);
    repaired.extend(
        open.iter()
            .rev()
            .map(|b| if *b == b'{' { '}' } else { ']' }),
    );
    let value = serde_json::from_str(&repaired).ok()?;
    Some((value, usize::from(partial)))
}

/// Where the last complete item ends, the brackets open there, and whether another
/// item had begun after it.
fn last_item_end(text: &str) -> Option<(usize, Vec<u8>, bool)> {
    let mut stack: Vec<u8> = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut last = None;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => stack.push(b),
            b'}' | b']' => {
                stack.pop();
                if b == b'}' && stack == [b'{', b'['] {
                    last = Some((i + 1, stack.clone()));
                }
            }
            _ => {}
        }
    }
    let (cut, open) = last?;
    let partial = text[cut..].contains('{');
    Some((cut, open, partial))
}

/// The byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut at = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_feeds_not_other_json() {
        let feed = |text: &str| sniff(text) == Some(FeedKind::JsonFeed);
        assert!(feed(
            r#"{"version":"https://jsonfeed.org/version/1.1","items":[]}"#
        ));
        assert!(feed(
            r#"{"title":"T","items":[{"id":"1","content_text":"x"}]}"#
        ));
        assert!(feed(
            r#"{"items":[{"content_text":"x"},{"date_published":"2024"}]}"#
        ));
        assert!(feed(r#"{"home_page_url":"h","items":[{"summary":"x"}]}"#));
        assert!(!feed(r#"{"a":1}"#));
        assert!(!feed(r#"{"title":"T","items":[1]}"#));
        assert!(!feed(r#"{"items":[{"id":1,"url":"u"}]}"#));
        assert!(!feed(r#"{"items":[]}"#));
        assert!(!feed("{"));
    }

    #[test]
    fn recovers_the_items_before_a_cut() {
        let text = r#"{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[{"id":"1","title":"a \"}"},{"id":"2","title":"b"},{"id":"3","tit"#;
        let raw = read(text).unwrap_or_default();
        assert_eq!(raw.entries.len(), 2);
        assert_eq!(raw.dropped, 1);
        assert!(
            raw.cut_short
                .unwrap_or_default()
                .starts_with("the file was cut short")
        );
    }

    #[test]
    fn recovers_the_items_before_a_syntax_error() {
        let text = "{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{\"id\":\"1\"},\n{\"id\":\"2\",}]}";
        let raw = read(text).unwrap_or_default();
        assert_eq!(raw.entries.len(), 1);
        assert!(
            raw.cut_short
                .unwrap_or_default()
                .starts_with("the json is broken")
        );
    }

    #[test]
    fn a_cut_before_any_item_is_an_error() {
        let err = read(r#"{"version":"https://jsonfeed.org/version/1.1","items":[{"id""#);
        assert!(err.is_err_and(|e| e.ends_with("before its first complete entry")));
    }
}
