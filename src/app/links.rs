//! Opening links: `o` alone opens the article's own link; with numbered links in the
//! reader it asks which, and `o` then `3` opens link [3]. Nothing is opened through a
//! shell: the runner hands the URL to the opener as one argument.

use super::{App, Effect, Focus};

/// Whether `url` may be handed to the browser.
fn openable(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

impl App {
    /// `o`: asks for a link number when the article has numbered links, else opens
    /// the article's own link.
    pub(super) fn start_open(&mut self) -> Vec<Effect> {
        if self.reader.links.is_empty() || self.selected_article().is_none() {
            return self.open_source();
        }
        self.link_input.clear();
        if self.focus != Focus::Link {
            self.focus_before_filter = self.focus;
        }
        self.focus = Focus::Link;
        Vec::new()
    }

    /// Opens the article's own link (its source URL).
    pub(super) fn open_source(&mut self) -> Vec<Effect> {
        match self.selected_article().and_then(|a| a.source.clone()) {
            Some(url) if openable(&url) => {
                self.set_message(format!("Opening {url}"));
                vec![Effect::OpenUrl(url)]
            }
            _ => {
                self.set_error("This article has no link");
                Vec::new()
            }
        }
    }

    /// A digit typed at the link prompt: opens the link once no longer number could
    /// be meant. Any other key leaves the prompt.
    pub(super) fn link_digit(&mut self, c: char) -> Vec<Effect> {
        if !c.is_ascii_digit() {
            self.link_input.clear();
            self.focus = self.focus_before_filter;
            return Vec::new();
        }
        if self.link_input.is_empty() && c == '0' {
            return Vec::new();
        }
        self.link_input.push(c);
        let typed: usize = self.link_input.parse().unwrap_or(usize::MAX);
        if typed.saturating_mul(10) > self.reader.links.len() {
            return self.open_typed_link();
        }
        Vec::new()
    }

    /// Enter at the link prompt: the link whose number was typed, or with none typed
    /// the article's own link.
    pub(super) fn open_typed_link(&mut self) -> Vec<Effect> {
        self.focus = self.focus_before_filter;
        let typed = self.link_input.take();
        if typed.is_empty() {
            return self.open_source();
        }
        let number: usize = typed.parse().unwrap_or(0);
        let Some(link) = number.checked_sub(1).and_then(|i| self.reader.links.get(i)) else {
            self.set_error(format!(
                "There is no link [{typed}]: this article has {}",
                self.reader.links.len()
            ));
            return Vec::new();
        };
        let url = link.url.clone();
        if !openable(&url) {
            self.set_error(format!(
                "Not opening [{number}]: only http and https links open"
            ));
            return Vec::new();
        }
        self.set_message(format!("Opening [{number}] {url}"));
        vec![Effect::OpenUrl(url)]
    }
}
