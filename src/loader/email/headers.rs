//! The header fields a reader shows: subject → title and tags, sender → author,
//! date, list or newsgroup → site, and the URLs that can serve as the source.

use chrono::NaiveDate;
use mail_parser::{Addr, HeaderName, Message};

/// Reply and forward markers stripped from the front of a subject (`Re:`, `Fwd:`,
/// and the German `AW:`/`WG:`), case-insensitively.
const REPLY_MARKERS: &[&str] = &["re", "fwd", "fw", "aw", "wg"];
/// A `[tag]` longer than this is part of the title, not a list tag.
const MAX_TAG_CHARS: usize = 40;

/// The subject without reply markers and leading `[list]` tags, and those tags.
pub(super) fn title_and_tags(subject: &str) -> (String, Vec<String>) {
    let mut rest = subject.trim();
    let mut tags: Vec<String> = Vec::new();
    loop {
        if let Some(after) = strip_reply_marker(rest) {
            rest = after.trim_start();
        } else if let Some((tag, after)) = split_tag(rest) {
            if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
                tags.push(tag.to_string());
            }
            rest = after.trim_start();
        } else {
            break;
        }
    }
    let title = if rest.is_empty() {
        subject.trim()
    } else {
        rest
    };
    (title.to_string(), tags)
}

/// `Re: x`, `RE[2]: x`, `Fwd : x` → `x`.
fn strip_reply_marker(s: &str) -> Option<&str> {
    let word_len = s.find(|c: char| !c.is_ascii_alphabetic())?;
    let word = &s[..word_len];
    if !REPLY_MARKERS.iter().any(|m| m.eq_ignore_ascii_case(word)) {
        return None;
    }
    let mut rest = &s[word_len..];
    if let Some(counted) = rest.strip_prefix('[').or_else(|| rest.strip_prefix('(')) {
        let digits = counted.find(|c: char| !c.is_ascii_digit())?;
        rest = counted[digits..].strip_prefix([']', ')'])?;
    }
    rest.trim_start().strip_prefix(':')
}

/// `[tag] rest` → (`tag`, `rest`).
fn split_tag(s: &str) -> Option<(&str, &str)> {
    let inner = s.strip_prefix('[')?;
    let end = inner.find(']')?;
    let tag = inner[..end].trim();
    (tag.chars().count() <= MAX_TAG_CHARS).then(|| (tag, &inner[end + 1..]))
}

/// The sender's display name, or the bare address when there is none.
pub(super) fn author(message: &Message) -> Option<String> {
    let from = message.from()?.first()?;
    display_name(from).or_else(|| from.address().map(str::to_string))
}

fn display_name(addr: &Addr) -> Option<String> {
    let name = addr.name()?.trim().trim_matches('"').trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// The `Date:` as the sender wrote it: the local date in the message's own offset.
pub(super) fn date(message: &Message) -> Option<NaiveDate> {
    let dt = message.date()?;
    NaiveDate::from_ymd_opt(i32::from(dt.year), u32::from(dt.month), u32::from(dt.day))
}

/// The list's name (`List-Id`), the first newsgroup, a newsletter sender's name, or
/// the sender's domain.
pub(super) fn site(message: &Message) -> Option<String> {
    list_name(message)
        .or_else(|| newsgroups(message).into_iter().next())
        .or_else(|| newsletter_name(message))
        .or_else(|| sender_domain(message))
}

fn list_name(message: &Message) -> Option<String> {
    let list = message.list_id().as_address()?.first()?;
    display_name(list).or_else(|| {
        let id = list.address()?.trim();
        (!id.is_empty()).then(|| id.to_string())
    })
}

/// The groups of a netnews post, in order; empty for mail.
pub(super) fn newsgroups(message: &Message) -> Vec<String> {
    message
        .header_raw("Newsgroups")
        .map(|raw| {
            raw.split([',', ' ', '\t', '\r', '\n'])
                .filter(|g| !g.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn newsletter_name(message: &Message) -> Option<String> {
    message.header(HeaderName::ListUnsubscribe)?;
    display_name(message.from()?.first()?)
}

fn sender_domain(message: &Message) -> Option<String> {
    let address = message.from()?.first()?.address()?;
    let domain = address.rsplit_once('@')?.1.trim();
    (!domain.is_empty()).then(|| domain.to_string())
}

/// `Archived-At` (RFC 5064): where the list keeps this very message.
pub(super) fn archived_at(message: &Message) -> Option<String> {
    message.header_raw("Archived-At").and_then(first_url)
}

/// `List-Post`: the list's posting address (`NO` when posting is not allowed).
pub(super) fn list_post(message: &Message) -> Option<String> {
    message.header_raw("List-Post").and_then(first_url)
}

/// `news:<message-id>` (RFC 5538) for a netnews post.
pub(super) fn news_url(message: &Message) -> Option<String> {
    if newsgroups(message).is_empty() {
        return None;
    }
    let id = message.message_id()?.trim();
    (!id.is_empty()).then(|| format!("news:{id}"))
}

/// The first `<url>` of a header holding URLs in angle brackets.
fn first_url(raw: &str) -> Option<String> {
    let start = raw.find('<')? + 1;
    let len = raw[start..].find('>')?;
    let url: String = raw[start..start + len]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    url.contains(':').then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tt(s: &str) -> (String, Vec<String>) {
        title_and_tags(s)
    }

    #[test]
    fn subject_markers_and_tags_come_off() {
        assert_eq!(tt("Re: Fwd: Hello"), ("Hello".into(), vec![]));
        assert_eq!(tt("RE[2] : Hi"), ("Hi".into(), vec![]));
        assert_eq!(
            tt("[rust-users] Re: [ANN] Crate"),
            ("Crate".into(), vec!["rust-users".into(), "ANN".into()])
        );
        assert_eq!(
            tt("Reading list: books"),
            ("Reading list: books".into(), vec![])
        );
        assert_eq!(tt("[only]"), ("[only]".into(), vec!["only".into()]));
        assert_eq!(tt("Re:"), ("Re:".into(), vec![]));
    }

    #[test]
    fn header_urls_are_unbracketed() {
        assert_eq!(
            first_url(" <https://a.test/x>"),
            Some("https://a.test/x".into())
        );
        assert_eq!(first_url(" NO (posting not allowed)"), None);
        assert_eq!(first_url("<nope>"), None);
    }
}
