//! The library cache after a command: a command whose load had to read files (the
//! cache was missing, outdated or not whole) writes it again once its output is out,
//! so that the next command, or the reader's next start, takes the library whole.

use crate::cache::WriteError;
use crate::index::Index;
use crate::library::{CacheUse, Library, LoadReport, cache_job};
use crate::report::ProblemKind;
use crate::state::State;

/// What became of the library cache after a command.
#[derive(Debug, PartialEq, Eq)]
pub enum Kept {
    /// The cache held the library whole and unchanged (or is turned off), or the few
    /// files read anew changed nothing.
    Untouched,
    /// Written again (with what to say of it).
    Written(String),
    /// Not written: a file of one article with marks of the reader's (a bookmark, a
    /// read mark, a place, tags, highlights) was edited. The reader carries those
    /// marks to the new article at its next start, which it can only do while the
    /// cache still holds the old one; it writes the cache then.
    LeftForTheReader,
}

/// How many files touched but not changed a command reads anew, each time, rather
/// than write the cache again when they give back what it holds. Files skipped (a
/// binary or huge file) are read anew each time anyway: the cache does not list
/// them, as the cause of some skips may pass. Writing the cache takes about a second
/// at 100,000 articles; reading a few files, milliseconds.
pub const READ_AGAIN: usize = 64;

/// Writes the library cache from the library as the command's load left it (see
/// `library::load_library_indexed`), with `index` when it is the whole library's,
/// unless the load found the cache whole and true (`report.refresh` is `None`) or
/// the few files it read anew changed nothing (`report.same`, see [`READ_AGAIN`]).
pub fn keep_cache(
    library: &Library,
    index: Option<&mut Index>,
    report: LoadReport,
    state: &State,
) -> Result<Kept, WriteError> {
    let Some(refresh) = report.refresh else {
        return Ok(Kept::Untouched);
    };
    // Files skipped are read anew whatever a cache says, so they do not count.
    let skipped = report
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Skipped)
        .count();
    if let CacheUse::Used { read, .. } = report.cache
        && report.same
        && read.saturating_sub(skipped) <= READ_AGAIN
    {
        return Ok(Kept::Untouched);
    }
    let mut marks = state.clone();
    let now = chrono::Utc::now();
    if report
        .edited
        .iter()
        .any(|&(old, new)| marks.carry_marks(old, new, "", now))
    {
        return Ok(Kept::LeftForTheReader);
    }
    let job = cache_job(library, &report.problems, refresh, &[]);
    let encoded = index.and_then(|index| job.encode(index));
    job.write(encoded).map(Kept::Written)
}
