//! Files into articles: walks the files and folders given, reads each file into
//! memory, decodes it, picks a parser by content and extension, and says what went
//! wrong with each file (`crate::report::Problem`). Parsers live in the submodules,
//! one format each. Below the library and its cache: this module knows nothing of
//! either, never draws anything and never panics on what it reads.

mod archive;
pub mod decode;
pub mod email;
pub mod export;
pub mod feed;
pub mod html;
pub mod markdown;
mod one_file;
pub mod plain;
mod url;
pub(crate) mod walk;

pub(crate) use one_file::io_reason;
pub use one_file::{Format, binary_reason, detect_format, parse_file, read_file};

use std::path::Path;

use crate::article::Article;
use crate::report::{Problem, ProblemKind, skipped};

/// Files larger than this are skipped unless the config says otherwise.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// What became of one file.
pub struct FileResult {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
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
