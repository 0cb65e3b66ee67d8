//! All loaded articles, shared (`Arc`) with the search index, with an id index and the
//! order they arrived in, which is also their `DocId` in the index. Duplicates
//! (byte-identical files) are merged here. Files that change or go while the reader
//! runs are dropped here too (`replace`): a dropped article keeps its number as a
//! tombstone, so the numbers of the others never move. No I/O and no terminal.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::article::{Article, ArticleId};
use crate::report::{Problem, ProblemKind};

mod cache_job;
mod index_change;
mod links;
mod load;
mod warm;

pub use cache_job::{READ_AGAIN, cache_job, worth_writing};
pub use index_change::{IndexChange, segments};

pub use load::{
    CacheUse, LoadEvent, LoadOptions, LoadReport, Refresh, Source, THREADS_PER_CORE, load,
    load_library, load_library_indexed,
};

#[derive(Default, Debug)]
pub struct Library {
    articles: Vec<Arc<Article>>,
    by_id: rustc_hash::FxHashMap<ArticleId, usize>,
    /// Numbers of the articles dropped (tombstones); their slots hold `tombstone`.
    removed: HashSet<usize>,
    /// Live articles by the file they came from; built at the first `replace`.
    by_path: Option<HashMap<PathBuf, Vec<usize>>>,
    /// Duplicates held back, by the id of the article they copy, to take its place
    /// should its file go.
    copies: HashMap<ArticleId, Vec<Article>>,
    tombstone: Option<Arc<Article>>,
    /// Saved links and the pages that supersede them.
    links: links::Links,
}

/// What became of a batch: which of its articles were kept (in batch order), the kept
/// ones, and the duplicates dropped.
pub struct Added {
    /// The number of the first article kept (the library's length before).
    pub first: usize,
    pub keep: Vec<bool>,
    pub articles: Vec<Arc<Article>>,
    pub duplicates: Vec<Problem>,
}

/// What became of a change (`Library::replace`).
pub struct Replaced {
    /// The numbers of the articles dropped.
    pub removed: Vec<usize>,
    /// What became of the new articles, in the order given.
    pub added: Added,
    /// Held-back duplicates that took the place of articles whose file went, added
    /// after `added`'s articles.
    pub promoted: Vec<Arc<Article>>,
    /// Files of one article whose article changed: (the old id, the new id).
    pub successors: Vec<(ArticleId, ArticleId)>,
    /// Files that gave articles and had none before, files whose articles changed,
    /// files whose articles are all gone.
    pub files_added: usize,
    pub files_changed: usize,
    pub files_removed: usize,
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
    /// The articles come as parsed (`Article`) or shared already (`Arc<Article>`, as
    /// the library cache hands them over, made on the loader's threads).
    pub fn add<A: Into<Arc<Article>>>(&mut self, batch: Vec<A>) -> Added {
        let mut added = Added {
            first: self.articles.len(),
            keep: Vec::with_capacity(batch.len()),
            articles: Vec::with_capacity(batch.len()),
            duplicates: Vec::new(),
        };
        self.articles.reserve(batch.len());
        self.by_id.reserve(batch.len());
        for article in batch {
            let article: Arc<Article> = article.into();
            if let Some(&existing) = self.by_id.get(&article.id) {
                added.keep.push(false);
                added.duplicates.push(Problem {
                    path: article.path.clone(),
                    kind: ProblemKind::Duplicate,
                    reason: format!("same content as {}", self.articles[existing].display_path()),
                });
                let id = article.id;
                self.copies
                    .entry(id)
                    .or_default()
                    .push(Arc::unwrap_or_clone(article));
                continue;
            }
            added.keep.push(true);
            added.articles.push(self.push(article));
        }
        added
    }

    fn push(&mut self, article: Arc<Article>) -> Arc<Article> {
        let doc = self.articles.len();
        let live = self
            .articles
            .iter()
            .enumerate()
            .filter(|(d, _)| !self.removed.contains(d))
            .map(|(_, a)| &**a);
        self.links.added(doc, &article, live);
        self.by_id.insert(article.id, doc);
        if let Some(by_path) = &mut self.by_path {
            by_path.entry(article.path.clone()).or_default().push(doc);
        }
        self.articles.push(article.clone());
        article
    }

    /// Applies a change on disk: drops the articles of the files `read` anew and of
    /// every other file at or under the paths `gone`, then adds `batch` (the articles
    /// of the files read). A file read anew whose articles are all equal to the ones it had
    /// is left as it is (its articles in `batch` are not kept). A held-back duplicate
    /// of an article dropped for good takes its place.
    pub fn replace(&mut self, gone: &[PathBuf], read: &[PathBuf], batch: Vec<Article>) -> Replaced {
        let mut by_path = self.by_path.take().unwrap_or_else(|| self.paths());
        let mut new_by_path: HashMap<&Path, Vec<&Article>> = HashMap::new();
        for article in &batch {
            new_by_path.entry(&article.path).or_default().push(article);
        }
        let unchanged: HashSet<PathBuf> = read
            .iter()
            .filter(|path| {
                let old = by_path.get(*path).map_or(&[][..], Vec::as_slice);
                let new = new_by_path
                    .get(path.as_path())
                    .map_or(&[][..], Vec::as_slice);
                !old.is_empty()
                    && old.len() == new.len()
                    && old.iter().zip(new).all(|(&d, a)| *self.articles[d] == **a)
            })
            .cloned()
            .collect();
        // A file of one article that now holds another: the new one is its successor.
        let successors: Vec<(ArticleId, ArticleId)> = read
            .iter()
            .filter(|path| !unchanged.contains(*path))
            .filter_map(|path| {
                match (
                    by_path.get(path).map(Vec::as_slice),
                    new_by_path.get(path.as_path()).map(Vec::as_slice),
                ) {
                    (Some(&[old]), Some(&[new])) if self.articles[old].id != new.id => {
                        Some((self.articles[old].id, new.id))
                    }
                    _ => None,
                }
            })
            .collect();
        drop(new_by_path);
        let mut doomed: Vec<usize> = Vec::new();
        for path in read.iter().filter(|p| !unchanged.contains(*p)) {
            doomed.extend(by_path.remove(path).unwrap_or_default());
        }
        let read_set: HashSet<&PathBuf> = read.iter().collect();
        // The files under a folder that went, found in the paths in order (those under
        // a folder follow it there); sorted once, at the first folder.
        let mut sorted: Option<Vec<PathBuf>> = None;
        for path in gone {
            let keys: Vec<PathBuf> = if by_path.contains_key(path) {
                vec![path.clone()]
            } else {
                let sorted = sorted.get_or_insert_with(|| {
                    let mut keys: Vec<PathBuf> = by_path.keys().cloned().collect();
                    keys.sort_unstable();
                    keys
                });
                let start = sorted.partition_point(|k| k.as_path() < path.as_path());
                sorted[start..]
                    .iter()
                    .take_while(|k| k.starts_with(path))
                    .cloned()
                    .collect()
            };
            for key in keys.iter().filter(|k| !read_set.contains(k)) {
                doomed.extend(by_path.remove(key).unwrap_or_default());
            }
        }
        self.by_path = Some(by_path);
        let gone_set: HashSet<&Path> = gone.iter().map(PathBuf::as_path).collect();
        let dropped_copy = |a: &Article| {
            read_set.contains(&a.path) || a.path.ancestors().any(|p| gone_set.contains(p))
        };
        for copies in self.copies.values_mut() {
            copies.retain(|a| !dropped_copy(a));
        }
        self.copies.retain(|_, copies| !copies.is_empty());

        let mut old_paths: HashSet<PathBuf> = HashSet::new();
        let mut orphans: Vec<ArticleId> = Vec::new();
        doomed.sort_unstable();
        doomed.dedup();
        for &doc in &doomed {
            let tombstone = self.tombstone();
            let article = std::mem::replace(&mut self.articles[doc], tombstone);
            self.links.removed(doc, &article);
            self.removed.insert(doc);
            if self.by_id.get(&article.id) == Some(&doc) {
                self.by_id.remove(&article.id);
                orphans.push(article.id);
            }
            old_paths.insert(article.path.clone());
        }

        let mut fresh = Vec::with_capacity(batch.len());
        let mut skip = Vec::with_capacity(batch.len());
        for article in batch {
            let same = unchanged.contains(&article.path);
            skip.push(same);
            if !same {
                fresh.push(article);
            }
        }
        let mut added = self.add(fresh);
        // The unchanged files' articles stay in the batch's order, as not kept.
        let fresh_keep = std::mem::take(&mut added.keep);
        let mut fresh_keep = fresh_keep.into_iter();
        added.keep = skip
            .iter()
            .map(|&same| !same && fresh_keep.next().unwrap_or(false))
            .collect();

        let mut promoted = Vec::new();
        for id in orphans {
            if self.by_id.contains_key(&id) {
                continue;
            }
            let Some(copies) = self.copies.get_mut(&id) else {
                continue;
            };
            let first = copies.remove(0);
            if copies.is_empty() {
                self.copies.remove(&id);
            }
            promoted.push(self.push(Arc::new(first)));
        }

        let new_paths: HashSet<&Path> = added
            .articles
            .iter()
            .chain(&promoted)
            .map(|a| a.path.as_path())
            .collect();
        let files_changed = new_paths.iter().filter(|p| old_paths.contains(**p)).count();
        Replaced {
            files_added: new_paths.len() - files_changed,
            files_changed,
            files_removed: old_paths.len() - files_changed,
            removed: doomed,
            added,
            promoted,
            successors,
        }
    }

    /// Whether article `doc` is a saved link whose page is in the library too (the
    /// list shows the page in its place).
    pub fn is_superseded(&self, doc: usize) -> bool {
        self.links.superseded.contains(&doc)
    }

    /// Live articles by path.
    fn paths(&self) -> HashMap<PathBuf, Vec<usize>> {
        let mut by_path: HashMap<PathBuf, Vec<usize>> = HashMap::new();
        for (doc, article) in self.articles.iter().enumerate() {
            if !self.removed.contains(&doc) {
                by_path.entry(article.path.clone()).or_default().push(doc);
            }
        }
        by_path
    }

    /// What a dropped article's slot holds: nothing, so its memory is given back.
    fn tombstone(&mut self) -> Arc<Article> {
        self.tombstone
            .get_or_insert_with(|| {
                Arc::new(Article::new(
                    ArticleId(0),
                    PathBuf::new(),
                    crate::article::Draft::default(),
                ))
            })
            .clone()
    }

    /// All articles, in the order they were added (their `DocId`s), dropped ones
    /// included as empty tombstones (see `is_live`).
    pub fn articles(&self) -> &[Arc<Article>] {
        &self.articles
    }

    /// The duplicates held back (see `add`), to keep with the library in the cache.
    pub fn held_back(&self) -> impl Iterator<Item = &Article> {
        self.copies.values().flatten()
    }

    /// Whether article `index` is there and was not dropped.
    pub fn is_live(&self, index: usize) -> bool {
        index < self.articles.len() && !self.removed.contains(&index)
    }

    /// The articles there, dropped ones not counted.
    pub fn len(&self) -> usize {
        self.articles.len() - self.removed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Article `index`, unless it was dropped.
    pub fn get(&self, index: usize) -> Option<&Article> {
        self.articles
            .get(index)
            .filter(|_| !self.removed.contains(&index))
            .map(|a| &**a)
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
        (0..self.articles.len())
            .filter_map(|i| self.get(i))
            .find(|a| a.path == path)
    }

    /// The first live article of the file at `path`, if any.
    pub fn index_of_path(&self, path: &Path) -> Option<usize> {
        match &self.by_path {
            Some(by_path) => by_path.get(path).and_then(|docs| docs.first().copied()),
            None => (0..self.articles.len()).find(|&i| self.get(i).is_some_and(|a| a.path == path)),
        }
    }
}

/// Files added, changed or removed, in the form the library takes them.
#[derive(Debug, Default)]
pub struct Changes {
    /// Paths gone, and folders looked at whole: the articles of every file at or
    /// under them go, except those of the files in `read`.
    pub gone: Vec<PathBuf>,
    /// Files read anew (added or changed): their articles replace the ones they had.
    pub read: Vec<PathBuf>,
    /// The articles of the files read, file by file in path order.
    pub articles: Vec<Article>,
    /// What went wrong with the files read or looked at.
    pub problems: Vec<Problem>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.gone.is_empty() && self.read.is_empty() && self.problems.is_empty()
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

    fn at(id: u64, path: &str) -> Article {
        let mut a = article(id, &format!("T{id}"), None);
        a.path = PathBuf::from(path);
        a
    }

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn a_removed_file_is_gone_and_may_come_back() {
        let mut lib = Library::from_articles(vec![at(1, "a.txt"), at(2, "b.txt")]);
        let r = lib.replace(&paths(&["a.txt"]), &[], Vec::new());
        assert_eq!(r.removed, vec![0]);
        assert_eq!((r.files_added, r.files_changed, r.files_removed), (0, 0, 1));
        assert_eq!(lib.len(), 1);
        assert!(lib.get(0).is_none() && !lib.is_live(0));
        assert!(lib.by_id(ArticleId(1)).is_none());
        assert!(lib.find("a.txt").is_none());
        // The same bytes again are a new article, not a duplicate of the dead one.
        let r = lib.replace(&[], &paths(&["a2.txt"]), vec![at(1, "a2.txt")]);
        assert_eq!(r.added.keep, vec![true]);
        assert!(r.added.duplicates.is_empty());
        assert_eq!(lib.index_of(ArticleId(1)), Some(2));
        assert_eq!(lib.len(), 2);
    }

    #[test]
    fn a_changed_file_is_its_old_articles_out_and_its_new_ones_in() {
        let mut lib = Library::from_articles(vec![at(1, "feed.xml"), at(2, "feed.xml")]);
        let r = lib.replace(
            &[],
            &paths(&["feed.xml"]),
            vec![at(2, "feed.xml"), at(3, "feed.xml")],
        );
        assert_eq!(r.removed, vec![0, 1]);
        assert_eq!(r.added.keep, vec![true, true]);
        assert_eq!((r.files_added, r.files_changed, r.files_removed), (0, 1, 0));
        assert_eq!(lib.index_of(ArticleId(2)), Some(2), "an entry keeps its id");
        assert_eq!(lib.index_of_path(Path::new("feed.xml")), Some(2));
        assert_eq!(lib.len(), 2);
        // Read again as it is: nothing moves.
        let r = lib.replace(
            &[],
            &paths(&["feed.xml"]),
            vec![at(2, "feed.xml"), at(3, "feed.xml")],
        );
        assert!(r.removed.is_empty());
        assert_eq!(r.added.keep, vec![false, false]);
        assert_eq!((r.files_added, r.files_changed, r.files_removed), (0, 0, 0));
    }

    #[test]
    fn a_folder_gone_takes_everything_under_it_but_the_files_read_anew() {
        let mut lib = Library::from_articles(vec![
            at(1, "news/a.txt"),
            at(2, "news/old/b.txt"),
            at(3, "newsroom.txt"),
        ]);
        let r = lib.replace(
            &paths(&["news"]),
            &paths(&["news/a.txt"]),
            vec![at(1, "news/a.txt")],
        );
        assert_eq!(
            r.removed,
            vec![1],
            "a.txt is unchanged, newsroom.txt not under news"
        );
        assert_eq!(lib.len(), 2);
    }

    #[test]
    fn a_held_back_duplicate_takes_the_place_of_an_original_that_goes() {
        let mut lib = Library::from_articles(vec![at(1, "a.txt"), at(1, "copy.txt")]);
        assert_eq!(lib.len(), 1);
        let r = lib.replace(&paths(&["a.txt"]), &[], Vec::new());
        assert_eq!(r.removed, vec![0]);
        assert_eq!(r.promoted.len(), 1);
        assert_eq!(r.promoted[0].path, PathBuf::from("copy.txt"));
        assert_eq!(lib.index_of(ArticleId(1)), Some(1));
        assert_eq!((r.files_added, r.files_removed), (1, 1));
        // A copy whose file went is not held back any more.
        let mut lib = Library::from_articles(vec![at(1, "a.txt"), at(1, "copy.txt")]);
        lib.replace(&paths(&["copy.txt"]), &[], Vec::new());
        let r = lib.replace(&paths(&["a.txt"]), &[], Vec::new());
        assert!(r.promoted.is_empty());
        assert!(lib.is_empty());
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
