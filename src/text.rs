//! Normalising words for search: the one place that decides what a "word" is and how
//! two spellings of it compare, so that the index (built over article text) and the
//! query parser (over what the user typed) always agree.
//!
//! * [`tokens`] splits text into words, as byte ranges of the original string.
//! * [`fold`] makes a word case- and diacritic-insensitive ("Zürich" → "zurich").
//! * [`strip_diacritics_keep_case`] does the same but keeps case, for smart-case
//!   (case-sensitive) query terms.
//!
//! Pure functions over `&str`: no I/O, no global state, no panics on any input.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Lowercase `s`, strip its diacritics and unify spelling variants, for
/// case-insensitive comparison. See [`fold_into`] for the exact rules.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Append the folded form of `s` to `out` (lets an indexer reuse one buffer).
///
/// Rules, in order, per character:
/// 1. full Unicode lowercasing ("ÄRGER" → "ärger", "İ" → "i̇");
/// 2. spelling variants: `ς` → `σ`, `ß`/`ẞ` → `ss`, the typographic apostrophes
///    `’ ‘ ʼ ＇` → `'`, and letters whose diacritic is a stroke rather than a combining
///    mark: `ø ł đ ħ ŧ` → `o l d h t`, dotless `ı` → `i`;
/// 3. canonical decomposition (NFD), dropping the combining marks that are
///    diacritics (the Combining Diacritical Marks blocks, Hebrew points, Arabic
///    harakat), then recomposition (NFC) of what is left. Marks that are part of
///    a letter in their script (Indic vowel signs, the kana voicing marks) are kept,
///    so "が" stays distinct from "か".
///
/// ASCII input takes a fast path: a copy lowercased in place.
pub fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        if let Some(tail) = out.get_mut(start..) {
            tail.make_ascii_lowercase();
        }
        return;
    }
    normalise_into(s, true, out);
}

/// Strip diacritics and unify spelling variants like [`fold`], but keep letter case:
/// "Zürich" → "Zurich", "ÄRGER" → "ARGER". For case-sensitive (smart-case) terms.
pub fn strip_diacritics_keep_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    strip_diacritics_keep_case_into(s, &mut out);
    out
}

/// Append [`strip_diacritics_keep_case`] of `s` to `out`.
pub fn strip_diacritics_keep_case_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.push_str(s);
        return;
    }
    normalise_into(s, false, out);
}

/// Rules 1–3 of [`fold_into`] (rule 1 only when `lower`).
fn normalise_into(s: &str, lower: bool, out: &mut String) {
    if is_nfc_quick(s.chars()) != IsNormalized::Yes {
        normalise_streaming_into(s, lower, out);
        return;
    }
    // Composed input (the usual case): char by char, without the streaming
    // normalisers. A char keeps its composed form unless its decomposition holds a
    // diacritic, in which case the rest of the decomposition replaces it.
    for c in s.chars() {
        if c.is_ascii() {
            out.push(if lower { c.to_ascii_lowercase() } else { c });
            continue;
        }
        if is_cjk(c) {
            // No case, and no diacritics among their decompositions.
            out.push(c);
            continue;
        }
        for m in Mapped::new(c, lower) {
            push_without_diacritics(m, out);
        }
    }
}

fn push_without_diacritics(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    let mut has_diacritic = false;
    decompose_canonical(c, |d| has_diacritic |= is_diacritic(d));
    if has_diacritic {
        decompose_canonical(c, |d| {
            if !is_diacritic(d) {
                out.push(d);
            }
        });
    } else {
        out.push(c);
    }
}

/// The general path, for input that may not be composed (NFC): map, decompose
/// (NFD), drop diacritics, recompose (NFC).
fn normalise_streaming_into(s: &str, lower: bool, out: &mut String) {
    let mapped = s.chars().flat_map(move |c| Mapped::new(c, lower));
    out.extend(mapped.nfd().filter(|&c| !is_diacritic(c)).nfc());
}

/// Up to four replacement characters for one input character (lowercasing yields at
/// most three, and the variant mapping at most doubles one of them).
struct Mapped {
    buf: [char; 4],
    len: u8,
    at: u8,
}

impl Mapped {
    fn new(c: char, lower: bool) -> Mapped {
        let mut m = Mapped {
            buf: ['\0'; 4],
            len: 0,
            at: 0,
        };
        if lower {
            for l in c.to_lowercase() {
                m.push_variant(l);
            }
        } else {
            m.push_variant(c);
        }
        m
    }

    fn push(&mut self, c: char) {
        if let Some(slot) = self.buf.get_mut(usize::from(self.len)) {
            *slot = c;
            self.len += 1;
        }
    }

    fn push_variant(&mut self, c: char) {
        match c {
            'ß' => {
                self.push('s');
                self.push('s');
            }
            'ẞ' => {
                self.push('S');
                self.push('S');
            }
            _ => self.push(variant(c)),
        }
    }
}

impl Iterator for Mapped {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if self.at >= self.len {
            return None;
        }
        let c = self.buf.get(usize::from(self.at)).copied();
        self.at += 1;
        c
    }
}

/// One-to-one spelling variants (see [`fold_into`], rule 2).
fn variant(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{FF07}' => '\'',
        'ς' => 'σ',
        'ø' => 'o',
        'Ø' => 'O',
        'ł' => 'l',
        'Ł' => 'L',
        'đ' => 'd',
        'Đ' => 'D',
        'ħ' => 'h',
        'Ħ' => 'H',
        'ŧ' => 't',
        'Ŧ' => 'T',
        'ı' => 'i',
        other => other,
    }
}

/// Combining marks that are diacritics (dropped by folding), as opposed to marks
/// that are an essential part of a letter in their script (kept).
fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'   // Combining Diacritical Marks
        | '\u{0483}'..='\u{0489}' // Cyrillic combining titlo etc.
        | '\u{0591}'..='\u{05BD}' // Hebrew cantillation and points
        | '\u{05BF}'
        | '\u{05C1}'..='\u{05C2}'
        | '\u{05C4}'..='\u{05C5}'
        | '\u{05C7}'
        | '\u{0610}'..='\u{061A}' // Arabic marks
        | '\u{064B}'..='\u{065F}' // Arabic harakat
        | '\u{0670}'
        | '\u{1AB0}'..='\u{1AFF}' // Combining Diacritical Marks Extended
        | '\u{1DC0}'..='\u{1DFF}' // Combining Diacritical Marks Supplement
        | '\u{20D0}'..='\u{20FF}' // Combining Diacritical Marks for Symbols
        | '\u{FE20}'..='\u{FE2F}' // Combining Half Marks
    )
}

/// A word in a string, as the byte range `start..end` of the original string (always
/// on character boundaries).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text in `s`, the string it was found in (empty if it is not).
    pub fn text(self, s: &str) -> &str {
        s.get(self.start..self.end).unwrap_or("")
    }
}

/// The words of `s`, in order. A word is:
/// * a maximal run of alphanumeric characters (`char::is_alphanumeric`), together
///   with any combining marks that follow its characters, and with an apostrophe
///   (`'` or `’`) or a zero-width (non-)joiner kept when it stands between two word
///   characters ("Putin’s", "don't" are one word; "rock 'n' roll" is three);
/// * or a single Han, Hiragana, Katakana or Hangul character (with any combining
///   marks after it): "東京の朝" is four words. No dictionary segmentation.
///
/// Everything else separates words. Allocation-free; ASCII takes a byte fast path.
pub fn tokens(s: &str) -> Tokens<'_> {
    Tokens { s, pos: 0 }
}

/// Iterator returned by [`tokens`].
#[derive(Clone, Debug)]
pub struct Tokens<'a> {
    s: &'a str,
    pos: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    /// Alphanumeric, not CJK: runs together into words.
    Word,
    /// A Han, kana or Hangul letter: a word on its own.
    Cjk,
    /// A combining mark: extends the word before it, if any.
    Mark,
    /// Apostrophe or zero-width joiner: inside a word only between word characters.
    Joiner,
    /// Anything else: separates words.
    Other,
}

fn classify(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Class::Word
        } else if c == '\'' {
            Class::Joiner
        } else {
            Class::Other
        };
    }
    match c {
        // Kana voicing marks (combining and half-width): part of the kana before them.
        '\u{3099}'..='\u{309C}' | '\u{FF9E}' | '\u{FF9F}' => return Class::Mark,
        '\u{2019}' | '\u{200C}' | '\u{200D}' => return Class::Joiner,
        _ => {}
    }
    if c.is_alphanumeric() {
        if is_cjk(c) { Class::Cjk } else { Class::Word }
    } else if is_combining_mark(c) {
        Class::Mark
    } else {
        Class::Other
    }
}

/// The CJK letters (Han, kana, Hangul) in `s`: each is a word when counting words
/// and reading time, as there are no spaces between them.
pub fn cjk_letters(s: &str) -> usize {
    if s.is_ascii() {
        return 0;
    }
    s.chars()
        .filter(|&c| is_cjk(c) && c.is_alphanumeric())
        .count()
}

/// How many more words `s` holds than its runs of non-whitespace, when each CJK
/// letter is a word and so is each run of other letters or digits beside them
/// ("東京の朝" is four words, "Tokyo東京" three). 0 for text without CJK letters.
pub fn extra_cjk_words(s: &str) -> usize {
    if s.is_ascii() {
        return 0;
    }
    let mut extra = 0;
    for chunk in s.split_whitespace() {
        if chunk.is_ascii() {
            continue;
        }
        let (mut words, mut in_run, mut cjk) = (0usize, false, false);
        for c in chunk.chars() {
            if is_cjk(c) && c.is_alphanumeric() {
                words += 1;
                in_run = false;
                cjk = true;
            } else if c.is_alphanumeric() {
                words += usize::from(!in_run);
                in_run = true;
            } else {
                in_run = false;
            }
        }
        if cjk {
            extra += words.saturating_sub(1);
        }
    }
    extra
}

/// Minutes to read `words` words of which `cjk` are CJK letters: about 230 words a
/// minute, and 500 CJK letters.
pub fn reading_minutes(words: usize, cjk: usize) -> f64 {
    let cjk = cjk.min(words);
    (words - cjk) as f64 / 230.0 + cjk as f64 / 500.0
}

/// Han, Hiragana, Katakana and Hangul letters (callers check alphanumeric first).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'     // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}'   // CJK radicals, Kangxi radicals
        | '\u{3005}'..='\u{3007}'   // 々 〆 〇
        | '\u{3021}'..='\u{3029}'   // Hangzhou numerals
        | '\u{3038}'..='\u{303B}'
        | '\u{3041}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3130}'..='\u{318F}'   // Hangul Compatibility Jamo
        | '\u{31F0}'..='\u{31FF}'   // Katakana Phonetic Extensions
        | '\u{3400}'..='\u{4DBF}'   // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK Unified Ideographs
        | '\u{A960}'..='\u{A97F}'   // Hangul Jamo Extended-A
        | '\u{AC00}'..='\u{D7FF}'   // Hangul Syllables, Jamo Extended-B
        | '\u{F900}'..='\u{FAFF}'   // CJK Compatibility Ideographs
        | '\u{FF66}'..='\u{FF9D}'   // Half-width Katakana
        | '\u{FFA0}'..='\u{FFDC}'   // Half-width Hangul
        | '\u{1B000}'..='\u{1B16F}' // Kana Supplement, Extended-A, Small Kana
        | '\u{20000}'..='\u{3FFFF}' // CJK Extensions B and later
    )
}

impl Tokens<'_> {
    /// The character at byte `pos` (always a boundary) and its class.
    #[inline]
    fn char_at(&self, pos: usize) -> Option<(char, Class)> {
        let c = self.s.get(pos..)?.chars().next()?;
        Some((c, classify(c)))
    }

    #[inline]
    fn is_word_at(&self, pos: usize) -> bool {
        match self.s.as_bytes().get(pos) {
            None => false,
            Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
            Some(_) => matches!(self.char_at(pos), Some((_, Class::Word))),
        }
    }

    /// The end of the word whose characters continue at `pos`.
    fn word_end(&self, mut pos: usize) -> usize {
        let bytes = self.s.as_bytes();
        loop {
            match bytes.get(pos) {
                None => return pos,
                Some(b) if b.is_ascii_alphanumeric() => pos += 1,
                Some(b'\'') if self.is_word_at(pos + 1) => pos += 1,
                Some(b) if b.is_ascii() => return pos,
                Some(_) => match self.char_at(pos) {
                    Some((c, Class::Word | Class::Mark)) => pos += c.len_utf8(),
                    Some((c, Class::Joiner)) if self.is_word_at(pos + c.len_utf8()) => {
                        pos += c.len_utf8();
                    }
                    _ => return pos,
                },
            }
        }
    }

    /// The end of the combining marks starting at `pos`.
    fn marks_end(&self, mut pos: usize) -> usize {
        while let Some((c, Class::Mark)) = self.char_at(pos) {
            pos += c.len_utf8();
        }
        pos
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let bytes = self.s.as_bytes();
        loop {
            let start = self.pos;
            let b = *bytes.get(start)?;
            if b.is_ascii() {
                self.pos += 1;
                if b.is_ascii_alphanumeric() {
                    self.pos = self.word_end(self.pos);
                    return Some(Token {
                        start,
                        end: self.pos,
                    });
                }
                continue;
            }
            let (c, class) = self.char_at(start)?;
            self.pos += c.len_utf8();
            match class {
                Class::Word => {
                    self.pos = self.word_end(self.pos);
                    return Some(Token {
                        start,
                        end: self.pos,
                    });
                }
                Class::Cjk => {
                    self.pos = self.marks_end(self.pos);
                    return Some(Token {
                        start,
                        end: self.pos,
                    });
                }
                Class::Mark | Class::Joiner | Class::Other => {}
            }
        }
    }
}

/// For each byte: whether it is an ASCII letter or digit (a word character).
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The first 16 bytes of `word` as two little-endian integers, zero past its end:
/// what [`fold_words`] hands over with each word, for hashing and comparing it.
pub fn word_head(word: &[u8]) -> [u64; 2] {
    let mut head = [0u64; 2];
    for (i, &b) in word.iter().take(16).enumerate() {
        head[i / 8] |= u64::from(b) << (8 * (i % 8));
    }
    head
}

/// Calls `f` with the folded form of each word of `s`, in order, and its
/// [`word_head`]: exactly what `tokens(s)` followed by [`fold_into`] of each token
/// gives, empty folds included. Words made of ASCII characters are found and
/// lowercased eight bytes at a time (up to 16 bytes long); a word with
/// anything else in it (or next to it) goes through [`Tokens`] and [`fold_into`].
/// `scratch` is a buffer the general path reuses. The slice handed to `f` is always
/// valid UTF-8.
#[inline(always)]
pub fn fold_words(s: &str, scratch: &mut String, mut f: impl FnMut(&[u8], [u64; 2])) {
    let bytes = s.as_bytes();
    let general = Tokens { s, pos: 0 };
    let mut pos = 0;
    while let Some(&b) = bytes.get(pos) {
        if b >= 0x80 {
            // Not ASCII: one step of the general tokeniser, which is stateless apart
            // from its position, so the two paths can take turns.
            let mut rest = Tokens { s, pos };
            match rest.next() {
                Some(token) => {
                    scratch.clear();
                    fold_into(token.text(s), scratch);
                    f(scratch.as_bytes(), word_head(scratch.as_bytes()));
                    pos = rest.pos;
                }
                None => return,
            }
            continue;
        }
        if !ASCII_WORD[usize::from(b)] {
            pos += 1;
            continue;
        }
        // An ASCII word starts here: the same steps as `Tokens::word_end`.
        let start = pos;
        let mut ascii = true;
        loop {
            pos += 1;
            let Some(&b) = bytes.get(pos) else { break };
            if ASCII_WORD[usize::from(b)] {
                continue;
            }
            if b == b'\'' {
                match bytes.get(pos + 1) {
                    Some(&next) if ASCII_WORD[usize::from(next)] => continue,
                    Some(&next) if next >= 0x80 => ascii = false,
                    _ => {}
                }
            } else if b >= 0x80 {
                ascii = false;
            }
            break;
        }
        if !ascii {
            pos = general.word_end(pos);
        }
        let word = bytes.get(start..pos).unwrap_or_default();
        if ascii && word.len() <= 16 {
            // Letters, digits and inner apostrophes only: lowercase them eight at a time.
            let head = ascii_head(bytes, start, word);
            let mut folded = [0u8; 16];
            let (lo, hi) = folded.split_at_mut(8);
            lo.copy_from_slice(&head[0].to_le_bytes());
            hi.copy_from_slice(&head[1].to_le_bytes());
            f(folded.get(..word.len()).unwrap_or_default(), head);
        } else {
            scratch.clear();
            fold_into(s.get(start..pos).unwrap_or(""), scratch);
            f(scratch.as_bytes(), word_head(scratch.as_bytes()));
        }
    }
}

/// The [`word_head`] of `word`, an ASCII word of at most 16 bytes at `bytes[start..]`,
/// lowercased.
#[inline]
fn ascii_head(bytes: &[u8], start: usize, word: &[u8]) -> [u64; 2] {
    let raw = match bytes.get(start..).and_then(|rest| rest.first_chunk::<16>()) {
        Some(chunk) => u128::from_le_bytes(*chunk),
        None => {
            let mut padded = [0u8; 16];
            for (to, &from) in padded.iter_mut().zip(word) {
                *to = from;
            }
            u128::from_le_bytes(padded)
        }
    };
    let raw = if word.len() >= 16 {
        raw
    } else {
        raw & ((1u128 << (8 * word.len())) - 1)
    };
    [ascii_lower(raw as u64), ascii_lower((raw >> 64) as u64)]
}

/// Lowercases eight ASCII bytes at once (bytes from 0x80 up are not expected).
#[inline]
fn ascii_lower(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `from_a` is set when the byte is 'A' or above,
    // of `past_z` when it is above 'Z'; no byte carries into the next.
    let from_a = x.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let past_z = x.wrapping_add(0x2525_2525_2525_2525);
    x | ((from_a & !past_z & HIGH) >> 2)
}

#[cfg(test)]
mod tests {
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
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        for _ in 0..20_000 {
            let len = next(40);
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
}
