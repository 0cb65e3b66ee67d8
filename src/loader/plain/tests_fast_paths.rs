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
