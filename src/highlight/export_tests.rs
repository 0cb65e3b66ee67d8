//! The exports of a small fixture, to the character, and what notes apps and
//! Markdown parsers make of them.

use chrono::{DateTime, TimeZone, Utc};
use pulldown_cmark::{Event, Options, Parser, Tag};

use super::export::{
    ExportArticle, ExportHighlight, MARKER, file_name, is_ours, json_lines, markdown, markdown_file,
};
use crate::article::ArticleId;

const ZURICH: &str = "Zürich votes on the new tram — what it means";
const MULTI_LINE: &str = "Costs rose.\n\n# Budget\n- 40 million\n1. first";

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, day, hour, 30, 0).unwrap()
}

fn highlight(quote: &str, created: DateTime<Utc>) -> ExportHighlight<'_> {
    ExportHighlight {
        quote,
        prefix: "before ",
        suffix: " after",
        note: None,
        created,
        orphaned: false,
    }
}

/// Two articles, given oldest first: one with a note and a multi-line quote (its
/// highlights given oldest first too), one whose only highlight is orphaned and the
/// newest of all.
fn fixture(tags: &[String]) -> Vec<ExportArticle<'_>> {
    let zurich = ExportArticle {
        id: ArticleId(0x0123_4567_89ab_cdef),
        title: ZURICH,
        source: Some("https://example.com/zurich-tram"),
        path: "/news/zurich.html",
        tags,
        highlights: vec![
            highlight(MULTI_LINE, at(1, 8)),
            ExportHighlight {
                note: Some("Check the timetable."),
                ..highlight("The tram will run every six minutes.", at(5, 9))
            },
        ],
    };
    let budget = ExportArticle {
        id: ArticleId(0xfedc_ba98_7654_3210),
        title: "Budget talks",
        source: None,
        path: "/news/budget_2024.txt",
        tags: &[],
        highlights: vec![ExportHighlight {
            orphaned: true,
            ..highlight("Nobody agreed.", at(7, 10))
        }],
    };
    vec![zurich, budget]
}

fn tags() -> Vec<String> {
    vec![
        "politics".into(),
        "Swiss transport".into(),
        "#politics".into(),
    ]
}

#[test]
fn markdown_groups_articles_newest_first() {
    let tags = tags();
    let expected = "\
## Budget talks

Source: `/news/budget_2024.txt`

> Nobody agreed.

— 2024-03-07 (orphaned: the passage is no longer in the article)

## Zürich votes on the new tram — what it means

Source: https://example.com/zurich-tram

Tags: #politics #Swiss-transport

> The tram will run every six minutes.

Check the timetable.

— 2024-03-05

> Costs rose.
>
> \\# Budget
> \\- 40 million
> 1\\. first

— 2024-03-01
";
    assert_eq!(markdown(&fixture(&tags)), expected);
}

#[test]
fn markdown_of_nothing_is_empty() {
    assert_eq!(markdown(&[]), "");
    let tags = tags();
    let mut articles = fixture(&tags);
    for article in &mut articles {
        article.highlights.clear();
    }
    assert_eq!(markdown(&articles), "");
    assert_eq!(json_lines(&articles), "");
}

#[test]
fn markdown_file_has_front_matter_then_the_article() {
    let tags = tags();
    let articles = fixture(&tags);
    let expected = "\
---
title: \"Zürich votes on the new tram — what it means\"
source: \"https://example.com/zurich-tram\"
path: \"/news/zurich.html\"
article: \"0123456789abcdef\"
tags:
  - \"politics\"
  - \"Swiss-transport\"
tidings: highlights
---

# Zürich votes on the new tram — what it means

Source: https://example.com/zurich-tram

Tags: #politics #Swiss-transport

> The tram will run every six minutes.

Check the timetable.

— 2024-03-05

> Costs rose.
>
> \\# Budget
> \\- 40 million
> 1\\. first

— 2024-03-01
";
    assert_eq!(markdown_file(&articles[0]), expected);
}

#[test]
fn markdown_file_front_matter_is_yaml_notes_apps_read() {
    use yaml_rust2::YamlLoader;
    let hostile_tags = vec!["a: b".to_string(), "2024".into()];
    let mut article = fixture(&[]).remove(1);
    article.tags = &hostile_tags;
    article.title = "Quotes \" and: colons # and\nnewlines";
    let file = markdown_file(&article);
    let front = file
        .strip_prefix("---\n")
        .and_then(|rest| rest.split("\n---\n").next())
        .unwrap();
    let doc = &YamlLoader::load_from_str(front).unwrap()[0];
    assert_eq!(
        doc["title"].as_str(),
        Some("Quotes \" and: colons # and newlines")
    );
    assert!(doc["source"].is_null());
    assert_eq!(doc["path"].as_str(), Some("/news/budget_2024.txt"));
    assert_eq!(doc["article"].as_str(), Some("fedcba9876543210"));
    let tags: Vec<&str> = doc["tags"]
        .as_vec()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(tags, ["a-b"]);
    assert_eq!(doc["tidings"].as_str(), Some("highlights"));
}

#[test]
fn json_lines_hold_one_highlight_each_and_parse_back() {
    let tags = tags();
    let text = json_lines(&fixture(&tags));
    assert!(text.ends_with('\n'));
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let field = |i: usize, key: &str| lines[i][key].clone();
    assert_eq!(field(0, "article"), "fedcba9876543210");
    assert_eq!(field(0, "title"), "Budget talks");
    assert!(field(0, "source").is_null());
    assert_eq!(field(0, "path"), "/news/budget_2024.txt");
    assert_eq!(field(0, "quote"), "Nobody agreed.");
    assert_eq!(field(0, "prefix"), "before ");
    assert_eq!(field(0, "suffix"), " after");
    assert!(field(0, "note").is_null());
    assert_eq!(field(0, "created"), "2024-03-07T10:30:00Z");
    assert_eq!(field(0, "orphaned"), true);
    assert_eq!(field(1, "article"), "0123456789abcdef");
    assert_eq!(field(1, "title"), ZURICH);
    assert_eq!(field(1, "source"), "https://example.com/zurich-tram");
    assert_eq!(field(1, "note"), "Check the timetable.");
    assert_eq!(field(1, "orphaned"), false);
    assert_eq!(field(2, "quote"), MULTI_LINE);
    assert_eq!(field(2, "created"), "2024-03-01T08:30:00Z");
    let created = field(2, "created");
    let parsed = DateTime::parse_from_rfc3339(created.as_str().unwrap()).unwrap();
    assert_eq!(parsed, at(1, 8));
    let keys: Vec<&String> = lines[0].as_object().unwrap().keys().collect();
    for key in [
        "article", "title", "source", "quote", "prefix", "suffix", "note", "created", "orphaned",
    ] {
        assert!(keys.iter().any(|k| *k == key), "{key} missing");
    }
}

#[test]
fn equal_times_keep_the_order_given() {
    let mut articles = fixture(&[]);
    for article in &mut articles {
        for h in &mut article.highlights {
            h.created = at(2, 0);
        }
    }
    let text = json_lines(&articles);
    let quotes: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["quote"].to_string())
        .collect();
    assert_eq!(
        quotes,
        [
            format!("{MULTI_LINE:?}"),
            "\"The tram will run every six minutes.\"".into(),
            "\"Nobody agreed.\"".into()
        ]
    );
}

/// What a CommonMark parser (with tables) makes of the export: the block-level
/// elements inside each block quote.
fn blocks_inside_quotes(text: &str) -> Vec<String> {
    let mut depth = 0;
    let mut inside = Vec::new();
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => {
                if depth > 0 {
                    inside.push("nested quote".into());
                }
                depth += 1;
            }
            Event::End(pulldown_cmark::TagEnd::BlockQuote(_)) => depth -= 1,
            Event::Start(tag) if depth > 0 && !matches!(tag, Tag::Paragraph) => {
                inside.push(format!("{tag:?}"));
            }
            Event::Rule | Event::Html(_) if depth > 0 => inside.push(format!("{event:?}")),
            _ => {}
        }
    }
    inside
}

#[test]
fn markdown_at_line_starts_inside_quotes_stays_text() {
    let quote = "> nested\n```\nfence\n<div>html</div>\n---\n[x]: http://example.com\n\
                 \x20   indented code\n+ plus\n* star\n_ _ _\n| a | b |\n|---|---|\n=====\n\
                 2) two\n\t# tabbed heading\n~~~\n\\ backslash";
    let note = "# not a heading\n---\n> not a quote";
    let article = ExportArticle {
        highlights: vec![ExportHighlight {
            note: Some(note),
            ..highlight(quote, at(3, 3))
        }],
        ..fixture(&[]).remove(1)
    };
    let text = markdown(&[article]);
    assert_eq!(blocks_inside_quotes(&text), Vec::<String>::new(), "{text}");
    // What the check would catch.
    let unescaped = blocks_inside_quotes("> # a\n> - b\n> > c\n>\n>     d\n> ---\n");
    assert_eq!(unescaped.len(), 6, "{unescaped:?}");
    // One quote block, its lines all kept; the note's lines are plain paragraphs.
    let quotes = text.lines().filter(|l| l.starts_with('>')).count();
    assert_eq!(quotes, quote.lines().count());
    let headings = Parser::new(&text)
        .filter(|e| matches!(e, Event::Start(Tag::Heading { .. })))
        .count();
    assert_eq!(headings, 1, "{text}");
    let rules = Parser::new(&text)
        .filter(|e| matches!(e, Event::Rule))
        .count();
    assert_eq!(rules, 0, "{text}");
}

#[test]
fn is_ours_reads_the_marker_in_front_matter_only() {
    let tags = tags();
    let ours = markdown_file(&fixture(&tags)[0]);
    assert!(is_ours(&ours));
    assert!(is_ours(&ours.replace('\n', "\r\n")));
    assert!(is_ours(&format!("\u{feff}{ours}")));
    assert!(is_ours(
        "---\ntitle: x\ntidings: \"highlights\"\n...\nbody\n"
    ));
    assert!(is_ours("---\ntidings: 'highlights'\n---\n"));

    assert!(!is_ours(""));
    assert!(!is_ours("# My notes\n\ntidings: highlights\n"));
    assert!(!is_ours(&format!(
        "---\ntitle: mine\n---\n\n{MARKER}\n---\n{MARKER}\n---\n"
    )));
    assert!(!is_ours(&format!("\n---\n{MARKER}\n---\n")));
    assert!(!is_ours(&format!("---\n{MARKER}\nnever closed\n")));
    assert!(!is_ours("---\nmeta:\n  tidings: highlights\n---\n"));
    assert!(!is_ours("---\ntidings: highlights-old\n---\n"));
    assert!(!is_ours("---\nnot_tidings: highlights\n---\n"));
}

fn named(title: &str) -> String {
    let article = ExportArticle {
        title,
        ..fixture(&[]).remove(0)
    };
    file_name(&article)
}

#[test]
fn file_names_are_slugs_of_the_title_and_the_id() {
    assert_eq!(
        named(ZURICH),
        "zurich-votes-on-the-new-tram-what-it-means-01234567.md"
    );
    assert_eq!(
        named("Ærø's Œuvre: ß & Łódź"),
        "aeros-oeuvre-ss-lodz-01234567.md"
    );
    assert_eq!(named("Apple’s 新 iPhone"), "apples-iphone-01234567.md");
    let other = ExportArticle {
        title: ZURICH,
        ..fixture(&[]).remove(1)
    };
    assert_ne!(file_name(&other), named(ZURICH));
}

#[test]
fn file_names_of_hostile_titles_are_safe() {
    let long = "word ".repeat(60);
    let one_long_word = "x".repeat(300);
    let cases = [
        ("../../etc/passwd", "etc-passwd-01234567.md"),
        ("", "untitled-01234567.md"),
        ("🙂🎉👩‍👩‍👧", "untitled-01234567.md"),
        ("..", "untitled-01234567.md"),
        ("/", "untitled-01234567.md"),
        ("C:\\Windows\\system32", "c-windows-system32-01234567.md"),
        ("новости дня", "untitled-01234567.md"),
        (".hidden", "hidden-01234567.md"),
    ];
    for (title, expected) in cases {
        assert_eq!(named(title), expected, "{title:?}");
    }
    for title in [long.as_str(), one_long_word.as_str(), "a\0b\nc\td"] {
        let name = named(title);
        let slug = name.strip_suffix("-01234567.md").unwrap();
        assert!(!slug.is_empty() && slug.len() <= 60, "{name}");
        assert!(!slug.starts_with('-') && !slug.ends_with('-'), "{name}");
    }
    assert_eq!(
        named(&long),
        format!("{}-01234567.md", ["word"; 12].join("-"))
    );
    assert_eq!(
        named(&one_long_word),
        format!("{}-01234567.md", "x".repeat(60))
    );
    for (title, _) in cases {
        let name = named(title);
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'),
            "{name}"
        );
        assert!(
            !name.contains("..") && !name.starts_with(['.', '-']),
            "{name}"
        );
    }
}
