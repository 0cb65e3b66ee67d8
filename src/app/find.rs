//! Finding within the article in the reader (`/`, `n`, `N`).

use super::{App, Find};

impl App {
    /// Searches the article in the reader for what was typed, and shows the first match
    /// at or below the top of the view.
    pub(super) fn start_find(&mut self) {
        let text = self.find_input.trim().to_string();
        if text.is_empty() {
            self.find = None;
            return;
        }
        let query = match crate::query::parse::parse(&text, self.now.date_naive()) {
            Ok(query) => query,
            Err(e) => {
                self.set_error(format!("find: {}", e.message));
                return;
            }
        };
        let mut find = Find {
            text,
            query,
            matches: Vec::new(),
            current: 0,
        };
        self.locate_matches(&mut find);
        if find.matches.is_empty() {
            self.set_error(format!("Not found in this article: {}", find.text));
        }
        find.current = find
            .matches
            .iter()
            .position(|m| m.0 >= self.reader.scroll)
            .unwrap_or(0);
        self.find = Some(find);
        self.show_current_match();
    }

    pub(super) fn locate_matches(&self, find: &mut Find) {
        find.matches = self
            .reader
            .lines
            .iter()
            .enumerate()
            .flat_map(|(i, line)| {
                crate::query::highlight(&line.text, &find.query)
                    .into_iter()
                    .map(move |(s, e)| (i, s, e))
            })
            .collect();
        find.current = find.current.min(find.matches.len().saturating_sub(1));
    }

    pub(super) fn step_find(&mut self, step: i64) {
        if let Some(find) = &mut self.find
            && !find.matches.is_empty()
        {
            let n = find.matches.len() as i64;
            find.current = (find.current as i64 + step).rem_euclid(n) as usize;
        }
        self.show_current_match();
    }

    /// Scrolls so the current match stands a little below the top of the view.
    pub(super) fn show_current_match(&mut self) {
        let Some(line) = self
            .find
            .as_ref()
            .and_then(|f| f.matches.get(f.current))
            .map(|m| m.0)
        else {
            return;
        };
        let height = self.reader_height();
        if line < self.reader.scroll || line >= self.reader.scroll + height {
            self.reader.scroll = line.saturating_sub(2);
            self.clamp_reader_scroll();
        }
    }
}
