//! The article's blocks, once the head and tail are read: junk lines and captions
//! dropped, and each block made a paragraph, a heading or a list.

use crate::article::Block;

use super::furniture::{is_credit_line, is_junk, strip_glued_prefix, strip_trailing_caption};
use super::{
    Chunk, ends_sentence, few_words, joined, longer_than, starts_like_heading, word_count,
};

pub(super) fn build_body(blocks: Vec<Chunk>) -> Vec<Block> {
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
