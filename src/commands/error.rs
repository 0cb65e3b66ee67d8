//! Why a subcommand failed: the error `main` prints as `tidings: <error>` before it
//! exits with 2. Paths and values in the messages are sanitised where they are built.

use std::path::PathBuf;

use crate::query::QueryError;

/// Why a subcommand could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A path given on the command line that is missing or no file or folder.
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String },
    /// `show FILE` on a file that holds no article.
    #[error("cannot show {path}: {reason}")]
    NothingToShow { path: String, reason: String },
    #[error("no article with id or path '{0}'")]
    NoArticle(String),
    /// The query does not parse: the message, then the query with a caret under the
    /// place it went wrong.
    #[error(
        "bad query: {} (column {})\n  {query}\n  {}",
        .error.message,
        .error.column + 1,
        .error.caret_line()
    )]
    Query {
        query: String,
        #[source]
        error: QueryError,
    },
    #[error("the search was cancelled")]
    Cancelled,
    /// A line of a bookmarks file to import that cannot be taken.
    #[error("error parsing {}:{line}: {message}", .path.display())]
    Import {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// `tidings save` was given no folder and the config names none.
    #[error(
        "no folder to save pages in: pass --to DIR, or set save_dir (or library) in config.toml"
    )]
    NoSaveDir,
    /// `tidings save --from` on a file or folder with no link saved without its text.
    #[error(
        "no links to save in {0}: it holds no entry of a read-later or bookmarks export \
         saved without its text"
    )]
    NoLinks(String),
    /// The folder to save pages in cannot be made or is no folder.
    #[error("cannot save to {path}: {reason}")]
    Unwritable { path: String, reason: String },
    #[error("cannot write JSON: {0}")]
    Json(#[source] serde_json::Error),
    #[error("cannot write to standard output: {0}")]
    Output(#[source] std::io::Error),
}
