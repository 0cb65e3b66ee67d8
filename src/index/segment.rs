//! A `Segment`: the terms of one batch of articles, gathered off the UI thread and
//! encoded as postings for the batch's own document numbers.

use std::borrow::Borrow;

use super::gather::Gatherer;
use super::occurrence::{
    DOC_SHIFT, FIELD_SHIFT, MAX_DOCS, MAX_POSITION, MAX_TERMS, TERM_SHIFT, unpack,
};
use super::varint::{get_varint, put_varint, skip_varint};
use super::{FIELDS, Field};
use crate::article::Article;

/// One field's postings of one term of a segment, encoded as `Postings` holds them
/// but for the segment's own document numbers (from 0): the first entry's gap is its
/// document number.
#[derive(Clone, Copy, Debug)]
pub(super) struct Run {
    pub(super) field: Field,
    pub(super) term: u32,
    /// Documents holding the term.
    pub(super) count: u32,
    /// The last of them.
    pub(super) last: u32,
    /// Where its bytes end in the segment's `docs` and `positions` (they start where
    /// the previous run's end).
    pub(super) docs_end: usize,
    pub(super) positions_end: usize,
}

/// The terms of one batch of articles, gathered off the UI thread: per field and
/// term, the postings already encoded for the batch's own document numbers (in a
/// batch past 65,536 articles, a run per 65,536 of them), so that appending renumbers
/// the first entry of each and copies the rest.
#[derive(Default, Debug)]
pub struct Segment {
    /// Per article: its length in words (for ranking).
    pub(super) lengths: Vec<u32>,
    /// The batch's terms, end to end; term `i` is `text[bounds[i]..bounds[i + 1]]`.
    pub(super) text: Vec<u8>,
    pub(super) bounds: Vec<usize>,
    /// Each term's `term_hash`.
    pub(super) hashes: Vec<u64>,
    /// In field, then term order.
    pub(super) runs: Vec<Run>,
    pub(super) docs: Vec<u8>,
    pub(super) positions: Vec<u8>,
}

/// Orders occurrences by field and term, keeping their order within each: they were
/// gathered article by article and word by word, so each term's occurrences stay in
/// document and position order. A counting sort: linear, no comparisons.
pub(super) fn group_by_term(occurrences: Vec<u64>, terms: usize) -> Vec<u64> {
    let slot = |k: u64| {
        (k >> FIELD_SHIFT) as usize * terms + ((k >> TERM_SHIFT) as usize & (MAX_TERMS - 1))
    };
    // Counts, then starts, in 32 bits (a batch holds fewer occurrences), so the
    // table the scatter below hits at random is half the size.
    let mut starts = vec![0u32; FIELDS.len() * terms + 1];
    for &k in &occurrences {
        if let Some(count) = starts.get_mut(slot(k) + 1) {
            *count += 1;
        }
    }
    let mut sum = 0u32;
    for start in &mut starts {
        sum += *start;
        *start = sum;
    }
    let mut out = vec![0u64; occurrences.len()];
    for k in occurrences {
        if let Some(at) = starts.get_mut(slot(k))
            && let Some(to) = out.get_mut(*at as usize)
        {
            *to = k;
            *at += 1;
        }
    }
    out
}

/// Encodes grouped occurrences into runs, one per field and term, appended to the
/// segment's; their documents (numbered from 0 in `occ`) are numbered from `first`.
pub(super) fn encode_runs(occ: &[u64], first: u32, segment: &mut Segment) {
    let Segment {
        runs,
        docs,
        positions,
        ..
    } = segment;
    docs.reserve(occ.len() / 2);
    positions.reserve(occ.len() + occ.len() / 4);
    let mut i = 0;
    while let Some(&key) = occ.get(i) {
        let (field_slot, term, _, _) = unpack(key);
        let field = FIELDS[field_slot.min(FIELDS.len() - 1)];
        let with_positions = field == Field::All;
        let slot = key >> TERM_SHIFT;
        let (mut count, mut last) = (0u32, None::<u32>);
        while let Some(&key) = occ.get(i)
            && key >> TERM_SHIFT == slot
        {
            let doc = first + ((key >> DOC_SHIFT) & (MAX_DOCS as u64 - 1)) as u32;
            let entry = key >> DOC_SHIFT;
            let (mut tf, mut prev) = (0u32, 0u32);
            while let Some(&key) = occ.get(i)
                && key >> DOC_SHIFT == entry
            {
                if with_positions {
                    let p = (key & u64::from(MAX_POSITION)) as u32;
                    put_varint(positions, p - prev);
                    prev = p;
                }
                tf += 1;
                i += 1;
            }
            let gap = last.map_or(doc, |last| doc - last);
            if tf == 1 {
                put_varint(docs, gap << 1 | 1);
            } else {
                put_varint(docs, gap << 1);
                put_varint(docs, tf);
            }
            last = Some(doc);
            count += 1;
        }
        runs.push(Run {
            field,
            term,
            count,
            last: last.unwrap_or(0),
            docs_end: docs.len(),
            positions_end: positions.len(),
        });
    }
}

/// The entries of a run: (document in the segment, count, its positions' bytes).
pub(super) fn run_entries<'a>(
    docs: &'a [u8],
    positions: &'a [u8],
    with_positions: bool,
) -> impl Iterator<Item = (u32, u32, &'a [u8])> + 'a {
    let (mut at, mut pos_at, mut doc, mut first) = (0, 0, 0u32, true);
    std::iter::from_fn(move || {
        if at >= docs.len() {
            return None;
        }
        let word = get_varint(docs, &mut at);
        doc = if first { word >> 1 } else { doc + (word >> 1) };
        first = false;
        let tf = if word & 1 == 1 {
            1
        } else {
            get_varint(docs, &mut at)
        };
        let from = pos_at;
        if with_positions {
            for _ in 0..tf {
                skip_varint(positions, &mut pos_at);
            }
        }
        Some((doc, tf, positions.get(from..pos_at).unwrap_or_default()))
    })
}

impl Segment {
    /// Gathers the terms of a batch of articles, however many. An occurrence holds its
    /// document in 16 bits, so they are gathered and encoded 65,536 articles at a time,
    /// with one dictionary: each term has a run per such part, in document order.
    /// Takes the articles or any handle to them (`&[Article]`, `&[Arc<Article>]`).
    pub fn build<A: Borrow<Article>>(articles: &[A]) -> Segment {
        let mut segment = Segment {
            lengths: Vec::with_capacity(articles.len()),
            ..Segment::default()
        };
        let mut g = Gatherer::new(articles.get(..MAX_DOCS).unwrap_or(articles));
        for (part, chunk) in articles.chunks(MAX_DOCS).enumerate() {
            for (doc, article) in chunk.iter().enumerate() {
                segment
                    .lengths
                    .push(g.article(doc as u32, article.borrow()));
            }
            let occurrences = std::mem::take(&mut g.occurrences);
            let occurrences = group_by_term(occurrences, g.dict.len());
            encode_runs(&occurrences, (part * MAX_DOCS) as u32, &mut segment);
        }
        segment.text = g.dict.text;
        segment.bounds = g.dict.bounds;
        segment.hashes = g.dict.hashes;
        segment
    }

    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    /// A term's text and hash.
    pub(super) fn term(&self, id: u32) -> Option<(&[u8], u64)> {
        let id = id as usize;
        let (start, end) = (*self.bounds.get(id)?, *self.bounds.get(id + 1)?);
        Some((self.text.get(start..end)?, *self.hashes.get(id)?))
    }
}
