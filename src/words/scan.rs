//! Splitting and folding in one pass, for the index: ASCII words eight bytes at a
//! time, anything else through the general tokeniser and fold.

use super::fold::fold_into;
use super::tokens::Tokens;

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
        // An ASCII word starts here: the same steps as `Tokens::word_end`, its
        // letters and digits skipped sixteen bytes at a time where there are sixteen.
        let start = pos;
        let mut ascii = true;
        pos = match bytes.get(start..).and_then(|rest| rest.first_chunk::<16>()) {
            Some(chunk) => start + word_len16(u128::from_le_bytes(*chunk)),
            None => start + 1,
        };
        while let Some(&b) = bytes.get(pos) {
            if ASCII_WORD[usize::from(b)] {
                pos += 1;
                continue;
            }
            if b == b'\'' {
                match bytes.get(pos + 1) {
                    Some(&next) if ASCII_WORD[usize::from(next)] => {
                        pos += 1;
                        continue;
                    }
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

/// How many of the sixteen bytes of `chunk` (little-endian) are ASCII letters or
/// digits before the first that is not one (16 if all are).
#[inline]
pub(super) fn word_len16(chunk: u128) -> usize {
    let low = not_word(chunk as u64);
    if low != 0 {
        return (low.trailing_zeros() / 8) as usize;
    }
    let high = not_word((chunk >> 64) as u64);
    if high != 0 {
        return 8 + (high.trailing_zeros() / 8) as usize;
    }
    16
}

/// The high bit of each of the eight bytes of `x` that is not an ASCII letter or
/// digit (bytes from 0x80 up included).
#[inline]
fn not_word(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // On the low seven bits of each byte no sum below carries into the next byte.
    let y = x & !HIGH;
    let from_0 = y.wrapping_add(0x5050_5050_5050_5050);
    let past_9 = y.wrapping_add(0x4646_4646_4646_4646);
    let l = y | 0x2020_2020_2020_2020;
    let from_a = l.wrapping_add(0x1f1f_1f1f_1f1f_1f1f);
    let past_z = l.wrapping_add(0x0505_0505_0505_0505);
    let word = ((from_0 & !past_9) | (from_a & !past_z)) & !x & HIGH;
    !word & HIGH
}

/// Lowercases eight ASCII bytes at once (bytes from 0x80 up are not expected).
#[inline]
pub(super) fn ascii_lower(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `from_a` is set when the byte is 'A' or above,
    // of `past_z` when it is above 'Z'; no byte carries into the next.
    let from_a = x.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let past_z = x.wrapping_add(0x2525_2525_2525_2525);
    x | ((from_a & !past_z & HIGH) >> 2)
}
