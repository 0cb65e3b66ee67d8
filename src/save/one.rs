//! One page saved into a folder: fetched, its article extracted and written as a new
//! Markdown file, unless the folder holds that URL already. The reader's `A` and `f`
//! run it off the screen's thread.

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use super::folder::{Saved, file_stem, write_new};
use super::{Limits, extract, fetch};

/// Where a page went: a new file, or the file that already held it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub already: bool,
}

/// Saves the page at `url` into `dir` (created if need be); why not, in words, when
/// it cannot be.
pub fn save_page(
    url: &str,
    dir: &Path,
    limits: &Limits,
    max_file_size: u64,
    now: DateTime<FixedOffset>,
) -> Result<Written, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot save to {}: {e}", dir.display()))?;
    let mut saved = Saved::scan(dir, max_file_size);
    let already = |path: &Path| Written {
        path: path.to_path_buf(),
        already: true,
    };
    if let Some(path) = saved.find(url) {
        return Ok(already(path));
    }
    let page = fetch(url, limits).map_err(|e| e.to_string())?;
    if let Some(path) = saved.find(&page.url) {
        return Ok(already(path));
    }
    let draft = extract(&page);
    if draft.body.is_empty() {
        return Err("no article text found in the page".into());
    }
    let text = super::markdown::to_markdown(&draft, now);
    let date = draft.date.unwrap_or_else(|| now.date_naive());
    let path = write_new(dir, &file_stem(date, &draft.title), &text)
        .map_err(|f| format!("{} {}: {}", f.what, f.path.display(), f.error))?;
    saved.add(url, &path);
    Ok(Written {
        path,
        already: false,
    })
}
