//! Highlights in the reader. `m` starts a selection at the first sentence on screen
//! (or at the current find match); `j` `k` extend it by line, `w` `b` by sentence,
//! `}` `{` by paragraph; `enter` keeps it as a highlight, `M` keeps it with a note,
//! `esc` drops it. A kept passage is anchored in the article's own text (its quote,
//! a little context, a position hint), so it is found again after the article is
//! extracted anew or edited. Highlights are drawn in the reader; `;` and `,` jump to
//! the next and previous one, `d` removes the one jumped to (or the first on screen),
//! and `U` puts it back while its message shows.

use std::ops::Range;

use super::{App, Effect, Focus, Undo};
use crate::action::{Action, Step};
use crate::article::ArticleId;
use crate::highlight::{Anchor, CONTEXT_CHARS, Location};
use crate::state::HighlightId;

/// A passage being selected, as a range of the reader's passage text, and where it
/// is drawn (found once per change of the selection, not on every frame).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    pub start: usize,
    pub end: usize,
    /// (line, start, end) in each line's text.
    pub lines: Vec<(usize, usize, usize)>,
}

impl Selection {
    fn new(start: usize, end: usize, passage: &crate::layout::passage::Passage) -> Selection {
        Selection {
            start,
            end,
            lines: passage.on_lines(start..end),
        }
    }
}

/// A highlight of the article in the reader, found in its laid-out text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownHighlight {
    pub id: HighlightId,
    pub range: Range<usize>,
    /// Where it is drawn: (line, start, end) in each line's text.
    pub lines: Vec<(usize, usize, usize)>,
}

/// One row of the highlights overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HighlightRow {
    pub article: ArticleId,
    pub id: HighlightId,
    pub title: String,
    pub quote: String,
    pub note: Option<String>,
    pub created: chrono::DateTime<chrono::Utc>,
    /// Its article is not in the library now.
    pub missing: bool,
}

/// The text just before and after `range` of `text`, a few words each, on char
/// boundaries.
fn context(text: &str, range: &Range<usize>) -> (String, String) {
    let before: String = {
        let mut chars: Vec<char> = text[..range.start]
            .chars()
            .rev()
            .take(CONTEXT_CHARS)
            .collect();
        chars.reverse();
        chars.into_iter().collect()
    };
    let after: String = text[range.end..].chars().take(CONTEXT_CHARS).collect();
    (before, after)
}

impl App {
    /// Every highlight in the library, newest first.
    pub fn highlight_rows(&self) -> Vec<HighlightRow> {
        let mut rows: Vec<HighlightRow> = self
            .state
            .highlights()
            .map(|(article, id, h)| {
                let found = self.library.by_id(article);
                HighlightRow {
                    article,
                    id,
                    title: found.map_or_else(|| h.title.clone(), |a| a.title.clone()),
                    quote: h.anchor.quote.clone(),
                    note: h.note.clone(),
                    created: h.created,
                    missing: found.is_none(),
                }
            })
            .collect();
        rows.sort_by(|a, b| b.created.cmp(&a.created).then(a.id.cmp(&b.id)));
        rows
    }

    /// A key while the highlights overlay is open: move, open, or close it.
    pub(super) fn highlights_overlay(&mut self, action: Action) -> Vec<Effect> {
        let count = self.state.highlights().count();
        let last = count.saturating_sub(1);
        let page = usize::from(self.size.height.saturating_sub(8)).max(1);
        let row = self.highlight_row;
        self.highlight_row = match action {
            Action::MoveDown | Action::ScrollList(1..) | Action::ScrollReader(1..) => {
                (row + 1).min(last)
            }
            Action::MoveUp | Action::ScrollList(..=-1) | Action::ScrollReader(..=-1) => {
                row.saturating_sub(1)
            }
            Action::PageDown | Action::HalfPageDown => (row + page).min(last),
            Action::PageUp | Action::HalfPageUp => row.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Open => return self.open_highlight_row(),
            Action::Back | Action::ShowHighlights | Action::ToggleHelp => {
                self.overlay = None;
                return Vec::new();
            }
            Action::Quit => return self.apply(action),
            Action::Resize(..) => return self.apply(action),
            _ => row,
        };
        // The selected row stays in view (the overlay shows a screenful less its frame).
        if self.highlight_row < self.overlay_scroll {
            self.overlay_scroll = self.highlight_row;
        } else if self.highlight_row >= self.overlay_scroll + page {
            self.overlay_scroll = self.highlight_row + 1 - page;
        }
        Vec::new()
    }

    /// Enter in the highlights overlay: the article, opened at the highlight. An
    /// article the list does not show is shown: the filter and view are cleared.
    fn open_highlight_row(&mut self) -> Vec<Effect> {
        let Some(row) = self.highlight_rows().into_iter().nth(self.highlight_row) else {
            return Vec::new();
        };
        let Some(doc) = self.library.index_of(row.article) else {
            self.set_error("That article is not in the library now (its highlight is kept)");
            return Vec::new();
        };
        self.overlay = None;
        self.jump_to = Some((row.article, row.id));
        self.focus = Focus::Reader;
        if let Some(position) = self.shown.iter().position(|&d| d == doc) {
            self.select(position);
            self.bring_jump_on_screen();
            return Vec::new();
        }
        // Not in the list: show everything, and select it when the results come.
        self.restore = Some(row.article);
        self.view = 0;
        self.view_query = crate::query::Query::default();
        self.bookmarked_only = false;
        let mut effects = self.clear_filter();
        effects.push(Effect::SaveState);
        effects
    }

    /// Scrolls to the highlight asked for, once its article is in the reader.
    pub(super) fn bring_jump_on_screen(&mut self) {
        let Some((article, id)) = self.jump_to else {
            return;
        };
        if self.reader.id != Some(article) {
            return;
        }
        self.jump_to = None;
        let Some(index) = self.reader.highlights.iter().position(|h| h.id == id) else {
            self.set_message("That highlight's passage is no longer in the article");
            return;
        };
        self.current_highlight = Some(index);
        if let Some(&(line, _, _)) = self.reader.highlights[index].lines.first() {
            self.reader.scroll = line.saturating_sub(2);
            self.clamp_reader_scroll();
        }
    }

    /// Finds the article's highlights in the laid-out text (after each layout).
    pub(super) fn place_highlights(&mut self) {
        let Some(id) = self.reader.id else {
            self.reader.highlights.clear();
            return;
        };
        let passage = &self.reader.passage;
        let mut shown: Vec<ShownHighlight> = self
            .state
            .highlights_of(id)
            .into_iter()
            .filter_map(
                |(hid, highlight)| match highlight.anchor.locate(&passage.text) {
                    Location::Found(range) => Some(ShownHighlight {
                        id: hid,
                        lines: passage.on_lines(range.clone()),
                        range,
                    }),
                    Location::Orphaned => None,
                },
            )
            .collect();
        shown.sort_by_key(|h| (h.range.start, h.id));
        self.reader.highlights = shown;
        self.bring_jump_on_screen();
    }

    /// `m`: a selection of the first sentence on screen, or of the current find match.
    pub(super) fn start_selection(&mut self) -> Vec<Effect> {
        let passage = &self.reader.passage;
        if passage.text.is_empty() || self.selected_article().is_none() {
            self.set_message("Nothing to mark here");
            return Vec::new();
        }
        let from_find = self
            .find
            .as_ref()
            .and_then(|f| f.matches.get(f.current))
            .and_then(|&(line, s, e)| {
                let start = passage.offset_at(line, s)?;
                let end = passage.offset_at(line, e.saturating_sub(1))? + 1;
                Some(start..end.max(start + 1))
            });
        let range = from_find.unwrap_or_else(|| {
            let top = passage.start_of_line(self.reader.scroll).unwrap_or(0);
            let begins = passage.sentence_start(top);
            let start = if begins >= top {
                begins
            } else {
                // The sentence at the top began above the screen: the next one.
                let end = passage.sentence_end(top);
                let skip = passage.text[end..].find(|c: char| !c.is_whitespace());
                skip.map_or(begins, |n| end + n)
            };
            start..passage.sentence_end(start)
        });
        let end = range.end.min(passage.text.len());
        self.selection = Some(Selection::new(range.start.min(end), end, passage));
        self.set_message("j k w b } { extend · enter keeps · M with a note · esc drops");
        Vec::new()
    }

    /// Extends (or takes back) the selection's end by a line, sentence or paragraph.
    pub(super) fn extend_selection(&mut self, unit: Step, forward: bool) {
        let passage = &self.reader.passage;
        let Some(selection) = &self.selection else {
            return;
        };
        let (start, end) = (selection.start, selection.end);
        let len = passage.text.len();
        let first_char = passage.text[start..]
            .chars()
            .next()
            .map_or(1, char::len_utf8);
        let skip_space = |at: usize| {
            passage.text[at..]
                .find(|c: char| !c.is_whitespace())
                .map_or(len, |n| at + n)
        };
        let new_end = match (unit, forward) {
            (Step::Line, true) => passage
                .line_at(end)
                .and_then(|line| passage.end_of_line(line + 1).filter(|&e| e > end)),
            (Step::Line, false) => passage
                .line_at(end.saturating_sub(1))
                .and_then(|line| line.checked_sub(1))
                .and_then(|line| passage.end_of_line(line)),
            (Step::Sentence, true) => (end < len).then(|| passage.sentence_end(skip_space(end))),
            (Step::Sentence, false) => {
                let begins = passage.sentence_start(end.saturating_sub(1));
                Some(passage.text[..begins].trim_end().len())
            }
            (Step::Paragraph, true) => (end < len).then(|| passage.block_end(skip_space(end))),
            (Step::Paragraph, false) => {
                let begins = passage.block_start(end.saturating_sub(1));
                Some(passage.text[..begins].trim_end().len())
            }
        };
        if let Some(new_end) = new_end.filter(|&e| e >= start + first_char) {
            self.selection = Some(Selection::new(start, new_end.min(len), passage));
        }
        self.show_selection_end();
    }

    /// Scrolls so the selection's end is on screen.
    fn show_selection_end(&mut self) {
        let Some(line) = self
            .selection
            .as_ref()
            .and_then(|s| self.reader.passage.line_at(s.end.saturating_sub(1)))
        else {
            return;
        };
        let height = self.reader_height();
        if line >= self.reader.scroll + height {
            self.reader.scroll = line + 1 - height;
        } else if line < self.reader.scroll {
            self.reader.scroll = line;
        }
        self.clamp_reader_scroll();
    }

    /// The selection anchored in the article's own text, or why it cannot be.
    fn selected_anchor(&self) -> Result<Anchor, &'static str> {
        let selection = self.selection.as_ref().ok_or("Nothing is selected")?;
        let article = self.selected_article().ok_or("No article")?;
        let passage = &self.reader.passage;
        let range = selection.start..selection.end;
        let quote = passage
            .text
            .get(range.clone())
            .ok_or("Nothing is selected")?;
        let (prefix, suffix) = context(&passage.text, &range);
        let body = article.plain_body();
        let probe = Anchor {
            quote: quote.to_string(),
            prefix,
            suffix,
            start: range.start * body.len() / passage.text.len().max(1),
        };
        match probe.locate(&body) {
            Location::Found(found) => {
                Anchor::capture(&body, found).ok_or("The passage could not be anchored")
            }
            Location::Orphaned => Err("The passage could not be found in the article's text"),
        }
    }

    /// Enter (or `M`, `with_note`) on a selection: keeps it as a highlight (asking for
    /// the note first).
    pub(super) fn keep_selection(&mut self, with_note: bool) -> Vec<Effect> {
        let anchor = match self.selected_anchor() {
            Ok(anchor) => anchor,
            Err(why) => {
                self.selection = None;
                self.set_error(why);
                return Vec::new();
            }
        };
        self.selection = None;
        if with_note {
            self.pending_highlight = Some(anchor);
            self.note_input.clear();
            self.focus_before_filter = self.focus;
            self.focus = Focus::Note;
            return Vec::new();
        }
        self.add_highlight(anchor, None)
    }

    /// Keeps a highlight of the article in the reader.
    pub(super) fn add_highlight(&mut self, anchor: Anchor, note: Option<String>) -> Vec<Effect> {
        let Some(article) = self.selected_article() else {
            return Vec::new();
        };
        let (id, title) = (article.id, article.title.clone());
        self.state.add_highlight(id, anchor, note, &title, self.now);
        self.relayout();
        let keys = |action: &Action| self.key_name(action);
        self.set_message(format!(
            "Highlighted · {} {} jump · {} removes",
            keys(&Action::NextHighlight),
            keys(&Action::PrevHighlight),
            keys(&Action::DeleteHighlight)
        ));
        vec![Effect::SaveState]
    }

    /// The passage offset under a point of the screen, if it is on the reader's text.
    fn offset_under(&self, x: u16, y: u16) -> Option<usize> {
        use unicode_width::UnicodeWidthChar;
        let column = crate::layout::panes::reading_column(self.areas().reader, self.reading_width);
        if y < column.y || y >= column.y + column.height {
            return None;
        }
        let index = self.reader.scroll + usize::from(y - column.y);
        let line = self.reader.lines.get(index)?;
        let prefix = unicode_width::UnicodeWidthStr::width(line.prefix.as_str());
        let target = usize::from(x.saturating_sub(column.x)).saturating_sub(prefix);
        let mut width = 0;
        let mut byte = line.text.len().saturating_sub(1);
        for (i, c) in line.text.char_indices() {
            width += c.width().unwrap_or(0);
            if width > target {
                byte = i;
                break;
            }
        }
        self.reader.passage.offset_at(index, byte)
    }

    /// The word around `offset` of the passage.
    fn word_at(&self, offset: usize) -> Range<usize> {
        let text = &self.reader.passage.text;
        let start = text[..offset].rfind(char::is_whitespace).map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
        let end = text[offset..]
            .find(char::is_whitespace)
            .map_or(text.len(), |n| offset + n);
        start..end.max(start + 1).min(text.len())
    }

    /// The left button pressed on the reader: focus, and where a drag would start.
    pub(super) fn press_reader(&mut self, x: u16, y: u16) {
        if self.selected_article().is_some() {
            self.focus = Focus::Reader;
        }
        self.press = self.offset_under(x, y);
    }

    /// Dragged with the button held: the words from the press to the pointer.
    pub(super) fn drag_reader(&mut self, x: u16, y: u16) {
        let (Some(from), Some(to)) = (self.press, self.offset_under(x, y)) else {
            return;
        };
        let (a, b) = (self.word_at(from.min(to)), self.word_at(from.max(to)));
        if self.selection.is_none() {
            self.set_message("enter keeps · M with a note · esc drops");
        }
        self.selection = Some(Selection::new(a.start, b.end, &self.reader.passage));
    }

    /// Let go: a drag leaves its selection to keep or drop; a click leaves none.
    pub(super) fn release_reader(&mut self) {
        self.press = None;
    }

    /// Esc on a selection.
    pub(super) fn drop_selection(&mut self) {
        self.selection = None;
        self.set_message("Selection dropped");
    }

    /// `;` and `,`: the next or previous highlight, brought on screen.
    pub(super) fn jump_highlight(&mut self, forward: bool) {
        let shown = &self.reader.highlights;
        if shown.is_empty() {
            self.set_message("No highlight in this article");
            return;
        }
        let here = self
            .current_highlight
            .and_then(|i| shown.get(i))
            .map(|h| h.range.start)
            .or_else(|| self.reader.passage.start_of_line(self.reader.scroll));
        let next = match (forward, here) {
            (true, Some(at)) if self.current_highlight.is_some() => {
                shown.iter().position(|h| h.range.start > at)
            }
            (true, Some(at)) => shown.iter().position(|h| h.range.start >= at),
            (false, Some(at)) => shown.iter().rposition(|h| h.range.start < at),
            (_, None) => Some(0),
        };
        let next = next.unwrap_or(if forward { 0 } else { shown.len() - 1 });
        let count = shown.len();
        let first_line = shown[next].lines.first().map(|&(line, _, _)| line);
        self.current_highlight = Some(next);
        if let Some(line) = first_line {
            let height = self.reader_height();
            if line < self.reader.scroll || line >= self.reader.scroll + height {
                self.reader.scroll = line.saturating_sub(2);
                self.clamp_reader_scroll();
            }
        }
        self.set_message(format!("Highlight {} of {count}", next + 1));
    }

    /// `d`: removes the highlight jumped to, or the first one on screen.
    pub(super) fn delete_highlight(&mut self) -> Vec<Effect> {
        let height = self.reader_height();
        let scroll = self.reader.scroll;
        let on_screen = |h: &ShownHighlight| {
            h.lines
                .iter()
                .any(|&(line, _, _)| line >= scroll && line < scroll + height)
        };
        let shown = &self.reader.highlights;
        let target = self
            .current_highlight
            .and_then(|i| shown.get(i))
            .filter(|h| on_screen(h))
            .or_else(|| shown.iter().find(|h| on_screen(h)))
            .map(|h| h.id);
        let (Some(hid), Some(id)) = (target, self.reader.id) else {
            self.set_message("No highlight on screen");
            return Vec::new();
        };
        let Some(removed) = self.state.remove_highlight(id, hid, self.now) else {
            return Vec::new();
        };
        self.current_highlight = None;
        self.relayout();
        let undo = self.key_name(&Action::Undo);
        self.set_message(format!("Highlight removed · {undo} puts it back"));
        self.undo = Some(Undo::Highlight {
            article: id,
            id: hid,
            highlight: Box::new(removed),
        });
        vec![Effect::SaveState]
    }
}
