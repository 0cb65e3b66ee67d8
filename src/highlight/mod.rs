//! Highlights: passages of an article a reader marked. [`anchor`] ties a passage to
//! the article's plain body so it is found again after the article changes;
//! [`export`] formats highlights for notes apps (Markdown, JSON Lines). Pure: no I/O,
//! no clock, no state; it knows articles and words, nothing above them.

pub mod anchor;
pub mod export;

pub use anchor::{Anchor, CONTEXT_CHARS, Location};

#[cfg(test)]
mod anchor_tests;
#[cfg(test)]
mod export_tests;
