//! Ordering a query's matches: by date, by title, or by relevance (BM25 over the full
//! text, title matches weighing more).

use super::ast::{Field as QueryField, Query, Sort};
use super::bits::Bits;
use crate::index::{Dense, DocId, Field, Index, run};
use crate::words::fold;

const K1: f32 = 1.2;
const B: f32 = 0.75;
const TITLE_BOOST: f32 = 2.0;

/// `matched` in order; `scores` are `score`'s, for relevance (empty otherwise).
pub(super) fn order(index: &mut Index, matched: &Bits, sort: Sort, scores: &[f32]) -> Vec<DocId> {
    match sort {
        Sort::DateNewest => newest(index, matched).collect(),
        Sort::DateOldest => {
            let newest: Vec<DocId> = newest(index, matched).collect();
            let (dated, undated): (Vec<DocId>, Vec<DocId>) = newest
                .into_iter()
                .partition(|&d| index.article(d).is_some_and(|a| a.date.is_some()));
            dated.into_iter().rev().chain(undated).collect()
        }
        Sort::TitleAz | Sort::TitleZa => {
            let mut keyed: Vec<(String, DocId)> = matched
                .iter()
                .map(|d| {
                    (
                        index.article(d).map(|a| fold(&a.title)).unwrap_or_default(),
                        d,
                    )
                })
                .collect();
            keyed.sort();
            if sort == Sort::TitleZa {
                keyed.reverse();
            }
            keyed.into_iter().map(|(_, d)| d).collect()
        }
        Sort::Relevance => {
            let ranks = index.date_ranks();
            let mut keys: Vec<u64> = relevance_keys(ranks, matched, scores, 0, 1).collect();
            keys.sort_unstable();
            docs_of(index, &keys)
        }
    }
}

/// The first `k` of what `order` gives, without putting the rest in order: for a
/// first screenful of a query that matches much of the library.
pub(super) fn first(
    index: &mut Index,
    matched: &Bits,
    sort: Sort,
    scores: &[f32],
    k: usize,
) -> Vec<DocId> {
    match sort {
        Sort::DateNewest => newest(index, matched).take(k).collect(),
        Sort::Relevance => {
            let keys = top_keys(index.date_ranks(), matched, scores, k);
            docs_of(index, &keys)
        }
        Sort::DateOldest | Sort::TitleAz | Sort::TitleZa => {
            let mut all = order(index, matched, sort, scores);
            all.truncate(k);
            all
        }
    }
}

/// The matches, newest first (undated last).
fn newest<'a>(index: &'a mut Index, matched: &'a Bits) -> impl Iterator<Item = DocId> + 'a {
    index.by_date().iter().copied().filter(|&d| matched.get(d))
}

/// One integer key per match (of the `part`-th of `parts` runs of documents): its
/// score (higher first) above its place in the newest-first order, `ranks` (which
/// breaks ties, and gives the document back). Sorting plain integers is the fast
/// part.
fn relevance_keys<'a>(
    ranks: &'a [u32],
    matched: &'a Bits,
    scores: &'a [f32],
    part: usize,
    parts: usize,
) -> impl Iterator<Item = u64> + 'a {
    matched
        .iter_part(part, parts)
        .map(move |d| key(ranks, scores, d))
}

/// One in this many runs of 64 documents is sampled to guess a floor under the best
/// scores: whole runs, so that the sample reads few of the scores' cache lines.
const SAMPLED: usize = 16;

/// The `k` smallest relevance keys of the matches, in order. A floor is guessed from
/// a sample of the matches' scores (about twice `k` matches above it), and only the
/// matches scoring at least that are keyed, found 64 documents at a time by a
/// comparison the compiler vectorises. Whenever fewer than `k` matches clear the
/// floor, every match is keyed instead: each half of them on a thread of its own.
fn top_keys(ranks: &[u32], matched: &Bits, scores: &[f32], k: usize) -> Vec<u64> {
    if let Some(floor) = floor(matched, scores, k) {
        let above = at_least(matched, scores, floor);
        if above.len() >= k {
            let mut keys: Vec<u64> = above.into_iter().map(|d| key(ranks, scores, d)).collect();
            // Many may tie at the floor (a word in nearly every article scores
            // alike in most): only the first `k` are sorted.
            keys.select_nth_unstable(k - 1);
            keys.truncate(k);
            keys.sort_unstable();
            return keys;
        }
    }
    let half = |part| smallest(relevance_keys(ranks, matched, scores, part, 2), k);
    let (mut keys, more) = rayon::join(|| half(0), || half(1));
    keys.extend(more);
    keys.sort_unstable();
    keys.truncate(k);
    keys
}

/// A score that about `2 k` matches reach, from the matches of every `SAMPLED`-th
/// run of 64 documents; `None` when the sample is too small or the floor not above
/// 0. Scores are compared as their `score_bits`.
fn floor(matched: &Bits, scores: &[f32], k: usize) -> Option<f32> {
    if k == 0 || scores.len() < matched.len() {
        return None;
    }
    let mut sample: Vec<u32> = Vec::new();
    let runs = matched.words().iter().zip(scores.chunks(64));
    for (&word, run) in runs.step_by(SAMPLED) {
        let mut word = word;
        while word != 0 {
            let at = word.trailing_zeros() as usize;
            word &= word - 1;
            sample.extend(run.get(at).copied().map(score_bits));
        }
    }
    let m = (2 * k).div_ceil(SAMPLED);
    if sample.len() < m * 4 {
        return None;
    }
    let (_, floor, _) = sample.select_nth_unstable_by(m - 1, |a, b| b.cmp(a));
    let floor = f32::from_bits(*floor);
    (floor > 0.0).then_some(floor)
}

/// The matches scoring at least `floor` (above 0), in document order.
fn at_least(matched: &Bits, scores: &[f32], floor: f32) -> Vec<DocId> {
    let mut found = Vec::new();
    for (i, (&word, block)) in matched.words().iter().zip(scores.chunks(64)).enumerate() {
        if word == 0 {
            continue;
        }
        let mut above = 0u64;
        for (j, &score) in block.iter().enumerate() {
            above |= u64::from(score >= floor) << j;
        }
        let mut hits = above & word;
        while hits != 0 {
            found.push((i * 64) as DocId + hits.trailing_zeros());
            hits &= hits - 1;
        }
    }
    found
}

/// A score as an integer that orders as scores do: the bits of a score above 0 (a
/// positive `f32`'s bits order as its value), 0 for any other (0, -0, negative,
/// NaN).
fn score_bits(score: f32) -> u32 {
    if score > 0.0 { score.to_bits() } else { 0 }
}

/// The relevance key of a document: see `relevance_keys`.
fn key(ranks: &[u32], scores: &[f32], d: DocId) -> u64 {
    let score = scores.get(d as usize).copied().map_or(0, score_bits);
    let rank = ranks.get(d as usize).copied().unwrap_or(u32::MAX);
    u64::from(u32::MAX - score) << 32 | u64::from(rank)
}

/// The `k` smallest of `keys`, in order, without sorting them all: keys are kept
/// only while below the k-th smallest seen so far, which is found again whenever
/// the kept ones fill their room.
fn smallest(keys: impl Iterator<Item = u64>, k: usize) -> Vec<u64> {
    if k == 0 {
        return Vec::new();
    }
    let room = k.saturating_mul(4).max(64);
    let mut kept = Vec::with_capacity(room);
    let mut bound = u64::MAX;
    for key in keys {
        if key < bound {
            kept.push(key);
            if kept.len() == room {
                kept.select_nth_unstable(k - 1);
                kept.truncate(k);
                bound = kept[k - 1];
            }
        }
    }
    kept.sort_unstable();
    kept.truncate(k);
    kept
}

/// The documents of sorted keys from `relevance_keys`.
fn docs_of(index: &mut Index, keys: &[u64]) -> Vec<DocId> {
    let by_date = index.by_date();
    keys.iter()
        .filter_map(|&key| by_date.get((key & u64::from(u32::MAX)) as usize).copied())
        .collect()
}

/// A query's scores, with the documents of each word it scored.
pub(super) struct Scored {
    /// Every document's score.
    pub(super) scores: Vec<f32>,
    /// Each scored word (folded, and whether a prefix) with the documents holding it
    /// anywhere (`Field::All`), found while its postings were read for the scores.
    pub(super) docs: Vec<(String, bool, Bits)>,
}

/// The words a query is scored by: its positive free-text words (anywhere or in the
/// title), folded, each with whether it is a prefix (the word being typed).
pub(super) fn scored_words(query: &Query) -> Vec<(String, bool)> {
    query
        .highlight_terms()
        .into_iter()
        .filter(|term| matches!(term.field, None | Some(QueryField::Title)))
        .flat_map(|term| term.folded())
        .collect()
}

/// BM25 over the full text for the query's `scored_words`, plus a bonus for each
/// word found in the title: every document's, matched or not. Each word is scored
/// on its own, in parallel, and the scores added up in the query's order. `None` if
/// the search was cancelled meanwhile.
pub(super) fn score(
    index: &Index,
    words: Vec<(String, bool)>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Scored> {
    use rayon::prelude::*;
    let each = words
        .par_iter()
        .map(|(word, prefix)| word_scores(index, word, *prefix, cancelled))
        .collect::<Option<Vec<_>>>()?;
    let mut scores: Option<Vec<f32>> = None;
    let mut docs = Vec::with_capacity(each.len());
    for ((word, prefix), (more, bits)) in words.into_iter().zip(each) {
        match &mut scores {
            None => scores = Some(more),
            Some(scores) => scores.iter_mut().zip(more).for_each(|(s, m)| *s += m),
        }
        docs.push((word, prefix, bits));
    }
    Some(Scored {
        scores: scores.unwrap_or_else(|| vec![0f32; index.slots()]),
        docs,
    })
}

/// A word's BM25 in a document, `weight` being its idf (k1 + 1), `base` and
/// `per_word` the parts of the length's norm: idf tf (k1 + 1) / (tf + k1 (1 - b + b
/// len / avg)), with one division. Counts and lengths are taken as `i32` (no article
/// holds 2^31 words), whose conversion to `f32` is one instruction on every x86-64.
#[inline]
fn bm25(tf: u32, len: u32, weight: f32, base: f32, per_word: f32) -> f32 {
    let tf = tf as i32 as f32;
    weight * tf / (tf + base + per_word * len as i32 as f32)
}

/// Adds to each of `scores` the BM25 of its document (its length in `lengths`, the
/// word's count in `tfs`): a run of documents, in one loop the compiler vectorises.
#[inline]
fn score_run<T: Copy + Into<u32>>(
    scores: &mut [f32],
    lengths: &[u32],
    tfs: &[T],
    weight: f32,
    base: f32,
    per_word: f32,
) {
    let n = scores.len().min(lengths.len()).min(tfs.len());
    let (scores, lengths, tfs) = (&mut scores[..n], &lengths[..n], &tfs[..n]);
    for i in 0..n {
        scores[i] += bm25(tfs[i].into(), lengths[i], weight, base, per_word);
    }
}

/// `word_scores` for a dense list: 64 documents at a time, those of a word of the
/// set that is full (all 64 hold the term, none `u8::MAX` times or more) as a run.
fn score_dense(
    scores: &mut [f32],
    lengths: &[u32],
    dense: &Dense,
    weight: f32,
    base: f32,
    per_word: f32,
) {
    let mut i = 0;
    for (at, &word) in dense.words.iter().enumerate() {
        let first = at * 64;
        let counts = dense.counts.get(i..i + 64).unwrap_or_default();
        if word == u64::MAX
            && first + 64 <= scores.len().min(lengths.len())
            && counts.len() == 64
            && !counts.contains(&u8::MAX)
        {
            let range = first..first + 64;
            score_run(
                &mut scores[range.clone()],
                &lengths[range],
                counts,
                weight,
                base,
                per_word,
            );
            i += 64;
            continue;
        }
        let mut word = word;
        while word != 0 {
            let d = first + word.trailing_zeros() as usize;
            word &= word - 1;
            let len = lengths.get(d).copied().unwrap_or(0);
            if let Some(score) = scores.get_mut(d) {
                *score += bm25(dense.count(i, d as DocId), len, weight, base, per_word);
            }
            i += 1;
        }
    }
}

/// Adds `bonus` to the scores of the documents set in `words` (a word of 64 at a
/// time: adding 0 to the others leaves them as they are, as scores are never -0).
fn add_where(scores: &mut [f32], words: &[u64], bonus: f32) {
    for (word, scores) in words.iter().zip(scores.chunks_mut(64)) {
        if *word == 0 {
            continue;
        }
        for (j, score) in scores.iter_mut().enumerate() {
            *score += if word >> j & 1 == 1 { bonus } else { 0.0 };
        }
    }
}

/// One folded word's scores (as a prefix: every word starting with it), and the
/// documents holding it anywhere (read from the same postings); `None` if the search
/// was cancelled meanwhile (asked at every word of a prefix).
pub(super) fn word_scores(
    index: &Index,
    word: &str,
    prefix: bool,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<(Vec<f32>, Bits)> {
    let n = index.len() as f32;
    let avg = index.average_length() as f32;
    let (base, per_word) = (K1 * (1.0 - B), K1 * B / avg);
    let mut scores = vec![0f32; index.slots()];
    let mut docs = Bits::empty(index.slots());
    let postings = |field| -> Vec<&crate::index::Postings> {
        match prefix {
            true => index.with_prefix(field, word).map(|(_, p)| p).collect(),
            false => index.postings(field, word).into_iter().collect(),
        }
    };
    let idf = |postings: &crate::index::Postings| {
        let df = postings.count as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    };
    let lengths = index.lengths();
    for postings in postings(Field::All) {
        if prefix && cancelled() {
            return None;
        }
        let weight = idf(postings) * (K1 + 1.0);
        if let Some(dense) = postings.dense() {
            score_dense(&mut scores, lengths, dense, weight, base, per_word);
            docs.or_words(&dense.words);
            continue;
        }
        postings.for_each_block(|doc, tf| {
            // A common word's blocks are most often runs of documents without a gap:
            // scored as slices, which the compiler vectorises.
            match run(doc) {
                Some((first, last)) if (last as usize) < scores.len().min(lengths.len()) => {
                    let range = first as usize..=last as usize;
                    score_run(
                        &mut scores[range.clone()],
                        &lengths[range],
                        tf,
                        weight,
                        base,
                        per_word,
                    );
                    docs.set_range(first, last);
                }
                _ => {
                    for (&d, &tf) in doc.iter().zip(tf) {
                        let len = lengths.get(d as usize).copied().unwrap_or(0);
                        if let Some(score) = scores.get_mut(d as usize) {
                            *score += bm25(tf, len, weight, base, per_word);
                        }
                        docs.set(d);
                    }
                }
            }
        });
    }
    for postings in postings(Field::Title) {
        if prefix && cancelled() {
            return None;
        }
        let bonus = TITLE_BOOST * idf(postings);
        if let Some(dense) = postings.dense() {
            add_where(&mut scores, &dense.words, bonus);
            continue;
        }
        postings.for_each_block(|doc, _| {
            for &d in doc {
                if let Some(score) = scores.get_mut(d as usize) {
                    *score += bonus;
                }
            }
        });
    }
    Some((scores, docs))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each document's score is BM25 as written (plus the title bonus), word after
    /// word, and each word's documents are those of its postings.
    #[test]
    fn scores_are_bm25_as_written() {
        use crate::article::{Article, ArticleId, Block, Draft};
        use std::sync::Arc;
        let vocabulary = ["harbour", "harbours", "ship", "port", "storm", "tide"];
        let mut next = crate::testing::numbers(5);
        let articles: Vec<Arc<Article>> = (0..700u64)
            .map(|i| {
                let mut pick = |count: u64| -> String {
                    let words: Vec<&str> = (0..count)
                        .map(|_| vocabulary[next(vocabulary.len() as u64) as usize])
                        .collect();
                    words.join(" ")
                };
                // `quay` in nearly every article (runs of documents without a gap,
                // scored as slices), a hundred times in some; `pier` in few, far
                // apart (gaps of two bytes).
                let mut body = pick(1 + i % 17);
                if i % 97 != 0 {
                    body.push_str(&" quay".repeat(if i % 50 == 0 { 130 } else { 1 }));
                }
                if i % 70 == 0 {
                    body.push_str(" pier");
                }
                let draft = Draft {
                    title: pick(2),
                    body: vec![Block::Paragraph(body)],
                    ..Draft::default()
                };
                Arc::new(Article::new(ArticleId(i), format!("{i}.txt").into(), draft))
            })
            .collect();
        let mut index = Index::from_articles(&articles);
        index.prepare(); // the sorted terms a prefix looks in
        let words = vec![
            ("harbour".to_string(), false),
            ("sto".to_string(), true),
            ("tide".to_string(), false),
            ("quay".to_string(), false),
            ("pier".to_string(), false),
        ];
        let scored = score(&index, words.clone(), &|| false).unwrap();
        let (n, avg) = (index.len() as f32, index.average_length() as f32);
        let mut expected = vec![0f32; index.slots()];
        for (i, (word, prefix)) in words.iter().enumerate() {
            let lists = |field| -> Vec<&crate::index::Postings> {
                match prefix {
                    true => index.with_prefix(field, word).map(|(_, p)| p).collect(),
                    false => index.postings(field, word).into_iter().collect(),
                }
            };
            let mut docs = Bits::empty(index.slots());
            for postings in lists(Field::All) {
                let df = postings.count as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for e in postings.entries() {
                    let (tf, len) = (e.tf as f32, index.length(e.doc) as f32);
                    expected[e.doc as usize] +=
                        idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg));
                    docs.set(e.doc);
                }
            }
            for postings in lists(Field::Title) {
                let df = postings.count as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for e in postings.entries() {
                    expected[e.doc as usize] += TITLE_BOOST * idf;
                }
            }
            assert_eq!(scored.docs[i].2, docs, "{word}");
            assert!(docs.count() >= 10 && docs.iter().any(|d| d > 400), "{word}");
        }
        for (doc, (got, want)) in scored.scores.iter().zip(&expected).enumerate() {
            assert!(
                (got - want).abs() <= want.abs() * 1e-5,
                "document {doc}: {got} against {want}"
            );
        }
    }

    /// Scores as integers order as the scores do, and nothing at or below 0 (nor
    /// NaN) ranks above a positive score.
    #[test]
    fn score_bits_order_as_scores() {
        for nothing in [0.0, -0.0, -1.0, f32::NAN, f32::NEG_INFINITY] {
            assert_eq!(score_bits(nothing), 0, "{nothing}");
        }
        let ordered = [1e-30, 1e-7, 0.5, 1.0, 2.0, 1e30];
        let bits: Vec<u32> = ordered.iter().copied().map(score_bits).collect();
        assert!(
            bits[0] > 0 && bits.windows(2).all(|w| w[0] < w[1]),
            "{bits:?}"
        );
    }

    /// A list read a second time, as a set of documents with their counts (made
    /// the first time), scores every document the same to the bit, and gives the
    /// same documents: for whole words and prefixes, counts of 255 and more, runs of
    /// 64 documents and gaps, in the full text and in titles.
    #[test]
    fn dense_lists_score_as_read() {
        use crate::article::{Article, ArticleId, Block, Draft};
        use std::sync::Arc;
        let mut next = crate::testing::numbers(17);
        let articles: Vec<Arc<Article>> = (0..3000u64)
            .map(|i| {
                let mut body: Vec<String> = (0..2 + next(20))
                    .map(|_| format!("w{}", next(300)))
                    .collect();
                if i % 101 != 0 {
                    body.push("the".into());
                }
                if i % 499 == 3 {
                    body.extend(std::iter::repeat_n("the".to_string(), 260 + i as usize % 7));
                }
                if next(4) == 0 {
                    body.push("then".into());
                }
                let title = if i % 3 == 0 { "the news" } else { "news" };
                let draft = Draft {
                    title: title.into(),
                    body: vec![Block::Paragraph(body.join(" "))],
                    ..Draft::default()
                };
                Arc::new(Article::new(ArticleId(i), format!("{i}.txt").into(), draft))
            })
            .collect();
        let mut index = Index::from_articles(&articles);
        index.prepare();
        let dense =
            |index: &Index, word: &str| index.postings(Field::All, word).unwrap().dense().is_some();
        assert!(!dense(&index, "the"), "not before it is read whole");
        let bits = |scores: &[f32]| scores.iter().map(|s| s.to_bits()).collect::<Vec<_>>();
        for (word, prefix) in [
            ("the", false),
            ("then", false),
            ("the", true),
            ("w1", true),
            ("news", false),
        ] {
            let (first, first_docs) = word_scores(&index, word, prefix, &|| false).unwrap();
            let (again, again_docs) = word_scores(&index, word, prefix, &|| false).unwrap();
            assert_eq!(bits(&again), bits(&first), "{word} {prefix}");
            assert_eq!(again_docs, first_docs, "{word} {prefix}");
            let mut set = Bits::empty(index.slots());
            set.set_postings(index.postings(Field::All, word).unwrap());
            if !prefix {
                assert_eq!(set, first_docs, "{word}");
            }
        }
        assert!(dense(&index, "the") && dense(&index, "then") && dense(&index, "news"));
        assert!(!dense(&index, "w1"), "in few articles");
        let title = index.postings(Field::Title, "the").unwrap();
        assert!(title.dense().is_some(), "in a third of the titles");
        // A list that grows is read as it is stored again, until read whole.
        let more = &articles[..100];
        let segment = crate::index::Segment::build(more);
        index.append(segment, &vec![true; more.len()], more.to_vec());
        assert!(!dense(&index, "the"), "dropped when the list grows");
        let (first, _) = word_scores(&index, "the", false, &|| false).unwrap();
        let (again, _) = word_scores(&index, "the", false, &|| false).unwrap();
        assert!(dense(&index, "the") && first.len() == 3100);
        assert_eq!(bits(&again), bits(&first));
    }

    /// `top_keys` against keying every match and sorting: the same first `k`, for
    /// sparse and dense matches, ties, negative and NaN scores, and every `k`.
    #[test]
    fn the_first_keys_are_those_of_keying_every_match() {
        let mut next = crate::testing::numbers(11);
        let mut floored = 0;
        for round in 0..60 {
            let n = [1, 63, 64, 65, 1000, 5000, 20_000][round % 7];
            let density = 1 + next(10);
            let mut matched = Bits::empty(n);
            for d in 0..n as DocId {
                if next(10) < density {
                    matched.set(d);
                }
            }
            let scores: Vec<f32> = (0..n)
                .map(|_| match next(40) {
                    0 => f32::NAN,
                    1 => -1.0,
                    2 => 0.0,
                    // Few distinct values: many ties, broken by the rank.
                    3..=20 => next(5) as f32,
                    _ => next(1_000_000) as f32 / 1000.0,
                })
                .collect();
            let mut ranks: Vec<u32> = (0..n as u32).collect();
            for i in (1..n).rev() {
                ranks.swap(i, next(i as u64 + 1) as usize);
            }
            for k in [0, 1, 10, 100, 400] {
                let mut all: Vec<u64> = relevance_keys(&ranks, &matched, &scores, 0, 1).collect();
                all.sort_unstable();
                all.truncate(k);
                assert_eq!(top_keys(&ranks, &matched, &scores, k), all, "n {n} k {k}");
                floored += usize::from(floor(&matched, &scores, k).is_some());
            }
        }
        assert!(floored > 20, "the floor is tried: {floored}");
    }
}
