//! The article's blocks, once the head and tail are read: junk lines and captions
//! dropped, and each block made a paragraph, a heading or a list.

use std::borrow::Cow;

use crate::article::Block;
use crate::whitespace::words_up_to;

use super::furniture::{is_credit_line, is_junk, strip_glued_prefix, strip_trailing_caption};
use super::{
    Chunk, ends_sentence, few_words, joined, longer_than, starts_like_heading, word_count,
};

pub(super) fn build_body(blocks: Vec<Chunk>) -> Vec<Block> {
    let mut blocks: Vec<Chunk> = blocks.into_iter().filter_map(clean_block).collect();
    let mut body: Vec<Block> = Vec::with_capacity(blocks.len());
    for i in 0..blocks.len() {
        if let Some((ordered, items)) = as_list(&blocks[i]) {
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
        let heading = match blocks[i].as_slice() {
            [line] => blocks.get(i + 1).is_some_and(|next| is_heading(line, next)),
            _ => false,
        };
        // Only the next block is looked at again: this one's lines are moved, not
        // copied, into what it becomes.
        let text = into_text(std::mem::take(&mut blocks[i]));
        body.push(if heading {
            Block::Heading { level: 2, text }
        } else {
            Block::Paragraph(text)
        });
    }
    body
}

/// The block's lines joined with spaces; a single line as it is.
fn into_text(mut block: Chunk) -> String {
    match block.len() {
        1 => block.pop().unwrap_or_default(),
        _ => joined(&block),
    }
}

/// The block's lines joined with spaces, borrowed when there is a single line.
fn text_of(block: &Chunk) -> Cow<'_, str> {
    match block.as_slice() {
        [line] => Cow::Borrowed(line),
        _ => Cow::Owned(joined(block)),
    }
}

/// Whether the block's first line has a list marker (what [`as_list`] needs).
fn starts_list(block: &Chunk) -> bool {
    block
        .first()
        .is_some_and(|line| list_marker(line).is_some())
}

/// Drops junk lines and photo credits, trims a caption glued to a paragraph's end
/// and a widget label glued to its start.
fn clean_block(block: Chunk) -> Option<Chunk> {
    let mut block: Chunk = block.into_iter().filter(|l| !is_junk(l, false)).collect();
    if block.is_empty() {
        return None;
    }
    if block.len() > 1 && starts_list(&block) {
        return Some(block);
    }
    let caption_cut = {
        let text = text_of(&block);
        match strip_trailing_caption(&text) {
            Some(kept) => Some(kept.to_string()),
            None if is_credit_line(&text) => return None,
            None => None,
        }
    };
    if let Some(kept) = caption_cut {
        if kept.is_empty() || is_credit_line(&kept) {
            return None;
        }
        block = vec![kept];
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
    if starts_list(next) {
        return true;
    }
    if let [only] = next.as_slice()
        && heading_shape(only)
    {
        return false;
    }
    // The next block's lines joined with spaces: their words are the lines' words,
    // counted no further than 15, and it ends as its last line does (a last line of
    // closing quotes alone ends neither way). `line` has at most 12 words.
    let mut words = 0;
    for next_line in next {
        words += words_up_to(next_line, 15 - words);
        if words >= 15 {
            return true;
        }
    }
    words > word_count(line) && next.last().is_some_and(|last| ends_sentence(last))
}

/// One short line starting with a capital or digit and not ending like a sentence.
fn heading_shape(line: &str) -> bool {
    starts_like_heading(line)
        && !longer_than(line, 90)
        && few_words(line, 12)
        && !ends_sentence(line)
        && list_marker(line).is_none()
}

/// `Some(ordered)` if the line starts with a list bullet or number, and the text after.
pub(super) fn list_marker(line: &str) -> Option<(bool, &str)> {
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
