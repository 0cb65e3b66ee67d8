//! Walks the files and folders given, reads each file into memory, decodes it, picks a
//! parser by content and extension, and collects a `LoadReport` of everything skipped
//! or only partly read. Parsers live in the submodules, one format each; this module
//! never draws anything and never panics on what it reads.

pub mod decode;
pub mod email;
pub mod feed;
pub mod html;
pub mod markdown;
pub mod text;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::article::{Article, ArticleId, sanitize};

/// Where articles come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A file or a folder, walked recursively.
    Path(PathBuf),
    /// A file held in memory (the bundled samples).
    Memory { path: PathBuf, bytes: &'static [u8] },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// Nothing was loaded from the file.
    Skipped,
    /// The file loaded, but something in it was replaced or ignored.
    Partial,
    /// The file is byte-identical to one already loaded.
    Duplicate,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
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

#[derive(Clone, Debug, Default)]
pub struct LoadReport {
    pub files: usize,
    pub problems: Vec<Problem>,
}

impl LoadReport {
    pub fn skipped(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Skipped)
            .count()
    }
}

#[derive(Clone, Debug)]
pub struct LoadOptions {
    pub max_file_size: u64,
    /// Files parsed per batch sent to the consumer.
    pub batch_size: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_size: crate::config::DEFAULT_MAX_FILE_SIZE,
            batch_size: 512,
        }
    }
}

/// What became of one file.
pub struct FileResult {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

/// Loads everything under `sources`, handing articles over in batches as they are
/// parsed (in parallel), and returns the report once all are done.
pub fn load(
    sources: &[Source],
    options: &LoadOptions,
    on_batch: &(dyn Fn(Vec<Article>) + Sync),
) -> LoadReport {
    let mut report = LoadReport::default();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut memory: Vec<(PathBuf, &'static [u8])> = Vec::new();
    for source in sources {
        match source {
            Source::Path(path) => walk(path, &mut files, &mut report.problems),
            Source::Memory { path, bytes } => memory.push((path.clone(), bytes)),
        }
    }
    report.files = files.len() + memory.len();

    if !memory.is_empty() {
        let mut articles = Vec::new();
        for (path, bytes) in memory {
            let result = parse_file(&path, bytes);
            articles.extend(result.articles);
            report.problems.extend(result.problems);
        }
        on_batch(articles);
    }

    let problems: Vec<Vec<Problem>> = files
        .par_chunks(options.batch_size.max(1))
        .map(|chunk| {
            let mut articles = Vec::new();
            let mut problems = Vec::new();
            for path in chunk {
                let result = read_file(path, options.max_file_size);
                articles.extend(result.articles);
                problems.extend(result.problems);
            }
            on_batch(articles);
            problems
        })
        .collect();
    report.problems.extend(problems.into_iter().flatten());
    report
}

/// Loads everything into a `Library` at once (for the command line), with duplicates
/// merged and reported.
pub fn load_library(
    sources: &[Source],
    options: &LoadOptions,
) -> (crate::library::Library, LoadReport) {
    let collected = std::sync::Mutex::new(Vec::new());
    let mut report = load(sources, options, &|batch| {
        if let Ok(mut all) = collected.lock() {
            all.extend(batch);
        }
    });
    let mut articles = collected
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // Batches arrive in any order; sorting by path makes "the first copy" stable.
    articles.sort_by(|a, b| a.path.cmp(&b.path));
    let mut library = crate::library::Library::new();
    report.problems.extend(library.add(articles));
    (library, report)
}

fn skipped(path: &Path, reason: impl Into<String>) -> Problem {
    Problem {
        path: path.to_path_buf(),
        kind: ProblemKind::Skipped,
        reason: reason.into(),
    }
}

/// Collects the files below `root` in a stable order, skipping hidden ones.
/// Symbolic links to folders are not followed, so loops cannot happen.
fn walk(root: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) => {
                let file_type = entry.file_type();
                if file_type.is_file() {
                    files.push(entry.into_path());
                } else if file_type.is_symlink() {
                    // A link to a file is read; a link to a folder is not walked.
                    match std::fs::metadata(entry.path()) {
                        Ok(meta) if meta.is_file() => files.push(entry.into_path()),
                        Ok(_) => problems.push(skipped(
                            entry.path(),
                            "symbolic link to a folder (not followed)",
                        )),
                        Err(e) => problems.push(skipped(
                            entry.path(),
                            format!("broken symbolic link: {}", io_reason(&e)),
                        )),
                    }
                }
            }
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                let reason = e
                    .io_error()
                    .map(io_reason)
                    .unwrap_or_else(|| e.to_string().to_lowercase());
                problems.push(skipped(&path, reason));
            }
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string().to_lowercase(),
    }
}

/// Reads and parses one file from disk.
pub fn read_file(path: &Path, max_size: u64) -> FileResult {
    let fail = |reason: String| FileResult {
        articles: Vec::new(),
        problems: vec![skipped(path, reason)],
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > max_size => {
            return fail(format!(
                "too large ({} bytes; the limit is {max_size}, see max_file_size)",
                meta.len()
            ));
        }
        Ok(_) => {}
        Err(e) => return fail(io_reason(&e)),
    }
    match std::fs::read(path) {
        Ok(bytes) => parse_file(path, &bytes),
        Err(e) => fail(io_reason(&e)),
    }
}

/// Which parser a file gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Email,
    Feed,
    Html,
    Markdown,
    Text,
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Chooses a parser by content first, then by extension: a mail message is known by
/// its headers, a page by its markup, whatever the file is called.
pub fn detect_format(path: &Path, head: &[u8], text: &str) -> Format {
    let ext = extension(path);
    if email::looks_like_email(head) || matches!(ext.as_str(), "eml" | "mbox") {
        Format::Email
    } else if feed::sniff(text).is_some() {
        Format::Feed
    } else if matches!(ext.as_str(), "md" | "markdown" | "mdown" | "mkd")
        || markdown::has_front_matter(text)
    {
        Format::Markdown
    } else if html::looks_like_html(text) || matches!(ext.as_str(), "html" | "htm" | "xhtml") {
        Format::Html
    } else {
        Format::Text
    }
}

fn problem(path: &Path, kind: ProblemKind, reason: impl Into<String>) -> Problem {
    Problem {
        path: path.to_path_buf(),
        kind,
        reason: reason.into(),
    }
}

/// Parses the bytes of one file into its articles.
pub fn parse_file(path: &Path, bytes: &[u8]) -> FileResult {
    let fail = |reason: String| FileResult {
        articles: Vec::new(),
        problems: vec![skipped(path, reason)],
    };
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) && !decode::has_utf16_bom(bytes) {
        return fail("binary file (contains NUL bytes)".into());
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return fail("empty file".into());
    }
    let id = ArticleId::from_content(bytes);
    if detect_format(path, head, "") == Format::Email {
        // MIME carries its own charsets and transfer encodings: it gets the raw bytes.
        return match email::parse(bytes) {
            Ok(draft) => FileResult {
                articles: vec![Article::new(id, path.to_path_buf(), draft)],
                problems: Vec::new(),
            },
            Err(reason) => fail(reason),
        };
    }

    let mut problems = Vec::new();
    let declared = html::declared_charset(head).or_else(|| feed::declared_encoding(head));
    let decoded = decode::decode(bytes, declared.as_deref());
    if decoded.replaced {
        let at = if decoded.encoding == "UTF-8" {
            let (line, col) =
                first_invalid_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes));
            format!(" at {line}:{col}")
        } else {
            String::new()
        };
        problems.push(problem(
            path,
            ProblemKind::Partial,
            format!(
                "invalid {} bytes{at} replaced with U+FFFD",
                decoded.encoding
            ),
        ));
    }
    let text = sanitize(&decoded.text);
    if text.trim().is_empty() {
        return fail("empty file".into());
    }
    let format = detect_format(path, b"", &text);
    if format == Format::Feed {
        return match feed::parse(&text) {
            Ok(parsed) => {
                problems.extend(
                    parsed
                        .warnings
                        .into_iter()
                        .map(|w| problem(path, ProblemKind::Partial, w)),
                );
                let articles = parsed
                    .drafts
                    .into_iter()
                    .enumerate()
                    .map(|(i, draft)| {
                        Article::new(entry_id(bytes, i, &draft), path.to_path_buf(), draft)
                    })
                    .collect();
                FileResult { articles, problems }
            }
            Err(reason) => fail(reason),
        };
    }
    let draft = match format {
        Format::Markdown => {
            let (draft, warnings) = markdown::parse(&text);
            problems.extend(
                warnings
                    .into_iter()
                    .map(|w| problem(path, ProblemKind::Partial, w)),
            );
            draft
        }
        Format::Html => html::parse(&text),
        Format::Text | Format::Email | Format::Feed => text::parse(&text),
    };
    FileResult {
        articles: vec![Article::new(id, path.to_path_buf(), draft)],
        problems,
    }
}

/// A feed entry's id follows the entry, not its place in the file, so a refreshed
/// feed with new items on top keeps its old entries' bookmarks: the entry's link and
/// title when it has a link, else its position in this exact file.
fn entry_id(bytes: &[u8], index: usize, draft: &crate::article::Draft) -> ArticleId {
    match &draft.source {
        Some(link) => {
            ArticleId::from_content(format!("feed entry\0{link}\0{}", draft.title).as_bytes())
        }
        None => ArticleId::from_entry(bytes, index),
    }
}

fn first_invalid_utf8(bytes: &[u8]) -> (usize, usize) {
    let valid = match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    };
    let before = &bytes[..valid];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_entries_keep_their_ids_when_the_feed_gains_items() {
        let item = |n: u32| {
            format!(
                "<item><title>Story {n}</title><link>https://x.test/{n}</link><description>Text {n}.</description></item>"
            )
        };
        let feed = |items: &[u32]| {
            let body: String = items.iter().map(|&n| item(n)).collect();
            format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>X</title>{body}</channel></rss>"
            )
        };
        let before = parse_file(Path::new("x.rss"), feed(&[2, 1]).as_bytes());
        let after = parse_file(Path::new("x.rss"), feed(&[3, 2, 1]).as_bytes());
        assert_eq!(before.articles.len(), 2);
        assert_eq!(after.articles.len(), 3);
        for a in &before.articles {
            assert!(
                after
                    .articles
                    .iter()
                    .any(|b| b.id == a.id && b.title == a.title),
                "{} lost its id",
                a.title
            );
        }
    }

    #[test]
    fn binary_and_empty_files_are_skipped_with_reasons() {
        let r = parse_file(Path::new("a.png"), b"\x89PNG\r\n\x1a\n\0\0\0");
        assert!(r.articles.is_empty());
        assert_eq!(r.problems[0].reason, "binary file (contains NUL bytes)");
        let r = parse_file(Path::new("e.txt"), b"  \n\n ");
        assert_eq!(r.problems[0].reason, "empty file");
    }

    #[test]
    fn invalid_utf8_is_replaced_and_reported_with_position() {
        let r = parse_file(Path::new("x.txt"), b"Titl\xc3\xa9\n\nab\xffcd");
        assert_eq!(r.articles.len(), 1);
        assert!(r.articles[0].plain_body().contains("ab\u{fffd}cd"));
        assert_eq!(r.problems[0].kind, ProblemKind::Partial);
        assert_eq!(
            r.problems[0].reason,
            "invalid UTF-8 bytes at 3:3 replaced with U+FFFD"
        );
    }

    #[test]
    fn id_is_the_content_and_survives_renames() {
        let a = parse_file(Path::new("one.txt"), b"Title\n\nBody text.");
        let b = parse_file(Path::new("moved/two.txt"), b"Title\n\nBody text.");
        assert_eq!(a.articles[0].id, b.articles[0].id);
    }

    #[test]
    fn format_is_chosen_by_content_then_extension() {
        let detect = |name: &str, text: &str| detect_format(Path::new(name), text.as_bytes(), text);
        assert_eq!(detect("a.md", "x"), Format::Markdown);
        assert_eq!(detect("a.txt", "---\ntitle: x\n---\n"), Format::Markdown);
        assert_eq!(detect("a", "plain"), Format::Text);
        let mail = "From: Jane <j@x.test>\nSubject: Hello\nDate: Tue, 31 Oct 2023 10:00:00 +0000\n\nBody.\n";
        assert_eq!(detect("saved", mail), Format::Email);
        assert_eq!(detect("a.txt", mail), Format::Email);
        assert_eq!(
            detect(
                "page.txt",
                "<!DOCTYPE html><html><body><p>x</p></body></html>"
            ),
            Format::Html
        );
    }

    #[test]
    fn walking_reports_missing_paths_and_skips_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "A\n\nBody.").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "H\n\nBody.").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.md"), "# B\n\nBody.").unwrap();
        std::fs::write(dir.path().join("big.txt"), "x".repeat(100)).unwrap();
        let missing = dir.path().join("nope");
        let titles = std::sync::Mutex::new(Vec::new());
        let options = LoadOptions {
            max_file_size: 50,
            ..LoadOptions::default()
        };
        let report = load(
            &[
                Source::Path(dir.path().to_path_buf()),
                Source::Path(missing.clone()),
            ],
            &options,
            &|batch| {
                if let Ok(mut t) = titles.lock() {
                    t.extend(batch.into_iter().map(|a| a.title));
                }
            },
        );
        let mut titles = titles.into_inner().unwrap();
        titles.sort();
        assert_eq!(titles, vec!["A", "B"]);
        assert_eq!(report.files, 3);
        let reasons: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
        assert!(
            reasons
                .iter()
                .any(|r| r.ends_with("nope: skipped: no such file or folder")),
            "{reasons:?}"
        );
        assert!(
            reasons
                .iter()
                .any(|r| r.contains("big.txt: skipped: too large (100 bytes")),
            "{reasons:?}"
        );
    }
}
