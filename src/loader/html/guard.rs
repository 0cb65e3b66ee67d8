//! A guard run before the HTML parser: html5ever's tree builder looks through the
//! stack of open elements for most start tags, so pathologically deep nesting makes it
//! quadratic (a few MB of unclosed `<div>`s would take minutes). This pass counts how
//! deeply elements nest and drops the start tags, and their matching end tags, past
//! [`MAX_DEPTH`]. Ordinary pages never get near it and pass through untouched.
//!
//! It is a tag counter, not a parser: it only has to be right about depth for
//! documents that are pathological anyway.

use super::sniff::find;
use std::borrow::Cow;

/// Nesting deeper than this is flattened.
pub(super) const MAX_DEPTH: usize = 128;

/// Elements that never have children.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "frame", "keygen", "basefont", "bgsound", "image", "isindex",
];

/// Elements whose contents are text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Elements the parser closes implicitly (a `<p>` ends the open `<p>`), so they are
/// often left unclosed and would make the count drift; they are not counted.
const SELF_ENDING: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "rtc",
    "thead", "tbody", "tfoot", "colgroup", "caption", "body", "html", "head",
];

/// What the scanner found at a `<`. Names are lowercased ASCII.
enum Tag<'a> {
    Open {
        name: &'a [u8],
        end: usize,
        self_closing: bool,
    },
    Close {
        name: &'a [u8],
        end: usize,
    },
    /// A comment, doctype, processing instruction or stray `<`: copied through.
    Other {
        end: usize,
    },
}

/// `html` with nesting deeper than [`MAX_DEPTH`] flattened; borrowed when unchanged.
pub(super) fn cap_nesting(html: &str) -> Cow<'_, str> {
    if !may_nest_too_deeply(html) {
        return Cow::Borrowed(html);
    }
    let cuts = excess_tags(html);
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for (start, end) in cuts {
        out.push_str(&html[copied..start]);
        copied = end;
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Every start tag begins with a `<`: with no more of them than [`MAX_DEPTH`], no
/// nesting can be too deep, and the scan is not needed.
fn may_nest_too_deeply(html: &str) -> bool {
    // Counted a chunk at a time, stopping as soon as there are enough.
    let mut count = 0;
    html.as_bytes().chunks(1024).any(|chunk| {
        count += crate::whitespace::count_byte(chunk, b'<');
        count > MAX_DEPTH
    })
}

/// The byte ranges of the start tags past [`MAX_DEPTH`] and of their end tags.
fn excess_tags(html: &str) -> Vec<(usize, usize)> {
    let mut cuts = Vec::new();
    let mut depth = 0usize;
    let mut excess = 0usize;
    scan(html, |tag, start| match tag {
        Tag::Open {
            name,
            self_closing: false,
            end,
        } if counts(name) => {
            if depth >= MAX_DEPTH {
                excess += 1;
                cuts.push((start, *end));
            } else {
                depth += 1;
            }
        }
        Tag::Close { name, end } if counts(name) => {
            if excess > 0 {
                excess -= 1;
                cuts.push((start, *end));
            } else {
                depth = depth.saturating_sub(1);
            }
        }
        _ => {}
    });
    cuts
}

fn counts(name: &[u8]) -> bool {
    // The common containers first: this runs for every tag of the page.
    if matches!(
        name,
        b"div" | b"span" | b"a" | b"section" | b"b" | b"i" | b"em" | b"strong"
    ) {
        return true;
    }
    let listed = |list: &[&str]| list.iter().any(|n| n.as_bytes() == name);
    !listed(VOID) && !listed(RAW_TEXT) && !listed(SELF_ENDING)
}

fn tag_end(tag: &Tag) -> usize {
    match tag {
        Tag::Open { end, .. } | Tag::Close { end, .. } | Tag::Other { end } => *end,
    }
}

/// Calls `visit(tag, start)` for every tag in document order, skipping the contents
/// of comments and raw-text elements.
fn scan(html: &str, mut visit: impl FnMut(&Tag, usize)) {
    let bytes = html.as_bytes();
    let mut lower = Vec::new();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let tag = read_tag(bytes, start, &mut lower);
        visit(&tag, start);
        at = match &tag {
            Tag::Open {
                name,
                end,
                self_closing: false,
            } if RAW_TEXT.iter().any(|r| r.as_bytes() == *name) => skip_raw_text(bytes, *end, name),
            _ => tag_end(&tag),
        };
        if at <= start {
            at = start + 1;
        }
    }
}

/// Reads the tag starting at `start` (a `<`); `lower` holds its lowercased name.
fn read_tag<'a>(bytes: &[u8], start: usize, lower: &'a mut Vec<u8>) -> Tag<'a> {
    let after = start + 1;
    if bytes[after..].starts_with(b"!--") {
        let end = find(bytes, after + 3, b"-->").map_or(bytes.len(), |i| i + 3);
        return Tag::Other { end };
    }
    match bytes.get(after) {
        Some(b'/') if bytes.get(after + 1).is_some_and(u8::is_ascii_alphabetic) => {
            let name_end = read_name(bytes, after + 1, lower);
            Tag::Close {
                name: lower,
                end: tag_close(bytes, name_end).0,
            }
        }
        Some(b) if b.is_ascii_alphabetic() => {
            let name_end = read_name(bytes, after, lower);
            let (end, self_closing) = tag_close(bytes, name_end);
            Tag::Open {
                name: lower,
                end,
                self_closing,
            }
        }
        Some(b'!' | b'?') => Tag::Other {
            end: tag_close(bytes, after).0,
        },
        _ => Tag::Other { end: after },
    }
}

/// Copies the lowercased name starting at `start` into `lower`; returns its end.
fn read_name(bytes: &[u8], start: usize, lower: &mut Vec<u8>) -> usize {
    let end = bytes[start..]
        .iter()
        .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
        .map_or(bytes.len(), |p| start + p);
    lower.clear();
    lower.extend(bytes[start..end].iter().map(u8::to_ascii_lowercase));
    end
}

/// Where the tag whose attributes start at `at` ends (just past `>`), honouring
/// quoted attribute values, and whether it ends with `/>`.
fn tag_close(bytes: &[u8], mut at: usize) -> (usize, bool) {
    // Only quotes and `>` matter outside a quoted value, and only the closing quote
    // inside one: jumped to with `memchr`, not looked for a byte at a time.
    loop {
        let Some(found) = bytes
            .get(at..)
            .and_then(|rest| memchr::memchr3(b'>', b'"', b'\'', rest))
        else {
            return (bytes.len(), false);
        };
        let i = at + found;
        let b = bytes[i];
        if b == b'>' {
            let self_closing = i > 0 && bytes[i - 1] == b'/';
            return (i + 1, self_closing);
        }
        match memchr::memchr(b, &bytes[i + 1..]) {
            Some(end) => at = i + 1 + end + 1,
            None => return (bytes.len(), false),
        }
    }
}

/// Where the raw text of element `name` ends: at its end tag, or the end of input.
fn skip_raw_text(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let candidate = bytes.get(start + 2..start + 2 + name.len());
        if bytes.get(start + 1) == Some(&b'/')
            && candidate.is_some_and(|c| c.eq_ignore_ascii_case(name))
        {
            return start;
        }
        at = start + 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn max_depth(html: &str) -> usize {
        let (mut depth, mut deepest) = (0usize, 0);
        scan(html, |tag, _| match tag {
            Tag::Open {
                name,
                self_closing: false,
                ..
            } if counts(name) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Tag::Close { name, .. } if counts(name) => depth = depth.saturating_sub(1),
            _ => {}
        });
        deepest
    }

    /// `tag_close` as it was, a byte at a time.
    fn tag_close_slow(bytes: &[u8], mut at: usize) -> (usize, bool) {
        let mut quote: Option<u8> = None;
        while let Some(&b) = bytes.get(at) {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => {
                    let self_closing = at > 0 && bytes[at - 1] == b'/';
                    return (at + 1, self_closing);
                }
                None => {}
            }
            at += 1;
        }
        (bytes.len(), false)
    }

    #[test]
    fn tag_ends_are_found_as_a_byte_at_a_time() {
        let tags = [
            "",
            ">",
            "/>",
            "a b='x>y' c=\"q'>\"/>rest",
            "a title=\"unterminated",
            "a title='x' / > z",
            "'\"'\">",
            "x=\"\"\"'>'>",
        ];
        for tag in tags {
            let bytes = tag.as_bytes();
            for at in 0..=bytes.len() + 1 {
                assert_eq!(
                    tag_close(bytes, at),
                    tag_close_slow(bytes, at),
                    "{tag:?} {at}"
                );
            }
        }
    }

    #[test]
    fn ordinary_pages_pass_through_borrowed() {
        let html = "<div><p>a<p>b<ul><li>c<li>d</ul><script>if (a<b) {}</script></div>";
        assert!(matches!(cap_nesting(html), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_keeping_text() {
        let n = MAX_DEPTH * 3;
        let html = format!(
            "{}text{}",
            "<div class=\"x\">".repeat(n),
            "</div>".repeat(n)
        );
        let capped = cap_nesting(&html);
        assert_eq!(capped.matches("<div").count(), MAX_DEPTH);
        assert_eq!(capped.matches("</div>").count(), MAX_DEPTH);
        assert!(capped.contains("text"));
        assert_eq!(max_depth(&capped), MAX_DEPTH);
    }

    #[test]
    fn unclosed_paragraphs_and_items_do_not_count() {
        let html = "<p>x".repeat(MAX_DEPTH * 2) + &"<li>y".repeat(MAX_DEPTH * 2);
        assert!(matches!(cap_nesting(&html), Cow::Borrowed(_)));
    }

    #[test]
    fn quoted_brackets_and_truncation_are_harmless() {
        assert_eq!(max_depth("<a title=\"x>y\"><b>z</b></a>"), 2);
        assert_eq!(max_depth("<div><span title=\"unterminated"), 2);
        assert_eq!(max_depth("<!-- <div><div> --><div>"), 1);
        assert_eq!(max_depth("</"), 0);
        assert_eq!(max_depth("<"), 0);
    }
}
