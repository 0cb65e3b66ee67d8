//! Whitespace collapsing for the parsers and the sanitiser: every run of whitespace
//! becomes one space and the ends are trimmed, exactly as `split_whitespace` followed
//! by `join(" ")` would do, but text that is already collapsed (nearly all of it) is
//! copied in whole runs instead of word by word. Whitespace is what
//! `char::is_whitespace` says, no-break and other Unicode spaces included.
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
    while i < bytes.len() {
        if MAY_START_WHITESPACE[usize::from(bytes[i])] && whitespace_len(bytes, i) > 0 {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// From a non-whitespace character at byte `i`, the end of the run that is already
/// collapsed: words with single ASCII spaces between them, up to the first other
/// whitespace, or a space at the end or before more whitespace.
fn collapsed_run_end(bytes: &[u8], mut i: usize) -> usize {
    loop {
        i = skip_plain_chunks(bytes, i);
        let ws = next_whitespace(bytes, i);
        let single_space = bytes.get(ws) == Some(&b' ')
            && ws + 1 < bytes.len()
            && whitespace_len(bytes, ws + 1) == 0;
        if !single_space {
            return ws;
        }
        i = ws + 1;
    }
}

/// Passes over whole chunks of printable ASCII in which every space is followed by
/// printable ASCII other than a space: text that is collapsed already, checked in a
/// loop the compiler vectorises. Stops at a chunk boundary.
fn skip_plain_chunks(bytes: &[u8], mut i: usize) -> usize {
    const CHUNK: usize = 32;
    let word_byte = |b: u8| (0x21..0x7f).contains(&b);
    // The byte after the chunk is looked at too, so a space that ends it is checked.
    while let (Some(chunk), Some(next)) = (bytes.get(i..i + CHUNK), bytes.get(i + 1..=i + CHUNK)) {
        let plain = chunk.iter().zip(next).fold(true, |plain, (&b, &after)| {
            plain & (word_byte(b) | (b == b' ')) & ((b != b' ') | word_byte(after))
        });
        if !plain {
            break;
        }
        i += CHUNK;
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
            for pad in [29, 30, 31, 32, 33, 62, 63, 64] {
                let long = format!("{} {s}x{}", "w".repeat(pad), " ab".repeat(30));
                assert_eq!(collapse(&long), slow(&long), "{long:?}");
                assert!(words(&long).eq(long.split_whitespace()), "{long:?}");
                let long = format!("{}{s} {}", "w ".repeat(pad), "cd ".repeat(20));
                assert_eq!(collapse(&long), slow(&long), "{long:?}");
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
