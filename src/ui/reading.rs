//! Reading time, for the list's minutes column and the reader's "min left": words at
//! about 230 a minute, CJK letters at about 500 (see [`crate::words::reading_minutes`]).

use crate::article::{Article, Block};
use crate::words::{cjk_letters, reading_minutes};

/// Minutes to read the whole article.
pub fn minutes(article: &Article) -> f64 {
    let cjk: usize = article
        .body
        .iter()
        .map(|block| match block {
            Block::Heading { text, .. }
            | Block::Paragraph(text)
            | Block::Quote(text)
            | Block::Code(text) => cjk_letters(text),
            Block::List { items, .. } => items.iter().map(|i| cjk_letters(i)).sum(),
            Block::Rule => 0,
        })
        .sum();
    reading_minutes(article.words, cjk)
}
