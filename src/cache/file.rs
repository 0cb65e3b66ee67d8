//! The cache file: a header (magic, format, key), chunks, a table of the chunks (kind,
//! place, length, xxh3 checksum) and a footer pointing at the table. Each chunk is
//! postcard on its own, so chunks are written and read in parallel and a damaged one
//! is found by its checksum before anything is decoded. Written to a temporary file
//! beside the cache and renamed over it, so a reader (another instance) sees the old
//! cache or the new one, whole; never changed in place, so it can be mapped.
//!
//! The articles' bodies and links (the bulk of the text) are in chunks of their own
//! (`Texts`), each body and each list of links encoded alone; the articles' heads
//! (`Articles`) say where theirs are, with a checksum. A read decodes the heads, the
//! list of files and the index, and leaves the texts in a memory map of the file
//! (`Lazy`), decoded when read. Their chunks are checked after (`TextCheck`), off
//! the first frame's way: a damaged one names the files to read again.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::texts::{Head, Heads, TextCheck, articles, texts};
use super::{Contents, FORMAT, Meta, Snapshot};
use crate::article::{Article, Bytes, Place};
use crate::index::{Index, decode_chunk};

const MAGIC: &[u8; 8] = b"TIDCACHE";
const HEADER: u64 = 8 + 4 + 8;
const FOOTER: u64 = 8 + 4 + 8;
const ROW: u64 = 1 + 8 + 8 + 8;
/// Articles per chunk.
const ARTICLES: usize = 1024;
/// About this much text per chunk of articles at most (one long article may pass it).
const RUN_BYTES: usize = 4 << 20;
/// Chunks encoded at once while writing (bounds the memory a write takes).
const WINDOW: usize = 16;
/// Articles on the front page: more than a tall terminal's list shows.
pub const FRONT: usize = 200;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Kind {
    Meta = 1,
    Articles = 2,
    Lengths = 3,
    Index = 4,
    Texts = 5,
    Front = 6,
}

impl Kind {
    fn from_byte(b: u8) -> Option<Kind> {
        let kinds = [Kind::Meta, Kind::Articles, Kind::Lengths, Kind::Index];
        kinds
            .into_iter()
            .chain([Kind::Texts, Kind::Front])
            .find(|k| *k as u8 == b)
    }
}

/// Why a cache could not be used or written.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CacheError {
    /// There is none yet.
    #[error("no cache yet")]
    Missing,
    /// Written by another build or for other options: to be replaced.
    #[error("the cache was made by another version")]
    Outdated,
    /// Damaged or not a cache: to be replaced.
    #[error("the cache is damaged ({0})")]
    Damaged(String),
    /// Reading or writing failed.
    #[error("{0}")]
    Io(String),
}

fn io(path: &Path, what: &str) -> impl Fn(std::io::Error) -> CacheError {
    let path = path.display().to_string();
    let what = what.to_string();
    move |e| CacheError::Io(format!("cannot {what} {path}: {e}"))
}

pub(super) fn damaged(why: impl Into<String>) -> CacheError {
    CacheError::Damaged(why.into())
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Row {
    pub(super) kind: Kind,
    pub(super) offset: u64,
    pub(super) len: u64,
    pub(super) hash: u64,
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    if let Some(b) = bytes.get(at..at + 8) {
        word.copy_from_slice(b);
    }
    u64::from_le_bytes(word)
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0u8; 4];
    if let Some(b) = bytes.get(at..at + 4) {
        word.copy_from_slice(b);
    }
    u32::from_le_bytes(word)
}

/// Reads `buf.len()` bytes at `offset` of the one open cache file: positional, so
/// the threads decoding chunks share the handle (and so the file: a cache renamed over
/// it meanwhile by another instance is not mixed in).
pub(super) fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buf.len() {
            let n = std::os::windows::fs::FileExt::seek_read(
                file,
                &mut buf[done..],
                offset + done as u64,
            )?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            done += n;
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (file, buf, offset);
        Err(std::io::ErrorKind::Unsupported.into())
    }
}

fn read_at(file: &File, path: &Path, offset: u64, len: u64) -> Result<Vec<u8>, CacheError> {
    let mut bytes = vec![0u8; usize::try_from(len).map_err(|_| damaged("a chunk too large"))?];
    read_exact_at(file, &mut bytes, offset).map_err(io(path, "read"))?;
    Ok(bytes)
}

/// The chunk's checksum, which covers its kind too.
pub(super) fn checksum(kind: Kind, bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(bytes, kind as u64)
}

/// The open cache file and its table of chunks, checked against the file: chunks
/// back to back from the header to the table, one list of files, at most one set of
/// lengths.
fn table(path: &Path, key: u64) -> Result<(File, Vec<Row>), CacheError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(CacheError::Missing),
        Err(e) => return Err(io(path, "open")(e)),
    };
    let size = file.metadata().map_err(io(path, "read"))?.len();
    if size < HEADER + FOOTER {
        return Err(damaged("too short"));
    }
    let header = read_at(&file, path, 0, HEADER)?;
    if &header[..8] != MAGIC {
        return Err(damaged("not a tidings cache"));
    }
    if u32_at(&header, 8) != FORMAT || u64_at(&header, 12) != key {
        return Err(CacheError::Outdated);
    }
    let footer = read_at(&file, path, size - FOOTER, FOOTER)?;
    if &footer[12..] != MAGIC {
        return Err(damaged("no footer (cut short?)"));
    }
    let (at, count) = (u64_at(&footer, 0), u64::from(u32_at(&footer, 8)));
    if at < HEADER || at.checked_add(count * ROW) != Some(size - FOOTER) {
        return Err(damaged("the table of chunks does not fit the file"));
    }
    let bytes = read_at(&file, path, at, count * ROW)?;
    let mut rows = Vec::with_capacity(count as usize);
    let mut end = HEADER;
    for raw in bytes.chunks_exact(ROW as usize) {
        let kind = Kind::from_byte(raw[0]).ok_or_else(|| damaged("a chunk of unknown kind"))?;
        let (offset, len) = (u64_at(raw, 1), u64_at(raw, 9));
        if offset != end || offset.checked_add(len).is_none_or(|e| e > at) {
            return Err(damaged("the chunks are not where the table says"));
        }
        end = offset + len;
        rows.push(Row {
            kind,
            offset,
            len,
            hash: u64_at(raw, 17),
        });
    }
    let count = |kind: Kind| rows.iter().filter(|r| r.kind == kind).count();
    if end != at
        || count(Kind::Meta) != 1
        || count(Kind::Lengths) > 1
        || count(Kind::Front) > 1
        || count(Kind::Articles) != count(Kind::Texts)
    {
        return Err(damaged("the table of chunks is not a cache's"));
    }
    Ok((file, rows))
}

enum Decoded {
    Meta(Meta),
    /// A heads chunk as decoded, then its articles made (shared, their texts left
    /// in the map).
    Heads(Vec<Head>),
    Articles(Vec<Arc<Article>>),
    /// The index's document lengths and order by date.
    Lengths((Vec<u32>, Vec<u32>)),
    Index(crate::index::Chunk),
}

thread_local! {
    pub(super) static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Reads and decodes one chunk, into a buffer kept per thread (a fresh buffer for
/// every chunk costs as much in page faults as the read itself).
fn decode(file: &File, path: &Path, row: &Row) -> Result<Decoded, CacheError> {
    let len = usize::try_from(row.len).map_err(|_| damaged("a chunk too large"))?;
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        if buffer.len() < len {
            // Exactly: a doubled buffer would stay twice as large in every thread.
            let more = len - buffer.len();
            buffer.reserve_exact(more);
            buffer.resize(len, 0);
        }
        let bytes = &mut buffer[..len];
        read_exact_at(file, bytes, row.offset).map_err(io(path, "read"))?;
        decode_bytes(row, bytes)
    })
}

/// As `decode`, but an index chunk is checked and decoded where it lies in the
/// map (given as itself and as the articles' `Bytes`), its postings left there: read
/// in place when searched, not copied.
fn decode_or_keep(
    file: &File,
    path: &Path,
    (mmap, map): (&memmap2::Mmap, &Bytes),
    row: &Row,
) -> Result<Decoded, CacheError> {
    if row.kind != Kind::Index {
        return decode(file, path, row);
    }
    let (at, len) = usize::try_from(row.offset)
        .ok()
        .zip(usize::try_from(row.len).ok())
        .filter(|&(at, len)| at.checked_add(len).is_some_and(|end| end <= mmap.len()))
        .ok_or_else(|| damaged("a chunk outside the file"))?;
    let bytes = &mmap[at..at + len];
    if checksum(row.kind, bytes) != row.hash {
        return Err(damaged("a chunk's checksum does not match"));
    }
    let chunk = decode_chunk(map, bytes).map_err(|e| damaged(e.to_string()));
    // Checked and decoded, the chunk's pages leave the reader's memory until a search
    // reads them (again, from the page cache): the index does not count in the
    // memory of a start.
    // SAFETY: the map is shared and read-only, of a file never changed in place (see
    // `read`): a page dropped is read again as it was, so no byte seen through the map
    // changes.
    #[cfg(unix)]
    let _ = unsafe { mmap.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, at, len) };
    Ok(Decoded::Index(chunk?))
}

fn decode_bytes(row: &Row, bytes: &[u8]) -> Result<Decoded, CacheError> {
    if checksum(row.kind, bytes) != row.hash {
        return Err(damaged("a chunk's checksum does not match"));
    }
    let postcard = |e: postcard::Error| damaged(e.to_string());
    Ok(match row.kind {
        Kind::Meta => Decoded::Meta(postcard::from_bytes(bytes).map_err(postcard)?),
        Kind::Articles => {
            let heads: Vec<Head> = postcard::from_bytes(bytes).map_err(postcard)?;
            // What the parsers made safe for the terminal stays so, whatever the file
            // (the bodies and links are checked when read).
            if !heads.iter().all(|h| h.article.head_is_safe()) {
                return Err(damaged("an article with control characters"));
            }
            Decoded::Heads(heads)
        }
        Kind::Lengths => Decoded::Lengths(postcard::from_bytes(bytes).map_err(postcard)?),
        // Index chunks are decoded where they lie in the map (`decode_or_keep`).
        Kind::Index | Kind::Texts | Kind::Front => return Err(damaged("a chunk read out of turn")),
    })
}

/// The front page: the newest articles' heads (at most `FRONT`), for the list to
/// show while the rest is read, and how many articles the cache holds; `None` for a
/// cache without one (written without its index). Their bodies and links are left
/// out (they are only shown in the list).
pub fn front(path: &Path, key: u64) -> Result<Option<(Vec<Article>, usize)>, CacheError> {
    let (file, rows) = table(path, key)?;
    let Some(row) = rows.iter().find(|r| r.kind == Kind::Front) else {
        return Ok(None);
    };
    let bytes = read_at(&file, path, row.offset, row.len)?;
    if checksum(row.kind, &bytes) != row.hash {
        return Err(damaged("a chunk's checksum does not match"));
    }
    let (count, heads): (u64, Vec<Head>) =
        postcard::from_bytes(&bytes).map_err(|e| damaged(e.to_string()))?;
    if !heads.iter().all(|h| h.article.head_is_safe()) {
        return Err(damaged("an article with control characters"));
    }
    let articles = heads.into_iter().map(|h| h.article).collect();
    Ok(Some((
        articles,
        usize::try_from(count).unwrap_or(usize::MAX),
    )))
}

pub fn read(path: &Path, key: u64) -> Result<(Contents, TextCheck), CacheError> {
    let (file, rows) = table(path, key)?;
    // SAFETY: the cache is only ever replaced whole (written beside it and renamed
    // over it), never changed in place, so the mapped file stays as it is while
    // mapped; what is read from the map is checked (checksum, encoding, text) first.
    let mmap = Arc::new(unsafe { memmap2::Mmap::map(&file) }.map_err(io(path, "map"))?);
    let map: Bytes = mmap.clone();
    let texts: Vec<Row> = rows
        .iter()
        .filter(|r| r.kind == Kind::Texts)
        .copied()
        .collect();
    // Each heads chunk with the texts chunk of its run (the i-th of each), so that
    // its articles are made, shared, on the thread that decodes it.
    let mut runs_texts = texts.iter();
    let tasks: Vec<(&Row, Option<&Row>)> = rows
        .iter()
        .filter(|r| !matches!(r.kind, Kind::Texts | Kind::Front))
        .map(|r| {
            (
                r,
                (r.kind == Kind::Articles)
                    .then(|| runs_texts.next())
                    .flatten(),
            )
        })
        .collect();
    let decoded = tasks
        .par_iter()
        .map(
            |&(row, texts)| match (decode_or_keep(&file, path, (&mmap, &map), row)?, texts) {
                (Decoded::Heads(heads), Some(texts)) => {
                    Ok(Decoded::Articles(articles(heads, &map, texts)?))
                }
                (Decoded::Heads(_), None) => Err(damaged("a run of articles without its texts")),
                (other, _) => Ok(other),
            },
        )
        .collect::<Result<Vec<_>, _>>()?;
    let mut meta = None;
    let mut runs = Vec::new();
    let mut lengths = None;
    let mut chunks = Vec::new();
    for part in decoded {
        match part {
            Decoded::Meta(m) => meta = Some(m),
            Decoded::Articles(run) => runs.push(run),
            Decoded::Heads(_) => return Err(damaged("a run of articles not made")),
            Decoded::Lengths(l) => lengths = Some(l),
            Decoded::Index(c) => chunks.push(c),
        }
    }
    let meta = meta.ok_or_else(|| damaged("no list of files"))?;
    let mut articles = Vec::with_capacity(runs.iter().map(Vec::len).sum());
    for run in &runs {
        articles.extend(run.iter().cloned());
    }
    let check = TextCheck { file, runs };
    let index = match lengths {
        Some((lengths, order)) if meta.indexed => Some(Index::decoded(lengths, order, chunks)),
        _ => None,
    };
    let contents = Contents {
        meta,
        articles,
        index,
    };
    Ok((contents, check))
}

/// The articles in runs of at most `ARTICLES` and about `RUN_BYTES` of text, so that
/// long articles make smaller chunks and a window of them stays small in memory.
fn runs(articles: &[Arc<Article>]) -> Vec<&[Arc<Article>]> {
    // From the word count: a body left in the cache is not decoded to be measured.
    let size = |a: &Article| a.title.len() + a.words * 6 + 64;
    let mut runs = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, article) in articles.iter().enumerate() {
        bytes += size(article);
        if bytes >= RUN_BYTES || i + 1 - start >= ARTICLES || i + 1 == articles.len() {
            runs.push(&articles[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    runs
}

struct Writer<'a> {
    out: BufWriter<&'a mut File>,
    at: u64,
    rows: Vec<Row>,
}

impl Writer<'_> {
    fn chunk(&mut self, kind: Kind, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(bytes)?;
        self.rows.push(Row {
            kind,
            offset: self.at,
            len: bytes.len() as u64,
            hash: checksum(kind, bytes),
        });
        self.at += bytes.len() as u64;
        Ok(())
    }
}

fn encode<T: Serialize + ?Sized>(value: &T) -> std::io::Result<Vec<u8>> {
    postcard::to_stdvec(value).map_err(std::io::Error::other)
}

fn write_all(file: &mut File, key: u64, snapshot: &Snapshot) -> std::io::Result<()> {
    // The cache holds the text of every article: readable by its owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    let mut w = Writer {
        out: BufWriter::with_capacity(1 << 20, file),
        at: HEADER,
        rows: Vec::new(),
    };
    w.out.write_all(MAGIC)?;
    w.out.write_all(&FORMAT.to_le_bytes())?;
    w.out.write_all(&key.to_le_bytes())?;
    let meta = Meta {
        indexed: snapshot.index.is_some(),
        stamped: snapshot.meta.stamped,
        files: snapshot.meta.files.clone(),
        problems: snapshot.meta.problems.clone(),
    };
    w.chunk(Kind::Meta, &encode(&meta)?)?;
    // The texts of every run first, then the heads (which say where the texts went).
    let runs = runs(&snapshot.articles);
    let mut places: Vec<Vec<(Place, Place)>> = Vec::with_capacity(runs.len());
    for window in runs.chunks(WINDOW) {
        let encoded = window
            .par_iter()
            .map(|run| texts(run))
            .collect::<std::io::Result<Vec<_>>>()?;
        for (bytes, mut run) in encoded {
            for (body, links) in &mut run {
                body.at += w.at;
                links.at += w.at;
            }
            w.chunk(Kind::Texts, &bytes)?;
            places.push(run);
        }
    }
    let heads = runs
        .par_iter()
        .zip(&places)
        .map(|(run, places)| encode(&Heads(run, places)))
        .collect::<std::io::Result<Vec<_>>>()?;
    for bytes in heads {
        w.chunk(Kind::Articles, &bytes)?;
    }
    if let Some(index) = &snapshot.index {
        // The front page: the newest articles' heads, read before anything else.
        let places: Vec<(Place, Place)> = places.iter().flatten().copied().collect();
        let front: Vec<usize> = index
            .order
            .iter()
            .take(FRONT)
            .map(|&d| d as usize)
            .collect();
        let articles: Option<Vec<Arc<Article>>> = front
            .iter()
            .map(|&d| snapshot.articles.get(d).cloned())
            .collect();
        let front_places: Option<Vec<(Place, Place)>> =
            front.iter().map(|&d| places.get(d).copied()).collect();
        if let (Some(articles), Some(front_places)) = (articles, front_places)
            && !articles.is_empty()
        {
            let count = snapshot.articles.len().min(index.lengths.len()) as u64;
            let heads = encode(&(count, Heads(&articles, &front_places)))?;
            w.chunk(Kind::Front, &heads)?;
        }
        w.chunk(Kind::Lengths, &encode(&(&index.lengths, &index.order))?)?;
        for chunk in &index.chunks {
            w.chunk(Kind::Index, chunk)?;
        }
    }
    let table_at = w.at;
    for row in &w.rows {
        w.out.write_all(&[row.kind as u8])?;
        w.out.write_all(&row.offset.to_le_bytes())?;
        w.out.write_all(&row.len.to_le_bytes())?;
        w.out.write_all(&row.hash.to_le_bytes())?;
    }
    w.out.write_all(&table_at.to_le_bytes())?;
    w.out.write_all(&(w.rows.len() as u32).to_le_bytes())?;
    w.out.write_all(MAGIC)?;
    w.out.flush()
}

/// A temporary file no one has written to for this long was left by a write that
/// never finished (the reader quit or was killed meanwhile).
const ABANDONED: std::time::Duration = std::time::Duration::from_secs(60);

/// Another library's cache not used for this long (its time is set when it is
/// written or taken whole) is taken for one no longer opened (a folder read once, say)
/// and removed; were it still used, that library's next start reads every file and
/// writes it again.
const FORGOTTEN: std::time::Duration = std::time::Duration::from_secs(60 * 24 * 3600);

/// Removes the temporary files of `path` left by writes that never finished (a write
/// going on in another instance keeps its file fresh, and is left alone), and other
/// libraries' caches not written for `FORGOTTEN`.
fn sweep(path: &Path) {
    let Some(dir) = path.parent() else {
        return;
    };
    let prefix = crate::atomic::temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let idle = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok());
        let abandoned = file.starts_with(&prefix) && idle.is_some_and(|idle| idle > ABANDONED);
        let forgotten = file.starts_with("library-")
            && file.ends_with(".cache")
            && entry.path() != path
            && idle.is_some_and(|idle| idle > FORGOTTEN);
        if abandoned || forgotten {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes the temporary files of this process's library cache writes in `dir`: for
/// a quit that gives a write up (ctrl-c, or the wait's limit), so that a half-written
/// cache (gigabytes, for a large library) is not left until the next write sweeps it.
/// A write still going on goes on into the removed file, and its rename then fails.
pub fn forget_unfinished(dir: &Path) {
    let ours = format!(".cache.tmp-{}-", std::process::id());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if file.starts_with(".library-") && file.contains(&ours) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

pub fn write(path: &Path, key: u64, snapshot: &Snapshot) -> Result<u64, CacheError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io(dir, "create"))?;
    sweep(path);
    crate::atomic::replace(
        path,
        |file| write_all(file, key, snapshot),
        |from, to| std::fs::rename(from, to),
    )
    .map_err(|f| CacheError::Io(format!("{} {}: {}", f.what, f.path.display(), f.error)))?;
    std::fs::metadata(path)
        .map(|m| m.len())
        .map_err(io(path, "read"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{ArticleId, Block, Draft, Piece};
    use crate::cache::{Entry, Stamp};
    use crate::index::Field;
    use crate::report::{Problem, ProblemKind};

    fn article(id: u64, title: &str) -> Article {
        let draft = Draft {
            title: title.into(),
            date: chrono::NaiveDate::from_ymd_opt(2023, 10, 31),
            author: Some("Ada".into()),
            tags: vec!["harbour".into()],
            body: vec![
                Block::Heading {
                    level: 2,
                    text: "Tides".into(),
                },
                Block::Paragraph(format!("{title} left the harbour")),
                Block::List {
                    ordered: true,
                    items: vec!["one".into(), "two".into()],
                },
                Block::Rule,
            ],
            links: vec![crate::article::Link {
                text: "map".into(),
                url: "https://example.org/map".into(),
            }],
            ..Draft::default()
        };
        Article::new(ArticleId(id), format!("news/{id}.md").into(), draft)
    }

    fn snapshot(count: u64) -> Snapshot {
        let articles: Vec<Arc<Article>> = (0..count)
            .map(|i| Arc::new(article(i, &format!("Ferry {i}"))))
            .collect();
        let mut index = Index::from_articles(&articles);
        // As the reader writes it: with the order by date (and so a front page).
        index.by_date();
        Snapshot {
            meta: Meta {
                stamped: 42,
                files: vec![Entry {
                    path: "news/0.md".into(),
                    stamp: Stamp {
                        size: 1,
                        modified: 2,
                        changed: 3,
                        inode: 4,
                    },
                }],
                problems: vec![Problem {
                    path: "news/bad.bin".into(),
                    kind: ProblemKind::Skipped,
                    reason: "binary".into(),
                }],
                indexed: true,
            },
            articles,
            index: index.encode().ok(),
        }
    }

    #[test]
    fn what_is_written_is_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/library.cache");
        let snap = snapshot(2500);
        let size = write(&path, 9, &snap).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), size);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "the owner's only");
        }
        let (back, check) = read(&path, 9).unwrap();
        assert!(check.damaged().is_empty());
        // The bodies and links stay in the map until read, and read as written.
        assert!(
            back.articles
                .iter()
                .all(|a| a.body.is_kept() && a.links.is_kept())
        );
        assert_eq!(back.meta.files, snap.meta.files);
        assert_eq!(back.meta.problems, snap.meta.problems);
        assert_eq!(back.meta.stamped, 42);
        assert_eq!(back.articles.len(), 2500);
        for (a, b) in back.articles.iter().zip(&snap.articles) {
            assert_eq!(**a, **b);
        }
        let mut index = back.index.unwrap();
        let arcs = back.articles;
        assert!(index.attach(arcs));
        let ferry = index.postings(Field::All, "ferry").unwrap();
        assert_eq!(ferry.count, 2500);
        assert_eq!(
            index.postings(Field::Title, "2499").map(|p| p.count),
            Some(1)
        );
        // Nothing is left beside it.
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn the_front_page_is_the_newest_articles_heads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.cache");
        let mut snap = snapshot(300);
        for (i, a) in snap.articles.iter_mut().enumerate() {
            let mut dated = (**a).clone();
            dated.date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1)
                .map(|d| d + chrono::Days::new(i as u64 % 97));
            *a = Arc::new(dated);
        }
        let mut index = Index::from_articles(&snap.articles);
        let newest: Vec<String> = index
            .by_date()
            .iter()
            .take(FRONT)
            .map(|&d| snap.articles[d as usize].title.clone())
            .collect();
        snap.index = index.encode().ok();
        write(&path, 1, &snap).unwrap();
        let (front, total) = front(&path, 1).unwrap().unwrap();
        assert_eq!(total, 300);
        let titles: Vec<String> = front.iter().map(|a| a.title.clone()).collect();
        assert_eq!(titles, newest);
        assert!(front.iter().all(|a| a.body.is_empty() && a.head_is_safe()));
        // Without the index (and so its order) there is none.
        snap.index = None;
        write(&path, 1, &snap).unwrap();
        assert!(super::front(&path, 1).unwrap().is_none());
    }

    #[test]
    fn a_text_damaged_after_its_check_stays_found_damaged_in_the_next_cache() {
        use std::io::{Seek, Write};
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old.cache"), dir.path().join("new.cache"));
        write(&old, 1, &snapshot(3)).unwrap();
        let (contents, check) = read(&old, 1).unwrap();
        assert!(check.damaged().is_empty());
        // A byte of the second article's body goes bad in the file (mapped) after
        // the check, before the next cache is written from the articles as read.
        let bytes = std::fs::read(&old).unwrap();
        let at = bytes
            .windows(7)
            .position(|w| w == b"Ferry 1")
            .expect("the second body's text");
        let mut file = std::fs::File::options().write(true).open(&old).unwrap();
        file.seek(std::io::SeekFrom::Start(at as u64)).unwrap();
        file.write_all(b"f").unwrap();
        drop(file);
        let articles: Vec<Arc<Article>> = contents.articles;
        let snap = Snapshot {
            articles,
            ..snapshot(0)
        };
        write(&new, 1, &snap).unwrap();
        let (_, check) = read(&new, 1).unwrap();
        assert_eq!(check.damaged(), [std::path::PathBuf::from("news/1.md")]);
    }

    #[test]
    fn texts_are_checked_a_window_at_a_time_and_only_the_damaged_one_is_named() {
        use std::io::{Seek, Write};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.cache");
        // One run of 300 articles of about 4 KB each: several check windows.
        let filler = "tide ".repeat(800);
        let articles: Vec<Arc<Article>> = (0..300)
            .map(|i| {
                let mut a = article(i, &format!("Ferry {i}"));
                a.body = vec![Block::Paragraph(format!("Mark{i:04} {filler}"))].into();
                Arc::new(a)
            })
            .collect();
        assert_eq!(runs(&articles).len(), 1);
        let snap = Snapshot {
            articles,
            ..snapshot(0)
        };
        write(&path, 1, &snap).unwrap();
        let (_, check) = read(&path, 1).unwrap();
        assert!(check.damaged().is_empty());
        let bytes = std::fs::read(&path).unwrap();
        let texts = bytes.windows(8).filter(|w| w.starts_with(b"Mark")).count();
        assert_eq!(texts, 300);
        for damaged in [0usize, 137, 299] {
            let marker = format!("Mark{damaged:04}");
            let at = bytes
                .windows(8)
                .position(|w| w == marker.as_bytes())
                .expect("the body's text");
            assert!(at as u64 > 2 * super::super::texts::CHECK_WINDOW || damaged < 100);
            std::fs::write(&path, &bytes).unwrap();
            let mut file = std::fs::File::options().write(true).open(&path).unwrap();
            file.seek(std::io::SeekFrom::Start(at as u64 + 500))
                .unwrap();
            file.write_all(b"X").unwrap();
            drop(file);
            let (_, check) = read(&path, 1).unwrap();
            let name = std::path::PathBuf::from(format!("news/{damaged}.md"));
            assert_eq!(check.damaged(), [name]);
        }
    }

    #[test]
    fn a_cache_with_text_unsafe_for_the_terminal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.cache");
        let mut snap = snapshot(3);
        let mut bad = (*snap.articles[1]).clone();
        bad.title = "Hello \x1b]0;pwned\x07 world".into();
        snap.articles[1] = Arc::new(bad);
        write(&path, 1, &snap).unwrap();
        let err = read(&path, 1).err().unwrap();
        assert!(matches!(err, CacheError::Damaged(_)), "{err:?}");
        // Every article the parsers make passes.
        assert!(snapshot(3).articles.iter().all(|a| a.is_safe()));
    }

    #[test]
    fn long_articles_make_short_runs_and_every_article_is_in_one() {
        let long = "word ".repeat(200_000);
        let articles: Vec<Arc<Article>> = (0..12)
            .map(|i| {
                let mut a = article(i, "Long read");
                a.body = vec![Block::Paragraph(long.trim_end().to_string())].into();
                a.words = 200_000;
                Arc::new(a)
            })
            .collect();
        let runs = runs(&articles);
        assert!(
            runs.iter().all(|r| r.len() <= 4),
            "{:?}",
            runs.iter().map(|r| r.len()).collect::<Vec<_>>()
        );
        assert_eq!(runs.iter().map(|r| r.len()).sum::<usize>(), 12);
        let short = snapshot(2500).articles;
        let lens: Vec<usize> = super::runs(&short).iter().map(|r| r.len()).collect();
        assert_eq!(lens, [1024, 1024, 452]);
    }

    #[test]
    fn another_key_is_outdated_and_no_file_is_missing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.cache");
        assert!(matches!(read(&path, 1), Err(CacheError::Missing)));
        write(&path, 1, &snapshot(3)).unwrap();
        assert!(matches!(read(&path, 2), Err(CacheError::Outdated)));
    }

    #[test]
    fn every_damage_is_found_and_none_panics() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.cache");
        write(&path, 1, &snapshot(40)).unwrap();
        let good = std::fs::read(&path).unwrap();
        // Refused at once, or read with the damaged texts found by the check (and
        // every article read from them its stand-in or what was written).
        let refused = |path: &Path| match read(path, 1) {
            Err(_) => true,
            Ok(_) if front(path, 1).is_err() => true,
            Ok((contents, check)) => {
                let damaged = check.damaged();
                let written = snapshot(40).articles;
                for (a, b) in contents.articles.iter().zip(&written) {
                    assert!(
                        (*a.body == *b.body || *a.body == Block::damaged())
                            && (*a.links == *b.links || a.links.is_empty()),
                        "{a:?}"
                    );
                }
                !damaged.is_empty()
            }
        };
        // Cut short anywhere, or one byte flipped anywhere: never read as good.
        let step = (good.len() / 97).max(1);
        for at in (0..good.len()).step_by(step).chain([good.len() - 1]) {
            std::fs::write(&path, &good[..at]).unwrap();
            assert!(refused(&path), "cut at {at}");
            let mut bad = good.clone();
            bad[at] ^= 0x40;
            std::fs::write(&path, &bad).unwrap();
            assert!(refused(&path), "flipped at {at}");
        }
        std::fs::write(&path, b"not a cache at all, but long enough to hold one").unwrap();
        assert!(matches!(read(&path, 1), Err(CacheError::Damaged(_))));
        // A table whose rows all point at one chunk (which would be decoded once a
        // row) is refused before anything is decoded.
        let mut repeated = good.clone();
        let table_at = u64_at(&good, good.len() - FOOTER as usize) as usize;
        let first_row = good[table_at..table_at + ROW as usize].to_vec();
        for row in repeated[table_at..good.len() - FOOTER as usize].chunks_exact_mut(ROW as usize) {
            row.copy_from_slice(&first_row);
        }
        std::fs::write(&path, &repeated).unwrap();
        assert!(matches!(read(&path, 1), Err(CacheError::Damaged(_))));
    }

    #[test]
    fn temporary_files_of_writes_that_never_finished_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.cache");
        let old = dir.path().join(".library.cache.tmp-4242-0");
        let busy = dir.path().join(".library.cache.tmp-4343-0");
        let other = dir.path().join(".other.cache.tmp-4242-0");
        let forgotten = dir.path().join("library-00000000000000aa.cache");
        let recent = dir.path().join("library-00000000000000bb.cache");
        for file in [&old, &busy, &other, &forgotten, &recent] {
            std::fs::write(file, b"half a cache").unwrap();
        }
        let now = std::time::SystemTime::now();
        let long_ago = now - std::time::Duration::from_secs(3600);
        let months_ago = now - std::time::Duration::from_secs(90 * 24 * 3600);
        let f = std::fs::File::options()
            .write(true)
            .open(&forgotten)
            .unwrap();
        f.set_modified(months_ago).unwrap();
        let f = std::fs::File::options().write(true).open(&recent).unwrap();
        f.set_modified(long_ago).unwrap();
        for file in [&old, &other] {
            let f = std::fs::File::options().write(true).open(file).unwrap();
            f.set_modified(long_ago).unwrap();
        }
        write(&path, 1, &snapshot(2)).unwrap();
        assert!(!old.exists(), "an abandoned write is swept");
        assert!(busy.exists(), "a write going on elsewhere is left");
        assert!(other.exists(), "another library's files are left");
        assert!(
            !forgotten.exists(),
            "a cache not written for months is removed"
        );
        assert!(recent.exists(), "another library's recent cache is left");
    }

    #[test]
    fn a_write_given_up_leaves_no_temporary_file_of_this_process() {
        let dir = tempfile::tempdir().unwrap();
        let pid = std::process::id();
        let cache = dir.path().join("library-00000000000000aa.cache");
        let ours = dir
            .path()
            .join(format!(".library-00000000000000aa.cache.tmp-{pid}-3"));
        let theirs = dir
            .path()
            .join(format!(".library-00000000000000aa.cache.tmp-{}-0", pid + 1));
        let state = dir.path().join(format!(".state.toml.tmp-{pid}-0"));
        for file in [&cache, &ours, &theirs, &state] {
            std::fs::write(file, b"half a cache").unwrap();
        }
        forget_unfinished(dir.path());
        assert!(!ours.exists(), "this process's unfinished cache is removed");
        assert!(cache.exists(), "the cache in place is left");
        assert!(theirs.exists(), "another instance's write is left");
        assert!(state.exists(), "other files being written are left");
    }

    #[test]
    fn a_write_that_fails_leaves_the_old_cache_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.cache");
        write(&path, 1, &snapshot(3)).unwrap();
        // A folder in the cache's place: the new cache cannot be renamed over it.
        let blocked = dir.path().join("blocked.cache");
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("inside"), "x").unwrap();
        let err = write(&blocked, 1, &snapshot(5)).unwrap_err();
        match &err {
            CacheError::Io(why) => assert!(why.contains("could not replace"), "{why}"),
            other => panic!("{other:?}"),
        }
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(
            left.len(),
            2,
            "the old cache and the folder, no temporary file"
        );
        assert_eq!(read(&path, 1).unwrap().0.articles.len(), 3);
    }
}
