//! Anchoring a highlighted passage to an article's plain body
//! ([`crate::article::Article::plain_body`]) so that it is found again after the
//! article is extracted anew or edited, after the W3C Web Annotation selectors: the
//! exact quote with a little context on each side (`TextQuoteSelector`) and where it
//! was (`TextPositionSelector`, here only a hint).
//!
//! Offsets are **byte offsets** into the UTF-8 text, always on char boundaries;
//! context is counted in chars. Finding never guesses: the quote must be in the text
//! as it was, or with its runs of whitespace changed; a passage with a word changed
//! is orphaned. Pure functions over `&str`: no I/O, no panics on any input.

use std::cmp::Reverse;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// Chars of context an anchor keeps on each side of its quote.
pub const CONTEXT_CHARS: usize = 32;

/// A highlighted passage, as the reader marked it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The passage, whitespace as it was.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] chars just before the passage.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] chars just after the passage.
    pub suffix: String,
    /// Where the passage started (a byte offset): a hint, not a promise.
    pub start: usize,
}

/// Where an anchor's passage is in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// The passage's byte range: the quote itself, or the quote with its runs of
    /// whitespace changed (then without whitespace at its ends).
    Found(Range<usize>),
    /// The passage is no longer in the text.
    Orphaned,
}

impl Anchor {
    /// Anchors the passage at byte `range` of `text`. `None` when the range is
    /// empty, out of the text, not on char boundaries, or holds only whitespace
    /// (which could never be found again for sure).
    pub fn capture(text: &str, range: Range<usize>) -> Option<Anchor> {
        let quote = text.get(range.clone())?;
        if quote.trim().is_empty() {
            return None;
        }
        let before = text.get(..range.start)?;
        let after = text.get(range.end..)?;
        let prefix_start = before
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let suffix_end = after
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(after.len(), |(i, _)| i);
        Some(Anchor {
            quote: quote.to_string(),
            prefix: before.get(prefix_start..)?.to_string(),
            suffix: after.get(..suffix_end)?.to_string(),
            start: range.start,
        })
    }

    /// Finds the passage in `text` (the article's plain body, perhaps changed since).
    ///
    /// Every place the quote occurs, exactly or with its runs of whitespace changed
    /// (any run matching any other), is a candidate. The one whose surroundings match
    /// more of the prefix and suffix wins (compared with runs of whitespace alike);
    /// on equal context, the quote as it was beats a reflowed one, and then the one
    /// nearer the position hint. No candidate: [`Location::Orphaned`].
    pub fn locate(&self, text: &str) -> Location {
        let core = self.quote.trim();
        if core.is_empty() {
            return Location::Orphaned;
        }
        let lead = self.quote.len() - self.quote.trim_start().len();
        let trail = self.quote.len() - self.quote.trim_end().len();
        // The context of the trimmed quote: the anchor's, with the quote's own
        // whitespace at its ends.
        let prefix = format!("{}{}", self.prefix, &self.quote[..lead]);
        let suffix = format!("{}{}", &self.quote[self.quote.len() - trail..], self.suffix);

        let haystack = Collapsed::new(text);
        let needle = Collapsed::new(core).text;
        let best = occurrences(&haystack.text, &needle)
            .filter_map(|found| {
                let core = haystack.original(found)?;
                let whole = (core.start.checked_sub(lead))
                    .map(|start| start..core.end + trail)
                    .filter(|whole| text.get(whole.clone()) == Some(self.quote.as_str()));
                let exact = whole.is_some();
                let context = before_matches(text.get(..core.start)?, &prefix)
                    + after_matches(text.get(core.end..)?, &suffix);
                let range = whole.unwrap_or(core);
                let distance = range.start.abs_diff(self.start);
                Some(((Reverse(context), !exact, distance), range))
            })
            .min_by_key(|(key, _)| *key);
        match best {
            Some((_, range)) => Location::Found(range),
            None => Location::Orphaned,
        }
    }
}

/// A text with every run of whitespace made one space, and the way back to the
/// original's byte offsets.
struct Collapsed {
    text: String,
    /// Where each piece (a run of non-whitespace, or the space that stands for a run
    /// of whitespace) starts: in `text`, and in the original.
    pieces: Vec<(usize, usize)>,
}

impl Collapsed {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut pieces = Vec::new();
        let mut in_space = None;
        for (i, c) in original.char_indices() {
            let space = c.is_whitespace();
            if in_space != Some(space) {
                pieces.push((text.len(), i));
                in_space = Some(space);
                if space {
                    text.push(' ');
                }
            }
            if !space {
                text.push(c);
            }
        }
        Collapsed { text, pieces }
    }

    /// The original byte range of `range` of the collapsed text, which starts and
    /// ends with non-whitespace (copied as is, so offsets within a piece carry over).
    fn original(&self, range: Range<usize>) -> Option<Range<usize>> {
        let piece = |at: usize| {
            let index = self.pieces.partition_point(|&(start, _)| start <= at);
            let (start, original) = *self.pieces.get(index.checked_sub(1)?)?;
            Some(original + (at - start))
        };
        let last = range.end.checked_sub(1)?;
        let end = piece(last)? + 1;
        Some(piece(range.start)?..end)
    }
}

/// Where `needle` (not empty) occurs in `text`, overlapping occurrences included.
fn occurrences<'t>(text: &'t str, needle: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
    let step = needle.chars().next().map_or(1, char::len_utf8);
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + text.get(from..)?.find(needle)?;
        from = at + step;
        Some(at..at + needle.len())
    })
}

/// How many chars of `prefix`, from its end, the end of `before` matches.
fn before_matches(before: &str, prefix: &str) -> usize {
    common(
        collapse(before.chars().rev()),
        collapse(prefix.chars().rev()),
    )
}

/// How many chars of `suffix`, from its start, the start of `after` matches.
fn after_matches(after: &str, suffix: &str) -> usize {
    common(collapse(after.chars()), collapse(suffix.chars()))
}

/// The length of the common start of two sequences of chars.
fn common(a: impl Iterator<Item = char>, b: impl Iterator<Item = char>) -> usize {
    a.zip(b).take_while(|(x, y)| x == y).count()
}

/// Chars with every run of whitespace made one space.
fn collapse(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    let mut in_space = false;
    chars.filter_map(move |c| {
        let space = c.is_whitespace();
        let first = !(space && in_space);
        in_space = space;
        first.then_some(if space { ' ' } else { c })
    })
}
