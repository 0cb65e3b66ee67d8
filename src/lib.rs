//! tidings: a terminal reader for folders of saved news articles.
//!
//! Files flow one way: `loader` (one parser per format) → `article::Article` →
//! `library::Library` → `query` → `app::App` (state, `update(action)`) → `ui` (drawing).
//! `runner` is the event loop over any ratatui backend; `tui` sets up the real terminal;
//! `commands` are the scriptable subcommands on the same loader and query engine.

pub mod action;
pub mod app;
pub mod article;
pub mod atomic;
pub mod cache;
pub mod capabilities;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dates;
pub mod highlight;
pub mod index;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod links;
pub mod loader;
pub mod os_path;
pub mod query;
pub mod report;
pub mod runner;
pub mod samples;
pub mod save;
pub mod search;
pub mod state;
#[cfg(test)]
mod testing;
pub mod tui;
pub mod ui;
pub mod watch;
mod whitespace;
pub mod words;
