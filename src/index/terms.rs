//! One field's terms of the index, with their postings.

use hashbrown::HashTable;

use super::hash::hash_of;
use super::postings::Postings;

/// One field's terms: found by hashing; in sorted order (for prefixes) once `prepare`
/// has run after the last append.
#[derive(Default)]
pub(super) struct FieldTerms {
    /// Ids into `terms`, by `term_hash` of the term (rebuilt from `terms`).
    pub(super) ids: HashTable<u32>,
    pub(super) terms: Vec<Box<str>>,
    pub(super) postings: Vec<Postings>,
    pub(super) sorted: Vec<u32>,
}

impl FieldTerms {
    pub(super) fn id(&self, term: &[u8], hash: u64) -> Option<u32> {
        let terms = &self.terms;
        self.ids
            .find(hash, |&id| {
                terms.get(id as usize).is_some_and(|t| t.as_bytes() == term)
            })
            .copied()
    }

    /// Makes `ids` anew from `terms` (an index read back from the cache).
    pub(super) fn rebuild_ids(&mut self) {
        let terms = &self.terms;
        let mut ids = HashTable::with_capacity(terms.len());
        for (id, term) in terms.iter().enumerate() {
            ids.insert_unique(hash_of(term.as_bytes()), id as u32, |&i| {
                terms.get(i as usize).map_or(0, |t| hash_of(t.as_bytes()))
            });
        }
        self.ids = ids;
    }

    /// The postings of `term` (with its `term_hash`), added if new.
    pub(super) fn postings_mut(&mut self, term: &[u8], hash: u64) -> Option<&mut Postings> {
        let id = match self.id(term, hash) {
            Some(id) => id,
            None => {
                let text = std::str::from_utf8(term).ok()?;
                let id = self.terms.len() as u32;
                self.terms.push(text.into());
                self.postings.push(Postings::default());
                let terms = &self.terms;
                self.ids.insert_unique(hash, id, |&i| {
                    terms.get(i as usize).map_or(0, |t| hash_of(t.as_bytes()))
                });
                id
            }
        };
        self.postings.get_mut(id as usize)
    }

    pub(super) fn prepare(&mut self) {
        if self.sorted.len() != self.terms.len() {
            let terms = &self.terms;
            let mut sorted: Vec<u32> = (0..terms.len() as u32).collect();
            sorted.sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
            self.sorted = sorted;
        }
    }
}
