//! The filter language. For now: words separated by spaces, all of which must occur
//! (case-insensitively, for all of Unicode) in the title, subtitle, author, source or
//! body. No I/O; the library supplies the haystacks.

pub mod ast;
pub mod eval;
pub mod parse;

use crate::library::Library;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Lowercased terms; every one must match.
    pub terms: Vec<String>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        Query {
            terms: text.split_whitespace().map(str::to_lowercase).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn matches(&self, library: &Library, index: usize) -> bool {
        let haystack = library.haystack(index);
        self.terms.iter().all(|t| haystack.contains(t.as_str()))
    }

    /// The matching article indices, in display order.
    pub fn run(&self, library: &Library) -> Vec<usize> {
        library
            .order()
            .iter()
            .copied()
            .filter(|&i| self.matches(library, i))
            .collect()
    }

    /// Byte ranges in `text` where a term matches, for highlighting. Ranges are
    /// found case-insensitively and are always on character boundaries.
    pub fn highlights(&self, text: &str) -> Vec<(usize, usize)> {
        highlight_ranges(text, &self.terms)
    }
}

/// Case-insensitive match ranges of `terms` (already lowercase) in `text`, merged.
pub fn highlight_ranges(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    if terms.is_empty() {
        return Vec::new();
    }
    // Lowercase char by char, remembering where each lowered char came from, so the
    // ranges map back to `text` even when lowercasing changes byte lengths.
    let mut lowered = String::with_capacity(text.len());
    let mut origin: Vec<(usize, usize)> = Vec::with_capacity(text.len());
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        for l in c.to_lowercase() {
            lowered.push(l);
            origin.extend(std::iter::repeat_n((start, end), l.len_utf8()));
        }
    }
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for term in terms.iter().filter(|t| !t.is_empty()) {
        for (at, _) in lowered.match_indices(term.as_str()) {
            let (Some(first), Some(last)) = (origin.get(at), origin.get(at + term.len() - 1))
            else {
                continue;
            };
            ranges.push((first.0, last.1));
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
    use crate::article::{Article, ArticleId, Block, Draft};
    use std::path::PathBuf;

    fn lib(items: &[(&str, &str)]) -> Library {
        Library::from_articles(
            items
                .iter()
                .enumerate()
                .map(|(i, (title, body))| {
                    let draft = Draft {
                        title: title.to_string(),
                        body: vec![Block::Paragraph(body.to_string())],
                        ..Draft::default()
                    };
                    Article::new(ArticleId(i as u64), PathBuf::from(format!("{i}")), draft)
                })
                .collect(),
        )
    }

    fn titles(library: &Library, q: &str) -> Vec<String> {
        Query::parse(q)
            .run(library)
            .into_iter()
            .map(|i| library.get(i).unwrap().title.clone())
            .collect()
    }

    #[test]
    fn unicode_case_insensitive_both_ways() {
        let l = lib(&[("Großer ärger", "x"), ("Other", "ΣΊΣΥΦΟΣ myth")]);
        assert_eq!(titles(&l, "ÄRGER"), vec!["Großer ärger"]);
        assert_eq!(titles(&l, "σίσυφος"), vec!["Other"]);
    }

    #[test]
    fn all_words_must_match_anywhere() {
        let l = lib(&[("Iran talks", "Russia and China"), ("Iran", "nothing else")]);
        assert_eq!(titles(&l, "iran russia"), vec!["Iran talks"]);
        assert_eq!(titles(&l, "  "), vec!["Iran", "Iran talks"]);
        assert!(titles(&l, "iran mars").is_empty());
    }

    #[test]
    fn highlights_map_back_through_case_changes() {
        let text = "İstanbul and ÄRGER and ärger";
        let q = Query::parse("ärger");
        let ranges = q.highlights(text);
        let found: Vec<&str> = ranges.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(found, vec!["ÄRGER", "ärger"]);
        // 'İ' lowercases to two chars; ranges after it must still be on boundaries.
        let ranges = Query::parse("stan").highlights(text);
        assert_eq!(
            ranges.iter().map(|&(s, e)| &text[s..e]).collect::<Vec<_>>(),
            vec!["stan"]
        );
    }
}
