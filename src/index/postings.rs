//! One term's postings in one field: documents, counts and positions, as varints;
//! and a common word's documents and counts as a set with a byte each, once read.

use std::sync::OnceLock;

use serde::Serialize;

use super::DocId;
use super::stream::Stream;
use super::varint::{get_varint, put_varint, skip_varint};

/// One term's postings in one field. The document stream holds, per document, the
/// gap from the previous one shifted left with a low bit set when the term occurs
/// once, and the count otherwise. For `Field::All` the positions stream holds each
/// occurrence's gap from the previous one, restarting at each document; queries that
/// need no positions never touch it.
#[derive(Default, Debug, Serialize)]
pub struct Postings {
    pub(super) docs: Stream,
    pub(super) positions: Stream,
    /// Documents holding the term.
    pub count: u32,
    pub(super) last: Option<DocId>,
    /// The list as a set of documents with a count each, made the first time a list
    /// held by many documents is read whole (see `Dense`); dropped when it grows.
    #[serde(skip)]
    dense: OnceLock<Dense>,
}

/// A list held by an eighth of the documents or more, as a set of them and a byte
/// of count each: read without decoding, its documents and scores go a word of 64
/// documents at a time.
#[derive(Debug)]
pub struct Dense {
    /// Bit `d % 64` of word `d / 64` is set when document `d` holds the term.
    pub words: Box<[u64]>,
    /// Each document's count, in order (`u8::MAX`: that or more, see `count`).
    pub counts: Box<[u8]>,
    /// The documents holding the term `u8::MAX` times or more, with their counts.
    many: Box<[(DocId, u32)]>,
}

impl Dense {
    /// The count of the `i`-th document held, `doc`.
    pub fn count(&self, i: usize, doc: DocId) -> u32 {
        match self.counts.get(i).copied().unwrap_or(0) {
            u8::MAX => self
                .many
                .binary_search_by_key(&doc, |&(d, _)| d)
                .map_or(u32::from(u8::MAX), |at| self.many[at].1),
            count => u32::from(count),
        }
    }
}

/// Lists of fewer entries are not made dense (they are quick to read as they are).
const DENSE_MIN: u32 = if cfg!(test) { 16 } else { 1 << 14 };

/// A decoded posting entry; `pos_at` is where its positions start (0 unless asked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub doc: DocId,
    pub tf: u32,
    pub pos_at: usize,
}

impl Postings {
    /// Adds one document with `tf` occurrences whose position gaps are `positions`.
    pub(super) fn push_entry(&mut self, doc: DocId, tf: u32, positions: &[u8]) {
        let gap = self.last.map_or(doc, |last| doc.wrapping_sub(last));
        self.last = Some(doc);
        self.count += 1;
        self.dense = OnceLock::new();
        let docs = self.docs.to_mut();
        if tf == 1 {
            put_varint(docs, gap << 1 | 1);
        } else {
            put_varint(docs, gap << 1);
            put_varint(docs, tf);
        }
        self.positions.to_mut().extend_from_slice(positions);
    }

    /// The encoded positions of one entry from `entries_with_positions`.
    pub(super) fn position_bytes(&self, entry: &Entry) -> &[u8] {
        let positions: &[u8] = &self.positions;
        let mut end = entry.pos_at;
        for _ in 0..entry.tf {
            skip_varint(positions, &mut end);
        }
        positions.get(entry.pos_at..end).unwrap_or_default()
    }

    /// Adds a segment's run (see `Run`) of `count` documents, all of them kept and
    /// numbered from `base`, the last being `last`.
    pub(super) fn append_run(
        &mut self,
        docs: &[u8],
        positions: &[u8],
        count: u32,
        base: DocId,
        last: DocId,
    ) {
        let mut at = 0;
        let word = get_varint(docs, &mut at);
        let first = base + (word >> 1);
        let gap = self.last.map_or(first, |prev| first.wrapping_sub(prev));
        let own = self.docs.to_mut();
        put_varint(own, gap << 1 | (word & 1));
        own.extend_from_slice(docs.get(at..).unwrap_or_default());
        self.positions.to_mut().extend_from_slice(positions);
        self.count += count;
        self.last = Some(last);
        self.dense = OnceLock::new();
    }

    pub(super) fn decode(&self, with_positions: bool) -> impl Iterator<Item = Entry> + '_ {
        let (mut at, mut pos_at, mut doc, mut first) = (0, 0, 0u32, true);
        // The streams' bytes found once (they may be in the cache's map), not at
        // every number.
        let (docs, positions): (&[u8], &[u8]) = (&self.docs, &self.positions);
        std::iter::from_fn(move || {
            if at >= docs.len() {
                return None;
            }
            let word = get_varint(docs, &mut at);
            let gap = word >> 1;
            doc = if first { gap } else { doc + gap };
            first = false;
            let tf = if word & 1 == 1 {
                1
            } else {
                get_varint(docs, &mut at)
            };
            let entry = Entry { doc, tf, pos_at };
            if with_positions {
                for _ in 0..tf {
                    skip_varint(positions, &mut pos_at);
                }
            }
            Some(entry)
        })
    }

    /// The documents holding the term, with its count in each.
    pub fn entries(&self) -> impl Iterator<Item = Entry> + '_ {
        self.decode(false)
    }

    /// The entries a block at a time, without positions: `f` gets each block's
    /// documents (ascending) and their counts. Quicker than `entries` for a scan of
    /// a common word.
    ///
    /// A list of `DENSE_MIN` entries or more, held by an eighth of the documents or
    /// more, is made `dense` as it is read, the first time.
    pub fn for_each_block(&self, mut f: impl FnMut(&[DocId], &[u32])) {
        let mut blocks = self.blocks();
        let (mut docs, mut tfs) = ([0 as DocId; BLOCK], [0u32; BLOCK]);
        let span = self.last.map_or(0, |last| last as usize + 1);
        let mut dense = (self.count >= DENSE_MIN
            && self.count as usize * 8 >= span
            && self.dense.get().is_none())
        .then(|| {
            (
                vec![0u64; span.div_ceil(64)],
                Vec::with_capacity(self.count as usize),
                Vec::new(),
            )
        });
        loop {
            let n = blocks.next(&mut docs, &mut tfs);
            if n == 0 {
                break;
            }
            if let Some((words, counts, many)) = &mut dense {
                for (&d, &tf) in docs[..n].iter().zip(&tfs[..n]) {
                    if let Some(word) = words.get_mut(d as usize / 64) {
                        *word |= 1 << (d % 64);
                    }
                    counts.push(tf.min(u32::from(u8::MAX)) as u8);
                    if tf >= u32::from(u8::MAX) {
                        many.push((d, tf));
                    }
                }
            }
            f(&docs[..n], &tfs[..n]);
        }
        if let Some((words, counts, many)) = dense {
            let _ = self.dense.set(Dense {
                words: words.into_boxed_slice(),
                counts: counts.into_boxed_slice(),
                many: many.into_boxed_slice(),
            });
        }
    }

    /// The list as a set of documents with their counts, if it was made so (see
    /// `for_each_block`).
    pub fn dense(&self) -> Option<&Dense> {
        self.dense.get()
    }

    /// See `for_each_block`.
    pub(super) fn blocks(&self) -> Blocks<'_> {
        Blocks {
            bytes: &self.docs,
            at: 0,
            doc: 0,
        }
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
        let positions: &[u8] = &self.positions;
        let mut at = entry.pos_at;
        let mut p = 0;
        for _ in 0..entry.tf {
            p += get_varint(positions, &mut at);
            out.push(p);
        }
    }

    /// Postings as the cache holds them, their streams left in its bytes (see
    /// `Stream::kept`).
    pub(super) fn kept(
        bytes: &crate::article::Bytes,
        docs: &[u8],
        positions: &[u8],
        count: u32,
        last: Option<DocId>,
    ) -> Postings {
        Postings {
            docs: Stream::kept(bytes, docs),
            positions: Stream::kept(bytes, positions),
            count,
            last,
            dense: OnceLock::new(),
        }
    }

    pub(super) fn shrink(&mut self) {
        self.docs.shrink();
        self.positions.shrink();
    }

    pub(super) fn heap_bytes(&self) -> usize {
        let dense = self.dense.get().map_or(0, |d| {
            d.words.len() * 8 + d.counts.len() + d.many.len() * std::mem::size_of::<(DocId, u32)>()
        });
        self.docs.heap_bytes() + self.positions.heap_bytes() + dense
    }
}

/// Entries in a block of `Postings::for_each_block`.
const BLOCK: usize = 64;

/// The first and last of a block's documents when they run without a gap (a common
/// word's blocks most often do).
pub fn run(docs: &[DocId]) -> Option<(DocId, DocId)> {
    let (&first, &last) = (docs.first()?, docs.last()?);
    (last.checked_sub(first)? as usize == docs.len() - 1).then_some((first, last))
}

/// See `Postings::blocks`.
pub(super) struct Blocks<'a> {
    bytes: &'a [u8],
    at: usize,
    /// The last document read (the first gap counts from 0).
    doc: DocId,
}

impl Blocks<'_> {
    /// Fills `docs` and `tfs` (as many as the shorter holds) with the next entries;
    /// how many it filled.
    #[inline]
    pub fn next(&mut self, docs: &mut [DocId], tfs: &mut [u32]) -> usize {
        let (bytes, mut at, mut doc) = (self.bytes, self.at, self.doc);
        let mut n = 0;
        for (d, tf) in docs.iter_mut().zip(tfs) {
            // Most numbers take one byte: read without the varint loop.
            let word = match bytes.get(at) {
                None => break,
                Some(&b) if b < 0x80 => {
                    at += 1;
                    u32::from(b)
                }
                Some(_) => get_varint(bytes, &mut at),
            };
            doc = doc.wrapping_add(word >> 1);
            *d = doc;
            *tf = match (word & 1, bytes.get(at)) {
                (1, _) => 1,
                (_, Some(&b)) if b < 0x80 => {
                    at += 1;
                    u32::from(b)
                }
                _ => get_varint(bytes, &mut at),
            };
            n += 1;
        }
        (self.at, self.doc) = (at, doc);
        n
    }
}
