//! Wallabag's JSON export: an array of entries with `title`, `url`, `content` (HTML),
//! `tags` (names, or objects with a `label`), `is_archived` and `is_starred` (0/1 or
//! booleans), `annotations` (`quote` and `text`), `created_at`, `published_by`,
//! `published_at` and `domain_name`.

use serde_json::Value;

use super::entry::{Entry, instant, valid_url};
use crate::article::SavedHighlight;

pub(super) fn read(text: &str, warnings: &mut Vec<String>) -> Result<Vec<Entry>, String> {
    let items = json_array(text)?;
    let mut entries = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match entry(item) {
            Ok(entry) => entries.push(entry),
            Err(why) => warnings.push(format!("entry {}: {why}; skipped", i + 1)),
        }
    }
    Ok(entries)
}

/// The items of an export's JSON array.
pub(super) fn json_array(text: &str) -> Result<Vec<Value>, String> {
    let text = text.trim_start_matches('\u{feff}');
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => Ok(items),
        Ok(_) => Err("the export is not a JSON array".into()),
        Err(e) => Err(format!("the export is not valid JSON ({e})")),
    }
}

/// A string field, trimmed; `None` when missing, empty or not text.
pub(super) fn text(item: &Value, key: &str) -> Option<String> {
    let s = item.get(key)?.as_str()?.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The entry's URL, or why it has none worth keeping.
pub(super) fn url(item: &Value) -> Result<String, String> {
    if !item.is_object() {
        return Err("not an object".into());
    }
    match text(item, "url") {
        None => Err("no url".into()),
        Some(raw) => valid_url(&raw).ok_or_else(|| format!("'{raw}' is not a URL")),
    }
}

fn entry(item: &Value) -> Result<Entry, String> {
    let url = url(item)?;
    let flag = |key: &str| match item.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64().is_some_and(|n| n != 0),
        Some(Value::String(s)) => s == "1" || s.eq_ignore_ascii_case("true"),
        _ => false,
    };
    let tags = list(item, "tags")
        .filter_map(|t| match t {
            Value::String(s) => Some(s.clone()),
            t => text(t, "label"),
        })
        .collect();
    let highlights = list(item, "annotations")
        .filter_map(|a| {
            Some(SavedHighlight {
                quote: text(a, "quote")?,
                note: text(a, "text"),
            })
        })
        .collect();
    let authors: Vec<String> = list(item, "published_by")
        .filter_map(|a| a.as_str().map(str::trim).map(str::to_string))
        .filter(|a| !a.is_empty())
        .collect();
    Ok(Entry {
        url,
        title: text(item, "title"),
        published: text(item, "published_at")
            .and_then(|t| instant(&t))
            .map(|t| t.date_naive()),
        saved_at: text(item, "created_at").and_then(|t| instant(&t)),
        author: (!authors.is_empty()).then(|| authors.join(", ")),
        site: text(item, "domain_name"),
        tags,
        starred: flag("is_starred"),
        archived: flag("is_archived"),
        html: text(item, "content"),
        highlights,
        ..Entry::default()
    })
}

/// The items of an array field; none when it is missing or not an array.
pub(super) fn list<'a>(item: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    item.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}
