//! Page furniture in pasted article text: menus, tracker and widget labels, ads,
//! trailing "Latest Posts" style boilerplate, photo captions and credits, and widget
//! labels glued to paragraphs. Part of the plain-text parser, and the vocabulary the
//! HTML extractor shares (`is_junk`, `is_credit_line`, `is_boilerplate_marker`); pure
//! string work, no I/O.

use std::collections::VecDeque;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::meta_lines::{classify_meta, is_reading_time};
use super::{Chunk, ends_sentence, few_words, sentence_ends, starts_like_heading};

/// Lines that are page furniture wherever they appear.
pub(super) const JUNK_LINES: [&str; 48] = [
    "advertisement",
    "advertisements",
    "ad",
    "sponsored",
    "sponsored content",
    "story continues below advertisement",
    "article continues below advertisement",
    "continue reading below",
    "scroll to continue",
    "scroll to continue with content",
    "skip to content",
    "skip to main content",
    "skip to navigation",
    "skip ad",
    "menu",
    "toggle navigation",
    "open menu",
    "close",
    "search",
    "home",
    "subscribe",
    "sign in",
    "log in",
    "login",
    "register",
    "share",
    "share on facebook",
    "share on twitter",
    "tweet",
    "email",
    "print",
    "copy link",
    "listen",
    "listen to this article",
    "save",
    "save article",
    "gift this article",
    "loading",
    "web analytics",
    "analytics",
    "cookie settings",
    "accept cookies",
    "accept all cookies",
    "enable javascript",
    "please enable javascript",
    "follow us",
    "breaking news",
    "facebook twitter email",
];

pub(super) fn squash(line: &str) -> String {
    line.to_lowercase()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != ')')
        .to_string()
}

/// Junk anywhere; `before_title` also drops short all-lowercase lines (tracker and
/// widget labels like "web analytics") and cookie or script notices.
pub(crate) fn is_junk(line: &str, before_title: bool) -> bool {
    if !line.chars().any(char::is_alphanumeric) {
        return true;
    }
    if line.len() > 200 {
        return false;
    }
    // An ASCII line keeps its length when lowercased: one longer than every junk
    // line and reading time, once trimmed, is neither, and is not copied to be sure.
    let trimmed = line.trim_matches(|c: char| !c.is_alphanumeric() && c != ')');
    if line.is_ascii() {
        // Lowercased byte for byte, and trimmed the same before and after: the
        // squashed line is `trimmed` lowercased, compared without a copy (the junk
        // lines are lowercase, and a reading time is read ignoring ASCII case).
        let junk = trimmed.len() <= LONGEST_JUNK_LINE
            && (JUNK_LINES.iter().any(|j| trimmed.eq_ignore_ascii_case(j))
                || is_reading_time(trimmed));
        if junk {
            return true;
        }
    } else if !(trimmed.is_ascii() && trimmed.len() > LONGEST_JUNK_LINE) {
        let squashed = squash(line);
        if JUNK_LINES.contains(&squashed.as_str()) || is_reading_time(&squashed) {
            return true;
        }
    }
    before_title
        && ((few_words(line, 4)
            && line.chars().any(char::is_lowercase)
            && !line.chars().any(|c| c.is_uppercase() || c.is_ascii_digit()))
            || ((contains_ci(line, "cookie") || contains_ci(line, "javascript"))
                && few_words(line, 15)))
}

/// Longer than every line of [`JUNK_LINES`] and every reading time
/// ([`is_reading_time`] looks at 40 bytes at most).
const LONGEST_JUNK_LINE: usize = 40;

/// Whether `text` holds `word` (ASCII, lowercase), ignoring ASCII case:
/// `text.to_ascii_lowercase().contains(word)` without the copy (only ASCII letters
/// change case, and only ASCII bytes can match the word's).
pub(crate) fn contains_ci(text: &str, word: &str) -> bool {
    word.is_empty()
        || text
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// How far past a menu line to look for the article's text.
const MENU_LOOKAHEAD: usize = 40;

/// A very short line before the title.
pub(super) fn is_menu_line(line: &str) -> bool {
    few_words(line, 3) && !ends_sentence(line) && classify_meta(line).is_none()
}

/// Navigation before the title: a block of several very short lines, or a run of
/// very short one-line blocks (`in_menu` says the block before was one), with real
/// text somewhere after it (a document of short lines is not a menu).
pub(super) fn is_menu(block: &Chunk, after: &VecDeque<Chunk>, in_menu: bool) -> bool {
    let prose_follows = after
        .iter()
        .take(MENU_LOOKAHEAD)
        .any(|b| b.len() > 1 || !few_words(&b[0], 7));
    if !prose_follows {
        return false;
    }
    if block.len() > 1 {
        return block.iter().all(|l| is_menu_line(l));
    }
    let short = |b: &Chunk| b.len() == 1 && is_menu_line(&b[0]);
    short(block) && (in_menu || after.front().is_some_and(short))
}

pub(super) const BOILERPLATE: [&str; 56] = [
    "latest posts",
    "latest news",
    "latest stories",
    "latest articles",
    "related",
    "related posts",
    "related articles",
    "related stories",
    "related content",
    "related coverage",
    "related reading",
    "related topics",
    "read more",
    "read next",
    "read also",
    "also read",
    "more stories",
    "more news",
    "more articles",
    "more from",
    "more on this story",
    "recommended",
    "recommended for you",
    "recommended stories",
    "recommended articles",
    "recommended reading",
    "you may also like",
    "you might also like",
    "you may be interested in",
    "popular",
    "most popular",
    "most read",
    "trending",
    "trending now",
    "about the author",
    "about the authors",
    "author bio",
    "share this",
    "share this article",
    "share this story",
    "share this post",
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "get our newsletter",
    "newsletter",
    "comments",
    "leave a comment",
    "leave a reply",
    "join the conversation",
    "show comments",
    "view comments",
    "post a comment",
    "tags",
    "topics",
    "filed under",
    "follow us",
];

/// "Latest Posts", "Related Articles", "Comments (12)", "12 comments" …
pub(crate) fn is_boilerplate_marker(line: &str) -> bool {
    if line.len() > 60 {
        return false;
    }
    let squashed = squash(line);
    let squashed = match squashed.rfind(" (") {
        Some(i) if squashed.ends_with(')') => squashed[..i].to_string(),
        _ => squashed,
    };
    if BOILERPLATE.contains(&squashed.as_str()) {
        return true;
    }
    let words: Vec<&str> = squashed.split_whitespace().collect();
    matches!(words.as_slice(), [n, "comments" | "comment"] if n.bytes().all(|b| b.is_ascii_digit()))
}

/// Cuts everything from the first boilerplate marker in the second half of the text;
/// returns what was cut.
pub(super) fn cut_trailing_boilerplate(blocks: &mut Vec<Chunk>) -> Vec<Chunk> {
    let total: usize = blocks.iter().flatten().map(|l| l.len() + 1).sum();
    let mut offset = 0;
    let mut cut = None;
    for (i, block) in blocks.iter().enumerate() {
        if offset * 2 >= total && block.len() == 1 && is_boilerplate_marker(&block[0]) {
            cut = Some(i);
            break;
        }
        offset += block.iter().map(|l| l.len() + 1).sum::<usize>();
    }
    match cut {
        Some(i) => blocks.split_off(i),
        None => Vec::new(),
    }
}

pub(super) const CREDIT_CUES: [&str; 24] = [
    "(photo",
    "(credit",
    "(image",
    "(pictured",
    "(courtesy",
    "(file photo",
    "(illustration",
    "photo by ",
    "photo credit",
    "photograph by",
    "photographs by",
    "image credit",
    "image source",
    "image via",
    "getty images",
    "gettyimages",
    "shutterstock",
    "istock",
    "ap photo",
    "afp via",
    "/afp",
    "reuters/",
    "/reuters",
    "alamy",
];

/// A short line that is a photo caption, credit or stock-image id.
pub(crate) fn is_credit_line(text: &str) -> bool {
    if text.len() > 600 || !few_words(text, 40) {
        return false;
    }
    let labelled = [
        "photo:",
        "image:",
        "credit:",
        "photograph:",
        "caption:",
        "pictured:",
    ]
    .iter()
    .any(|l| starts_with_ci(text, l));
    labelled
        || has_credit_cue(text)
        || (may_hold_stock_id(text) && crate::whitespace::words(text).any(is_stock_id))
}

/// The image file extensions [`is_stock_id`] knows.
const IMAGE_EXTENSIONS: [&str; 5] = [".jpg", ".jpeg", ".png", ".webp", ".gif"];

/// Whether `text` may hold a word [`is_stock_id`] takes: one holds a '-' or '_', or
/// ends with an image file's extension. Most paragraphs have neither, and are let go
/// without being split into words.
fn may_hold_stock_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2(b'-', b'_', bytes).is_some()
        || memchr::memchr_iter(b'.', bytes).any(|dot| {
            IMAGE_EXTENSIONS.iter().any(|ext| {
                bytes
                    .get(dot..dot + ext.len())
                    .is_some_and(|after| after.eq_ignore_ascii_case(ext.as_bytes()))
            })
        })
}

/// Whether `text` starts with `prefix` (ASCII, lowercase), ignoring ASCII case.
fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `text` holds one of [`CREDIT_CUES`], ignoring ASCII case: all of them at
/// once, without lowercasing a copy of the text.
fn has_credit_cue(text: &str) -> bool {
    static CUES: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(CREDIT_CUES)
            .ok()
    });
    match &*CUES {
        Some(cues) => cues.is_match(text),
        None => {
            let lower = text.to_ascii_lowercase();
            CREDIT_CUES.iter().any(|c| lower.contains(c))
        }
    }
}

/// `GettyImages-1730643141`, `shutterstock_123456789`, `IMG_2041.jpg`.
pub(super) fn is_stock_id(word: &str) -> bool {
    // Both shapes need a '.', '-' or '_': most words are let go without a copy.
    if !word.contains(['.', '-', '_']) {
        return false;
    }
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '-');
    if IMAGE_EXTENSIONS.iter().any(|ext| ends_with_ci(word, ext)) {
        return true;
    }
    match word.rfind(['-', '_']) {
        Some(i) => {
            let (name, id) = (&word[..i], &word[i + 1..]);
            name.len() >= 2
                && name.chars().all(char::is_alphabetic)
                && id.len() >= 6
                && id.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// Whether `text` ends with `suffix` (ASCII, lowercase), ignoring ASCII case.
fn ends_with_ci(text: &str, suffix: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= suffix.len()
        && bytes[bytes.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// A paragraph ending in a credit in brackets, "… (credit: AGENCY/NAME)", has its
/// caption glued on as its last sentence: returns the text before the caption.
pub(super) fn strip_trailing_caption(text: &str) -> Option<&str> {
    let t = text.trim_end();
    let open = t.strip_suffix(')')?.rfind('(')?;
    let inner = t[open + 1..].to_lowercase();
    let credit = [
        "credit",
        "photo",
        "image",
        "picture",
        "courtesy",
        "getty",
        "file photo",
        "illustration",
        "ap photo",
        "afp",
    ]
    .iter()
    .any(|c| inner.starts_with(c));
    if !credit {
        return None;
    }
    let head = &t[..open];
    let start = sentence_ends(head).last().unwrap_or(0);
    Some(head[..start].trim_end())
}

/// Sentence starters that show where a widget label glued to a paragraph ends.
pub(super) const STARTERS: [&str; 40] = [
    "The",
    "There",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "In",
    "On",
    "At",
    "As",
    "A",
    "An",
    "When",
    "While",
    "After",
    "Before",
    "For",
    "But",
    "And",
    "He",
    "She",
    "They",
    "We",
    "I",
    "If",
    "According",
    "Despite",
    "Though",
    "Although",
    "Since",
    "With",
    "Last",
    "Over",
    "One",
    "What",
    "Why",
    "How",
    "Many",
];

/// "New Banner Military AffairsThere is a concept …": two or more capitalised words,
/// then a word with a sentence starter glued to its end. Returns the text after it.
pub(super) fn strip_glued_prefix(line: &str) -> Option<&str> {
    let mut offset = 0;
    for (k, word) in space_pieces(line).take(6).enumerate() {
        if !starts_like_heading(word) {
            return None;
        }
        if k >= 2 && word.len() <= 40 {
            let mut prev: Option<char> = None;
            for (j, c) in word.char_indices() {
                if prev.is_some_and(char::is_lowercase) && c.is_uppercase() && j >= 3 {
                    let right = word[j..].trim_end_matches(|c: char| !c.is_alphanumeric());
                    if STARTERS.contains(&right) && !few_words(&line[offset..], 7) {
                        return Some(&line[offset + j..]);
                    }
                }
                prev = Some(c);
            }
        }
        offset += word.len() + 1;
    }
    None
}

/// The pieces of `line` between spaces, as `split(' ')` gives them, found with a
/// plain byte loop: the words [`strip_glued_prefix`] looks at are short, and most
/// lines are let go at the first or second.
pub(super) fn space_pieces(line: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(line);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.bytes().position(|b| b == b' ') {
            // A space is one byte: both sides of it are character boundaries.
            Some(i) => {
                rest = s.get(i + 1..);
                s.get(..i)
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}
