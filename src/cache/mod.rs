//! The library cache: what a load found, kept on disk so that the next start of the
//! same library reads one file instead of parsing every article again. It holds each
//! file's stamp (size, times, inode), the problems found in it, every article and the
//! search index. A file whose stamp is unchanged since it was stamped is taken from
//! the cache; the others are read anew and the cache is written again once the load
//! is done. The cache is only ever a copy: a damaged, foreign or outdated cache file is
//! ignored (and replaced); what it says is checked (checksums, the table of chunks,
//! text safe for the terminal) before it is used.
//!
//! * [`Cache`] says where a library's cache lives and what it must match.
//! * [`Stamp`] and [`plan`] decide which files can come from it.
//! * `file.rs` is the file format: postcard chunks with checksums, written atomically,
//!   read in place (the articles' texts from a memory map, when read).

mod file;
mod texts;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::index::{Encoded, Index};
use crate::os_path;
use crate::report::Problem;

pub use file::{CacheError, forget_unfinished};
pub use texts::TextCheck;

/// Bumped whenever the cache's layout or what the parsers make of a file changes, so
/// that an older cache is read anew rather than trusted.
const FORMAT: u32 = 3;

/// How recently before it was stamped a file may have changed and still be trusted
/// by its stamp: a file changed again within the same tick of the file system's clock
/// keeps its times, so a file that young is always read anew.
pub const DEFAULT_MARGIN: Duration = Duration::from_secs(2);

/// What identifies a file's content without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub size: u64,
    /// Modification and (on Unix) status change times, in nanoseconds since 1970.
    pub modified: i64,
    pub changed: i64,
    pub inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path` (following symbolic links), if it can be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp::from_metadata(&meta))
    }

    pub fn from_metadata(meta: &std::fs::Metadata) -> Stamp {
        let modified = meta.modified().map(nanos).unwrap_or(0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Stamp {
                size: meta.len(),
                modified,
                changed: meta
                    .ctime()
                    .saturating_mul(1_000_000_000)
                    .saturating_add(meta.ctime_nsec()),
                inode: meta.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            Stamp {
                size: meta.len(),
                modified,
                changed: modified,
                inode: 0,
            }
        }
    }

    /// The later of the two times.
    fn latest(&self) -> i64 {
        self.modified.max(self.changed)
    }
}

/// Nanoseconds since 1970 (negative before).
pub fn nanos(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos().min(i64::MAX as u128) as i64,
        Err(e) => -(e.duration().as_nanos().min(i64::MAX as u128) as i64),
    }
}

/// Where one library's cache lives, and the key it must carry to be used: the
/// format, the sources that decide what is read (not the executable: a reinstall of
/// the same source keeps the cache), the library's folders and the load options that
/// change what is read.
#[derive(Clone, Debug)]
pub struct Cache {
    pub file: PathBuf,
    key: u64,
    /// See [`DEFAULT_MARGIN`].
    pub margin: Duration,
}

impl Cache {
    /// The cache of the library made of `roots` (as given; relative ones are taken
    /// from the current folder), under `dir`.
    pub fn new(dir: &Path, roots: &[PathBuf], max_file_size: u64, follow_links: bool) -> Cache {
        let mut library = Vec::new();
        for root in roots {
            library.extend_from_slice(os_path::bytes(root).as_ref());
            library.push(0);
            if let Ok(absolute) = std::path::absolute(root) {
                library.extend_from_slice(os_path::bytes(&absolute).as_ref());
            }
            library.push(0);
        }
        library.extend_from_slice(&max_file_size.to_le_bytes());
        library.push(u8::from(follow_links));
        let name = xxhash_rust::xxh3::xxh3_64(&library);
        // A build whose parsers, index or cache differ may read differently: its key
        // differs (build.rs hashes their sources), so it reads anew. Another build of
        // the same source (a reinstall) keeps the cache.
        let mut key = library;
        key.extend_from_slice(&FORMAT.to_le_bytes());
        key.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
        key.extend_from_slice(env!("TIDINGS_CACHE_INPUTS").as_bytes());
        Cache {
            file: dir.join(format!("library-{name:016x}.cache")),
            key: xxhash_rust::xxh3::xxh3_64(&key),
            margin: DEFAULT_MARGIN,
        }
    }

    /// Reads the cache, decoding its chunks in parallel (on the current rayon pool)
    /// but for the articles' texts, which stay in a map of the file until read; their
    /// chunks are checked by the `TextCheck`, after.
    pub fn read(&self) -> Result<(Contents, TextCheck), CacheError> {
        file::read(&self.file, self.key)
    }

    /// The newest articles' heads and how many articles the cache holds: the list's
    /// first screenful, read before the rest (see `file::front`).
    pub fn front(&self) -> Result<Option<(Vec<Article>, usize)>, CacheError> {
        file::front(&self.file, self.key)
    }

    /// Marks the cache as in use (its time), so that it is not taken for forgotten
    /// while nothing in its library changes and it is not written.
    pub fn touch(&self) {
        if let Ok(file) = std::fs::File::options().write(true).open(&self.file) {
            let _ = file.set_modified(SystemTime::now());
        }
    }

    /// Writes `snapshot` in place of the cache, atomically; returns its size in bytes.
    pub fn write(&self, snapshot: &Snapshot) -> Result<u64, CacheError> {
        file::write(&self.file, self.key, snapshot)
    }
}

/// What the cache knows of one load, kept in its first chunk.
#[derive(Serialize, Deserialize, Default, Debug)]
pub struct Meta {
    /// When the files were stamped (nanoseconds since 1970).
    pub stamped: i64,
    pub files: Vec<Entry>,
    /// What went wrong in those files (duplicates aside: the library finds them).
    pub problems: Vec<Problem>,
    /// Whether the cache holds the search index of its articles.
    pub indexed: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    #[serde(with = "os_path")]
    pub path: PathBuf,
    pub stamp: Stamp,
}

/// A cache as read back.
pub struct Contents {
    pub meta: Meta,
    /// The library's articles in its order, the duplicates it held back after them
    /// (shared already, made so on the threads that read them).
    pub articles: Vec<Arc<Article>>,
    /// The index of the articles the library keeps (all but the duplicates).
    pub index: Option<Index>,
}

/// What to write: the library as it is once loaded.
pub struct Snapshot {
    pub meta: Meta,
    /// The library's live articles in order, then the duplicates it holds back.
    pub articles: Vec<Arc<Article>>,
    /// The index of the live articles (documents numbered as they are), if at hand.
    pub index: Option<Encoded>,
}

/// A cache to write once a load is done: where, what to say of the files, and the
/// library's articles (its live ones first, `live` of them, then the duplicates it
/// holds back). The search index is added by whoever holds it (`crate::search`).
#[derive(Debug)]
pub struct Job {
    pub cache: Cache,
    pub meta: Meta,
    pub live: usize,
    pub articles: Vec<Arc<Article>>,
}

impl Job {
    /// The index, encoded, if it is the index of the job's live articles; with its
    /// order by date brought up to date first, so the next start need not sort.
    pub fn encode(&self, index: &mut Index) -> Option<Encoded> {
        if index.len() != self.live {
            return None;
        }
        index.by_date();
        index.encode().ok()
    }

    /// Writes the cache; says how it went, for the status line.
    pub fn write(self, index: Option<Encoded>) -> Written {
        let snapshot = Snapshot {
            meta: self.meta,
            articles: self.articles,
            index,
        };
        match self.cache.write(&snapshot) {
            Ok(bytes) => Ok(format!(
                "library cache written: {:.1} MiB",
                bytes as f64 / (1 << 20) as f64
            )),
            Err(e) => Err(WriteError(e)),
        }
    }
}

/// How writing the library cache went: what to say of it, or why it failed.
pub type Written = Result<String, WriteError>;

/// The library cache could not be written.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot write the library cache: {0}")]
pub struct WriteError(#[source] pub CacheError);

/// Which files a load can take from the cache.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files found now whose stamp the cache holds: taken from it.
    pub fresh: Vec<PathBuf>,
    /// Files found now that are new or changed: read anew.
    pub read: Vec<PathBuf>,
    /// Files the cache holds that are gone.
    pub gone: Vec<PathBuf>,
}

/// Compares the files found now (with their stamps, `None` where none could be taken)
/// with the ones the cache holds. A file is fresh when its stamp is the same and it
/// had not changed within `margin` of being stamped.
pub fn plan(meta: &Meta, found: &[(PathBuf, Option<Stamp>)], margin: Duration) -> Plan {
    let margin = i64::try_from(margin.as_nanos()).unwrap_or(i64::MAX);
    let trusted =
        |old: &Stamp, now: &Stamp| old == now && old.latest() < meta.stamped.saturating_sub(margin);
    let mut plan = Plan::default();
    // The usual case, the same files walked in the same order: compared in step.
    let same = meta.files.len() == found.len()
        && (meta.files.iter().zip(found)).all(|(e, (p, _))| e.path.as_os_str() == p.as_os_str());
    if same {
        for (entry, (path, stamp)) in meta.files.iter().zip(found) {
            match stamp.as_ref().is_some_and(|now| trusted(&entry.stamp, now)) {
                true => plan.fresh.push(path.clone()),
                false => plan.read.push(path.clone()),
            }
        }
        return plan;
    }
    // Keyed by the path's bytes: hashing a `Path` parses its components, which
    // costs more than the rest of the comparison at 100,000 files.
    let cached: FxHashMap<&OsStr, &Stamp> = meta
        .files
        .iter()
        .map(|e| (e.path.as_os_str(), &e.stamp))
        .collect();
    let mut seen: FxHashSet<&OsStr> = FxHashSet::default();
    seen.reserve(found.len());
    for (path, stamp) in found {
        seen.insert(path.as_os_str());
        let trusted = match (cached.get(path.as_os_str()), stamp) {
            (Some(old), Some(now)) => trusted(old, now),
            _ => false,
        };
        if trusted {
            plan.fresh.push(path.clone());
        } else {
            plan.read.push(path.clone());
        }
    }
    plan.gone = meta
        .files
        .iter()
        .filter(|e| !seen.contains(e.path.as_os_str()))
        .map(|e| e.path.clone())
        .collect();
    plan
}

/// Where caches live: `cache/` in the config directory when one was given (so that a
/// `--config-dir` keeps everything together), else the user's cache directory.
pub fn default_dir(config_dir: Option<&Path>) -> Option<PathBuf> {
    match config_dir {
        Some(dir) => Some(dir.join("cache")),
        None => dirs::cache_dir().map(|d| d.join("tidings")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(size: u64, time: i64) -> Stamp {
        Stamp {
            size,
            modified: time,
            changed: time,
            inode: 7,
        }
    }

    fn entry(path: &str, stamp: Stamp) -> Entry {
        Entry {
            path: path.into(),
            stamp,
        }
    }

    #[test]
    fn files_are_fresh_changed_new_or_gone() {
        let second = 1_000_000_000;
        let meta = Meta {
            stamped: 100 * second,
            files: vec![
                entry("same", stamp(10, 50 * second)),
                entry("grown", stamp(10, 50 * second)),
                entry("touched", stamp(10, 50 * second)),
                entry("young", stamp(10, 99 * second)),
                entry("gone", stamp(10, 50 * second)),
            ],
            ..Meta::default()
        };
        let found = vec![
            (PathBuf::from("same"), Some(stamp(10, 50 * second))),
            (PathBuf::from("grown"), Some(stamp(11, 50 * second))),
            (PathBuf::from("touched"), Some(stamp(10, 60 * second))),
            (PathBuf::from("young"), Some(stamp(10, 99 * second))),
            (PathBuf::from("new"), Some(stamp(1, 1))),
            (PathBuf::from("unstamped"), None),
        ];
        let plan = plan(&meta, &found, DEFAULT_MARGIN);
        assert_eq!(plan.fresh, [PathBuf::from("same")]);
        let read: Vec<&str> = plan.read.iter().filter_map(|p| p.to_str()).collect();
        assert_eq!(read, ["grown", "touched", "young", "new", "unstamped"]);
        assert_eq!(plan.gone, [PathBuf::from("gone")]);
        // The same files in the same order (compared in step) or in another (by
        // their paths) are planned alike.
        let mut same: Vec<_> = found[..4].to_vec();
        same.push((PathBuf::from("gone"), None));
        let in_step = super::plan(&meta, &same, DEFAULT_MARGIN);
        same.reverse();
        let mut by_path = super::plan(&meta, &same, DEFAULT_MARGIN);
        by_path.read.reverse();
        assert_eq!(in_step.fresh, [PathBuf::from("same")]);
        let read: Vec<&str> = in_step.read.iter().filter_map(|p| p.to_str()).collect();
        assert_eq!(read, ["grown", "touched", "young", "gone"]);
        assert!(in_step.gone.is_empty());
        assert_eq!(
            (in_step.fresh, in_step.read, in_step.gone),
            (by_path.fresh, by_path.read, by_path.gone)
        );
    }

    #[test]
    fn without_a_margin_a_young_file_is_trusted() {
        let meta = Meta {
            stamped: 100,
            files: vec![entry("young", stamp(1, 99))],
            ..Meta::default()
        };
        let found = vec![(PathBuf::from("young"), Some(stamp(1, 99)))];
        assert_eq!(plan(&meta, &found, Duration::ZERO).fresh.len(), 1);
    }

    #[test]
    fn a_library_keeps_its_cache_file_across_builds_but_not_its_key() {
        let a = Cache::new(Path::new("/c"), &["/lib".into()], 16, false);
        let b = Cache::new(Path::new("/c"), &["/lib".into()], 16, false);
        let other = Cache::new(Path::new("/c"), &["/other".into()], 16, false);
        let bigger = Cache::new(Path::new("/c"), &["/lib".into()], 32, false);
        assert_eq!(a.file, b.file);
        assert_eq!(a.key, b.key);
        assert_ne!(a.file, other.file);
        assert_ne!(a.file, bigger.file);
        assert!(a.file.starts_with("/c"));
    }
}
