//! The real runner on a `TestBackend`: the bundled samples arrive on the channel as the
//! loader sends them, then key events; the screen is snapshotted with insta. Colours are
//! not in snapshots, so styles are checked by reading cells.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc;

use crossterm::event::{Event, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use tidings::app::App;
use tidings::config::Config;
use tidings::keymap::parse_key;
use tidings::library;
use tidings::library::{CacheUse, LoadOptions, Source};
use tidings::runner::{self, Msg};
use tidings::samples;
use tidings::search::InlineSearcher;
use tidings::state::State;

/// Key names as in config.toml, separated by spaces; `type:TEXT` types TEXT.
pub fn key_events(keys: &str) -> Vec<Event> {
    let mut events = Vec::new();
    for token in keys.split_whitespace() {
        if let Some(text) = token.strip_prefix("type:") {
            for c in text.chars() {
                events.push(Event::Key(KeyEvent::new(
                    crossterm::event::KeyCode::Char(c),
                    KeyModifiers::NONE,
                )));
            }
        } else {
            let chord = parse_key(token).unwrap();
            events.push(Event::Key(KeyEvent::new(chord.code, chord.mods)));
        }
    }
    events
}

pub struct Run {
    pub terminal: Terminal<TestBackend>,
    pub app: App,
    pub saves: usize,
    pub platform: Recorder,
    /// What the library cache did for the load.
    pub cache: CacheUse,
}

/// Records what the loop asked of the browser and the clipboard.
#[derive(Default)]
pub struct Recorder {
    pub opened: Vec<String>,
    pub copied: Vec<String>,
    pub paged: Vec<(String, bool)>,
}

impl runner::Platform for Recorder {
    fn open_url(&mut self, url: &str) -> Result<(), runner::PlatformError> {
        self.opened.push(url.to_string());
        Ok(())
    }
    fn copy(&mut self, text: &str) -> Result<(), runner::PlatformError> {
        self.copied.push(text.to_string());
        Ok(())
    }
    fn page(&mut self, text: &str, editor: bool) -> Result<(), runner::PlatformError> {
        self.paged.push((text.to_string(), editor));
        Ok(())
    }
}

pub fn run_with(app: App, sources: &[Source], width: u16, height: u16, events: Vec<Event>) -> Run {
    run_loading(app, sources, &LoadOptions::default(), width, height, events)
}

/// As `run_with`, loading with `options` (a cache, say).
pub fn run_loading(
    app: App,
    sources: &[Source],
    options: &LoadOptions,
    width: u16,
    height: u16,
    events: Vec<Event>,
) -> Run {
    // The loader's own events, through the channel, as the real loader thread sends them.
    let (tx, rx) = mpsc::channel();
    let report = {
        let sender = Mutex::new(tx.clone());
        library::load(sources, options, &|event| {
            sender.lock().unwrap().send(Msg::Load(event)).unwrap();
        })
    };
    let cache = report.cache.clone();
    tx.send(Msg::LoadDone(report)).unwrap();
    for event in events {
        tx.send(Msg::Input(event)).unwrap();
    }
    drop(tx);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    let mut app = app;
    let mut saves = 0;
    let mut searcher = InlineSearcher::default();
    let mut platform = Recorder::default();
    runner::run(
        &mut terminal,
        &mut app,
        &rx,
        &mut searcher,
        &mut |state: &State| {
            saves += 1;
            Ok((state.clone(), Vec::new()))
        },
        &mut platform,
    )
    .unwrap();
    Run {
        terminal,
        app,
        saves,
        platform,
        cache,
    }
}

pub fn run(width: u16, height: u16, keys: &str) -> Run {
    let app = App::new(&Config::default(), State::default(), false);
    run_with(app, &samples::sources(), width, height, key_events(keys))
}

pub fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        for x in 0..area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn main_screen_80x24() {
    let r = run(80, 24, "");
    insta::assert_snapshot!(r.terminal.backend());
}

#[test]
fn main_screen_40x12() {
    let r = run(40, 12, "");
    insta::assert_snapshot!(r.terminal.backend());
}

#[test]
fn side_by_side_120x40_reading_an_article() {
    let r = run(120, 40, "j j enter");
    insta::assert_snapshot!(r.terminal.backend());
}

#[test]
fn help_overlay_80x24() {
    let r = run(80, 24, "?");
    insta::assert_snapshot!(r.terminal.backend());
}

#[test]
fn filtering_narrows_the_list_as_you_type() {
    let r = run(80, 24, "/ type:wagner");
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("/ wagner"), "{screen}");
    assert!(screen.contains("1/8 articles"), "{screen}");
    insta::assert_snapshot!(r.terminal.backend());
}

#[test]
fn ctrl_w_and_ctrl_u_take_back_a_word_and_the_line_of_the_filter() {
    let r = run(80, 24, "/ type:wagner space type:zzz");
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("0/8 articles"), "{screen}");
    let r = run(80, 24, "/ type:wagner space type:zzz ctrl-w");
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("/ wagner "), "{screen}");
    assert!(screen.contains("1/8 articles"), "{screen}");
    let r = run(80, 24, "/ type:wagner space type:zzz alt-backspace ctrl-w");
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("8/8 articles"), "both words gone: {screen}");
    let r = run(80, 24, "/ type:wagner space type:zzz ctrl-u type:iran");
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("/ iran"), "{screen}");
    assert!(!screen.contains("wagner"), "{screen}");
    assert_eq!(r.app.filter, "iran");
    // The help says so.
    let r = run(100, 30, "? / type:ctrl-u");
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("take back the last word"), "{screen}");
}

#[test]
fn bookmarking_shows_the_mark_and_saves() {
    let r = run(80, 24, "j b");
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("1 bookmarked"), "{screen}");
    assert_eq!(r.saves, 1);
    let row = screen.lines().nth(3).unwrap();
    assert!(
        row.starts_with("│★"),
        "the second row carries the mark: {row}"
    );
    assert_eq!(r.app.state.bookmarks().len(), 1);
}

#[test]
fn tiny_terminals_do_not_panic() {
    for (w, h) in [(1, 1), (2, 1), (1, 5), (3, 3), (10, 4), (20, 6)] {
        let r = run(w, h, "j enter j ? esc / type:x enter tab");
        assert_eq!(r.terminal.backend().buffer().area.width, w);
    }
}

#[test]
fn resize_events_redraw_at_the_new_size() {
    let app = App::new(&Config::default(), State::default(), false);
    let r = run_with(
        app,
        &samples::sources(),
        80,
        24,
        vec![Event::Resize(40, 12)],
    );
    assert_eq!(r.app.size.width, 40);
    assert!(!r.app.areas().side_by_side);
}

#[test]
fn the_selected_row_is_drawn_on_the_selection_colour() {
    let r = run(120, 40, "j j");
    let buffer = r.terminal.backend().buffer();
    assert_eq!(buffer[(5, 4)].bg, Color::Blue, "the third row is selected");
    assert_eq!(buffer[(5, 2)].bg, Color::Reset);
    // With focus in the reader the selection stays visible, dimmed.
    let r = run(120, 40, "j j enter");
    assert_eq!(r.terminal.backend().buffer()[(5, 4)].bg, Color::DarkGray);
}

#[test]
fn headings_in_the_reader_are_bold_in_the_heading_colour() {
    let r = run(120, 40, "/ type:fdd enter enter");
    let buffer = r.terminal.backend().buffer();
    let screen = text(buffer);
    let (y, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Latest Developments"))
        .expect("the heading is on screen");
    let x = line.chars().position(|c| c == 'L').unwrap();
    let cell = &buffer[(x as u16, y as u16)];
    assert_eq!(cell.fg, Color::Yellow, "{line}");
    assert!(cell.modifier.contains(Modifier::BOLD));
    let body = screen
        .lines()
        .position(|l| l.contains("Russian Foreign Minister"))
        .unwrap();
    assert_eq!(
        buffer[(x as u16, body as u16)].fg,
        Color::Reset,
        "body text is plain"
    );
}

#[test]
fn no_color_draws_without_colours() {
    let app = App::new(&Config::default(), State::default(), true);
    let r = run_with(
        app,
        &samples::sources(),
        80,
        24,
        key_events("j / type:iran"),
    );
    let buffer = r.terminal.backend().buffer();
    for cell in &buffer.content {
        assert_eq!(cell.fg, Color::Reset);
        assert_eq!(cell.bg, Color::Reset);
    }
    assert!(
        buffer
            .content
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED)),
        "the selection still shows"
    );
}

#[test]
fn matches_are_highlighted_in_list_and_reader() {
    let r = run(120, 40, "/ type:hamas");
    let buffer = r.terminal.backend().buffer();
    let highlighted: String = buffer
        .content
        .iter()
        .filter(|c| c.fg == Color::Magenta)
        .map(|c| c.symbol())
        .collect();
    assert!(
        highlighted.to_lowercase().contains("hamas"),
        "{highlighted}"
    );
}

#[test]
fn mouse_click_selects_and_wheel_scrolls_the_reader() {
    let click = |col, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: col,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let wheel = |col, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: col,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let app = App::new(&Config::default(), State::default(), false);
    // 120x40: tabs on row 0, the list on the left with rows from y=2; the reader on
    // the right.
    let r = run_with(
        app,
        &samples::sources(),
        120,
        40,
        vec![click(10, 4), wheel(90, 10)],
    );
    assert_eq!(r.app.selected, 2);
    assert_eq!(r.app.reader.scroll, 3);
}

#[test]
fn hostile_text_puts_no_escape_or_c1_in_what_is_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.txt");
    std::fs::write(&path, crate::cli::hostile_article()).unwrap();
    let app = App::new(&Config::default(), State::default(), false);
    let r = run_with(
        app,
        &[Source::Path(PathBuf::from(&path))],
        100,
        20,
        key_events("enter"),
    );
    let screen = text(r.terminal.backend().buffer());
    crate::cli::assert_no_escapes(&screen);
    assert!(screen.contains("Pwned headline"), "{screen}");
}

#[test]
fn a_query_error_points_at_its_column_and_the_last_good_result_stays() {
    let r = run(80, 24, "/ type:wagner space type:\"russ");
    let screen = text(r.terminal.backend().buffer());
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(lines[22].trim_end(), "/ wagner \"russ");
    assert!(lines[23].starts_with("         ^ "), "{:?}", lines[23]);
    assert!(lines[23].contains("quote"), "{:?}", lines[23]);
    assert!(
        screen.contains("Russia and Iran Tight as Ever"),
        "the last good result stays:\n{screen}"
    );
}

#[test]
fn a_misspelt_field_points_at_itself_and_suggests_the_field() {
    let r = run(80, 24, "/ type:wagner space type:authr:x");
    let screen = text(r.terminal.backend().buffer());
    let lines: Vec<&str> = screen.lines().collect();
    assert_eq!(lines[22].trim_end(), "/ wagner authr:x");
    assert!(lines[23].starts_with("         ^ "), "{:?}", lines[23]);
    assert!(
        lines[23].contains("did you mean 'author:'?"),
        "{:?}",
        lines[23]
    );

    for typed in ["10:30", "https://x.example", "re:"] {
        let r = run(80, 24, &format!("/ type:{typed}"));
        let screen = text(r.terminal.backend().buffer());
        let last = screen.lines().nth(23).unwrap_or_default();
        assert!(!last.contains('^'), "{typed} is a word: {last:?}");
    }
}

#[test]
fn the_status_line_counts_skipped_files_and_bang_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), "A Good Title\n\nSome text.\n").unwrap();
    std::fs::write(dir.path().join("copy.txt"), "A Good Title\n\nSome text.\n").unwrap();
    std::fs::write(dir.path().join("scan.pdf"), b"%PDF-1.7\n%\xe2\xe3\n").unwrap();
    std::fs::write(dir.path().join("blank.txt"), "\n\n").unwrap();
    let app = App::new(&Config::default(), State::default(), false);
    let source = Source::Path(dir.path().to_path_buf());
    let r = run_with(app, std::slice::from_ref(&source), 100, 20, vec![]);
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("2 skipped: "), "{screen}");
    let app = App::new(&Config::default(), State::default(), false);
    let r = run_with(app, &[source], 100, 20, key_events("!"));
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("Files not fully read: 3"), "{screen}");
    assert!(
        screen.contains("skipped    ") && screen.contains("scan.pdf: binary file (a PDF document)"),
        "{screen}"
    );
    assert!(screen.contains("blank.txt: empty file"), "{screen}");
    assert!(
        screen.contains("duplicate") && screen.contains(": same content as"),
        "{screen}"
    );
}

#[test]
fn the_help_reads_the_effective_keymap() {
    let config = tidings::config::Config::parse(
        "[keys]\nx = \"quit\"\nq = \"none\"\n\"g g\" = \"top\"\n",
        std::path::Path::new("c.toml"),
    )
    .unwrap();
    let app = App::new(&config, State::default(), false);
    let r = run_with(app, &samples::sources(), 100, 40, key_events("?"));
    let screen = text(r.terminal.backend().buffer());
    let quit = screen.lines().find(|l| l.contains("quit")).unwrap();
    assert!(quit.contains("x ctrl-c"), "{quit}");
    let top = screen
        .lines()
        .find(|l| l.contains("first article / top"))
        .unwrap();
    assert!(top.contains("g g home"), "{top}");
    assert!(!screen.contains("│q "), "q is unbound:\n{screen}");
}

#[test]
fn o_opens_the_articles_link_and_y_copies_it() {
    // The FDD seed's source, found by filtering for it.
    let r = run(100, 30, "/ type:fdd enter o y");
    let url = "https://www.fdd.org/analysis/2023/10/22/russia-pursues-closer-ties-with-iran-china-and-north-korea/";
    assert_eq!(r.platform.opened, vec![url]);
    assert_eq!(r.platform.copied, vec![url]);
    // An article without a link says so and asks nothing of the system.
    let r = run(100, 30, "/ type:wagner enter o");
    assert!(r.platform.opened.is_empty());
    assert!(text(r.terminal.backend().buffer()).contains("This article has no link"));
}

#[test]
fn e_and_capital_e_hand_the_article_to_the_pager_and_the_editor() {
    let r = run(100, 30, "/ type:wagner enter e E");
    assert_eq!(r.platform.paged.len(), 2);
    let (text, editor) = &r.platform.paged[0];
    assert!(!editor);
    assert!(
        text.starts_with("Russia and Iran Tight as Ever\n"),
        "{text}"
    );
    assert!(text.contains("The Wagner Group Believed to Have Trained Hamas"));
    assert!(r.platform.paged[1].1, "E is the editor");
}

/// A cell as tidings writes a link: `ESC ]8;id=ID;URL ESC \`, one character,
/// `ESC ]8;; ESC \`. Anything else starting with ESC is no link.
fn parse_link(symbol: &str) -> Option<(String, String)> {
    let rest = symbol.strip_prefix("\x1b]8;id=")?;
    let (id, rest) = rest.split_once(';')?;
    let (url, rest) = rest.split_once("\x1b\\")?;
    let shown = rest.strip_suffix("\x1b]8;;\x1b\\")?;
    assert!(
        id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{symbol:?}"
    );
    assert!(
        url.bytes().all(|b| b.is_ascii_graphic()),
        "only printable ASCII goes into a link: {symbol:?}"
    );
    assert!(
        shown.len() == 1 && shown.bytes().all(|b| b.is_ascii_graphic()),
        "one character a cell: {symbol:?}"
    );
    Some((url.to_string(), shown.to_string()))
}

/// The links on screen in reading order, as (URL, the text shown under it) with the
/// pieces of a wrapped URL joined; and the screen's text with the links taken out.
fn links_on_screen(buffer: &Buffer) -> (Vec<(String, String)>, String) {
    let mut links: Vec<(String, String)> = Vec::new();
    let mut screen = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            let Some((url, shown)) = parse_link(symbol) else {
                screen.push_str(symbol);
                continue;
            };
            screen.push_str(&shown);
            match links.last_mut() {
                Some((last, so_far)) if *last == url && so_far.len() < last.len() => {
                    so_far.push_str(&shown)
                }
                _ => links.push((url, shown)),
            }
        }
        screen.push('\n');
    }
    (links, screen)
}

fn with_hyperlinks(on: bool) -> App {
    let mut config = Config::default();
    config.theme.hyperlinks = on;
    App::new(&config, State::default(), false)
}

#[test]
fn urls_in_the_reader_are_hyperlinks_when_on_and_move_nothing() {
    let keys = "/ type:fdd enter enter";
    let on = run_with(
        with_hyperlinks(true),
        &samples::sources(),
        120,
        40,
        key_events(keys),
    );
    let off = run_with(
        with_hyperlinks(false),
        &samples::sources(),
        120,
        40,
        key_events(keys),
    );
    // The source line is longer than the column: both its lines are one link.
    let url = "https://www.fdd.org/analysis/2023/10/22/russia-pursues-closer-ties-with-iran-china-and-north-korea/";
    let (links, screen) = links_on_screen(on.terminal.backend().buffer());
    assert_eq!(links, vec![(url.to_string(), url.to_string())], "{screen}");
    let plain = text(off.terminal.backend().buffer());
    assert!(!plain.contains('\x1b'), "off: no escape anywhere");
    assert_eq!(screen, plain, "the same characters in the same cells");
    // Styles are untouched too.
    let (on, off) = (
        on.terminal.backend().buffer(),
        off.terminal.backend().buffer(),
    );
    for (a, b) in on.content.iter().zip(&off.content) {
        assert_eq!((a.fg, a.bg, a.modifier), (b.fg, b.bg, b.modifier));
    }
}

#[test]
fn a_hostile_url_is_never_a_link_and_no_raw_escape_reaches_a_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("links.txt");
    let mut bytes =
        b"Hostile links headline\n\nVisit https://ok.example/a\x07b\x1b[2J now, or ".to_vec();
    bytes.extend_from_slice(
        "https://ok.example/c\u{9b}31md and https://ok.example/\u{202e}e.\n\n".as_bytes(),
    );
    bytes.extend_from_slice(b"Plain https://fine.example/x.\n\n");
    bytes.extend_from_slice(
        b"Content retrieved from: https://evil.example/\x1b]8;;https://phish.example\x07click\n",
    );
    std::fs::write(&path, bytes).unwrap();
    let r = run_with(
        with_hyperlinks(true),
        &[Source::Path(path)],
        100,
        24,
        key_events("enter"),
    );
    let (links, screen) = links_on_screen(r.terminal.backend().buffer());
    crate::cli::assert_no_escapes(&screen);
    assert!(screen.contains("Hostile links headline"), "{screen}");
    assert!(
        links.contains(&(
            "https://fine.example/x".into(),
            "https://fine.example/x".into()
        )),
        "{links:?}\n{screen}"
    );
    for (url, shown) in &links {
        assert_eq!(url, shown, "a link goes where its text says");
        assert!(!url.contains("phish"), "{url}");
    }
}

#[test]
fn the_last_filter_does_not_narrow_the_list_on_the_next_start() {
    let mut state = State::default();
    state.last_filter = "wagner".into();
    let app = App::new(&Config::default(), state, false);
    let r = run_with(app, &samples::sources(), 80, 24, Vec::new());
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("8/8 articles"), "{screen}");
    assert!(!screen.contains("wagner"), "{screen}");
}

/// The words inside the box whose title starts with `title`, read line by line.
fn inside_box(buffer: &Buffer, title: &str) -> String {
    let width = buffer.area.width;
    let top = (0..buffer.area.height).find_map(|y| {
        let x = (0..width).find(|&x| {
            let after: String = (x + 1..width.min(x + 1 + title.len() as u16))
                .map(|x| buffer[(x, y)].symbol())
                .collect();
            buffer[(x, y)].symbol() == "╭" && after == title
        })?;
        Some((x, y))
    });
    let Some((left, top)) = top else {
        return String::new();
    };
    let right = (left + 1..width)
        .find(|&x| buffer[(x, top)].symbol() == "╮")
        .unwrap_or(width);
    let inside: Vec<String> = (top + 1..buffer.area.height)
        .map(|y| (left + 1..right).map(|x| buffer[(x, y)].symbol()).collect())
        .collect();
    inside
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn help_descriptions_are_whole_at_every_width() {
    for width in [60, 80, 250] {
        // Tall enough for the reader's keys, the highlights' among them, at 60 columns.
        let r = run(width, 60, "?");
        let buffer = r.terminal.backend().buffer();
        let screen = text(buffer);
        // A description too long for the box goes on under itself.
        let words = inside_box(buffer, " Keys");
        for whole in [
            "next order (newest, oldest, title, best match)",
            "open the link in the browser; o 3 opens link [3]",
        ] {
            assert!(words.contains(whole), "{width} columns: {whole}\n{screen}");
        }
    }
}

#[test]
fn the_help_searched_for_tag_shows_the_hash_shorthand() {
    let r = run(80, 24, "? / type:tag");
    let buffer = r.terminal.backend().buffer();
    let words = inside_box(buffer, " Keys");
    assert!(
        words.contains("#rust tagged rust, as tag:rust"),
        "{}",
        text(buffer)
    );
}

/// The list pane's part of each screen line with an article on it (two spaces
/// before a date or the blank date column).
fn list_rows(screen: &str, list_width: usize) -> Vec<String> {
    screen
        .lines()
        .skip(2)
        .map(|l| l.chars().take(list_width).collect::<String>())
        .filter(|l| l.starts_with("│ •") || l.starts_with("│★") || l.starts_with("│  "))
        .filter(|l| l.trim_matches(['│', ' ']).len() > 2)
        .collect()
}

/// Where each row's reading time ("2m") ends, in cells.
fn minutes_column(row: &str) -> Option<usize> {
    let chars: Vec<char> = row.chars().collect();
    (2..chars.len()).find(|&i| {
        chars[i] == 'm'
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1) == Some(&' ')
            && !chars[i - 2].is_alphanumeric()
    })
}

/// 250 columns with the list pane 100 wide.
fn run_wide(keys: &str) -> Run {
    let mut state = State::default();
    state.layout.split = Some(40);
    let app = App::new(&Config::default(), state, false);
    run_with(app, &samples::sources(), 250, 40, key_events(keys))
}

#[test]
fn list_columns_line_up_and_sources_get_the_room_there_is() {
    let r = run_wide("");
    let screen = text(r.terminal.backend().buffer());
    let rows = list_rows(&screen, 100);
    assert_eq!(rows.len(), 8, "{screen}");
    let columns: Vec<Option<usize>> = rows.iter().map(|r| minutes_column(r)).collect();
    assert!(columns[0].is_some(), "{rows:#?}");
    assert!(columns.iter().all(|c| *c == columns[0]), "{rows:#?}");
    let list = rows.join("\n");
    for source in [
        "fieldnotesreview.example",
        "coastalcurrent.example",
        "meridianledger.example",
        "harbourlight.example",
    ] {
        assert!(list.contains(source), "{source} is whole:\n{list}");
    }
    for author in ["Helena Brandt", "Dave Patterson"] {
        assert!(!list.contains(author), "{author} is no source:\n{list}");
    }
}

#[test]
fn grouping_by_source_never_names_a_group_after_an_author() {
    let r = run_wide("=");
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("▾ fdd.org"), "{screen}");
    for author in ["Helena Brandt", "Dave Patterson"] {
        assert!(!screen.contains(&format!("▾ {author}")), "{screen}");
    }
}

#[test]
fn a_bookmark_note_shows_in_the_list() {
    let r = run(80, 24, "a type:read space type:soon enter 3");
    let screen = text(r.terminal.backend().buffer());
    let row = screen.lines().nth(2).unwrap_or_default();
    assert!(row.starts_with("│★"), "{screen}");
    assert!(row.contains("✎ read soon"), "{screen}");
}

#[test]
fn a_message_cut_on_the_status_line_is_whole_under_bang() {
    let r = run(40, 12, "9");
    let screen = text(r.terminal.backend().buffer());
    let status = screen.lines().nth(11).unwrap_or_default();
    assert!(status.contains("There"), "{screen}");
    assert!(
        !status.contains("config.toml"),
        "cut at 40 columns: {screen}"
    );
    let r = run(40, 12, "9 !");
    let screen = text(r.terminal.backend().buffer());
    let words = inside_box(r.terminal.backend().buffer(), " Files");
    assert!(
        words.contains("There is no view 9: 4 are set up (views in config.toml)"),
        "{screen}"
    );
}

#[test]
fn cjk_characters_count_as_words_read_at_about_500_a_minute() {
    // 2,000 Han characters in one paragraph, and 460 English words: 4 + 2 minutes.
    let han: String = "字".repeat(2000);
    let english = "word ".repeat(460);
    let file = format!(
        "---\ntitle: 長い話\nsource: https://cjk.example/long\n---\n\n{han}\n\n{english}\n"
    );
    let sources = vec![Source::Memory {
        path: PathBuf::from("long.md"),
        bytes: Box::leak(file.into_bytes().into_boxed_slice()),
    }];
    let app = App::new(&Config::default(), State::default(), false);
    let r = run_with(app, &sources, 80, 24, Vec::new());
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("2460 words"), "{screen}");
    let row = screen.lines().nth(2).unwrap_or_default();
    assert!(row.contains("  6m "), "{row}");
    assert!(screen.contains("6 min left"), "{screen}");
}

#[test]
fn a_text_file_titled_with_an_emoji_shows_its_title_once() {
    let file = "🌧️ Rain Returns to the Valley\n\nThe rain came back on Monday after a dry month. Farmers in the valley said the fields needed it.\n\nMore is forecast for the week.\n";
    let sources = vec![Source::Memory {
        path: PathBuf::from("rain.txt"),
        bytes: file.as_bytes(),
    }];
    let app = App::new(&Config::default(), State::default(), false);
    let r = run_with(app, &sources, 80, 24, Vec::new());
    let screen = text(r.terminal.backend().buffer());
    assert_eq!(
        screen.matches("Rain Returns to the Valley").count(),
        2,
        "in the list and as the reader's title:\n{screen}"
    );
}

#[test]
fn an_emoji_with_vs16_takes_two_cells_wherever_it_is_measured() {
    let long = "🌧️ Rain Returns to the Valley After the Driest Month Anyone in the Farming Towns Remembers";
    let rain = format!("# {long}\n\n{}\n", "🌧️ rain ".repeat(40));
    let sources = vec![
        Source::Memory {
            path: PathBuf::from("rain.md"),
            bytes: Box::leak(rain.into_bytes().into_boxed_slice()),
        },
        Source::Memory {
            path: PathBuf::from("plain.md"),
            bytes: b"# A Plain Title That Is Long Enough to Be Cut in the List at Eighty Columns\n\nText.\n",
        },
    ];
    let app = App::new(&Config::default(), State::default(), false);
    let r = run_with(app, &sources, 80, 24, key_events("j"));
    let buffer = r.terminal.backend().buffer();
    let screen = text(buffer);
    // The reading time stands in the same cells on both rows.
    let minutes_at = |y: u16| {
        (0..80).find(|&x| buffer[(x, y)].symbol() == "m" && buffer[(x + 1, y)].symbol() == "│")
    };
    assert!(minutes_at(2).is_some(), "{screen}");
    assert_eq!(minutes_at(2), minutes_at(3), "{screen}");
    // Every "rain" of the paragraph is in the reader, none lost at a line's end.
    let reader: String = screen.lines().skip(10).collect::<Vec<_>>().join(" ");
    assert_eq!(reader.matches("rain").count(), 40, "{screen}");
}

#[test]
fn an_empty_markdown_note_with_front_matter_is_an_article() {
    let sources = vec![
        Source::Memory {
            path: PathBuf::from("later.md"),
            bytes: b"---\ntitle: Ideas for the weekend\ntags: [home]\n---\n",
        },
        Source::Memory {
            path: PathBuf::from("blank.md"),
            bytes: b" \n\t\n",
        },
    ];
    let app = App::new(&Config::default(), State::default(), false);
    let r = run_with(app, &sources, 80, 24, Vec::new());
    let screen = text(r.terminal.backend().buffer());
    assert!(screen.contains("Ideas for the weekend"), "{screen}");
    assert!(screen.contains("1/1 articles"), "{screen}");
    assert_eq!(r.app.problems.len(), 1, "the blank file is skipped");
}

/// A searcher that answers only when told, as the search thread may be slow to.
#[derive(Default)]
struct Slow {
    inner: InlineSearcher,
    asked: Vec<tidings::search::Request>,
}

impl tidings::search::Searcher for Slow {
    fn apply(&mut self, change: tidings::library::IndexChange) {
        self.inner.apply(change);
    }
    fn search(&mut self, request: tidings::search::Request) -> Option<tidings::search::Outcome> {
        self.asked.push(request);
        None
    }
    fn write_cache(&mut self, job: tidings::cache::Job) -> Option<tidings::cache::Written> {
        self.inner.write_cache(job)
    }
}

#[test]
fn the_list_never_says_nothing_matches_before_the_search_has_answered() {
    use tidings::library::{LoadEvent, LoadReport};
    use tidings::search::Searcher;
    let mut app = App::new(&Config::default(), State::default(), false);
    let mut searcher = Slow::default();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut screens = Vec::new();
    let mut step = |app: &mut App, searcher: &mut Slow, msg: Msg| {
        let effects = app.update(msg);
        runner::forward(app, searcher, effects);
        terminal.draw(|f| f.render_widget(&*app, f.area())).unwrap();
        text(terminal.backend().buffer())
    };
    screens.push(step(
        &mut app,
        &mut searcher,
        Msg::Action(tidings::action::Action::Resize(80, 24)),
    ));
    screens.push(step(
        &mut app,
        &mut searcher,
        Msg::Load(LoadEvent::Started { files: 8 }),
    ));
    let articles = tidings::library::load_library(&samples::sources(), &LoadOptions::default())
        .0
        .articles()
        .iter()
        .map(|a| (**a).clone())
        .collect::<Vec<_>>();
    for batch in articles.chunks(3) {
        let msg = Msg::Load(LoadEvent::Batch {
            articles: batch.to_vec(),
            files: batch.len(),
        });
        screens.push(step(&mut app, &mut searcher, msg));
    }
    screens.push(step(
        &mut app,
        &mut searcher,
        Msg::LoadDone(LoadReport::default()),
    ));
    for screen in &screens {
        assert!(!screen.contains("Nothing matches"), "{screen}");
    }
    assert!(screens.last().unwrap().contains("Searching…"));

    // The newest search answers: the articles are listed.
    let request = searcher.asked.pop().unwrap();
    let outcome = searcher.inner.search(request).unwrap();
    screens.push(step(&mut app, &mut searcher, Msg::Searched(outcome)));
    assert!(
        screens.last().unwrap().contains("Night Trains"),
        "{}",
        screens.last().unwrap()
    );
}
