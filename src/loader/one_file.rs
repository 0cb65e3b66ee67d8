//! One file: read it whole (noticing if it changes meanwhile), recognise binary files,
//! decode, choose a parser by content and extension, and wrap the drafts as articles.
//! Never panics on what it reads; every problem is reported.

use std::borrow::Cow;
use std::io::Read as _;
use std::path::Path;

use super::{
    FileResult, Problem, ProblemKind, archive, decode, email, export, feed, html, markdown, plain,
    skipped,
};
use crate::article::{Article, ArticleId, sanitize};

pub(crate) fn io_reason(e: &std::io::Error) -> String {
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
    if export::is_omnivore_part(path) {
        // Read through the export's metadata beside it.
        return FileResult {
            articles: Vec::new(),
            problems: Vec::new(),
        };
    }
    match read_stable(path, max_size) {
        Ok(Contents::Bytes { bytes, stable }) => {
            let mut result = parse_within(path, &bytes, max_size);
            if !stable && !result.articles.is_empty() {
                result.problems.push(problem(
                    path,
                    ProblemKind::Partial,
                    "the file changed while it was read; loaded as it was when read",
                ));
            }
            result
        }
        Ok(Contents::TooLarge(len)) => fail(too_large(len, max_size)),
        Err(e) => match std::fs::metadata(path) {
            // A file that cannot be opened is still named too large when it is.
            Ok(meta) if meta.len() > max_size => fail(too_large(meta.len(), max_size)),
            _ => fail(io_reason(&e)),
        },
    }
}

fn too_large(len: u64, max_size: u64) -> String {
    format!("too large ({len} bytes; the limit is {max_size}, see max_file_size)")
}

/// Size and modification time: what tells that a file changed under us.
type Stamp = (u64, Option<std::time::SystemTime>);

fn stamp(file: &std::fs::File) -> std::io::Result<Stamp> {
    let meta = file.metadata()?;
    Ok((meta.len(), meta.modified().ok()))
}

/// Whether a read of `read_len` bytes between two stamps saw one consistent file.
fn consistent(before: Stamp, after: Stamp, read_len: usize) -> bool {
    before == after && after.0 == read_len as u64
}

/// What reading a file gave.
enum Contents {
    /// The bytes, and whether they are one consistent version of the file.
    Bytes { bytes: Vec<u8>, stable: bool },
    /// The file is larger than the limit (this many bytes), and was not read.
    TooLarge(u64),
}

/// Reads a file whole, opening it once more if it changed during the read. The
/// stamps come from the open file, so the path is looked up once per attempt.
fn read_stable(path: &Path, max_size: u64) -> std::io::Result<Contents> {
    let mut last = Vec::new();
    for attempt in 0..2 {
        let mut file = std::fs::File::open(path)?;
        let before = stamp(&file)?;
        if attempt == 0 && before.0 > max_size {
            return Ok(Contents::TooLarge(before.0));
        }
        last.clear();
        file.read_to_end(&mut last)?;
        if consistent(before, stamp(&file)?, last.len()) {
            return Ok(Contents::Bytes {
                bytes: last,
                stable: true,
            });
        }
    }
    Ok(Contents::Bytes {
        bytes: last,
        stable: false,
    })
}

/// Known binary formats by their first bytes.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "xz-compressed"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed"),
    (b"\x7fELF", "an executable"),
    (b"OggS", "an Ogg media file"),
    (b"fLaC", "a FLAC audio file"),
    (b"ID3\x03", "an MP3 audio file"),
    (b"ID3\x04", "an MP3 audio file"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Office document",
    ),
];

/// Why a file is binary, if it is: a known format by its first bytes, or NUL bytes in
/// its head (unless it is UTF-16 with a byte order mark).
pub fn binary_reason(bytes: &[u8]) -> Option<String> {
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(format!("binary file ({what})"));
    }
    let riff_or_mp4 = bytes
        .get(8..12)
        .filter(|_| bytes.starts_with(b"RIFF"))
        .is_some()
        || bytes.get(4..8) == Some(b"ftyp".as_slice());
    if riff_or_mp4 {
        return Some("binary file (an audio, video or image container)".into());
    }
    let head = &bytes[..bytes.len().min(8192)];
    (memchr::memchr(0, head).is_some() && !decode::has_utf16_bom(bytes))
        .then(|| "binary file (contains NUL bytes)".into())
}

/// Which parser a file gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Email,
    /// A read-later service's or a browser's export: many saved links in one file.
    Export(export::ExportKind),
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
    } else if let Some(kind) = export::sniff(text) {
        Format::Export(kind)
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

/// Parses the bytes of one file into its articles (a zip holding an export unpacked
/// up to the default `max_file_size`).
pub fn parse_file(path: &Path, bytes: &[u8]) -> FileResult {
    parse_within(path, bytes, super::DEFAULT_MAX_FILE_SIZE)
}

/// Parses the bytes of one file, a zip's entries unpacked up to `max_size` in all.
fn parse_within(path: &Path, bytes: &[u8], max_size: u64) -> FileResult {
    let fail = |reason: String| FileResult {
        articles: Vec::new(),
        problems: vec![skipped(path, reason)],
    };
    if bytes.starts_with(archive::MAGIC)
        && let Some(result) = archive::read(path, bytes, max_size)
    {
        return result;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(reason) = binary_reason(bytes) {
        return fail(reason);
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
            Err(reason) => fail(reason.to_string()),
        };
    }

    let (text, mut problems) = decoded(path, bytes);
    if text.trim().is_empty() {
        return fail("empty file".into());
    }
    let format = detect_format(path, b"", &text);
    if let Format::Export(kind) = format {
        let beside = export::reader_beside(path);
        return export_result(path, bytes, kind, &text, problems, &beside);
    }
    if format == Format::Feed {
        return match feed::parse(&text) {
            Ok(parsed) => {
                problems.extend(
                    parsed
                        .warnings
                        .into_iter()
                        .map(|w| problem(path, ProblemKind::Partial, w)),
                );
                let file_id = FileId::new(bytes);
                let articles = parsed
                    .drafts
                    .into_iter()
                    .enumerate()
                    .map(|(i, draft)| {
                        Article::new(entry_id(&file_id, i, &draft), path.to_path_buf(), draft)
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
        Format::Html => {
            let draft = html::parse(&text);
            if draft.body.is_empty() {
                let reason = "no article text found in the page (only its title and links)";
                problems.push(problem(path, ProblemKind::Partial, reason));
            }
            draft
        }
        Format::Text | Format::Email | Format::Feed | Format::Export(_) => plain::parse(&text),
    };
    FileResult {
        articles: vec![Article::new(id, path.to_path_buf(), draft)],
        problems,
    }
}

/// The text of a file's bytes, decoded by what it declares or else guessed, and
/// sanitised; with what decoding had to guess or replace.
fn decoded<'a>(path: &Path, bytes: &'a [u8]) -> (Cow<'a, str>, Vec<Problem>) {
    let head = &bytes[..bytes.len().min(8192)];
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
    if let decode::Chosen::Guessed { declared } = decoded.chosen {
        let declared = declared
            .map(|name| format!("; the file declares {name}"))
            .unwrap_or_default();
        problems.push(problem(
            path,
            ProblemKind::Partial,
            format!("decoded as {} (guessed{declared})", decoded.encoding),
        ));
    }
    let text = match sanitize(&decoded.text) {
        Cow::Owned(clean) => Cow::Owned(clean),
        Cow::Borrowed(_) => decoded.text,
    };
    (text, problems)
}

/// One entry of an archive (`path` is `archive.zip/inner/path`) read as the file it
/// would be unpacked, if it is an export; `beside` finds the entries next to it.
pub(super) fn export_entry(
    path: &Path,
    bytes: &[u8],
    beside: &dyn Fn(&str) -> Option<String>,
) -> Option<FileResult> {
    if binary_reason(bytes).is_some() {
        return None;
    }
    let (text, problems) = decoded(path, bytes);
    let kind = export::sniff(&text)?;
    Some(export_result(path, bytes, kind, &text, problems, beside))
}

/// The saved articles of an export, with the rows or entries skipped named.
fn export_result(
    path: &Path,
    bytes: &[u8],
    kind: export::ExportKind,
    text: &str,
    mut problems: Vec<Problem>,
    beside: &dyn Fn(&str) -> Option<String>,
) -> FileResult {
    match export::parse(kind, text, beside) {
        Ok(parsed) => {
            let ids = export::ids(kind, ArticleId::from_content(bytes), &parsed.drafts);
            let partial = |w| problem(path, ProblemKind::Partial, w);
            problems.extend(parsed.warnings.into_iter().map(partial));
            let articles = (ids.into_iter().zip(parsed.drafts))
                .map(|(id, draft)| Article::new(id, path.to_path_buf(), draft))
                .collect();
            FileResult { articles, problems }
        }
        Err(reason) => FileResult {
            articles: Vec::new(),
            problems: vec![skipped(path, reason)],
        },
    }
}

/// The file's own id, hashed the first time an entry needs it and then kept: a feed
/// of many entries without links is hashed once, not once per entry.
struct FileId<'a> {
    bytes: &'a [u8],
    id: std::cell::OnceCell<ArticleId>,
}

impl<'a> FileId<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        FileId {
            bytes,
            id: std::cell::OnceCell::new(),
        }
    }

    fn get(&self) -> ArticleId {
        *self.id.get_or_init(|| ArticleId::from_content(self.bytes))
    }
}

/// A feed entry's id follows the entry, not its place in the file, so a refreshed
/// feed with new items on top keeps its old entries' bookmarks: the entry's link and
/// title when it has a link, else its position in this exact file.
fn entry_id(file: &FileId, index: usize, draft: &crate::article::Draft) -> ArticleId {
    match &draft.source {
        Some(link) => {
            ArticleId::from_content(format!("feed entry\0{link}\0{}", draft.title).as_bytes())
        }
        None => ArticleId::of_entry(file.get(), index),
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
    fn binary_formats_are_named() {
        let reason = |b: &[u8]| parse_file(Path::new("x"), b).problems[0].reason.clone();
        assert_eq!(
            reason(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
            "binary file (a PDF document)"
        );
        // A zip's signature, by itself (`parse_file` opens a zip first: see `archive`).
        assert_eq!(
            binary_reason(b"PK\x03\x04\x14\x00").as_deref(),
            Some("binary file (a ZIP archive or office document)")
        );
        assert_eq!(
            reason(b"\xff\xd8\xff\xe0JFIF"),
            "binary file (a JPEG image)"
        );
        assert_eq!(
            reason(b"\x00\x00\x00\x18ftypmp42"),
            "binary file (an audio, video or image container)"
        );
        assert_eq!(
            reason(b"text\0with a NUL"),
            "binary file (contains NUL bytes)"
        );
        // Text that merely starts like a tag name is text.
        assert!(
            parse_file(Path::new("x"), b"ID3 tags explained\n\nA body.")
                .problems
                .is_empty()
        );
    }

    #[test]
    fn a_read_is_consistent_only_if_nothing_changed() {
        let t = Some(std::time::SystemTime::UNIX_EPOCH);
        let later = t.map(|t| t + std::time::Duration::from_secs(1));
        assert!(consistent((10, t), (10, t), 10));
        assert!(!consistent((10, t), (10, later), 10), "rewritten in place");
        assert!(!consistent((10, t), (12, t), 12), "grew");
        assert!(!consistent((10, t), (10, t), 7), "short read");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "A Title\n\nA body.").unwrap();
        let r = read_file(&path, 1000);
        assert_eq!(r.articles.len(), 1);
        assert!(r.problems.is_empty());
    }

    #[test]
    fn non_utf8_file_names_are_shown_lossily() {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"caf\xe9\x1b[2J.txt");
            let r = parse_file(Path::new(name), b"");
            assert_eq!(
                r.problems[0].to_string(),
                "caf\u{fffd}.txt: skipped: empty file"
            );
        }
    }

    #[test]
    fn binary_and_empty_files_are_skipped_with_reasons() {
        let r = parse_file(Path::new("a.png"), b"\x89PNG\r\n\x1a\n\0\0\0");
        assert!(r.articles.is_empty());
        assert_eq!(r.problems[0].reason, "binary file (a PNG image)");
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
}
