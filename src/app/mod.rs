//! The application state and `App::update(action) -> Vec<Effect>`: pure, no I/O, no
//! terminal, no clock (the runner sets `now`). Rendering reads this state; the runner
//! carries out the effects (saving state, quitting).

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;

use crate::action::Action;
use crate::article::{Article, ArticleId};
use crate::config::{Config, Theme};
use crate::keymap::Keymap;
use crate::keymap::Pending;
use crate::layout::panes::{Areas, Panes, areas, inner};
use crate::layout::wrap::{TextLine, layout_article};
use crate::library::LoadReport;
use crate::library::{Added, Library};
use crate::query::ast::Sort;
use crate::query::{Query, QueryError};
use crate::report::{Problem, ProblemKind};
use crate::state::State;

mod filter;
mod find;
mod input;
mod links;
mod list;
mod live;
mod message;
mod msg;
mod read;
mod reader;

pub use list::{Columns, Group, GroupHead, Row, source_label};
pub use message::{ERROR_SECONDS, MESSAGE_LOG, MESSAGE_SECONDS, Message};
pub use msg::{Effect, Handoff, Msg};

pub use filter::sort_name;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
    Filter,
    /// Editing the note on the selected article's bookmark.
    Note,
    /// Typing a search within the article in the reader.
    Find,
    /// Typing the number of a link to open (after `o`).
    Link,
}

/// A search within the article in the reader: where its matches are, and which one
/// is current.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Find {
    pub text: String,
    pub query: Query,
    /// (reader line, byte range in that line's text), in reading order.
    pub matches: Vec<(usize, usize, usize)>,
    pub current: usize,
}

/// What is drawn over the panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help,
    /// The files that were skipped, partly read or merged.
    Problems,
}

/// An article open in the reader this long (with the reader focused) counts as read.
pub const READ_AFTER_SECONDS: i64 = 30;

/// The article in the reading pane: the window of it laid out for the current width.
#[derive(Clone, Debug, Default)]
pub struct ReaderView {
    pub id: Option<ArticleId>,
    pub width: u16,
    /// The lines of the window, laid out.
    pub lines: Vec<TextLine>,
    /// The first line shown, in `lines`.
    pub scroll: usize,
    /// The article's links, by number (`links[0]` is `[1]`).
    pub links: Vec<crate::article::Link>,
    /// The body with the link numbers written in.
    pub body: Vec<crate::article::Block>,
    /// The body cut into pieces of bounded size.
    pub pieces: Vec<crate::layout::window::Piece>,
    /// The pieces laid out: all of them unless the article is very long.
    pub window: std::ops::Range<usize>,
    /// Where each piece of the window starts in `lines`.
    pub starts: Vec<usize>,
}

pub struct App {
    pub library: Library,
    pub state: State,
    pub keymap: Keymap,
    pub theme: Theme,
    pub no_color: bool,
    pub reading_width: u16,
    /// How dates are shown (strftime), from the config.
    pub date_format: String,
    pub now: DateTime<Utc>,

    pub focus: Focus,
    /// Where focus returns when the filter bar is left.
    pub focus_before_filter: Focus,
    pub filter: String,
    /// The last query that parsed; what the list shows and the highlights follow.
    pub query: Query,
    /// Why the filter as typed does not parse (the last good result stays).
    pub query_error: Option<QueryError>,
    /// The newest search asked for; results of older ones are dropped.
    pub generation: u64,
    /// The search whose results are shown, and whether they are all there yet.
    searched: u64,
    pub search_complete: bool,
    /// Where Up/Down stand in the filter history, and what was typed before.
    history_at: Option<usize>,
    history_draft: String,
    pub bookmarked_only: bool,
    /// Saved searches; `view` 0 is "All", n is `views[n - 1]`.
    pub views: Vec<crate::config::View>,
    pub view: usize,
    /// The order chosen with `s`, under a `sort:` in the filter.
    pub sort: Option<Sort>,
    view_query: Query,
    /// Library indices of the articles shown, in order.
    pub shown: Vec<usize>,
    /// Position in `shown` of the selected article.
    pub selected: usize,
    /// First shown row in the list pane.
    pub list_offset: usize,
    pub reader: ReaderView,
    pub overlay: Option<Overlay>,
    /// The reader takes the whole screen (`z`).
    pub full_screen: bool,
    /// The list pane's share of the screen in percent, once the divider was moved.
    pub split: Option<u16>,
    /// The divider is being dragged with the mouse.
    pub dragging: bool,
    pub columns: Columns,
    pub group: Group,
    /// The groups of `shown`, in order, when grouped.
    pub groups: Vec<GroupHead>,
    pub overlay_scroll: usize,
    /// How far the overlay could scroll when it was last drawn (drawing clamps the
    /// scroll and says so here; unbounded until the first draw).
    pub overlay_max: std::cell::Cell<usize>,
    /// What the help is narrowed to (`/` in the help), and whether it is being typed.
    pub help_search: Option<String>,
    pub help_typing: bool,
    pub size: Rect,
    pub message: Option<Message>,
    pub loading: bool,
    pub problems: Vec<Problem>,
    /// Files the loader will read, once its walk is done.
    pub files_total: Option<usize>,
    /// Files read so far.
    pub files_done: usize,
    /// The article selected when the state was saved, until it loads or the person
    /// moves on.
    restore: Option<ArticleId>,
    /// The note being written, while focus is on the note prompt.
    pub note_input: String,
    /// What is typed into the reader's find prompt, and the search it made.
    pub find_input: String,
    /// The link number typed after `o`.
    pub link_input: String,
    pub find: Option<Find>,
    /// When the article in the reader was opened (reader focused), for read marks.
    opened_at: Option<(ArticleId, DateTime<Utc>)>,
    /// The messages shown, newest first (the problems list shows them whole).
    pub log: Vec<Message>,
    /// "Mark all read" asked to be confirmed: pressed again, it marks.
    confirming: bool,
    /// What the last "mark all read" marked, while its message shows (for undo).
    undo_read: Vec<ArticleId>,
    /// The first key of a chord typed so far.
    pending: Pending,
    /// Changes on disk seen while loading, applied once the load is done.
    held: Vec<crate::watch::Report>,
}

impl App {
    pub fn new(config: &Config, state: State, no_color: bool) -> App {
        // Every start is unfiltered: the last filter may belong to another library
        // (it is one Up away in the filter's history).
        let filter = String::new();
        let layout = state.layout.clone();
        App {
            restore: state.selected,
            note_input: String::new(),
            find_input: String::new(),
            link_input: String::new(),
            find: None,
            opened_at: None,
            confirming: false,
            undo_read: Vec::new(),
            pending: Pending::default(),
            held: Vec::new(),
            log: Vec::new(),
            library: Library::new(),
            query: Query::default(),
            query_error: None,
            generation: 0,
            searched: 0,
            search_complete: true,
            history_at: None,
            history_draft: String::new(),
            filter,
            state,
            keymap: config.keymap.clone(),
            theme: config.theme.clone(),
            no_color,
            reading_width: layout.reading_width.unwrap_or(config.reading_width),
            split: layout.split,
            dragging: false,
            columns: layout
                .columns
                .as_deref()
                .map(Columns::from_name)
                .unwrap_or_default(),
            group: layout
                .group
                .as_deref()
                .map_or(Group::None, Group::from_name),
            groups: Vec::new(),
            date_format: config.date_format.clone(),
            now: DateTime::<Utc>::UNIX_EPOCH,
            focus: Focus::List,
            focus_before_filter: Focus::List,
            bookmarked_only: false,
            views: config.views.clone(),
            view: 0,
            sort: None,
            view_query: Query::default(),
            shown: Vec::new(),
            selected: 0,
            list_offset: 0,
            reader: ReaderView::default(),
            overlay: None,
            full_screen: false,
            overlay_scroll: 0,
            overlay_max: std::cell::Cell::new(usize::MAX),
            help_search: None,
            help_typing: false,
            size: Rect::new(0, 0, 80, 24),
            message: None,
            loading: true,
            problems: Vec::new(),
            files_total: None,
            files_done: 0,
        }
    }

    pub fn areas(&self) -> Areas {
        areas(self.size, self.panes())
    }

    /// What besides the terminal's size decides the layout.
    pub fn panes(&self) -> Panes {
        Panes {
            full_screen: self.full_screen,
            split: self.split,
        }
    }

    /// The list pane's share of the screen now, in percent.
    fn current_split(&self) -> u16 {
        let a = self.areas();
        let (part, whole) = if a.side_by_side {
            (a.list.width, a.list.width + a.reader.width)
        } else {
            (a.list.height, a.list.height + a.reader.height)
        };
        match whole {
            0 => crate::layout::panes::DEFAULT_SPLIT,
            _ => (u32::from(part) * 100 / u32::from(whole)) as u16,
        }
    }

    fn list_height(&self) -> usize {
        usize::from(inner(self.areas().list).height).max(1)
    }

    fn reader_height(&self) -> usize {
        usize::from(inner(self.areas().reader).height).max(1)
    }

    pub fn selected_article(&self) -> Option<&Article> {
        self.shown
            .get(self.selected)
            .and_then(|&i| self.library.get(i))
    }

    pub fn selected_id(&self) -> Option<ArticleId> {
        self.selected_article().map(|a| a.id)
    }

    /// A batch of articles, from `files` files, arrived from the loader. Returns what
    /// the library kept, for the search index.
    fn add_articles(&mut self, batch: Vec<Article>, files: usize) -> Added {
        self.files_done += files;
        let mut added = self.library.add(batch);
        self.problems.append(&mut added.duplicates);
        added
    }

    /// The loader finished.
    fn load_finished(&mut self, report: LoadReport) {
        self.loading = false;
        self.files_total = Some(report.files);
        self.files_done = report.files;
        self.problems.extend(report.problems);
        let skipped = self
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Skipped)
            .count();
        if skipped > 0 {
            let first = self
                .problems
                .iter()
                .find(|p| p.kind == ProblemKind::Skipped)
                .map(ToString::to_string)
                .unwrap_or_default();
            let more = if skipped > 1 {
                format!(" (and {} more; ! lists them)", skipped - 1)
            } else {
                String::new()
            };
            self.set_error(format!("{skipped} skipped: {first}{more}"));
        }
    }

    /// Shows a search's results, keeping the selected article selected when it is
    /// still there (or the one saved last time, until it appears).
    fn show_results(&mut self, docs: Vec<u32>) {
        let keep = self.restore.or(self.selected_id());
        self.shown = docs.into_iter().map(|d| d as usize).collect();
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
    fn select(&mut self, row: usize) {
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

    fn move_selection(&mut self, delta: i64) {
        let row = (self.selected as i64 + delta).max(0) as usize;
        self.select(row);
    }

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
            }),
            Msg::Saved(result) => self.saved(*result),
            Msg::Error(error) => {
                self.set_error(error);
                Vec::new()
            }
            Msg::Signal(_) => self.act(Action::Quit),
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
        } = action
        {
            // Only the newest search counts; its complete answer replaces a first
            // screenful, never the other way round.
            let late_first_screen =
                self.searched == generation && self.search_complete && !complete;
            if generation == self.generation && !late_first_screen {
                self.searched = generation;
                self.search_complete = complete;
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

    /// Typing a search into the help: `/` starts it, text narrows the help, enter
    /// keeps it, esc drops it. Returns whether the action was taken here.
    fn search_help(&mut self, action: &Action) -> bool {
        let search = self.help_search.get_or_insert_with(String::new);
        match action {
            Action::FocusFilter => {
                self.help_typing = true;
                self.overlay_scroll = 0;
            }
            Action::InputChar(c) if self.help_typing => {
                search.push(*c);
                self.overlay_scroll = 0;
            }
            Action::InputBackspace if self.help_typing => {
                search.pop();
            }
            Action::InputSubmit if self.help_typing => self.help_typing = false,
            Action::InputCancel if self.help_typing => {
                self.help_typing = false;
                self.help_search = None;
            }
            // Esc with a search kept: back to the whole help first.
            Action::Back if !search.is_empty() => {
                self.help_search = None;
                self.overlay_scroll = 0;
            }
            _ => {
                if search.is_empty() {
                    self.help_search = None;
                }
                return false;
            }
        }
        true
    }

    /// Starts or stops the "open for a while" clock as the reader gains or loses focus.
    fn track_opening(&mut self) {
        let open = (self.focus == Focus::Reader)
            .then(|| self.selected_id())
            .flatten();
        match (open, self.opened_at) {
            (Some(id), Some((was, _))) if id == was => {}
            (Some(id), _) => self.opened_at = Some((id, self.now)),
            (None, _) => self.opened_at = None,
        }
    }

    fn apply(&mut self, action: Action) -> Vec<Effect> {
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

            (Focus::Filter, Action::InputChar(c)) => {
                self.history_at = None;
                self.filter.push(c);
                return self.apply_filter();
            }
            (Focus::Filter, Action::InputBackspace) => {
                self.history_at = None;
                self.filter.pop();
                return self.apply_filter();
            }
            (Focus::Filter, Action::InputSubmit) => {
                self.focus = Focus::List;
                self.state.last_filter = self.filter.clone();
                if !self.filter.trim().is_empty() {
                    self.state.push_filter(self.filter.clone());
                }
                return vec![Effect::SaveState];
            }
            (Focus::Filter, Action::InputCancel) => {
                self.focus = self.focus_before_filter;
                let mut effects = self.clear_filter();
                effects.push(Effect::SaveState);
                return effects;
            }
            (Focus::Filter, Action::MoveUp) => return self.browse_history(-1),
            (Focus::Filter, Action::MoveDown) => return self.browse_history(1),
            (Focus::Filter, _) => {}

            (Focus::Note, Action::InputChar(c)) => self.note_input.push(c),
            (Focus::Note, Action::InputBackspace) => {
                self.note_input.pop();
            }
            (Focus::Note, Action::InputSubmit) => {
                self.focus = self.focus_before_filter;
                if let Some(id) = self.selected_id() {
                    let note = self.note_input.trim();
                    let note = (!note.is_empty()).then(|| note.to_string());
                    self.set_message(if note.is_some() {
                        "Note saved"
                    } else {
                        "Note removed"
                    });
                    self.state.set_bookmark_note(id, note);
                    self.relayout();
                    return vec![Effect::SaveState];
                }
            }
            (Focus::Note, Action::InputCancel) => {
                self.focus = self.focus_before_filter;
                self.note_input.clear();
            }
            (Focus::Note, _) => {}

            (Focus::Find, Action::InputChar(c)) => self.find_input.push(c),
            (Focus::Find, Action::InputBackspace) => {
                self.find_input.pop();
            }
            (Focus::Find, Action::InputSubmit) => {
                self.focus = Focus::Reader;
                self.start_find();
            }
            (Focus::Find, Action::InputCancel) => self.focus = Focus::Reader,
            (Focus::Find, _) => {}

            (Focus::Link, Action::InputChar('o')) | (Focus::Link, Action::InputSubmit) => {
                return self.open_typed_link();
            }
            (Focus::Link, Action::InputChar(c)) => return self.link_digit(c),
            (Focus::Link, Action::InputBackspace) => {
                self.link_input.pop();
            }
            (Focus::Link, Action::InputCancel) => {
                self.link_input.clear();
                self.focus = self.focus_before_filter;
            }
            (Focus::Link, _) => {}
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
                let lines = layout_article(
                    article,
                    note,
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
            | (_, Action::InputSubmit | Action::InputCancel) => {}
        }
        Vec::new()
    }

    /// Opens the note prompt on the selected article, bookmarking it first if need be.
    fn edit_note(&mut self) -> Vec<Effect> {
        let Some(article) = self.selected_article() else {
            return Vec::new();
        };
        let (id, title) = (article.id, article.title.clone());
        let mut effects = Vec::new();
        if !self.state.is_bookmarked(id) {
            self.state.toggle_bookmark(id, &title, self.now);
            effects.push(Effect::SaveState);
        }
        self.note_input = self
            .state
            .bookmarks()
            .get(&id)
            .and_then(|b| b.note.clone())
            .unwrap_or_default();
        self.focus_before_filter = self.focus;
        self.focus = Focus::Note;
        effects
    }

    fn toggle_bookmark(&mut self) -> Vec<Effect> {
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
    fn saved(&mut self, result: Result<(State, Vec<String>), String>) -> Vec<Effect> {
        match result {
            Ok((merged, notes)) => {
                if !notes.is_empty() {
                    self.set_error(notes.join("; "));
                }
                self.adopt_state(merged)
            }
            Err(error) => {
                self.set_error(error);
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
