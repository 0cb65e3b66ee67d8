//! The command line: the reader and the subcommands list, show, tags, bookmarks,
//! highlights, save, check and config.
//! Definitions, and the one check clap cannot make (a word meant as a subcommand,
//! taken as a path); `commands` carries them out.

use std::path::{Component, Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand};

use crate::article::sanitize_line;

#[derive(Parser, Debug)]
#[command(
    name = "tidings",
    version,
    about = "A terminal reader for folders of saved news articles"
)]
pub struct Cli {
    /// Where config.toml and state.toml live [default: the system config dir + /tidings]
    #[arg(long, value_name = "DIR", env = "TIDINGS_CONFIG_DIR", global = true)]
    pub config_dir: Option<PathBuf>,

    /// Files or folders to read [default: `library` from config.toml, else the bundled samples]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Do not follow changes to the files while the reader runs (config: watch)
    #[arg(long)]
    pub no_watch: bool,

    /// Read every file anew instead of taking unchanged ones from the library cache,
    /// and write no cache (config: cache)
    #[arg(long, global = true)]
    pub no_cache: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print the articles a query matches, newest first (exit 1 if none match)
    List {
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Only articles matching all these words (as the filter bar does)
        #[arg(short, long, value_name = "Q")]
        query: Option<String>,
        /// JSON Lines: id, path, title, date, author, source, words, tags, bookmarked, read
        #[arg(long)]
        json: bool,
        /// Include the body as plain text
        #[arg(long)]
        body: bool,
    },
    /// Print one article, found by its id or its path
    Show {
        /// An id from `tidings list`, or the article's path
        article: String,
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print every tag with its number of articles, most used first (exit 1 if none)
    Tags {
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// JSON Lines: tag, count
        #[arg(long)]
        json: bool,
    },
    /// Print or export the bookmarked articles, or import them back
    Bookmarks {
        /// Where to look up the articles' sources and dates
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// JSON Lines: id, title, source, date, link, added, note (what --import reads)
        #[arg(long, group = "format")]
        json: bool,
        /// A Markdown reading list
        #[arg(long, group = "format")]
        markdown: bool,
        /// A standalone HTML page
        #[arg(long, group = "format")]
        html: bool,
        /// Add the bookmarks of a JSON export to yours
        #[arg(long, value_name = "FILE", conflicts_with = "format")]
        import: Option<PathBuf>,
    },
    /// Print every highlight, by article, newest first (Markdown, or JSON Lines)
    Highlights {
        /// Where to look up the highlighted articles
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Markdown: a heading per article, its link and tags, each passage quoted
        #[arg(long, group = "format")]
        markdown: bool,
        /// JSON Lines: article, title, source, quote, prefix, suffix, note, created
        #[arg(long, group = "format")]
        json: bool,
        /// One Markdown file per article in DIR (overwriting only files tidings wrote)
        #[arg(long, value_name = "DIR", conflicts_with = "json")]
        to: Option<PathBuf>,
    },
    /// Fetch web pages and save each as a Markdown article (exit 1 if any failed)
    Save {
        /// The pages' http or https URLs
        #[arg(
            value_name = "URL",
            required_unless_present = "from",
            conflicts_with = "from"
        )]
        urls: Vec<String>,
        /// Save the links of a read-later or bookmarks export (Pocket, Instapaper,
        /// Omnivore, Wallabag, browser bookmarks), a file or a folder, with their tags
        #[arg(long, value_name = "EXPORT")]
        from: Option<PathBuf>,
        /// The folder to save in [default: save_dir from config.toml, else the first
        /// library folder]
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
    },
    /// Report every file that was skipped, partly read or merged as a duplicate (exit 1 if any was skipped)
    Check {
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Validate the config or show where files live
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum ConfigCommand {
    /// Validate config.toml and print the effective config
    Check,
    /// Print where the config and state files live
    Path,
}

/// `tidings frobnicate`: the reader's first path is a bare name that is no file, so it
/// was more likely meant as a subcommand. The error says so and lists the subcommands.
pub fn unknown_subcommand(paths: &[PathBuf]) -> Option<String> {
    let first = paths.first()?;
    let mut parts = first.components();
    let (Some(Component::Normal(name)), None) = (parts.next(), parts.next()) else {
        return None;
    };
    if std::fs::symlink_metadata(Path::new(name)).is_ok() {
        return None;
    }
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    Some(format!(
        "no such file or subcommand: '{}'\n  subcommands: {} (see tidings --help)",
        sanitize_line(&name.to_string_lossy()),
        names.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bare_name_that_is_no_file_is_taken_for_a_subcommand() {
        let paths = |p: &str| vec![PathBuf::from(p)];
        assert!(unknown_subcommand(&paths("frobnicate")).is_some());
        assert!(unknown_subcommand(&paths("./frobnicate")).is_none());
        assert!(unknown_subcommand(&paths("/no/such/frobnicate")).is_none());
        assert!(unknown_subcommand(&paths("Cargo.toml")).is_none());
        assert!(unknown_subcommand(&[]).is_none());
    }
}
