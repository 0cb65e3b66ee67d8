//! An enormous one-line article (a paragraph of tens of megabytes): the reader lays
//! out a bounded part of it around what it shows, and every word is still reached by
//! scrolling, in order, once.

use std::path::PathBuf;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use tidings::action::Action;
use tidings::app::App;
use tidings::article::{Article, ArticleId, Block, Draft};
use tidings::config::Config;
use tidings::state::State;

use crate::app::Driver;
use crate::screen::text;

/// A reader at 80x24 with one article whose body is the one paragraph `body`.
fn reading(body: String) -> Driver {
    let mut app = Driver::new(App::new(&Config::default(), State::default(), false));
    app.update(Action::Resize(80, 24));
    let draft = Draft {
        title: "A very long line".into(),
        body: vec![Block::Paragraph(body)],
        ..Draft::default()
    };
    let article = Article::new(ArticleId(1), PathBuf::from("huge.txt"), draft);
    app.add_articles(vec![article], 1);
    app.update(Action::Open);
    app
}

fn screen(app: &App) -> String {
    let area = Rect::new(0, 0, 80, 24);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    text(&buf)
}

/// `w0 w1 w2 …` up to at least `bytes` bytes.
fn numbered_words(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 16);
    let mut i = 0;
    while out.len() < bytes {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&format!("w{i}"));
        i += 1;
    }
    out
}

#[test]
fn a_huge_one_line_article_lays_out_a_bounded_part_and_g_reaches_its_last_word() {
    // 24 MB on one line: wrapped whole at 78 columns it is over 300,000 lines.
    let phrase = "the council said on monday that its plan for the river would cost more ";
    let mut body = phrase.repeat(24_000_000 / phrase.len());
    body.push_str("and that was the zebra-end.");
    let mut app = reading(body);
    let bound = 40_000;
    assert!(
        app.reader.lines.len() < bound,
        "{} lines laid out to show the first screen",
        app.reader.lines.len()
    );
    let first = screen(&app);
    assert!(first.contains("A very long line"), "{first}");
    assert!(first.contains("the council said on monday"), "{first}");

    app.update(Action::Bottom);
    let last = screen(&app);
    assert!(last.contains("zebra-end."), "{last}");
    assert!(last.contains("100%"), "{last}");
    assert!(app.reader.lines.len() < bound);

    app.update(Action::Top);
    assert!(screen(&app).contains("A very long line"));
}

/// The numbers of the words `w<n>` in `lines`, in order.
fn word_numbers(lines: &[String]) -> Vec<usize> {
    let joined = lines.join(" ");
    joined
        .split(' ')
        .filter_map(|w| w.strip_prefix('w')?.parse().ok())
        .collect()
}

#[test]
fn scrolling_line_by_line_through_a_huge_line_shows_every_word_once_in_order() {
    let body = numbered_words(3_000_000);
    let words = body.split(' ').count();
    let mut app = reading(body);
    let id = app.selected_id().unwrap();
    assert!(!app.state.is_read(id));
    let height = 11; // the reader pane's rows inside its border at 80x24
    let mut seen = Vec::new();
    // Down: the line that comes into view at the bottom, each step.
    let visible = |app: &Driver, row: usize| app.reader.lines[app.reader.scroll + row].text.clone();
    for row in 0..height {
        seen.push(visible(&app, row));
    }
    // Read only once the last line is in view.
    let mut read_with_more_to_come = false;
    loop {
        let before = (
            app.reader.scroll,
            app.reader.lines[app.reader.scroll].clone(),
        );
        let read_before = app.state.is_read(id);
        app.update(Action::MoveDown);
        if (
            app.reader.scroll,
            app.reader.lines[app.reader.scroll].clone(),
        ) == before
        {
            break;
        }
        read_with_more_to_come |= read_before;
        seen.push(visible(&app, height - 1));
    }
    assert!(app.state.is_read(id) && !read_with_more_to_come);
    let numbers = word_numbers(&seen);
    assert_eq!(numbers, (0..words).collect::<Vec<_>>(), "down");
    assert!(screen(&app).contains(&format!("w{}", words - 1)));

    // Up: the line that comes into view at the top.
    let mut seen = Vec::new();
    for row in (0..height).rev() {
        seen.push(visible(&app, row));
    }
    loop {
        let before = (
            app.reader.scroll,
            app.reader.lines[app.reader.scroll].clone(),
        );
        app.update(Action::MoveUp);
        if (
            app.reader.scroll,
            app.reader.lines[app.reader.scroll].clone(),
        ) == before
        {
            break;
        }
        seen.push(visible(&app, 0));
    }
    seen.reverse();
    let numbers = word_numbers(&seen);
    assert_eq!(numbers, (0..words).collect::<Vec<_>>(), "up");
    assert!(screen(&app).contains("A very long line"));
}
