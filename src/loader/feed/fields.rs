//! Small text helpers for feed fields: HTML in titles flattened to text, plain text cut
//! into paragraphs, a title made from a body's first sentence, author names pulled out
//! of `email (Name)`. Pure functions; no I/O.

use crate::article::Block;

use super::entities::html_entity;

/// A title made from a body is shorter than this many characters.
const MAX_TITLE_CHARS: usize = 100;

/// HTML (or text that may hold some) as one line of plain text: tags dropped (block
/// tags leave a space), entities resolved, whitespace folded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut closable = true;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let is_tag = starts_tag(after);
        let gt = if is_tag && closable {
            after.find('>')
        } else {
            None
        };
        // With no `>` left, no later `<` closes either.
        closable &= !is_tag || gt.is_some();
        match gt {
            Some(gt) => {
                if is_block_tag(&after[..gt]) {
                    out.push(' ');
                }
                rest = &after[gt + 1..];
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    fold_whitespace(&decode_entities(&out))
}

/// Whether the text holds an HTML tag (rather than only text and entities).
pub fn has_tags(text: &str) -> bool {
    let Some(last_gt) = text.rfind('>') else {
        return false;
    };
    text[..last_gt]
        .match_indices('<')
        .any(|(i, _)| starts_tag(&text[i + 1..]))
}

fn starts_tag(after_lt: &str) -> bool {
    after_lt.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
}

fn is_block_tag(tag: &str) -> bool {
    const BLOCK: &[&str] = &[
        "br",
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "td",
        "th",
        "blockquote",
        "pre",
        "hr",
        "dt",
        "dd",
        "table",
        "section",
        "figure",
    ];
    let name: String = tag
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    BLOCK.iter().any(|b| b.eq_ignore_ascii_case(&name))
}

/// Resolves `&name;`, `&#65;` and `&#x41;`; anything else stays as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match entity_at(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
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

/// The character of the entity reference starting `text`, and the reference's length.
fn entity_at(text: &str) -> Option<(char, usize)> {
    let body = text.get(1..)?;
    let end = body.char_indices().take(33).find(|(_, c)| *c == ';')?.0;
    let name = &body[..end];
    let c = match name.strip_prefix('#') {
        Some(num) => {
            let value = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            value.filter(|&v| v != 0).and_then(char::from_u32)?
        }
        None => match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => html_entity(name)?,
        },
    };
    Some((c, end + 2))
}

/// Every run of whitespace (non-breaking spaces too) as one space, ends trimmed.
pub fn fold_whitespace(text: &str) -> String {
    crate::whitespace::collapse(text)
}

/// Plain text as paragraphs, split on blank lines.
pub fn plain_paragraphs(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            push_paragraph(&mut blocks, &mut current);
        } else {
            current.push(' ');
            current.push_str(line);
        }
    }
    push_paragraph(&mut blocks, &mut current);
    blocks
}

fn push_paragraph(blocks: &mut Vec<Block>, current: &mut String) {
    let text = fold_whitespace(current);
    if !text.is_empty() {
        blocks.push(Block::Paragraph(text));
    }
    current.clear();
}

/// A title for an entry that has none: the first sentence of its body, cut at a word
/// boundary to fewer than 100 characters.
pub fn title_from_body(body: &[Block]) -> Option<String> {
    let text = body
        .iter()
        .filter(|b| !matches!(b, Block::Rule | Block::Code(_)))
        .map(|b| fold_whitespace(&b.plain_text()))
        .find(|t| !t.is_empty())?;
    Some(shorten(first_sentence(&text)))
}

fn first_sentence(text: &str) -> &str {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = matches!(c, '.' | '!' | '?' | '…');
        if ends && chars.peek().is_none_or(|(_, next)| next.is_whitespace()) {
            return &text[..i + c.len_utf8()];
        }
    }
    text
}

fn shorten(text: &str) -> String {
    if text.chars().count() < MAX_TITLE_CHARS {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let len = out.chars().count() + word.chars().count() + 2;
        if len >= MAX_TITLE_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(MAX_TITLE_CHARS - 2).collect();
    }
    let out = out.trim_end_matches([',', ';', ':', ' ']).to_string();
    out + "…"
}

/// The name in an author field: `jo@example.com (Jo Smith)` → `Jo Smith`,
/// `Jo Smith <jo@example.com>` → `Jo Smith`, anything else folded as it is.
pub fn person_name(raw: &str) -> Option<String> {
    let raw = fold_whitespace(&decode_entities(raw));
    let name = match (raw.find('('), raw.rfind(')')) {
        (Some(open), Some(close)) if open < close && raw[..open].contains('@') => {
            raw[open + 1..close].trim()
        }
        _ => match raw.find('<') {
            Some(lt) if lt > 0 && raw[lt..].contains('@') => raw[..lt].trim(),
            _ => raw.trim(),
        },
    };
    let name = name.trim_matches('"').trim();
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_titles_become_text() {
        assert_eq!(
            html_to_text("Ben &amp; Jerry&#8217;s <b>new</b>&nbsp;flavour"),
            "Ben & Jerry’s new flavour"
        );
        assert_eq!(html_to_text("1 < 2 &bogus; & 3"), "1 < 2 &bogus; & 3");
        assert_eq!(html_to_text("a<br/>b"), "a b");
        assert_eq!(html_to_text("<b>Hel</b>lo<p>x</p>"), "Hello x");
        assert!(has_tags("a <p>b</p>"));
        assert!(!has_tags("a < b &amp; c > d"));
    }

    #[test]
    fn plain_text_splits_on_blank_lines() {
        let blocks = plain_paragraphs("one\ntwo\n\n  \nthree\n");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph("one two".into()),
                Block::Paragraph("three".into())
            ]
        );
    }

    #[test]
    fn titles_from_bodies_are_first_sentences_cut_short() {
        let body = vec![Block::Paragraph("Short one. Then more.".into())];
        assert_eq!(title_from_body(&body).as_deref(), Some("Short one."));
        let long = "word ".repeat(40);
        let title = title_from_body(&[Block::Paragraph(long)]).unwrap_or_default();
        assert!(title.chars().count() < 100, "{title}");
        assert!(title.ends_with("word…"), "{title}");
        assert_eq!(title_from_body(&[]), None);
        assert_eq!(
            title_from_body(&[Block::Paragraph("v1.2 is out".into())]).as_deref(),
            Some("v1.2 is out")
        );
    }

    #[test]
    fn author_names() {
        assert_eq!(
            person_name("jo@example.com (Jo Smith)").as_deref(),
            Some("Jo Smith")
        );
        assert_eq!(
            person_name("Jo Smith <jo@example.com>").as_deref(),
            Some("Jo Smith")
        );
        assert_eq!(
            person_name("Jo (the editor)").as_deref(),
            Some("Jo (the editor)")
        );
        assert_eq!(
            person_name("jo@example.com").as_deref(),
            Some("jo@example.com")
        );
        assert_eq!(person_name("  "), None);
    }
}
