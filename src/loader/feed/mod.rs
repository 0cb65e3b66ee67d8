//! Feeds — RSS 0.9x, 1.0 (RDF) and 2.0, Atom (1.0 and 0.3, a feed or a lone entry),
//! JSON Feed, and RSS written as JSON — read into one `Draft` per entry. The format is
//! told by content, never by file name. Reading is lenient: a malformed feed
//! (undeclared entities, bare `&`, text before the XML declaration, mismatched tags, a
//! file cut short) yields every entry that can be recovered, and each repair or loss
//! is reported as a warning.
//!
//! Submodules: `xml` (the lenient XML tree), `rss`, `atom`, `json`, `rss_json` (one
//! format each), `fields` (field clean-up), `entities` (the
//! HTML table). Timestamps are read by `crate::dates::parse_timestamp`.
//! This module must do no I/O, draw nothing on a terminal, and never panic on input;
//! HTML bodies go to `loader::html::fragment_to_blocks`.

mod atom;
mod entities;
mod fields;
mod json;
mod rss;
mod rss_json;
mod xml;

pub use crate::dates::parse_timestamp as parse_feed_date;

use crate::article::{Block, Draft, Link};
use crate::loader::html::fragment_to_blocks;

use fields::{
    decode_entities, fold_whitespace, has_tags, html_to_text, person_name, plain_paragraphs,
    title_from_body,
};

/// How far into a file sniffing looks for the root element.
const SNIFF_BYTES: usize = 64 * 1024;
/// How far sniffing looks first: nearly every document opens its root element here.
const QUICK_SNIFF_BYTES: usize = 4 * 1024;
/// A summary longer than this is not used as a subtitle.
const MAX_SUBTITLE_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    /// RSS 0.9x and 2.0 (`<rss>`).
    Rss,
    /// RSS 0.90 and 1.0 (`<rdf:RDF>`).
    Rdf,
    /// Atom 1.0 and 0.3 (`<feed>`).
    Atom,
    /// JSON Feed 1.0 and 1.1.
    JsonFeed,
    /// RSS written as JSON by an XML-to-JSON converter (`{"rss": {"channel": ...}}`).
    RssJson,
}

/// The entries of a feed, and what was repaired or lost reading it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFeed {
    pub drafts: Vec<Draft>,
    pub warnings: Vec<String>,
}

/// Tells a feed's format by its content (a `.rss` file may hold Atom, a `.json` file may
/// hold anything); `None` when the text is no feed.
pub fn sniff(text: &str) -> Option<FeedKind> {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.starts_with('{') {
        return json::sniff(trimmed);
    }
    let (name, ns) = root_tag(text)?;
    kind_of_root(&name, ns)
}

/// The name of the root element in the first [`SNIFF_BYTES`], looked for in the first
/// [`QUICK_SNIFF_BYTES`] first when the text starts with markup. A root found there is
/// the one the longer look finds: everything before it reads the same either way
/// (only text that does not start with markup is searched for a declaration as far
/// as the head goes), and a head cut inside a construct yields no root.
fn root_tag(text: &str) -> Option<(String, xml::Ns)> {
    let sniffed = head(text, SNIFF_BYTES);
    // Every element starts with a `<`.
    memchr::memchr(b'<', sniffed.as_bytes())?;
    let markup_first = text
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .starts_with('<');
    if markup_first
        && text.len() > QUICK_SNIFF_BYTES
        && let Some(tag) = xml::root_tag(head(text, QUICK_SNIFF_BYTES))
    {
        return Some(tag);
    }
    xml::root_tag(sniffed)
}

/// Reads every entry that can be recovered. `Err` only when nothing could be: the text
/// is no feed, or it breaks off before its first complete entry. A well-formed feed
/// with no entries is `Ok` with no drafts and a warning saying so.
pub fn parse(text: &str) -> Result<ParsedFeed, String> {
    let raw = match sniff(text) {
        Some(FeedKind::JsonFeed) => json::read(text)?,
        Some(FeedKind::RssJson) => rss_json::read(text)?,
        Some(kind) => read_xml(text, kind)?,
        None => return Err(not_a_feed(text)),
    };
    finish(raw)
}

/// The encoding an XML declaration names (`<?xml version="1.0" encoding="ISO-8859-1"?>`),
/// read from the first bytes before anything is decoded. A BOM, blank lines and UTF-16
/// are looked past.
pub fn declared_encoding(head: &[u8]) -> Option<String> {
    let head = &head[..head.len().min(1024)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    // Without NUL bytes (UTF-16) in the way, a declaration is there as written.
    let utf16 = memchr::memchr(0, head).is_some();
    // A finder made once: `memmem::find` would make one for every file.
    static XML: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("<?xml"));
    if !utf16 && XML.find(head).is_none() {
        return None;
    }
    let ascii: Vec<u8> = head.iter().copied().filter(|&b| b != 0).collect();
    let text = String::from_utf8_lossy(&ascii);
    let text =
        text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}' || c == '\u{fffd}');
    let decl = text.strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let value = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let name = value[1..].split(quote).next()?.trim();
    let valid = !name.is_empty()
        && name.len() <= 40
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    valid.then(|| name.to_string())
}

/// An entry's title, body or summary as the feed gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Content {
    Html(String),
    Text(String),
}

impl Content {
    /// HTML with no tag in it is taken as text with entities (feeds put plain text with
    /// blank lines between paragraphs in `description`).
    fn blocks(&self) -> (Vec<Block>, Vec<Link>) {
        match self {
            Content::Html(html) if has_tags(html) => fragment_to_blocks(html),
            Content::Html(text) => (plain_paragraphs(&decode_entities(text)), Vec::new()),
            Content::Text(text) => (plain_paragraphs(text), Vec::new()),
        }
    }

    /// The content as one line of plain text.
    fn line(&self) -> String {
        match self {
            Content::Html(html) => html_to_text(html),
            Content::Text(text) => fold_whitespace(text),
        }
    }
}

/// One entry as a format reader found it, before clean-up.
#[derive(Clone, Debug, Default)]
struct RawEntry {
    title: Option<Content>,
    link: Option<String>,
    author: Option<String>,
    /// Timestamps in order of preference (published before updated).
    dates: Vec<String>,
    tags: Vec<String>,
    content: Option<Content>,
    summary: Option<Content>,
}

/// A feed as a format reader found it.
#[derive(Clone, Debug, Default)]
struct RawFeed {
    title: Option<String>,
    entries: Vec<RawEntry>,
    warnings: Vec<String>,
    /// Entries found but left out because the file broke off inside them.
    dropped: usize,
    /// Why the file ended early ("the file was cut short (...)"), if it did.
    cut_short: Option<String>,
}

fn head(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The feed kind of a root element; an Atom entry document (RFC 4287, a lone
/// `<entry>` root) is Atom when it names Atom's namespace.
fn kind_of_root(qname: &str, ns: xml::Ns) -> Option<FeedKind> {
    let local = qname
        .rsplit(':')
        .next()
        .unwrap_or(qname)
        .to_ascii_lowercase();
    match local.as_str() {
        "rss" => Some(FeedKind::Rss),
        "rdf" => Some(FeedKind::Rdf),
        "feed" => Some(FeedKind::Atom),
        "entry" if matches!(ns, xml::Ns::Atom | xml::Ns::Atom03) => Some(FeedKind::Atom),
        _ => None,
    }
}

fn read_xml(text: &str, kind: FeedKind) -> Result<RawFeed, String> {
    let doc = xml::parse(text);
    let Some(root) = doc.root else {
        return Err("not a feed: no xml element could be read".to_string());
    };
    let mut feed = match kind {
        FeedKind::Atom if root.name.eq_ignore_ascii_case("entry") => atom::read_entry(&root),
        FeedKind::Atom => atom::read(&root),
        FeedKind::Rdf if !rss::has_channel_or_items(&root) => {
            return Err("not a feed: rdf without an rss channel or items".to_string());
        }
        _ => rss::read(&root),
    };
    let mut warnings = doc.report.warnings();
    warnings.append(&mut feed.warnings);
    feed.warnings = warnings;
    feed.cut_short = doc
        .report
        .cut_short
        .map(|why| format!("the file was cut short ({why})"));
    Ok(feed)
}

/// Why a text that sniffing rejected is no feed.
fn not_a_feed(text: &str) -> String {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.is_empty() {
        return "not a feed: the file is empty".to_string();
    }
    if trimmed.starts_with(['{', '[']) {
        return json::why_not_a_feed(trimmed);
    }
    match xml::root_name(head(text, SNIFF_BYTES)) {
        Some(name) if xml::is_plain_name(&name) => {
            format!(
                "not a feed: the root element is <{}>",
                name.to_ascii_lowercase()
            )
        }
        Some(_) => "not a feed: the first tag is not an xml element".to_string(),
        None => "not a feed: neither xml nor json".to_string(),
    }
}

/// Cleans every entry up into a draft and words the warnings.
fn finish(raw: RawFeed) -> Result<ParsedFeed, String> {
    let site = raw.title.filter(|t| !t.is_empty());
    let mut warnings = raw.warnings;
    let mut bad_dates = Vec::new();
    let mut empty = 0;
    let mut drafts = Vec::new();
    for (index, entry) in raw.entries.into_iter().enumerate() {
        if let Some(date) = unreadable_date(&entry) {
            bad_dates.push((index + 1, date));
        }
        match draft(entry, site.as_deref()) {
            Some(d) => drafts.push(d),
            None => empty += 1,
        }
    }
    warnings.extend(date_warning(&bad_dates));
    if empty > 0 {
        warnings.push(format!("{empty} empty entries skipped"));
    }
    if let Some(why) = &raw.cut_short {
        warnings.push(loss_warning(why, drafts.len(), raw.dropped));
    }
    if drafts.is_empty() {
        if let Some(why) = raw.cut_short {
            return Err(format!("{why} before its first complete entry"));
        }
        warnings.push("the feed has no entries".to_string());
    }
    Ok(ParsedFeed { drafts, warnings })
}

fn loss_warning(why: &str, kept: usize, dropped: usize) -> String {
    let partial = match dropped {
        0 => "no entry lost".to_string(),
        1 => "1 partial entry dropped".to_string(),
        n => format!("{n} partial entries dropped"),
    };
    format!("{why}: {kept} complete entries kept, {partial}")
}

fn unreadable_date(entry: &RawEntry) -> Option<String> {
    let first = entry.dates.first()?;
    let readable = entry.dates.iter().any(|d| parse_feed_date(d).is_some());
    (!readable).then(|| first.clone())
}

fn date_warning(bad: &[(usize, String)]) -> Option<String> {
    let (index, first) = bad.first()?;
    let first = short(&fold_whitespace(first));
    Some(match bad.len() {
        1 => format!("unreadable date '{first}' (entry {index})"),
        n => format!("{n} entries have unreadable dates, the first '{first}' (entry {index})"),
    })
}

/// Text from the file cut to a length fit for a warning.
fn short(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    text.chars().take(MAX - 1).chain(['…']).collect()
}

/// One entry as a draft; `None` when it has no title, body or link at all.
fn draft(entry: RawEntry, site: Option<&str>) -> Option<Draft> {
    let (body, links, from_content) = body_of(&entry);
    let link = entry
        .link
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let title = entry.title.map(|t| t.line()).filter(|t| !t.is_empty());
    if title.is_none() && body.is_empty() && link.is_none() {
        return None;
    }
    let subtitle = entry
        .summary
        .filter(|_| from_content)
        .and_then(|s| subtitle(&s.line(), &body));
    let title = title
        .or_else(|| title_from_body(&body))
        .or_else(|| site.map(str::to_string))
        .unwrap_or_default();
    Some(Draft {
        title,
        subtitle,
        date: entry.dates.iter().find_map(|d| parse_feed_date(d)),
        author: entry.author.as_deref().and_then(person_name),
        source: link,
        site: site.map(str::to_string),
        tags: tags(entry.tags),
        body,
        links,
        ..Draft::default()
    })
}

/// The body from the full content if it has any text, else from the summary; and
/// whether it came from the content.
fn body_of(entry: &RawEntry) -> (Vec<Block>, Vec<Link>, bool) {
    let mut first_links = None;
    for (content, is_content) in [(&entry.content, true), (&entry.summary, false)] {
        let Some(content) = content else { continue };
        let (blocks, links) = content.blocks();
        if !blocks.is_empty() {
            return (blocks, links, is_content);
        }
        first_links.get_or_insert(links);
    }
    (Vec::new(), first_links.unwrap_or_default(), false)
}

/// A summary worth showing above a full body: short, and not just the body's opening.
fn subtitle(summary: &str, body: &[Block]) -> Option<String> {
    if summary.is_empty() || summary.chars().count() > MAX_SUBTITLE_CHARS {
        return None;
    }
    let stem = summary.trim_end_matches(['.', '…', ' ', ']', '[']);
    let opening: String = stem.chars().take(60).collect();
    let mut body_text = String::new();
    for block in body {
        if body_text.len() > opening.len() {
            break;
        }
        body_text.push(' ');
        body_text.push_str(&block.plain_text());
    }
    let body_text = fold_whitespace(&body_text);
    (!body_text.starts_with(&opening)).then(|| summary.to_string())
}

/// Tags folded, empty ones dropped, duplicates (ignoring case) dropped.
fn tags(raw: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in raw {
        let tag = html_to_text(&tag);
        if !tag.is_empty() && !out.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            out.push(tag);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(
            sniff("<rss version=\"2.0\"><channel/></rss>"),
            Some(FeedKind::Rss)
        );
        assert_eq!(
            sniff("\n\n<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"/>"),
            Some(FeedKind::Atom)
        );
        assert_eq!(
            sniff("<rdf:RDF xmlns:rdf=\"x\"></rdf:RDF>"),
            Some(FeedKind::Rdf)
        );
        assert_eq!(
            sniff("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}"),
            Some(FeedKind::JsonFeed)
        );
        assert_eq!(sniff("{\"a\":1}"), None);
        assert_eq!(sniff("<html><body>x</body></html>"), None);
        assert_eq!(sniff("# A heading\n\nText."), None);
        assert_eq!(sniff(""), None);
    }

    #[test]
    fn a_root_past_the_quick_sniff_is_still_found() {
        let comment = format!("<!-- {} -->", "<rss> ".repeat(1000));
        let feed = format!("<?xml version=\"1.0\"?>{comment}<feed><entry/></feed>");
        assert_eq!(sniff(&feed), Some(FeedKind::Atom));
        let cdata = format!("<![CDATA[{}]]><rss version=\"2.0\"/>", "x".repeat(5000));
        assert_eq!(sniff(&cdata), Some(FeedKind::Rss));
        let junk = "PHP Warning: <b>deprecated</b> on line 3\n".repeat(200);
        let junk = format!("{junk}<?xml version=\"1.0\"?><rss/>");
        assert_eq!(sniff(&junk), Some(FeedKind::Rss));
        let unclosed = format!("<!-- {}", "<rss> ".repeat(1000));
        assert_eq!(sniff(&unclosed), None);
    }

    #[test]
    fn says_why_a_text_is_no_feed() {
        assert_eq!(
            parse("<!DOCTYPE html><html><body>x</body></html>"),
            Err("not a feed: the root element is <html>".to_string())
        );
        assert_eq!(
            parse("  \n"),
            Err("not a feed: the file is empty".to_string())
        );
        assert_eq!(
            parse("plain words"),
            Err("not a feed: neither xml nor json".to_string())
        );
        let foaf =
            r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><x/></rdf:RDF>"#;
        assert_eq!(
            parse(foaf),
            Err("not a feed: rdf without an rss channel or items".to_string())
        );
        assert_eq!(
            parse(r#"{"a":1}"#),
            Err("not a feed: json without a jsonfeed.org version or a list of items".to_string())
        );
        assert_eq!(
            parse("[1, 2]"),
            Err("not a feed: the json is not an object".to_string())
        );
    }

    #[test]
    fn finds_the_declared_encoding() {
        let enc = |b: &[u8]| declared_encoding(b);
        assert_eq!(
            enc(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>").as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(
            enc(b"\xef\xbb\xbf\n\n<?xml version='1.0' encoding = 'windows-1252' ?>").as_deref(),
            Some("windows-1252")
        );
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(
                "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert_eq!(enc(&utf16).as_deref(), Some("UTF-16"));
        assert_eq!(enc(b"<?xml version=\"1.0\"?><rss/>"), None);
        assert_eq!(enc(b"<rss encoding=\"x\"/>"), None);
        assert_eq!(enc(b"<?xml encoding=\"a b\"?>"), None);
        assert_eq!(enc(b"<?xml encoding=\"utf-8"), None);
    }

    #[test]
    fn an_empty_channel_is_ok_with_a_warning() {
        let feed = parse("<rss version=\"2.0\"><channel><title>T</title></channel></rss>");
        let feed = feed.unwrap_or_default();
        assert!(feed.drafts.is_empty());
        assert_eq!(feed.warnings, vec!["the feed has no entries".to_string()]);
    }

    #[test]
    fn entries_without_titles_use_their_first_sentence_or_the_feed_title() {
        let text = "<rss><channel><title>Site</title>\
            <item><description>First words here. More.</description></item>\
            <item><link>http://x/1</link></item></channel></rss>";
        let feed = parse(text).unwrap_or_default();
        let titles: Vec<&str> = feed.drafts.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["First words here.", "Site"]);
    }

    #[test]
    fn unreadable_dates_are_reported_once() {
        let text = "<rss><channel><item><title>a</title><pubDate>soon</pubDate></item>\
            <item><title>b</title><pubDate>later</pubDate></item></channel></rss>";
        let feed = parse(text).unwrap_or_default();
        assert_eq!(feed.drafts.len(), 2);
        assert_eq!(
            feed.warnings,
            vec!["2 entries have unreadable dates, the first 'soon' (entry 1)".to_string()]
        );
    }

    #[test]
    fn summaries_become_subtitles_only_when_they_add_something() {
        let body = vec![Block::Paragraph(
            "The opening of the story goes on and on.".into(),
        )];
        assert_eq!(subtitle("The opening of the story […]", &body), None);
        assert_eq!(subtitle("The opening of the story…", &body), None);
        assert_eq!(subtitle("A dek.", &body).as_deref(), Some("A dek."));
        assert_eq!(subtitle(&"x".repeat(301), &body), None);
    }

    #[test]
    fn tags_are_cleaned_and_deduplicated() {
        let raw = vec![
            "Rust".into(),
            " rust ".into(),
            "".into(),
            "A &amp; B".into(),
        ];
        assert_eq!(tags(raw), vec!["Rust".to_string(), "A & B".to_string()]);
    }
}
