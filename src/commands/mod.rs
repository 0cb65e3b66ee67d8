//! The subcommands: `list`, `show`, `tags`, `bookmarks`, `highlights`, `save`, `check` and `config`, on the same
//! loader, library and query engine as the reader. Each returns the process exit code.

mod bookmarks;
mod config;
mod error;
mod highlights;
mod keep_cache;
mod progress;
mod save;
mod save_from;
mod tags;

pub use bookmarks::{ExportFormat, bookmarks, import_bookmarks};
pub use config::{config_check, config_path};
pub use error::CommandError;
pub use highlights::{HighlightFormat, highlights};
pub use keep_cache::{Kept, keep_cache};
pub use save::{Wanted, save, save_dir};
pub use save_from::links_of;
pub use tags::{TagCount, count_tags, tags};

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::article::{Article, sanitize_line};
use crate::config::Config;
use crate::index::Index;
use crate::layout::wrap::{Marks, TextLine, layout_article};
use crate::library::Library;
use crate::library::{LoadOptions, LoadReport, Source, load_library};
use crate::loader::read_file;
use crate::loader::walk::{self, io_reason};
use crate::report::ProblemKind;
use crate::search::Request;
use crate::state::State;

/// Checks that every path given can be read as a file or a folder: a path that does
/// not exist, or is a FIFO or a device, is an error naming it (the loader would only
/// report it, and the command would look like one that found nothing).
pub fn check_paths(sources: &[Source]) -> Result<(), CommandError> {
    for source in sources {
        let Source::Path(path) = source else {
            continue;
        };
        let reason = match std::fs::metadata(path) {
            Ok(meta) => match walk::special_kind(&meta.file_type()) {
                Some(kind) => format!("{kind}, not a file or folder"),
                None => continue,
            },
            Err(e) => io_reason(&e),
        };
        return Err(CommandError::Unreadable {
            path: sanitize_line(&path.to_string_lossy()),
            reason,
        });
    }
    Ok(())
}

pub fn load(sources: &[Source], config: &Config) -> (Library, LoadReport) {
    load_library(sources, &options(config))
}

/// As [`load`], with the library cache's search index when the cache held the whole
/// library unchanged (the library then in the cache's order), for a query.
pub fn load_indexed(sources: &[Source], config: &Config) -> (Library, Option<Index>, LoadReport) {
    crate::library::load_library_indexed(sources, &options(config), true)
}

fn options(config: &Config) -> LoadOptions {
    LoadOptions {
        max_file_size: config.max_file_size,
        follow_outside_links: config.follow_outside_links,
        cache_dir: config.cache_dir.clone(),
        // A command waits for the whole library: the folders are walked while the
        // cache is read.
        list_first: false,
        ..LoadOptions::default()
    }
}

#[derive(Serialize)]
struct JsonArticle<'a> {
    id: String,
    path: String,
    title: &'a str,
    date: Option<String>,
    author: Option<&'a str>,
    source: Option<&'a str>,
    words: usize,
    tags: Vec<String>,
    bookmarked: bool,
    read: bool,
    /// A saved link whose page was never fetched (an export's entry).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    link_only: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<String>,
}

pub(crate) fn write_out(out: &mut impl Write, text: &str) -> Result<(), CommandError> {
    match out.write_all(text.as_bytes()) {
        Ok(()) => Ok(()),
        // A closed pipe (`tidings list | head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CommandError::Output(e)),
    }
}

/// The article's id as 16 hex digits (as its `Display`), without a formatter.
fn push_id(text: &mut String, id: crate::article::ArticleId) {
    for shift in (0..16).rev() {
        let digit = (id.0 >> (shift * 4)) & 0xf;
        text.push(char::from(b"0123456789abcdef"[digit as usize]));
    }
}

/// The article's date as `%Y-%m-%d` (dashes if it has none), without parsing a
/// format string each time.
fn push_date(text: &mut String, article: &Article) {
    use chrono::Datelike;
    use std::fmt::Write as _;
    match article.date {
        Some(d) if (0..=9999).contains(&d.year()) => {
            let (y, m, d) = (d.year() as u32, d.month(), d.day());
            let digits = [
                y / 1000,
                y / 100 % 10,
                y / 10 % 10,
                y % 10,
                10,
                m / 10,
                m % 10,
                10,
            ];
            for digit in digits.into_iter().chain([d / 10, d % 10]) {
                text.push(char::from(b"0123456789-"[digit as usize]));
            }
        }
        Some(d) => {
            let _ = write!(text, "{}", d.format("%Y-%m-%d"));
        }
        None => text.push_str("----------"),
    }
}

/// Runs a query over the whole library with the reader's engine; the error shows
/// where the query went wrong.
/// The library's articles a query matches, in order: searched with `index` (the
/// cache's, when it had the library whole), else with an index built here.
pub fn run_query(
    library: &Library,
    index: &mut Option<Index>,
    state: &State,
    query: &str,
) -> Result<Vec<usize>, CommandError> {
    let today = chrono::Local::now().date_naive();
    let parsed = crate::query::parse::parse(query, today).map_err(|error| CommandError::Query {
        query: sanitize_line(query),
        error,
    })?;
    let index = index.get_or_insert_with(|| Index::from_articles(library.articles()));
    let request = Request {
        generation: 0,
        query: parsed,
        bookmarked_only: false,
        bookmarked: state.bookmarks().keys().copied().collect(),
        tagged: state.tagged(),
        read: state.read_articles().collect(),
    };
    let outcome = crate::search::run(index, &request, &|| false).ok_or(CommandError::Cancelled)?;
    Ok(outcome.docs.into_iter().map(|d| d as usize).collect())
}

pub fn list(
    library: &Library,
    index: &mut Option<Index>,
    state: &State,
    query: &str,
    json: bool,
    body: bool,
    out: &mut impl Write,
) -> Result<i32, CommandError> {
    let mut matches = run_query(library, index, state, query)?;
    // A saved link whose page is in the library too is listed as that page.
    matches.retain(|&doc| !library.is_superseded(doc));
    let mut text = String::with_capacity(matches.len().saturating_mul(100));
    for &index in &matches {
        let Some(a) = library.get(index) else {
            continue;
        };
        if json {
            let record = JsonArticle {
                id: a.id.to_string(),
                path: a.display_path(),
                title: &a.title,
                date: a.date.map(|d| d.format("%Y-%m-%d").to_string()),
                author: a.author.as_deref(),
                source: a.source.as_deref(),
                words: a.words,
                tags: state.tags_of(a),
                bookmarked: state.is_bookmarked(a.id),
                read: state.is_read(a.id),
                link_only: a.link_only,
                body: body.then(|| a.plain_body()),
            };
            let line = serde_json::to_string(&record).map_err(CommandError::Json)?;
            text.push_str(&line);
            text.push('\n');
        } else {
            let mark = if state.is_bookmarked(a.id) {
                "★"
            } else {
                " "
            };
            // Pieces pushed straight onto the text: a million lines are quick to print.
            push_id(&mut text, a.id);
            text.push_str("  ");
            push_date(&mut text, a);
            for piece in ["  ", mark, " ", &a.title] {
                text.push_str(piece);
            }
            if let Some(source) = a.source_name() {
                for piece in ["  (", source, ")"] {
                    text.push_str(piece);
                }
            }
            text.push('\n');
            if body {
                text.push('\n');
                text.push_str(&a.plain_body());
                text.push_str("\n\n");
            }
        }
    }
    write_out(out, &text)?;
    Ok(if matches.is_empty() { 1 } else { 0 })
}

pub fn show(
    library: &Library,
    state: &State,
    key: &str,
    date_format: &str,
    width: usize,
    out: &mut impl Write,
) -> Result<i32, CommandError> {
    let Some(article) = library.find(key) else {
        return Err(CommandError::NoArticle(sanitize_line(key)));
    };
    let mut text = String::new();
    lay_out(
        article,
        &state.tags_of(article),
        date_format,
        width,
        &mut text,
    );
    write_out(out, &text)?;
    Ok(0)
}

/// `show FILE`: reads that file, in a library or not (as `glow file.md` does), and
/// prints its articles (a feed or a mailbox has several), a blank line between them.
pub fn show_file(
    path: &Path,
    max_file_size: u64,
    date_format: &str,
    width: usize,
    out: &mut impl Write,
) -> Result<i32, CommandError> {
    let read = read_file(path, max_file_size);
    if read.articles.is_empty() {
        let reason = read
            .problems
            .iter()
            .find(|p| p.kind == ProblemKind::Skipped)
            .map_or("no article in it", |p| p.reason.as_str());
        return Err(CommandError::NothingToShow {
            path: sanitize_line(&path.to_string_lossy()),
            reason: reason.to_string(),
        });
    }
    let mut text = String::new();
    for (i, article) in read.articles.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        lay_out(article, &article.tags, date_format, width, &mut text);
    }
    write_out(out, &text)?;
    Ok(0)
}

/// The article as the reader lays it out, `width` columns wide, as plain lines, with
/// its tags under the byline.
fn lay_out(article: &Article, tags: &[String], date_format: &str, width: usize, text: &mut String) {
    for TextLine {
        prefix, text: line, ..
    } in layout_article(article, Marks { note: None, tags }, date_format, width)
    {
        text.push_str(&prefix);
        text.push_str(&line);
        text.push('\n');
    }
}

pub fn check(
    library: &Library,
    report: &LoadReport,
    out: &mut impl Write,
) -> Result<i32, CommandError> {
    let mut text = String::new();
    for problem in &report.problems {
        text.push_str(&problem.to_string());
        text.push('\n');
    }
    let count = |kind| report.problems.iter().filter(|p| p.kind == kind).count();
    let skipped = count(ProblemKind::Skipped);
    text.push_str(&format!(
        "{} files, {} articles, {} skipped, {} partly read, {} duplicates\n",
        report.files,
        library.len(),
        skipped,
        count(ProblemKind::Partial),
        count(ProblemKind::Duplicate),
    ));
    write_out(out, &text)?;
    Ok(if skipped > 0 { 1 } else { 0 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{ArticleId, Draft};

    #[test]
    fn ids_print_as_their_sixteen_hex_digits() {
        for id in [0, 1, u64::MAX, 0x0519_8b55_b765_343d] {
            let mut text = String::new();
            push_id(&mut text, ArticleId(id));
            assert_eq!(text, format!("{}", ArticleId(id)));
            assert_eq!(text.len(), 16);
        }
    }

    #[test]
    fn dates_print_as_year_month_day_and_dashes_without_one() {
        let dated = |date: Option<chrono::NaiveDate>| {
            let draft = Draft {
                date,
                ..Draft::default()
            };
            let mut text = String::new();
            push_date(&mut text, &Article::new(ArticleId(1), "a.md".into(), draft));
            text
        };
        let day = chrono::NaiveDate::from_ymd_opt;
        assert_eq!(dated(day(2023, 10, 31)), "2023-10-31");
        assert_eq!(dated(day(1999, 1, 9)), "1999-01-09");
        assert_eq!(dated(day(812, 12, 25)), "0812-12-25");
        assert_eq!(dated(day(12345, 6, 7)), "+12345-06-07");
        assert_eq!(dated(None), "----------");
    }
}
