//! Layout maths, below both the app and the drawing: where the panes go on a screen
//! (`panes`), an article laid out as lines for a width (`wrap`), long articles cut
//! into windows (`window`), where the view tabs sit (`tabs`), and the reader's text
//! as one string for highlights (`passage`). Pure functions of
//! sizes and text: no `App`, no terminal, no styles.

pub mod panes;
pub mod passage;
pub mod tabs;
pub mod window;
pub mod wrap;
