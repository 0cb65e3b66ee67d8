//! Finding the parts of a page that are not the article: navigation, ads, comments,
//! share bars, cookie notes, related links, newsletter boxes, footers. They are
//! detached from the tree before scoring, so nothing later sees them.

use ego_tree::NodeId;
use scraper::Html;

use super::dom::{self, Event, NodeR, Stats, Step};
use crate::loader::plain::furniture::contains_ci;

/// Elements that never hold article text: the list [`is_drop_tag`] matches.
#[cfg(test)]
const DROP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "nav", "aside", "footer",
    "object", "embed", "canvas", "video", "audio", "button", "select", "input", "textarea",
    "dialog", "img", "picture", "map",
];

/// Elements never dropped for their class, id or role.
const PROTECTED_TAGS: &[&str] = &["html", "body", "main", "article"];

/// Words in a class name or id that mark junk when a word starts with them.
const JUNK_STEMS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "sidebar",
    "comment",
    "share",
    "sharing",
    "social",
    "cookie",
    "consent",
    "banner",
    "advert",
    "promo",
    "related",
    "newsletter",
    "subscri",
    "breadcrumb",
    "popup",
    "modal",
    "masthead",
    "sponsor",
    "outbrain",
    "taboola",
    "disqus",
    "signup",
    "gdpr",
    "toolbar",
    "skiplink",
    "recommend",
    "trending",
    "recent",
    "caption",
    "credit",
    "slideshow",
    "carousel",
];

/// Junk marks found anywhere in a class name or id, even inside a longer word
/// (`inlinegallery`, `hst-resgallery`).
const JUNK_INFIXES: &[&str] = &["gallery", "slideshow", "carousel"];

/// Words that mark junk only as whole words.
const JUNK_WORDS: &[&str] = &[
    "ad", "ads", "adv", "adslot", "adunit", "dfp", "skip", "popover", "tags",
];

/// Words that mark junk-looking stems as something else.
const NOT_JUNK_WORDS: &[&str] = &["commentary", "navigable", "menus"];

/// Whole class names that hide text from sighted readers.
const HIDDEN_CLASSES: &[&str] = &[
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "hidden",
    "d-none",
];

/// Words in a class name or id that mark the article itself.
const CONTENT_STEMS: &[&str] = &[
    "article", "main", "body", "content", "story", "post", "entry", "text",
];

const JUNK_ROLES: &[&str] = &[
    "navigation",
    "complementary",
    "contentinfo",
    "banner",
    "menu",
    "menubar",
    "search",
    "dialog",
    "alertdialog",
    "toolbar",
    "tablist",
];

/// A container named like junk that holds at least this share of the page's text
/// outside links is the article's wrapper (`Page-ad-margins`, `non-ad-column`,
/// `content-with-sidebar`, Blogger's `widget Blog`), not junk.
const ARTICLE_SHARE: f64 = 0.5;

/// Detaches every junk subtree from the document.
pub(super) fn remove_junk(html: &mut Html) {
    for id in junk_roots(html.tree.root()) {
        if let Some(mut node) = html.tree.get_mut(id) {
            node.detach();
        }
    }
}

/// The outermost junk elements, in document order.
fn junk_roots(root: NodeR) -> Vec<NodeId> {
    let mut found = Vec::new();
    // The page's text is counted only once a container looks like junk by its names
    // (most small pages have none), and then once for the whole page.
    let mut counted: Option<(Stats, usize)> = None;
    dom::walk(root, |event| match event {
        Event::Open(node) if is_junk(node) => {
            if never_article(node) {
                found.push(node.id());
                return Step::Skip;
            }
            let (stats, page_text) = counted.get_or_insert_with(|| {
                let stats = Stats::compute(root);
                let page_text = own_text(&stats, root);
                (stats, page_text)
            });
            if holds_the_article(node, stats, *page_text) {
                return Step::Enter;
            }
            found.push(node.id());
            Step::Skip
        }
        _ => Step::Enter,
    });
    found
}

fn is_junk(node: NodeR) -> bool {
    let Some(tag) = dom::tag(node) else {
        return false;
    };
    if matches!(tag, "html" | "body") {
        return false;
    }
    if is_drop_tag(tag) {
        return true;
    }
    let marks = Marks::of(node);
    if marks.hidden() {
        return true;
    }
    match tag {
        "header" => !inside_content(node),
        "form" => !holds_paragraphs(node),
        _ => {
            !PROTECTED_TAGS.contains(&tag)
                && (has_junk_role(marks.role) || has_junk_names(marks.names()))
        }
    }
}

/// The attributes that mark an element as junk, read in one pass.
struct Marks<'a> {
    hidden: Option<&'a str>,
    aria_hidden: Option<&'a str>,
    style: Option<&'a str>,
    class: Option<&'a str>,
    id: Option<&'a str>,
    role: Option<&'a str>,
}

impl<'a> Marks<'a> {
    fn of(node: NodeR<'a>) -> Self {
        let [hidden, aria_hidden, style, class, id, role] = dom::attrs(
            node,
            ["hidden", "aria-hidden", "style", "class", "id", "role"],
        );
        Marks {
            hidden,
            aria_hidden,
            style,
            class,
            id,
            role,
        }
    }

    fn names(&self) -> impl Iterator<Item = &'a str> {
        dom::names_of(self.class, self.id)
    }

    /// Hidden from sighted readers: `hidden`, `aria-hidden`, an inline style, or a
    /// class name saying so.
    fn hidden(&self) -> bool {
        if self.hidden.is_some() {
            return true;
        }
        if self
            .aria_hidden
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        {
            return true;
        }
        if let Some(style) = self.style.filter(|s| !s.is_empty()) {
            let style: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if style.contains("display:none") || style.contains("visibility:hidden") {
                return true;
            }
        }
        self.names()
            .any(|name| HIDDEN_CLASSES.iter().any(|h| name.eq_ignore_ascii_case(h)))
    }
}

/// `DROP_TAGS.contains(&tag)`, as a `match` (a few length and byte comparisons):
/// this runs for every element of the page.
fn is_drop_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "nav"
            | "aside"
            | "footer"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "button"
            | "select"
            | "input"
            | "textarea"
            | "dialog"
            | "img"
            | "picture"
            | "map"
    )
}

fn has_junk_role(role: Option<&str>) -> bool {
    role.is_some_and(|role| {
        role.split_whitespace()
            .any(|r| JUNK_ROLES.iter().any(|j| r.eq_ignore_ascii_case(j)))
    })
}

/// Some class name or the id has a junk word, and none looks like the article
/// (a name with both counts as junk).
fn has_junk_names<'a>(names: impl Iterator<Item = &'a str>) -> bool {
    let (mut junk, mut content) = (false, false);
    for name in names {
        let is_junk = dom::any_word(name, is_junk_word) || has_junk_infix(name);
        junk |= is_junk;
        content |= !is_junk && dom::any_word(name, is_content_word);
    }
    junk && !content
}

/// One of [`JUNK_INFIXES`] anywhere in `name`, ignoring ASCII case.
fn has_junk_infix(name: &str) -> bool {
    JUNK_INFIXES.iter().any(|infix| contains_ci(name, infix))
}

pub(super) fn is_junk_word(word: &str) -> bool {
    if NOT_JUNK_WORDS.contains(&word) {
        return false;
    }
    JUNK_WORDS.contains(&word) || JUNK_STEMS.iter().any(|stem| word.starts_with(stem))
}

pub(super) fn is_content_word(word: &str) -> bool {
    CONTENT_STEMS.iter().any(|stem| word.starts_with(stem))
}

/// Whether a container that looks like junk by its names holds the article: an
/// `[itemprop=articleBody]` inside it, or most of the page's text outside links.
/// Tags that never hold article text (scripts, `<nav>`, `<aside>`) and hidden
/// elements stay junk.
fn holds_the_article(node: NodeR, stats: &Stats, page_text: usize) -> bool {
    if never_article(node) || page_text == 0 {
        return false;
    }
    let body = node
        .descendants()
        .any(|n| dom::attr(n, "itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articleBody")));
    body || own_text(stats, node) as f64 >= ARTICLE_SHARE * page_text as f64
}

/// Tags that never hold the article's text, and hidden elements.
fn never_article(node: NodeR) -> bool {
    dom::tag(node).is_none_or(is_drop_tag) || Marks::of(node).hidden()
}

/// Non-whitespace characters under `node` outside links.
fn own_text(stats: &Stats, node: NodeR) -> usize {
    let s = stats.get(node);
    s.chars.saturating_sub(s.link_chars)
}

/// A `<header>` inside the article (its headline and byline) rather than the page's.
fn inside_content(node: NodeR) -> bool {
    node.ancestors().any(|a| {
        dom::is_tag(a, &["article", "main"])
            || dom::attr(a, "itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
            || dom::names_iter(a).any(|name| {
                dom::any_word(name, |w| {
                    ["article", "post", "entry", "story"]
                        .iter()
                        .any(|s| w.starts_with(s))
                })
            })
    })
}

/// Sites that wrap the whole page in one `<form>` keep it: it holds the article.
fn holds_paragraphs(node: NodeR) -> bool {
    node.descendants()
        .filter(|n| dom::is_tag(*n, &["p"]))
        .filter(|p| dom::text_of(*p).chars().count() >= 80)
        .nth(1)
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn junk(html: &str) -> bool {
        let doc = Html::parse_fragment(html);
        let el = doc
            .tree
            .root()
            .descendants()
            .find(|n| dom::tag(*n) == Some("div"));
        el.is_some_and(is_junk)
    }

    #[test]
    fn class_and_id_words() {
        assert!(junk(r#"<div class="site-nav">"#));
        assert!(junk(r#"<div id="cookieBanner">"#));
        assert!(junk(r#"<div class="ad-slot">"#));
        assert!(junk(r#"<div class="related-stories">"#));
        assert!(junk(r#"<div class="comment-body">"#));
        assert!(junk(r#"<div class="post-comments">"#));
        assert!(!junk(r#"<div class="article-body share-enabled">"#));
        assert!(!junk(r#"<div class="header shadow download">"#));
        assert!(!junk(r#"<div class="commentary">"#));
        assert!(!junk(r#"<div id="main-content" class="with-ads">"#));
    }

    #[test]
    fn drop_tags_and_infixes_are_matched_as_listed() {
        for tag in DROP_TAGS {
            assert!(is_drop_tag(tag), "{tag}");
        }
        for tag in ["div", "p", "NAV", "navs", "", "scrip"] {
            assert_eq!(is_drop_tag(tag), DROP_TAGS.contains(&tag), "{tag}");
        }
        for name in [
            "",
            "inlineGallery",
            "hst-resGALLERY",
            "Car0usel",
            "ÉslideshowÉ",
            "gal",
        ] {
            let lower = name.to_ascii_lowercase();
            let slow = JUNK_INFIXES.iter().any(|infix| lower.contains(infix));
            assert_eq!(has_junk_infix(name), slow, "{name}");
        }
    }

    #[test]
    fn roles_and_hidden() {
        assert!(junk(r#"<div role="navigation">"#));
        assert!(junk(r#"<div style="display: none">"#));
        assert!(junk(r#"<div hidden>"#));
        assert!(!junk(r#"<div role="main">"#));
    }
}
