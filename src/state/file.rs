//! `state.toml` on disk: the [`Store`] that loads it, moves damaged files aside,
//! and saves atomically under a lock, merging with what is on disk. A lock that does
//! not come in time stops all saving for the run.

use std::cell::Cell;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use super::format::{Contents, decode, encode};
use super::lock::{self, LOCK_NAME, LOCK_WAIT, Locker, Outcome};
use super::merge::merge;
use super::{Loaded, Saved, State, StateError};

pub const STATE_FILE: &str = "state.toml";

/// Owns the path of `state.toml` and loads and saves it.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
    path: PathBuf,
    /// Set when the file was written by a newer tidings: saving is refused.
    newer: Cell<Option<u32>>,
    lock_reported: Cell<bool>,
    locker: Locker,
    lock_wait: Duration,
    /// Set when taking the lock did not finish in time: saving is refused, as a save
    /// would hang the same way (or run without the lock another instance holds).
    stuck: Cell<bool>,
}

impl Store {
    /// The store for `state.toml` in `config_dir`. Touches nothing on disk.
    pub fn new(config_dir: &Path) -> Self {
        Store {
            dir: config_dir.to_path_buf(),
            path: config_dir.join(STATE_FILE),
            newer: Cell::new(None),
            lock_reported: Cell::new(false),
            locker: Locker::default(),
            lock_wait: LOCK_WAIT,
            stuck: Cell::new(false),
        }
    }

    /// The same store, taking its lock with `lock` and waiting at most `wait` for it
    /// (tests stand in for a hung file system with this).
    pub fn with_lock(
        mut self,
        lock: impl Fn(&File) -> io::Result<()> + Send + Sync + 'static,
        wait: Duration,
    ) -> Self {
        self.locker = Locker(Arc::new(lock));
        self.lock_wait = wait;
        self
    }

    /// The path of `state.toml`.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The version of the newer tidings that wrote the file, if so; saving is refused.
    pub fn newer_version(&self) -> Option<u32> {
        self.newer.get()
    }

    /// Reads the state. A missing or empty file gives an empty state. A file that
    /// cannot be parsed is moved aside (never overwritten) and an empty state is
    /// returned with a note saying so; if it cannot be moved, it is left alone and
    /// saving will fail.
    pub fn load(&self) -> Result<Loaded, StateError> {
        self.newer.set(None);
        let mut notes = Vec::new();
        let exists = fs::symlink_metadata(&self.path).is_ok();
        // Hold the lock so that a damaged file is not moved aside just as another
        // instance replaces it with a good one.
        let _lock = if exists { self.lock(&mut notes) } else { None };
        let real = resolve(&self.path)?;
        let state = match read(&real)? {
            Contents::Missing => State::default(),
            Contents::Empty => {
                notes.push(format!(
                    "{} is empty; starting with no bookmarks or read marks",
                    self.path.display()
                ));
                State::default()
            }
            Contents::Current(state) => state,
            Contents::Newer { version, state } => {
                self.newer.set(Some(version));
                let mut note = format!(
                    "{} was written by a newer tidings (version {version}); changes will not be saved",
                    self.path.display()
                );
                let state = state.unwrap_or_else(|e| {
                    note.push_str(&format!(
                        " and it could not be read: {}",
                        e.describe(&self.path)
                    ));
                    State::default()
                });
                notes.push(note);
                state
            }
            Contents::Corrupt(e) => {
                let what = e.describe(&self.path);
                match move_aside(&real) {
                    Ok(to) => notes.push(format!(
                        "{what}; moved it to {} and started with no bookmarks or read marks",
                        to.display()
                    )),
                    Err(source) => notes.push(format!(
                        "{what}; could not move it aside ({source}), so it will not be overwritten"
                    )),
                }
                State::default()
            }
        };
        Ok(Loaded { state, notes })
    }

    /// Saves `state`: under the lock, re-reads the file, merges it with `state`
    /// (rules at [`State`]) and atomically replaces the file with the merge, which is
    /// returned. Refuses if the file was written by a newer tidings.
    pub fn save(&self, state: &State) -> Result<Saved, StateError> {
        if let Some(version) = self.newer.get() {
            return Err(self.newer_error(version));
        }
        let unlocked = || StateError::Unlocked {
            path: self.path.clone(),
        };
        if self.stuck.get() {
            return Err(unlocked());
        }
        let mut notes = Vec::new();
        fs::create_dir_all(&self.dir)
            .map_err(|e| StateError::io("could not create directory", &self.dir, e))?;
        let lock = self.lock(&mut notes);
        if self.stuck.get() {
            return Err(unlocked());
        }
        let real = resolve(&self.path)?;
        let theirs = match read(&real)? {
            Contents::Missing | Contents::Empty => State::default(),
            Contents::Current(theirs) => theirs,
            Contents::Newer { version, .. } => {
                self.newer.set(Some(version));
                return Err(self.newer_error(version));
            }
            Contents::Corrupt(e) => {
                let parse_error = e.describe(&self.path);
                match move_aside(&real) {
                    Ok(to) => notes.push(format!("{parse_error}; moved it to {}", to.display())),
                    Err(source) => {
                        return Err(StateError::Unreadable {
                            path: self.path.clone(),
                            parse_error,
                            source,
                        });
                    }
                }
                State::default()
            }
        };
        let merged = merge(state, theirs, Utc::now());
        let text = encode(&merged).map_err(|e| StateError::Encode {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        if lock.is_some() {
            remove_stale_temps(&real);
        }
        write_atomic(&real, text.as_bytes())?;
        Ok(Saved {
            state: merged,
            notes,
        })
    }

    fn newer_error(&self, version: u32) -> StateError {
        StateError::Newer {
            path: self.path.clone(),
            version,
        }
    }

    /// Takes the exclusive lock on `state.lock`, released when the file is dropped.
    /// If that fails, says so once and carries on without it; if it does not finish in
    /// time, says so and marks the store stuck: nothing is saved from then on.
    fn lock(&self, notes: &mut Vec<String>) -> Option<File> {
        let path = self.dir.join(LOCK_NAME);
        match lock::take(&path, &self.locker, self.lock_wait) {
            Outcome::Held(file) => Some(file),
            Outcome::TimedOut => {
                self.stuck.set(true);
                notes.push(format!(
                    "could not lock {} within {} seconds (is its file system hung?); \
                     changes made now will not be saved",
                    path.display(),
                    self.lock_wait.as_secs_f64()
                ));
                None
            }
            Outcome::Failed(e) => {
                if !self.lock_reported.replace(true) {
                    notes.push(format!(
                        "could not lock {}: {e}; saving without a lock, so changes made \
                         by another running tidings at the same moment may be lost",
                        path.display()
                    ));
                }
                None
            }
        }
    }
}

fn read(path: &Path) -> Result<Contents, StateError> {
    match fs::read(path) {
        Ok(bytes) => Ok(decode(&bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Contents::Missing),
        Err(e) => Err(StateError::io("could not read", path, e)),
    }
}

/// Follows `path` through symlinks to the file to read and replace, which need not
/// exist yet (a dangling link is written through, so the link stays a link).
fn resolve(path: &Path) -> Result<PathBuf, StateError> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)
                    .map_err(|e| StateError::io("could not read link", &current, e))?;
                current = match current.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(StateError::io("could not inspect", &current, e)),
        }
    }
    let loop_error = io::Error::other("too many levels of symbolic links");
    Err(StateError::io("could not resolve", path, loop_error))
}

fn parent_dir(path: &Path) -> &Path {
    crate::atomic::parent_dir(path)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| STATE_FILE.into(), |n| n.to_string_lossy().into_owned())
}

/// Renames a damaged file to `<name>.corrupt-<UTC time>` next to it.
fn move_aside(path: &Path) -> io::Result<PathBuf> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let base = format!("{}.corrupt-{stamp}", file_name(path));
    for n in 0..100 {
        let name = if n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let to = parent_dir(path).join(name);
        if fs::symlink_metadata(&to).is_err() {
            fs::rename(path, &to)?;
            return Ok(to);
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "too many moved-aside copies",
    ))
}

fn temp_prefix(target: &Path) -> String {
    crate::atomic::temp_prefix(target)
}

/// Removes temp files left by a save that was interrupted. Only called under the
/// lock, when no other instance can be writing one.
fn remove_stale_temps(target: &Path) {
    let prefix = temp_prefix(target);
    let Ok(entries) = fs::read_dir(parent_dir(target)) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), StateError> {
    write_atomic_with(target, bytes, |from, to| fs::rename(from, to))
}

/// Writes `bytes` to a new temp file beside `target`, syncs it, renames it over
/// `target` with `rename` and syncs the directory (`crate::atomic`), keeping the old
/// file's permissions. On failure the temp file is removed and `target` is untouched.
fn write_atomic_with(
    target: &Path,
    bytes: &[u8],
    rename: impl FnOnce(&Path, &Path) -> io::Result<()>,
) -> Result<(), StateError> {
    let write = |file: &mut File| {
        if let Ok(meta) = fs::metadata(target) {
            // Keep the old file's permissions; not worth failing over.
            let _ = file.set_permissions(meta.permissions());
        }
        file.write_all(bytes)
    };
    crate::atomic::replace(target, write, rename)
        .map_err(|f| StateError::io(f.what, f.path, f.error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_rename_removes_the_temp_file_and_keeps_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join(STATE_FILE);
        fs::write(&target, "version = 1\n").unwrap();
        let err = write_atomic_with(&target, b"new", |_, _| {
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        })
        .unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("could not replace "), "{message}");
        assert!(message.contains(&target.display().to_string()), "{message}");
        assert_eq!(fs::read_to_string(&target).unwrap(), "version = 1\n");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "temp file left behind: {names:?}");
    }
}
