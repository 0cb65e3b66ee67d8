//! The links an article offers its reader, numbered in reading order: the links its
//! parser kept (HTML, Markdown, feeds) and bare `http(s)://` URLs in its text. The
//! body comes back with a `[n]` after each link's text, so `o` then `n` can open it;
//! links whose text could not be found in the body keep the numbers after the rest.

use std::collections::HashMap;

use crate::article::{Article, Block, Link};

/// The body with link numbers in it, and the links by number (`links[0]` is `[1]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Numbered {
    pub body: Vec<Block>,
    pub links: Vec<Link>,
}

/// Where a number goes: after byte `end` of text unit `unit` (see [`units`]).
struct Mark {
    unit: usize,
    end: usize,
    link: Link,
}

/// The texts of the body that can carry numbers, in reading order: paragraphs,
/// quotes, headings and each list item (not code).
fn units(body: &[Block]) -> Vec<&str> {
    let mut out = Vec::new();
    for block in body {
        match block {
            Block::Paragraph(text) | Block::Quote(text) | Block::Heading { text, .. } => {
                out.push(text.as_str());
            }
            Block::List { items, .. } => out.extend(items.iter().map(String::as_str)),
            Block::Code(_) | Block::Rule => {}
        }
    }
    out
}

/// The bare URLs in `text`: byte ranges, without trailing punctuation.
fn bare_urls(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find("http") {
        let start = from + found;
        let rest = &text[start..];
        let is_url = rest.starts_with("https://") || rest.starts_with("http://");
        let at_word_start = !text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let len = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '[' | ']'))
            .unwrap_or(rest.len());
        let url = rest[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
        let scheme = if rest.starts_with("https://") { 8 } else { 7 };
        if is_url && at_word_start && url.len() > scheme {
            out.push((start, start + url.len()));
        }
        from = start + len.max(4);
    }
    out
}

/// Numbers `article`'s links.
pub fn number(article: &Article) -> Numbered {
    let texts = units(&article.body);
    let mut marks: Vec<Mark> = Vec::new();
    let mut unplaced: Vec<Link> = Vec::new();
    // The parser's links, in order: each found after the one before.
    let (mut unit, mut at) = (0, 0);
    for link in article.links.iter() {
        let needle = link.text.trim();
        let after = |unit: usize, at: usize| {
            (unit..texts.len()).find_map(|u| {
                let from = if u == unit { at } else { 0 };
                let hay = texts[u].get(from..)?;
                hay.find(needle).map(|p| (u, from + p + needle.len()))
            })
        };
        // Parsers give links in reading order; when one is out of order, its text is
        // looked for from the start.
        let found = match needle.is_empty() {
            true => None,
            false => after(unit, at).or_else(|| after(0, 0)),
        };
        match found {
            Some((u, end)) => {
                if (u, end) > (unit, at) {
                    (unit, at) = (u, end);
                }
                marks.push(Mark {
                    unit: u,
                    end,
                    link: link.clone(),
                });
            }
            None => unplaced.push(link.clone()),
        }
    }
    // Bare URLs, unless a parser's link already ends there.
    for (u, text) in texts.iter().enumerate() {
        for (start, end) in bare_urls(text) {
            if !marks.iter().any(|m| m.unit == u && m.end == end) {
                let url = text[start..end].to_string();
                marks.push(Mark {
                    unit: u,
                    end,
                    link: Link {
                        text: url.clone(),
                        url,
                    },
                });
            }
        }
    }
    marks.sort_by_key(|m| (m.unit, m.end));

    // One number per URL: a link repeated keeps its first number.
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut links: Vec<Link> = Vec::new();
    let mut number_of = |link: &Link| {
        *numbers.entry(link.url.clone()).or_insert_with(|| {
            links.push(link.clone());
            links.len()
        })
    };
    let mut inserts: Vec<Vec<(usize, usize)>> = vec![Vec::new(); texts.len()];
    for mark in &marks {
        let n = number_of(&mark.link);
        inserts[mark.unit].push((mark.end, n));
    }
    for link in &unplaced {
        number_of(link);
    }

    let mut next = 0;
    let mut with_numbers = |text: &str| {
        let here = inserts.get(next).cloned().unwrap_or_default();
        next += 1;
        insert_numbers(text, &here)
    };
    let body = article
        .body
        .iter()
        .map(|block| match block {
            Block::Paragraph(t) => Block::Paragraph(with_numbers(t)),
            Block::Quote(t) => Block::Quote(with_numbers(t)),
            Block::Heading { level, text } => Block::Heading {
                level: *level,
                text: with_numbers(text),
            },
            Block::List { ordered, items } => Block::List {
                ordered: *ordered,
                items: items.iter().map(|i| with_numbers(i)).collect(),
            },
            other => other.clone(),
        })
        .collect();
    Numbered { body, links }
}

/// `text` with `[n]` written after each byte offset in `inserts` (sorted).
fn insert_numbers(text: &str, inserts: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + inserts.len() * 4);
    let mut at = 0;
    for &(end, n) in inserts {
        if end < at || !text.is_char_boundary(end) {
            continue;
        }
        out.push_str(&text[at..end]);
        out.push_str(&format!("[{n}]"));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{ArticleId, Draft};
    use std::path::PathBuf;

    fn article(body: Vec<Block>, links: Vec<(&str, &str)>) -> Article {
        let draft = Draft {
            title: "t".into(),
            body,
            links: links
                .into_iter()
                .map(|(text, url)| Link {
                    text: text.into(),
                    url: url.into(),
                })
                .collect(),
            ..Draft::default()
        };
        Article::new(ArticleId(1), PathBuf::from("a"), draft)
    }

    #[test]
    fn links_are_numbered_after_their_text_in_reading_order() {
        let a = article(
            vec![
                Block::Paragraph("Read the report and the reply.".into()),
                Block::List {
                    ordered: false,
                    items: vec!["the map".into()],
                },
            ],
            vec![
                ("report", "https://a.example/report"),
                ("the map", "https://a.example/map"),
                ("reply", "https://a.example/reply"),
                ("nowhere in the text", "https://a.example/gone"),
            ],
        );
        let n = number(&a);
        assert_eq!(
            n.body[0],
            Block::Paragraph("Read the report[1] and the reply[2].".into())
        );
        assert_eq!(
            n.body[1],
            Block::List {
                ordered: false,
                items: vec!["the map[3]".into()]
            }
        );
        let urls: Vec<&str> = n.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://a.example/report",
                "https://a.example/reply",
                "https://a.example/map",
                "https://a.example/gone"
            ]
        );
    }

    #[test]
    fn bare_urls_are_links_too_without_their_punctuation() {
        let a = article(
            vec![Block::Paragraph(
                "See https://example.org/a. Or (http://example.org/b), not xhttp://c nor https://."
                    .into(),
            )],
            vec![],
        );
        let n = number(&a);
        assert_eq!(
            n.body[0],
            Block::Paragraph(
                "See https://example.org/a[1]. Or (http://example.org/b[2]), not xhttp://c nor https://."
                    .into()
            )
        );
        assert_eq!(n.links.len(), 2);
    }

    #[test]
    fn a_repeated_url_keeps_its_number_and_a_link_written_as_its_url_is_numbered_once() {
        let a = article(
            vec![Block::Paragraph(
                "One https://x.example/ and again https://x.example/ end".into(),
            )],
            vec![("https://x.example/", "https://x.example/")],
        );
        let n = number(&a);
        assert_eq!(
            n.body[0],
            Block::Paragraph(
                "One https://x.example/[1] and again https://x.example/[1] end".into()
            )
        );
        assert_eq!(n.links.len(), 1);
    }
}
