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
