//! The real watch on a temporary folder: files created, changed, renamed and deleted
//! reach a library as the reader would apply them, by the walk's rules; and the real
//! binary in a pseudo-terminal showing a file added while it runs. Waiting is for the
//! outcome, with a generous limit, never for a fixed time.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use tidings::library::Library;
use tidings::library::{LoadOptions, Source, load_library};
use tidings::report::Problem;
use tidings::watch::{Report, Watch, spawn};

use crate::pty::Pty;

const LIMIT: Duration = Duration::from_secs(10);

/// A library kept up to date from a real watch, as the runner keeps the reader's.
struct Mirror {
    library: Library,
    problems: Vec<Problem>,
    failures: Vec<String>,
    rx: Receiver<Report>,
    _watch: Watch,
}

impl Mirror {
    /// Watches `dir`, then loads it (as the reader does: the watch first).
    fn start(dir: &Path, options: &LoadOptions) -> Mirror {
        let (tx, rx) = channel();
        let watch = spawn(&[dir.to_path_buf()], options, move |report| {
            tx.send(report).is_ok()
        })
        .expect("the watch starts");
        let (library, report) = load_library(&[Source::Path(dir.to_path_buf())], options);
        Mirror {
            library,
            problems: report.problems,
            failures: Vec::new(),
            rx,
            _watch: watch,
        }
    }

    fn titles(&self) -> Vec<String> {
        let mut titles: Vec<String> = (0..self.library.articles().len())
            .filter_map(|i| self.library.get(i))
            .map(|a| a.title.clone())
            .collect();
        titles.sort();
        titles
    }

    /// Applies reports until the titles are `want`.
    fn wait_for(&mut self, want: &[&str]) {
        self.wait_until(&format!("{want:?}"), |m| m.titles() == want);
    }

    /// Applies reports until `done` holds.
    fn wait_until(&mut self, what: &str, done: impl Fn(&Mirror) -> bool) {
        let start = Instant::now();
        while !done(self) {
            let left = LIMIT.saturating_sub(start.elapsed());
            assert!(
                !left.is_zero(),
                "never saw {what}; the library holds {:?}; failures {:?}",
                self.titles(),
                self.failures
            );
            match self.rx.recv_timeout(left) {
                Ok(Report::Changed { changes, .. }) => {
                    let outdated = |p: &Path| {
                        changes.read.iter().any(|r| r == p)
                            || changes.gone.iter().any(|g| p.starts_with(g))
                    };
                    self.problems.retain(|p| !outdated(&p.path));
                    self.problems.extend(changes.problems);
                    let replaced =
                        self.library
                            .replace(&changes.gone, &changes.read, changes.articles);
                    self.problems.extend(replaced.added.duplicates);
                }
                Ok(Report::Failed(e)) => self.failures.push(e.to_string()),
                Err(_) => {}
            }
        }
    }

    fn has_problem(&self, name: &str, reason: &str) -> bool {
        self.problems
            .iter()
            .any(|p| p.path.ends_with(name) && p.reason.contains(reason))
    }
}

fn write(path: impl AsRef<Path>, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn files_created_changed_moved_and_deleted_reach_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    write(lib.join("a.txt"), "Alpha\n\nThe first story.\n");
    let mut mirror = Mirror::start(&lib, &LoadOptions::default());
    assert_eq!(mirror.titles(), ["Alpha"]);

    write(lib.join("b.md"), "# Beta\n\nThe second story.\n");
    mirror.wait_for(&["Alpha", "Beta"]);

    write(
        lib.join("a.txt"),
        "Alpha revised\n\nThe first story, again.\n",
    );
    mirror.wait_for(&["Alpha revised", "Beta"]);

    std::fs::remove_file(lib.join("b.md")).unwrap();
    mirror.wait_for(&["Alpha revised"]);

    // A folder made elsewhere and moved in, then renamed, then deleted.
    let outside = dir.path().join("staging");
    std::fs::create_dir_all(outside.join("deep")).unwrap();
    write(outside.join("deep/c.txt"), "Gamma\n\nIn a folder.\n");
    std::fs::rename(&outside, lib.join("folder")).unwrap();
    mirror.wait_for(&["Alpha revised", "Gamma"]);
    std::fs::rename(lib.join("folder"), lib.join("renamed")).unwrap();
    let moved = lib.join("renamed/deep/c.txt").to_string_lossy().to_string();
    mirror.wait_until("the article follows its folder", |m| {
        m.library.find(&moved).is_some()
    });
    assert_eq!(mirror.titles(), ["Alpha revised", "Gamma"]);
    std::fs::remove_dir_all(lib.join("renamed")).unwrap();
    mirror.wait_for(&["Alpha revised"]);

    // Saved the way editors do: a temporary file renamed over the old one.
    write(lib.join(".a.txt.tmp"), "Alpha third\n\nOnce more.\n");
    std::fs::rename(lib.join(".a.txt.tmp"), lib.join("a.txt")).unwrap();
    mirror.wait_for(&["Alpha third"]);
    assert!(mirror.failures.is_empty(), "{:?}", mirror.failures);
}

#[test]
fn the_walks_rules_hold_for_files_that_appear_later() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&lib).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    write(
        elsewhere.join("secret.txt"),
        "Secret\n\nNot in the library.\n",
    );
    let options = LoadOptions {
        max_file_size: 200,
        ..LoadOptions::default()
    };
    let mut mirror = Mirror::start(&lib, &options);
    assert!(mirror.titles().is_empty());

    write(lib.join(".hidden.txt"), "Hidden\n\nNever shown.\n");
    std::fs::create_dir(lib.join(".git")).unwrap();
    write(lib.join(".git/notes.txt"), "Git\n\nNever shown.\n");
    write(
        lib.join("big.txt"),
        &format!("Big\n\n{}\n", "word ".repeat(100)),
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(elsewhere.join("secret.txt"), lib.join("link.txt")).unwrap();
    write(lib.join("z.txt"), "Last\n\nWritten last.\n");
    mirror.wait_for(&["Last"]);
    assert!(
        mirror.has_problem("big.txt", "too large"),
        "{:?}",
        mirror.problems
    );
    #[cfg(unix)]
    assert!(
        mirror.has_problem("link.txt", "leads out of the library"),
        "{:?}",
        mirror.problems
    );

    // Cut to size, the big file is read; its problem goes.
    write(lib.join("big.txt"), "Big\n\nSmall now.\n");
    mirror.wait_for(&["Big", "Last"]);
    assert!(!mirror.has_problem("big.txt", "too large"));
}

#[test]
fn a_byte_identical_copy_takes_the_place_of_a_deleted_original() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path().join("a.txt"), "Twin\n\nSame bytes.\n");
    write(dir.path().join("b.txt"), "Twin\n\nSame bytes.\n");
    let mut mirror = Mirror::start(dir.path(), &LoadOptions::default());
    assert_eq!(mirror.titles(), ["Twin"]);
    std::fs::remove_file(dir.path().join("a.txt")).unwrap();
    write(
        dir.path().join("c.txt"),
        "Marker\n\nSeen after the removal.\n",
    );
    mirror.wait_for(&["Marker", "Twin"]);
    let live: Vec<PathBuf> = (0..mirror.library.articles().len())
        .filter_map(|i| mirror.library.get(i))
        .map(|a| a.path.clone())
        .collect();
    assert!(live.contains(&dir.path().join("b.txt")), "{live:?}");
}

/// Regression for notify 8, which reported every file opened and read (access events):
/// the loader's reads, a reader's, and the watch's own came back as changes of every
/// file. Only the one real change may be reported.
#[test]
fn files_opened_and_read_are_not_reported_as_changes() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..20 {
        write(
            dir.path().join(format!("{i:02}.txt")),
            &format!("Story {i}\n\nRead many times.\n"),
        );
    }
    let mirror = Mirror::start(dir.path(), &LoadOptions::default());
    assert_eq!(mirror.titles().len(), 20);
    for _ in 0..50 {
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let mut text = String::new();
            std::fs::File::open(entry.unwrap().path())
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            assert!(text.starts_with("Story"), "{text}");
        }
    }
    write(
        dir.path().join("new.txt"),
        "Fresh\n\nThe one real change.\n",
    );
    match mirror.rx.recv_timeout(LIMIT) {
        Ok(Report::Changed { changes, .. }) => {
            assert!(
                !changes.read.is_empty() && changes.read.iter().all(|p| p.ends_with("new.txt")),
                "files only read were reported: {:?}",
                changes.read
            );
            assert!(changes.gone.is_empty(), "{:?}", changes.gone);
        }
        Ok(Report::Failed(e)) => panic!("the watch failed: {e}"),
        Err(e) => panic!("the change was never reported: {e}"),
    }
}

#[test]
fn a_file_added_while_the_reader_runs_appears_on_screen() {
    let config = tempfile::tempdir().unwrap();
    let lib = tempfile::tempdir().unwrap();
    write(lib.path().join("a.txt"), "Harbour news\n\nBoats came in.\n");
    let lib_arg = lib.path().to_string_lossy().to_string();
    let mut pty = Pty::spawn(config.path(), &[&lib_arg], 100, 30);
    pty.wait_for("1/1 articles");
    write(
        lib.path().join("b.txt"),
        "Zeppelin sighted over the bay\n\nIt floated by at noon.\n",
    );
    let screen = pty.wait_for("Zeppelin sighted");
    assert!(screen.contains("Harbour news"), "{screen}");
    pty.wait_for("2/2 articles");
    pty.wait_for("1 added");
    std::fs::remove_file(lib.path().join("a.txt")).unwrap();
    pty.wait_for("1/1 articles");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}
