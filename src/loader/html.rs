//! STUB standing in for the real HTML → blocks converter (an HTML5 parser), which
//! replaces this file. A crude tag stripper: block tags end paragraphs, `<h1>`–`<h6>`
//! become headings, `<hr>` a rule, `<a href>` a link; `<head>`, `<style>`, `<script>`
//! and comments are dropped; a few entities are decoded. No I/O.

use crate::article::{Block, Link};

/// HTML (a fragment or a whole document) → body blocks and the links in it.
pub fn fragment_to_blocks(html: &str) -> (Vec<Block>, Vec<Link>) {
    let mut out = Builder::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.text(&rest[..lt]);
        rest = out.tag(&rest[lt..]);
    }
    out.text(rest);
    out.flush();
    (out.blocks, out.links)
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    links: Vec<Link>,
    current: String,
    heading: Option<u8>,
    href: Option<(String, usize)>,
}

impl Builder {
    fn text(&mut self, raw: &str) {
        self.current.push_str(&decode_entities(raw));
    }

    fn flush(&mut self) {
        let text = self
            .current
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        self.current.clear();
        if text.is_empty() {
            return;
        }
        self.blocks.push(match self.heading {
            Some(level) => Block::Heading { level, text },
            None => Block::Paragraph(text),
        });
    }

    /// Handles the tag at the start of `s`; returns what follows it.
    fn tag<'a>(&mut self, s: &'a str) -> &'a str {
        if let Some(comment) = s.strip_prefix("<!--") {
            return comment.find("-->").map_or("", |i| &comment[i + 3..]);
        }
        let Some(gt) = s.find('>') else {
            return "";
        };
        let inner = &s[1..gt];
        let rest = &s[gt + 1..];
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        match name.as_str() {
            "head" | "style" | "script" | "title" if !closing => skip_until_close(rest, &name),
            _ => {
                self.element(&name, inner, closing);
                rest
            }
        }
    }

    fn element(&mut self, name: &str, inner: &str, closing: bool) {
        match name {
            "a" if closing => self.end_link(),
            "a" => self.href = attribute(inner, "href").map(|url| (url, self.current.len())),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let level = name[1..].parse().unwrap_or(1);
                self.heading = (!closing).then_some(level);
            }
            "hr" => {
                self.flush();
                self.blocks.push(Block::Rule);
            }
            "p" | "div" | "br" | "li" | "tr" | "table" | "blockquote" | "ul" | "ol" | "td"
            | "section" | "article" | "header" | "footer" | "body" => self.flush(),
            _ => {}
        }
    }

    fn end_link(&mut self) {
        if let Some((url, start)) = self.href.take() {
            let text = self.current.get(start..).unwrap_or_default();
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            self.links.push(Link { text, url });
        }
    }
}

fn skip_until_close<'a>(s: &'a str, name: &str) -> &'a str {
    let close = s.match_indices("</").map(|(i, _)| i).find(|&i| {
        s.get(i + 2..i + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    });
    match close {
        Some(i) => s[i..].find('>').map_or("", |j| &s[i + j + 1..]),
        None => "",
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let value = tag.get(at..)?;
    let (quote, value) = match value.chars().next()? {
        q @ ('"' | '\'') => (q, &value[1..]),
        _ => (' ', value),
    };
    let end = value.find(quote).unwrap_or(value.len());
    Some(decode_entities(&value[..end]))
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&i| i <= 10);
        match end.and_then(|i| entity(&rest[1..i])) {
            Some(c) => {
                out.push(c);
                rest = &rest[end.unwrap_or(0) + 1..];
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

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "pound" => '£',
        "eacute" => 'é',
        "copy" => '©',
        "mdash" => '—',
        "ndash" => '–',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "hellip" => '…',
        _ => return None,
    })
}

/// STUB: whether text looks like HTML.
pub fn looks_like_html(text: &str) -> bool {
    let head = text
        .get(..text.len().min(512))
        .unwrap_or("")
        .to_ascii_lowercase();
    head.contains("<!doctype html") || head.contains("<html")
}

/// STUB: a saved page as one article.
pub fn parse(html: &str) -> crate::article::Draft {
    let (body, links) = fragment_to_blocks(html);
    crate::article::Draft {
        body,
        links,
        ..Default::default()
    }
}

/// STUB: the charset a page declares.
pub fn declared_charset(_head: &[u8]) -> Option<String> {
    None
}
