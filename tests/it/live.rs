//! The live library in the app and the runner: files added, changed or removed while
//! the reader runs, as the watch reports them; the selection and the reading position
//! kept. Pure: the changes are made up here (the real watch is in `watch.rs`).

use std::path::PathBuf;
use std::sync::mpsc;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tidings::action::Action;
use tidings::app::{App, Effect, Focus};
use tidings::article::Article;
use tidings::config::Config;
use tidings::library::{LoadEvent, LoadReport};
use tidings::report::{Problem, ProblemKind};
use tidings::runner::{self, Msg};
use tidings::search::InlineSearcher;
use tidings::state::State;
use tidings::watch::{Changes, Report};

use crate::app::{Driver, article};

fn body(lines: usize) -> String {
    (0..lines)
        .map(|i| format!("Paragraph {i} of the story."))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Ten long articles, "Article 9" (the newest) first; each at `N.txt`.
fn driver() -> Driver {
    let mut app = Driver::new(App::new(&Config::default(), State::default(), false));
    app.update(Action::Resize(80, 24));
    let articles = (0..10)
        .map(|n| article(n, &format!("Article {n}"), &body(40), n as u32 + 1))
        .collect();
    app.add_articles(articles, 10);
    app
}

fn titles(app: &Driver) -> Vec<String> {
    app.shown
        .iter()
        .map(|&i| {
            app.library
                .get(i)
                .map(|a| a.title.clone())
                .unwrap_or_default()
        })
        .collect()
}

fn selected_title(app: &Driver) -> String {
    app.selected_article()
        .map(|a| a.title.clone())
        .unwrap_or_default()
}

/// `n.txt` rewritten: a new id, the same path and date.
fn rewritten(n: u64, title: &str, text: &str) -> Article {
    let mut a = article(100 + n, title, text, n as u32 + 1);
    a.path = PathBuf::from(format!("{n}.txt"));
    a
}

#[test]
fn a_change_keeps_the_selection_on_the_new_version_and_the_reading_position() {
    let mut app = driver();
    app.update(Action::MoveDown);
    app.update(Action::MoveDown);
    app.update(Action::Open);
    for _ in 0..5 {
        app.update(Action::MoveDown);
    }
    assert_eq!(selected_title(&app), "Article 7");
    assert_eq!(app.reader.scroll, 5);

    let mut added = article(20, "Article 20", "Brand new, about zeppelins.", 20);
    added.path = PathBuf::from("20.txt");
    app.apply_changes(Changes {
        gone: vec![PathBuf::from("9.txt")],
        read: vec![PathBuf::from("7.txt"), PathBuf::from("20.txt")],
        articles: vec![
            rewritten(
                7,
                "Article 7, updated",
                &format!("{}\n\nAbout walruses.", body(40)),
            ),
            added,
        ],
        problems: Vec::new(),
    });

    assert_eq!(selected_title(&app), "Article 7, updated");
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(app.reader.scroll, 5, "the same file: the same place in it");
    assert_eq!(
        &titles(&app)[..3],
        ["Article 20", "Article 8", "Article 7, updated"]
    );
    assert!(!titles(&app).contains(&"Article 9".to_string()));
    assert_eq!(app.library.len(), 10);
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("1 added, 1 changed, 1 removed")
    );
    // The search sees the new words, not the ones gone with the old version.
    app.update(Action::Back);
    app.update(Action::FocusFilter);
    for c in "walruses".chars() {
        app.update(Action::InputChar(c));
    }
    assert_eq!(titles(&app), ["Article 7, updated"]);
    for _ in 0.."walruses".len() {
        app.update(Action::InputBackspace);
    }
    for c in "\"Article 9\"".chars() {
        app.update(Action::InputChar(c));
    }
    assert!(titles(&app).is_empty(), "{:?}", titles(&app));
}

#[test]
fn a_selected_article_removed_leaves_the_next_one_selected() {
    let mut app = driver();
    app.update(Action::MoveDown);
    app.update(Action::MoveDown);
    assert_eq!(selected_title(&app), "Article 7");
    app.apply_changes(Changes {
        gone: vec![PathBuf::from("7.txt")],
        ..Changes::default()
    });
    assert_eq!(selected_title(&app), "Article 6");
    assert_eq!(app.selected, 2);
    assert_eq!(app.reader.scroll, 0);
}

#[test]
fn an_unchanged_selection_stays_where_it_is_while_others_come_and_go() {
    let mut app = driver();
    app.update(Action::Bottom);
    app.update(Action::Open);
    app.update(Action::MoveDown);
    assert_eq!(selected_title(&app), "Article 0");
    let scroll = app.reader.scroll;
    let mut added = article(30, "Article 30", "New.", 28);
    added.path = PathBuf::from("30.txt");
    app.apply_changes(Changes {
        gone: vec![PathBuf::from("5.txt"), PathBuf::from("6.txt")],
        read: vec![PathBuf::from("30.txt")],
        articles: vec![added],
        problems: Vec::new(),
    });
    assert_eq!(selected_title(&app), "Article 0");
    assert_eq!(app.reader.scroll, scroll);
    assert_eq!(app.shown.len(), 9);
}

#[test]
fn a_file_that_can_no_longer_be_read_is_a_problem_until_it_can() {
    let mut app = driver();
    let problem = Problem {
        path: PathBuf::from("3.txt"),
        kind: ProblemKind::Skipped,
        reason: "permission denied".into(),
    };
    app.apply_changes(Changes {
        read: vec![PathBuf::from("3.txt")],
        problems: vec![problem],
        ..Changes::default()
    });
    assert_eq!(app.problems.len(), 1);
    assert!(!titles(&app).contains(&"Article 3".to_string()));
    let message = app.message.clone().unwrap();
    assert!(message.error);
    assert_eq!(
        message.text,
        "1 removed, 1 could not be read (! lists them)"
    );
    app.apply_changes(Changes {
        read: vec![PathBuf::from("3.txt")],
        articles: vec![rewritten(3, "Article 3 again", "Readable.")],
        ..Changes::default()
    });
    assert!(app.problems.is_empty());
    assert!(titles(&app).contains(&"Article 3 again".to_string()));
}

#[test]
fn a_duplicate_takes_over_when_its_original_goes() {
    let mut app = Driver::new(App::new(&Config::default(), State::default(), false));
    app.update(Action::Resize(80, 24));
    let original = article(1, "Twin", &body(40), 1);
    let mut copy = original.clone();
    copy.path = PathBuf::from("copy.txt");
    app.add_articles(vec![original, copy], 2);
    assert_eq!(app.problems.len(), 1, "the copy is merged");
    app.update(Action::Open);
    app.update(Action::MoveDown);
    app.apply_changes(Changes {
        gone: vec![PathBuf::from("1.txt")],
        ..Changes::default()
    });
    let selected = app.selected_article().map(|a| a.path.clone());
    assert_eq!(selected, Some(PathBuf::from("copy.txt")));
    assert_eq!(app.reader.scroll, 1, "the same bytes: the same place");
    assert!(app.problems.is_empty(), "{:?}", app.problems);
}

/// A platform that does nothing (the runner needs one).
struct Quiet;

impl runner::Platform for Quiet {
    fn open_url(&mut self, _: &str) -> Result<(), runner::PlatformError> {
        Ok(())
    }
    fn copy(&mut self, _: &str) -> Result<(), runner::PlatformError> {
        Ok(())
    }
    fn page(&mut self, _: &str, _: bool) -> Result<(), runner::PlatformError> {
        Ok(())
    }
}

/// Ends the load of one file with `LoadDone`, then runs the real runner over what `tx`
/// sent; the app as it was left.
fn run_loaded(tx: mpsc::Sender<Msg>, rx: &mpsc::Receiver<Msg>) -> App {
    tx.send(Msg::LoadDone(LoadReport {
        files: 1,
        ..LoadReport::default()
    }))
    .unwrap();
    drop(tx);
    let mut app = App::new(&Config::default(), State::default(), false);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    runner::run(
        &mut terminal,
        &mut app,
        rx,
        &mut InlineSearcher::default(),
        &mut |state: &State| Ok((state.clone(), Vec::new())),
        &mut Quiet,
    )
    .unwrap();
    app
}

fn shown_titles(app: &App) -> Vec<&str> {
    app.shown
        .iter()
        .filter_map(|&i| app.library.get(i))
        .map(|a| a.title.as_str())
        .collect()
}

/// Regression: a change seen while loading is applied after the load, so the version
/// the loader read first does not linger beside the new one.
#[test]
fn changes_seen_while_loading_wait_for_the_load() {
    let (tx, rx) = mpsc::channel();
    let old = article(1, "Old version", "Before.", 1);
    let new = rewritten(1, "New version", "After.");
    let changes = Changes {
        read: vec![PathBuf::from("1.txt")],
        articles: vec![new.clone()],
        ..Changes::default()
    };
    let segments = tidings::library::segments(&changes.articles);
    tx.send(Msg::Load(LoadEvent::Started { files: 1 })).unwrap();
    tx.send(Msg::Watch(Report::Changed { changes, segments }))
        .unwrap();
    tx.send(Msg::Load(LoadEvent::Batch {
        articles: vec![old],
        files: 1,
    }))
    .unwrap();
    let app = run_loaded(tx, &rx);
    let shown = shown_titles(&app);
    assert_eq!(shown, ["New version"]);
    assert_eq!(app.library.len(), 1);
}

/// What changed since the library cache was written is applied as it arrives, and a
/// change the watch saw during the load (a newer version) after the load, whatever
/// the order they came in.
#[test]
fn changes_since_the_cache_come_before_changes_seen_while_loading() {
    let (tx, rx) = mpsc::channel();
    let cached = article(1, "Cached version", "Before.", 1);
    let since = rewritten(1, "Version read at start", "Then.");
    let newer = rewritten(1, "Version saved while loading", "Now.");
    let change = |article: Article| {
        let changes = Changes {
            read: vec![PathBuf::from("1.txt")],
            articles: vec![article],
            ..Changes::default()
        };
        let segments = tidings::library::segments(&changes.articles);
        Report::Changed { changes, segments }
    };
    tx.send(Msg::Load(LoadEvent::Started { files: 1 })).unwrap();
    tx.send(Msg::Load(LoadEvent::Cached {
        articles: vec![cached.into()],
        index: None,
        files: 0,
    }))
    .unwrap();
    // The watch's report can arrive first: the loader reads every changed file before
    // it sends them.
    tx.send(Msg::Watch(change(newer))).unwrap();
    tx.send(Msg::ChangedSince(change(since))).unwrap();
    let app = run_loaded(tx, &rx);
    let shown = shown_titles(&app);
    assert_eq!(shown, ["Version saved while loading"]);
    assert_eq!(app.library.len(), 1);
}

/// An edited file is a new article (its id is its content's hash); its bookmark, with
/// the time it was made and its note, its read mark and its reading position go with
/// it to the new version.
#[test]
fn an_edited_file_keeps_its_bookmark_read_mark_and_place() {
    let mut app = driver();
    app.update(Action::MoveDown);
    app.update(Action::Open);
    for _ in 0..6 {
        app.update(Action::MoveDown);
    }
    app.update(Action::ToggleBookmark);
    app.update(Action::ToggleRead);
    let old = app.selected_article().map(|a| a.id).unwrap();
    app.state
        .set_bookmark_note(old, Some("check the figures".into()));
    let made = app.state.bookmarks()[&old].added;
    // Another article is selected: where the reader stood in this one is kept.
    app.update(Action::Back);
    app.update(Action::MoveDown);
    assert_eq!(app.state.position(old), 6);

    let effects = app.apply_changes(Changes {
        read: vec![PathBuf::from("8.txt")],
        articles: vec![rewritten(8, "Article 8, corrected", &body(41))],
        ..Changes::default()
    });
    let new = app
        .library
        .articles()
        .iter()
        .find(|a| a.title == "Article 8, corrected")
        .map(|a| a.id)
        .unwrap();
    assert_ne!(new, old);
    assert!(!app.state.is_bookmarked(old));
    let bookmark = &app.state.bookmarks()[&new];
    assert_eq!(bookmark.title, "Article 8, corrected");
    assert_eq!(bookmark.note.as_deref(), Some("check the figures"));
    assert_eq!(bookmark.added, made);
    assert!(app.state.is_read(new));
    assert_eq!(app.state.position(new), 6);
    assert!(effects.contains(&Effect::SaveState), "{effects:?}");
    assert_eq!(app.state.bookmarks().len(), 1);
}
