//! Highlights: passages of an article a reader marked. [`anchor`] ties a passage to
//! the article's plain body so it is found again after the article changes. Pure: no
//! I/O, no clock, no state; it knows articles and words, nothing above them.

pub mod anchor;

pub use anchor::{Anchor, CONTEXT_CHARS, Location};

#[cfg(test)]
mod anchor_tests;
