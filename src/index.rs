//! The inverted index: folded words to the articles holding them. The full text of an
//! article (title, subtitle, author, source, site, tags, body) is one field with term
//! counts and word positions (for phrases); title, author, source, tag and path are
//! fields of their own (documents only). A `Segment` is built from a batch of articles
//! off the UI thread; `Index::append` adds it in load order. `Index::remove` drops
//! documents (files changed or gone) as tombstones: their postings stay, and the
//! evaluation leaves them out. No I/O.

mod parts;

use std::collections::HashMap;

pub use parts::{Chunk, Encoded, decode_chunk};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::article::{Article, ArticleId, Block};
use crate::text::{fold_into, tokens};

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

/// Positions jump this far between blocks, so a phrase never spans two of them.
const BLOCK_GAP: u32 = 8;

fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*at`, advancing it. Malformed input (never written here) ends
/// the read with what was gathered.
pub(crate) fn get_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= u32::from(b & 0x7f) << shift;
        if b < 0x80 || shift >= 28 {
            break;
        }
        shift += 7;
    }
    v
}

/// One term's postings in one field. The document stream holds, per document, the
/// gap from the previous one shifted left with a low bit set when the term occurs
/// once, and the count otherwise. For `Field::All` the positions stream holds each
/// occurrence's gap from the previous one, restarting at each document; queries that
/// need no positions never touch it.
#[derive(Default, Debug, Serialize, Deserialize)]
pub struct Postings {
    #[serde(with = "serde_bytes")]
    docs: Vec<u8>,
    #[serde(with = "serde_bytes")]
    positions: Vec<u8>,
    /// Documents holding the term.
    pub count: u32,
    last: Option<DocId>,
}

/// A decoded posting entry; `pos_at` is where its positions start (0 unless asked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub doc: DocId,
    pub tf: u32,
    pub pos_at: usize,
}

fn skip_varint(bytes: &[u8], at: &mut usize) {
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        if b < 0x80 {
            break;
        }
    }
}

impl Postings {
    fn push(&mut self, doc: DocId, positions: &[u32], with_positions: bool) {
        let gap = self.last.map_or(doc, |last| doc - last);
        self.last = Some(doc);
        self.count += 1;
        let tf = positions.len().max(1) as u32;
        if tf == 1 {
            put_varint(&mut self.docs, gap << 1 | 1);
        } else {
            put_varint(&mut self.docs, gap << 1);
            put_varint(&mut self.docs, tf);
        }
        if with_positions {
            let mut prev = 0;
            for &p in positions {
                put_varint(&mut self.positions, p - prev);
                prev = p;
            }
        }
    }

    fn decode(&self, with_positions: bool) -> impl Iterator<Item = Entry> + '_ {
        let (mut at, mut pos_at, mut doc, mut first) = (0, 0, 0u32, true);
        std::iter::from_fn(move || {
            if at >= self.docs.len() {
                return None;
            }
            let word = get_varint(&self.docs, &mut at);
            let gap = word >> 1;
            doc = if first { gap } else { doc + gap };
            first = false;
            let tf = if word & 1 == 1 {
                1
            } else {
                get_varint(&self.docs, &mut at)
            };
            let entry = Entry { doc, tf, pos_at };
            if with_positions {
                for _ in 0..tf {
                    skip_varint(&self.positions, &mut pos_at);
                }
            }
            Some(entry)
        })
    }

    /// The documents holding the term, with its count in each.
    pub fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        self.decode(false)
    }

    /// The same, with where each document's positions start (full text only).
    pub fn entries_with_positions(&self) -> impl Iterator<Item = Entry> + '_ {
        self.decode(true)
    }

    /// The positions of one entry from `entries_with_positions`.
    pub fn positions_of(&self, entry: &Entry) -> Vec<u32> {
        let mut out = Vec::with_capacity(entry.tf as usize);
        self.extend_positions(entry, &mut out);
        out
    }

    /// Appends the positions of one entry to `out`, in order.
    pub fn extend_positions(&self, entry: &Entry, out: &mut Vec<u32>) {
        let mut at = entry.pos_at;
        let mut p = 0;
        for _ in 0..entry.tf {
            p += get_varint(&self.positions, &mut at);
            out.push(p);
        }
    }

    fn shrink(&mut self) {
        self.docs.shrink_to_fit();
        self.positions.shrink_to_fit();
    }

    fn heap_bytes(&self) -> usize {
        self.docs.capacity() + self.positions.capacity()
    }
}

const FIELD_SHIFT: u32 = 61;
const TERM_SHIFT: u32 = 40;
const DOC_SHIFT: u32 = 24;
const MAX_TERMS: usize = 1 << 21;
const MAX_DOCS: usize = 1 << 16;
const MAX_POSITION: u32 = (1 << 24) - 1;

/// One occurrence, packed so that sorting groups it by field, term, document and
/// position: field 3 bits, term 21, document 16, position 24.
fn pack(field: Field, term: u32, doc: u32, position: u32) -> u64 {
    (field as u64) << FIELD_SHIFT
        | u64::from(term) << TERM_SHIFT
        | u64::from(doc) << DOC_SHIFT
        | u64::from(position.min(MAX_POSITION))
}

fn unpack(key: u64) -> (usize, u32, u32, u32) {
    (
        (key >> FIELD_SHIFT) as usize,
        ((key >> TERM_SHIFT) & (MAX_TERMS as u64 - 1)) as u32,
        ((key >> DOC_SHIFT) & (MAX_DOCS as u64 - 1)) as u32,
        (key & u64::from(MAX_POSITION)) as u32,
    )
}

/// The terms of one batch of articles, gathered off the UI thread: every occurrence
/// as a packed key, sorted, with the batch's own term dictionary.
#[derive(Default, Debug)]
pub struct Segment {
    /// Per article: its length in words (for ranking).
    lengths: Vec<u32>,
    terms: Vec<Box<str>>,
    occurrences: Vec<u64>,
}

/// Gathers a batch's occurrences.
#[derive(Default)]
struct Gatherer {
    fold: String,
    dict: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    occurrences: Vec<u64>,
}

impl Gatherer {
    /// Adds the words of `text` to `field` for article `doc`, numbering them from
    /// `*position`.
    fn add(&mut self, field: Field, doc: u32, text: &str, position: &mut u32) {
        for token in tokens(text) {
            self.fold.clear();
            fold_into(token.text(text), &mut self.fold);
            if self.fold.is_empty() {
                continue;
            }
            let term = match self.dict.get(self.fold.as_str()) {
                Some(&id) => id,
                None if self.terms.len() < MAX_TERMS => {
                    let id = self.terms.len() as u32;
                    let boxed: Box<str> = self.fold.as_str().into();
                    self.terms.push(boxed.clone());
                    self.dict.insert(boxed, id);
                    id
                }
                None => continue,
            };
            self.occurrences.push(pack(field, term, doc, *position));
            *position += 1;
        }
        *position += BLOCK_GAP;
    }

    /// Adds `text` to a field of its own and to the full text.
    fn add_both(&mut self, field: Field, doc: u32, text: &str, position: &mut u32) {
        self.add(field, doc, text, &mut 0);
        self.add(Field::All, doc, text, position);
    }

    fn article(&mut self, doc: u32, article: &Article) -> u32 {
        let mut position = 0u32;
        self.add_both(Field::Title, doc, &article.title, &mut position);
        if let Some(author) = &article.author {
            self.add_both(Field::Author, doc, author, &mut position);
        }
        for text in [&article.source, &article.site].into_iter().flatten() {
            self.add_both(Field::Source, doc, text, &mut position);
        }
        for tag in &article.tags {
            self.add_both(Field::Tag, doc, tag, &mut position);
        }
        self.add(Field::Path, doc, &article.path.to_string_lossy(), &mut 0);
        if let Some(subtitle) = &article.subtitle {
            self.add(Field::All, doc, subtitle, &mut position);
        }
        for block in &article.body {
            match block {
                Block::Heading { text, .. }
                | Block::Paragraph(text)
                | Block::Quote(text)
                | Block::Code(text) => {
                    self.add(Field::All, doc, text, &mut position);
                }
                Block::List { items, .. } => {
                    for item in items {
                        self.add(Field::All, doc, item, &mut position);
                    }
                }
                Block::Rule => {}
            }
        }
        position
    }
}

/// Orders occurrences by field and term, keeping their order within each: they were
/// gathered article by article and word by word, so each term's occurrences stay in
/// document and position order. A counting sort: linear, no comparisons.
fn group_by_term(occurrences: Vec<u64>, terms: usize) -> Vec<u64> {
    let slot = |k: u64| {
        let (field, term, _, _) = unpack(k);
        field * terms + term as usize
    };
    let mut starts = vec![0usize; FIELDS.len() * terms + 1];
    for &k in &occurrences {
        starts[slot(k) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut out = vec![0u64; occurrences.len()];
    for k in occurrences {
        let at = &mut starts[slot(k)];
        out[*at] = k;
        *at += 1;
    }
    out
}

impl Segment {
    /// Gathers the terms of up to 65,536 articles (more are left out of the index).
    pub fn build(articles: &[Article]) -> Segment {
        let mut g = Gatherer::default();
        let mut lengths = Vec::with_capacity(articles.len());
        for (doc, article) in articles.iter().take(MAX_DOCS).enumerate() {
            lengths.push(g.article(doc as u32, article));
        }
        let occurrences = group_by_term(g.occurrences, g.terms.len());
        Segment {
            lengths,
            terms: g.terms,
            occurrences,
        }
    }

    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }
}

/// One field's terms: found by hashing; in sorted order (for prefixes) once `prepare`
/// has run after the last append.
#[derive(Default)]
struct FieldTerms {
    ids: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    postings: Vec<Postings>,
    sorted: Vec<u32>,
}

impl FieldTerms {
    fn postings_mut(&mut self, term: &str) -> &mut Postings {
        let id = match self.ids.get(term) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.terms.push(term.into());
                self.ids.insert(term.into(), id);
                self.postings.push(Postings::default());
                id
            }
        };
        &mut self.postings[id as usize]
    }

    fn prepare(&mut self) {
        if self.sorted.len() != self.terms.len() {
            let terms = &self.terms;
            let mut sorted: Vec<u32> = (0..terms.len() as u32).collect();
            sorted.sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
            self.sorted = sorted;
        }
    }
}

/// The whole index, with the articles it was built from (for filters, sorting and
/// checks that need the text: case-sensitive words, phrases in short fields).
#[derive(Default)]
pub struct Index {
    fields: HashMap<Field, FieldTerms>,
    lengths: Vec<u32>,
    total_length: u64,
    articles: Vec<Arc<Article>>,
    by_id: HashMap<ArticleId, DocId>,
    /// Documents newest first (undated last, then by title), rebuilt when stale.
    by_date: Vec<DocId>,
    /// Documents below this are in `by_date` (unless removed).
    dated: usize,
    /// Documents removed (tombstones): left out of every answer.
    removed: FxHashSet<DocId>,
    tombstone: Option<Arc<Article>>,
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    /// Builds an index of `articles` at once, segments in parallel.
    pub fn from_articles(articles: &[Arc<Article>]) -> Index {
        use rayon::prelude::*;
        let segments: Vec<Segment> = articles
            .par_chunks(512)
            .map(|chunk| {
                let owned: Vec<Article> = chunk.iter().map(|a| (**a).clone()).collect();
                Segment::build(&owned)
            })
            .collect();
        let mut index = Index::new();
        for (segment, chunk) in segments.into_iter().zip(articles.chunks(512)) {
            index.append(segment, &vec![true; chunk.len()], chunk.to_vec());
        }
        index.shrink();
        index
    }

    /// Appends a segment. `keep[i]` says whether the segment's i-th article was kept
    /// (the library drops duplicates); `articles` are the kept ones, in order.
    pub fn append(&mut self, segment: Segment, keep: &[bool], articles: Vec<Arc<Article>>) {
        let mut next = self.articles.len() as DocId;
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
        // Occurrences are sorted by field, term, document, position: walk the runs.
        let occ = &segment.occurrences;
        let mut positions: Vec<u32> = Vec::new();
        let mut i = 0;
        while i < occ.len() {
            let (field_slot, term, _, _) = unpack(occ[i]);
            let run_end = i + occ[i..]
                .iter()
                .take_while(|&&k| k >> TERM_SHIFT == occ[i] >> TERM_SHIFT)
                .count();
            let field = FIELDS[field_slot.min(FIELDS.len() - 1)];
            let kept = occ[i..run_end]
                .iter()
                .any(|&k| doc_of[unpack(k).2 as usize].is_some());
            if kept && let Some(text) = segment.terms.get(term as usize) {
                let postings = self.fields.entry(field).or_default().postings_mut(text);
                let mut j = i;
                while j < run_end {
                    let (_, _, local, _) = unpack(occ[j]);
                    positions.clear();
                    while j < run_end && unpack(occ[j]).2 == local {
                        positions.push(unpack(occ[j]).3);
                        j += 1;
                    }
                    if let Some(doc) = doc_of[local as usize] {
                        postings.push(doc, &positions, field == Field::All);
                    }
                }
            }
            i = run_end;
        }
    }

    /// Gives back the room the postings grew into; call once loading is done.
    pub fn shrink(&mut self) {
        for field in self.fields.values_mut() {
            field.postings.iter_mut().for_each(Postings::shrink);
        }
        self.lengths.shrink_to_fit();
        self.articles.shrink_to_fit();
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
        terms
            .ids
            .get(term)
            .and_then(|&id| terms.postings.get(id as usize))
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
            let order = |a: &DocId, b: &DocId| {
                let (a, b) = (&articles[*a as usize], &articles[*b as usize]);
                b.date
                    .cmp(&a.date)
                    .then_with(|| a.title.cmp(&b.title))
                    .then_with(|| a.path.cmp(&b.path))
            };
            let mut fresh: Vec<DocId> = (known as DocId..articles.len() as DocId)
                .filter(|d| !removed.contains(d))
                .collect();
            fresh.sort_by(order);
            let old = std::mem::take(&mut self.by_date);
            let mut merged = Vec::with_capacity(articles.len());
            let (mut i, mut j) = (0, 0);
            while i < old.len() && j < fresh.len() {
                if order(&fresh[j], &old[i]).is_lt() {
                    merged.push(fresh[j]);
                    j += 1;
                } else {
                    merged.push(old[i]);
                    i += 1;
                }
            }
            merged.extend_from_slice(&old[i..]);
            merged.extend_from_slice(&fresh[j..]);
            self.by_date = merged;
        }
        &self.by_date
    }

    /// Memory held by the postings and the term dictionary, in bytes (an estimate).
    pub fn heap_bytes(&self) -> usize {
        let postings: usize = self
            .fields
            .values()
            .map(|f| {
                let per_term = std::mem::size_of::<Postings>() + 2 * 16 + 4 + 8;
                f.postings.iter().map(Postings::heap_bytes).sum::<usize>()
                    + f.terms
                        .iter()
                        .map(|t| 2 * t.len() + per_term)
                        .sum::<usize>()
            })
            .sum();
        postings
            + self.lengths.capacity() * 4
            + self.by_date.capacity() * 4
            + self.by_id.capacity() * 24
            + self.articles.capacity() * 8
            + self.removed.capacity() * 4
    }

    pub fn term_count(&self) -> usize {
        self.fields.values().map(|f| f.terms.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Draft;
    use std::path::PathBuf;

    fn article(id: u64, title: &str, body: &str) -> Article {
        let draft = Draft {
            title: title.into(),
            body: body
                .split("\n\n")
                .map(|p| Block::Paragraph(p.into()))
                .collect(),
            ..Draft::default()
        };
        Article::new(
            ArticleId(id),
            PathBuf::from(format!("dir/{id}-note.txt")),
            draft,
        )
    }

    #[test]
    fn varints_round_trip() {
        let mut buf = Vec::new();
        for v in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX] {
            put_varint(&mut buf, v);
        }
        let mut at = 0;
        let back: Vec<u32> = (0..8).map(|_| get_varint(&buf, &mut at)).collect();
        assert_eq!(back, vec![0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX]);
    }

    #[test]
    fn postings_hold_documents_counts_and_positions() {
        let batch = vec![
            article(1, "Café news", "the cafe opens\n\nthe end"),
            article(2, "Other", "no match here"),
        ];
        let mut index = Index::new();
        let arcs: Vec<Arc<Article>> = batch.iter().cloned().map(Arc::new).collect();
        index.append(Segment::build(&batch), &[true, true], arcs);
        let cafe = index.postings(Field::All, "cafe").unwrap();
        let entries: Vec<Entry> = cafe.entries_with_positions().collect();
        assert_eq!(entries.len(), 1);
        assert_eq!((entries[0].doc, entries[0].tf), (0, 2));
        let positions = cafe.positions_of(&entries[0]);
        assert_eq!(positions.len(), 2);
        assert_eq!(positions[0], 0, "the title comes first");
        assert!(index.postings(Field::Title, "cafe").is_some());
        assert!(
            index.postings(Field::Title, "opens").is_none(),
            "body words are not title words"
        );
        assert!(index.postings(Field::Path, "note").is_some());
        let the = index.postings(Field::All, "the").unwrap();
        let docs: Vec<DocId> = the.entries().map(|e| e.doc).collect();
        assert_eq!(docs, vec![0]);
    }

    #[test]
    fn dropped_duplicates_leave_no_trace_and_ids_follow_the_kept_order() {
        let batch = vec![
            article(1, "One", "alpha"),
            article(1, "One again", "alpha"),
            article(3, "Three", "alpha beta"),
        ];
        let mut index = Index::new();
        let kept = vec![Arc::new(batch[0].clone()), Arc::new(batch[2].clone())];
        index.append(Segment::build(&batch), &[true, false, true], kept);
        assert_eq!(index.len(), 2);
        let docs: Vec<DocId> = index
            .postings(Field::All, "alpha")
            .unwrap()
            .entries()
            .map(|e| e.doc)
            .collect();
        assert_eq!(docs, vec![0, 1]);
        assert!(index.postings(Field::All, "again").is_none());
        assert_eq!(index.doc_of(ArticleId(3)), Some(1));
    }

    #[test]
    fn the_date_order_grows_with_each_batch() {
        let dated = |id: u64, day: u32| {
            let mut a = article(id, &format!("A{id}"), "x");
            a.date = chrono::NaiveDate::from_ymd_opt(2024, 1, day);
            a
        };
        let mut index = Index::new();
        let first = vec![dated(1, 5), dated(2, 1)];
        index.append(
            Segment::build(&first),
            &[true, true],
            first.into_iter().map(Arc::new).collect(),
        );
        assert_eq!(index.by_date(), &[0, 1]);
        let second = vec![dated(3, 3), article(4, "Undated", "x"), dated(5, 9)];
        index.append(
            Segment::build(&second),
            &[true; 3],
            second.into_iter().map(Arc::new).collect(),
        );
        assert_eq!(
            index.by_date(),
            &[4, 0, 2, 1, 3],
            "merged as a full sort would order them"
        );
    }

    #[test]
    fn removed_documents_leave_the_date_order_and_the_counts() {
        let dated = |id: u64, day: u32| {
            let mut a = article(id, &format!("A{id}"), "x y");
            a.date = chrono::NaiveDate::from_ymd_opt(2024, 1, day);
            a
        };
        let mut index = Index::new();
        let first = vec![dated(1, 5), dated(2, 1), dated(3, 3)];
        index.append(
            Segment::build(&first),
            &[true; 3],
            first.into_iter().map(Arc::new).collect(),
        );
        let average = index.average_length();
        assert_eq!(index.by_date(), &[0, 2, 1]);
        index.remove(&[2]);
        index.remove(&[2]); // twice is once
        assert_eq!((index.len(), index.slots()), (2, 3));
        assert_eq!(index.by_date(), &[0, 1]);
        assert!(index.article(2).is_none());
        assert_eq!(index.doc_of(ArticleId(3)), None);
        assert_eq!(index.removed().collect::<Vec<_>>(), vec![2]);
        assert_eq!(index.average_length(), average, "all three had one length");
        // Removed before the date order saw it: never in it.
        let second = vec![dated(4, 9), dated(5, 2)];
        index.append(
            Segment::build(&second),
            &[true; 2],
            second.into_iter().map(Arc::new).collect(),
        );
        index.remove(&[3]);
        assert_eq!(index.by_date(), &[0, 4, 1]);
    }

    #[test]
    fn prefixes_find_every_term_that_starts_so() {
        let batch = vec![article(1, "Government governs", "gov goose")];
        let mut index = Index::from_articles(&batch.into_iter().map(Arc::new).collect::<Vec<_>>());
        index.prepare();
        let terms: Vec<&str> = index
            .with_prefix(Field::All, "gov")
            .map(|(t, _)| t)
            .collect();
        assert_eq!(terms, vec!["gov", "government", "governs"]);
    }
}
