//! The Markdown parser: YAML (`---`) or TOML (`+++`) front matter at the very start
//! gives the metadata, pulldown-cmark turns the rest into [`Block`]s. Problems with
//! the front matter become warnings ("line 3: …") and the article still loads from
//! its body. It takes already sanitised text and must do no I/O and never panic.

use chrono::NaiveDate;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use yaml_rust2::{Yaml, YamlLoader};

use crate::article::{Block, Draft, Link};
use crate::dates;

/// Nesting deeper than this in front matter is not looked into.
const MAX_DEPTH: usize = 8;

/// Parses a Markdown article; the warnings say what in its front matter was ignored.
pub fn parse(text: &str) -> (Draft, Vec<String>) {
    let mut warnings = Vec::new();
    let mut draft = Draft::default();
    let body = match split_front_matter(text) {
        Some(fm) => {
            if let Some(map) = read_front_matter(&fm, &mut warnings) {
                apply_front_matter(&map, &fm, &mut draft, &mut warnings);
            }
            fm.body
        }
        None => {
            if let Some(delimiter) = opening_delimiter(text) {
                warnings.push(format!(
                    "line 1: front matter has no closing {delimiter} line; read as Markdown"
                ));
            }
            text
        }
    };
    let (mut blocks, links) = markdown_blocks(body);
    take_title(&mut draft, &mut blocks);
    draft.body = blocks;
    draft.links = links;
    (draft, warnings)
}

/// Whether the text opens with front matter: a `---` or `+++` line and its closing line.
pub fn has_front_matter(text: &str) -> bool {
    split_front_matter(text).is_some()
}

// ---------------------------------------------------------------------------------
// Front matter

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Yaml,
    Toml,
}

struct FrontMatter<'a> {
    kind: Kind,
    /// Between the delimiter lines; its first line is line 2 of the file.
    content: &'a str,
    body: &'a str,
}

fn opening_delimiter(text: &str) -> Option<&'static str> {
    let first = text.split('\n').next().unwrap_or_default().trim_end();
    match first {
        "---" => Some("---"),
        "+++" => Some("+++"),
        _ => None,
    }
}

fn split_front_matter(text: &str) -> Option<FrontMatter<'_>> {
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
enum Value {
    Text(String),
    Date(NaiveDate),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
    Other,
}

fn read_front_matter(fm: &FrontMatter, warnings: &mut Vec<String>) -> Option<Vec<(String, Value)>> {
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

fn one_line(s: &str) -> String {
    crate::whitespace::collapse(s)
}

fn from_yaml(y: &Yaml, depth: usize) -> Value {
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

// ---------------------------------------------------------------------------------
// Title

/// With no title in the front matter, the first level-1 heading is the title; either
/// way that heading is not repeated at the top of the body.
fn take_title(draft: &mut Draft, blocks: &mut Vec<Block>) {
    if draft.title.is_empty() {
        let first = blocks
            .iter()
            .position(|b| matches!(b, Block::Heading { level: 1, .. }));
        if let Some(i) = first
            && let Block::Heading { text, .. } = blocks.remove(i)
        {
            draft.title = text;
        }
    } else if let Some(Block::Heading { level: 1, text }) = blocks.first()
        && one_line(text).to_lowercase() == one_line(&draft.title).to_lowercase()
    {
        blocks.remove(0);
    }
}

// ---------------------------------------------------------------------------------
// Body

fn markdown_blocks(body: &str) -> (Vec<Block>, Vec<Link>) {
    let mut builder = Builder::default();
    for event in Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH) {
        builder.event(event);
    }
    let links = std::mem::take(&mut builder.links);
    (builder.finish(), links)
}

struct ListState {
    ordered: bool,
    items: Vec<String>,
    /// The item being read, if inside one.
    current: Option<String>,
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    /// Inline text of the paragraph, heading or list item being read.
    inline: String,
    /// Set inside a fenced or indented code block.
    code: Option<String>,
    heading: Option<u8>,
    quote_depth: usize,
    image_depth: usize,
    lists: Vec<ListState>,
    /// Links met so far, and the one being read: its URL and where its text starts
    /// in `inline`.
    links: Vec<Link>,
    link: Option<(String, usize)>,
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn append(item: &mut String, text: &str) {
    if !item.is_empty() {
        item.push(' ');
    }
    item.push_str(text);
}

impl Builder {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if self.image_depth > 0 {
                    return;
                }
                match self.code.as_mut() {
                    Some(code) => code.push_str(&t),
                    None => self.inline.push_str(&t),
                }
            }
            Event::SoftBreak | Event::HardBreak => self.inline.push(' '),
            Event::Rule => {
                self.flush();
                if self.lists.is_empty() {
                    self.blocks.push(Block::Rule);
                }
            }
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock => self.flush(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(level_number(level));
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote_depth += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            Tag::List(start) => {
                self.flush();
                self.lists.push(ListState {
                    ordered: start.is_some(),
                    items: Vec::new(),
                    current: None,
                });
            }
            Tag::Item => {
                self.flush();
                if let Some(list) = self.lists.last_mut() {
                    list.current = Some(String::new());
                }
            }
            Tag::Image { .. } => self.image_depth += 1,
            Tag::Link { dest_url, .. } => {
                let url = dest_url.trim();
                if url.starts_with("http://") || url.starts_with("https://") {
                    self.link = Some((url.to_string(), self.inline.len()));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush(),
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock => self.end_code(),
            TagEnd::List(_) => self.end_list(),
            TagEnd::Item => {
                self.flush();
                if let Some(list) = self.lists.last_mut()
                    && let Some(item) = list.current.take().filter(|i| !i.is_empty())
                {
                    list.items.push(item);
                }
            }
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            TagEnd::Link => {
                if let Some((url, start)) = self.link.take() {
                    let text = self.inline.get(start..).map(one_line).unwrap_or_default();
                    let text = if text.is_empty() { url.clone() } else { text };
                    self.links.push(Link { text, url });
                }
            }
            _ => {}
        }
    }

    /// Turns the inline text read so far into a block, or into list item text.
    fn flush(&mut self) {
        let text = one_line(&std::mem::take(&mut self.inline));
        if text.is_empty() {
            return;
        }
        if let Some(item) = self.lists.last_mut().and_then(|l| l.current.as_mut()) {
            append(item, &text);
        } else if self.quote_depth > 0 {
            self.blocks.push(Block::Quote(text));
        } else if let Some(level) = self.heading {
            self.blocks.push(Block::Heading { level, text });
        } else {
            self.blocks.push(Block::Paragraph(text));
        }
    }

    fn end_code(&mut self) {
        let code = self.code.take().unwrap_or_default();
        let code = code.trim_end_matches('\n');
        if code.trim().is_empty() {
            return;
        }
        match self.lists.last_mut().and_then(|l| l.current.as_mut()) {
            Some(item) => append(item, &one_line(code)),
            None => self.blocks.push(Block::Code(code.to_string())),
        }
    }

    /// A nested list's items join the enclosing list; a list in a quote becomes quotes.
    fn end_list(&mut self) {
        self.flush();
        let Some(list) = self.lists.pop() else {
            return;
        };
        if let Some(parent) = self.lists.last_mut() {
            if let Some(item) = parent.current.take().filter(|i| !i.is_empty()) {
                parent.items.push(item);
            }
            parent.items.extend(list.items);
            parent.current = Some(String::new());
        } else if self.quote_depth > 0 {
            self.blocks.extend(list.items.into_iter().map(Block::Quote));
        } else if !list.items.is_empty() {
            self.blocks.push(Block::List {
                ordered: list.ordered,
                items: list.items,
            });
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        while !self.lists.is_empty() {
            self.end_list();
        }
        self.blocks
    }
}

#[cfg(test)]
mod tests;
