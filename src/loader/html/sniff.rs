//! Cheap looks at raw text and bytes before any parsing: is this HTML at all, and
//! which character set does it declare? Byte scans only; nothing here builds a tree.

/// How much of the text `looks_like_html` reads.
const SNIFF_LEN: usize = 4096;
/// How much of the bytes `declared_charset` reads, as browsers' prescan does.
const PRESCAN_LEN: usize = 1024;

/// Tags that make up the bulk of HTML documents and fragments.
const COMMON_TAGS: &[&str] = &[
    "p",
    "div",
    "span",
    "a",
    "ul",
    "ol",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "img",
    "em",
    "strong",
    "b",
    "i",
    "figure",
    "hr",
    "meta",
    "link",
    "script",
    "style",
    "title",
    "form",
    "dl",
    "dt",
    "dd",
    "code",
    "font",
    "center",
    "small",
];

pub(super) fn looks_like_html(text: &str) -> bool {
    let head = prefix(text.trim_start_matches('\u{feff}'), SNIFF_LEN);
    let start = skip_prolog(head);
    let lower = start.get(..start.len().min(64)).unwrap_or_default();
    let lower = lower.to_ascii_lowercase();
    if ["<!doctype html", "<html", "<head", "<body"]
        .iter()
        .any(|marker| starts_with_tag(&lower, marker))
    {
        return true;
    }
    if lower.starts_with("<!doctype") || starts_like_markdown(start) {
        return false;
    }
    let tags = count_common_tags(head);
    if starts_with_element(start) {
        // An XML document (a feed, SVG, OPML) starts with an element HTML lacks.
        opens_common_tag(start) && tags >= 3
    } else {
        tags >= 6
    }
}

fn starts_with_element(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next() == Some('<') && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Skips leading whitespace, `<?xml …?>` declarations and `<!-- comments -->`.
fn skip_prolog(mut text: &str) -> &str {
    loop {
        text = text.trim_start();
        if let Some(rest) = text.strip_prefix("<!--") {
            match rest.find("-->") {
                Some(end) => text = &rest[end + 3..],
                None => return "",
            }
        } else if let Some(rest) = text.strip_prefix("<?") {
            match rest.find('>') {
                Some(end) => text = &rest[end + 1..],
                None => return "",
            }
        } else {
            return text;
        }
    }
}

/// `text` starts with `marker` followed by the end of a tag name.
fn starts_with_tag(text: &str, marker: &str) -> bool {
    text.strip_prefix(marker)
        .is_some_and(|rest| rest.starts_with(|c: char| c == '>' || c == '/' || c.is_whitespace()))
}

fn starts_like_markdown(text: &str) -> bool {
    let first_line = text.lines().next().unwrap_or_default();
    first_line == "---"
        || first_line == "+++"
        || first_line.starts_with("# ")
        || first_line.starts_with("## ")
}

fn opens_common_tag(text: &str) -> bool {
    tag_name_at(text.as_bytes(), 0).is_some_and(|(name, _)| COMMON_TAGS.contains(&name.as_str()))
}

/// Counts `<tag` and `</tag` occurrences of common HTML tags.
fn count_common_tags(text: &str) -> usize {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'<', bytes)
        .filter_map(|i| tag_name_at(bytes, i))
        .filter(|(name, _)| COMMON_TAGS.contains(&name.as_str()))
        .count()
}

/// The lowercased name of the tag opening or closing at `at` (a `<`), and whether
/// it is a closing tag.
fn tag_name_at(bytes: &[u8], at: usize) -> Option<(String, bool)> {
    let mut i = at + 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    let name = bytes.get(start..i)?;
    let ends_well = matches!(
        bytes.get(i),
        Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
    );
    if name.is_empty() || !name[0].is_ascii_alphabetic() || !ends_well {
        return None;
    }
    Some((String::from_utf8_lossy(name).to_ascii_lowercase(), closing))
}

pub(super) fn declared_charset(head: &[u8]) -> Option<String> {
    let bytes = &head[..head.len().min(PRESCAN_LEN)];
    let mut i = 0;
    while i < bytes.len() {
        // Comments and meta elements both start at a `<`.
        match memchr::memchr(b'<', &bytes[i..]) {
            Some(offset) => i += offset,
            None => break,
        }
        if bytes[i..].starts_with(b"<!--") {
            i = find(bytes, i + 4, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        if bytes[i] == b'<' && starts_with_ignore_case(&bytes[i + 1..], b"meta") {
            let (attrs, end) = read_attributes(bytes, i + 5);
            if let Some(charset) = charset_from_meta(&attrs) {
                return Some(charset);
            }
            i = end;
            continue;
        }
        i += 1;
    }
    None
}

fn charset_from_meta(attrs: &[(String, String)]) -> Option<String> {
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if let Some(charset) = get("charset").map(str::trim).filter(|c| !c.is_empty()) {
        return Some(charset.to_string());
    }
    let is_content_type = get("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-type"));
    if !is_content_type {
        return None;
    }
    charset_from_content(get("content")?)
}

/// `text/html; charset=Shift_JIS` → `Shift_JIS`.
fn charset_from_content(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")? + "charset".len();
    let rest = content[at..].trim_start().strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest.find([';', '"', '\'', ' ', '\t']).unwrap_or(rest.len());
    let charset = rest[..end].trim();
    (!charset.is_empty()).then(|| charset.to_string())
}

/// The attributes of the tag whose name ends at `at`, and where the tag ends.
fn read_attributes(bytes: &[u8], mut at: usize) -> (Vec<(String, String)>, usize) {
    let mut attrs = Vec::new();
    loop {
        while bytes
            .get(at)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
        {
            at += 1;
        }
        match bytes.get(at) {
            None => return (attrs, at),
            Some(b'>') => return (attrs, at + 1),
            Some(_) => {}
        }
        let name_start = at;
        while bytes
            .get(at)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
        {
            at += 1;
        }
        let name = String::from_utf8_lossy(&bytes[name_start..at]).to_ascii_lowercase();
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let mut value = String::new();
        if bytes.get(at) == Some(&b'=') {
            at += 1;
            while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
                at += 1;
            }
            let (v, end) = read_value(bytes, at);
            value = v;
            at = end;
        }
        attrs.push((name, value));
    }
}

fn read_value(bytes: &[u8], at: usize) -> (String, usize) {
    match bytes.get(at) {
        Some(&quote @ (b'"' | b'\'')) => {
            let end = bytes[at + 1..]
                .iter()
                .position(|&b| b == quote)
                .map_or(bytes.len(), |p| at + 1 + p);
            let value = String::from_utf8_lossy(&bytes[at + 1..end]).into_owned();
            (value, (end + 1).min(bytes.len()))
        }
        _ => {
            let end = bytes[at..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>')
                .map_or(bytes.len(), |p| at + p);
            (String::from_utf8_lossy(&bytes[at..end]).into_owned(), end)
        }
    }
}

/// Where `needle` next stands in `bytes`, at or after `from`.
pub(super) fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|p| from + p)
}

fn starts_with_ignore_case(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.len() > prefix.len()
        && bytes[..prefix.len()].eq_ignore_ascii_case(prefix)
        && (bytes[prefix.len()].is_ascii_whitespace() || bytes[prefix.len()] == b'/')
}
