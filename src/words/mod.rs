//! Normalising words for search: the one place that decides what a "word" is and how
//! two spellings of it compare, so that the index (built over article text) and the
//! query parser (over what the user typed) always agree.
//!
//! * [`tokens`] splits text into words, as byte ranges of the original string.
//! * [`fold`] makes a word case- and diacritic-insensitive ("Zürich" → "zurich").
//! * [`strip_diacritics_keep_case`] does the same but keeps case, for smart-case
//!   (case-sensitive) query terms.
//! * [`fold_words`] splits and folds in one pass, for the index.
//! * [`cjk_letters`], [`extra_cjk_words`] and [`reading_minutes`] count words as a
//!   reader reads them.
//!
//! Pure functions over `&str`: no I/O, no global state, no panics on any input.

mod count;
mod fold;
mod scan;
mod tokens;

pub use count::{cjk_letters, extra_cjk_words, reading_minutes};
pub use fold::{fold, fold_into, strip_diacritics_keep_case, strip_diacritics_keep_case_into};
pub use scan::{fold_words, word_head};
pub use tokens::{Token, Tokens, tokens};

#[cfg(test)]
mod tests;
