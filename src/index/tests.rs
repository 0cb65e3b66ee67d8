//! Tests of building, appending and looking up.

use super::occurrence::MAX_DOCS;
use super::*;
use crate::article::Block;
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
                    p.docs.to_vec(),
                    p.positions.to_vec(),
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
fn the_date_order_built_batch_by_batch_is_a_full_sort_of_what_is_left() {
    // Few days and titles, so that dates and titles tie; some undated.
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut index = Index::new();
    let mut all: Vec<Arc<Article>> = Vec::new();
    let mut removed = Vec::new();
    for batch in 0..12 {
        let size = 1 + next(40);
        let articles: Vec<Article> = (0..size)
            .map(|i| {
                let id = all.len() as u64 + i;
                // Titles that tie in their first 8 bytes, or start one another.
                let titles = [
                    "T1",
                    "T10",
                    "Harbour",
                    "Harbour news",
                    "Harbour newsletter",
                    "Ωmega",
                ];
                let mut a = article(id, titles[next(titles.len() as u64) as usize], "x");
                a.date = match next(5) {
                    0 => None,
                    _ => chrono::NaiveDate::from_ymd_opt(2024, 1, 1 + next(6) as u32),
                };
                a
            })
            .collect();
        let arcs: Vec<Arc<Article>> = articles.iter().cloned().map(Arc::new).collect();
        all.extend(arcs.iter().cloned());
        index.append(Segment::build(&articles), &vec![true; arcs.len()], arcs);
        if batch % 3 == 1 {
            let doc = next(all.len() as u64) as DocId;
            index.remove(&[doc]);
            removed.push(doc);
        }
        if batch % 2 == 0 {
            let mut expected: Vec<DocId> = (0..all.len() as DocId)
                .filter(|d| !removed.contains(d))
                .collect();
            expected.sort_by(|&a, &b| {
                let (a, b) = (&all[a as usize], &all[b as usize]);
                b.date
                    .cmp(&a.date)
                    .then_with(|| a.title.cmp(&b.title))
                    .then_with(|| a.path.cmp(&b.path))
            });
            assert_eq!(index.by_date(), &expected[..], "after batch {batch}");
        }
    }
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
    assert_eq!(index.date_ranks(), &[0, 2, 1]);
    index.remove(&[2]);
    index.remove(&[2]); // twice is once
    assert_eq!((index.len(), index.slots()), (2, 3));
    assert_eq!(index.by_date(), &[0, 1]);
    assert_eq!(
        index.date_ranks(),
        &[0, 1, u32::MAX],
        "a removed one has no place"
    );
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
    assert_eq!(index.date_ranks(), &[0, 2, u32::MAX, u32::MAX, 1]);
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

/// `Postings::blocks` (and `for_each_block`) read what `entries` reads, whatever
/// the room they are given: gaps and counts of one byte and of several, the first
/// document far from 0.
#[test]
fn blocks_give_the_entries_in_order() {
    let mut next = crate::testing::numbers(17);
    let mut postings = Postings::default();
    let mut doc = 70_000;
    for _ in 0..3000 {
        let tf = match next(4) {
            0 => 1,
            1 => 2 + next(60) as u32,
            _ => 1 + next(400) as u32,
        };
        postings.push_entry(doc, tf, &[]);
        doc += 1 + [0, 0, 0, 5, 63, 64, 200, 100_000][next(8) as usize] as DocId;
    }
    let want: Vec<(DocId, u32)> = postings.entries().map(|e| (e.doc, e.tf)).collect();
    assert_eq!(want.len(), 3000);
    assert!(want.iter().any(|&(_, tf)| tf >= 128), "counts of two bytes");
    for room in [1, 3, 64, 5000] {
        let (mut docs, mut tfs) = (vec![0; room], vec![0; room]);
        let (mut blocks, mut got) = (postings.blocks(), Vec::new());
        loop {
            let n = blocks.next(&mut docs, &mut tfs);
            assert!(n <= room);
            if n == 0 {
                break;
            }
            got.extend(docs.iter().copied().zip(tfs.iter().copied()).take(n));
        }
        assert_eq!(got, want, "room {room}");
    }
    let mut got = Vec::new();
    postings.for_each_block(|docs, tfs| {
        assert!(!docs.is_empty() && docs.len() == tfs.len());
        got.extend(docs.iter().copied().zip(tfs.iter().copied()));
    });
    assert_eq!(got, want, "for_each_block");
    assert_eq!(postings::run(&[4, 5, 6]), Some((4, 6)));
    assert_eq!(postings::run(&[4, 6, 7]), None);
    assert_eq!(postings::run(&[9]), Some((9, 9)));
    assert_eq!(postings::run(&[]), None);
}
