//! Highlights formatted for `tidings highlights`: Markdown that reads well in notes
//! apps (Obsidian, Logseq), all articles in one text or one file per article with
//! front matter that marks the file as tidings' own, and JSON Lines, one highlight a
//! line. Pure formatting over borrowed data: no I/O, no clock; dates are UTC.
//!
//! Order, everywhere: articles by their newest highlight, newest first; within an
//! article, newest highlight first; equal times keep the order given. Articles
//! without highlights are left out of [`markdown`] and [`json_lines`].

use std::borrow::Cow;
use std::cmp::Reverse;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::article::ArticleId;
use crate::words::fold;

/// The front-matter line that marks a file as written by tidings (see [`is_ours`]).
pub const MARKER: &str = "tidings: highlights";
/// What an orphaned highlight says of itself.
pub const ORPHANED: &str = "(orphaned: the passage is no longer in the article)";
/// Most chars of the title kept in a file name.
const MOST_SLUG_CHARS: usize = 60;

/// One article and its highlights, borrowed from wherever they are kept.
#[derive(Clone, Debug)]
pub struct ExportArticle<'a> {
    pub id: ArticleId,
    pub title: &'a str,
    /// The source URL (or site name), when known.
    pub source: Option<&'a str>,
    /// The article's file, as shown to people.
    pub path: &'a str,
    pub tags: &'a [String],
    pub highlights: Vec<ExportHighlight<'a>>,
}

/// One highlight: its anchor's quote and context, the reader's note, and whether
/// the passage is still in the article.
#[derive(Clone, Debug)]
pub struct ExportHighlight<'a> {
    pub quote: &'a str,
    pub prefix: &'a str,
    pub suffix: &'a str,
    pub note: Option<&'a str>,
    pub created: DateTime<Utc>,
    pub orphaned: bool,
}

/// Every article with highlights, one `## Title` section each: the source (or the
/// path), the tags, then each highlight as a `> ` quote block, its note below it
/// and a line with its date (and the orphaned mark).
pub fn markdown(articles: &[ExportArticle]) -> String {
    let sections: Vec<String> = in_order(articles)
        .into_iter()
        .map(|(article, highlights)| section(article, &highlights, "##"))
        .collect();
    if sections.is_empty() {
        return String::new();
    }
    sections.join("\n\n") + "\n"
}

/// One article as a whole Markdown file: YAML front matter (`title`, `source`,
/// `path`, `article`, `tags` and the [`MARKER`]), then a `# Title` section laid out
/// as in [`markdown`].
pub fn markdown_file(article: &ExportArticle) -> String {
    let yaml = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let mut out = String::from("---\n");
    out += &format!("title: {}\n", yaml(&one_line(article.title)));
    match article.source {
        Some(source) => out += &format!("source: {}\n", yaml(&one_line(source))),
        None => out += "source: null\n",
    }
    out += &format!("path: {}\n", yaml(article.path));
    out += &format!("article: \"{}\"\n", article.id);
    let tags = tags(article.tags);
    if tags.is_empty() {
        out += "tags: []\n";
    } else {
        out += "tags:\n";
        for tag in &tags {
            out += &format!("  - {}\n", yaml(tag));
        }
    }
    out += MARKER;
    out += "\n---\n\n";
    out += &section(article, &newest_first(article), "#");
    out.push('\n');
    out
}

/// Whether a file's text is one [`markdown_file`] wrote: its front matter (a `---`
/// first line, closed by `---` or `...`) holds the [`MARKER`] as a top-level key.
/// The marker anywhere else (the body, a file without front matter) does not count.
pub fn is_ours(existing_file_text: &str) -> bool {
    let text = existing_file_text.trim_start_matches('\u{feff}');
    let mut lines = text.lines().map(str::trim_end);
    if lines.next() != Some("---") {
        return false;
    }
    let mut ours = false;
    for line in lines {
        if line == "---" || line == "..." {
            return ours;
        }
        if let Some(value) = line.strip_prefix("tidings:") {
            let value = value.trim();
            let unquoted = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(value);
            ours |= unquoted == "highlights";
        }
    }
    // Never closed: not front matter.
    false
}

/// A file name for [`markdown_file`]: the title as a lowercase ASCII slug (letters,
/// digits, dashes; diacritics dropped, other scripts left out), at most 60 chars,
/// `untitled` when nothing is left, then the first 8 hex digits of the article's id
/// so two articles of one title do not collide, and `.md`. Never empty, never holds
/// `/`, `\` or `..`, never starts with a dot.
pub fn file_name(article: &ExportArticle) -> String {
    let id = article.id.to_string();
    format!("{}-{}.md", slug(article.title), id.get(..8).unwrap_or(&id))
}

/// A title as a file name's slug: lowercase ASCII letters, digits and dashes
/// (diacritics dropped, other scripts left out), at most 60 chars, `untitled` when
/// nothing is left. Never empty, never holds `/`, `\` or `..`, never starts with a dot.
pub fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in fold(title).chars() {
        match c {
            'æ' => slug.push_str("ae"),
            'œ' => slug.push_str("oe"),
            'þ' => slug.push_str("th"),
            'ð' => slug.push('d'),
            '\'' => {}
            _ if c.is_ascii_alphanumeric() => slug.push(c),
            _ if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
            _ => {}
        }
    }
    if slug.len() > MOST_SLUG_CHARS {
        // ASCII only, so any byte is a char boundary; cut at a word's end when one
        // is not too far back.
        let cut = slug.get(..MOST_SLUG_CHARS).unwrap_or(&slug);
        let at = cut.rfind('-').filter(|&at| at >= MOST_SLUG_CHARS / 2);
        slug = at.and_then(|at| cut.get(..at)).unwrap_or(cut).to_string();
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() { "untitled" } else { slug }.to_string()
}

/// One JSON object per highlight, a line each: `article` (the id, hex), `title`,
/// `source` (null when none), `path`, `quote`, `prefix`, `suffix`, `note` (null when
/// none), `created` (RFC 3339, UTC) and `orphaned`.
pub fn json_lines(articles: &[ExportArticle]) -> String {
    #[derive(Serialize)]
    struct Line<'x> {
        article: String,
        title: &'x str,
        source: Option<&'x str>,
        path: &'x str,
        quote: &'x str,
        prefix: &'x str,
        suffix: &'x str,
        note: Option<&'x str>,
        created: String,
        orphaned: bool,
    }
    let mut out = String::new();
    for (article, highlights) in in_order(articles) {
        for h in highlights {
            let line = Line {
                article: article.id.to_string(),
                title: article.title,
                source: article.source,
                path: article.path,
                quote: h.quote,
                prefix: h.prefix,
                suffix: h.suffix,
                note: h.note,
                created: h.created.to_rfc3339_opts(SecondsFormat::AutoSi, true),
                orphaned: h.orphaned,
            };
            // Strings, an option of one and a bool: encoding cannot fail.
            if let Ok(json) = serde_json::to_string(&line) {
                out += &json;
                out.push('\n');
            }
        }
    }
    out
}

/// The articles that have highlights, by newest highlight, each with its
/// highlights newest first.
fn in_order<'x, 'a>(
    articles: &'x [ExportArticle<'a>],
) -> Vec<(&'x ExportArticle<'a>, Vec<&'x ExportHighlight<'a>>)> {
    let mut ordered: Vec<_> = articles
        .iter()
        .filter(|a| !a.highlights.is_empty())
        .map(|a| (a, newest_first(a)))
        .collect();
    ordered.sort_by_key(|(_, highlights)| Reverse(highlights.first().map(|h| h.created)));
    ordered
}

/// An article's highlights, newest first.
fn newest_first<'x, 'a>(article: &'x ExportArticle<'a>) -> Vec<&'x ExportHighlight<'a>> {
    let mut highlights: Vec<_> = article.highlights.iter().collect();
    highlights.sort_by_key(|h| Reverse(h.created));
    highlights
}

/// One article's section, its heading at `level` (`#` or `##`): blocks with a blank
/// line between them.
fn section(article: &ExportArticle, highlights: &[&ExportHighlight], level: &str) -> String {
    let mut blocks = vec![format!("{level} {}", heading(article))];
    blocks.push(match article.source {
        Some(source) => format!("Source: {}", one_line(source)),
        None => format!("Source: {}", code_span(article.path)),
    });
    let tags = tags(article.tags);
    if !tags.is_empty() {
        let tags: Vec<String> = tags.iter().map(|t| format!("#{t}")).collect();
        blocks.push(format!("Tags: {}", tags.join(" ")));
    }
    for h in highlights {
        blocks.push(quote_block(h.quote));
        if let Some(note) = h.note.map(str::trim).filter(|n| !n.is_empty()) {
            let lines: Vec<Cow<str>> = note.lines().map(escape_line_start).collect();
            blocks.push(lines.join("\n"));
        }
        let date = h.created.format("%Y-%m-%d");
        blocks.push(if h.orphaned {
            format!("— {date} {ORPHANED}")
        } else {
            format!("— {date}")
        });
    }
    blocks.join("\n\n")
}

/// The title on one line, safe as a heading's text (a closing `#` escaped), or the
/// path when there is no title.
fn heading(article: &ExportArticle) -> String {
    let mut title = one_line(article.title);
    if title.is_empty() {
        title = one_line(article.path);
    }
    if title.is_empty() {
        return "Untitled".into();
    }
    if title.ends_with('#') {
        title.insert(title.len() - 1, '\\');
    }
    escape_line_start(&title).into_owned()
}

/// A quote as a block quote: every line prefixed `> ` (blank lines `>`), so no line
/// leaves the block or turns into something else inside it.
fn quote_block(quote: &str) -> String {
    let lines: Vec<String> = quote
        .trim()
        .lines()
        .map(|line| match escape_line_start(line) {
            line if line.is_empty() => ">".to_string(),
            line => format!("> {line}"),
        })
        .collect();
    lines.join("\n")
}

/// A line of text that starts no Markdown block: leading whitespace (which would
/// make code) dropped, trailing whitespace too, and a first character that would
/// start a heading, quote, list, rule, fence, table, HTML block or link definition
/// escaped with a backslash (`1.` becomes `1\.`).
fn escape_line_start(line: &str) -> Cow<'_, str> {
    let line = line.trim();
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..10).contains(&digits) && line[digits..].starts_with(['.', ')']) {
        return Cow::Owned(format!("{}\\{}", &line[..digits], &line[digits..]));
    }
    let special = [
        '#', '>', '-', '+', '*', '=', '`', '~', '<', '|', '_', '[', '\\',
    ];
    if line.starts_with(special) {
        return Cow::Owned(format!("\\{line}"));
    }
    Cow::Borrowed(line)
}

/// `text` as an inline code span, fenced with more backticks than it holds in a row.
fn code_span(text: &str) -> String {
    let text = one_line(text);
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Runs of whitespace (newlines included) made one space, ends trimmed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tags as notes apps take them (Obsidian's rules): letters, digits, `_`, `-` and
/// `/`, spaces made dashes, not only digits; duplicates dropped.
fn tags(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in raw {
        let words: Vec<String> = tag
            .split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|&c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))
                    .collect()
            })
            .collect();
        let tag = words.join("-");
        let tag = tag.trim_matches(['-', '/']);
        let digits_only = tag.chars().all(|c| c.is_ascii_digit());
        if !tag.is_empty() && !digits_only && !out.iter().any(|t| t == tag) {
            out.push(tag.to_string());
        }
    }
    out
}
