//! A lenient XML reader for feeds: turns text into a small element tree with quick-xml,
//! recovering from what real feeds get wrong (text before the declaration, undeclared
//! HTML entities, bare `&` and `<`, unclosed or stray end tags, a file cut short) and
//! noting each repair in a [`Report`]. Knows nothing about feed formats; no I/O.
//!
//! Submodules: `tree` (the elements and their namespaces), `report` (the repairs
//! made), `clean` (what is fixed in the text before quick-xml sees it), `build` (the
//! tree built from quick-xml's events, references and all).

mod build;
mod clean;
mod report;
mod tree;

pub use build::is_plain_name;
pub use report::Report;
pub use tree::{Close, Element, Node, Ns};

use quick_xml::Reader;
use quick_xml::events::Event;

use build::{Builder, split_qname, xmlns_prefix};
use clean::preclean;

/// Deeper elements are dropped (their text kept), so that walking and dropping the
/// tree never recurses without bound.
const MAX_DEPTH: usize = 256;
/// Distinct entity names remembered for a warning.
const MAX_NOTED: usize = 6;
/// quick-xml errors tolerated before giving up on the rest of the file.
const MAX_ERRORS: usize = 64;
/// How far into the text junk before the XML declaration is looked past.
const MAX_PREFIX: usize = 64 * 1024;

/// A parsed document: the root element, if there was one, and the repairs made.
#[derive(Clone, Debug)]
pub struct Document {
    pub root: Option<Element>,
    pub report: Report,
}

/// Reads `text` as XML, as far as it goes. Never fails: a document with no element has
/// no root.
pub fn parse(text: &str) -> Document {
    let mut report = Report::default();
    let clean = preclean(text, &mut report);
    let mut builder = Builder::new(report);
    let mut reader = Reader::from_str(&clean);
    configure(&mut reader);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(event) => builder.event(event),
            Err(quick_xml::Error::Syntax(e)) => {
                builder.report.cut_short = Some(e.to_string());
                break;
            }
            Err(e) => {
                let report = &mut builder.report;
                report.errors += 1;
                report.first_error.get_or_insert_with(|| e.to_string());
                if report.errors > MAX_ERRORS {
                    report.cut_short = Some(e.to_string());
                    break;
                }
            }
        }
    }
    builder.finish()
}

/// The qualified name of the first element, without building a tree.
pub fn root_name(text: &str) -> Option<String> {
    root_tag(text).map(|(name, _)| name)
}

/// The qualified name of the first element and its namespace, as the element itself
/// declares it (or its prefix conventionally names it), without building a tree.
pub fn root_tag(text: &str) -> Option<(String, Ns)> {
    let mut report = Report::default();
    let clean = preclean(text, &mut report);
    let mut reader = Reader::from_str(&clean);
    configure(&mut reader);
    for _ in 0..1024 {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if !e.name().0.is_empty() => {
                let name = e.name().0.to_string();
                let prefix = split_qname(&name).0;
                let declared = e
                    .html_attributes()
                    .with_checks(false)
                    .flatten()
                    .find(|a| xmlns_prefix(a.key.0) == Some(prefix))
                    .map(|a| Ns::from_uri(&a.value));
                let ns = declared.unwrap_or_else(|| Ns::from_prefix(prefix));
                return Some((name, ns));
            }
            Ok(Event::Eof) | Err(quick_xml::Error::Syntax(_)) => return None,
            _ => {}
        }
    }
    None
}

fn configure(reader: &mut Reader<&[u8]>) {
    let config = reader.config_mut();
    config.allow_dangling_amp = true;
    config.allow_unmatched_ends = true;
    config.check_end_names = false;
    config.check_comments = false;
    config.trim_text(false);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Element {
        parse(text)
            .root
            .unwrap_or_else(|| panic!("no root in {text:?}"))
    }

    #[test]
    fn builds_a_tree_with_namespaces() {
        let r = root(
            r#"<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:a="http://www.w3.org/2005/Atom"><channel><dc:creator>Jo</dc:creator><a:link href="x"/><link>y</link></channel></rss>"#,
        );
        let channel = r.first(&[Ns::None], "channel").unwrap();
        assert_eq!(
            channel.child_text(&[Ns::Dc], "creator").as_deref(),
            Some("Jo")
        );
        assert_eq!(
            channel.first(&[Ns::Atom], "link").unwrap().attr("href"),
            Some("x")
        );
        assert_eq!(
            channel.child_text(&[Ns::None], "link").as_deref(),
            Some("y")
        );
    }

    #[test]
    fn an_unknown_default_namespace_is_no_namespace() {
        let r = root(r#"<rss xmlns="http://backend.userland.com/rss2"><channel/></rss>"#);
        assert_eq!(r.ns, Ns::None);
        assert!(r.first(&[Ns::None], "channel").is_some());
    }

    #[test]
    fn undeclared_prefixes_fall_back_to_their_usual_namespace() {
        let r = root("<rss><channel><dc:date>2023-10-31</dc:date></channel></rss>");
        let channel = r.first(&[Ns::None], "channel").unwrap();
        assert!(channel.first(&[Ns::Dc], "date").is_some());
    }

    #[test]
    fn resolves_entities_and_reports_the_undeclared() {
        let doc = parse("<a t=\"x&amp;y&eacute;\">&lt;&nbsp;&#x41;&#66;&bogus; & b&c=1</a>");
        let r = doc.root.unwrap();
        assert_eq!(r.attr("t"), Some("x&yé"));
        assert_eq!(r.text(), "<\u{a0}AB&bogus; & b&c=1");
        assert_eq!(doc.report.html_entity_count, 2);
        assert_eq!(doc.report.bare_amp, 2);
        assert!(doc.report.unknown_entities.contains("bogus"));
    }

    #[test]
    fn internal_dtd_entities_are_used() {
        let r = root("<!DOCTYPE a [<!ENTITY me \"Jo &amp; Al\">]><a>&me;</a>");
        assert_eq!(r.text(), "Jo & Al");
    }

    #[test]
    fn skips_blank_lines_bom_and_junk_before_the_declaration() {
        let doc = parse("\u{feff}\n\n  <?xml version=\"1.0\"?><a>t</a>");
        assert_eq!(doc.root.unwrap().text(), "t");
        assert_eq!(doc.report.skipped_prefix, 0);
        let doc = parse("Warning: x\n<?xml version=\"1.0\"?><a>t</a>");
        assert_eq!(doc.root.unwrap().text(), "t");
        assert_eq!(doc.report.skipped_prefix, 9);
    }

    #[test]
    fn bare_less_than_is_text_but_cdata_is_untouched() {
        let doc = parse("<a>1 < 2 <3 <b>x</b><![CDATA[<p> < </p>]]></a>");
        assert_eq!(doc.root.unwrap().text(), "1 < 2 <3 x<p> < </p>");
        assert_eq!(doc.report.bare_lt, 2);
    }

    #[test]
    fn repairs_mismatched_tags() {
        let doc = parse("<a><b><i>t</b></c><br>u</a>");
        let r = doc.root.unwrap();
        assert_eq!(r.text(), "tu");
        assert_eq!(r.inner_markup(), "<b><i>t</i></b><br>u");
        assert_eq!(doc.report.unclosed_tags, 1);
        assert_eq!(doc.report.stray_end_tags, 1);
        assert_eq!(r.close, Close::Tag);
    }

    #[test]
    fn an_unclosed_entry_is_closed_by_the_next() {
        let doc = parse("<c><item><t>a</t><item><t>b</t></item><item>c</item></c>");
        let r = doc.root.unwrap();
        let closes: Vec<Close> = r.elements().map(|e| e.close).collect();
        assert_eq!(closes, [Close::Implied, Close::Tag, Close::Tag]);
        assert_eq!(doc.report.unclosed_tags, 1);
    }

    #[test]
    fn a_cut_file_keeps_what_was_read() {
        for text in [
            "<a><b>1</b><b>2",
            "<a><b>1</b><b x=\"2",
            "<a><b>1</b><![CDATA[x",
        ] {
            let doc = parse(text);
            let r = doc.root.unwrap();
            assert_eq!(r.close, Close::Eof);
            assert_eq!(r.elements().next().unwrap().close, Close::Tag);
            assert!(doc.report.cut_short.is_some(), "{text}");
        }
    }

    #[test]
    fn other_errors_are_read_past_and_reported() {
        let doc = parse("<?xml encoding=\"utf-8\"?><!DOCTYPE><a>t</a>");
        assert_eq!(doc.root.map(|r| r.text()).as_deref(), Some("t"));
        let warnings = doc.report.warnings();
        assert!(
            warnings[0].starts_with("xml errors read past: 1 (the first: ill-formed"),
            "{warnings:?}"
        );
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "<a>".repeat(10_000) + "x";
        let doc = parse(&text);
        assert!(doc.report.too_deep);
        assert_eq!(doc.root.unwrap().text(), "x");
    }

    #[test]
    fn inner_markup_escapes_text_and_drops_prefixes() {
        let r = root(
            r#"<c><x:div xmlns:x="http://www.w3.org/1999/xhtml"><x:p class="a&amp;b">1 &lt; 2</x:p></x:div></c>"#,
        );
        assert_eq!(
            r.inner_markup(),
            r#"<div><p class="a&amp;b">1 &lt; 2</p></div>"#
        );
    }

    #[test]
    fn root_name_skips_prolog() {
        assert_eq!(
            root_name("\n<?xml version=\"1.0\"?><!-- c --><!DOCTYPE html><html><body/></html>")
                .as_deref(),
            Some("html")
        );
        assert_eq!(root_name("just text"), None);
    }

    #[test]
    fn root_tag_knows_the_namespace_the_root_declares() {
        let tag = |text: &str| root_tag(text).map(|(_, ns)| ns);
        let atom = r#"<atom:entry xmlns:atom="http://www.w3.org/2005/Atom"><atom:title/>"#;
        assert_eq!(tag(atom), Some(Ns::Atom));
        let atom03 = r#"<?xml version="1.0"?><entry xmlns='http://purl.org/atom/ns#'>"#;
        assert_eq!(tag(atom03), Some(Ns::Atom03));
        assert_eq!(tag(r#"<entry xmlns="urn:x">"#), Some(Ns::Other));
        assert_eq!(tag("<entry><word/></entry>"), Some(Ns::None));
    }
}
