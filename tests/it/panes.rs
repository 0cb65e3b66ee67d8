//! `App::update` for the layout and the list: view tabs, the divider, the reading
//! width and list columns (and that they are kept in the state), grouping, opening
//! numbered links, and searching the help.

use std::path::PathBuf;

use chrono::NaiveDate;
use tidings::action::Action;
use tidings::app::{App, Columns, Effect, Focus, Group, Overlay, Row};
use tidings::article::{Article, ArticleId, Block, Draft, Link};
use tidings::config::Config;
use tidings::state::State;

use super::app::{Driver, article};

fn driver(width: u16, height: u16, articles: Vec<Article>) -> Driver {
    let mut app = Driver::new(App::new(&Config::default(), State::default(), false));
    app.update(Action::Resize(width, height));
    let count = articles.len();
    app.add_articles(articles, count);
    app
}

fn ten() -> Vec<Article> {
    (0..10)
        .map(|n| article(n, &format!("Article {n}"), "Some words.", n as u32 + 1))
        .collect()
}

fn from(n: u64, title: &str, site: &str, day: u32) -> Article {
    let draft = Draft {
        title: title.into(),
        site: Some(site.into()),
        date: NaiveDate::from_ymd_opt(2024, 1, day),
        body: vec![Block::Paragraph("Text.".into())],
        ..Draft::default()
    };
    Article::new(ArticleId(n), PathBuf::from(format!("{n}.txt")), draft)
}

#[test]
fn number_keys_switch_to_the_view_tabs() {
    let mut app = driver(120, 40, ten());
    app.update(Action::ToggleBookmark);
    assert_eq!(app.shown.len(), 10);
    // 3 is the third tab: the default views are Unread, Bookmarks, This week.
    app.update(Action::ShowView(3));
    assert_eq!((app.view, app.view_name()), (2, "Bookmarks"));
    assert_eq!(app.shown.len(), 1);
    app.update(Action::ShowView(1));
    assert_eq!((app.view, app.shown.len()), (0, 10));
    // There is no ninth view: nothing changes but a message.
    app.update(Action::ShowView(9));
    assert_eq!(app.view, 0);
    let message = app.message.clone().unwrap();
    assert!(
        message.error && message.text.contains("no view 9"),
        "{message:?}"
    );
}

#[test]
fn the_divider_moves_with_keys_and_the_mouse_and_is_kept() {
    let mut app = driver(120, 40, ten());
    let before = app.areas().list.width;
    assert_eq!(app.update(Action::LargerList), vec![Effect::SaveState]);
    let wider = app.areas().list.width;
    assert!(wider > before, "{before} -> {wider}");
    assert_eq!(app.state.layout.split, app.split);
    app.update(Action::SmallerList);
    app.update(Action::SmallerList);
    assert!(app.areas().list.width < before);

    // Dragging the divider to column 71 gives the list 72 of the 120 columns.
    app.update(Action::DragDivider(71, 10));
    assert!(app.dragging);
    assert_eq!(app.areas().list.width, 72);
    assert_eq!(app.update(Action::EndDrag), vec![Effect::SaveState]);
    assert!(!app.dragging);
    assert_eq!(app.state.layout.split, Some(60));

    // A new app on the saved state opens with the divider where it was left.
    let again = App::new(&Config::default(), app.state.clone(), false);
    let mut again = Driver::new(again);
    again.update(Action::Resize(120, 40));
    assert_eq!(again.areas().list.width, 72);
}

#[test]
fn the_reading_width_and_the_columns_are_kept() {
    let mut app = driver(120, 40, ten());
    assert_eq!(app.update(Action::NarrowerColumn), vec![Effect::SaveState]);
    assert_eq!(app.reading_width, 76);
    assert_eq!(app.state.layout.reading_width, Some(76));
    assert_eq!(app.columns, Columns::default());
    app.update(Action::CycleColumns);
    app.update(Action::CycleColumns);
    assert_eq!(
        app.columns,
        Columns {
            date: true,
            minutes: false,
            source: false,
            tags: false,
        }
    );
    assert_eq!(app.state.layout.columns.as_deref(), Some("date"));
    let again = App::new(&Config::default(), app.state.clone(), false);
    assert_eq!(again.reading_width, 76);
    assert_eq!(again.columns, app.columns);
    app.update(Action::CycleColumns);
    app.update(Action::CycleColumns);
    assert_eq!(app.columns, Columns::default(), "the cycle comes round");
}

#[test]
fn grouping_by_source_puts_a_heading_over_each_source() {
    let articles = vec![
        from(1, "Zebra news", "Beta Times", 5),
        from(2, "Apple news", "Alpha Post", 4),
        from(3, "More beta", "Beta Times", 3),
        from(4, "More alpha", "Alpha Post", 2),
    ];
    let mut app = driver(120, 40, articles);
    app.update(Action::CycleGroup);
    assert_eq!(app.group, Group::Source);
    assert_eq!(app.state.layout.group.as_deref(), Some("source"));
    let heads: Vec<(&str, usize, usize)> = app
        .groups
        .iter()
        .map(|g| (g.label.as_str(), g.first, g.count))
        .collect();
    assert_eq!(heads, [("Alpha Post", 0, 2), ("Beta Times", 2, 2)]);
    // Rows: heading, two articles, heading, two articles.
    assert_eq!(app.row_count(), 6);
    assert_eq!(app.row(0), Some(Row::Heading(0)));
    assert_eq!(app.row(3), Some(Row::Heading(1)));
    assert_eq!(app.row(4), Some(Row::Article(2)));
    assert_eq!(app.row_of(2), 4);
    // Newest first within a group.
    let title =
        |app: &Driver, position: usize| app.library.get(app.shown[position]).unwrap().title.clone();
    assert_eq!(title(&app, 0), "Apple news");
    assert_eq!(title(&app, 2), "Zebra news");
    // Moving down steps over the heading; a click on a heading selects its first article.
    app.update(Action::Top);
    app.update(Action::MoveDown);
    app.update(Action::MoveDown);
    assert_eq!(app.selected, 2);
    app.update(Action::SelectRow(0));
    assert_eq!(app.selected, 0);
    app.update(Action::SelectRow(5));
    assert_eq!(title(&app, app.selected), "More beta");
}

#[test]
fn grouping_by_day_then_not_at_all() {
    let mut app = driver(120, 40, ten());
    app.update(Action::CycleGroup);
    app.update(Action::CycleGroup);
    assert_eq!(app.group, Group::Day);
    assert_eq!(app.groups.len(), 10);
    assert_eq!(app.groups[0].label, "Wednesday 10 January 2024");
    app.update(Action::CycleGroup);
    assert_eq!(app.group, Group::None);
    assert!(app.groups.is_empty());
    assert_eq!(app.row_count(), 10);
}

fn linked() -> Article {
    let draft = Draft {
        title: "Linked".into(),
        source: Some("https://news.example/linked".into()),
        body: vec![Block::Paragraph(
            "See the report and the map, or https://data.example/raw.".into(),
        )],
        links: vec![
            Link {
                text: "report".into(),
                url: "https://news.example/report".into(),
            },
            Link {
                text: "map".into(),
                url: "https://maps.example/here".into(),
            },
        ],
        ..Draft::default()
    };
    Article::new(ArticleId(7), PathBuf::from("linked.html"), draft)
}

#[test]
fn o_then_a_number_opens_that_link() {
    let mut app = driver(120, 40, vec![linked()]);
    let text: Vec<String> = app.reader.lines.iter().map(|l| l.text.clone()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("report[1]") && t.contains("map[2]")),
        "{text:?}"
    );
    assert!(text.iter().any(|t| t == "Links"), "a link list: {text:?}");
    assert_eq!(app.reader.links.len(), 3);

    assert_eq!(app.update(Action::OpenSource), vec![]);
    assert_eq!(app.focus, Focus::Link);
    // With three links, one digit says it all.
    assert_eq!(
        app.update(Action::InputChar('2')),
        vec![Effect::OpenUrl("https://maps.example/here".into())]
    );
    assert_eq!(app.focus, Focus::List);

    // o then enter (or o again): the article's own link.
    app.update(Action::OpenSource);
    assert_eq!(
        app.update(Action::InputSubmit),
        vec![Effect::OpenUrl("https://news.example/linked".into())]
    );
    app.update(Action::OpenSource);
    assert_eq!(
        app.update(Action::InputChar('o')),
        vec![Effect::OpenUrl("https://news.example/linked".into())]
    );
    // A number that is not there: an error, nothing opened.
    app.update(Action::OpenSource);
    assert_eq!(app.update(Action::InputChar('7')), vec![]);
    assert!(app.message.clone().unwrap().text.contains("no link [7]"));
    // Esc, or any key but a digit: nothing opened, the prompt gone.
    app.update(Action::OpenSource);
    assert_eq!(app.update(Action::InputCancel), vec![]);
    assert_eq!(app.focus, Focus::List);
    app.update(Action::OpenSource);
    assert_eq!(app.update(Action::InputChar('x')), vec![]);
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn with_ten_links_or_more_a_digit_waits_for_the_next() {
    let body = (1..=12)
        .map(|n| format!("https://site.example/{n}"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut app = driver(120, 40, vec![article(1, "Many", &body, 1)]);
    assert_eq!(app.reader.links.len(), 12);
    app.update(Action::OpenSource);
    assert_eq!(
        app.update(Action::InputChar('1')),
        vec![],
        "1 could be 10, 11, 12"
    );
    assert_eq!(
        app.update(Action::InputChar('2')),
        vec![Effect::OpenUrl("https://site.example/12".into())]
    );
    app.update(Action::OpenSource);
    app.update(Action::InputChar('1'));
    assert_eq!(
        app.update(Action::InputSubmit),
        vec![Effect::OpenUrl("https://site.example/1".into())]
    );
}

#[test]
fn the_help_narrows_to_what_is_typed() {
    let mut app = driver(120, 40, ten());
    app.update(Action::ToggleHelp);
    app.update(Action::FocusFilter);
    for c in "bookmark".chars() {
        app.update(Action::InputChar(c));
    }
    assert_eq!(app.help_search.as_deref(), Some("bookmark"));
    // Keys typed while searching are text, not commands: q did not quit.
    assert_eq!(app.update(Action::InputChar('q')), vec![]);
    app.update(Action::InputBackspace);
    app.update(Action::InputSubmit);
    assert!(!app.help_typing);
    // Esc first drops the search, then closes the help.
    app.update(Action::Back);
    assert_eq!(app.help_search, None);
    assert_eq!(app.overlay, Some(Overlay::Help));
    app.update(Action::Back);
    assert_eq!(app.overlay, None);
}
