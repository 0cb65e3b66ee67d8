//! The event loop, generic over the ratatui `Backend` so tests drive the real loop on a
//! `TestBackend`. Messages (terminal input, loaded batches, changes on disk, search
//! answers, signals) arrive on one channel; the loop drains every queued message into
//! `App::update`, the one door, carries out the effects it returns (the index changes
//! and searches go to the searcher, saves and links to the system), and draws once.
//! It calls no other method of the app, and reads its state only to save and draw it.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::Utc;
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::action::Action;
pub use crate::app::Msg;
use crate::app::{App, Effect, Handoff};
use crate::search::Searcher;
use crate::state::State;

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
    let size = terminal.size().map_err(|e| e.to_string())?;
    let resized = app.update(Action::Resize(size.width, size.height));
    forward(app, searcher, resized);
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
        let mut effects = update(app, searcher, Msg::Clock(Utc::now()));
        match first {
            Some(first) => {
                for msg in std::iter::once(first).chain(rx.try_iter()) {
                    if let Msg::Signal(number) = &msg {
                        signal = Some(*number);
                    }
                    // Index changes and searches go out at once, so keys queued behind
                    // a batch act on the list as it will be.
                    effects.extend(update(app, searcher, msg));
                    if effects.contains(&Effect::Quit) {
                        break;
                    }
                }
            }
            None => effects.extend(update(app, searcher, Msg::Action(Action::Tick))),
        }
        let mut failed = Vec::new();
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
                failed.push(e);
            }
        }
        for error in failed {
            update(app, searcher, Msg::Error(error));
        }
        if effects.contains(&Effect::SaveState) {
            unsaved = true;
            save_due.get_or_insert_with(|| Instant::now() + SAVE_DELAY);
        }
        let quit = effects.contains(&Effect::Quit);
        if (quit && unsaved) || save_due.is_some_and(|due| Instant::now() >= due) {
            save_due = None;
            match save_now(app, searcher, save) {
                Ok(()) => unsaved = false,
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
        save_now(app, searcher, save).map_err(|e| not_saved(&e))?;
    }
    Ok(signal)
}

/// Hands a message to the app and forwards what it asks of the searcher; returns the
/// other effects.
fn update(app: &mut App, searcher: &mut dyn Searcher, msg: Msg) -> Vec<Effect> {
    let effects = app.update(msg);
    forward(app, searcher, effects)
}

/// Hands the index changes and cache writes among `effects` to the searcher, in
/// order, then the newest search; answers that come at once (an inline searcher's)
/// go back to the app. Returns the other effects, those of the answers included.
pub fn forward(app: &mut App, searcher: &mut dyn Searcher, effects: Vec<Effect>) -> Vec<Effect> {
    let mut rest = Vec::new();
    let mut search = None;
    let mut answers = Vec::new();
    for effect in effects {
        match effect {
            Effect::Index(Handoff(change)) => searcher.apply(change),
            Effect::WriteCache(Handoff(job)) => {
                if let Some(written) = searcher.write_cache(job) {
                    answers.push(Msg::CacheWritten(written));
                }
            }
            // Only the newest search matters.
            Effect::Search(request) => search = Some(request),
            other => rest.push(other),
        }
    }
    if let Some(request) = search
        && let Some(outcome) = searcher.search(request)
    {
        answers.push(Msg::Searched(outcome));
    }
    for msg in answers {
        rest.extend(update(app, searcher, msg));
    }
    rest
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

/// Saves the state and hands the outcome to the app (which adopts the merge, or
/// shows the failure); the failure is returned too.
fn save_now(app: &mut App, searcher: &mut dyn Searcher, save: &mut SaveFn) -> Result<(), String> {
    let saved = save(&app.state);
    let failed = saved.as_ref().err().cloned();
    update(app, searcher, Msg::Saved(Box::new(saved)));
    failed.map_or(Ok(()), Err)
}

fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &App) -> Result<(), String> {
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .map(|_| ())
        .map_err(|e| format!("cannot draw on the terminal: {e}"))
}
