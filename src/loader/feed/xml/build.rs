//! The tree built from quick-xml's events: elements opened and closed (mismatched tags
//! repaired), namespaces bound, character and entity references resolved (the document's
//! own, then HTML's), too-deep elements dropped, each repair noted in the report.

use std::collections::{BTreeSet, HashMap};

use quick_xml::events::{BytesStart, Event};

use super::super::entities::html_entity;
use super::tree::is_void;
use super::{Close, Document, Element, MAX_DEPTH, MAX_NOTED, Node, Ns, Report};

struct Frame {
    element: Element,
    qname: String,
    bindings: usize,
}

pub(super) struct Builder {
    stack: Vec<Frame>,
    root: Option<Element>,
    /// In-scope prefix declarations, `""` for the default namespace.
    bindings: Vec<(String, Ns)>,
    entities: HashMap<String, String>,
    pub(super) report: Report,
}

impl Builder {
    pub(super) fn new(report: Report) -> Self {
        Builder {
            stack: Vec::new(),
            root: None,
            bindings: Vec::new(),
            entities: HashMap::new(),
            report,
        }
    }

    pub(super) fn event(&mut self, event: Event) {
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

    pub(super) fn finish(mut self) -> Document {
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

pub(super) fn split_qname(qname: &str) -> (&str, &str) {
    match qname.split_once(':') {
        Some((prefix, local)) => (prefix, local),
        None => ("", qname),
    }
}

pub(super) fn xmlns_prefix(key: &str) -> Option<&str> {
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
