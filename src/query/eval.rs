//! Evaluating a parsed query against the index: which articles match, and in which
//! order. The same function serves the reader's filter (on the search thread) and
//! `tidings list --query`, so the two always count alike. No I/O.
//!
//! Sets of articles are bitsets; words come from the postings, phrases are checked on
//! word positions, and case-sensitive words (smart case) against the article's text.
//! Free text ranks by BM25 with title matches weighing more; otherwise newest first.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::ast::{DateRange, Expr, Field as QueryField, Query, Sort, StateFilter, Term};
pub use super::bits::Bits;
pub use super::exact::text_has;
use super::exact::{check_text, field_has, phrase_by_positions};
use super::rank::{first, order};
use super::read_ahead::{Known, read_ahead};
use crate::article::{Article, ArticleId};
use crate::index::{DocId, Field, Index};
use crate::words::fold;

/// What a query needs besides the index: the person's marks, and a way to learn that
/// a newer query has made this one pointless.
pub struct Context<'a> {
    pub bookmarked: &'a HashSet<ArticleId>,
    pub read: &'a HashSet<ArticleId>,
    /// The tags given in the reader: the articles of each, by the tag as given.
    pub tagged: &'a HashMap<String, HashSet<ArticleId>>,
    /// Only bookmarked articles (the reader's `B` view).
    pub bookmarked_only: bool,
    pub cancelled: &'a (dyn Fn() -> bool + Sync),
}

pub(super) fn index_field(field: Option<QueryField>) -> Field {
    match field {
        None => Field::All,
        Some(QueryField::Title) => Field::Title,
        Some(QueryField::Author) => Field::Author,
        Some(QueryField::Source) => Field::Source,
        Some(QueryField::Tag) => Field::Tag,
        Some(QueryField::Path) => Field::Path,
    }
}

/// How closely phrases and case-sensitive words are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pass {
    /// Exactly, on word positions and the text.
    Exact,
    /// By their words only: a superset, fast, for the first screenful.
    Loose,
}

/// How many results make a first screenful.
pub const FIRST_SCREEN: usize = 100;

/// The matching documents, in the order they should be listed; `None` if cancelled.
pub fn search(index: &mut Index, query: &Query, ctx: &Context) -> Option<Vec<DocId>> {
    ready(index, query);
    let sort = sort_of(query);
    let (matched, scores, _) = matched_and_scored(index, query, ctx, Pass::Exact, sort)?;
    Some(order(index, &matched, sort, &scores))
}

/// The query's matches, every document's score when they are ranked by relevance
/// (else none), and the documents of the words read for them. Each word's postings
/// are read once, the words in parallel: those scored as they are scored, the
/// others beside them.
fn matched_and_scored(
    index: &Index,
    query: &Query,
    ctx: &Context,
    pass: Pass,
    sort: Sort,
) -> Option<(Bits, Vec<f32>, Known)> {
    let (known, scores) = read_ahead(index, query, sort, ctx.cancelled)?;
    let matched = matching(index, query, ctx, pass, &known)?;
    Some((matched, scores, known))
}

/// Readies what a search reads: the sorted term lists that prefixes need (the whole
/// library, no terms, does not wait for them), and the order by date (with each
/// document's place in it, to rank by relevance).
fn ready(index: &mut Index, query: &Query) {
    if query.root.is_some() {
        index.prepare();
    }
    match sort_of(query) {
        Sort::Relevance => index.date_ranks(),
        _ => index.by_date(),
    };
}

/// A query's first `k` results, when its full answer is slow and worth sending them
/// ahead (see `search_staged`); `None` when the full answer is as quick, or when
/// cancelled.
#[cfg(test)]
pub fn search_first(
    index: &mut Index,
    query: &Query,
    ctx: &Context,
    k: usize,
) -> Option<Vec<DocId>> {
    let mut got = None;
    stages(
        index,
        query,
        ctx,
        k,
        &mut |first, _| got = Some(first),
        false,
    );
    got
}

/// As `search`, but gives `ahead` the first `k` results (and how many match in all,
/// when that is known) before putting the rest in order, when that takes a while:
/// for queries with phrases or case-sensitive words (their first `k` are found by
/// checking the ranked candidates one by one against their text), and for queries
/// ranked by relevance that match many articles (the first `k` are picked out
/// without sorting the rest).
pub fn search_staged(
    index: &mut Index,
    query: &Query,
    ctx: &Context,
    k: usize,
    ahead: &mut dyn FnMut(Vec<DocId>, Option<usize>),
) -> Option<Vec<DocId>> {
    stages(index, query, ctx, k, ahead, true)
}

/// `search_staged`, or (`rest` false) only its first stage.
fn stages(
    index: &mut Index,
    query: &Query,
    ctx: &Context,
    k: usize,
    ahead: &mut dyn FnMut(Vec<DocId>, Option<usize>),
    rest: bool,
) -> Option<Vec<DocId>> {
    ready(index, query);
    let sort = sort_of(query);
    let loosened = query
        .root
        .as_ref()
        .is_some_and(|root| loosened(root, false));
    if let Some(root) = &query.root
        && loosened
    {
        let (loose, scores, known) = matched_and_scored(index, query, ctx, Pass::Loose, sort)?;
        ahead(
            checked_first(index, query, ctx, root, &loose, &scores, k)?,
            None,
        );
        if !rest {
            return None;
        }
        let matched = matching(index, query, ctx, Pass::Exact, &known)?;
        return Some(order(index, &matched, sort, &scores));
    }
    let (matched, scores, _) = matched_and_scored(index, query, ctx, Pass::Exact, sort)?;
    let total = matched.count();
    if sort == Sort::Relevance && total > k.saturating_mul(MANY_SCREENS) {
        ahead(first(index, &matched, sort, &scores, k), Some(total));
    }
    if !rest || (ctx.cancelled)() {
        return None;
    }
    Some(order(index, &matched, sort, &scores))
}

/// How many screenfuls of matches make ranking them all slow enough (a few
/// milliseconds) to send the first screenful ahead.
const MANY_SCREENS: usize = 100;

/// Candidates checked against their text at a time, in parallel.
const CHECKED: usize = 32;

/// The first `k` of the loose superset's candidates, in order, that hold on their
/// text. The candidates are put in order a few screenfuls at a time.
fn checked_first(
    index: &mut Index,
    query: &Query,
    ctx: &Context,
    root: &Expr,
    loose: &Bits,
    scores: &[f32],
    k: usize,
) -> Option<Vec<DocId>> {
    let sort = sort_of(query);
    let (candidates_in_all, mut found) = (loose.count(), Vec::with_capacity(k));
    let mut looked = 0;
    let mut wanted = k.saturating_mul(4).max(1);
    // Only these orders pick out their first candidates for less than all of them.
    let picked = matches!(sort, Sort::Relevance | Sort::DateNewest);
    loop {
        let all = wanted >= candidates_in_all || !picked;
        let candidates = if all {
            order(index, loose, sort, scores)
        } else {
            first(index, loose, sort, scores, wanted)
        };
        // A few candidates at a time are checked in parallel.
        let shared: &Index = index;
        for chunk in candidates.get(looked..).unwrap_or_default().chunks(CHECKED) {
            if (ctx.cancelled)() {
                return None;
            }
            let held: Vec<bool> = chunk
                .par_iter()
                .map(|&doc| shared.article(doc).is_some_and(|a| holds(root, a, ctx)))
                .collect();
            for (&doc, held) in chunk.iter().zip(held) {
                if found.len() == k {
                    return Some(found);
                }
                if held {
                    found.push(doc);
                }
            }
        }
        if found.len() == k || all {
            return Some(found);
        }
        looked = candidates.len();
        wanted = wanted.saturating_mul(8);
    }
}

fn sort_of(query: &Query) -> Sort {
    query.sort.unwrap_or(if query.has_free_text {
        Sort::Relevance
    } else {
        Sort::DateNewest
    })
}

/// Whether the loose pass differs from the exact one somewhere in `expr` (a positive
/// phrase or case-sensitive word; under a negation everything stays exact).
fn loosened(expr: &Expr, negated: bool) -> bool {
    match expr {
        Expr::And(items) | Expr::Or(items) => items.iter().any(|e| loosened(e, negated)),
        Expr::Not(inner) => loosened(inner, !negated),
        Expr::Term(term) => !negated && (term.tokens.len() > 1 || term.case_sensitive),
        Expr::Date(_) | Expr::Is(_) => false,
    }
}

/// Whether one article matches `expr`, decided on its text alone.
fn holds(expr: &Expr, article: &Article, ctx: &Context) -> bool {
    match expr {
        Expr::And(items) => items.iter().all(|e| holds(e, article, ctx)),
        Expr::Or(items) => items.iter().any(|e| holds(e, article, ctx)),
        Expr::Not(inner) => !holds(inner, article, ctx),
        Expr::Term(term) => {
            field_has(article, index_field(term.field), term)
                || user_tagged(term, ctx).any(|ids| ids.contains(&article.id))
        }
        Expr::Date(range) => article.date.is_some_and(|d| range.contains(d)),
        Expr::Is(StateFilter::Bookmarked) => ctx.bookmarked.contains(&article.id),
        Expr::Is(StateFilter::Read) => ctx.read.contains(&article.id),
        Expr::Is(StateFilter::Unread) => !ctx.read.contains(&article.id),
    }
}

/// The query's matches; `known`, the documents of words already read.
fn matching(
    index: &Index,
    query: &Query,
    ctx: &Context,
    pass: Pass,
    known: &Known,
) -> Option<Bits> {
    let n = index.slots();
    let mut matched = match &query.root {
        Some(expr) => eval(index, expr, ctx, pass, known)?,
        None => Bits::full(n),
    };
    if ctx.bookmarked_only {
        matched.and(&state_bits(index, StateFilter::Bookmarked, ctx));
    }
    // Removed documents are still numbered; a negation would bring them back.
    for doc in index.removed() {
        matched.unset(doc);
    }
    if (ctx.cancelled)() {
        return None;
    }
    Some(matched)
}

fn eval(index: &Index, expr: &Expr, ctx: &Context, pass: Pass, known: &Known) -> Option<Bits> {
    let n = index.slots();
    if (ctx.cancelled)() {
        return None;
    }
    Some(match expr {
        // The parts of a query are found in parallel.
        Expr::And(items) => {
            let mut bits = Bits::full(n);
            for part in parts(index, items, ctx, pass, known)? {
                bits.and(&part);
            }
            bits
        }
        Expr::Or(items) => {
            let mut bits = Bits::empty(n);
            for part in parts(index, items, ctx, pass, known)? {
                bits.or(&part);
            }
            bits
        }
        Expr::Not(inner) => {
            // Under a negation a superset would drop matches: always exact.
            let mut bits = eval(index, inner, ctx, Pass::Exact, known)?;
            bits.not();
            bits
        }
        Expr::Term(term) => {
            let mut bits = term_docs(index, term, ctx, pass, known)?;
            for ids in user_tagged(term, ctx) {
                for id in ids {
                    if let Some(doc) = index.doc_of(*id) {
                        bits.set(doc);
                    }
                }
            }
            bits
        }
        Expr::Date(range) => date_bits(index, range),
        Expr::Is(state) => state_bits(index, *state, ctx),
    })
}

/// The documents of each of `items`, found in parallel.
fn parts(
    index: &Index,
    items: &[Expr],
    ctx: &Context,
    pass: Pass,
    known: &Known,
) -> Option<Vec<Bits>> {
    items
        .par_iter()
        .map(|item| eval(index, item, ctx, pass, known))
        .collect()
}

fn date_bits(index: &Index, range: &DateRange) -> Bits {
    let mut bits = Bits::empty(index.slots());
    let date = |d: &DocId| index.article(*d).and_then(|a| a.date);
    match index.by_date_now() {
        // Newest first, undated last: the range is one run of that order.
        Some(order) => {
            let start = match range.until {
                Some(until) => order.partition_point(|d| date(d).is_some_and(|x| x >= until)),
                None => 0,
            };
            let end = match range.from {
                Some(from) => order.partition_point(|d| date(d).is_some_and(|x| x >= from)),
                None => order.partition_point(|d| date(d).is_some()),
            };
            for d in order.get(start..end).unwrap_or_default() {
                bits.set(*d);
            }
        }
        None => {
            for doc in 0..index.slots() as DocId {
                if date(&doc).is_some_and(|d| range.contains(d)) {
                    bits.set(doc);
                }
            }
        }
    }
    bits
}

/// For a `tag:` term of one word, the articles given a matching tag in the reader
/// (the tag itself, or as the prefix it is while typed).
fn user_tagged<'a>(
    term: &'a Term,
    ctx: &'a Context,
) -> impl Iterator<Item = &'a HashSet<ArticleId>> + 'a {
    // As other words: folded, unless a capital makes the word case-sensitive.
    let fold_unless = move |text: &str| match term.case_sensitive {
        true => text.to_string(),
        false => fold(text),
    };
    let word = match (term.field, term.tokens.as_slice()) {
        (Some(QueryField::Tag), [word]) => Some(fold_unless(word)),
        _ => None,
    };
    ctx.tagged
        .iter()
        .filter(move |(tag, _)| {
            word.as_ref().is_some_and(|word| {
                let tag = fold_unless(tag);
                tag == *word || (term.prefix && tag.starts_with(word.as_str()))
            })
        })
        .map(|(_, ids)| ids)
}

fn state_bits(index: &Index, state: StateFilter, ctx: &Context) -> Bits {
    let mut bits = Bits::empty(index.slots());
    let set = match state {
        StateFilter::Bookmarked => ctx.bookmarked,
        StateFilter::Read | StateFilter::Unread => ctx.read,
    };
    for id in set {
        if let Some(doc) = index.doc_of(*id) {
            bits.set(doc);
        }
    }
    if state == StateFilter::Unread {
        bits.not();
    }
    bits
}

/// Documents holding one folded token (or, as a prefix, any word starting with it);
/// `None` if the search was cancelled meanwhile (asked at every word of a prefix:
/// a letter's words hold most of a large library's postings).
pub(super) fn token_docs(
    index: &Index,
    field: Field,
    token: &str,
    prefix: bool,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Bits> {
    let mut bits = Bits::empty(index.slots());
    let mut add = |postings: &crate::index::Postings| bits.set_postings(postings);
    if prefix {
        for (_, postings) in index.with_prefix(field, token) {
            if cancelled() {
                return None;
            }
            add(postings);
        }
    } else if let Some(p) = index.postings(field, token) {
        add(p);
    }
    Some(bits)
}

/// A term's documents; `None` if the search was cancelled during its exact pass.
fn term_docs(index: &Index, term: &Term, ctx: &Context, pass: Pass, known: &Known) -> Option<Bits> {
    let field = index_field(term.field);
    let mut bits = Bits::full(index.slots());
    let mut folded = Vec::with_capacity(term.tokens.len());
    for (token, prefix) in term.folded() {
        match known.get(field, &token, prefix) {
            Some(docs) => bits.and(docs),
            None => bits.and(&token_docs(index, field, &token, prefix, ctx.cancelled)?),
        }
        folded.push(token);
    }
    if pass == Pass::Loose {
        return Some(bits);
    }
    if folded.len() > 1 {
        bits = if field == Field::All {
            phrase_by_positions(index, &folded, term.prefix, &bits, ctx.cancelled)?
        } else {
            check_text(index, term, field, &bits, ctx.cancelled)?
        };
    }
    if term.case_sensitive {
        bits = check_text(index, term, field, &bits, ctx.cancelled)?;
    }
    Some(bits)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Block, Draft};
    use crate::query::parse::parse;
    use chrono::NaiveDate;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn article(
        id: u64,
        title: &str,
        body: &str,
        date: Option<(i32, u32, u32)>,
        tags: &[&str],
    ) -> Arc<Article> {
        let draft = Draft {
            title: title.into(),
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            author: Some(format!("Author {id}")),
            source: Some(format!("https://site{id}.example/story")),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            body: body
                .split("\n\n")
                .map(|p| Block::Paragraph(p.into()))
                .collect(),
            ..Draft::default()
        };
        Arc::new(Article::new(
            ArticleId(id),
            PathBuf::from(format!("news/{id}.txt")),
            draft,
        ))
    }

    fn library() -> Index {
        Index::from_articles(&[
            article(
                1,
                "Iran talks resume",
                "Diplomats met in Vienna. The talks on Iran resumed.",
                Some((2023, 10, 31)),
                &["politics"],
            ),
            article(
                2,
                "A café in Zürich",
                "The café serves coffee. Iran is not mentioned here... but Iran is.",
                Some((2023, 10, 22)),
                &["food"],
            ),
            article(
                3,
                "Weather",
                "Rain in Vienna all week long.",
                Some((2024, 1, 5)),
                &[],
            ),
            article(
                4,
                "Undated note",
                "Notes about NATO and the nato summit.",
                None,
                &["politics"],
            ),
            article(
                5,
                "Ärger im Büro",
                "Großer Ärger über die Kaffeemaschine.",
                Some((2022, 5, 1)),
                &[],
            ),
        ])
    }

    fn titles(index: &mut Index, q: &str) -> Vec<String> {
        titles_with(index, q, &HashSet::new(), &HashSet::new())
    }

    fn titles_with(
        index: &mut Index,
        q: &str,
        bookmarked: &HashSet<ArticleId>,
        read: &HashSet<ArticleId>,
    ) -> Vec<String> {
        let today = NaiveDate::from_ymd_opt(2024, 1, 10).unwrap();
        let query = parse(q, today).unwrap();
        let ctx = Context {
            bookmarked,
            read,
            tagged: &HashMap::new(),
            bookmarked_only: false,
            cancelled: &|| false,
        };
        let docs = search(index, &query, &ctx).unwrap();
        docs.into_iter()
            .map(|d| index.article(d).unwrap().title.clone())
            .collect()
    }

    #[test]
    fn tags_given_in_the_reader_match_as_the_files_tags_do() {
        let mut index = library();
        let tagged = HashMap::from([
            (
                "later".to_string(),
                HashSet::from([ArticleId(3), ArticleId(5)]),
            ),
            ("Rust".to_string(), HashSet::from([ArticleId(3)])),
            ("politics".to_string(), HashSet::from([ArticleId(2)])),
        ]);
        let today = NaiveDate::from_ymd_opt(2024, 1, 10).unwrap();
        let mut titles = |q: &str| {
            let ctx = Context {
                bookmarked: &HashSet::new(),
                read: &HashSet::new(),
                tagged: &tagged,
                bookmarked_only: false,
                cancelled: &|| false,
            };
            let docs = search(&mut index, &parse(q, today).unwrap(), &ctx).unwrap();
            let mut titles: Vec<String> = docs
                .into_iter()
                .map(|d| index.article(d).unwrap().title.clone())
                .collect();
            titles.sort();
            titles
        };
        assert_eq!(titles("tag:later"), ["Weather", "Ärger im Büro"]);
        assert_eq!(
            titles("#LATER"),
            Vec::<String>::new(),
            "a capital asks for the case"
        );
        assert_eq!(titles("#Rust"), ["Weather"], "and finds it");
        assert_eq!(
            titles("#lat"),
            ["Weather", "Ärger im Büro"],
            "a prefix while typed"
        );
        assert_eq!(
            titles("tag:politics"),
            ["A café in Zürich", "Iran talks resume", "Undated note"],
            "the file's tags and the reader's together"
        );
        assert_eq!(titles("tag:later -rain"), ["Ärger im Büro"]);
        assert_eq!(
            titles("-tag:later -tag:politics"),
            Vec::<String>::new(),
            "negated, as other terms"
        );
        assert_eq!(
            titles("tag:later | tag:food"),
            ["A café in Zürich", "Weather", "Ärger im Büro"]
        );
        assert_eq!(
            titles("title:later"),
            Vec::<String>::new(),
            "only tag: looks at tags"
        );
    }

    /// Replaces document `doc` the way a changed file does: removed, and its new
    /// version appended.
    fn change(index: &mut Index, doc: DocId, new: Arc<Article>) {
        index.remove(&[doc]);
        let segment = crate::index::Segment::build(&[(*new).clone()]);
        index.append(segment, &[true], vec![new]);
    }

    #[test]
    fn a_removed_document_is_found_by_nothing() {
        let mut index = library();
        index.remove(&[0]);
        assert_eq!(index.len(), 4);
        assert!(titles(&mut index, "diplomats").is_empty());
        assert_eq!(titles(&mut index, "vienna"), vec!["Weather"]);
        assert!(
            !titles(&mut index, "-zzz").contains(&"Iran talks resume".to_string()),
            "not brought back by a negation"
        );
        assert_eq!(titles(&mut index, "").len(), 4, "nor by the date order");
        assert_eq!(titles(&mut index, "sort:title").len(), 4);
        assert_eq!(titles(&mut index, "after:2023-01").len(), 2);
        assert!(titles(&mut index, "\"talks on iran\"").is_empty());
    }

    #[test]
    fn a_changed_document_is_found_by_its_new_words_not_its_old_ones() {
        let mut index = library();
        let _ = titles(&mut index, ""); // the date order is built before the change
        let new = article(
            6,
            "Weather turns",
            "Snow in Salzburg, then sunshine.",
            Some((2024, 1, 6)),
            &[],
        );
        change(&mut index, 2, new);
        assert_eq!(titles(&mut index, "salzburg"), vec!["Weather turns"]);
        assert!(titles(&mut index, "rain").is_empty());
        assert_eq!(titles(&mut index, "vienna"), vec!["Iran talks resume"]);
        assert_eq!(titles(&mut index, "")[0], "Weather turns");
        assert_eq!(titles(&mut index, "").len(), 5);
        assert_eq!(index.doc_of(ArticleId(3)), None);
        assert_eq!(index.doc_of(ArticleId(6)), Some(5));
    }

    #[test]
    fn a_feed_entry_keeps_its_id_through_a_change() {
        let mut index = library();
        let mut new = (*article(3, "Weather", "Hail in Graz.", Some((2024, 1, 5)), &[])).clone();
        new.path = PathBuf::from("news/3.txt");
        change(&mut index, 2, Arc::new(new));
        assert_eq!(index.doc_of(ArticleId(3)), Some(5));
        assert_eq!(titles(&mut index, "graz"), vec!["Weather"]);
        assert!(titles(&mut index, "rain").is_empty());
        // Relevance ranks over the live documents only.
        assert_eq!(titles(&mut index, "iran")[0], "Iran talks resume");
    }

    #[test]
    fn without_free_text_newest_first_undated_last() {
        let mut index = library();
        assert_eq!(
            titles(&mut index, ""),
            vec![
                "Weather",
                "Iran talks resume",
                "A café in Zürich",
                "Ärger im Büro",
                "Undated note"
            ]
        );
    }

    #[test]
    fn words_are_whole_words_and_the_last_one_typed_is_a_prefix() {
        let mut index = library();
        // The shorter article mentioning Vienna ranks first (BM25 length normalisation).
        assert_eq!(
            titles(&mut index, "vienn"),
            vec!["Weather", "Iran talks resume"],
            "prefix while typing"
        );
        assert!(
            titles(&mut index, "vienn ").is_empty(),
            "a finished word must be whole"
        );
        assert_eq!(titles(&mut index, "rain vienna ").len(), 1);
    }

    #[test]
    fn relevance_puts_title_matches_and_frequent_words_first() {
        let mut index = library();
        // Article 1 has Iran in its title; article 2 mentions it twice in the body.
        assert_eq!(
            titles(&mut index, "iran "),
            vec!["Iran talks resume", "A café in Zürich"]
        );
        assert_eq!(
            titles(&mut index, "iran sort:date"),
            vec!["Iran talks resume", "A café in Zürich"]
        );
        assert_eq!(
            titles(&mut index, "iran sort:-date"),
            vec!["A café in Zürich", "Iran talks resume"]
        );
    }

    #[test]
    fn diacritics_fold_and_smart_case() {
        let mut index = library();
        assert_eq!(titles(&mut index, "cafe "), vec!["A café in Zürich"]);
        assert_eq!(titles(&mut index, "zurich "), vec!["A café in Zürich"]);
        assert_eq!(titles(&mut index, "ärger "), vec!["Ärger im Büro"]);
        assert_eq!(
            titles(&mut index, "ÄRGER "),
            Vec::<String>::new(),
            "capitals make it case-sensitive"
        );
        assert_eq!(titles(&mut index, "NATO "), vec!["Undated note"]);
        assert_eq!(
            titles(&mut index, "Arger "),
            vec!["Ärger im Büro"],
            "case kept, diacritics folded"
        );
    }

    #[test]
    fn phrases_negation_or_and_fields() {
        let mut index = library();
        assert_eq!(
            titles(&mut index, "\"talks on iran\""),
            vec!["Iran talks resume"]
        );
        assert!(titles(&mut index, "\"iran talks on\"").is_empty());
        assert_eq!(
            titles(&mut index, "vienna -rain"),
            vec!["Iran talks resume"]
        );
        assert_eq!(
            titles(&mut index, "vienna !rain"),
            vec!["Iran talks resume"]
        );
        assert_eq!(
            titles(&mut index, "coffee | weather sort:date"),
            vec!["Weather", "A café in Zürich"]
        );
        assert_eq!(titles(&mut index, "title:iran"), vec!["Iran talks resume"]);
        assert_eq!(
            titles(&mut index, "tag:politics sort:date"),
            vec!["Iran talks resume", "Undated note"]
        );
        assert_eq!(titles(&mut index, "author:\"author 3\""), vec!["Weather"]);
        assert_eq!(titles(&mut index, "source:site4"), vec!["Undated note"]);
        assert_eq!(titles(&mut index, "path:5"), vec!["Ärger im Büro"]);
    }

    #[test]
    fn dates_and_state() {
        let mut index = library();
        assert_eq!(
            titles(&mut index, "after:2023-10 before:2023-11"),
            vec!["Iran talks resume", "A café in Zürich"]
        );
        assert_eq!(
            titles(&mut index, "on:2023-10-31"),
            vec!["Iran talks resume"]
        );
        assert_eq!(titles(&mut index, "newer:7d"), vec!["Weather"]);
        assert_eq!(titles(&mut index, "older:1y"), vec!["Ärger im Büro"]);
        let marked: HashSet<ArticleId> = [ArticleId(3)].into();
        let read: HashSet<ArticleId> = [ArticleId(1), ArticleId(2), ArticleId(3)].into();
        assert_eq!(
            titles_with(&mut index, "is:bookmarked", &marked, &read),
            vec!["Weather"]
        );
        assert_eq!(
            titles_with(&mut index, "is:unread", &marked, &read),
            vec!["Ärger im Büro", "Undated note"]
        );
        assert_eq!(
            titles_with(&mut index, "-is:unread vienna", &marked, &read),
            vec!["Weather", "Iran talks resume"]
        );
        assert_eq!(
            titles(&mut index, "sort:title"),
            vec![
                "A café in Zürich",
                "Ärger im Büro",
                "Iran talks resume",
                "Undated note",
                "Weather"
            ]
        );
    }

    /// A search's context without marks or tags, never cancelled.
    fn unmarked<'a>(
        none: &'a HashSet<ArticleId>,
        tags: &'a HashMap<String, HashSet<ArticleId>>,
    ) -> Context<'a> {
        Context {
            bookmarked: none,
            read: none,
            tagged: tags,
            bookmarked_only: false,
            cancelled: &|| false,
        }
    }

    #[test]
    fn the_first_screenful_of_a_phrase_query_is_the_start_of_the_full_list() {
        let mut index = library();
        let today = NaiveDate::from_ymd_opt(2024, 1, 10).unwrap();
        let (none, tags) = (HashSet::new(), HashMap::new());
        let ctx = unmarked(&none, &tags);
        for q in [
            "\"talks on iran\"",
            "iran \"the talks\"",
            "Vienna",
            "\"iran talks\" | coffee",
            "-\"talks on\" iran",
        ] {
            let query = parse(q, today).unwrap();
            let full = search(&mut index, &query, &ctx).unwrap();
            match search_first(&mut index, &query, &ctx, 1) {
                Some(first) => {
                    assert_eq!(first, full[..first.len().min(full.len())].to_vec(), "{q}")
                }
                None => assert!(
                    !q.contains('"') || q.starts_with('-'),
                    "{q} should take the shortcut"
                ),
            }
        }
        let plain = parse("iran", today).unwrap();
        assert_eq!(
            search_first(&mut index, &plain, &ctx, 10),
            None,
            "no shortcut without phrases"
        );
    }

    /// Many articles of a few words each, some undated, for answers in stages.
    fn many() -> Index {
        many_of(&["alpha", "beta", "gamma", "delta", "Alpha", "epsilon"])
    }

    /// 600 articles of a few of `words` each, in their body and title.
    fn many_of(words: &[&str]) -> Index {
        let n = words.len() as u64;
        let mut next = crate::testing::numbers(7);
        let articles: Vec<Arc<Article>> = (0..600)
            .map(|i| {
                let body: Vec<&str> = (0..2 + next(12)).map(|_| words[next(n) as usize]).collect();
                let date = (next(10) > 0).then(|| {
                    (
                        2019 + next(6) as i32,
                        1 + next(12) as u32,
                        1 + next(28) as u32,
                    )
                });
                let title = format!("{} {i}", words[next(n) as usize]);
                article(i, &title, &body.join(" "), date, &[])
            })
            .collect();
        Index::from_articles(&articles)
    }

    const STAGED: &[&str] = &[
        "alpha",
        "alpha beta",
        "alph",
        "\"alpha beta\"",
        "Alpha",
        "-alpha",
        "alpha -beta",
        "alpha | delta",
        "title:gamma",
        "sort:-date alpha",
        "sort:date beta",
        "sort:title beta",
        "sort:-date \"alpha beta\"",
        "sort:title Alpha",
        "sort:date \"beta gamma\"",
        "after:2020-01 before:2021-01",
        "after:2022-03",
        "before:2020-06 gamma",
        "",
    ];

    /// Each word's postings are read once, ahead of the matching (those of a ranked
    /// query's words as they are scored). Whatever the words (full or typed as a
    /// prefix, the same one both ways, negated, in a phrase, in a field, in an `or`),
    /// ranked or by date, the matches are the articles whose own text holds the query.
    #[test]
    fn words_read_ahead_match_as_the_articles_text_does() {
        let mut index = many_of(&["alpha", "alphabet", "beta", "bet", "gamma", "Alpha"]);
        let today = NaiveDate::from_ymd_opt(2024, 1, 10).unwrap();
        let (none, tags) = (HashSet::new(), HashMap::new());
        let ctx = unmarked(&none, &tags);
        let queries = [
            "alpha",
            "alph",
            "alpha alph",
            "alph alpha ",
            "alpha alpha",
            "-alpha alpha",
            "alpha | alpha",
            "bet -bet",
            "beta bet",
            "alpha beta gamma ",
            "alpha -beta ",
            "alpha | gamma ",
            "(alpha | gamma) -delta ",
            "\"alpha beta\" gamma ",
            "\"beta alpha\" alph",
            "title:alpha beta ",
            "title:alpha alpha ",
            "alpha title:alpha ",
            "title:bet beta",
            "Alpha beta ",
            "gamma -title:gamma ",
            "nothingatall alpha ",
        ];
        for q in queries {
            for q in [q.to_string(), format!("sort:date {q}")] {
                let query = parse(&q, today).unwrap();
                let root = query.root.as_ref().unwrap();
                let mut found = search(&mut index, &query, &ctx).unwrap();
                found.sort_unstable();
                let held: Vec<DocId> = (0..index.slots() as DocId)
                    .filter(|&d| holds(root, index.article(d).unwrap(), &ctx))
                    .collect();
                assert_eq!(found, held, "{q:?}");
            }
        }
    }

    #[test]
    fn a_first_screenful_sent_ahead_is_the_start_of_the_full_answer() {
        let mut index = many();
        let today = NaiveDate::from_ymd_opt(2024, 1, 10).unwrap();
        let (none, tags) = (HashSet::new(), HashMap::new());
        let ctx = unmarked(&none, &tags);
        let mut staged = 0;
        for q in STAGED {
            let query = parse(q, today).unwrap();
            let full = search(&mut index, &query, &ctx).unwrap();
            for k in [1, 3] {
                let (mut sent, mut totals) = (Vec::new(), Vec::new());
                let answer = search_staged(&mut index, &query, &ctx, k, &mut |docs, total| {
                    sent.push(docs);
                    totals.push(total)
                });
                assert_eq!(answer.as_ref(), Some(&full), "{q}: the full answer");
                assert!(sent.len() <= 1, "{q}: one first screenful at most");
                // The count that comes with it is the full answer's, where known (a
                // phrase's matches are still being confirmed).
                for total in totals.iter().flatten() {
                    assert_eq!(*total, full.len(), "{q}");
                }
                let phrase = q.contains('"') || q.contains('A');
                assert_eq!(
                    totals.iter().flatten().count(),
                    sent.len() * usize::from(!phrase),
                    "{q}"
                );
                let first = search_first(&mut index, &query, &ctx, k);
                assert_eq!(first.as_ref(), sent.first(), "{q}");
                if let Some(first) = first {
                    assert_eq!(first, full[..k.min(full.len())], "{q}, k {k}");
                    staged += 1;
                }
            }
        }
        // Phrases, case-sensitive words, and ranked words with many matches.
        assert!(staged >= 10, "only {staged} answers came in stages");
        let rare = parse("epsilon", today).unwrap();
        assert_eq!(
            search_first(&mut index, &rare, &ctx, 10),
            None,
            "a few hundred matches are ranked at once"
        );
    }

    #[test]
    fn a_date_range_is_the_articles_dated_in_it() {
        let mut index = many();
        let day = |y, m| NaiveDate::from_ymd_opt(y, m, 1);
        for (from, until) in [
            (day(2020, 1), day(2021, 1)),
            (day(2022, 3), None),
            (None, day(2020, 6)),
            (day(2024, 1), day(2020, 1)),
            (None, None),
        ] {
            let range = DateRange { from, until };
            let stale = date_bits(&index, &range);
            index.by_date();
            let by_order = date_bits(&index, &range);
            let want: Vec<DocId> = (0..index.slots() as DocId)
                .filter(|&d| {
                    let date = index.article(d).unwrap().date;
                    date.is_some_and(|x| range.contains(x))
                })
                .collect();
            let empty = matches!((from, until), (Some(f), Some(u)) if f >= u);
            assert_eq!(want.is_empty(), empty, "{range:?}");
            assert_eq!(by_order.iter().collect::<Vec<_>>(), want, "{range:?}");
            assert_eq!(stale, by_order, "{range:?}");
        }
    }

    #[test]
    fn a_cancelled_search_gives_nothing() {
        let mut index = library();
        let query = parse("iran", NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()).unwrap();
        let none = HashSet::new();
        let ctx = Context {
            bookmarked: &none,
            read: &none,
            tagged: &HashMap::new(),
            bookmarked_only: false,
            cancelled: &|| true,
        };
        assert_eq!(search(&mut index, &query, &ctx), None);
    }

    #[test]
    fn a_stale_search_stops_inside_a_phrase_a_case_sensitive_word_or_a_prefix() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        // More documents than the walks go between asking.
        let articles: Vec<Arc<Article>> = (0..5000)
            .map(|i| {
                let body = if i % 2 == 0 {
                    "The Market opened early."
                } else {
                    "the market opened late."
                };
                article(i, "Trading", body, Some((2024, 1, 1)), &[])
            })
            .collect();
        let mut index = Index::from_articles(&articles);
        index.prepare(); // the sorted words that prefixes need, as a search readies
        let all = Bits::full(index.slots());
        let words = ["the".to_string(), "market".to_string()];
        let asked = AtomicUsize::new(0);
        let never = || {
            asked.fetch_add(1, Ordering::Relaxed);
            false
        };
        let found = super::phrase_by_positions(&index, &words, false, &all, &never);
        assert_eq!(found.map(|b| b.count()), Some(5000));
        assert!(asked.load(Ordering::Relaxed) >= 2, "asked while walking");
        assert!(super::phrase_by_positions(&index, &words, false, &all, &|| true).is_none());
        // A case-sensitive word is checked on each candidate's text.
        let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let query = parse("Market", today).unwrap();
        let Some(Expr::Term(term)) = &query.root else {
            panic!("one term: {query:?}");
        };
        assert!(term.case_sensitive);
        let found = super::check_text(&index, term, Field::All, &all, &|| false);
        assert_eq!(found.map(|b| b.count()), Some(2500));
        assert!(super::check_text(&index, term, Field::All, &all, &|| true).is_none());
        // A prefix walks each word starting with it, asking at each.
        let docs = super::token_docs(&index, Field::All, "m", true, &never);
        assert_eq!(docs.map(|b| b.count()), Some(5000));
        assert!(super::token_docs(&index, Field::All, "m", true, &|| true).is_none());
        let scored = crate::query::rank::word_scores(&index, "m", true, &never);
        assert_eq!(
            scored
                .as_ref()
                .map(|(s, _)| s.iter().filter(|&&x| x > 0.0).count()),
            Some(5000)
        );
        assert_eq!(scored.map(|(_, docs)| docs.count()), Some(5000));
        assert!(crate::query::rank::word_scores(&index, "m", true, &|| true).is_none());
        // Cancelled during the exact pass, the search gives nothing.
        let none = HashSet::new();
        let phrase = parse("\"the market\"", today).unwrap();
        let calls = AtomicUsize::new(0);
        let ctx = Context {
            bookmarked: &none,
            read: &none,
            tagged: &HashMap::new(),
            bookmarked_only: false,
            // The query's root and the first ask in the walk pass, the next stops it:
            // a search that asked only between the query's parts would have asked
            // twice in all, and answered.
            cancelled: &|| calls.fetch_add(1, Ordering::Relaxed) >= 2,
        };
        assert_eq!(search(&mut index, &phrase, &ctx), None);
        assert_eq!(calls.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn bits_count_iterate_and_complement_within_length() {
        let mut bits = Bits::empty(70);
        bits.set(0);
        bits.set(69);
        bits.set(70); // out of range: ignored
        assert_eq!(bits.iter().collect::<Vec<_>>(), vec![0, 69]);
        bits.not();
        assert_eq!(bits.count(), 68);
        assert!(!bits.get(69) && bits.get(1));
        // Split in parts, the documents are all there once, in order.
        let mut bits = Bits::empty(1000);
        for doc in (0..1000).filter(|d| d % 7 == 0 || d % 64 == 63) {
            bits.set(doc);
        }
        for parts in [1, 2, 3, 5, 16, 40] {
            let joined: Vec<DocId> = (0..parts).flat_map(|p| bits.iter_part(p, parts)).collect();
            assert_eq!(joined, bits.iter().collect::<Vec<_>>(), "{parts} parts");
        }
        assert!(bits.iter().any(|d| d == 994) && bits.get(959));
    }
}
