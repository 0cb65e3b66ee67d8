//! Splitting text into words, as byte ranges of the original string: runs of letters
//! and digits, or single CJK letters.

use unicode_normalization::char::is_combining_mark;

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
    pub(super) s: &'a str,
    pub(super) pos: usize,
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

/// Han, Hiragana, Katakana and Hangul letters (callers check alphanumeric first).
pub(super) fn is_cjk(c: char) -> bool {
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
    pub(super) fn word_end(&self, mut pos: usize) -> usize {
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
