//! The event loop, generic over the ratatui `Backend` so tests drive the real loop on a
//! `TestBackend`. Messages (terminal input, loaded batches, changes on disk, search
//! answers, signals) arrive on one channel; the loop drains every queued message into
//! `App::update`, the one door, carries out the effects it returns (the index changes
//! and searches go to the searcher, saves and links to the system), and draws once.
//! It calls no other method of the app, and reads its state only to save and draw it
//! (and, on the way out, to hear out a load that was finishing: `finish_load`).

use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::Utc;
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::action::Action;
pub use crate::app::Msg;
use crate::app::{App, Effect, Handoff};
use crate::search::Searcher;
use crate::state::{State, StateError};

/// What the loop asks of the system around it: a browser, a clipboard. Tests pass a
/// recording fake; `tui` passes the real thing.
pub trait Platform {
    fn open_url(&mut self, url: &str) -> Result<(), PlatformError>;
    fn copy(&mut self, text: &str) -> Result<(), PlatformError>;
    /// Hands the terminal back to the shell until the job is resumed (Ctrl-Z, `fg`).
    fn suspend(&mut self) -> Result<(), PlatformError> {
        Ok(())
    }
    /// Shows `text` in the pager (or the editor) on the whole terminal, then returns.
    fn page(&mut self, text: &str, editor: bool) -> Result<(), PlatformError>;
    /// Starts saving the web page at `url` into the library, off this thread; the
    /// answer comes on the runner's channel as `Msg::PageSaved`.
    fn save_page(&mut self, url: &str) -> Result<(), PlatformError> {
        let _ = url;
        Err(PlatformError::NoSaving)
    }
}

/// What the system around the reader could not do (shown on the status line).
#[derive(Debug, thiserror::Error)]
pub enum PlatformError {
    /// A browser, pager or editor that could not be started.
    #[error("cannot start {program}: {source}")]
    Start {
        program: String,
        #[source]
        source: std::io::Error,
    },
    /// A pager or editor that ended in failure.
    #[error("{program} ended with {status}")]
    Ended {
        program: String,
        status: std::process::ExitStatus,
    },
    /// The file handed to the pager or editor could not be written.
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot copy: {0}")]
    Copy(#[source] std::io::Error),
    #[error("cannot suspend: {0}")]
    Suspend(#[source] std::io::Error),
    #[error("cannot take the terminal back: {0}")]
    TakeBack(#[source] std::io::Error),
    #[error("no folder to save pages in: set save_dir (or library) in config.toml")]
    NoSaving,
}

/// Why the loop could not go on, or an effect could not be carried out. The
/// terminal's own errors are kept as text: the backend's error type is the backend's.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The terminal's size could not be read at the start.
    #[error("{0}")]
    Size(String),
    #[error("cannot redraw: {0}")]
    Redraw(String),
    #[error("cannot draw on the terminal: {0}")]
    Draw(String),
    /// Quitting with changes that could not be saved.
    #[error("your changes were not saved: {0}")]
    NotSaved(#[source] Arc<StateError>),
    #[error(transparent)]
    Platform(#[from] PlatformError),
}

/// Saves the state and returns it merged with what other instances saved, with any
/// notes worth showing (a lock that could not be taken, a file moved aside).
pub type SaveFn<'a> = dyn FnMut(&State) -> Result<(State, Vec<String>), StateError> + 'a;

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
) -> Result<Option<i32>, RunError> {
    let size = terminal.size().map_err(|e| RunError::Size(e.to_string()))?;
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
        let mut answers = Vec::new();
        for effect in &effects {
            let done = match effect {
                Effect::OpenUrl(url) => platform.open_url(url).map_err(RunError::from),
                Effect::Copy(text) => platform.copy(text).map_err(RunError::from),
                // Back from `fg` or the pager: whatever was drawn meanwhile is gone.
                Effect::Suspend => platform
                    .suspend()
                    .map_err(RunError::from)
                    .and_then(|()| redraw_all(terminal)),
                // A save that cannot start is answered as one that failed.
                Effect::SavePage(url) => match platform.save_page(url) {
                    Ok(()) => Ok(()),
                    Err(e) => {
                        answers.push(Msg::PageSaved(Box::new(crate::app::PageSaved {
                            url: url.clone(),
                            result: Err(e.to_string()),
                        })));
                        Ok(())
                    }
                },
                Effect::TouchCache(Handoff(cache)) => {
                    cache.touch();
                    Ok(())
                }
                Effect::Page { text, editor } => platform
                    .page(text, *editor)
                    .map_err(RunError::from)
                    .and_then(|()| redraw_all(terminal)),
                _ => Ok(()),
            };
            if let Err(e) = done {
                failed.push(e);
            }
        }
        for error in failed {
            update(app, searcher, Msg::Error(error.to_string()));
        }
        for answer in answers {
            update(app, searcher, answer);
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
                Err(e) if quit => return Err(RunError::NotSaved(e)),
                Err(_) => {}
            }
        }
        if quit {
            return Ok(signal);
        }
        draw(terminal, app)?;
    }
    if unsaved {
        save_now(app, searcher, save).map_err(RunError::NotSaved)?;
    }
    Ok(signal)
}

/// How a quit's wait for the end of the load went (see [`finish_load`]).
#[derive(Debug, PartialEq, Eq)]
pub enum Finished {
    /// The load ended; its cache write, if any, was handed to the searcher.
    Done,
    /// A signal ended the wait (its number).
    Signal(i32),
    /// The load did not end within the wait.
    TimedOut,
}

/// After a quit, the end of a load that had read every file but not yet said it was
/// done (its last steps: the files' stamps, the list of files for the cache), so that
/// the library cache is written: the list looked whole, and a quit then must not
/// leave the next start to read every file again. The loader's messages are applied
/// as before (the cache holds every article), only their index changes and cache
/// write carried out; the rest (keys) is dropped. For the caller to call when
/// `App::load_finishing` says so: a load with files left to read is not waited for.
pub fn finish_load(
    app: &mut App,
    rx: &Receiver<Msg>,
    searcher: &mut dyn Searcher,
    wait: Duration,
) -> Finished {
    let until = Instant::now() + wait;
    while app.loading {
        let msg = match rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
            Ok(msg) => msg,
            Err(_) => return Finished::TimedOut,
        };
        let effects = match msg {
            Msg::Signal(number) => return Finished::Signal(number),
            Msg::Load(_)
            | Msg::Batch { .. }
            | Msg::ChangedSince(_)
            | Msg::Watch(_)
            | Msg::LoadDone(_) => app.update(msg),
            _ => continue,
        };
        let wanted = effects.into_iter().filter_map(|effect| match effect {
            Effect::TouchCache(Handoff(cache)) => {
                cache.touch();
                None
            }
            Effect::Index(_) | Effect::WriteCache(_) => Some(effect),
            _ => None,
        });
        forward(app, searcher, wanted.collect());
    }
    Finished::Done
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

/// Draws everything anew on the next frame (after another program had the screen).
/// `resize` clears without asking the terminal where its cursor is, an answer the
/// input thread would swallow.
fn redraw_all<B: Backend>(terminal: &mut Terminal<B>) -> Result<(), RunError> {
    let redraw = |e: B::Error| RunError::Redraw(e.to_string());
    let size = terminal.size().map_err(redraw)?;
    let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
    terminal.resize(area).map_err(redraw)
}

/// Saves the state and hands the outcome to the app (which adopts the merge, or
/// shows the failure); the failure is returned too.
fn save_now(
    app: &mut App,
    searcher: &mut dyn Searcher,
    save: &mut SaveFn,
) -> Result<(), Arc<StateError>> {
    let saved = save(&app.state).map_err(Arc::new);
    let failed = saved.as_ref().err().cloned();
    update(app, searcher, Msg::Saved(Box::new(saved)));
    failed.map_or(Ok(()), Err)
}

fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &App) -> Result<(), RunError> {
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .map(|_| ())
        .map_err(|e| RunError::Draw(e.to_string()))
}
