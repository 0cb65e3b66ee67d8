//! The folder pages are saved into: which URLs its Markdown files already hold (their
//! front matter's `source`), and adding a new file there. A new file is written whole
//! to a temporary file and then linked to a name no file has (`…-2.md`, `…-3.md` when
//! taken), so no file of the folder is ever overwritten or seen half written.

use std::collections::HashMap;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::atomic::{self, Failure};
use crate::highlight::export::slug;
use crate::loader::read_file;

/// A URL as compared with the sources already saved: parsed and written back
/// (`HTTP://Example.com` → `http://example.com/`), its `#fragment` left out.
pub fn normalise(url: &str) -> String {
    match url::Url::parse(url.trim()) {
        Ok(mut parsed) => {
            parsed.set_fragment(None);
            parsed.into()
        }
        Err(_) => url.trim().to_string(),
    }
}

/// The URLs the Markdown files of a folder were saved from.
#[derive(Debug, Default)]
pub struct Saved {
    by_url: HashMap<String, PathBuf>,
}

impl Saved {
    /// Reads every `.md` file directly in `dir` (not below it), up to `max_file_size`
    /// bytes each; a folder that does not exist holds none.
    pub fn scan(dir: &Path, max_file_size: u64) -> Saved {
        let mut saved = Saved::default();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return saved;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            for article in read_file(&path, max_file_size).articles {
                if let Some(source) = &article.source {
                    saved
                        .by_url
                        .entry(normalise(source))
                        .or_insert_with(|| path.clone());
                }
            }
        }
        saved
    }

    /// The file saved from `url`, if there is one.
    pub fn find(&self, url: &str) -> Option<&Path> {
        self.by_url.get(&normalise(url)).map(PathBuf::as_path)
    }

    pub fn add(&mut self, url: &str, path: &Path) {
        self.by_url
            .entry(normalise(url))
            .or_insert_with(|| path.to_path_buf());
    }
}

/// `2026-03-05-the-titles-slug`: the name of a saved article's file, before `.md`.
pub fn file_stem(date: NaiveDate, title: &str) -> String {
    format!("{date}-{}", slug(title))
}

/// Writes `text` to a new file `dir/STEM.md`, or `STEM-2.md`, `STEM-3.md`… when that
/// name is taken; the path written. Nothing is left behind when it fails.
pub fn write_new(dir: &Path, stem: &str, text: &str) -> Result<PathBuf, Failure> {
    let first = dir.join(format!("{stem}.md"));
    let mut written = first.clone();
    atomic::replace(
        &first,
        |file| {
            // Saved pages are the user's articles, not private state.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
            }
            file.write_all(text.as_bytes())
        },
        |temp, _| {
            for n in 1u32.. {
                let name = match n {
                    1 => first.clone(),
                    n => dir.join(format!("{stem}-{n}.md")),
                };
                if link_new(temp, &name)? {
                    written = name;
                    return Ok(());
                }
            }
            Err(io::Error::other("no free file name"))
        },
    )?;
    Ok(written)
}

/// Puts `temp` at `name` if no file has that name: true when done, false when taken.
fn link_new(temp: &Path, name: &Path) -> io::Result<bool> {
    match std::fs::hard_link(temp, name) {
        Ok(()) => {
            std::fs::remove_file(temp)?;
            Ok(true)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        // File systems without hard links: a rename, after looking.
        Err(_) if std::fs::symlink_metadata(name).is_err() => {
            std::fs::rename(temp, name)?;
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_compared_as_urls() {
        assert_eq!(normalise("HTTPS://Example.com"), "https://example.com/");
        assert_eq!(
            normalise("https://example.com/a#part"),
            "https://example.com/a"
        );
    }

    #[test]
    fn the_stem_is_the_date_and_the_titles_slug() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(file_stem(date, "Café au lait!"), "2026-03-05-cafe-au-lait");
        assert_eq!(file_stem(date, "???"), "2026-03-05-untitled");
    }

    #[test]
    fn a_taken_name_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "mine").unwrap();
        std::fs::write(dir.path().join("a-2.md"), "mine too").unwrap();
        let path = write_new(dir.path(), "a", "new").unwrap();
        assert_eq!(path, dir.path().join("a-3.md"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.md")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            3,
            "no temporary file left"
        );
    }

    #[test]
    fn the_sources_of_saved_files_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let text = "---\ntitle: \"A\"\nsource: \"https://example.com/a\"\n---\n\nText.\n";
        std::fs::write(dir.path().join("a.md"), text).unwrap();
        let saved = Saved::scan(dir.path(), 1 << 20);
        assert_eq!(
            saved.find("https://example.com/a#x"),
            Some(dir.path().join("a.md").as_path())
        );
        assert_eq!(saved.find("https://example.com/b"), None);
    }
}
