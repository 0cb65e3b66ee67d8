//! `App::update` on sequences of actions: pure, no terminal.

use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::{Terminal, backend::TestBackend};
use tidings::action::Action;
use tidings::app::Msg;
use tidings::app::{App, Effect, Focus};
use tidings::article::{Article, ArticleId, Block, Draft};
use tidings::config::Config;
use tidings::library::LoadEvent;
use tidings::runner::forward;
use tidings::search::InlineSearcher;
use tidings::state::State;
use tidings::watch::Report;

/// An `App` with an inline searcher: searches the app asks for are run at once, the
/// way the runner does it, and left out of the effects the tests look at.
pub struct Driver {
    app: App,
    searcher: InlineSearcher,
}

impl std::ops::Deref for Driver {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl std::ops::DerefMut for Driver {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}

impl Driver {
    pub fn new(app: App) -> Driver {
        Driver {
            app,
            searcher: InlineSearcher::default(),
        }
    }

    /// An action or any other message, through the one door, with the index changes
    /// and searches carried out as the runner does.
    pub fn update(&mut self, msg: impl Into<Msg>) -> Vec<Effect> {
        let effects = self.app.update(msg);
        forward(&mut self.app, &mut self.searcher, effects)
    }

    pub fn add_articles(&mut self, articles: Vec<Article>, files: usize) {
        self.update(Msg::Load(LoadEvent::Batch { articles, files }));
    }

    /// Files added, changed or removed, as the runner applies what the watch saw.
    pub fn apply_changes(&mut self, changes: tidings::watch::Changes) -> Vec<Effect> {
        let segments = tidings::library::segments(&changes.articles);
        self.update(Msg::ChangedSince(Report::Changed { changes, segments }))
    }
}

pub fn article(n: u64, title: &str, body: &str, day: u32) -> Article {
    let draft = Draft {
        title: title.into(),
        date: NaiveDate::from_ymd_opt(2024, 1, day),
        body: body
            .split("\n\n")
            .map(|p| Block::Paragraph(p.to_string()))
            .collect(),
        ..Draft::default()
    };
    Article::new(ArticleId(n), PathBuf::from(format!("{n}.txt")), draft)
}

/// Ten articles, newest ("Article 9") first, each with `lines` paragraphs of body.
fn app_with(lines: usize) -> Driver {
    let mut app = Driver::new(App::new(&Config::default(), State::default(), false));
    app.update(Action::Resize(80, 24));
    let body = (0..lines)
        .map(|i| format!("Paragraph {i} of the story."))
        .collect::<Vec<_>>()
        .join("\n\n");
    app.add_articles(
        (0..10)
            .map(|n| article(n, &format!("Article {n}"), &body, n as u32 + 1))
            .collect(),
        10,
    );
    app
}

/// Types `text` into the prompt that has the focus, a character at a time.
fn type_in(app: &mut Driver, text: &str) {
    for c in text.chars() {
        app.update(Action::InputChar(c));
    }
}

fn selected_title(app: &Driver) -> String {
    app.selected_article()
        .map(|a| a.title.clone())
        .unwrap_or_default()
}

#[test]
fn moves_through_the_list_newest_first() {
    let mut app = app_with(3);
    assert_eq!(selected_title(&app), "Article 9");
    app.update(Action::MoveDown);
    app.update(Action::MoveDown);
    assert_eq!(selected_title(&app), "Article 7");
    app.update(Action::MoveUp);
    assert_eq!(selected_title(&app), "Article 8");
    app.update(Action::Bottom);
    assert_eq!(selected_title(&app), "Article 0");
    app.update(Action::MoveDown);
    assert_eq!(selected_title(&app), "Article 0", "stays on the last row");
    app.update(Action::Top);
    assert_eq!(selected_title(&app), "Article 9");
    app.update(Action::MoveUp);
    assert_eq!(selected_title(&app), "Article 9", "stays on the first row");
}

#[test]
fn pages_move_by_the_list_height_and_keep_the_selection_visible() {
    let mut app = app_with(1);
    // 80x24 stacked: the list pane is 8 rows high, 6 inside the border.
    app.update(Action::PageDown);
    assert_eq!(app.selected, 6);
    assert!(app.list_offset <= app.selected && app.selected < app.list_offset + 6);
    app.update(Action::PageUp);
    assert_eq!(app.selected, 0);
    app.update(Action::HalfPageDown);
    assert_eq!(app.selected, 3);
    app.update(Action::HalfPageUp);
    assert_eq!(app.selected, 0);
    app.update(Action::Bottom);
    assert_eq!(app.list_offset, 4);
}

#[test]
fn opening_a_short_article_reads_it_a_long_one_needs_its_end() {
    let mut app = app_with(40);
    let id = app.selected_id().unwrap();
    assert!(app.update(Action::Open).is_empty());
    assert!(!app.state.is_read(id));
    assert_eq!(app.update(Action::Bottom), vec![Effect::SaveState]);
    assert!(app.state.is_read(id));
}

#[test]
fn open_focuses_the_reader_and_marks_read() {
    let mut app = app_with(3);
    let id = app.selected_id().unwrap();
    assert!(!app.state.is_read(id));
    let effects = app.update(Action::Open);
    assert_eq!(app.focus, Focus::Reader);
    assert!(app.state.is_read(id));
    assert_eq!(effects, vec![Effect::SaveState]);
    app.update(Action::Back);
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn reader_scrolls_and_pages_within_bounds() {
    let mut app = app_with(40);
    app.update(Action::Open);
    app.update(Action::MoveDown);
    app.update(Action::MoveDown);
    assert_eq!(app.reader.scroll, 2);
    app.update(Action::MoveUp);
    assert_eq!(app.reader.scroll, 1);
    app.update(Action::PageDown);
    // Under the tabs row the reader pane is 13 rows high, 11 inside: a page is 9
    // lines, keeping 2.
    assert_eq!(app.reader.scroll, 10);
    app.update(Action::PageUp);
    assert_eq!(app.reader.scroll, 1);
    app.update(Action::HalfPageDown);
    assert_eq!(app.reader.scroll, 5);
    app.update(Action::HalfPageUp);
    assert_eq!(app.reader.scroll, 1);
    app.update(Action::Bottom);
    let max = app.reader.lines.len() - 11;
    assert_eq!(app.reader.scroll, max);
    app.update(Action::MoveDown);
    assert_eq!(app.reader.scroll, max);
    app.update(Action::Top);
    assert_eq!(app.reader.scroll, 0);
    app.update(Action::MoveUp);
    assert_eq!(app.reader.scroll, 0);
}

#[test]
fn scroll_position_is_remembered_per_article() {
    let mut app = app_with(40);
    app.update(Action::Open);
    app.update(Action::PageDown);
    let at = app.reader.scroll;
    app.update(Action::Back);
    app.update(Action::MoveDown);
    assert_eq!(app.reader.scroll, 0, "another article starts at the top");
    app.update(Action::MoveUp);
    assert_eq!(app.reader.scroll, at);
}

#[test]
fn switch_focus_toggles_list_and_reader() {
    let mut app = app_with(3);
    app.update(Action::SwitchFocus);
    assert_eq!(app.focus, Focus::Reader);
    app.update(Action::SwitchFocus);
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn filter_narrows_on_every_keystroke_and_enter_keeps_it() {
    let mut app = app_with(1);
    app.update(Action::FocusFilter);
    assert_eq!(app.focus, Focus::Filter);
    type_in(&mut app, "article 3");
    assert_eq!(app.shown.len(), 1);
    assert_eq!(selected_title(&app), "Article 3");
    app.update(Action::InputBackspace);
    assert_eq!(app.shown.len(), 10, "'article ' matches all");
    app.update(Action::InputChar('5'));
    let effects = app.update(Action::InputSubmit);
    assert_eq!(effects, vec![Effect::SaveState]);
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.filter, "article 5");
    assert_eq!(app.state.last_filter, "article 5");
    assert_eq!(app.shown.len(), 1);
}

#[test]
fn ctrl_w_takes_back_the_last_word_and_the_spaces_after_it() {
    let mut app = app_with(1);
    app.update(Action::FocusFilter);
    type_in(&mut app, "café  über  ");
    app.update(Action::InputDeleteWord);
    assert_eq!(app.filter, "café  ");
    app.update(Action::InputDeleteWord);
    assert_eq!(app.filter, "");
    app.update(Action::InputDeleteWord);
    assert_eq!(app.filter, "", "nothing left to take");
    type_in(&mut app, "article 3");
    app.update(Action::InputClear);
    assert_eq!(app.filter, "");
    assert_eq!(app.shown.len(), 10, "the whole list back");
    assert_eq!(app.focus, Focus::Filter, "still typing");
}

#[test]
fn escape_in_the_filter_clears_it_and_returns() {
    let mut app = app_with(1);
    app.update(Action::FocusFilter);
    app.update(Action::InputChar('9'));
    assert_eq!(app.shown.len(), 1);
    app.update(Action::InputCancel);
    assert_eq!(app.focus, Focus::List, "back where it was");
    assert!(app.filter.is_empty());
    assert_eq!(app.shown.len(), 10);
}

#[test]
fn filter_keeps_the_selected_article_when_it_still_matches() {
    let mut app = app_with(1);
    app.update(Action::MoveDown);
    app.update(Action::MoveDown);
    assert_eq!(selected_title(&app), "Article 7");
    app.update(Action::FocusFilter);
    app.update(Action::InputChar('a'));
    assert_eq!(selected_title(&app), "Article 7");
}

#[test]
fn filter_with_no_match_shows_nothing_and_survives_keys() {
    let mut app = app_with(1);
    app.update(Action::FocusFilter);
    type_in(&mut app, "zzz");
    assert!(app.shown.is_empty());
    app.update(Action::InputSubmit);
    for action in [
        Action::MoveDown,
        Action::Open,
        Action::ToggleBookmark,
        Action::Bottom,
    ] {
        app.update(action);
    }
    assert!(app.selected_article().is_none());
    assert!(app.state.bookmarks().is_empty());
}

#[test]
fn bookmarks_toggle_and_filter() {
    let mut app = app_with(1);
    app.update(Action::MoveDown);
    let id = app.selected_id().unwrap();
    let effects = app.update(Action::ToggleBookmark);
    assert_eq!(effects, vec![Effect::SaveState]);
    assert!(app.state.is_bookmarked(id));
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("Bookmarked “Article 8”")
    );
    app.update(Action::ToggleBookmarkedOnly);
    assert_eq!(app.shown.len(), 1);
    assert_eq!(selected_title(&app), "Article 8");
    app.update(Action::ToggleBookmark);
    assert!(!app.state.is_bookmarked(id));
    assert!(
        app.shown.is_empty(),
        "the unbookmarked article leaves the bookmark view"
    );
    app.update(Action::ToggleBookmarkedOnly);
    assert_eq!(app.shown.len(), 10);
}

#[test]
fn help_opens_swallows_keys_and_closes() {
    let mut app = app_with(1);
    app.update(Action::ToggleHelp);
    assert_eq!(app.overlay, Some(tidings::app::Overlay::Help));
    app.update(Action::MoveDown);
    assert_eq!(app.selected, 0, "keys do not reach the list under the help");
    assert_eq!(app.overlay_scroll, 1, "they scroll the help");
    app.update(Action::Bottom);
    let max = app.overlay_scroll;
    app.update(Action::MoveDown);
    assert_eq!(app.overlay_scroll, max);
    app.update(Action::Back);
    assert_eq!(app.overlay, None);
    app.update(Action::ToggleHelp);
    app.update(Action::ToggleHelp);
    assert_eq!(app.overlay, None);
}

#[test]
fn quit_saves_then_quits() {
    let mut app = app_with(1);
    assert_eq!(
        app.update(Action::Quit),
        vec![Effect::SaveState, Effect::Quit]
    );
}

#[test]
fn mouse_rows_and_wheel() {
    let mut app = app_with(40);
    app.update(Action::SelectRow(3));
    assert_eq!(app.selected, 3);
    assert_eq!(app.focus, Focus::List);
    app.update(Action::SelectRow(3));
    assert_eq!(app.focus, Focus::Reader, "a second click opens");
    app.update(Action::SelectRow(99));
    assert_eq!(app.selected, 3, "a click below the last row does nothing");
    app.update(Action::ScrollList(3));
    assert_eq!(app.selected, 6);
    app.update(Action::ScrollReader(3));
    assert_eq!(app.reader.scroll, 3);
    app.update(Action::ScrollReader(-10));
    assert_eq!(app.reader.scroll, 0);
}

#[test]
fn resize_rewraps_the_reader_and_clamps() {
    let mut app = app_with(40);
    app.update(Action::Open);
    let lines_at_80 = app.reader.lines.len();
    app.update(Action::Resize(30, 10));
    assert!(
        app.reader.lines.len() > lines_at_80,
        "narrower wraps to more lines"
    );
    app.update(Action::Resize(1, 1));
    app.update(Action::MoveDown);
    app.update(Action::Resize(250, 70));
    assert_eq!(app.reader.width, 80, "the reading column is capped");
}

#[test]
fn selection_is_restored_from_state_when_the_article_loads() {
    let mut state = State::default();
    state.selected = Some(ArticleId(4));
    let mut app = Driver::new(App::new(&Config::default(), state, false));
    app.update(Action::Resize(80, 24));
    app.add_articles(vec![article(9, "Nine", "x", 9)], 1);
    app.add_articles(vec![article(4, "Four", "x", 4)], 1);
    assert_eq!(selected_title(&app), "Four");
}

#[test]
fn toggle_read_marks_and_unmarks_by_hand() {
    let mut app = app_with(1);
    let id = app.selected_id().unwrap();
    assert_eq!(app.update(Action::ToggleRead), vec![Effect::SaveState]);
    assert!(app.state.is_read(id));
    app.update(Action::ToggleRead);
    assert!(!app.state.is_read(id));
}

#[test]
fn a_note_bookmarks_and_shows_in_the_reader() {
    let mut app = app_with(1);
    let id = app.selected_id().unwrap();
    let effects = app.update(Action::EditNote);
    assert_eq!(
        effects,
        vec![Effect::SaveState],
        "the article is bookmarked first"
    );
    assert_eq!(app.focus, Focus::Note);
    type_in(&mut app, "read later");
    app.update(Action::InputBackspace);
    assert_eq!(app.update(Action::InputSubmit), vec![Effect::SaveState]);
    assert_eq!(app.focus, Focus::List);
    assert_eq!(
        app.state.bookmarks()[&id].note.as_deref(),
        Some("read late")
    );
    assert!(
        app.reader.lines.iter().any(|l| l.text == "read late"),
        "the note is in the reader"
    );

    // Editing again starts from the note; esc drops the edit.
    app.update(Action::EditNote);
    assert_eq!(app.note_input, "read late");
    app.update(Action::InputChar('!'));
    app.update(Action::InputCancel);
    assert_eq!(
        app.state.bookmarks()[&id].note.as_deref(),
        Some("read late")
    );

    // An emptied note is removed.
    app.update(Action::EditNote);
    for _ in 0..20 {
        app.update(Action::InputBackspace);
    }
    app.update(Action::InputSubmit);
    assert_eq!(app.state.bookmarks()[&id].note, None);
}

#[test]
fn an_article_open_for_a_while_counts_as_read() {
    use chrono::{Duration, TimeZone, Utc};
    let mut app = app_with(40);
    let t0 = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
    app.now = t0;
    app.update(Action::Open);
    let id = app.selected_id().unwrap();
    assert!(
        !app.state.is_read(id),
        "a long article is not read by opening it"
    );
    app.now = t0 + Duration::seconds(10);
    assert!(app.update(Action::Tick).is_empty());
    app.now = t0 + Duration::seconds(31);
    assert_eq!(app.update(Action::Tick), vec![Effect::SaveState]);
    assert!(app.state.is_read(id));

    // The clock runs only while the reader has focus.
    app.update(Action::Back);
    app.update(Action::MoveDown);
    let other = app.selected_id().unwrap();
    app.now = t0 + Duration::seconds(100);
    app.update(Action::Tick);
    assert!(!app.state.is_read(other));
}

#[test]
fn up_and_down_in_the_filter_walk_its_history() {
    let mut app = app_with(1);
    for filter in ["article 1", "article 2"] {
        app.update(Action::FocusFilter);
        type_in(&mut app, filter);
        app.update(Action::InputSubmit);
        app.update(Action::Back); // clears the kept filter
    }
    app.update(Action::FocusFilter);
    app.update(Action::InputChar('x'));
    app.update(Action::MoveUp);
    assert_eq!(app.filter, "article 2");
    assert_eq!(app.shown.len(), 1);
    app.update(Action::MoveUp);
    assert_eq!(app.filter, "article 1");
    app.update(Action::MoveUp);
    assert_eq!(app.filter, "article 1", "the oldest stays");
    app.update(Action::MoveDown);
    assert_eq!(app.filter, "article 2");
    app.update(Action::MoveDown);
    assert_eq!(app.filter, "x", "back to what was typed");
}

#[test]
fn slash_in_the_reader_searches_the_article_and_n_walks_the_matches() {
    let mut app = app_with(40); // paragraphs "Paragraph 0 of the story." .. 39
    app.update(Action::Open);
    app.update(Action::FocusFilter);
    assert_eq!(app.focus, Focus::Find);
    type_in(&mut app, "story");
    app.update(Action::InputSubmit);
    assert_eq!(app.focus, Focus::Reader);
    let find = app.find.clone().expect("a search in the article");
    assert_eq!(find.matches.len(), 40);
    assert_eq!(find.current, 0);
    app.update(Action::FindPrev);
    assert_eq!(
        app.find.as_ref().unwrap().current,
        39,
        "N wraps to the last match"
    );
    let last_line = app.find.as_ref().unwrap().matches[39].0;
    assert!(
        app.reader.scroll <= last_line && last_line < app.reader.scroll + 12,
        "scrolled to it"
    );
    app.update(Action::FindNext);
    assert_eq!(app.find.as_ref().unwrap().current, 0);
    assert_eq!(app.shown.len(), 10, "the list filter is untouched");
    // Another article drops the search.
    app.update(Action::Back);
    app.update(Action::MoveDown);
    assert!(app.find.is_none());
}

#[test]
fn a_stale_search_result_never_replaces_a_newer_one() {
    let mut app = app_with(1);
    app.update(Action::FocusFilter);
    app.update(Action::InputChar('9'));
    let newest = app.generation;
    assert_eq!(app.shown.len(), 1);
    // An answer to an older query arrives late: it is ignored.
    app.update(Action::SearchResults {
        generation: newest - 1,
        docs: vec![0, 1, 2],
        complete: true,
        total: None,
    });
    assert_eq!(app.shown.len(), 1);
    app.update(Action::SearchResults {
        generation: newest,
        docs: vec![3, 4],
        complete: true,
        total: None,
    });
    assert_eq!(app.shown, vec![3, 4]);
    // A first screenful arriving after the complete answer does not undo it.
    app.update(Action::SearchResults {
        generation: newest,
        docs: vec![5],
        complete: false,
        total: None,
    });
    assert_eq!(app.shown, vec![3, 4]);
}

#[test]
fn a_first_screenful_counts_every_match_until_the_whole_list_comes() {
    let mut app = app_with(1);
    app.update(Action::FocusFilter);
    // Typed, its search asked for and not answered yet (the effects not carried out).
    let _ = App::update(&mut app, Action::InputChar('a'));
    let newest = app.generation;
    let screen = |app: &Driver| {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal
            .draw(|f| f.render_widget(&**app, f.area()))
            .unwrap();
        crate::screen::text(terminal.backend().buffer())
    };
    // A long list's first screenful says how many match in all.
    app.update(Action::SearchResults {
        generation: newest,
        docs: vec![9, 8],
        complete: false,
        total: Some(7),
    });
    assert_eq!((app.shown.len(), app.matched_count()), (2, 7));
    let first = screen(&app);
    assert!(
        first.contains("7/10 articles · 0 bookmarked · searching…"),
        "{first}"
    );
    assert!(
        first.contains(" 7/10 "),
        "the list's border counts them too: {first}"
    );
    app.update(Action::SearchResults {
        generation: newest,
        docs: vec![9, 8, 7, 6, 5, 4, 3],
        complete: true,
        total: None,
    });
    let whole = screen(&app);
    assert!(whole.contains("7/10 articles · 0 bookmarked"), "{whole}");
    assert!(!whole.contains("searching…"), "{whole}");
}

#[test]
fn views_cycle_and_combine_with_the_filter() {
    let mut config = Config::default();
    config.views = vec![tidings::config::View {
        name: "Early".into(),
        query: "before:2024-01-04".into(),
    }];
    let mut app = Driver::new(App::new(&config, State::default(), false));
    app.update(Action::Resize(80, 24));
    let body = "Paragraph of the story.";
    app.add_articles(
        (0..10)
            .map(|n| article(n, &format!("Article {n}"), body, n as u32 + 1))
            .collect(),
        10,
    );
    assert_eq!(app.view_name(), "All");
    app.update(Action::NextView);
    assert_eq!(app.view_name(), "Early");
    assert_eq!(app.shown.len(), 3, "January 1 to 3");
    app.update(Action::FocusFilter);
    app.update(Action::InputChar('2'));
    assert_eq!(app.shown.len(), 1, "the view and the filter both hold");
    app.update(Action::InputSubmit);
    app.update(Action::NextView);
    assert_eq!(app.view_name(), "All", "views wrap around");
    assert_eq!(app.shown.len(), 1);
    app.update(Action::PrevView);
    assert_eq!(app.view_name(), "Early");
}

#[test]
fn the_reader_and_list_count_alike() {
    let dir = tempfile::tempdir().unwrap();
    let (library, _) = tidings::library::load_library(
        &[tidings::library::Source::Path(std::path::PathBuf::from(
            concat!(env!("CARGO_MANIFEST_DIR"), "/sample-articles"),
        ))],
        &tidings::library::LoadOptions::default(),
    );
    for query in [
        "russia",
        "russia -wagner",
        "\"north korea\"",
        "after:2023-10 before:2023-11",
        "title:tokyo | trains",
        "gove",
    ] {
        let mut app = Driver::new(App::new(&Config::default(), State::default(), false));
        app.update(Action::Resize(80, 24));
        app.add_articles(
            library.articles().iter().map(|a| (**a).clone()).collect(),
            8,
        );
        app.update(Action::FocusFilter);
        type_in(&mut app, query);
        let out = crate::cli::tidings(
            dir.path(),
            &["list", "--json", "--query", query, "sample-articles"],
        );
        let cli = crate::cli::json_lines(&out);
        assert_eq!(app.shown.len(), cli.len(), "{query}");
        assert!(!cli.is_empty(), "{query} should match something");
        let first = &app.library.get(app.shown[0]).unwrap().title;
        assert_eq!(
            cli[0]["title"].as_str().unwrap(),
            first,
            "{query}: same order"
        );
    }
}

#[test]
fn z_reads_full_screen_and_angle_brackets_change_the_column() {
    let mut app = app_with(40);
    app.update(Action::Resize(120, 40));
    let side_by_side_width = app.reader.width;
    app.update(Action::ToggleFullScreen);
    assert!(app.full_screen);
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(
        app.areas().list.width,
        0,
        "the list gives its room to the reader"
    );
    assert_eq!(app.reader.width, 80, "the column is capped, not the pane");
    app.update(Action::NarrowerColumn);
    assert_eq!(app.reader.width, 76);
    app.update(Action::WiderColumn);
    app.update(Action::WiderColumn);
    assert_eq!(app.reading_width, 84);
    app.update(Action::ToggleFullScreen);
    assert_eq!(app.focus, Focus::List);
    assert!(app.reader.width <= side_by_side_width + 8);
}

#[test]
fn s_cycles_the_order_u_finds_unread_and_capital_r_reads_all() {
    let mut app = app_with(1);
    assert_eq!(selected_title(&app), "Article 9", "newest first");
    app.update(Action::CycleSort); // newest
    app.update(Action::CycleSort); // oldest
    assert_eq!(app.sort, Some(tidings::query::ast::Sort::DateOldest));
    assert_eq!(app.library.get(app.shown[0]).unwrap().title, "Article 0");
    app.update(Action::CycleSort); // title
    app.update(Action::CycleSort); // relevance
    app.update(Action::CycleSort); // back to the query's own
    assert_eq!(app.sort, None);
    assert_eq!(app.library.get(app.shown[0]).unwrap().title, "Article 9");

    app.update(Action::ToggleRead); // Article 9 read
    app.update(Action::MoveDown);
    app.update(Action::ToggleRead); // Article 8 read
    app.update(Action::Top);
    app.update(Action::NextUnread);
    assert_eq!(selected_title(&app), "Article 7");
    app.update(Action::MarkAllRead); // more than a screenful: asks first
    assert_eq!(app.update(Action::MarkAllRead), vec![Effect::SaveState]);
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .starts_with("Marked 8 read")
    );
    app.update(Action::NextUnread);
    assert_eq!(app.message.as_ref().unwrap().text, "Nothing unread here");
}

#[test]
fn the_bookmarks_view_lists_the_latest_bookmarked_first() {
    let mut app = Driver::new(App::new(&Config::default(), State::default(), false));
    app.update(Action::Resize(80, 24));
    app.add_articles(
        vec![
            article(1, "Early", "x", 1),
            article(5, "Middle", "x", 5),
            article(9, "Late", "x", 9),
        ],
        3,
    );
    let at = |minute: u32| {
        chrono::NaiveDate::from_ymd_opt(2024, 2, 1)
            .and_then(|d| d.and_hms_opt(10, minute, 0))
            .unwrap()
            .and_utc()
    };
    // Bookmarked in the order Middle, Early, Late.
    for (row, minute) in [(1, 0), (2, 1), (0, 2)] {
        app.now = at(minute);
        app.update(Action::Top);
        for _ in 0..row {
            app.update(Action::MoveDown);
        }
        app.update(Action::ToggleBookmark);
    }
    let titles = |app: &Driver| -> Vec<String> {
        app.shown
            .iter()
            .map(|&i| app.library.get(i).unwrap().title.clone())
            .collect()
    };
    app.update(Action::ShowView(3));
    assert_eq!(app.view_name(), "Bookmarks");
    assert_eq!(titles(&app), ["Late", "Early", "Middle"]);
    app.update(Action::ShowView(1));
    app.update(Action::ToggleBookmarkedOnly);
    assert_eq!(titles(&app), ["Late", "Early", "Middle"], "B too");
    // An order asked for wins.
    app.update(Action::CycleSort);
    assert_eq!(titles(&app), ["Late", "Middle", "Early"], "newest first");
}

fn unread(app: &Driver) -> usize {
    app.shown
        .iter()
        .filter(|&&i| !app.state.is_read(app.library.get(i).unwrap().id))
        .count()
}

fn message(app: &Driver) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn capital_r_asks_first_when_more_than_a_screenful_and_capital_u_undoes() {
    let mut app = app_with(1); // ten articles, six rows of list at 80x24
    app.update(Action::ToggleRead); // Article 9 read
    assert!(app.update(Action::MarkAllRead).is_empty(), "nothing yet");
    assert_eq!(unread(&app), 9);
    assert_eq!(message(&app), "Mark 9 of 10 shown read? R again to confirm");
    app.update(Action::MoveDown);
    assert!(
        app.update(Action::MarkAllRead).is_empty(),
        "another key cancels"
    );
    assert_eq!(unread(&app), 9);
    assert_eq!(app.update(Action::MarkAllRead), vec![Effect::SaveState]);
    assert_eq!(unread(&app), 0);
    assert_eq!(message(&app), "Marked 9 read · U undoes");

    assert_eq!(app.update(Action::Undo), vec![Effect::SaveState]);
    assert_eq!(unread(&app), 9, "Article 9 was read before and stays read");
    assert!(app.state.is_read(app.library.get(app.shown[0]).unwrap().id));
    assert_eq!(message(&app), "Marked 9 unread again");
    assert!(app.update(Action::Undo).is_empty(), "once");

    // Once the message has gone, there is nothing to undo.
    app.update(Action::MarkAllRead);
    app.update(Action::MarkAllRead);
    app.update(Action::ToggleRead);
    assert!(app.update(Action::Undo).is_empty());
    assert_eq!(unread(&app), 1);
}

#[test]
fn capital_r_on_a_screenful_or_less_marks_at_once() {
    let mut app = app_with(1);
    app.update(Action::FocusFilter);
    type_in(&mut app, "article 3");
    app.update(Action::InputSubmit);
    assert_eq!(app.shown.len(), 1);
    assert_eq!(app.update(Action::MarkAllRead), vec![Effect::SaveState]);
    assert_eq!(unread(&app), 0);
}

#[test]
fn messages_go_after_a_few_seconds_and_errors_stay_longer() {
    let mut app = app_with(1);
    let start = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let at = |s: i64| start + chrono::Duration::seconds(s);
    app.now = at(0);
    app.update(Action::CycleColumns);
    assert!(message(&app).starts_with("Columns:"));
    app.now = at(4);
    app.update(Action::Tick);
    assert!(message(&app).starts_with("Columns:"), "still there at 4s");
    app.now = at(6);
    app.update(Action::Tick);
    assert_eq!(message(&app), "", "gone at 6s");

    app.update(Action::ShowView(9));
    assert!(message(&app).starts_with("There is no view 9"));
    app.now = at(12);
    app.update(Action::MoveDown);
    assert!(
        message(&app).starts_with("There is no view 9"),
        "an error stays 10s"
    );
    app.now = at(17);
    app.update(Action::Tick);
    assert_eq!(message(&app), "");
}

#[test]
fn undo_goes_with_its_message() {
    let mut app = app_with(1);
    let start = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    app.now = start;
    app.update(Action::MarkAllRead);
    app.update(Action::MarkAllRead);
    assert_eq!(unread(&app), 0);
    app.now = start + chrono::Duration::seconds(30);
    app.update(Action::Tick);
    assert!(app.update(Action::Undo).is_empty());
    assert_eq!(unread(&app), 0);
}

#[test]
fn a_message_from_before_the_clock_is_set_shows_its_full_time() {
    let mut app = Driver::new(App::new(&Config::default(), State::default(), false));
    app.set_error("the state file was moved aside");
    app.update(Action::Resize(80, 24)); // the runner's first update, clock unset
    let start = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    app.now = start;
    app.update(Action::MoveDown);
    assert_eq!(message(&app), "the state file was moved aside");
    app.now = start + chrono::Duration::seconds(10);
    app.update(Action::Tick);
    assert_eq!(message(&app), "");
}
