//! The reading pane's state: laying out the selected article, its scroll position,
//! and read marks earned by reading to the end. A very long article is laid out a
//! window of pieces at a time (see `ui::window`); scrolling past either end of the
//! window moves it, keeping the line at the top where it is.

use super::{App, Effect, ReaderView};
use crate::layout::panes::reading_column;
use crate::layout::window::{self, PIECE_BYTES, WINDOW_BYTES};
use crate::layout::wrap::{Marks, Part, layout_part};

/// The reading position of an article laid out in windows is saved as its piece
/// shifted left by this many bits, plus the line in that piece.
const LINE_BITS: u32 = 16;

impl App {
    /// Lays out the selected article if it or the width changed.
    pub(super) fn sync_reader(&mut self) {
        let id = self.selected_id();
        let width = reading_column(self.areas().reader, self.reading_width).width;
        if self.reader.id == id && self.reader.width == width {
            self.clamp_reader_scroll();
            return;
        }
        if self.reader.id == id {
            self.reader.width = width;
            self.lay_out_reader();
        } else {
            self.remember_position();
            self.open_reader(width);
            self.bring_jump_on_screen();
        }
        if let Some(id) = id {
            self.state.selected = Some(id);
        }
        self.clamp_reader_scroll();
    }

    /// Numbers the selected article's links, cuts it into pieces and lays out the
    /// window at its remembered position.
    fn open_reader(&mut self, width: u16) {
        self.find = None;
        let id = self.selected_id();
        let numbered = self
            .selected_article()
            .map(crate::links::number)
            .unwrap_or_default();
        let pieces = window::pieces(&numbered.body, PIECE_BYTES);
        let windowed = window::around(&pieces, 0, WINDOW_BYTES).len() < pieces.len();
        let position = id.map_or(0, |id| self.state.position(id) as usize);
        let (at, line) = if windowed {
            (position >> LINE_BITS, position & ((1 << LINE_BITS) - 1))
        } else {
            (0, position)
        };
        self.reader = ReaderView {
            id,
            width,
            links: numbered.links,
            body: numbered.body,
            window: window::around(&pieces, at, WINDOW_BYTES),
            pieces,
            ..ReaderView::default()
        };
        self.lay_out_reader();
        self.reader.scroll = self.piece_line(at) + line;
    }

    /// Lays out the window of the article in the reader, and finds the matches of a
    /// search within it again.
    fn lay_out_reader(&mut self) {
        let article = self
            .selected_article()
            .filter(|a| Some(a.id) == self.reader.id);
        let laid = article.map(|a| {
            let note = self
                .state
                .bookmarks()
                .get(&a.id)
                .and_then(|b| b.note.as_deref());
            let part = Part {
                body: &self.reader.body,
                links: &self.reader.links,
                pieces: &self.reader.pieces,
                window: self.reader.window.clone(),
            };
            let width = usize::from(self.reader.width);
            let tags = self.state.tags_of(a);
            layout_part(
                a,
                &part,
                Marks { note, tags: &tags },
                &self.date_format,
                width,
            )
        });
        let mut laid = laid.unwrap_or_default();
        // The title and what goes under it belong to the first piece.
        if self.reader.window.start == 0
            && let Some(first) = laid.starts.first_mut()
        {
            *first = 0;
        }
        self.reader.lines = laid.lines;
        self.reader.passage = crate::layout::passage::Passage::of(&self.reader.lines);
        self.selection = None;
        self.current_highlight = None;
        self.place_highlights();
        self.reader.starts = laid.starts;
        if let Some(mut find) = self.find.take() {
            self.locate_matches(&mut find);
            self.find = Some(find);
        }
    }

    /// The line where piece `at` starts (the first piece at line 0, with the title),
    /// if it is in the window (else 0).
    fn piece_line(&self, at: usize) -> usize {
        at.checked_sub(self.reader.window.start)
            .and_then(|k| self.reader.starts.get(k))
            .copied()
            .unwrap_or(0)
    }

    /// The piece that line `line` of the window belongs to, and the line in it.
    fn piece_of(&self, line: usize) -> (usize, usize) {
        let k = self.reader.starts.partition_point(|&s| s <= line);
        match k.checked_sub(1) {
            Some(k) => (self.reader.window.start + k, line - self.reader.starts[k]),
            None => (self.reader.window.start, 0),
        }
    }

    /// Lays out the window around piece `at`, with its line `line` at the top.
    fn move_window(&mut self, at: usize, line: usize) {
        self.reader.window = window::around(&self.reader.pieces, at, WINDOW_BYTES);
        self.lay_out_reader();
        self.reader.scroll = self.piece_line(at) + line;
    }

    fn windowed(&self) -> bool {
        self.reader.window.len() < self.reader.pieces.len()
    }

    pub(super) fn remember_position(&mut self) {
        let Some(id) = self.reader.id else {
            return;
        };
        let position = if self.windowed() {
            let (at, line) = self.piece_of(self.reader.scroll);
            let at = at.min((u32::MAX >> LINE_BITS) as usize);
            (at << LINE_BITS) | line.min((1 << LINE_BITS) - 1)
        } else {
            self.reader.scroll
        };
        self.state
            .set_position(id, u32::try_from(position).unwrap_or(u32::MAX));
    }

    pub(super) fn max_reader_scroll(&self) -> usize {
        self.reader.lines.len().saturating_sub(self.reader_height())
    }

    pub(super) fn clamp_reader_scroll(&mut self) {
        self.reader.scroll = self.reader.scroll.min(self.max_reader_scroll());
    }

    pub(super) fn scroll_reader(&mut self, delta: i64) -> Vec<Effect> {
        let mut target = self.reader.scroll as i64 + delta;
        // Past an end of the window with more of the article that way: the window
        // moves to be around the line it reached, and the scroll goes on from there.
        for _ in 0..self.reader.pieces.len() {
            let max = self.max_reader_scroll() as i64;
            let (window, pieces) = (self.reader.window.clone(), self.reader.pieces.len());
            if !(target > max && window.end < pieces || target < 0 && window.start > 0) {
                break;
            }
            let last = self.reader.lines.len().saturating_sub(1) as i64;
            let reached = target.clamp(0, last);
            let (at, line) = self.piece_of(reached as usize);
            self.move_window(at, line);
            target = self.reader.scroll as i64 + (target - reached);
            if self.reader.window == window {
                break;
            }
        }
        self.reader.scroll = target.clamp(0, self.max_reader_scroll() as i64) as usize;
        // Reading to the end counts as having read it.
        let at_end = self.reader.window.end == self.reader.pieces.len()
            && self.reader.scroll == self.max_reader_scroll();
        if delta > 0 && at_end {
            return self.mark_read();
        }
        Vec::new()
    }

    pub(super) fn reader_to_top(&mut self) {
        if self.reader.window.start > 0 {
            self.move_window(0, 0);
        }
        self.reader.scroll = 0;
    }

    pub(super) fn reader_to_bottom(&mut self) -> Vec<Effect> {
        let pieces = self.reader.pieces.len();
        if self.reader.window.end < pieces {
            self.move_window(pieces - 1, 0);
        }
        self.scroll_reader(i64::MAX / 4)
    }

    /// How far through the article the view is, from 0 to 1.
    pub fn reader_fraction(&self) -> f64 {
        let max = self.max_reader_scroll();
        if !self.windowed() {
            return if max == 0 {
                1.0
            } else {
                self.reader.scroll as f64 / max as f64
            };
        }
        if self.reader.window.end == self.reader.pieces.len() && self.reader.scroll >= max {
            return 1.0;
        }
        let (at, line) = self.piece_of(self.reader.scroll);
        let k = at - self.reader.window.start;
        let start = self.reader.starts.get(k).copied().unwrap_or(0);
        let end = (self.reader.starts.get(k + 1).copied()).unwrap_or(self.reader.lines.len());
        let part = line as f64 / end.saturating_sub(start).max(1) as f64;
        window::fraction(&self.reader.pieces, at, part)
    }

    /// Lays the reader out again (after its note changed).
    pub(super) fn relayout(&mut self) {
        if self.reader.id == self.selected_id() {
            self.lay_out_reader();
            self.clamp_reader_scroll();
        } else {
            self.sync_reader();
        }
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
