//! The event loop, generic over the ratatui `Backend` so tests drive the real loop on a
//! `TestBackend`. Messages (terminal input, loaded batches, changes on disk, signals)
//! arrive on one channel; the loop drains every queued message, maps keys to actions,
//! calls `App::update`, carries out the effects, and draws once.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::Utc;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::{Position, Rect};

use crate::action::Action;
use crate::app::{App, Effect, Focus};
use crate::article::Article;
use crate::index::Segment;
use crate::keymap::Pending;
use crate::layout::panes::{inner, on_divider};
use crate::library::{LoadEvent, LoadReport};
use crate::search::{Outcome, Request, Searcher};
use crate::state::State;
use crate::watch::{Changes, Report};

/// Everything the loop reacts to.
pub enum Msg {
    Input(Event),
    Load(LoadEvent),
    /// A batch from the loader with its index segment, built on the loader's thread.
    Batch {
        articles: Vec<Article>,
        files: usize,
        segment: Box<Segment>,
    },
    /// A search finished on the search thread.
    Searched(Outcome),
    LoadDone(LoadReport),
    /// Files added, changed or removed while running (held until the load is done).
    Watch(Report),
    /// SIGTERM, SIGHUP or SIGINT: save and quit.
    Signal(i32),
    /// The library cache was written (or not): what to say of it.
    CacheWritten(Result<String, String>),
    /// What changed since the library cache was written, read and indexed on the
    /// loader's thread (`LoadEvent::Changed`); applied at once.
    ChangedSince(Report),
}

/// What the loop asks of the system around it: a browser, a clipboard. Tests pass a
/// recording fake; `tui` passes the real thing.
pub trait Platform {
    fn open_url(&mut self, url: &str) -> Result<(), String>;
    fn copy(&mut self, text: &str) -> Result<(), String>;
    /// Hands the terminal back to the shell until the job is resumed (Ctrl-Z, `fg`).
    fn suspend(&mut self) -> Result<(), String> {
        Ok(())
    }
    /// Shows `text` in the pager (or the editor) on the whole terminal, then returns.
    fn page(&mut self, text: &str, editor: bool) -> Result<(), String>;
}

/// Saves the state and returns it merged with what other instances saved, with any
/// notes worth showing (a lock that could not be taken, a file moved aside).
pub type SaveFn<'a> = dyn FnMut(&State) -> Result<(State, Vec<String>), String> + 'a;

const WHEEL_LINES: i32 = 3;

/// How often the loop wakes with nothing to do (for time-based read marks).
const TICK: Duration = Duration::from_secs(1);
/// Changes are saved this long after the first unsaved one, so a burst is one write.
const SAVE_DELAY: Duration = Duration::from_millis(300);

/// Runs until a quit action, a signal, or every sender is gone, and returns the signal
/// that ended it, if one did. Unsaved changes are saved before it returns; when they
/// cannot be (a full disk), the error says so.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    rx: &Receiver<Msg>,
    searcher: &mut dyn Searcher,
    save: &mut SaveFn,
    platform: &mut dyn Platform,
) -> Result<Option<i32>, String> {
    let mut pending = Pending::default();
    let mut held = Vec::new();
    let size = terminal.size().map_err(|e| e.to_string())?;
    app.update(Action::Resize(size.width, size.height));
    draw(terminal, app)?;
    let mut save_due: Option<Instant> = None;
    // Changes not saved yet, or whose save failed: tried again on the way out.
    let mut unsaved = false;
    let mut signal = None;
    loop {
        let wait = save_due.map_or(TICK, |due| {
            due.saturating_duration_since(Instant::now()).min(TICK)
        });
        let first = match rx.recv_timeout(wait) {
            Ok(msg) => Some(msg),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        app.now = Utc::now();
        let mut effects = Vec::new();
        match first {
            Some(first) => {
                for msg in std::iter::once(first).chain(rx.try_iter()) {
                    if let Msg::Signal(number) = &msg {
                        signal = Some(*number);
                    }
                    // Searches go out at once, so keys queued behind a batch act on
                    // the list as it will be (an inline searcher answers right away).
                    let handled = handle(app, &mut pending, &mut held, searcher, msg);
                    submit_search(app, searcher, &handled);
                    effects.extend(handled);
                    if effects.contains(&Effect::Quit) {
                        break;
                    }
                }
            }
            None => {
                effects.extend(app.update(Action::Tick));
                submit_search(app, searcher, &effects);
            }
        }
        for effect in &effects {
            let done = match effect {
                Effect::OpenUrl(url) => platform.open_url(url),
                Effect::Copy(text) => platform.copy(text),
                // Back from `fg` or the pager: whatever was drawn meanwhile is gone.
                Effect::Suspend => platform.suspend().and_then(|()| redraw_all(terminal)),
                Effect::Page { text, editor } => platform
                    .page(text, *editor)
                    .and_then(|()| redraw_all(terminal)),
                _ => Ok(()),
            };
            if let Err(e) = done {
                app.set_error(e);
            }
        }
        if effects.contains(&Effect::SaveState) {
            unsaved = true;
            save_due.get_or_insert_with(|| Instant::now() + SAVE_DELAY);
        }
        let quit = effects.contains(&Effect::Quit);
        if (quit && unsaved) || save_due.is_some_and(|due| Instant::now() >= due) {
            save_due = None;
            match save_now(app, save) {
                Ok(effects) => {
                    unsaved = false;
                    submit_search(app, searcher, &effects);
                }
                Err(e) if quit => return Err(not_saved(&e)),
                Err(_) => {}
            }
        }
        if quit {
            return Ok(signal);
        }
        draw(terminal, app)?;
    }
    if unsaved {
        save_now(app, save).map_err(|e| not_saved(&e))?;
    }
    Ok(signal)
}

fn not_saved(error: &str) -> String {
    format!("your changes were not saved: {error}")
}

/// Draws everything anew on the next frame (after another program had the screen).
/// `resize` clears without asking the terminal where its cursor is, an answer the
/// input thread would swallow.
fn redraw_all<B: Backend>(terminal: &mut Terminal<B>) -> Result<(), String> {
    let size = terminal.size().map_err(|e| format!("cannot redraw: {e}"))?;
    let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
    terminal
        .resize(area)
        .map_err(|e| format!("cannot redraw: {e}"))
}

/// Saves the state and adopts the merge; a failure is shown, and returned.
fn save_now(app: &mut App, save: &mut SaveFn) -> Result<Vec<Effect>, String> {
    match save(&app.state) {
        Ok((merged, notes)) => {
            if !notes.is_empty() {
                app.set_error(notes.join("; "));
            }
            Ok(app.adopt_state(merged))
        }
        Err(e) => {
            app.set_error(e.clone());
            Err(e)
        }
    }
}

/// Hands the newest search among `effects` to the searcher; an inline searcher's
/// answer is shown at once.
pub fn submit_search(app: &mut App, searcher: &mut dyn Searcher, effects: &[Effect]) {
    let Some(spec) = effects.iter().rev().find_map(|e| match e {
        Effect::Search(spec) => Some(spec.clone()),
        _ => None,
    }) else {
        return;
    };
    let request = Request {
        generation: spec.generation,
        query: spec.query,
        bookmarked_only: spec.bookmarked_only,
        bookmarked: app.state.bookmarks().keys().copied().collect(),
        read: if spec.needs_read {
            app.state.read_articles().collect()
        } else {
            Default::default()
        },
    };
    if let Some(outcome) = searcher.search(request) {
        app.update(Action::SearchResults {
            generation: outcome.generation,
            docs: outcome.docs,
            complete: outcome.complete,
        });
    }
}

fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &App) -> Result<(), String> {
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .map(|_| ())
        .map_err(|e| format!("cannot draw on the terminal: {e}"))
}

fn handle(
    app: &mut App,
    pending: &mut Pending,
    held: &mut Vec<Report>,
    searcher: &mut dyn Searcher,
    msg: Msg,
) -> Vec<Effect> {
    match msg {
        Msg::Batch {
            articles,
            files,
            segment,
        } => add_batch(app, searcher, articles, files, *segment),
        Msg::Searched(outcome) => app.update(Action::SearchResults {
            generation: outcome.generation,
            docs: outcome.docs,
            complete: outcome.complete,
        }),
        Msg::Load(LoadEvent::Started { files }) => {
            app.load_started(files);
            Vec::new()
        }
        Msg::Load(LoadEvent::Batch { articles, files }) => {
            let segment = Segment::build(&articles);
            add_batch(app, searcher, articles, files, segment)
        }
        Msg::Load(LoadEvent::Cached {
            articles,
            index,
            files,
        }) => {
            let added = app.add_articles(articles, files);
            searcher.restore(index, added.articles);
            app.search()
        }
        // What changed since the cache was written goes as a change on disk would, at
        // once: the cache's articles are all in, and what the watch saw since follows.
        Msg::Load(LoadEvent::Changed(changes)) => {
            let segments = crate::watch::segments(&changes.articles);
            watched(app, searcher, Report::Changed { changes, segments })
        }
        Msg::ChangedSince(report) => watched(app, searcher, report),
        Msg::LoadDone(mut report) => {
            let refresh = report.refresh.take();
            app.load_finished(report);
            searcher.loaded();
            let mut effects = Vec::new();
            let mut touched = Vec::new();
            for report in std::mem::take(held) {
                if let Report::Changed { changes, .. } = &report {
                    touched.extend(changes.read.iter().chain(&changes.gone).cloned());
                }
                effects.extend(watched(app, searcher, report));
            }
            // Written once the library is whole, changes since the cache included.
            if let Some(refresh) = refresh
                && let Some(Err(error)) = searcher.write_cache(app.cache_job(refresh, &touched))
            {
                app.set_error(error);
            }
            effects
        }
        Msg::CacheWritten(Err(error)) => {
            app.set_error(error);
            Vec::new()
        }
        Msg::CacheWritten(Ok(_)) => Vec::new(),
        Msg::Watch(report) if app.loading => {
            held.push(report);
            Vec::new()
        }
        Msg::Watch(report) => watched(app, searcher, report),
        Msg::Signal(_) => app.update(Action::Quit),
        Msg::Input(event) => match action_for_event(app, pending, &event) {
            Some(action) => app.update(action),
            None => Vec::new(),
        },
    }
}

/// Adds a batch to the library and the index, in the same order, and searches again.
fn add_batch(
    app: &mut App,
    searcher: &mut dyn Searcher,
    articles: Vec<Article>,
    files: usize,
    segment: Segment,
) -> Vec<Effect> {
    let added = app.add_articles(articles, files);
    searcher.add(segment, added.keep, added.articles);
    app.search()
}

/// Applies what the watch saw to the library, then the index (in the same order, so
/// their numbers agree), and searches again.
fn watched(app: &mut App, searcher: &mut dyn Searcher, report: Report) -> Vec<Effect> {
    match report {
        Report::Changed { changes, segments } => apply_changes(app, searcher, changes, segments),
        Report::Failed(error) => {
            app.set_error(error);
            Vec::new()
        }
    }
}

/// Applies changes on disk to the app and the searcher's index; `segments` are those
/// of the changes' articles, in order (`watch::segments`).
pub fn apply_changes(
    app: &mut App,
    searcher: &mut dyn Searcher,
    changes: Changes,
    segments: Vec<Segment>,
) -> Vec<Effect> {
    let (applied, effects) = app.apply_changes(changes);
    if !applied.removed.is_empty() {
        searcher.remove(applied.removed);
    }
    let mut keep = applied.added.keep.into_iter();
    let mut kept = applied.added.articles.into_iter();
    for segment in segments {
        let keep: Vec<bool> = keep.by_ref().take(segment.len()).collect();
        let count = keep.iter().filter(|k| **k).count();
        searcher.add(segment, keep, kept.by_ref().take(count).collect());
    }
    if !applied.promoted.is_empty() {
        let copies: Vec<Article> = applied.promoted.iter().map(|a| (**a).clone()).collect();
        let keep = vec![true; copies.len()];
        searcher.add(Segment::build(&copies), keep, applied.promoted);
    }
    effects
}

/// Turns a terminal event into an action, given what has focus and where things are.
pub fn action_for_event(app: &App, pending: &mut Pending, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => action_for_key(app, pending, key),
        Event::Mouse(mouse) => action_for_mouse(app, mouse),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        _ => None,
    }
}

fn action_for_key(app: &App, pending: &mut Pending, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if ctrl && key.code == KeyCode::Char('z') {
        return Some(Action::Suspend);
    }
    let help_typing = app.help_typing && app.overlay.is_some();
    if help_typing
        || matches!(
            app.focus,
            Focus::Filter | Focus::Note | Focus::Find | Focus::Link
        ) && app.overlay.is_none()
    {
        pending.clear();
        return match key.code {
            KeyCode::Enter => Some(Action::InputSubmit),
            KeyCode::Esc => Some(Action::InputCancel),
            KeyCode::Backspace => Some(Action::InputBackspace),
            KeyCode::Up if app.focus == Focus::Filter => Some(Action::MoveUp),
            KeyCode::Down if app.focus == Focus::Filter => Some(Action::MoveDown),
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                Some(Action::InputChar(c))
            }
            _ => None,
        };
    }
    pending.feed(&app.keymap, key)
}

fn action_for_mouse(app: &App, mouse: &MouseEvent) -> Option<Action> {
    let at = Position::new(mouse.column, mouse.row);
    let areas = app.areas();
    let in_list = areas.list.contains(at);
    let in_reader = areas.reader.contains(at);
    match mouse.kind {
        MouseEventKind::ScrollDown if in_list => Some(Action::ScrollList(WHEEL_LINES)),
        MouseEventKind::ScrollUp if in_list => Some(Action::ScrollList(-WHEEL_LINES)),
        MouseEventKind::ScrollDown if in_reader => Some(Action::ScrollReader(WHEEL_LINES)),
        MouseEventKind::ScrollUp if in_reader => Some(Action::ScrollReader(-WHEEL_LINES)),
        MouseEventKind::Down(MouseButton::Left) if on_divider(&areas, at.x, at.y) => {
            Some(Action::DragDivider(at.x, at.y))
        }
        MouseEventKind::Drag(MouseButton::Left) if app.dragging => {
            Some(Action::DragDivider(at.x, at.y))
        }
        MouseEventKind::Up(MouseButton::Left) if app.dragging => Some(Action::EndDrag),
        MouseEventKind::Down(MouseButton::Left) if in_list => {
            let rows: Rect = inner(areas.list);
            if rows.contains(at) {
                Some(Action::SelectRow(
                    app.list_offset + usize::from(at.y - rows.y),
                ))
            } else {
                None
            }
        }
        MouseEventKind::Down(MouseButton::Left) if areas.tabs.contains(at) => {
            tab_at(app, at.x - areas.tabs.x).map(Action::ShowView)
        }
        _ => None,
    }
}

/// The number of the view tab at column `x` of the tabs row.
fn tab_at(app: &App, x: u16) -> Option<u8> {
    let tabs = crate::ui::tabs::tabs(app);
    let view = tabs.iter().position(|(_, columns)| columns.contains(&x))?;
    u8::try_from(view + 1).ok().filter(|&n| n <= 9)
}
