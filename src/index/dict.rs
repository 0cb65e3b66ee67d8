//! A batch's term dictionary: folded terms numbered on first sight.

use super::hash::term_hash;
use super::occurrence::MAX_TERMS;

/// A slot of a batch's dictionary: a term's head and length (0: empty) and id. Terms
/// of up to 16 bytes are told apart by these alone.
#[derive(Clone, Copy, Default)]
pub(super) struct Slot {
    pub(super) head: [u64; 2],
    pub(super) len: u32,
    pub(super) id: u32,
}

/// A batch's term dictionary: an open-addressing table (linear probing, at most half
/// full) over the folded terms, which are kept end to end.
pub(super) struct Dict {
    pub(super) slots: Vec<Slot>,
    pub(super) text: Vec<u8>,
    pub(super) bounds: Vec<usize>,
    pub(super) hashes: Vec<u64>,
}

impl Dict {
    pub(super) fn new() -> Dict {
        Dict {
            slots: vec![Slot::default(); 1 << 13],
            text: Vec::with_capacity(64 * 1024),
            bounds: vec![0],
            hashes: Vec::with_capacity(1 << 12),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.hashes.len()
    }

    pub(super) fn text_of(&self, id: u32) -> &[u8] {
        let id = id as usize;
        match (self.bounds.get(id), self.bounds.get(id + 1)) {
            (Some(&start), Some(&end)) => self.text.get(start..end).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The id of `word` (with its `word_head`), numbered on first sight; `None` once
    /// the dictionary is full.
    #[inline(always)]
    pub(super) fn intern(&mut self, word: &[u8], head: [u64; 2]) -> Option<u32> {
        let hash = term_hash(word, head);
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = *self.slots.get(at)?;
            if slot.len == 0 {
                return self.insert(word, head, hash, at);
            }
            if slot.head == head
                && slot.len as usize == word.len()
                && (word.len() <= 16 || self.text_of(slot.id) == word)
            {
                return Some(slot.id);
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds `word` at the free slot `at`.
    #[inline(never)]
    pub(super) fn insert(
        &mut self,
        word: &[u8],
        head: [u64; 2],
        hash: u64,
        at: usize,
    ) -> Option<u32> {
        if self.len() >= MAX_TERMS || word.len() > u32::MAX as usize {
            return None;
        }
        let id = self.len() as u32;
        self.text.extend_from_slice(word);
        self.bounds.push(self.text.len());
        self.hashes.push(hash);
        let slot = Slot {
            head,
            len: word.len() as u32,
            id,
        };
        if let Some(free) = self.slots.get_mut(at) {
            *free = slot;
        }
        if self.len() * 2 > self.slots.len() {
            self.grow();
        }
        Some(id)
    }

    pub(super) fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.len != 0) {
            let hash = self
                .hashes
                .get(slot.id as usize)
                .copied()
                .unwrap_or_default();
            let mut at = hash as usize & mask;
            while self.slots.get(at).is_some_and(|s| s.len != 0) {
                at = (at + 1) & mask;
            }
            if let Some(free) = self.slots.get_mut(at) {
                *free = slot;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::word_head;

    #[test]
    fn terms_are_numbered_on_first_sight_and_found_again_after_growing() {
        let mut dict = Dict::new();
        let words: Vec<String> = (0..20_000)
            .map(|i| match i % 3 {
                0 => format!("w{i}"),
                1 => format!("a-rather-long-term-number-{i}"),
                _ => format!("{i}x"),
            })
            .collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(
                dict.intern(w.as_bytes(), word_head(w.as_bytes())),
                Some(i as u32)
            );
        }
        for (i, w) in words.iter().enumerate().rev() {
            assert_eq!(
                dict.intern(w.as_bytes(), word_head(w.as_bytes())),
                Some(i as u32)
            );
        }
        assert_eq!(dict.len(), words.len());
        assert_eq!(dict.text_of(1u32), words[1].as_bytes());
        // Same first 16 bytes, different lengths and tails.
        let long = b"abcdefghijklmnopqrstuvwxyz";
        let a = dict.intern(long, word_head(long));
        let b = dict.intern(&long[..20], word_head(&long[..20]));
        assert_ne!(a, b);
        assert_eq!(dict.intern(long, word_head(long)), a);
    }
}
