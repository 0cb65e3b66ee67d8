//! The inverted index: folded words to the articles holding them. The full text of an
//! article (title, subtitle, author, source, site, tags, body) is one field with term
//! counts and word positions (for phrases); title, author, source, tag and path are
//! fields of their own (documents only). A `Segment` is built from a batch of articles
//! off the UI thread; `Index::append` adds it in load order. `Index::remove` drops
//! documents (files changed or gone) as tombstones: their postings stay, and the
//! evaluation leaves them out. No I/O.

mod parts;

use std::collections::HashMap;

use hashbrown::HashTable;
pub use parts::{Chunk, Encoded, decode_chunk};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::article::{Article, ArticleId, Block};
use crate::text::{fold_words, word_head};

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
    /// Adds one document with `tf` occurrences whose position gaps are `positions`.
    fn push_entry(&mut self, doc: DocId, tf: u32, positions: &[u8]) {
        let gap = self.last.map_or(doc, |last| doc.wrapping_sub(last));
        self.last = Some(doc);
        self.count += 1;
        if tf == 1 {
            put_varint(&mut self.docs, gap << 1 | 1);
        } else {
            put_varint(&mut self.docs, gap << 1);
            put_varint(&mut self.docs, tf);
        }
        self.positions.extend_from_slice(positions);
    }

    /// The encoded positions of one entry from `entries_with_positions`.
    fn position_bytes(&self, entry: &Entry) -> &[u8] {
        let mut end = entry.pos_at;
        for _ in 0..entry.tf {
            skip_varint(&self.positions, &mut end);
        }
        self.positions.get(entry.pos_at..end).unwrap_or_default()
    }

    /// Adds a segment's run (see `Run`) of `count` documents, all of them kept and
    /// numbered from `base`, the last being `last`.
    fn append_run(&mut self, docs: &[u8], positions: &[u8], count: u32, base: DocId, last: DocId) {
        let mut at = 0;
        let word = get_varint(docs, &mut at);
        let first = base + (word >> 1);
        let gap = self.last.map_or(first, |prev| first.wrapping_sub(prev));
        put_varint(&mut self.docs, gap << 1 | (word & 1));
        self.docs
            .extend_from_slice(docs.get(at..).unwrap_or_default());
        self.positions.extend_from_slice(positions);
        self.count += count;
        self.last = Some(last);
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

/// Multiplies and folds the high half of the product into the low one, so every bit
/// of `a` reaches every bit of the result.
fn fold_multiply(a: u64, b: u64) -> u64 {
    let full = u128::from(a) * u128::from(b);
    (full as u64) ^ ((full >> 64) as u64)
}

/// The hash of a folded term with its `word_head`: the same in a segment's dictionary
/// and in the index's, so a segment hands its terms over with their hashes and the
/// index need not hash them again.
fn term_hash(word: &[u8], head: [u64; 2]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    const S0: u64 = 0xa076_1d64_78bd_642f;
    const S1: u64 = 0xe703_7ed1_a0b4_28db;
    let mut h = fold_multiply(head[0] ^ S0, head[1] ^ S1 ^ word.len() as u64);
    for chunk in word.get(16..).unwrap_or_default().chunks(8) {
        let mut word = 0u64;
        for (i, &b) in chunk.iter().enumerate() {
            word |= u64::from(b) << (8 * i);
        }
        h = fold_multiply(h ^ word, K);
    }
    h
}

/// `term_hash` of a term given by its text alone.
fn hash_of(term: &[u8]) -> u64 {
    term_hash(term, word_head(term))
}

/// One field's postings of one term of a segment, encoded as `Postings` holds them
/// but for the segment's own document numbers (from 0): the first entry's gap is its
/// document number.
#[derive(Clone, Copy, Debug)]
struct Run {
    field: Field,
    term: u32,
    /// Documents holding the term.
    count: u32,
    /// The last of them.
    last: u32,
    /// Where its bytes end in the segment's `docs` and `positions` (they start where
    /// the previous run's end).
    docs_end: usize,
    positions_end: usize,
}

/// The terms of one batch of articles, gathered off the UI thread: per field and
/// term, the postings already encoded for the batch's own document numbers (in a
/// batch past 65,536 articles, a run per 65,536 of them), so that appending renumbers
/// the first entry of each and copies the rest.
#[derive(Default, Debug)]
pub struct Segment {
    /// Per article: its length in words (for ranking).
    lengths: Vec<u32>,
    /// The batch's terms, end to end; term `i` is `text[bounds[i]..bounds[i + 1]]`.
    text: Vec<u8>,
    bounds: Vec<usize>,
    /// Each term's `term_hash`.
    hashes: Vec<u64>,
    /// In field, then term order.
    runs: Vec<Run>,
    docs: Vec<u8>,
    positions: Vec<u8>,
}

/// A slot of a batch's dictionary: a term's head and length (0: empty) and id. Terms
/// of up to 16 bytes are told apart by these alone.
#[derive(Clone, Copy, Default)]
struct Slot {
    head: [u64; 2],
    len: u32,
    id: u32,
}

/// A batch's term dictionary: an open-addressing table (linear probing, at most half
/// full) over the folded terms, which are kept end to end.
struct Dict {
    slots: Vec<Slot>,
    text: Vec<u8>,
    bounds: Vec<usize>,
    hashes: Vec<u64>,
}

impl Dict {
    fn new() -> Dict {
        Dict {
            slots: vec![Slot::default(); 1 << 13],
            text: Vec::with_capacity(64 * 1024),
            bounds: vec![0],
            hashes: Vec::with_capacity(1 << 12),
        }
    }

    fn len(&self) -> usize {
        self.hashes.len()
    }

    fn text_of(&self, id: u32) -> &[u8] {
        let id = id as usize;
        match (self.bounds.get(id), self.bounds.get(id + 1)) {
            (Some(&start), Some(&end)) => self.text.get(start..end).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The id of `word` (with its `word_head`), numbered on first sight; `None` once
    /// the dictionary is full.
    #[inline(always)]
    fn intern(&mut self, word: &[u8], head: [u64; 2]) -> Option<u32> {
        let hash = term_hash(word, head);
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        loop {
            let slot = *self.slots.get(at)?;
            if slot.len == 0 {
                return self.insert(word, head, hash, at);
            }
            if slot.head == head
                && slot.len as usize == word.len()
                && (word.len() <= 16 || self.text_of(slot.id) == word)
            {
                return Some(slot.id);
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds `word` at the free slot `at`.
    #[inline(never)]
    fn insert(&mut self, word: &[u8], head: [u64; 2], hash: u64, at: usize) -> Option<u32> {
        if self.len() >= MAX_TERMS || word.len() > u32::MAX as usize {
            return None;
        }
        let id = self.len() as u32;
        self.text.extend_from_slice(word);
        self.bounds.push(self.text.len());
        self.hashes.push(hash);
        let slot = Slot {
            head,
            len: word.len() as u32,
            id,
        };
        if let Some(free) = self.slots.get_mut(at) {
            *free = slot;
        }
        if self.len() * 2 > self.slots.len() {
            self.grow();
        }
        Some(id)
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.len != 0) {
            let hash = self
                .hashes
                .get(slot.id as usize)
                .copied()
                .unwrap_or_default();
            let mut at = hash as usize & mask;
            while self.slots.get(at).is_some_and(|s| s.len != 0) {
                at = (at + 1) & mask;
            }
            if let Some(free) = self.slots.get_mut(at) {
                *free = slot;
            }
        }
    }
}

/// Gathers a batch's occurrences.
struct Gatherer {
    scratch: String,
    dict: Dict,
    occurrences: Vec<u64>,
}

impl Gatherer {
    fn new(articles: &[Article]) -> Gatherer {
        // Roughly one occurrence per six bytes of body text, and the short fields twice.
        let guess: usize = articles
            .iter()
            .take(64)
            .map(|a| a.body.len() * 60 + 40)
            .sum::<usize>()
            * articles.len().max(1)
            / articles.len().clamp(1, 64);
        Gatherer {
            scratch: String::new(),
            dict: Dict::new(),
            occurrences: Vec::with_capacity(guess.min(1 << 24)),
        }
    }

    /// Adds the words of `text` to `field` for article `doc`, numbering them from
    /// `*position`.
    fn add(&mut self, field: Field, doc: u32, text: &str, position: &mut u32) {
        let Gatherer {
            scratch,
            dict,
            occurrences,
        } = self;
        fold_words(text, scratch, |word, head| {
            if word.is_empty() {
                return;
            }
            if let Some(term) = dict.intern(word, head) {
                occurrences.push(pack(field, term, doc, *position));
                *position += 1;
            }
        });
        *position += BLOCK_GAP;
    }

    /// Adds `text` to a field of its own (numbered from 0) and to the full text: one
    /// pass over the words for both.
    fn add_both(&mut self, field: Field, doc: u32, text: &str, position: &mut u32) {
        let Gatherer {
            scratch,
            dict,
            occurrences,
        } = self;
        let mut own = 0u32;
        fold_words(text, scratch, |word, head| {
            if word.is_empty() {
                return;
            }
            if let Some(term) = dict.intern(word, head) {
                occurrences.push(pack(field, term, doc, own));
                occurrences.push(pack(Field::All, term, doc, *position));
                own += 1;
                *position += 1;
            }
        });
        *position += BLOCK_GAP;
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
        (k >> FIELD_SHIFT) as usize * terms + ((k >> TERM_SHIFT) as usize & (MAX_TERMS - 1))
    };
    // Counts, then starts, in 32 bits (a batch holds fewer occurrences), so the
    // table the scatter below hits at random is half the size.
    let mut starts = vec![0u32; FIELDS.len() * terms + 1];
    for &k in &occurrences {
        if let Some(count) = starts.get_mut(slot(k) + 1) {
            *count += 1;
        }
    }
    let mut sum = 0u32;
    for start in &mut starts {
        sum += *start;
        *start = sum;
    }
    let mut out = vec![0u64; occurrences.len()];
    for k in occurrences {
        if let Some(at) = starts.get_mut(slot(k))
            && let Some(to) = out.get_mut(*at as usize)
        {
            *to = k;
            *at += 1;
        }
    }
    out
}

/// Encodes grouped occurrences into runs, one per field and term, appended to the
/// segment's; their documents (numbered from 0 in `occ`) are numbered from `first`.
fn encode_runs(occ: &[u64], first: u32, segment: &mut Segment) {
    let Segment {
        runs,
        docs,
        positions,
        ..
    } = segment;
    docs.reserve(occ.len() / 2);
    positions.reserve(occ.len() + occ.len() / 4);
    let mut i = 0;
    while let Some(&key) = occ.get(i) {
        let (field_slot, term, _, _) = unpack(key);
        let field = FIELDS[field_slot.min(FIELDS.len() - 1)];
        let with_positions = field == Field::All;
        let slot = key >> TERM_SHIFT;
        let (mut count, mut last) = (0u32, None::<u32>);
        while let Some(&key) = occ.get(i)
            && key >> TERM_SHIFT == slot
        {
            let doc = first + ((key >> DOC_SHIFT) & (MAX_DOCS as u64 - 1)) as u32;
            let entry = key >> DOC_SHIFT;
            let (mut tf, mut prev) = (0u32, 0u32);
            while let Some(&key) = occ.get(i)
                && key >> DOC_SHIFT == entry
            {
                if with_positions {
                    let p = (key & u64::from(MAX_POSITION)) as u32;
                    put_varint(positions, p - prev);
                    prev = p;
                }
                tf += 1;
                i += 1;
            }
            let gap = last.map_or(doc, |last| doc - last);
            if tf == 1 {
                put_varint(docs, gap << 1 | 1);
            } else {
                put_varint(docs, gap << 1);
                put_varint(docs, tf);
            }
            last = Some(doc);
            count += 1;
        }
        runs.push(Run {
            field,
            term,
            count,
            last: last.unwrap_or(0),
            docs_end: docs.len(),
            positions_end: positions.len(),
        });
    }
}

/// The entries of a run: (document in the segment, count, its positions' bytes).
fn run_entries<'a>(
    docs: &'a [u8],
    positions: &'a [u8],
    with_positions: bool,
) -> impl Iterator<Item = (u32, u32, &'a [u8])> + 'a {
    let (mut at, mut pos_at, mut doc, mut first) = (0, 0, 0u32, true);
    std::iter::from_fn(move || {
        if at >= docs.len() {
            return None;
        }
        let word = get_varint(docs, &mut at);
        doc = if first { word >> 1 } else { doc + (word >> 1) };
        first = false;
        let tf = if word & 1 == 1 {
            1
        } else {
            get_varint(docs, &mut at)
        };
        let from = pos_at;
        if with_positions {
            for _ in 0..tf {
                skip_varint(positions, &mut pos_at);
            }
        }
        Some((doc, tf, positions.get(from..pos_at).unwrap_or_default()))
    })
}

impl Segment {
    /// Gathers the terms of a batch of articles, however many. An occurrence holds its
    /// document in 16 bits, so they are gathered and encoded 65,536 articles at a time,
    /// with one dictionary: each term has a run per such part, in document order.
    pub fn build(articles: &[Article]) -> Segment {
        let mut segment = Segment {
            lengths: Vec::with_capacity(articles.len()),
            ..Segment::default()
        };
        let mut g = Gatherer::new(articles.get(..MAX_DOCS).unwrap_or(articles));
        for (part, chunk) in articles.chunks(MAX_DOCS).enumerate() {
            for (doc, article) in chunk.iter().enumerate() {
                segment.lengths.push(g.article(doc as u32, article));
            }
            let occurrences = std::mem::take(&mut g.occurrences);
            let occurrences = group_by_term(occurrences, g.dict.len());
            encode_runs(&occurrences, (part * MAX_DOCS) as u32, &mut segment);
        }
        segment.text = g.dict.text;
        segment.bounds = g.dict.bounds;
        segment.hashes = g.dict.hashes;
        segment
    }

    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    /// A term's text and hash.
    fn term(&self, id: u32) -> Option<(&[u8], u64)> {
        let id = id as usize;
        let (start, end) = (*self.bounds.get(id)?, *self.bounds.get(id + 1)?);
        Some((self.text.get(start..end)?, *self.hashes.get(id)?))
    }
}

/// One field's terms: found by hashing; in sorted order (for prefixes) once `prepare`
/// has run after the last append.
#[derive(Default)]
struct FieldTerms {
    /// Ids into `terms`, by `term_hash` of the term (rebuilt from `terms`).
    ids: HashTable<u32>,
    terms: Vec<Box<str>>,
    postings: Vec<Postings>,
    sorted: Vec<u32>,
}

impl FieldTerms {
    fn id(&self, term: &[u8], hash: u64) -> Option<u32> {
        let terms = &self.terms;
        self.ids
            .find(hash, |&id| {
                terms.get(id as usize).is_some_and(|t| t.as_bytes() == term)
            })
            .copied()
    }

    /// Makes `ids` anew from `terms` (an index read back from the cache).
    fn rebuild_ids(&mut self) {
        let terms = &self.terms;
        let mut ids = HashTable::with_capacity(terms.len());
        for (id, term) in terms.iter().enumerate() {
            ids.insert_unique(hash_of(term.as_bytes()), id as u32, |&i| {
                terms.get(i as usize).map_or(0, |t| hash_of(t.as_bytes()))
            });
        }
        self.ids = ids;
    }

    /// The postings of `term` (with its `term_hash`), added if new.
    fn postings_mut(&mut self, term: &[u8], hash: u64) -> Option<&mut Postings> {
        let id = match self.id(term, hash) {
            Some(id) => id,
            None => {
                let text = std::str::from_utf8(term).ok()?;
                let id = self.terms.len() as u32;
                self.terms.push(text.into());
                self.postings.push(Postings::default());
                let terms = &self.terms;
                self.ids.insert_unique(hash, id, |&i| {
                    terms.get(i as usize).map_or(0, |t| hash_of(t.as_bytes()))
                });
                id
            }
        };
        self.postings.get_mut(id as usize)
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

    type Dump = Vec<(Field, String, u32, Option<DocId>, Vec<u8>, Vec<u8>)>;

    /// Every field's terms with their postings' bytes, in term order.
    fn contents(index: &Index) -> Dump {
        let mut out = Vec::new();
        for field in FIELDS {
            if let Some(f) = index.fields.get(&field) {
                for (term, p) in f.terms.iter().zip(&f.postings) {
                    out.push((
                        field,
                        term.to_string(),
                        p.count,
                        p.last,
                        p.docs.clone(),
                        p.positions.clone(),
                    ));
                }
            }
        }
        out.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        out
    }

    #[test]
    fn long_words_that_share_their_first_sixteen_bytes_stay_apart() {
        let batch = vec![article(
            1,
            "Internationalisation internationalization",
            "INTERNATIONALISATION internationalisations internationalis internationali",
        )];
        let mut index = Index::new();
        let arcs = batch.iter().cloned().map(Arc::new).collect();
        index.append(Segment::build(&batch), &[true], arcs);
        let tf = |t: &str| {
            index
                .postings(Field::All, t)
                .map(|p| p.entries().map(|e| e.tf).sum())
        };
        assert_eq!(tf("internationalisation"), Some(2));
        assert_eq!(tf("internationalization"), Some(1));
        assert_eq!(tf("internationalisations"), Some(1));
        assert_eq!(tf("internationalis"), Some(1));
        assert_eq!(tf("internationali"), Some(1));
        assert_eq!(tf("internationa"), None);
    }

    #[test]
    fn a_dictionary_grown_many_times_finds_every_term() {
        let body: Vec<String> = (0..20_000).map(|i| format!("w{i} x{}", i % 7)).collect();
        let batch = vec![article(1, "Many", &body.join(" "))];
        let mut index = Index::new();
        let arcs = batch.iter().cloned().map(Arc::new).collect();
        index.append(Segment::build(&batch), &[true], arcs);
        for i in (0..20_000).step_by(97) {
            let p = index.postings(Field::All, &format!("w{i}")).unwrap();
            let e: Vec<Entry> = p.entries_with_positions().collect();
            assert_eq!((e.len(), e[0].tf), (1, 1));
            assert_eq!(p.positions_of(&e[0]), vec![1 + 8 + 2 * i as u32], "w{i}");
        }
        assert_eq!(
            index
                .postings(Field::All, "x3")
                .unwrap()
                .entries()
                .next()
                .unwrap()
                .tf,
            2857
        );
    }

    #[test]
    fn dropping_articles_gives_what_leaving_them_out_gives() {
        let batch: Vec<Article> = (0..40)
            .map(|i| {
                let mut a = article(
                    i,
                    &format!("Title {} of {}", i % 3, i % 5),
                    &format!("alpha beta{}\n\nbeta{} gamma alpha alpha", i % 4, i % 6),
                );
                a.tags = vec![format!("t{}", i % 2), "news".into(), "news".into()];
                a
            })
            .collect();
        let keep: Vec<bool> = (0..40).map(|i| i % 3 != 1 && i != 0).collect();
        let kept = only_kept(&batch, &keep);
        // The same articles twice over: first in a batch of their own, all kept, then
        // in one with the others dropped; and the reverse order.
        let mut dropped = Index::new();
        let arcs: Vec<Arc<Article>> = kept.iter().cloned().map(Arc::new).collect();
        dropped.append(Segment::build(&kept), &vec![true; kept.len()], arcs.clone());
        dropped.append(Segment::build(&batch), &keep, arcs.clone());
        let mut left_out = Index::new();
        left_out.append(Segment::build(&kept), &vec![true; kept.len()], arcs.clone());
        left_out.append(Segment::build(&kept), &vec![true; kept.len()], arcs);
        assert_eq!(contents(&dropped), contents(&left_out));
        assert!(dropped.postings(Field::All, "beta3").is_some());
        assert!(
            dropped.postings(Field::Path, "0").is_none(),
            "only a dropped article had it"
        );
    }

    /// The items whose `keep` is true, in order.
    fn only_kept<T: Clone>(items: &[T], keep: &[bool]) -> Vec<T> {
        items
            .iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(a, _)| a.clone())
            .collect()
    }

    #[test]
    fn a_batch_past_65536_articles_indexes_as_small_batches_do() {
        let count = MAX_DOCS + 3;
        let batch: Vec<Article> = (0..count)
            .map(|i| article(i as u64, &format!("T{}", i % 3), &format!("w{} all", i % 5)))
            .collect();
        let arcs: Vec<Arc<Article>> = batch.iter().cloned().map(Arc::new).collect();
        let mut whole = Index::new();
        whole.append(Segment::build(&batch), &vec![true; count], arcs.clone());
        let all = whole
            .postings(Field::All, "all")
            .map(|p| p.entries().count());
        assert_eq!(all, Some(count));
        let small = Index::from_articles(&arcs);
        assert!(contents(&whole) == contents(&small), "postings differ");
        let lengths =
            |index: &Index| -> Vec<u32> { (0..count).map(|d| index.length(d as DocId)).collect() };
        assert!(lengths(&whole) == lengths(&small), "lengths differ");
        // Some dropped on either side of the 65,536th: as if left out.
        let keep: Vec<bool> = (0..count).map(|i| i % 7 != 3).collect();
        let kept = only_kept(&arcs, &keep);
        let mut dropped = Index::new();
        dropped.append(Segment::build(&batch), &keep, kept.clone());
        let left_out = Index::from_articles(&kept);
        assert!(contents(&dropped) == contents(&left_out), "postings differ");
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
