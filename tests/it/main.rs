//! The one integration test binary: pure app updates, the real runner on a TestBackend
//! with snapshots, the built `tidings` binary with temporary config folders, and the
//! binary in a pseudo-terminal.

mod app;
mod cli;
mod feed;
mod panes;
mod processes;
mod pty;
mod screen;
mod state;
mod terminal;
mod views;
