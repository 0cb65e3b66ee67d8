//! Sets of documents as bitsets, one bit per document number.

use crate::index::DocId;

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
