//! The state store against real files: loading damaged and newer files, atomic and
//! symlink-preserving saves, and merging between instances.

use std::fs;
use std::path::{Path, PathBuf};
use std::thread;

use chrono::{DateTime, TimeZone, Utc};
use tidings::article::ArticleId;
use tidings::state::{STATE_VERSION, State, StateError, Store};

fn t(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
}

fn id(n: u64) -> ArticleId {
    ArticleId(0x0123_4567_89ab_0000 + n)
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn moved_aside(dir: &Path) -> Vec<PathBuf> {
    entries(dir)
        .into_iter()
        .filter(|n| n.starts_with("state.toml.corrupt-"))
        .map(|n| dir.join(n))
        .collect()
}

/// Loads a damaged file and checks it was moved aside intact, with a message naming
/// both paths and the position of the error; returns the message.
fn assert_moved_aside(contents: &[u8], line_col: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    fs::write(&path, contents).unwrap();
    let loaded = Store::new(dir.path()).load().unwrap();
    assert_eq!(loaded.state, State::default());
    assert!(!path.exists(), "damaged file left in place");
    let aside = moved_aside(dir.path());
    assert_eq!(aside.len(), 1);
    assert_eq!(fs::read(&aside[0]).unwrap(), contents);
    let name = aside[0].file_name().unwrap().to_string_lossy().into_owned();
    let stamp = name.trim_start_matches("state.toml.corrupt-");
    assert!(
        stamp.len() == 16 && stamp.ends_with('Z') && stamp.as_bytes()[8] == b'T',
        "{name}"
    );
    assert_eq!(loaded.notes.len(), 1, "{:?}", loaded.notes);
    let note = loaded.notes[0].clone();
    let prefix = format!("error parsing {}:{line_col}: ", path.display());
    assert!(note.starts_with(&prefix), "{note}");
    assert!(note.contains(&aside[0].display().to_string()), "{note}");
    note
}

#[test]
fn round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let mut state = State::default();
    assert!(state.toggle_bookmark(id(1), "Russia and Iran \"Tight\" as Ever", t(0)));
    assert!(state.set_bookmark_note(id(1), Some("follow up".into())));
    state.toggle_bookmark(id(2), "gone", t(1));
    state.toggle_bookmark(id(2), "gone", t(2));
    state.set_read(id(3), true, t(3));
    state.set_read(id(4), true, t(3));
    state.set_read(id(4), false, t(4));
    state.set_position(id(3), 42);
    state.selected = Some(id(3));
    state.last_filter = "tag:world".into();
    state.push_filter("tag:world");
    state.push_filter("iran");
    let saved = store.save(&state).unwrap();
    assert!(saved.notes.is_empty(), "{:?}", saved.notes);

    let text = fs::read_to_string(store.path()).unwrap();
    assert!(text.contains("version = 2\n"), "{text}");
    assert!(text.contains("[bookmarks.0123456789ab0001]"), "{text}");
    assert!(text.contains("added = 2027-01-15T08:00:00Z"), "{text}");
    assert!(
        text.contains("[unbookmarked]\n0123456789ab0002 = "),
        "{text}"
    );

    let loaded = Store::new(dir.path()).load().unwrap();
    assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
    assert_eq!(loaded.state, saved.state);
    let s = loaded.state;
    let bookmarks: Vec<_> = s
        .bookmarks()
        .iter()
        .map(|(id, b)| (*id, b.clone()))
        .collect();
    assert_eq!(bookmarks.len(), 1);
    assert_eq!(bookmarks[0].0, id(1));
    assert_eq!(bookmarks[0].1.title, "Russia and Iran \"Tight\" as Ever");
    assert_eq!(bookmarks[0].1.note.as_deref(), Some("follow up"));
    assert_eq!(bookmarks[0].1.added, t(0));
    assert!(!s.is_bookmarked(id(2)));
    assert!(s.is_read(id(3)) && !s.is_read(id(4)));
    assert_eq!(s.read_articles().collect::<Vec<_>>(), [id(3)]);
    assert_eq!(s.position(id(3)), 42);
    assert_eq!(s.selected, Some(id(3)));
    assert_eq!(s.last_filter, "tag:world");
    assert_eq!(s.filter_history(), ["tag:world", "iran"]);
}

#[test]
fn missing_file_is_empty_state() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = Store::new(&dir.path().join("not-yet")).load().unwrap();
    assert_eq!(loaded.state, State::default());
    assert!(loaded.notes.is_empty());
    // Saving creates the directory.
    let store = Store::new(&dir.path().join("not-yet"));
    store.save(&State::default()).unwrap();
    assert!(store.path().is_file());
}

#[test]
fn empty_file_is_empty_state_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("state.toml"), "\n  \n").unwrap();
    let loaded = Store::new(dir.path()).load().unwrap();
    assert_eq!(loaded.state, State::default());
    assert_eq!(loaded.notes.len(), 1);
    assert!(loaded.notes[0].contains("is empty"), "{:?}", loaded.notes);
}

#[test]
fn bad_toml_is_moved_aside() {
    let note = assert_moved_aside(b"version = 1\nselected = \n", "2:12");
    assert!(note.contains("started with no bookmarks"), "{note}");
}

#[test]
fn truncated_file_is_moved_aside() {
    let text = "version = 1\n[bookmarks.\"0123456789abcdef\"]\nadded = 2026-11-23T05:30:00Z\ntitle = \"Russia and Ir";
    assert_moved_aside(text.as_bytes(), "4:23");
}

#[test]
fn wrong_types_are_moved_aside() {
    let note = assert_moved_aside(
        b"version = 1\n\n[positions]\n0123456789abcdef = \"ten\"\n",
        "4:20",
    );
    assert!(note.contains("ten"), "{note}");
    assert_moved_aside(b"version = \"1\"\n", "1:11");
    assert_moved_aside(b"version = 1\n[read]\n0123456789abcdef = 7\n", "3:20");
}

#[test]
fn bad_article_id_is_a_parse_error_with_position() {
    let note = assert_moved_aside(b"version = 1\n[read]\nxyz = 2026-11-23T05:30:00Z\n", "3:1");
    assert!(
        note.contains("article id 'xyz' is not 16 hex digits"),
        "{note}"
    );
    assert_moved_aside(b"version = 1\nselected = \"nope\"\n", "2:12");
}

#[test]
fn invalid_utf8_is_moved_aside() {
    assert_moved_aside(b"version = 1\nlast_filter = \"\xff\"\n", "2:16");
}

#[test]
fn newer_version_is_read_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    let text = "version = 3\nshiny = true\n[bookmarks.0123456789abcdef]\nadded = 2026-11-23T05:30:00Z\ntitle = \"x\"\ncolour = \"red\"\n";
    fs::write(&path, text).unwrap();
    let store = Store::new(dir.path());
    let loaded = store.load().unwrap();
    assert!(loaded.state.is_bookmarked(ArticleId(0x0123456789abcdef)));
    assert_eq!(store.newer_version(), Some(3));
    assert!(
        loaded.notes[0].contains("newer tidings (version 3)"),
        "{:?}",
        loaded.notes
    );

    let mut state = loaded.state;
    state.toggle_bookmark(id(1), "new", t(0));
    let err = store.save(&state).unwrap_err();
    assert!(matches!(err, StateError::Newer { version: 3, .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "{} was written by a newer tidings (version 3); not overwriting it",
            path.display()
        )
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert_eq!(entries(dir.path()), ["state.lock", "state.toml"]);
}

#[test]
fn newer_version_that_cannot_be_read_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    let text = "version = 3\nbookmarks = [\"a list now\"]\n";
    fs::write(&path, text).unwrap();
    let store = Store::new(dir.path());
    let loaded = store.load().unwrap();
    assert_eq!(loaded.state, State::default());
    assert!(
        loaded.notes[0].contains("could not be read"),
        "{:?}",
        loaded.notes
    );
    assert!(store.save(&State::default()).is_err());
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert!(moved_aside(dir.path()).is_empty());
}

#[test]
fn newer_file_appearing_before_save_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let state = store.load().unwrap().state;
    fs::write(store.path(), "version = 3\n").unwrap();
    assert!(matches!(
        store.save(&state),
        Err(StateError::Newer { version: 3, .. })
    ));
    assert_eq!(fs::read_to_string(store.path()).unwrap(), "version = 3\n");
}

#[test]
fn file_damaged_while_running_is_moved_aside_on_save() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let mut state = store.load().unwrap().state;
    fs::write(store.path(), "garbage [").unwrap();
    state.toggle_bookmark(id(1), "x", t(0));
    let saved = store.save(&state).unwrap();
    assert!(
        saved.notes[0].starts_with("error parsing"),
        "{:?}",
        saved.notes
    );
    assert_eq!(fs::read(&moved_aside(dir.path())[0]).unwrap(), b"garbage [");
    assert!(
        Store::new(dir.path())
            .load()
            .unwrap()
            .state
            .is_bookmarked(id(1))
    );
}

/// Whether permissions stop this process from writing (not so for root).
fn permissions_apply(dir: &Path) -> bool {
    let probe = dir.join("probe");
    let writable = fs::write(&probe, "").is_ok();
    let _ = fs::remove_file(&probe);
    !writable
}

#[test]
fn read_only_directory_fails_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let mut state = State::default();
    state.toggle_bookmark(id(1), "old", t(0));
    store.save(&state).unwrap();
    let old = fs::read(store.path()).unwrap();

    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
    let enforced = permissions_apply(dir.path());
    state.toggle_bookmark(id(2), "new", t(1));
    let result = store.save(&state);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    // As root, permissions do not stop writes, so there is nothing to check here;
    // `unwritable_parent_fails_cleanly` covers failure for everyone.
    if enforced {
        let err = result.unwrap_err().to_string();
        assert!(err.starts_with("could not create "), "{err}");
        assert!(err.contains(&dir.path().display().to_string()), "{err}");
        assert!(err.contains("ermission denied"), "{err}");
        assert_eq!(fs::read(store.path()).unwrap(), old);
        assert_eq!(entries(dir.path()), ["state.lock", "state.toml"]);
    }
}

#[test]
fn unwritable_parent_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_dir = dir.path().join("config");
    fs::write(&not_a_dir, "a file").unwrap();
    let store = Store::new(&not_a_dir);
    let err = store.save(&State::default()).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains(&not_a_dir.display().to_string()),
        "{message}"
    );
    assert!(std::error::Error::source(&err).is_some());
    assert_eq!(fs::read_to_string(&not_a_dir).unwrap(), "a file");
    assert_eq!(entries(dir.path()), ["config"]);
}

#[test]
fn target_that_cannot_be_replaced_leaves_no_temp_file() {
    // A directory in the way of state.toml makes reading fail before any write.
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("state.toml")).unwrap();
    let store = Store::new(dir.path());
    let err = store.save(&State::default()).unwrap_err().to_string();
    assert!(err.starts_with("could not read "), "{err}");
    assert_eq!(entries(dir.path()), ["state.lock", "state.toml"]);
}

#[test]
fn symlinked_state_file_stays_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let dotfiles = dir.path().join("dotfiles");
    fs::create_dir_all(&config).unwrap();
    fs::create_dir_all(&dotfiles).unwrap();
    let real = dotfiles.join("tidings-state.toml");
    fs::write(&real, "version = 1\n").unwrap();
    let link = config.join("state.toml");
    std::os::unix::fs::symlink("../dotfiles/tidings-state.toml", &link).unwrap();

    let store = Store::new(&config);
    let mut state = store.load().unwrap().state;
    state.toggle_bookmark(id(1), "x", t(0));
    store.save(&state).unwrap();

    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_link(&link).unwrap(),
        Path::new("../dotfiles/tidings-state.toml")
    );
    assert!(
        fs::read_to_string(&real)
            .unwrap()
            .contains("0123456789ab0001")
    );
    assert_eq!(entries(&dotfiles), ["tidings-state.toml"]);
    assert!(
        Store::new(&config)
            .load()
            .unwrap()
            .state
            .is_bookmarked(id(1))
    );
}

#[test]
fn dangling_symlink_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("elsewhere.toml");
    std::os::unix::fs::symlink(&real, dir.path().join("state.toml")).unwrap();
    let store = Store::new(dir.path());
    store.save(&State::default()).unwrap();
    assert!(real.is_file());
    assert!(
        fs::symlink_metadata(store.path())
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn interrupted_save_leaves_old_file_intact() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let mut state = State::default();
    state.toggle_bookmark(id(1), "x", t(0));
    store.save(&state).unwrap();
    let old = fs::read(store.path()).unwrap();

    // A save that died after writing part of its temp file, before the rename.
    let temp = dir.path().join(".state.toml.tmp-99999-0");
    fs::write(&temp, &old[..old.len() / 2]).unwrap();

    assert_eq!(fs::read(store.path()).unwrap(), old);
    let loaded = Store::new(dir.path()).load().unwrap();
    assert!(loaded.notes.is_empty());
    assert!(loaded.state.is_bookmarked(id(1)));

    // The next save cleans the leftover up.
    store.save(&loaded.state).unwrap();
    assert_eq!(entries(dir.path()), ["state.lock", "state.toml"]);
}

#[test]
fn two_instances_keep_both_bookmarks() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (Store::new(dir.path()), Store::new(dir.path()));
    let mut state_a = a.load().unwrap().state;
    let mut state_b = b.load().unwrap().state;
    state_a.toggle_bookmark(id(1), "x", t(0));
    state_b.toggle_bookmark(id(2), "y", t(1));
    state_a.set_position(id(1), 5);
    state_b.set_position(id(2), 7);
    a.save(&state_a).unwrap();
    let merged = b.save(&state_b).unwrap().state;
    assert!(merged.is_bookmarked(id(1)) && merged.is_bookmarked(id(2)));
    assert_eq!((merged.position(id(1)), merged.position(id(2))), (5, 7));
    let loaded = Store::new(dir.path()).load().unwrap().state;
    assert_eq!(loaded, merged);
    // A adopts B's bookmark on its next save.
    assert!(a.save(&state_a).unwrap().state.is_bookmarked(id(2)));
}

#[test]
fn removal_is_not_undone_by_a_stale_copy() {
    let dir = tempfile::tempdir().unwrap();
    let setup = Store::new(dir.path());
    let mut base = State::default();
    base.toggle_bookmark(id(1), "x", t(0));
    base.set_read(id(2), true, t(0));
    setup.save(&base).unwrap();

    let (a, b) = (Store::new(dir.path()), Store::new(dir.path()));
    let mut state_a = a.load().unwrap().state;
    let mut state_b = b.load().unwrap().state;
    assert!(!state_a.toggle_bookmark(id(1), "x", t(10)));
    state_a.set_read(id(2), false, t(10));
    a.save(&state_a).unwrap();

    state_b.toggle_bookmark(id(3), "z", t(20));
    let merged = b.save(&state_b).unwrap().state;
    assert!(
        !merged.is_bookmarked(id(1)),
        "stale copy brought the bookmark back"
    );
    assert!(
        !merged.is_read(id(2)),
        "stale copy brought the read mark back"
    );
    assert!(merged.is_bookmarked(id(3)));
}

#[test]
fn concurrent_savers_lose_nothing() {
    const THREADS: u64 = 4;
    const TOGGLES: u64 = 50;
    let dir = tempfile::tempdir().unwrap();
    let handles: Vec<_> = (0..THREADS)
        .map(|thread| {
            let dir = dir.path().to_path_buf();
            thread::spawn(move || -> Result<(), StateError> {
                let store = Store::new(&dir);
                let mut state = store.load()?.state;
                for i in 0..TOGGLES {
                    let n = thread * 1000 + i;
                    state.toggle_bookmark(id(n), format!("article {n}"), Utc::now());
                    state.set_read(id(n), true, Utc::now());
                    state = store.save(&state)?.state;
                }
                Ok(())
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap().unwrap();
    }
    let state = Store::new(dir.path()).load().unwrap().state;
    for thread in 0..THREADS {
        for i in 0..TOGGLES {
            let n = thread * 1000 + i;
            assert!(state.is_bookmarked(id(n)), "bookmark {n} lost");
            assert!(state.is_read(id(n)), "read mark {n} lost");
        }
    }
    assert_eq!(state.bookmarks().len() as u64, THREADS * TOGGLES);
    assert_eq!(entries(dir.path()), ["state.lock", "state.toml"]);
}

#[test]
fn version_constant_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    store.save(&State::default()).unwrap();
    let text = fs::read_to_string(store.path()).unwrap();
    assert!(
        text.contains(&format!("version = {STATE_VERSION}\n")),
        "{text}"
    );
}

#[test]
fn the_layout_is_written_under_its_own_table_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let mut state = State::default();
    state.layout = tidings::state::Layout {
        split: Some(60),
        reading_width: Some(72),
        columns: Some("date,source".into()),
        group: Some("day".into()),
    };
    store.save(&state).unwrap();
    let text = fs::read_to_string(dir.path().join("state.toml")).unwrap();
    assert!(
        text.contains(
            "[layout]\nsplit = 60\nreading_width = 72\ncolumns = \"date,source\"\ngroup = \"day\"\n"
        ),
        "{text}"
    );
    assert_eq!(store.load().unwrap().state.layout, state.layout);
}

#[cfg(unix)]
#[test]
fn a_new_state_file_is_private_and_an_existing_one_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    let mut state = State::default();
    state.toggle_bookmark(id(1), "one", t(0));
    store.save(&state).unwrap();
    assert_eq!(mode(store.path()), 0o600, "the owner's only, as the cache");
    fs::set_permissions(store.path(), fs::Permissions::from_mode(0o640)).unwrap();
    state.toggle_bookmark(id(2), "two", t(1));
    store.save(&state).unwrap();
    assert_eq!(mode(store.path()), 0o640, "a mode the user chose is kept");
    assert!(store.load().unwrap().state.is_bookmarked(id(2)));
}

#[test]
fn a_lock_that_never_comes_is_given_up_and_nothing_is_saved() {
    use std::sync::{Arc, Mutex, mpsc};
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let mut state = State::default();
    state.toggle_bookmark(id(1), "one", t(0));
    Store::new(dir.path()).save(&state).unwrap();
    let before = fs::read(dir.path().join("state.toml")).unwrap();

    // A lock call that returns only when the test ends, as on a hung file system.
    let (release, hung) = mpsc::channel::<()>();
    let hung = Arc::new(Mutex::new(hung));
    let store = Store::new(dir.path()).with_lock(
        move |_| {
            if let Ok(hung) = hung.lock() {
                let _ = hung.recv();
            }
            Ok(())
        },
        Duration::from_millis(100),
    );
    let loaded = store.load().unwrap();
    assert!(loaded.state.is_bookmarked(id(1)), "the state is still read");
    let lock = dir.path().join("state.lock");
    assert_eq!(
        loaded.notes,
        [format!(
            "could not lock {} within 0.1 seconds (is its file system hung?); \
             changes made now will not be saved",
            lock.display()
        )]
    );
    let mut state = loaded.state;
    state.toggle_bookmark(id(2), "two", t(1));
    let err = store.save(&state).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "not saving {}: its lock could not be taken",
            store.path().display()
        )
    );
    assert_eq!(fs::read(store.path()).unwrap(), before);
    drop(release);
}
