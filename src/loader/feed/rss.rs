//! RSS 0.9x, 1.0 (RDF) and 2.0 element trees read into raw entries: `content:encoded`
//! and `description`, `dc:creator` and `author`, `pubDate` and `dc:date`. Items cut off
//! by the end of the file are counted, not read. No I/O.

use super::fields::html_to_text;
use super::xml::{Close, Element, Ns};
use super::{Content, RawEntry, RawFeed};
use crate::loader::url::absolute;

/// RSS's own elements: no namespace (2.0, 0.91), or the 0.90 and 1.0 ones.
const PLAIN: &[Ns] = &[Ns::None, Ns::Rss090, Ns::Rss1];
const DC: &[Ns] = &[Ns::Dc];

/// Reads an `<rss>` or `<rdf:RDF>` root.
pub(super) fn read(root: &Element) -> RawFeed {
    let channel = root.first(PLAIN, "channel");
    let title = channel
        .and_then(|c| c.child_text(PLAIN, "title"))
        .map(|t| html_to_text(&t));
    let base = channel.and_then(|c| c.child_text(PLAIN, "link"));
    // Items belong in the channel (2.0) or beside it (0.90, 1.0); take both.
    let items = channel
        .into_iter()
        .flat_map(|c| c.all(PLAIN, "item"))
        .chain(root.all(PLAIN, "item"));
    let mut feed = RawFeed {
        title,
        ..RawFeed::default()
    };
    for item in items {
        if item.close == Close::Eof {
            feed.dropped += 1;
        } else {
            feed.entries.push(entry(item, base.as_deref()));
        }
    }
    feed
}

/// Whether an `<rdf:RDF>` root is RSS 1.0 or 0.90 rather than other RDF.
pub(super) fn has_channel_or_items(root: &Element) -> bool {
    root.first(PLAIN, "channel").is_some() || root.first(PLAIN, "item").is_some()
}

fn entry(item: &Element, base: Option<&str>) -> RawEntry {
    RawEntry {
        title: item.first(PLAIN, "title").map(html),
        link: link(item).map(|l| absolute(&l, base)),
        author: item
            .child_text(DC, "creator")
            .or_else(|| item.child_text(PLAIN, "author"))
            .or_else(|| item.child_text(&[Ns::Itunes], "author")),
        dates: dates(item),
        tags: item
            .all(PLAIN, "category")
            .chain(item.all(DC, "subject"))
            .map(Element::text)
            .collect(),
        content: item.first(&[Ns::Content], "encoded").map(html),
        summary: item
            .first(PLAIN, "description")
            .or_else(|| item.first(&[Ns::Itunes], "summary"))
            .map(html),
    }
}

/// An element holding HTML: escaped or in CDATA as RSS wants, or as raw markup.
fn html(element: &Element) -> Content {
    if element.has_element_children() {
        Content::Html(element.inner_markup())
    } else {
        Content::Html(element.text())
    }
}

/// `<link>`, else a permalink `<guid>`, else an Atom link, else RDF's `rdf:about`.
fn link(item: &Element) -> Option<String> {
    let permalink = || {
        item.all(PLAIN, "guid")
            .filter(|g| {
                !g.attr("isPermaLink")
                    .is_some_and(|v| v.eq_ignore_ascii_case("false"))
            })
            .map(Element::text)
            .find(|g| g.starts_with("http://") || g.starts_with("https://"))
    };
    let atom = || {
        item.all(&[Ns::Atom], "link")
            .filter(|l| l.attr("rel").is_none_or(|r| r == "alternate"))
            .find_map(|l| l.attr("href").map(str::to_string))
    };
    item.child_text(PLAIN, "link")
        .or_else(permalink)
        .or_else(atom)
        .or_else(|| item.attr("rdf:about").map(str::to_string))
}

fn dates(item: &Element) -> Vec<String> {
    let wanted: [(&[Ns], &str); 6] = [
        (PLAIN, "pubDate"),
        (DC, "date"),
        (DC, "created"),
        (DC, "issued"),
        (&[Ns::Atom], "published"),
        (&[Ns::Atom], "updated"),
    ];
    wanted
        .iter()
        .filter_map(|(ns, name)| item.child_text(ns, name))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::article::Block;
    use crate::loader::feed::parse;

    fn first_draft(text: &str) -> crate::article::Draft {
        let feed = parse(text).unwrap_or_else(|e| panic!("{e}"));
        feed.drafts.into_iter().next().unwrap_or_default()
    }

    #[test]
    fn a_userland_default_namespace_is_plain_rss() {
        let d = first_draft(
            r#"<rss xmlns="http://backend.userland.com/rss2"><channel><title>T</title><item><title>a</title></item></channel></rss>"#,
        );
        assert_eq!((d.title.as_str(), d.site.as_deref()), ("a", Some("T")));
    }

    #[test]
    fn unescaped_html_in_a_description_is_kept_as_html() {
        let d = first_draft(
            "<rss><channel><item><title>t</title><description><p>One</p><p>Two<br>lines <img src=\"x.png\"></p><p>Three</p></description></item></channel></rss>",
        );
        assert_eq!(d.body.first(), Some(&Block::Paragraph("One".into())));
        assert_eq!(d.body.last(), Some(&Block::Paragraph("Three".into())));
        assert!(d.body.iter().any(|b| b.plain_text().contains("lines")));
    }

    #[test]
    fn links_fall_back_to_guid_atom_link_and_rdf_about() {
        let item = |inner: &str| {
            format!(
                "<rss xmlns:atom=\"http://www.w3.org/2005/Atom\"><channel><link>https://ex.com/blog/</link><item><title>t</title>{inner}</item></channel></rss>"
            )
        };
        let source = |inner: &str| first_draft(&item(inner)).source;
        assert_eq!(
            source("<guid isPermaLink=\"false\">https://ex.com/1</guid>"),
            None
        );
        assert_eq!(
            source("<guid>https://ex.com/2</guid>").as_deref(),
            Some("https://ex.com/2")
        );
        assert_eq!(
            source("<atom:link rel=\"alternate\" href=\"/3\"/>").as_deref(),
            Some("https://ex.com/3")
        );
        assert_eq!(
            source("<link>post/4</link>").as_deref(),
            Some("https://ex.com/blog/post/4")
        );
    }

    #[test]
    fn itunes_fields_fill_in_for_podcasts() {
        let d = first_draft(
            r#"<rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><item><title>Ep 1</title><itunes:author>Host Name</itunes:author><itunes:summary>Show notes.</itunes:summary></item></channel></rss>"#,
        );
        assert_eq!(d.author.as_deref(), Some("Host Name"));
        assert_eq!(d.body, vec![Block::Paragraph("Show notes.".into())]);
    }
}
