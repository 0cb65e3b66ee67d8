//! Watching the library while the reader runs (notify): files added, changed or
//! removed. Events are gathered until the folders have been quiet for `QUIET` (at most
//! `AT_MOST` after the first), then each path touched is looked at as it is now, by
//! the walk's rules, and the files there are read, parsed and indexed on this thread,
//! never the UI's. What changed goes out as one `Report`. Never touches the library,
//! the index or the terminal.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{EventKind, EventKindMask, RecommendedWatcher, RecursiveMode, Watcher};
use rayon::prelude::*;

use crate::index::Segment;
pub use crate::library::Changes;
use crate::library::LoadOptions;
use crate::loader::walk::{OUTSIDE, Verdict, canonical_roots, judge, walk};
use crate::loader::{guarded, io_reason, read_file};
use crate::report::{Problem, ProblemKind};

/// A burst of events ends when the folders have been quiet this long.
pub const QUIET: Duration = Duration::from_millis(200);
/// A burst is looked at this long after its first event at the latest, so a file
/// written without pause still shows up.
pub const AT_MOST: Duration = Duration::from_millis(600);

/// What the watch tells the runner.
pub enum Report {
    /// Changes, with the index segments of their articles (see [`segments`]).
    Changed {
        changes: Changes,
        segments: Vec<Segment>,
    },
    /// Something went wrong while watching; the error says what.
    Failed(WatchError),
}

/// Why the library cannot be watched, or what went wrong while watching it.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("cannot watch the library: {0}")]
    Start(#[source] notify::Error),
    #[error("cannot watch the library: no current folder: {0}")]
    NoCurrentFolder(#[source] std::io::Error),
    #[error("cannot watch {}: {source}", .path.display())]
    Folder {
        path: PathBuf,
        #[source]
        source: notify::Error,
    },
    #[error("cannot start the watch thread: {0}")]
    Thread(#[source] std::io::Error),
    #[error("watching the library: {0}")]
    Watching(#[source] notify::Error),
}

enum Note {
    Event(notify::Result<notify::Event>),
    Stop,
}

/// A running watch; it stops when dropped.
pub struct Watch {
    _watcher: RecommendedWatcher,
    notes: Sender<Note>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.notes.send(Note::Stop);
    }
}

/// A root as the loader was given it, and the absolute form notify reports its
/// paths under.
struct Root {
    given: PathBuf,
    absolute: PathBuf,
    canonical: Option<PathBuf>,
    /// A file given on its own (its folder is watched, for that file only).
    file: bool,
}

impl Root {
    /// `path` (from an event) as the walk from this root would have named it.
    fn name(&self, path: &Path) -> Option<PathBuf> {
        let rest = [Some(&self.absolute), self.canonical.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|base| path.strip_prefix(base).ok())?;
        if rest.as_os_str().is_empty() {
            Some(self.given.clone())
        } else if self.file {
            None
        } else {
            Some(self.given.join(rest))
        }
    }
}

/// Starts watching `roots` (the files and folders the loader was given); the watch
/// is in place when this returns. `report` gets each change and returns false once
/// nobody listens. Roots that do not exist are left out (the loader reports them).
pub fn spawn(
    roots: &[PathBuf],
    options: &LoadOptions,
    report: impl Fn(Report) -> bool + Send + 'static,
) -> Result<Watch, WatchError> {
    let (notes, rx) = channel();
    let tx = notes.clone();
    // Files created, removed, written, renamed or changed in their metadata; not files
    // being opened and read (by the loader, by this watch), which say nothing new and
    // would flood the system's queue while the library loads.
    // Folders reached through symbolic links are not watched: those inside the library
    // are watched where they really are, and those outside are not the library's.
    let config = notify::Config::default()
        .with_event_kinds(EventKindMask::CORE)
        .with_follow_symlinks(false);
    let handler = move |event: notify::Result<notify::Event>| {
        let _ = tx.send(Note::Event(event));
    };
    let mut watcher = RecommendedWatcher::new(handler, config).map_err(WatchError::Start)?;
    let cwd = std::env::current_dir().map_err(WatchError::NoCurrentFolder)?;
    let mut watched = Vec::new();
    for given in roots {
        let Ok(meta) = std::fs::metadata(given) else {
            continue;
        };
        let absolute = cwd.join(given);
        let file = !meta.is_dir();
        let (target, mode) = match absolute.parent() {
            Some(folder) if file => (folder, RecursiveMode::NonRecursive),
            _ => (absolute.as_path(), RecursiveMode::Recursive),
        };
        watcher
            .watch(target, mode)
            .map_err(|source| WatchError::Folder {
                path: given.clone(),
                source,
            })?;
        watched.push(Root {
            given: given.clone(),
            canonical: std::fs::canonicalize(given).ok(),
            absolute,
            file,
        });
    }
    let library = canonical_roots(roots);
    let options = options.clone();
    std::thread::Builder::new()
        .name("watch".into())
        .spawn(move || {
            while let Some(burst) = gather(&rx) {
                if !burst.send(&watched, &library, &options, &report) {
                    return;
                }
            }
        })
        .map_err(WatchError::Thread)?;
    Ok(Watch {
        _watcher: watcher,
        notes,
    })
}

/// The paths touched in one burst of events, each with whether any event on it could
/// have added or removed something (only then is a folder looked at whole).
#[derive(Default)]
struct Burst {
    paths: BTreeMap<PathBuf, bool>,
    /// Events were lost (the system's queue overflowed): look at everything again.
    lost: bool,
    errors: Vec<notify::Error>,
}

impl Burst {
    fn note(&mut self, event: notify::Result<notify::Event>) {
        match event {
            Err(e) => self.errors.push(e),
            Ok(event) => {
                self.lost |= event.need_rescan();
                let structural = !matches!(
                    event.kind,
                    EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_))
                );
                for path in event.paths {
                    *self.paths.entry(path).or_default() |= structural;
                }
            }
        }
    }

    /// Looks at the burst's paths and reports what changed; false once nobody listens.
    /// When events were lost, every root is looked at whole.
    fn send(
        mut self,
        roots: &[Root],
        library: &[PathBuf],
        options: &LoadOptions,
        report: &impl Fn(Report) -> bool,
    ) -> bool {
        if self.lost {
            for root in roots {
                self.paths.insert(root.absolute.clone(), true);
            }
        }
        for error in self.errors {
            if !report(Report::Failed(WatchError::Watching(error))) {
                return false;
            }
        }
        let changes = look(&self.paths, roots, library, options);
        if changes.is_empty() {
            return true;
        }
        let segments = crate::library::segments(&changes.articles);
        report(Report::Changed { changes, segments })
    }
}

/// Waits for a burst of events and returns it once quiet; `None` when stopped.
fn gather(rx: &Receiver<Note>) -> Option<Burst> {
    let mut burst = Burst::default();
    match rx.recv() {
        Ok(Note::Event(event)) => burst.note(event),
        Ok(Note::Stop) | Err(_) => return None,
    }
    let start = Instant::now();
    loop {
        let wait = QUIET.min(AT_MOST.saturating_sub(start.elapsed()));
        if wait.is_zero() {
            return Some(burst);
        }
        match rx.recv_timeout(wait) {
            Ok(Note::Event(event)) => burst.note(event),
            Ok(Note::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => return Some(burst),
        }
    }
}

fn skipped(path: &Path, reason: impl Into<String>) -> Problem {
    Problem {
        path: path.to_path_buf(),
        kind: ProblemKind::Skipped,
        reason: reason.into(),
    }
}

/// Looks at each touched path as it is now: files are read, folders that appeared
/// are walked, and what is no longer there (or no longer belongs) is gone.
fn look(
    touched: &BTreeMap<PathBuf, bool>,
    roots: &[Root],
    library: &[PathBuf],
    options: &LoadOptions,
) -> Changes {
    let follow = options.follow_outside_links;
    let mut changes = Changes::default();
    let mut files = BTreeSet::new();
    for (event_path, &structural) in touched {
        let Some((root, path)) = roots
            .iter()
            .find_map(|root| root.name(event_path).map(|path| (root, path)))
        else {
            continue;
        };
        match judge(&root.given, &path, library, follow) {
            Verdict::Ignored => continue,
            Verdict::Outside => {
                changes.problems.push(skipped(&path, OUTSIDE));
                changes.gone.push(path);
                continue;
            }
            Verdict::Belongs => {}
        }
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_file() => {
                files.insert(path);
            }
            Ok(meta) if meta.is_dir() => {
                if structural {
                    let mut found = Vec::new();
                    walk(&path, library, follow, &mut found, &mut changes.problems);
                    files.extend(found);
                    changes.gone.push(path);
                }
            }
            // Neither a file nor a folder: the walk would not take it.
            Ok(_) => changes.gone.push(path),
            Err(e) => {
                if path.is_symlink() {
                    changes
                        .problems
                        .push(skipped(&path, "broken symbolic link"));
                } else if e.kind() != std::io::ErrorKind::NotFound {
                    changes.problems.push(skipped(&path, io_reason(&e)));
                }
                changes.gone.push(path);
            }
        }
    }
    let files: Vec<PathBuf> = files.into_iter().collect();
    let results: Vec<_> = files
        .par_iter()
        .map(|path| guarded(path, || read_file(path, options.max_file_size)))
        .collect();
    for (path, result) in files.into_iter().zip(results) {
        changes.read.push(path);
        changes.articles.extend(result.articles);
        changes.problems.extend(result.problems);
    }
    changes
}
