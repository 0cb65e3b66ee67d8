//! A snapshot of every view and mode, at 80x24 and 120x40, drawn by the real runner
//! on a `TestBackend` after the keys a person would press.

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
