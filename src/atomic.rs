//! Replacing a file atomically, as the state file and the library cache both do: the
//! new content goes to a temporary file beside the target (named from
//! [`temp_prefix`]), which is synced, renamed over the target, and the folder synced.
//! A reader sees the old file or the new one, whole; a failure leaves the old one and
//! no temporary file. New files are the owner's only (0600).

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// What failed: `what` ("could not create", "could not write", "could not replace"),
/// and the file it failed on.
#[derive(Debug)]
pub struct Failure {
    pub what: &'static str,
    pub path: PathBuf,
    pub error: io::Error,
}

/// The start of the names of `target`'s temporary files: `.<name>.tmp-`, followed by
/// the process id and a count.
pub fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(".{name}.tmp-")
}

/// The folder `path` is in (`.` for a bare name).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Writes a new temporary file beside `target` with `write`, syncs it, puts it in
/// place with `rename` (from, to) and syncs the folder.
pub fn replace(
    target: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
    rename: impl FnOnce(&Path, &Path) -> io::Result<()>,
) -> Result<(), Failure> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = parent_dir(target);
    let prefix = temp_prefix(target);
    let failure = |what, path: &Path| {
        let path = path.to_path_buf();
        move |error| Failure { what, path, error }
    };
    let (temp, mut file) = loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!("{prefix}{}-{n}", std::process::id()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        // The owner's only, from the start: what is written may be private (notes,
        // what was read), and a caller that wants another mode sets it.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&temp) {
            Ok(file) => break (temp, file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(failure("could not create", &temp)(e)),
        }
    };
    let result = write(&mut file)
        .and_then(|()| file.sync_all())
        .map_err(failure("could not write", &temp))
        .and_then(|()| {
            drop(file);
            rename(&temp, target).map_err(failure("could not replace", target))
        });
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    // The new file is in place; syncing the folder makes the rename durable. Some
    // file systems cannot sync folders, and failing now would wrongly suggest the
    // write did not happen, so errors are ignored.
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_file_is_replaced_whole_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("data");
        std::fs::write(&target, "old").unwrap();
        replace(
            &target,
            |f| f.write_all(b"new"),
            |a, b| std::fs::rename(a, b),
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("data");
        std::fs::write(&target, "old").unwrap();
        let err = replace(
            &target,
            |f| {
                f.write_all(b"half")?;
                Err(io::Error::other("disk full"))
            },
            |a, b| std::fs::rename(a, b),
        )
        .unwrap_err();
        assert_eq!(err.what, "could not write");
        assert!(err.path.starts_with(dir.path()));
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
