//! Layout maths, below both the app and the drawing: where the panes go on a screen
//! (`panes`), an article laid out as lines for a width (`wrap`), long articles cut
//! into windows (`window`), and where the view tabs sit (`tabs`). Pure functions of
//! sizes and text: no `App`, no terminal, no styles.

pub mod panes;
pub mod tabs;
pub mod window;
pub mod wrap;
