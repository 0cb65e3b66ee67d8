//! Taking `state.lock`, the exclusive lock a save holds, with a bounded wait: a lock
//! that never comes (a hung network file system, a holder that is stuck) is given up
//! and said to be, never waited for. Nothing of the state itself is read or written
//! here.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

pub const LOCK_NAME: &str = "state.lock";

/// How long the lock is waited for before it is given up.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

/// Takes the lock on the open lock file.
pub type LockFn = dyn Fn(&File) -> io::Result<()> + Send + Sync;

/// How the lock is taken: `File::lock`, or what a test passes.
#[derive(Clone)]
pub struct Locker(pub Arc<LockFn>);

impl Default for Locker {
    fn default() -> Self {
        Locker(Arc::new(File::lock))
    }
}

impl fmt::Debug for Locker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Locker")
    }
}

/// What came of trying to take the lock.
pub enum Outcome {
    /// The lock is held until the file is dropped.
    Held(File),
    Failed(io::Error),
    /// Nothing came within the wait.
    TimedOut,
}

/// Opens and locks `path` on a thread of its own, waiting at most `wait` for it. A
/// lock that comes after the wait is released at once by that thread.
pub fn take(path: &Path, locker: &Locker, wait: Duration) -> Outcome {
    let (tx, rx) = mpsc::channel();
    let (path, lock) = (path.to_path_buf(), locker.0.clone());
    let spawned = thread::Builder::new()
        .name("state lock".into())
        .spawn(move || {
            let locked = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .and_then(|file| lock(&file).map(|()| file));
            // When nobody waits any more, the file, and the lock with it, goes here.
            let _ = tx.send(locked);
        });
    if let Err(e) = spawned {
        return Outcome::Failed(e);
    }
    match rx.recv_timeout(wait) {
        Ok(Ok(file)) => Outcome::Held(file),
        Ok(Err(e)) => Outcome::Failed(e),
        Err(RecvTimeoutError::Timeout) => Outcome::TimedOut,
        Err(RecvTimeoutError::Disconnected) => {
            Outcome::Failed(io::Error::other("the thread taking the lock ended"))
        }
    }
}
