//! What the article's own markup says about it, looked for near the chosen content
//! after junk is gone: the headline `<h1>`, the byline, the `<time>`, and the byline
//! and dateline blocks to leave out of the body.

use chrono::NaiveDate;

use super::dom::{self, NodeR, NodeSet, Stats};
use super::meta::clean_author;
use crate::dates::parse_date;
use crate::loader::plain::furniture::contains_ci;

/// Levels above the content searched for the headline.
const HEADLINE_LEVELS: usize = 4;
/// Byline and dateline blocks longer than this are text, not metadata.
const MAX_BYLINE_CHARS: usize = 150;

/// A paragraph this long before the `<h1>` means the `<h1>` does not lead the text.
const MIN_LEADING_PARAGRAPH_CHARS: usize = 25;

pub(super) struct InPage {
    pub(super) h1: Option<String>,
    /// The `<h1>` comes before the article's first paragraph, inside the article.
    pub(super) h1_leads: bool,
    pub(super) author: Option<String>,
    pub(super) date: Option<NaiveDate>,
}

pub(super) fn find(content: &[NodeR], body: NodeR) -> InPage {
    let Some(first) = content.first().copied() else {
        return InPage {
            h1: None,
            h1_leads: false,
            author: None,
            date: None,
        };
    };
    let scope = scope_of(first, body);
    let h1 = headline(first, body);
    InPage {
        h1_leads: h1.is_some_and(|h| leads(h, content)),
        h1: h1.map(dom::text_of).filter(|t| !t.is_empty()),
        // The body is looked through too when the article is only part of it.
        author: byline(scope).or_else(|| (scope.id() != body.id()).then(|| byline(body))?),
        date: published_time(scope),
    }
}

/// The element holding the whole article: the nearest `<article>` or `<main>` around
/// the content, else the body.
fn scope_of<'a>(first: NodeR<'a>, body: NodeR<'a>) -> NodeR<'a> {
    dom::closest(first, |n| {
        dom::is_tag(n, &["article", "main"]) || dom::attr(n, "role") == Some("main")
    })
    .unwrap_or(body)
}

/// Whether `h1` heads the content: inside its first node before any paragraph of
/// text, or just before it (itself, or in the article's `<header>` there). A site's
/// logo or a section's `<h1>` elsewhere on the page does not.
fn leads(h1: NodeR, content: &[NodeR]) -> bool {
    let Some(first) = content.first() else {
        return false;
    };
    let before = first.prev_siblings().find(|n| n.value().is_element());
    let heads_it = |b: NodeR| {
        b.id() == h1.id()
            || (dom::is_tag(b, &["header", "hgroup"])
                || has_name_word(b, |w| {
                    w.starts_with("header") || w.starts_with("headline") || w == "title"
                }))
                && b.descendants().any(|n| n.id() == h1.id())
    };
    if before.is_some_and(heads_it) {
        return true;
    }
    for node in first.descendants() {
        if node.id() == h1.id() {
            return true;
        }
        let text = || dom::text_of(node).chars().count();
        if dom::is_tag(node, &["p"]) && text() >= MIN_LEADING_PARAGRAPH_CHARS {
            return false;
        }
    }
    false
}

/// The first `<h1>` in or just around the content, or the page's only `<h1>`.
fn headline<'a>(first: NodeR<'a>, body: NodeR<'a>) -> Option<NodeR<'a>> {
    let near = std::iter::once(first)
        .chain(first.ancestors())
        .take_while(|n| n.id() != body.id())
        .take(HEADLINE_LEVELS)
        .find_map(|n| dom::find_tag(n, "h1"));
    near.or_else(|| {
        let mut all = body.descendants().filter(|n| dom::is_tag(*n, &["h1"]));
        let only = all.next();
        if all.next().is_some() { None } else { only }
    })
}

/// The author named by the markup: `rel=author`, `itemprop=author`, then elements
/// whose class or id says author, then byline.
fn byline(scope: NodeR) -> Option<String> {
    // In this order of trust: how an element says it names the author, and where
    // its name is.
    const NAME_OF: [fn(NodeR) -> String; 4] = [
        dom::text_of,
        itemprop_author_text,
        dom::text_of,
        dom::text_of,
    ];
    // Each kind's first element (in the page's order) that names someone and is not
    // inside a quotation: all kinds looked for in one walk, which ends early once the
    // most trusted one is found.
    let mut found: [Option<String>; NAME_OF.len()] = Default::default();
    for n in scope.descendants().filter(|n| n.value().is_element()) {
        let [rel, itemprop, class, id] = dom::attrs(n, ["rel", "itemprop", "class", "id"]);
        // The class and id words, read once for both kinds that go by them.
        let (mut author, mut byline) = (false, false);
        if found[2].is_none() || found[3].is_none() {
            for name in dom::names_of(class, id) {
                dom::any_word(name, |w| {
                    author |= w.starts_with("author");
                    byline |= w.starts_with("byline");
                    author && byline
                });
            }
        }
        let is_kind = [
            found[0].is_none() && has_word(rel, "author"),
            found[1].is_none() && has_word(itemprop, "author"),
            author,
            byline,
        ];
        for ((slot, is_kind), name_of) in found.iter_mut().zip(is_kind).zip(NAME_OF) {
            // Checked for being inside a quotation only once it matches, so the walk
            // up its ancestors is paid for a few elements.
            if slot.is_none() && is_kind && !quotes_someone(n, scope) {
                *slot = clean_author(&name_of(n));
            }
        }
        if found[0].is_some() {
            break;
        }
    }
    found.into_iter().flatten().next()
}

/// An element inside a quotation, a comment or a fact-check's claim: the author it
/// names is a quoted person's or a commenter's, not the article's.
fn quotes_someone(node: NodeR, scope: NodeR) -> bool {
    std::iter::once(node)
        .chain(node.ancestors())
        .take_while(|n| n.id() != scope.id())
        .any(|n| {
            dom::is_tag(n, &["blockquote", "q", "figure", "cite"])
                || has_name_word(n, |w| {
                    [
                        "quote",
                        "testimonial",
                        "comment",
                        "pullquote",
                        "blockquote",
                        "statement",
                        "claim",
                    ]
                    .iter()
                    .any(|s| w.starts_with(s))
                })
        })
}

fn itemprop_author_text(node: NodeR) -> String {
    let name = node
        .descendants()
        .skip(1)
        .find(|n| has_word_attr(*n, "itemprop", "name"));
    match name {
        Some(name) => dom::attr(name, "content")
            .map(str::to_string)
            .unwrap_or_else(|| dom::text_of(name)),
        None => dom::attr(node, "content")
            .map(str::to_string)
            .unwrap_or_else(|| dom::text_of(node)),
    }
}

/// The publication date of the first `<time>` marked as such, else of the first
/// `<time>` that has one.
fn published_time(scope: NodeR) -> Option<NaiveDate> {
    let times: Vec<NodeR> = scope
        .descendants()
        .filter(|n| dom::is_tag(*n, &["time"]))
        .collect();
    let is_marked = |t: NodeR| {
        dom::attr(t, "pubdate").is_some()
            || has_word_attr(t, "itemprop", "datePublished")
            || has_name_word(t, |w| w.starts_with("publish") || w == "pubdate")
    };
    let date_of = |t: NodeR| {
        dom::attr(t, "datetime")
            .and_then(parse_date)
            .or_else(|| parse_date(&dom::text_of(t)))
    };
    let marked = times
        .iter()
        .copied()
        .filter(|t| is_marked(*t))
        .find_map(date_of);
    marked.or_else(|| times.iter().copied().find_map(date_of))
}

/// Words in a class name or id that mark a standfirst (the summary under the
/// headline): `content-header__dek`, `post-header subtitle`, `standfirst`; also
/// `sub-head` and `lead-text`, and `itemprop=description`.
const STANDFIRST_WORDS: &[&str] = &[
    "dek",
    "deck",
    "standfirst",
    "subtitle",
    "subheadline",
    "subhead",
    "strapline",
    "lede",
];
/// A standfirst is at most this long; longer blocks so named are text.
const MAX_STANDFIRST_CHARS: usize = 400;

/// The standfirst inside the content or the article around it, if the markup names
/// one: a short block the reader shows as the subtitle, not as the first paragraph.
pub(super) fn standfirst<'a>(content: &[NodeR<'a>], body: NodeR<'a>) -> Option<NodeR<'a>> {
    let first = content.first().copied()?;
    let scope = scope_of(first, body);
    let mut roots = content.iter().copied().chain(std::iter::once(scope));
    roots.find_map(|root| root.descendants().skip(1).find(|n| is_standfirst(*n)))
}

fn is_standfirst(node: NodeR) -> bool {
    let named = || {
        let [class, id, itemprop] = dom::attrs(node, ["class", "id", "itemprop"]);
        let names = || dom::names_of(class, id);
        names().any(|name| dom::any_word(name, |w| STANDFIRST_WORDS.contains(&w)))
            || names().any(|name| {
                ["lead-text", "sub-head", "sub_head", "sub-title"]
                    .iter()
                    .any(|infix| contains_ci(name, infix))
            })
            || has_word(itemprop, "description")
    };
    let one_paragraph = || {
        node.descendants()
            .skip(1)
            .filter(|d| dom::is_tag(*d, &["p"]))
            .nth(1)
            .is_none()
    };
    let short = || (20..=MAX_STANDFIRST_CHARS).contains(&dom::text_of(node).chars().count());
    dom::is_block(node) && named() && one_paragraph() && short()
}

/// Blocks inside the content that only carry the byline or the date.
pub(super) fn metadata_blocks(content: &[NodeR], author: Option<&str>, stats: &Stats) -> NodeSet {
    let mut skip = NodeSet::default();
    for root in content {
        for node in root.descendants().skip(1) {
            let candidate = dom::is_block(node) && !dom::is_tag(node, &["article", "main", "body"]);
            if candidate
                && stats.get(node).chars <= MAX_BYLINE_CHARS
                && is_metadata_block(node, author)
            {
                skip.insert(node.id());
            }
        }
    }
    skip
}

fn is_metadata_block(node: NodeR, author: Option<&str>) -> bool {
    let named = has_name_word(node, |w| {
        ["byline", "author", "dateline", "timestamp"]
            .iter()
            .any(|s| w.starts_with(s))
            || [
                "date",
                "pubdate",
                "published",
                "meta",
                "posted",
                "writtenby",
            ]
            .contains(&w)
    });
    // The rest only for a single line of text, not a header holding other blocks
    // (whatever its text, so that is known before the text is collected).
    if !named && node.descendants().skip(1).any(dom::is_block) {
        return false;
    }
    let text = dom::text_of(node);
    let chars = text.chars().count();
    if chars > MAX_BYLINE_CHARS {
        return false;
    }
    if named {
        return true;
    }
    let holds_author = node
        .descendants()
        .any(|n| has_word_attr(n, "rel", "author") || has_word_attr(n, "itemprop", "author"));
    let only_a_time = node
        .descendants()
        .find(|n| dom::is_tag(*n, &["time"]))
        .is_some_and(|t| dom::text_of(t) == text);
    let by_line = author.is_some_and(|a| {
        let lower = text.to_lowercase();
        lower.starts_with("by ") && lower.contains(&a.to_lowercase())
    });
    holds_author || only_a_time || by_line
}

fn has_word_attr(node: NodeR, attr: &str, word: &str) -> bool {
    has_word(dom::attr(node, attr), word)
}

/// An attribute's value, read already, has `word` among its words (ignoring ASCII case).
fn has_word(value: Option<&str>, word: &str) -> bool {
    value.is_some_and(|v| v.split_whitespace().any(|w| w.eq_ignore_ascii_case(word)))
}

fn has_name_word(node: NodeR, pred: impl Fn(&str) -> bool) -> bool {
    dom::names_iter(node).any(|name| dom::any_word(name, &pred))
}
