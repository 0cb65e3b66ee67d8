//! The part of an article the reader lays out. A body is cut into pieces of bounded
//! size (a block, or a slice of a block too long to wrap in one go), and the reader
//! wraps only a window of pieces around what it shows, so the work and memory of a
//! layout stay bounded however long the article. Pure functions over the body; no
//! styles and no state here.

use std::ops::Range;

use crate::article::Block;

/// The most bytes of one block wrapped in one go: a longer paragraph, list item or
/// code block is cut into pieces of about this size, at a space where there is one.
pub const PIECE_BYTES: usize = 64 * 1024;
/// The most a window holds: its pieces' bytes, each piece counting [`PIECE_COST`] more.
/// A body within this is laid out whole.
pub const WINDOW_BYTES: usize = 1024 * 1024;
/// What a piece costs in a window besides its bytes (its lines, its blank line).
const PIECE_COST: usize = 64;

/// A piece of a body: block `block`'s text (item `item` of a list), bytes `range`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub block: usize,
    pub item: usize,
    pub range: Range<usize>,
}

impl Piece {
    fn cost(&self) -> usize {
        self.range.len() + PIECE_COST
    }
}

/// `body` cut into pieces of at most about `max` bytes each, in reading order. Every
/// block has at least one piece.
pub fn pieces(body: &[Block], max: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    for (block, b) in body.iter().enumerate() {
        let mut push = |item: usize, ranges: Vec<Range<usize>>| {
            out.extend(ranges.into_iter().map(|range| Piece { block, item, range }));
        };
        match b {
            Block::Paragraph(text) | Block::Quote(text) | Block::Heading { text, .. } => {
                push(0, cut(text, max, ' '));
            }
            Block::List { items, .. } if items.is_empty() => {
                push(0, std::iter::once(0..0).collect())
            }
            Block::List { items, .. } => {
                for (i, item) in items.iter().enumerate() {
                    push(i, cut(item, max, ' '));
                }
            }
            Block::Code(text) => push(0, cut(text, max, '\n')),
            Block::Rule => push(0, std::iter::once(0..0).collect()),
        }
    }
    out
}

/// `text` in ranges of at most about `max` bytes, each ending just before a `sep` in
/// its second half (the `sep` itself left out) or, with none there, at a character
/// boundary. Text within `max` is one range.
fn cut(text: &str, max: usize, sep: char) -> Vec<Range<usize>> {
    let max = max.max(8);
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > max {
        let mut end = start + max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let half = start + max / 2;
        let half = (half..end)
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(end);
        match text[half..end].rfind(sep) {
            Some(at) => {
                out.push(start..half + at);
                start = half + at + sep.len_utf8();
            }
            None => {
                out.push(start..end);
                start = end;
            }
        }
    }
    out.push(start..text.len());
    out
}

/// The whole text of the block (or list item) `piece` is part of.
fn whole<'a>(body: &'a [Block], piece: &Piece) -> &'a str {
    match body.get(piece.block) {
        Some(Block::Paragraph(t) | Block::Quote(t) | Block::Heading { text: t, .. }) => t,
        Some(Block::Code(t)) => t,
        Some(Block::List { items, .. }) => items.get(piece.item).map_or("", String::as_str),
        Some(Block::Rule) | None => "",
    }
}

/// The text of `piece` in `body`.
pub fn text<'a>(body: &'a [Block], piece: &Piece) -> &'a str {
    whole(body, piece)
        .get(piece.range.clone())
        .unwrap_or_default()
}

/// Whether the text of `piece` goes on after it inside a word (it was cut where no
/// space was near).
pub fn cut_in_word(body: &[Block], piece: &Piece) -> bool {
    whole(body, piece)
        .get(piece.range.end..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| !c.is_whitespace())
}

/// The window of `pieces` around piece `at`: all of them if they fit in `budget`,
/// else as many as fit, about as many before `at` as after.
pub fn around(pieces: &[Piece], at: usize, budget: usize) -> Range<usize> {
    if pieces.is_empty() {
        return 0..0;
    }
    let at = at.min(pieces.len() - 1);
    let (mut start, mut end) = (at, at + 1);
    let mut used = pieces[at].cost();
    loop {
        let mut grew = false;
        if end < pieces.len() && used + pieces[end].cost() <= budget {
            used += pieces[end].cost();
            end += 1;
            grew = true;
        }
        if start > 0 && used + pieces[start - 1].cost() <= budget {
            start -= 1;
            used += pieces[start].cost();
            grew = true;
        }
        if !grew {
            return start..end;
        }
    }
}

/// How far through the body the start of piece `at` is, plus `part` of that piece,
/// as a fraction of all the pieces' bytes.
pub fn fraction(pieces: &[Piece], at: usize, part: f64) -> f64 {
    let total: usize = pieces.iter().map(|p| p.range.len()).sum();
    if total == 0 {
        return 0.0;
    }
    let before: usize = pieces.iter().take(at).map(|p| p.range.len()).sum();
    let here = pieces.get(at).map_or(0, |p| p.range.len()) as f64 * part.clamp(0.0, 1.0);
    ((before as f64 + here) / total as f64).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_is_cut_at_spaces_into_bounded_pieces_that_cover_it() {
        let text = "alpha beta gamma delta epsilon zeta eta theta iota kappa ".repeat(50);
        let text = text.trim_end();
        let ranges = cut(text, 100, ' ');
        assert!(ranges.len() > 20);
        let mut rebuilt = Vec::new();
        for r in &ranges {
            assert!(r.len() <= 100, "{r:?}");
            assert!(!text[r.clone()].starts_with(' ') && !text[r.clone()].ends_with(' '));
            rebuilt.push(&text[r.clone()]);
        }
        assert_eq!(rebuilt.join(" "), text);
    }

    #[test]
    fn text_without_spaces_is_cut_at_character_boundaries() {
        let text = "東京の朝市".repeat(100);
        let ranges = cut(&text, 50, ' ');
        let rebuilt: String = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(rebuilt, text);
        assert!(ranges.iter().all(|r| r.len() <= 50));
        let body = vec![Block::Paragraph(text)];
        let pieces = pieces(&body, 50);
        assert!(cut_in_word(&body, &pieces[0]));
        assert!(!cut_in_word(&body, &pieces[pieces.len() - 1]));
    }

    #[test]
    fn a_window_holds_what_fits_around_its_piece() {
        let body: Vec<Block> = (0..100)
            .map(|i| Block::Paragraph(format!("{i} ").repeat(100)))
            .collect();
        let pieces = pieces(&body, PIECE_BYTES);
        assert_eq!(pieces.len(), 100);
        assert_eq!(around(&pieces, 0, usize::MAX), 0..100);
        let w = around(&pieces, 50, 10 * (300 + PIECE_COST));
        assert!(w.contains(&50) && w.len() <= 10 && w.len() >= 8, "{w:?}");
        assert_eq!(around(&pieces, 0, 10 * (300 + PIECE_COST)).start, 0);
        assert_eq!(around(&pieces, 99, 10 * (300 + PIECE_COST)).end, 100);
    }
}
