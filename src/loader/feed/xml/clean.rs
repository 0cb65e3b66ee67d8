//! Fixes made to a feed's text before quick-xml reads it: junk before the markup
//! skipped, and every `<` that starts no markup escaped, each counted in the report.

use std::borrow::Cow;

use super::{MAX_PREFIX, Report};

/// Skips whatever comes before the markup and escapes every `<` that starts none.
pub(super) fn preclean<'a>(text: &'a str, report: &mut Report) -> Cow<'a, str> {
    let start = markup_start(text);
    let skipped = text[..start]
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .count();
    report.skipped_prefix = skipped;
    escape_bare_lt(&text[start..], report)
}

/// Where the markup begins: past a BOM and blank lines, or past junk (a server's
/// warning) before `<?xml`.
fn markup_start(text: &str) -> usize {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let start = text.len() - trimmed.len();
    if trimmed.starts_with('<') {
        return start;
    }
    let mut window_end = text.len().min(MAX_PREFIX);
    while !text.is_char_boundary(window_end) {
        window_end -= 1;
    }
    let window = &text[..window_end];
    if let Some(at) = window.find("<?xml") {
        return at;
    }
    let bytes = text.as_bytes();
    window
        .match_indices('<')
        .map(|(i, _)| i)
        .find(|&i| bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic()))
        .unwrap_or(start)
}

fn escape_bare_lt<'a>(text: &'a str, report: &mut Report) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + offset;
        let rest = &bytes[at + 1..];
        i = at + 1;
        if rest.starts_with(b"![CDATA[") {
            i = skip_past(text, at, "]]>");
        } else if rest.starts_with(b"!--") {
            i = skip_past(text, at, "-->");
        } else if !starts_markup(rest.first().copied()) {
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len() + 64));
            buf.push_str(&text[copied..at]);
            buf.push_str("&lt;");
            copied = at + 1;
            report.bare_lt += 1;
        }
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(text),
    }
}

fn skip_past(text: &str, from: usize, end: &str) -> usize {
    text[from..]
        .find(end)
        .map_or(text.len(), |i| from + i + end.len())
}

fn starts_markup(next: Option<u8>) -> bool {
    match next {
        None => true,
        Some(c) => {
            c.is_ascii_alphabetic() || matches!(c, b'_' | b':' | b'/' | b'!' | b'?') || c >= 0x80
        }
    }
}
