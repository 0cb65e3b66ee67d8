//! What the search index must do to follow the library, as data. The library numbers
//! the articles (a `DocId` is a place in the library); every change it takes gives the
//! index changes that keep the index's numbers the same as its own. The app hands them
//! on as effects, the runner forwards them to the search thread, which applies them in
//! order (`IndexChange::apply`). Nobody replays the library's steps to keep the two in step.

use std::sync::Arc;

use super::{Added, Replaced};
use crate::article::Article;
use crate::index::{DocId, Index, Segment};

/// One change for the index.
pub enum IndexChange {
    /// A batch, numbered from `first` on: the segment built from all its articles
    /// (when built already, off the UI thread), which of them the library kept, and
    /// the kept ones, in order. Without a segment the index builds one from `articles`.
    Append {
        first: DocId,
        segment: Option<Box<Segment>>,
        keep: Vec<bool>,
        articles: Vec<Arc<Article>>,
    },
    /// Articles dropped (files changed or gone); their numbers stay taken.
    Remove(Vec<DocId>),
    /// The articles from the library cache, numbered from 0, with the cache's index
    /// of them when it had one (used if it fits them, else they are indexed anew).
    Restore {
        index: Option<Box<Index>>,
        articles: Vec<Arc<Article>>,
    },
    /// The library is whole: the index may give back the room it grew into.
    Shrink,
}

impl IndexChange {
    /// Applies this change of the library to its index. The library numbered the
    /// batch (`first`); an index that does not stand at that number has missed a
    /// change, which is a bug: in a debug build it stops here.
    pub fn apply(self, index: &mut Index) {
        match self {
            IndexChange::Append {
                first,
                segment,
                keep,
                articles,
            } => {
                debug_assert_eq!(index.slots(), first as usize, "the index missed a change");
                match segment {
                    Some(segment) => index.append(*segment, &keep, articles),
                    None => append_built(index, articles),
                }
            }
            IndexChange::Remove(docs) => index.remove(&docs),
            IndexChange::Restore {
                index: cached,
                articles,
            } => restore(index, cached, articles),
            IndexChange::Shrink => index.shrink(),
        }
    }
}

/// The index segments of a change's articles, in order, a few hundred articles each,
/// built in parallel.
pub fn segments(articles: &[Article]) -> Vec<Segment> {
    use rayon::prelude::*;
    articles
        .par_chunks(crate::index::SEGMENT)
        .map(Segment::build)
        .collect()
}

/// Appends articles whose segment was not built yet, a segment's worth at a time.
fn append_built(index: &mut Index, articles: Vec<Arc<Article>>) {
    for chunk in articles.chunks(crate::index::SEGMENT) {
        index.append(
            Segment::build(chunk),
            &vec![true; chunk.len()],
            chunk.to_vec(),
        );
    }
}

/// Restoring the cache's articles: the cache's index if it fits them, else the
/// articles indexed as a batch.
fn restore(index: &mut Index, cached: Option<Box<Index>>, articles: Vec<Arc<Article>>) {
    if index.slots() == 0
        && let Some(mut cached) = cached
        && cached.attach(articles.clone())
    {
        *index = *cached;
        return;
    }
    append_built(index, articles);
}

impl std::fmt::Debug for IndexChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndexChange::Append {
                first, articles, ..
            } => write!(f, "Append({} from {first})", articles.len()),
            IndexChange::Remove(docs) => write!(f, "Remove({docs:?})"),
            IndexChange::Restore { index, articles } => {
                let with = if index.is_some() {
                    " with its index"
                } else {
                    ""
                };
                write!(f, "Restore({}{with})", articles.len())
            }
            IndexChange::Shrink => write!(f, "Shrink"),
        }
    }
}

impl Added {
    /// The index change for this batch, given its segment if one was built.
    pub fn index_change(&self, segment: Option<Box<Segment>>) -> IndexChange {
        IndexChange::Append {
            first: self.first as DocId,
            segment,
            keep: self.keep.clone(),
            articles: self.articles.clone(),
        }
    }
}

impl Replaced {
    /// The index changes for this change: the dropped articles out, the new ones in
    /// (with `segments`, those of the change's articles in order, as built off the UI
    /// thread: a few hundred articles each), then the duplicates promoted.
    pub fn index_changes(&self, segments: Vec<Segment>) -> Vec<IndexChange> {
        let mut changes = Vec::new();
        if !self.removed.is_empty() {
            changes.push(IndexChange::Remove(
                self.removed.iter().map(|&d| d as DocId).collect(),
            ));
        }
        let mut first = self.added.first;
        let mut keep = self.added.keep.iter().copied();
        let mut kept = self.added.articles.iter().cloned();
        for segment in segments {
            let keep: Vec<bool> = keep.by_ref().take(segment.len()).collect();
            let count = keep.iter().filter(|k| **k).count();
            changes.push(IndexChange::Append {
                first: first as DocId,
                segment: Some(Box::new(segment)),
                keep,
                articles: kept.by_ref().take(count).collect(),
            });
            first += count;
        }
        if !self.promoted.is_empty() {
            changes.push(IndexChange::Append {
                first: first as DocId,
                segment: None,
                keep: vec![true; self.promoted.len()],
                articles: self.promoted.clone(),
            });
        }
        changes
    }
}
