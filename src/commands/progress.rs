//! The progress bar of `tidings save` on a terminal: how many pages are done of how
//! many, and the URL begun last, drawn on stderr by indicatif. When it is not shown
//! (stderr is no terminal) every call does nothing; the caller decides which.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::article::sanitize_line;

pub struct Progress(Option<ProgressBar>);

impl Progress {
    pub fn new(shown: bool, total: usize) -> Progress {
        Progress(shown.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("saving {bar:24} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        }))
    }

    /// Work has begun on `url`.
    pub fn started(&self, url: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(sanitize_line(url));
        }
    }

    /// One more page is done.
    pub fn finished(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Runs `print` with the bar out of the way, so that lines written to the same
    /// terminal are not drawn over.
    pub fn above<R>(&self, print: impl FnOnce() -> R) -> R {
        match &self.0 {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// Takes the bar off the screen.
    pub fn clear(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
