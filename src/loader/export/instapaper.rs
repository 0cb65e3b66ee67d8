//! Instapaper's CSV: `URL,Title,Selection,Folder,Timestamp` (unix seconds). The
//! folder `Archive` marks an item archived, `Starred` starred, and any folder but
//! those and `Unread` becomes a tag; the selection is quoted first in the body. Newer
//! exports add a `Tags` column (a JSON list, or names split by commas).

use super::csv::Table;
use super::entry::Entry;
use super::pocket::split;

pub(super) fn read(text: &str, warnings: &mut Vec<String>) -> Vec<Entry> {
    let table = Table::read(text);
    let mut entries = Vec::new();
    for (record, url, saved_at) in table.linked_rows("timestamp", warnings) {
        let folder = table.get(record, "folder");
        let mut tags = tag_list(table.get(record, "tags"));
        let mut entry = Entry {
            url,
            title: Some(table.get(record, "title").to_string()),
            saved_at,
            selection: Some(table.get(record, "selection").to_string()),
            ..Entry::default()
        };
        match folder.to_ascii_lowercase().as_str() {
            "" | "unread" => {}
            "archive" => entry.archived = true,
            "starred" => entry.starred = true,
            _ => tags.insert(0, folder.to_string()),
        }
        entry.tags = tags;
        entries.push(entry);
    }
    entries
}

/// The `Tags` column: `["a","b"]` or `a, b`.
fn tag_list(raw: &str) -> Vec<String> {
    if raw.starts_with('[') {
        return serde_json::from_str(raw).unwrap_or_default();
    }
    split(raw, ',')
}
