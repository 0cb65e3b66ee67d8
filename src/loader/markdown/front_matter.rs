//! Front matter at the very start of a Markdown file, YAML between `---` lines or TOML
//! between `+++` lines, read into the draft's title, author, date, tags and source.
//! What cannot be read becomes a warning that names the line; nothing here fails.

use chrono::NaiveDate;
use yaml_rust2::{Yaml, YamlLoader};

use crate::article::Draft;
use crate::dates;

use super::one_line;

/// Nesting deeper than this in front matter is not looked into.
const MAX_DEPTH: usize = 8;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Yaml,
    Toml,
}

pub(super) struct FrontMatter<'a> {
    kind: Kind,
    /// Between the delimiter lines; its first line is line 2 of the file.
    content: &'a str,
    pub(super) body: &'a str,
}

pub(super) fn opening_delimiter(text: &str) -> Option<&'static str> {
    let first = text.split('\n').next().unwrap_or_default().trim_end();
    match first {
        "---" => Some("---"),
        "+++" => Some("+++"),
        _ => None,
    }
}

pub(super) fn split_front_matter(text: &str) -> Option<FrontMatter<'_>> {
    let kind = match opening_delimiter(text)? {
        "---" => Kind::Yaml,
        _ => Kind::Toml,
    };
    let rest = &text[text.find('\n')? + 1..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let t = line.trim_end();
        let closes = match kind {
            Kind::Yaml => t == "---" || t == "...",
            Kind::Toml => t == "+++",
        };
        if closes {
            return Some(FrontMatter {
                kind,
                content: &rest[..offset],
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    None
}

/// A front matter value, whichever language it was written in.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) enum Value {
    Text(String),
    Date(NaiveDate),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
    Other,
}

/// Reads the front matter into `draft`; what cannot be used becomes warnings.
pub(super) fn read_into(fm: &FrontMatter, draft: &mut Draft, warnings: &mut Vec<String>) {
    if let Some(map) = read_front_matter(fm, warnings) {
        apply_front_matter(&map, fm, draft, warnings);
    }
}

fn read_front_matter(fm: &FrontMatter, warnings: &mut Vec<String>) -> Option<Vec<(String, Value)>> {
    // Most front matter is a few plain lines, read without the parser.
    if fm.kind == Kind::Yaml
        && let Some(map) = super::simple_yaml::read(fm.content)
    {
        return Some(map);
    }
    let (value, language) = match fm.kind {
        Kind::Yaml => match YamlLoader::load_from_str(fm.content) {
            Ok(docs) => match docs.first() {
                None | Some(Yaml::Null) => return None,
                Some(doc) => (from_yaml(doc, 0), "YAML"),
            },
            Err(e) => {
                let line = e.marker().line() + 1;
                warnings.push(format!(
                    "line {line}: front matter is not valid YAML: {}",
                    one_line(e.info())
                ));
                return None;
            }
        },
        Kind::Toml => match toml::from_str::<toml::Table>(fm.content) {
            Ok(table) => (from_toml_table(&table, 0), "TOML"),
            Err(e) => {
                let line = e.span().map_or(2, |span| line_in(fm.content, span.start));
                warnings.push(format!(
                    "line {line}: front matter is not valid TOML: {}",
                    one_line(e.message())
                ));
                return None;
            }
        },
    };
    match value {
        Value::Map(map) => Some(map),
        _ => {
            warnings.push(format!(
                "line 2: front matter is {language} but not a set of keys and values; ignored"
            ));
            None
        }
    }
}

/// The file line of byte `offset` in front matter content (which starts on line 2).
fn line_in(content: &str, offset: usize) -> usize {
    let end = offset.min(content.len());
    2 + content.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

pub(super) fn from_yaml(y: &Yaml, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Other;
    }
    match y {
        Yaml::String(s) | Yaml::Real(s) => Value::Text(s.clone()),
        Yaml::Integer(i) => Value::Text(i.to_string()),
        Yaml::Boolean(b) => Value::Text(b.to_string()),
        Yaml::Array(items) => Value::List(items.iter().map(|i| from_yaml(i, depth + 1)).collect()),
        Yaml::Hash(hash) => Value::Map(
            hash.iter()
                .filter_map(|(k, v)| match from_yaml(k, depth + 1) {
                    Value::Text(key) => Some((key, from_yaml(v, depth + 1))),
                    _ => None,
                })
                .collect(),
        ),
        _ => Value::Other,
    }
}

fn from_toml_table(table: &toml::Table, depth: usize) -> Value {
    Value::Map(
        table
            .iter()
            .map(|(k, v)| (k.clone(), from_toml(v, depth + 1)))
            .collect(),
    )
}

fn from_toml(v: &toml::Value, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Other;
    }
    match v {
        toml::Value::String(s) => Value::Text(s.clone()),
        toml::Value::Integer(i) => Value::Text(i.to_string()),
        toml::Value::Float(f) => Value::Text(f.to_string()),
        toml::Value::Boolean(b) => Value::Text(b.to_string()),
        toml::Value::Datetime(dt) => match dt.date {
            Some(d) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                    .map_or(Value::Other, Value::Date)
            }
            None => Value::Other,
        },
        toml::Value::Array(items) => {
            Value::List(items.iter().map(|i| from_toml(i, depth + 1)).collect())
        }
        toml::Value::Table(t) => from_toml_table(t, depth),
    }
}

/// The first of `keys` present (keys compare without regard to case).
fn lookup<'a>(map: &'a [(String, Value)], keys: &[&str]) -> Option<(&'a str, &'a Value)> {
    keys.iter().find_map(|want| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(want))
            .map(|(k, v)| (k.as_str(), v))
    })
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::Text(s) => Some(one_line(s)).filter(|s| !s.is_empty()),
        Value::Date(d) => Some(d.to_string()),
        Value::Map(map) => lookup(map, &["name", "title"]).and_then(|(_, v)| text_of(v)),
        _ => None,
    }
}

fn texts_of(v: &Value) -> Vec<String> {
    match v {
        Value::List(items) => items.iter().filter_map(text_of).collect(),
        other => text_of(other).into_iter().collect(),
    }
}

fn apply_front_matter(
    map: &[(String, Value)],
    fm: &FrontMatter,
    draft: &mut Draft,
    warnings: &mut Vec<String>,
) {
    let text = |keys: &[&str]| lookup(map, keys).and_then(|(_, v)| text_of(v));
    draft.title = text(&["title", "headline"]).unwrap_or_default();
    draft.subtitle = text(&["subtitle", "description", "summary", "deck"]);
    draft.source = text(&[
        "source",
        "url",
        "link",
        "canonical_url",
        "canonical",
        "original_url",
        "permalink",
    ]);
    if let Some((_, v)) = lookup(map, &["author", "authors", "byline", "creator"]) {
        let names = texts_of(v);
        draft.author = (!names.is_empty()).then(|| names.join(", "));
    }
    const DATE_KEYS: [&str; 7] = [
        "date",
        "published",
        "published_at",
        "publishdate",
        "pubdate",
        "created",
        "updated",
    ];
    if let Some((key, v)) = lookup(map, &DATE_KEYS) {
        draft.date = match v {
            Value::Date(d) => Some(*d),
            other => text_of(other).and_then(|s| dates::parse_date(&s)),
        };
        if draft.date.is_none() {
            let shown = text_of(v).unwrap_or_default();
            let shown: String = shown.chars().take(60).collect();
            warnings.push(format!(
                "line {}: front matter {key} \"{shown}\" is not a date I can read; ignored",
                key_line(fm, key)
            ));
        }
    }
    if let Some((_, v)) = lookup(map, &["tags", "keywords", "categories", "topics"]) {
        let raw = match v {
            Value::Text(s) => s.split(',').map(str::to_string).collect(),
            other => texts_of(other),
        };
        for tag in raw.iter().map(|t| one_line(t)).filter(|t| !t.is_empty()) {
            if !draft.tags.contains(&tag) {
                draft.tags.push(tag);
            }
        }
    }
}

/// The file line where `key` is set in the front matter (its first line if not found).
fn key_line(fm: &FrontMatter, key: &str) -> usize {
    let mut offset = 0;
    for line in fm.content.split_inclusive('\n') {
        let t = line.trim_start().trim_start_matches(['"', '\'']);
        let sets_key = t
            .get(..key.len())
            .is_some_and(|k| k.eq_ignore_ascii_case(key))
            && t[key.len()..]
                .trim_start_matches(['"', '\'', ' '])
                .starts_with([':', '=']);
        if sets_key {
            return line_in(fm.content, offset);
        }
        offset += line.len();
    }
    2
}
