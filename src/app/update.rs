//! `App::update`, the one door: messages in, the action's meaning found, effects
//! out; and what every change of the list goes through (showing results, selecting a
//! row, the reading clock).

use super::{App, Effect, Focus, Msg, Overlay};
use crate::action::Action;

impl App {
    /// The one door: takes a message, changes what the app holds, and says what the
    /// runner must do.
    pub fn update(&mut self, msg: impl Into<Msg>) -> Vec<Effect> {
        match msg.into() {
            Msg::Action(action) => self.act(action),
            Msg::Input(event) => match self.action_for_event(&event) {
                Some(action) => self.act(action),
                None => Vec::new(),
            },
            Msg::Clock(now) => {
                self.now = now;
                Vec::new()
            }
            Msg::Searched(outcome) => self.act(Action::SearchResults {
                generation: outcome.generation,
                docs: outcome.docs,
                complete: outcome.complete,
                total: outcome.total,
            }),
            Msg::Saved(result) => self.saved(*result),
            Msg::Error(error) => {
                self.set_error(error);
                Vec::new()
            }
            Msg::Signal(_) => self.act(Action::Quit),
            Msg::PageSaved(saved) => self.page_saved(*saved),
            msg @ (Msg::Load(_)
            | Msg::Batch { .. }
            | Msg::LoadDone(_)
            | Msg::Watch(_)
            | Msg::ChangedSince(_)
            | Msg::CacheWritten(_)) => self.library_msg(msg),
        }
    }

    /// Applies an action.
    fn act(&mut self, action: Action) -> Vec<Effect> {
        self.age_message();
        if let Action::SearchResults {
            generation,
            docs,
            complete,
            total,
        } = action
        {
            // Only the newest search counts; its complete answer replaces a first
            // screenful, never the other way round.
            let late_first_screen =
                self.searched == generation && self.search_complete && !complete;
            if generation == self.generation && !late_first_screen {
                self.searched = generation;
                self.search_complete = complete;
                self.search_total = total;
                self.show_results(docs);
            }
            return Vec::new();
        }
        if !matches!(action, Action::Resize(..) | Action::Tick) {
            self.restore = None;
        }
        if self.overlay.is_some() {
            // Drawing clamps the scroll to the overlay's length and says how far that is.
            let max = self.overlay_max.get();
            let scroll = |s: usize, by: isize| s.min(max).saturating_add_signed(by).min(max);
            if self.overlay == Some(Overlay::Help) && self.search_help(&action) {
                return Vec::new();
            }
            if self.overlay == Some(Overlay::Highlights) {
                return self.highlights_overlay(action);
            }
            match action {
                Action::ToggleHelp | Action::Back | Action::ShowProblems => {
                    self.overlay = None;
                    self.help_search = None;
                    return Vec::new();
                }
                Action::MoveDown | Action::ScrollReader(1..) | Action::ScrollList(1..) => {
                    self.overlay_scroll = scroll(self.overlay_scroll, 1);
                }
                Action::MoveUp | Action::ScrollReader(..=-1) | Action::ScrollList(..=-1) => {
                    self.overlay_scroll = scroll(self.overlay_scroll, -1);
                }
                Action::PageDown | Action::HalfPageDown | Action::Bottom => {
                    self.overlay_scroll = max;
                }
                Action::PageUp | Action::HalfPageUp | Action::Top => self.overlay_scroll = 0,
                Action::Quit | Action::Resize(..) => {}
                _ => {}
            }
            if !matches!(action, Action::Quit | Action::Resize(..)) {
                return Vec::new();
            }
        }
        if !matches!(action, Action::Tick | Action::Resize(..)) {
            self.confirming = self.confirming && action == Action::MarkAllRead;
        }
        let effects = self.apply(action);
        self.track_opening();
        self.age_message();
        effects
    }

    /// Starts or stops the "open for a while" clock as the reader gains or loses focus.
    pub(super) fn track_opening(&mut self) {
        let open = (self.focus == Focus::Reader)
            .then(|| self.selected_id())
            .flatten();
        match (open, self.opened_at) {
            (Some(id), Some((was, _))) if id == was => {}
            (Some(id), _) => self.opened_at = Some((id, self.now)),
            (None, _) => self.opened_at = None,
        }
    }

    /// Shows a search's results, keeping the selected article selected when it is
    /// still there (or the one saved last time, until it appears).
    pub(super) fn show_results(&mut self, docs: Vec<u32>) {
        let keep = self.restore.or(self.selected_id());
        // A saved link whose page is in the library too shows as that page.
        let library = &self.library;
        self.shown = docs
            .into_iter()
            .map(|d| d as usize)
            .filter(|&d| !library.is_superseded(d))
            .collect();
        self.order_bookmarks();
        self.group_shown();
        let position = keep.and_then(|id| {
            let doc = self.library.index_of(id)?;
            self.shown.iter().position(|&i| i == doc)
        });
        self.select(position.unwrap_or(0));
        if self.restore.is_some() && self.selected_id() == self.restore {
            self.restore = None;
        }
    }

    /// Selects row `row` (clamped), scrolls it into view and shows it in the reader.
    pub(super) fn select(&mut self, row: usize) {
        self.selected = row.min(self.shown.len().saturating_sub(1));
        let height = self.list_height();
        let row = self.row_of(self.selected);
        // The first article of a group brings its heading into view with it.
        let first_of_group = self
            .groups
            .binary_search_by_key(&self.selected, |g| g.first)
            .is_ok();
        let top = row.saturating_sub(usize::from(first_of_group));
        if top < self.list_offset {
            self.list_offset = top;
        } else if row >= self.list_offset + height {
            self.list_offset = row + 1 - height;
        }
        let max_offset = self.row_count().saturating_sub(height);
        self.list_offset = self.list_offset.min(max_offset);
        self.sync_reader();
    }

    pub(super) fn move_selection(&mut self, delta: i64) {
        let row = (self.selected as i64 + delta).max(0) as usize;
        self.select(row);
    }
}
