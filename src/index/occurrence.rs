//! One occurrence of a term packed in 64 bits (field, term, document, position), so
//! that sorting the keys groups a batch's occurrences for encoding.

use super::Field;

pub(super) const FIELD_SHIFT: u32 = 61;
pub(super) const TERM_SHIFT: u32 = 40;
pub(super) const DOC_SHIFT: u32 = 24;
pub(super) const MAX_TERMS: usize = 1 << 21;
pub(super) const MAX_DOCS: usize = 1 << 16;
pub(super) const MAX_POSITION: u32 = (1 << 24) - 1;

/// One occurrence, packed so that sorting groups it by field, term, document and
/// position: field 3 bits, term 21, document 16, position 24.
pub(super) fn pack(field: Field, term: u32, doc: u32, position: u32) -> u64 {
    (field as u64) << FIELD_SHIFT
        | u64::from(term) << TERM_SHIFT
        | u64::from(doc) << DOC_SHIFT
        | u64::from(position.min(MAX_POSITION))
}

pub(super) fn unpack(key: u64) -> (usize, u32, u32, u32) {
    (
        (key >> FIELD_SHIFT) as usize,
        ((key >> TERM_SHIFT) & (MAX_TERMS as u64 - 1)) as u32,
        ((key >> DOC_SHIFT) & (MAX_DOCS as u64 - 1)) as u32,
        (key & u64::from(MAX_POSITION)) as u32,
    )
}
