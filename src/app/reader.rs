//! The reading pane's state: laying out the selected article, its scroll position,
//! and read marks earned by reading to the end.

use super::{App, Effect, ReaderView};
use crate::ui::layout::reading_column;
use crate::ui::wrap::layout_numbered;

impl App {
    /// Lays out the selected article if it or the width changed.
    pub(super) fn sync_reader(&mut self) {
        let id = self.selected_id();
        let width = reading_column(self.areas().reader, self.reading_width).width;
        if self.reader.id == id && self.reader.width == width {
            self.clamp_reader_scroll();
            return;
        }
        if self.reader.id != id {
            self.remember_position();
        }
        let same_article = self.reader.id == id;
        let (lines, links) = self
            .selected_article()
            .map(|a| {
                let note = self
                    .state
                    .bookmarks()
                    .get(&a.id)
                    .and_then(|b| b.note.as_deref());
                let numbered = crate::links::number(a);
                let width = usize::from(width);
                let lines = layout_numbered(a, &numbered, note, &self.date_format, width);
                (lines, numbered.links)
            })
            .unwrap_or_default();
        let scroll = if same_article {
            self.reader.scroll
        } else {
            id.map_or(0, |id| self.state.position(id) as usize)
        };
        self.reader = ReaderView {
            id,
            width,
            lines,
            scroll,
            links,
        };
        if !same_article {
            self.find = None;
        } else if let Some(mut find) = self.find.take() {
            self.locate_matches(&mut find);
            self.find = Some(find);
        }
        if let Some(id) = id {
            self.state.selected = Some(id);
        }
        self.clamp_reader_scroll();
    }

    pub(super) fn remember_position(&mut self) {
        if let Some(id) = self.reader.id {
            self.state.set_position(id, self.reader.scroll as u32);
        }
    }

    pub(super) fn max_reader_scroll(&self) -> usize {
        self.reader.lines.len().saturating_sub(self.reader_height())
    }

    pub(super) fn clamp_reader_scroll(&mut self) {
        self.reader.scroll = self.reader.scroll.min(self.max_reader_scroll());
    }

    pub(super) fn scroll_reader(&mut self, delta: i64) -> Vec<Effect> {
        let target = (self.reader.scroll as i64 + delta).max(0) as usize;
        self.reader.scroll = target.min(self.max_reader_scroll());
        // Reading to the end counts as having read it.
        if delta > 0 && self.reader.scroll == self.max_reader_scroll() {
            return self.mark_read();
        }
        Vec::new()
    }

    /// Lays the reader out again (after its note changed).
    pub(super) fn relayout(&mut self) {
        let scroll = self.reader.scroll;
        self.reader.id = None;
        self.sync_reader();
        self.reader.scroll = scroll;
        self.clamp_reader_scroll();
    }

    pub(super) fn mark_read(&mut self) -> Vec<Effect> {
        match self.selected_id() {
            Some(id) if !self.state.is_read(id) => {
                self.state.set_read(id, true, self.now);
                vec![Effect::SaveState]
            }
            _ => Vec::new(),
        }
    }
}
