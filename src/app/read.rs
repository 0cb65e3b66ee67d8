//! Marking everything shown as read (`R`): asked first when the list holds more than
//! a screenful, and taken back with `U` while its message shows (as tagging all shown
//! is).

use super::{App, Effect, Undo};
use crate::action::Action;
use crate::article::ArticleId;

impl App {
    /// The first key bound to `action`, for messages.
    pub(super) fn key_name(&self, action: &Action) -> String {
        self.keymap
            .keys_for(action)
            .into_iter()
            .next()
            .unwrap_or_else(|| action.name())
    }

    pub(super) fn mark_all_read(&mut self) -> Vec<Effect> {
        let unread: Vec<ArticleId> = self
            .shown
            .iter()
            .filter_map(|&i| self.library.get(i))
            .map(|a| a.id)
            .filter(|&id| !self.state.is_read(id))
            .collect();
        if unread.is_empty() {
            self.set_message("Nothing unread here");
            return Vec::new();
        }
        if self.shown.len() > self.list_height() && !self.confirming {
            let again = self.key_name(&Action::MarkAllRead);
            self.set_message(format!(
                "Mark {} of {} shown read? {again} again to confirm",
                unread.len(),
                self.shown.len()
            ));
            self.confirming = true;
            return Vec::new();
        }
        self.confirming = false;
        for &id in &unread {
            self.state.set_read(id, true, self.now);
        }
        let undo = self.key_name(&Action::Undo);
        self.set_message(format!("Marked {} read · {undo} undoes", unread.len()));
        self.undo = Some(Undo::Read(unread));
        vec![Effect::SaveState]
    }

    pub(super) fn undo(&mut self) -> Vec<Effect> {
        let marked = match self.undo.take() {
            Some(Undo::Read(marked)) => marked,
            Some(Undo::Tags { added, removed }) => return self.undo_tags(added, removed),
            Some(Undo::Highlight {
                article,
                id,
                highlight,
            }) => {
                self.state
                    .restore_highlight(article, id, *highlight, self.now);
                self.relayout();
                self.set_message("Highlight put back");
                return vec![Effect::SaveState];
            }
            None => {
                self.set_message("Nothing to undo");
                return Vec::new();
            }
        };
        for &id in &marked {
            self.state.set_read(id, false, self.now);
        }
        self.set_message(format!("Marked {} unread again", marked.len()));
        vec![Effect::SaveState]
    }
}
