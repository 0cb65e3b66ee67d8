//! Pocket's exports: the CSV (`title,url,time_added,tags,status`; unix seconds, tags
//! split by `|`, status `unread` or `archive`) and the older `ril_export.html` (a list
//! under "Unread" and one under "Read Archive", each link with `time_added` and
//! `tags` attributes). Every item is a link never fetched.

use scraper::{ElementRef, Html, Selector};

use super::csv::Table;
use super::entry::{Entry, instant, valid_url};

pub(super) fn read_csv(text: &str, warnings: &mut Vec<String>) -> Vec<Entry> {
    let table = Table::read(text);
    let mut entries = Vec::new();
    for (record, url, saved_at) in table.linked_rows("time_added", warnings) {
        entries.push(Entry {
            url,
            title: Some(table.get(record, "title").to_string()),
            saved_at,
            tags: split(table.get(record, "tags"), '|'),
            archived: table.get(record, "status").eq_ignore_ascii_case("archive"),
            ..Entry::default()
        });
    }
    entries
}

/// Why a row was skipped for its URL.
pub(super) fn no_url(line: usize, raw: &str) -> String {
    if raw.is_empty() {
        format!("line {line}: no URL; skipped")
    } else {
        format!("line {line}: '{raw}' is not a URL; skipped")
    }
}

pub(super) fn split(tags: &str, by: char) -> Vec<String> {
    tags.split(by).map(str::to_string).collect()
}

pub(super) fn read_html(text: &str, warnings: &mut Vec<String>) -> Vec<Entry> {
    let document = Html::parse_document(text);
    let (Ok(links), Ok(headings)) = (Selector::parse("a"), Selector::parse("h1")) else {
        return Vec::new();
    };
    // Each link belongs to the list under the last heading before it.
    let archive_from: Vec<_> = document
        .select(&headings)
        .filter(|h| {
            h.text()
                .collect::<String>()
                .to_lowercase()
                .contains("archive")
        })
        .map(|h| h.id())
        .collect();
    let mut archived = false;
    let mut entries = Vec::new();
    let mut n = 0;
    for node in document.root_element().descendants() {
        let Some(element) = ElementRef::wrap(node) else {
            continue;
        };
        if headings.matches(&element) {
            archived = archive_from.contains(&element.id());
            continue;
        }
        if !links.matches(&element) {
            continue;
        }
        n += 1;
        let href = element.value().attr("href").unwrap_or_default();
        let Some(url) = valid_url(href) else {
            warnings.push(format!("link {n}: '{href}' is not a URL; skipped"));
            continue;
        };
        let attr = |name: &str| element.value().attr(name).unwrap_or_default();
        entries.push(Entry {
            url,
            title: Some(element.text().collect::<String>()),
            saved_at: instant(attr("time_added")),
            tags: split(attr("tags"), ','),
            archived,
            ..Entry::default()
        });
    }
    entries
}
