//! Folding a word for comparison: lowercase without diacritics ("Zürich" → "zurich"),
//! or without diacritics only, for smart-case query terms.

use unicode_normalization::char::decompose_canonical;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::tokens::is_cjk;

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
pub(super) fn normalise_into(s: &str, lower: bool, out: &mut String) {
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
pub(super) fn normalise_streaming_into(s: &str, lower: bool, out: &mut String) {
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
