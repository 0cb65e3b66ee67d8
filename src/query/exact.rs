//! The exact pass of a query: phrases checked on word positions, and case-sensitive
//! words (smart case) against the article's own text.

use super::ast::Term;
use super::bits::Bits;
use crate::article::{Article, Block};
use crate::index::{DocId, Field, Index};
use crate::words::{fold_into, strip_diacritics_keep_case_into, tokens};

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
    let mut wanted = Wanted::new(term);
    if field == Field::Path {
        return wanted.in_text(&article.path.to_string_lossy());
    }
    let mut check = |body: &[Block]| {
        field_texts(article, body, field)
            .into_iter()
            .any(|t| wanted.in_text(t))
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

/// Whether `text` holds the term's tokens as consecutive words.
pub fn text_has(text: &str, term: &Term) -> bool {
    Wanted::new(term).in_text(text)
}

/// A term's check on texts: its tokens (already normalised as the parser makes them:
/// folded, or only stripped of their diacritics when the term is case-sensitive)
/// against the last words read, for all the texts of an article.
struct Wanted<'t> {
    term: &'t Term,
    /// The last `term.tokens.len()` words of the text, normalised as the tokens, in
    /// a ring of reused buffers: no allocation per word.
    last: Vec<String>,
}

impl<'t> Wanted<'t> {
    fn new(term: &'t Term) -> Wanted<'t> {
        let last = vec![String::new(); term.tokens.len()];
        Wanted { term, last }
    }

    /// Whether `text` holds the tokens as consecutive words.
    fn in_text(&mut self, text: &str) -> bool {
        let n = self.term.tokens.len();
        if n == 0 {
            return false;
        }
        for (i, token) in tokens(text).enumerate() {
            let word = &mut self.last[i % n];
            word.clear();
            match self.term.case_sensitive {
                true => strip_diacritics_keep_case_into(token.text(text), word),
                false => fold_into(token.text(text), word),
            }
            // The words i + 1 - n ..= i against the tokens.
            if i + 1 >= n
                && self.term.tokens.iter().enumerate().all(|(j, want)| {
                    let word = &self.last[(i + 1 + j) % n];
                    match self.term.prefix && j == n - 1 {
                        true => word.starts_with(want.as_str()),
                        false => word == want,
                    }
                })
            {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(tokens: &[&str], case_sensitive: bool, prefix: bool) -> Term {
        Term {
            field: None,
            tokens: tokens.iter().map(|t| t.to_string()).collect(),
            case_sensitive,
            prefix,
            span: (0, 0),
        }
    }

    /// A text holds a term where its words follow one another, however the text
    /// repeats them before; diacritics and (unless the term has capitals) case aside.
    #[test]
    fn a_text_holds_a_term_where_its_words_follow_one_another() {
        let cases: &[(&[&str], bool, bool, &str, bool)] = &[
            (&["a", "a", "b"], false, false, "x a a a b y", true),
            (&["a", "a", "b"], false, false, "x a a c a b", false),
            (&["talks", "on"], false, false, "Talks on Iran", true),
            (&["on", "talks"], false, false, "Talks on Iran", false),
            (&["the", "market"], false, false, "the the market", true),
            (&["the", "market"], false, false, "the marketing", false),
            (&["the", "mar"], false, true, "in the marketing team", true),
            (&["the", "mar"], false, true, "the amar", false),
            (&["cafe"], false, false, "Le Café, Zürich", true),
            (&["zurich", "x"], false, false, "Le Café, Zürich", false),
            (&["Apple"], true, false, "an apple pie", false),
            (&["Apple"], true, false, "an Äpple pie", true),
            (&["Apple", "pie"], true, false, "APPLE pie, Apple pie", true),
            (&["word"], false, false, "", false),
        ];
        for &(tokens, case_sensitive, prefix, text, holds) in cases {
            let term = term(tokens, case_sensitive, prefix);
            assert_eq!(text_has(text, &term), holds, "{tokens:?} in {text:?}");
        }
        // One term's check across several texts: no word carries over.
        let a_b = term(&["a", "b"], false, false);
        let mut wanted = Wanted::new(&a_b);
        assert!(!wanted.in_text("x a"));
        assert!(!wanted.in_text("b x"));
        assert!(wanted.in_text("a b"));
    }
}
