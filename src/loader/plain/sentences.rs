//! Sentence ends (not after abbreviations or initials), and a title made from the
//! body's first sentence when the text names none.

use crate::article::Block;

use super::{DERIVED_TITLE_MAX, char_len, few_words};

const ABBREVIATIONS: [&str; 48] = [
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "st",
    "jr", "sr", "inc", "corp", "co", "ltd", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "approx", "dept", "est", "fig", "rev",
    "hon", "pres", "adm", "maj", "atty", "supt", "cmdr",
];

/// Byte offsets just past each sentence end: `.`, `!` or `?` (with closing quotes)
/// followed by a space and a capital, digit or opening quote, not after an
/// abbreviation or initial.
pub(super) fn sentence_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    text.char_indices().filter_map(move |(i, c)| {
        if !matches!(c, '.' | '!' | '?') {
            return None;
        }
        let after = &text[i + 1..];
        let closing = after.len() - after.trim_start_matches(['"', '\'', '”', '’', ')']).len();
        let end = i + 1 + closing;
        let rest = &text[end..];
        let next = rest.strip_prefix(' ')?.chars().next()?;
        if !(next.is_uppercase() || next.is_ascii_digit() || "“\"‘(".contains(next)) {
            return None;
        }
        if c == '.' && closing == 0 {
            // The word before the full stop, looked at over a bounded distance.
            let from = i.saturating_sub(12);
            let from = (from..i).find(|&k| text.is_char_boundary(k)).unwrap_or(i);
            let word = text[from..i].rsplit(' ').next().unwrap_or_default();
            let long = word.len() == i - from && from > 0 && bytes.get(from - 1) != Some(&b' ');
            let lower = word.to_lowercase();
            let abbreviation = !long
                && (word.chars().count() == 1
                    || word.contains('.')
                    || ABBREVIATIONS.contains(&lower.as_str()));
            if abbreviation {
                return None;
            }
        }
        Some(end)
    })
}

pub(super) fn title_from_body(body: &[Block]) -> Option<String> {
    let text = body.iter().find_map(|b| match b {
        Block::Paragraph(t) | Block::Heading { text: t, .. } => Some(t.as_str()),
        _ => None,
    })?;
    let end = sentence_ends(text).next().unwrap_or(text.len());
    let sentence = text[..end].trim();
    let sentence = sentence.strip_suffix('.').unwrap_or(sentence);
    Some(shorten(without_dateline(sentence), DERIVED_TITLE_MAX))
}

/// A wire-style dateline opening a story, "WASHINGTON (Reuters) - " or
/// "KYIV, Ukraine — ", is not part of a title.
fn without_dateline(sentence: &str) -> &str {
    let head: String = sentence.chars().take(60).collect();
    let Some((at, dash)) = [" - ", " — ", " – "]
        .iter()
        .filter_map(|d| head.find(d).map(|i| (i, d.len())))
        .min()
    else {
        return sentence;
    };
    let place = &head[..at];
    let first = place.split_whitespace().next().unwrap_or_default();
    let first = first.trim_end_matches(',');
    let shouting =
        first.chars().count() >= 3 && first.chars().all(|c| c.is_uppercase() || c == '.');
    if shouting && few_words(place, 6) && at + dash < sentence.len() {
        &sentence[at + dash..]
    } else {
        sentence
    }
}

/// `s` if it has at most `max` characters, else cut at a word boundary with "…".
pub(super) fn shorten(s: &str, max: usize) -> String {
    if s.chars().take(max + 1).count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for word in s.split(' ') {
        if char_len(&out) + 1 + char_len(word) > max - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = s.chars().take(max - 1).collect();
    }
    let mut out = out
        .trim_end_matches(|c: char| c.is_whitespace() || ",;:—–-".contains(c))
        .to_string();
    out.push('…');
    out
}
