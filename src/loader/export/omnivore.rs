//! Omnivore's export, unpacked: `metadata_N.json` (an array of items with `slug`,
//! `title`, `description`, `author`, `url`, `state`, `labels`, `savedAt`,
//! `publishedAt`), the full text in `content/<slug>.html` and the highlights in
//! `highlights/<slug>.md` (`> quote` lines, the note below them). The files beside
//! the metadata come through `beside`; an item without content is a link.

use serde_json::Value;

use super::entry::{Entry, instant};
use super::wallabag::{json_array, list, text, url};
use crate::article::SavedHighlight;

pub(super) fn read(
    text_: &str,
    beside: &dyn Fn(&str) -> Option<String>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Entry>, String> {
    let items = json_array(text_)?;
    let mut entries = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match url(item) {
            Ok(url) => entries.push(entry(item, url, beside)),
            Err(why) => warnings.push(format!("entry {}: {why}; skipped", i + 1)),
        }
    }
    Ok(entries)
}

fn entry(item: &Value, url: String, beside: &dyn Fn(&str) -> Option<String>) -> Entry {
    let slug = text(item, "slug");
    let file = |folder: &str, ext: &str| {
        let slug = slug.as_deref()?;
        beside(&format!("{folder}/{slug}.{ext}"))
    };
    let labels = list(item, "labels")
        .filter_map(|l| match l {
            Value::String(s) => Some(s.clone()),
            l => text(l, "name"),
        })
        .collect();
    Entry {
        url,
        title: text(item, "title"),
        published: text(item, "publishedAt")
            .and_then(|t| instant(&t))
            .map(|t| t.date_naive()),
        saved_at: text(item, "savedAt").and_then(|t| instant(&t)),
        author: text(item, "author"),
        site: text(item, "siteName"),
        description: text(item, "description"),
        tags: labels,
        archived: text(item, "state").is_some_and(|s| s.eq_ignore_ascii_case("archived")),
        html: file("content", "html"),
        highlights: file("highlights", "md")
            .map(|md| highlights(&md))
            .unwrap_or_default(),
        ..Entry::default()
    }
}

/// The highlights of Omnivore's Markdown: each run of `> ` lines is a quote (its
/// trailing `[⤴️](…)` link to the app dropped); the lines after it, up to the next
/// quote, its note.
fn highlights(md: &str) -> Vec<SavedHighlight> {
    let mut out: Vec<SavedHighlight> = Vec::new();
    let mut in_quote = false;
    for line in md.lines() {
        let trimmed = line.trim();
        if let Some(quoted) = trimmed.strip_prefix('>') {
            let quoted = drop_app_link(quoted.trim());
            match out.last_mut() {
                Some(last) if in_quote => {
                    last.quote.push(' ');
                    last.quote.push_str(quoted);
                }
                _ => out.push(SavedHighlight {
                    quote: quoted.to_string(),
                    note: None,
                }),
            }
            in_quote = true;
            continue;
        }
        in_quote = false;
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(last) = out.last_mut() {
            let note = last.note.get_or_insert_with(String::new);
            if !note.is_empty() {
                note.push(' ');
            }
            note.push_str(trimmed);
        }
    }
    out.retain(|h| !h.quote.trim().is_empty());
    out
}

/// A quote without the link back to the app Omnivore ends it with.
fn drop_app_link(quote: &str) -> &str {
    match quote.rfind(" [") {
        Some(at) if quote.ends_with(')') && quote[at..].contains("](") => quote[..at].trim_end(),
        _ => quote,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_their_notes() {
        let md = "# Highlights\n\n> The tide turns\n> twice a day. [⤴️](https://omnivore.app/me/x#1)\n\nWorth checking.\n\n> No note here.\n";
        let got = highlights(md);
        assert_eq!(
            got,
            vec![
                SavedHighlight {
                    quote: "The tide turns twice a day.".into(),
                    note: Some("Worth checking.".into()),
                },
                SavedHighlight {
                    quote: "No note here.".into(),
                    note: None,
                },
            ]
        );
    }
}
