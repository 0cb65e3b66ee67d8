//! Whitespace collapsing for the parsers and the sanitiser: every run of whitespace
//! becomes one space and the ends are trimmed, exactly as `split_whitespace` followed
//! by `join(" ")` would do, but text that is already collapsed (nearly all of it) is
//! copied in whole runs instead of word by word. Whitespace is what
//! `char::is_whitespace` says, no-break and other Unicode spaces included. Also the
//! counts the loader runs over whole texts (words, spaces, non-whitespace characters,
//! any byte), written so the compiler vectorises them.
//! Pure string work: no I/O, no panics.

/// Bytes that may start a whitespace character: the ASCII ones, and the lead bytes of
/// U+0085 and U+00A0 (0xC2), U+1680 (0xE1), U+2000..U+205F (0xE2) and U+3000 (0xE3).
const MAY_START_WHITESPACE: [bool; 256] = {
    let mut table = [false; 256];
    let starts = [
        b' ', b'\t', b'\n', 0x0b, 0x0c, b'\r', 0xc2, 0xe1, 0xe2, 0xe3,
    ];
    let mut i = 0;
    while i < starts.len() {
        table[starts[i] as usize] = true;
        i += 1;
    }
    table
};

/// The length in bytes of the whitespace character at byte `i`, or 0 when the
/// character there is not whitespace (or `i` is past the end).
#[inline]
fn whitespace_len(bytes: &[u8], i: usize) -> usize {
    let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    match at(0) {
        b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => 1,
        0xc2 if matches!(at(1), 0x85 | 0xa0) => 2,
        0xe1 if (at(1), at(2)) == (0x9a, 0x80) => 3,
        0xe2 if matches!(
            (at(1), at(2)),
            (0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf) | (0x81, 0x9f)
        ) =>
        {
            3
        }
        0xe3 if (at(1), at(2)) == (0x80, 0x80) => 3,
        _ => 0,
    }
}

/// Where the next whitespace character at or after byte `i` starts, or the end.
fn next_whitespace(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&b) = bytes.get(i) {
        // Every ASCII byte in the table is whitespace.
        if MAY_START_WHITESPACE[usize::from(b)] && (b.is_ascii() || whitespace_len(bytes, i) > 0) {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// From a non-whitespace character at byte `i`, the end of the run that is already
/// collapsed: words with single ASCII spaces between them, up to the first other
/// whitespace, or a space at the end or before more whitespace.
fn collapsed_run_end(bytes: &[u8], i: usize) -> usize {
    collapsed_run::<false>(bytes, i, usize::MAX).0
}

/// [`collapsed_run_end`], and with `COUNT` the spaces in the run too. A counting
/// call stops early, somewhere inside the run, once it has passed `enough` spaces:
/// a caller that only asks whether there are more words than a limit has its answer
/// without reading the rest of a long paragraph.
fn collapsed_run<const COUNT: bool>(bytes: &[u8], mut i: usize, enough: usize) -> (usize, usize) {
    let mut spaces = 0;
    loop {
        if COUNT && spaces >= enough {
            return (i, spaces);
        }
        i = skip_plain_chunks::<COUNT>(bytes, i, &mut spaces, enough);
        if COUNT && spaces >= enough {
            return (i, spaces);
        }
        // No space before `ws`: it is the first whitespace at or after `i`.
        let ws = next_whitespace(bytes, i);
        let single_space = bytes.get(ws) == Some(&b' ')
            && ws + 1 < bytes.len()
            && whitespace_len(bytes, ws + 1) == 0;
        if !single_space {
            return (ws, spaces);
        }
        if COUNT {
            spaces += 1;
        }
        i = ws + 1;
    }
}

/// Passes over whole chunks of text that is collapsed already: no byte that may
/// start whitespace but single ASCII spaces, each followed by a byte that cannot.
/// Checked in loops the compiler vectorises, first for plain ASCII, the common case,
/// then for any text. Stops at a chunk boundary; with `COUNT`, adds the spaces of the
/// chunks passed to `spaces` and stops once there are `enough`.
fn skip_plain_chunks<const COUNT: bool>(
    bytes: &[u8],
    mut i: usize,
    spaces: &mut usize,
    enough: usize,
) -> usize {
    const CHUNK: usize = 32;
    let ascii_word = |b: u8| (0x21..0x7f).contains(&b);
    // `MAY_START_WHITESPACE` without the space, branch-free.
    let may_start = |b: u8| (b.wrapping_sub(0x09) < 5) | (b == 0xc2) | (b.wrapping_sub(0xe1) < 3);
    // The byte after the chunk is looked at too, for a space that ends it.
    while let (Some(chunk), Some(next)) = (bytes.get(i..i + CHUNK), bytes.get(i + 1..=i + CHUNK)) {
        let pairs = || chunk.iter().zip(next);
        // The spaces are counted in the same pass (and not at all without `COUNT`).
        let (ascii, in_chunk) = pairs().fold((true, 0u8), |(plain, n), (&b, &after)| {
            let space = b == b' ';
            (
                plain & (ascii_word(b) | (space & ascii_word(after))),
                n + u8::from(space),
            )
        });
        let plain = ascii
            || pairs().fold(true, |plain, (&b, &after)| {
                let space = b == b' ';
                plain & !may_start(b) & !(space & (may_start(after) | (after == b' ')))
            });
        if !plain {
            break;
        }
        i += CHUNK;
        if COUNT {
            *spaces += usize::from(in_chunk);
            if *spaces >= enough {
                break;
            }
        }
    }
    i
}

/// Appends `text` to `out` with every run of whitespace collapsed to one space.
/// `space` carries a pending space from one call to the next: whitespace sets it, and
/// it becomes a space before the next text pushed if `out` is not empty.
/// Returns whether `text` held anything but whitespace.
pub fn push_collapsed(out: &mut String, text: &str, space: &mut bool) -> bool {
    let bytes = text.as_bytes();
    let mut pushed = false;
    let mut i = 0;
    while i < bytes.len() {
        let ws = whitespace_len(bytes, i);
        if ws > 0 {
            *space = true;
            i += ws;
            continue;
        }
        let end = collapsed_run_end(bytes, i);
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        // Both ends are character boundaries: `i` starts a character, `end` starts
        // a whitespace character or is the end.
        out.push_str(text.get(i..end).unwrap_or_default());
        pushed = true;
        i = end;
    }
    pushed
}

/// `text` with every run of whitespace collapsed to one space, ends trimmed.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_collapsed(&mut out, text, &mut false);
    out
}

/// How many words `text` has, as `split_whitespace` counts them.
pub fn word_count(text: &str) -> usize {
    count_words(text, usize::MAX)
}

/// How many words `text` has, counted until there are `cap`: exact below `cap`, at
/// least `cap` otherwise; cheap on long text.
pub fn words_up_to(text: &str, cap: usize) -> usize {
    count_words(text, cap)
}

/// Whether `text` has at most `limit` words; cheap on long text.
pub fn at_most_words(text: &str, limit: usize) -> bool {
    count_words(text, limit.saturating_add(1)) <= limit
}

/// The words of `text`, counted a collapsed run at a time, until there are `cap`.
/// Exact below `cap`; at least `cap` otherwise (a run is left part-read once the
/// words counted reach `cap`).
fn count_words(text: &str, cap: usize) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() && count < cap {
        let ws = whitespace_len(bytes, i);
        if ws > 0 {
            i += ws;
            continue;
        }
        // In a collapsed run every space starts one more word; `count < cap`, so
        // the run's first word and `cap - count - 1` spaces reach `cap`.
        let (end, spaces) = collapsed_run::<true>(bytes, i, cap - count - 1);
        count += 1 + spaces;
        i = end;
    }
    count
}

/// How many ASCII spaces `bytes` holds.
pub fn spaces(bytes: &[u8]) -> usize {
    count_byte(bytes, b' ')
}

/// How many times `byte` occurs in `bytes`, counted in chunks with byte-wide counters
/// (which the compiler vectorises much better than a filtered count).
pub fn count_byte(bytes: &[u8], byte: u8) -> usize {
    const CHUNK: usize = 64;
    let mut chunks = bytes.chunks_exact(CHUNK);
    let mut count = 0;
    for chunk in &mut chunks {
        let in_chunk: u8 = chunk.iter().fold(0, |n, &b| n + u8::from(b == byte));
        count += usize::from(in_chunk);
    }
    count + chunks.remainder().iter().filter(|&&b| b == byte).count()
}

/// How many characters of `text` are not whitespace: the bytes that start a character
/// and are no ASCII whitespace, counted a fixed-size chunk at a time (which the
/// compiler vectorises), less the few multi-byte whitespace characters in chunks
/// that may hold one.
pub fn non_whitespace_chars(text: &str) -> usize {
    const CHUNK: usize = 64;
    let bytes = text.as_bytes();
    let counts = |chunk: &[u8]| {
        let (mut chars, mut wide) = (0u8, 0u8);
        for &b in chunk {
            let starts_char = (b & 0xc0) != 0x80;
            let ascii_space = (b == b' ') | (b.wrapping_sub(0x09) < 5);
            chars += u8::from(starts_char & !ascii_space);
            wide |= u8::from((b == 0xc2) | (b.wrapping_sub(0xe1) < 3));
        }
        (usize::from(chars), wide != 0)
    };
    let wide_spaces = |from: usize, to: usize| {
        (from..to)
            .filter(|&i| bytes[i] >= 0x80 && whitespace_len(bytes, i) > 0)
            .count()
    };
    let mut count = 0;
    let mut chunks = bytes.chunks_exact(CHUNK);
    for (k, chunk) in (&mut chunks).enumerate() {
        let (chars, may_hold_wide) = counts(chunk);
        count += chars;
        if may_hold_wide {
            count -= wide_spaces(k * CHUNK, (k + 1) * CHUNK);
        }
    }
    let rest = chunks.remainder();
    let (chars, may_hold_wide) = counts(rest);
    count += chars;
    if may_hold_wide {
        count -= wide_spaces(bytes.len() - rest.len(), bytes.len());
    }
    count
}

/// The words of `text`, as `str::split_whitespace` gives them.
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// The iterator [`words`] returns.
pub struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        loop {
            let ws = whitespace_len(bytes, self.at);
            if ws == 0 {
                break;
            }
            self.at += ws;
        }
        if self.at >= bytes.len() {
            return None;
        }
        let start = self.at;
        self.at = next_whitespace(bytes, start);
        // Both ends start a character (or are the end).
        self.text.get(start..self.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slow(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn whitespace_is_what_char_says() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let s = c.encode_utf8(&mut buf);
            assert_eq!(
                whitespace_len(s.as_bytes(), 0) > 0,
                c.is_whitespace(),
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn collapses_like_split_whitespace_and_join() {
        let samples = [
            "",
            " ",
            "a",
            " a ",
            "a b",
            "a  b",
            "a\tb",
            "a \nb",
            "  lead and trail  ",
            "no\u{a0}break",
            "ideo\u{3000}graphic",
            "é ü — 日本 🎉",
            "x\u{2028}y\u{205f}z\u{1680}w",
            "end space ",
            "two  spaces  here",
            "a\u{85}b",
            "\u{2009}thin\u{200a}",
            "a \u{a0}b",
        ];
        for s in samples {
            assert_eq!(collapse(s), slow(s), "{s:?}");
            assert!(words(s).eq(s.split_whitespace()), "{s:?}");
            assert_eq!(word_count(s), s.split_whitespace().count(), "{s:?}");
            let chars = s.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(non_whitespace_chars(s), chars, "{s:?}");
            for pad in [29, 30, 31, 32, 33, 62, 63, 64] {
                let long = format!("{} {s}x{}", "w".repeat(pad), " ab".repeat(30));
                assert_eq!(collapse(&long), slow(&long), "{long:?}");
                assert!(words(&long).eq(long.split_whitespace()), "{long:?}");
                let n = long.split_whitespace().count();
                assert_eq!(word_count(&long), n, "{long:?}");
                assert!(at_most_words(&long, n) && !at_most_words(&long, n - 1));
                let chars = long.chars().filter(|c| !c.is_whitespace()).count();
                assert_eq!(non_whitespace_chars(&long), chars, "{long:?}");
                let long = format!("{}{s} {}", "w ".repeat(pad), "cd ".repeat(20));
                assert_eq!(collapse(&long), slow(&long), "{long:?}");
            }
        }
    }

    #[test]
    fn counts_up_to_a_cap_stop_early_and_agree_below_it() {
        // Long collapsed runs (a pasted paragraph is one), with words ending on
        // either side of the 32-byte chunks, and runs broken by other whitespace.
        let mut texts = Vec::new();
        for word in ["a", "word", "longerword", "日本語", "é"] {
            for n in [1, 5, 31, 32, 33, 64, 100] {
                texts.push(vec![word; n].join(" "));
                texts.push(vec![word; n].join(" ") + "  tail\u{a0}end ");
                texts.push(format!(" \n{}", vec![word; n].join("\u{2009}")));
            }
        }
        for text in &texts {
            let n = text.split_whitespace().count();
            assert_eq!(word_count(text), n, "{text:?}");
            for cap in [0, 1, 2, 7, 15, 31, 40, 41, 99, 100, 101] {
                let up_to = words_up_to(text, cap);
                if n < cap {
                    assert_eq!(up_to, n, "{text:?} {cap}");
                } else {
                    assert!(up_to >= cap, "{text:?} {cap}");
                }
                assert_eq!(at_most_words(text, cap), n <= cap, "{text:?} {cap}");
            }
        }
    }

    #[test]
    fn byte_counts_agree_with_a_filter() {
        for len in [0, 1, 63, 64, 65, 200, 1000] {
            let text: Vec<u8> = (0..len).map(|i| [b'<', b'a', b' ', 0xe2][i % 4]).collect();
            for byte in [b'<', b' ', 0xe2, b'z'] {
                let slow = text.iter().filter(|&&b| b == byte).count();
                assert_eq!(count_byte(&text, byte), slow);
            }
        }
    }

    #[test]
    fn pending_space_carries_across_pushes() {
        let mut out = String::new();
        let mut space = false;
        assert!(push_collapsed(&mut out, "  one ", &mut space));
        assert!(!push_collapsed(&mut out, " \n ", &mut space));
        assert!(push_collapsed(&mut out, "two", &mut space));
        assert!(push_collapsed(&mut out, "three", &mut space));
        assert_eq!(out, "one twothree");
        assert!(!space);
    }
}
