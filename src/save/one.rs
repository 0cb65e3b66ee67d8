//! One page saved into a folder: fetched, its article extracted, and written as a new
//! Markdown file with what a read-later export kept of it (tags, dates), unless the
//! folder holds that URL already, before or after its redirects. `tidings save` runs
//! it for many pages at once; the reader's `A` and `f` for one, off the screen's thread.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::folder::{Saved, file_stem, write_new};
use super::{Limits, extract, fetch};

/// A page to save, and what a read-later export kept of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wanted {
    pub url: String,
    /// Written as the file's `tags`.
    pub tags: Vec<String>,
    /// The article's date when the page gives none.
    pub date: Option<NaiveDate>,
    /// When it was saved to read later: the file's `saved` (else the time it is saved).
    pub saved_at: Option<DateTime<Utc>>,
}

impl Wanted {
    /// A URL given on the command line: nothing kept with it.
    pub fn url(url: &str) -> Wanted {
        Wanted {
            url: url.to_string(),
            ..Wanted::default()
        }
    }
}

/// What became of one URL.
pub enum Outcome {
    Saved(PathBuf),
    AlreadySaved(PathBuf),
    Failed(String),
}

pub fn save_one(
    wanted: &Wanted,
    dir: &Path,
    limits: &Limits,
    saved: &Mutex<Saved>,
    now: DateTime<FixedOffset>,
) -> Outcome {
    let url = wanted.url.as_str();
    let lock = || saved.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(path) = lock().find(url) {
        return Outcome::AlreadySaved(path.to_path_buf());
    }
    let page = match fetch(url, limits) {
        Ok(page) => page,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    if let Some(path) = already(&mut lock(), url, &page.url) {
        return Outcome::AlreadySaved(path);
    }
    let mut draft = extract(&page);
    if draft.body.is_empty() {
        return Outcome::Failed("no article text found in the page".into());
    }
    draft.tags.clone_from(&wanted.tags);
    draft.date = draft.date.or(wanted.date);
    let saved_at = wanted
        .saved_at
        .map_or(now, |t| t.with_timezone(now.offset()));
    let text = crate::save::markdown::to_markdown(&draft, saved_at);
    let date = draft.date.unwrap_or_else(|| now.date_naive());
    // Held from the look to the write: two URLs that led to one page save it once.
    let mut saved = lock();
    if let Some(path) = already(&mut saved, url, &page.url) {
        return Outcome::AlreadySaved(path);
    }
    match write_new(dir, &file_stem(date, &draft.title), &text) {
        Ok(path) => {
            saved.add(url, &path);
            saved.add(&page.url, &path);
            Outcome::Saved(path)
        }
        Err(f) => Outcome::Failed(format!("{} {}: {}", f.what, f.path.display(), f.error)),
    }
}

/// The file already saved from where `url` led (`page_url`), now known for `url` too.
fn already(saved: &mut Saved, url: &str, page_url: &str) -> Option<PathBuf> {
    let path = saved.find(page_url)?.to_path_buf();
    saved.add(url, &path);
    Some(path)
}

/// Saves the page at `url` into `dir` (created if need be), for the reader: the file
/// it went to, and whether that one held it already; or why it could not be.
pub fn save_page(
    url: &str,
    dir: &Path,
    limits: &Limits,
    max_file_size: u64,
    now: DateTime<FixedOffset>,
) -> Result<(PathBuf, bool), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot save to {}: {e}", dir.display()))?;
    let saved = Mutex::new(Saved::scan(dir, max_file_size));
    match save_one(&Wanted::url(url), dir, limits, &saved, now) {
        Outcome::Saved(path) => Ok((path, false)),
        Outcome::AlreadySaved(path) => Ok((path, true)),
        Outcome::Failed(why) => Err(why),
    }
}
