//! Highlights: passages of an article a person marked, each with its anchor (the
//! quote, a little context and a position hint; see `crate::highlight`), an optional
//! note, when it was made and last changed, and the article's title then. Kept per
//! article and highlight, merged with another instance's like bookmarks (the later
//! change wins, removals leave tombstones), and carried to the new version of an
//! edited file. A highlight whose passage is gone from its article is kept, and
//! listed as orphaned by whoever shows it.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use super::{State, stamp};
use crate::article::ArticleId;
use crate::highlight::Anchor;

/// A highlight's id: 16 hex digits, from its article, quote, place and time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HighlightId(pub u64);

impl fmt::Display for HighlightId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl FromStr for HighlightId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not a highlight id (16 hex digits)");
        if s.len() != 16 {
            return Err(bad());
        }
        u64::from_str_radix(s, 16)
            .map(HighlightId)
            .map_err(|_| bad())
    }
}

/// One highlight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Highlight {
    pub anchor: Anchor,
    pub note: Option<String>,
    pub created: DateTime<Utc>,
    /// When it was made or its note last changed: the later change wins a merge.
    pub changed: DateTime<Utc>,
    /// The article's title when it was made, for lists and exports of orphans.
    pub title: String,
}

impl State {
    /// The highlights of one article, oldest first.
    pub fn highlights_of(&self, id: ArticleId) -> Vec<(HighlightId, &Highlight)> {
        let mut found: Vec<(HighlightId, &Highlight)> = self
            .highlights
            .range((id, HighlightId(0))..=(id, HighlightId(u64::MAX)))
            .map(|((_, h), highlight)| (*h, highlight))
            .collect();
        found.sort_by_key(|(h, highlight)| (highlight.created, *h));
        found
    }

    /// Every highlight, by article.
    pub fn highlights(&self) -> impl Iterator<Item = (ArticleId, HighlightId, &Highlight)> {
        self.highlights.iter().map(|((a, h), hl)| (*a, *h, hl))
    }

    /// Keeps a new highlight of article `id`; returns its id.
    pub fn add_highlight(
        &mut self,
        id: ArticleId,
        anchor: Anchor,
        note: Option<String>,
        title: &str,
        now: DateTime<Utc>,
    ) -> HighlightId {
        let now = stamp(now);
        let mut key = Vec::new();
        key.extend_from_slice(&id.0.to_le_bytes());
        key.extend_from_slice(anchor.quote.as_bytes());
        key.extend_from_slice(&anchor.start.to_le_bytes());
        key.extend_from_slice(&now.timestamp().to_le_bytes());
        let mut hid = HighlightId(xxhash_rust::xxh3::xxh3_64(&key));
        while self.highlights.contains_key(&(id, hid)) {
            hid = HighlightId(hid.0.wrapping_add(1));
        }
        let highlight = Highlight {
            anchor,
            note: note.filter(|n| !n.trim().is_empty()),
            created: now,
            changed: now,
            title: title.to_string(),
        };
        self.unhighlighted.remove(&(id, hid));
        self.highlights.insert((id, hid), highlight);
        self.dirty.highlights.insert((id, hid));
        hid
    }

    /// Removes a highlight; returns it (for undo).
    pub fn remove_highlight(
        &mut self,
        id: ArticleId,
        hid: HighlightId,
        now: DateTime<Utc>,
    ) -> Option<Highlight> {
        let removed = self.highlights.remove(&(id, hid))?;
        self.unhighlighted.insert((id, hid), stamp(now));
        self.dirty.highlights.insert((id, hid));
        Some(removed)
    }

    /// Puts back a highlight removed a moment ago, under its old id.
    pub fn restore_highlight(
        &mut self,
        id: ArticleId,
        hid: HighlightId,
        mut highlight: Highlight,
        now: DateTime<Utc>,
    ) {
        highlight.changed = stamp(now);
        self.unhighlighted.remove(&(id, hid));
        self.highlights.insert((id, hid), highlight);
        self.dirty.highlights.insert((id, hid));
    }

    /// Moves the highlights of `old` to `new` (an edited file's new version); their
    /// anchors find their passages again, or leave them orphaned.
    pub(super) fn carry_highlights(
        &mut self,
        old: ArticleId,
        new: ArticleId,
        now: DateTime<Utc>,
    ) -> bool {
        let moving: Vec<(HighlightId, Highlight)> = self
            .highlights_of(old)
            .into_iter()
            .map(|(h, hl)| (h, hl.clone()))
            .collect();
        for (hid, highlight) in &moving {
            self.remove_highlight(old, *hid, now);
            if !self.highlights.contains_key(&(new, *hid)) {
                self.restore_highlight(new, *hid, highlight.clone(), now);
            }
        }
        !moving.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
    }

    fn anchor(quote: &str) -> Anchor {
        Anchor {
            quote: quote.into(),
            prefix: String::new(),
            suffix: String::new(),
            start: 0,
        }
    }

    #[test]
    fn highlights_are_kept_removed_and_put_back() {
        let (x, y) = (ArticleId(1), ArticleId(2));
        let mut state = State::default();
        let first = state.add_highlight(x, anchor("one"), Some("why".into()), "X", t(0));
        let second = state.add_highlight(x, anchor("two"), Some("  ".into()), "X", t(5));
        state.add_highlight(y, anchor("three"), None, "Y", t(1));
        let quotes: Vec<&str> = state
            .highlights_of(x)
            .iter()
            .map(|(_, h)| h.anchor.quote.as_str())
            .collect();
        assert_eq!(quotes, ["one", "two"]);
        assert_eq!(
            state.highlights_of(x)[1].1.note,
            None,
            "a blank note is none"
        );
        assert_eq!(first.to_string().parse::<HighlightId>(), Ok(first));
        let removed = state.remove_highlight(x, second, t(9)).unwrap();
        assert_eq!(state.highlights_of(x).len(), 1);
        state.restore_highlight(x, second, removed, t(10));
        assert_eq!(state.highlights_of(x).len(), 2);
        assert_eq!(state.highlights().count(), 3);
    }

    #[test]
    fn highlights_move_to_the_new_version_of_an_edited_file() {
        let (old, new) = (ArticleId(1), ArticleId(2));
        let mut state = State::default();
        let hid = state.add_highlight(old, anchor("kept"), None, "Old", t(0));
        assert!(state.carry_marks(old, new, "New", t(10)));
        assert!(state.highlights_of(old).is_empty());
        let moved = state.highlights_of(new);
        assert_eq!(moved.len(), 1);
        assert_eq!(
            (moved[0].0, moved[0].1.created),
            (hid, t(0)),
            "same id, same time"
        );
    }
}
