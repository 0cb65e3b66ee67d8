//! Tags given in the reader (`t`, `T`), beside the tags an article's file carries:
//! per article and tag, when it was given, and a tombstone when it was taken off, so
//! that two running instances merge both ways (see `merge`). Tags compare without
//! regard to case; each keeps the spelling it was first given.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::{State, stamp};
use crate::article::{Article, ArticleId, sanitize_line};

/// The longest tag kept, in characters.
const MOST_CHARS: usize = 64;

/// A tag as typed, made fit to keep: a leading `#` dropped, no spaces or commas in it,
/// not empty, not starting with `-` (which removes), at most 64 characters.
pub fn clean_tag(typed: &str) -> Option<String> {
    let tag = sanitize_line(typed.trim().trim_start_matches('#'));
    let fits = !tag.is_empty()
        && !tag.starts_with('-')
        && !tag.contains(|c: char| c.is_whitespace() || c == ',')
        && tag.chars().count() <= MOST_CHARS;
    fits.then_some(tag)
}

/// Whether two tags are the same tag (case aside).
pub fn same_tag(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

impl State {
    /// The tags given to this article in the reader, in the order of their names.
    pub fn user_tags(&self, id: ArticleId) -> impl Iterator<Item = &str> {
        self.tags
            .range((id, String::new())..)
            .take_while(move |((article, _), _)| *article == id)
            .map(|((_, tag), _)| tag.as_str())
    }

    /// The key under which this article holds `tag`, in whatever case it was given.
    fn tag_key(&self, id: ArticleId, tag: &str) -> Option<(ArticleId, String)> {
        self.user_tags(id)
            .find(|t| same_tag(t, tag))
            .map(|t| (id, t.to_string()))
    }

    /// Gives the article a tag; false if it had it already.
    pub fn add_tag(&mut self, id: ArticleId, tag: &str, now: DateTime<Utc>) -> bool {
        if self.tag_key(id, tag).is_some() {
            return false;
        }
        let key = (id, tag.to_string());
        // A tombstone in another case is this tag's: it goes.
        self.untagged
            .retain(|(a, t), _| !(*a == id && same_tag(t, tag)));
        self.tags.insert(key.clone(), stamp(now));
        self.dirty.tags.insert(key);
        true
    }

    /// Takes a tag off the article; false if it did not have it.
    pub fn remove_tag(&mut self, id: ArticleId, tag: &str, now: DateTime<Utc>) -> bool {
        let Some(key) = self.tag_key(id, tag) else {
            return false;
        };
        self.tags.remove(&key);
        self.untagged.insert(key.clone(), stamp(now));
        self.dirty.tags.insert(key);
        true
    }

    /// All of an article's tags: its file's, then those given in the reader that the
    /// file does not give.
    pub fn tags_of(&self, article: &Article) -> Vec<String> {
        let mut tags = article.tags.clone();
        for tag in self.user_tags(article.id) {
            if !tags.iter().any(|t| same_tag(t, tag)) {
                tags.push(tag.to_string());
            }
        }
        tags
    }

    /// The articles given each tag, by the tag as given (the search folds it as it
    /// folds words).
    pub fn tagged(&self) -> HashMap<String, HashSet<ArticleId>> {
        let mut tagged: HashMap<String, HashSet<ArticleId>> = HashMap::new();
        for (id, tag) in self.tags.keys() {
            tagged.entry(tag.clone()).or_default().insert(*id);
        }
        tagged
    }

    /// Every tag given in the reader, with the number of articles that have it.
    pub fn tag_counts(&self) -> Vec<(String, usize)> {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for (_, tag) in self.tags.keys() {
            match counts.iter_mut().find(|(t, _)| same_tag(t, tag)) {
                Some((_, n)) => *n += 1,
                None => counts.push((tag.clone(), 1)),
            }
        }
        counts
    }

    /// Moves the tags of `old` to `new` (an edited file's new version).
    pub(super) fn carry_tags(
        &mut self,
        old: ArticleId,
        new: ArticleId,
        now: DateTime<Utc>,
    ) -> bool {
        let tags: Vec<String> = self.user_tags(old).map(String::from).collect();
        for tag in &tags {
            self.remove_tag(old, tag, now);
            self.add_tag(new, tag, now);
        }
        !tags.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(secs: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap()
    }

    #[test]
    fn tags_are_cleaned_or_refused() {
        assert_eq!(clean_tag(" #later ").as_deref(), Some("later"));
        assert_eq!(clean_tag("Rust").as_deref(), Some("Rust"));
        assert_eq!(clean_tag("日本").as_deref(), Some("日本"));
        for bad in [
            "",
            "#",
            "-old",
            "two words",
            "a,b",
            &"x".repeat(65),
            "\u{1b}[31m",
        ] {
            let cleaned = clean_tag(bad);
            assert!(
                cleaned.as_deref().is_none_or(|c| !c.contains('\u{1b}')),
                "{bad:?} gave {cleaned:?}"
            );
            if bad != "\u{1b}[31m" {
                assert_eq!(cleaned, None, "{bad:?}");
            }
        }
    }

    #[test]
    fn a_tag_is_given_once_whatever_its_case_and_taken_off_the_same_way() {
        let (x, y) = (ArticleId(1), ArticleId(2));
        let mut state = State::default();
        assert!(state.add_tag(x, "Later", t(0)));
        assert!(!state.add_tag(x, "later", t(1)), "the same tag");
        assert!(state.add_tag(x, "rust", t(2)));
        assert!(state.add_tag(y, "later", t(3)));
        assert_eq!(state.user_tags(x).collect::<Vec<_>>(), ["Later", "rust"]);
        assert_eq!(
            state.tag_counts(),
            [("Later".to_string(), 2), ("rust".to_string(), 1)]
        );
        let tagged = state.tagged();
        assert_eq!(tagged["Later"], HashSet::from([x]));
        assert_eq!(tagged["later"], HashSet::from([y]));
        assert!(state.remove_tag(x, "LATER", t(4)));
        assert!(!state.remove_tag(x, "later", t(5)), "already off");
        assert_eq!(state.user_tags(x).collect::<Vec<_>>(), ["rust"]);
    }

    #[test]
    fn tags_move_to_the_new_version_of_an_edited_file() {
        let (old, new) = (ArticleId(1), ArticleId(2));
        let mut state = State::default();
        state.add_tag(old, "later", t(0));
        assert!(state.carry_marks(old, new, "New", t(10)));
        assert_eq!(state.user_tags(old).count(), 0);
        assert_eq!(state.user_tags(new).collect::<Vec<_>>(), ["later"]);
    }
}
