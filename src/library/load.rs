//! Loading a library: walks the sources, takes what the library cache holds, reads
//! the rest through `crate::loader` in parallel batches, and tells its consumer as it
//! goes (`LoadEvent`), ending with a `LoadReport`. Above the loader, the cache and the
//! index; the reader's loader thread and the command line's `load_library` both
//! start here.

use std::path::PathBuf;

use rayon::prelude::*;

use super::warm::{load_changes, read_cache, refresh};
use super::{Changes, Library};
use crate::article::{Article, ArticleId};
use crate::cache::{Cache, Entry, Stamp};
use crate::index::Index;
use crate::loader::{FileResult, guarded, parse_file, read_file, walk};
use crate::report::{Problem, ProblemKind};

/// Where articles come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A file or a folder, walked recursively.
    Path(PathBuf),
    /// A file held in memory (the bundled samples).
    Memory { path: PathBuf, bytes: &'static [u8] },
}

#[derive(Clone, Debug, Default)]
pub struct LoadReport {
    pub files: usize,
    pub problems: Vec<Problem>,
    /// What the library cache did for this load.
    pub cache: CacheUse,
    /// The cache to write once the library is complete, when it was missing or
    /// outdated, with the stamps the files had when they were read.
    pub refresh: Option<Refresh>,
    /// Files of one article whose article changed since the cache was written: (the
    /// old id, the new id). Found by a command's load (`load_library_indexed`) as it
    /// follows the cache's library through the changes; the reader finds them itself.
    pub edited: Vec<(ArticleId, ArticleId)>,
    /// Whether the cache used held its index and its front page whole.
    pub cache_whole: bool,
    /// Found the same way: the files read anew gave back what the cache held (the
    /// same articles, or none again: a file skipped again), and the cache's index
    /// was used (see `library::worth_writing`).
    pub same: bool,
}

/// What the library cache did for a load.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum CacheUse {
    /// No cache: turned off, or nothing to cache.
    #[default]
    Off,
    /// Files taken from the cache, and files read anew or gone since it was written.
    Used {
        fresh: usize,
        read: usize,
        gone: usize,
    },
    /// The cache could not be used (why): every file was read.
    Unused(String),
}

/// A cache to write, and what it must say of the files.
#[derive(Clone, Debug)]
pub struct Refresh {
    pub cache: Cache,
    /// When the files were stamped (nanoseconds since 1970).
    pub stamped: i64,
    pub files: Vec<Entry>,
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
    /// Where the library cache lives; `None` reads every file every time.
    pub cache_dir: Option<PathBuf>,
    /// See [`crate::cache::DEFAULT_MARGIN`].
    pub cache_margin: std::time::Duration,
    /// Hand the cache's articles over before the folders are walked, as the reader
    /// wants them (it lists them at once); `false` walks the folders while the
    /// cache is read, for a caller that waits for everything (the command line).
    pub list_first: bool,
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
            max_file_size: crate::loader::DEFAULT_MAX_FILE_SIZE,
            follow_outside_links: false,
            batch_size: 512,
            threads: 0,
            cache_dir: None,
            cache_margin: crate::cache::DEFAULT_MARGIN,
            list_first: true,
        }
    }
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
    /// Everything the library cache holds, at once (after its `Front`, before
    /// anything else, even `Started`: the folders are walked after): its articles in the order of the
    /// library that wrote it, the duplicates it held back after them, and the index
    /// of the ones it kept, if the cache had it; `files` files it lists. What changed
    /// since (files new, changed or gone, texts found damaged) follows as `Changed`.
    Cached {
        articles: Vec<std::sync::Arc<Article>>,
        index: Option<Box<Index>>,
        files: usize,
    },
    /// What changed since the cache was written, read anew: as the watch reports
    /// files changed while the reader runs.
    Changed(Changes),
    /// The library cache's front page, first of all: the newest articles (their
    /// heads only, without bodies or links) for the list to show until `Cached`,
    /// and how many articles the cache holds.
    Front {
        articles: Vec<Article>,
        total: usize,
    },
}

/// Loads everything under `sources`, handing articles over in batches as they are
/// parsed (in parallel), and returns the report once all are done. With a library
/// cache, what it holds is handed over first, while the folders are walked (so a
/// warm start shows its list before it has looked at a file); what changed since
/// follows as one `Changed`.
pub fn load(
    sources: &[Source],
    options: &LoadOptions,
    on_event: &(dyn Fn(LoadEvent) + Sync),
) -> LoadReport {
    let mut report = LoadReport::default();
    let roots: Vec<PathBuf> = sources
        .iter()
        .filter_map(|s| match s {
            Source::Path(p) => Some(p.clone()),
            Source::Memory { .. } => None,
        })
        .collect();
    let in_memory = sources.len() > roots.len();
    let cache = options
        .cache_dir
        .as_ref()
        .filter(|_| !in_memory && !roots.is_empty())
        .map(|dir| {
            // Named by the folders as given: the files are listed by those paths, so
            // `~/news` and `news` from home each keep a cache that fits them.
            let mut cache = Cache::new(
                dir,
                &roots,
                options.max_file_size,
                options.follow_outside_links,
            );
            cache.margin = options.cache_margin;
            cache
        });
    let all = || {
        let library = walk::canonical_roots(&roots);
        let walk_all = |on_file: &mut dyn FnMut(PathBuf), problems: &mut Vec<Problem>| {
            for root in &roots {
                let follow = options.follow_outside_links;
                walk::walk_each(root, &library, follow, on_file, problems);
            }
        };
        let walk_list = || {
            let (mut files, mut problems) = (Vec::new(), Vec::new());
            walk_all(&mut |path| files.push(path), &mut problems);
            (files, problems)
        };
        // The cache is read (and its articles handed over) first, on every core;
        // the folders are walked after, while the reader takes the articles in
        // (or, for a caller that waits for everything, meanwhile). Decoding the
        // cache waits on nothing: a thread a core (the load's own pool has more, for
        // files read from a cold disk).
        let read_early = |cache: &Cache| {
            let read = || read_cache(cache, on_event);
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            match rayon::ThreadPoolBuilder::new()
                .num_threads(cores)
                .thread_name(|i| format!("cache-{i}"))
                .build()
            {
                Ok(pool) => pool.install(read),
                Err(_) => read(),
            }
        };
        let (early, mut walked) = match &cache {
            Some(cache) if !options.list_first => {
                let (early, walked) = rayon::join(|| read_early(cache), walk_list);
                (Some(early), Some(walked))
            }
            _ => (cache.as_ref().map(read_early), None),
        };
        match (cache, early) {
            (Some(cache), Some(Ok(early))) => {
                let (files, problems) = walked.take().unwrap_or_else(walk_list);
                report.problems.extend(problems);
                report.files = files.len();
                on_event(LoadEvent::Started {
                    files: report.files,
                });
                load_changes(cache, early, &files, options, on_event, &mut report);
            }
            (cache, early) => {
                // Nothing to take from a cache: the files are read as the walk finds
                // them.
                let memory: Vec<(&PathBuf, &'static [u8])> = sources
                    .iter()
                    .filter_map(|s| match s {
                        Source::Memory { path, bytes } => Some((path, *bytes)),
                        Source::Path(_) => None,
                    })
                    .collect();
                let stamped = crate::cache::nanos(std::time::SystemTime::now());
                let walking = Walking {
                    extra: memory.len(),
                    stamp: cache.is_some(),
                    options,
                    on_event,
                };
                // The folders walked already, beside the cache's read: the same
                // files in the same order, without walking them again.
                let replay = |on_file: &mut dyn FnMut(PathBuf), problems: &mut Vec<Problem>| {
                    if let Some((files, walk_problems)) = &walked {
                        files.iter().for_each(|path| on_file(path.clone()));
                        problems.extend(walk_problems.iter().cloned());
                    }
                };
                let walk: &Walk = match walked.is_some() {
                    true => &replay,
                    false => &walk_all,
                };
                let (count, found, problems) = walking.read(walk, &mut report.problems);
                report.files = count + memory.len();
                report.problems.extend(problems);
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
                if let Some(cache) = cache {
                    let why = early.and_then(Result::err).unwrap_or_default();
                    report.cache = CacheUse::Unused(why);
                    report.refresh = Some(refresh(cache, stamped, &found));
                }
            }
        }
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(options.thread_count())
        .thread_name(|i| format!("loader-{i}"))
        .build()
    {
        Ok(pool) => pool.install(all),
        // Without threads of its own the load shares rayon's global pool.
        Err(_) => all(),
    }
    report
}

/// Reads and parses `files` in parallel, all at once: their articles file by file in
/// the order given, and the problems.
pub(super) fn read_together(
    files: &[PathBuf],
    options: &LoadOptions,
) -> (Vec<Article>, Vec<Problem>) {
    let results: Vec<FileResult> = files
        .par_iter()
        .map(|path| guarded(path, || read_file(path, options.max_file_size)))
        .collect();
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    for result in results {
        articles.extend(result.articles);
        problems.extend(result.problems);
    }
    (articles, problems)
}

/// The first batch's files to read: few, so that the first articles are on screen
/// soon after a first start.
const FIRST_BATCH: usize = 16;

/// Reading files as the walk finds them, for a load with nothing to take from a
/// cache: each batch is read on the pool while the walk goes on, the first ones
/// small (`FIRST_BATCH` files, doubling up to the batch size; spawned work is taken
/// oldest first, so the first batch is read first). `Started` goes once the walk is
/// done, counting `extra` files besides (in memory).
struct Walking<'a> {
    extra: usize,
    /// Stamp each file just before it is read (for a cache to write).
    stamp: bool,
    options: &'a LoadOptions,
    on_event: &'a (dyn Fn(LoadEvent) + Sync),
}

/// Each file's stamp (where one could be taken), in no particular order.
type Found = Vec<(PathBuf, Option<Stamp>)>;

/// Walks the library, handing each file over, and its problems.
type Walk<'a> = dyn Fn(&mut dyn FnMut(PathBuf), &mut Vec<Problem>) + Sync + 'a;

impl Walking<'_> {
    /// Walks with `walk` (its problems into `walk_problems`) and reads what it finds:
    /// how many files, their stamps (if asked for), and the problems reading them.
    fn read(&self, walk: &Walk, walk_problems: &mut Vec<Problem>) -> (usize, Found, Vec<Problem>) {
        let done = std::sync::Mutex::new((Vec::new(), Vec::new()));
        let max = self.options.batch_size.max(1);
        let mut count = 0;
        rayon::scope(|scope| {
            let done = &done;
            let read_batch = move |batch: Vec<PathBuf>| {
                let (mut articles, mut problems, mut found) = (Vec::new(), Vec::new(), Vec::new());
                for path in &batch {
                    if self.stamp {
                        found.push((path.clone(), Stamp::of(path)));
                    }
                    let max_size = self.options.max_file_size;
                    let result = guarded(path, || read_file(path, max_size));
                    articles.extend(result.articles);
                    problems.extend(result.problems);
                }
                (self.on_event)(LoadEvent::Batch {
                    articles,
                    files: batch.len(),
                });
                if let Ok(mut done) = done.lock() {
                    done.0.extend(found);
                    done.1.extend(problems);
                }
            };
            let mut batch = Vec::new();
            let mut size = FIRST_BATCH.min(max);
            walk(
                &mut |path| {
                    count += 1;
                    batch.push(path);
                    if batch.len() >= size {
                        let full = std::mem::take(&mut batch);
                        scope.spawn(move |_| read_batch(full));
                        size = (size * 2).min(max);
                    }
                },
                walk_problems,
            );
            (self.on_event)(LoadEvent::Started {
                files: count + self.extra,
            });
            if !batch.is_empty() {
                scope.spawn(move |_| read_batch(batch));
            }
        });
        let (found, problems) = done.into_inner().unwrap_or_else(|p| p.into_inner());
        (count, found, problems)
    }
}

/// Loads everything into a `Library` at once (for the command line), with duplicates
/// merged and reported, the articles in path order.
pub fn load_library(sources: &[Source], options: &LoadOptions) -> (Library, LoadReport) {
    let (library, _, report) = load_library_indexed(sources, options, false);
    (library, report)
}

/// As [`load_library`]; but with `want_index`, when the library cache could be used,
/// the library in the cache's order with the cache's index attached (when it had one
/// that fits), both following what changed since as the reader's do: the articles of
/// files changed or gone dropped, those read anew after the rest. So a query need not
/// index the library again, and the cache can be written from them
/// ([`cache_job`](super::cache_job)).
pub fn load_library_indexed(
    sources: &[Source],
    options: &LoadOptions,
    want_index: bool,
) -> (Library, Option<Index>, LoadReport) {
    let batches = std::sync::Mutex::new(Vec::new());
    let changed = std::sync::Mutex::new(None);
    let cached = std::sync::Mutex::new(None);
    let mut report = load(sources, options, &|event| match event {
        // Kept shared until the load is done (the check of their texts holds them
        // meanwhile), so that they are not copied.
        LoadEvent::Cached {
            articles, index, ..
        } => {
            if let Ok(mut slot) = cached.lock() {
                *slot = Some((articles, index.filter(|_| want_index)));
            }
        }
        LoadEvent::Batch { articles, .. } => {
            if !articles.is_empty()
                && let Ok(mut all) = batches.lock()
            {
                all.push(articles);
            }
        }
        LoadEvent::Changed(changes) => {
            if let Ok(mut slot) = changed.lock() {
                *slot = Some(changes);
            }
        }
        LoadEvent::Started { .. } | LoadEvent::Front { .. } => {}
    });
    fn into<T>(m: std::sync::Mutex<T>) -> T {
        m.into_inner().unwrap_or_else(|p| p.into_inner())
    }
    let mut batches: Vec<Vec<Article>> = into(batches);
    let changed: Option<Changes> = into(changed);
    let cached = into(cached);
    if let Some((articles, index)) = cached {
        if want_index && batches.is_empty() {
            // The cache's order is its index's: the library keeps it, and follows
            // what changed since as the reader does (dropped articles as tombstones,
            // new ones after), so that its index need not be built again.
            let mut library = Library::new();
            report.problems.extend(library.add(articles).duplicates);
            // An index that does not fit them is dropped (the command builds one).
            let mut index = index
                .and_then(|mut index| index.attach(library.articles().to_vec()).then_some(*index));
            if let Some(changes) = changed {
                follow(&mut library, index.as_mut(), changes, &mut report);
            }
            return (library, index, report);
        }
        batches.push(unshared(articles));
    }
    if let Some(changes) = changed {
        let stale: std::collections::HashSet<&PathBuf> =
            changes.gone.iter().chain(&changes.read).collect();
        for batch in &mut batches {
            batch.retain(|a| !stale.contains(&a.path));
        }
        batches.push(changes.articles);
        report.problems.extend(changes.problems);
    }
    let articles = in_path_order(batches);
    let mut library = Library::new();
    report.problems.extend(library.add(articles).duplicates);
    (library, None, report)
}

/// Applies what changed since the cache was written to the cache's library and its
/// index (when it has one), as the reader applies a change the watch saw; says what
/// went wrong with the files read, the duplicates among them, the files of one
/// article whose article changed (`LoadReport::edited`), and whether anything did
/// (`LoadReport::same`).
fn follow(
    library: &mut Library,
    index: Option<&mut Index>,
    changes: Changes,
    report: &mut LoadReport,
) {
    let Changes {
        gone,
        read,
        articles,
        problems,
    } = changes;
    let index_kept = index.is_some();
    let segments = match index_kept {
        true => super::segments(&articles),
        false => Vec::new(),
    };
    let mut replaced = library.replace(&gone, &read, articles);
    if let Some(index) = index {
        for change in replaced.index_changes(segments) {
            change.apply(index);
        }
    }
    let read_set: std::collections::HashSet<&PathBuf> = read.iter().collect();
    let gone_set: std::collections::HashSet<&std::path::Path> =
        gone.iter().map(PathBuf::as_path).collect();
    let outdated =
        |path: &PathBuf| read_set.contains(path) || path.ancestors().any(|p| gone_set.contains(p));
    report.problems.retain(|p| !outdated(&p.path));
    report.problems.extend(problems);
    report.problems.append(&mut replaced.added.duplicates);
    report.edited = replaced.successors;
    report.same = index_kept
        && replaced.removed.is_empty()
        && replaced.added.articles.is_empty()
        && replaced.promoted.is_empty();
}

/// Articles shared by the cache's read, no longer shared once the load is done (a
/// copy only where one still is).
fn unshared(articles: Vec<std::sync::Arc<Article>>) -> Vec<Article> {
    articles
        .into_iter()
        .map(std::sync::Arc::unwrap_or_clone)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_start_reads_small_batches_first_and_every_file_once() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..100 {
            let text = format!("# Article {i}\n\nBody {i}.\n");
            std::fs::write(dir.path().join(format!("{i:03}.md")), text).unwrap();
        }
        let events = std::sync::Mutex::new(Vec::new());
        let options = LoadOptions {
            cache_dir: Some(dir.path().join(".cache")),
            ..LoadOptions::default()
        };
        let report = load(&[Source::Path(dir.path().into())], &options, &|e| {
            let seen = match e {
                LoadEvent::Batch { files, articles } => (files, articles.len()),
                LoadEvent::Started { files } => (files, usize::MAX),
                _ => (0, 0),
            };
            events.lock().unwrap().push(seen);
        });
        let events = events.into_inner().unwrap();
        let mut batches: Vec<usize> = events
            .iter()
            .filter(|(_, a)| *a != usize::MAX)
            .map(|(f, _)| *f)
            .collect();
        batches.sort_unstable();
        assert_eq!(batches, [16, 32, 52], "16, then 32, then the 52 left");
        assert!(events.contains(&(100, usize::MAX)), "Started: {events:?}");
        assert_eq!(report.files, 100);
        // Every file stamped, for the cache to write.
        let refresh = report.refresh.expect("a cache to write");
        assert_eq!(refresh.files.len(), 100);
        assert_eq!(report.cache, CacheUse::Unused("no cache yet".into()));
    }
}
