//! Tests for the parser's shortcuts: each early exit or copy-free path gives what
//! the plain way it replaces gives, on the edge cases it passes over (long lines,
//! Unicode, CJK, case).

use super::*;

#[test]
fn longer_than_agrees_with_counting_characters() {
    let pieces = ["a", "é", "日", "🎉", " "];
    for piece in pieces {
        for n in [
            0, 1, 89, 90, 91, 119, 120, 121, 150, 151, 360, 480, 481, 500,
        ] {
            let s = piece.repeat(n);
            for max in [0, 1, 90, 100, 120, 150] {
                assert_eq!(
                    longer_than(&s, max),
                    char_len(&s) > max,
                    "{piece:?} x{n} > {max}"
                );
            }
        }
    }
    let mixed = format!("{}{}", "🎉".repeat(30), "a".repeat(91));
    assert!(longer_than(&mixed, 120) && !longer_than(&mixed, 121));
}

#[test]
fn long_lines_that_are_still_datelines() {
    // Over PARAGRAPH_LINE characters, but a marker starts them: still read.
    let long = format!(
        "Published March 3, 2024 — The council voted {}",
        "to fund the new library and more. ".repeat(4)
    );
    assert!(char_len(&long) > PARAGRAPH_LINE);
    let d = parse(&format!(
        "A Title Here\n\n{long}\n\nBody text goes on here. And on."
    ));
    assert_eq!(d.date, chrono::NaiveDate::from_ymd_opt(2024, 3, 3));
    // A bare dateline is read only in a short line.
    let bare = "Tuesday, March 3, 2024 | 4 min read";
    let d = parse(&format!(
        "A Title Here\n\n{bare}\n\nBody text goes on here."
    ));
    assert_eq!(d.date, chrono::NaiveDate::from_ymd_opt(2024, 3, 3));
    let bare_long = format!("{bare} {}", "It went on and on with more words. ".repeat(3));
    assert!(char_len(&bare_long) > PARAGRAPH_LINE);
    let d = parse(&format!(
        "A Title Here\n\n{bare_long}\n\nBody text goes on here."
    ));
    assert_eq!(d.date, None);
    // Wide characters: more bytes than PARAGRAPH_LINE, fewer characters.
    let wide = format!("{bare} {}", "—".repeat(60));
    assert!(wide.len() > PARAGRAPH_LINE && char_len(&wide) <= PARAGRAPH_LINE);
    let d = parse(&format!(
        "A Title Here\n\n{wide}\n\nBody text goes on here."
    ));
    assert_eq!(d.date, chrono::NaiveDate::from_ymd_opt(2024, 3, 3));
}

/// `is_reading_time` as it was: the line lowercased and its words collected.
fn reading_time_slow(s: &str) -> bool {
    if s.len() > 40 {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        [n, unit, rest @ ..] if n.bytes().all(|b| b.is_ascii_digit()) => {
            unit.starts_with("min") && rest.iter().all(|w| *w == "read" || *w == "listen")
        }
        ["reading", "time", ..] => words.len() <= 5,
        _ => false,
    }
}

const LINES: [&str; 43] = [
    "",
    "  5 min read",
    "\u{a0}Reading time 3 min",
    "\u{2003}7 MINUTES READ",
    "5 min read",
    "5 MIN READ",
    "12 Minutes Listen",
    "12 minutes read listen read",
    "5 mi read",
    "5 min",
    "5",
    "x min read",
    "５ min read",
    "5 min read now",
    "reading time 4 minutes",
    "Reading Time: 4 minutes",
    "READING TIME a b c",
    "reading time a b c d",
    "reading",
    "Advertisement",
    "------ ADVERTISEMENT ------",
    "  Story Continues Below Advertisement  ",
    "• Share",
    "Share •",
    "Share on Facebook (12)",
    "ＡＤ",
    "Ｓhare",
    "Share ✓",
    "Log In",
    "İ",
    "\u{212a}",
    "Sign\u{a0}in",
    "web analytics",
    "We use COOKIES to improve this site.",
    "Please enable JavaScript in your browser.",
    "Advertisements for the new ferry line ran all week in the local papers.",
    "Ad hoc committees met twice.",
    "ad",
    "AD)",
    "(ad)",
    "日本語のニュース",
    "Menu",
    "The mayor said the ferry would run on Sundays from May, and the council agreed.",
];

#[test]
fn reading_times_read_as_before() {
    for line in LINES {
        assert_eq!(
            meta_lines::is_reading_time(line),
            reading_time_slow(line),
            "{line:?}"
        );
    }
}

#[test]
fn junk_lines_read_as_before() {
    use super::furniture::{JUNK_LINES, is_junk, squash};
    // `is_junk` as it was, every line squashed (lowercased and trimmed) and copied.
    let slow = |line: &str, before_title: bool| {
        if !line.chars().any(char::is_alphanumeric) {
            return true;
        }
        if line.len() > 200 {
            return false;
        }
        let squashed = squash(line);
        if JUNK_LINES.contains(&squashed.as_str()) || reading_time_slow(&squashed) {
            return true;
        }
        let words = line.split_whitespace().count();
        let lower = line.to_ascii_lowercase();
        before_title
            && ((words <= 4
                && line.chars().any(char::is_lowercase)
                && !line.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()))
                || ((lower.contains("cookie") || lower.contains("javascript")) && words <= 15))
    };
    for line in LINES {
        for before_title in [false, true] {
            assert_eq!(
                is_junk(line, before_title),
                slow(line, before_title),
                "{line:?} {before_title}"
            );
        }
    }
}

#[test]
fn headings_start_as_before() {
    // `starts_like_heading` without its shortcut for a first ASCII byte.
    let slow = head::starts_like_heading_in_general;
    for c in (0..=0x10ffff).filter_map(char::from_u32) {
        for s in [
            format!("{c}"),
            format!("{c}x"),
            format!("{c} Word"),
            format!(" {c}x"),
        ] {
            assert_eq!(head::starts_like_heading(&s), slow(&s), "{s:?}");
        }
    }
    assert!(!head::starts_like_heading(""));
}

#[test]
fn word_prefixes_are_told_apart_by_their_first_byte_as_before() {
    use super::meta_lines::strip_word_ci;
    assert_eq!(strip_word_ci("BY Jane Roe", "by"), Some(" Jane Roe"));
    assert_eq!(strip_word_ci("by", "by"), Some(""));
    assert_eq!(strip_word_ci("Bylines", "by"), None);
    assert_eq!(strip_word_ci("", "by"), None);
    assert_eq!(strip_word_ci("éby", "by"), None);
    assert_eq!(strip_word_ci("Author:Jane", "author:"), Some("Jane"));
    assert_eq!(strip_word_ci("x", ""), None);
    assert_eq!(strip_word_ci(" x", ""), Some(" x"));
}

#[test]
fn byline_separators_found_in_one_pass_as_before() {
    use super::meta_lines::{BYLINE_SEPARATORS, first_separator};
    for rest in [
        "",
        "Jane Roe",
        "Jane Roe | Reuters",
        "Jane Roe|Reuters, Kyiv",
        "Jane Roe, Staff Writer",
        "Jane Roe on March 3",
        "Jane Roe — The Daily | x",
        "Jane Roe – x - y",
        "Jane Roe for The Daily in Kyiv",
        "Jane Roe at noon",
        "Jöhn Rœ · Dåily • x",
        "Jane Roe inside",
        " on ",
    ] {
        let slow = BYLINE_SEPARATORS
            .iter()
            .filter_map(|sep| rest.find(sep))
            .min()
            .unwrap_or(rest.len());
        assert_eq!(first_separator(rest), slow, "{rest:?}");
    }
}

#[test]
fn stock_ids_without_a_dash_or_underscore_are_still_found() {
    use super::furniture::is_credit_line;
    assert!(is_credit_line("Smoke rises. photo.JPEG"));
    assert!(is_credit_line("Smoke rises over the harbour.gif"));
    assert!(is_credit_line("Smoke rises. GettyImages-1730643141"));
    assert!(!is_credit_line(
        "Smoke rises over the harbour. The jpg is gone."
    ));
    assert!(!is_credit_line(
        "Smoke rises over the harbour. It is a .jp domain."
    ));
}

#[test]
fn headings_before_long_or_many_line_blocks_as_before() {
    let words = |n: usize| vec!["word"; n].join(" ");
    // A heading needs a next block with more words than itself, and 15 of them or a
    // sentence's end; the next block's words are counted across its lines.
    let cases = [
        (format!("{}\n{}", words(7), words(7)), false),
        (format!("{}\n{}", words(7), words(8)), true),
        (format!("{}\n{}.", words(2), words(1)), true),
        (format!("{}.\n\u{201d}", words(3)), true),
        (format!("{}.\nx\u{201d}", words(3)), false),
        (format!("{}\nx.\u{201d}", words(3)), true),
        (format!("{}\n{}", words(1), words(2)), false),
        (format!("{}.", words(2)), false),
        (format!("{}.", words(3)), true),
        (words(300), true),
        ("- one\n- two".to_string(), true),
    ];
    for (next, heading) in cases {
        let text =
            format!("Title Of It\n\nIntro text of the article, here.\n\nNew Rules\n\n{next}");
        let d = parse(&text);
        let found = d.body.iter().any(
            |b| matches!(b, crate::article::Block::Heading { text, .. } if text == "New Rules"),
        );
        assert_eq!(found, heading, "{next:?}");
    }
}

#[test]
fn space_pieces_are_what_split_gives() {
    for line in [
        "",
        " ",
        "a",
        "a ",
        " a",
        "a  b",
        "New Banner AffairsThere is",
        "é 日本 🎉 x",
    ] {
        assert!(
            furniture::space_pieces(line).eq(line.split(' ')),
            "{line:?}"
        );
    }
}

#[test]
fn name_connectors_are_known_as_before() {
    use super::meta_lines::{NAME_CONNECTORS, is_connector};
    // What `is_connector` rests on: outside ASCII only the Kelvin sign lowercases to
    // ASCII alone, and no connector holds its 'k'.
    for c in (0x80..=0x10ffff).filter_map(char::from_u32) {
        if c.to_lowercase().all(|l| l.is_ascii()) {
            assert_eq!(c, '\u{212a}', "U+{:04X}", c as u32);
        }
    }
    assert!(NAME_CONNECTORS.iter().all(|c| !c.contains('k')));
    for word in [
        "van", "VAN", "Van", "&", "y", "Y", "İbn", "ıbn", "\u{212a}", "de", "dé", "Della",
    ] {
        let slow = NAME_CONNECTORS.contains(&word.to_lowercase().as_str());
        assert_eq!(is_connector(word), slow, "{word:?}");
    }
}

#[test]
fn contains_ci_is_contains_of_the_lowercased() {
    for hay in [
        "",
        "Sub-Head",
        "x-SUB_HEAD-y",
        "ÉLead-TextÉ",
        "sub-titl",
        "lead-text",
        "URL,Title",
    ] {
        for needle in [
            "lead-text",
            "sub-head",
            "sub_head",
            "sub-title",
            "gallery",
            "url",
            "",
        ] {
            let slow = hay.to_ascii_lowercase().contains(needle);
            assert_eq!(furniture::contains_ci(hay, needle), slow, "{hay} {needle}");
        }
    }
}
