//! The plain-text parser: turns text copied from a news web page into a [`Draft`].
//! Pasted pages carry junk around the article (menus, trackers, bylines, photo
//! credits, "Latest Posts" teasers); the rules here are general heuristics about how
//! such text looks, never matches on particular sites or files.
//! It takes text that is already decoded and sanitised (`\n` line endings, no control
//! characters) and must do no I/O, never panic, and stay linear in the input's size.
//!
//! Submodules: `head` (title, subtitle, byline and dateline at the top, and what the
//! end of the text says), `body` (the remaining blocks as paragraphs, headings and
//! lists), `sentences` (sentence ends and the title made from the first one), `meta_lines`
//! (metadata lines), `furniture` (page furniture and trailing boilerplate; the
//! vocabulary the HTML extractor shares).

use crate::article::Draft;
use crate::dates;
use crate::whitespace;

mod body;
pub(crate) mod furniture;
mod head;
mod meta_lines;
mod sentences;

use body::build_body;
use furniture::cut_trailing_boilerplate;
use head::{ends_sentence, read_boilerplate, read_head, read_tail, starts_like_heading};
use meta_lines::Meta;
use sentences::{sentence_ends, title_from_body};

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

fn split_blocks(text: &str) -> Vec<Chunk> {
    let mut blocks = Vec::new();
    let mut current: Chunk = Vec::new();
    // Split at each '\n' (what `lines` does, but found with `memchr`): a '\r' before
    // it is trimmed by `normalize`, and an empty last piece only ends a block.
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for end in ends {
        let line = normalize(text.get(start..end).unwrap_or_default());
        start = end + 1;
        if line.is_empty() {
            end_block(&mut blocks, std::mem::take(&mut current));
        } else {
            current.push(line);
        }
    }
    end_block(&mut blocks, current);
    blocks
}

/// Adds a block of lines to `blocks`: as it is, or as a block per line when a line
/// in it is a whole pasted paragraph.
fn end_block(blocks: &mut Vec<Chunk>, block: Chunk) {
    let pasted = block.len() > 1 && block.iter().any(|l| longer_than(l, PARAGRAPH_LINE));
    if pasted {
        blocks.extend(block.into_iter().map(|line| vec![line]));
    } else if !block.is_empty() {
        blocks.push(block);
    }
}

/// Collapses every run of whitespace (no-break spaces included) to one space.
fn normalize(line: &str) -> String {
    crate::whitespace::collapse(line)
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Whether `s` has more than `max` characters. A character takes one to four bytes,
/// so the length in bytes settles it for most lines without counting, and so do
/// `max + 1` ASCII bytes at the start (a character each).
fn longer_than(s: &str, max: usize) -> bool {
    s.len() > max
        && (s.len() > max.saturating_mul(4)
            || s.as_bytes().get(..=max).is_some_and(<[u8]>::is_ascii)
            || char_len(s) > max)
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

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fast_paths;
