//! `tidings save --from EXPORT` through the built binary, against a web server on
//! 127.0.0.1: a Pocket export's links saved with the export's tags and dates, a URL
//! already saved skipped, failures listed and the exit code, a second run picking up
//! where the first stopped, `save_jobs` changing nothing in what is written, and the
//! command line's and the config's errors.

use std::path::{Path, PathBuf};
use std::process::Output;

use tidings::loader::read_file;

use crate::cli::tidings;
use crate::save::{ARTICLE, SAVED_NAME, config, names, save, stdout};
use crate::web::{Answer, Server};

/// A page with a title, and a published date if given.
fn page(title: &str, date: Option<&str>) -> Answer {
    let meta = date
        .map(|d| format!(r#"<meta property="article:published_time" content="{d}T08:00:00Z">"#))
        .unwrap_or_default();
    Answer::html(
        "text/html; charset=utf-8",
        format!(
            "<!doctype html><html><head><title>{title}</title>{meta}</head><body><article>\
             <h1>{title}</h1>\
             <p>The quay was busy from first light, and by noon the whole town had come \
             down to the water to see what the fuss was about.</p>\
             <p>Nobody could remember a morning like it, said the harbour master, who has \
             worked there for thirty years and seen most things twice.</p>\
             </article></body></html>"
        ),
    )
}

fn server() -> Server {
    Server::start(vec![
        (
            "/article",
            Answer::html("text/html; charset=utf-8", ARTICLE),
        ),
        ("/quay", page("Quay Opens", Some("2024-03-01"))),
        (
            "/ferry",
            page("Ferry Timetable Changes", Some("2024-03-02")),
        ),
        ("/keeper", page("Lighthouse Keeper Retires", None)),
    ])
}

/// 2023-11-14T22:13:20Z, the time the undated page was saved to Pocket.
const ADDED: i64 = 1_700_000_000;

/// A Pocket CSV export of five links: three pages, one missing, and one already saved.
fn pocket_export(web: &Server, dir: &Path) -> PathBuf {
    let path = dir.join("pocket.csv");
    let rows = [
        ("Quay", "/quay", ADDED - 86_400, "harbour|news", "unread"),
        ("Missing", "/missing", ADDED - 3_600, "gone", "unread"),
        ("Harbour", "/article", ADDED - 60, "harbour", "archive"),
        ("Ferry", "/ferry", ADDED - 30, "", "unread"),
        ("Keeper", "/keeper", ADDED, "people|Long Reads", "unread"),
    ];
    let mut text = String::from("title,url,time_added,tags,status\n");
    for (title, path, added, tags, status) in rows {
        text.push_str(&format!(
            "{title},{},{added},{tags},{status}\n",
            web.url(path)
        ));
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn save_from(config: &Path, export: &Path, to: &Path) -> Output {
    let (export, to) = (export.display().to_string(), to.display().to_string());
    tidings(config, &["save", "--from", &export, "--to", &to])
}

/// The front matter's lines of a saved file.
fn front(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .skip(1)
        .take_while(|l| *l != "---")
        .map(str::to_string)
        .collect()
}

fn field<'a>(front: &'a [String], key: &str) -> &'a str {
    front
        .iter()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(": "))
        .unwrap_or_else(|| panic!("no {key} in {front:?}"))
}

const QUAY: &str = "2024-03-01-quay-opens.md";
const FERRY: &str = "2024-03-02-ferry-timetable-changes.md";
const KEEPER: &str = "2023-11-14-lighthouse-keeper-retires.md";

#[test]
fn an_exports_links_are_saved_with_its_tags_and_a_second_run_picks_up_where_it_stopped() {
    let web = server();
    let (config, to, exports) = (
        config(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let first = save(config.path(), to.path(), &[web.url("/article")]);
    assert_eq!(first.status.code(), Some(0), "{}", stdout(&first));
    let export = pocket_export(&web, exports.path());
    let before = std::fs::read(&export).unwrap();

    let out = save_from(config.path(), &export, to.path());
    let at = |name: &str| to.path().join(name).display().to_string();
    let url = |path: &str| web.url(path);
    assert_eq!(
        stdout(&out),
        format!(
            "saved {} → {}\n\
             failed: {}: 404 Not Found\n\
             already saved: {} ({})\n\
             saved {} → {}\n\
             saved {} → {}\n\
             3 saved, 1 already saved, 1 failed:\n  \
             {}: 404 Not Found\n",
            url("/quay"),
            at(QUAY),
            url("/missing"),
            url("/article"),
            at(SAVED_NAME),
            url("/ferry"),
            at(FERRY),
            url("/keeper"),
            at(KEEPER),
            url("/missing"),
        )
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(names(to.path()), [KEEPER, SAVED_NAME, QUAY, FERRY]);

    // The export's tags; the page's date, else the day it was saved to read later;
    // `saved` the time it was.
    let quay = front(&to.path().join(QUAY));
    assert_eq!(field(&quay, "tags"), r#"["harbour", "news"]"#);
    assert_eq!(field(&quay, "date"), "2024-03-01");
    let ferry = front(&to.path().join(FERRY));
    assert_eq!(field(&ferry, "tags"), "[]");
    let keeper = front(&to.path().join(KEEPER));
    assert_eq!(field(&keeper, "tags"), r#"["people", "Long Reads"]"#);
    assert_eq!(field(&keeper, "date"), "2023-11-14");
    let saved =
        chrono::DateTime::parse_from_rfc3339(field(&keeper, "saved").trim_matches('"')).unwrap();
    assert_eq!(saved.timestamp(), ADDED);
    let read = read_file(&to.path().join(KEEPER), 1 << 20);
    assert_eq!(read.articles[0].tags, ["people", "Long Reads"]);
    assert_eq!(
        read.articles[0].source.as_deref(),
        Some(url("/keeper").as_str())
    );
    // The page saved before is as it was: no tags added to it.
    assert_eq!(field(&front(&to.path().join(SAVED_NAME)), "tags"), "[]");
    assert_eq!(
        std::fs::read(&export).unwrap(),
        before,
        "the export is only read"
    );

    let texts: Vec<String> = names(to.path())
        .iter()
        .map(|n| std::fs::read_to_string(to.path().join(n)).unwrap())
        .collect();
    let again = save_from(config.path(), &export, to.path());
    assert_eq!(
        stdout(&again),
        format!(
            "already saved: {} ({})\n\
             failed: {}: 404 Not Found\n\
             already saved: {} ({})\n\
             already saved: {} ({})\n\
             already saved: {} ({})\n\
             0 saved, 4 already saved, 1 failed:\n  \
             {}: 404 Not Found\n",
            url("/quay"),
            at(QUAY),
            url("/missing"),
            url("/article"),
            at(SAVED_NAME),
            url("/ferry"),
            at(FERRY),
            url("/keeper"),
            at(KEEPER),
            url("/missing"),
        )
    );
    assert_eq!(again.status.code(), Some(1), "the 404 still fails");
    let texts_again: Vec<String> = names(to.path())
        .iter()
        .map(|n| std::fs::read_to_string(to.path().join(n)).unwrap())
        .collect();
    assert_eq!(texts_again, texts, "nothing written the second time");
}

#[test]
fn one_fetch_at_a_time_or_four_save_the_same_files() {
    let web = server();
    let exports = tempfile::tempdir().unwrap();
    let export = pocket_export(&web, exports.path());
    let mut folders = Vec::new();
    for jobs in [1, 4] {
        let config = config();
        std::fs::write(
            config.path().join("config.toml"),
            format!("save_timeout = 1\nsave_max_bytes = 16384\nsave_jobs = {jobs}\n"),
        )
        .unwrap();
        let to = tempfile::tempdir().unwrap();
        let out = save_from(config.path(), &export, to.path());
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        let files: Vec<(String, String)> = names(to.path())
            .into_iter()
            .map(|n| {
                let text = std::fs::read_to_string(to.path().join(&n)).unwrap();
                (n, text)
            })
            .collect();
        let lines: Vec<String> = stdout(&out)
            .replace(&to.path().display().to_string(), "DIR")
            .lines()
            .map(str::to_string)
            .collect();
        folders.push((files, lines));
    }
    assert_eq!(folders[0].0.len(), 4);
    assert_eq!(folders[0], folders[1]);
}

#[test]
fn a_bad_save_jobs_is_a_config_error_at_its_place() {
    let web = server();
    let (config, to, exports) = (
        config(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let export = pocket_export(&web, exports.path());
    let file = config.path().join("config.toml");
    std::fs::write(&file, "save_timeout = 1\nsave_jobs = 0\n").unwrap();
    let out = save_from(config.path(), &export, to.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "tidings: error parsing {}:2:13: save_jobs 0 must be a whole number from 1 to 64\n",
            file.display()
        )
    );
    assert!(names(to.path()).is_empty());
}

#[test]
fn urls_and_an_export_are_not_given_together_and_one_is_needed() {
    let (config, exports) = (config(), tempfile::tempdir().unwrap());
    let export = exports.path().join("pocket.csv").display().to_string();
    let both = tidings(
        config.path(),
        &["save", "https://example.com/a", "--from", &export],
    );
    assert_eq!(both.status.code(), Some(2));
    let err = String::from_utf8_lossy(&both.stderr);
    assert!(err.contains("cannot be used with"), "{err}");
    let neither = tidings(config.path(), &["save", "--to", "/tmp"]);
    assert_eq!(neither.status.code(), Some(2));
    let err = String::from_utf8_lossy(&neither.stderr);
    assert!(err.contains("required"), "{err}");
}

#[test]
fn an_export_with_no_links_or_none_at_all_is_an_error() {
    let (config, to, exports) = (
        config(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let notes = exports.path().join("notes.md");
    std::fs::write(&notes, "# Notes\n\nNothing to read later here.\n").unwrap();
    let out = save_from(config.path(), &notes, to.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "tidings: no links to save in {}: it holds no entry of a read-later or bookmarks \
             export saved without its text\n",
            notes.display()
        )
    );
    let missing = exports.path().join("missing.csv");
    let out = save_from(config.path(), &missing, to.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("tidings: cannot read {}: ", missing.display())),
        "{err}"
    );
    assert!(names(to.path()).is_empty());
}
