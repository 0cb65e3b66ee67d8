//! HTML: saved web pages and HTML fragments (feed entries, e-mail parts) turned into
//! `Draft`s and `Block`s. `parse` extracts one article from a whole page the way
//! Readability does (drop the junk, score the text, keep the best part); `fragment_to_blocks`
//! converts a fragment as it is. Parsing is html5ever's, through `scraper`; this module
//! only walks the tree it builds.
//!
//! It must not do I/O, touch the terminal, or panic on any input: pages come from
//! disk as they are, truncated, mis-encoded or hostile. Every walk over the tree is
//! iterative, and nesting deeper than `guard::MAX_DEPTH` is flattened before parsing.
//!
//! Choices: figure captions are kept as paragraphs when at most 250 characters long;
//! images, forms and embedded media are dropped; nested lists are flattened into their
//! outer list, each item after its parent; table rows whose cells are plain text become
//! one paragraph with cells joined by " | "; relative links stay relative when the page
//! names no URL of its own.

mod blocks;
mod byline;
mod dom;
mod furniture;
mod guard;
mod junk;
mod meta;
mod page;
mod score;
mod sniff;
mod text_size;
mod title;

use scraper::Html;

use crate::article::{Block, Draft, Link};
use blocks::Options;
use dom::{NodeR, Stats};
use meta::PageMeta;

/// How many blocks at the top of the body are searched for the headline.
const TITLE_SEARCH_BLOCKS: usize = 3;
/// Text before the headline this short is a kicker or section label, dropped with it.
const MAX_LABEL_CHARS: usize = 40;

/// Does this decoded text look like an HTML document or fragment? Judged by content
/// (a doctype, `<html`, `<head` or `<body` at the start, or several common tags near
/// it), never by file name.
pub fn looks_like_html(text: &str) -> bool {
    sniff::looks_like_html(text)
}

/// The charset a document declares in `<meta charset>` or `<meta http-equiv=
/// "Content-Type" content="…; charset=…">`, looking at the first 1024 bytes only, as
/// written (`"Shift_JIS"`).
pub fn declared_charset(head: &[u8]) -> Option<String> {
    sniff::declared_charset(head)
}

/// A saved web page → one article: its main text without navigation, ads, comments
/// and the like, and its title, author, date, source, site, description and tags.
pub fn parse(html: &str) -> Draft {
    let html = guard::cap_nesting(html);
    let mut document = Html::parse_document(&html);
    let page = PageMeta::collect(document.tree.root());
    junk::remove_junk(&mut document);

    let root = document.tree.root();
    let body = dom::find_tag(root, "body").unwrap_or(root);
    let stats = Stats::compute(body);
    let content = score::main_content(body, &stats);
    let in_page = page::find(&content, body);
    let sites = page.site_names();
    let author = byline::choose(byline::Bylines {
        meta: page.author(),
        ld: page.ld_author(),
        text: in_page.author,
        sites: &sites,
    });
    let base = page.base_url();

    let standfirst = page::standfirst(&content, body);
    let mut skip = page::metadata_blocks(&content, author.as_deref(), &stats);
    skip.extend(standfirst.map(|n| n.id()));
    let options = Options {
        base: base.as_deref(),
        skip,
        clean: Some(&stats),
    };
    let (mut body_blocks, mut links) = convert_or_whole_body(&content, body, &options);
    furniture::remove(&mut body_blocks, page.source().as_deref());

    let title = choose_title(&page, sites, in_page.h1.as_deref(), in_page.h1_leads);
    drop_title_heading(&mut body_blocks, &mut links, &title, in_page.h1.as_deref());
    let subtitle = standfirst
        .map(|n| meta::one_line(&dom::text_of(n)))
        .or_else(|| page.description())
        .filter(|d| !repeats_first_paragraph(d, &body_blocks));
    Draft {
        title,
        subtitle,
        date: page.date().or(in_page.date).or_else(|| page.date_created()),
        author,
        source: page.source(),
        site: page.site(),
        tags: page.tags(),
        body: body_blocks,
        links,
        ..Draft::default()
    }
}

/// An HTML fragment → blocks and links: conversion only, no scoring, and nothing
/// removed but scripts, styles and other non-text (templates, SVG, MathML).
pub fn fragment_to_blocks(html: &str) -> (Vec<Block>, Vec<Link>) {
    let html = guard::cap_nesting(html);
    let fragment = Html::parse_fragment(&html);
    let root = fragment.tree.root();
    let options = Options {
        base: None,
        skip: Default::default(),
        clean: None,
    };
    blocks::convert(&[root], &options)
}

fn convert_or_whole_body(
    content: &[NodeR],
    body: NodeR,
    options: &Options,
) -> (Vec<Block>, Vec<Link>) {
    let converted = blocks::convert(content, options);
    if !converted.0.is_empty() || content.iter().any(|n| n.id() == body.id()) {
        return converted;
    }
    let whole = Options {
        base: options.base,
        skip: options.skip.clone(),
        clean: None,
    };
    blocks::convert(&[body], &whole)
}

/// The article's headline: see `title::choose`. `sites` are the page's own names
/// for its site; the URL's host is added to them.
fn choose_title(
    page: &PageMeta,
    mut sites: Vec<String>,
    h1: Option<&str>,
    h1_leads: bool,
) -> String {
    sites.extend(page.source().as_deref().and_then(title::host_name));
    let meta = page.meta_title();
    let tag = page.title_tag();
    title::choose(&title::Candidates {
        meta: meta.as_deref(),
        tag: tag.as_deref(),
        h1,
        h1_leads,
        sites: &sites,
    })
}

/// Removes the headline from the top of the body: the first heading of level 1 or
/// with the title's text among the first blocks, with any kicker or section label
/// (short text) before it.
fn drop_title_heading(body: &mut Vec<Block>, links: &mut Vec<Link>, title: &str, h1: Option<&str>) {
    let is_title = |text: &str| same_text(text, title) || h1.is_some_and(|h| same_text(text, h));
    let found = body.iter().take(TITLE_SEARCH_BLOCKS).position(|b| match b {
        Block::Heading { level, text } => *level == 1 || is_title(text),
        _ => false,
    });
    let Some(at) = found else {
        return;
    };
    let only_labels_before = body[..at].iter().all(|b| match b {
        Block::Paragraph(text) | Block::Heading { text, .. } => {
            text.chars().count() <= MAX_LABEL_CHARS
        }
        _ => false,
    });
    let removed: Vec<Block> = if only_labels_before {
        body.drain(..=at).collect()
    } else {
        vec![body.remove(at)]
    };
    let removed_text: String = removed
        .iter()
        .map(Block::plain_text)
        .collect::<Vec<_>>()
        .join("\n");
    let from_removed = links
        .iter()
        .take_while(|l| removed_text.contains(&l.text))
        .count();
    links.drain(..from_removed);
}

/// A description that only repeats (the start of) the first paragraph.
fn repeats_first_paragraph(description: &str, body: &[Block]) -> bool {
    let Some(first) = body.iter().find_map(|b| match b {
        Block::Paragraph(text) => Some(text),
        _ => None,
    }) else {
        return false;
    };
    let description = description.trim().trim_end_matches(['…', '.']).trim_end();
    let (d, p) = (comparable(description), comparable(first));
    !d.is_empty() && (p.starts_with(&d) || d.starts_with(&p))
}

fn same_text(a: &str, b: &str) -> bool {
    comparable(a) == comparable(b)
}

/// Lowercase letters and digits only, for comparing texts loosely.
fn comparable(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod pattern_tests;
#[cfg(test)]
mod tests;
