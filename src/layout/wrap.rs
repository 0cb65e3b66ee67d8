//! Text layout helpers: an article wrapped into lines of a given display width, and
//! truncation by display width. Pure functions over sanitised text; no styles here
//! (the line kinds say what a line is, the reader pane picks the style).

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use std::ops::Range;

use super::window::{self, Piece};
use crate::article::{Article, Block, Link};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Title,
    Subtitle,
    Meta,
    Note,
    Heading(u8),
    Body,
    Quote,
    ListItem,
    Code,
    Rule,
    Blank,
    /// An entry of the numbered link list at the end: `[n] text`.
    Link,
    /// A link's URL, under its entry.
    LinkUrl,
}

/// One laid-out line of the reading pane: an indent or marker, then the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextLine {
    pub kind: LineKind,
    pub prefix: String,
    pub text: String,
    /// The line ends inside a word that goes on at the start of the next line (broken
    /// to fit, or after a hyphen or a slash): the two read as one word, as a long URL.
    pub continues: bool,
}

impl TextLine {
    fn new(kind: LineKind, prefix: impl Into<String>, text: impl Into<String>) -> Self {
        TextLine {
            kind,
            prefix: prefix.into(),
            text: text.into(),
            continues: false,
        }
    }

    fn blank() -> Self {
        TextLine::new(LineKind::Blank, "", "")
    }
}

/// What goes under an article's byline besides what it says of itself: the note on
/// its bookmark, and its tags (the file's and those given in the reader).
#[derive(Clone, Copy, Debug, Default)]
pub struct Marks<'a> {
    pub note: Option<&'a str>,
    pub tags: &'a [String],
}

/// Lays out a whole article, with its marks, for a reading column `width` cells wide:
/// as the reader shows it, and as `tidings show` prints it.
pub fn layout_article(
    article: &Article,
    marks: Marks,
    date_format: &str,
    width: usize,
) -> Vec<TextLine> {
    let numbered = crate::links::number(article);
    let pieces = window::pieces(&numbered.body, window::PIECE_BYTES);
    let part = Part {
        body: &numbered.body,
        links: &numbered.links,
        pieces: &pieces,
        window: 0..pieces.len(),
    };
    layout_part(article, &part, marks, date_format, width).lines
}

/// What of an article to lay out: its body with link numbers written in, its links,
/// the pieces the body is cut into and the window of them to lay out. The title and
/// what goes under it come with the first piece, the list of links with the last.
pub struct Part<'a> {
    pub body: &'a [Block],
    pub links: &'a [Link],
    pub pieces: &'a [Piece],
    pub window: Range<usize>,
}

/// The lines of a [`Part`], and the index in them where each piece of its window
/// starts (its blank line, if it opens a block).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Laid {
    pub lines: Vec<TextLine>,
    pub starts: Vec<usize>,
}

/// Lays out `part` of `article` for a reading column `width` cells wide.
pub fn layout_part(
    article: &Article,
    part: &Part,
    marks: Marks,
    date_format: &str,
    width: usize,
) -> Laid {
    let width = width.max(1);
    let mut out = Vec::new();
    let window = part.window.start..part.window.end.min(part.pieces.len());
    if window.start == 0 {
        layout_head(&mut out, article, marks, date_format, width);
    }
    let mut starts = Vec::with_capacity(window.len());
    for piece in &part.pieces[window.clone()] {
        starts.push(out.len());
        let Some(block) = part.body.get(piece.block) else {
            continue;
        };
        let text = window::text(part.body, piece);
        let at = out.len();
        if piece.item == 0 && piece.range.start == 0 {
            out.push(TextLine::blank());
        }
        match block {
            Block::Heading { level, .. } => {
                push_wrapped(&mut out, LineKind::Heading(*level), "", "", text, width);
            }
            Block::Paragraph(_) => push_wrapped(&mut out, LineKind::Body, "", "", text, width),
            Block::Quote(_) => push_wrapped(&mut out, LineKind::Quote, "│ ", "│ ", text, width),
            Block::List { items, .. } if items.is_empty() => {}
            Block::List { ordered, .. } => {
                let marker = if *ordered {
                    format!("{}. ", piece.item + 1)
                } else {
                    "• ".to_string()
                };
                let hang = " ".repeat(marker.width());
                let first = if piece.range.start == 0 {
                    &marker
                } else {
                    &hang
                };
                push_wrapped(&mut out, LineKind::ListItem, first, &hang, text, width);
            }
            Block::Code(_) => {
                for line in text.lines() {
                    out.push(TextLine::new(
                        LineKind::Code,
                        "  ",
                        truncate(line, width.saturating_sub(2)),
                    ));
                }
            }
            Block::Rule => out.push(TextLine::new(LineKind::Rule, "", "─".repeat(width.min(40)))),
        }
        if window::cut_in_word(part.body, piece)
            && let Some(last) = out[at..].last_mut()
        {
            last.continues = true;
        }
    }
    if window.end == part.pieces.len() && !part.links.is_empty() {
        layout_links(&mut out, part.links, width);
    }
    Laid { lines: out, starts }
}

/// The title, subtitle, byline, date, tags, source and note, and the rule under them.
fn layout_head(
    out: &mut Vec<TextLine>,
    article: &Article,
    marks: Marks,
    date_format: &str,
    width: usize,
) {
    push_wrapped(out, LineKind::Title, "", "", &article.title, width);
    if let Some(subtitle) = &article.subtitle {
        push_wrapped(out, LineKind::Subtitle, "", "", subtitle, width);
    }
    let mut meta = Vec::new();
    if let Some(author) = &article.author {
        meta.push(format!("By {author}"));
    }
    if let Some(date) = article.date {
        meta.push(date.format(date_format).to_string());
    }
    meta.push(format!("{} words", article.words));
    push_wrapped(out, LineKind::Meta, "", "", &meta.join(" · "), width);
    if !marks.tags.is_empty() {
        let line = format!("Tags: {}", marks.tags.join(" · "));
        push_wrapped(out, LineKind::Meta, "", "", &line, width);
    }
    if let Some(source) = &article.source {
        push_wrapped(out, LineKind::Meta, "", "", source, width);
    }
    if let Some(note) = marks.note {
        push_wrapped(out, LineKind::Note, "✎ ", "  ", note, width);
    }
    out.push(TextLine::new(LineKind::Rule, "", "─".repeat(width.min(40))));
}

/// The numbered list of links at the end.
fn layout_links(out: &mut Vec<TextLine>, links: &[Link], width: usize) {
    out.push(TextLine::blank());
    out.push(TextLine::new(LineKind::Rule, "", "─".repeat(width.min(40))));
    push_wrapped(out, LineKind::Heading(2), "", "", "Links", width);
    for (i, link) in links.iter().enumerate() {
        let number = format!("[{}] ", i + 1);
        let hang = " ".repeat(number.width());
        if link.text != link.url {
            push_wrapped(out, LineKind::Link, &number, &hang, &link.text, width);
            push_url(out, &hang, &link.url, width);
        } else {
            push_url(out, &number, &link.url, width);
        }
    }
}

/// A URL on lines of its own, cut anywhere (it has no spaces to wrap at).
fn push_url(out: &mut Vec<TextLine>, first_prefix: &str, url: &str, width: usize) {
    let indent = first_prefix.width();
    let avail = width.saturating_sub(indent).max(1);
    let mut line = String::new();
    let mut first = true;
    for c in url.chars() {
        if line.width() + c.width().unwrap_or(0) > avail {
            let prefix = if first {
                first_prefix.to_string()
            } else {
                " ".repeat(indent)
            };
            let mut piece = TextLine::new(LineKind::LinkUrl, prefix, std::mem::take(&mut line));
            // The URL goes on on the next line: one link across both.
            piece.continues = true;
            out.push(piece);
            first = false;
        }
        line.push(c);
    }
    if !line.is_empty() {
        let prefix = if first {
            first_prefix.to_string()
        } else {
            " ".repeat(indent)
        };
        out.push(TextLine::new(LineKind::LinkUrl, prefix, line));
    }
}

fn push_wrapped(
    out: &mut Vec<TextLine>,
    kind: LineKind,
    first_prefix: &str,
    prefix: &str,
    text: &str,
    width: usize,
) {
    let indent = first_prefix.width().max(prefix.width());
    let avail = width.saturating_sub(indent).max(1);
    // Where the last line ended in `text`, to tell a break inside a word from one at a space.
    let mut at = 0;
    for (i, line) in wrap_cells(text, avail).into_iter().enumerate() {
        let p = if i == 0 { first_prefix } else { prefix };
        let end = text[at..]
            .find(&*line)
            .map(|offset| at + offset + line.len());
        let continues = end.is_some_and(|end| {
            at = end;
            text[end..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace())
        });
        out.push(TextLine {
            continues,
            ..TextLine::new(kind, p, line.into_owned())
        });
    }
}

/// `text` wrapped to `avail` cells as ratatui draws them. textwrap counts an emoji
/// made wide by VS16 ("🌧️") as one cell; a line it makes too wide for that is
/// wrapped again, narrower, and the rest of the text after it.
fn wrap_cells(text: &str, avail: usize) -> Vec<std::borrow::Cow<'_, str>> {
    let wrap = |text, width| textwrap::wrap(text, textwrap::Options::new(width).break_words(true));
    let lines = wrap(text, avail);
    if lines.iter().all(|line| line.width() <= avail) {
        return lines;
    }
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.trim().is_empty() {
        let mut width = avail;
        let first = loop {
            let Some(first) = wrap(rest, width).into_iter().next() else {
                return out;
            };
            if first.width() <= avail || width <= 1 {
                break first.into_owned();
            }
            width -= 1;
        };
        let Some(at) = rest.find(first.as_str()) else {
            out.push(first.into());
            break;
        };
        rest = rest[at + first.len()..].trim_start();
        out.push(first.into());
    }
    out
}

/// `text` in the pieces a terminal draws as one, with their widths in cells as
/// ratatui measures them: a character with the zero-width ones after it (accents,
/// VS16, which makes "🌧️" two cells), characters joined by ZWJ staying together.
pub fn clusters(text: &str) -> impl Iterator<Item = (&str, usize)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        let mut end = first.len_utf8();
        let mut joined = first == '\u{200D}';
        for (i, c) in chars {
            if !(joined || c.width() == Some(0)) {
                break;
            }
            joined = c == '\u{200D}';
            end = i + c.len_utf8();
        }
        let (piece, after) = rest.split_at(end);
        rest = after;
        Some((piece, piece.width()))
    })
}

/// Cuts `text` to at most `width` display cells, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for (piece, w) in clusters(text) {
        if used + w > width - 1 {
            break;
        }
        out.push_str(piece);
        used += w;
    }
    out.push('…');
    out
}

/// Pads or cuts `text` to exactly `width` display cells.
pub fn fit(text: &str, width: usize) -> String {
    let mut s = truncate(text, width);
    let w = s.width();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{ArticleId, Draft};
    use std::path::PathBuf;

    #[test]
    fn truncate_counts_display_cells() {
        assert_eq!(truncate("hello", 10), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("東京の朝", 5), "東京…");
        assert_eq!(truncate("東京の朝", 0), "");
        assert_eq!(fit("東京", 6), "東京  ");
        assert_eq!(truncate("🌧️ rain", 3), "🌧️…");
        assert_eq!(fit("🌧️", 3), "🌧️ ");
    }

    #[test]
    fn wraps_by_width_with_hanging_list_indent() {
        let draft = Draft {
            title: "A title".into(),
            body: vec![
                Block::Paragraph("one two three four five six".into()),
                Block::List {
                    ordered: false,
                    items: vec!["alpha beta gamma delta".into()],
                },
                Block::Quote("quoted words here".into()),
            ],
            ..Draft::default()
        };
        let article = Article::new(ArticleId(1), PathBuf::from("a"), draft);
        let lines = layout_article(&article, Marks::default(), "%Y-%m-%d", 12);
        let rendered: Vec<String> = lines
            .iter()
            .map(|l| format!("{}{}", l.prefix, l.text))
            .collect();
        for line in &rendered {
            assert!(line.width() <= 12, "{line:?} is wider than 12");
        }
        assert!(
            rendered.contains(&"one two".to_string())
                || rendered.contains(&"one two three".to_string())
        );
        assert!(
            rendered.contains(&"• alpha beta".to_string()),
            "{rendered:?}"
        );
        assert!(
            rendered.contains(&"  gamma".to_string())
                || rendered.contains(&"  gamma delta".to_string()),
            "{rendered:?}"
        );
        assert!(
            rendered.iter().any(|l| l.starts_with("│ quoted")),
            "{rendered:?}"
        );
    }

    #[test]
    fn a_line_says_whether_its_last_word_goes_on_on_the_next() {
        // textwrap breaks at spaces, after `//` and hyphens (Unicode line-break
        // opportunities), between CJK characters, and inside words too long for a line.
        let paragraph = "see https://example.com/aaaaaaaaaaaaaaaaaaaaaaaa/bbbbbbbbbbbbbbbb/c-d end, \
                         東京の朝市は活気に満ちていて well-known words";
        let draft = Draft {
            title: "t".into(),
            body: vec![Block::Paragraph(paragraph.into())],
            ..Draft::default()
        };
        let article = Article::new(ArticleId(1), PathBuf::from("a"), draft);
        for width in 8..=60 {
            let lines = layout_article(&article, Marks::default(), "%Y-%m-%d", width);
            let body: Vec<&TextLine> = lines.iter().filter(|l| l.kind == LineKind::Body).collect();
            // Lines that go on join without a space, the others with one.
            let mut joined = String::new();
            for line in &body {
                joined.push_str(&line.text);
                if !line.continues {
                    joined.push(' ');
                }
            }
            // The URL carries its link number.
            let numbered = paragraph.replace("c-d end", "c-d[1] end");
            assert_eq!(joined.trim_end(), numbered, "width {width}: {body:#?}");
            assert!(body.iter().any(|l| l.continues), "width {width}");
            assert!(body.iter().any(|l| !l.continues), "width {width}");
        }
    }

    #[test]
    fn cjk_without_spaces_wraps_within_width() {
        let draft = Draft {
            title: "t".into(),
            body: vec![Block::Paragraph(
                "東京の朝市は活気に満ちていて観光客にも人気です".into(),
            )],
            ..Draft::default()
        };
        let article = Article::new(ArticleId(1), PathBuf::from("a"), draft);
        for line in layout_article(&article, Marks::default(), "%Y-%m-%d", 10) {
            assert!(line.text.width() <= 10, "{:?}", line.text);
        }
    }
}
