//! Read-later exports and bookmark files, through the built binary: a folder with one
//! export of each service lists every saved entry with its tags, `check` names the
//! malformed rows, and the exported tags are found by `tag:`.

use std::collections::BTreeMap;

use crate::cli::{json_lines, tidings};

const EXPORTS: &str = "tests/fixtures/exports";

#[test]
fn every_exported_entry_is_listed_with_its_tags() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(dir.path(), &["list", "--json", EXPORTS]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records = json_lines(&out);
    let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
    for r in &records {
        let path = r["path"].as_str().unwrap_or_default();
        let name = path.rsplit('/').next().unwrap_or_default().to_string();
        *per_file.entry(name).or_default() += 1;
    }
    let want: BTreeMap<String, usize> = [
        ("bookmarks.html", 3),
        ("instapaper.csv", 4),
        ("metadata_0.json", 2),
        ("pocket.csv", 4),
        ("ril_export.html", 2),
        ("wallabag.json", 2),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(
        per_file, want,
        "the content and highlights of Omnivore are no articles"
    );
    let tags_of = |title: &str| {
        let r = records
            .iter()
            .find(|r| r["title"] == title)
            .unwrap_or_else(|| panic!("no {title:?} in {records:#?}"));
        r["tags"].clone()
    };
    assert_eq!(
        tags_of("Café culture, explained"),
        serde_json::json!(["food", "travel"])
    );
    assert_eq!(tags_of("桜の季節"), serde_json::json!(["japan"]));
    assert_eq!(tags_of("Soup for winter"), serde_json::json!(["Cooking"]));
    assert_eq!(
        tags_of("The lighthouse at Østby"),
        serde_json::json!(["sea", "History"])
    );
    assert_eq!(
        tags_of("Salt marshes and the birds that live there"),
        serde_json::json!(["birds", "Nature"])
    );
    assert_eq!(
        tags_of("Compilers & you"),
        serde_json::json!(["news/tech", "rust", "Compilers"])
    );
}

#[test]
fn check_names_the_malformed_rows() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(dir.path(), &["check", EXPORTS]);
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "pocket.csv: partly read: line 5: 3 fields where the header has 5; skipped",
        "instapaper.csv: partly read: line 6: a quote is never closed; skipped",
        "wallabag.json: partly read: entry 3: no url; skipped",
        "metadata_0.json: partly read: entry 3: no url; skipped",
        "bookmarks.html: partly read: bookmark 5: '::broken::' is not a URL; skipped",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert!(
        text.ends_with("8 files, 17 articles, 0 skipped, 7 partly read, 0 duplicates\n"),
        "{text}"
    );
}

#[test]
fn exported_tags_and_folders_are_found_by_tag() {
    let dir = tempfile::tempdir().unwrap();
    let titles = |query: &str| -> Vec<String> {
        let out = tidings(dir.path(), &["list", "--json", "--query", query, EXPORTS]);
        let mut titles: Vec<String> = json_lines(&out)
            .iter()
            .map(|r| r["title"].as_str().unwrap_or_default().to_string())
            .collect();
        titles.sort();
        titles
    };
    assert_eq!(
        titles("tag:sea"),
        vec![
            "Ferry timetables & fares",
            "The lighthouse at Østby",
            "Tide tables for beginners"
        ]
    );
    assert_eq!(titles("tag:news/tech"), vec!["Compilers & you"]);
    assert_eq!(titles("tag:cooking"), vec!["Soup for winter"]);
}

/// The titles `list --query q` prints over the exports.
fn titles(dir: &std::path::Path, q: &str) -> Vec<String> {
    let out = tidings(dir, &["list", "--json", "--query", q, EXPORTS]);
    let mut titles: Vec<String> = json_lines(&out)
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    titles.sort();
    titles
}

#[test]
fn starred_is_bookmarked_archived_is_read_and_exported_highlights_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        titles(dir.path(), "is:bookmarked"),
        ["Notes on knots", "Über die Gezeiten"]
    );
    assert_eq!(
        titles(dir.path(), "is:read"),
        [
            "An archived story",
            "Café culture, explained",
            "Salt marshes and the birds that live there",
            "The lighthouse at Østby",
            "桜の季節"
        ]
    );
    let out = tidings(dir.path(), &["highlights", "--json", EXPORTS]);
    let quotes: Vec<(String, bool)> = json_lines(&out)
        .iter()
        .map(|r| {
            (
                r["title"].as_str().unwrap().to_string(),
                r["orphaned"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(
        quotes.contains(&("The lighthouse at Østby".to_string(), false)),
        "a Wallabag annotation, found in its article: {quotes:?}"
    );
    assert!(
        quotes
            .iter()
            .any(|(t, o)| t == "Salt marshes and the birds that live there" && !o),
        "an Omnivore highlight, found in its article: {quotes:?}"
    );
}

#[test]
fn the_reader_takes_an_exports_marks_once_and_saves_them() {
    use tidings::action::Action;
    use tidings::app::{App, Effect, Msg};
    use tidings::config::Config;
    use tidings::library::LoadEvent;
    use tidings::state::State;
    let result = tidings::loader::read_file(
        std::path::Path::new("tests/fixtures/exports/instapaper.csv"),
        1 << 20,
    );
    let mut app = crate::app::Driver::new(App::new(&Config::default(), State::default(), false));
    app.update(Action::Resize(100, 30));
    let effects = app.update(Msg::Load(LoadEvent::Batch {
        articles: result.articles,
        files: 1,
    }));
    assert!(effects.contains(&Effect::SaveState), "{effects:?}");
    let bookmarked: Vec<String> = app
        .state
        .bookmarks()
        .values()
        .map(|b| b.title.clone())
        .collect();
    assert_eq!(bookmarked, ["Über die Gezeiten"], "its Starred folder");
}

#[test]
fn saved_links_not_fetched_are_marked_in_the_list_and_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = tidings(dir.path(), &["list", "--json", EXPORTS]);
    let records = json_lines(&out);
    let link_only = |title: &str| {
        records
            .iter()
            .find(|r| r["title"] == title)
            .map(|r| r["link_only"] == true)
            .unwrap()
    };
    assert!(link_only("Soup for winter"), "an Instapaper link");
    assert!(
        !link_only("The lighthouse at Østby"),
        "a Wallabag full text"
    );

    use tidings::app::App;
    use tidings::config::Config;
    use tidings::library::Source;
    use tidings::state::State;
    let app = App::new(&Config::default(), State::default(), false);
    let sources = [Source::Path(EXPORTS.into())];
    let r = crate::screen::run_with(app, &sources, 120, 40, vec![]);
    let screen = crate::screen::text(r.terminal.backend().buffer());
    let row = |title: &str| {
        screen
            .lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("{title} on screen\n{screen}"))
            .to_string()
    };
    assert!(
        row("Soup for winter").contains("•↗"),
        "{}",
        row("Soup for winter")
    );
    assert!(!row("The lighthouse at").contains('↗'));
}

/// A zip of `files` (name, bytes), deflated, as the services' downloads are.
fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write as _;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{EXPORTS}/{name}")).unwrap()
}

/// A folder of zips: Pocket's fixture in two parts, Omnivore's export under a top
/// folder, an office document and a zip cut short.
fn zipped_exports() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let pocket = String::from_utf8(fixture("pocket.csv")).unwrap();
    let lines: Vec<&str> = pocket.lines().collect();
    let part = |rows: &[&str]| format!("{}\n{}\n", lines[0], rows.join("\n")).into_bytes();
    let pocket = zip_of(&[
        ("part_000000.csv".into(), part(&lines[1..3])),
        ("part_000001.csv".into(), part(&lines[3..])),
    ]);
    std::fs::write(dir.path().join("pocket.zip"), &pocket).unwrap();
    let slug = "salt-marshes-18c0a1b2c3d";
    let omnivore = zip_of(&[
        (
            "omnivore-export/metadata_0.json".into(),
            fixture("omnivore/metadata_0.json"),
        ),
        (
            format!("omnivore-export/content/{slug}.html"),
            fixture(&format!("omnivore/content/{slug}.html")),
        ),
        (
            format!("omnivore-export/highlights/{slug}.md"),
            fixture(&format!("omnivore/highlights/{slug}.md")),
        ),
    ]);
    std::fs::write(dir.path().join("omnivore.zip"), omnivore).unwrap();
    let office = zip_of(&[
        ("[Content_Types].xml".into(), b"<Types/>".to_vec()),
        ("word/document.xml".into(), b"<w:document/>".to_vec()),
    ]);
    std::fs::write(dir.path().join("letter.docx"), office).unwrap();
    std::fs::write(dir.path().join("cut.zip"), &pocket[..pocket.len() / 2]).unwrap();
    dir
}

/// `(title, id, path's file name)` of what `list --json` prints.
fn listed(config: &std::path::Path, what: &std::path::Path) -> Vec<(String, String, String)> {
    let out = tidings(config, &["list", "--json", &what.to_string_lossy()]);
    let mut rows: Vec<_> = json_lines(&out)
        .iter()
        .map(|r| {
            let path = r["path"].as_str().unwrap();
            (
                r["title"].as_str().unwrap().to_string(),
                r["id"].as_str().unwrap().to_string(),
                path.rsplit('/').next().unwrap().to_string(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn zipped_exports_are_read_as_downloaded_with_the_ids_unpacking_gives() {
    let config = tempfile::tempdir().unwrap();
    let zips = zipped_exports();
    let rows = listed(config.path(), zips.path());
    let from = |file: &str| -> Vec<(String, String)> {
        (rows.iter())
            .filter(|r| r.2 == file)
            .map(|r| (r.0.clone(), r.1.clone()))
            .collect()
    };
    let unpacked = |what: &str| -> Vec<(String, String)> {
        listed(config.path(), std::path::Path::new(what))
            .into_iter()
            .map(|r| (r.0, r.1))
            .collect()
    };
    assert_eq!(
        from("pocket.zip"),
        unpacked("tests/fixtures/exports/pocket.csv")
    );
    assert_eq!(from("pocket.zip").len(), 4);
    assert_eq!(
        from("omnivore.zip"),
        unpacked("tests/fixtures/exports/omnivore")
    );
    assert_eq!(rows.len(), 6, "no article from the other zips: {rows:?}");

    let out = tidings(
        config.path(),
        &[
            "list",
            "--json",
            "--query",
            "tag:travel",
            &zips.path().to_string_lossy(),
        ],
    );
    let tagged = json_lines(&out);
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0]["tags"], serde_json::json!(["food", "travel"]));

    let out = tidings(
        config.path(),
        &["highlights", "--json", &zips.path().to_string_lossy()],
    );
    assert!(
        json_lines(&out).iter().any(|r| {
            r["title"] == "Salt marshes and the birds that live there" && r["orphaned"] == false
        }),
        "Omnivore's highlight, from highlights/ inside the zip"
    );
    let marsh = &rows
        .iter()
        .find(|r| r.0 == "Salt marshes and the birds that live there")
        .unwrap()
        .1;
    let show = |what: &str| {
        let out = tidings(config.path(), &["show", marsh, what]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let shown = show(&zips.path().to_string_lossy());
    assert!(shown.contains("Redshanks, curlews"), "{shown}");
    assert_eq!(
        shown,
        show("tests/fixtures/exports/omnivore"),
        "the full text, from content/ inside the zip"
    );
}

#[test]
fn check_names_zip_entries_and_lines_and_skips_other_zips() {
    let config = tempfile::tempdir().unwrap();
    let zips = zipped_exports();
    let out = tidings(config.path(), &["check", &zips.path().to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1), "something was skipped");
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "pocket.zip: partly read: part_000001.csv: line 3: 3 fields where the header has 5; skipped",
        "omnivore.zip: partly read: omnivore-export/metadata_0.json: entry 3: no url; skipped",
        "letter.docx: skipped: binary file (a ZIP archive or office document)",
        "cut.zip: skipped: cannot read the ZIP archive (invalid Zip archive",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert!(
        text.ends_with("4 files, 6 articles, 2 skipped, 3 partly read, 0 duplicates\n"),
        "{text}"
    );
}

#[test]
fn a_zip_too_large_unpacked_is_skipped_never_read_whole() {
    let config = tempfile::tempdir().unwrap();
    std::fs::write(
        config.path().join("config.toml"),
        "max_file_size = 100000\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut csv = b"title,url,time_added,tags,status\n".to_vec();
    while csv.len() < 1_000_000 {
        csv.extend_from_slice(b"Again,https://again.example/,1700000000,,unread\n");
    }
    let len = csv.len();
    let zip = zip_of(&[("part_000000.csv".into(), csv)]);
    assert!(zip.len() < 100_000, "small packed: {}", zip.len());
    std::fs::write(dir.path().join("bomb.zip"), zip).unwrap();
    let out = tidings(config.path(), &["check", &dir.path().to_string_lossy()]);
    let text = String::from_utf8_lossy(&out.stdout);
    let want = format!(
        "bomb.zip: skipped: too large unpacked (part_000000.csv holds {len} bytes; the limit is 100000 bytes in all, see max_file_size)"
    );
    assert!(text.contains(&want), "{text}");
    assert_eq!(out.status.code(), Some(1));
}
