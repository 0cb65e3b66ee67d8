//! The top and the end of a pasted page: the title, subtitle, byline, dateline and
//! source in its first blocks, the same in its last ones, and the tags and source a
//! trailing boilerplate names.

use std::collections::VecDeque;

use super::body::list_marker;
use super::furniture::{is_junk, is_menu, squash};
use super::meta_lines::{Meta, MetaLine, apply_meta, byline, classify_meta, is_name, tags_line};
use super::{Chunk, HEAD_BLOCKS, TAIL_BLOCKS, few_words, longer_than, word_count};

#[derive(PartialEq)]
enum Head {
    BeforeTitle,
    AfterTitle,
    Body,
}

/// Drops junk and metadata lines from the first blocks and finds the title and
/// subtitle. Returns them and the remaining blocks.
pub(super) fn read_head(
    blocks: Vec<Chunk>,
    meta: &mut Meta,
) -> (Option<String>, Option<String>, Vec<Chunk>) {
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

pub(super) fn ends_sentence(s: &str) -> bool {
    last_char(s).is_some_and(|c| ".!?;,:—–…".contains(c))
}

/// The last character, closing quotes and brackets skipped.
fn last_char(s: &str) -> Option<char> {
    s.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']'])
        .chars()
        .next_back()
}

pub(super) fn starts_like_heading(s: &str) -> bool {
    // Most lines and words start with an ASCII letter, digit or mark, which neither
    // trim below passes over: then the first byte is the first character.
    if let Some(&b) = s.as_bytes().first()
        && b.is_ascii()
        && !matches!(b, b' ' | b'\t'..=b'\r')
    {
        return b.is_ascii_uppercase() || b.is_ascii_digit();
    }
    starts_like_heading_in_general(s)
}

/// [`starts_like_heading`] for any first character.
pub(super) fn starts_like_heading_in_general(s: &str) -> bool {
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
        && !longer_than(line, 150)
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
pub(super) fn read_tail(blocks: &mut Vec<Chunk>, meta: &mut Meta) {
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
pub(super) fn read_boilerplate(tail: &[Chunk], meta: &mut Meta) {
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
