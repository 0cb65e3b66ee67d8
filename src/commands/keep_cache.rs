//! The library cache after a command: a command whose load had to read files (the
//! cache was missing, outdated or not whole) writes it again once its output is out,
//! so that the next command, or the reader's next start, takes the library whole.

use crate::cache::WriteError;
use crate::index::Index;
use crate::library::{Library, LoadReport, cache_job, worth_writing};
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

/// Writes the library cache from the library as the command's load left it (see
/// `library::load_library_indexed`), with `index` when it is the whole library's,
/// unless the load found the cache whole and true (`report.refresh` is `None`) or
/// the few files it read anew changed nothing (see `library::worth_writing`).
pub fn keep_cache(
    library: &Library,
    index: Option<&mut Index>,
    report: LoadReport,
    state: &State,
) -> Result<Kept, WriteError> {
    let worth = worth_writing(&report, report.same, &report.problems);
    let Some(refresh) = report.refresh else {
        return Ok(Kept::Untouched);
    };
    if !worth {
        // In use all the same: not to be swept as forgotten.
        refresh.cache.touch();
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
