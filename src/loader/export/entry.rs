//! What every export's reader makes of one saved item, and the `Draft` made of it:
//! the full text through the saved-page extractor, or for a link never fetched a
//! short body that says so. Also the helpers the readers share: tags, times, URLs.

use chrono::{DateTime, NaiveDate, Utc};

use crate::article::{Block, Draft, Saved, SavedHighlight};
use crate::loader::html;

/// One saved item as an export gives it.
#[derive(Debug, Default)]
pub(super) struct Entry {
    pub url: String,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub saved_at: Option<DateTime<Utc>>,
    pub author: Option<String>,
    pub site: Option<String>,
    /// A description or excerpt, shown in a link-only entry's body.
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub starred: bool,
    pub archived: bool,
    /// The full text, as HTML.
    pub html: Option<String>,
    /// Text the reader selected when saving it (Instapaper), quoted first.
    pub selection: Option<String>,
    pub highlights: Vec<SavedHighlight>,
}

impl Entry {
    pub fn into_draft(mut self) -> Draft {
        let date = self
            .published
            .or_else(|| self.saved_at.map(|t| t.date_naive()));
        let page = self
            .html
            .as_deref()
            .map(html::parse)
            .filter(|page| !page.body.is_empty());
        let title = self
            .title
            .take()
            .filter(|t| !t.trim().is_empty())
            .or_else(|| page.as_ref().map(|p| p.title.clone()))
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| host_and_path(&self.url));
        let link_only = page.is_none();
        let (body, links, page_author) = match page {
            Some(page) => (page.body, page.links, page.author),
            None => (self.link_body(date), Vec::new(), None),
        };
        Draft {
            title,
            date,
            author: self.author.or(page_author),
            source: Some(self.url),
            site: self.site,
            tags: clean_tags(self.tags),
            body,
            links,
            link_only,
            saved: Some(Box::new(Saved {
                starred: self.starred,
                archived: self.archived,
                saved_at: self.saved_at,
                highlights: self.highlights,
            })),
            ..Draft::default()
        }
    }

    /// The body of a link never fetched: the selection quoted, the description, and
    /// where and when it was saved.
    fn link_body(&self, date: Option<NaiveDate>) -> Vec<Block> {
        let mut body = Vec::new();
        fn text(s: &Option<String>) -> Option<&str> {
            s.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        if let Some(selection) = text(&self.selection) {
            body.push(Block::Quote(selection.to_string()));
        }
        if let Some(description) = text(&self.description) {
            body.push(Block::Paragraph(description.to_string()));
        }
        let when = self
            .saved_at
            .map(|t| t.date_naive())
            .or(date)
            .map(|d| format!(" on {}", d.format("%Y-%m-%d")))
            .unwrap_or_default();
        body.push(Block::Paragraph(format!(
            "Saved from {}{when}; not fetched yet.",
            self.url
        )));
        body
    }
}

/// Tags trimmed, empty ones dropped, and each kept once whatever its case (the first
/// spelling wins).
pub(super) fn clean_tags(raw: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in raw {
        let tag = crate::whitespace::collapse(tag.trim());
        if !tag.is_empty() && !out.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            out.push(tag);
        }
    }
    out
}

/// A URL worth keeping as a saved article's source: absolute, with a host.
pub(super) fn valid_url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let url = ::url::Url::parse(raw).ok()?;
    (url.has_host() && !url.cannot_be_a_base()).then(|| raw.to_string())
}

/// A machine time: unix seconds, RFC 3339 (with or without the offset's colon), or a
/// date alone (taken as midnight UTC).
pub(super) fn instant(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) {
        let secs: i64 = raw.parse().ok()?;
        // Milliseconds, as some exports write them.
        let secs = if secs > 100_000_000_000 {
            secs / 1000
        } else {
            secs
        };
        return DateTime::from_timestamp(secs, 0);
    }
    DateTime::parse_from_rfc3339(raw)
        .or_else(|_| DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%z"))
        .or_else(|_| DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            let date = crate::dates::parse_timestamp(raw)?;
            Some(date.and_hms_opt(0, 0, 0)?.and_utc())
        })
}

/// A title for an item that has none: the URL's host and path.
fn host_and_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    rest.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_and_kept_once_whatever_their_case() {
        let raw = vec![
            " Rust ".into(),
            "rust".into(),
            "".into(),
            "Café  au lait".into(),
        ];
        assert_eq!(clean_tags(raw), vec!["Rust", "Café au lait"]);
    }

    #[test]
    fn instants_from_unix_seconds_and_iso_times() {
        let t = |s: &str| instant(s).map(|t| t.to_rfc3339());
        assert_eq!(t("1700000000"), Some("2023-11-14T22:13:20+00:00".into()));
        assert_eq!(t("1700000000000"), Some("2023-11-14T22:13:20+00:00".into()));
        assert_eq!(
            t("2024-02-03T10:00:00+0100"),
            Some("2024-02-03T09:00:00+00:00".into())
        );
        assert_eq!(
            t("2024-02-03T10:00:00.123Z"),
            Some("2024-02-03T10:00:00.123+00:00".into())
        );
        assert_eq!(t("yesterday"), None);
    }

    #[test]
    fn a_link_without_title_is_named_by_host_and_path() {
        assert_eq!(
            host_and_path("https://www.example.com/a/b/?utm=x"),
            "example.com/a/b"
        );
        let draft = Entry {
            url: "https://example.com/x".into(),
            ..Entry::default()
        }
        .into_draft();
        assert_eq!(draft.title, "example.com/x");
        assert!(draft.link_only);
        assert_eq!(
            crate::article::testing::paragraphs(&draft),
            vec!["Saved from https://example.com/x; not fetched yet."]
        );
    }
}
