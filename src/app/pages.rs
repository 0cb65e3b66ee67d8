//! Saving web pages from the reader: `A` asks for a URL, `f` fetches the page of a
//! saved link (an export's entry not fetched yet). The page is saved off the UI
//! thread (`Effect::SavePage`); when its file is written and read, the article comes
//! into the library as a change on disk would, and is selected.

use super::{App, Effect, Focus, PageSaved};
use crate::report::ProblemKind;
use crate::watch::Report;

impl App {
    /// `A`: the URL prompt.
    pub(super) fn ask_url(&mut self) {
        self.url_input.clear();
        if self.focus != Focus::Url {
            self.focus_before_filter = self.focus;
        }
        self.focus = Focus::Url;
    }

    /// Enter at the URL prompt.
    pub(super) fn save_typed_url(&mut self) -> Vec<Effect> {
        self.focus = self.focus_before_filter;
        let url = self.url_input.take().trim().to_string();
        if url.is_empty() {
            return Vec::new();
        }
        self.start_saving(url)
    }

    /// `f`: the page of the selected saved link.
    pub(super) fn fetch_article(&mut self) -> Vec<Effect> {
        let Some(article) = self.selected_article() else {
            return Vec::new();
        };
        let source = article.source.clone().filter(|s| s.starts_with("http"));
        match (article.link_only, source) {
            (true, Some(url)) => self.start_saving(url),
            (true, None) => {
                self.set_error("This saved link has no web address to fetch");
                Vec::new()
            }
            (false, _) => {
                self.set_message("This article's text is here already (f fetches saved links)");
                Vec::new()
            }
        }
    }

    fn start_saving(&mut self, url: String) -> Vec<Effect> {
        self.saving += 1;
        self.set_message(format!(
            "Saving {}…",
            crate::layout::wrap::truncate(&url, 60)
        ));
        vec![Effect::SavePage(url)]
    }

    /// A page was saved (or not): its article comes in and is selected.
    pub(super) fn page_saved(&mut self, saved: PageSaved) -> Vec<Effect> {
        self.saving = self.saving.saturating_sub(1);
        let file = match saved.result {
            Ok(file) => file,
            Err(why) => {
                self.set_error(format!("Could not save {}: {why}", saved.url));
                return Vec::new();
            }
        };
        let id = file.articles.first().map(|a| a.id);
        let path = file.path.display().to_string();
        let changes = crate::library::Changes {
            read: vec![file.path.clone()],
            articles: file.articles,
            ..crate::library::Changes::default()
        };
        let mut effects = self.watched(Report::Changed {
            changes,
            segments: file.segments,
        });
        // Selected once the search that follows shows it.
        if let Some(id) = id {
            self.restore = Some(id);
            if let Some(doc) = self.library.index_of(id)
                && let Some(row) = self.shown.iter().position(|&d| d == doc)
            {
                self.select(row);
            }
        }
        let unread = self
            .problems
            .iter()
            .any(|p| p.kind == ProblemKind::Skipped && p.path == std::path::Path::new(&path));
        if unread {
            self.set_error(format!("Saved to {path}, but it could not be read back"));
        } else if file.already {
            self.set_message(format!("Saved before: {path}"));
        } else {
            self.set_message(format!("Saved → {path}"));
        }
        effects.push(Effect::SaveState);
        effects
    }
}
