//! What a read-later export knew of an article, taken into the state the first time
//! the article is seen: starred becomes a bookmark, archived a read mark, and its
//! highlights (Omnivore, Wallabag) highlights of the article. Only where the person has
//! not decided otherwise: an article bookmarked or unbookmarked, read or marked unread
//! here keeps that, and a highlight taken once (or removed since) is not taken again.

use chrono::{DateTime, Utc};

use super::{Highlight, HighlightId, State, stamp};
use crate::article::Article;
use crate::highlight::{Anchor, Location};

impl State {
    /// The state with every export's marks of `articles` taken, for the command line,
    /// which does not save (the reader does, when it next sees them).
    pub fn with_saved_marks<'a>(
        mut self,
        articles: impl IntoIterator<Item = &'a Article>,
        now: DateTime<Utc>,
    ) -> State {
        for article in articles {
            self.take_saved_marks(article, now);
        }
        self
    }

    /// Takes the export's marks of `article`; whether anything changed.
    pub fn take_saved_marks(&mut self, article: &Article, now: DateTime<Utc>) -> bool {
        let Some(saved) = article.saved.as_deref() else {
            return false;
        };
        let id = article.id;
        let at = saved.saved_at.unwrap_or(now);
        let mut changed = false;
        let untouched = |set: bool, removed: bool| !set && !removed;
        if saved.starred
            && untouched(
                self.bookmarks.contains_key(&id),
                self.unbookmarked.contains_key(&id),
            )
        {
            self.toggle_bookmark(id, article.title.as_str(), at);
            changed = true;
        }
        if saved.archived && untouched(self.read.contains_key(&id), self.unread.contains_key(&id)) {
            self.set_read(id, true, at);
            changed = true;
        }
        let mut body: Option<String> = None;
        for (n, h) in saved.highlights.iter().enumerate() {
            let mut key = id.0.to_le_bytes().to_vec();
            key.extend_from_slice(b"imported");
            key.extend_from_slice(&n.to_le_bytes());
            key.extend_from_slice(h.quote.as_bytes());
            let hid = HighlightId(xxhash_rust::xxh3::xxh3_64(&key));
            if self.highlights.contains_key(&(id, hid))
                || self.unhighlighted.contains_key(&(id, hid))
            {
                continue;
            }
            let body = body.get_or_insert_with(|| article.plain_body());
            let loose = Anchor {
                quote: h.quote.clone(),
                prefix: String::new(),
                suffix: String::new(),
                start: 0,
            };
            // Anchored in the article's text where the quote is in it; kept as it is
            // (an orphan) where it is not.
            let anchor = match loose.locate(body) {
                Location::Found(range) => Anchor::capture(body, range).unwrap_or(loose),
                Location::Orphaned => loose,
            };
            let created = stamp(at);
            let highlight = Highlight {
                anchor,
                note: h.note.clone().filter(|n| !n.trim().is_empty()),
                created,
                changed: created,
                title: article.title.clone(),
            };
            self.highlights.insert((id, hid), highlight);
            self.dirty.highlights.insert((id, hid));
            changed = true;
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{ArticleId, Block, Draft, Saved, SavedHighlight};
    use chrono::TimeZone;

    fn exported(starred: bool, archived: bool) -> Article {
        let draft = Draft {
            title: "Saved".into(),
            body: vec![Block::Paragraph(
                "One passage here. Another one there.".into(),
            )],
            saved: Some(Box::new(Saved {
                starred,
                archived,
                saved_at: Some(Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).unwrap()),
                highlights: vec![
                    SavedHighlight {
                        quote: "Another one there.".into(),
                        note: Some("why".into()),
                    },
                    SavedHighlight {
                        quote: "not in the text".into(),
                        note: None,
                    },
                ],
            })),
            ..Draft::default()
        };
        Article::new(ArticleId(1), "saved.csv".into(), draft)
    }

    #[test]
    fn an_exports_marks_are_taken_once_and_never_over_the_persons_own() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let article = exported(true, true);
        let mut state = State::default();
        assert!(state.take_saved_marks(&article, now));
        assert!(state.is_bookmarked(ArticleId(1)));
        assert_eq!(
            state.bookmarks()[&ArticleId(1)].added,
            Utc.with_ymd_and_hms(2024, 5, 1, 8, 0, 0).unwrap(),
            "bookmarked when it was saved"
        );
        assert!(state.is_read(ArticleId(1)));
        let highlights = state.highlights_of(ArticleId(1));
        assert_eq!(highlights.len(), 2);
        let found = highlights
            .iter()
            .find(|(_, h)| h.anchor.quote == "Another one there.")
            .unwrap();
        assert_eq!(
            found.1.anchor.prefix, "One passage here. ",
            "anchored in the text"
        );
        assert_eq!(found.1.note.as_deref(), Some("why"));
        assert!(!state.take_saved_marks(&article, now), "taken once");

        // What the person did since stands.
        state.toggle_bookmark(ArticleId(1), "Saved", now);
        state.set_read(ArticleId(1), false, now);
        let (hid, _) = state.highlights_of(ArticleId(1))[0];
        state.remove_highlight(ArticleId(1), hid, now);
        assert!(!state.take_saved_marks(&article, now));
        assert!(!state.is_bookmarked(ArticleId(1)));
        assert!(!state.is_read(ArticleId(1)));
        assert_eq!(state.highlights_of(ArticleId(1)).len(), 1);
    }
}
