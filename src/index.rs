//! The inverted index: folded words to the articles holding them. The full text of an
//! article (title, subtitle, author, source, site, tags, body) is one field with term
//! counts and word positions (for phrases); title, author, source, tag and path are
//! fields of their own (documents only). A `Segment` is built from a batch of articles
//! off the UI thread; `Index::append` adds it in load order. No I/O.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::article::{Article, ArticleId, Block};
use crate::text::{fold_into, tokens};

/// An article's place in the index: the order articles were appended in, which is
/// also their index in the `Library`.
pub type DocId = u32;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
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

/// One term's postings in one field: for each document, the gap from the previous
/// document and the term count; for `Field::All` also the byte length of its
/// positions, which are kept in a stream of their own (gaps from the previous
/// position, restarting at each document) so that most queries never decode them.
#[derive(Default, Debug)]
pub struct Postings {
    pub docs: Vec<u8>,
    pub positions: Vec<u8>,
    pub count: u32,
    last: Option<DocId>,
}

/// A decoded posting entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub doc: DocId,
    pub tf: u32,
    /// Where this document's positions start in `positions`, and their byte length.
    pub pos_at: usize,
    pub pos_len: usize,
}

impl Postings {
    fn push(&mut self, doc: DocId, positions: &[u32], with_positions: bool) {
        let gap = self.last.map_or(doc, |last| doc - last);
        self.last = Some(doc);
        self.count += 1;
        put_varint(&mut self.docs, gap);
        put_varint(&mut self.docs, positions.len() as u32);
        if with_positions {
            let start = self.positions.len();
            let mut prev = 0;
            for &p in positions {
                put_varint(&mut self.positions, p - prev);
                prev = p;
            }
            put_varint(&mut self.docs, (self.positions.len() - start) as u32);
        }
    }

    /// The entries, in document order.
    pub fn entries(&self, with_positions: bool) -> impl Iterator<Item = Entry> + '_ {
        let mut at = 0;
        let mut pos_at = 0;
        let mut doc = 0u32;
        let mut first = true;
        std::iter::from_fn(move || {
            if at >= self.docs.len() {
                return None;
            }
            let gap = get_varint(&self.docs, &mut at);
            doc = if first { gap } else { doc + gap };
            first = false;
            let tf = get_varint(&self.docs, &mut at);
            let pos_len = if with_positions {
                get_varint(&self.docs, &mut at) as usize
            } else {
                0
            };
            let entry = Entry {
                doc,
                tf,
                pos_at,
                pos_len,
            };
            pos_at += pos_len;
            Some(entry)
        })
    }

    /// The positions of one entry.
    pub fn positions_of(&self, entry: &Entry) -> Vec<u32> {
        let bytes = self
            .positions
            .get(entry.pos_at..entry.pos_at + entry.pos_len)
            .unwrap_or(&[]);
        let mut at = 0;
        let mut p = 0;
        let mut out = Vec::with_capacity(entry.tf as usize);
        while at < bytes.len() {
            p += get_varint(bytes, &mut at);
            out.push(p);
        }
        out
    }

    fn heap_bytes(&self) -> usize {
        self.docs.capacity() + self.positions.capacity()
    }
}

fn slot(field: Field) -> usize {
    field as usize
}

/// Per term: (article in the batch, its positions), in article order.
type TermLists = HashMap<String, Vec<(u32, Vec<u32>)>>;

/// The terms of one batch of articles, gathered off the UI thread.
#[derive(Default, Debug)]
pub struct Segment {
    /// Per article: its length in words (for ranking).
    lengths: Vec<u32>,
    /// Per field, per term: (article in this batch, positions).
    terms: [TermLists; 6],
}

/// Gathers one article's terms, field by field.
struct Gatherer {
    fold: String,
    /// Per field, per term: positions in this article.
    seen: [HashMap<String, Vec<u32>>; 6],
}

impl Gatherer {
    /// Adds the words of `text` to `field`, numbering them from `*position`.
    fn add(&mut self, field: Field, text: &str, position: &mut u32) {
        let map = &mut self.seen[slot(field)];
        for token in tokens(text) {
            self.fold.clear();
            fold_into(token.text(text), &mut self.fold);
            if self.fold.is_empty() {
                continue;
            }
            match map.get_mut(self.fold.as_str()) {
                Some(positions) => positions.push(*position),
                None => {
                    map.insert(self.fold.clone(), vec![*position]);
                }
            }
            *position += 1;
        }
        *position += BLOCK_GAP;
    }

    /// Adds `text` to a field of its own and to the full text.
    fn add_both(&mut self, field: Field, text: &str, position: &mut u32) {
        self.add(field, text, &mut 0);
        self.add(Field::All, text, position);
    }
}

impl Segment {
    pub fn build(articles: &[Article]) -> Segment {
        let mut segment = Segment::default();
        let mut g = Gatherer {
            fold: String::new(),
            seen: Default::default(),
        };
        for (local, article) in articles.iter().enumerate() {
            let mut position = 0u32;
            g.add_both(Field::Title, &article.title, &mut position);
            for text in [&article.author, &article.source, &article.site]
                .into_iter()
                .flatten()
            {
                let field = if Some(text) == article.author.as_ref() {
                    Field::Author
                } else {
                    Field::Source
                };
                g.add_both(field, text, &mut position);
            }
            for tag in &article.tags {
                g.add_both(Field::Tag, tag, &mut position);
            }
            g.add(Field::Path, &article.path.to_string_lossy(), &mut 0);
            if let Some(subtitle) = &article.subtitle {
                g.add(Field::All, subtitle, &mut position);
            }
            for block in &article.body {
                match block {
                    Block::Heading { text, .. }
                    | Block::Paragraph(text)
                    | Block::Quote(text)
                    | Block::Code(text) => {
                        g.add(Field::All, text, &mut position);
                    }
                    Block::List { items, .. } => {
                        for item in items {
                            g.add(Field::All, item, &mut position);
                        }
                    }
                    Block::Rule => {}
                }
            }
            segment.lengths.push(position);
            for (field_slot, map) in g.seen.iter_mut().enumerate() {
                for (term, positions) in map.drain() {
                    segment.terms[field_slot]
                        .entry(term)
                        .or_default()
                        .push((local as u32, positions));
                }
            }
        }
        segment
    }

    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }
}

/// The whole index, with the articles it was built from (for filters, sorting and
/// checks that need the text: case-sensitive words, phrases in short fields).
#[derive(Default)]
pub struct Index {
    fields: HashMap<Field, BTreeMap<Box<str>, Postings>>,
    lengths: Vec<u32>,
    total_length: u64,
    articles: Vec<Arc<Article>>,
    by_id: HashMap<ArticleId, DocId>,
    /// Documents newest first (undated last, then by title), rebuilt when stale.
    by_date: Vec<DocId>,
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
        index
    }

    /// Appends a segment. `keep[i]` says whether the segment's i-th article was kept
    /// (the library drops duplicates); `articles` are the kept ones, in order.
    pub fn append(&mut self, segment: Segment, keep: &[bool], articles: Vec<Arc<Article>>) {
        let base = self.articles.len() as u32;
        let mut doc_of = Vec::with_capacity(keep.len());
        let mut next = base;
        for &k in keep {
            doc_of.push(k.then(|| {
                next += 1;
                next - 1
            }));
        }
        for (local, &length) in segment.lengths.iter().enumerate() {
            if doc_of.get(local).copied().flatten().is_some() {
                self.lengths.push(length);
                self.total_length += u64::from(length);
            }
        }
        for article in articles {
            self.by_id.insert(article.id, self.articles.len() as DocId);
            self.articles.push(article);
        }
        for (field, terms) in FIELDS.into_iter().zip(segment.terms) {
            self.append_field(field, terms, &doc_of);
        }
        self.by_date.clear();
    }

    fn append_field(
        &mut self,
        field: Field,
        terms: HashMap<String, Vec<(u32, Vec<u32>)>>,
        doc_of: &[Option<DocId>],
    ) {
        let map = self.fields.entry(field).or_default();
        for (term, list) in terms {
            // Articles were gathered in order, so each list is in document order.
            if !list
                .iter()
                .any(|(local, _)| matches!(doc_of.get(*local as usize), Some(Some(_))))
            {
                continue;
            }
            let postings = match map.get_mut(term.as_str()) {
                Some(p) => p,
                None => map.entry(term.into_boxed_str()).or_default(),
            };
            for (local, positions) in list {
                if let Some(Some(doc)) = doc_of.get(local as usize) {
                    postings.push(*doc, &positions, field == Field::All);
                }
            }
        }
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    pub fn article(&self, doc: DocId) -> Option<&Arc<Article>> {
        self.articles.get(doc as usize)
    }

    pub fn doc_of(&self, id: ArticleId) -> Option<DocId> {
        self.by_id.get(&id).copied()
    }

    pub fn length(&self, doc: DocId) -> u32 {
        self.lengths.get(doc as usize).copied().unwrap_or(0)
    }

    pub fn average_length(&self) -> f64 {
        if self.lengths.is_empty() {
            1.0
        } else {
            self.total_length as f64 / self.lengths.len() as f64
        }
    }

    /// The postings of one term, if any article has it.
    pub fn postings(&self, field: Field, term: &str) -> Option<&Postings> {
        self.fields.get(&field)?.get(term)
    }

    /// Every term of a field starting with `prefix`, with its postings.
    pub fn with_prefix<'a>(
        &'a self,
        field: Field,
        prefix: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a Postings)> + 'a {
        self.fields
            .get(&field)
            .into_iter()
            .flat_map(move |map| {
                map.range::<str, _>((
                    std::ops::Bound::Included(prefix),
                    std::ops::Bound::Unbounded,
                ))
            })
            .take_while(move |(term, _)| term.starts_with(prefix))
            .map(|(term, postings)| (&**term, postings))
    }

    /// Documents newest first, undated last, then by title.
    pub fn by_date(&mut self) -> &[DocId] {
        if self.by_date.len() != self.articles.len() {
            let articles = &self.articles;
            let mut order: Vec<DocId> = (0..articles.len() as DocId).collect();
            order.sort_by(|&a, &b| {
                let (a, b) = (&articles[a as usize], &articles[b as usize]);
                b.date
                    .cmp(&a.date)
                    .then_with(|| a.title.cmp(&b.title))
                    .then_with(|| a.path.cmp(&b.path))
            });
            self.by_date = order;
        }
        &self.by_date
    }

    /// Memory held by the postings and the term dictionary, in bytes (an estimate).
    pub fn heap_bytes(&self) -> usize {
        let postings: usize = self
            .fields
            .values()
            .flat_map(|m| m.iter())
            .map(|(term, p)| p.heap_bytes() + term.len() + std::mem::size_of::<Postings>() + 32)
            .sum();
        postings
            + self.lengths.capacity() * 4
            + self.by_date.capacity() * 4
            + self.by_id.capacity() * 24
            + self.articles.capacity() * 8
    }

    pub fn term_count(&self) -> usize {
        self.fields.values().map(BTreeMap::len).sum()
    }

    pub fn fields() -> &'static [Field] {
        &FIELDS
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
        let entries: Vec<Entry> = cafe.entries(true).collect();
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
        let docs: Vec<DocId> = the.entries(true).map(|e| e.doc).collect();
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
            .entries(true)
            .map(|e| e.doc)
            .collect();
        assert_eq!(docs, vec![0, 1]);
        assert!(index.postings(Field::All, "again").is_none());
        assert_eq!(index.doc_of(ArticleId(3)), Some(1));
    }

    #[test]
    fn prefixes_find_every_term_that_starts_so() {
        let batch = vec![article(1, "Government governs", "gov goose")];
        let index = Index::from_articles(&batch.into_iter().map(Arc::new).collect::<Vec<_>>());
        let terms: Vec<&str> = index
            .with_prefix(Field::All, "gov")
            .map(|(t, _)| t)
            .collect();
        assert_eq!(terms, vec!["gov", "government", "governs"]);
    }
}
