//! The status line's message: shown, kept in the log the problems list (`!`) shows
//! whole, and taken away after a few seconds of the runner's clock (`App::now`).

use chrono::{DateTime, Utc};

use super::App;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    /// When it was first shown (the first update after it was set; `None` until then).
    pub since: Option<DateTime<Utc>>,
}

/// How long a message shows, and an error.
pub const MESSAGE_SECONDS: i64 = 5;
pub const ERROR_SECONDS: i64 = 10;
/// How many messages the problems list (`!`) keeps, newest first.
pub const MESSAGE_LOG: usize = 30;

impl App {
    pub fn set_message(&mut self, text: impl Into<String>) {
        self.show_message(text.into(), false);
    }

    pub fn set_error(&mut self, text: impl Into<String>) {
        self.show_message(text.into(), true);
    }

    /// Shows a message on the status line, and keeps it in the log `!` shows (where a
    /// long one can be read whole).
    fn show_message(&mut self, text: String, error: bool) {
        self.undo = None;
        self.confirming = false;
        let message = Message {
            text,
            error,
            since: None,
        };
        self.log.insert(0, message.clone());
        self.log.truncate(MESSAGE_LOG);
        self.message = Some(message);
    }

    /// Starts the clock of a new message, and takes an old one away (with the undo
    /// or question that went with it).
    pub(super) fn age_message(&mut self) {
        let Some(message) = &mut self.message else {
            return;
        };
        let Some(since) = message.since else {
            // Before the runner sets the clock, time does not run.
            if self.now > DateTime::<Utc>::UNIX_EPOCH {
                message.since = Some(self.now);
            }
            return;
        };
        let limit = if message.error {
            ERROR_SECONDS
        } else {
            MESSAGE_SECONDS
        };
        if (self.now - since).num_seconds() >= limit {
            self.message = None;
            self.undo = None;
            self.confirming = false;
        }
    }
}
