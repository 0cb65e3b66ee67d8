//! The words a query's matching reads from the postings, read ahead of it: each
//! word's postings once, the words in parallel with one another and with the scoring
//! (which finds the documents of the words it scores as it reads them).

use rayon::prelude::*;

use super::ast::{Expr, Query, Sort};
use super::bits::Bits;
use super::eval::{index_field, token_docs};
use super::rank::{score, scored_words};
use crate::index::{Field, Index};

/// A word as the matching reads it: its field, folded, and whether as a prefix.
type Word = (Field, String, bool);

/// The documents of the words read ahead.
pub(super) struct Known(Vec<(Word, Bits)>);

impl Known {
    /// The documents of a folded word in a field (as a prefix or not), if read.
    pub(super) fn get(&self, field: Field, word: &str, prefix: bool) -> Option<&Bits> {
        self.0
            .iter()
            .find(|((f, w, p), _)| *f == field && w == word && *p == prefix)
            .map(|(_, bits)| bits)
    }
}

/// Every word the matching of `expr` reads from the postings, as `term_docs` reads
/// them, once each.
fn words_read(expr: &Expr, out: &mut Vec<Word>) {
    match expr {
        Expr::And(items) | Expr::Or(items) => {
            for item in items {
                words_read(item, out);
            }
        }
        Expr::Not(inner) => words_read(inner, out),
        Expr::Term(term) => {
            let field = index_field(term.field);
            for (word, prefix) in term.folded() {
                let word = (field, word, prefix);
                if !out.contains(&word) {
                    out.push(word);
                }
            }
        }
        Expr::Date(_) | Expr::Is(_) => {}
    }
}

/// The query's words read ahead, and (ranked by relevance) every document's score,
/// else none; `None` if the search was cancelled meanwhile.
pub(super) fn read_ahead(
    index: &Index,
    query: &Query,
    sort: Sort,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<(Known, Vec<f32>)> {
    let scored = match sort {
        Sort::Relevance => scored_words(query),
        _ => Vec::new(),
    };
    let mut unscored = Vec::new();
    if let Some(root) = &query.root {
        words_read(root, &mut unscored);
    }
    unscored.retain(|(field, word, prefix)| {
        *field != Field::All || !scored.iter().any(|(w, p)| w == word && p == prefix)
    });
    let (scored, read) = rayon::join(
        || match sort {
            Sort::Relevance => score(index, scored, cancelled).map(Some),
            _ => Some(None),
        },
        || {
            unscored
                .par_iter()
                .map(|(field, word, prefix)| token_docs(index, *field, word, *prefix, cancelled))
                .collect::<Option<Vec<Bits>>>()
        },
    );
    let mut known = Known(unscored.into_iter().zip(read?).collect());
    let mut scores = Vec::new();
    if let Some(scored) = scored? {
        scores = scored.scores;
        for (word, prefix, bits) in scored.docs {
            known.0.push(((Field::All, word, prefix), bits));
        }
    }
    Some((known, scores))
}
