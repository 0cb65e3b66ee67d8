//! `tidings save URL... [--to DIR]` and `tidings save --from EXPORT` (the links come
//! from `save_from`): each page fetched, `save_jobs` at once, its article extracted as
//! a saved page is, and written as a new Markdown file in DIR (`YYYY-MM-DD-slug.md`).
//! A URL already saved there (before or after its redirects) is skipped, so an import
//! stopped half-way picks up where it stopped. One line per URL, in the order given,
//! once it and those before it are done; then a summary and every failure again;
//! exit 1 if any failed. On a terminal (the caller says) a bar on stderr counts them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use super::progress::Progress;
use super::{CommandError, write_out};
use crate::article::sanitize_line;
use crate::config::Config;
use crate::save::folder::{Saved, file_stem, write_new};
use crate::save::pool::{Event, run_in_order};
use crate::save::{Limits, extract, fetch};

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

/// Where pages are saved: `--to DIR`, else `save_dir`, else the first folder of
/// `library`.
pub fn save_dir(to: Option<&Path>, config: &Config) -> Result<PathBuf, CommandError> {
    if let Some(dir) = to.or(config.save_dir.as_deref()) {
        return Ok(dir.to_path_buf());
    }
    config
        .library
        .iter()
        .find(|p| p.is_dir())
        .cloned()
        .ok_or(CommandError::NoSaveDir)
}

/// What became of one URL.
enum Outcome {
    Saved(PathBuf),
    AlreadySaved(PathBuf),
    Failed(String),
}

/// Saves every page into `dir`, `config.save_jobs` at once, printing a line for each
/// in order, then a summary and the failures; a progress bar on stderr if `progress`.
pub fn save(
    wanted: &[Wanted],
    dir: &Path,
    config: &Config,
    now: DateTime<FixedOffset>,
    progress: bool,
    out: &mut impl Write,
) -> Result<i32, CommandError> {
    let shown_dir = sanitize_line(&dir.to_string_lossy());
    std::fs::create_dir_all(dir).map_err(|e| CommandError::Unwritable {
        path: shown_dir.clone(),
        reason: crate::loader::walk::io_reason(&e),
    })?;
    if !dir.is_dir() {
        return Err(CommandError::Unwritable {
            path: shown_dir,
            reason: "not a folder".into(),
        });
    }
    let limits = Limits {
        max_bytes: config.save_max_bytes,
        timeout: config.save_timeout,
    };
    let saved = Mutex::new(Saved::scan(dir, config.max_file_size));
    let bar = Progress::new(progress, wanted.len());
    let (mut done, mut present) = (0, 0);
    let mut failures = Vec::new();
    let result = run_in_order(
        wanted,
        config.save_jobs,
        |page| save_one(page, dir, &limits, &saved, now),
        |event| {
            let (i, outcome) = match event {
                Event::Started(i) => {
                    bar.started(&wanted[i].url);
                    return Ok(());
                }
                Event::Finished(_) => {
                    bar.finished();
                    return Ok(());
                }
                Event::Done(i, outcome) => (i, outcome),
            };
            let shown = sanitize_line(&wanted[i].url);
            let line = match outcome {
                Outcome::Saved(path) => {
                    done += 1;
                    format!("saved {shown} → {}\n", path.display())
                }
                Outcome::AlreadySaved(path) => {
                    present += 1;
                    format!("already saved: {shown} ({})\n", path.display())
                }
                Outcome::Failed(reason) => {
                    let reason = sanitize_line(&reason);
                    let line = format!("failed: {shown}: {reason}\n");
                    failures.push(format!("  {shown}: {reason}\n"));
                    line
                }
            };
            bar.above(|| {
                write_out(out, &line)?;
                let _ = out.flush();
                Ok(())
            })
        },
    );
    bar.clear();
    result?;
    let failed = failures.len();
    let colon = if failed > 0 { ":" } else { "" };
    write_out(
        out,
        &format!("{done} saved, {present} already saved, {failed} failed{colon}\n"),
    )?;
    write_out(out, &failures.concat())?;
    Ok(i32::from(failed > 0))
}

fn save_one(
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
