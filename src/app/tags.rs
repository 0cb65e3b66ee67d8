//! Tagging in the reader: `t` opens the tag prompt for the selected article, `T` for
//! every article shown. What is typed is words: `name` gives the tag, `-name` takes it
//! off; Tab completes the last word from the tags in use (the files' and the
//! reader's, most used first). Tagging all shown says how many and is taken back with
//! `U` while its message shows.

use std::collections::HashMap;

use super::{App, Effect, Focus, Undo};
use crate::action::Action;
use crate::article::ArticleId;
use crate::state::{clean_tag, same_tag};

/// Where Tab stands in the tag prompt: the word it completes and the candidate shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    pub typed: String,
    pub candidates: Vec<String>,
    pub at: usize,
}

impl App {
    /// Opens the tag prompt: for the selected article, or (`all`) for every one shown.
    pub(super) fn open_tags(&mut self, all: bool) -> Vec<Effect> {
        if (all && self.shown.is_empty()) || (!all && self.selected_article().is_none()) {
            self.set_message("No article to tag");
            return Vec::new();
        }
        self.tag_all = all;
        self.tag_input.clear();
        self.completion = None;
        if !matches!(self.focus, Focus::Tags) {
            self.focus_before_filter = self.focus;
        }
        self.focus = Focus::Tags;
        Vec::new()
    }

    /// The tags in use, most used first, then A–Z: the files' and the reader's.
    pub fn tags_in_use(&self) -> Vec<String> {
        let mut counts: HashMap<String, (String, usize)> = HashMap::new();
        let mut count = |tag: &str, n: usize| {
            let entry = counts
                .entry(tag.to_lowercase())
                .or_insert_with(|| (tag.to_string(), 0));
            entry.1 += n;
        };
        for doc in 0..self.library.len() {
            if let Some(article) = self.library.get(doc).filter(|_| self.library.is_live(doc)) {
                article.tags.iter().for_each(|t| count(t, 1));
            }
        }
        for (tag, n) in self.state.tag_counts() {
            count(&tag, n);
        }
        let mut tags: Vec<(String, usize)> = counts.into_values().collect();
        tags.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
        });
        tags.into_iter().map(|(tag, _)| tag).collect()
    }

    /// Tab: the last word becomes the next tag in use that starts with what was typed.
    pub(super) fn complete_tag(&mut self) {
        let text = self.tag_input.to_string();
        let start = text.rfind(' ').map_or(0, |i| i + 1);
        let word = &text[start..];
        let (sign, stem) = match word.strip_prefix('-') {
            Some(stem) => ("-", stem),
            None => ("", word.trim_start_matches('#')),
        };
        let continuing = self
            .completion
            .as_ref()
            .is_some_and(|c| c.candidates.get(c.at).is_some_and(|tag| tag == stem));
        if continuing {
            if let Some(c) = &mut self.completion {
                c.at = (c.at + 1) % c.candidates.len().max(1);
            }
        } else {
            let typed = stem.to_lowercase();
            let candidates: Vec<String> = self
                .tags_in_use()
                .into_iter()
                .filter(|tag| tag.to_lowercase().starts_with(&typed))
                // A file's tag of several words cannot be typed as one.
                .filter(|tag| clean_tag(tag).as_deref() == Some(tag.as_str()))
                .collect();
            if candidates.is_empty() {
                self.set_message(format!("No tag in use starts with “{stem}”"));
                return;
            }
            self.completion = Some(Completion {
                typed: stem.to_string(),
                candidates,
                at: 0,
            });
        }
        if let Some(tag) = self
            .completion
            .as_ref()
            .and_then(|c| c.candidates.get(c.at))
        {
            self.tag_input.set(format!("{}{sign}{tag}", &text[..start]));
        }
    }

    /// Enter at the tag prompt: the typed words applied to the article (or to all
    /// shown), and what changed said.
    pub(super) fn apply_tags(&mut self) -> Vec<Effect> {
        self.focus = self.focus_before_filter;
        self.completion = None;
        let typed = self.tag_input.take();
        let ids: Vec<ArticleId> = if self.tag_all {
            let shown = self.shown.iter().filter_map(|&doc| self.library.get(doc));
            shown.map(|a| a.id).collect()
        } else {
            self.selected_id().into_iter().collect()
        };
        let (mut adds, mut removes, mut refused) = (Vec::new(), Vec::new(), Vec::new());
        for word in typed.split_whitespace() {
            let (remove, name) = match word.strip_prefix('-') {
                Some(name) => (true, name),
                None => (false, word),
            };
            match clean_tag(name) {
                Some(tag) if remove => removes.push(tag),
                Some(tag) => adds.push(tag),
                None => refused.push(word.to_string()),
            }
        }
        if !refused.is_empty() {
            self.set_error(format!(
                "Not a tag: {} (a tag is one word: no spaces or commas)",
                refused.join(" ")
            ));
            return Vec::new();
        }
        if adds.is_empty() && removes.is_empty() {
            return Vec::new();
        }
        let (mut added, mut removed, mut kept) = (Vec::new(), Vec::new(), 0);
        for &id in &ids {
            let file_tags = self
                .library
                .by_id(id)
                .map(|a| a.tags.clone())
                .unwrap_or_default();
            for tag in &adds {
                if file_tags.iter().any(|t| same_tag(t, tag)) {
                    continue;
                }
                if self.state.add_tag(id, tag, self.now) {
                    added.push((id, tag.clone()));
                }
            }
            for tag in &removes {
                if self.state.remove_tag(id, tag, self.now) {
                    removed.push((id, tag.clone()));
                } else if file_tags.iter().any(|t| same_tag(t, tag)) {
                    kept += 1;
                }
            }
        }
        let mut said: Vec<String> = adds.iter().map(|t| format!("+{t}")).collect();
        said.extend(removes.iter().map(|t| format!("-{t}")));
        let said = said.join(" ");
        let changed = !added.is_empty() || !removed.is_empty();
        if kept > 0 {
            self.set_error(format!(
                "{said}: a tag the file gives stays (it is in the file)"
            ));
        } else if !changed {
            self.set_message(format!("{said}: nothing to change"));
        } else if self.tag_all {
            let undo = self.key_name(&Action::Undo);
            self.set_message(format!(
                "Tagged {} articles {said} · {undo} undoes",
                ids.len()
            ));
            self.undo = Some(Undo::Tags { added, removed });
        } else {
            self.set_message(format!("Tagged {said}"));
        }
        if !changed {
            return Vec::new();
        }
        self.relayout();
        let mut effects = self.search();
        effects.push(Effect::SaveState);
        effects
    }

    /// `U` after tagging all shown: every tag given is taken off, every one taken off
    /// given back.
    pub(super) fn undo_tags(
        &mut self,
        added: Vec<(ArticleId, String)>,
        removed: Vec<(ArticleId, String)>,
    ) -> Vec<Effect> {
        for (id, tag) in &added {
            self.state.remove_tag(*id, tag, self.now);
        }
        for (id, tag) in &removed {
            self.state.add_tag(*id, tag, self.now);
        }
        let articles = {
            let mut ids: Vec<ArticleId> = added.iter().chain(&removed).map(|(id, _)| *id).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.len()
        };
        self.set_message(format!("Tags of {articles} articles as they were"));
        self.relayout();
        let mut effects = self.search();
        effects.push(Effect::SaveState);
        effects
    }
}
