//! The real binary in a pseudo-terminal: what a person sees and what is left on disk.

use crate::cli::{json_lines, tidings};
use crate::pty::Pty;

#[test]
fn a_bookmark_made_in_the_reader_survives_a_second_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["sample-articles"], 100, 30);
    pty.wait_for("8/8 articles");
    pty.send("/wagner");
    pty.wait_for("1/");
    pty.send("\r");
    pty.send("b");
    pty.wait_for("Bookmarked “Russia and Iran Tight as Ever”");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    pty.wait_restored();

    let state =
        std::fs::read_to_string(dir.path().join("state.toml")).expect("state.toml was written");
    assert!(state.contains("Russia and Iran Tight as Ever"), "{state}");

    let records = json_lines(&tidings(dir.path(), &["list", "--json", "sample-articles"]));
    let marked: Vec<&str> = records
        .iter()
        .filter(|r| r["bookmarked"] == true)
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(marked, vec!["Russia and Iran Tight as Ever"]);

    let mut again = Pty::spawn(dir.path(), &["sample-articles"], 100, 30);
    let screen = again.wait_for("8/8 articles · 1 bookmarked");
    assert!(
        !screen.contains("/ wagner"),
        "a new start is unfiltered:\n{screen}"
    );
    assert!(screen.contains("★"), "{screen}");
    again.send("B");
    again.wait_for("bookmarks only");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);
}

#[test]
fn the_reader_writes_a_library_cache_that_the_command_line_agrees_with() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["sample-articles"], 100, 30);
    pty.wait_for("8/8 articles");
    let cache = dir.path().join("cache");
    let written = |_: &str| {
        std::fs::read_dir(&cache).is_ok_and(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".cache"))
        })
    };
    pty.wait_until("the cache file", written);
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);

    let cached = tidings(dir.path(), &["list", "--json", "sample-articles"]);
    let fresh = tidings(
        dir.path(),
        &["--no-cache", "list", "--json", "sample-articles"],
    );
    assert!(cached.status.success());
    assert_eq!(
        String::from_utf8_lossy(&cached.stdout),
        String::from_utf8_lossy(&fresh.stdout)
    );
    assert_eq!(json_lines(&cached).len(), 8);
    // Queries too, searched with the cache's index where the fresh load builds its own.
    for query in [
        "russia iran",
        "sort:title",
        "sort:-date -iran",
        "tag:travel | bridge",
    ] {
        let q = format!("--query={query}");
        let cached = tidings(dir.path(), &["list", "--json", &q, "sample-articles"]);
        let fresh = tidings(
            dir.path(),
            &["--no-cache", "list", "--json", &q, "sample-articles"],
        );
        assert_eq!(
            String::from_utf8_lossy(&cached.stdout),
            String::from_utf8_lossy(&fresh.stdout),
            "{query}"
        );
        assert_eq!(cached.status.code(), fresh.status.code(), "{query}");
    }

    let mut again = Pty::spawn(dir.path(), &["sample-articles"], 100, 30);
    again.wait_for("8/8 articles");
    again.send("/wagner");
    again.wait_for("1/8 articles");
    again.send("\r");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);
}

#[test]
fn without_the_cache_the_reader_writes_none() {
    for (config, args) in [
        ("", &["--no-cache", "sample-articles"][..]),
        ("cache = false\n", &["sample-articles"][..]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), config).unwrap();
        let mut pty = Pty::spawn(dir.path(), args, 100, 30);
        pty.wait_for("8/8 articles");
        // Long enough for a cache to have been written, were it on.
        std::thread::sleep(std::time::Duration::from_millis(300));
        pty.send("q");
        assert_eq!(pty.wait_exit(), 0);
        assert!(!dir.path().join("cache").exists(), "{config} {args:?}");
    }
}

#[test]
fn sigterm_and_sighup_save_restore_the_terminal_and_exit_128_plus_the_signal() {
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let dir = tempfile::tempdir().unwrap();
        let mut pty = Pty::spawn(dir.path(), &["sample-articles"], 80, 24);
        pty.wait_for("8/8 articles");
        pty.send("jb");
        pty.wait_for("Bookmarked");
        let status = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pty.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(pty.wait_exit(), code, "SIG{signal}");
        pty.wait_restored();
        let state = std::fs::read_to_string(dir.path().join("state.toml")).unwrap();
        assert!(state.contains("[bookmarks"), "SIG{signal}: {state}");
    }
}

/// Whether `seq` occurs in `raw`.
fn has(raw: &[u8], seq: &[u8]) -> bool {
    raw.windows(seq.len()).any(|w| w == seq)
}

const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

#[test]
fn ctrl_z_hands_the_terminal_back_and_the_reader_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["sample-articles"], 80, 24);
    pty.wait_for("8/8 articles");
    let before = pty.raw().len();
    pty.send("\x1a");
    // The terminal is restored (the alternate screen left, the mouse released). In a
    // shell the job now stops until `fg`; here, outside job control, it goes on at once
    // and takes the terminal again.
    pty.wait_restored();
    let after_resume = |raw: &[u8]| raw[before..].windows(8).any(|w| w == b"\x1b[?1049h");
    // The shell gets its cursor back before the reader takes the screen again.
    let raw = pty.raw();
    let left = before
        + raw[before..]
            .windows(8)
            .position(|w| w == b"\x1b[?1049l")
            .expect("the alternate screen is left");
    let back = raw[left..]
        .windows(8)
        .position(|w| w == b"\x1b[?1049h")
        .map_or(raw.len(), |at| left + at);
    assert!(
        has(&raw[before..back], SHOW_CURSOR),
        "no show-cursor on suspend: {:?}",
        String::from_utf8_lossy(&raw[before..back])
    );
    let start = std::time::Instant::now();
    while !after_resume(&pty.raw()) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "the reader did not come back"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Entering the alternate screen again blanks it: the whole screen must be drawn anew.
    let screen = pty.wait_for("8/8 articles");
    assert!(screen.contains("Articles"), "{screen}");
    pty.send("j");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn the_pager_gets_the_article_and_the_reader_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn_with_env(
        dir.path(),
        &["sample-articles"],
        80,
        24,
        &[("PAGER", "cat")],
    );
    pty.wait_for("8/8 articles");
    pty.send("/wagner\r");
    pty.wait_for("1/8 articles");
    let before = pty.raw().len();
    pty.send("e");
    // `cat` prints the article on the main screen, then the reader draws itself again.
    let start = std::time::Instant::now();
    while !String::from_utf8_lossy(&pty.raw())
        .contains("The Wagner Group Believed to Have Trained Hamas")
    {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "the pager never showed the article: {:?}",
            String::from_utf8_lossy(&pty.raw())
                .chars()
                .rev()
                .take(600)
                .collect::<String>()
                .chars()
                .rev()
                .collect::<String>()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The pager was given a visible cursor.
    let raw = pty.raw();
    let text = raw[before..]
        .windows(20)
        .position(|w| w == b"The Wagner Group Bel")
        .map_or(raw.len(), |at| before + at);
    assert!(
        has(&raw[before..text], SHOW_CURSOR),
        "no show-cursor before the pager: {:?}",
        String::from_utf8_lossy(&raw[before..text])
    );
    pty.wait_for("1/8 articles");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn the_cursor_is_shown_on_exit() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["sample-articles"], 80, 24);
    pty.wait_for("8/8 articles");
    let before = pty.raw().len();
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    pty.wait_restored();
    assert!(has(&pty.raw()[before..], SHOW_CURSOR));
}

#[test]
fn quitting_with_a_change_that_cannot_be_saved_says_so_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["sample-articles"], 80, 24);
    pty.wait_for("8/8 articles");
    // The state file cannot be written any more: a folder stands in its way.
    let state = dir.path().join("state.toml");
    std::fs::create_dir(&state).unwrap();
    pty.send("b");
    pty.wait_for("Bookmarked");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 2);
    pty.wait_restored();
    let start = std::time::Instant::now();
    let said = |raw: &str| raw.contains("tidings: your changes were not saved: could not read ");
    while !said(&String::from_utf8_lossy(&pty.raw())) {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            String::from_utf8_lossy(&pty.raw())
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The whole round a person makes: open an article, bookmark it, suspend and resume,
/// resize, quit; then the last screen and the state file are checked.
#[test]
fn open_bookmark_suspend_resume_resize_quit() {
    let dir = tempfile::tempdir().unwrap();
    let mut pty = Pty::spawn(dir.path(), &["sample-articles"], 120, 40);
    pty.wait_for("8/8 articles");
    // The second article, opened in the reader; then bookmarked from there.
    pty.send("j");
    pty.send("\r");
    pty.wait_for("A thousand backyard stations");
    pty.send("b");
    pty.wait_for("Bookmarked “What Ten Years of Bad Data");
    pty.send("\x1a");
    pty.wait_restored();
    // Back (outside job control it resumes at once), the article still open.
    pty.send("j");
    let resumed = pty.wait_for("A thousand backyard stations");
    assert!(resumed.contains("1 bookmarked"), "{resumed}");
    pty.resize(80, 24);
    // Stacked at 80 columns: the list above, the reader below, the status at the foot.
    let small = pty.wait_until("the reader under the list", |screen| {
        screen
            .lines()
            .any(|l| l.starts_with("╭ fieldnotesreview.example"))
    });
    let lines: Vec<&str> = small.lines().collect();
    assert!(lines.len() <= 24, "{small}");
    assert!(
        lines.last().is_some_and(|l| l.contains("1 bookmarked")),
        "{small}"
    );
    assert!(small.contains("╭ Articles"), "{small}");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    pty.wait_restored();

    let state = std::fs::read_to_string(dir.path().join("state.toml")).unwrap();
    assert!(
        state.contains("title = \"What Ten Years of Bad Data Taught a Volunteer Weather Network\""),
        "{state}"
    );
    assert!(
        state.contains("[positions]"),
        "the reading position is kept:\n{state}"
    );
}
/// Runs the reader on the samples with `config` and these variables, quits, and returns
/// everything it wrote to the terminal.
fn output_with(config: &str, env: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    // Nothing from the environment the tests run in says what the terminal can do.
    let mut vars = vec![
        ("COLORTERM", ""),
        ("TERM_PROGRAM", ""),
        ("WT_SESSION", ""),
        ("VTE_VERSION", ""),
        ("FORCE_HYPERLINK", ""),
        ("TMUX", ""),
    ];
    vars.extend_from_slice(env);
    let mut pty = Pty::spawn_with_env(dir.path(), &["sample-articles"], 80, 24, &vars);
    pty.wait_for("8/8 articles");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    String::from_utf8_lossy(&pty.raw()).into_owned()
}

/// Whether `raw` sets a colour with this SGR parameter (`38;5;208` and the like),
/// whole, not as the start of a longer number.
fn sets(raw: &str, sgr: &str) -> bool {
    raw.match_indices(sgr)
        .any(|(i, _)| matches!(raw.as_bytes().get(i + sgr.len()), Some(b'm' | b';')))
}

#[test]
fn theme_colours_are_written_at_the_depth_the_terminal_shows() {
    // An orange accent; the other colours that would be yellow made green.
    let theme = "[theme]\naccent = \"#ff8700\"\nheading = \"green\"\nbookmark = \"green\"\n";
    let raw = output_with(&format!("color = \"truecolor\"\n{theme}"), &[]);
    assert!(sets(&raw, "38;2;255;135;0"), "{raw:?}");
    let raw = output_with(&format!("color = \"256\"\n{theme}"), &[]);
    assert!(sets(&raw, "38;5;208") && !raw.contains("38;2;"), "{raw:?}");
    // The nearest of the 16 to orange is yellow (crossterm writes it as 38;5;3).
    let raw = output_with(&format!("color = \"16\"\n{theme}"), &[]);
    assert!(sets(&raw, "38;5;3") && !sets(&raw, "38;5;208"), "{raw:?}");
    assert!(!raw.contains("38;2;"), "{raw:?}");
    // Auto: xterm-256color says 256; NO_COLOR says none, unless the config names a depth.
    let raw = output_with(theme, &[]);
    assert!(sets(&raw, "38;5;208"), "{raw:?}");
    let raw = output_with(theme, &[("NO_COLOR", "1")]);
    assert!(!raw.contains("38;5;") && !raw.contains("38;2;"), "{raw:?}");
    assert!(!raw.contains("48;5;") && !raw.contains("48;2;"), "{raw:?}");
    let raw = output_with(&format!("color = \"256\"\n{theme}"), &[("NO_COLOR", "1")]);
    assert!(sets(&raw, "38;5;208"), "{raw:?}");
}

/// Opens the FDD sample in the reader with `config` and returns the screen as a
/// terminal shows it and everything written to the terminal.
fn fdd_article_with(config: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    let mut pty = Pty::spawn(dir.path(), &["sample-articles"], 120, 30);
    pty.wait_for("8/8 articles");
    pty.send("/fdd");
    pty.wait_for("1/8 articles");
    pty.send("\r\r");
    // The last row of the reader is drawn last: the frame is all there.
    let screen = pty.wait_for("too convenient of a distraction");
    assert!(screen.contains("north-korea/"), "{screen}");
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
    (screen, String::from_utf8_lossy(&pty.raw()).into_owned())
}

#[test]
fn the_terminal_gets_osc8_links_that_change_nothing_it_shows() {
    let url = "https://www.fdd.org/analysis/2023/10/22/russia-pursues-closer-ties-with-iran-china-and-north-korea/";
    let (linked, raw) = fdd_article_with("hyperlinks = \"always\"\n");
    assert!(raw.contains("\x1b]8;id="), "{raw:?}");
    assert!(
        raw.contains(&format!(";{url}\x1b\\h\x1b]8;;\x1b\\")),
        "the URL's first cell, linked: {raw:?}"
    );
    let (plain, raw) = fdd_article_with("hyperlinks = \"never\"\n");
    assert!(!raw.contains("\x1b]8;"), "{raw:?}");
    // (Rows are compared without trailing blanks: the status line's depend on what it
    // showed while loading.)
    let rows = |screen: &str| -> Vec<String> {
        screen.lines().map(|l| l.trim_end().to_string()).collect()
    };
    assert_eq!(
        rows(&linked),
        rows(&plain),
        "the links take no room on screen"
    );
}

#[test]
fn every_frame_is_written_whole_as_a_synchronized_update() {
    let (_, raw) = fdd_article_with("hyperlinks = \"always\"\n");
    let (begin, end) = ("\x1b[?2026h", "\x1b[?2026l");
    assert!(raw.contains(begin), "{raw:?}");
    // All drawing (moves to a row, links) is inside a begin/end pair.
    let mut inside = false;
    let mut at = 0;
    while at < raw.len() {
        let rest = &raw[at..];
        if rest.starts_with(begin) {
            assert!(!inside, "nested begin at {at}");
            inside = true;
            at += begin.len();
        } else if rest.starts_with(end) {
            assert!(inside, "end without begin at {at}");
            inside = false;
            at += end.len();
        } else {
            if rest.starts_with("\x1b]8;") || rest.starts_with("\x1b[2;1H") {
                assert!(inside, "drawn outside an update at {at}: {:?}", &raw[at..]);
            }
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    assert!(!inside, "the last update is ended");
}

#[cfg(unix)]
#[test]
fn a_fifo_given_to_the_reader_is_a_visible_problem() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    crate::cli::mkfifo(&fifo);
    let mut pty = Pty::spawn(
        dir.path(),
        &["sample-articles", fifo.to_str().unwrap()],
        200,
        24,
    );
    let screen = pty.wait_for("not a regular file (a fifo)");
    assert!(
        screen.contains("pipe: skipped: not a regular file (a fifo)"),
        "{screen}"
    );
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}

#[test]
fn two_readers_tag_and_highlight_at_once_and_a_third_start_has_it_all() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(
        lib.join("a.md"),
        "---\ntitle: Alpha story\ndate: 2024-03-02\n---\n\n\
         Alpha opens the day. Then it goes on.\n",
    )
    .unwrap();
    std::fs::write(
        lib.join("b.md"),
        "---\ntitle: Beta story\ndate: 2024-03-01\n---\n\n\
         Beta comes second. It is quieter.\n",
    )
    .unwrap();
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    let lib_arg = lib.to_str().unwrap();
    let mut one = Pty::spawn(&config, &["--no-watch", lib_arg], 100, 30);
    let mut two = Pty::spawn(&config, &["--no-watch", lib_arg], 100, 30);
    one.wait_for("2/2 articles");
    two.wait_for("2/2 articles");

    // One tags and highlights Alpha (the newest, selected first), two does Beta.
    one.send("t");
    one.wait_for("tags:");
    one.send("later\r");
    one.wait_for("Tagged +later");
    one.send("\rm");
    one.wait_for("enter keeps");
    one.send("\r");
    one.wait_for("Highlighted");
    two.send("jt");
    two.wait_for("tags:");
    two.send("urgent\r");
    two.wait_for("Tagged +urgent");
    two.send("\rmw\r");
    two.wait_for("Highlighted");
    one.send("q");
    two.send("q");
    assert_eq!(one.wait_exit(), 0);
    assert_eq!(two.wait_exit(), 0);

    let records = json_lines(&tidings(&config, &["list", "--json", lib_arg]));
    let tags: Vec<String> = records.iter().map(|r| r["tags"].to_string()).collect();
    assert_eq!(tags, [r#"["later"]"#, r#"["urgent"]"#], "both kept");
    let out = tidings(&config, &["highlights", "--markdown", lib_arg]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("> Alpha opens the day.\n"), "{text}");
    assert!(
        text.contains("> Beta comes second. It is quieter.\n"),
        "{text}"
    );

    let mut three = Pty::spawn(&config, &["--no-watch", lib_arg], 100, 30);
    three.wait_for("2/2 articles");
    three.send("H");
    let screen = three.wait_for("Highlights: 2");
    assert!(screen.contains("Beta comes second"), "{screen}");
    // Esc closes the list (waited for, so the next key is not read as Alt-q).
    three.send("\x1b");
    three.wait_until("the list closed", |s| !s.contains("Highlights: 2"));
    three.send("q");
    assert_eq!(three.wait_exit(), 0);
}

#[test]
fn another_build_of_the_same_source_keeps_the_library_cache() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    for n in 0..3 {
        let text = format!("# Story {n}\n\nA paragraph of story {n}.\n");
        std::fs::write(lib.join(format!("{n}.md")), text).unwrap();
    }
    let config = dir.path().join("config");
    std::fs::create_dir(&config).unwrap();
    let lib_arg = lib.to_str().unwrap();
    let cache_bytes = || {
        let files: Vec<_> = std::fs::read_dir(config.join("cache"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "cache"))
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        std::fs::read(&files[0]).unwrap()
    };
    let mut first = Pty::spawn(&config, &["--no-watch", lib_arg], 100, 30);
    first.wait_for("3/3 articles");
    first.send("q");
    assert_eq!(first.wait_exit(), 0);
    let written = cache_bytes();

    // A copy of the binary: another file, another inode and time, the same source.
    let copy = dir.path().join("tidings-reinstalled");
    std::fs::copy(env!("CARGO_BIN_EXE_tidings"), &copy).unwrap();
    let mut again = Pty::spawn_program(&copy, &config, &["--no-watch", lib_arg], 100, 30, &[]);
    again.wait_for("3/3 articles");
    again.send("q");
    assert_eq!(again.wait_exit(), 0);
    // The header: magic, format and the key a build must match to use the cache. (The
    // rest is written anew here: files this young are read again, whatever their
    // stamp says.) Keyed by the executable's own time, as before, the copy's differed.
    assert_eq!(
        cache_bytes()[..20],
        written[..20],
        "the copy took the cache for its own"
    );
}
