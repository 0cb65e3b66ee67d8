//! Search benchmark: on generated libraries of 10,000 and 100,000 articles (the same
//! ones the load benchmark makes), prints the index build time and memory, then for
//! each kind of query the median and p95 time from the query string to the first
//! screenful of ranked results and to the complete ranked list (and so the count),
//! and the first run's time to the first screenful (a common word's list is read as
//! stored the first time, and as a set of its documents after).
//! Most queries are ranked whole at once, so both are the same; queries with phrases,
//! and ranked ones that match many articles, get a first screenful ahead of the full
//! answer, as in the reader.
//!
//! `cargo bench --bench search` or `cargo bench --bench search -- 10000`.

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use tidings::index::Index;
use tidings::library::{LoadOptions, Source, load_library};
use tidings::query::parse::parse;
use tidings::search::{Request, run_staged};

const RUNS: usize = 40;

const QUERIES: &[(&str, &str)] = &[
    ("common word", "government "),
    ("rare word", "zeppelin "),
    ("two words", "market city "),
    ("prefix while typing", "gove"),
    ("phrase", "\"the market\""),
    ("field filter", "title:report "),
    ("negation", "market -city "),
    ("date range", "after:2020-01 before:2021-01"),
    ("everything, newest first", ""),
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let sizes = common::sizes(&args);
    let root = common::bench_root();
    println!("tidings search benchmark ({RUNS} runs per query; medians, p95 and the first run)");
    for size in sizes {
        let lib = match common::library(&root, size) {
            Ok(lib) => lib,
            Err(e) => {
                eprintln!("cannot generate the library under {}: {e}", root.display());
                std::process::exit(2);
            }
        };
        let start = Instant::now();
        let (library, _) = load_library(&[Source::Path(lib.dir.clone())], &LoadOptions::default());
        let load = start.elapsed();
        let articles: Vec<Arc<tidings::article::Article>> = library.articles().to_vec();
        let text: usize = articles
            .iter()
            .map(|a| a.plain_body().len() + a.title.len())
            .sum();
        let builds = common::timed(3, || Index::from_articles(&articles));
        let mut index = Index::from_articles(&articles);
        let memory = index.heap_bytes();
        println!(
            "\n{} articles, {} of article text (load {:.2} s)\n  index build   {:>9}  ({:.0}% of the load)   index memory {} ({:.2}x the text, {} terms)",
            index.len(),
            common::mib(text as u64),
            load.as_secs_f64(),
            common::ms(common::median(&builds)),
            common::median(&builds).as_secs_f64() * 100.0 / load.as_secs_f64(),
            common::mib(memory as u64),
            memory as f64 / text as f64,
            index.term_count(),
        );
        println!(
            "  {:<26} {:<30} {:>33}  {:>21}",
            "query", "", "first screenful", "complete count"
        );
        queries(&mut index, QUERIES);
        // As a warm start has it: the index and the articles from the library cache,
        // their bodies left in its map (the queries that look into the text decode
        // them as they go).
        match from_cache(&lib.dir, &root.join(format!("search-cache-{size}"))) {
            Some(mut cached) => {
                println!("  from the library cache, as a warm start has it:");
                queries(&mut cached, TEXT_QUERIES);
            }
            None => println!("  (the library cache could not be written and read back)"),
        }
    }
}

/// The queries that look into the articles' text.
const TEXT_QUERIES: &[(&str, &str)] =
    &[("phrase", "\"the market\""), ("common word", "government ")];

/// The library's index as a warm start reads it: the library loaded, its cache written
/// (with the index) under `cache_dir`, then read back.
fn from_cache(dir: &std::path::Path, cache_dir: &std::path::Path) -> Option<Index> {
    let _ = std::fs::remove_dir_all(cache_dir);
    let sources = [Source::Path(dir.to_path_buf())];
    let options = LoadOptions {
        cache_dir: Some(cache_dir.to_path_buf()),
        ..LoadOptions::default()
    };
    let (library, report) = load_library(&sources, &options);
    let mut index = Index::from_articles(library.articles());
    let job = common::cache_job(&library, report)?;
    let encoded = job.encode(&mut index);
    job.write(encoded).ok()?;
    let (_, index, _) = tidings::library::load_library_indexed(&sources, &options, true);
    index
}

fn queries(index: &mut Index, queries: &[(&str, &str)]) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    {
        for (kind, q) in queries {
            let request = || Request {
                generation: 0,
                query: parse(q, today).unwrap_or_default(),
                bookmarked_only: false,
                bookmarked: HashSet::new(),
                read: HashSet::new(),
                tagged: Default::default(),
            };
            // As the reader runs it: a first screenful sent ahead when the full
            // answer is slow, then the full answer; both timed from the query string.
            let mut matches = 0;
            let (mut first, mut complete) = (Vec::new(), Vec::new());
            for _ in 0..RUNS {
                let start = Instant::now();
                let mut ahead = None;
                let request = request();
                let outcome = run_staged(index, &request, &|| false, &mut |_| {
                    ahead = Some(start.elapsed())
                });
                let took = start.elapsed();
                matches = outcome.map_or(0, |o| o.docs.len());
                first.push(ahead.unwrap_or(took));
                complete.push(took);
            }
            // The first run reads each common word's list as stored; later ones, as
            // the set of documents that first read made of it.
            let first_run = first.first().copied().unwrap_or_default();
            first.sort();
            complete.sort();
            println!(
                "  {kind:<26} {:<30} {:>9} p95 {:>7} 1st {:>7}  {:>9} p95 {:>7}  {matches:>7} matches",
                format!("{q:?}"),
                common::ms(common::median(&first)),
                common::ms(common::percentile(&first, 95)),
                common::ms(first_run),
                common::ms(common::median(&complete)),
                common::ms(common::percentile(&complete, 95)),
            );
        }
    }
}
