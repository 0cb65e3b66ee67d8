//! What each action does, by what has focus: the table from actions to behaviour.
//! Keys reach it through `update`; prompts and the overlay take theirs first.

use ratatui::layout::Rect;

use super::{App, Effect, Focus, Overlay, READ_AFTER_SECONDS, Row, sort_name};
use crate::action::Action;
use crate::layout::wrap::{Marks, layout_article};
use crate::query::ast::Sort;

impl App {
    pub(super) fn apply(&mut self, action: Action) -> Vec<Effect> {
        let list_page = self.list_height() as i64;
        let reader_page = (self.reader_height() as i64 - 2).max(1);
        match (self.focus, action) {
            (_, Action::Suspend) => {
                self.remember_position();
                return vec![Effect::SaveState, Effect::Suspend];
            }
            (_, Action::Quit) => {
                self.remember_position();
                return vec![Effect::SaveState, Effect::Quit];
            }
            (_, Action::Resize(w, h)) => {
                self.size = Rect::new(0, 0, w, h);
                self.select(self.selected);
            }
            (_, Action::ToggleHelp) => {
                self.overlay = Some(Overlay::Help);
                self.overlay_scroll = 0;
                self.overlay_max.set(usize::MAX);
            }
            (_, Action::ShowProblems) => {
                self.overlay = Some(Overlay::Problems);
                self.overlay_scroll = 0;
                self.overlay_max.set(usize::MAX);
            }
            (_, Action::Tick) => {
                if let Some((id, since)) = self.opened_at
                    && (self.now - since).num_seconds() >= READ_AFTER_SECONDS
                    && !self.state.is_read(id)
                {
                    self.state.set_read(id, true, self.now);
                    return vec![Effect::SaveState];
                }
            }
            (_, Action::SelectRow(row)) => {
                let position = match self.row(row) {
                    Some(Row::Article(position)) => position,
                    Some(Row::Heading(g)) => self.groups[g].first,
                    None => return Vec::new(),
                };
                if position == self.selected && self.focus == Focus::List {
                    return self.update(Action::Open);
                }
                if matches!(self.focus, Focus::Filter | Focus::Note) {
                    self.focus = Focus::List;
                }
                self.select(position);
            }
            (_, Action::DragDivider(x, y)) => {
                if let Some(split) = crate::layout::panes::split_at(self.size, self.panes(), x, y) {
                    self.dragging = true;
                    self.split = Some(split);
                    self.select(self.selected);
                }
            }
            (_, Action::EndDrag) => {
                self.dragging = false;
                self.state.layout.split = self.split;
                return vec![Effect::SaveState];
            }
            (_, which @ (Action::SmallerList | Action::LargerList)) => {
                if self.full_screen {
                    return Vec::new();
                }
                let step: i32 = if which == Action::LargerList { 5 } else { -5 };
                let (lo, hi) = crate::layout::panes::SPLIT_RANGE;
                let split = (i32::from(self.current_split()) + step).clamp(lo.into(), hi.into());
                self.split = Some(split as u16);
                self.state.layout.split = self.split;
                self.select(self.selected);
                self.set_message(format!("List {split}% of the screen"));
                return vec![Effect::SaveState];
            }
            (_, Action::CycleColumns) => {
                self.cycle_columns();
                return vec![Effect::SaveState];
            }
            (_, Action::CycleGroup) => {
                self.cycle_group();
                let mut effects = self.search();
                effects.push(Effect::SaveState);
                return effects;
            }
            (_, Action::ShowView(n)) => return self.go_to_view(usize::from(n.max(1)) - 1),
            (_, Action::ScrollList(n)) => self.move_selection(i64::from(n)),
            (_, Action::ScrollReader(n)) => return self.scroll_reader(i64::from(n)),

            (
                Focus::Filter | Focus::Note | Focus::Find | Focus::Link | Focus::Tags | Focus::Url,
                action,
            ) => {
                return self.prompt(action);
            }
            (Focus::Reader, Action::FocusFilter) => {
                self.find_input.clear();
                self.focus = Focus::Find;
            }
            (Focus::Reader, Action::FindNext) => self.step_find(1),
            (Focus::Reader, Action::FindPrev) => self.step_find(-1),
            (_, Action::FindNext | Action::FindPrev) => {}

            (_, Action::FocusFilter) => {
                self.focus_before_filter = self.focus;
                self.focus = Focus::Filter;
            }
            (_, Action::SwitchFocus) => {
                self.focus = match self.focus {
                    Focus::List => Focus::Reader,
                    _ => Focus::List,
                };
            }
            (_, Action::ToggleBookmark) => return self.toggle_bookmark(),
            (_, Action::EditNote) => return self.edit_note(),
            (_, Action::EditTags) => return self.open_tags(false),
            (_, Action::MarkPassage) => {
                if self.selected_article().is_some() {
                    self.focus = Focus::Reader;
                }
                return self.start_selection();
            }
            (_, Action::ExtendSelection(step, forward)) => self.extend_selection(step, forward),
            (_, Action::KeepSelection(with_note)) => return self.keep_selection(with_note),
            (_, Action::DropSelection) => self.drop_selection(),
            (_, Action::PressReader(x, y)) => self.press_reader(x, y),
            (_, Action::DragReader(x, y)) => self.drag_reader(x, y),
            (_, Action::ReleaseReader) => self.release_reader(),
            (_, Action::NextHighlight) => self.jump_highlight(true),
            (_, Action::PrevHighlight) => self.jump_highlight(false),
            (_, Action::DeleteHighlight) => return self.delete_highlight(),
            (_, Action::SavePage) => self.ask_url(),
            (_, Action::FetchArticle) => return self.fetch_article(),
            (_, Action::ShowHighlights) => {
                self.overlay = Some(Overlay::Highlights);
                self.overlay_scroll = 0;
                self.overlay_max.set(usize::MAX);
                self.highlight_row = 0;
            }
            (_, Action::TagShown) => return self.open_tags(true),
            (_, Action::ToggleRead) => {
                if let Some(id) = self.selected_id() {
                    let read = !self.state.is_read(id);
                    self.state.set_read(id, read, self.now);
                    self.set_message(if read { "Marked read" } else { "Marked unread" });
                    return vec![Effect::SaveState];
                }
            }
            (_, Action::ToggleFullScreen) => {
                self.full_screen = !self.full_screen;
                if self.full_screen && self.selected_article().is_some() {
                    self.focus = Focus::Reader;
                } else if !self.full_screen {
                    self.focus = Focus::List;
                }
                self.select(self.selected);
            }
            (_, column @ (Action::NarrowerColumn | Action::WiderColumn)) => {
                let step: i32 = if column == Action::WiderColumn { 4 } else { -4 };
                self.reading_width = (i32::from(self.reading_width) + step).clamp(20, 1000) as u16;
                self.state.layout.reading_width = Some(self.reading_width);
                self.select(self.selected);
                self.set_message(format!("Reading width {}", self.reading_width));
                return vec![Effect::SaveState];
            }
            (_, Action::CycleSort) => {
                self.sort = match self.sort {
                    None => Some(Sort::DateNewest),
                    Some(Sort::DateNewest) => Some(Sort::DateOldest),
                    Some(Sort::DateOldest) => Some(Sort::TitleAz),
                    Some(Sort::TitleAz) => Some(Sort::Relevance),
                    Some(_) => None,
                };
                self.set_message(format!("Order: {}", sort_name(self.sort)));
                return self.search();
            }
            (_, Action::NextUnread) => {
                let next = (1..=self.shown.len())
                    .map(|step| (self.selected + step) % self.shown.len().max(1))
                    .find(|&row| {
                        let id = self.library.get(self.shown[row]).map(|a| a.id);
                        id.is_some_and(|id| !self.state.is_read(id))
                    });
                match next {
                    Some(row) => self.select(row),
                    None => self.set_message("Nothing unread here"),
                }
            }
            (_, Action::MarkAllRead) => return self.mark_all_read(),
            (_, Action::Undo) => return self.undo(),
            (_, which @ (Action::OpenInPager | Action::OpenInEditor)) => {
                let Some(article) = self.selected_article() else {
                    return Vec::new();
                };
                let note = self
                    .state
                    .bookmarks()
                    .get(&article.id)
                    .and_then(|b| b.note.as_deref());
                let tags = self.state.tags_of(article);
                let lines = layout_article(
                    article,
                    Marks { note, tags: &tags },
                    &self.date_format,
                    usize::from(self.reading_width),
                );
                let text: String = lines
                    .iter()
                    .map(|l| format!("{}{}\n", l.prefix, l.text))
                    .collect();
                return vec![Effect::Page {
                    text,
                    editor: which == Action::OpenInEditor,
                }];
            }
            (_, Action::OpenSource) => return self.start_open(),
            (_, Action::CopyLink) => {
                let link = self.selected_article().and_then(|a| a.source.clone());
                let link = link.filter(|s| s.starts_with("https://") || s.starts_with("http://"));
                return match link {
                    None => {
                        self.set_error("This article has no link");
                        Vec::new()
                    }
                    Some(url) => {
                        self.set_message(format!("Copied {url}"));
                        vec![Effect::Copy(url)]
                    }
                };
            }
            (_, Action::NextView) => return self.switch_view(1),
            (_, Action::PrevView) => return self.switch_view(-1),
            (_, Action::ToggleBookmarkedOnly) => {
                self.bookmarked_only = !self.bookmarked_only;
                self.set_message(if self.bookmarked_only {
                    "Showing bookmarks only (B shows all)"
                } else {
                    "Showing all articles"
                });
                return self.search();
            }

            (Focus::List, Action::MoveDown) => self.move_selection(1),
            (Focus::List, Action::MoveUp) => self.move_selection(-1),
            (Focus::List, Action::PageDown) => self.move_selection(list_page),
            (Focus::List, Action::PageUp) => self.move_selection(-list_page),
            (Focus::List, Action::HalfPageDown) => self.move_selection(list_page / 2),
            (Focus::List, Action::HalfPageUp) => self.move_selection(-list_page / 2),
            (Focus::List, Action::Top) => self.select(0),
            (Focus::List, Action::Bottom) => self.select(self.shown.len().saturating_sub(1)),
            (Focus::List, Action::Open) => {
                if self.selected_article().is_some() {
                    self.focus = Focus::Reader;
                    // Seen whole at once: that is reading it to the end.
                    if self.max_reader_scroll() == 0 {
                        return self.mark_read();
                    }
                }
            }
            (Focus::List, Action::Back) => {
                if !self.filter.is_empty() {
                    let mut effects = self.clear_filter();
                    effects.push(Effect::SaveState);
                    return effects;
                }
            }

            (Focus::Reader, Action::MoveDown) => return self.scroll_reader(1),
            (Focus::Reader, Action::MoveUp) => return self.scroll_reader(-1),
            (Focus::Reader, Action::PageDown) => return self.scroll_reader(reader_page),
            (Focus::Reader, Action::PageUp) => return self.scroll_reader(-reader_page),
            (Focus::Reader, Action::HalfPageDown) => return self.scroll_reader(reader_page / 2),
            (Focus::Reader, Action::HalfPageUp) => return self.scroll_reader(-reader_page / 2),
            (Focus::Reader, Action::Top) => self.reader_to_top(),
            (Focus::Reader, Action::Bottom) => return self.reader_to_bottom(),
            (Focus::Reader, Action::Back) => self.focus = Focus::List,
            (Focus::Reader, Action::Open) => {}

            (_, Action::SearchResults { .. }) => {}
            (_, Action::InputChar(_) | Action::InputBackspace)
            | (_, Action::InputDeleteWord | Action::InputClear)
            | (_, Action::InputSubmit | Action::InputCancel | Action::InputComplete) => {}
        }
        Vec::new()
    }
}
