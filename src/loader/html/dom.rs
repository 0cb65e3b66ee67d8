//! Small read-only helpers over scraper's tree: tag names, attributes, class and id
//! words, whitespace-collapsed text, and per-element text statistics. Every walk here
//! is iterative ([`walk`] and ego-tree's iterators), so nesting depth never reaches the call stack.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use ego_tree::{NodeId, NodeRef};
use scraper::Node;
use scraper::node::Element;

pub(super) type NodeR<'a> = NodeRef<'a, Node>;

/// Maps and sets keyed by node: a node id is an index into the tree, so a cheap
/// multiplicative hash spreads it as well as SipHash would, at a fraction of the cost.
pub(super) type NodeMap<V> = HashMap<NodeId, V, BuildHasherDefault<IdHasher>>;
pub(super) type NodeSet = HashSet<NodeId, BuildHasherDefault<IdHasher>>;

/// The hasher of [`NodeMap`] and [`NodeSet`] (Fibonacci hashing; keys are trusted
/// tree indices, not input).
#[derive(Default)]
pub(super) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// Elements that start a new block of text; everything else is inline. A `match`,
/// which compiles to a few length and byte comparisons: this runs for every node.
pub(super) fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "ul"
            | "listing"
            | "xmp"
            | "plaintext"
    )
}

/// Elements whose contents are never article text, in any mode.
fn is_never_text_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "template"
            | "noscript"
            | "svg"
            | "math"
            | "head"
            | "title"
            | "meta"
            | "link"
    )
}

pub(super) fn element<'a>(node: NodeR<'a>) -> Option<&'a Element> {
    node.value().as_element()
}

pub(super) fn tag<'a>(node: NodeR<'a>) -> Option<&'a str> {
    element(node).map(Element::name)
}

pub(super) fn attr<'a>(node: NodeR<'a>, name: &str) -> Option<&'a str> {
    element(node).and_then(|e| attr_of(e, name))
}

/// What `Element::attr` gives (the attribute `name` in no namespace), found by
/// comparing names as text: `attr` turns `name` into an interned atom on every call,
/// which cost more than the search itself.
fn attr_of<'a>(element: &'a Element, name: &str) -> Option<&'a str> {
    element
        .attrs
        .iter()
        .find(|(qual, _)| qual.prefix.is_none() && qual.ns.is_empty() && &*qual.local == name)
        .map(|(_, value)| &**value)
}

pub(super) fn is_tag(node: NodeR, names: &[&str]) -> bool {
    tag(node).is_some_and(|t| names.contains(&t))
}

pub(super) fn is_block(node: NodeR) -> bool {
    tag(node).is_some_and(is_block_tag)
}

pub(super) fn never_text(node: NodeR) -> bool {
    tag(node).is_some_and(is_never_text_tag)
}

pub(super) fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// The element's class names and id, each as written.
pub(super) fn names_iter<'a>(node: NodeR<'a>) -> impl Iterator<Item = &'a str> {
    let [class, id] = attrs(node, ["class", "id"]);
    names_of(class, id)
}

/// The class names and id of an element whose `class` and `id` are read already.
pub(super) fn names_of<'a>(
    class: Option<&'a str>,
    id: Option<&'a str>,
) -> impl Iterator<Item = &'a str> {
    let id = id.map(str::trim).filter(|id| !id.is_empty());
    class.unwrap_or_default().split_whitespace().chain(id)
}

/// Each of the attributes `names`, as [`attr`] finds it, in one pass over the
/// element's attributes: the tests run for every element look at several.
pub(super) fn attrs<'a, const N: usize>(node: NodeR<'a>, names: [&str; N]) -> [Option<&'a str>; N] {
    let mut found = [None; N];
    let Some(element) = element(node) else {
        return found;
    };
    for (qual, value) in element.attrs.iter() {
        if qual.prefix.is_some() || !qual.ns.is_empty() {
            continue;
        }
        let local: &str = &qual.local;
        for (slot, name) in found.iter_mut().zip(names) {
            if slot.is_none() && local == name {
                *slot = Some(&**value);
            }
        }
    }
    found
}

/// The lowercase words of a class name or id: `relatedArticles-box_2` → `related`,
/// `articles`, `box`, `2`.
#[cfg(test)]
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    any_word(name, |word| {
        words.push(word.to_string());
        false
    });
    words
}

/// Whether `pred` holds for one of the lowercase words of a class name or id
/// (`relatedArticles-box_2` → `related`, `articles`, `box`, `2`), made one at a time
/// in one buffer and stopping at the first that does.
pub(super) fn any_word(name: &str, mut pred: impl FnMut(&str) -> bool) -> bool {
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        let boundary = !c.is_alphanumeric() || (c.is_uppercase() && prev_lower);
        if boundary && !current.is_empty() {
            if pred(&current) {
                return true;
            }
            current.clear();
        }
        if c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    !current.is_empty() && pred(&current)
}

/// One step of [`walk`].
#[derive(Clone, Copy)]
pub(super) enum Event<'a> {
    Open(NodeR<'a>),
    Close(NodeR<'a>),
}

/// What [`walk`] does after opening a node.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// Visit the node's children, then close it.
    Enter,
    /// Leave out the node's subtree; it gets no `Close`.
    Skip,
}

/// Visits `root` and everything under it in document order, opening and closing each
/// node, without recursion; `visit` may prune a subtree by answering `Skip` to its
/// `Open` (the answer to a `Close` is ignored).
pub(super) fn walk<'a>(root: NodeR<'a>, mut visit: impl FnMut(Event<'a>) -> Step) {
    let mut node = root;
    'nodes: loop {
        if visit(Event::Open(node)) == Step::Enter {
            if let Some(child) = node.first_child() {
                node = child;
                continue;
            }
            visit(Event::Close(node));
        }
        loop {
            if node.id() == root.id() {
                return;
            }
            if let Some(next) = node.next_sibling() {
                node = next;
                continue 'nodes;
            }
            let Some(parent) = node.parent() else {
                return;
            };
            node = parent;
            visit(Event::Close(node));
        }
    }
}

/// Builds one-line text: runs of whitespace become one space, ends trimmed.
#[derive(Default)]
pub(super) struct Collapser {
    text: String,
    space: bool,
}

impl Collapser {
    /// Adds text; returns whether it held anything but whitespace.
    pub(super) fn push(&mut self, s: &str) -> bool {
        crate::whitespace::push_collapsed(&mut self.text, s, &mut self.space)
    }

    /// A word break (between blocks or at a `<br>`).
    pub(super) fn space(&mut self) {
        self.space = true;
    }

    pub(super) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub(super) fn take(&mut self) -> String {
        self.space = false;
        std::mem::take(&mut self.text)
    }

    pub(super) fn finish(self) -> String {
        self.text
    }
}

/// The node's text, whitespace collapsed, with a space between blocks and none of
/// the text of scripts, styles and the like.
pub(super) fn text_of(node: NodeR) -> String {
    let mut out = Collapser::default();
    push_text(&mut out, node, false);
    out.finish()
}

/// The text of a run of inline nodes, leaving out blocks nested inside them (their
/// text is theirs), whitespace collapsed.
pub(super) fn inline_text(run: &[NodeR]) -> String {
    let mut out = Collapser::default();
    for node in run {
        push_text(&mut out, *node, true);
    }
    out.finish()
}

/// Where [`push_text`] sends text: a [`Collapser`] building it, or a
/// [`TextSize`](super::text_size::TextSize) only measuring it.
pub(super) trait TextSink {
    fn push(&mut self, s: &str);
    fn space(&mut self);
}

impl TextSink for Collapser {
    fn push(&mut self, s: &str) {
        Collapser::push(self, s);
    }

    fn space(&mut self) {
        Collapser::space(self);
    }
}

/// Adds to `out` the text of one node of a run of inline nodes: see [`inline_text`].
pub(super) fn push_inline_text(out: &mut impl TextSink, node: NodeR) {
    push_text(out, node, true);
}

pub(super) fn push_text(out: &mut impl TextSink, root: NodeR, inline_only: bool) {
    walk(root, |event| match event {
        Event::Open(n) => {
            if never_text(n) || (inline_only && is_block(n)) {
                return Step::Skip;
            }
            if let Some(text) = n.value().as_text() {
                out.push(text);
            } else if is_block(n) || is_tag(n, &["br"]) {
                out.space();
            }
            Step::Enter
        }
        Event::Close(n) => {
            if is_block(n) {
                out.space();
            }
            Step::Enter
        }
    });
}

/// All text under the node, as written (for `<title>` and script contents).
pub(super) fn text_of_raw(node: NodeR) -> String {
    node.descendants()
        .filter_map(|n| n.value().as_text())
        .map(|t| &**t)
        .collect()
}

/// How much text an element holds, and how much of it is inside links.
#[derive(Clone, Copy, Default, Debug)]
pub(super) struct TextStats {
    /// Non-whitespace characters.
    pub(super) chars: usize,
    /// Non-whitespace characters inside `<a>` elements.
    pub(super) link_chars: usize,
    /// `<a href>` elements.
    pub(super) links: usize,
}

impl TextStats {
    pub(super) fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }

    fn add(&mut self, other: TextStats) {
        self.chars += other.chars;
        self.link_chars += other.link_chars;
        self.links += other.links;
    }
}

/// Text statistics for every node under a root, computed in one post-order pass.
pub(super) struct Stats {
    map: NodeMap<TextStats>,
}

impl Stats {
    pub(super) fn compute(root: NodeR) -> Self {
        // Room for every node of the tree at once (a few more than under `root`):
        // growing the map a node at a time rehashed it again and again.
        let nodes = root.tree().nodes().len();
        let mut map = NodeMap::<TextStats>::with_capacity_and_hasher(nodes, Default::default());
        // The sums of the open nodes' children so far: a node's parent is the one
        // below it on the stack, so each node costs one insertion into the map.
        let mut open: Vec<TextStats> = Vec::new();
        walk(root, |event| match event {
            Event::Open(n) if never_text(n) => Step::Skip,
            Event::Open(_) => {
                open.push(TextStats::default());
                Step::Enter
            }
            Event::Close(n) => {
                let mut own = open.pop().unwrap_or_default();
                if let Some(text) = n.value().as_text() {
                    own.chars = crate::whitespace::non_whitespace_chars(text);
                }
                if is_tag(n, &["a"]) {
                    own.link_chars = own.chars;
                    own.links += usize::from(attr(n, "href").is_some());
                }
                map.insert(n.id(), own);
                if let Some(parent) = open.last_mut() {
                    parent.add(own);
                }
                Step::Enter
            }
        });
        Stats { map }
    }

    pub(super) fn get(&self, node: NodeR) -> TextStats {
        self.map.get(&node.id()).copied().unwrap_or_default()
    }

    pub(super) fn sum<'a>(&self, nodes: impl IntoIterator<Item = NodeR<'a>>) -> TextStats {
        let mut total = TextStats::default();
        for node in nodes {
            total.add(self.get(node));
        }
        total
    }
}

/// The first element named `name` in document order under `root` (itself included).
pub(super) fn find_tag<'a>(root: NodeR<'a>, name: &str) -> Option<NodeR<'a>> {
    root.descendants().find(|n| tag(*n) == Some(name))
}

/// The nearest ancestor-or-self of `node` that satisfies `pred`.
pub(super) fn closest<'a>(node: NodeR<'a>, pred: impl Fn(NodeR<'a>) -> bool) -> Option<NodeR<'a>> {
    std::iter::once(node)
        .chain(node.ancestors())
        .find(|n| pred(*n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_class_words() {
        assert_eq!(
            words("relatedArticles-box_2"),
            ["related", "articles", "box", "2"]
        );
        assert_eq!(words("NAV"), ["nav"]);
        assert_eq!(words("mainNav"), ["main", "nav"]);
    }

    #[test]
    fn walk_opens_and_closes_in_order_and_prunes() {
        let html = scraper::Html::parse_fragment("<p>a<b>b</b></p><div><i>skip</i></div>c");
        let mut seen = Vec::new();
        walk(html.tree.root(), |event| match event {
            Event::Open(n) => {
                seen.push(format!(
                    "<{}",
                    tag(n).or(n.value().as_text().map(|t| &**t)).unwrap_or("?")
                ));
                if is_tag(n, &["div"]) {
                    Step::Skip
                } else {
                    Step::Enter
                }
            }
            Event::Close(n) => {
                seen.push(format!("{}>", tag(n).unwrap_or("")));
                Step::Enter
            }
        });
        assert_eq!(
            seen.join(" "),
            "<? <html <p <a > <b <b > b> p> <div <c > html> >"
        );
    }

    #[test]
    fn attrs_are_those_attr_finds() {
        let html = scraper::Html::parse_fragment(
            r#"<div id=" x " class="a b" role=main class="c"></div><p></p><svg xlink:href="h" href="g"></svg>"#,
        );
        let names = ["class", "id", "role", "href", "style", "xlink:href"];
        for node in html.tree.root().descendants() {
            let expected = names.map(|name| attr(node, name));
            assert_eq!(attrs(node, names), expected);
        }
    }

    #[test]
    fn collapses_text() {
        let html = scraper::Html::parse_fragment(
            "<p>  a \n b<br>c</p><ul><li>d</li><li>e</li></ul><script>x</script>",
        );
        assert_eq!(text_of(html.tree.root()), "a b c d e");
    }
}
