//! Tests for the Markdown parser: front matter in both languages, broken front
//! matter, the body's blocks, the sample articles, and inputs meant to break it.

use super::*;
use chrono::NaiveDate;

/// Sample articles. In the real crate this points at `sample-articles/`.
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../../sample-articles/", $name))
    };
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn para(s: &str) -> Block {
    Block::Paragraph(s.to_string())
}

fn heading(level: u8, s: &str) -> Block {
    Block::Heading {
        level,
        text: s.to_string(),
    }
}

#[test]
fn yaml_front_matter() {
    let text = "---
title: \"Rain: A History\"
description: Why it falls
date: October 31, 2023
author: Jane Roe
url: https://example.com/2020/01/01/rain
tags: [weather, Rain ,  history]
---

First paragraph.
";
    let (d, warnings) = parse(text);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(d.title, "Rain: A History");
    assert_eq!(d.subtitle.as_deref(), Some("Why it falls"));
    assert_eq!(d.date, date(2023, 10, 31));
    assert_eq!(d.author.as_deref(), Some("Jane Roe"));
    assert_eq!(
        d.source.as_deref(),
        Some("https://example.com/2020/01/01/rain")
    );
    assert_eq!(d.tags, ["weather", "Rain", "history"]);
    assert_eq!(d.body, [para("First paragraph.")]);
    assert!(has_front_matter(text));
}

#[test]
fn yaml_values_of_other_shapes() {
    let text = "---
Title: 1984
subtitle: ~
date: 2023-10-31T10:00:00+02:00
authors:
  - Ann Lee
  - name: Bo Chan
link: https://example.com/x
keywords: a, b, a
...
Body.
";
    let (d, warnings) = parse(text);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(d.title, "1984");
    assert_eq!(d.subtitle, None);
    assert_eq!(d.date, date(2023, 10, 31));
    assert_eq!(d.author.as_deref(), Some("Ann Lee, Bo Chan"));
    assert_eq!(d.source.as_deref(), Some("https://example.com/x"));
    assert_eq!(d.tags, ["a", "b"]);

    let (d, _) = parse("---\nauthor:\n  name: Cy Diaz\n  email: cy@example.com\n---\nx\n");
    assert_eq!(d.author.as_deref(), Some("Cy Diaz"));
}

#[test]
fn toml_front_matter() {
    let text = "+++
title = \"Ferries\"
summary = \"On the water\"
date = 2025-06-02
authors = [\"Tomas Lindqvist\", \"Ana Ruiz\"]
source = \"https://example.com/ferries\"
tags = \"boats, history\"

[extra]
mood = \"calm\"
+++

# Ferries

Text.
";
    let (d, warnings) = parse(text);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(d.title, "Ferries");
    assert_eq!(d.subtitle.as_deref(), Some("On the water"));
    assert_eq!(d.date, date(2025, 6, 2));
    assert_eq!(d.author.as_deref(), Some("Tomas Lindqvist, Ana Ruiz"));
    assert_eq!(d.source.as_deref(), Some("https://example.com/ferries"));
    assert_eq!(d.tags, ["boats", "history"]);
    // The heading repeating the title is dropped.
    assert_eq!(d.body, [para("Text.")]);

    let (d, _) = parse("+++\ndate = 2023-10-31T23:30:00-05:00\n+++\nx");
    assert_eq!(d.date, date(2023, 10, 31));
    let (d, _) = parse("+++\ndate = \"Tue, 31 Oct 2023 10:00:00 +0000\"\n+++\nx");
    assert_eq!(d.date, date(2023, 10, 31));
}

#[test]
fn broken_yaml_warns_and_loads_the_body() {
    let text = "---
title: ok
author: \"unclosed
---

# The Real Title

Body text.
";
    let (d, warnings) = parse(text);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("line 3: front matter is not valid YAML: "),
        "{warnings:?}"
    );
    assert_eq!(d.title, "The Real Title");
    assert_eq!(d.body, [para("Body text.")]);
}

#[test]
fn broken_toml_warns_with_its_line() {
    let text = "+++\ntitle = \"ok\"\n\ndate = = 3\n+++\nBody.\n";
    let (d, warnings) = parse(text);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("line 4: front matter is not valid TOML: "),
        "{warnings:?}"
    );
    assert_eq!(d.title, "");
    assert_eq!(d.body, [para("Body.")]);
}

#[test]
fn other_front_matter_problems() {
    let (d, warnings) = parse("---\njust a sentence\n---\nBody.\n");
    assert_eq!(
        warnings,
        ["line 2: front matter is YAML but not a set of keys and values; ignored"]
    );
    assert_eq!(d.body, [para("Body.")]);

    let (d, warnings) = parse("---\ntitle: T\n\ndate: someday\n---\nBody.\n");
    assert_eq!(
        warnings,
        ["line 4: front matter date \"someday\" is not a date I can read; ignored"]
    );
    assert_eq!(d.title, "T");
    assert_eq!(d.date, None);

    let (_, warnings) = parse("---\ntitle: never closed\n\nBody.\n");
    assert_eq!(
        warnings,
        ["line 1: front matter has no closing --- line; read as Markdown"]
    );

    let (d, warnings) = parse("---\n---\n# Empty\n");
    assert!(warnings.is_empty());
    assert_eq!(d.title, "Empty");
}

#[test]
fn has_front_matter_needs_both_delimiters_at_the_start() {
    assert!(has_front_matter("---\ntitle: x\n---\n"));
    assert!(has_front_matter("---\n---"));
    assert!(has_front_matter("+++\ntitle = 'x'\n+++\nbody"));
    assert!(has_front_matter("---  \na: b\n...\n"));
    assert!(!has_front_matter("---\ntitle: x\n"));
    assert!(!has_front_matter("+++\ntitle = 'x'\n---\n"));
    assert!(!has_front_matter("\n---\na: b\n---\n"));
    assert!(!has_front_matter("# Title\n---\na\n---\n"));
    assert!(!has_front_matter(""));
    assert!(!has_front_matter("---"));
}

#[test]
fn first_h1_is_the_title() {
    let (d, warnings) = parse("Intro line.\n\n# Title *here*\n\n## Part\n\n# Second\n");
    assert!(warnings.is_empty());
    assert_eq!(d.title, "Title here");
    assert_eq!(
        d.body,
        [
            para("Intro line."),
            heading(2, "Part"),
            heading(1, "Second")
        ]
    );
    let (d, _) = parse("Setext Title\n============\n\nText.\n");
    assert_eq!(d.title, "Setext Title");
    let (d, _) = parse("No heading at all.\n");
    assert_eq!(d.title, "");
}

#[test]
fn inline_markup_becomes_plain_text() {
    let text = "Some *emphasis*, **strong**, ~~gone~~ and `code()` with a [link](https://x.y \"t\")\nacross a soft break,  \nand a hard one. <span>inline</span> ![alt text](img.png) <https://auto.link>\n";
    let (d, _) = parse(text);
    assert_eq!(
        d.body,
        [para(
            "Some emphasis, strong, gone and code() with a link across a soft break, and a hard one. inline https://auto.link"
        )]
    );
}

#[test]
fn block_structure() {
    let text = "## Level two

### Level three

> First quoted paragraph
> still first.
>
> Second quoted paragraph.

- one
- two *em*
  - nested
- three

1. first

   with more
2. second

```rust
fn main() {
    println!(\"hi\");
}
```

    indented code

---

<div class=\"ad\">
Advertisement
</div>

Last.
";
    let (d, _) = parse(text);
    assert_eq!(
        d.body,
        [
            heading(2, "Level two"),
            heading(3, "Level three"),
            Block::Quote("First quoted paragraph still first.".into()),
            Block::Quote("Second quoted paragraph.".into()),
            Block::List {
                ordered: false,
                items: vec![
                    "one".into(),
                    "two em".into(),
                    "nested".into(),
                    "three".into()
                ],
            },
            Block::List {
                ordered: true,
                items: vec!["first with more".into(), "second".into()],
            },
            Block::Code("fn main() {\n    println!(\"hi\");\n}".into()),
            Block::Code("indented code".into()),
            Block::Rule,
            para("Last."),
        ]
    );
}

#[test]
fn lists_inside_quotes_and_code_inside_lists() {
    let (d, _) = parse("> - a\n> - b\n\n- item\n\n  ```\n  x = 1\n  ```\n");
    assert_eq!(
        d.body,
        [
            Block::Quote("a".into()),
            Block::Quote("b".into()),
            Block::List {
                ordered: false,
                items: vec!["item x = 1".into()],
            },
        ]
    );
}

#[test]
fn sample_with_yaml_front_matter() {
    let (d, warnings) = parse(fixture!("markdown-yaml-front-matter.md"));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        d.title,
        "Libraries Swap Boilers for Heat Pumps, One Branch at a Time"
    );
    assert_eq!(d.date, date(2024, 3, 14));
    assert_eq!(d.author.as_deref(), Some("Marta Okafor"));
    assert_eq!(
        d.source.as_deref(),
        Some("https://www.meridianledger.example/2024/03/14/libraries-heat-pumps/")
    );
    assert_eq!(d.tags, ["energy", "cities", "libraries"]);
    assert!(d.subtitle.is_some());
    assert!(
        d.body
            .iter()
            .any(|b| matches!(b, Block::List { ordered: false, items } if items.len() == 4))
    );
}

#[test]
fn sample_with_toml_front_matter() {
    let (d, warnings) = parse(fixture!("markdown-toml-front-matter.md"));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        d.title,
        "A Century-Old Ferry Gets a Second Life on the Sound"
    );
    assert_eq!(d.date, date(2025, 6, 2));
    assert_eq!(d.author.as_deref(), Some("Tomas Lindqvist, Ana Ruiz"));
    assert_eq!(
        d.source.as_deref(),
        Some("https://coastalcurrent.example/news/ellida-ferry-returns")
    );
    assert_eq!(d.tags, ["boats", "history", "volunteers"]);
    assert!(
        matches!(d.body.first(), Some(Block::Paragraph(p)) if p.starts_with("The Ellida left"))
    );
    assert!(d.body.iter().any(|b| matches!(b, Block::Quote(_))));
}

#[test]
fn sample_with_cjk_and_emoji_title() {
    let (d, warnings) = parse(fixture!("cjk-emoji-title.md"));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(d.title, "東京の朝 🌅 Morning markets in Tokyo");
    assert_eq!(d.date, date(2023, 11, 18));
    assert_eq!(d.author.as_deref(), Some("佐藤 由衣 (Yui Sato)"));
    assert_eq!(d.tags, ["travel", "food", "東京"]);
    assert!(d.body.contains(&heading(2, "What to eat 🍙")));
    assert!(
        d.body
            .iter()
            .any(|b| b.plain_text().contains("静かな朝です"))
    );
}

#[test]
fn sample_long_read() {
    let (d, warnings) = parse(fixture!("long-read-with-headings.md"));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        d.title,
        "What Ten Years of Bad Data Taught a Volunteer Weather Network"
    );
    assert_eq!(d.date, date(2026, 1, 20));
    assert_eq!(d.author.as_deref(), Some("Rosa Delgado"));
    assert_eq!(d.tags, ["weather", "citizen science", "data", "long read"]);
    let count = |f: fn(&Block) -> bool| d.body.iter().filter(|b| f(b)).count();
    assert!(count(|b| matches!(b, Block::Heading { level: 2, .. })) >= 5);
    assert!(count(|b| matches!(b, Block::Heading { level: 3, .. })) >= 8);
    assert!(count(|b| matches!(b, Block::Heading { level: 1, .. })) == 0);
    assert_eq!(count(|b| matches!(b, Block::Quote(_))), 1);
    assert_eq!(count(|b| matches!(b, Block::List { ordered: true, .. })), 1);
    assert_eq!(
        count(|b| matches!(b, Block::List { ordered: false, .. })),
        1
    );
    assert_eq!(count(|b| matches!(b, Block::Code(_))), 1);
    assert_eq!(count(|b| matches!(b, Block::Rule)), 1);
    let words: usize = d
        .body
        .iter()
        .map(|b| b.plain_text().split_whitespace().count())
        .sum();
    assert!(words >= 1500, "{words} words");
}

#[test]
fn weird_inputs_do_not_panic() {
    let huge_line = "word ".repeat(1_000_000);
    let brackets = "[".repeat(1_000_000);
    let stars = "*a ".repeat(500_000);
    let quotes = ">".repeat(100_000);
    let nested_lists: String = (0..2_000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    let ticks = "`".repeat(1_000_000);
    let deep_yaml = format!("---\na: {}\n---\nx", "[".repeat(100_000));
    let deep_toml = format!("+++\na = {}\n+++\nx", "[".repeat(100_000));
    let inputs: Vec<&str> = vec![
        "",
        " ",
        "\n\n",
        "---",
        "---\n",
        "---\n---",
        "+++\n+++\n",
        "---\n: : :\n---\n",
        "---\n- a\n- b\n---\n",
        "+++\n[[x]]\n+++\n",
        "#",
        "# ",
        "> ",
        "```",
        "- ",
        "<div>",
        "日本語 🎉",
        &huge_line,
        &brackets,
        &stars,
        &quotes,
        &nested_lists,
        &ticks,
        &deep_yaml,
        &deep_toml,
    ];
    for input in inputs {
        let start = std::time::Instant::now();
        let _ = parse(input);
        let _ = has_front_matter(input);
        assert!(
            start.elapsed().as_secs() < 20,
            "slow on input of {} bytes",
            input.len()
        );
    }
}

#[test]
fn warning_points_at_the_key_that_set_the_bad_date() {
    let text = "+++\ndates_seen = 3\n\"date\" = \"soon\"\n+++\nx\n";
    let (_, warnings) = parse(text);
    assert_eq!(
        warnings,
        ["line 3: front matter date \"soon\" is not a date I can read; ignored"]
    );
}
