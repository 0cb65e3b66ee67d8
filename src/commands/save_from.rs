//! The links of `tidings save --from EXPORT`: the export (a file, or a folder of
//! them) read by the loader as the reader reads it, and its entries saved without
//! their text (`Draft::link_only`) taken in order, each URL once, with the tags, date
//! and time saved that the export kept. Entries with their text are left out, and
//! the export is only read.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use super::CommandError;
use super::save::Wanted;
use crate::article::{Article, sanitize_line};
use crate::config::Config;
use crate::library::{LoadOptions, Source, load_library};
use crate::loader::read_file;
use crate::loader::walk::io_reason;
use crate::report::{Problem, ProblemKind};
use crate::save::folder::normalise;

/// The links saved in `export` to fetch, in the export's order. What the loader could
/// not read of it is written to `warn` (`tidings: PATH: partly read: …`); an export
/// with no such link at all is an error.
pub fn links_of(
    export: &Path,
    config: &Config,
    warn: &mut impl Write,
) -> Result<Vec<Wanted>, CommandError> {
    let shown = sanitize_line(&export.to_string_lossy());
    let meta = std::fs::metadata(export).map_err(|e| CommandError::Unreadable {
        path: shown.clone(),
        reason: io_reason(&e),
    })?;
    let (articles, problems): (Vec<Arc<Article>>, Vec<Problem>) = if meta.is_dir() {
        let options = LoadOptions {
            max_file_size: config.max_file_size,
            follow_outside_links: config.follow_outside_links,
            cache_dir: None,
            ..LoadOptions::default()
        };
        let (library, report) = load_library(&[Source::Path(export.to_path_buf())], &options);
        (library.articles().to_vec(), report.problems)
    } else {
        let read = read_file(export, config.max_file_size);
        (
            read.articles.into_iter().map(Arc::new).collect(),
            read.problems,
        )
    };
    if !meta.is_dir()
        && articles.is_empty()
        && let Some(problem) = problems.iter().find(|p| p.kind == ProblemKind::Skipped)
    {
        return Err(CommandError::Unreadable {
            path: shown,
            reason: problem.reason.clone(),
        });
    }
    for problem in problems.iter().filter(|p| p.kind != ProblemKind::Duplicate) {
        let _ = writeln!(warn, "tidings: {problem}");
    }
    let wanted = links(&articles);
    if wanted.is_empty() {
        return Err(CommandError::NoLinks(shown));
    }
    Ok(wanted)
}

/// The link-only articles' URLs in order, each once: a URL met again adds its tags to
/// the first.
fn links(articles: &[Arc<Article>]) -> Vec<Wanted> {
    let mut wanted: Vec<Wanted> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for article in articles.iter().filter(|a| a.link_only) {
        let Some(url) = &article.source else { continue };
        match seen.get(&normalise(url)) {
            Some(&i) => {
                let first = &mut wanted[i];
                for tag in &article.tags {
                    if !first.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                        first.tags.push(tag.clone());
                    }
                }
            }
            None => {
                seen.insert(normalise(url), wanted.len());
                wanted.push(Wanted {
                    url: url.clone(),
                    tags: article.tags.clone(),
                    date: article.date,
                    saved_at: article.saved.as_ref().and_then(|s| s.saved_at),
                });
            }
        }
    }
    wanted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::default()
    }

    #[test]
    fn link_only_entries_are_taken_in_order_each_url_once() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("pocket.csv");
        std::fs::write(
            &csv,
            "title,url,time_added,tags,status\n\
             One,https://example.com/1,1700000000,rust|web,unread\n\
             Two,https://example.com/2,1700086400,,archive\n\
             One again,https://example.com/1#top,1700172800,news,unread\n",
        )
        .unwrap();
        let before = std::fs::read(&csv).unwrap();
        let mut warn = Vec::new();
        let wanted = links_of(&csv, &config(), &mut warn).unwrap();
        assert!(warn.is_empty(), "{}", String::from_utf8_lossy(&warn));
        let urls: Vec<&str> = wanted.iter().map(|w| w.url.as_str()).collect();
        assert_eq!(urls, ["https://example.com/1", "https://example.com/2"]);
        assert_eq!(wanted[0].tags, ["rust", "web", "news"]);
        assert_eq!(wanted[1].tags, Vec::<String>::new());
        assert_eq!(
            wanted[0].saved_at,
            chrono::DateTime::from_timestamp(1_700_000_000, 0)
        );
        assert_eq!(
            wanted[0].date,
            chrono::NaiveDate::from_ymd_opt(2023, 11, 14)
        );
        assert_eq!(
            std::fs::read(&csv).unwrap(),
            before,
            "the export is only read"
        );
    }

    #[test]
    fn entries_with_their_text_are_left_out() {
        let articles = vec![Arc::new(Article::new(
            crate::article::ArticleId::from_content(b"a"),
            "a.md".into(),
            crate::article::Draft {
                title: "Kept whole".into(),
                source: Some("https://example.com/whole".into()),
                ..Default::default()
            },
        ))];
        assert!(links(&articles).is_empty());
    }

    #[test]
    fn a_file_with_no_links_to_fetch_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.md");
        std::fs::write(&text, "# Notes\n\nNothing saved to read later.\n").unwrap();
        let err = links_of(&text, &config(), &mut Vec::new()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("no links to save in {}", text.display())),
            "{err}"
        );
        let missing = dir.path().join("missing.csv");
        let err = links_of(&missing, &config(), &mut Vec::new()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("cannot read {}:", missing.display())),
            "{err}"
        );
    }
}
