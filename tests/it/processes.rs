//! Real processes against one state file: concurrent saves lose nothing, and a save
//! killed with SIGKILL leaves the old or the new state, never a broken file.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::cli::{json_lines, tidings};

fn import_file(dir: &Path, name: &str, ids: std::ops::Range<u64>) -> std::path::PathBuf {
    let lines: String = ids
        .map(|i| format!("{{\"id\":\"{i:016x}\",\"title\":\"Story {i} with a title long enough to make the file bigger\",\"added\":\"2026-11-23T08:00:00Z\",\"note\":\"note {i}\"}}\n"))
        .collect();
    let path = dir.join(name);
    std::fs::write(&path, lines).unwrap();
    path
}

fn spawn_import(config: &Path, file: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["bookmarks", "--import"])
        .arg(file)
        .env("TIDINGS_CONFIG_DIR", config)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn bookmark_count(config: &Path) -> usize {
    let out = tidings(config, &["bookmarks", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_lines(&out).len()
}

#[test]
fn two_processes_saving_at_once_keep_every_bookmark() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    for round in 0..10u64 {
        let a = import_file(dir.path(), "a.json", round * 100..round * 100 + 5);
        let b = import_file(dir.path(), "b.json", round * 100 + 50..round * 100 + 55);
        let (mut pa, mut pb) = (spawn_import(&config, &a), spawn_import(&config, &b));
        assert!(pa.wait().unwrap().success());
        assert!(pb.wait().unwrap().success());
    }
    assert_eq!(
        bookmark_count(&config),
        100,
        "nothing either process saved was lost"
    );
}

#[cfg(unix)]
#[test]
fn a_save_killed_midway_leaves_a_readable_state() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    let first = import_file(dir.path(), "first.json", 0..10);
    assert!(spawn_import(&config, &first).wait().unwrap().success());
    let big = import_file(dir.path(), "big.json", 1000..6000);
    let mut killed_while_saving = 0;
    for _ in 0..20 {
        let mut child = spawn_import(&config, &big);
        // Kill it the moment its temporary file appears, that is, in the middle of a save.
        loop {
            let saving = std::fs::read_dir(&config)
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains(".tmp"));
            if saving {
                let _ = child.kill();
                killed_while_saving += 1;
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::yield_now();
        }
        let _ = child.wait();
        let count = bookmark_count(&config);
        assert!(
            count == 10 || count == 5010,
            "old or new state, got {count} bookmarks"
        );
        let moved_aside = std::fs::read_dir(&config)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("corrupt"))
            .count();
        assert_eq!(moved_aside, 0, "the state file was never broken");
        // Start over from the old state, so the next kill lands in a save again.
        std::fs::remove_file(config.join("state.toml")).unwrap();
        assert!(spawn_import(&config, &first).wait().unwrap().success());
        let left = std::fs::read_dir(&config)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
            .count();
        assert_eq!(left, 0, "the next save cleared what the killed one left");
    }
    eprintln!("killed {killed_while_saving} of 20 imports while saving");
}
