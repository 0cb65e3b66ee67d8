//! The pieces of an article's body (`Block`) and its links, with word counts and
//! plain text.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

/// One block of an article body. Text inside blocks is single-paragraph prose
/// (no newlines) except for `Code`, which keeps its lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    Heading { level: u8, text: String },
    Paragraph(String),
    Quote(String),
    List { ordered: bool, items: Vec<String> },
    Code(String),
    Rule,
}

impl Block {
    /// Words in the block, counted without copying it.
    pub fn word_count(&self) -> usize {
        match self {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Quote(text) => {
                line_words(text)
            }
            Block::Code(text) => crate::whitespace::word_count(text),
            Block::List { items, .. } => items.iter().map(|i| line_words(i)).sum(),
            Block::Rule => 0,
        }
    }

    /// The block as plain text, as `list --body` and the search index see it.
    pub fn plain_text(&self) -> String {
        let mut out = String::with_capacity(self.plain_len());
        self.push_plain_text(&mut out);
        out
    }

    /// Appends [`Block::plain_text`] to `out`.
    pub fn push_plain_text(&self, out: &mut String) {
        match self {
            Block::Heading { text, .. }
            | Block::Paragraph(text)
            | Block::Quote(text)
            | Block::Code(text) => out.push_str(text),
            Block::List { ordered, items } => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    if *ordered {
                        // Writing to a String cannot fail.
                        let _ = write!(out, "{}. ", i + 1);
                    } else {
                        out.push_str("- ");
                    }
                    out.push_str(item);
                }
            }
            Block::Rule => out.push_str("---"),
        }
    }

    /// About the length of [`Block::plain_text`] (exact but for list numbers), to
    /// reserve room for it or weigh a block without copying it.
    pub fn plain_len(&self) -> usize {
        match self {
            Block::Heading { text, .. }
            | Block::Paragraph(text)
            | Block::Quote(text)
            | Block::Code(text) => text.len(),
            Block::List { items, .. } => items.iter().map(|item| item.len() + 3).sum(),
            Block::Rule => 3,
        }
    }
}

/// A link found in an article's text, in order of appearance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub text: String,
    pub url: String,
}

/// Words in a sanitised line, where words are separated by single ASCII spaces and
/// each CJK letter is a word.
fn line_words(text: &str) -> usize {
    if text.is_empty() {
        0
    } else {
        crate::whitespace::spaces(text.as_bytes()) + 1 + crate::words::extra_cjk_words(text)
    }
}
