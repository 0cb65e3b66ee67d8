//! Anchors captured on one text and found again in changed ones.

use super::anchor::{Anchor, CONTEXT_CHARS, Location};

const BODY: &str = "The council met on Tuesday to discuss the budget.\n\n\
The mayor said the city would cut spending on roads by ten percent next year. \
Residents were not consulted.\n\n\
A vote is expected in March.";

/// The anchor of the first occurrence of `quote` in `text`.
fn anchor(text: &str, quote: &str) -> Anchor {
    let start = text.find(quote).unwrap();
    Anchor::capture(text, start..start + quote.len()).unwrap()
}

/// The text found for `anchor` in `text`, panicking when it is orphaned.
fn found<'t>(anchor: &Anchor, text: &'t str) -> (usize, &'t str) {
    match anchor.locate(text) {
        Location::Found(range) => (range.start, &text[range]),
        Location::Orphaned => panic!("{:?} orphaned in {text:?}", anchor.quote),
    }
}

/// Runs of whitespace made one space, ends trimmed.
fn normalised(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn capture_keeps_the_quote_its_context_and_where_it_was() {
    let a = anchor(BODY, "cut spending on roads");
    assert_eq!(a.quote, "cut spending on roads");
    assert_eq!(a.prefix, "\n\nThe mayor said the city would ");
    assert_eq!(a.suffix, " by ten percent next year. Resid");
    assert_eq!(a.suffix.chars().count(), CONTEXT_CHARS);
    assert_eq!(a.start, BODY.find("cut spending").unwrap());
    let long = anchor(BODY, "Residents");
    assert_eq!(long.prefix.chars().count(), CONTEXT_CHARS);
    assert!(BODY.contains(&format!("{}Residents{}", long.prefix, long.suffix)));
}

#[test]
fn capture_keeps_whitespace_as_it_is() {
    let a = anchor(BODY, "the budget.\n\nThe mayor");
    assert_eq!(a.quote, "the budget.\n\nThe mayor");
}

#[test]
fn capture_at_the_ends_of_the_text_has_short_context() {
    let first = anchor(BODY, "The council");
    assert_eq!(first.prefix, "");
    assert_eq!(first.start, 0);
    let last = anchor(BODY, "in March.");
    assert_eq!(last.suffix, "");
    assert_eq!(found(&first, BODY), (0, "The council"));
    assert_eq!(found(&last, BODY).1, "in March.");
}

#[test]
fn capture_then_locate_on_the_same_text() {
    for quote in [
        "cut spending on roads",
        "The",
        "the",
        "Residents were not consulted.",
    ] {
        let a = anchor(BODY, quote);
        assert_eq!(found(&a, BODY), (a.start, quote), "{quote}");
    }
}

#[test]
fn empty_out_of_range_and_split_char_captures_are_none() {
    assert_eq!(Anchor::capture(BODY, 5..5), None);
    assert_eq!(Anchor::capture(BODY, 0..BODY.len() + 1), None);
    assert_eq!(Anchor::capture(BODY, BODY.len() + 3..BODY.len() + 9), None);
    #[allow(clippy::reversed_empty_ranges)]
    let backwards = 9..4;
    assert_eq!(Anchor::capture(BODY, backwards), None);
    assert_eq!(Anchor::capture("", 0..0), None);
    // "é" is two bytes: a range ending inside it is not a passage.
    assert_eq!(Anchor::capture("café au lait", 0..4), None);
    // Only whitespace could be found anywhere.
    let blank = BODY.find("\n\n").unwrap();
    assert_eq!(Anchor::capture(BODY, blank..blank + 2), None);
}

#[test]
fn a_paragraph_inserted_above_moves_the_passage() {
    let a = anchor(BODY, "cut spending on roads");
    let edited = format!("Breaking: a late update was added here.\n\n{BODY}");
    let (start, text) = found(&a, &edited);
    assert_eq!(text, "cut spending on roads");
    assert_eq!(start, a.start + edited.len() - BODY.len());
}

#[test]
fn a_paragraph_inserted_inside_the_context_still_finds_it() {
    let a = anchor(BODY, "Residents were not consulted.");
    let edited = BODY.replace(
        "next year. Residents",
        "next year.\n\nAn aside the editor added.\n\nResidents",
    );
    assert_eq!(found(&a, &edited).1, "Residents were not consulted.");
}

#[test]
fn whitespace_reflowed_still_finds_it() {
    let a = anchor(BODY, "the city would cut spending on roads by ten");
    let reflowed = BODY.replace(' ', "\n").replace("\n\n", "\n \n");
    let (_, text) = found(&a, &reflowed);
    assert_eq!(text, "the\ncity\nwould\ncut\nspending\non\nroads\nby\nten");
    assert_eq!(normalised(text), normalised(&a.quote));

    // A quote over a paragraph break, the paragraphs joined by one space now.
    let across = anchor(BODY, "the budget.\n\nThe mayor");
    let joined = BODY.replace("\n\n", " ");
    assert_eq!(found(&across, &joined).1, "the budget. The mayor");
}

#[test]
fn whitespace_at_the_ends_of_a_quote_is_kept_when_it_is_still_there() {
    let start = BODY.find(" cut spending").unwrap();
    let a = Anchor::capture(BODY, start..start + " cut spending ".len()).unwrap();
    assert_eq!(found(&a, BODY).1, " cut spending ");
    // Reflowed: the passage without the whitespace at its ends.
    let reflowed = BODY.replace("would cut", "would\ncut");
    assert_eq!(found(&a, &reflowed).1, "cut spending");
}

#[test]
fn a_deleted_passage_is_orphaned() {
    let a = anchor(BODY, "Residents were not consulted.");
    let edited = BODY.replace(" Residents were not consulted.", "");
    assert_eq!(a.locate(&edited), Location::Orphaned);
    assert_eq!(a.locate(""), Location::Orphaned);
}

#[test]
fn a_passage_with_one_word_changed_is_orphaned() {
    let a = anchor(BODY, "cut spending on roads by ten percent");
    let edited = BODY.replace("by ten percent", "by twelve percent");
    assert_eq!(a.locate(&edited), Location::Orphaned);
    // A space removed is a change of words too, not of whitespace.
    let joined = BODY.replace("on roads", "onroads");
    assert_eq!(a.locate(&joined), Location::Orphaned);
}

#[test]
fn a_quote_occurring_twice_takes_the_one_whose_context_matches() {
    let text = "Prices rose in the north, the report said.\n\n\
                Wages fell in the south, the report said, again.";
    let second = text.rfind("the report said").unwrap();
    let a = Anchor::capture(text, second..second + "the report said".len()).unwrap();
    // The hint points at the first occurrence now: a paragraph above was removed.
    let edited = &text["Prices rose in the north, the report said.\n\n".len()..];
    let edited = format!("Prices rose in the north, the report said. {edited}");
    let (start, quote) = found(&a, &edited);
    assert_eq!(quote, "the report said");
    assert_eq!(start, edited.rfind("the report said").unwrap());
    // The first one, likewise.
    let first = anchor(text, "the report said");
    assert_eq!(found(&first, text).0, text.find("the report said").unwrap());
}

#[test]
fn on_equal_context_the_position_hint_breaks_the_tie() {
    let filler = "word ".repeat(10);
    let text = format!("{filler}quote {filler}quote {filler}");
    let second = text.rfind("quote").unwrap();
    let a = Anchor::capture(&text, second..second + 5).unwrap();
    assert_eq!(found(&a, &text).0, second);
    let first = text.find("quote").unwrap();
    let b = Anchor::capture(&text, first..first + 5).unwrap();
    assert_eq!(found(&b, &text).0, first);
    // A hint moved past the middle picks the other.
    let moved = Anchor {
        start: second - 2,
        ..b
    };
    assert_eq!(found(&moved, &text).0, second);
}

#[test]
fn the_quote_as_it_was_beats_a_reflowed_one_on_equal_context() {
    let a = Anchor {
        quote: "two words".into(),
        prefix: String::new(),
        suffix: String::new(),
        start: 0,
    };
    let text = "two\nwords, and later two words";
    let (start, quote) = found(&a, text);
    assert_eq!(
        (start, quote),
        (text.rfind("two words").unwrap(), "two words")
    );
}

#[test]
fn non_ascii_text_is_cut_on_char_boundaries() {
    let text = "東京で会議が開かれた。🙂🙂 Zürich étude — 市長は道路の予算を削減すると述べた。\
                👩‍👩‍👧 家族連れが反対した。";
    let quote = "道路の予算を削減する";
    let a = anchor(text, quote);
    assert!(a.prefix.chars().count() <= CONTEXT_CHARS);
    assert!(text.contains(&format!("{}{quote}{}", a.prefix, a.suffix)));
    assert_eq!(found(&a, text).1, quote);
    let edited = format!("新しい段落。\n\n{text}");
    assert_eq!(found(&a, &edited).1, quote);
    // Every range on char boundaries captures and finds itself; none panics.
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    for (n, &start) in bounds.iter().enumerate() {
        for &end in bounds.iter().skip(n + 1).step_by(7) {
            if let Some(a) = Anchor::capture(text, start..end) {
                let Location::Found(range) = a.locate(text) else {
                    panic!("{:?} orphaned", a.quote);
                };
                assert_eq!(&text[range], a.quote);
            }
        }
    }
    for start in 0..=text.len() + 1 {
        for end in start..text.len() + 2 {
            if let Some(a) = Anchor::capture(text, start..end) {
                assert!(matches!(a.locate(text), Location::Found(_)));
            }
        }
    }
}

#[test]
fn non_ascii_whitespace_reflowed_is_found() {
    let text = "Ein\u{a0}Satz mit\u{3000}breiten Leerzeichen und 🙂 darin.";
    let a = anchor(text, "Satz mit\u{3000}breiten");
    let reflowed = text.replace('\u{3000}', " \n ").replace('\u{a0}', " ");
    assert_eq!(found(&a, &reflowed).1, "Satz mit \n breiten");
}

#[test]
fn a_found_range_holds_the_quote_or_its_whitespace_normalised_form() {
    let quotes = [
        "the budget.\n\nThe mayor",
        "ten percent",
        "A vote is expected",
        "Residents were not consulted.\n\nA vote",
    ];
    let texts = [
        BODY.to_string(),
        format!("Intro.\n\n{BODY}\n\nOutro."),
        BODY.replace("\n\n", "\n"),
        BODY.replace(' ', "  "),
    ];
    for quote in quotes {
        let a = anchor(BODY, quote);
        for text in &texts {
            let (_, got) = found(&a, text);
            assert!(
                got == a.quote || normalised(got) == normalised(&a.quote),
                "{quote:?} found as {got:?}"
            );
        }
    }
}

#[test]
fn an_anchor_of_only_whitespace_from_elsewhere_is_orphaned() {
    let a = Anchor {
        quote: " \n ".into(),
        prefix: "x".into(),
        suffix: "y".into(),
        start: 3,
    };
    assert_eq!(a.locate("x \n y"), Location::Orphaned);
}

#[test]
fn anchors_round_trip_through_serde() {
    let a = anchor(BODY, "cut spending");
    let json = serde_json::to_string(&a).unwrap();
    assert_eq!(serde_json::from_str::<Anchor>(&json).unwrap(), a);
}

#[test]
fn anchors_hold_on_an_articles_plain_body_extracted_anew() {
    use std::path::PathBuf;

    use crate::article::{Article, ArticleId, Block, Draft};

    let article = |body: Vec<Block>| {
        let draft = Draft {
            title: "Roads".into(),
            body,
            ..Draft::default()
        };
        Article::new(ArticleId(1), PathBuf::from("roads.html"), draft)
    };
    let paragraph = |s: &str| Block::Paragraph(s.into());
    let before = article(vec![
        paragraph("The council met on Tuesday."),
        Block::List {
            ordered: false,
            items: vec!["Roads: cut by ten percent".into(), "Parks: kept".into()],
        },
        paragraph("Residents were not consulted."),
    ]);
    let body = before.plain_body();
    let start = body.find("Parks: kept").unwrap();
    let end = body.find("Residents were").unwrap() + "Residents were".len();
    let a = Anchor::capture(&body, start..end).unwrap();
    assert_eq!(a.quote, "Parks: kept\n\nResidents were");

    // Extracted again: a standfirst found above, the list now a paragraph per item.
    let after = article(vec![
        Block::Heading {
            level: 2,
            text: "Budget".into(),
        },
        paragraph("The council met on Tuesday."),
        paragraph("Roads: cut by ten percent"),
        paragraph("Parks: kept"),
        paragraph("Residents were not consulted."),
    ]);
    let moved = after.plain_body();
    assert_eq!(found(&a, &moved).1, "Parks: kept\n\nResidents were");
    // The list marks are outside the quote, so only the context changed.
    assert!(moved.find("Parks").unwrap() != a.start);
}

#[test]
fn a_quote_occurring_thousands_of_times_is_found_where_it_was() {
    let text = "the cat sat. ".repeat(20_000);
    let start = "the cat sat. ".len() * 12_345 + 4;
    let a = Anchor::capture(&text, start..start + 3).unwrap();
    assert_eq!(found(&a, &text), (start, "cat"));
}

/// Regression: a reflowed passage at the very start of the text, of a quote that
/// began with whitespace, was dropped as a candidate and orphaned.
#[test]
fn a_reflowed_quote_with_whitespace_before_it_is_found_at_the_start() {
    let a = Anchor::capture("Intro. Hello world again", 6..18).unwrap();
    assert_eq!(a.quote, " Hello world");
    assert_eq!(found(&a, "Hello\nworld again").1, "Hello\nworld");
}
