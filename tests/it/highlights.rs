//! `tidings highlights` through the built binary: highlights kept in state.toml are
//! printed by article as Markdown or JSON Lines, an orphan is marked and kept, and
//! `--to DIR` writes a file per article without touching files it did not write.

use std::path::Path;
use std::process::Output;

use super::cli::{json_lines, tidings};

fn library(dir: &Path) {
    let lib = dir.join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    std::fs::write(
        lib.join("talks.md"),
        "---\ntitle: Talks resume in Vienna\ndate: 2024-03-01\nsource: https://news.example/talks\n\
         tags: [politics]\n---\n\nDiplomats met in Vienna on Monday.\n\n\
         The talks on the treaty resumed after a pause of two years.\n",
    )
    .unwrap();
    std::fs::write(
        lib.join("rain.md"),
        "---\ntitle: Rain all week\ndate: 2024-03-02\n---\n\nRain in Vienna all week long.\n",
    )
    .unwrap();
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let config = dir.join("config");
    std::fs::create_dir_all(&config).unwrap();
    let lib = dir.join("lib");
    let mut all: Vec<&str> = args.to_vec();
    all.push(lib.to_str().unwrap());
    tidings(&config, &all)
}

fn id_of(dir: &Path, title: &str) -> String {
    json_lines(&run(dir, &["list", "--json"]))
        .iter()
        .find(|r| r["title"] == title)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .unwrap()
}

/// Three highlights of "Talks" (one whose passage is not in it) and one of "Rain".
fn state(dir: &Path) {
    let (talks, rain) = (
        id_of(dir, "Talks resume in Vienna"),
        id_of(dir, "Rain all week"),
    );
    let text = format!(
        "version = 2\n\
         [highlights.{talks}.0000000000000001]\ncreated = 2026-11-20T10:00:00Z\n\
         title = \"Talks resume in Vienna\"\nquote = \"The talks on the treaty resumed\"\n\
         prefix = \"on Monday.\\n\\n\"\nsuffix = \" after a pause\"\nstart = 37\n\
         note = \"the news\"\n\
         [highlights.{talks}.0000000000000002]\ncreated = 2026-11-21T10:00:00Z\n\
         title = \"Talks resume in Vienna\"\nquote = \"Diplomats met in Vienna\"\n\
         [highlights.{talks}.0000000000000003]\ncreated = 2026-11-22T10:00:00Z\n\
         title = \"Talks resume in Vienna\"\nquote = \"a sentence since edited away\"\n\
         [highlights.{rain}.0000000000000004]\ncreated = 2026-11-19T10:00:00Z\n\
         title = \"Rain all week\"\nquote = \"all week long\"\n"
    );
    std::fs::write(dir.join("config/state.toml"), text).unwrap();
}

#[test]
fn highlights_print_as_json_lines_newest_first_with_the_orphan_marked() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    state(dir.path());
    let out = run(dir.path(), &["highlights", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    let seen: Vec<(String, String, bool)> = lines
        .iter()
        .map(|l| {
            (
                l["title"].as_str().unwrap().to_string(),
                l["quote"].as_str().unwrap().to_string(),
                l["orphaned"].as_bool().unwrap(),
            )
        })
        .collect();
    let expected = [
        (
            "Talks resume in Vienna",
            "a sentence since edited away",
            true,
        ),
        ("Talks resume in Vienna", "Diplomats met in Vienna", false),
        (
            "Talks resume in Vienna",
            "The talks on the treaty resumed",
            false,
        ),
        ("Rain all week", "all week long", false),
    ];
    let expected: Vec<(String, String, bool)> = expected
        .iter()
        .map(|(t, q, o)| (t.to_string(), q.to_string(), *o))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(lines[2]["note"], "the news");
    assert_eq!(lines[2]["source"], "https://news.example/talks");
    assert_eq!(lines[2]["created"], "2026-11-20T10:00:00Z");
}

#[test]
fn highlights_print_as_markdown_and_none_is_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let none = run(dir.path(), &["highlights"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty());
    state(dir.path());
    let out = run(dir.path(), &["highlights", "--markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let talks = text
        .find("## Talks resume in Vienna")
        .expect("a heading per article");
    let rain = text
        .find("## Rain all week")
        .expect("a heading per article");
    assert!(
        talks < rain,
        "the article with the newest highlight first\n{text}"
    );
    assert!(
        text.contains("> The talks on the treaty resumed\n"),
        "{text}"
    );
    assert!(text.contains("the news"), "{text}");
    assert!(text.contains("https://news.example/talks"), "{text}");
    assert!(text.contains("#politics"), "{text}");
    assert!(
        text.contains("(orphaned: the passage is no longer in the article)"),
        "{text}"
    );
}

#[test]
fn to_a_folder_writes_a_file_per_article_and_leaves_files_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    state(dir.path());
    let notes = dir.path().join("notes");
    let notes_arg = notes.to_str().unwrap().to_string();
    let out = run(dir.path(), &["highlights", "--to", &notes_arg]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("wrote 2 files to {notes_arg}\n")
    );
    let mut names: Vec<String> = std::fs::read_dir(&notes)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2);
    assert!(names.iter().all(|n| n.ends_with(".md")), "{names:?}");
    let rain = notes.join(names.iter().find(|n| n.starts_with("rain")).unwrap());
    let written = std::fs::read_to_string(&rain).unwrap();
    assert!(
        written.starts_with("---\n") && written.contains("tidings: highlights"),
        "{written}"
    );

    // Its own file is written again; one the person wrote is left as it is.
    std::fs::write(&rain, "my own notes\n").unwrap();
    let again = run(dir.path(), &["highlights", "--to", &notes_arg]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("tidings did not write it"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(std::fs::read_to_string(&rain).unwrap(), "my own notes\n");
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        format!("wrote 1 file to {notes_arg}\n")
    );
}
