//! Gathering a batch's occurrences: each article's fields folded into words,
//! numbered by the batch's dictionary and packed with their positions.

use std::borrow::Borrow;

use super::Field;
use super::dict::Dict;
use super::occurrence::pack;
use crate::article::{Article, Block};
use crate::words::fold_words;

/// Positions jump this far between blocks, so a phrase never spans two of them.
pub(super) const BLOCK_GAP: u32 = 8;

/// Gathers a batch's occurrences.
pub(super) struct Gatherer {
    pub(super) scratch: String,
    pub(super) dict: Dict,
    pub(super) occurrences: Vec<u64>,
}

impl Gatherer {
    pub(super) fn new<A: Borrow<Article>>(articles: &[A]) -> Gatherer {
        // One occurrence a word of the body, and the short fields twice (from the
        // word count: a body left in the library cache is not decoded to be measured).
        let guess: usize = articles
            .iter()
            .take(64)
            .map(|a| a.borrow().words + 40)
            .sum::<usize>()
            * articles.len().max(1)
            / articles.len().clamp(1, 64);
        Gatherer {
            scratch: String::new(),
            dict: Dict::new(),
            occurrences: Vec::with_capacity(guess.min(1 << 24)),
        }
    }

    /// Adds the words of `text` to `field` for article `doc`, numbering them from
    /// `*position`.
    pub(super) fn add(&mut self, field: Field, doc: u32, text: &str, position: &mut u32) {
        let Gatherer {
            scratch,
            dict,
            occurrences,
        } = self;
        fold_words(text, scratch, |word, head| {
            if word.is_empty() {
                return;
            }
            if let Some(term) = dict.intern(word, head) {
                occurrences.push(pack(field, term, doc, *position));
                *position += 1;
            }
        });
        *position += BLOCK_GAP;
    }

    /// Adds `text` to a field of its own (numbered from 0) and to the full text: one
    /// pass over the words for both.
    pub(super) fn add_both(&mut self, field: Field, doc: u32, text: &str, position: &mut u32) {
        let Gatherer {
            scratch,
            dict,
            occurrences,
        } = self;
        let mut own = 0u32;
        fold_words(text, scratch, |word, head| {
            if word.is_empty() {
                return;
            }
            if let Some(term) = dict.intern(word, head) {
                occurrences.push(pack(field, term, doc, own));
                occurrences.push(pack(Field::All, term, doc, *position));
                own += 1;
                *position += 1;
            }
        });
        *position += BLOCK_GAP;
    }

    pub(super) fn article(&mut self, doc: u32, article: &Article) -> u32 {
        let mut position = 0u32;
        self.add_both(Field::Title, doc, &article.title, &mut position);
        if let Some(author) = &article.author {
            self.add_both(Field::Author, doc, author, &mut position);
        }
        for text in [&article.source, &article.site].into_iter().flatten() {
            self.add_both(Field::Source, doc, text, &mut position);
        }
        for tag in &article.tags {
            self.add_both(Field::Tag, doc, tag, &mut position);
        }
        self.add(Field::Path, doc, &article.path.to_string_lossy(), &mut 0);
        if let Some(subtitle) = &article.subtitle {
            self.add(Field::All, doc, subtitle, &mut position);
        }
        // A body left in the library cache is decoded to be indexed, not kept.
        article.body.with(|body| {
            for block in body {
                match block {
                    Block::Heading { text, .. }
                    | Block::Paragraph(text)
                    | Block::Quote(text)
                    | Block::Code(text) => {
                        self.add(Field::All, doc, text, &mut position);
                    }
                    Block::List { items, .. } => {
                        for item in items {
                            self.add(Field::All, doc, item, &mut position);
                        }
                    }
                    Block::Rule => {}
                }
            }
        });
        position
    }
}
