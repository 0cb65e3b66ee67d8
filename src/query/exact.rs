//! The exact pass of a query: phrases checked on word positions, and case-sensitive
//! words (smart case) against the article's own text.

use super::ast::Term;
use super::bits::Bits;
use crate::article::{Article, Block};
use crate::index::{DocId, Field, Index};
use crate::words::{
    Token, fold, fold_into, strip_diacritics_keep_case, strip_diacritics_keep_case_into, tokens,
};

/// Positions of a word in the candidate documents, in document order: for each
/// document, a range of `all`.
pub(super) struct Positions {
    docs: Vec<(DocId, usize, usize)>,
    all: Vec<u32>,
}

impl Positions {
    fn of(&self, doc: DocId) -> Option<&[u32]> {
        let i = self.docs.binary_search_by_key(&doc, |&(d, _, _)| d).ok()?;
        let (_, start, end) = self.docs[i];
        self.all.get(start..end)
    }
}

/// How often (in documents) the exact pass asks whether it was cancelled: a phrase of
/// common words at a million articles walks a million documents' positions, and a
/// newer query (the next keystroke) must not wait for that.
const ASK_EVERY: usize = 4096;

/// As often, in documents whose text is read (each a decode and a walk of its words).
const ASK_EVERY_TEXT: usize = 64;

/// Whether the `i`-th step of a walk finds the search cancelled (asked every `every`).
fn stop(i: usize, every: usize, cancelled: &(dyn Fn() -> bool + Sync)) -> bool {
    i % every == every - 1 && cancelled()
}

/// Positions of `token` (or, as a prefix, of every word starting with it); `None` if
/// the search was cancelled meanwhile.
pub(super) fn positions(
    index: &Index,
    token: &str,
    prefix: bool,
    candidates: &Bits,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Positions> {
    let mut per_doc: Vec<(DocId, Vec<u32>)> = Vec::new();
    let mut out = Positions {
        docs: Vec::new(),
        all: Vec::new(),
    };
    let lists: Vec<&crate::index::Postings> = if prefix {
        index
            .with_prefix(Field::All, token)
            .map(|(_, p)| p)
            .collect()
    } else {
        index.postings(Field::All, token).into_iter().collect()
    };
    if let [only] = lists.as_slice() {
        for (i, entry) in only.entries_with_positions().enumerate() {
            if stop(i, ASK_EVERY, cancelled) {
                return None;
            }
            if candidates.get(entry.doc) {
                let start = out.all.len();
                only.extend_positions(&entry, &mut out.all);
                out.docs.push((entry.doc, start, out.all.len()));
            }
        }
        return Some(out);
    }
    // Several words share the prefix: gather, then merge per document.
    for postings in lists {
        for (i, entry) in postings.entries_with_positions().enumerate() {
            if stop(i, ASK_EVERY, cancelled) {
                return None;
            }
            if candidates.get(entry.doc) {
                per_doc.push((entry.doc, postings.positions_of(&entry)));
            }
        }
    }
    per_doc.sort_by_key(|(d, _)| *d);
    let mut i = 0;
    while i < per_doc.len() {
        let doc = per_doc[i].0;
        let start = out.all.len();
        while i < per_doc.len() && per_doc[i].0 == doc {
            out.all.extend_from_slice(&per_doc[i].1);
            i += 1;
        }
        out.all[start..].sort_unstable();
        out.docs.push((doc, start, out.all.len()));
    }
    Some(out)
}

/// The candidates holding the tokens as consecutive words; `None` if the search was
/// cancelled meanwhile.
pub(super) fn phrase_by_positions(
    index: &Index,
    tokens: &[String],
    prefix: bool,
    candidates: &Bits,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Bits> {
    let last = tokens.len() - 1;
    let lists: Vec<Positions> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| positions(index, t, prefix && i == last, candidates, cancelled))
        .collect::<Option<_>>()?;
    let mut bits = Bits::empty(index.slots());
    for (i, &(doc, start, end)) in lists[0].docs.iter().enumerate() {
        if stop(i, ASK_EVERY, cancelled) {
            return None;
        }
        let rest: Option<Vec<&[u32]>> = lists[1..].iter().map(|l| l.of(doc)).collect();
        let Some(rest) = rest else { continue };
        let found = lists[0].all[start..end].iter().any(|&p| {
            rest.iter()
                .enumerate()
                .all(|(i, l)| l.binary_search(&(p + 1 + i as u32)).is_ok())
        });
        if found {
            bits.set(doc);
        }
    }
    Some(bits)
}

/// The texts of an article's field, block by block, as they were indexed (`body`
/// being the article's).
fn field_texts<'a>(article: &'a Article, body: &'a [Block], field: Field) -> Vec<&'a str> {
    let mut texts: Vec<&str> = Vec::new();
    match field {
        Field::Title => texts.push(&article.title),
        Field::Author => texts.extend(article.author.as_deref()),
        Field::Source => texts.extend(
            [article.source.as_deref(), article.site.as_deref()]
                .into_iter()
                .flatten(),
        ),
        Field::Tag => texts.extend(article.tags.iter().map(String::as_str)),
        Field::Path => {}
        Field::All => {
            texts.push(&article.title);
            texts.extend(
                [
                    &article.subtitle,
                    &article.author,
                    &article.source,
                    &article.site,
                ]
                .into_iter()
                .flatten()
                .map(String::as_str),
            );
            texts.extend(article.tags.iter().map(String::as_str));
            for block in body {
                match block {
                    Block::Heading { text, .. }
                    | Block::Paragraph(text)
                    | Block::Quote(text)
                    | Block::Code(text) => texts.push(text),
                    Block::List { items, .. } => texts.extend(items.iter().map(String::as_str)),
                    Block::Rule => {}
                }
            }
        }
    }
    texts
}

/// Whether a field of the article holds the term's words in sequence within a block.
pub(super) fn field_has(article: &Article, field: Field, term: &Term) -> bool {
    if field == Field::Path {
        return text_has(&article.path.to_string_lossy(), term);
    }
    let check = |body: &[Block]| {
        field_texts(article, body, field)
            .into_iter()
            .any(|t| text_has(t, term))
    };
    match field {
        // A body left in the library cache is decoded for the check, not kept.
        Field::All => article.body.with(check),
        _ => check(&[]),
    }
}

/// Keeps the candidates whose text holds the term's words in sequence, comparing case
/// where the term is case-sensitive (diacritics are always ignored); `None` if the
/// search was cancelled meanwhile.
pub(super) fn check_text(
    index: &Index,
    term: &Term,
    field: Field,
    candidates: &Bits,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Bits> {
    let mut bits = Bits::empty(index.slots());
    for (i, doc) in candidates.iter().enumerate() {
        if stop(i, ASK_EVERY_TEXT, cancelled) {
            return None;
        }
        if index
            .article(doc)
            .is_some_and(|a| field_has(a, field, term))
        {
            bits.set(doc);
        }
    }
    Some(bits)
}

/// Whether `text` holds the term's tokens as consecutive words. Folds each word into
/// one reused buffer: no allocation per word.
pub fn text_has(text: &str, term: &Term) -> bool {
    let wanted: Vec<String> = term
        .tokens
        .iter()
        .map(|t| {
            if term.case_sensitive {
                strip_diacritics_keep_case(t)
            } else {
                fold(t)
            }
        })
        .collect();
    let Some(last) = wanted.len().checked_sub(1) else {
        return false;
    };
    let words: Vec<Token> = tokens(text).collect();
    let mut buf = String::new();
    let norm = |token: &Token, buf: &mut String| {
        buf.clear();
        if term.case_sensitive {
            strip_diacritics_keep_case_into(token.text(text), buf);
        } else {
            fold_into(token.text(text), buf);
        }
    };
    'start: for start in 0..words.len().saturating_sub(last) {
        for (i, want) in wanted.iter().enumerate() {
            norm(&words[start + i], &mut buf);
            let ok = if term.prefix && i == last {
                buf.starts_with(want.as_str())
            } else {
                buf == *want
            };
            if !ok {
                continue 'start;
            }
        }
        return true;
    }
    false
}
