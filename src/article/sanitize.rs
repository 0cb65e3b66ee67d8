//! The sanitiser that makes text from files safe to put on a terminal: escape
//! sequences, controls, bidi overrides and zero-width characters out, tabs expanded,
//! line endings unified.

use std::borrow::Cow;
use std::sync::LazyLock;

use super::block::Block;

pub(super) fn sanitize_block(block: Block) -> Block {
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
    let mut chars = Cursor { rest: text };
    loop {
        // Characters kept as they are, copied a run at a time: no byte of the run may
        // start a character `one_char` changes (they all start with such a byte).
        let run = kept_run(chars.rest.as_bytes());
        let (kept, rest) = chars.rest.split_at(run);
        out.push_str(kept);
        column += kept.chars().count();
        chars.rest = rest;
        let Some(c) = chars.next() else {
            break;
        };
        one_char(c, &mut chars, &mut out, &mut column);
    }
    Cow::Owned(out)
}

/// What [`sanitize`] makes of the character `c`, read from `chars`: added to `out`
/// as it is, changed, or left out with the rest of its escape sequence; `column`
/// counts the characters since the last newline, for tabs.
fn one_char(c: char, chars: &mut Cursor, out: &mut String, column: &mut usize) {
    match c {
        '\n' | '\u{2028}' | '\u{2029}' => {
            out.push('\n');
            *column = 0;
        }
        '\r' => {
            chars.next_if_eq('\n');
            out.push('\n');
            *column = 0;
        }
        '\t' => {
            let n = TAB_STOP - *column % TAB_STOP;
            out.extend(std::iter::repeat_n(' ', n));
            *column += n;
        }
        '\u{1b}' => skip_escape(chars),
        // C1 forms of CSI, OSC, DCS, SOS, PM, APC.
        '\u{9b}' => skip_csi(chars),
        '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(chars),
        c if is_unsafe(c) => {}
        c => {
            out.push(c);
            *column += 1;
        }
    }
}

/// How many bytes from the start of `bytes` hold only characters [`sanitize`] keeps
/// as they are: up to the first control, DEL, or first byte of a character from U+0080
/// to U+00BF, U+0600 to U+063F, U+2000 to U+2FFF or U+F000 to U+FFFF (every character
/// it changes is among those; most there are kept, one at a time). Looked at a chunk
/// at a time, in a loop the compiler vectorises.
fn kept_run(bytes: &[u8]) -> usize {
    const CHUNK: usize = 32;
    let stop =
        |b: u8| (b < 0x20) | (b == 0x7f) | (b == 0xc2) | (b == 0xd8) | (b == 0xe2) | (b == 0xef);
    let mut at = 0;
    for chunk in bytes.chunks_exact(CHUNK) {
        if chunk.iter().fold(false, |any, &b| any | stop(b)) {
            break;
        }
        at += CHUNK;
    }
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| stop(b)))
        .map_or(bytes.len(), |k| at + k)
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
pub(super) fn is_clean(text: &str, newlines: bool) -> bool {
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
    // A finder made once: `contains` would make a searcher at every call.
    static DOUBLE_SPACE: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("  "));
    if text.starts_with(' ') || text.ends_with(' ') || DOUBLE_SPACE.find(text.as_bytes()).is_some()
    {
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

/// The text still to sanitise, read a character at a time.
struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.rest.chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let mut chars = self.rest.chars();
        let c = chars.next();
        self.rest = chars.as_str();
        c
    }

    fn next_if(&mut self, wanted: impl FnOnce(&char) -> bool) -> Option<char> {
        self.peek().filter(wanted).and_then(|_| self.next())
    }

    fn next_if_eq(&mut self, wanted: char) -> Option<char> {
        self.next_if(|&c| c == wanted)
    }
}

fn skip_escape(chars: &mut Cursor) {
    match chars.peek() {
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
fn skip_csi(chars: &mut Cursor) {
    while chars
        .next_if(|c| ('\u{20}'..='\u{3f}').contains(c))
        .is_some()
    {}
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
}

/// A control string (OSC, DCS, ...): up to BEL, ST (ESC \ or U+009C) or any other control.
fn skip_string(chars: &mut Cursor) {
    while let Some(c) = chars.peek() {
        match c {
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                chars.next_if_eq('\\');
                return;
            }
            c if (c as u32) < 0x20 => return,
            _ => {
                chars.next();
            }
        }
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

    /// `sanitize` as it was, every character on its own, for the test below.
    fn by_char(text: &str) -> String {
        let (mut out, mut column, mut chars) = (String::new(), 0, Cursor { rest: text });
        while let Some(c) = chars.next() {
            one_char(c, &mut chars, &mut out, &mut column);
        }
        out
    }

    #[test]
    fn runs_copied_whole_give_what_a_character_at_a_time_gives() {
        let pieces = [
            "a",
            "word ",
            "é",
            "’",
            "—",
            "日本",
            "🌅",
            "\t",
            "\n",
            "\r",
            "\r\n",
            "\u{1b}[31m",
            "\u{1b}]8;;http://x\u{7}",
            "\u{1b}",
            "\u{1b}(B",
            "\u{1b}\\",
            "\u{1b}P",
            "\u{9b}2J",
            "\u{9d}x\u{9c}",
            "\u{85}",
            "\u{a0}",
            "\u{2028}",
            "\u{2029}",
            "\u{202e}",
            "\u{2067}",
            "\u{200b}",
            "\u{200d}",
            "\u{2060}",
            "\u{feff}",
            "\u{fffd}",
            "\u{61c}",
            "\u{627}",
            "\u{7f}",
            "\u{1}",
            "  ",
            "[",
            "\\",
        ];
        // A fixed pseudo-random walk: the same strings on every run.
        let mut numbers = crate::testing::numbers(0x2545_f491_4f6c_dd1d);
        let mut pick = |n: usize| numbers(n as u64) as usize;
        for _ in 0..3000 {
            let mut text = "x".repeat(pick(70));
            for _ in 0..pick(12) {
                text.push_str(pieces[pick(pieces.len())]);
                text.push_str(&"y".repeat(pick(40)));
            }
            assert_eq!(sanitize(&text), by_char(&text), "{text:?}");
        }
    }

    #[test]
    fn sanitize_line_folds_whitespace() {
        assert_eq!(sanitize_line("  a\n b\t\tc  "), "a b c");
    }
}
