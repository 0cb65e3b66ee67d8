//! The hash of a folded term, shared by a segment's dictionary and the index's.

use crate::words::word_head;

/// Multiplies and folds the high half of the product into the low one, so every bit
/// of `a` reaches every bit of the result.
pub(super) fn fold_multiply(a: u64, b: u64) -> u64 {
    let full = u128::from(a) * u128::from(b);
    (full as u64) ^ ((full >> 64) as u64)
}

/// The hash of a folded term with its `word_head`: the same in a segment's dictionary
/// and in the index's, so a segment hands its terms over with their hashes and the
/// index need not hash them again.
pub(super) fn term_hash(word: &[u8], head: [u64; 2]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    const S0: u64 = 0xa076_1d64_78bd_642f;
    const S1: u64 = 0xe703_7ed1_a0b4_28db;
    let mut h = fold_multiply(head[0] ^ S0, head[1] ^ S1 ^ word.len() as u64);
    for chunk in word.get(16..).unwrap_or_default().chunks(8) {
        let mut word = 0u64;
        for (i, &b) in chunk.iter().enumerate() {
            word |= u64::from(b) << (8 * i);
        }
        h = fold_multiply(h ^ word, K);
    }
    h
}

/// `term_hash` of a term given by its text alone.
pub(super) fn hash_of(term: &[u8]) -> u64 {
    term_hash(term, word_head(term))
}
