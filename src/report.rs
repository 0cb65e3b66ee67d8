//! What went wrong with a file: skipped, partly read, or a duplicate of another.
//! The loader finds these, the library adds its duplicates, the cache keeps them and
//! the screen and `tidings check` show them. The bottom floor: it imports nothing
//! of the crate but the text sanitiser.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProblemKind {
    /// Nothing was loaded from the file.
    Skipped,
    /// The file loaded, but something in it was replaced or ignored.
    Partial,
    /// The file is byte-identical to one already loaded.
    Duplicate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    #[serde(with = "crate::os_path")]
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

/// A file from which nothing was loaded, and why.
pub fn skipped(path: &Path, reason: impl Into<String>) -> Problem {
    Problem {
        path: path.to_path_buf(),
        kind: ProblemKind::Skipped,
        reason: reason.into(),
    }
}
