//! Web pages kept as Markdown files the library reads (`tidings save`): `fetch` gets
//! one page over HTTP(S) within its limits and extracts the article the way a saved
//! page is read; `markdown` writes a draft as Markdown with front matter; `folder`
//! knows which URLs a folder already holds and adds a file to it without touching
//! any other; `pool` runs the fetches a few at once, their outcomes in order. No
//! terminal and no config here: the command's output is `commands::save`'s, and its
//! limits come from the caller.

pub mod fetch;
pub mod folder;
pub mod markdown;
pub mod one;
pub mod pool;

pub use fetch::{FetchError, Limits, Page, extract, fetch};
