//! The inverted index: folded words to the articles holding them. The full text of an
//! article (title, subtitle, author, source, site, tags, body) is one field with term
//! counts and word positions (for phrases); title, author, source, tag and path are
//! fields of their own (documents only). A `Segment` is built from a batch of articles
//! off the UI thread; `Index::append` adds it in load order. `Index::remove` drops
//! documents (files changed or gone) as tombstones: their postings stay, and the
//! evaluation leaves them out. No I/O.

mod dict;
mod gather;
mod hash;
mod occurrence;
mod parts;
mod postings;
mod segment;
mod stream;
mod terms;
mod varint;

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use hash::hash_of;
pub use parts::{Chunk, Encoded, PartsError, decode_chunk};
pub use postings::{Dense, Entry, Postings, run};
pub use segment::Segment;
use segment::{Run, run_entries};
use terms::FieldTerms;

use crate::article::{Article, ArticleId};

/// An article's place in the index: the order articles were appended in, which is
/// also their index in the `Library`.
pub type DocId = u32;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Field {
    /// Everything, body included.
    All,
    Title,
    Author,
    /// The source URL and the site or feed name.
    Source,
    Tag,
    Path,
}

const FIELDS: [Field; 6] = [
    Field::All,
    Field::Title,
    Field::Author,
    Field::Source,
    Field::Tag,
    Field::Path,
];

/// Articles per index segment, as the loader's batches.
pub const SEGMENT: usize = 512;

/// The whole index, with the articles it was built from (for filters, sorting and
/// checks that need the text: case-sensitive words, phrases in short fields).
#[derive(Default)]
pub struct Index {
    fields: HashMap<Field, FieldTerms>,
    lengths: Vec<u32>,
    total_length: u64,
    articles: Vec<Arc<Article>>,
    by_id: rustc_hash::FxHashMap<ArticleId, DocId>,
    /// Documents newest first (undated last, then by title), rebuilt when stale.
    by_date: Vec<DocId>,
    /// Documents below this are in `by_date` (unless removed).
    dated: usize,
    /// The order key (`order_key`) of each of `by_date`'s documents, beside it, so
    /// that merging new documents in compares them without reading each document's
    /// article; empty (made again when needed) when out of step with it, and once the
    /// library is whole.
    date_keys: Vec<u128>,
    /// Each document's place in `by_date` (`u32::MAX` if removed); empty until asked
    /// for, and again whenever `by_date` changes.
    ranks: Vec<u32>,
    /// Documents removed (tombstones): left out of every answer.
    removed: FxHashSet<DocId>,
    tombstone: Option<Arc<Article>>,
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// Builds an index of `articles` at once: segments built on a thread a core,
    /// appended in order on this one as they come, so that appending (about a seventh
    /// of the work, on one thread) is done while later segments are built, not after
    /// them all with the other cores idle.
    pub fn from_articles(articles: &[Arc<Article>]) -> Index {
        let chunks: Vec<&[Arc<Article>]> = articles.chunks(SEGMENT).collect();
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(chunks.len());
        let next = std::sync::atomic::AtomicUsize::new(0);
        let build = |tx: std::sync::mpsc::Sender<(usize, Segment)>| {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(chunk) = chunks.get(i) else { break };
                if tx.send((i, Segment::build(chunk))).is_err() {
                    break;
                }
            }
        };
        let mut index = Index::new();
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::channel();
            for _ in 0..threads {
                let tx = tx.clone();
                let spawned = std::thread::Builder::new()
                    .name("index".into())
                    .spawn_scoped(scope, || build(tx));
                if spawned.is_err() {
                    // No thread to be had: what is left is built here (below).
                    break;
                }
            }
            drop(tx);
            let mut waiting = std::collections::BTreeMap::new();
            let mut appended = 0;
            let append = |index: &mut Index, segment: Segment, at: usize| {
                if let Some(chunk) = chunks.get(at) {
                    index.append(segment, &vec![true; chunk.len()], chunk.to_vec());
                }
            };
            for (i, segment) in rx {
                waiting.insert(i, segment);
                while let Some(segment) = waiting.remove(&appended) {
                    append(&mut index, segment, appended);
                    appended += 1;
                }
            }
            // Built here: whatever no thread took (none could be started).
            while let Some(chunk) = chunks.get(appended) {
                let segment = waiting
                    .remove(&appended)
                    .unwrap_or_else(|| Segment::build(chunk));
                append(&mut index, segment, appended);
                appended += 1;
            }
        });
        index.shrink();
        index
    }

    /// Appends a segment. `keep[i]` says whether the segment's i-th article was kept
    /// (the library drops duplicates); `articles` are the kept ones, in order.
    pub fn append(&mut self, segment: Segment, keep: &[bool], articles: Vec<Arc<Article>>) {
        let base = self.articles.len() as DocId;
        let mut next = base;
        let doc_of: Vec<Option<DocId>> = (0..segment.lengths.len())
            .map(|i| {
                keep.get(i).copied().unwrap_or(false).then(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        for (local, &length) in segment.lengths.iter().enumerate() {
            if doc_of[local].is_some() {
                self.lengths.push(length);
                self.total_length += u64::from(length);
            }
        }
        for article in articles {
            self.by_id.insert(article.id, self.articles.len() as DocId);
            self.articles.push(article);
        }
        // Every article kept (the usual case): document numbers are the segment's
        // shifted by `base`, so each run's bytes are copied after renumbering its
        // first entry. Otherwise each entry is renumbered, dropped ones left out.
        let all_kept = doc_of
            .iter()
            .enumerate()
            .all(|(i, doc)| *doc == Some(base + i as DocId));
        let (mut docs_at, mut positions_at) = (0, 0);
        let mut runs = segment.runs.iter().peekable();
        while let Some(&&Run { field, .. }) = runs.peek() {
            let terms = self.fields.entry(field).or_default();
            while let Some(run) = runs.next_if(|r| r.field == field) {
                let docs = segment.docs.get(docs_at..run.docs_end).unwrap_or_default();
                let positions = segment
                    .positions
                    .get(positions_at..run.positions_end)
                    .unwrap_or_default();
                (docs_at, positions_at) = (run.docs_end, run.positions_end);
                let Some((text, hash)) = segment.term(run.term) else {
                    continue;
                };
                if all_kept {
                    if let Some(postings) = terms.postings_mut(text, hash) {
                        postings.append_run(docs, positions, run.count, base, base + run.last);
                    }
                    continue;
                }
                let with_positions = field == Field::All;
                let kept = |&(local, _, _): &(u32, u32, &[u8])| {
                    doc_of.get(local as usize).copied().flatten()
                };
                if run_entries(docs, positions, with_positions).any(|e| kept(&e).is_some())
                    && let Some(postings) = terms.postings_mut(text, hash)
                {
                    for entry in run_entries(docs, positions, with_positions) {
                        if let Some(doc) = kept(&entry) {
                            postings.push_entry(doc, entry.1, entry.2);
                        }
                    }
                }
            }
        }
    }

    /// Gives back the room the postings grew into; call once loading is done.
    pub fn shrink(&mut self) {
        for field in self.fields.values_mut() {
            field.postings.iter_mut().for_each(Postings::shrink);
            field.postings.shrink_to_fit();
            field.terms.shrink_to_fit();
        }
        self.lengths.shrink_to_fit();
        self.articles.shrink_to_fit();
        // Made again if documents come (the watch's, a few at a time).
        self.date_keys = Vec::new();
    }

    /// Removes documents: they stay numbered, and are left out of every answer from
    /// now on; their articles are let go.
    pub fn remove(&mut self, docs: &[DocId]) {
        for &doc in docs {
            if doc as usize >= self.articles.len() || !self.removed.insert(doc) {
                continue;
            }
            self.total_length -= u64::from(self.length(doc));
            let tombstone = self
                .tombstone
                .get_or_insert_with(|| {
                    Arc::new(Article::new(
                        ArticleId(0),
                        Default::default(),
                        Default::default(),
                    ))
                })
                .clone();
            let article = std::mem::replace(&mut self.articles[doc as usize], tombstone);
            if self.by_id.get(&article.id) == Some(&doc) {
                self.by_id.remove(&article.id);
            }
        }
        let removed = &self.removed;
        self.by_date.retain(|d| !removed.contains(d));
        self.date_keys = Vec::new();
        self.ranks = Vec::new();
    }

    /// Documents there, removed ones not counted.
    pub fn len(&self) -> usize {
        self.articles.len() - self.removed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One more than the highest document number: the size of a set of documents.
    pub fn slots(&self) -> usize {
        self.articles.len()
    }

    /// The documents removed.
    pub fn removed(&self) -> impl Iterator<Item = DocId> + '_ {
        self.removed.iter().copied()
    }

    /// A document's article, unless it was removed.
    pub fn article(&self, doc: DocId) -> Option<&Arc<Article>> {
        self.articles
            .get(doc as usize)
            .filter(|_| !self.removed.contains(&doc))
    }

    pub fn doc_of(&self, id: ArticleId) -> Option<DocId> {
        self.by_id.get(&id).copied()
    }

    pub fn length(&self, doc: DocId) -> u32 {
        self.lengths.get(doc as usize).copied().unwrap_or(0)
    }

    /// Every document's length in words (see `length`), by document number.
    pub fn lengths(&self) -> &[u32] {
        &self.lengths
    }

    pub fn average_length(&self) -> f64 {
        if self.is_empty() {
            1.0
        } else {
            self.total_length as f64 / self.len() as f64
        }
    }

    /// The postings of one term, if any article has it.
    pub fn postings(&self, field: Field, term: &str) -> Option<&Postings> {
        let terms = self.fields.get(&field)?;
        let id = terms.id(term.as_bytes(), hash_of(term.as_bytes()))?;
        terms.postings.get(id as usize)
    }

    /// Readies the sorted term lists that prefixes need; call before searching.
    pub fn prepare(&mut self) {
        self.fields.values_mut().for_each(FieldTerms::prepare);
    }

    /// Every term of a field starting with `prefix`, with its postings.
    pub fn with_prefix<'a>(
        &'a self,
        field: Field,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a Postings)> + 'a {
        self.fields.get(&field).into_iter().flat_map(move |f| {
            let start = f
                .sorted
                .partition_point(|&id| &*f.terms[id as usize] < prefix);
            f.sorted[start..]
                .iter()
                .map(move |&id| (&*f.terms[id as usize], &f.postings[id as usize]))
                .take_while(move |(term, _)| term.starts_with(prefix))
        })
    }

    /// Documents newest first, undated last, then by title. Documents appended since
    /// the last call are sorted on their own and merged in, so a search during loading
    /// does not sort the whole library again.
    pub fn by_date(&mut self) -> &[DocId] {
        let known = self.dated;
        if known < self.articles.len() {
            self.dated = self.articles.len();
            let (articles, removed) = (&self.articles, &self.removed);
            let key = |d: DocId| order_key(&articles[d as usize]);
            // Newest first; the same day by title, then path (the articles are read
            // only when the keys tie).
            let later = |(ka, a): (u128, DocId), (kb, b): (u128, DocId)| {
                ka.cmp(&kb).then_with(|| {
                    let (a, b) = (&articles[a as usize], &articles[b as usize]);
                    a.title.cmp(&b.title).then_with(|| a.path.cmp(&b.path))
                })
            };
            if self.date_keys.len() != self.by_date.len() {
                self.date_keys = self.by_date.iter().map(|&d| key(d)).collect();
            }
            let mut fresh: Vec<(u128, DocId)> = (known as DocId..articles.len() as DocId)
                .filter(|d| !removed.contains(d))
                .map(|d| (key(d), d))
                .collect();
            fresh.sort_by(|&a, &b| later(a, b));
            // Merged in place, from the back: each new document goes in after every
            // old one not later than it (found by a binary search, so that the run of
            // undated documents, say, is not walked title by title for each batch),
            // and the old ones after it move up at once. No new list a batch.
            let (order, keys) = (&mut self.by_date, &mut self.date_keys);
            let mut end = order.len();
            order.resize(end + fresh.len(), 0);
            keys.resize(end + fresh.len(), 0);
            for (i, &(k, d)) in fresh.iter().enumerate().rev() {
                let (mut lo, mut hi) = (0, end);
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    let before = match (keys.get(mid), order.get(mid)) {
                        (Some(&km), Some(&m)) => later((km, m), (k, d)).is_le(),
                        _ => false,
                    };
                    if before {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                order.copy_within(lo..end, lo + i + 1);
                keys.copy_within(lo..end, lo + i + 1);
                if let (Some(o), Some(key)) = (order.get_mut(lo + i), keys.get_mut(lo + i)) {
                    (*o, *key) = (d, k);
                }
                end = lo;
            }
            self.ranks = Vec::new();
        }
        &self.by_date
    }

    /// Each document's place in `by_date`, by document (`u32::MAX` for a removed
    /// one): to rank matches in document order, reading both lists straight through.
    pub fn date_ranks(&mut self) -> &[u32] {
        self.by_date();
        if self.ranks.len() != self.articles.len() {
            let mut ranks = vec![u32::MAX; self.articles.len()];
            for (rank, &doc) in self.by_date.iter().enumerate() {
                if let Some(slot) = ranks.get_mut(doc as usize) {
                    *slot = rank as u32;
                }
            }
            self.ranks = ranks;
        }
        &self.ranks
    }

    /// `by_date` as it stands, if it is current (no document appended since).
    pub fn by_date_now(&self) -> Option<&[DocId]> {
        (self.dated == self.articles.len()).then_some(&self.by_date[..])
    }

    /// Memory held by the postings and the term dictionary, in bytes (an estimate).
    pub fn heap_bytes(&self) -> usize {
        let postings: usize = self
            .fields
            .values()
            .map(|f| {
                f.postings.iter().map(Postings::heap_bytes).sum::<usize>()
                    + f.postings.capacity() * std::mem::size_of::<Postings>()
                    + f.terms.iter().map(|t| t.len()).sum::<usize>()
                    + f.terms.capacity() * std::mem::size_of::<Box<str>>()
                    // A table slot per id and a control byte, at most 7/8 full.
                    + f.ids.capacity() * 8 / 7 * 5
                    + f.sorted.capacity() * 4
            })
            .sum();
        postings
            + self.lengths.capacity() * 4
            + self.by_date.capacity() * 4
            + self.date_keys.capacity() * 16
            + self.ranks.capacity() * 4
            + self.by_id.capacity() * 24
            + self.articles.capacity() * 8
            + self.removed.capacity() * 4
    }

    pub fn term_count(&self) -> usize {
        self.fields.values().map(|f| f.terms.len()).sum()
    }
}

/// An article's place in the order by date as a number, as far as its date and the
/// first 8 bytes of its title tell: newest first (undated last), then by title. Two
/// articles whose keys differ are in the order of their keys; equal keys leave it to
/// the whole title, then the path.
fn order_key(article: &Article) -> u128 {
    use chrono::Datelike;
    // Days since the common era are far above `i32::MIN`, the undated's day; the
    // sign bit flipped orders them as unsigned numbers, and inverted, newest first.
    let day = article.date.map_or(i32::MIN, |d| d.num_days_from_ce());
    let newest_first = !((day as u32) ^ 0x8000_0000);
    let mut head = [0u8; 8];
    for (to, from) in head.iter_mut().zip(article.title.as_bytes()) {
        *to = *from;
    }
    // A shorter title that is the start of a longer one sorts first, or ties (its
    // zero padding against a NUL), as the whole titles then decide.
    u128::from(newest_first) << 64 | u128::from(u64::from_be_bytes(head))
}

#[cfg(test)]
mod tests;
