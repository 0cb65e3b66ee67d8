//! Counting words the way a reader reads them: each CJK letter is a word, and reading
//! time follows from the counts.

use super::tokens::is_cjk;

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
