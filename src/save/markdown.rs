//! A draft as a Markdown file the loader reads back as the same article: YAML front
//! matter (`title`, `author`, `date`, `source`, `description`, `saved`, the draft's
//! `tags`), then the body: headings, paragraphs, lists, quotes and code, links put back
//! in the text where their words are. Text is escaped so that nothing in it reads as Markdown.
//! Pure: text in, text out.

use chrono::{DateTime, FixedOffset};

use crate::article::{Block, Draft, Link};

/// The Markdown file for `draft`, saved at `saved`.
pub fn to_markdown(draft: &Draft, saved: DateTime<FixedOffset>) -> String {
    let mut out = String::from("---\n");
    let mut field = |key: &str, value: &str| {
        out.push_str(key);
        out.push_str(": ");
        out.push_str(&quoted(value));
        out.push('\n');
    };
    field("title", &draft.title);
    if let Some(author) = &draft.author {
        field("author", author);
    }
    if let Some(source) = &draft.source {
        field("source", source);
    }
    if let Some(description) = &draft.subtitle {
        field("description", description);
    }
    field("saved", &saved.to_rfc3339());
    if let Some(date) = draft.date {
        out.push_str(&format!("date: {date}\n"));
    }
    let tags: Vec<String> = draft.tags.iter().map(|t| quoted(t)).collect();
    out.push_str(&format!("tags: [{}]\n---\n", tags.join(", ")));
    let mut links = Placer::new(&draft.body, &draft.links);
    for block in &draft.body {
        out.push('\n');
        write_block(block, &mut links, &mut out);
    }
    out
}

/// A YAML double-quoted string: JSON's quoting is YAML's.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn write_block(block: &Block, links: &mut Placer, out: &mut String) {
    match block {
        Block::Heading { level, text } => {
            out.push_str(&"#".repeat(usize::from((*level).clamp(1, 6))));
            out.push(' ');
            out.push_str(&links.inline(text));
            out.push('\n');
        }
        Block::Paragraph(text) => {
            out.push_str(&links.inline(text));
            out.push('\n');
        }
        Block::Quote(text) => {
            out.push_str("> ");
            out.push_str(&links.inline(text));
            out.push('\n');
        }
        Block::List { ordered, items } => {
            for (i, item) in items.iter().enumerate() {
                match ordered {
                    true => out.push_str(&format!("{}. ", i + 1)),
                    false => out.push_str("- "),
                }
                out.push_str(&links.inline(item));
                out.push('\n');
            }
        }
        Block::Code(code) => {
            let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
            out.push_str(&fence);
            out.push('\n');
            out.push_str(code);
            if !code.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&fence);
            out.push('\n');
        }
        Block::Rule => out.push_str("---\n"),
    }
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for x in text.chars() {
        run = if x == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Puts the article's links back in its text, in order: each link's words are looked
/// for after the last link placed, in that block or a later one; a link whose words
/// are nowhere after it is dropped. Blocks' texts are taken in the order they are
/// written (`inline` is called once for each, in that order).
struct Placer<'a> {
    links: &'a [Link],
    /// For each text, in order: where a link goes (start, end, which link).
    places: Vec<Vec<(usize, usize, usize)>>,
    next: usize,
}

impl<'a> Placer<'a> {
    fn new(blocks: &[Block], links: &'a [Link]) -> Self {
        let texts: Vec<&str> = blocks.iter().flat_map(texts_of).collect();
        let mut places = vec![Vec::new(); texts.len()];
        let (mut slot, mut at) = (0, 0);
        for (i, link) in links.iter().enumerate() {
            let found = (slot..texts.len()).find_map(|s| {
                let from = if s == slot { at } else { 0 };
                let rest = texts[s].get(from..)?;
                rest.find(&link.text).map(|p| (s, from + p))
            });
            if let Some((s, start)) = found {
                let end = start + link.text.len();
                places[s].push((start, end, i));
                (slot, at) = (s, end);
            }
        }
        Placer {
            links,
            places,
            next: 0,
        }
    }

    /// The next text, escaped, with its links.
    fn inline(&mut self, text: &str) -> String {
        let places = self.places.get(self.next).cloned().unwrap_or_default();
        self.next += 1;
        let mut out = String::with_capacity(text.len() + 16);
        let mut at = 0;
        for (start, end, i) in places {
            let (Some(before), Some(words)) = (text.get(at..start), text.get(start..end)) else {
                continue;
            };
            escape(before, at == 0, &mut out);
            out.push('[');
            escape(words, at == 0 && start == 0, &mut out);
            out.push_str("](");
            out.push_str(&destination(&self.links[i].url));
            out.push(')');
            at = end;
        }
        escape(text.get(at..).unwrap_or_default(), at == 0, &mut out);
        out
    }
}

/// The texts of a block that links may be in, in the order they are written.
fn texts_of(block: &Block) -> Vec<&str> {
    match block {
        Block::Heading { text, .. } | Block::Paragraph(text) | Block::Quote(text) => vec![text],
        Block::List { items, .. } => items.iter().map(String::as_str).collect(),
        Block::Code(_) | Block::Rule => Vec::new(),
    }
}

/// A link's URL as a Markdown destination: between `<` and `>` when it holds spaces,
/// what would end it or break it escaped.
fn destination(url: &str) -> String {
    let angled = url.contains(char::is_whitespace);
    let mut out = String::with_capacity(url.len() + 2);
    if angled {
        out.push('<');
    }
    for c in url.chars() {
        if matches!(c, '\\' | '<' | '>') || (!angled && matches!(c, '(' | ')')) {
            out.push('\\');
        }
        out.push(c);
    }
    if angled {
        out.push('>');
    }
    out
}

/// Appends `text` with every character that Markdown could read as markup escaped;
/// `at_start` when it opens a line (where `#`, `>`, `-`, `+`, `=` and `1.` mean things).
fn escape(text: &str, at_start: bool, out: &mut String) {
    let mut chars = text.char_indices().peekable();
    if at_start {
        let digits = text.bytes().take_while(u8::is_ascii_digit).count();
        let after = text.as_bytes().get(digits).copied();
        if digits > 0 && matches!(after, Some(b'.' | b')')) {
            out.push_str(&text[..digits]);
            out.push('\\');
            for _ in 0..digits {
                chars.next();
            }
        } else if let Some(&(_, c)) = chars.peek()
            && matches!(c, '>' | '-' | '+' | '=')
        {
            out.push('\\');
        }
    }
    while let Some((_, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let special = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '#' => true,
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            _ => false,
        };
        if special {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::markdown;

    fn saved() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-03-05T10:20:30+01:00").unwrap()
    }

    fn draft() -> Draft {
        Draft {
            title: "Café \"society\": a # title".into(),
            subtitle: Some("What it was like".into()),
            date: chrono::NaiveDate::from_ymd_opt(2024, 2, 29),
            author: Some("Ann Writer, Bo Reporter".into()),
            source: Some("https://example.com/a?b=1&c=2".into()),
            site: None,
            tags: vec!["harbours".into()],
            body: vec![
                Block::Paragraph("The first paragraph, with a link here and more.".into()),
                Block::Heading {
                    level: 2,
                    text: "# A heading".into(),
                },
                Block::Paragraph(
                    "Stars *like this*, _under_, [brackets], `code`, <b>tags</b>, \
                     &amp; an entity, ~~struck~~ and a \\ backslash."
                        .into(),
                ),
                Block::Paragraph("1. not a list".into()),
                Block::Paragraph("- not a list either".into()),
                Block::Paragraph("> not a quote".into()),
                Block::Quote("A quoted line, with another link.".into()),
                Block::List {
                    ordered: false,
                    items: vec!["one".into(), "# two".into()],
                },
                Block::List {
                    ordered: true,
                    items: vec!["first".into(), "second".into()],
                },
                Block::Code("let x = 1;\n```\nstill code".into()),
                Block::Rule,
                Block::Paragraph("The end.".into()),
            ],
            links: vec![
                Link {
                    text: "a link".into(),
                    url: "https://example.com/x_(y)".into(),
                },
                Link {
                    text: "another link".into(),
                    url: "https://example.com/two words".into(),
                },
            ],
            ..Draft::default()
        }
    }

    #[test]
    fn the_front_matter_says_what_the_article_is() {
        let text = to_markdown(&draft(), saved());
        let front: Vec<&str> = text.lines().take(9).collect();
        assert_eq!(
            front,
            [
                "---",
                r#"title: "Café \"society\": a # title""#,
                r#"author: "Ann Writer, Bo Reporter""#,
                r#"source: "https://example.com/a?b=1&c=2""#,
                r#"description: "What it was like""#,
                r#"saved: "2026-03-05T10:20:30+01:00""#,
                "date: 2024-02-29",
                r#"tags: ["harbours"]"#,
                "---",
            ]
        );
    }

    #[test]
    fn the_file_reads_back_as_the_same_article() {
        let original = draft();
        let (back, warnings) = markdown::parse(&to_markdown(&original, saved()));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(back.title, original.title);
        assert_eq!(back.author, original.author);
        assert_eq!(back.date, original.date);
        assert_eq!(back.source, original.source);
        assert_eq!(back.subtitle, original.subtitle);
        assert_eq!(back.tags, original.tags);
        assert_eq!(back.body, original.body);
        assert_eq!(back.links, original.links);
    }

    #[test]
    fn tags_are_written_and_read_back() {
        let mut d = draft();
        d.tags = vec!["rust".into(), "a, \"quoted\" tag".into(), "café".into()];
        let text = to_markdown(&d, saved());
        assert!(
            text.contains("tags: [\"rust\", \"a, \\\"quoted\\\" tag\", \"café\"]\n"),
            "{text}"
        );
        let (back, warnings) = markdown::parse(&text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(back.tags, d.tags);
    }

    #[test]
    fn links_are_put_back_where_their_words_are() {
        let text = to_markdown(&draft(), saved());
        assert!(
            text.contains("with [a link](https://example.com/x_\\(y\\)) here"),
            "{text}"
        );
        assert!(
            text.contains("> A quoted line, with [another link](<https://example.com/two words>).")
        );
    }

    #[test]
    fn a_link_whose_words_are_not_in_the_text_is_dropped_and_the_rest_placed() {
        let mut d = draft();
        d.links.insert(
            0,
            Link {
                text: "nowhere".into(),
                url: "https://example.com/n".into(),
            },
        );
        let text = to_markdown(&d, saved());
        assert!(!text.contains("example.com/n)"));
        assert!(text.contains("[a link]"), "{text}");
        assert!(text.contains("[another link]"), "{text}");
    }

    #[test]
    fn an_article_without_author_or_date_leaves_them_out() {
        let d = Draft {
            title: "Plain".into(),
            body: vec![Block::Paragraph("Text.".into())],
            ..Draft::default()
        };
        let text = to_markdown(&d, saved());
        assert!(
            !text.contains("author:") && !text.contains("date:"),
            "{text}"
        );
        let (back, _) = markdown::parse(&text);
        assert_eq!(back.title, "Plain");
        assert_eq!(back.date, None);
    }
}
