//! The exports of read-later services and browsers, read as they are: one file, many
//! saved articles. Pocket (CSV and the older `ril_export.html`), Instapaper (CSV),
//! Omnivore (`metadata_N.json` with `content/` and `highlights/` beside it), Wallabag
//! (JSON) and Netscape bookmark files (browsers, Raindrop). Each is known by its
//! content, never by its name alone. A zip of them, as Pocket and Omnivore hand them
//! out, is read entry by entry through these same readers (`loader::archive`).
//!
//! An entry with its full text (Omnivore, Wallabag) gets it through the saved-page
//! extractor; a link saved and never fetched becomes a short article that says so
//! (`Draft::link_only`). Starred, archived, the time saved and the service's
//! highlights are carried on the draft (`Draft::saved`), never applied here. A
//! malformed row or entry is skipped and named in a warning; the rest still loads.
//!
//! Submodules: `csv` (the reader the CSV exports share), `entry` (what every format
//! reads an entry into, and the draft made of it), one module per service. Parsers do
//! no I/O: Omnivore's files beside its metadata come through a function given to it.

mod bookmarks;
mod csv;
mod entry;
mod instapaper;
mod omnivore;
mod pocket;
mod wallabag;

#[cfg(test)]
mod tests;

use std::path::Path;

use crate::article::{ArticleId, Draft};

/// Which export a file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    PocketCsv,
    PocketHtml,
    Instapaper,
    Omnivore,
    Wallabag,
    Bookmarks,
}

impl ExportKind {
    /// The service's name, as ids and messages say it.
    pub fn name(self) -> &'static str {
        match self {
            ExportKind::PocketCsv | ExportKind::PocketHtml => "pocket",
            ExportKind::Instapaper => "instapaper",
            ExportKind::Omnivore => "omnivore",
            ExportKind::Wallabag => "wallabag",
            ExportKind::Bookmarks => "bookmarks",
        }
    }
}

/// The saved articles of an export, and what was skipped reading it.
#[derive(Debug, Default)]
pub struct ParsedExport {
    pub drafts: Vec<Draft>,
    pub warnings: Vec<String>,
}

/// How far into a file sniffing looks.
const SNIFF_CHARS: usize = 4096;

/// Tells an export by its content: a CSV header, a JSON array's first keys, a doctype
/// or the markup Pocket writes. `None` for anything else (a plain CSV, a page).
pub fn sniff(text: &str) -> Option<ExportKind> {
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let mut end = text.len().min(SNIFF_CHARS);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    if head.starts_with('[') {
        return json_kind(head);
    }
    if head.starts_with('<') {
        let lower = head.to_ascii_lowercase();
        if lower.starts_with("<!doctype netscape-bookmark-file") {
            return Some(ExportKind::Bookmarks);
        }
        let pocket = lower.contains("<title>pocket export</title>")
            || (lower.contains("<h1>unread</h1>") && lower.contains("time_added="));
        return pocket.then_some(ExportKind::PocketHtml);
    }
    let header = head.lines().next()?;
    if !may_be_export_header(header) {
        return None;
    }
    let names: Vec<String> = csv::header_names(header);
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("url") && has("title") && has("time_added") && has("status") {
        Some(ExportKind::PocketCsv)
    } else if has("url") && has("title") && has("folder") && has("timestamp") {
        Some(ExportKind::Instapaper)
    } else {
        None
    }
}

/// Whether `header` may name both a "url" and a "title" column, as every CSV export
/// does: it has a comma (one field cannot be both), and, unless a quote may split a
/// name, both words in it, in any case. The first line of nearly every other file
/// (a title, a paragraph) is let go without being read as CSV.
fn may_be_export_header(header: &str) -> bool {
    let has = |word| crate::loader::plain::furniture::contains_ci(header, word);
    header.contains(',') && (header.contains('"') || (has("url") && has("title")))
}

/// A JSON array of saved items: Omnivore's have a slug and `savedAt`, Wallabag's
/// `is_archived` and `is_starred`.
fn json_kind(head: &str) -> Option<ExportKind> {
    let first = head.trim_start_matches('[').trim_start();
    if !first.starts_with('{') {
        return None;
    }
    let key = |k: &str| head.contains(&format!("\"{k}\""));
    if key("slug") && key("savedAt") && key("url") {
        Some(ExportKind::Omnivore)
    } else if key("is_archived") && key("is_starred") && key("url") {
        Some(ExportKind::Wallabag)
    } else {
        None
    }
}

/// Reads an export. `beside` gives the text of a file next to it by relative path
/// (Omnivore's `content/<slug>.html`), or `None`. `Err` when the file cannot be read
/// as the export it looked like (JSON that does not parse).
pub fn parse(
    kind: ExportKind,
    text: &str,
    beside: &dyn Fn(&str) -> Option<String>,
) -> Result<ParsedExport, String> {
    let mut out = ParsedExport::default();
    let entries = match kind {
        ExportKind::PocketCsv => pocket::read_csv(text, &mut out.warnings),
        ExportKind::PocketHtml => pocket::read_html(text, &mut out.warnings),
        ExportKind::Instapaper => instapaper::read(text, &mut out.warnings),
        ExportKind::Omnivore => omnivore::read(text, beside, &mut out.warnings)?,
        ExportKind::Wallabag => wallabag::read(text, &mut out.warnings)?,
        ExportKind::Bookmarks => bookmarks::read(text, &mut out.warnings),
    };
    out.drafts = entries.into_iter().map(entry::Entry::into_draft).collect();
    Ok(out)
}

/// Each entry's id follows its link, not its place in the file, so a newer export of
/// the same service keeps the old entries' bookmarks; a link the file holds twice
/// gets its place in this exact file (`file`) the second time.
pub fn ids(kind: ExportKind, file: ArticleId, drafts: &[Draft]) -> Vec<ArticleId> {
    let mut seen = rustc_hash::FxHashSet::default();
    let service = kind.name();
    drafts
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            let link = draft.source.as_deref().unwrap_or_default();
            let id = ArticleId::from_content(format!("{service} entry\0{link}").as_bytes());
            if seen.insert(id) {
                id
            } else {
                ArticleId::of_entry(file, i)
            }
        })
        .collect()
}

/// Reads a file beside the export `path` by its relative path, for Omnivore's
/// content and highlights. Only plain names below the export's folder are read.
pub fn reader_beside(path: &Path) -> impl Fn(&str) -> Option<String> + '_ {
    move |relative: &str| {
        let safe = !relative.is_empty()
            && Path::new(relative)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !safe {
            return None;
        }
        let file = path.parent()?.join(relative);
        let meta = std::fs::metadata(&file).ok()?;
        if !meta.is_file() || meta.len() > super::DEFAULT_MAX_FILE_SIZE {
            return None;
        }
        let bytes = std::fs::read(file).ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Whether `path` is one of the files an Omnivore export keeps beside its metadata
/// (`content/<slug>.html`, `highlights/<slug>.md`): read through the metadata, never
/// as articles of their own.
pub fn is_omnivore_part(path: &Path) -> bool {
    let folder = path.parent();
    let in_part = folder
        .and_then(Path::file_name)
        .is_some_and(|name| name == "content" || name == "highlights");
    if !in_part {
        return false;
    }
    let Some(export) = folder.and_then(Path::parent) else {
        return false;
    };
    let Ok(entries) = std::fs::read_dir(export) else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name.strip_prefix("metadata_")
            .and_then(|rest| rest.strip_suffix(".json"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}
