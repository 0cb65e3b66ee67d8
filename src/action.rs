//! Everything a person can ask the app to do. Keys map to these through the keymap;
//! mouse events and the runner produce the internal ones (`#[serde(skip)]`).
//! No behaviour here: `App::update` gives actions their meaning.

use serde::{Deserialize, Serialize};

/// A name that is no bindable action; the message lists those that are.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown action '{name}' (allowed: {allowed})")]
pub struct UnknownAction {
    pub name: String,
    /// The bindable actions' names, comma-separated.
    pub allowed: String,
}

/// How far one step of a selection in the reader goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Line,
    Sentence,
    Paragraph,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Next row in the list; scroll down a line in the reader.
    MoveDown,
    /// Previous row in the list; scroll up a line in the reader.
    MoveUp,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Top,
    Bottom,
    /// Open the selected article in the reading pane and move focus there.
    Open,
    /// Back from the reader to the list; out of the help overlay.
    Back,
    SwitchFocus,
    FocusFilter,
    ToggleBookmark,
    /// Write or change the note on the selected article's bookmark.
    EditNote,
    /// Give the selected article tags, or take them off (`name`, `-name`).
    EditTags,
    /// The same for every article shown.
    TagShown,
    /// In the reader: start selecting a passage to highlight.
    MarkPassage,
    /// The next and previous highlight in the article.
    NextHighlight,
    PrevHighlight,
    /// Remove the highlight jumped to, or the first on screen.
    DeleteHighlight,
    /// Every highlight in the library; enter opens the article at it.
    ShowHighlights,
    /// Save a web page into the library, by its URL (asked for).
    SavePage,
    /// Fetch the page of a saved link (an export's entry not fetched yet).
    FetchArticle,
    /// In the reader: the next and previous match of the search within the article.
    FindNext,
    FindPrev,
    ToggleRead,
    ToggleBookmarkedOnly,
    /// The next and previous saved search (view).
    NextView,
    PrevView,
    /// The article's text in `$PAGER`, or in `$EDITOR`.
    OpenInPager,
    OpenInEditor,
    /// Open the article's link in the browser; copy it (OSC 52).
    OpenSource,
    CopyLink,
    /// The next order: newest, oldest, by title, best match, as the query says.
    CycleSort,
    /// The next article not yet read.
    NextUnread,
    /// Mark every article shown as read.
    MarkAllRead,
    /// Take back the last "mark all read" or "tag all shown", while its message shows.
    Undo,
    /// The reader on the whole screen, and back.
    ToggleFullScreen,
    /// A narrower or wider reading column.
    NarrowerColumn,
    WiderColumn,
    /// Move the divider: a smaller or larger list pane.
    SmallerList,
    LargerList,
    /// The next set of list columns (date, reading time, source).
    CycleColumns,
    /// Group the list by source, by day, or not at all.
    CycleGroup,
    /// The view (tab) with this number: 1 is All, 2 the first saved search, ...
    ShowView(u8),
    ToggleHelp,
    /// The files that were skipped, partly read or merged.
    ShowProblems,
    Quit,

    /// The results of the search of that generation, in order.
    #[serde(skip)]
    SearchResults {
        generation: u64,
        docs: Vec<u32>,
        complete: bool,
        /// How many match in all, when a first screenful knows it.
        total: Option<usize>,
    },
    /// Ctrl-Z: hand the terminal back to the shell.
    #[serde(skip)]
    Suspend,
    /// About a second has passed (for "open for a while counts as read").
    #[serde(skip)]
    Tick,

    /// The terminal has this many columns and rows.
    #[serde(skip)]
    Resize(u16, u16),
    /// Select what is on this row of the list (counting from its first row, group
    /// headings included).
    #[serde(skip)]
    SelectRow(usize),
    /// The divider is being dragged to this column and row.
    #[serde(skip)]
    DragDivider(u16, u16),
    /// The divider was let go.
    #[serde(skip)]
    EndDrag,
    /// Scroll the list by this many rows (mouse wheel).
    #[serde(skip)]
    ScrollList(i32),
    /// Scroll the reader by this many lines (mouse wheel).
    #[serde(skip)]
    ScrollReader(i32),
    /// Text typed into the focused filter bar or note prompt.
    #[serde(skip)]
    InputChar(char),
    #[serde(skip)]
    InputBackspace,
    /// Ctrl-w (or alt-backspace) in a prompt: the word before the end, and the
    /// spaces after it.
    #[serde(skip)]
    InputDeleteWord,
    /// Ctrl-u in a prompt: the whole line.
    #[serde(skip)]
    InputClear,
    /// Tab in a prompt that completes (the tag prompt).
    #[serde(skip)]
    InputComplete,
    /// Move the end of the selection by a step, forward or back.
    #[serde(skip)]
    ExtendSelection(Step, bool),
    /// Keep the selection as a highlight; with a note (asked for first) if true.
    #[serde(skip)]
    KeepSelection(bool),
    #[serde(skip)]
    DropSelection,
    /// The left button pressed on the reader at this column and row; dragged there;
    /// let go.
    #[serde(skip)]
    PressReader(u16, u16),
    #[serde(skip)]
    DragReader(u16, u16),
    #[serde(skip)]
    ReleaseReader,
    /// Keep the filter (or note) and return.
    #[serde(skip)]
    InputSubmit,
    /// Clear the filter (or drop the note's edit) and return.
    #[serde(skip)]
    InputCancel,
}

impl Action {
    /// The actions a key can be bound to, in the order the help overlay lists them.
    pub const BINDABLE: &[Action] = &[
        Action::MoveDown,
        Action::MoveUp,
        Action::PageDown,
        Action::PageUp,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::Back,
        Action::SwitchFocus,
        Action::FocusFilter,
        Action::ToggleBookmark,
        Action::EditNote,
        Action::EditTags,
        Action::TagShown,
        Action::MarkPassage,
        Action::NextHighlight,
        Action::PrevHighlight,
        Action::DeleteHighlight,
        Action::ShowHighlights,
        Action::SavePage,
        Action::FetchArticle,
        Action::FindNext,
        Action::FindPrev,
        Action::ToggleRead,
        Action::ToggleBookmarkedOnly,
        Action::NextView,
        Action::PrevView,
        Action::OpenSource,
        Action::CopyLink,
        Action::OpenInPager,
        Action::OpenInEditor,
        Action::CycleSort,
        Action::NextUnread,
        Action::MarkAllRead,
        Action::Undo,
        Action::ToggleFullScreen,
        Action::NarrowerColumn,
        Action::WiderColumn,
        Action::SmallerList,
        Action::LargerList,
        Action::CycleColumns,
        Action::CycleGroup,
        Action::ShowView(1),
        Action::ShowView(2),
        Action::ShowView(3),
        Action::ShowView(4),
        Action::ShowView(5),
        Action::ShowView(6),
        Action::ShowView(7),
        Action::ShowView(8),
        Action::ShowView(9),
        Action::ToggleHelp,
        Action::ShowProblems,
        Action::Quit,
    ];

    /// The name used in config.toml (`j = "move_down"`).
    pub fn name(&self) -> String {
        if let Action::ShowView(n) = self {
            return format!("view_{n}");
        }
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Parses a bindable action's name; the error lists what is allowed.
    pub fn from_name(name: &str) -> Result<Action, UnknownAction> {
        Action::BINDABLE
            .iter()
            .find(|a| a.name() == name)
            .cloned()
            .ok_or_else(|| {
                let allowed: Vec<String> = Action::BINDABLE.iter().map(Action::name).collect();
                UnknownAction {
                    name: name.to_string(),
                    allowed: allowed.join(", "),
                }
            })
    }

    /// What the action does, for the help overlay.
    pub fn describe(&self) -> &'static str {
        match self {
            Action::MoveDown => "next article / scroll down",
            Action::MoveUp => "previous article / scroll up",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
            Action::Top => "first article / top",
            Action::Bottom => "last article / bottom",
            Action::Open => "open the selected article",
            Action::Back => "back to the list",
            Action::SwitchFocus => "switch between list and reader",
            Action::FocusFilter => "filter the list; in the reader, find",
            Action::ToggleBookmark => "bookmark / unbookmark",
            Action::EditNote => "write a note on the bookmark",
            Action::EditTags => "tag the article (name adds, -name removes)",
            Action::TagShown => "tag every article shown",
            Action::MarkPassage => "mark a passage to highlight (then j k w b { })",
            Action::NextHighlight => "next highlight in the article",
            Action::PrevHighlight => "previous highlight in the article",
            Action::DeleteHighlight => "remove the highlight (U puts it back)",
            Action::ShowHighlights => "every highlight in the library",
            Action::SavePage => "save a web page into the library (its URL)",
            Action::FetchArticle => "fetch the page of a saved link",
            Action::FindNext => "next match in the article",
            Action::FindPrev => "previous match in the article",
            Action::ToggleRead => "mark read / unread",
            Action::ToggleBookmarkedOnly => "show only bookmarks / all",
            Action::NextView => "next view (saved search)",
            Action::PrevView => "previous view",
            Action::OpenSource => "open the article's link in the browser",
            Action::CopyLink => "copy the article's link",
            Action::OpenInPager => "the article in $PAGER",
            Action::OpenInEditor => "the article in $EDITOR",
            Action::CycleSort => "next order (newest, oldest, title, best match)",
            Action::NextUnread => "next unread article",
            Action::MarkAllRead => "mark every article shown as read",
            Action::Undo => "undo marking or tagging all, while it says so",
            Action::ToggleFullScreen => "full-screen reading",
            Action::NarrowerColumn => "narrower reading column",
            Action::WiderColumn => "wider reading column",
            Action::SmallerList => "move the divider: smaller list",
            Action::LargerList => "move the divider: larger list",
            Action::CycleColumns => "next set of list columns",
            Action::CycleGroup => "group by source, by day, or not",
            Action::ShowView(_) => "go to view (tab) 1 to 9",
            Action::ToggleHelp => "this help",
            Action::ShowProblems => "files not read fully, and recent messages",
            Action::Quit => "quit",
            _ => "",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for action in Action::BINDABLE {
            assert_eq!(Action::from_name(&action.name()).as_ref(), Ok(action));
            assert!(
                !action.describe().is_empty(),
                "{action:?} has no description"
            );
        }
        assert_eq!(
            Action::ToggleBookmarkedOnly.name(),
            "toggle_bookmarked_only"
        );
    }

    #[test]
    fn unknown_name_lists_allowed() {
        let err = Action::from_name("fly").unwrap_err().to_string();
        assert!(err.contains("unknown action 'fly'"), "{err}");
        assert!(err.contains("move_down"), "{err}");
    }

    #[test]
    fn internal_actions_are_not_bindable() {
        assert!(Action::from_name("resize").is_err());
        assert!(Action::from_name("filter_input").is_err());
    }
}
