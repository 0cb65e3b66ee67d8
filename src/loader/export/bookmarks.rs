//! Netscape bookmark files, as browsers and Raindrop export them:
//! `<DT><A HREF ADD_DATE TAGS>Title</A>`, an optional `<DD>` description after it,
//! folders as `<DT><H3>Folder</H3><DL>…</DL>`. The folders a bookmark sits in become
//! one tag, their path joined by `/` (`news/tech`); the browser's own top folders
//! (the toolbar, "Other bookmarks") are left out of it. Every bookmark is a link.

use scraper::{ElementRef, Html};

use super::entry::{Entry, instant, valid_url};
use super::pocket::split;

/// Bookmarks that are the browser's own queries and scripts, skipped quietly.
const NOT_PAGES: [&str; 3] = ["place:", "javascript:", "data:"];

pub(super) fn read(text: &str, warnings: &mut Vec<String>) -> Vec<Entry> {
    let document = Html::parse_document(text);
    let mut entries = Vec::new();
    let mut n = 0;
    for node in document.root_element().descendants() {
        let Some(link) = ElementRef::wrap(node).filter(|e| e.value().name() == "a") else {
            continue;
        };
        n += 1;
        let attr = |name: &str| link.value().attr(name).unwrap_or_default().trim();
        let href = attr("href");
        let lower = href.to_ascii_lowercase();
        if NOT_PAGES.iter().any(|p| lower.starts_with(p)) {
            continue;
        }
        let Some(url) = valid_url(href) else {
            warnings.push(format!("bookmark {n}: '{href}' is not a URL; skipped"));
            continue;
        };
        let mut tags = Vec::new();
        if let Some(path) = folder_path(link) {
            tags.push(path);
        }
        tags.extend(split(attr("tags"), ','));
        entries.push(Entry {
            url,
            title: Some(link.text().collect()),
            saved_at: instant(attr("add_date")),
            description: description(link),
            tags,
            ..Entry::default()
        });
    }
    entries
}

/// The folders around a bookmark, outermost first, joined by `/`.
fn folder_path(link: ElementRef) -> Option<String> {
    let mut names: Vec<String> = link
        .ancestors()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "dl")
        .filter_map(|dl| {
            let heading = dl
                .prev_siblings()
                .filter_map(ElementRef::wrap)
                .next()
                .filter(|h| h.value().name() == "h3")?;
            let special = ["personal_toolbar_folder", "unfiled_bookmarks_folder"]
                .iter()
                .any(|a| heading.value().attr(a).is_some());
            let name = crate::whitespace::collapse(&heading.text().collect::<String>());
            (!special && !name.is_empty()).then_some(name)
        })
        .collect();
    names.reverse();
    (!names.is_empty()).then(|| names.join("/"))
}

/// The `<DD>` after the bookmark's `<DT>`.
fn description(link: ElementRef) -> Option<String> {
    let dt = link
        .parent()
        .and_then(ElementRef::wrap)
        .filter(|p| p.value().name() == "dt")?;
    let dd = dt
        .next_siblings()
        .filter_map(ElementRef::wrap)
        .next()
        .filter(|e| e.value().name() == "dd")?;
    let text = crate::whitespace::collapse(&dd.text().collect::<String>());
    (!text.is_empty()).then_some(text)
}
