//! Tests of splitting, folding and counting words.

use super::fold::{normalise_into, normalise_streaming_into};
use super::scan::{ascii_lower, word_len16};
use super::*;

fn words(s: &str) -> Vec<&str> {
    tokens(s).map(|t| t.text(s)).collect()
}

/// What `fold_words` must give: `tokens` then `fold` of each, with heads.
fn general_words(s: &str) -> Vec<(String, [u64; 2])> {
    tokens(s)
        .map(|t| {
            let folded = fold(t.text(s));
            let head = word_head(folded.as_bytes());
            (folded, head)
        })
        .collect()
}

fn fast_words(s: &str) -> Vec<(String, [u64; 2])> {
    let mut out = Vec::new();
    let mut scratch = String::new();
    fold_words(s, &mut scratch, |word, head| {
        out.push((String::from_utf8_lossy(word).into_owned(), head));
    });
    out
}

#[test]
fn fold_words_agrees_with_tokens_and_fold() {
    for s in [
        "",
        "Hello, WORLD! 42 times",
        "don't stop rock 'n' roll the students' union a''b 'x' x'",
        "Putin’s war; Zürich naïve café; ΣΊΣΥΦΟΣ—ПРИВЕТ; 東京の朝 Tokyo東京2024",
        "cafe\u{301} au lait; A'É a'b'c'Ω x'\u{301} ab\u{200D}cd",
        "exactly16letters EXACTLY16LETTERS seventeen_letters SeventeenLetters1 \
         averyveryveryverylongwordindeedthatgoesonandon ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "@[`{ ZAaz09 ,;: end.",
        "Straße STRAẞE İstanbul ǅ ﬁ ① ½",
    ] {
        assert_eq!(fast_words(s), general_words(s), "{s:?}");
    }
}

#[test]
fn fold_words_agrees_with_tokens_and_fold_on_random_mixed_text() {
    // Every printable ASCII byte, the joiners, and non-ASCII letters, marks and
    // separators, at any place; mostly letters, so that every word length occurs.
    let mut alphabet: Vec<char> = (0x20u8..0x7f).map(char::from).collect();
    alphabet.extend(
        "''’’\u{200C}\u{200D}éÉßẞİıΣςøŁ東のか\u{3099}ｶﾞ한हिं\u{301}\u{308}—“”©\u{a0}\u{2009}ﬁ①"
            .chars(),
    );
    let mut numbers = crate::testing::numbers(0x2545_F491_4F6C_DD1D);
    let mut next = |n: usize| numbers(n as u64) as usize;
    for _ in 0..20_000 {
        let most = if next(4) == 0 { 90 } else { 40 };
        let len = next(most);
        let mut s = String::new();
        for _ in 0..len {
            let c = if next(3) == 0 {
                alphabet[next(alphabet.len())]
            } else {
                char::from(b"aZq7Kx"[next(6)])
            };
            s.push(c);
        }
        assert_eq!(fast_words(&s), general_words(&s), "{s:?}");
    }
}

#[test]
fn sixteen_bytes_at_a_time_find_where_a_word_ends() {
    // Every byte value at every place after a run of letters and digits.
    for b in 0u8..=255 {
        for at in 0..16 {
            let mut chunk = *b"aZ09qzAQ7mKx3bYc";
            chunk[at] = b;
            let expected = chunk
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .unwrap_or(16);
            assert_eq!(
                word_len16(u128::from_le_bytes(chunk)),
                expected,
                "{b:#x} at {at}"
            );
        }
    }
}

#[test]
fn ascii_lowercasing_eight_at_a_time_agrees_with_the_standard_library() {
    for b in 0u8..0x80 {
        let bytes = [b, b'A', b'z', b'Z', b'@', b'[', b'`', b'{'];
        let expected = u64::from_le_bytes(bytes.map(|c| c.to_ascii_lowercase()));
        assert_eq!(ascii_lower(u64::from_le_bytes(bytes)), expected, "{b:#x}");
    }
}

#[test]
fn cjk_letters_are_words_for_counting_and_reading() {
    assert_eq!(cjk_letters("東京の朝 🌅 Morning"), 4);
    assert_eq!(cjk_letters("plain text"), 0);
    assert_eq!(extra_cjk_words("東京の朝 🌅 Morning"), 3);
    assert_eq!(extra_cjk_words("Tokyo東京。 ok"), 2);
    assert_eq!(extra_cjk_words("café au lait, Russia’s “own”"), 0);
    assert_eq!(extra_cjk_words(&"字".repeat(1000)), 999);
    assert_eq!(reading_minutes(460, 0), 2.0);
    assert_eq!(reading_minutes(1000, 1000), 2.0);
}

#[test]
fn word_heads_hold_the_first_sixteen_bytes() {
    assert_eq!(word_head(b""), [0, 0]);
    assert_eq!(word_head(b"ab"), [0x6261, 0]);
    assert_eq!(
        word_head(b"abcdefghijklmnopq"),
        [
            u64::from_le_bytes(*b"abcdefgh"),
            u64::from_le_bytes(*b"ijklmnop")
        ]
    );
}

#[test]
fn fold_lowercases_ascii() {
    assert_eq!(fold("Hello WORLD 42"), "hello world 42");
    assert_eq!(fold(""), "");
}

#[test]
fn fold_lowercases_unicode() {
    assert_eq!(fold("ÄRGER"), "arger");
    assert_eq!(fold("ПРИВЕТ"), "привет");
    assert_eq!(fold("İstanbul"), "istanbul");
    assert_eq!(fold("ISTANBUL"), "istanbul");
    assert_eq!(fold("ıstanbul"), "istanbul");
}

#[test]
fn fold_maps_final_sigma() {
    assert_eq!(fold("ΣΊΣΥΦΟΣ"), "σισυφοσ");
    assert_eq!(fold("Σίσυφος"), "σισυφοσ");
    assert_eq!(fold("ΣΊΣΥΦΟΣ"), fold("σίσυφος"));
}

#[test]
fn fold_strips_diacritics() {
    assert_eq!(fold("café"), "cafe");
    assert_eq!(fold("Zürich"), "zurich");
    assert_eq!(fold("naïve"), "naive");
    assert_eq!(fold("Ångström"), "angstrom");
    assert_eq!(fold("Tiếng Việt"), "tieng viet");
    assert_eq!(fold("Łódź"), "lodz");
    assert_eq!(fold("Ørsted"), "orsted");
    assert_eq!(fold("Đorđe"), "dorde");
}

#[test]
fn fold_handles_decomposed_input() {
    assert_eq!(fold("cafe\u{301}"), "cafe");
    assert_eq!(fold("Zu\u{308}rich"), fold("Zürich"));
}

#[test]
fn fold_maps_sharp_s() {
    assert_eq!(fold("Straße"), "strasse");
    assert_eq!(fold("STRAẞE"), "strasse");
    assert_eq!(fold("Straße"), fold("STRASSE"));
}

#[test]
fn fold_unifies_apostrophes() {
    assert_eq!(fold("Putin’s"), "putin's");
    assert_eq!(fold("Putin's"), "putin's");
}

#[test]
fn fold_keeps_letters_that_are_not_diacritics() {
    // Kana voicing marks and Indic vowel signs are part of the letter.
    assert_eq!(fold("が"), "が");
    assert_ne!(fold("が"), fold("か"));
    assert_eq!(fold("か\u{3099}"), "が");
    assert_eq!(fold("हिंदी"), "हिंदी");
    assert_eq!(fold("한국"), "한국");
    assert_eq!(fold("東京"), "東京");
}

#[test]
fn fold_strips_hebrew_and_arabic_points() {
    assert_eq!(fold("שָׁלוֹם"), "שלום");
    assert_eq!(fold("كَتَبَ"), "كتب");
}

#[test]
fn keep_case_strips_only_diacritics() {
    assert_eq!(strip_diacritics_keep_case("Zürich"), "Zurich");
    assert_eq!(strip_diacritics_keep_case("ÄRGER"), "ARGER");
    assert_eq!(strip_diacritics_keep_case("Café NOIR"), "Cafe NOIR");
    assert_eq!(strip_diacritics_keep_case("Straße"), "Strasse");
    assert_eq!(strip_diacritics_keep_case("STRAẞE"), "STRASSE");
    assert_eq!(strip_diacritics_keep_case("İstanbul"), "Istanbul");
    assert_eq!(strip_diacritics_keep_case("Łódź"), "Lodz");
    assert_eq!(strip_diacritics_keep_case("Putin’s"), "Putin's");
    assert_eq!(strip_diacritics_keep_case("ASCII only"), "ASCII only");
}

#[test]
fn keep_case_then_fold_equals_fold() {
    for s in [
        "Zürich",
        "ÄRGER",
        "Straße",
        "ΣΊΣΥΦΟΣ",
        "İstanbul",
        "Łódź",
        "東京の朝",
    ] {
        assert_eq!(fold(&strip_diacritics_keep_case(s)), fold(s), "{s}");
    }
}

#[test]
fn fold_into_appends() {
    let mut buf = String::from("x ");
    fold_into("ABC", &mut buf);
    fold_into(" É", &mut buf);
    assert_eq!(buf, "x abc e");
}

#[test]
fn tokens_split_on_non_alphanumerics() {
    assert_eq!(
        words("Hello, world!  42 times"),
        ["Hello", "world", "42", "times"]
    );
    assert_eq!(words("co-op"), ["co", "op"]);
    assert_eq!(words("U.S."), ["U", "S"]);
    assert_eq!(words("10:30"), ["10", "30"]);
    assert_eq!(words("snake_case"), ["snake", "case"]);
    assert_eq!(words(""), Vec::<&str>::new());
    assert_eq!(words(" -- ... "), Vec::<&str>::new());
}

#[test]
fn tokens_keep_apostrophes_inside_words() {
    assert_eq!(words("Putin’s war"), ["Putin’s", "war"]);
    assert_eq!(words("don't stop"), ["don't", "stop"]);
    assert_eq!(words("rock 'n' roll"), ["rock", "n", "roll"]);
    assert_eq!(words("the students' union"), ["the", "students", "union"]);
    assert_eq!(words("’tis"), ["tis"]);
    assert_eq!(words("a''b"), ["a", "b"]);
}

#[test]
fn tokens_unicode_words() {
    assert_eq!(words("Zürich naïve café"), ["Zürich", "naïve", "café"]);
    assert_eq!(words("ΣΊΣΥΦΟΣ—ПРИВЕТ"), ["ΣΊΣΥΦΟΣ", "ПРИВЕТ"]);
    // Decomposed diacritics stay inside the word.
    assert_eq!(words("cafe\u{301} au lait"), ["cafe\u{301}", "au", "lait"]);
    // Devanagari vowel signs and virama are marks inside the word.
    assert_eq!(words("हिंदी समाचार"), ["हिंदी", "समाचार"]);
}

#[test]
fn tokens_cjk_characters_are_words() {
    assert_eq!(words("東京の朝"), ["東", "京", "の", "朝"]);
    assert_eq!(words("ニュース"), ["ニ", "ュ", "ー", "ス"]);
    assert_eq!(words("한국 뉴스"), ["한", "국", "뉴", "스"]);
    assert_eq!(words("Tokyo東京2024"), ["Tokyo", "東", "京", "2024"]);
    assert_eq!(words("か\u{3099}"), ["か\u{3099}"]);
    assert_eq!(words("ｶﾞｽ"), ["ｶﾞ", "ｽ"]);
    assert_eq!(words("𠮷野家"), ["𠮷", "野", "家"]);
}

#[test]
fn token_ranges_are_byte_ranges_of_the_original() {
    let s = "Ä b 東";
    let ts: Vec<Token> = tokens(s).collect();
    assert_eq!(
        ts,
        [
            Token { start: 0, end: 2 },
            Token { start: 3, end: 4 },
            Token { start: 5, end: 8 },
        ]
    );
    assert_eq!(Token { start: 1, end: 2 }.text(s), "");
}

#[test]
fn composed_fast_path_agrees_with_streaming_path() {
    let samples = [
        "ÄRGER Zürich naïve café Ångström Tiếng Việt Łódź Ørsted Straße STRAẞE",
        "ΣΊΣΥΦΟΣ Σίσυφος ПРИВЕТ Йошкар-Ола ёлка İstanbul ıstanbul",
        "東京の朝 がぎぐ ガギグ ｶﾞｷﾞ 한국어 뉴스 हिंदी समाचार शांति",
        "שָׁלוֹם كَتَبَ Ǖǘǚǜ ḗḕ ṩ ǻ ỗ Ω K Å ﬁ ① ½ ǅ",
    ];
    for s in samples {
        for lower in [true, false] {
            let mut fast = String::new();
            normalise_into(s, lower, &mut fast);
            let mut slow = String::new();
            normalise_streaming_into(s, lower, &mut slow);
            assert_eq!(fast, slow, "{s:?} lower={lower}");
        }
    }
}

#[test]
fn tokens_never_panic_and_stay_on_boundaries() {
    let alphabet: Vec<char> = "a Z0'’-\u{301}\u{200D}東のかﾞ\u{3099}한é!.ÄİßẞΣςØǘệ\u{0F9}Ωहिं"
        .chars()
        .collect();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..3000 {
        let mut s = String::new();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let len = (x % 12) as usize;
        for _ in 0..len {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push(alphabet[(x % alphabet.len() as u64) as usize]);
        }
        let mut last = 0;
        for t in tokens(&s) {
            assert!(
                t.start >= last && t.start < t.end && t.end <= s.len(),
                "{s:?}"
            );
            assert!(s.is_char_boundary(t.start) && s.is_char_boundary(t.end));
            last = t.end;
        }
        for lower in [true, false] {
            let mut fast = String::new();
            normalise_into(&s, lower, &mut fast);
            let mut slow = String::new();
            normalise_streaming_into(&s, lower, &mut slow);
            assert_eq!(fast, slow, "{s:?}");
        }
    }
}
