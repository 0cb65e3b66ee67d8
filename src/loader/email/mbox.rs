//! A message saved with an mbox envelope: the `From sender date` line before the
//! headers, `>From ` quoting in the body, and possibly more messages after it.

use std::borrow::Cow;

use chrono::NaiveDate;

/// The message without its envelope, and the envelope's date.
pub(super) struct Unwrapped<'a> {
    pub message: Cow<'a, [u8]>,
    pub date: Option<NaiveDate>,
}

/// Strips a byte-order mark and an mbox `From ` line; keeps only the first message of
/// a mailbox and undoes `>From ` quoting; ends the last line (the header parser needs
/// that). Other input comes back as it is.
pub(super) fn unwrap(bytes: &[u8]) -> Unwrapped<'_> {
    let mut unwrapped = unwrap_mbox(bytes);
    if !unwrapped.message.is_empty() && !unwrapped.message.ends_with(b"\n") {
        unwrapped.message.to_mut().push(b'\n');
    }
    unwrapped
}

fn unwrap_mbox(bytes: &[u8]) -> Unwrapped<'_> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if !bytes.starts_with(b"From ") {
        return Unwrapped {
            message: Cow::Borrowed(bytes),
            date: None,
        };
    }
    let nl = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    let date = envelope_date(&String::from_utf8_lossy(&bytes[..nl]));
    let rest = bytes.get(nl + 1..).unwrap_or_default();
    let first = &rest[..next_message(rest)];
    Unwrapped {
        message: unquote_from(first),
        date,
    }
}

/// Where the next message of a mailbox begins: a `From ` line after a blank line.
fn next_message(rest: &[u8]) -> usize {
    let mut offset = 0;
    let mut after_blank = false;
    for line in rest.split_inclusive(|&b| b == b'\n') {
        if after_blank && line.starts_with(b"From ") {
            return offset;
        }
        after_blank = matches!(line, b"\n" | b"\r\n");
        offset += line.len();
    }
    rest.len()
}

/// `>From ` → `From `, `>>From ` → `>From ` (mboxrd).
fn unquote_from(message: &[u8]) -> Cow<'_, [u8]> {
    if !contains(message, b"\n>") {
        return Cow::Borrowed(message);
    }
    let mut out = Vec::with_capacity(message.len());
    for line in message.split_inclusive(|&b| b == b'\n') {
        let quotes = line.iter().take_while(|&&b| b == b'>').count();
        if quotes > 0 && line[quotes..].starts_with(b"From ") {
            out.extend_from_slice(&line[1..]);
        } else {
            out.extend_from_slice(line);
        }
    }
    Cow::Owned(out)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The date of `From sender Sat Jan  3 01:05:34 1996` (asctime, maybe with a zone).
fn envelope_date(line: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = line.split_whitespace().skip(2).collect();
    crate::dates::parse_timestamp(&words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_is_stripped_and_dated() {
        let u = unwrap(b"From a@b.test Sat Jan  3 01:05:34 1996\nSubject: x\n\n>From here\n");
        assert_eq!(&*u.message, b"Subject: x\n\nFrom here\n");
        assert_eq!(u.date, NaiveDate::from_ymd_opt(1996, 1, 3));
    }

    #[test]
    fn only_the_first_message_of_a_mailbox_is_kept() {
        let u = unwrap(b"From a x\nSubject: 1\n\none\n\nFrom b x\nSubject: 2\n\ntwo\n");
        assert_eq!(&*u.message, b"Subject: 1\n\none\n\n");
        assert_eq!(u.date, None);
    }

    #[test]
    fn other_input_is_untouched() {
        assert_eq!(&*unwrap(b"Subject: x\n").message, b"Subject: x\n");
        assert_eq!(&*unwrap(b"Subject: x").message, b"Subject: x\n");
        assert_eq!(&*unwrap(b"From ").message, b"");
    }
}
