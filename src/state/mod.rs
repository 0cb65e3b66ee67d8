//! What tidings remembers between runs: bookmarks, read marks, reading positions,
//! the selected article and the filter history, kept in `state.toml` in the config
//! directory. [`State`] is the in-memory copy the app reads and edits; [`Store`]
//! loads and saves it, merging with whatever another running tidings saved meanwhile.
//!
//! No terminal and no UI here: nothing is printed, problems come back as
//! [`StateError`]s or as notes for the caller to show.

mod file;
mod format;
mod highlights;
mod imported;
mod lock;
mod merge;
mod tags;

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::PathBuf;

use chrono::{DateTime, SubsecRound, Utc};

use crate::article::ArticleId;

pub use file::{STATE_FILE, Store};
pub use highlights::{Highlight, HighlightId};
pub use tags::{clean_tag, same_tag};

/// The format version written to `state.toml`. A file with a higher version was
/// written by a newer tidings: it is read as far as possible and never overwritten.
/// Version 2 added the tags given in the reader (`[tags]`, `[untagged]`); a version 1
/// file reads as it is and is written as version 2.
pub const STATE_VERSION: u32 = 2;

/// How many filters the history keeps (the oldest go first).
pub const FILTER_HISTORY_CAP: usize = 100;

/// A bookmarked article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bookmark {
    pub added: DateTime<Utc>,
    /// The article's title when it was bookmarked, for people reading the file.
    pub title: String,
    pub note: Option<String>,
}

/// What this instance changed since its state was loaded or last saved: on a merge
/// these win over the file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Dirty {
    bookmarks: BTreeSet<ArticleId>,
    read: BTreeSet<ArticleId>,
    positions: BTreeSet<ArticleId>,
    tags: BTreeSet<(ArticleId, String)>,
    highlights: BTreeSet<(ArticleId, HighlightId)>,
    /// Filters pushed to the history, oldest first.
    filters: Vec<String>,
}

/// The state the app reads and edits. Bookmarks, read marks, positions and the filter
/// history change only through methods, which record what changed and when, so that
/// [`Store::save`] can merge them with another instance's changes:
///
/// - bookmarks and read marks: per article, the later change wins, and removals are
///   kept as tombstones (for 90 days) so a stale copy does not bring them back;
/// - tags given in the reader and highlights: the same, per article and tag or
///   highlight;
/// - positions: this instance's for articles it scrolled, else the file's;
/// - filter history: the file's, plus the filters this instance used, newest last;
/// - `selected` and `last_filter`: this instance's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct State {
    bookmarks: BTreeMap<ArticleId, Bookmark>,
    /// Tombstones: when each removed bookmark was removed, so that a stale copy held
    /// by another running tidings cannot bring it back.
    unbookmarked: BTreeMap<ArticleId, DateTime<Utc>>,
    /// When each article was marked read.
    read: BTreeMap<ArticleId, DateTime<Utc>>,
    /// Tombstones for read marks: when each was marked unread again.
    unread: BTreeMap<ArticleId, DateTime<Utc>>,
    positions: BTreeMap<ArticleId, u32>,
    /// Tags given in the reader: when each article got each tag.
    tags: BTreeMap<(ArticleId, String), DateTime<Utc>>,
    /// Tombstones for tags: when each was taken off.
    untagged: BTreeMap<(ArticleId, String), DateTime<Utc>>,
    /// Passages marked, by article.
    highlights: BTreeMap<(ArticleId, HighlightId), Highlight>,
    /// Tombstones for highlights: when each was removed.
    unhighlighted: BTreeMap<(ArticleId, HighlightId), DateTime<Utc>>,
    filter_history: Vec<String>,
    dirty: Dirty,
    /// The article selected in the list. The saving instance's value wins.
    pub selected: Option<ArticleId>,
    /// The filter in effect when the app quit. The saving instance's value wins.
    pub last_filter: String,
    /// How the screen was arranged. The saving instance's value wins.
    pub layout: Layout,
}

/// How the screen was arranged, kept between runs: where the divider stands, the
/// reading column's width, the list's columns and grouping. `None` is the default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// The list pane's share of the screen, in percent.
    pub split: Option<u16>,
    pub reading_width: Option<u16>,
    /// The list's columns, e.g. "date,minutes,source" ("" for the title alone).
    pub columns: Option<String>,
    /// "source" or "day".
    pub group: Option<String>,
}

impl State {
    /// The bookmarked articles.
    pub fn bookmarks(&self) -> &BTreeMap<ArticleId, Bookmark> {
        &self.bookmarks
    }

    pub fn is_bookmarked(&self, id: ArticleId) -> bool {
        self.bookmarks.contains_key(&id)
    }

    /// Bookmarks the article, or removes its bookmark; returns whether it is now
    /// bookmarked. `title` is only stored when adding.
    pub fn toggle_bookmark(
        &mut self,
        id: ArticleId,
        title: impl Into<String>,
        now: DateTime<Utc>,
    ) -> bool {
        let now = stamp(now);
        self.dirty.bookmarks.insert(id);
        if self.bookmarks.remove(&id).is_some() {
            self.unbookmarked.insert(id, now);
            return false;
        }
        self.unbookmarked.remove(&id);
        let bookmark = Bookmark {
            added: now,
            title: title.into(),
            note: None,
        };
        self.bookmarks.insert(id, bookmark);
        true
    }

    /// The article `old` became `new` (its file changed): its bookmark (with the time
    /// it was made and its note, under the new `title`) and its tags move to `new`; its
    /// read mark and reading position are given to `new` too, unless `new` has its own. Returns
    /// whether there was anything to carry.
    pub fn carry_marks(
        &mut self,
        old: ArticleId,
        new: ArticleId,
        title: &str,
        now: DateTime<Utc>,
    ) -> bool {
        if old == new {
            return false;
        }
        let mut carried = false;
        if let Some(mut bookmark) = self.bookmarks.remove(&old) {
            self.unbookmarked.insert(old, stamp(now));
            self.dirty.bookmarks.insert(old);
            if !self.bookmarks.contains_key(&new) {
                bookmark.title = title.to_string();
                self.unbookmarked.remove(&new);
                self.bookmarks.insert(new, bookmark);
                self.dirty.bookmarks.insert(new);
            }
            carried = true;
        }
        if let Some(&at) = self.read.get(&old)
            && !self.read.contains_key(&new)
        {
            self.unread.remove(&new);
            self.read.insert(new, at);
            self.dirty.read.insert(new);
            carried = true;
        }
        if let Some(&line) = self.positions.get(&old)
            && !self.positions.contains_key(&new)
        {
            self.set_position(new, line);
            carried = true;
        }
        carried |= self.carry_tags(old, new, now);
        carried |= self.carry_highlights(old, new, now);
        carried
    }

    /// Sets or clears a bookmark's note; returns false if the article is not bookmarked.
    pub fn set_bookmark_note(&mut self, id: ArticleId, note: Option<String>) -> bool {
        match self.bookmarks.get_mut(&id) {
            Some(bookmark) => {
                bookmark.note = note.filter(|n| !n.is_empty());
                self.dirty.bookmarks.insert(id);
                true
            }
            None => false,
        }
    }

    /// The articles marked read.
    pub fn read_articles(&self) -> impl Iterator<Item = ArticleId> {
        self.read.keys().copied()
    }

    pub fn is_read(&self, id: ArticleId) -> bool {
        self.read.contains_key(&id)
    }

    /// Marks the article read or unread. Marking it as what it already is changes
    /// nothing (a read article keeps the time it was first read).
    pub fn set_read(&mut self, id: ArticleId, read: bool, now: DateTime<Utc>) {
        if self.is_read(id) == read {
            return;
        }
        let now = stamp(now);
        if read {
            self.unread.remove(&id);
            self.read.insert(id, now);
        } else {
            self.read.remove(&id);
            self.unread.insert(id, now);
        }
        self.dirty.read.insert(id);
    }

    /// The line the reader was scrolled to: 0, the top, if never set.
    pub fn position(&self, id: ArticleId) -> u32 {
        self.positions.get(&id).copied().unwrap_or(0)
    }

    pub fn set_position(&mut self, id: ArticleId, line: u32) {
        if self.positions.insert(id, line) != Some(line) {
            self.dirty.positions.insert(id);
        }
    }

    /// Filters used, newest last.
    pub fn filter_history(&self) -> &[String] {
        &self.filter_history
    }

    /// Adds a filter to the history as the newest (moving it there if it is already
    /// in it). Empty filters are not recorded.
    pub fn push_filter(&mut self, filter: impl Into<String>) {
        let filter = filter.into();
        if filter.is_empty() {
            return;
        }
        push_capped(&mut self.filter_history, filter.clone());
        push_capped(&mut self.dirty.filters, filter);
    }
}

/// Moves or appends `item` to the end of `list`, dropping the oldest past the cap.
fn push_capped(list: &mut Vec<String>, item: String) {
    list.retain(|f| *f != item);
    list.push(item);
    let excess = list.len().saturating_sub(FILTER_HISTORY_CAP);
    list.drain(..excess);
}

/// Timestamps are kept to the second, as the file shows them, so that what is
/// in memory and what is read back compare equal.
fn stamp(now: DateTime<Utc>) -> DateTime<Utc> {
    now.trunc_subsecs(0)
}

/// What [`Store::load`] found.
#[derive(Debug)]
pub struct Loaded {
    pub state: State,
    /// Things the user should be told, e.g. that a damaged file was moved aside.
    pub notes: Vec<String>,
}

/// What [`Store::save`] wrote.
#[derive(Debug)]
pub struct Saved {
    /// The merge of the saved state and the file's: the app should adopt it, so it
    /// sees what another running tidings added.
    pub state: State,
    /// Things the user should be told, e.g. that the file could not be locked.
    pub notes: Vec<String>,
}

/// Why the state could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// A file operation failed.
    #[error("{action} {}: {source}", .path.display())]
    Io {
        /// What was being done, e.g. "could not write".
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The file was written by a newer tidings and is left alone.
    #[error(
        "{} was written by a newer tidings (version {version}); not overwriting it",
        .path.display()
    )]
    Newer { path: PathBuf, version: u32 },
    /// The file cannot be parsed and cannot be moved aside either, so it is left alone.
    #[error(
        "{parse_error}; could not move {} aside ({source}), so not overwriting it",
        .path.display()
    )]
    Unreadable {
        path: PathBuf,
        parse_error: String,
        #[source]
        source: io::Error,
    },
    /// The state could not be turned into TOML.
    #[error("could not encode the state for {}: {message}", .path.display())]
    Encode { path: PathBuf, message: String },
    /// Taking the lock did not finish in time once: nothing is saved in this run.
    #[error("not saving {}: its lock could not be taken", .path.display())]
    Unlocked { path: PathBuf },
}

impl StateError {
    fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        StateError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
