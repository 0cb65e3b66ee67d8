//! Atom 1.0 (and 0.3) element trees read into raw entries: text constructs of type
//! text, html and xhtml, the `alternate` link among several, authors inherited from the
//! feed, `published` before `updated`. Entries cut off by the end of the file are
//! counted, not read. No I/O.

use super::xml::{Close, Element, Node, Ns};
use super::{Content, RawEntry, RawFeed};
use crate::loader::url::absolute;

/// Atom's elements; a feed that forgot its `xmlns` has them in no namespace.
const ATOM: &[Ns] = &[Ns::Atom, Ns::Atom03, Ns::None];

/// Reads a `<feed>` root.
pub(super) fn read(root: &Element) -> RawFeed {
    let feed_base = root.attr("xml:base").map(str::to_string);
    let feed_link = best_link(root).map(|l| absolute(l, feed_base.as_deref()));
    let base = feed_base.or(feed_link);
    let feed_author = author(root);
    let mut feed = RawFeed {
        title: root.first(ATOM, "title").map(|t| text_construct(t).line()),
        ..RawFeed::default()
    };
    for element in root.all(ATOM, "entry") {
        if element.close == Close::Eof {
            feed.dropped += 1;
        } else {
            feed.entries
                .push(entry(element, base.as_deref(), feed_author.as_deref()));
        }
    }
    feed
}

/// Reads an Atom entry document: a lone `<entry>` root, one entry, its feed's title
/// from the entry's `<source>` if it has one.
pub(super) fn read_entry(root: &Element) -> RawFeed {
    let base = root.attr("xml:base").map(str::to_string);
    let source = root.first(ATOM, "source");
    let mut feed = RawFeed {
        title: source
            .and_then(|s| s.first(ATOM, "title"))
            .map(|t| text_construct(t).line()),
        ..RawFeed::default()
    };
    if root.close == Close::Eof {
        feed.dropped = 1;
    } else {
        feed.entries.push(entry(root, base.as_deref(), None));
    }
    feed
}

fn entry(element: &Element, base: Option<&str>, feed_author: Option<&str>) -> RawEntry {
    let own_base = element.attr("xml:base").map(|b| absolute(b, base));
    let base = own_base.as_deref().or(base);
    let dates = ["published", "updated", "issued", "created", "modified"]
        .iter()
        .filter_map(|name| element.child_text(ATOM, name))
        .collect();
    RawEntry {
        title: element.first(ATOM, "title").map(text_construct),
        link: best_link(element).map(|l| absolute(l, base)).or_else(|| {
            element
                .child_text(ATOM, "id")
                .filter(|id| id.starts_with("http"))
        }),
        author: author(element)
            .or_else(|| element.first(ATOM, "source").and_then(author))
            .or_else(|| feed_author.map(str::to_string)),
        dates,
        tags: element.all(ATOM, "category").filter_map(category).collect(),
        content: element.first(ATOM, "content").and_then(content),
        summary: element.first(ATOM, "summary").map(text_construct),
    }
}

/// The first author's name (or, lacking one, email), else `dc:creator`.
fn author(element: &Element) -> Option<String> {
    let person = element.first(ATOM, "author");
    person
        .and_then(|p| {
            p.child_text(ATOM, "name")
                .or_else(|| p.child_text(ATOM, "email"))
        })
        .or_else(|| person.map(Element::text).filter(|t| !t.is_empty()))
        .or_else(|| element.child_text(&[Ns::Dc], "creator"))
}

fn category(element: &Element) -> Option<String> {
    element
        .attr("label")
        .or_else(|| element.attr("term"))
        .map(str::to_string)
        .or_else(|| Some(element.text()))
}

/// The link to read the entry at: `rel="alternate"` (or no `rel`) of an HTML type
/// first, then any alternate, then related ones, never `self` or `edit` before those.
fn best_link(element: &Element) -> Option<&str> {
    element
        .all(ATOM, "link")
        .filter(|l| l.attr("href").is_some_and(|h| !h.trim().is_empty()))
        .min_by_key(|l| link_rank(l))
        .and_then(|l| l.attr("href"))
}

fn link_rank(link: &Element) -> u8 {
    let rel = link.attr("rel").unwrap_or("alternate").to_ascii_lowercase();
    let html = link
        .attr("type")
        .is_none_or(|t| t.to_ascii_lowercase().contains("html"));
    match (rel.as_str(), html) {
        ("alternate", true) => 0,
        ("alternate", false) => 1,
        ("related" | "via", _) => 2,
        ("enclosure", _) => 3,
        _ => 4,
    }
}

/// A title, summary or content by its `type` (and Atom 0.3's `mode`).
fn text_construct(element: &Element) -> Content {
    let kind = element.attr("type").unwrap_or("text").to_ascii_lowercase();
    let mode = element.attr("mode").unwrap_or("").to_ascii_lowercase();
    if kind == "xhtml" || kind.contains("xhtml+xml") || mode == "xml" {
        Content::Html(xhtml(element))
    } else if element.has_element_children() {
        // HTML put in without escaping, whatever the type says.
        Content::Html(element.inner_markup())
    } else if kind == "html" || kind == "text/html" || mode == "escaped" {
        Content::Html(element.text())
    } else {
        Content::Text(element.text())
    }
}

/// `<content>`: inline text constructs, other text types as text; out-of-line (`src`)
/// and binary content give nothing.
fn content(element: &Element) -> Option<Content> {
    let base64 = element
        .attr("mode")
        .is_some_and(|m| m.eq_ignore_ascii_case("base64"));
    if element.attr("src").is_some() || base64 {
        return None;
    }
    let kind = element.attr("type").unwrap_or("text").to_ascii_lowercase();
    let inline = matches!(kind.as_str(), "text" | "html" | "xhtml")
        || kind.contains("html")
        || kind.starts_with("text/");
    inline.then(|| text_construct(element))
}

/// XHTML content is wrapped in one `<div>` that is not part of it.
fn xhtml(element: &Element) -> String {
    let only_text_is_blank = element.children.iter().all(|n| match n {
        Node::Text(t) => t.trim().is_empty(),
        Node::Element(_) => true,
    });
    let mut elements = element.elements();
    match (elements.next(), elements.next()) {
        (Some(div), None) if only_text_is_blank && div.name.eq_ignore_ascii_case("div") => {
            div.inner_markup()
        }
        _ => element.inner_markup(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::article::{Block, Draft};
    use crate::loader::feed::parse;

    fn drafts(text: &str) -> Vec<Draft> {
        parse(text).unwrap_or_else(|e| panic!("{e}")).drafts
    }

    #[test]
    fn atom_03_with_escaped_mode_and_issued_dates() {
        let d = drafts(
            r#"<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>
            <entry><title>E</title><link rel="alternate" type="text/html" href="https://ex.com/e"/>
            <issued>2004-05-06T07:08:09Z</issued><modified>2004-06-01T00:00:00Z</modified>
            <content type="text/html" mode="escaped">&lt;p&gt;Hi there.&lt;/p&gt;</content></entry></feed>"#,
        );
        assert_eq!(d[0].date, NaiveDate::from_ymd_opt(2004, 5, 6));
        assert_eq!(d[0].source.as_deref(), Some("https://ex.com/e"));
        assert_eq!(d[0].body, vec![Block::Paragraph("Hi there.".into())]);
    }

    #[test]
    fn atom_without_a_namespace_still_reads() {
        let d = drafts(
            "<feed><title>F</title><entry><title>E</title><id>https://ex.com/id/1</id></entry></feed>",
        );
        assert_eq!(d[0].title, "E");
        assert_eq!(d[0].source.as_deref(), Some("https://ex.com/id/1"));
    }

    #[test]
    fn out_of_line_content_falls_back_to_the_summary() {
        let d = drafts(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>E</title>
            <content src="https://ex.com/video.mp4" type="video/mp4"/>
            <summary type="html">&lt;p&gt;A video.&lt;/p&gt;</summary></entry></feed>"#,
        );
        assert_eq!(d[0].body, vec![Block::Paragraph("A video.".into())]);
        assert_eq!(d[0].subtitle, None);
    }

    #[test]
    fn source_author_is_used_before_the_feed_author() {
        let d = drafts(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><author><name>Feed</name></author>
            <entry><title>E</title><source><author><name>Orig</name></author></source></entry></feed>"#,
        );
        assert_eq!(d[0].author.as_deref(), Some("Orig"));
    }
}
