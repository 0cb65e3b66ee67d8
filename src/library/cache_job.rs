//! The library cache to write from a library as it is now, for the reader when its
//! load is done and for a command that had to read files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{CacheUse, Library, LoadReport, Refresh};
use crate::article::Article;
use crate::cache::{Job, Meta};
use crate::report::{Problem, ProblemKind};

/// The library cache to write (see `cache::Job`): the library's live articles in
/// order, then the duplicates it holds back; and of `problems`, those found in the
/// files the cache will list (duplicates aside: found again on load). The files'
/// stamps are those taken before they were read, so the files seen to change
/// meanwhile (`touched`: files, and folders whole, as the reader's watch saw them)
/// are left out of the list, as are files that could not be read (the cause may
/// pass): the next start reads them anew.
pub fn cache_job(
    library: &Library,
    problems: &[Problem],
    mut refresh: Refresh,
    touched: &[PathBuf],
) -> Job {
    let articles = library.articles();
    let mut kept: Vec<Arc<Article>> = (0..articles.len())
        .filter(|&doc| library.is_live(doc))
        .map(|doc| articles[doc].clone())
        .collect();
    let live = kept.len();
    kept.extend(library.held_back().cloned().map(Arc::new));
    let skipped: HashSet<&Path> = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Skipped)
        .map(|p| p.path.as_path())
        .collect();
    let touched: HashSet<&Path> = touched.iter().map(PathBuf::as_path).collect();
    refresh.files.retain(|e| {
        !skipped.contains(e.path.as_path()) && !e.path.ancestors().any(|a| touched.contains(a))
    });
    let files: HashSet<&Path> = refresh.files.iter().map(|e| e.path.as_path()).collect();
    let problems = problems
        .iter()
        .filter(|p| p.kind != ProblemKind::Duplicate && files.contains(p.path.as_path()))
        .cloned()
        .collect();
    Job {
        meta: Meta {
            stamped: refresh.stamped,
            files: refresh.files,
            problems,
            indexed: false,
        },
        cache: refresh.cache,
        live,
        articles: kept,
    }
}

/// How many files touched but not changed a load may read anew, each time, rather
/// than write the cache again when they give back what it holds. Files skipped (a
/// binary or huge file) are read anew each time anyway: the cache does not list
/// them, as the cause of some skips may pass. Writing the cache takes about a second
/// at 100,000 articles; reading a few files, milliseconds.
pub const READ_AGAIN: usize = 64;

/// Whether the cache a load used (`report`) is worth writing again: not when it was
/// whole (`LoadReport::cache_whole`) and the files read anew since changed nothing
/// in the library (`same`: the same articles, or none again), and, files skipped
/// aside (`problems` says which), were at most [`READ_AGAIN`].
pub fn worth_writing(report: &LoadReport, same: bool, problems: &[Problem]) -> bool {
    let CacheUse::Used { read, .. } = report.cache else {
        return true;
    };
    let skipped = problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Skipped)
        .count();
    !(report.cache_whole && same && read.saturating_sub(skipped) <= READ_AGAIN)
}
