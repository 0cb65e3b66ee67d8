//! The built binary, with a temporary config folder per test: output, exit codes and
//! files on disk.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

pub fn tidings(config_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TIDINGS_CONFIG_DIR", config_dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the tidings binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn json_lines(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

fn by_title<'a>(records: &'a [Value], title: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["title"] == title)
        .unwrap_or_else(|| panic!("no article titled {title:?} in {records:#?}"))
}

#[test]
fn list_json_over_sample_articles_has_the_parsed_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(dir.path(), &["list", "--json", "sample-articles"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let records = json_lines(&out);
    let on_disk = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-articles"))
        .unwrap()
        .count();
    assert_eq!(records.len(), on_disk, "one article per sample file");
    for r in &records {
        for key in [
            "id",
            "path",
            "title",
            "date",
            "author",
            "source",
            "words",
            "tags",
            "bookmarked",
            "read",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
        assert!(r.get("body").is_none(), "no body without --body");
        assert_eq!(r["id"].as_str().unwrap().len(), 16);
    }

    let fdd = by_title(
        &records,
        "Russia Pursues Closer Ties With Iran, China, and North Korea",
    );
    assert_eq!(fdd["date"], "2023-10-22");
    assert_eq!(
        fdd["source"],
        "https://www.fdd.org/analysis/2023/10/22/russia-pursues-closer-ties-with-iran-china-and-north-korea/"
    );
    let ln = by_title(&records, "Russia and Iran Tight as Ever");
    assert_eq!(ln["author"], "Dave Patterson");
    let jp = records
        .iter()
        .find(|r| {
            r["path"]
                .as_str()
                .unwrap()
                .ends_with("jpost-blinken-russia-iran.txt")
        })
        .unwrap();
    assert_eq!(jp["date"], "2023-10-31");
    assert!(
        jp["title"]
            .as_str()
            .unwrap()
            .starts_with("Russian technological assistance to Iran")
    );

    // Newest first.
    let dates: Vec<&str> = records.iter().filter_map(|r| r["date"].as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[test]
fn list_body_is_plain_text_with_blank_lines_between_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(
        dir.path(),
        &[
            "list",
            "--json",
            "--body",
            "--query",
            "wagner",
            "sample-articles",
        ],
    );
    let records = json_lines(&out);
    assert_eq!(records.len(), 1);
    let body = records[0]["body"].as_str().unwrap();
    assert!(
        body.contains("\n\nThe Wagner Group Believed to Have Trained Hamas\n\n"),
        "{body}"
    );
    assert!(!body.contains("Latest Posts"));
    assert!(!body.contains("web analytics"));
}

#[test]
fn list_query_narrows_and_exit_code_says_whether_anything_matched() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(
        dir.path(),
        &["list", "--query", "blinken", "sample-articles"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("2023-10-31"));
    let out = tidings(
        dir.path(),
        &["list", "--query", "blinken zeppelin", "sample-articles"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_misspelt_field_is_an_error_and_a_time_or_a_url_is_a_word() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(
        dir.path(),
        &["list", "--query", "authr:brandt", "sample-articles"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown field 'authr:'"), "{err}");
    assert!(err.contains("did you mean 'author:'?"), "{err}");
    assert!(err.contains("  authr:brandt\n  ^"), "{err}");
    for query in ["10:30", "https://example.com"] {
        let out = tidings(dir.path(), &["list", "--query", query, "sample-articles"]);
        let code = out.status.code();
        assert!(matches!(code, Some(0 | 1)), "{query}: {}", stderr(&out));
    }
}

#[test]
fn no_path_lists_the_bundled_samples() {
    let dir = tempfile::tempdir().unwrap();
    let bundled = json_lines(&tidings(dir.path(), &["list", "--json"]));
    let on_disk = json_lines(&tidings(dir.path(), &["list", "--json", "sample-articles"]));
    let ids = |r: &[Value]| r.iter().map(|v| v["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&bundled), ids(&on_disk));
}

#[test]
fn library_paths_come_from_config_when_none_are_given() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir(&news).unwrap();
    std::fs::write(
        news.join("one.txt"),
        "Only Story Here\n\nA paragraph of text.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!("library = [{:?}]\n", news.to_string_lossy()),
    )
    .unwrap();
    let records = json_lines(&tidings(dir.path(), &["list", "--json"]));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["title"], "Only Story Here");
}

#[test]
fn a_bad_config_is_an_error_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "reading_width = 72\ncolour = \"red\"\n",
    )
    .unwrap();
    let out = tidings(dir.path(), &["list"]);
    assert_eq!(out.status.code(), Some(2));
    let expected = format!(
        "tidings: error parsing {}:2:1: unknown field 'colour'",
        dir.path().join("config.toml").display()
    );
    assert!(stderr(&out).starts_with(&expected), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn check_reports_skipped_files_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(lib.join("good.txt"), "A Good Title\n\nSome text.\n").unwrap();
    std::fs::write(lib.join("copy.txt"), "A Good Title\n\nSome text.\n").unwrap();
    std::fs::write(lib.join("image.png"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(lib.join("empty.txt"), "\n \n").unwrap();
    let out = tidings(dir.path(), &["check", lib.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("image.png: skipped: binary file (a PNG image)"),
        "{text}"
    );
    assert!(text.contains("empty.txt: skipped: empty file"), "{text}");
    assert!(
        text.contains("good.txt: duplicate: same content as"),
        "{text}"
    );
    assert!(
        text.ends_with("4 files, 1 articles, 2 skipped, 0 partly read, 1 duplicates\n"),
        "{text}"
    );

    let out = tidings(dir.path(), &["check", "sample-articles"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn show_prints_an_article_by_id_and_fails_clearly_on_unknown_ids() {
    let dir = tempfile::tempdir().unwrap();
    let records = json_lines(&tidings(
        dir.path(),
        &["list", "--json", "--query", "wagner", "sample-articles"],
    ));
    let id = records[0]["id"].as_str().unwrap();
    let out = tidings(dir.path(), &["show", id, "sample-articles"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("Russia and Iran Tight as Ever\n"),
        "{text}"
    );
    assert!(text.contains("By Dave Patterson"), "{text}");

    let out = tidings(dir.path(), &["show", "ffffffffffffffff", "sample-articles"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "tidings: no article with id or path 'ffffffffffffffff'\n"
    );
}

#[test]
fn escape_sequences_in_articles_never_reach_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(lib.join("evil.txt"), hostile_article()).unwrap();
    for args in [
        vec!["list"],
        vec!["list", "--body"],
        vec!["list", "--json", "--body"],
    ] {
        let mut args: Vec<&str> = args;
        args.push(lib.to_str().unwrap());
        let out = tidings(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0));
        assert_no_escapes(&stdout(&out));
    }
    let id = json_lines(&tidings(
        dir.path(),
        &["list", "--json", lib.to_str().unwrap()],
    ))[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let out = tidings(dir.path(), &["show", &id, lib.to_str().unwrap()]);
    assert_no_escapes(&stdout(&out));
    assert!(stdout(&out).contains("Pwned headline"));
}

/// An article whose title and body carry clear-screen, a window-title OSC and a C1 CSI.
pub fn hostile_article() -> Vec<u8> {
    let mut bytes = b"Pwned headline \x1b[2J\x1b]0;pwned\x07here\n\nBody with ".to_vec();
    bytes.extend_from_slice("\u{9b}31m red and \x1b[1;1H moved\u{202e} text.\n".as_bytes());
    bytes
}

pub fn assert_no_escapes(text: &str) {
    for c in text.chars() {
        let u = c as u32;
        assert!(
            !(u == 0x1b || (0x80..=0x9f).contains(&u) || u == 0x7 || u == 0x202e),
            "control character U+{u:04X} in output: {text:?}"
        );
    }
}

#[test]
fn version_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(dir.path(), &["--version"]);
    assert_eq!(
        stdout(&out),
        format!("tidings {}\n", env!("CARGO_PKG_VERSION"))
    );
    let out = tidings(dir.path(), &["--help"]);
    let help = stdout(&out);
    for word in ["list", "show", "bookmarks", "check", "--config-dir"] {
        assert!(help.contains(word), "{word} not in help:\n{help}");
    }
}

#[test]
fn the_reader_refuses_a_pipe_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(dir.path(), &["sample-articles"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("tidings: the reader needs a terminal"));
}

/// Each file in tests/fixtures/config holds one mistake and, on its first line, the
/// message tidings must give for it (`# expect: LINE:COL: MESSAGE...`).
#[test]
fn every_config_mistake_names_file_line_column_and_what_is_allowed() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config");
    let mut checked = 0;
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), &text).unwrap();
        let out = tidings(dir.path(), &["config", "check"]);
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        let wanted = format!(
            "tidings: error parsing {}:{expect}",
            dir.path().join("config.toml").display()
        );
        assert!(
            stderr(&out).starts_with(&wanted),
            "{}:\n  got  {}\n  want {wanted}",
            path.display(),
            stderr(&out)
        );
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} fixtures");
}

#[test]
fn config_check_prints_the_effective_config_and_config_path_says_where() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "reading_width = 66\n[keys]\nx = \"quit\"\n",
    )
    .unwrap();
    let out = tidings(dir.path(), &["config", "check"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("is valid; the effective config:"), "{text}");
    assert!(
        text.contains("reading_width = 66\n") && text.contains("\"x\" = \"quit\"\n"),
        "{text}"
    );
    let out = tidings(dir.path(), &["config", "path"]);
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "config file  {}",
            dir.path().join("config.toml").display()
        )),
        "{text}"
    );
    assert!(text.contains("state.toml  (not there yet)"), "{text}");
}

#[test]
fn bookmarks_export_as_markdown_and_html_and_import_back() {
    let dir = tempfile::tempdir().unwrap();
    let records = json_lines(&tidings(
        dir.path(),
        &["list", "--json", "--query", "wagner", "sample-articles"],
    ));
    let id = records[0]["id"].as_str().unwrap();
    let import = dir.path().join("in.json");
    std::fs::write(&import, format!("{{\"id\":\"{id}\",\"title\":\"x\",\"added\":\"2026-11-23T08:00:00Z\",\"note\":\"later\"}}\n")).unwrap();
    let out = tidings(
        dir.path(),
        &["bookmarks", "--import", import.to_str().unwrap()],
    );
    assert_eq!(
        stdout(&out),
        "imported 1 bookmarks (0 were already there)\n"
    );
    let md = stdout(&tidings(
        dir.path(),
        &["bookmarks", "--markdown", "sample-articles"],
    ));
    assert!(md.contains("- **Russia and Iran Tight as Ever**"), "{md}");
    assert!(md.contains("  > later"), "{md}");
    let html = stdout(&tidings(
        dir.path(),
        &["bookmarks", "--html", "sample-articles"],
    ));
    assert!(
        html.contains("<strong>Russia and Iran Tight as Ever</strong>"),
        "{html}"
    );
    let json = json_lines(&tidings(dir.path(), &["bookmarks", "--json"]));
    assert_eq!(json[0]["id"], id);
}

#[test]
fn config_dir_before_a_subcommand_is_taken() {
    let env_dir = tempfile::tempdir().unwrap();
    let flag_dir = tempfile::tempdir().unwrap();
    let flag = flag_dir.path().to_string_lossy().into_owned();
    for args in [
        vec!["--config-dir", flag.as_str(), "config", "path"],
        vec!["config", "path", "--config-dir", flag.as_str()],
    ] {
        let out = tidings(env_dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(
            text.starts_with(&format!("config dir   {flag}\n")),
            "{args:?}: {text}"
        );
    }
}

fn encoding_fixture(name: &str) -> String {
    format!("tests/fixtures/encoding/{name}")
}

/// The one article `list --json --body` reads from a fixture, and what `check` says.
fn read_fixture(name: &str) -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = encoding_fixture(name);
    let records = json_lines(&tidings(dir.path(), &["list", "--json", "--body", &path]));
    assert_eq!(records.len(), 1, "{name}: {records:#?}");
    let check = stdout(&tidings(dir.path(), &["check", &path]));
    (records[0].clone(), check)
}

#[test]
fn a_utf8_page_that_declares_another_charset_is_read_as_utf8() {
    for name in [
        "utf8_declared_latin1.html",
        "utf8_declared_windows1252.html",
        "utf8_declared_shift_jis.html",
    ] {
        let (article, check) = read_fixture(name);
        assert_eq!(article["title"], "Café prices", "{name}");
        let body = article["body"].as_str().unwrap_or_default();
        assert!(
            body.starts_with("The café charges £5 for a naïve latte — a bargain"),
            "{name}: {body}"
        );
        assert!(check.ends_with("0 partly read, 0 duplicates\n"), "{check}");
    }
}

#[test]
fn a_latin1_text_with_a_pound_sign_shows_the_pound_not_a_polish_l() {
    let (article, check) = read_fixture("latin1_one_pound.txt");
    assert_eq!(article["title"], "Market report");
    assert_eq!(article["body"], "Shares rose to £5 today.");
    assert!(
        check.contains("latin1_one_pound.txt: partly read: decoded as windows-1252 (guessed)"),
        "{check}"
    );
    let (article, _) = read_fixture("latin1_prices.txt");
    assert_eq!(article["title"], "Price list for the café");
    let body = article["body"].as_str().unwrap_or_default();
    assert!(
        body.starts_with("Price: £5 for a coffee, £3 for a croissant. The naïve façade"),
        "{body}"
    );
}

#[test]
fn a_single_byte_label_on_japanese_or_chinese_bytes_gives_way_to_the_bytes() {
    let (article, check) = read_fixture("sjis_declared_windows1252.html");
    assert_eq!(article["title"], "東京のニュース");
    let body = article["body"].as_str().unwrap_or_default();
    assert!(body.starts_with("今日の東京は晴れです。"), "{body}");
    assert!(
        check.contains(
            "sjis_declared_windows1252.html: partly read: decoded as Shift_JIS (guessed; the file declares windows-1252)"
        ),
        "{check}"
    );
    let (article, _) = read_fixture("gbk_declared_windows1252.html");
    assert_eq!(article["title"], "北京新闻");
    let body = article["body"].as_str().unwrap_or_default();
    assert!(body.starts_with("今天北京天气晴朗。"), "{body}");
}

#[test]
fn a_file_of_several_invalid_utf8_sequences_is_labelled_as_guessed() {
    let (article, check) = read_fixture("several_bad_bytes.txt");
    assert_eq!(article["title"], "Café notes");
    let body = article["body"].as_str().unwrap_or_default();
    assert!(
        body.starts_with("The naïve critic paid £5 for a crème brûlée."),
        "{body}"
    );
    assert!(
        check.contains("several_bad_bytes.txt: partly read: decoded as windows-1252 (guessed)\n"),
        "{check}"
    );
    assert!(
        check.ends_with("1 files, 1 articles, 0 skipped, 1 partly read, 0 duplicates\n"),
        "{check}"
    );
    // Partly read, like a file with one bad byte: `check` fails only for skipped files.
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(
        dir.path(),
        &["check", &encoding_fixture("several_bad_bytes.txt")],
    );
    assert_eq!(out.status.code(), Some(0));
}

/// Makes a named pipe at `path` with mkfifo(1).
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_missing_path_or_a_special_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/path");
    let missing = missing.to_str().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let fifo = fifo.to_str().unwrap();
    for (path, reason) in [
        (missing, "no such file or folder"),
        (fifo, "a fifo, not a file or folder"),
        ("/dev/null", "a character device, not a file or folder"),
    ] {
        for args in [
            vec!["list", path],
            vec!["list", "sample-articles", path],
            vec!["show", "ffffffffffffffff", path],
            vec!["bookmarks", path],
            vec!["check", path],
        ] {
            let out = tidings(dir.path(), &args);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
            assert_eq!(
                stderr(&out),
                format!("tidings: cannot read {path}: {reason}\n"),
                "{args:?}"
            );
            assert_eq!(stdout(&out), "", "{args:?}");
        }
    }
}

#[cfg(unix)]
#[test]
fn check_reports_a_fifo_inside_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(lib.join("good.txt"), "A Good Title\n\nSome text.\n").unwrap();
    mkfifo(&lib.join("pipe"));
    let out = tidings(dir.path(), &["check", lib.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(
        text.contains("pipe: skipped: not a regular file (a fifo)"),
        "{text}"
    );
    assert!(
        text.ends_with("1 articles, 1 skipped, 0 partly read, 0 duplicates\n"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1));
    // The rest of the library is read as ever.
    let out = tidings(dir.path(), &["list", lib.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("A Good Title"));
}

#[test]
fn show_of_a_file_reads_that_file_wherever_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let note = dir.path().join("note.md");
    std::fs::write(&note, "# A Note Outside\n\nWords that are in no library.\n").unwrap();
    let out = tidings(dir.path(), &["show", note.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("A Note Outside\n"), "{text}");
    assert!(text.contains("Words that are in no library."), "{text}");
    // Whatever library is given too.
    let out = tidings(
        dir.path(),
        &["show", note.to_str().unwrap(), "sample-articles"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("A Note Outside\n"));

    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "\n").unwrap();
    let out = tidings(dir.path(), &["show", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!("tidings: cannot show {}: empty file\n", empty.display())
    );
}

/// Marks that change nothing a reader sees: bidi marks and zero-width characters.
const INVISIBLE: [char; 5] = ['\u{061C}', '\u{200E}', '\u{200F}', '\u{200B}', '\u{2060}'];

#[test]
fn invisible_marks_never_reach_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(
        lib.join("marks.txt"),
        "Hidden\u{200B}Marks \u{200F}Title\u{061C}\n\nA body\u{2060} with\u{200E} marks.\n",
    )
    .unwrap();
    let lib = lib.to_str().unwrap();
    let id = json_lines(&tidings(dir.path(), &["list", "--json", lib]))[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let import = dir.path().join("in.json");
    std::fs::write(
        &import,
        format!("{{\"id\":\"{id}\",\"title\":\"x\",\"added\":\"2026-11-23T08:00:00Z\",\"note\":\"a\u{200B}note\u{200F}\"}}\n"),
    )
    .unwrap();
    let imported = tidings(
        dir.path(),
        &["bookmarks", "--import", import.to_str().unwrap()],
    );
    assert_eq!(imported.status.code(), Some(0), "{}", stderr(&imported));
    for args in [
        vec!["list", "--body", lib],
        vec!["list", "--json", "--body", lib],
        vec!["show", &id, lib],
        vec!["bookmarks", lib],
        vec!["bookmarks", "--json", lib],
        vec!["bookmarks", "--markdown", lib],
    ] {
        let out = tidings(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains("HiddenMarks Title"), "{args:?}: {text}");
        assert!(!text.contains(INVISIBLE), "{args:?}: {text:?}");
    }
}

#[test]
fn an_unknown_subcommand_says_so_and_lists_the_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(dir.path(), &["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "tidings: no such file or subcommand: 'frobnicate'\n  \
         subcommands: list, show, tags, bookmarks, highlights, save, check, config (see tidings --help)\n"
    );
    assert_eq!(stdout(&out), "");
}

#[cfg(unix)]
#[test]
fn a_state_lock_that_never_comes_is_given_up_with_a_message() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let import = dir.path().join("in.json");
    std::fs::write(
        &import,
        "{\"id\":\"00000000000000aa\",\"title\":\"x\",\"added\":\"2026-11-23T08:00:00Z\"}\n",
    )
    .unwrap();
    let first = tidings(
        dir.path(),
        &["bookmarks", "--import", import.to_str().unwrap()],
    );
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = std::fs::read(dir.path().join("state.toml")).unwrap();
    // Another holder of the lock that never lets go (a hung file system looks the same).
    let lock_path = dir.path().join("state.lock");
    let held = std::fs::File::options()
        .write(true)
        .open(&lock_path)
        .unwrap();
    held.lock().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["bookmarks", "--import", import.to_str().unwrap()])
        .env("TIDINGS_CONFIG_DIR", dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("tidings waited for the lock for good");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "tidings: could not lock {} within 5 seconds",
            lock_path.display()
        )),
        "{err}"
    );
    assert!(
        err.ends_with(&format!(
            "tidings: not saving {}: its lock could not be taken\n",
            dir.path().join("state.toml").display()
        )),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read(dir.path().join("state.toml")).unwrap(),
        before
    );
    drop(held);
}

/// A saved page with nothing but its title and navigation is kept (its title and
/// link are not lost) and reported by `check` as partly read.
#[test]
fn check_reports_a_saved_page_without_article_text() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(
        lib.join("nav-only.html"),
        "<!DOCTYPE html><html><head><title>Nothing here</title></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav></body></html>",
    )
    .unwrap();
    let out = tidings(dir.path(), &["check", lib.to_str().unwrap()]);
    let text = stdout(&out);
    assert!(
        text.contains("nav-only.html: partly read: no article text found in the page"),
        "{text}"
    );
    assert!(
        text.ends_with("1 files, 1 articles, 0 skipped, 1 partly read, 0 duplicates\n"),
        "{text}"
    );
    let out = tidings(dir.path(), &["list", lib.to_str().unwrap()]);
    assert!(stdout(&out).contains("Nothing here"), "{}", stdout(&out));
}
