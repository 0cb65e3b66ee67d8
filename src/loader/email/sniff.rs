//! Content sniffing: does a file begin like a mail message or a netnews post?

/// Header names that mark a mail message or news post. Two of them, in a header block
/// that starts at the first byte, make a message.
const KNOWN: &[&str] = &[
    "from",
    "subject",
    "date",
    "message-id",
    "mime-version",
    "received",
    "return-path",
    "newsgroups",
    "path",
    "to",
    "cc",
    "reply-to",
    "sender",
    "in-reply-to",
    "references",
    "content-type",
    "content-transfer-encoding",
    "delivered-to",
    "list-id",
    "list-unsubscribe",
    "organization",
    "user-agent",
    "x-mailer",
    "xref",
    "lines",
];

/// By content, not extension: does this look like a mail message or netnews post?
/// The header block must start at the very first byte (an mbox `From ` line may come
/// before it), every line up to the first blank one must be `Name: value` or a folded
/// continuation, and at least two of them must be headers mail and news use.
pub fn looks_like_email(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let head = skip_mbox_line(head);
    let mut known = 0;
    // Line by line, so a page or a text fails at its first line, not after its head
    // was split into lines.
    for (i, line) in header_block(head).enumerate() {
        match classify(line) {
            Line::Field(name) => known += usize::from(is_known(name)),
            Line::Continuation if i > 0 => {}
            _ => return false,
        }
    }
    known >= 2
}

/// Whether `bytes` begin with a header field (after an optional mbox `From ` line).
pub(super) fn starts_with_header(bytes: &[u8]) -> bool {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    matches!(classify(trim_cr(first)), Line::Field(_))
}

/// After an mbox `From ` line, if there is one.
fn skip_mbox_line(head: &[u8]) -> &[u8] {
    if !head.starts_with(b"From ") {
        return head;
    }
    match head.iter().position(|&b| b == b'\n') {
        Some(nl) => &head[nl + 1..],
        None => &[],
    }
}

/// The lines before the first blank one. When the head ends before any blank line
/// the last line may be cut short, so it is left out.
fn header_block(head: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut parts = head.split(|&b| b == b'\n').peekable();
    std::iter::from_fn(move || {
        let line = trim_cr(parts.next()?);
        (!line.is_empty() && parts.peek().is_some()).then_some(line)
    })
}

enum Line<'a> {
    Field(&'a [u8]),
    Continuation,
    Other,
}

fn classify(line: &[u8]) -> Line<'_> {
    if line.first().is_some_and(|&b| b == b' ' || b == b'\t') {
        return Line::Continuation;
    }
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return Line::Other;
    };
    let name = &line[..colon];
    // RFC 5322 field names: printable ASCII but for space and colon.
    if !name.is_empty() && name.iter().all(|&b| (33..=126).contains(&b)) {
        Line::Field(name)
    } else {
        Line::Other
    }
}

fn is_known(name: &[u8]) -> bool {
    KNOWN
        .iter()
        .any(|k| k.as_bytes().eq_ignore_ascii_case(name))
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_make_a_message() {
        assert!(looks_like_email(b"From: a@b.test\nSubject: hi\n\nbody"));
        assert!(looks_like_email(
            b"Received: from x\n\tby y; Mon, 1 Jan 2024\r\nDate: x\r\n\r\n"
        ));
        assert!(looks_like_email(
            b"From a@b.test Mon Jan  1 00:00:00 2024\nFrom: a@b.test\nTo: c@d.test\n\nx"
        ));
    }

    #[test]
    fn a_cut_head_ignores_its_last_line() {
        assert!(looks_like_email(b"From: a@b.test\nSubject: hi\nX-Lon"));
    }

    #[test]
    fn one_known_header_is_not_enough() {
        assert!(!looks_like_email(b"Title: x\nDate: 2024-01-01\n\nbody"));
        assert!(!looks_like_email(b" From: a\nSubject: b\n\n"));
        assert!(!looks_like_email(b""));
    }
}
