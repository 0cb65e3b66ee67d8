//! A lenient XML reader for feeds: turns text into a small element tree with quick-xml,
//! recovering from what real feeds get wrong (text before the declaration, undeclared
//! HTML entities, bare `&` and `<`, unclosed or stray end tags, a file cut short) and
//! noting each repair in a [`Report`]. Knows nothing about feed formats; no I/O.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::entities::html_entity;

/// Deeper elements are dropped (their text kept), so that walking and dropping the
/// tree never recurses without bound.
const MAX_DEPTH: usize = 256;
/// Distinct entity names remembered for a warning.
const MAX_NOTED: usize = 6;
/// quick-xml errors tolerated before giving up on the rest of the file.
const MAX_ERRORS: usize = 64;
/// How far into the text junk before the XML declaration is looked past.
const MAX_PREFIX: usize = 64 * 1024;

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
    fn from_uri(uri: &str) -> Ns {
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
    fn from_prefix(prefix: &str) -> Ns {
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
fn is_void(name: &str) -> bool {
    const VOID: &[&str] = &["br", "img", "hr", "wbr", "input", "area", "col", "embed"];
    VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// What the reader had to repair or leave out.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// HTML entities used without a declaration, resolved from the HTML 4 table.
    pub html_entities: BTreeSet<String>,
    pub html_entity_count: usize,
    /// Entities nobody defines, kept as written.
    pub unknown_entities: BTreeSet<String>,
    /// The document type names the RSS 0.91 DTD, which declares the HTML entities.
    pub html_dtd: bool,
    /// Bare `<` that began no markup, taken as text.
    pub bare_lt: usize,
    /// Bare `&` that began no reference, taken as text.
    pub bare_amp: usize,
    /// Characters of junk skipped before the first element.
    pub skipped_prefix: usize,
    pub stray_end_tags: usize,
    pub unclosed_tags: usize,
    pub after_root: bool,
    /// Other errors read past, and the first of them.
    pub errors: usize,
    pub first_error: Option<String>,
    pub too_deep: bool,
    /// Why the document ended early, if it did.
    pub cut_short: Option<String>,
}

impl Report {
    /// One line per repair, except `cut_short`, which the caller words with what it lost.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.skipped_prefix > 0 {
            out.push(format!(
                "{} characters before the xml declaration ignored",
                self.skipped_prefix
            ));
        }
        if self.html_entity_count > 0 && !self.html_dtd {
            out.push(format!(
                "undeclared html entities resolved ({} in all): {}",
                self.html_entity_count,
                entity_list(&self.html_entities)
            ));
        }
        if !self.unknown_entities.is_empty() {
            out.push(format!(
                "unknown entities kept as written: {}",
                entity_list(&self.unknown_entities)
            ));
        }
        if self.bare_amp > 0 {
            out.push(format!("{} bare '&' read as text", self.bare_amp));
        }
        if self.bare_lt > 0 {
            out.push(format!("{} bare '<' read as text", self.bare_lt));
        }
        if self.stray_end_tags + self.unclosed_tags > 0 {
            out.push(format!(
                "mismatched tags repaired ({} unclosed, {} stray end tags)",
                self.unclosed_tags, self.stray_end_tags
            ));
        }
        if let Some(first) = &self.first_error {
            out.push(format!(
                "xml errors read past: {} (the first: {first})",
                self.errors
            ));
        }
        if self.after_root {
            out.push("content after the root element ignored".to_string());
        }
        if self.too_deep {
            out.push(format!(
                "elements nested deeper than {MAX_DEPTH} levels dropped"
            ));
        }
        out
    }
}

fn entity_list(names: &BTreeSet<String>) -> String {
    let mut list: Vec<String> = names.iter().map(|n| format!("&{n};")).collect();
    if names.len() >= MAX_NOTED {
        list.push("...".to_string());
    }
    list.join(" ")
}

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

/// Skips whatever comes before the markup and escapes every `<` that starts none.
fn preclean<'a>(text: &'a str, report: &mut Report) -> Cow<'a, str> {
    let start = markup_start(text);
    let skipped = text[..start]
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .count();
    report.skipped_prefix = skipped;
    escape_bare_lt(&text[start..], report)
}

/// Where the markup begins: past a BOM and blank lines, or past junk (a server's
/// warning) before `<?xml`.
fn markup_start(text: &str) -> usize {
    let trimmed = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let start = text.len() - trimmed.len();
    if trimmed.starts_with('<') {
        return start;
    }
    let mut window_end = text.len().min(MAX_PREFIX);
    while !text.is_char_boundary(window_end) {
        window_end -= 1;
    }
    let window = &text[..window_end];
    if let Some(at) = window.find("<?xml") {
        return at;
    }
    let bytes = text.as_bytes();
    window
        .match_indices('<')
        .map(|(i, _)| i)
        .find(|&i| bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic()))
        .unwrap_or(start)
}

fn escape_bare_lt<'a>(text: &'a str, report: &mut Report) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + offset;
        let rest = &bytes[at + 1..];
        i = at + 1;
        if rest.starts_with(b"![CDATA[") {
            i = skip_past(text, at, "]]>");
        } else if rest.starts_with(b"!--") {
            i = skip_past(text, at, "-->");
        } else if !starts_markup(rest.first().copied()) {
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len() + 64));
            buf.push_str(&text[copied..at]);
            buf.push_str("&lt;");
            copied = at + 1;
            report.bare_lt += 1;
        }
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(text),
    }
}

fn skip_past(text: &str, from: usize, end: &str) -> usize {
    text[from..]
        .find(end)
        .map_or(text.len(), |i| from + i + end.len())
}

fn starts_markup(next: Option<u8>) -> bool {
    match next {
        None => true,
        Some(c) => {
            c.is_ascii_alphabetic() || matches!(c, b'_' | b':' | b'/' | b'!' | b'?') || c >= 0x80
        }
    }
}

struct Frame {
    element: Element,
    qname: String,
    bindings: usize,
}

struct Builder {
    stack: Vec<Frame>,
    root: Option<Element>,
    /// In-scope prefix declarations, `""` for the default namespace.
    bindings: Vec<(String, Ns)>,
    entities: HashMap<String, String>,
    report: Report,
}

impl Builder {
    fn new(report: Report) -> Self {
        Builder {
            stack: Vec::new(),
            root: None,
            bindings: Vec::new(),
            entities: HashMap::new(),
            report,
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(e) => self.start(&e, false),
            Event::Empty(e) => self.start(&e, true),
            Event::End(e) => self.end(e.name().0),
            Event::Text(t) => {
                let text = t.xml10_content();
                // References come as events of their own: an `&` left in text is bare.
                self.report.bare_amp += crate::whitespace::count_byte(text.as_bytes(), b'&');
                self.text(&text);
            }
            Event::CData(t) => self.text(&t.xml10_content()),
            Event::GeneralRef(r) => match simple_reference(&r) {
                // Most references are characters: no String for each.
                Some(c) => self.text(c.encode_utf8(&mut [0; 4])),
                None => {
                    let resolved = self.resolve(&r);
                    self.text(&resolved);
                }
            },
            Event::DocType(t) => self.doctype(&t.xml10_content()),
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::Eof => {}
        }
    }

    fn start(&mut self, tag: &BytesStart, empty: bool) {
        let qname = tag.name().0;
        if qname.is_empty() {
            return;
        }
        if self.stack.is_empty() && self.root.is_some() {
            self.report.after_root = true;
            return;
        }
        self.close_unclosed_entry(qname);
        if self.stack.len() >= MAX_DEPTH {
            self.report.too_deep = true;
            return;
        }
        let bindings = self.bindings.len();
        let attrs = self.attributes(tag);
        self.bind_namespaces(&attrs);
        let (prefix, name) = split_qname(qname);
        let ns = self.namespace(prefix);
        let element = Element {
            name: name.to_string(),
            ns,
            attrs,
            children: Vec::new(),
            close: Close::Tag,
        };
        self.stack.push(Frame {
            element,
            qname: qname.to_string(),
            bindings,
        });
        if empty || (is_void(name) && matches!(ns, Ns::None | Ns::Xhtml)) {
            self.pop(Close::Tag);
        }
    }

    /// Entries never nest: an `<item>` or `<entry>` opened while one is still open
    /// closes that one first, so one missing end tag loses no entry.
    fn close_unclosed_entry(&mut self, qname: &str) {
        let local = split_qname(qname).1;
        if !(local.eq_ignore_ascii_case("item") || local.eq_ignore_ascii_case("entry")) {
            return;
        }
        if let Some(depth) = self.stack.iter().rposition(|f| f.qname == qname) {
            while self.stack.len() > depth {
                self.report.unclosed_tags += 1;
                self.pop(Close::Implied);
            }
        }
    }

    fn bind_namespaces(&mut self, attrs: &[(String, String)]) {
        for (key, value) in attrs {
            if let Some(prefix) = xmlns_prefix(key) {
                let ns = match Ns::from_uri(value) {
                    // An unknown default namespace (RSS 2.0 by Userland) is no namespace.
                    Ns::Other if prefix.is_empty() => Ns::None,
                    ns => ns,
                };
                self.bindings.push((prefix.to_string(), ns));
            }
        }
    }

    fn attributes(&mut self, tag: &BytesStart) -> Vec<(String, String)> {
        let mut attrs = Vec::new();
        for attr in tag.html_attributes().with_checks(false).flatten() {
            let value = self.unescape(&attr.value);
            attrs.push((attr.key.0.to_string(), value));
        }
        attrs
    }

    fn namespace(&self, prefix: &str) -> Ns {
        self.bindings
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map_or_else(|| Ns::from_prefix(prefix), |(_, ns)| *ns)
    }

    fn end(&mut self, qname: &str) {
        let found = self
            .stack
            .iter()
            .rposition(|f| f.qname == qname)
            .or_else(|| {
                let qname = qname.trim();
                self.stack
                    .iter()
                    .rposition(|f| f.qname.eq_ignore_ascii_case(qname))
            });
        match found {
            Some(depth) => {
                while self.stack.len() > depth + 1 {
                    self.report.unclosed_tags += 1;
                    self.pop(Close::Implied);
                }
                self.pop(Close::Tag);
            }
            None if is_void(split_qname(qname).1) => {}
            None => self.report.stray_end_tags += 1,
        }
    }

    fn pop(&mut self, close: Close) {
        let Some(mut frame) = self.stack.pop() else {
            return;
        };
        self.bindings.truncate(frame.bindings);
        frame.element.close = close;
        match self.stack.last_mut() {
            Some(parent) => parent.element.children.push(Node::Element(frame.element)),
            None if self.root.is_none() => self.root = Some(frame.element),
            None => self.report.after_root = true,
        }
    }

    fn text(&mut self, text: &str) {
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        match top.element.children.last_mut() {
            Some(Node::Text(t)) => t.push_str(text),
            _ => top.element.children.push(Node::Text(text.to_string())),
        }
    }

    fn doctype(&mut self, doctype: &str) {
        if doctype.to_ascii_lowercase().contains("rss-0.91") {
            self.report.html_dtd = true;
        }
        for (name, value) in internal_entities(doctype) {
            let value = self.unescape(&value);
            self.entities.entry(name).or_insert(value);
        }
    }

    /// The text an entity reference (without `&` and `;`) stands for.
    fn resolve(&mut self, name: &str) -> String {
        if let Some(c) = simple_reference(name) {
            return c.to_string();
        }
        if let Some(value) = self.entities.get(name) {
            return value.clone();
        }
        if let Some(c) = html_entity(name) {
            self.report.html_entity_count += 1;
            note(&mut self.report.html_entities, name);
            return c.to_string();
        }
        note(&mut self.report.unknown_entities, name);
        format!("&{name};")
    }

    /// Resolves the references in an attribute value; a `&` that starts none stays.
    fn unescape(&mut self, raw: &str) -> String {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(amp) = rest.find('&') {
            out.push_str(&rest[..amp]);
            rest = &rest[amp..];
            match reference_name(rest) {
                Some(name) => {
                    let resolved = self.resolve(name);
                    out.push_str(&resolved);
                    rest = &rest[name.len() + 2..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn finish(mut self) -> Document {
        if let Some(top) = self.stack.last() {
            let reason = match is_plain_name(&top.qname) {
                true => format!("it ends inside <{}>", top.qname.to_ascii_lowercase()),
                false => "it ends inside a tag".to_string(),
            };
            self.report.cut_short.get_or_insert(reason);
        }
        while !self.stack.is_empty() {
            self.pop(Close::Eof);
        }
        Document {
            root: self.root,
            report: self.report,
        }
    }
}

/// Whether a name is short and plain enough to quote in a message.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

fn note(set: &mut BTreeSet<String>, name: &str) {
    if set.len() < MAX_NOTED {
        set.insert(name.to_string());
    }
}

fn split_qname(qname: &str) -> (&str, &str) {
    match qname.split_once(':') {
        Some((prefix, local)) => (prefix, local),
        None => ("", qname),
    }
}

fn xmlns_prefix(key: &str) -> Option<&str> {
    if key == "xmlns" {
        Some("")
    } else {
        key.strip_prefix("xmlns:")
    }
}

/// The character a character reference (`#65`, `#x41`) or predefined entity stands
/// for; `None` for other names, which the document or HTML may define.
fn simple_reference(name: &str) -> Option<char> {
    match name.strip_prefix('#') {
        Some(number) => Some(char_ref(number)),
        None => predefined(name),
    }
}

fn predefined(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// `x41` or `65` → `A`; anything unusable → U+FFFD.
fn char_ref(number: &str) -> char {
    let value = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => number.parse::<u32>().ok(),
    };
    value
        .filter(|&v| v != 0)
        .and_then(char::from_u32)
        .unwrap_or('\u{fffd}')
}

/// The name in `&name;` at the start of `text`, if it is one.
fn reference_name(text: &str) -> Option<&str> {
    let body = text.strip_prefix('&')?;
    let end = body.char_indices().take(33).find(|(_, c)| *c == ';')?.0;
    let name = &body[..end];
    let valid = !name.is_empty()
        && name.len() <= 32
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '#' | '_' | '-' | '.'));
    valid.then_some(name)
}

/// `<!ENTITY name "value">` declarations of an internal DTD subset (parameter entities
/// and external ones are ignored).
fn internal_entities(doctype: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for decl in doctype.split("<!ENTITY").skip(1) {
        let decl = decl.trim_start();
        if decl.starts_with('%') {
            continue;
        }
        let Some((name, rest)) = decl.split_once(char::is_whitespace) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(value) = rest[1..].split(quote).next() {
            out.push((name.to_string(), value.to_string()));
        }
    }
    out
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
