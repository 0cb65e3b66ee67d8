//! The index as the library cache keeps it: the document lengths and
//! each field's terms and postings in chunks of terms, encoded with postcard so that
//! they can be decoded in parallel; and the index put back together from them. A
//! removed document is compacted out on the way to the cache: the documents that stay
//! are numbered anew in order, as the library's live articles are when it is saved.

use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{DocId, Field, FieldTerms, Index, Postings};
use crate::article::{Article, Bytes};

/// Bytes of postings per chunk (a chunk ends at the term that passes this): enough to
/// keep a chunk's overhead small, few enough that a large index decodes on every
/// core and that reading a chunk takes little memory.
const CHUNK_BYTES: usize = 4 << 20;

/// A run of one field's terms with their postings, as decoded from the cache.
pub struct Chunk {
    field: Field,
    terms: Vec<Box<str>>,
    postings: Vec<Postings>,
}

/// A chunk as it lies in the cache's bytes, borrowed from them (the same fields,
/// in the order `Postings` writes them).
#[derive(Deserialize)]
struct ChunkIn<'a> {
    field: Field,
    #[serde(borrow)]
    terms: Vec<&'a str>,
    #[serde(borrow)]
    postings: Vec<PostingsIn<'a>>,
}

#[derive(Deserialize)]
struct PostingsIn<'a> {
    docs: &'a [u8],
    positions: &'a [u8],
    count: u32,
    last: Option<DocId>,
}

/// The same, borrowed from an index, to encode.
#[derive(Serialize)]
struct ChunkRef<'a> {
    field: Field,
    terms: &'a [Box<str>],
    postings: &'a [Postings],
}

/// An index encoded for the cache.
pub struct Encoded {
    /// Words per document, in the new numbering.
    pub lengths: Vec<u32>,
    /// The documents newest first (`Index::by_date`), if it was up to date; else
    /// empty (and sorted again once read).
    pub order: Vec<DocId>,
    /// Postcard-encoded chunks, each decodable on its own with [`decode_chunk`] (from the bytes that hold it).
    pub chunks: Vec<Vec<u8>>,
}

/// Why an index could not be encoded for the cache, or a chunk of it decoded.
#[derive(Debug, thiserror::Error)]
pub enum PartsError {
    /// Postcard could not encode or decode a chunk; its text says why.
    #[error("{0}")]
    Postcard(#[from] postcard::Error),
    #[error("an index chunk whose terms and postings differ in number")]
    Mismatched,
}

/// Decodes one chunk that lies in `bytes` (the cache's memory map), its postings
/// left there to be read in place: only the terms are copied.
pub fn decode_chunk(bytes: &Bytes, chunk: &[u8]) -> Result<Chunk, PartsError> {
    let decoded: ChunkIn<'_> = postcard::from_bytes(chunk)?;
    if decoded.terms.len() != decoded.postings.len() {
        return Err(PartsError::Mismatched);
    }
    Ok(Chunk {
        field: decoded.field,
        terms: decoded.terms.into_iter().map(Box::from).collect(),
        postings: decoded
            .postings
            .into_iter()
            .map(|p| Postings::kept(bytes, p.docs, p.positions, p.count, p.last))
            .collect(),
    })
}

impl Index {
    /// The index encoded for the cache, removed documents compacted out.
    pub fn encode(&self) -> Result<Encoded, PartsError> {
        let compacted;
        let (fields, lengths) = if self.removed.is_empty() {
            (&self.fields, self.lengths.clone())
        } else {
            let (fields, lengths) = self.compacted();
            compacted = fields;
            (&compacted, lengths)
        };
        let mut order: Vec<&Field> = fields.keys().collect();
        order.sort();
        let refs: Vec<ChunkRef<'_>> = order
            .into_iter()
            .filter_map(|field| fields.get(field).map(|terms| (*field, terms)))
            .flat_map(|(field, terms)| {
                let mut runs = Vec::new();
                let (mut start, mut bytes) = (0, 0);
                for (i, postings) in terms.postings.iter().enumerate() {
                    let term = terms.terms.get(i).map_or(0, |t| t.len());
                    bytes += postings.docs.len() + postings.positions.len() + term;
                    if bytes >= CHUNK_BYTES || i + 1 == terms.postings.len() {
                        runs.push(ChunkRef {
                            field,
                            terms: &terms.terms[start..=i],
                            postings: &terms.postings[start..=i],
                        });
                        (start, bytes) = (i + 1, 0);
                    }
                }
                runs
            })
            .collect();
        let chunks = refs
            .par_iter()
            .map(|chunk| postcard::to_stdvec(chunk).map_err(PartsError::from))
            .collect::<Result<Vec<_>, _>>()?;
        // The order by date, when it is the whole library's and the numbering stays.
        let order = if self.removed.is_empty() && self.dated == self.articles.len() {
            self.by_date.clone()
        } else {
            Vec::new()
        };
        Ok(Encoded {
            lengths,
            order,
            chunks,
        })
    }

    /// Every field's terms and postings without the removed documents, the others
    /// numbered anew in order; and their lengths.
    fn compacted(&self) -> (std::collections::HashMap<Field, FieldTerms>, Vec<u32>) {
        let mut renumbered: Vec<Option<DocId>> = Vec::with_capacity(self.lengths.len());
        let mut lengths = Vec::with_capacity(self.lengths.len());
        for (doc, &length) in self.lengths.iter().enumerate() {
            if self.removed.contains(&(doc as DocId)) {
                renumbered.push(None);
            } else {
                renumbered.push(Some(lengths.len() as DocId));
                lengths.push(length);
            }
        }
        let mut fields = std::collections::HashMap::new();
        for (&field, terms) in &self.fields {
            let with_positions = field == Field::All;
            let mut out = FieldTerms::default();
            for (term, postings) in terms.terms.iter().zip(&terms.postings) {
                let mut fresh = Postings::default();
                let entries: Box<dyn Iterator<Item = _>> = if with_positions {
                    Box::new(postings.entries_with_positions())
                } else {
                    Box::new(postings.entries())
                };
                for entry in entries {
                    let Some(Some(doc)) = renumbered.get(entry.doc as usize) else {
                        continue;
                    };
                    let positions = if with_positions {
                        postings.position_bytes(&entry)
                    } else {
                        &[]
                    };
                    fresh.push_entry(*doc, entry.tf, positions);
                }
                if fresh.count > 0 {
                    out.terms.push(term.clone());
                    out.postings.push(fresh);
                }
            }
            fields.insert(field, out);
        }
        (fields, lengths)
    }

    /// An index put back together from the cache, without its articles yet (see
    /// [`Index::attach`]): the chunks in the order `encode` gave them.
    /// `order` is the documents newest first, as encoded: kept if it is an order of
    /// all of them, else left to be sorted again.
    pub fn decoded(lengths: Vec<u32>, order: Vec<DocId>, chunks: Vec<Chunk>) -> Index {
        let mut fields: std::collections::HashMap<Field, FieldTerms> = Default::default();
        for chunk in chunks {
            let terms = fields.entry(chunk.field).or_default();
            terms.terms.extend(chunk.terms);
            terms.postings.extend(chunk.postings);
        }
        // The sorted term lists (for prefixes) are left to the first search with
        // terms, or the search thread's first idle moment: a start lists the library
        // without them.
        fields
            .par_iter_mut()
            .for_each(|(_, terms)| terms.rebuild_ids());
        let total_length = lengths.iter().map(|&l| u64::from(l)).sum();
        let mut seen = vec![false; lengths.len()];
        let whole = order.len() == lengths.len()
            && order.iter().all(|&d| {
                seen.get_mut(d as usize)
                    .is_some_and(|s| !std::mem::replace(s, true))
            });
        let (by_date, dated) = if whole && !order.is_empty() {
            let dated = order.len();
            (order, dated)
        } else {
            (Vec::new(), 0)
        };
        Index {
            fields,
            lengths,
            total_length,
            by_date,
            dated,
            ..Index::default()
        }
    }

    /// Gives a decoded index its articles, in document order; `false` (and nothing
    /// changed) unless they are as many as its documents and it has none yet.
    pub fn attach(&mut self, articles: Vec<Arc<Article>>) -> bool {
        if !self.articles.is_empty() || articles.len() != self.lengths.len() {
            return false;
        }
        self.by_id = articles
            .iter()
            .enumerate()
            .map(|(doc, a)| (a.id, doc as DocId))
            .collect();
        self.articles = articles;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{ArticleId, Draft};
    use crate::index::Segment;

    /// A chunk decoded from bytes of its own (in the reader, the cache's map).
    fn decode_alone(chunk: &[u8]) -> Result<Chunk, PartsError> {
        let bytes: Bytes = Arc::new(chunk.to_vec());
        decode_chunk(&bytes, (*bytes).as_ref())
    }

    fn article(id: u64, title: &str, body: &str) -> Article {
        let draft = Draft {
            title: title.into(),
            body: vec![crate::article::Block::Paragraph(body.into())],
            ..Draft::default()
        };
        Article::new(ArticleId(id), format!("{id}.txt").into(), draft)
    }

    #[test]
    fn the_order_by_date_is_kept_and_a_false_one_is_sorted_again() {
        let dated = |id: u64, day: u32, title: &str| {
            let draft = Draft {
                title: title.into(),
                date: chrono::NaiveDate::from_ymd_opt(2024, 3, day),
                ..Draft::default()
            };
            Arc::new(Article::new(
                ArticleId(id),
                format!("{id}.md").into(),
                draft,
            ))
        };
        let articles = vec![dated(1, 5, "b"), dated(2, 9, "a"), dated(3, 1, "c")];
        let mut index = Index::from_articles(&articles);
        assert_eq!(index.by_date(), &[1, 0, 2]);
        let encoded = index.encode().unwrap();
        assert_eq!(encoded.order, [1, 0, 2]);
        let decode = |order: Vec<DocId>| {
            let chunks = encoded.chunks.iter().map(|c| decode_alone(c).unwrap());
            let mut back = Index::decoded(encoded.lengths.clone(), order, chunks.collect());
            assert!(back.attach(articles.clone()));
            back
        };
        // Kept as it was written: not sorted again (a written order that is not the
        // articles' own shows it).
        assert_eq!(decode(vec![2, 0, 1]).by_date(), &[2, 0, 1]);
        assert_eq!(decode(encoded.order.clone()).by_date(), &[1, 0, 2]);
        // Not an order of every document: sorted again.
        for false_order in [vec![1, 1, 2], vec![0, 1], vec![0, 1, 7], vec![]] {
            assert_eq!(decode(false_order).by_date(), &[1, 0, 2]);
        }
    }

    fn docs(index: &Index, field: Field, term: &str) -> Vec<(DocId, Vec<u32>)> {
        index
            .postings(field, term)
            .map(|p| {
                p.entries_with_positions()
                    .map(|e| (e.doc, p.positions_of(&e)))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn round_trip(index: &Index, live: Vec<Arc<Article>>) -> Index {
        let encoded = index.encode().unwrap();
        let chunks = encoded
            .chunks
            .iter()
            .map(|c| decode_alone(c).unwrap())
            .collect();
        let mut back = Index::decoded(encoded.lengths, encoded.order, chunks);
        assert!(back.attach(live));
        back
    }

    #[test]
    fn an_index_comes_back_from_the_cache_as_it_was() {
        let articles: Vec<Arc<Article>> = vec![
            Arc::new(article(1, "Harbour news", "the ferry left the harbour")),
            Arc::new(article(2, "Ferry", "a ferry and another ferry")),
        ];
        let index = Index::from_articles(&articles);
        let mut back = round_trip(&index, articles.clone());
        for (field, term) in [
            (Field::All, "ferry"),
            (Field::All, "harbour"),
            (Field::Title, "ferry"),
            (Field::Path, "txt"),
        ] {
            assert_eq!(
                docs(&back, field, term),
                docs(&index, field, term),
                "{term}"
            );
        }
        assert_eq!(back.len(), 2);
        assert_eq!(back.doc_of(ArticleId(2)), Some(1));
        assert_eq!(back.average_length(), index.average_length());
        // Its sorted term lists are made when a search first needs them.
        back.prepare();
        let prefixed: Vec<&str> = back.with_prefix(Field::All, "harb").map(|t| t.0).collect();
        assert_eq!(prefixed, ["harbour"]);
    }

    #[test]
    fn an_index_left_in_the_cache_bytes_is_read_in_place_and_grows_as_a_copy() {
        let articles: Vec<Arc<Article>> = vec![
            Arc::new(article(1, "Harbour news", "the ferry left the harbour")),
            Arc::new(article(2, "Ferry", "a ferry and another ferry")),
        ];
        let index = Index::from_articles(&articles);
        let encoded = index.encode().unwrap();
        // The chunks one after another, as in the cache file (here a vector, there a
        // memory map).
        let mut file = Vec::new();
        let mut places = Vec::new();
        for chunk in &encoded.chunks {
            places.push(file.len()..file.len() + chunk.len());
            file.extend_from_slice(chunk);
        }
        let map: Bytes = Arc::new(file.clone());
        let whole = (*map).as_ref();
        let chunks = places
            .iter()
            .map(|at| decode_chunk(&map, &whole[at.clone()]).unwrap())
            .collect();
        let mut back = Index::decoded(encoded.lengths.clone(), encoded.order.clone(), chunks);
        assert!(back.attach(articles.clone()));
        let ferry = back.postings(Field::All, "ferry").unwrap();
        assert!(
            ferry.docs.is_kept() && ferry.positions.is_kept(),
            "not copied"
        );
        for (field, term) in [
            (Field::All, "ferry"),
            (Field::Title, "ferry"),
            (Field::All, "the"),
        ] {
            assert_eq!(
                docs(&back, field, term),
                docs(&index, field, term),
                "{term}"
            );
        }
        // A document added to the term: its postings copied out, the map unchanged.
        let third = article(3, "Ferry strike", "no ferry today");
        let all: Vec<Arc<Article>> = articles
            .iter()
            .cloned()
            .chain([Arc::new(third.clone())])
            .collect();
        back.append(Segment::build(&[third]), &[true], all.clone());
        let fresh = Index::from_articles(&all);
        assert_eq!(
            docs(&back, Field::All, "ferry"),
            docs(&fresh, Field::All, "ferry")
        );
        assert_eq!(docs(&back, Field::All, "ferry").len(), 3);
        assert!(!back.postings(Field::All, "ferry").unwrap().docs.is_kept());
        assert_eq!((*map).as_ref(), &file[..]);
        // Damaged bytes are refused, not trusted.
        assert!(decode_chunk(&map, &whole[..3.min(whole.len())]).is_err());
    }

    #[test]
    fn removed_documents_are_compacted_out_and_the_rest_renumbered() {
        let articles: Vec<Arc<Article>> = vec![
            Arc::new(article(1, "One", "river town")),
            Arc::new(article(2, "Two", "river delta town")),
            Arc::new(article(3, "Three", "delta town town")),
        ];
        let mut index = Index::new();
        let owned: Vec<Article> = articles.iter().map(|a| (**a).clone()).collect();
        index.append(Segment::build(&owned), &[true; 3], articles.clone());
        index.remove(&[1]);
        let live = vec![articles[0].clone(), articles[2].clone()];
        let back = round_trip(&index, live);
        assert_eq!(back.len(), 2);
        // Body words follow the title's one word and the gap between blocks.
        assert_eq!(docs(&back, Field::All, "river"), [(0, vec![9])]);
        assert_eq!(
            docs(&back, Field::All, "town"),
            [(0, vec![10]), (1, vec![10, 11])]
        );
        assert_eq!(docs(&back, Field::All, "delta"), [(1, vec![9])]);
        assert!(
            back.postings(Field::Title, "two").is_none(),
            "a term only the removed had"
        );
        assert_eq!(back.doc_of(ArticleId(3)), Some(1));
    }

    #[test]
    fn articles_that_do_not_fit_are_refused() {
        let articles: Vec<Arc<Article>> = vec![Arc::new(article(1, "One", "x"))];
        let index = Index::from_articles(&articles);
        let encoded = index.encode().unwrap();
        let mut back = Index::decoded(encoded.lengths, encoded.order, Vec::new());
        assert!(!back.attach(Vec::new()));
        assert!(back.attach(articles));
    }

    #[test]
    fn a_damaged_chunk_is_an_error_not_a_panic() {
        assert!(decode_alone(&[0xff, 0xff, 0xff]).is_err());
        assert!(decode_alone(&[]).is_err());
        // Well formed, but with a term short of postings: refused, not trusted.
        let terms: Vec<Box<str>> = vec!["one".into(), "two".into()];
        let postings = vec![Postings::default()];
        let bytes = postcard::to_stdvec(&ChunkRef {
            field: Field::All,
            terms: &terms,
            postings: &postings,
        })
        .unwrap();
        assert!(decode_alone(&bytes).is_err());
    }
}
