//! The element tree the feed reader walks: elements with their namespace, attributes,
//! children and how they were closed, and the lookups the format readers use on them.
//! Also writes children back as markup for inline XHTML. No parsing here.

/// The namespaces feeds use, resolved from `xmlns` declarations (or, where a prefix is
/// used without one, from its conventional name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ns {
    /// No namespace, or a default namespace this reader does not know (RSS 2.0).
    None,
    Atom,
    Atom03,
    Rss090,
    Rss1,
    Rdf,
    Dc,
    Content,
    Itunes,
    Xhtml,
    /// A prefixed namespace this reader does not know.
    Other,
}

impl Ns {
    pub(super) fn from_uri(uri: &str) -> Ns {
        let uri = uri.trim().trim_end_matches('/').to_ascii_lowercase();
        let uri = uri
            .strip_prefix("http://")
            .or_else(|| uri.strip_prefix("https://"))
            .unwrap_or(&uri);
        match uri {
            "www.w3.org/2005/atom" => Ns::Atom,
            "purl.org/atom/ns#" => Ns::Atom03,
            "my.netscape.com/rdf/simple/0.9" => Ns::Rss090,
            "purl.org/rss/1.0" => Ns::Rss1,
            "www.w3.org/1999/02/22-rdf-syntax-ns#" => Ns::Rdf,
            "purl.org/dc/elements/1.1" | "purl.org/dc/terms" => Ns::Dc,
            "purl.org/rss/1.0/modules/content" => Ns::Content,
            "www.itunes.com/dtds/podcast-1.0.dtd" => Ns::Itunes,
            "www.w3.org/1999/xhtml" => Ns::Xhtml,
            _ => Ns::Other,
        }
    }

    /// For a prefix used without a declaration.
    pub(super) fn from_prefix(prefix: &str) -> Ns {
        match prefix.to_ascii_lowercase().as_str() {
            "" => Ns::None,
            "atom" => Ns::Atom,
            "dc" | "dcterms" => Ns::Dc,
            "content" => Ns::Content,
            "rdf" => Ns::Rdf,
            "itunes" => Ns::Itunes,
            "xhtml" | "html" => Ns::Xhtml,
            _ => Ns::Other,
        }
    }
}

/// How an element ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Close {
    /// By its own end tag (or as an empty element).
    Tag,
    /// By the end tag of an element around it.
    Implied,
    /// By the end of the file.
    Eof,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// The local name, without its prefix.
    pub name: String,
    pub ns: Ns,
    /// Attributes by qualified name (`href`, `xml:base`), values unescaped.
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
    pub close: Close,
}

impl Element {
    /// Whether this element is `name` (ASCII case ignored) in one of `ns`.
    pub fn is(&self, ns: &[Ns], name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name) && ns.contains(&self.ns)
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The child elements named `name` in one of `ns`.
    pub fn all<'a>(&'a self, ns: &'a [Ns], name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.is(ns, name))
    }

    /// The first child element named `name` in one of `ns`.
    pub fn first(&self, ns: &[Ns], name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(ns, name))
    }

    /// The trimmed text of the first such child, if not empty.
    pub fn child_text(&self, ns: &[Ns], name: &str) -> Option<String> {
        self.all(ns, name)
            .map(Element::text)
            .find(|t| !t.is_empty())
    }

    /// An attribute by qualified name, else by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        let local = |k: &str| k.rsplit(':').next() == Some(name);
        self.attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .or_else(|| self.attrs.iter().find(|(k, _)| local(k)))
            .map(|(_, v)| v.as_str())
    }

    /// All text inside, trimmed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out.trim().to_string()
    }

    fn collect_text(&self, out: &mut String) {
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }

    pub fn has_element_children(&self) -> bool {
        self.elements().next().is_some()
    }

    /// The children written back as markup (prefixes and `xmlns` dropped), for inline
    /// XHTML and for HTML a feed put in an element without escaping it.
    pub fn inner_markup(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            write_node(child, &mut out);
        }
        out
    }
}

fn write_node(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => escape_into(t, out),
        Node::Element(e) => {
            out.push('<');
            out.push_str(&e.name);
            for (k, v) in e.attrs.iter().filter(|(k, _)| !k.starts_with("xmlns")) {
                out.push(' ');
                out.push_str(k);
                out.push_str("=\"");
                escape_into(v, out);
                out.push('"');
            }
            out.push('>');
            if is_void(&e.name) && e.children.is_empty() {
                return;
            }
            for child in &e.children {
                write_node(child, out);
            }
            out.push_str("</");
            out.push_str(&e.name);
            out.push('>');
        }
    }
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// HTML elements that never have content (`link` is left out: RSS's has).
pub(super) fn is_void(name: &str) -> bool {
    const VOID: &[&str] = &["br", "img", "hr", "wbr", "input", "area", "col", "embed"];
    VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}
