//! Ordering a query's matches: by date, by title, or by relevance (BM25 over the full
//! text, title matches weighing more).

use super::ast::{Field as QueryField, Query, Sort};
use super::bits::Bits;
use crate::index::{DocId, Field, Index};
use crate::words::fold;

const K1: f32 = 1.2;
const B: f32 = 0.75;
const TITLE_BOOST: f32 = 2.0;

pub(super) fn order(index: &mut Index, query: &Query, matched: &Bits, sort: Sort) -> Vec<DocId> {
    match sort {
        Sort::DateNewest => index
            .by_date()
            .iter()
            .copied()
            .filter(|&d| matched.get(d))
            .collect(),
        Sort::DateOldest => {
            let newest: Vec<DocId> = index
                .by_date()
                .iter()
                .copied()
                .filter(|&d| matched.get(d))
                .collect();
            let (dated, undated): (Vec<DocId>, Vec<DocId>) = newest
                .into_iter()
                .partition(|&d| index.article(d).is_some_and(|a| a.date.is_some()));
            dated.into_iter().rev().chain(undated).collect()
        }
        Sort::TitleAz | Sort::TitleZa => {
            let mut keyed: Vec<(String, DocId)> = matched
                .iter()
                .map(|d| {
                    (
                        index.article(d).map(|a| fold(&a.title)).unwrap_or_default(),
                        d,
                    )
                })
                .collect();
            keyed.sort();
            if sort == Sort::TitleZa {
                keyed.reverse();
            }
            keyed.into_iter().map(|(_, d)| d).collect()
        }
        Sort::Relevance => {
            let scores = score(index, query, matched);
            let rank = date_rank(index);
            // One integer key per document: the score (higher first), then the place
            // in the newest-first order; sorting plain integers is the fast part.
            let mut keyed: Vec<(u64, DocId)> = matched
                .iter()
                .map(|d| {
                    let score = scores[d as usize].max(0.0).to_bits();
                    (
                        u64::from(u32::MAX - score) << 32 | u64::from(rank[d as usize]),
                        d,
                    )
                })
                .collect();
            keyed.sort_unstable();
            keyed.into_iter().map(|(_, d)| d).collect()
        }
    }
}

/// Each document's place in the newest-first order, to break ties.
pub(super) fn date_rank(index: &mut Index) -> Vec<u32> {
    let slots = index.slots();
    let order = index.by_date();
    let mut rank = vec![0; slots];
    for (i, &d) in order.iter().enumerate() {
        rank[d as usize] = i as u32;
    }
    rank
}

/// BM25 over the full text for the query's positive free-text words, plus a bonus
/// for each word found in the title.
pub(super) fn score(index: &Index, query: &Query, matched: &Bits) -> Vec<f32> {
    let n = index.len() as f32;
    let slots = index.slots();
    let avg = index.average_length() as f32;
    let mut scores = vec![0f32; slots];
    for term in query.highlight_terms() {
        if !matches!(term.field, None | Some(QueryField::Title)) {
            continue;
        }
        let last = term.tokens.len().saturating_sub(1);
        for (i, token) in term.tokens.iter().enumerate() {
            let token = fold(token);
            let prefix = term.prefix && i == last;
            let expanded: Vec<&crate::index::Postings> = if prefix {
                index
                    .with_prefix(Field::All, &token)
                    .map(|(_, p)| p)
                    .collect()
            } else {
                index.postings(Field::All, &token).into_iter().collect()
            };
            for postings in expanded {
                let df = postings.count as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for entry in postings.entries() {
                    if !matched.get(entry.doc) {
                        continue;
                    }
                    let tf = entry.tf as f32;
                    let len = index.length(entry.doc) as f32;
                    scores[entry.doc as usize] +=
                        idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg));
                }
            }
            let in_title: Vec<&crate::index::Postings> = if prefix {
                index
                    .with_prefix(Field::Title, &token)
                    .map(|(_, p)| p)
                    .collect()
            } else {
                index.postings(Field::Title, &token).into_iter().collect()
            };
            for postings in in_title {
                let df = postings.count as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for entry in postings.entries() {
                    if matched.get(entry.doc) {
                        scores[entry.doc as usize] += TITLE_BOOST * idf;
                    }
                }
            }
        }
    }
    scores
}
