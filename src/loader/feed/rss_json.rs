//! RSS written as JSON, as XML-to-JSON converters make it: an `rss` object holding
//! `channel` and its `item`s, read into raw entries. A field may be a string or
//! number, an object holding its text (`#text`, `_`, `$t`, `__text`, `#cdata-section`),
//! or a list of those (xml2js puts every child in one); `item` may be one object or a
//! list. Attributes are `@name`, `-name` or under `$`. No I/O.

use serde_json::{Map, Value};

use super::fields::html_to_text;
use super::{Content, RawEntry, RawFeed};
use crate::loader::url::absolute;

/// Where converters put the text of an element that has attributes too.
const TEXT_KEYS: &[&str] = &["#text", "_", "$t", "__text", "#cdata-section", "__cdata"];
/// `content:encoded` as converters spell it.
const CONTENT: &[&str] = &["content:encoded", "content$encoded", "content_encoded"];
const AUTHOR: &[&str] = &[
    "dc:creator",
    "dc$creator",
    "dc_creator",
    "author",
    "itunes:author",
];
const DATES: &[&str] = &[
    "pubDate",
    "dc:date",
    "dc$date",
    "dc_date",
    "published",
    "updated",
];

/// Whether a JSON object is RSS written as JSON: an `rss` object with a `channel`.
pub(super) fn is_rss(doc: &Map<String, Value>) -> bool {
    channel(doc).is_some()
}

/// Reads RSS written as JSON.
pub(super) fn read(text: &str) -> Result<RawFeed, String> {
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let doc = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(doc)) => doc,
        Ok(_) => return Err("not a feed: the json is not an object".to_string()),
        Err(e) => return Err(format!("not a feed: invalid json ({e})")),
    };
    let Some(channel) = channel(&doc) else {
        return Err("not a feed: json rss without a channel".to_string());
    };
    let base = field(channel, &["link"]);
    let mut feed = RawFeed {
        title: field(channel, &["title"]).map(|t| html_to_text(&t)),
        ..RawFeed::default()
    };
    let mut not_objects = 0;
    for item in each(channel.get("item")) {
        match item.as_object() {
            Some(item) => feed.entries.push(entry(item, base.as_deref())),
            None => not_objects += 1,
        }
    }
    if not_objects > 0 {
        feed.warnings
            .push(format!("{not_objects} items that are not objects skipped"));
    }
    Ok(feed)
}

fn channel(doc: &Map<String, Value>) -> Option<&Map<String, Value>> {
    let rss = first(doc.get("rss")?)?.as_object()?;
    first(rss.get("channel")?)?.as_object()
}

fn entry(item: &Map<String, Value>, base: Option<&str>) -> RawEntry {
    RawEntry {
        title: field(item, &["title"]).map(Content::Html),
        link: link(item).map(|l| absolute(&l, base)),
        author: field(item, AUTHOR),
        dates: DATES.iter().filter_map(|k| field(item, &[k])).collect(),
        tags: each(item.get("category")).filter_map(text).collect(),
        content: field(item, CONTENT).map(Content::Html),
        summary: field(item, &["description"]).map(Content::Html),
    }
}

/// `link` (a string, or an Atom-style object with `href`), else a permalink `guid`.
fn link(item: &Map<String, Value>) -> Option<String> {
    let href = |v: &Value| {
        text(v).or_else(|| {
            let object = first(v)?.as_object()?;
            attr(object, "href")
        })
    };
    let permalink = || {
        each(item.get("guid"))
            .filter(|g| {
                !g.as_object()
                    .and_then(|o| attr(o, "isPermaLink"))
                    .is_some_and(|v| v.eq_ignore_ascii_case("false"))
            })
            .filter_map(text)
            .find(|g| g.starts_with("http://") || g.starts_with("https://"))
    };
    each(item.get("link")).find_map(href).or_else(permalink)
}

/// An attribute as converters write it: `@name`, `-name`, `$.name` or plain `name`.
fn attr(object: &Map<String, Value>, name: &str) -> Option<String> {
    let under_dollar = object
        .get("$")
        .and_then(Value::as_object)
        .and_then(|a| a.get(name));
    [format!("@{name}"), format!("-{name}"), name.to_string()]
        .iter()
        .find_map(|k| object.get(k))
        .or(under_dollar)
        .and_then(text)
}

/// The first field of `names` that holds text.
fn field(object: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| object.get(*n).and_then(text))
}

/// The text of a value: a string or number as it is, or the text a converter put in
/// an object; of a list, its first element's. Blank text is none.
fn text(value: &Value) -> Option<String> {
    let text = match first(value)? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Object(o) => return TEXT_KEYS.iter().find_map(|k| o.get(*k).and_then(text)),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// A value, or the first of a list.
fn first(value: &Value) -> Option<&Value> {
    match value {
        Value::Array(values) => values.first(),
        value => Some(value),
    }
}

/// Each element of a list, or a single value once.
fn each(value: Option<&Value>) -> impl Iterator<Item = &Value> {
    let (list, single) = match value {
        Some(Value::Array(values)) => (values.as_slice(), None),
        Some(Value::Null) | None => (&[][..], None),
        Some(value) => (&[][..], Some(value)),
    };
    list.iter().chain(single)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Map<String, Value> {
        match serde_json::from_str(text) {
            Ok(Value::Object(doc)) => doc,
            _ => Map::new(),
        }
    }

    #[test]
    fn rss_objects_are_told_from_other_json() {
        assert!(is_rss(&doc(r#"{"rss":{"channel":{"item":[]}}}"#)));
        assert!(is_rss(&doc(r#"{"rss":[{"channel":[{"title":["x"]}]}]}"#)));
        assert!(!is_rss(&doc(r#"{"rss":"https://x.test/feed"}"#)));
        assert!(!is_rss(&doc(r#"{"channel":{"item":[]}}"#)));
    }

    #[test]
    fn text_comes_out_of_every_converter_shape() {
        for value in [
            r#""Tides""#,
            r#"["Tides"]"#,
            r##"{"#text":"Tides","@lang":"en"}"##,
            r#"[{"_":"Tides"}]"#,
            r#"{"$t":"Tides"}"#,
        ] {
            let value: Value = serde_json::from_str(value).unwrap_or_default();
            assert_eq!(text(&value).as_deref(), Some("Tides"), "{value}");
        }
        assert_eq!(text(&Value::from("  ")), None);
        assert_eq!(text(&Value::from(7)).as_deref(), Some("7"));
    }

    #[test]
    fn a_guid_that_is_no_permalink_is_no_link() {
        let item =
            doc(r##"{"guid":{"@isPermaLink":"false","#text":"https://x.test/a"},"title":"t"}"##);
        assert_eq!(link(&item), None);
        let item = doc(r#"{"guid":"https://x.test/a","link":{"@href":"https://x.test/b"}}"#);
        assert_eq!(link(&item).as_deref(), Some("https://x.test/b"));
    }

    #[test]
    fn items_that_are_not_objects_are_counted() {
        let feed = read(r#"{"rss":{"channel":{"title":"T","item":[{"title":"a"},3]}}}"#);
        let feed = feed.unwrap_or_default();
        assert_eq!(feed.entries.len(), 1);
        assert_eq!(
            feed.warnings,
            ["1 items that are not objects skipped".to_string()]
        );
    }
}
