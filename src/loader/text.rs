//! The plain-text parser: turns text copied from a news web page into a [`Draft`].
//! Pasted pages carry junk around the article (menus, trackers, bylines, photo
//! credits, "Latest Posts" teasers); the rules here are general heuristics about how
//! such text looks, never matches on particular sites or files.
//! It takes text that is already decoded and sanitised (`\n` line endings, no control
//! characters) and must do no I/O, never panic, and stay linear in the input's size.

use std::collections::VecDeque;

use crate::article::{Block, Draft};
use crate::dates;
use crate::whitespace;

mod junk;
mod meta;

/// The page-furniture vocabulary, shared with the HTML extractor.
pub(crate) mod furniture {
    pub(crate) use super::junk::{is_boilerplate_marker, is_credit_line, is_junk};
}

use junk::{
    cut_trailing_boilerplate, is_credit_line, is_junk, is_menu, squash, strip_glued_prefix,
    strip_trailing_caption,
};
use meta::{Meta, MetaLine, apply_meta, byline, classify_meta, is_name, tags_line};

/// Blocks at the top looked at for a title, subtitle, byline, dateline or source.
const HEAD_BLOCKS: usize = 8;
/// Blocks at the end (after trailing boilerplate is cut) looked at for the same.
const TAIL_BLOCKS: usize = 4;
/// Longest title made from the first sentence, in characters, ellipsis included.
const DERIVED_TITLE_MAX: usize = 100;
/// A line longer than this (in characters) is a whole pasted paragraph, never a
/// hard-wrapped line: a block holding one is split into a block per line.
const PARAGRAPH_LINE: usize = 120;

/// One blank-line-separated block: its lines, whitespace-normalised and non-empty.
type Chunk = Vec<String>;

/// Parses text copied from a news page into an article draft.
pub fn parse(text: &str) -> Draft {
    let mut meta = Meta::default();
    let mut blocks = split_blocks(text);
    let tail = cut_trailing_boilerplate(&mut blocks);
    let (title, subtitle, mut blocks) = read_head(blocks, &mut meta);
    read_tail(&mut blocks, &mut meta);
    read_boilerplate(&tail, &mut meta);
    let body = build_body(blocks);
    let title = title.or_else(|| title_from_body(&body)).unwrap_or_default();
    let date = meta
        .date
        .or_else(|| meta.source.as_deref().and_then(dates::date_from_url));
    Draft {
        title,
        subtitle,
        date,
        author: meta.author,
        source: meta.source,
        tags: meta.tags,
        body,
        ..Draft::default()
    }
}

// ---------------------------------------------------------------------------------
// Blocks

fn split_blocks(text: &str) -> Vec<Chunk> {
    let mut blocks = Vec::new();
    let mut current: Chunk = Vec::new();
    for line in text.lines() {
        let line = normalize(line);
        if line.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
        .into_iter()
        .flat_map(|block| {
            let pasted = block.len() > 1 && block.iter().any(|l| char_len(l) > PARAGRAPH_LINE);
            if pasted {
                block.into_iter().map(|line| vec![line]).collect()
            } else {
                vec![block]
            }
        })
        .collect()
}

/// Collapses every run of whitespace (no-break spaces included) to one space.
fn normalize(line: &str) -> String {
    crate::whitespace::collapse(line)
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

fn word_count(s: &str) -> usize {
    whitespace::word_count(s)
}

/// Whether `s` has at most `limit` words; counting stops past the limit.
fn few_words(s: &str, limit: usize) -> bool {
    whitespace::at_most_words(s, limit)
}

fn joined(block: &Chunk) -> String {
    block.join(" ")
}

// ---------------------------------------------------------------------------------
// Head and tail

#[derive(PartialEq)]
enum Head {
    BeforeTitle,
    AfterTitle,
    Body,
}

/// Drops junk and metadata lines from the first blocks and finds the title and
/// subtitle. Returns them and the remaining blocks.
fn read_head(blocks: Vec<Chunk>, meta: &mut Meta) -> (Option<String>, Option<String>, Vec<Chunk>) {
    let mut queue: VecDeque<Chunk> = blocks.into();
    let mut kept = Vec::new();
    let (mut title, mut subtitle) = (None, None);
    let mut state = Head::BeforeTitle;
    let mut in_menu = false;
    while kept.len() < HEAD_BLOCKS {
        let Some(block) = queue.pop_front() else {
            break;
        };
        let before_title = state == Head::BeforeTitle;
        let mut block: Chunk = block
            .into_iter()
            .filter(|line| !is_junk(line, before_title))
            .filter_map(|line| apply_meta(line, meta))
            .collect();
        if block.is_empty() {
            continue;
        }
        match state {
            Head::BeforeTitle if is_menu(&block, &queue, in_menu) => {
                in_menu = true;
                continue;
            }
            Head::BeforeTitle => {
                state = Head::Body;
                if block.len() == 1 && !queue.is_empty() && looks_like_title(&block[0]) {
                    title = block.pop();
                    state = Head::AfterTitle;
                    continue;
                }
            }
            Head::AfterTitle => {
                state = Head::Body;
                if is_subtitle(&block, queue.front()) {
                    subtitle = block.pop();
                    continue;
                }
            }
            Head::Body => {}
        }
        kept.push(block);
    }
    kept.extend(queue);
    (title, subtitle, kept)
}

fn ends_sentence(s: &str) -> bool {
    last_char(s).is_some_and(|c| ".!?;,:—–…".contains(c))
}

/// The last character, closing quotes and brackets skipped.
fn last_char(s: &str) -> Option<char> {
    s.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']'])
        .chars()
        .next_back()
}

fn starts_like_heading(s: &str) -> bool {
    // An emoji or other symbol before the first word ("🌧️ Rain Again") is decoration.
    let s = s
        .trim_start_matches(|c: char| {
            !c.is_ascii() && !c.is_alphanumeric() && !"“‘«„•·▪◦‣".contains(c)
        })
        .trim_start();
    s.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || (c.is_alphabetic() && !c.is_lowercase())
    })
}

fn looks_like_title(line: &str) -> bool {
    let first_ok = starts_like_heading(line) || line.starts_with(['"', '“', '‘', '\'']);
    first_ok
        && char_len(line) <= 150
        && few_words(line, 25)
        && !last_char(line).is_some_and(|c| ".,;:…".contains(c))
        && list_marker(line).is_none()
}

const SMALL_WORDS: [&str; 20] = [
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "with", "by",
    "as", "from", "vs", "via", "into",
];

fn is_title_case(line: &str) -> bool {
    let mut significant = line
        .split_whitespace()
        .filter(|w| w.starts_with(char::is_alphabetic))
        .filter(|w| !SMALL_WORDS.contains(&w.to_lowercase().as_str()))
        .peekable();
    significant.peek().is_some() && significant.all(|w| w.starts_with(char::is_uppercase))
}

/// A deck under the title: a question or exclamation, a sentence-case line without
/// a full stop, or a short sentence followed by a byline or dateline.
fn is_subtitle(block: &Chunk, next: Option<&Chunk>) -> bool {
    let [line] = block.as_slice() else {
        return false;
    };
    let Some(next) = next else {
        return false;
    };
    if !few_words(line, 35) || line.len() > 300 || list_marker(line).is_some() {
        return false;
    }
    match last_char(line) {
        Some('?' | '!') => true,
        Some('.') => {
            few_words(line, 30)
                && next.first().is_some_and(|l| {
                    matches!(
                        classify_meta(l),
                        Some(MetaLine::Byline(..) | MetaLine::Date { .. })
                    )
                })
        }
        _ => !ends_sentence(line) && !few_words(line, 3) && !is_title_case(line),
    }
}

/// Drops metadata lines from the last blocks, stopping at the first real content.
fn read_tail(blocks: &mut Vec<Chunk>, meta: &mut Meta) {
    let mut idx = blocks.len();
    let mut checked = 0;
    while idx > 0 && checked < TAIL_BLOCKS {
        idx -= 1;
        checked += 1;
        let before = blocks[idx].len();
        let kept: Chunk = std::mem::take(&mut blocks[idx])
            .into_iter()
            .filter(|line| !is_junk(line, false))
            .filter_map(|line| match classify_meta(&line) {
                // Only whole date lines here: text glued to a date stays as it was.
                Some(MetaLine::Date { ref rest, .. }) if !rest.is_empty() => Some(line),
                _ => apply_meta(line, meta),
            })
            .collect();
        let unchanged = kept.len() == before;
        if kept.is_empty() {
            blocks.remove(idx);
        } else {
            blocks[idx] = kept;
        }
        if unchanged {
            break;
        }
    }
}

/// The cut-off boilerplate may still name the author ("More from Jane Roe", or
/// "About the Author" over a name) or list tags.
fn read_boilerplate(tail: &[Chunk], meta: &mut Meta) {
    for (i, block) in tail.iter().take(6).enumerate() {
        for line in block {
            if let Some((author, _)) = byline(line) {
                meta.set_author(author);
            } else if let Some(tags) = tags_line(line) {
                apply_meta(format!("Tags: {}", tags.join(", ")), meta);
            }
        }
        let about = block.len() == 1 && squash(&block[0]).starts_with("about the author");
        if let Some(name) = tail.get(i + 1).and_then(|b| b.first())
            && about
            && word_count(name) > 1
            && is_name(name)
        {
            meta.set_author(name.clone());
        }
    }
}

// ---------------------------------------------------------------------------------
// Body

fn build_body(blocks: Vec<Chunk>) -> Vec<Block> {
    let blocks: Vec<Chunk> = blocks.into_iter().filter_map(clean_block).collect();
    let mut body: Vec<Block> = Vec::with_capacity(blocks.len());
    for (i, block) in blocks.iter().enumerate() {
        if let Some((ordered, items)) = as_list(block) {
            if let Some(Block::List {
                ordered: prev,
                items: prev_items,
            }) = body.last_mut()
                && *prev == ordered
            {
                prev_items.extend(items);
                continue;
            }
            body.push(Block::List { ordered, items });
            continue;
        }
        let heading = match block.as_slice() {
            [line] => blocks
                .get(i + 1)
                .is_some_and(|next| is_heading(line, next))
                .then(|| line.clone()),
            _ => None,
        };
        body.push(match heading {
            Some(text) => Block::Heading { level: 2, text },
            None => Block::Paragraph(joined(block)),
        });
    }
    body
}

/// Drops junk lines and photo credits, trims a caption glued to a paragraph's end
/// and a widget label glued to its start.
fn clean_block(block: Chunk) -> Option<Chunk> {
    let mut block: Chunk = block.into_iter().filter(|l| !is_junk(l, false)).collect();
    if block.is_empty() {
        return None;
    }
    if block.len() > 1 && as_list(&block).is_some() {
        return Some(block);
    }
    let mut text = joined(&block);
    if let Some(kept) = strip_trailing_caption(&text) {
        if kept.is_empty() {
            return None;
        }
        text = kept.to_string();
        block = vec![text.clone()];
    }
    if is_credit_line(&text) {
        return None;
    }
    if let Some(first) = block.first_mut()
        && let Some(rest) = strip_glued_prefix(first)
    {
        *first = rest.to_string();
    }
    Some(block)
}

fn is_heading(line: &str, next: &Chunk) -> bool {
    if !heading_shape(line) {
        return false;
    }
    if as_list(next).is_some() {
        return true;
    }
    if let [only] = next.as_slice()
        && heading_shape(only)
    {
        return false;
    }
    let text = joined(next);
    let words = word_count(&text);
    words > word_count(line) && (words >= 15 || ends_sentence(&text))
}

/// One short line starting with a capital or digit and not ending like a sentence.
fn heading_shape(line: &str) -> bool {
    starts_like_heading(line)
        && char_len(line) <= 90
        && few_words(line, 12)
        && !ends_sentence(line)
        && list_marker(line).is_none()
}

/// `Some(ordered)` if the line starts with a list bullet or number, and the text after.
fn list_marker(line: &str) -> Option<(bool, &str)> {
    for bullet in ["• ", "· ", "▪ ", "◦ ", "‣ ", "- ", "* "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some((false, rest));
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, item));
        }
    }
    None
}

/// A block whose first line has a list marker: its items (unmarked lines continue
/// the item before them).
fn as_list(block: &Chunk) -> Option<(bool, Vec<String>)> {
    let (ordered, first) = list_marker(block.first()?)?;
    let mut items = vec![first.to_string()];
    for line in &block[1..] {
        match list_marker(line) {
            Some((_, item)) => items.push(item.to_string()),
            None => {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(line);
                }
            }
        }
    }
    Some((ordered, items))
}

// ---------------------------------------------------------------------------------
// Sentences and the derived title

const ABBREVIATIONS: [&str; 48] = [
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "st",
    "jr", "sr", "inc", "corp", "co", "ltd", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "approx", "dept", "est", "fig", "rev",
    "hon", "pres", "adm", "maj", "atty", "supt", "cmdr",
];

/// Byte offsets just past each sentence end: `.`, `!` or `?` (with closing quotes)
/// followed by a space and a capital, digit or opening quote, not after an
/// abbreviation or initial.
fn sentence_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    text.char_indices().filter_map(move |(i, c)| {
        if !matches!(c, '.' | '!' | '?') {
            return None;
        }
        let after = &text[i + 1..];
        let closing = after.len() - after.trim_start_matches(['"', '\'', '”', '’', ')']).len();
        let end = i + 1 + closing;
        let rest = &text[end..];
        let next = rest.strip_prefix(' ')?.chars().next()?;
        if !(next.is_uppercase() || next.is_ascii_digit() || "“\"‘(".contains(next)) {
            return None;
        }
        if c == '.' && closing == 0 {
            // The word before the full stop, looked at over a bounded distance.
            let from = i.saturating_sub(12);
            let from = (from..i).find(|&k| text.is_char_boundary(k)).unwrap_or(i);
            let word = text[from..i].rsplit(' ').next().unwrap_or_default();
            let long = word.len() == i - from && from > 0 && bytes.get(from - 1) != Some(&b' ');
            let lower = word.to_lowercase();
            let abbreviation = !long
                && (word.chars().count() == 1
                    || word.contains('.')
                    || ABBREVIATIONS.contains(&lower.as_str()));
            if abbreviation {
                return None;
            }
        }
        Some(end)
    })
}

fn title_from_body(body: &[Block]) -> Option<String> {
    let text = body.iter().find_map(|b| match b {
        Block::Paragraph(t) | Block::Heading { text: t, .. } => Some(t.as_str()),
        _ => None,
    })?;
    let end = sentence_ends(text).next().unwrap_or(text.len());
    let sentence = text[..end].trim();
    let sentence = sentence.strip_suffix('.').unwrap_or(sentence);
    Some(shorten(without_dateline(sentence), DERIVED_TITLE_MAX))
}

/// A wire-style dateline opening a story, "WASHINGTON (Reuters) - " or
/// "KYIV, Ukraine — ", is not part of a title.
fn without_dateline(sentence: &str) -> &str {
    let head: String = sentence.chars().take(60).collect();
    let Some((at, dash)) = [" - ", " — ", " – "]
        .iter()
        .filter_map(|d| head.find(d).map(|i| (i, d.len())))
        .min()
    else {
        return sentence;
    };
    let place = &head[..at];
    let first = place.split_whitespace().next().unwrap_or_default();
    let first = first.trim_end_matches(',');
    let shouting =
        first.chars().count() >= 3 && first.chars().all(|c| c.is_uppercase() || c == '.');
    if shouting && few_words(place, 6) && at + dash < sentence.len() {
        &sentence[at + dash..]
    } else {
        sentence
    }
}

/// `s` if it has at most `max` characters, else cut at a word boundary with "…".
fn shorten(s: &str, max: usize) -> String {
    if s.chars().take(max + 1).count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for word in s.split(' ') {
        if char_len(&out) + 1 + char_len(word) > max - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = s.chars().take(max - 1).collect();
    }
    let mut out = out
        .trim_end_matches(|c: char| c.is_whitespace() || ",;:—–-".contains(c))
        .to_string();
    out.push('…');
    out
}

#[cfg(test)]
mod tests;
