//! `tidings highlights` through the built binary: highlights kept in state.toml are
//! printed by article as Markdown or JSON Lines, an orphan is marked and kept, and
//! `--to DIR` writes a file per article without touching files it did not write.

use std::path::Path;
use std::process::Output;

use super::cli::{json_lines, tidings};

fn library(dir: &Path) {
    let lib = dir.join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    std::fs::write(
        lib.join("talks.md"),
        "---\ntitle: Talks resume in Vienna\ndate: 2024-03-01\nsource: https://news.example/talks\n\
         tags: [politics]\n---\n\nDiplomats met in Vienna on Monday.\n\n\
         The talks on the treaty resumed after a pause of two years.\n",
    )
    .unwrap();
    std::fs::write(
        lib.join("rain.md"),
        "---\ntitle: Rain all week\ndate: 2024-03-02\n---\n\nRain in Vienna all week long.\n",
    )
    .unwrap();
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let config = dir.join("config");
    std::fs::create_dir_all(&config).unwrap();
    let lib = dir.join("lib");
    let mut all: Vec<&str> = args.to_vec();
    all.push(lib.to_str().unwrap());
    tidings(&config, &all)
}

fn id_of(dir: &Path, title: &str) -> String {
    json_lines(&run(dir, &["list", "--json"]))
        .iter()
        .find(|r| r["title"] == title)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .unwrap()
}

/// Three highlights of "Talks" (one whose passage is not in it) and one of "Rain".
fn state(dir: &Path) {
    let (talks, rain) = (
        id_of(dir, "Talks resume in Vienna"),
        id_of(dir, "Rain all week"),
    );
    let text = format!(
        "version = 2\n\
         [highlights.{talks}.0000000000000001]\ncreated = 2026-11-20T10:00:00Z\n\
         title = \"Talks resume in Vienna\"\nquote = \"The talks on the treaty resumed\"\n\
         prefix = \"on Monday.\\n\\n\"\nsuffix = \" after a pause\"\nstart = 37\n\
         note = \"the news\"\n\
         [highlights.{talks}.0000000000000002]\ncreated = 2026-11-21T10:00:00Z\n\
         title = \"Talks resume in Vienna\"\nquote = \"Diplomats met in Vienna\"\n\
         [highlights.{talks}.0000000000000003]\ncreated = 2026-11-22T10:00:00Z\n\
         title = \"Talks resume in Vienna\"\nquote = \"a sentence since edited away\"\n\
         [highlights.{rain}.0000000000000004]\ncreated = 2026-11-19T10:00:00Z\n\
         title = \"Rain all week\"\nquote = \"all week long\"\n"
    );
    std::fs::write(dir.join("config/state.toml"), text).unwrap();
}

#[test]
fn highlights_print_as_json_lines_newest_first_with_the_orphan_marked() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    state(dir.path());
    let out = run(dir.path(), &["highlights", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    let seen: Vec<(String, String, bool)> = lines
        .iter()
        .map(|l| {
            (
                l["title"].as_str().unwrap().to_string(),
                l["quote"].as_str().unwrap().to_string(),
                l["orphaned"].as_bool().unwrap(),
            )
        })
        .collect();
    let expected = [
        (
            "Talks resume in Vienna",
            "a sentence since edited away",
            true,
        ),
        ("Talks resume in Vienna", "Diplomats met in Vienna", false),
        (
            "Talks resume in Vienna",
            "The talks on the treaty resumed",
            false,
        ),
        ("Rain all week", "all week long", false),
    ];
    let expected: Vec<(String, String, bool)> = expected
        .iter()
        .map(|(t, q, o)| (t.to_string(), q.to_string(), *o))
        .collect();
    assert_eq!(seen, expected);
    assert_eq!(lines[2]["note"], "the news");
    assert_eq!(lines[2]["source"], "https://news.example/talks");
    assert_eq!(lines[2]["created"], "2026-11-20T10:00:00Z");
}

#[test]
fn highlights_print_as_markdown_and_none_is_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    let none = run(dir.path(), &["highlights"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty());
    state(dir.path());
    let out = run(dir.path(), &["highlights", "--markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let talks = text
        .find("## Talks resume in Vienna")
        .expect("a heading per article");
    let rain = text
        .find("## Rain all week")
        .expect("a heading per article");
    assert!(
        talks < rain,
        "the article with the newest highlight first\n{text}"
    );
    assert!(
        text.contains("> The talks on the treaty resumed\n"),
        "{text}"
    );
    assert!(text.contains("the news"), "{text}");
    assert!(text.contains("https://news.example/talks"), "{text}");
    assert!(text.contains("#politics"), "{text}");
    assert!(
        text.contains("(orphaned: the passage is no longer in the article)"),
        "{text}"
    );
}

#[test]
fn to_a_folder_writes_a_file_per_article_and_leaves_files_it_did_not_write() {
    let dir = tempfile::tempdir().unwrap();
    library(dir.path());
    state(dir.path());
    let notes = dir.path().join("notes");
    let notes_arg = notes.to_str().unwrap().to_string();
    let out = run(dir.path(), &["highlights", "--to", &notes_arg]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("wrote 2 files to {notes_arg}\n")
    );
    let mut names: Vec<String> = std::fs::read_dir(&notes)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 2);
    assert!(names.iter().all(|n| n.ends_with(".md")), "{names:?}");
    let rain = notes.join(names.iter().find(|n| n.starts_with("rain")).unwrap());
    let written = std::fs::read_to_string(&rain).unwrap();
    assert!(
        written.starts_with("---\n") && written.contains("tidings: highlights"),
        "{written}"
    );

    // Its own file is written again; one the person wrote is left as it is.
    std::fs::write(&rain, "my own notes\n").unwrap();
    let again = run(dir.path(), &["highlights", "--to", &notes_arg]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("tidings did not write it"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(std::fs::read_to_string(&rain).unwrap(), "my own notes\n");
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        format!("wrote 1 file to {notes_arg}\n")
    );
}

// ---------------------------------------------------------------------------
// Marking passages in the reader.

mod reader {
    use tidings::action::Action;
    use tidings::app::{App, Effect, Focus};
    use tidings::article::{Article, ArticleId, Block, Draft};
    use tidings::config::Config;
    use tidings::state::State;
    use tidings::watch::Changes;

    use crate::app::Driver;

    const PARAGRAPHS: [&str; 3] = [
        "Diplomats met in Vienna on Monday. The talks on the treaty resumed after a pause.",
        "Both sides said little. A second round is planned for June.",
        "The markets barely moved.",
    ];

    fn article(id: u64, paragraphs: &[&str]) -> Article {
        let draft = Draft {
            title: "Talks resume".into(),
            body: paragraphs
                .iter()
                .map(|p| Block::Paragraph(p.to_string()))
                .collect(),
            ..Draft::default()
        };
        Article::new(ArticleId(id), "talks.md".into(), draft)
    }

    fn reading() -> Driver {
        let mut app = Driver::new(App::new(&Config::default(), State::default(), false));
        app.update(Action::Resize(100, 40));
        app.add_articles(vec![article(1, &PARAGRAPHS)], 1);
        app.update(Action::Open);
        assert_eq!(app.focus, Focus::Reader);
        app
    }

    fn quotes(app: &Driver, id: u64) -> Vec<(String, Option<String>)> {
        app.state
            .highlights_of(ArticleId(id))
            .into_iter()
            .map(|(_, h)| (h.anchor.quote.clone(), h.note.clone()))
            .collect()
    }

    fn drawn(app: &Driver) -> Vec<String> {
        app.reader
            .highlights
            .iter()
            .map(|h| app.reader.passage.text[h.range.clone()].to_string())
            .collect()
    }

    #[test]
    fn m_selects_the_first_sentence_w_extends_and_enter_keeps_it() {
        let mut app = reading();
        app.update(Action::MarkPassage);
        let selection = app.selection.clone().expect("a selection");
        assert_eq!(
            &app.reader.passage.text[selection.start..selection.end],
            "Diplomats met in Vienna on Monday."
        );
        app.update(Action::ExtendSelection(
            tidings::action::Step::Sentence,
            true,
        ));
        let effects = app.update(Action::KeepSelection(false));
        assert!(effects.contains(&Effect::SaveState));
        assert!(app.selection.is_none());
        let quote =
            "Diplomats met in Vienna on Monday. The talks on the treaty resumed after a pause.";
        assert_eq!(quotes(&app, 1), [(quote.to_string(), None)]);
        assert_eq!(drawn(&app), [quote]);
        assert!(
            app.message
                .as_ref()
                .unwrap()
                .text
                .starts_with("Highlighted")
        );
    }

    #[test]
    fn paragraphs_lines_and_back_again() {
        let mut app = reading();
        app.update(Action::MarkPassage);
        app.update(Action::ExtendSelection(
            tidings::action::Step::Paragraph,
            true,
        ));
        let s = app.selection.clone().unwrap();
        assert_eq!(
            &app.reader.passage.text[s.start..s.end],
            PARAGRAPHS[0],
            "to its end"
        );
        app.update(Action::ExtendSelection(
            tidings::action::Step::Paragraph,
            true,
        ));
        let s = app.selection.clone().unwrap();
        assert_eq!(
            &app.reader.passage.text[s.start..s.end],
            format!("{}\n\n{}", PARAGRAPHS[0], PARAGRAPHS[1]),
            "then to the next one's"
        );
        app.update(Action::ExtendSelection(
            tidings::action::Step::Paragraph,
            false,
        ));
        let s = app.selection.clone().unwrap();
        assert_eq!(&app.reader.passage.text[s.start..s.end], PARAGRAPHS[0]);
        app.update(Action::ExtendSelection(
            tidings::action::Step::Sentence,
            false,
        ));
        let s = app.selection.clone().unwrap();
        assert_eq!(
            &app.reader.passage.text[s.start..s.end],
            "Diplomats met in Vienna on Monday."
        );
        // Never back past its first sentence's start.
        app.update(Action::ExtendSelection(
            tidings::action::Step::Sentence,
            false,
        ));
        assert!(app.selection.as_ref().unwrap().end > s.start);
        app.update(Action::DropSelection);
        assert!(app.selection.is_none());
        assert!(quotes(&app, 1).is_empty(), "esc keeps nothing");
    }

    #[test]
    fn big_m_asks_for_a_note_and_a_find_match_is_where_the_selection_starts() {
        let mut app = reading();
        app.update(Action::FocusFilter);
        for c in "treaty".chars() {
            app.update(Action::InputChar(c));
        }
        app.update(Action::InputSubmit);
        app.update(Action::MarkPassage);
        let s = app.selection.clone().unwrap();
        assert_eq!(&app.reader.passage.text[s.start..s.end], "treaty");
        app.update(Action::KeepSelection(true));
        assert_eq!(app.focus, Focus::Note);
        for c in "the point".chars() {
            app.update(Action::InputChar(c));
        }
        app.update(Action::InputSubmit);
        assert_eq!(
            quotes(&app, 1),
            [("treaty".to_string(), Some("the point".to_string()))]
        );
        assert!(
            !app.state.is_bookmarked(ArticleId(1)),
            "a highlight's note is no bookmark"
        );
    }

    #[test]
    fn jump_remove_and_put_back() {
        let mut app = reading();
        app.update(Action::MarkPassage);
        app.update(Action::KeepSelection(false));
        app.update(Action::FocusFilter);
        for c in "June".chars() {
            app.update(Action::InputChar(c));
        }
        app.update(Action::InputSubmit);
        app.update(Action::MarkPassage);
        app.update(Action::KeepSelection(false));
        assert_eq!(drawn(&app), ["Diplomats met in Vienna on Monday.", "June"]);
        app.update(Action::NextHighlight);
        assert_eq!(app.message.as_ref().unwrap().text, "Highlight 1 of 2");
        app.update(Action::NextHighlight);
        assert_eq!(app.message.as_ref().unwrap().text, "Highlight 2 of 2");
        app.update(Action::PrevHighlight);
        app.update(Action::NextHighlight);
        let effects = app.update(Action::DeleteHighlight);
        assert!(effects.contains(&Effect::SaveState));
        assert_eq!(
            drawn(&app),
            ["Diplomats met in Vienna on Monday."],
            "the one jumped to"
        );
        assert!(
            app.message
                .as_ref()
                .unwrap()
                .text
                .starts_with("Highlight removed")
        );
        app.update(Action::Undo);
        assert_eq!(
            drawn(&app),
            ["Diplomats met in Vienna on Monday.", "June"],
            "U puts it back"
        );
    }

    #[test]
    fn the_highlights_list_opens_an_article_at_its_highlight_even_when_filtered_out() {
        let mut app = reading();
        let other: Vec<String> = (0..60)
            .map(|i| format!("Line {i} of another story."))
            .collect();
        let other: Vec<&str> = other.iter().map(String::as_str).collect();
        app.add_articles(vec![article(7, &other)], 1);
        // Mark a passage far down the long article: find it, mark it.
        app.update(Action::Back);
        let row = app
            .shown
            .iter()
            .position(|&d| app.library.get(d).unwrap().id == ArticleId(7))
            .unwrap();
        app.update(Action::SelectRow(row));
        app.update(Action::Open);
        app.update(Action::FocusFilter);
        for c in "\"Line 50 of\"".chars() {
            app.update(Action::InputChar(c));
        }
        app.update(Action::InputSubmit);
        app.update(Action::MarkPassage);
        app.update(Action::KeepSelection(false));
        // Filter the list so that article is not shown, then open the highlight from H.
        app.update(Action::Back);
        app.update(Action::FocusFilter);
        for c in "Diplomats".chars() {
            app.update(Action::InputChar(c));
        }
        app.update(Action::InputSubmit);
        assert_eq!(app.shown.len(), 1);
        app.update(Action::ShowHighlights);
        assert_eq!(app.overlay, Some(tidings::app::Overlay::Highlights));
        let rows = app.highlight_rows();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].quote, "Line 50 of");
        app.update(Action::Open);
        assert_eq!(app.overlay, None);
        assert!(app.filter.is_empty(), "the filter is cleared to show it");
        assert_eq!(app.selected_id(), Some(ArticleId(7)));
        assert_eq!(app.focus, Focus::Reader);
        assert_eq!(app.current_highlight, Some(0));
        let line = app.reader.highlights[0].lines[0].0;
        assert!(
            app.reader.scroll <= line && line < app.reader.scroll + 30,
            "the highlight is on screen: line {line}, scroll {}",
            app.reader.scroll
        );
    }

    #[test]
    fn a_highlight_survives_a_paragraph_added_above_and_is_orphaned_when_its_passage_goes() {
        let mut app = reading();
        app.update(Action::MarkPassage);
        app.update(Action::ExtendSelection(
            tidings::action::Step::Paragraph,
            true,
        ));
        app.update(Action::ExtendSelection(
            tidings::action::Step::Paragraph,
            false,
        ));
        app.update(Action::KeepSelection(false));
        let edited = article(
            2,
            &[
                "A new first paragraph, added since.",
                PARAGRAPHS[0],
                PARAGRAPHS[1],
                PARAGRAPHS[2],
            ],
        );
        app.apply_changes(Changes {
            read: vec!["talks.md".into()],
            articles: vec![edited],
            ..Changes::default()
        });
        assert!(quotes(&app, 1).is_empty());
        assert_eq!(quotes(&app, 2).len(), 1, "carried to the new version");
        assert_eq!(drawn(&app), [PARAGRAPHS[0]], "and found in it");

        let gone = article(3, &["A new first paragraph, added since.", PARAGRAPHS[2]]);
        app.apply_changes(Changes {
            read: vec!["talks.md".into()],
            articles: vec![gone],
            ..Changes::default()
        });
        assert_eq!(quotes(&app, 3).len(), 1, "kept");
        assert!(drawn(&app).is_empty(), "but not drawn: its passage is gone");
    }
}

/// The cell where `needle` starts on the screen of a run of the real loop.
fn cell_at(keys: &str, needle: &str) -> ratatui::buffer::Cell {
    use tidings::app::App;
    use tidings::config::Config;
    use tidings::samples;
    use tidings::state::State;
    let app = App::new(&Config::default(), State::default(), false);
    let r = super::screen::run_with(
        app,
        &samples::sources(),
        80,
        24,
        super::screen::key_events(keys),
    );
    let buffer = r.terminal.backend().buffer();
    let screen = super::screen::text(buffer);
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} on screen\n{screen}"));
    let x = line[..line.find(needle).unwrap()].chars().count();
    buffer[(x as u16, y as u16)].clone()
}

#[test]
fn a_selection_and_a_kept_highlight_are_drawn_in_their_styles() {
    use ratatui::style::Color;
    let plain = cell_at("j enter j j j j", "The first station");
    assert_eq!((plain.fg, plain.bg), (Color::Reset, Color::Reset));
    let selecting = cell_at("j enter j j j j m w", "The first station");
    assert_eq!(selecting.bg, Color::Blue, "the selection as the list's");
    let kept = cell_at("j enter j j j j m w enter", "The first station");
    assert_eq!(kept.fg, Color::Magenta, "the theme's highlight");
    assert_eq!(kept.bg, Color::Reset);
    let after = cell_at("j enter j j j j m w enter", "long weekend");
    assert_eq!(after.fg, Color::Reset, "past the passage, plain text");
}

#[test]
fn a_mouse_drag_selects_whole_words_and_enter_keeps_them() {
    use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    use tidings::app::App;
    use tidings::config::Config;
    use tidings::samples;
    use tidings::state::State;
    let keys = "j enter j j j j";
    let run = |events| {
        let app = App::new(&Config::default(), State::default(), false);
        super::screen::run_with(app, &samples::sources(), 120, 40, events)
    };
    // Where the words are on screen.
    let first = run(super::screen::key_events(keys));
    let screen = super::screen::text(first.terminal.backend().buffer());
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("The first station"))
        .unwrap();
    let column = |word: &str| line[..line.find(word).unwrap()].chars().count() as u16;
    let mouse = |kind, x: u16| {
        Event::Mouse(MouseEvent {
            kind,
            column: x,
            row: y as u16,
            modifiers: KeyModifiers::NONE,
        })
    };
    let left = MouseButton::Left;
    let mut events = super::screen::key_events(keys);
    // From inside "first" to inside "station": both words whole.
    events.push(mouse(MouseEventKind::Down(left), column("first") + 2));
    events.push(mouse(MouseEventKind::Drag(left), column("station") + 3));
    events.push(mouse(MouseEventKind::Up(left), column("station") + 3));
    events.extend(super::screen::key_events("enter"));
    let r = run(events);
    let quotes: Vec<String> = r
        .app
        .state
        .highlights()
        .map(|(_, _, h)| h.anchor.quote.clone())
        .collect();
    assert_eq!(quotes, ["first station"]);

    // A click alone selects nothing.
    let mut events = super::screen::key_events(keys);
    events.push(mouse(MouseEventKind::Down(left), column("first")));
    events.push(mouse(MouseEventKind::Up(left), column("first")));
    let r = run(events);
    assert!(r.app.selection.is_none());
}
