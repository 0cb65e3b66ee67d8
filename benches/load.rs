//! Load benchmark: generates libraries of 10,000 and 100,000 articles (mixed formats,
//! fixed seed) and prints, for a full load, the median time, articles/s, MB/s and peak
//! resident memory, side by side with `rg -c WORD` over the same folder in the same run.
//!
//! `cargo bench --bench load` (all sizes) or `cargo bench --bench load -- 10000`.
//! Each load runs in a fresh child process so its peak memory is its own.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use tidings::index::{Index, Segment};
use tidings::library::Library;
use tidings::loader::{LoadEvent, LoadOptions, Source, load, load_library};

const RUNS: usize = 5;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("--child") => return child(Path::new(&args[1]), false),
        Some("--child-indexed") => return child(Path::new(&args[1]), true),
        _ => {}
    }
    let by_format = args.iter().any(|a| a == "--by-format");
    let sizes = common::sizes(&args);
    let root = common::bench_root();
    println!(
        "tidings load benchmark ({} runs each, medians; {} cores)",
        RUNS,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for size in sizes {
        let start = Instant::now();
        let lib = match common::library(&root, size) {
            Ok(lib) => lib,
            Err(e) => {
                eprintln!("cannot generate the library under {}: {e}", root.display());
                std::process::exit(2);
            }
        };
        println!(
            "\n{} articles in {} files, {} of text, at {} (ready in {:.1} s)",
            lib.articles,
            lib.files,
            common::mib(lib.bytes),
            lib.dir.display(),
            start.elapsed().as_secs_f64()
        );
        // Warm the page cache once, so both tools read from memory.
        let _ = rg(&lib.dir);
        let rg_times = common::timed(RUNS, || rg(&lib.dir));
        let rg_ok = rg(&lib.dir).is_some();
        let (load, peak, loaded) = measure(&lib.dir, "--child");
        let (indexed, indexed_peak, _) = measure(&lib.dir, "--child-indexed");
        let mb = lib.bytes as f64 / 1e6;
        println!(
            "  full load       {:>10}  {:>9.0} articles/s  {:>7.1} MB/s  peak RSS {} ({:.2}x the text)  [{} articles]",
            common::ms(load),
            loaded as f64 / load.as_secs_f64(),
            mb / load.as_secs_f64(),
            common::mib(peak),
            peak as f64 / lib.bytes as f64,
            loaded,
        );
        println!(
            "  load + index    {:>10}  ({:+.0}% for the search index, built as the reader builds it)  peak RSS {} ({:.2}x the text)",
            common::ms(indexed),
            (indexed.as_secs_f64() / load.as_secs_f64() - 1.0) * 100.0,
            common::mib(indexed_peak),
            indexed_peak as f64 / lib.bytes as f64,
        );
        if by_format {
            formats(&lib.dir);
        }
        if rg_ok {
            let rg_median = common::median(&rg_times);
            println!(
                "  rg -c government{:>10}  {:>9}             {:>7.1} MB/s",
                common::ms(rg_median),
                "",
                mb / rg_median.as_secs_f64()
            );
            println!(
                "  load / rg       {:>9.2}x",
                load.as_secs_f64() / rg_median.as_secs_f64()
            );
        } else {
            println!("  rg            not found on PATH; install ripgrep to compare");
        }
    }
}

fn rg(dir: &Path) -> Option<()> {
    let out = Command::new("rg")
        .args(["-c", "--no-messages", "government"])
        .arg(dir)
        .output()
        .ok()?;
    out.status.code().filter(|c| *c <= 1).map(|_| ())
}

/// Median time, the highest peak memory, and the article count over `RUNS` runs.
fn measure(dir: &Path, mode: &str) -> (Duration, u64, usize) {
    let mut loads = Vec::new();
    let (mut peak, mut loaded) = (0, 0);
    for _ in 0..RUNS {
        let (secs, articles, rss) = run_child(dir, mode);
        loads.push(Duration::from_secs_f64(secs));
        peak = peak.max(rss);
        loaded = articles;
    }
    loads.sort();
    (common::median(&loads), peak, loaded)
}

fn run_child(dir: &Path, mode: &str) -> (f64, usize, u64) {
    let exe = std::env::current_exe().unwrap_or_else(|_| "load".into());
    let out = Command::new(exe).arg(mode).arg(dir).output();
    let text = out
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let mut parts = text.split_whitespace();
    let secs = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN);
    let articles = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let rss = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    (secs, articles, rss)
}

/// Parse time per format on one core, from bytes already in memory (no I/O).
fn formats(dir: &Path) {
    let mut by_ext: std::collections::BTreeMap<String, Vec<(std::path::PathBuf, Vec<u8>)>> =
        Default::default();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file() {
            let ext = entry
                .path()
                .extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Ok(bytes) = std::fs::read(entry.path()) {
                by_ext
                    .entry(ext)
                    .or_default()
                    .push((entry.into_path(), bytes));
            }
        }
    }
    for (ext, files) in &by_ext {
        if ext.is_empty() || ext == "generated" {
            continue;
        }
        let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
        let start = Instant::now();
        let mut articles = 0;
        for (path, b) in files {
            articles += tidings::loader::parse_file(path, b).articles.len();
        }
        let t = start.elapsed();
        println!(
            "  parse .{ext:<5} {:>6} files {:>8}  {:>7.1} MB/s on one core  ({:.0} µs per article)",
            files.len(),
            common::mib(bytes as u64),
            bytes as f64 / 1e6 / t.as_secs_f64(),
            t.as_secs_f64() * 1e6 / articles.max(1) as f64
        );
    }
}

/// One full load; with `indexed`, as the reader does it: index segments built on the
/// loader's threads, appended in order (here, on this thread, under a lock).
fn child(dir: &Path, indexed: bool) {
    let start = Instant::now();
    let sources = [Source::Path(dir.to_path_buf())];
    let count = if indexed {
        let state = std::sync::Mutex::new((Library::new(), Index::new()));
        load(&sources, &LoadOptions::default(), &|event| {
            if let LoadEvent::Batch { articles, .. } = event {
                let segment = Segment::build(&articles);
                if let Ok(mut guard) = state.lock() {
                    let (library, index) = &mut *guard;
                    let added = library.add(articles);
                    index.append(segment, &added.keep, added.articles);
                }
            }
        });
        let (library, mut index) = state.into_inner().unwrap_or_default();
        index.shrink();
        library.len()
    } else {
        load_library(&sources, &LoadOptions::default()).0.len()
    };
    let secs = start.elapsed().as_secs_f64();
    println!("{secs} {count} {}", common::peak_rss().unwrap_or(0));
}
