//! The filter language: `parse` turns what a person types into a `Query` (or an error
//! with its column), `eval` runs a query against the index, and `highlight` finds where
//! a query's words stand in a line of text. No I/O.
//!
//! Parsing: `lexer` (the cursor over the input), `keyword` and `value` (what may
//! follow a colon), `error`. Evaluation: `bits` (sets of documents), `exact` (phrases
//! and case-sensitive words checked closely), `rank` (the order of the matches),
//! `read_ahead` (each word's postings read once, in parallel, before the matching).

pub mod ast;
mod bits;
mod error;
pub mod eval;
mod exact;
mod keyword;
mod lexer;
pub mod parse;
mod rank;
mod read_ahead;
mod value;

pub use ast::Query;
pub use parse::QueryError;

use crate::words::{fold, strip_diacritics_keep_case, tokens};

/// Byte ranges of `text` where the query's positive words and phrases match, merged
/// and in order. Matching is by whole words as the index sees them (prefixes for the
/// word being typed), so ranges always fall on character boundaries.
pub fn highlight(text: &str, query: &Query) -> Vec<(usize, usize)> {
    let terms = query.highlight_terms();
    if terms.is_empty() {
        return Vec::new();
    }
    let words: Vec<_> = tokens(text).collect();
    let folded: Vec<String> = words.iter().map(|t| fold(t.text(text))).collect();
    let mut kept: Option<Vec<String>> = None;
    let mut ranges = Vec::new();
    for term in terms {
        let n = term.tokens.len();
        if n == 0 || n > words.len() {
            continue;
        }
        let have: &[String] = if term.case_sensitive {
            kept.get_or_insert_with(|| {
                words
                    .iter()
                    .map(|t| strip_diacritics_keep_case(t.text(text)))
                    .collect()
            })
        } else {
            &folded
        };
        for start in 0..=words.len() - n {
            let matches = term.tokens.iter().enumerate().all(|(i, want)| {
                let word = &have[start + i];
                if term.prefix && i == n - 1 {
                    word.starts_with(want.as_str())
                } else {
                    word == want
                }
            });
            if matches {
                ranges.push((words[start].start, words[start + n - 1].end));
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn marks(text: &str, q: &str) -> Vec<String> {
        let query = parse::parse(q, NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()).unwrap();
        highlight(text, &query)
            .into_iter()
            .map(|(s, e)| text[s..e].to_string())
            .collect()
    }

    #[test]
    fn words_prefixes_and_phrases_are_marked() {
        let text = "İstanbul and ÄRGER and ärger, the café in Zürich";
        assert_eq!(marks(text, "ärger "), vec!["ÄRGER", "ärger"]);
        assert_eq!(marks(text, "ÄRGER "), vec!["ÄRGER"], "smart case");
        assert_eq!(marks(text, "cafe zur"), vec!["café", "Zürich"]);
        assert_eq!(marks(text, "\"cafe in\""), vec!["café in"]);
        assert_eq!(
            marks(text, "istanbul -and "),
            vec!["İstanbul"],
            "negated words are not marked"
        );
        assert!(marks(text, "").is_empty());
    }

    #[test]
    fn wide_characters_keep_ranges_on_boundaries() {
        let text = "東京の朝 🌅 Morning markets in 東京";
        assert_eq!(marks(text, "東京 "), vec!["東京", "東京"]);
        assert_eq!(marks(text, "market"), vec!["markets"]);
    }
}
