//! A load that takes its articles from the library cache: the cache read and handed
//! over first (`read_cache`), then the files walked compared with the ones it held,
//! its texts checked, and what changed read anew (`load_changes`).

use std::path::PathBuf;

use rayon::prelude::*;

use super::Changes;
use super::load::{CacheUse, LoadEvent, LoadOptions, LoadReport, Refresh, read_together};
use crate::cache::{Cache, CacheError, Entry, Stamp, TextCheck};

/// What a load took from the library cache and handed over, to compare with the
/// files found.
pub(super) struct Early {
    meta: crate::cache::Meta,
    check: TextCheck,
    /// Whether the cache held the index of its articles.
    complete: bool,
}

/// Reads the library cache and hands its articles over (`Cached`), before any file
/// is looked at; or says why it could not be used.
pub(super) fn read_cache(
    cache: &Cache,
    on_event: &(dyn Fn(LoadEvent) + Sync),
) -> Result<Early, String> {
    // A damaged front page is not shown, and the cache is written again.
    let front = cache.front();
    let front_whole = front.is_ok();
    if let Ok(Some((articles, total))) = front {
        on_event(LoadEvent::Front { articles, total });
    }
    match cache.read() {
        Ok((contents, check)) => {
            let complete = contents.index.is_some() && front_whole;
            on_event(LoadEvent::Cached {
                articles: contents.articles,
                index: contents.index.map(Box::new),
                files: contents.meta.files.len(),
            });
            Ok(Early {
                meta: contents.meta,
                check,
                complete,
            })
        }
        Err(CacheError::Missing) => Err("no cache yet".to_string()),
        Err(e) => Err(e.to_string()),
    }
}

/// Each file's stamp, taken before it is read (`None` where none could be taken).
fn stamps(files: &[PathBuf]) -> Vec<(PathBuf, Option<Stamp>)> {
    files
        .par_iter()
        .map(|path| (path.clone(), Stamp::of(path)))
        .collect()
}

/// A cache to write, saying what the files were when stamped (at `stamped`, before
/// they were read).
pub(super) fn refresh(cache: Cache, stamped: i64, found: &[(PathBuf, Option<Stamp>)]) -> Refresh {
    Refresh {
        cache,
        stamped,
        files: found
            .iter()
            .filter_map(|(path, stamp)| {
                stamp.map(|stamp| Entry {
                    path: path.clone(),
                    stamp,
                })
            })
            .collect(),
    }
}

/// After the cache's articles went (`Cached`): compares the files found with the
/// ones it held, checks the texts it left in its map, reads what is new, changed or
/// damaged and says what is gone (one `Changed`), and asks for the cache to be
/// written anew unless it was whole and still true.
pub(super) fn load_changes(
    cache: Cache,
    early: Early,
    files: &[PathBuf],
    options: &LoadOptions,
    on_event: &(dyn Fn(LoadEvent) + Sync),
    report: &mut LoadReport,
) {
    let stamped = crate::cache::nanos(std::time::SystemTime::now());
    let (found, damaged) = rayon::join(|| stamps(files), || early.check.damaged());
    let mut plan = crate::cache::plan(&early.meta, &found, cache.margin);
    // Files with an article whose texts are damaged in the cache are read again.
    if !damaged.is_empty() {
        let damaged: rustc_hash::FxHashSet<&std::ffi::OsStr> =
            damaged.iter().map(|p| p.as_os_str()).collect();
        let (bad, good): (Vec<PathBuf>, Vec<PathBuf>) = std::mem::take(&mut plan.fresh)
            .into_iter()
            .partition(|p| damaged.contains(p.as_os_str()));
        plan.fresh = good;
        plan.read.extend(bad);
    }
    // Articles of files the cache does not vouch for and that are not here now go
    // too (a file listed without a stamp, say). Usually every article's file is
    // listed, in the same order: seen in step, without a set of paths.
    if !all_listed(early.check.paths(), &early.meta.files) {
        let vouched: rustc_hash::FxHashSet<&std::ffi::OsStr> = plan
            .fresh
            .iter()
            .chain(&plan.read)
            .chain(&plan.gone)
            .map(|p| p.as_os_str())
            .collect();
        let mut orphans: Vec<PathBuf> = early
            .check
            .paths()
            .filter(|p| !vouched.contains(p.as_os_str()))
            .cloned()
            .collect();
        orphans.sort_unstable();
        orphans.dedup();
        plan.gone.extend(orphans);
    }
    if !early.meta.problems.is_empty() {
        let fresh: rustc_hash::FxHashSet<&std::ffi::OsStr> =
            plan.fresh.iter().map(|p| p.as_os_str()).collect();
        report.problems.extend(
            early
                .meta
                .problems
                .into_iter()
                .filter(|p| fresh.contains(p.path.as_os_str())),
        );
    }
    report.cache = CacheUse::Used {
        fresh: plan.fresh.len(),
        read: plan.read.len(),
        gone: plan.gone.len(),
    };
    let changed = !plan.read.is_empty() || !plan.gone.is_empty();
    if changed {
        let (articles, problems) = read_together(&plan.read, options);
        on_event(LoadEvent::Changed(Changes {
            gone: plan.gone,
            read: plan.read,
            articles,
            problems,
        }));
    }
    report.cache_whole = early.complete;
    if changed || !early.complete {
        report.refresh = Some(refresh(cache, stamped, &found));
    } else {
        cache.touch();
    }
}

/// Whether each of `paths` is one of `files`, both in the same order (a path may
/// come again at once: a file of several articles). `false` says only that this was
/// not seen in step.
fn all_listed<'a>(paths: impl Iterator<Item = &'a PathBuf>, files: &[crate::cache::Entry]) -> bool {
    let mut files = files.iter().peekable();
    paths.into_iter().all(|path| {
        while let Some(file) = files.peek() {
            if file.path.as_os_str() == path.as_os_str() {
                return true;
            }
            files.next();
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_files_are_seen_in_step_with_the_caches_list() {
        let stamp = Stamp {
            size: 1,
            modified: 1,
            changed: 1,
            inode: 1,
        };
        let files: Vec<crate::cache::Entry> = ["a", "b/c", "b/d", "e"]
            .into_iter()
            .map(|p| crate::cache::Entry {
                path: p.into(),
                stamp,
            })
            .collect();
        let listed = |paths: &[&str]| {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            all_listed(paths.iter(), &files)
        };
        assert!(
            listed(&["a", "b/c", "b/c", "e"]),
            "a feed's articles share a file"
        );
        assert!(listed(&["b/d"]) && listed(&[]));
        assert!(!listed(&["a", "x"]), "a file not listed");
        assert!(!listed(&["e", "a"]), "not in step");
    }
}
