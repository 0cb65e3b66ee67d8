//! The `Article` every parser produces and everything downstream reads, its stable id,
//! and the sanitiser that makes text from files safe to put on a terminal.
//! No I/O here.

use std::borrow::Cow;
use std::fmt;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A stable identifier: a hash of the file's bytes (and, for files holding several
/// articles, the entry's position), so it survives restarts, renames and moves.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
pub struct ArticleId(pub u64);

impl ArticleId {
    /// The id of a file that holds one article.
    pub fn from_content(bytes: &[u8]) -> Self {
        ArticleId(xxhash_rust::xxh3::xxh3_64(bytes))
    }

    /// The id of entry `index` of a file that holds several (feeds, mailboxes).
    pub fn from_entry(bytes: &[u8], index: usize) -> Self {
        Self::of_entry(ArticleId::from_content(bytes), index)
    }

    /// [`ArticleId::from_entry`] with the file's own id already known, so a file of
    /// many entries is hashed once, not once per entry.
    pub fn of_entry(file: ArticleId, index: usize) -> Self {
        let mut seed = [0u8; 16];
        seed[..8].copy_from_slice(&file.0.to_le_bytes());
        seed[8..].copy_from_slice(&(index as u64).to_le_bytes());
        ArticleId(xxhash_rust::xxh3::xxh3_64(&seed))
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl FromStr for ArticleId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 16 {
            return Err(format!("article id '{s}' is not 16 hex digits"));
        }
        u64::from_str_radix(s, 16)
            .map(ArticleId)
            .map_err(|_| format!("article id '{s}' is not 16 hex digits"))
    }
}

/// One block of an article body. Text inside blocks is single-paragraph prose
/// (no newlines) except for `Code`, which keeps its lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    Heading { level: u8, text: String },
    Paragraph(String),
    Quote(String),
    List { ordered: bool, items: Vec<String> },
    Code(String),
    Rule,
}

impl Block {
    /// Words in the block, counted without copying it.
    pub fn word_count(&self) -> usize {
        match self {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Quote(text) => {
                line_words(text)
            }
            Block::Code(text) => crate::whitespace::word_count(text),
            Block::List { items, .. } => items.iter().map(|i| line_words(i)).sum(),
            Block::Rule => 0,
        }
    }

    /// The block as plain text, as `list --body` and the search index see it.
    pub fn plain_text(&self) -> String {
        let mut out = String::with_capacity(self.plain_len());
        self.push_plain_text(&mut out);
        out
    }

    /// Appends [`Block::plain_text`] to `out`.
    pub fn push_plain_text(&self, out: &mut String) {
        match self {
            Block::Heading { text, .. }
            | Block::Paragraph(text)
            | Block::Quote(text)
            | Block::Code(text) => out.push_str(text),
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    if *ordered {
                        // Writing to a String cannot fail.
                        let _ = write!(out, "{}. ", i + 1);
                    } else {
                        out.push_str("- ");
                    }
                    out.push_str(item);
                }
            }
            Block::Rule => out.push_str("---"),
        }
    }

    /// About the length of [`Block::plain_text`] (exact but for list numbers), to
    /// reserve room for it or weigh a block without copying it.
    pub fn plain_len(&self) -> usize {
        match self {
            Block::Heading { text, .. }
            | Block::Paragraph(text)
            | Block::Quote(text)
            | Block::Code(text) => text.len(),
            Block::List { items, .. } => items.iter().map(|item| item.len() + 3).sum(),
            Block::Rule => 3,
        }
    }
}

/// A link found in an article's text, in order of appearance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub text: String,
    pub url: String,
}

/// Words in a sanitised line, where words are separated by single ASCII spaces and
/// each CJK letter is a word.
fn line_words(text: &str) -> usize {
    if text.is_empty() {
        0
    } else {
        crate::whitespace::spaces(text.as_bytes()) + 1 + crate::words::extra_cjk_words(text)
    }
}

/// What a parser extracts from one article: everything but where it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub title: String,
    pub subtitle: Option<String>,
    pub date: Option<NaiveDate>,
    pub author: Option<String>,
    /// The source URL, or a site or feed name where no URL is known.
    pub source: Option<String>,
    /// The site's or feed's name ("The Example Times"), when known.
    pub site: Option<String>,
    pub tags: Vec<String>,
    pub body: Vec<Block>,
    pub links: Vec<Link>,
}

/// A loaded article. Serialisable for the library cache (`crate::cache`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    #[serde(with = "crate::os_path")]
    pub path: PathBuf,
    pub title: String,
    pub subtitle: Option<String>,
    pub date: Option<NaiveDate>,
    pub author: Option<String>,
    pub source: Option<String>,
    pub site: Option<String>,
    pub tags: Vec<String>,
    pub body: Vec<Block>,
    pub links: Vec<Link>,
    pub words: usize,
}

impl Article {
    /// Wraps a parser's draft, making sure every field is safe to display.
    pub fn new(id: ArticleId, path: PathBuf, draft: Draft) -> Self {
        let one_line = clean_line;
        let opt = |s: Option<String>| s.map(one_line).filter(|s| !s.is_empty());
        let mut body: Vec<Block> = draft.body.into_iter().map(sanitize_block).collect();
        // Parsers grow the list as they go; the article keeps it for good.
        body.shrink_to_fit();
        let words = body.iter().map(Block::word_count).sum();
        let mut title = one_line(draft.title);
        if title.is_empty() {
            title = path
                .file_stem()
                .map(|s| sanitize_line(&s.to_string_lossy()))
                .unwrap_or_default();
        }
        Article {
            id,
            path,
            title,
            subtitle: opt(draft.subtitle),
            date: draft.date,
            author: opt(draft.author),
            source: opt(draft.source),
            site: opt(draft.site),
            tags: draft.tags.into_iter().map(one_line).collect(),
            body,
            links: draft
                .links
                .into_iter()
                .map(|l| Link {
                    text: sanitize_line(&l.text),
                    url: sanitize_line(&l.url),
                })
                .collect(),
            words,
        }
    }

    /// Whether every text of the article is safe on a terminal (what `new` makes
    /// sure of): for articles that come from elsewhere than a parser (the cache).
    pub fn is_safe(&self) -> bool {
        let line = |s: &str| is_clean(s, false);
        let opt = |s: &Option<String>| s.as_deref().is_none_or(line);
        let blocks = self.body.iter().all(|block| match block {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Quote(text) => line(text),
            Block::Code(text) => is_clean(text, true),
            Block::List { items, .. } => items.iter().all(|i| line(i)),
            Block::Rule => true,
        });
        blocks
            && line(&self.title)
            && opt(&self.subtitle)
            && opt(&self.author)
            && opt(&self.source)
            && opt(&self.site)
            && self.tags.iter().all(|t| line(t))
            && self.links.iter().all(|l| line(&l.text) && line(&l.url))
    }

    /// The body as plain text, a blank line between blocks.
    pub fn plain_body(&self) -> String {
        let len = self.body.iter().map(|b| b.plain_len() + 2).sum();
        let mut out = String::with_capacity(len);
        for (i, block) in self.body.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            block.push_plain_text(&mut out);
        }
        out
    }

    /// The source as a short name for the list: the site's name, the URL's host, or
    /// the source itself.
    pub fn source_name(&self) -> Option<&str> {
        if let Some(site) = self.site.as_deref() {
            return Some(site);
        }
        let source = self.source.as_deref()?;
        let rest = source
            .strip_prefix("https://")
            .or_else(|| source.strip_prefix("http://"));
        match rest {
            Some(rest) => {
                let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
                Some(host.strip_prefix("www.").unwrap_or(host))
            }
            None => Some(source),
        }
    }

    /// The path shown to people: lossy for names that are not UTF-8, and sanitised.
    pub fn display_path(&self) -> String {
        sanitize_line(&self.path.to_string_lossy())
    }
}

fn sanitize_block(block: Block) -> Block {
    match block {
        Block::Heading { level, text } => Block::Heading {
            level,
            text: clean_line(text),
        },
        Block::Paragraph(text) => Block::Paragraph(clean_line(text)),
        Block::Quote(text) => Block::Quote(clean_line(text)),
        Block::List { ordered, items } => Block::List {
            ordered,
            items: items.into_iter().map(clean_line).collect(),
        },
        Block::Code(text) => Block::Code(match sanitize(&text) {
            Cow::Borrowed(_) => text,
            Cow::Owned(clean) => clean,
        }),
        Block::Rule => Block::Rule,
    }
}

const TAB_STOP: usize = 4;

/// Makes text from a file safe for the terminal: removes escape sequences (CSI, OSC,
/// DCS and the rest, introduced by ESC or by their C1 forms), other C0 and C1 controls,
/// DEL, bidi overrides and marks, and the zero-width characters a terminal shows as
/// nothing (U+200B, U+2060, U+FEFF; the joiners U+200C/U+200D are kept, as scripts
/// and emoji need them); expands tabs; turns CR and CRLF into LF. Newlines are kept.
/// Every way out of the program, the reader and the command line alike, shows text
/// that went through it.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if is_clean(text, true) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut column = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                out.push('\n');
                column = 0;
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                column = 0;
            }
            '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                column = 0;
            }
            '\t' => {
                let n = TAB_STOP - column % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', n));
                column += n;
            }
            '\u{1b}' => skip_escape(&mut chars),
            // C1 forms of CSI, OSC, DCS, SOS, PM, APC.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_unsafe(c) => {}
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    Cow::Owned(out)
}

/// Like [`sanitize`], for text that must stay on one line (titles, names, paragraphs):
/// every run of whitespace, newlines included, becomes one space; the ends are trimmed.
pub fn sanitize_line(text: &str) -> String {
    if is_clean_line(text) {
        return text.to_string();
    }
    crate::whitespace::collapse(&sanitize(text))
}

/// [`sanitize_line`] on an owned string, which is returned as it is when already clean.
pub fn clean_line(text: String) -> String {
    if is_clean_line(&text) {
        text
    } else {
        sanitize_line(&text)
    }
}

/// Whether [`sanitize`] would change nothing: no control characters (but newlines when
/// `newlines`), no DEL, C1 controls, line or paragraph separators, bidi controls and
/// marks, zero-width spaces or BOM.
/// A byte scan, so clean text (nearly all of it) costs no copy.
fn is_clean(text: &str, newlines: bool) -> bool {
    // Controls, DEL, and the lead bytes of the characters below.
    let suspect = |b: u8| {
        ((b < 0x20) & !(newlines & (b == b'\n')))
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xd8)
            | (b == 0xe2)
            | (b == 0xef)
    };
    suspects_ok(text.as_bytes(), suspect, |bytes, i| {
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        !matches!(
            (bytes[i], next(1), next(2)),
            (0..=0x1f | 0x7f, _, _)
                | (0xc2, 0x80..=0x9f, _) // C1 controls
                | (0xd8, 0x9c, _) // U+061C
                | (0xe2, 0x80, 0x8b | 0x8e | 0x8f | 0xa8..=0xae) // U+200B, marks, U+2028..U+202E
                | (0xe2, 0x81, 0xa0 | 0xa6..=0xa9) // U+2060, U+2066..U+2069
                | (0xef, 0xbb, 0xbf) // U+FEFF
        )
    })
}

/// Whether [`sanitize_line`] would change nothing: clean, one line, single ASCII spaces
/// between words, none at the ends, and no other whitespace.
fn is_clean_line(text: &str) -> bool {
    if text.starts_with(' ') || text.ends_with(' ') || text.contains("  ") {
        return false;
    }
    // Controls, DEL, and the lead bytes of the characters below.
    let suspect = |b: u8| {
        (b < 0x20)
            | (b == 0x7f)
            | (b == 0xc2)
            | (b == 0xd8)
            | (b.wrapping_sub(0xe1) < 3)
            | (b == 0xef)
    };
    suspects_ok(text.as_bytes(), suspect, |bytes, i| {
        let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        !matches!(
            (bytes[i], next(1), next(2)),
            (0..=0x1f | 0x7f, _, _)
                | (0xc2, 0x80..=0xa0, _) // C1 controls, NBSP
                | (0xd8, 0x9c, _) // U+061C
                | (0xe1, 0x9a, 0x80) // U+1680
                | (0xe2, 0x80, 0x80..=0x8b | 0x8e | 0x8f | 0xa8..=0xaf) // spaces, marks, bidi, U+202F
                | (0xe2, 0x81, 0x9f | 0xa0 | 0xa6..=0xa9) // U+205F, U+2060, isolates
                | (0xe3, 0x80, 0x80) // ideographic space
                | (0xef, 0xbb, 0xbf) // U+FEFF
        )
    })
}

/// Whether `ok(bytes, i)` holds at every byte `i` that is `suspect`. Text without
/// suspect bytes, nearly all of it, is passed over a chunk at a time, in loops the
/// compiler vectorises: first for printable ASCII, the common case, then for any
/// suspect byte.
fn suspects_ok(
    bytes: &[u8],
    suspect: impl Fn(u8) -> bool,
    ok: impl Fn(&[u8], usize) -> bool,
) -> bool {
    const CHUNK: usize = 32;
    let bytes_ok = |from: usize, to: usize| (from..to).all(|i| !suspect(bytes[i]) || ok(bytes, i));
    let mut chunks = bytes.chunks_exact(CHUNK);
    let mut start = 0;
    for chunk in &mut chunks {
        let ascii = chunk
            .iter()
            .fold(true, |all, &b| all & (0x20..0x7f).contains(&b));
        let any_suspect = !ascii && chunk.iter().fold(false, |any, &b| any | suspect(b));
        if any_suspect && !bytes_ok(start, start + CHUNK) {
            return false;
        }
        start += CHUNK;
    }
    bytes_ok(start, bytes.len())
}

fn is_unsafe(c: char) -> bool {
    let u = c as u32;
    u < 0x20
        || (0x7f..=0x9f).contains(&u)
        || (0x202a..=0x202e).contains(&u)
        || (0x2066..=0x2069).contains(&u)
        || matches!(
            c,
            '\u{feff}' | '\u{061c}' | '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{2060}'
        )
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        Some(c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            // Intermediate bytes, then one final byte.
            while chars
                .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                .is_some()
            {}
            chars.next_if(|c| ('\u{30}'..='\u{7e}').contains(c));
        }
        Some(c) if ('\u{30}'..='\u{7e}').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// Parameters and intermediates, then the final byte.
fn skip_csi(chars: &mut Chars) {
    while chars
        .next_if(|c| ('\u{20}'..='\u{3f}').contains(c))
        .is_some()
    {}
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
}

/// A control string (OSC, DCS, ...): up to BEL, ST (ESC \ or U+009C) or any other control.
fn skip_string(chars: &mut Chars) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                chars.next_if_eq(&'\\');
                return;
            }
            c if (c as u32) < 0x20 => return,
            _ => {
                chars.next();
            }
        }
    }
}

/// Helpers the parsers' tests share.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Block, Draft};

    /// The paragraphs of a draft's body, in order.
    pub fn paragraphs(draft: &Draft) -> Vec<&str> {
        draft
            .body
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(text) => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The whole body as plain text, a line per block.
    pub fn body_text(draft: &Draft) -> String {
        let blocks = draft.body.iter().map(Block::plain_text);
        blocks.collect::<Vec<_>>().join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_csi_osc_and_c1() {
        let dirty = "a\x1b[2Jb\x1b]0;pwned\x07c\u{9b}31md\x1b]8;;http://x\x1b\\e\u{7f}f";
        assert_eq!(sanitize(dirty), "abcdef");
    }

    #[test]
    fn strips_bidi_overrides_and_keeps_text() {
        assert_eq!(sanitize("abc\u{202e}fed\u{202c}"), "abcfed");
        assert_eq!(sanitize("ärger 日本 🎉"), "ärger 日本 🎉");
    }

    #[test]
    fn strips_bidi_marks_and_zero_width_spaces_but_keeps_joiners() {
        let marked = "a\u{061c}b\u{200e}c\u{200f}d\u{200b}e\u{2060}f \u{0627}\u{200d}\u{0644}";
        assert_eq!(sanitize(marked), "abcdef \u{0627}\u{200d}\u{0644}");
        assert_eq!(sanitize_line(marked), "abcdef \u{0627}\u{200d}\u{0644}");
    }

    #[test]
    fn normalises_line_endings_and_tabs() {
        assert_eq!(sanitize("a\r\nb\rc"), "a\nb\nc");
        assert_eq!(sanitize("a\tb\n\tc"), "a   b\n    c");
    }

    #[test]
    fn unterminated_osc_stops_at_newline() {
        assert_eq!(sanitize("x\x1b]0;title\nnext"), "x\nnext");
    }

    #[test]
    fn clean_text_is_borrowed_and_the_fast_paths_agree_with_the_slow_ones() {
        assert!(matches!(
            sanitize("plain text\nwith lines, é and 日本"),
            Cow::Borrowed(_)
        ));
        let samples = [
            "",
            " ",
            "a  b",
            " a",
            "a ",
            "a\u{a0}b",
            "a\u{3000}b",
            "x\u{2028}y",
            "\u{feff}x",
            "a\u{85}b",
            "ok line",
            "tab\there",
            "é ü 🎉",
            "bidi\u{2067}x",
            "mark\u{200f}x",
            "arabic\u{061c}x\u{0627}",
            "zero\u{200b}width\u{2060}x",
            "joiners\u{200c}\u{200d}x",
            "c1\u{9f}x",
            "del\u{7f}",
        ];
        for s in samples {
            // The slow path, forced by a leading control character that it removes.
            let slow = sanitize_line(&format!("\u{1}{s}"));
            assert_eq!(sanitize_line(s), slow, "{s:?}");
            assert_eq!(clean_line(s.to_string()), slow, "{s:?}");
        }
    }

    #[test]
    fn the_fast_paths_agree_across_chunk_boundaries() {
        let specials = [
            "  ", "\t", "\n", "\u{1b}", "\u{7f}", "\u{85}", "\u{a0}", "\u{2028}", "\u{202e}",
            "\u{2067}", "\u{feff}", "é", "—", "日本", "\u{061c}", "\u{0627}", "\u{200b}",
            "\u{200d}", "\u{200e}", "\u{2060}",
        ];
        for special in specials {
            for pad in [0, 29, 30, 31, 32, 33, 63, 64] {
                let s = format!("{}{special}b{}", "a".repeat(pad), "c".repeat(40));
                let slow = sanitize_line(&format!("\u{1}{s}"));
                assert_eq!(sanitize_line(&s), slow, "{s:?}");
                let kept = matches!(sanitize(&s), Cow::Borrowed(_));
                let slow = sanitize(&format!("\u{1}{s}")).into_owned();
                assert_eq!(kept, slow == s, "{s:?}");
            }
        }
    }

    #[test]
    fn sanitize_line_folds_whitespace() {
        assert_eq!(sanitize_line("  a\n b\t\tc  "), "a b c");
    }

    #[test]
    fn id_round_trips_and_is_content_based() {
        let a = ArticleId::from_content(b"hello");
        assert_eq!(a, ArticleId::from_content(b"hello"));
        assert_ne!(a, ArticleId::from_content(b"hello!"));
        assert_eq!(a.to_string().parse::<ArticleId>(), Ok(a));
        assert!("xyz".parse::<ArticleId>().is_err());
        assert_ne!(
            ArticleId::from_entry(b"feed", 0),
            ArticleId::from_entry(b"feed", 1)
        );
    }

    /// Entry ids are what they were before the file's hash was kept between entries,
    /// so bookmarks on feed entries without links survive the change.
    #[test]
    fn entry_ids_keep_their_values() {
        let old = |bytes: &[u8], index: usize| {
            let base = xxhash_rust::xxh3::xxh3_64(bytes);
            let mut seed = base.to_le_bytes().to_vec();
            seed.extend_from_slice(&(index as u64).to_le_bytes());
            ArticleId(xxhash_rust::xxh3::xxh3_64(&seed))
        };
        for (bytes, index) in [(&b"feed"[..], 0), (b"feed", 7), (b"<rss>x</rss>", 70_000)] {
            assert_eq!(ArticleId::from_entry(bytes, index), old(bytes, index));
            let file = ArticleId::from_content(bytes);
            assert_eq!(ArticleId::of_entry(file, index), old(bytes, index));
        }
    }

    #[test]
    fn article_new_sanitises_and_counts_words() {
        let draft = Draft {
            title: "Bad\x1b[31m title\n".into(),
            body: vec![Block::Paragraph("one two\tthree".into())],
            source: Some("https://www.example.com/a/b".into()),
            ..Draft::default()
        };
        let a = Article::new(ArticleId(1), PathBuf::from("x.txt"), draft);
        assert_eq!(a.title, "Bad title");
        assert_eq!(a.words, 3);
        assert_eq!(a.source_name(), Some("example.com"));
    }

    #[test]
    fn empty_title_falls_back_to_file_stem() {
        let a = Article::new(
            ArticleId(1),
            PathBuf::from("dir/my-note.txt"),
            Draft::default(),
        );
        assert_eq!(a.title, "my-note");
    }
}
