//! Mail messages and netnews posts → one `Draft` each: a `.eml` file, a message saved
//! with an mbox `From ` line (the first message when there are several), or a news
//! article. Holds the content sniffing (`looks_like_email`), the mapping of headers to
//! title, author, date, site and source, the choice between the HTML and plain-text
//! bodies, and the removal of newsletter boilerplate. MIME structure, transfer
//! encodings, encoded words and charsets are `mail-parser`'s job, not this module's.
//! It must not do I/O, touch the terminal, or panic on any input.

mod body;
mod boilerplate;
mod headers;
mod mbox;
mod plain;
mod sniff;
#[cfg(test)]
mod tests;

use mail_parser::{HeaderName, Message, MessageParser};

use crate::article::Draft;

pub use sniff::looks_like_email;

/// Headers at least one of which a message must carry to be read as one.
const MESSAGE_HEADERS: &[HeaderName<'static>] = &[
    HeaderName::From,
    HeaderName::Subject,
    HeaderName::Date,
    HeaderName::MessageId,
    HeaderName::MimeVersion,
    HeaderName::Received,
    HeaderName::ReturnPath,
];

/// Why bytes are not a mail message (the file is skipped with this reason).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("not a mail message: it does not start with headers")]
    NoHeaders,
    #[error("not a mail message: no mail or news headers")]
    NotAMessage,
}

/// One message → one article. Err only if the bytes are not a message at all.
pub fn parse(bytes: &[u8]) -> Result<Draft, EmailError> {
    let unwrapped = mbox::unwrap(bytes);
    if !sniff::starts_with_header(&unwrapped.message) {
        return Err(EmailError::NoHeaders);
    }
    let message = MessageParser::default()
        .parse(unwrapped.message.as_ref())
        .filter(is_message)
        .ok_or(EmailError::NotAMessage)?;
    let mut draft = metadata(&message);
    draft.date = draft.date.or(unwrapped.date);
    let content = body::extract(&message);
    let trimmed = boilerplate::trim(content.blocks, content.links);
    draft.source = headers::archived_at(&message)
        .or(trimmed.view_url)
        .or_else(|| headers::news_url(&message))
        .or_else(|| headers::list_post(&message));
    draft.body = trimmed.blocks;
    draft.links = trimmed.links;
    Ok(draft)
}

fn is_message(message: &Message) -> bool {
    message.headers().iter().map(|h| &h.name).any(|name| {
        MESSAGE_HEADERS.contains(name)
            || matches!(name, HeaderName::Other(other) if is_news_header(other))
    })
}

fn is_news_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("newsgroups") || name.eq_ignore_ascii_case("path")
}

/// Everything but the body and the source.
fn metadata(message: &Message) -> Draft {
    let (title, tags) = headers::title_and_tags(message.subject().unwrap_or_default());
    Draft {
        title,
        tags,
        date: headers::date(message),
        author: headers::author(message),
        site: headers::site(message),
        ..Draft::default()
    }
}
