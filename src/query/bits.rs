//! Sets of documents as bitsets, one bit per document number.

use crate::index::{DocId, Postings, run};

/// A set of documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    pub fn empty(len: usize) -> Bits {
        Bits {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    pub fn full(len: usize) -> Bits {
        let mut bits = Bits {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        bits.trim();
        bits
    }

    fn trim(&mut self) {
        let extra = self.words.len() * 64 - self.len;
        if extra > 0
            && let Some(last) = self.words.last_mut()
        {
            *last &= u64::MAX >> extra;
        }
    }

    pub fn set(&mut self, doc: DocId) {
        let i = doc as usize;
        if i < self.len {
            self.words[i / 64] |= 1 << (i % 64);
        }
    }

    /// Sets the documents from `start` to `end` (both included).
    pub fn set_range(&mut self, start: DocId, end: DocId) {
        let (start, end) = (
            start as usize,
            (end as usize).min(self.len.saturating_sub(1)),
        );
        if start > end || self.len == 0 {
            return;
        }
        let (first, last) = (start / 64, end / 64);
        for (i, word) in self.words[first..=last].iter_mut().enumerate() {
            let low = if i == 0 { start % 64 } else { 0 };
            let high = if first + i == last { end % 64 } else { 63 };
            *word |= (u64::MAX >> (63 - high)) & (u64::MAX << low);
        }
    }

    /// Sets the documents of `postings`, a block at a time (a run without a gap at
    /// once).
    pub fn set_postings(&mut self, postings: &Postings) {
        if let Some(dense) = postings.dense() {
            self.or_words(&dense.words);
            return;
        }
        postings.for_each_block(|docs, _| match run(docs) {
            Some((first, last)) => self.set_range(first, last),
            None => docs.iter().for_each(|&d| self.set(d)),
        });
    }

    pub fn unset(&mut self, doc: DocId) {
        let i = doc as usize;
        if i < self.len {
            self.words[i / 64] &= !(1 << (i % 64));
        }
    }

    pub fn get(&self, doc: DocId) -> bool {
        let i = doc as usize;
        i < self.len && self.words[i / 64] & (1 << (i % 64)) != 0
    }

    pub fn and(&mut self, other: &Bits) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a &= b);
    }

    /// Adds the documents of a set given as its words (see `words`).
    pub fn or_words(&mut self, words: &[u64]) {
        self.words.iter_mut().zip(words).for_each(|(a, b)| *a |= b);
        self.trim();
    }

    pub fn or(&mut self, other: &Bits) {
        self.words
            .iter_mut()
            .zip(&other.words)
            .for_each(|(a, b)| *a |= b);
    }

    pub fn not(&mut self) {
        self.words.iter_mut().for_each(|w| *w = !*w);
        self.trim();
    }

    /// The set as words of 64 documents each, the first document in the lowest bit.
    pub fn words(&self) -> &[u64] {
        &self.words
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn iter(&self) -> impl Iterator<Item = DocId> + '_ {
        self.iter_part(0, 1)
    }

    /// The documents of the `part`-th of `parts` equal runs of the set's range, in
    /// order: the parts together are `iter`'s documents.
    pub fn iter_part(&self, part: usize, parts: usize) -> impl Iterator<Item = DocId> + '_ {
        let n = self.words.len();
        let (start, end) = (n * part / parts.max(1), n * (part + 1) / parts.max(1));
        let words = self.words.get(start..end.min(n)).unwrap_or_default();
        words.iter().enumerate().flat_map(move |(i, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let bit = w.trailing_zeros();
                w &= w - 1;
                Some(((start + i) * 64) as DocId + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word's postings set a block at a time are its documents, whether they run
    /// without gaps or far apart.
    #[test]
    fn postings_set_their_documents() {
        use crate::article::{Article, ArticleId, Block, Draft};
        use crate::index::{Field, Index};
        let articles: Vec<std::sync::Arc<Article>> = (0..400u64)
            .map(|i| {
                let mut body = String::from("text");
                for (word, every) in [("nearly", 1), ("some", 3), ("few", 70)] {
                    if i % every == 0 && i % 97 != 1 {
                        body.push_str(&format!(" {word}"));
                    }
                }
                let draft = Draft {
                    title: format!("{i}"),
                    body: vec![Block::Paragraph(body)],
                    ..Draft::default()
                };
                let path = format!("{i}.txt").into();
                std::sync::Arc::new(Article::new(ArticleId(i), path, draft))
            })
            .collect();
        let index = Index::from_articles(&articles);
        for word in ["nearly", "some", "few", "text"] {
            let Some(postings) = index.postings(Field::All, word) else {
                panic!("no {word}");
            };
            let (mut at_once, mut one_by_one) = (Bits::empty(400), Bits::empty(400));
            at_once.set_postings(postings);
            postings.entries().for_each(|e| one_by_one.set(e.doc));
            assert_eq!(at_once, one_by_one, "{word}");
            assert!(at_once.count() > 5, "{word}");
            // Again, from the set of documents the first read made of a common word.
            assert_eq!(postings.dense().is_some(), word != "few", "{word}");
            let mut again = Bits::empty(400);
            again.set_postings(postings);
            assert_eq!(again, one_by_one, "{word}");
        }
    }

    /// A range set at once is the same as its documents set one by one, across
    /// word boundaries and up to the end of the set.
    #[test]
    fn a_range_sets_what_its_documents_set() {
        let mut next = crate::testing::numbers(3);
        for len in [1, 63, 64, 65, 130, 1000] {
            for _ in 0..200 {
                let start = next(len as u64) as DocId;
                let end = start + next(200) as DocId;
                let (mut one_by_one, mut at_once) = (Bits::empty(len), Bits::empty(len));
                one_by_one.set(5 % len as DocId);
                at_once.set(5 % len as DocId);
                (start..=end).for_each(|d| one_by_one.set(d));
                at_once.set_range(start, end);
                assert_eq!(at_once, one_by_one, "{start}..={end} of {len}");
            }
        }
        Bits::empty(0).set_range(0, 5);
        let mut none = Bits::empty(10);
        none.set_range(7, 3);
        none.set_range(10, 20);
        assert_eq!(none.count(), 0);
    }
}
