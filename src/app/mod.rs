//! The application state. Everything that changes it enters through
//! `App::update(msg) -> Vec<Effect>` (`update.rs`, the one door; messages and effects
//! in `msg.rs`): pure, no I/O, no terminal, no clock (the runner sends the time).
//! Rendering reads this state; the runner carries out the effects. The rooms: what
//! each action does (`actions`), prompts (`prompt`), terminal events (`input`), the
//! library's messages (`live`), the list (`list`, `filter`), the reader (`reader`,
//! `find`, `links`), bookmarks and read marks (`bookmarks`, `read`), messages shown
//! (`message`).

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;

use crate::article::{Article, ArticleId};
use crate::config::{Config, Theme};
use crate::keymap::{Keymap, Pending};
use crate::layout::panes::{Areas, Panes, areas, inner};
use crate::layout::wrap::TextLine;
use crate::library::Library;
use crate::query::ast::Sort;
use crate::query::{Query, QueryError};
use crate::report::Problem;
use crate::state::State;

mod actions;
mod bookmarks;
mod filter;
mod find;
mod highlights;
mod input;
mod links;
mod list;
mod live;
mod message;
mod msg;
mod pages;
mod prompt;
mod read;
mod reader;
mod tags;
mod update;

pub use highlights::{HighlightRow, Selection, ShownHighlight};
pub use list::{Columns, Group, GroupHead, Row, source_label};
pub use message::{ERROR_SECONDS, MESSAGE_LOG, MESSAGE_SECONDS, Message};
pub use msg::{Effect, Handoff, Msg, PageSaved, SavedFile};
pub use prompt::{Edit, TextInput};
pub use tags::Completion;

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
    /// Typing tags to give or take off (`t`, `T`).
    Tags,
    /// Typing the URL of a page to save (`A`).
    Url,
}

/// What `U` can take back.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Undo {
    /// Articles marked read by "mark all read".
    Read(Vec<ArticleId>),
    /// Tags given and taken off by "tag all shown".
    Tags {
        added: Vec<(ArticleId, String)>,
        removed: Vec<(ArticleId, String)>,
    },
    /// A highlight removed.
    Highlight {
        article: ArticleId,
        id: crate::state::HighlightId,
        highlight: Box<crate::state::Highlight>,
    },
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
    /// Every highlight in the library, newest first, one selected.
    Highlights,
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
    /// The window's text as one string, for highlights and selections.
    pub passage: crate::layout::passage::Passage,
    /// The article's highlights found in it, in reading order.
    pub highlights: Vec<ShownHighlight>,
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
    pub filter: TextInput,
    /// The last query that parsed; what the list shows and the highlights follow.
    pub query: Query,
    /// Why the filter as typed does not parse (the last good result stays).
    pub query_error: Option<QueryError>,
    /// The newest search asked for; results of older ones are dropped.
    pub generation: u64,
    /// The search whose results are shown, and whether they are all there yet.
    searched: u64,
    pub search_complete: bool,
    /// How many the shown search matches in all, when its first screenful said
    /// (`matched_count`).
    search_total: Option<usize>,
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
    /// The library cache's front page (its newest articles, heads only) and how
    /// many articles the cache holds: the list until the library is in (`preview`).
    pub front: (Vec<Article>, usize),
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
    pub help_search: Option<TextInput>,
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
    pub(crate) restore: Option<ArticleId>,
    /// The note being written, while focus is on the note prompt.
    pub note_input: TextInput,
    /// What is typed into the reader's find prompt, and the search it made.
    pub find_input: TextInput,
    /// The link number typed after `o`.
    pub link_input: TextInput,
    pub find: Option<Find>,
    /// When the article in the reader was opened (reader focused), for read marks.
    opened_at: Option<(ArticleId, DateTime<Utc>)>,
    /// The messages shown, newest first (the problems list shows them whole).
    pub log: Vec<Message>,
    /// "Mark all read" asked to be confirmed: pressed again, it marks.
    confirming: bool,
    /// What `U` takes back, while the message of what it did shows.
    undo: Option<Undo>,
    /// The tags being typed (`t`, `T`), whether for every article shown, and where
    /// Tab's completion stands.
    pub tag_input: TextInput,
    /// The URL being typed (`A`).
    pub url_input: TextInput,
    /// Pages being saved off the UI thread, and the path of the one to select when
    /// it is in.
    pub saving: usize,
    pub tag_all: bool,
    pub completion: Option<Completion>,
    /// A passage being selected in the reader (`m`).
    pub selection: Option<Selection>,
    /// A passage kept with `M`, waiting for its note.
    pending_highlight: Option<crate::highlight::Anchor>,
    /// The highlight jumped to last (in `reader.highlights`).
    pub current_highlight: Option<usize>,
    /// An export's marks were taken into the state and not saved yet.
    saved_marks_taken: bool,
    /// Where the left button was pressed on the reader's text, while it is held.
    pub press: Option<usize>,
    /// The row selected in the highlights overlay.
    pub highlight_row: usize,
    /// A highlight to bring on screen once its article is laid out.
    jump_to: Option<(ArticleId, crate::state::HighlightId)>,
    /// The first key of a chord typed so far.
    pending: Pending,
    /// Changes on disk seen while loading, applied once the load is done.
    held: Vec<crate::watch::Report>,
    /// Whether what changed since the library cache was written, applied, left the
    /// library as it was (files skipped again, or touched and not changed).
    cache_same: bool,
}

impl App {
    pub fn new(config: &Config, state: State, no_color: bool) -> App {
        // Every start is unfiltered: the last filter may belong to another library
        // (it is one Up away in the filter's history).
        let filter = TextInput::default();
        let layout = state.layout.clone();
        App {
            restore: state.selected,
            note_input: TextInput::default(),
            find_input: TextInput::default(),
            link_input: TextInput::default(),
            find: None,
            opened_at: None,
            confirming: false,
            undo: None,
            tag_input: TextInput::default(),
            url_input: TextInput::default(),
            saving: 0,
            tag_all: false,
            completion: None,
            selection: None,
            pending_highlight: None,
            current_highlight: None,
            highlight_row: 0,
            press: None,
            saved_marks_taken: false,
            jump_to: None,
            pending: Pending::default(),
            held: Vec::new(),
            cache_same: false,
            log: Vec::new(),
            library: Library::new(),
            query: Query::default(),
            query_error: None,
            generation: 0,
            searched: 0,
            search_complete: true,
            search_total: None,
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
            front: (Vec::new(), 0),
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
    pub(super) fn current_split(&self) -> u16 {
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

    pub(super) fn list_height(&self) -> usize {
        usize::from(inner(self.areas().list).height).max(1)
    }

    pub(super) fn reader_height(&self) -> usize {
        usize::from(inner(self.areas().reader).height).max(1)
    }

    pub fn selected_article(&self) -> Option<&Article> {
        self.shown
            .get(self.selected)
            .and_then(|&i| self.library.get(i))
    }

    /// Whether the newest search asked for has not answered yet.
    pub fn searching(&self) -> bool {
        self.searched != self.generation
    }

    pub fn selected_id(&self) -> Option<ArticleId> {
        self.selected_article().map(|a| a.id)
    }
}
