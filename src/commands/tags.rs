//! `tidings tags`: every tag in the library (the files' and those given in the
//! reader) with the number of articles that carry it, most used first, then A–Z. Tags compare without regard to case, and each is
//! shown in its most common spelling. Reads the library it is given; no I/O but the
//! output.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;

use serde::Serialize;

use super::{CommandError, write_out};
use crate::article::Article;
use crate::state::State;

/// A tag, in its most common spelling, and how many articles carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TagCount {
    pub tag: String,
    pub count: usize,
}

/// The tags of `articles`, most used first, then A–Z (ignoring case). An article
/// counts once for a tag however many spellings of it it carries. Of a tag's
/// spellings the one most articles use is shown; a tie goes to the first in
/// byte order ("Rust" before "rust").
pub fn count_tags<'a>(
    articles: impl IntoIterator<Item = &'a Article>,
    state: &State,
) -> Vec<TagCount> {
    // Lowercased tag -> (articles, spelling -> articles).
    let mut tags: HashMap<String, (usize, BTreeMap<String, usize>)> = HashMap::new();
    for article in articles {
        let mut seen = HashSet::new();
        for spelling in &state.tags_of(article) {
            let spelling = spelling.trim();
            if spelling.is_empty() {
                continue;
            }
            let key = spelling.to_lowercase();
            let entry = tags.entry(key.clone()).or_default();
            if seen.insert(key) {
                entry.0 += 1;
            }
            *entry.1.entry(spelling.to_string()).or_default() += 1;
        }
    }
    let mut out: Vec<(String, TagCount)> = tags
        .into_iter()
        .map(|(key, (count, spellings))| {
            let mut best: Option<(String, usize)> = None;
            for (spelling, n) in spellings {
                if best.as_ref().is_none_or(|(_, most)| n > *most) {
                    best = Some((spelling, n));
                }
            }
            let tag = best.map_or_else(|| key.clone(), |(s, _)| s);
            (key, TagCount { tag, count })
        })
        .collect();
    out.sort_by(|(a_key, a), (b_key, b)| {
        b.count
            .cmp(&a.count)
            .then_with(|| a_key.cmp(b_key))
            .then_with(|| a.tag.cmp(&b.tag))
    });
    out.into_iter().map(|(_, t)| t).collect()
}

/// Prints the tags as `count  tag` lines (counts aligned on the right), or JSON Lines
/// `{"tag": …, "count": …}`. Exit 0 if there is any tag, 1 if none.
pub fn tags<'a>(
    articles: impl IntoIterator<Item = &'a Article>,
    state: &State,
    json: bool,
    out: &mut impl Write,
) -> Result<i32, CommandError> {
    let counts = count_tags(articles, state);
    let width = counts.first().map_or(1, |t| t.count.to_string().len());
    let mut text = String::new();
    for t in &counts {
        if json {
            let line = serde_json::to_string(t).map_err(CommandError::Json)?;
            text.push_str(&line);
        } else {
            text.push_str(&format!("{:>width$}  {}", t.count, t.tag));
        }
        text.push('\n');
    }
    write_out(out, &text)?;
    Ok(if counts.is_empty() { 1 } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{ArticleId, Draft};

    fn article(n: u64, tags: &[&str]) -> Article {
        let draft = Draft {
            title: format!("a{n}"),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Draft::default()
        };
        Article::new(ArticleId(n), format!("a{n}.md").into(), draft)
    }

    fn counted(articles: &[Article]) -> Vec<(String, usize)> {
        count_tags(articles, &State::default())
            .into_iter()
            .map(|t| (t.tag, t.count))
            .collect()
    }

    #[test]
    fn spellings_of_one_tag_count_together_under_the_most_common() {
        let articles = [
            article(1, &["rust", "Go"]),
            article(2, &["Rust", "rust"]),
            article(3, &["rust"]),
            article(4, &["go", " "]),
        ];
        assert_eq!(
            counted(&articles),
            [("rust".to_string(), 3), ("Go".to_string(), 2)]
        );
    }

    #[test]
    fn equal_counts_go_a_to_z_ignoring_case() {
        let articles = [
            article(1, &["beta", "Alpha", "gamma"]),
            article(2, &["Gamma"]),
        ];
        assert_eq!(
            counted(&articles),
            [
                ("Gamma".to_string(), 2),
                ("Alpha".to_string(), 1),
                ("beta".to_string(), 1)
            ]
        );
    }
}
