//! The export readers on the fixtures in `tests/fixtures/exports/`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::*;
use crate::article::testing::{body_text, paragraphs};
use crate::article::{Block, SavedHighlight};
use crate::loader::{Format, detect_format, parse_file, read_file};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exports")
}

fn fixture(name: &str) -> String {
    let path = fixtures().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> ParsedExport {
    let text = fixture(name);
    let kind = sniff(&text).unwrap_or_else(|| panic!("{name} is not recognised"));
    let path = fixtures().join(name);
    parse(kind, &text, &reader_beside(&path)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn titles(parsed: &ParsedExport) -> Vec<&str> {
    parsed.drafts.iter().map(|d| d.title.as_str()).collect()
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn saved(draft: &Draft) -> &crate::article::Saved {
    draft
        .saved
        .as_deref()
        .expect("an export's entry says how it was saved")
}

#[test]
fn each_export_is_recognised_by_its_content() {
    let kind = |name: &str| sniff(&fixture(name));
    assert_eq!(kind("pocket.csv"), Some(ExportKind::PocketCsv));
    assert_eq!(kind("ril_export.html"), Some(ExportKind::PocketHtml));
    assert_eq!(kind("instapaper.csv"), Some(ExportKind::Instapaper));
    assert_eq!(kind("wallabag.json"), Some(ExportKind::Wallabag));
    assert_eq!(kind("omnivore/metadata_0.json"), Some(ExportKind::Omnivore));
    assert_eq!(kind("bookmarks.html"), Some(ExportKind::Bookmarks));
    // Whatever the file is called.
    let detect = |name: &str, text: &str| detect_format(Path::new(name), b"", text);
    let pocket = fixture("pocket.csv");
    assert_eq!(
        detect("saved.txt", &pocket),
        Format::Export(ExportKind::PocketCsv)
    );
    let bookmarks = fixture("bookmarks.html");
    assert_eq!(
        detect("x", &bookmarks),
        Format::Export(ExportKind::Bookmarks)
    );
}

#[test]
fn plain_csv_pages_and_json_are_not_exports() {
    let not = |text: &str| assert_eq!(sniff(text), None, "{text}");
    not("name,url,price\nTea,https://tea.example,3\n");
    not("title,author\nA,B\n");
    not(
        "<!DOCTYPE html><html><head><title>A page</title></head><body><h1>Unread</h1><p>x</p></body></html>",
    );
    not("[1, 2, 3]");
    not("[{\"url\": \"https://x.example\", \"name\": \"x\"}]");
    not("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}");
    let page = "<!DOCTYPE html><html><body><p>Just a page.</p></body></html>";
    assert_eq!(detect_format(Path::new("a.html"), b"", page), Format::Html);
}

#[test]
fn a_header_let_go_unread_names_no_url_and_title_columns() {
    let headers = [
        "URL,Title,Selection,Folder,Timestamp",
        "url,title,time_added,tags,status",
        "\"url\",\"title\",\"time_added\",\"status\"",
        // A quote inside a name leaves its letters apart in the line.
        "\"ur\"l,\"ti\"tle,time_added,status",
        " Url , TITLE ,folder,timestamp",
        "title url",
        "A title, with a comma",
        "The url and title of a page, said the council",
        "url;title;folder;timestamp",
        "urltitle,x",
        "",
    ];
    for header in headers {
        let names = csv::header_names(header);
        let both = names.iter().any(|n| n == "url") && names.iter().any(|n| n == "title");
        assert!(may_be_export_header(header) || !both, "{header:?}");
    }
    assert!(!may_be_export_header("A title, with a comma"));
    assert!(!may_be_export_header("title url"));
    assert_eq!(
        sniff("\"ur\"l,\"ti\"tle,folder,timestamp\nhttps://a.example,A,,1\n"),
        Some(ExportKind::Instapaper)
    );
}

#[test]
fn pocket_csv() {
    let parsed = read("pocket.csv");
    assert_eq!(
        titles(&parsed),
        vec![
            "Tide tables for beginners",
            "Café culture, explained",
            "blog.example.net/untitled/post",
            "Lighthouse keepers' logs",
        ]
    );
    let first = &parsed.drafts[0];
    assert_eq!(
        first.source.as_deref(),
        Some("https://harbour.example/tides")
    );
    assert_eq!(first.date, date("2023-11-14"));
    assert_eq!(first.tags, vec!["sea", "Howto"]);
    assert!(first.link_only);
    assert!(!saved(first).archived && !saved(first).starred);
    assert_eq!(
        paragraphs(first),
        vec!["Saved from https://harbour.example/tides on 2023-11-14; not fetched yet."]
    );
    let cafe = &parsed.drafts[1];
    assert_eq!(cafe.tags, vec!["food", "travel"]);
    assert!(saved(cafe).archived);
    assert_eq!(parsed.drafts[3].date, None);
    assert_eq!(
        parsed.warnings,
        vec![
            "line 5: 3 fields where the header has 5; skipped",
            "line 6: time_added 'not-a-time' is not a unix time; kept without it",
        ]
    );
}

#[test]
fn pocket_html() {
    let parsed = read("ril_export.html");
    assert_eq!(
        titles(&parsed),
        vec!["Ferry timetables & fares", "桜の季節"]
    );
    assert_eq!(parsed.drafts[0].tags, vec!["sea", "transport"]);
    assert!(!saved(&parsed.drafts[0]).archived);
    assert!(saved(&parsed.drafts[1]).archived);
    assert_eq!(parsed.drafts[1].date, date("2017-07-14"));
    assert_eq!(
        parsed.warnings,
        vec!["link 2: 'not a url' is not a URL; skipped"]
    );
}

#[test]
fn instapaper_csv() {
    let parsed = read("instapaper.csv");
    assert_eq!(
        titles(&parsed),
        vec![
            "How rivers find the sea",
            "Über die Gezeiten",
            "An archived story",
            "Soup for winter",
        ]
    );
    let rivers = &parsed.drafts[0];
    assert_eq!(
        rivers.body.first(),
        Some(&Block::Quote("Water always finds a way, they say.".into()))
    );
    assert!(rivers.tags.is_empty());
    assert!(saved(&parsed.drafts[1]).starred);
    assert!(saved(&parsed.drafts[2]).archived);
    assert_eq!(parsed.drafts[3].tags, vec!["Cooking"]);
    assert_eq!(parsed.drafts[3].date, date("2024-03-13"));
    assert_eq!(
        parsed.warnings,
        vec!["line 6: a quote is never closed; skipped"]
    );
}

#[test]
fn wallabag_json() {
    let parsed = read("wallabag.json");
    assert_eq!(
        titles(&parsed),
        vec!["The lighthouse at Østby", "Notes on knots"]
    );
    let light = &parsed.drafts[0];
    assert!(!light.link_only);
    assert!(body_text(light).contains("built in 1872 on a granite skerry"));
    assert_eq!(light.date, date("2023-12-24"));
    assert_eq!(light.author.as_deref(), Some("Ingrid Berg"));
    assert_eq!(light.site.as_deref(), Some("coast.example"));
    assert_eq!(light.tags, vec!["sea", "History"]);
    let kept = saved(light);
    assert!(kept.archived && !kept.starred);
    assert_eq!(
        kept.saved_at.map(|t| t.to_rfc3339()),
        Some("2024-02-03T09:00:00+00:00".into())
    );
    assert_eq!(
        kept.highlights,
        vec![SavedHighlight {
            quote: "open to visitors in summer".into(),
            note: Some("Visit in June".into()),
        }]
    );
    let knots = &parsed.drafts[1];
    assert_eq!(knots.tags, vec!["sailing", "knots"]);
    assert!(saved(knots).starred && !saved(knots).archived);
    assert_eq!(
        knots.date,
        date("2024-03-01"),
        "the saved date without a published one"
    );
    assert_eq!(parsed.warnings, vec!["entry 3: no url; skipped"]);
}

#[test]
fn omnivore_with_content_and_highlights_beside_it() {
    let parsed = read("omnivore/metadata_0.json");
    let marsh = &parsed.drafts[0];
    assert_eq!(marsh.title, "Salt marshes and the birds that live there");
    assert!(!marsh.link_only);
    assert!(body_text(marsh).contains("Redshanks, curlews and oystercatchers"));
    assert_eq!(marsh.author.as_deref(), Some("Dana Reed"));
    assert_eq!(marsh.date, date("2024-04-01"));
    assert_eq!(marsh.tags, vec!["birds", "Nature"]);
    assert!(saved(marsh).archived);
    assert_eq!(
        saved(marsh).highlights,
        vec![
            SavedHighlight {
                quote: "The mud they leave behind is full of worms and snails".into(),
                note: Some("Good for the talk.".into()),
            },
            SavedHighlight {
                quote: "the birds return within a few years".into(),
                note: None,
            },
        ]
    );
    let ferries = &parsed.drafts[1];
    assert_eq!(ferries.title, "Ferries across the North Sea — a history");
    assert!(ferries.link_only);
    assert!(!saved(ferries).archived);
    assert_eq!(ferries.date, date("2024-05-01"));
    assert_eq!(
        paragraphs(ferries),
        vec![
            "From sail to diesel.",
            "Saved from https://history.example/north-sea-ferries on 2024-05-01; not fetched yet."
        ]
    );
    assert_eq!(parsed.warnings, vec!["entry 3: no url; skipped"]);
}

#[test]
fn netscape_bookmarks() {
    let parsed = read("bookmarks.html");
    assert_eq!(
        titles(&parsed),
        vec!["Compilers & you", "Phở at home", "weather.example"]
    );
    let compilers = &parsed.drafts[0];
    assert_eq!(compilers.tags, vec!["news/tech", "rust", "Compilers"]);
    assert_eq!(compilers.date, date("2023-09-18"));
    assert_eq!(
        paragraphs(compilers)[0],
        "A gentle tour of how compilers work."
    );
    assert_eq!(parsed.drafts[1].tags, vec!["news"]);
    assert!(parsed.drafts[2].tags.is_empty());
    assert!(parsed.drafts.iter().all(|d| d.link_only));
    assert_eq!(
        parsed.warnings,
        vec!["bookmark 5: '::broken::' is not a URL; skipped"]
    );
}

#[test]
fn entries_get_stable_ids_of_their_own_and_problems_name_the_row() {
    let bytes = fixture("pocket.csv");
    let r = parse_file(Path::new("pocket.csv"), bytes.as_bytes());
    assert_eq!(r.articles.len(), 4);
    let mut ids: Vec<_> = r.articles.iter().map(|a| a.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4);
    // A newer export with one more row keeps the old rows' ids.
    let newer = bytes.replacen(
        "status\n",
        "status\nNew one,https://new.example/a,1800000000,,unread\n",
        1,
    );
    let again = parse_file(Path::new("pocket.csv"), newer.as_bytes());
    assert!(
        r.articles
            .iter()
            .all(|a| again.articles.iter().any(|b| b.id == a.id))
    );
    let reasons: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        reasons[0],
        "pocket.csv: partly read: line 5: 3 fields where the header has 5; skipped"
    );
    // The same link twice in one file: two ids.
    let twice = "title,url,time_added,tags,status\nA,https://a.example/,1,,unread\nA,https://a.example/,1,,unread\n";
    let r = parse_file(Path::new("p.csv"), twice.as_bytes());
    assert_ne!(r.articles[0].id, r.articles[1].id);
}

#[test]
fn omnivores_content_files_are_no_articles_of_their_own() {
    let content = fixtures().join("omnivore/content/salt-marshes-18c0a1b2c3d.html");
    assert!(is_omnivore_part(&content));
    let r = read_file(&content, 1 << 20);
    assert!(r.articles.is_empty() && r.problems.is_empty());
    assert!(!is_omnivore_part(&fixtures().join("bookmarks.html")));
}

#[test]
fn broken_json_is_skipped_with_its_reason_and_odd_files_never_panic() {
    let r = parse_file(
        Path::new("w.json"),
        b"[{\"is_archived\": 1, \"is_starred\": 0, \"url\": ",
    );
    assert!(r.articles.is_empty());
    assert!(
        r.problems[0]
            .reason
            .starts_with("the export is not valid JSON")
    );
    for text in [
        "title,url,time_added,tags,status\n\"",
        "URL,Title,Selection,Folder,Timestamp\n,,,,\n",
        "<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><DT><A>",
        "[{\"slug\": \"../../etc/passwd\", \"savedAt\": \"x\", \"url\": \"https://x.example\"}]",
    ] {
        let r = parse_file(Path::new("x"), text.as_bytes());
        assert!(r.articles.len() <= 1, "{text}");
    }
}
