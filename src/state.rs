//! Temporary stub; replaced by the real store.
use std::collections::{BTreeMap, BTreeSet};
use chrono::{DateTime, Utc};
use crate::article::ArticleId;
#[derive(Clone, Debug, Default)]
pub struct Bookmark { pub added: DateTime<Utc>, pub title: String, pub note: Option<String> }
#[derive(Clone, Debug, Default)]
pub struct State {
    pub bookmarks: BTreeMap<ArticleId, Bookmark>,
    pub read: BTreeSet<ArticleId>,
    pub positions: BTreeMap<ArticleId, u32>,
    pub selected: Option<ArticleId>,
    pub last_filter: String,
    pub filter_history: Vec<String>,
}
impl State {
    pub fn toggle_bookmark(&mut self, id: ArticleId, title: &str, now: DateTime<Utc>) -> bool {
        if self.bookmarks.remove(&id).is_some() { false } else { self.bookmarks.insert(id, Bookmark { added: now, title: title.into(), note: None }); true }
    }
    pub fn is_bookmarked(&self, id: ArticleId) -> bool { self.bookmarks.contains_key(&id) }
    pub fn set_read(&mut self, id: ArticleId, read: bool, _now: DateTime<Utc>) { if read { self.read.insert(id); } else { self.read.remove(&id); } }
    pub fn is_read(&self, id: ArticleId) -> bool { self.read.contains(&id) }
    pub fn set_position(&mut self, id: ArticleId, line: u32) { self.positions.insert(id, line); }
    pub fn position(&self, id: ArticleId) -> u32 { self.positions.get(&id).copied().unwrap_or(0) }
}
pub struct Store { path: std::path::PathBuf }
impl Store {
    pub fn new(dir: &std::path::Path) -> Store { Store { path: dir.join("state.toml") } }
    pub fn load(&self) -> Result<(State, Vec<String>), String> { let _ = &self.path; Ok((State::default(), Vec::new())) }
    pub fn save(&self, state: &State) -> Result<State, String> { Ok(state.clone()) }
}
