//! Load benchmark: generates libraries of 10,000 and 100,000 articles (mixed formats,
//! fixed seed) and prints, for a full load, the median time, articles/s, MB/s and peak
//! resident memory, side by side with `rg -c WORD` over the same folder in the same run.
//!
//! `cargo bench --bench load` (all sizes) or `cargo bench --bench load -- 10000`.
//! Each load runs in a fresh child process so its peak memory is its own.
//!
//! Every load is timed twice: cold (every file read and parsed, as on a first start
//! or with `--no-cache`) and warm (a later start: unchanged files and the index come
//! from the library cache, which a child writes first, once with the index and once
//! without, so that the index's share of a warm start shows too).

mod common;
#[path = "common/start.rs"]
mod start;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use tidings::index::{Index, Segment};
use tidings::library::Library;
use tidings::library::{LoadEvent, LoadOptions, LoadReport, Source, load, load_library};

const RUNS: usize = 5;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("--child") => return child(Path::new(&args[1]), false),
        Some("--child-indexed") => return child(Path::new(&args[1]), true),
        Some("--child-write") => {
            return write_cache(Path::new(&args[1]), Path::new(&args[2]), args.len() < 4);
        }
        Some("--child-warm") => return warm(Path::new(&args[1]), Path::new(&args[2])),
        Some("--child-cli") => return cli(Path::new(&args[1]), Path::new(&args[2]), false),
        Some("--child-cli-cold") => return cli(Path::new(&args[1]), Path::new(&args[2]), true),
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
        let (load, peak, loaded) = measure(&lib.dir, &["--child"]);
        let (indexed, indexed_peak, _) = measure(&lib.dir, &["--child-indexed"]);
        let mb = lib.bytes as f64 / 1e6;
        let row = |label: &str, time: Duration, count: usize, peak: u64, note: &str| {
            println!(
                "  {label:<15} {:>10}  {:>9.0} articles/s  {:>7.1} MB/s  peak RSS {} ({:.2}x the text)  [{count} articles{note}]",
                common::ms(time),
                count as f64 / time.as_secs_f64(),
                mb / time.as_secs_f64(),
                common::mib(peak),
                peak as f64 / lib.bytes as f64,
            );
        };
        // A load with the index beside the same load without: the index's share.
        let indexed_row = |label: &str, time: Duration, base: Duration, peak: u64, how: &str| {
            println!(
                "  {label:<15} {:>10}  ({:+.0}% for the search index, {how})  peak RSS {} ({:.2}x the text)",
                common::ms(time),
                (time.as_secs_f64() / base.as_secs_f64() - 1.0) * 100.0,
                common::mib(peak),
                peak as f64 / lib.bytes as f64,
            );
        };
        row("full load", load, loaded, peak, "");
        let how = "built as the reader builds it";
        indexed_row("load + index", indexed, load, indexed_peak, how);
        let caches = root.join(format!("cache-{size}"));
        let (with_index, without) = (caches.join("indexed"), caches.join("articles"));
        let written = run_child(&lib.dir, &["--child-write", path(&with_index)]);
        run_child(&lib.dir, &["--child-write", path(&without), "--no-index"]);
        let (warm_load, warm_peak, warm_count) =
            measure(&lib.dir, &["--child-warm", path(&without)]);
        let (warm_indexed, warm_indexed_peak, _) =
            measure(&lib.dir, &["--child-warm", path(&with_index)]);
        let note = format!(" from the cache, written in {:.2} s", written.0);
        row("warm start", warm_load, warm_count, warm_peak, &note);
        let how = format!("from the cache of {}", common::mib(cache_size(&with_index)));
        indexed_row(
            "warm + index",
            warm_indexed,
            warm_load,
            warm_indexed_peak,
            &how,
        );
        if by_format {
            formats(&lib.dir);
        }
        let rg_list = common::timed(RUNS, || rg_list(&lib.dir));
        reader_and_cli(&lib, &caches, &rg_list);
        if rg_ok {
            let rg_median = common::median(&rg_times);
            println!(
                "  rg -c government{:>10}  {:>9}             {:>7.1} MB/s",
                common::ms(rg_median),
                "",
                mb / rg_median.as_secs_f64()
            );
            println!(
                "  load / rg       {:>9.2}x cold, {:.2}x warm; with the index {:.2}x cold, {:.2}x warm",
                load.as_secs_f64() / rg_median.as_secs_f64(),
                warm_load.as_secs_f64() / rg_median.as_secs_f64(),
                indexed.as_secs_f64() / rg_median.as_secs_f64(),
                warm_indexed.as_secs_f64() / rg_median.as_secs_f64(),
            );
        } else {
            println!("  rg            not found on PATH; install ripgrep to compare");
        }
    }
}

/// The reader's first start (every file read) and later ones (from the cache it
/// wrote), measured through a pty; and `tidings list --query` from that cache, beside
/// `rg -l -i -w` (the files holding the word).
fn reader_and_cli(lib: &common::Generated, caches: &Path, rg_list: &[Duration]) {
    let binary = Path::new(env!("CARGO_BIN_EXE_tidings"));
    let config = caches.join("reader");
    let _ = std::fs::remove_dir_all(&config);
    let text = lib.bytes as f64;
    let ms = |d: Option<Duration>| d.map_or("-".to_string(), common::ms);
    let cold = start::reader(binary, &config, &lib.dir, lib.articles);
    let warm: Vec<start::Start> = (0..RUNS)
        .map(|_| start::reader(binary, &config, &lib.dir, lib.articles))
        .collect();
    let first = start::median(&warm.iter().map(|s| s.first_row).collect::<Vec<_>>());
    let whole = start::median(&warm.iter().map(|s| s.whole).collect::<Vec<_>>());
    let mut rss: Vec<u64> = warm.iter().filter_map(|s| s.rss).collect();
    rss.sort();
    let rss = rss.get(rss.len() / 2).copied().unwrap_or(0);
    let peak = warm.iter().filter_map(|s| s.peak).max().unwrap_or(0);
    let nothing = cold.nothing_matches || warm.iter().any(|s| s.nothing_matches);
    println!(
        "  reader cold     first row {:>8}, whole list {:>9}  peak RSS {} ({:.2}x the text)",
        ms(cold.first_row),
        ms(cold.whole),
        common::mib(cold.peak.unwrap_or(0)),
        cold.peak.unwrap_or(0) as f64 / text,
    );
    println!(
        "  reader warm     first row {:>8}, whole list {:>9}  RSS then {} ({:.2}x the text), peak {} ({:.2}x)",
        ms(first),
        ms(whole),
        common::mib(rss),
        rss as f64 / text,
        common::mib(peak),
        peak as f64 / text,
    );
    if nothing {
        println!("  reader          a frame said \"Nothing matches\" while loading");
    }
    let (cli, cli_peak, _) = measure(&lib.dir, &["--child-cli", path(&config)]);
    let rg = common::median(rg_list);
    println!(
        "  list --query    {:>10}  ({:.2}x rg -l -i -w, {}; warm)  peak RSS {} ({:.2}x the text)",
        common::ms(cli),
        cli.as_secs_f64() / rg.as_secs_f64(),
        common::ms(rg),
        common::mib(cli_peak),
        cli_peak as f64 / text,
    );
    let (cold, cold_peak, _) = measure(&lib.dir, &["--child-cli-cold", path(&config)]);
    println!(
        "  list --query    {:>10}  ({:.2}x rg -l -i -w; cold: --no-cache)  peak RSS {} ({:.2}x the text)",
        common::ms(cold),
        cold.as_secs_f64() / rg.as_secs_f64(),
        common::mib(cold_peak),
        cold_peak as f64 / text,
    );
}

/// `tidings list --query government DIR` with the config (and library cache) in
/// `config`, as a child of this one: its time, and its peak memory (getrusage).
/// `cold`: with `--no-cache`, every file read and the library indexed.
fn cli(dir: &Path, config: &Path, cold: bool) {
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(cold.then_some("--no-cache"))
        .args(["list", "--query", "government"])
        .arg(dir)
        .env("TIDINGS_CONFIG_DIR", config)
        .stdout(std::process::Stdio::null())
        .status();
    let secs = start.elapsed().as_secs_f64();
    // SAFETY: getrusage writes the struct it is given, which outlives the call.
    let peak = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage.ru_maxrss as u64 * 1024
    };
    let ok = status.map(|s| s.success()).unwrap_or(false);
    println!("{secs} {} {peak}", usize::from(ok));
}

fn rg_list(dir: &Path) -> Option<()> {
    let out = Command::new("rg")
        .args(["-l", "-i", "-w", "--no-messages", "government"])
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .status()
        .ok()?;
    out.code().filter(|c| *c <= 1).map(|_| ())
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
fn measure(dir: &Path, mode: &[&str]) -> (Duration, u64, usize) {
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

fn path(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

fn cache_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Runs this benchmark as a child: `mode[0] DIR mode[1..]`.
fn run_child(dir: &Path, mode: &[&str]) -> (f64, usize, u64) {
    let exe = std::env::current_exe().unwrap_or_else(|_| "load".into());
    let out = Command::new(exe)
        .arg(mode[0])
        .arg(dir)
        .args(&mode[1..])
        .output();
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
    let count = if indexed {
        let (library, mut index, _) = load_indexed(dir, &LoadOptions::default());
        index.shrink();
        library.len()
    } else {
        let sources = [Source::Path(dir.to_path_buf())];
        load_library(&sources, &LoadOptions::default()).0.len()
    };
    let secs = start.elapsed().as_secs_f64();
    println!("{secs} {count} {}", common::peak_rss().unwrap_or(0));
}

/// Loads `dir` into a library and its index as the reader does.
fn load_indexed(dir: &Path, options: &LoadOptions) -> (Library, Index, LoadReport) {
    let sources = [Source::Path(dir.to_path_buf())];
    let state = std::sync::Mutex::new((Library::new(), Index::new()));
    let report = load(&sources, options, &|event| {
        if let LoadEvent::Batch { articles, .. } = event {
            let segment = Segment::build(&articles);
            if let Ok(mut guard) = state.lock() {
                let (library, index) = &mut *guard;
                let added = library.add(articles);
                index.append(segment, &added.keep, added.articles);
            }
        }
    });
    let (library, index) = state.into_inner().unwrap_or_default();
    (library, index, report)
}

/// Loads the library as the reader does and writes its cache under `cache_dir`, with
/// the index or without; prints the time the write took.
fn write_cache(dir: &Path, cache_dir: &Path, with_index: bool) {
    let _ = std::fs::remove_dir_all(cache_dir);
    let options = LoadOptions {
        cache_dir: Some(cache_dir.to_path_buf()),
        ..LoadOptions::default()
    };
    let (library, mut index, report) = load_indexed(dir, &options);
    let start = Instant::now();
    let cache_use = format!("{:?}", report.cache);
    let Some(job) = common::cache_job(&library, report) else {
        eprintln!("the load asked for no cache ({cache_use})");
        std::process::exit(2);
    };
    let encoded = if with_index {
        job.encode(&mut index)
    } else {
        None
    };
    if let Err(e) = job.write(encoded) {
        eprintln!("{e}");
        std::process::exit(2);
    }
    println!("{} {} 0", start.elapsed().as_secs_f64(), library.len());
}

/// A later start: the library (and, if the cache has it, the index) from the cache,
/// as the reader takes them.
fn warm(dir: &Path, cache_dir: &Path) {
    let start = Instant::now();
    let sources = [Source::Path(dir.to_path_buf())];
    let options = LoadOptions {
        cache_dir: Some(cache_dir.to_path_buf()),
        ..LoadOptions::default()
    };
    let state = std::sync::Mutex::new((Library::new(), Index::new()));
    let report = load(&sources, &options, &|event| {
        if let LoadEvent::Cached {
            articles, index, ..
        } = event
            && let Ok(mut guard) = state.lock()
        {
            let (library, slot) = &mut *guard;
            let added = library.add(articles);
            if let Some(mut index) = index
                && index.attach(added.articles)
            {
                *slot = *index;
            }
        }
    });
    if !matches!(
        report.cache,
        tidings::library::CacheUse::Used {
            read: 0,
            gone: 0,
            ..
        }
    ) {
        eprintln!("the cache was not used whole: {:?}", report.cache);
    }
    let (library, _index) = state.into_inner().unwrap_or_default();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{secs} {} {}",
        library.len(),
        common::peak_rss().unwrap_or(0)
    );
}
