//! Bookmarks and their notes, and the state once saved (merged with another
//! instance's).

use super::msg::SaveResult;
use super::{App, Effect, Focus};
use crate::state::State;

impl App {
    /// Opens the note prompt on the selected article, bookmarking it first if need be.
    pub(super) fn edit_note(&mut self) -> Vec<Effect> {
        let Some(article) = self.selected_article() else {
            return Vec::new();
        };
        let (id, title) = (article.id, article.title.clone());
        let mut effects = Vec::new();
        if !self.state.is_bookmarked(id) {
            self.state.toggle_bookmark(id, &title, self.now);
            effects.push(Effect::SaveState);
        }
        let note = self.state.bookmarks().get(&id).and_then(|b| b.note.clone());
        self.note_input.set(note.unwrap_or_default());
        self.focus_before_filter = self.focus;
        self.focus = Focus::Note;
        effects
    }

    pub(super) fn toggle_bookmark(&mut self) -> Vec<Effect> {
        let Some(article) = self.selected_article() else {
            return Vec::new();
        };
        let (id, title) = (article.id, article.title.clone());
        let now_bookmarked = self.state.toggle_bookmark(id, &title, self.now);
        self.relayout();
        let short = crate::layout::wrap::truncate(&title, 50);
        if now_bookmarked {
            self.set_message(format!("Bookmarked “{short}”"));
        } else {
            self.set_message(format!("Removed the bookmark on “{short}”"));
            if self.bookmarked_only {
                let mut effects = self.search();
                effects.push(Effect::SaveState);
                return effects;
            }
        }
        vec![Effect::SaveState]
    }

    /// The state was saved (or not): a merge with another instance's is adopted.
    pub(super) fn saved(&mut self, result: SaveResult) -> Vec<Effect> {
        match result {
            Ok((merged, notes)) => {
                if !notes.is_empty() {
                    self.set_error(notes.join("; "));
                }
                self.adopt_state(merged)
            }
            Err(error) => {
                self.set_error(error.to_string());
                Vec::new()
            }
        }
    }

    /// The bookmarks and read marks were merged with another instance's on save.
    fn adopt_state(&mut self, merged: State) -> Vec<Effect> {
        let keep_selected = self.state.selected;
        let keep_filter = std::mem::take(&mut self.state.last_filter);
        let bookmarks_changed = merged.bookmarks() != self.state.bookmarks();
        self.state = merged;
        self.state.selected = keep_selected;
        self.state.last_filter = keep_filter;
        if self.bookmarked_only && bookmarks_changed {
            self.search()
        } else {
            Vec::new()
        }
    }
}
