//! OSC 8 hyperlinks for the URLs drawn in the reading pane: every `http://` or
//! `https://` URL in a reader line's text, followed across lines where the layout broke
//! it, becomes a link in terminals that make them.
//!
//! Each cell under a URL carries a whole link of its own: `ESC ] 8 ; id=ID ; URL ESC \`,
//! its one character, `ESC ] 8 ; ; ESC \`, and a forced width of one cell. ratatui's
//! diff then measures the cell as the one column it shows (the escape would otherwise
//! count as dozens), and can redraw any single cell without leaving the terminal inside
//! a link; the cells of one URL share an id, so the terminal treats them, and the
//! pieces of a wrapped URL, as one link. A URL is linked only if it is printable ASCII
//! (no space, no ESC, BEL, ST or other C0/C1 control) and the cells show exactly it;
//! anything else stays plain text. Whether links are wanted is decided elsewhere.

use std::num::NonZeroU16;
use std::ops::Range;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use crate::layout::wrap::{LineKind, TextLine};

/// The longest URL made a link (terminals cap them about here).
const MAX_URL: usize = 2048;
/// The most lines a broken URL is followed over.
const MAX_LINES: usize = 64;

/// A URL on one reader line: the bytes of the line's text that show (a piece of) it,
/// and the whole URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub range: Range<usize>,
    pub url: String,
}

/// Turns the URLs of reader line `index`, drawn on row `row` of `column`, into
/// hyperlinks.
pub fn link_line(buf: &mut Buffer, column: Rect, row: u16, lines: &[TextLine], index: usize) {
    let Some(line) = lines.get(index) else {
        return;
    };
    if row >= column.height {
        return;
    }
    let y = column.y + row;
    let start = usize::from(column.x) + line.prefix.width();
    for link in links(lines, index) {
        let x = start + line.text[..link.range.start].width();
        link_cells(buf, x, y, column.right(), &line.text[link.range], &link.url);
    }
}

/// The links on line `index` of `lines`.
pub fn links(lines: &[TextLine], index: usize) -> Vec<Link> {
    let Some(line) = lines.get(index) else {
        return Vec::new();
    };
    // The run of lines that read as one word with this one.
    let mut first = index;
    while first > 0 && joins_next(lines, first - 1) {
        first -= 1;
        if index - first > MAX_LINES {
            return Vec::new();
        }
    }
    let mut last = index;
    while joins_next(lines, last) {
        last += 1;
        if last - first > MAX_LINES {
            return Vec::new();
        }
    }
    let mut joined = String::new();
    let mut offset = 0;
    for (i, l) in lines[first..=last].iter().enumerate() {
        if first + i == index {
            offset = joined.len();
        }
        joined.push_str(&l.text);
    }
    let here = offset..offset + line.text.len();
    find_urls(&joined)
        .into_iter()
        .filter(|url| {
            // A code line cut to the width ends in `…`: the URL before it is not whole.
            !(line.kind == LineKind::Code
                && url.end == here.end.saturating_sub('…'.len_utf8())
                && line.text.ends_with('…'))
        })
        .filter_map(|url| {
            let start = url.start.max(here.start);
            let end = url.end.min(here.end);
            (start < end).then(|| Link {
                range: start - offset..end - offset,
                url: joined[url].to_string(),
            })
        })
        .collect()
}

/// Whether line `i` ends inside a URL-like word that goes on on the next line.
fn joins_next(lines: &[TextLine], i: usize) -> bool {
    let (Some(line), Some(next)) = (lines.get(i), lines.get(i + 1)) else {
        return false;
    };
    line.continues
        && line
            .text
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_graphic())
        && next
            .text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_graphic())
}

/// The byte ranges of the `http://` and `https://` URLs in `text`, without the
/// punctuation that ends a sentence or closes a bracket around them. A URL holding
/// anything but printable ASCII is left out whole, not cut short.
pub fn find_urls(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if !text.contains("://") {
        return out;
    }
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let Some(start) = (at..bytes.len()).find(|&i| scheme_at(text, i)) else {
            break;
        };
        let end = text[start..]
            .char_indices()
            .find(|&(_, c)| ends_url(c))
            .map_or(text.len(), |(i, _)| start + i);
        let trimmed = trim_end(&text[start..end]);
        if is_safe_url(trimmed) {
            out.push(start..start + trimmed.len());
        }
        at = end.max(start + 1);
    }
    out
}

/// Whether a URL starts at byte `i`: its scheme, not inside a longer word.
fn scheme_at(text: &str, i: usize) -> bool {
    let bytes = text.as_bytes();
    let has = |scheme: &[u8]| {
        bytes
            .get(i..i + scheme.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(scheme))
    };
    (has(b"http://") || has(b"https://"))
        && text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Characters that end a URL in running text: spaces, the delimiters RFC 3986 leaves
/// out of URLs, and quotes, dashes and other punctuation outside ASCII. Controls,
/// format characters (bidi overrides) and the rest do not end it: they make it no URL.
fn ends_url(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '<' | '>' | '"' | '`')
        || matches!(c as u32,
            0xAB | 0xBB                     // « »
            | 0x2010..=0x2027 | 0x2030..=0x205E // dashes, quotes, …, ‹ ›
            | 0x3000..=0x303F               // CJK punctuation
            | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// Drops what ends a sentence after a URL, a closing bracket it did not open, and the
/// reader's link number (`[3]`, see `crate::links`).
fn trim_end(url: &str) -> &str {
    let mut url = url;
    loop {
        if let Some(open) = url.rfind('[')
            && let Some(digits) = url[open + 1..].strip_suffix(']')
            && !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
        {
            url = &url[..open];
            continue;
        }
        let count = |c| url.matches(c).count();
        let drop = match url.chars().next_back() {
            Some('.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*') => true,
            Some(')') => count('(') < count(')'),
            Some(']') => count('[') < count(']'),
            _ => false,
        };
        if !drop {
            return url;
        }
        url = &url[..url.len() - 1];
    }
}

/// Whether `url` may go into an OSC 8 sequence: an `http` or `https` URL with a host,
/// of printable ASCII only (no space, no C0 or C1 control, nothing that could end the
/// sequence), and not too long.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    url.len() <= MAX_URL
        && url.bytes().all(|b| b.is_ascii_graphic())
        && host.bytes().any(|b| b.is_ascii_alphanumeric())
}

/// The OSC 8 form of one cell: the link opened, the character, the link closed.
pub fn cell_symbol(url: &str, id: &str, c: char) -> String {
    format!("\x1b]8;id={id};{url}\x1b\\{c}\x1b]8;;\x1b\\")
}

/// Makes the cells from `x` on row `y` that show `shown` links to `url`, if `url` is
/// safe and they show exactly it, one ASCII character a cell, left of `right`.
fn link_cells(buf: &mut Buffer, x: usize, y: u16, right: u16, shown: &str, url: &str) -> bool {
    if !is_safe_url(url)
        || !shown.bytes().all(|b| b.is_ascii_graphic())
        || x + shown.len() > usize::from(right)
    {
        return false;
    }
    let cells = || (x..x + shown.len()).filter_map(|x| u16::try_from(x).ok());
    let matches = cells()
        .zip(shown.char_indices())
        .filter(|&(x, (i, _))| {
            buf.cell((x, y))
                .is_some_and(|cell| cell.symbol() == &shown[i..i + 1])
        })
        .count();
    if matches != shown.len() {
        return false;
    }
    let id = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(url.as_bytes()));
    for (x, c) in cells().zip(shown.chars()) {
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_symbol(&cell_symbol(url, &id, c))
                .set_diff_option(CellDiffOption::ForcedWidth(NonZeroU16::MIN));
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, ArticleId, Block, Draft};
    use crate::layout::wrap::{Marks, layout_article};
    use ratatui::text::Line;
    use std::path::PathBuf;

    fn urls(text: &str) -> Vec<&str> {
        find_urls(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn urls_are_found_in_running_text() {
        assert_eq!(
            urls("see https://example.com/a?b=1&c=2#d. Or http://x.org, then"),
            ["https://example.com/a?b=1&c=2#d", "http://x.org"]
        );
        assert_eq!(
            urls("(https://en.wikipedia.org/wiki/Rust_(language)) and [http://a.io/x]"),
            [
                "https://en.wikipedia.org/wiki/Rust_(language)",
                "http://a.io/x"
            ]
        );
        assert_eq!(
            urls("“https://example.com/quoted”—and <https://example.com/angle>"),
            ["https://example.com/quoted", "https://example.com/angle"]
        );
        assert_eq!(urls("HTTPS://EXAMPLE.COM/UP"), ["HTTPS://EXAMPLE.COM/UP"]);
        assert_eq!(
            urls("https://web.archive.org/web/2020/https://example.com/"),
            ["https://web.archive.org/web/2020/https://example.com/"],
            "one URL inside another is the outer one"
        );
        assert!(urls("ftp://example.com mailto:a@b.c https:// http://").is_empty());
        assert!(urls("xhttps://example.com").is_empty(), "inside a word");
        assert!(
            urls("https://例え.jp/パス").is_empty(),
            "not ASCII: left out, not cut"
        );
    }

    #[test]
    fn hostile_urls_are_never_links() {
        for text in [
            "https://a.example/\x1b]8;;https://evil.example\x1b\\x",
            "https://a.example/\x07x",
            "https://a.example/\u{9b}31m",
            "https://a.example/\u{9c}",
            "https://a.example/\x7f",
            "https://a.example/\u{202e}x",
        ] {
            assert!(urls(text).is_empty(), "{text:?}");
            assert!(!is_safe_url(text), "{text:?}");
        }
        assert!(!is_safe_url("https://a.example/x y"));
        assert!(!is_safe_url(&format!(
            "https://a.example/{}",
            "x".repeat(3000)
        )));
        assert!(is_safe_url("https://a.example/x"));
    }

    fn line(kind: LineKind, prefix: &str, text: &str, continues: bool) -> TextLine {
        TextLine {
            kind,
            prefix: prefix.into(),
            text: text.into(),
            continues,
        }
    }

    #[test]
    fn a_broken_url_is_one_link_on_every_line_it_crosses() {
        let lines = [
            line(LineKind::Body, "", "read https://example.com/a-", true),
            line(LineKind::Body, "", "long/path", true),
            line(LineKind::Body, "", "/end, then", false),
            line(LineKind::Body, "", "more", false),
        ];
        let url = "https://example.com/a-long/path/end";
        let expect = |range: Range<usize>| {
            vec![Link {
                range,
                url: url.into(),
            }]
        };
        assert_eq!(links(&lines, 0), expect(5..27));
        assert_eq!(links(&lines, 1), expect(0..9));
        assert_eq!(links(&lines, 2), expect(0..4));
        assert!(links(&lines, 3).is_empty());
        // A break at a space ends the URL.
        let lines = [
            line(LineKind::Body, "", "see https://example.com/", false),
            line(LineKind::Body, "", "for more", false),
        ];
        assert_eq!(links(&lines, 0)[0].url, "https://example.com/");
        assert!(links(&lines, 1).is_empty());
    }

    #[test]
    fn laid_out_urls_link_whole_at_every_width() {
        let source = "https://www.example-news.com/world/2023/oct/31/russia-iran-ties-deepen-analysis?utm_source=feed&ref=front";
        let inline = "https://example.org/a/very/long/path/that/goes/on_and_on/index.html";
        let draft = Draft {
            title: "A title".into(),
            source: Some(source.into()),
            body: vec![
                Block::Paragraph(format!(
                    "Read more at {inline}. Or not, see {inline}/ for it."
                )),
                Block::List {
                    ordered: false,
                    items: vec![format!("item {source}")],
                },
                Block::Quote(format!("({inline})")),
            ],
            ..Draft::default()
        };
        let article = Article::new(ArticleId(1), PathBuf::from("a"), draft);
        for width in 12..=120 {
            let lines = layout_article(&article, Marks::default(), "%Y-%m-%d", width);
            // The pieces of each URL, joined in reading order.
            let mut pieces: Vec<(String, String)> = Vec::new();
            for i in 0..lines.len() {
                for link in links(&lines, i) {
                    let shown = &lines[i].text[link.range.clone()];
                    match pieces.last_mut() {
                        Some((url, so_far)) if *url == link.url && so_far.len() < url.len() => {
                            so_far.push_str(shown)
                        }
                        _ => pieces.push((link.url.clone(), shown.to_string())),
                    }
                }
            }
            for (url, shown) in &pieces {
                assert_eq!(url, shown, "width {width}: {lines:#?}");
            }
            let inline_slash = format!("{inline}/");
            let found: Vec<&str> = pieces.iter().map(|(url, _)| url.as_str()).collect();
            // Then the numbered link list at the end of the article.
            assert_eq!(
                found,
                [
                    source,
                    inline,
                    &inline_slash,
                    source,
                    inline,
                    inline,
                    &inline_slash,
                    source
                ],
                "width {width}"
            );
        }
    }

    fn drawn(lines: &[TextLine], width: u16) -> Buffer {
        let area = Rect::new(0, 0, width, lines.len() as u16);
        let mut buf = Buffer::empty(area);
        for (row, l) in lines.iter().enumerate() {
            let drawn = Line::from(format!("{}{}", l.prefix, l.text));
            buf.set_line(0, row as u16, &drawn, width);
            link_line(&mut buf, area, row as u16, lines, row);
        }
        buf
    }

    #[test]
    fn each_cell_of_a_url_holds_a_whole_link_one_cell_wide() {
        let lines = [line(
            LineKind::ListItem,
            "• ",
            "at https://a.example/x.",
            false,
        )];
        let buf = drawn(&lines, 30);
        let id = format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(b"https://a.example/x")
        );
        assert_eq!(buf[(4, 0)].symbol(), " ", "not part of the URL");
        assert_eq!(
            buf[(5, 0)].symbol(),
            format!("\x1b]8;id={id};https://a.example/x\x1b\\h\x1b]8;;\x1b\\")
        );
        assert_eq!(
            buf[(23, 0)].symbol(),
            format!("\x1b]8;id={id};https://a.example/x\x1b\\x\x1b]8;;\x1b\\")
        );
        assert_eq!(buf[(24, 0)].symbol(), ".", "the full stop is not");
        for x in 5..24 {
            assert_eq!(
                buf[(x, 0)].diff_option,
                CellDiffOption::ForcedWidth(NonZeroU16::MIN)
            );
        }
        assert_eq!(buf[(24, 0)].diff_option, CellDiffOption::None);
        // Drawn again unchanged, nothing is sent; one cell changed, only it is.
        let again = drawn(&lines, 30);
        assert_eq!(buf.diff(&again), []);
        let mut changed = again.clone();
        changed[(10, 0)].set_style(ratatui::style::Style::new().bold());
        let diff = again.diff(&changed);
        assert_eq!(diff.len(), 1);
        assert_eq!((diff[0].0, diff[0].1), (10, 0));
    }

    #[test]
    fn cells_that_do_not_show_the_url_are_left_alone() {
        // Wide characters before the URL put it where the width says.
        let lines = [line(LineKind::Body, "", "東京 https://a.example/", false)];
        let buf = drawn(&lines, 30);
        assert!(buf[(5, 0)].symbol().starts_with("\x1b]8;"));
        // Something else drawn there, or a URL cut off at the edge: plain text.
        let mut buf = Buffer::empty(Rect::new(0, 0, 30, 1));
        buf.set_string(
            0,
            0,
            "https://a.example/ covered",
            ratatui::style::Style::new(),
        );
        buf.set_string(3, 0, "X", ratatui::style::Style::new());
        let lines = [line(LineKind::Body, "", "https://a.example/", false)];
        link_line(&mut buf, Rect::new(0, 0, 30, 1), 0, &lines, 0);
        assert!(buf.content.iter().all(|c| !c.symbol().contains('\x1b')));
        let buf = drawn(&lines, 10);
        assert!(buf.content.iter().all(|c| !c.symbol().contains('\x1b')));
    }

    #[test]
    fn a_hostile_line_puts_no_escape_in_a_cell() {
        let lines = [
            line(
                LineKind::Meta,
                "",
                "https://a.example/\x1b]8;;https://evil\x07x",
                false,
            ),
            line(LineKind::Body, "", "https://b.example/\u{9b}2J", false),
        ];
        let buf = drawn(&lines, 60);
        for cell in &buf.content {
            assert!(
                !cell.symbol().contains(['\x1b', '\x07', '\u{9b}']),
                "{:?}",
                cell.symbol()
            );
        }
    }
}
