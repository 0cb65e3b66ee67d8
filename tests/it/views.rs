//! A snapshot of every view and mode, at 80x24 and 120x40, drawn by the real runner
//! on a `TestBackend` after the keys a person would press.

use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use tidings::app::App;
use tidings::config::Config;
use tidings::samples;
use tidings::state::State;

use super::screen::{key_events, run_with};

/// (name, keys) for each view and mode.
const SCENES: &[(&str, &str)] = &[
    ("list", ""),
    ("reader", "j enter"),
    ("reader_at_the_links", "j enter G"),
    ("full_screen", "j z"),
    ("filter_typing", "/ type:russia"),
    ("filter_error", "/ type:title:"),
    ("find_in_article", "j enter / type:station enter n"),
    ("note_prompt", "a type:later"),
    ("link_prompt", "j o"),
    ("tag_prompt", "j t type:l tab"),
    ("selecting_a_passage", "j enter j j j j m w"),
    ("highlighted", "j enter j j j j m w enter"),
    ("highlights_list", "j enter j j j j m w enter H"),
    ("view_unread", "j enter h 2"),
    ("view_bookmarks", "b 3"),
    ("bookmarks_only", "b j B"),
    ("grouped_by_source", "="),
    ("grouped_by_day", "= ="),
    ("title_only", "c c c"),
    ("divider_moved", "] ]"),
    ("help", "?"),
    ("help_searched", "? / type:view"),
    ("problems", "!"),
];

#[test]
fn every_view_and_mode_at_80x24_and_120x40() {
    for (width, height) in [(80, 24), (120, 40)] {
        for (name, keys) in SCENES {
            let app = App::new(&Config::default(), State::default(), false);
            let r = run_with(app, &samples::sources(), width, height, key_events(keys));
            insta::assert_snapshot!(
                format!("{name}_{width}x{height}"),
                super::screen::text(r.terminal.backend().buffer())
            );
        }
    }
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

#[test]
fn the_divider_is_dragged_with_the_mouse_and_kept() {
    let app = App::new(&Config::default(), State::default(), false);
    let left = MouseButton::Left;
    // At 120x40 the list is 48 columns wide: its right border is column 47.
    let events = vec![
        mouse(MouseEventKind::Down(left), 47, 10),
        mouse(MouseEventKind::Drag(left), 55, 10),
        mouse(MouseEventKind::Drag(left), 59, 11),
        mouse(MouseEventKind::Up(left), 59, 11),
    ];
    let r = run_with(app, &samples::sources(), 120, 40, events);
    assert_eq!(r.app.areas().list.width, 60);
    assert_eq!(r.app.state.layout.split, Some(50));
    let screen = super::screen::text(r.terminal.backend().buffer());
    let row = screen.lines().nth(1).unwrap();
    assert_eq!(row.chars().position(|c| c == '╮'), Some(59), "{row}");
    assert!(r.saves >= 1);
}

#[test]
fn a_click_on_a_tab_shows_that_view() {
    let app = App::new(&Config::default(), State::default(), false);
    // "  1 All   2 Unread   3 Bookmarks ...": column 24 is in "3 Bookmarks".
    let events = vec![mouse(MouseEventKind::Down(MouseButton::Left), 24, 0)];
    let r = run_with(app, &samples::sources(), 120, 40, events);
    assert_eq!(r.app.view_name(), "Bookmarks");
    assert!(r.app.shown.is_empty());
}
