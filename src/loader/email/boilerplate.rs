//! Newsletter boilerplate: the "View this email in your browser" line at the top
//! (whose link becomes the source) and the unsubscribe footer at the bottom.

use crate::article::{Block, Link};

/// Phrases of the "read it on the web" line newsletters open with.
const VIEW_PHRASES: &[&str] = &[
    "view this email in your browser",
    "view this email in a browser",
    "view it in your browser",
    "view in your browser",
    "view in browser",
    "view this email online",
    "view email in browser",
    "view online",
    "view as a web page",
    "view as webpage",
    "web version",
    "having trouble viewing",
    "open in browser",
    "read online",
];
/// Phrases of the footer newsletters close with.
const FOOTER_PHRASES: &[&str] = &[
    "unsubscribe",
    "you are receiving this",
    "you're receiving this",
    "you received this",
    "you were sent this",
    "update your preferences",
    "manage your preferences",
    "update preferences",
    "manage your subscription",
    "email preferences",
    "subscription preferences",
    "to stop receiving",
    "opt out of",
];
/// The view line is looked for among this many leading blocks.
const HEAD_BLOCKS: usize = 3;
/// The footer is looked for among this many trailing blocks.
const FOOT_BLOCKS: usize = 10;
/// Above this many (links × body bytes), links are not checked against the body text.
const LINK_CHECK_BUDGET: usize = 20_000_000;
/// A block longer than this is prose, never boilerplate.
const MAX_BOILERPLATE_WORDS: usize = 60;

/// A body with the boilerplate taken out, and the "view in browser" URL.
pub(super) struct Trimmed {
    pub blocks: Vec<Block>,
    pub links: Vec<Link>,
    pub view_url: Option<String>,
}

pub(super) fn trim(mut blocks: Vec<Block>, links: Vec<Link>) -> Trimmed {
    let mut dropped: Vec<String> = Vec::new();
    let head = head_end(&blocks);
    if head < blocks.len() {
        dropped.extend(blocks.drain(..head).map(|b| b.plain_text()));
    }
    let foot = footer_start(&blocks);
    dropped.extend(blocks.drain(foot..).map(|b| b.plain_text()));
    while matches!(blocks.last(), Some(Block::Rule)) {
        blocks.pop();
    }
    let view_url = view_url(&links, &dropped);
    let kept = blocks
        .iter()
        .map(Block::plain_text)
        .collect::<Vec<_>>()
        .join("\n");
    let check_text = links.len().saturating_mul(kept.len()) <= LINK_CHECK_BUDGET;
    let links = links
        .into_iter()
        .filter(|l| !is_boilerplate_link(l, view_url.as_deref()))
        .filter(|l| !check_text || kept.contains(l.text.trim()))
        .collect();
    Trimmed {
        blocks,
        links,
        view_url,
    }
}

/// Where the body begins: after the last "view in browser" line among the first
/// blocks (and whatever preview text came before it) and any rules after it.
fn head_end(blocks: &[Block]) -> usize {
    let view = blocks
        .iter()
        .take(HEAD_BLOCKS)
        .rposition(|b| is_boilerplate(b, VIEW_PHRASES))
        .map_or(0, |i| i + 1);
    let rules = blocks[view..]
        .iter()
        .take_while(|b| matches!(b, Block::Rule))
        .count();
    view + rules
}

/// Where the footer begins, or the end; never the first block.
fn footer_start(blocks: &[Block]) -> usize {
    let from = blocks.len().saturating_sub(FOOT_BLOCKS).max(1);
    (from..blocks.len())
        .find(|&i| is_boilerplate(&blocks[i], FOOTER_PHRASES))
        .unwrap_or(blocks.len())
}

fn is_boilerplate(block: &Block, phrases: &[&str]) -> bool {
    let text = block.plain_text();
    crate::whitespace::at_most_words(&text, MAX_BOILERPLATE_WORDS) && has_phrase(&text, phrases)
}

fn has_phrase(text: &str, phrases: &[&str]) -> bool {
    let text = text.to_lowercase().replace('\u{2019}', "'");
    phrases.iter().any(|p| text.contains(p))
}

/// The link of the "view in browser" line: a link named so, or a URL written in it.
fn view_url(links: &[Link], dropped: &[String]) -> Option<String> {
    let named = links.iter().find(|l| has_phrase(&l.text, VIEW_PHRASES));
    named.map(|l| l.url.clone()).or_else(|| {
        dropped
            .iter()
            .filter(|text| has_phrase(text, VIEW_PHRASES))
            .flat_map(|text| super::plain::urls_in(text))
            .map(|l| l.url)
            .next()
    })
}

/// The view link, unsubscribe and preference links.
fn is_boilerplate_link(link: &Link, view_url: Option<&str>) -> bool {
    Some(link.url.as_str()) == view_url
        || link.url.to_lowercase().contains("unsubscribe")
        || has_phrase(&link.text, FOOTER_PHRASES)
        || has_phrase(&link.text, VIEW_PHRASES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Block {
        Block::Paragraph(s.into())
    }

    fn link(text: &str, url: &str) -> Link {
        Link {
            text: text.into(),
            url: url.into(),
        }
    }

    #[test]
    fn view_line_and_footer_go() {
        let blocks = vec![
            p("View this email in your browser"),
            p("Story one."),
            p("Story two."),
            Block::Rule,
            p("You are receiving this email because you signed up."),
            p("Unsubscribe | Update your preferences"),
            p("© 2025 Brief Ltd"),
        ];
        let links = vec![
            link("View this email in your browser", "https://w.test/v"),
            link("one", "https://w.test/1"),
            link("Unsubscribe", "https://w.test/u"),
            link("Brief Ltd", "https://w.test/"),
        ];
        let t = trim(blocks, links);
        assert_eq!(t.blocks, vec![p("Story one."), p("Story two.")]);
        assert_eq!(t.links, vec![link("one", "https://w.test/1")]);
        assert_eq!(t.view_url.as_deref(), Some("https://w.test/v"));
    }

    #[test]
    fn a_lone_block_is_never_dropped() {
        let t = trim(vec![p("Unsubscribe")], Vec::new());
        assert_eq!(t.blocks, vec![p("Unsubscribe")]);
        let t = trim(vec![p("View online")], Vec::new());
        assert_eq!(t.blocks, vec![p("View online")]);
    }

    #[test]
    fn the_view_url_can_be_written_out() {
        let blocks = vec![p("View in browser: https://w.test/v"), p("Body.")];
        let t = trim(blocks, Vec::new());
        assert_eq!(t.view_url.as_deref(), Some("https://w.test/v"));
        assert_eq!(t.blocks, vec![p("Body.")]);
    }
}
