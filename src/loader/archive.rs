//! Read-later exports as they are downloaded: a zip of Pocket's `part_NNNNNN.csv`
//! files, or of Omnivore's `metadata_N.json` with `content/` and `highlights/` beside
//! them (under a top folder or not). The archive is read in memory, entry by entry, as
//! the unpacked files would be (`one_file::export_entry`), so an entry's articles get
//! the ids unpacking would give them; nothing is ever written anywhere.
//!
//! Bounded: at most `MAX_ENTRIES` entries, and `max_size` bytes unpacked in all, the
//! sizes entries claim checked before they are read and the bytes counted as they come
//! (a zip bomb is skipped as too large, never read whole); names absolute or climbing
//! out (`..`) are never read. A zip holding no export is left to the binary check.

use std::cell::{Cell, RefCell};
use std::io::{Cursor, Read as _};
use std::path::Path;

use zip::ZipArchive;

use super::one_file::export_entry;
use super::{FileResult, ProblemKind, skipped};
use crate::article::sanitize_line;

/// A zip's first bytes (a local file header).
pub(super) const MAGIC: &[u8] = b"PK\x03\x04";

/// Archives with more entries than this are skipped.
pub const MAX_ENTRIES: usize = 100_000;

/// How much of an entry is unpacked to tell whether it is an export.
const SNIFF_BYTES: u64 = 8192;

/// Why reading an archive stopped.
enum Stop {
    TooLarge(String),
    Damaged(String),
}

/// An archive being read, and how many more bytes may be unpacked from it.
struct Archive<'a> {
    zip: RefCell<ZipArchive<Cursor<&'a [u8]>>>,
    left: Cell<u64>,
    max: u64,
}

impl Archive<'_> {
    /// Unpacks entry `index`: whole, or (`head`) no more than its first bytes.
    fn unpack(&self, index: usize, head: bool) -> Result<Vec<u8>, Stop> {
        let mut zip = self.zip.borrow_mut();
        let name = (zip.name_for_index(index))
            .and_then(Result::ok)
            .map(|name| shown(&name))
            .unwrap_or_default();
        let mut file = (zip.by_index(index)).map_err(|e| Stop::Damaged(format!("{name}: {e}")))?;
        let left = self.left.get();
        let too_large = |what: String| {
            let max = self.max;
            Stop::TooLarge(format!(
                "too large unpacked ({what}; the limit is {max} bytes in all, see max_file_size)"
            ))
        };
        if !head && file.size() > left {
            return Err(too_large(format!("{name} holds {} bytes", file.size())));
        }
        let cap = if head { SNIFF_BYTES.min(left) } else { left };
        let mut bytes = Vec::new();
        (&mut file)
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Stop::Damaged(format!("{name}: {e}")))?;
        if bytes.len() as u64 > cap {
            if !(head && cap == SNIFF_BYTES) {
                return Err(too_large(format!("{name} holds more than it says")));
            }
            bytes.truncate(SNIFF_BYTES as usize);
        }
        self.left.set(left - bytes.len() as u64);
        Ok(bytes)
    }
}

/// An entry's name as a message shows it.
fn shown(name: &str) -> String {
    sanitize_line(name)
}

/// Whether an entry's name stays inside the archive: relative, never `..`.
fn safe(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(['/', '\\'])
        && !name.split(['/', '\\']).any(|part| part == "..")
}

/// Whether an entry may hold an export: a CSV (Pocket, Instapaper) or JSON file
/// (Omnivore's metadata, Wallabag).
fn candidate(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".csv") || lower.ends_with(".json")
}

/// Reads a zip's exports. `None` when `bytes` is a zip that holds none (it is then a
/// binary file like any other); a damaged archive, or one too large unpacked or of too
/// many entries, is skipped with the reason.
pub(super) fn read(path: &Path, bytes: &[u8], max_size: u64) -> Option<FileResult> {
    read_at_most(path, bytes, max_size, MAX_ENTRIES)
}

fn read_at_most(
    path: &Path,
    bytes: &[u8],
    max_size: u64,
    max_entries: usize,
) -> Option<FileResult> {
    let skip = |reason: String| FileResult {
        articles: Vec::new(),
        problems: vec![skipped(path, reason)],
    };
    let zip = match ZipArchive::new(Cursor::new(bytes)) {
        Ok(zip) => zip,
        Err(e) => return Some(skip(format!("cannot read the ZIP archive ({e})"))),
    };
    if zip.len() > max_entries {
        let n = zip.len();
        return Some(skip(format!(
            "a ZIP archive of {n} entries; at most {max_entries} are read"
        )));
    }
    let names: Vec<(usize, String)> = (0..zip.len())
        .filter_map(|i| Some((i, zip.name_for_index(i)?.ok()?.into_owned())))
        .filter(|(_, name)| safe(name) && candidate(name))
        .collect();
    let archive = Archive {
        zip: RefCell::new(zip),
        left: Cell::new(max_size),
        max: max_size,
    };
    match read_exports(path, &archive, &names) {
        Ok(Some(result)) => Some(result),
        Ok(None) => None,
        Err(Stop::TooLarge(reason)) => Some(skip(reason)),
        Err(Stop::Damaged(reason)) => Some(skip(format!("cannot read the ZIP archive ({reason})"))),
    }
}

/// The articles of every entry that is an export, `None` if none is.
fn read_exports(
    path: &Path,
    archive: &Archive,
    names: &[(usize, String)],
) -> Result<Option<FileResult>, Stop> {
    let mut exports = Vec::new();
    let mut unreadable = None;
    for (index, name) in names {
        match archive.unpack(*index, true) {
            Ok(head) if super::export::sniff(&String::from_utf8_lossy(&head)).is_some() => {
                exports.push((*index, name));
            }
            Ok(_) => {}
            Err(Stop::Damaged(why)) => {
                unreadable.get_or_insert(Stop::Damaged(why));
            }
            Err(stop) => return Err(stop),
        }
    }
    if exports.is_empty() {
        // A CSV or JSON file that cannot be read (damaged, encrypted) may be the
        // export: better said than called a binary file.
        return unreadable.map_or(Ok(None), Err);
    }
    let mut read = Vec::new();
    for (index, name) in exports {
        let bytes = archive.unpack(index, false)?;
        let folder = name
            .rsplit_once(['/', '\\'])
            .map_or("", |(folder, _)| folder);
        let overflow: Cell<Option<Stop>> = Cell::new(None);
        let beside = |relative: &str| -> Option<String> {
            if !safe(relative) {
                return None;
            }
            let inner = match folder {
                "" => relative.to_string(),
                folder => format!("{folder}/{relative}"),
            };
            let index = archive.zip.borrow().index_for_name(&inner)?;
            match archive.unpack(index, false) {
                Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
                Err(stop @ Stop::TooLarge(_)) => {
                    overflow.set(Some(stop));
                    None
                }
                Err(Stop::Damaged(_)) => None,
            }
        };
        let Some(result) = export_entry(&path.join(name), &bytes, &beside) else {
            continue;
        };
        if let Some(stop) = overflow.take() {
            return Err(stop);
        }
        read.push((shown(name), result));
    }
    Ok(Some(gathered(path, read)))
}

/// The entries' articles and problems as the archive's own: named by the archive's
/// path (which the library and its cache know the file by), each problem's reason
/// by the entry's. An entry skipped beside others read leaves the archive partly read.
fn gathered(path: &Path, read: Vec<(String, FileResult)>) -> FileResult {
    let any = read.iter().any(|(_, r)| !r.articles.is_empty());
    let mut out = FileResult {
        articles: Vec::new(),
        problems: Vec::new(),
    };
    for (name, result) in read {
        out.articles
            .extend(result.articles.into_iter().map(|mut a| {
                a.path = path.to_path_buf();
                a
            }));
        out.problems
            .extend(result.problems.into_iter().map(|mut p| {
                p.path = path.to_path_buf();
                p.reason = if any && p.kind == ProblemKind::Skipped {
                    p.kind = ProblemKind::Partial;
                    format!("{name}: skipped: {}", p.reason)
                } else {
                    format!("{name}: {}", p.reason)
                };
                p
            }));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;
    use std::path::PathBuf;

    use super::*;
    use crate::loader::{parse_file, read_file};

    fn fixtures() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exports")
    }

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(fixtures().join(name)).unwrap()
    }

    /// A zip of `files` (name, bytes), deflated.
    pub(crate) fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in files {
            w.start_file(*name, options).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// Pocket's fixture in two parts, the way its download splits a long list.
    fn pocket_parts() -> (Vec<u8>, Vec<u8>) {
        let text = String::from_utf8(fixture("pocket.csv")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let part = |rows: &[&str]| format!("{}\n{}\n", lines[0], rows.join("\n")).into_bytes();
        (part(&lines[1..3]), part(&lines[3..]))
    }

    #[test]
    fn a_pocket_zip_of_two_parts_is_read_as_the_parts_are() {
        let (one, two) = pocket_parts();
        let zip = zip_of(&[("part_000000.csv", &one), ("part_000001.csv", &two)]);
        let r = parse_file(Path::new("pocket.zip"), &zip);
        let titles: Vec<&str> = r.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles.len(), 4, "{titles:?}");
        assert!(titles.contains(&"Tide tables for beginners"));
        assert!(titles.contains(&"Lighthouse keepers' logs"));
        assert!(r.articles.iter().all(|a| a.path == Path::new("pocket.zip")));
        let cafe = r
            .articles
            .iter()
            .find(|a| a.title.starts_with("Café"))
            .unwrap();
        assert_eq!(cafe.tags, ["food", "travel"]);
        // The same ids as the parts unpacked.
        let mut unpacked: Vec<_> = [&one, &two]
            .iter()
            .flat_map(|b| parse_file(Path::new("part.csv"), b).articles)
            .map(|a| a.id)
            .collect();
        let mut ids: Vec<_> = r.articles.iter().map(|a| a.id).collect();
        unpacked.sort();
        ids.sort();
        assert_eq!(ids, unpacked);
        let reasons: Vec<String> = r.problems.iter().map(ToString::to_string).collect();
        assert!(
            reasons.contains(
                &"pocket.zip: partly read: part_000001.csv: line 3: 3 fields where the header has 5; skipped"
                    .to_string()
            ),
            "{reasons:?}"
        );
    }

    #[test]
    fn an_omnivore_zip_reads_content_and_highlights_inside_it_with_the_folders_ids() {
        let slug = "salt-marshes-18c0a1b2c3d";
        let content = fixture(&format!("omnivore/content/{slug}.html"));
        let highlights = fixture(&format!("omnivore/highlights/{slug}.md"));
        let metadata = fixture("omnivore/metadata_0.json");
        let folder = read_file(&fixtures().join("omnivore/metadata_0.json"), 1 << 20);
        for top in ["", "omnivore-export/"] {
            let zip = zip_of(&[
                (&format!("{top}metadata_0.json"), &metadata),
                (&format!("{top}content/{slug}.html"), &content),
                (&format!("{top}highlights/{slug}.md"), &highlights),
            ]);
            let r = parse_file(Path::new("omnivore.zip"), &zip);
            assert_eq!(r.articles.len(), folder.articles.len(), "{top}");
            for (a, b) in r.articles.iter().zip(&folder.articles) {
                assert_eq!(a.id, b.id, "{}", a.title);
                assert_eq!(a.title, b.title);
                assert_eq!(a.plain_body(), b.plain_body(), "full text from content/");
                assert_eq!(a.saved, b.saved, "highlights from highlights/");
            }
            assert!(
                r.articles
                    .iter()
                    .any(|a| a.saved.as_ref().is_some_and(|s| !s.highlights.is_empty()))
            );
            let reasons: Vec<String> = r.problems.iter().map(|p| p.reason.clone()).collect();
            assert_eq!(
                reasons,
                [format!("{top}metadata_0.json: entry 3: no url; skipped")]
            );
        }
    }

    #[test]
    fn other_zips_stay_binary_and_names_outside_the_archive_are_never_read() {
        let binary = "binary file (a ZIP archive or office document)";
        let reason = |zip: &[u8]| {
            let r = parse_file(Path::new("x.zip"), zip);
            assert!(r.articles.is_empty());
            r.problems[0].reason.clone()
        };
        let office = zip_of(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document/>"),
            ("data.csv", b"name,price\ntea,3\n"),
        ]);
        assert_eq!(reason(&office), binary);
        let (one, _) = pocket_parts();
        let climbing = zip_of(&[("../part_000000.csv", &one), ("/abs/part.csv", &one)]);
        let names: Vec<_> = ZipArchive::new(Cursor::new(&climbing[..]))
            .unwrap()
            .file_names()
            .map(|n| n.unwrap().into_owned())
            .collect();
        assert_eq!(names, ["../part_000000.csv", "/abs/part.csv"]);
        assert_eq!(reason(&climbing), binary);
    }

    #[test]
    fn a_damaged_zip_is_skipped_with_the_reason() {
        let (one, two) = pocket_parts();
        let zip = zip_of(&[("part_000000.csv", &one), ("part_000001.csv", &two)]);
        let r = parse_file(Path::new("p.zip"), &zip[..zip.len() / 2]);
        assert!(r.articles.is_empty());
        assert_eq!(r.problems[0].kind, ProblemKind::Skipped);
        assert!(
            r.problems[0]
                .reason
                .starts_with("cannot read the ZIP archive (invalid Zip archive"),
            "{}",
            r.problems[0].reason
        );
        // A damaged entry: its data no longer match its checksum.
        let stored = {
            let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            w.start_file("part_000000.csv", options).unwrap();
            w.write_all(&one).unwrap();
            w.finish().unwrap().into_inner()
        };
        let mut bad = stored.clone();
        let at = memchr::memmem::find(&bad, b"Tide tables").unwrap();
        bad[at] = b'R';
        let r = parse_file(Path::new("p.zip"), &bad);
        assert!(r.articles.is_empty());
        assert_eq!(r.problems[0].kind, ProblemKind::Skipped);
        assert!(
            r.problems[0]
                .reason
                .starts_with("cannot read the ZIP archive (part_000000.csv: "),
            "{}",
            r.problems[0].reason
        );
    }

    /// Sets the size the first entry claims, in its local header and in the central
    /// directory.
    fn claim_size(zip: &mut [u8], size: u32) {
        zip[22..26].copy_from_slice(&size.to_le_bytes());
        let central = memchr::memmem::find(zip, b"PK\x01\x02").unwrap();
        zip[central + 24..central + 28].copy_from_slice(&size.to_le_bytes());
    }

    #[test]
    fn a_zip_bomb_is_too_large_and_never_read_whole() {
        let (one, _) = pocket_parts();
        // Claims four gigabytes: refused before a byte of it is read.
        let mut zip = zip_of(&[("part_000000.csv", &one)]);
        claim_size(&mut zip, u32::MAX - 1);
        let r = read_at_most(Path::new("p.zip"), &zip, 1 << 20, MAX_ENTRIES).unwrap();
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].kind, ProblemKind::Skipped);
        assert_eq!(
            r.problems[0].reason,
            "too large unpacked (part_000000.csv holds 4294967294 bytes; the limit is 1048576 bytes in all, see max_file_size)"
        );
        // Really large, a few kilobytes packed: more than the limit unpacked.
        let mut big = one.clone();
        while big.len() < 300_000 {
            big.extend_from_slice(b"Again,https://again.example/,1700000000,,unread\n");
        }
        let zip = zip_of(&[("part_000000.csv", &big)]);
        assert!(zip.len() < 20_000);
        let r = read_at_most(Path::new("p.zip"), &zip, 100_000, MAX_ENTRIES).unwrap();
        assert!(r.articles.is_empty());
        assert!(
            r.problems[0]
                .reason
                .starts_with("too large unpacked (part_000000.csv holds "),
            "{}",
            r.problems[0].reason
        );
        // Claiming less than it holds: read no further than the limit all the same.
        let mut liar = zip.clone();
        claim_size(&mut liar, 100);
        let r = read_at_most(Path::new("p.zip"), &liar, 100_000, MAX_ENTRIES).unwrap();
        assert!(r.articles.is_empty());
        assert_eq!(r.problems[0].kind, ProblemKind::Skipped, "{:?}", r.problems);
        assert!(
            (r.problems[0].reason).ends_with("is larger than its declared uncompressed size)"),
            "the zip crate's own check: {}",
            r.problems[0].reason
        );
        // Within the limit it reads.
        let r = read_at_most(Path::new("p.zip"), &zip, 1 << 20, MAX_ENTRIES).unwrap();
        assert!(r.articles.len() > 1000);
    }

    #[test]
    fn too_many_entries_are_skipped() {
        let (one, _) = pocket_parts();
        let zip = zip_of(&[("a.csv", &one), ("b.csv", &one), ("c.txt", b"x")]);
        let r = read_at_most(Path::new("p.zip"), &zip, 1 << 20, 2).unwrap();
        assert_eq!(
            r.problems[0].reason,
            "a ZIP archive of 3 entries; at most 2 are read"
        );
    }
}
