//! `tidings save URL... [--to DIR]`: each page fetched, its article extracted as a
//! saved page is, and written as a new Markdown file in DIR (`YYYY-MM-DD-slug.md`).
//! A URL already saved there (before or after its redirects) is skipped. One line per
//! URL as it is done, then a summary; exit 1 if any failed.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use super::{CommandError, write_out};
use crate::article::sanitize_line;
use crate::config::Config;
use crate::save::folder::{Saved, file_stem, write_new};
use crate::save::{Limits, extract, fetch};

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

/// Saves every URL into `dir`, printing a line for each as it is done and a summary.
pub fn save(
    urls: &[String],
    dir: &Path,
    config: &Config,
    now: DateTime<FixedOffset>,
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
    let mut saved = Saved::scan(dir, config.max_file_size);
    let (mut done, mut present, mut failed) = (0, 0, 0);
    for url in urls {
        let shown = sanitize_line(url);
        let line = match save_one(url, dir, &limits, &mut saved, now) {
            Outcome::Saved(path) => {
                done += 1;
                format!("saved {shown} → {}\n", path.display())
            }
            Outcome::AlreadySaved(path) => {
                present += 1;
                format!("already saved: {shown} ({})\n", path.display())
            }
            Outcome::Failed(reason) => {
                failed += 1;
                format!("failed: {shown}: {}\n", sanitize_line(&reason))
            }
        };
        write_out(out, &line)?;
        let _ = out.flush();
    }
    write_out(
        out,
        &format!("{done} saved, {present} already saved, {failed} failed\n"),
    )?;
    Ok(i32::from(failed > 0))
}

fn save_one(
    url: &str,
    dir: &Path,
    limits: &Limits,
    saved: &mut Saved,
    now: DateTime<FixedOffset>,
) -> Outcome {
    if let Some(path) = saved.find(url) {
        return Outcome::AlreadySaved(path.to_path_buf());
    }
    let page = match fetch(url, limits) {
        Ok(page) => page,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    if let Some(path) = saved.find(&page.url) {
        let path = path.to_path_buf();
        saved.add(url, &path);
        return Outcome::AlreadySaved(path);
    }
    let draft = extract(&page);
    if draft.body.is_empty() {
        return Outcome::Failed("no article text found in the page".into());
    }
    let text = crate::save::markdown::to_markdown(&draft, now);
    let date = draft.date.unwrap_or_else(|| now.date_naive());
    match write_new(dir, &file_stem(date, &draft.title), &text) {
        Ok(path) => {
            saved.add(url, &path);
            saved.add(&page.url, &path);
            Outcome::Saved(path)
        }
        Err(f) => Outcome::Failed(format!("{} {}: {}", f.what, f.path.display(), f.error)),
    }
}
