//! The format of `state.toml`: serde structs separate from [`State`], with article
//! ids as 16 hex digits and times as TOML date-times, and parse errors with positions.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, TimeZone, Timelike, Utc};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::value::{Date, Datetime, Offset, Time};

use super::{Bookmark, Dirty, Highlight, HighlightId, STATE_VERSION, State};
use crate::article::{ArticleId, sanitize_line};
use crate::highlight::Anchor;

const HEADER: &str = "\
# tidings state: bookmarks, read marks, reading positions, tags and highlights.
# [unbookmarked], [unread], [untagged] and [unhighlighted] remember removals so
# another running tidings does not bring them back. Edit this file only while tidings is not running.

";

// ---------------------------------------------------------------------------
// The format

/// `state.toml` as written. Everything is optional so that hand-written and older
/// files load; unknown keys (from newer versions) are ignored.
#[derive(Serialize, Deserialize)]
#[serde(default)]
struct FileState {
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    selected: Option<Id>,
    #[serde(skip_serializing_if = "String::is_empty")]
    last_filter: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    filter_history: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    bookmarks: BTreeMap<Id, FileBookmark>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    read: BTreeMap<Id, Stamp>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    positions: BTreeMap<Id, u32>,
    /// Bookmarks removed, and when.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    unbookmarked: BTreeMap<Id, Stamp>,
    /// Read marks removed, and when.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    unread: BTreeMap<Id, Stamp>,
    /// Tags given in the reader, by article: each tag and when it was given.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    tags: BTreeMap<Id, BTreeMap<String, Stamp>>,
    /// Tags taken off, and when.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    untagged: BTreeMap<Id, BTreeMap<String, Stamp>>,
    /// Highlights, by article and highlight id.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    highlights: BTreeMap<Id, BTreeMap<String, FileHighlight>>,
    /// Highlights removed, and when.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    unhighlighted: BTreeMap<Id, BTreeMap<String, Stamp>>,
    #[serde(skip_serializing_if = "FileLayout::is_empty")]
    layout: FileLayout,
}

/// `[layout]`: how the screen was arranged.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct FileLayout {
    #[serde(skip_serializing_if = "Option::is_none")]
    split: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reading_width: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    columns: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
}

impl FileLayout {
    fn is_empty(&self) -> bool {
        self.split.is_none()
            && self.reading_width.is_none()
            && self.columns.is_none()
            && self.group.is_none()
    }
}

impl Default for FileState {
    fn default() -> Self {
        FileState {
            version: STATE_VERSION,
            selected: None,
            last_filter: String::new(),
            filter_history: Vec::new(),
            bookmarks: BTreeMap::new(),
            read: BTreeMap::new(),
            positions: BTreeMap::new(),
            unbookmarked: BTreeMap::new(),
            unread: BTreeMap::new(),
            tags: BTreeMap::new(),
            untagged: BTreeMap::new(),
            highlights: BTreeMap::new(),
            unhighlighted: BTreeMap::new(),
            layout: FileLayout::default(),
        }
    }
}

/// `[highlights.<article>.<id>]`: a passage, as `crate::highlight::Anchor` keeps it.
#[derive(Serialize, Deserialize)]
struct FileHighlight {
    created: Stamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    changed: Option<Stamp>,
    #[serde(default)]
    title: String,
    quote: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
    #[serde(default)]
    start: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct FileBookmark {
    added: Stamp,
    #[serde(default)]
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

/// Only the version, to decide how to treat the rest.
#[derive(Deserialize)]
struct FileVersion {
    #[serde(default = "current_version")]
    version: u32,
}

fn current_version() -> u32 {
    STATE_VERSION
}

/// An article id, written as 16 hex digits.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Id(ArticleId);

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map(Id).map_err(D::Error::custom)
    }
}

/// A time, written as a TOML offset date-time (`2026-11-23T05:30:00Z`).
struct Stamp(DateTime<Utc>);

impl Serialize for Stamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let year = u16::try_from(t.year())
            .map_err(|_| serde::ser::Error::custom(format!("year of {t} out of range")))?;
        let nanos = t.nanosecond();
        Datetime {
            date: Some(Date {
                year,
                month: t.month() as u8,
                day: t.day() as u8,
            }),
            time: Some(Time {
                hour: t.hour() as u8,
                minute: t.minute() as u8,
                second: Some(t.second() as u8),
                nanosecond: (nanos != 0).then_some(nanos),
            }),
            offset: Some(Offset::Z),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let dt = Datetime::deserialize(d)?;
        let invalid = || D::Error::custom(format!("invalid time {dt}"));
        let (Some(date), Some(time), Some(offset)) = (dt.date, dt.time, dt.offset) else {
            return Err(D::Error::custom(format!(
                "time {dt} needs a date, a time and a zone, like 2026-11-23T05:30:00Z"
            )));
        };
        let date = NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
            .ok_or_else(invalid)?;
        let time = NaiveTime::from_hms_nano_opt(
            time.hour.into(),
            time.minute.into(),
            time.second.unwrap_or(0).into(),
            time.nanosecond.unwrap_or(0),
        )
        .ok_or_else(invalid)?;
        let minutes = match offset {
            Offset::Z => 0,
            Offset::Custom { minutes } => minutes,
        };
        let utc = date.and_time(time) - TimeDelta::minutes(minutes.into());
        Ok(Stamp(Utc.from_utc_datetime(&utc)))
    }
}

/// A parse error, with the line and column it was found at when known.
pub(super) struct ParseError {
    line_col: Option<(usize, usize)>,
    message: String,
}

impl ParseError {
    fn from_toml(text: &str, e: &toml::de::Error) -> Self {
        ParseError {
            line_col: e.span().map(|span| line_col(text, span.start)),
            message: e.message().split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    pub(super) fn describe(&self, path: &Path) -> String {
        match self.line_col {
            Some((line, col)) => format!(
                "error parsing {}:{line}:{col}: {}",
                path.display(),
                self.message
            ),
            None => format!("error parsing {}: {}", path.display(), self.message),
        }
    }
}

/// 1-based line and column (in characters) of byte `offset`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// What the file holds.
pub(super) enum Contents {
    Missing,
    Empty,
    Current(State),
    /// Written by a newer tidings; `state` is what could be read of it.
    Newer {
        version: u32,
        state: Result<State, ParseError>,
    },
    Corrupt(ParseError),
}

pub(super) fn decode(bytes: &[u8]) -> Contents {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            return Contents::Corrupt(ParseError {
                line_col: Some(line_col(&valid, valid.len())),
                message: "invalid UTF-8".into(),
            });
        }
    };
    if text.trim().is_empty() {
        return Contents::Empty;
    }
    let version = match toml::from_str::<FileVersion>(text) {
        Ok(v) => v.version,
        Err(e) => return Contents::Corrupt(ParseError::from_toml(text, &e)),
    };
    let state = toml::from_str::<FileState>(text)
        .map(from_file)
        .map_err(|e| ParseError::from_toml(text, &e));
    match state {
        _ if version > STATE_VERSION => Contents::Newer { version, state },
        Ok(state) => Contents::Current(state),
        Err(e) => Contents::Corrupt(e),
    }
}

fn from_file(file: FileState) -> State {
    let clean = |s: String| sanitize_line(&s);
    let bookmarks: BTreeMap<_, _> = file
        .bookmarks
        .into_iter()
        .map(|(Id(id), b)| {
            let bookmark = Bookmark {
                added: b.added.0,
                title: clean(b.title),
                note: b.note.map(clean).filter(|n| !n.is_empty()),
            };
            (id, bookmark)
        })
        .collect();
    let read = ids(file.read);
    let mut filter_history: Vec<String> = Vec::new();
    for filter in file.filter_history.into_iter().filter(|f| !f.is_empty()) {
        super::push_capped(&mut filter_history, filter);
    }
    let (highlights, unhighlighted) = highlights_from(file.highlights, file.unhighlighted);
    let tags = by_tag(file.tags);
    let mut untagged = by_tag(file.untagged);
    untagged.retain(|key, at| tags.get(key).is_none_or(|set| set < at));
    State {
        // A hand-edited file may both set and remove a mark: the later one counts.
        unbookmarked: tombstones(file.unbookmarked, |id| bookmarks.get(id).map(|b| b.added)),
        unread: tombstones(file.unread, |id| read.get(id).copied()),
        bookmarks,
        read,
        positions: file
            .positions
            .into_iter()
            .map(|(Id(id), p)| (id, p))
            .collect(),
        filter_history,
        tags,
        untagged,
        highlights,
        unhighlighted,
        dirty: Dirty::default(),
        selected: file.selected.map(|Id(id)| id),
        last_filter: file.last_filter,
        layout: super::Layout {
            split: file.layout.split,
            reading_width: file.layout.reading_width,
            columns: file.layout.columns.map(clean),
            group: file.layout.group.map(clean),
        },
    }
}

/// `[tags]` and `[untagged]` as the state keeps them: by article and tag, the tags
/// cleaned as if typed (a hand-edited tag that could not be typed is dropped).
fn by_tag(
    tables: BTreeMap<Id, BTreeMap<String, Stamp>>,
) -> BTreeMap<(ArticleId, String), DateTime<Utc>> {
    let mut out = BTreeMap::new();
    for (Id(id), tags) in tables {
        for (tag, Stamp(at)) in tags {
            if let Some(tag) = super::clean_tag(&tag) {
                out.insert((id, tag), at);
            }
        }
    }
    out
}

type Highlights = BTreeMap<(ArticleId, HighlightId), Highlight>;
type Removed = BTreeMap<(ArticleId, HighlightId), DateTime<Utc>>;

/// `[highlights]` and `[unhighlighted]` as the state keeps them: ids that do not
/// parse are dropped, texts are made safe for the terminal, and a removal older than
/// the highlight's last change is forgotten.
fn highlights_from(
    file: BTreeMap<Id, BTreeMap<String, FileHighlight>>,
    removed: BTreeMap<Id, BTreeMap<String, Stamp>>,
) -> (Highlights, Removed) {
    let mut highlights = BTreeMap::new();
    for (Id(id), by_id) in file {
        for (key, h) in by_id {
            let Ok(hid) = key.parse::<HighlightId>() else {
                continue;
            };
            let text = |s: String| crate::article::sanitize(&s).into_owned();
            let highlight = Highlight {
                anchor: Anchor {
                    quote: text(h.quote),
                    prefix: text(h.prefix),
                    suffix: text(h.suffix),
                    start: h.start,
                },
                note: h.note.map(|n| sanitize_line(&n)).filter(|n| !n.is_empty()),
                created: h.created.0,
                changed: h.changed.map_or(h.created.0, |c| c.0),
                title: sanitize_line(&h.title),
            };
            highlights.insert((id, hid), highlight);
        }
    }
    let mut gone = BTreeMap::new();
    for (Id(id), by_id) in removed {
        for (key, Stamp(at)) in by_id {
            if let Ok(hid) = key.parse::<HighlightId>()
                && highlights
                    .get(&(id, hid))
                    .is_none_or(|h: &Highlight| h.changed < at)
            {
                gone.insert((id, hid), at);
            }
        }
    }
    (highlights, gone)
}

/// `[highlights]` and `[unhighlighted]` as written.
type HighlightTables = (
    BTreeMap<Id, BTreeMap<String, FileHighlight>>,
    BTreeMap<Id, BTreeMap<String, Stamp>>,
);

/// The state's highlights as `[highlights]` and `[unhighlighted]` write them.
fn highlight_tables(state: &State) -> HighlightTables {
    let mut file: BTreeMap<Id, BTreeMap<String, FileHighlight>> = BTreeMap::new();
    for ((id, hid), h) in &state.highlights {
        let written = FileHighlight {
            created: Stamp(h.created),
            changed: (h.changed != h.created).then_some(Stamp(h.changed)),
            title: h.title.clone(),
            quote: h.anchor.quote.clone(),
            prefix: h.anchor.prefix.clone(),
            suffix: h.anchor.suffix.clone(),
            start: h.anchor.start,
            note: h.note.clone(),
        };
        file.entry(Id(*id))
            .or_default()
            .insert(hid.to_string(), written);
    }
    let mut removed: BTreeMap<Id, BTreeMap<String, Stamp>> = BTreeMap::new();
    for ((id, hid), at) in &state.unhighlighted {
        removed
            .entry(Id(*id))
            .or_default()
            .insert(hid.to_string(), Stamp(*at));
    }
    (file, removed)
}

/// The state's tags as `[tags]` writes them.
fn tag_tables(
    tags: &BTreeMap<(ArticleId, String), DateTime<Utc>>,
) -> BTreeMap<Id, BTreeMap<String, Stamp>> {
    let mut out: BTreeMap<Id, BTreeMap<String, Stamp>> = BTreeMap::new();
    for ((id, tag), at) in tags {
        out.entry(Id(*id))
            .or_default()
            .insert(tag.clone(), Stamp(*at));
    }
    out
}

fn ids(times: BTreeMap<Id, Stamp>) -> BTreeMap<ArticleId, DateTime<Utc>> {
    times
        .into_iter()
        .map(|(Id(id), Stamp(at))| (id, at))
        .collect()
}

/// The removals not overridden by a later `set_at` of the same mark.
fn tombstones(
    removed: BTreeMap<Id, Stamp>,
    set_at: impl Fn(&ArticleId) -> Option<DateTime<Utc>>,
) -> BTreeMap<ArticleId, DateTime<Utc>> {
    let mut removed = ids(removed);
    removed.retain(|id, at| set_at(id).is_none_or(|set| set < *at));
    removed
}

pub(super) fn encode(state: &State) -> Result<String, toml::ser::Error> {
    let (highlights, unhighlighted) = highlight_tables(state);
    let stamps = |times: &BTreeMap<ArticleId, DateTime<Utc>>| {
        times.iter().map(|(id, at)| (Id(*id), Stamp(*at))).collect()
    };
    let bookmarks = state.bookmarks.iter().map(|(id, b)| {
        let b = FileBookmark {
            added: Stamp(b.added),
            title: b.title.clone(),
            note: b.note.clone(),
        };
        (Id(*id), b)
    });
    let file = FileState {
        version: STATE_VERSION,
        selected: state.selected.map(Id),
        last_filter: state.last_filter.clone(),
        filter_history: state.filter_history.clone(),
        bookmarks: bookmarks.collect(),
        read: stamps(&state.read),
        positions: state
            .positions
            .iter()
            .map(|(id, p)| (Id(*id), *p))
            .collect(),
        unbookmarked: stamps(&state.unbookmarked),
        unread: stamps(&state.unread),
        tags: tag_tables(&state.tags),
        untagged: tag_tables(&state.untagged),
        highlights,
        unhighlighted,
        layout: FileLayout {
            split: state.layout.split,
            reading_width: state.layout.reading_width,
            columns: state.layout.columns.clone(),
            group: state.layout.group.clone(),
        },
    };
    Ok(format!("{HEADER}{}", toml::to_string(&file)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_1_file_reads_whole_and_is_written_as_version_2_with_tags() {
        let v1 = "version = 1\nselected = \"0000000000000002\"\nfilter_history = [\"iran\"]\n\
                  [bookmarks.\"0000000000000001\"]\nadded = 2026-11-20T10:00:00Z\n\
                  title = \"Talks\"\nnote = \"for Friday\"\n\
                  [read]\n\"0000000000000002\" = 2026-11-21T10:00:00Z\n\
                  [positions]\n\"0000000000000001\" = 7\n\
                  [unread]\n\"0000000000000003\" = 2026-11-22T10:00:00Z\n";
        let Contents::Current(mut state) = decode(v1.as_bytes()) else {
            panic!("a version 1 file is current");
        };
        let id = ArticleId(1);
        assert_eq!(state.bookmarks()[&id].note.as_deref(), Some("for Friday"));
        assert!(state.is_read(ArticleId(2)));
        assert_eq!(state.position(id), 7);
        assert_eq!(state.filter_history(), ["iran"]);
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 5, 30, 0).unwrap();
        state.add_tag(id, "later", at);
        state.add_tag(id, "Rust", at);
        state.remove_tag(ArticleId(2), "none", at);
        state.add_tag(ArticleId(2), "gone", at);
        state.remove_tag(ArticleId(2), "gone", at + TimeDelta::seconds(1));
        let written = encode(&state).unwrap();
        assert!(written.contains("version = 2\n"), "{written}");
        assert!(
            written.contains("[tags.0000000000000001]\nRust = 2026-11-23T05:30:00Z\nlater = 2026-11-23T05:30:00Z\n"),
            "{written}"
        );
        assert!(
            written.contains("[untagged.0000000000000002]\ngone = 2026-11-23T05:30:01Z\n"),
            "{written}"
        );
        let Contents::Current(back) = decode(written.as_bytes()) else {
            panic!("not read back");
        };
        let clean = |s: &State| State {
            dirty: Dirty::default(),
            ..s.clone()
        };
        assert_eq!(clean(&back), clean(&state));
    }

    #[test]
    fn highlights_are_written_and_read_back_whole_and_safe() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 5, 30, 0).unwrap();
        let mut state = State::default();
        let anchor = Anchor {
            quote: "Two lines\n\nof a \"quote\"".into(),
            prefix: "before ".into(),
            suffix: " after".into(),
            start: 42,
        };
        let kept = state.add_highlight(
            ArticleId(1),
            anchor.clone(),
            Some("why".into()),
            "Talks",
            at,
        );
        let gone = state.add_highlight(
            ArticleId(1),
            Anchor { start: 7, ..anchor },
            None,
            "Talks",
            at,
        );
        state.remove_highlight(ArticleId(1), gone, at + TimeDelta::seconds(5));
        let written = encode(&state).unwrap();
        assert!(
            written.contains(&format!("[highlights.0000000000000001.{kept}]")),
            "{written}"
        );
        assert!(
            written.contains(&format!("[unhighlighted.0000000000000001]\n{gone} = ")),
            "{written}"
        );
        let Contents::Current(back) = decode(written.as_bytes()) else {
            panic!("not read back");
        };
        let clean = |s: &State| State {
            dirty: Dirty::default(),
            ..s.clone()
        };
        assert_eq!(clean(&back), clean(&state));

        // What a hand edit put in is made safe, and a bad id is dropped.
        let text = "version = 2\n[highlights.0000000000000001.00000000000000aa]\n\
                    created = 2026-11-23T05:30:00Z\nquote = \"a \\u001b[31mred\\u001b[0m word\"\n\
                    note = \"line\\nbreak\"\n\
                    [highlights.0000000000000001.nothex]\ncreated = 2026-11-23T05:30:00Z\nquote = \"x\"\n";
        let Contents::Current(edited) = decode(text.as_bytes()) else {
            panic!("not parsed");
        };
        let found = edited.highlights_of(ArticleId(1));
        assert_eq!(found.len(), 1);
        assert!(
            !found[0].1.anchor.quote.contains('\u{1b}'),
            "{:?}",
            found[0].1.anchor.quote
        );
        assert!(!found[0].1.note.as_deref().unwrap_or("").contains('\n'));
    }

    #[test]
    fn a_hand_edited_tag_given_after_its_removal_stays() {
        let text = "version = 2\n[tags.\"0000000000000001\"]\nlater = 2026-11-23T05:30:00Z\n\
                    \"two words\" = 2026-11-23T05:30:00Z\n\
                    [untagged.\"0000000000000001\"]\nlater = 2026-11-22T05:30:00Z\n";
        let Contents::Current(state) = decode(text.as_bytes()) else {
            panic!("not parsed");
        };
        assert_eq!(state.user_tags(ArticleId(1)).collect::<Vec<_>>(), ["later"]);
        assert!(state.untagged.is_empty());
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "a = 1\nbé = x\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, text.find('x').unwrap()), (2, 6));
    }

    #[test]
    fn times_keep_their_zone_and_subseconds() {
        let text = "version = 1\n[read]\n\"0000000000000001\" = 2026-11-23T06:30:00.5+01:00\n";
        let Contents::Current(state) = decode(text.as_bytes()) else {
            panic!("not parsed");
        };
        let at = state.read[&ArticleId(1)];
        assert_eq!(at.to_rfc3339(), "2026-11-23T05:30:00.500+00:00");
        assert!(encode(&state).unwrap().contains("2026-11-23T05:30:00.5Z"));
    }

    #[test]
    fn local_times_are_rejected_with_position() {
        let text = "version = 1\n[read]\n\"0000000000000001\" = 2026-11-23T05:30:00\n";
        let Contents::Corrupt(e) = decode(text.as_bytes()) else {
            panic!("parsed");
        };
        let message = e.describe(Path::new("/x/state.toml"));
        assert!(
            message.starts_with("error parsing /x/state.toml:3:"),
            "{message}"
        );
        assert!(
            message.contains("needs a date, a time and a zone"),
            "{message}"
        );
    }
}
