//! All loaded articles plus what the queries need: an id index, the display order
//! (newest first) and a lowercased haystack per article for matching.
//! No I/O and no terminal: the loader fills it, queries and the app read it.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::article::{Article, ArticleId};
use crate::loader::{Problem, ProblemKind};

#[derive(Default, Debug)]
pub struct Library {
    articles: Vec<Article>,
    by_id: HashMap<ArticleId, usize>,
    /// Lowercased title, subtitle, author, source and body, per article.
    haystacks: Vec<String>,
    /// Article indices, newest first (undated last), then by title.
    order: Vec<usize>,
}

impl Library {
    pub fn new() -> Self {
        Library::default()
    }

    pub fn from_articles(articles: Vec<Article>) -> Self {
        let mut library = Library::new();
        library.add(articles);
        library
    }

    /// Adds a batch. Articles whose id is already here (byte-identical files) are
    /// merged into the first and returned as duplicate problems.
    pub fn add(&mut self, batch: Vec<Article>) -> Vec<Problem> {
        let mut duplicates = Vec::new();
        for article in batch {
            if let Some(&existing) = self.by_id.get(&article.id) {
                duplicates.push(Problem {
                    path: article.path,
                    kind: ProblemKind::Duplicate,
                    reason: format!("same content as {}", self.articles[existing].display_path()),
                });
                continue;
            }
            let index = self.articles.len();
            self.by_id.insert(article.id, index);
            self.haystacks.push(haystack(&article));
            self.articles.push(article);
            self.order.push(index);
        }
        let articles = &self.articles;
        self.order.sort_by(|&a, &b| {
            let (a, b) = (&articles[a], &articles[b]);
            b.date
                .cmp(&a.date)
                .then_with(|| a.title.cmp(&b.title))
                .then_with(|| a.path.cmp(&b.path))
        });
        duplicates
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&Article> {
        self.articles.get(index)
    }

    pub fn index_of(&self, id: ArticleId) -> Option<usize> {
        self.by_id.get(&id).copied()
    }

    pub fn by_id(&self, id: ArticleId) -> Option<&Article> {
        self.index_of(id).and_then(|i| self.articles.get(i))
    }

    /// Article indices in display order.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    pub fn haystack(&self, index: usize) -> &str {
        self.haystacks.get(index).map_or("", String::as_str)
    }

    /// Finds an article by id, or by the path it was loaded from.
    pub fn find(&self, key: &str) -> Option<&Article> {
        if let Ok(id) = key.parse::<ArticleId>()
            && let Some(article) = self.by_id(id)
        {
            return Some(article);
        }
        let path = PathBuf::from(key);
        self.articles.iter().find(|a| a.path == path)
    }
}

fn haystack(article: &Article) -> String {
    let mut text = String::with_capacity(article.title.len() + 64);
    for part in [
        Some(article.title.as_str()),
        article.subtitle.as_deref(),
        article.author.as_deref(),
        article.source.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        text.push_str(part);
        text.push('\n');
    }
    text.push_str(&article.plain_body());
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Block, Draft};
    use chrono::NaiveDate;

    fn article(id: u64, title: &str, date: Option<(i32, u32, u32)>) -> Article {
        let draft = Draft {
            title: title.into(),
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            body: vec![Block::Paragraph("Body".into())],
            ..Draft::default()
        };
        Article::new(ArticleId(id), PathBuf::from(format!("{id}.txt")), draft)
    }

    #[test]
    fn newest_first_then_undated_then_title() {
        let lib = Library::from_articles(vec![
            article(1, "Old", Some((2020, 1, 1))),
            article(2, "Undated", None),
            article(3, "New", Some((2024, 5, 1))),
            article(4, "Also new", Some((2024, 5, 1))),
        ]);
        let titles: Vec<&str> = lib
            .order()
            .iter()
            .map(|&i| lib.get(i).unwrap().title.as_str())
            .collect();
        assert_eq!(titles, vec!["Also new", "New", "Old", "Undated"]);
    }

    #[test]
    fn duplicates_are_merged_and_reported() {
        let mut lib = Library::from_articles(vec![article(1, "A", None)]);
        let mut copy = article(1, "A", None);
        copy.path = PathBuf::from("copy.txt");
        let dups = lib.add(vec![copy]);
        assert_eq!(lib.len(), 1);
        assert_eq!(
            dups[0].to_string(),
            "copy.txt: duplicate: same content as 1.txt"
        );
    }

    #[test]
    fn find_by_id_or_path() {
        let lib = Library::from_articles(vec![article(0xabc, "A", None)]);
        assert_eq!(
            lib.find("0000000000000abc").map(|a| a.title.as_str()),
            Some("A")
        );
        assert_eq!(lib.find("2748.txt").map(|a| a.title.as_str()), Some("A"));
        assert!(lib.find("nothing").is_none());
    }
}
