//! The one door into the app: everything that changes what the app holds arrives as a
//! `Msg` through `App::update` (keys and mouse, the loader's batches, the library
//! cache, changes on disk, search answers, saves, signals), and everything the app
//! wants done leaves as an `Effect` for the runner to carry out. The runner calls no
//! other method of the app.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use crossterm::event::Event;

use crate::action::Action;
use crate::article::Article;
use crate::cache::Job;
use crate::index::{Index, Segment};
use crate::library::{IndexChange, LoadEvent, LoadReport};
use crate::search::{Outcome, Request};
use crate::state::{State, StateError};
use crate::watch::Report;

/// The state as saved (merged with what other instances saved, with notes worth
/// showing), or why it could not be (shared: the runner reports it too on the way out).
pub type SaveResult = Result<(State, Vec<String>), Arc<StateError>>;

/// Everything the app reacts to.
pub enum Msg {
    /// A key, a mouse event or a resize from the terminal, mapped here through the
    /// keymap (and what is under the pointer) to an action.
    Input(Event),
    /// An action, as a key would give it.
    Action(Action),
    /// The time now: the runner's clock, once each time it wakes.
    Clock(DateTime<Utc>),
    /// What the loader tells as it goes; a batch without its index segment.
    Load(LoadEvent),
    /// A batch from the loader with its index segment, built on the loader's thread.
    Batch {
        articles: Vec<Article>,
        files: usize,
        segment: Box<Segment>,
    },
    /// The loader is done.
    LoadDone(LoadReport),
    /// Files added, changed or removed while running (held until the load is done).
    Watch(Report),
    /// What changed since the library cache was written, read and indexed on the
    /// loader's thread: applied at once.
    ChangedSince(Report),
    /// A search finished.
    Searched(Outcome),
    /// The library cache was written (or not): what to say of it.
    CacheWritten(crate::cache::Written),
    /// The state was saved: merged with what other instances saved, with notes worth
    /// showing; or why it could not be.
    Saved(Box<SaveResult>),
    /// Something to tell as an error: an effect that failed (the browser, the
    /// clipboard, the pager), a note from the start (a state file moved aside).
    Error(String),
    /// SIGTERM, SIGHUP or SIGINT: save and quit.
    Signal(i32),
    /// A web page saved (`A`, `f`) off the UI thread, or why it could not be.
    PageSaved(Box<PageSaved>),
}

/// A page saved into the library: its URL, and its file read and indexed, or why not.
pub struct PageSaved {
    pub url: String,
    pub result: Result<SavedFile, String>,
}

/// The file a page was saved in (or that held it already), with its articles read
/// and their index segments built, as the watch would.
pub struct SavedFile {
    pub path: std::path::PathBuf,
    pub already: bool,
    pub articles: Vec<Article>,
    pub segments: Vec<Segment>,
}

impl From<Action> for Msg {
    fn from(action: Action) -> Msg {
        Msg::Action(action)
    }
}

/// What the runner must do after an update.
#[derive(Debug, PartialEq, Eq)]
pub enum Effect {
    SaveState,
    /// Run this query (on the search thread) and answer with `Msg::Searched`.
    Search(Request),
    /// Bring the search index in step with the library (see `IndexChange`).
    Index(Handoff<IndexChange>),
    /// Write the library cache with the index as it is once the changes before this
    /// one are in; answer with `Msg::CacheWritten`.
    WriteCache(Handoff<Job>),
    /// Mark the library cache as in use, not written again (`cache::Cache::touch`).
    TouchCache(Handoff<crate::cache::Cache>),
    /// Open this URL in the system's browser.
    OpenUrl(String),
    /// Put this text on the terminal's clipboard (OSC 52).
    Copy(String),
    /// Give the terminal back to the shell until resumed.
    Suspend,
    /// Save the web page at this URL into the library, off the UI thread; answer with
    /// `Msg::PageSaved`.
    SavePage(String),
    /// Show this text in the pager (or, with `editor`, the editor), then come back.
    Page {
        text: String,
        editor: bool,
    },
    Quit,
}

/// Work handed to another thread. It carries articles, so effects holding it are
/// equal only when they are the same one.
#[derive(Debug)]
pub struct Handoff<T>(pub T);

impl<T> PartialEq for Handoff<T> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl<T> Eq for Handoff<T> {}

impl Effect {
    pub(super) fn index(change: IndexChange) -> Effect {
        Effect::Index(Handoff(change))
    }
}

/// What the runner's searcher needs to restore a library cache's index.
pub(super) fn restore(index: Option<Box<Index>>, articles: Vec<std::sync::Arc<Article>>) -> Effect {
    Effect::index(IndexChange::Restore { index, articles })
}
