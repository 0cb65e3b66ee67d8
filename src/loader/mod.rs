//! Walks the files and folders given, reads each file into memory, decodes it, picks a
//! parser by content and extension, and collects a `LoadReport` of everything skipped
//! or only partly read. Parsers live in the submodules, one format each; this module
//! never draws anything and never panics on what it reads.

pub mod decode;
pub mod email;
pub mod feed;
mod file;
pub mod html;
pub mod markdown;
pub mod text;
pub(crate) mod walk;

pub(crate) use file::io_reason;
pub use file::{Format, binary_reason, detect_format, parse_file, read_file};

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::article::Article;

/// Where articles come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A file or a folder, walked recursively.
    Path(PathBuf),
    /// A file held in memory (the bundled samples).
    Memory { path: PathBuf, bytes: &'static [u8] },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// Nothing was loaded from the file.
    Skipped,
    /// The file loaded, but something in it was replaced or ignored.
    Partial,
    /// The file is byte-identical to one already loaded.
    Duplicate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub kind: ProblemKind,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.kind {
            ProblemKind::Skipped => "skipped",
            ProblemKind::Partial => "partly read",
            ProblemKind::Duplicate => "duplicate",
        };
        let path = crate::article::sanitize_line(&self.path.to_string_lossy());
        write!(f, "{path}: {kind}: {}", self.reason)
    }
}

#[derive(Clone, Debug, Default)]
pub struct LoadReport {
    pub files: usize,
    pub problems: Vec<Problem>,
}

impl LoadReport {
    pub fn skipped(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Skipped)
            .count()
    }
}

#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub max_file_size: u64,
    /// Follow symbolic links that lead out of the folders given.
    pub follow_outside_links: bool,
    /// Files parsed per batch sent to the consumer.
    pub batch_size: usize,
    /// Threads reading and parsing files; 0 for [`THREADS_PER_CORE`] per core.
    pub threads: usize,
}

/// Loading threads per core by default. Reading from a cold page cache blocks, and
/// the spare threads keep the cores parsing meanwhile: a cold 10,000-article load on
/// 2 cores takes about half the time with 8 threads as with 2; a warm one takes
/// about the same (within a few percent), for ~3 MiB more peak memory.
pub const THREADS_PER_CORE: usize = 4;
/// At most this many loading threads by default.
const MAX_DEFAULT_THREADS: usize = 32;

impl LoadOptions {
    fn thread_count(&self) -> usize {
        if self.threads > 0 {
            return self.threads;
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        (cores * THREADS_PER_CORE).min(MAX_DEFAULT_THREADS)
    }
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_size: crate::config::DEFAULT_MAX_FILE_SIZE,
            follow_outside_links: false,
            batch_size: 512,
            threads: 0,
        }
    }
}

/// What became of one file.
pub struct FileResult {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

/// What the loader tells its consumer as it goes.
pub enum LoadEvent {
    /// The walk is done: this many files will be read.
    Started { files: usize },
    /// Articles parsed from `files` more files.
    Batch {
        articles: Vec<Article>,
        files: usize,
    },
}

/// Loads everything under `sources`, handing articles over in batches as they are
/// parsed (in parallel), and returns the report once all are done.
pub fn load(
    sources: &[Source],
    options: &LoadOptions,
    on_event: &(dyn Fn(LoadEvent) + Sync),
) -> LoadReport {
    let mut report = LoadReport::default();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut memory: Vec<(PathBuf, &'static [u8])> = Vec::new();
    let roots: Vec<PathBuf> = sources
        .iter()
        .filter_map(|s| match s {
            Source::Path(p) => Some(p.clone()),
            Source::Memory { .. } => None,
        })
        .collect();
    let library = walk::canonical_roots(&roots);
    for source in sources {
        match source {
            Source::Path(path) => walk::walk(
                path,
                &library,
                options.follow_outside_links,
                &mut files,
                &mut report.problems,
            ),
            Source::Memory { path, bytes } => memory.push((path.clone(), bytes)),
        }
    }
    report.files = files.len() + memory.len();
    on_event(LoadEvent::Started {
        files: report.files,
    });

    if !memory.is_empty() {
        let mut articles = Vec::new();
        for (path, bytes) in &memory {
            let result = guarded(path, || parse_file(path, bytes));
            articles.extend(result.articles);
            report.problems.extend(result.problems);
        }
        on_event(LoadEvent::Batch {
            articles,
            files: memory.len(),
        });
    }

    let read_all = || read_files(&files, options, on_event);
    let problems = match rayon::ThreadPoolBuilder::new()
        .num_threads(options.thread_count())
        .thread_name(|i| format!("loader-{i}"))
        .build()
    {
        Ok(pool) => pool.install(read_all),
        // Without threads of its own the load shares rayon's global pool.
        Err(_) => read_all(),
    };
    report.problems.extend(problems);
    report
}

/// Reads and parses `files` in parallel batches, handing each batch's articles over
/// as it is done; returns the problems.
fn read_files(
    files: &[PathBuf],
    options: &LoadOptions,
    on_event: &(dyn Fn(LoadEvent) + Sync),
) -> Vec<Problem> {
    let problems: Vec<Vec<Problem>> = files
        .par_chunks(options.batch_size.max(1))
        .map(|chunk| {
            let mut articles = Vec::new();
            let mut problems = Vec::new();
            for path in chunk {
                let result = guarded(path, || read_file(path, options.max_file_size));
                articles.extend(result.articles);
                problems.extend(result.problems);
            }
            on_event(LoadEvent::Batch {
                articles,
                files: chunk.len(),
            });
            problems
        })
        .collect();
    problems.into_iter().flatten().collect()
}

/// Loads everything into a `Library` at once (for the command line), with duplicates
/// merged and reported.
pub fn load_library(
    sources: &[Source],
    options: &LoadOptions,
) -> (crate::library::Library, LoadReport) {
    let batches = std::sync::Mutex::new(Vec::new());
    let mut report = load(sources, options, &|event| {
        if let LoadEvent::Batch { articles, .. } = event
            && !articles.is_empty()
            && let Ok(mut all) = batches.lock()
        {
            all.push(articles);
        }
    });
    let articles = in_path_order(
        batches
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
    );
    let mut library = crate::library::Library::new();
    report.problems.extend(library.add(articles).duplicates);
    (library, report)
}

/// Runs a file's reading and parsing so that a bug in a parser costs that file only:
/// a panic becomes a report, and the rest of the library still loads.
pub(crate) fn guarded(path: &Path, work: impl FnOnce() -> FileResult) -> FileResult {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        FileResult {
            articles: Vec::new(),
            problems: vec![skipped(
                path,
                format!("internal error while reading it ({why}); please report it"),
            )],
        }
    })
}

/// The articles of all batches sorted by path, those of one file in the order they
/// came (which makes "the first copy" of a duplicate stable). A batch is a run of
/// files in walk order, which is path order within a folder: put in order by their
/// first paths, the batches leave the sort little to do.
fn in_path_order(mut batches: Vec<Vec<Article>>) -> Vec<Article> {
    let first_path = |batch: &Vec<Article>| batch.first().map(|a| a.path.clone());
    batches.sort_by_cached_key(first_path);
    let mut articles: Vec<Article> = batches.into_iter().flatten().collect();
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    articles
}

fn skipped(path: &Path, reason: impl Into<String>) -> Problem {
    Problem {
        path: path.to_path_buf(),
        kind: ProblemKind::Skipped,
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_parser_costs_only_its_file() {
        let r = guarded(Path::new("bad.txt"), || panic!("boom"));
        assert!(r.articles.is_empty());
        assert_eq!(
            r.problems[0].reason,
            "internal error while reading it (boom); please report it"
        );
    }
}
