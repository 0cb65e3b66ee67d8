//! Merging the state in memory with the state another instance saved: last writer
//! wins per article, tombstones keep removals removed.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, TimeDelta, Utc};

use super::{Dirty, FILTER_HISTORY_CAP, Highlight, State};

/// Tombstones older than this are dropped: an instance left running this long with a
/// stale copy may bring a removed bookmark back, which is an acceptable risk.
const TOMBSTONE_DAYS: i64 = 90;

/// Merges `mine` (in memory) with `theirs` (just read from the file). Per article,
/// the later change wins; on a tie, this instance's change wins if it made one,
/// else the file's. Positions this instance changed win, else the file's.
pub(super) fn merge(mine: &State, theirs: State, now: DateTime<Utc>) -> State {
    let cutoff = now - TimeDelta::days(TOMBSTONE_DAYS);
    let (bookmarks, unbookmarked) = merge_marks(
        Marks::new(mine.bookmarks.clone(), mine.unbookmarked.clone(), |b| {
            b.added
        }),
        &mine.dirty.bookmarks,
        Marks::new(theirs.bookmarks, theirs.unbookmarked, |b| b.added),
        cutoff,
    );
    let (read, unread) = merge_marks(
        Marks::new(mine.read.clone(), mine.unread.clone(), |at| *at),
        &mine.dirty.read,
        Marks::new(theirs.read, theirs.unread, |at| *at),
        cutoff,
    );
    let (tags, untagged) = merge_marks(
        Marks::new(mine.tags.clone(), mine.untagged.clone(), |at| *at),
        &mine.dirty.tags,
        Marks::new(theirs.tags, theirs.untagged, |at| *at),
        cutoff,
    );
    let (highlights, unhighlighted) = merge_marks(
        Marks::new(
            mine.highlights.clone(),
            mine.unhighlighted.clone(),
            |h: &Highlight| h.changed,
        ),
        &mine.dirty.highlights,
        Marks::new(theirs.highlights, theirs.unhighlighted, |h| h.changed),
        cutoff,
    );
    let mut positions = theirs.positions;
    for (id, line) in &mine.positions {
        if mine.dirty.positions.contains(id) || !positions.contains_key(id) {
            positions.insert(*id, *line);
        }
    }
    State {
        bookmarks,
        unbookmarked,
        read,
        unread,
        positions,
        tags,
        untagged,
        highlights,
        unhighlighted,
        filter_history: merge_history(
            &mine.filter_history,
            &mine.dirty.filters,
            theirs.filter_history,
        ),
        dirty: Dirty::default(),
        selected: mine.selected,
        last_filter: mine.last_filter.clone(),
        layout: mine.layout.clone(),
    }
}

/// Marks that can be set and removed, by article (or by article and tag): when each
/// was last set or removed, and its value if set (`None` is a tombstone).
struct Marks<K, T>(BTreeMap<K, (DateTime<Utc>, Option<T>)>);

impl<K: Ord, T> Marks<K, T> {
    fn new(
        set: BTreeMap<K, T>,
        removed: BTreeMap<K, DateTime<Utc>>,
        set_at: impl Fn(&T) -> DateTime<Utc>,
    ) -> Self {
        let mut marks: BTreeMap<_, _> = removed
            .into_iter()
            .map(|(id, at)| (id, (at, None)))
            .collect();
        for (id, value) in set {
            let at = set_at(&value);
            if marks.get(&id).is_none_or(|(removed, _)| *removed <= at) {
                marks.insert(id, (at, Some(value)));
            }
        }
        Marks(marks)
    }
}

/// The set marks and the tombstones, with tombstones older than `cutoff` dropped.
type Split<K, T> = (BTreeMap<K, T>, BTreeMap<K, DateTime<Utc>>);

fn merge_marks<K: Ord, T>(
    mine: Marks<K, T>,
    dirty: &BTreeSet<K>,
    theirs: Marks<K, T>,
    cutoff: DateTime<Utc>,
) -> Split<K, T> {
    let mut merged = theirs.0;
    for (id, (at, value)) in mine.0 {
        let take_mine = match merged.get(&id) {
            None => true,
            Some((their_at, _)) => at > *their_at || (at == *their_at && dirty.contains(&id)),
        };
        if take_mine {
            merged.insert(id, (at, value));
        }
    }
    let (mut set, mut removed) = (BTreeMap::new(), BTreeMap::new());
    for (id, (at, value)) in merged {
        match value {
            Some(value) => {
                set.insert(id, value);
            }
            None if at >= cutoff => {
                removed.insert(id, at);
            }
            None => {}
        }
    }
    (set, removed)
}

/// The file's history, with filters only this copy still has in front (older) and
/// the filters this instance pushed at the end (newest).
fn merge_history(mine: &[String], pushed: &[String], theirs: Vec<String>) -> Vec<String> {
    let mut merged: Vec<String> = mine
        .iter()
        .filter(|f| !theirs.contains(f) && !pushed.contains(f))
        .cloned()
        .collect();
    merged.extend(theirs.into_iter().filter(|f| !pushed.contains(f)));
    merged.extend(pushed.iter().cloned());
    let excess = merged.len().saturating_sub(FILTER_HISTORY_CAP);
    merged.drain(..excess);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleId;
    use chrono::TimeZone;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
    }

    /// A state as read from a file: nothing dirty.
    fn clean(state: &State) -> State {
        State {
            dirty: Dirty::default(),
            ..state.clone()
        }
    }

    #[test]
    fn tags_added_on_one_and_removed_on_the_other_both_survive() {
        let (x, y) = (ArticleId(1), ArticleId(2));
        let mut base = State::default();
        base.add_tag(x, "old", t(0));
        let base = clean(&base);

        let mut a = base.clone();
        a.add_tag(y, "later", t(10)); // A tags y
        let mut b = base.clone();
        b.remove_tag(x, "old", t(20)); // B takes x's tag off

        let file = merge(&a, base, t(30));
        let merged = merge(&b, file, t(40));
        assert_eq!(merged.user_tags(y).collect::<Vec<_>>(), ["later"]);
        assert_eq!(
            merged.user_tags(x).count(),
            0,
            "the stale copy's tag stays off"
        );
        // And the other way round: B's file, then A's stale copy of x.
        let merged = merge(&a, clean(&merged), t(50));
        assert_eq!(merged.user_tags(x).count(), 0);
        assert_eq!(merged.user_tags(y).collect::<Vec<_>>(), ["later"]);
    }

    #[test]
    fn highlights_made_on_one_and_removed_on_the_other_both_survive() {
        use crate::highlight::Anchor;
        let anchor = |q: &str| Anchor {
            quote: q.into(),
            prefix: String::new(),
            suffix: String::new(),
            start: 0,
        };
        let x = crate::article::ArticleId(1);
        let mut base = State::default();
        let old = base.add_highlight(x, anchor("old"), None, "X", t(0));
        let base = clean(&base);
        let mut a = base.clone();
        let new = a.add_highlight(x, anchor("new"), None, "X", t(10));
        let mut b = base.clone();
        b.remove_highlight(x, old, t(20));
        let file = merge(&a, base, t(30));
        let merged = merge(&b, file, t(40));
        let ids: Vec<_> = merged
            .highlights_of(x)
            .into_iter()
            .map(|(h, _)| h)
            .collect();
        assert_eq!(ids, [new]);
        let again = merge(&a, clean(&merged), t(50));
        let ids: Vec<_> = again.highlights_of(x).into_iter().map(|(h, _)| h).collect();
        assert_eq!(
            ids,
            [new],
            "the stale copy does not bring the removed one back"
        );
    }

    #[test]
    fn later_change_wins_per_article() {
        let (x, y) = (ArticleId(1), ArticleId(2));
        let mut base = State::default();
        base.toggle_bookmark(x, "x", t(0));
        base.toggle_bookmark(y, "y", t(0));
        let base = clean(&base);

        let mut a = base.clone();
        a.toggle_bookmark(x, "x", t(10)); // A removes x
        let mut b = base.clone();
        b.toggle_bookmark(y, "y", t(20)); // B removes y

        let file = merge(&a, base, t(30));
        let merged = merge(&b, file, t(40));
        assert!(!merged.is_bookmarked(x));
        assert!(!merged.is_bookmarked(y));
    }

    #[test]
    fn marks_carried_to_a_new_version_survive_a_merge_with_a_stale_copy() {
        let (old, new) = (ArticleId(1), ArticleId(2));
        let mut base = State::default();
        base.toggle_bookmark(old, "Draft", t(0));
        base.set_bookmark_note(old, Some("for Friday".into()));
        base.set_read(old, true, t(1));
        base.set_position(old, 12);
        let base = clean(&base);

        let mut mine = base.clone();
        assert!(mine.carry_marks(old, new, "Final", t(10)));
        assert!(
            !mine.carry_marks(new, new, "Final", t(10)),
            "nothing to carry"
        );
        // Another instance saved meanwhile, still with the old version bookmarked.
        let merged = merge(&mine, base, t(20));
        assert!(!merged.is_bookmarked(old));
        let bookmark = &merged.bookmarks()[&new];
        assert_eq!(
            (
                bookmark.title.as_str(),
                bookmark.note.as_deref(),
                bookmark.added
            ),
            ("Final", Some("for Friday"), t(0))
        );
        assert!(merged.is_read(new));
        assert_eq!(merged.position(new), 12);

        // A new version with marks of its own keeps them.
        let mut own = clean(&merged);
        own.toggle_bookmark(ArticleId(3), "Other", t(30));
        own.set_position(ArticleId(3), 4);
        own.set_position(ArticleId(4), 9);
        own.toggle_bookmark(ArticleId(4), "Older", t(31));
        own.carry_marks(ArticleId(4), ArticleId(3), "Other", t(40));
        assert_eq!(own.position(ArticleId(3)), 4);
        assert_eq!(own.bookmarks()[&ArticleId(3)].added, t(30));
        assert!(!own.is_bookmarked(ArticleId(4)));
    }

    #[test]
    fn tie_goes_to_the_instance_that_changed_it() {
        let x = ArticleId(1);
        let mut file = State::default();
        file.toggle_bookmark(x, "x", t(5));
        let file = clean(&file);

        // A stale copy (not changed here) does not override the file's removal.
        let stale = file.clone();
        let mut removed = file.clone();
        removed.toggle_bookmark(x, "x", t(5));
        let file = merge(&removed, file, t(5));
        assert!(!file.is_bookmarked(x));
        assert!(!merge(&stale, file.clone(), t(5)).is_bookmarked(x));

        // A change made here in the same second wins.
        let mut readd = file.clone();
        readd.toggle_bookmark(x, "x", t(5));
        assert!(merge(&readd, file, t(5)).is_bookmarked(x));
    }

    #[test]
    fn read_marks_and_unread_tombstones() {
        let x = ArticleId(1);
        let mut base = State::default();
        base.set_read(x, true, t(0));
        let base = clean(&base);
        let mut a = base.clone();
        a.set_read(x, false, t(10));
        let file = merge(&a, base.clone(), t(10));
        assert!(!merge(&base, file, t(20)).is_read(x));
    }

    #[test]
    fn old_tombstones_are_pruned_and_marks_kept() {
        let (x, y) = (ArticleId(1), ArticleId(2));
        let mut s = State::default();
        s.toggle_bookmark(x, "x", t(0));
        s.toggle_bookmark(x, "x", t(1));
        s.set_read(y, true, t(0));
        let now = t(2) + TimeDelta::days(TOMBSTONE_DAYS);
        let merged = merge(&s, State::default(), now);
        assert!(merged.bookmarks.is_empty() && merged.unbookmarked.is_empty());
        assert!(merged.is_read(y));
        let kept = merge(&s, State::default(), t(1) + TimeDelta::days(TOMBSTONE_DAYS));
        assert_eq!(kept.unbookmarked.len(), 1);
    }

    #[test]
    fn positions_changed_here_win_else_the_files() {
        let (x, y, z) = (ArticleId(1), ArticleId(2), ArticleId(3));
        let mut file = State::default();
        file.set_position(x, 10);
        file.set_position(y, 20);
        let mut mine = clean(&file);
        mine.set_position(x, 11);
        mine.set_position(z, 30);
        file.set_position(y, 21);
        let merged = merge(&mine, clean(&file), t(0));
        assert_eq!(merged.position(x), 11);
        assert_eq!(merged.position(y), 21);
        assert_eq!(merged.position(z), 30);
    }

    #[test]
    fn filter_history_keeps_both_instances_filters_in_order() {
        let mut base = State::default();
        base.push_filter("a");
        base.push_filter("b");
        let base = clean(&base);
        let mut a = base.clone();
        a.push_filter("c");
        let mut b = base.clone();
        b.push_filter("d");
        b.push_filter("a");
        let file = merge(&a, base, t(0));
        let merged = merge(&b, file, t(0));
        assert_eq!(merged.filter_history(), ["b", "c", "d", "a"]);

        let mut many = State::default();
        for i in 0..150 {
            many.push_filter(i.to_string());
        }
        let merged = merge(&many, State::default(), t(0));
        assert_eq!(merged.filter_history().len(), FILTER_HISTORY_CAP);
        assert_eq!(
            merged.filter_history().last().map(String::as_str),
            Some("149")
        );
    }
}
