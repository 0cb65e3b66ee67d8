//! All loaded articles, shared (`Arc`) with the search index, with an id index and the
//! order they arrived in, which is also their `DocId` in the index. Duplicates
//! (byte-identical files) are merged here. No I/O and no terminal.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::article::{Article, ArticleId};
use crate::loader::{Problem, ProblemKind};

#[derive(Default, Debug)]
pub struct Library {
    articles: Vec<Arc<Article>>,
    by_id: HashMap<ArticleId, usize>,
}

/// What became of a batch: which of its articles were kept (in batch order), the kept
/// ones, and the duplicates dropped.
pub struct Added {
    pub keep: Vec<bool>,
    pub articles: Vec<Arc<Article>>,
    pub duplicates: Vec<Problem>,
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
    /// merged into the first and reported as duplicates.
    pub fn add(&mut self, batch: Vec<Article>) -> Added {
        let mut added = Added {
            keep: Vec::with_capacity(batch.len()),
            articles: Vec::with_capacity(batch.len()),
            duplicates: Vec::new(),
        };
        for article in batch {
            if let Some(&existing) = self.by_id.get(&article.id) {
                added.keep.push(false);
                added.duplicates.push(Problem {
                    path: article.path,
                    kind: ProblemKind::Duplicate,
                    reason: format!("same content as {}", self.articles[existing].display_path()),
                });
                continue;
            }
            added.keep.push(true);
            self.by_id.insert(article.id, self.articles.len());
            let article = Arc::new(article);
            added.articles.push(article.clone());
            self.articles.push(article);
        }
        added
    }

    /// All articles, in the order they were added (their `DocId`s).
    pub fn articles(&self) -> &[Arc<Article>] {
        &self.articles
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<&Article> {
        self.articles.get(index).map(|a| &**a)
    }

    pub fn index_of(&self, id: ArticleId) -> Option<usize> {
        self.by_id.get(&id).copied()
    }

    pub fn by_id(&self, id: ArticleId) -> Option<&Article> {
        self.index_of(id).and_then(|i| self.get(i))
    }

    /// Finds an article by id, or by the path it was loaded from.
    pub fn find(&self, key: &str) -> Option<&Article> {
        if let Ok(id) = key.parse::<ArticleId>()
            && let Some(article) = self.by_id(id)
        {
            return Some(article);
        }
        let path = PathBuf::from(key);
        self.articles.iter().find(|a| a.path == path).map(|a| &**a)
    }
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
    fn duplicates_are_merged_and_reported() {
        let mut lib = Library::from_articles(vec![article(1, "A", None)]);
        let mut copy = article(1, "A", None);
        copy.path = PathBuf::from("copy.txt");
        let added = lib.add(vec![copy, article(2, "B", None)]);
        assert_eq!(lib.len(), 2);
        assert_eq!(added.keep, vec![false, true]);
        assert_eq!(added.articles.len(), 1);
        assert_eq!(
            added.duplicates[0].to_string(),
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
