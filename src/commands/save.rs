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

use chrono::{DateTime, FixedOffset};

use super::progress::Progress;
use super::{CommandError, write_out};
use crate::article::sanitize_line;
use crate::config::Config;
use crate::save::Limits;
use crate::save::folder::Saved;
pub use crate::save::one::Wanted;
use crate::save::one::{Outcome, save_one};
use crate::save::pool::{Event, run_in_order};

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
