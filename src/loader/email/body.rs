//! Which body part becomes the article: the HTML alternative, converted by the HTML
//! loader, unless it says much less than the plain-text one. Attachments never count.

use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::{Message, MessagePart, MimeHeaders, PartType};

use super::plain;
use crate::article::{Block, Link};
use crate::loader::html::fragment_to_blocks;

/// The HTML version is a poor conversion when it has fewer than
/// `1 / POOR_HTML_RATIO` of the plain-text version's words.
const POOR_HTML_RATIO: usize = 2;

/// A body as blocks and links.
pub(super) struct Content {
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
}

/// The body the reader gets: HTML first, plain text when the HTML falls short; for a
/// message that only wraps another (a forward as `message/rfc822`), the inner one's.
pub(super) fn extract(message: &Message) -> Content {
    let content = own_body(message);
    if !content.blocks.is_empty() {
        return content;
    }
    let inner = message.parts.iter().find_map(|part| match &part.body {
        PartType::Message(inner) => Some(inner),
        _ => None,
    });
    inner.map_or(content, extract)
}

fn own_body(message: &Message) -> Content {
    let html = render(message, &message.html_body);
    if message.html_body == message.text_body {
        return html;
    }
    let text = render(message, &message.text_body);
    if words(&html.blocks) * POOR_HTML_RATIO < words(&text.blocks) {
        text
    } else {
        html
    }
}

/// The inline text and HTML parts of one version of the body, in order.
fn render(message: &Message, part_ids: &[u32]) -> Content {
    let mut content = Content {
        blocks: Vec::new(),
        links: Vec::new(),
    };
    let parts = part_ids
        .iter()
        .filter_map(|&id| message.parts.get(id as usize));
    for part in parts {
        let (blocks, links) = part_blocks(part);
        content.blocks.extend(blocks);
        content.links.extend(links);
    }
    content
}

fn part_blocks(part: &MessagePart) -> (Vec<Block>, Vec<Link>) {
    match &part.body {
        PartType::Text(text) => match salvage_base64(part, text) {
            Some(decoded) => plain::text_to_blocks(&decoded),
            None => plain::text_to_blocks(text),
        },
        PartType::Html(html) => fragment_to_blocks(body_of(html)),
        _ => (Vec::new(), Vec::new()),
    }
}

/// A base64 text part cut short (a truncated file) comes back from `mail-parser` still
/// encoded; this decodes the complete groups that arrived, with the library's decoders.
fn salvage_base64(part: &MessagePart, raw: &str) -> Option<String> {
    let base64 = part
        .content_transfer_encoding()
        .is_some_and(|e| e.trim().eq_ignore_ascii_case("base64"));
    if !part.is_encoding_problem || !base64 {
        return None;
    }
    let mut groups: Vec<u8> = raw
        .bytes()
        .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
        .collect();
    groups.truncate(groups.len() / 4 * 4);
    let bytes = base64_decode(&groups)?;
    let charset = part.content_type().and_then(|ct| ct.attribute("charset"));
    Some(match charset.and_then(|c| charset_decoder(c.as_bytes())) {
        Some(decode) => decode(&bytes),
        None => String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// The inside of `<body>` when the part is a whole document, so that the title and
/// styles in its `<head>` stay out of the article.
fn body_of(html: &str) -> &str {
    let lower = html.to_ascii_lowercase();
    let Some(open) = find_tag(&lower, "<body") else {
        return html;
    };
    let Some(start) = lower[open..].find('>').map(|i| open + i + 1) else {
        return html;
    };
    let end = lower
        .rfind("</body")
        .filter(|&e| e >= start)
        .unwrap_or(html.len());
    html.get(start..end).unwrap_or(html)
}

/// `<body` as a tag, not the start of `<bodyfoo`.
fn find_tag(lower: &str, tag: &str) -> Option<usize> {
    lower.match_indices(tag).map(|(i, _)| i).find(|&i| {
        lower[i + tag.len()..]
            .chars()
            .next()
            .is_some_and(|c| c == '>' || c == '/' || c.is_ascii_whitespace())
    })
}

fn words(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| crate::whitespace::word_count(&b.plain_text()))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_of_a_document_is_its_body() {
        let doc = "<html><head><title>T</title></head><BODY class=x><p>Hi</p></body></html>";
        assert_eq!(body_of(doc), "<p>Hi</p>");
        assert_eq!(body_of("<p>frag</p>"), "<p>frag</p>");
        assert_eq!(body_of("<body"), "<body");
        assert_eq!(body_of("<bodyx>"), "<bodyx>");
    }
}
