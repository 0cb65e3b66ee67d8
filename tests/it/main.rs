//! The one integration test binary: pure app updates, the real runner on a TestBackend
//! with snapshots, the built `tidings` binary with temporary config folders, the
//! binary in a pseudo-terminal, the real watch on temporary folders, and the README's
//! shell examples run against the binary.

mod app;
mod architecture;
mod cache;
mod cli;
mod exports;
mod feed;
mod highlights;
mod huge;
mod live;
mod panes;
mod processes;
mod pty;
mod readme;
mod save;
mod save_from;
mod screen;
mod state;
mod tags;
mod terminal;
mod views;
mod watch;
mod web;
