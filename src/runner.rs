//! The event loop, generic over the ratatui `Backend` so tests drive the real loop on a
//! `TestBackend`. Messages (terminal input, loaded batches, signals) arrive on one
//! channel; the loop drains every queued message, maps keys to actions, calls
//! `App::update`, carries out the effects, and draws once.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use chrono::Utc;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind,
};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::{Position, Rect};

use crate::action::Action;
use crate::app::{App, Effect, Focus};
use crate::keymap::Pending;
use crate::loader::{LoadEvent, LoadReport};
use crate::state::State;
use crate::ui::layout::inner;

/// Everything the loop reacts to.
pub enum Msg {
    Input(Event),
    Load(LoadEvent),
    LoadDone(LoadReport),
    /// SIGTERM, SIGHUP or SIGINT: save and quit.
    Signal(i32),
}

/// Saves the state and returns it merged with what other instances saved, with any
/// notes worth showing (a lock that could not be taken, a file moved aside).
pub type SaveFn<'a> = dyn FnMut(&State) -> Result<(State, Vec<String>), String> + 'a;

const WHEEL_LINES: i32 = 3;

/// How often the loop wakes with nothing to do (for time-based read marks).
const TICK: Duration = Duration::from_secs(1);
/// Changes are saved this long after the first unsaved one, so a burst is one write.
const SAVE_DELAY: Duration = Duration::from_millis(300);

/// Runs until a quit action, a signal, or every sender is gone. Unsaved changes are
/// saved before it returns.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    rx: &Receiver<Msg>,
    save: &mut SaveFn,
) -> Result<(), String> {
    let mut pending = Pending::default();
    let size = terminal.size().map_err(|e| e.to_string())?;
    app.update(Action::Resize(size.width, size.height));
    draw(terminal, app)?;
    let mut save_due: Option<Instant> = None;
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
                    effects.extend(handle(app, &mut pending, msg));
                    if effects.contains(&Effect::Quit) {
                        break;
                    }
                }
            }
            None => effects.extend(app.update(Action::Tick)),
        }
        if effects.contains(&Effect::SaveState) && save_due.is_none() {
            save_due = Some(Instant::now() + SAVE_DELAY);
        }
        let quit = effects.contains(&Effect::Quit);
        if save_due.is_some_and(|due| quit || Instant::now() >= due) {
            save_due = None;
            save_now(app, save);
        }
        if quit {
            return Ok(());
        }
        draw(terminal, app)?;
    }
    if save_due.is_some() {
        save_now(app, save);
    }
    Ok(())
}

fn save_now(app: &mut App, save: &mut SaveFn) {
    match save(&app.state) {
        Ok((merged, notes)) => {
            app.adopt_state(merged);
            if !notes.is_empty() {
                app.set_error(notes.join("; "));
            }
        }
        Err(e) => app.set_error(e),
    }
}

fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &App) -> Result<(), String> {
    terminal
        .draw(|frame| frame.render_widget(app, frame.area()))
        .map(|_| ())
        .map_err(|e| format!("cannot draw on the terminal: {e}"))
}

fn handle(app: &mut App, pending: &mut Pending, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Load(LoadEvent::Started { files }) => {
            app.load_started(files);
            Vec::new()
        }
        Msg::Load(LoadEvent::Batch { articles, files }) => {
            app.add_articles(articles, files);
            Vec::new()
        }
        Msg::LoadDone(report) => {
            app.load_finished(report);
            Vec::new()
        }
        Msg::Signal(_) => app.update(Action::Quit),
        Msg::Input(event) => match action_for_event(app, pending, &event) {
            Some(action) => app.update(action),
            None => Vec::new(),
        },
    }
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
    if matches!(app.focus, Focus::Filter | Focus::Note) && !app.help {
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
        MouseEventKind::Down(crossterm::event::MouseButton::Left) if in_list => {
            let rows: Rect = inner(areas.list);
            if rows.contains(at) {
                Some(Action::SelectRow(
                    app.list_offset + usize::from(at.y - rows.y),
                ))
            } else {
                None
            }
        }
        _ => None,
    }
}
