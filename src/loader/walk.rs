//! Walking the files and folders given: a stable order, hidden files skipped, symbolic
//! links followed only while they stay inside the library (the roots given), loops
//! detected, FIFOs, sockets and devices reported and never opened. Problems are
//! reported, never fatal. Reads directory entries only.

use std::path::{Path, PathBuf};

use super::{Problem, skipped};
pub(crate) use crate::loader::one_file::io_reason;

/// The canonical forms of the roots, to tell whether a link leads out of the library.
pub fn canonical_roots(roots: &[PathBuf]) -> Vec<PathBuf> {
    roots
        .iter()
        .filter_map(|r| std::fs::canonicalize(r).ok())
        .collect()
}

/// What a file that is neither a regular file nor a folder is ("a fifo", "a socket",
/// "a character device", "a block device"), or `None` for files and folders (and
/// symbolic links, which are looked through). Such files are never read: opening a
/// FIFO waits for a writer, a device may never end.
pub fn special_kind(file_type: &std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() || file_type.is_dir() || file_type.is_symlink() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a fifo");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_char_device() {
            return Some("a character device");
        }
        if file_type.is_block_device() {
            return Some("a block device");
        }
    }
    Some("an unknown kind of file")
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && name(entry).first() == Some(&b'.')
}

/// An entry's name, as the bytes after the last separator of its path (the walk
/// joins the name to its folder's path): what `file_name` gives, without parsing the
/// path's components, which costs more than the rest of the walk's sorting.
fn name(entry: &walkdir::DirEntry) -> &[u8] {
    let bytes = entry.path().as_os_str().as_encoded_bytes();
    match bytes
        .iter()
        .rposition(|&b| b.is_ascii() && std::path::is_separator(char::from(b)))
    {
        Some(at) if entry.depth() > 0 => &bytes[at + 1..],
        _ => entry.file_name().as_encoded_bytes(),
    }
}

/// What the walk's rules say of one path below a root, looked at on its own (a file
/// or folder that appeared or changed after the walk).
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The walk would have taken it.
    Belongs,
    /// Hidden, or not below `root`: the walk never looks there.
    Ignored,
    /// Reached through a symbolic link that leads out of the library.
    Outside,
}

/// Judges `path` by the walk's rules: hidden below `root` (a name starting with a
/// dot), or reached through a link leading out of `library` (canonical roots) unless
/// `follow_outside`.
pub fn judge(root: &Path, path: &Path, library: &[PathBuf], follow_outside: bool) -> Verdict {
    let Ok(below) = path.strip_prefix(root) else {
        return Verdict::Ignored;
    };
    let hidden = below.components().any(|c| {
        matches!(c, std::path::Component::Normal(name) if name.to_string_lossy().starts_with('.'))
    });
    if hidden {
        return Verdict::Ignored;
    }
    if !follow_outside
        && let Ok(target) = std::fs::canonicalize(path)
        && !library.iter().any(|r| target.starts_with(r))
    {
        return Verdict::Outside;
    }
    Verdict::Belongs
}

/// Why a path that [`judge`] found `Outside` is left out.
pub const OUTSIDE: &str =
    "symbolic link leads out of the library (not followed; see follow_outside_links)";

/// Collects the files below `root`. A symbolic link is followed when its target lies
/// inside one of `library` (canonical roots), or anywhere when `follow_outside`.
pub fn walk(
    root: &Path,
    library: &[PathBuf],
    follow_outside: bool,
    files: &mut Vec<PathBuf>,
    problems: &mut Vec<Problem>,
) {
    walk_each(
        root,
        library,
        follow_outside,
        &mut |path| files.push(path),
        problems,
    );
}

/// As [`walk`], handing each file over as it is found (so that reading can start
/// before the walk ends).
pub fn walk_each(
    root: &Path,
    library: &[PathBuf],
    follow_outside: bool,
    on_file: &mut dyn FnMut(PathBuf),
    problems: &mut Vec<Problem>,
) {
    let mut outside = Vec::new();
    {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            // By name, as `sort_by_file_name` sorts (`OsStr` compares these bytes).
            .sort_by(|a, b| name(a).cmp(name(b)))
            .into_iter()
            .filter_entry(|e| {
                if is_hidden(e) {
                    return false;
                }
                if e.path_is_symlink() && !follow_outside {
                    let inside = std::fs::canonicalize(e.path())
                        .map(|target| library.iter().any(|r| target.starts_with(r)))
                        .unwrap_or(true); // a broken link is reported by the walk itself
                    if !inside {
                        outside.push(e.path().to_path_buf());
                        return false;
                    }
                }
                true
            });
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => on_file(entry.into_path()),
                Ok(entry) => {
                    if let Some(kind) = special_kind(&entry.file_type()) {
                        let reason = format!("not a regular file ({kind})");
                        problems.push(skipped(entry.path(), reason));
                    }
                }
                Err(e) => {
                    let path = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.to_path_buf());
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop (not followed)".to_string()
                    } else if path.is_symlink() && !path.exists() {
                        "broken symbolic link".to_string()
                    } else {
                        e.io_error()
                            .map(io_reason)
                            .unwrap_or_else(|| e.to_string().to_lowercase())
                    };
                    problems.push(skipped(&path, reason));
                }
            }
        }
    }
    problems.extend(outside.into_iter().map(|p| skipped(&p, OUTSIDE)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{LoadOptions, Source, load};

    #[test]
    fn files_are_walked_in_the_order_of_their_names_as_walkdir_sorts_them() {
        let dir = tempfile::tempdir().unwrap();
        let names = ["a-b", "a", "a.b", "B", "é", "z", "a b", "_x", "0", "a~"];
        for name in names {
            std::fs::create_dir(dir.path().join(name)).unwrap();
            std::fs::write(dir.path().join(name).join("f.md"), "# T\n").unwrap();
            std::fs::write(dir.path().join(format!("{name}.md")), "# T\n").unwrap();
        }
        let root = dir.path().to_path_buf();
        let (mut files, mut problems) = (Vec::new(), Vec::new());
        walk(
            &root,
            &canonical_roots(std::slice::from_ref(&root)),
            false,
            &mut files,
            &mut problems,
        );
        let expected: Vec<PathBuf> = walkdir::WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        assert_eq!(files.len(), 20);
        assert_eq!(files, expected);
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
            &|event| {
                if let crate::library::LoadEvent::Batch { articles, .. } = event
                    && let Ok(mut t) = titles.lock()
                {
                    t.extend(articles.into_iter().map(|a| a.content.title));
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

    #[test]
    fn a_path_on_its_own_is_judged_as_the_walk_would() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("lib");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        let library = canonical_roots(std::slice::from_ref(&root));
        let judged = |p: &str| judge(&root, &root.join(p), &library, false);
        assert_eq!(judged("sub/a.txt"), Verdict::Belongs);
        assert_eq!(judged(".git/config"), Verdict::Ignored);
        assert_eq!(judged("sub/.a.txt.swp"), Verdict::Ignored);
        assert_eq!(
            judge(&root, dir.path(), &library, false),
            Verdict::Ignored,
            "not below the root"
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path(), root.join("out")).unwrap();
            assert_eq!(judged("out"), Verdict::Outside);
            assert_eq!(
                judge(&root, &root.join("out"), &library, true),
                Verdict::Belongs
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_the_library_are_followed_outside_ones_and_loops_reported() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(
            outside.path().join("secret.txt"),
            "Outside\n\nNot in the library.",
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let lib = dir.path().join("lib");
        std::fs::create_dir_all(lib.join("real")).unwrap();
        std::fs::write(lib.join("real/a.txt"), "Inside\n\nIn the library.").unwrap();
        symlink(lib.join("real"), lib.join("alias")).unwrap(); // inside: followed
        symlink(outside.path(), lib.join("escape")).unwrap(); // outside: not followed
        symlink(
            outside.path().join("secret.txt"),
            lib.join("secret-link.txt"),
        )
        .unwrap();
        symlink(&lib, lib.join("real/loop")).unwrap(); // a loop back to the root
        symlink(lib.join("gone"), lib.join("broken.txt")).unwrap();

        let roots = vec![lib.clone()];
        let (mut files, mut problems) = (Vec::new(), Vec::new());
        walk(
            &lib,
            &canonical_roots(&roots),
            false,
            &mut files,
            &mut problems,
        );
        let names: Vec<String> = files
            .iter()
            .map(|f| f.strip_prefix(&lib).unwrap().display().to_string())
            .collect();
        assert_eq!(names, vec!["alias/a.txt", "real/a.txt"]);
        let reasons: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        let has = |name: &str, reason: &str| {
            reasons
                .iter()
                .any(|r| r.contains(name) && r.contains(reason))
        };
        assert!(has("escape", "leads out of the library"), "{reasons:?}");
        assert!(
            has("secret-link.txt", "leads out of the library"),
            "{reasons:?}"
        );
        assert!(has("loop", "symbolic link loop"), "{reasons:?}");
        assert!(has("broken.txt", "broken symbolic link"), "{reasons:?}");

        let (mut files, mut problems) = (Vec::new(), Vec::new());
        walk(
            &lib,
            &canonical_roots(&roots),
            true,
            &mut files,
            &mut problems,
        );
        assert!(
            files.iter().any(|f| f.ends_with("escape/secret.txt")),
            "{files:?}"
        );
    }
}
