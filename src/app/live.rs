//! The library's messages: the loader's batches, the library cache, and files added,
//! changed or removed while the reader runs, applied to the library and the list
//! without losing the selection or the reading position. Each gives the index
//! changes that follow from it (`IndexChange`) as effects. Pure, like the rest of the
//! app: the files arrive read and parsed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::msg::{Handoff, restore};
use super::{App, Effect, Msg};
use crate::article::Article;
use crate::cache::Job;
use crate::index::Segment;
use crate::library::{Added, Changes, IndexChange, LoadEvent, LoadReport, Refresh, Replaced};
use crate::report::ProblemKind;
use crate::watch::Report;

impl App {
    /// A message of the loader, the cache or the watch.
    pub(super) fn library_msg(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Load(LoadEvent::Front { articles, total }) => {
                if self.library.is_empty() {
                    self.front = (articles, total);
                }
                Vec::new()
            }
            Msg::Load(LoadEvent::Started { files }) => {
                self.files_total = Some(files);
                Vec::new()
            }
            Msg::Load(LoadEvent::Batch { articles, files }) => {
                self.add_batch(articles, files, None)
            }
            Msg::Batch {
                articles,
                files,
                segment,
            } => self.add_batch(articles, files, Some(segment)),
            Msg::Load(LoadEvent::Cached {
                articles,
                index,
                files,
            }) => {
                let added = self.add_articles(articles, files);
                let mut effects = vec![restore(index, added.articles)];
                effects.extend(self.search());
                effects.extend(self.save_taken_marks());
                effects
            }
            // What changed since the cache was written goes as a change on disk would,
            // at once: the cache's articles are all in, and what the watch saw since
            // follows.
            Msg::Load(LoadEvent::Changed(changes)) => {
                let segments = crate::library::segments(&changes.articles);
                self.changed_since_cache(Report::Changed { changes, segments })
            }
            Msg::ChangedSince(report) => self.changed_since_cache(report),
            Msg::Watch(report) if self.loading => {
                self.held.push(report);
                Vec::new()
            }
            Msg::Watch(report) => self.watched(report),
            Msg::LoadDone(report) => self.load_done(report),
            Msg::CacheWritten(Err(error)) => {
                self.set_error(error.to_string());
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Every file is read but the load has not said it is done (its last steps: the
    /// files' stamps, the cache's list of files): the list looks whole.
    pub fn load_finishing(&self) -> bool {
        self.loading
            && self
                .files_total
                .is_some_and(|total| self.files_done >= total)
    }

    /// A batch of articles, from `files` files, arrived from the loader. Returns what
    /// the library kept, for the search index.
    fn add_articles<A: Into<Arc<Article>>>(&mut self, batch: Vec<A>, files: usize) -> Added {
        // The library stands for itself from now on.
        self.front = Default::default();
        self.files_done += files;
        let mut added = self.library.add(batch);
        self.problems.append(&mut added.duplicates);
        self.saved_marks_taken |= self.take_saved_marks(&added.articles);
        added
    }

    /// What read-later exports knew of new articles (starred, archived, highlights),
    /// taken the first time they are seen; whether anything was.
    fn take_saved_marks(&mut self, articles: &[Arc<Article>]) -> bool {
        let mut taken = false;
        for article in articles.iter().filter(|a| a.saved.is_some()) {
            taken |= self.state.take_saved_marks(article, self.now);
        }
        taken
    }

    /// The loader finished.
    fn load_finished(&mut self, report: LoadReport) {
        self.loading = false;
        self.files_total = Some(report.files);
        self.files_done = report.files;
        self.problems.extend(report.problems);
        let skipped = self
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Skipped)
            .count();
        if skipped > 0 {
            let first = self
                .problems
                .iter()
                .find(|p| p.kind == ProblemKind::Skipped)
                .map(ToString::to_string)
                .unwrap_or_default();
            let more = if skipped > 1 {
                format!(" (and {} more; ! lists them)", skipped - 1)
            } else {
                String::new()
            };
            self.set_error(format!("{skipped} skipped: {first}{more}"));
        }
    }

    /// A batch from the loader into the library, its index change, a search again.
    fn add_batch(
        &mut self,
        articles: Vec<Article>,
        files: usize,
        segment: Option<Box<Segment>>,
    ) -> Vec<Effect> {
        let added = self.add_articles(articles, files);
        let mut effects = vec![Effect::index(added.index_change(segment))];
        effects.extend(self.search());
        effects.extend(self.save_taken_marks());
        effects
    }

    /// A save, when an export's marks were taken since the last one asked for.
    fn save_taken_marks(&mut self) -> Option<Effect> {
        std::mem::take(&mut self.saved_marks_taken).then_some(Effect::SaveState)
    }

    /// The load is done: the index may shrink, the changes held meanwhile are
    /// applied, and the library cache is written when it was missing or outdated.
    fn load_done(&mut self, mut report: LoadReport) -> Vec<Effect> {
        let refresh = report.refresh.take();
        let worth_writing = crate::library::worth_writing(&report, self.cache_same, &self.problems);
        self.load_finished(report);
        let mut effects = vec![Effect::index(IndexChange::Shrink)];
        let mut touched = Vec::new();
        for report in std::mem::take(&mut self.held) {
            if let Report::Changed { changes, .. } = &report {
                touched.extend(changes.read.iter().chain(&changes.gone).cloned());
            }
            effects.extend(self.watched(report));
        }
        // Written once the library is whole, changes since the cache included;
        // unless those changed nothing (a file skipped, read again) and the watch
        // saw nothing meanwhile.
        match refresh {
            Some(refresh) if worth_writing || !touched.is_empty() => {
                effects.push(Effect::WriteCache(Handoff(
                    self.cache_job(refresh, &touched),
                )));
            }
            // In use all the same: not to be swept as forgotten.
            Some(refresh) => effects.push(Effect::TouchCache(Handoff(refresh.cache))),
            None => {}
        }
        effects
    }

    /// What changed since the library cache was written, applied as a change the
    /// watch saw; notes whether it changed the library (`cache_same`).
    fn changed_since_cache(&mut self, report: Report) -> Vec<Effect> {
        let size = |library: &crate::library::Library| (library.articles().len(), library.len());
        let before = size(&self.library);
        let effects = self.watched(report);
        self.cache_same = size(&self.library) == before;
        effects
    }

    /// What the watch saw, applied.
    pub(super) fn watched(&mut self, report: Report) -> Vec<Effect> {
        match report {
            Report::Changed { changes, segments } => self.apply_changes(changes, segments),
            Report::Failed(error) => {
                self.set_error(error.to_string());
                Vec::new()
            }
        }
    }

    /// The library cache to write, from the library as it is now (see
    /// `library::cache_job`); `touched`: what the watch saw change meanwhile.
    pub fn cache_job(&self, refresh: Refresh, touched: &[PathBuf]) -> Job {
        crate::library::cache_job(&self.library, &self.problems, refresh, touched)
    }

    /// Applies files added, changed or removed: the library drops and adds articles
    /// (and says what the index must do; `segments` are those of the changes'
    /// articles, in order), the list keeps the selected article selected (its new
    /// version, if its file changed) and the reader keeps its place in it; then the
    /// search runs again.
    fn apply_changes(&mut self, changes: Changes, segments: Vec<Segment>) -> Vec<Effect> {
        let Changes {
            gone,
            read,
            articles,
            problems,
        } = changes;
        let selected = self.shown.get(self.selected).copied();
        let before = self.selected_article().map(|a| (a.id, a.path.clone()));
        let scroll = self.reader.scroll;

        let replaced = self.library.replace(&gone, &read, articles);
        self.saved_marks_taken |= self.take_saved_marks(&replaced.added.articles);
        let mut effects: Vec<Effect> = replaced
            .index_changes(segments)
            .into_iter()
            .map(Effect::index)
            .collect();
        let Replaced {
            removed,
            mut added,
            promoted,
            files_added,
            files_changed,
            files_removed,
            successors,
        } = replaced;
        // An edited file keeps its bookmark, read mark and place in the new version.
        let mut carried = false;
        for (old, new) in successors {
            let title = self
                .library
                .index_of(new)
                .and_then(|doc| self.library.get(doc))
                .map(|a| a.title.clone())
                .unwrap_or_default();
            carried |= self.state.carry_marks(old, new, &title, self.now);
        }
        let read_set: HashSet<&Path> = read.iter().map(PathBuf::as_path).collect();
        let gone_set: HashSet<&Path> = gone.iter().map(PathBuf::as_path).collect();
        let outdated =
            |path: &Path| read_set.contains(path) || path.ancestors().any(|p| gone_set.contains(p));
        self.problems.retain(|p| !outdated(&p.path));
        let skipped = problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Skipped)
            .count();
        self.problems.extend(problems);
        self.problems.append(&mut added.duplicates);
        // A duplicate that took the place of its original is one no more.
        self.problems.retain(|p| {
            p.kind != ProblemKind::Duplicate || !promoted.iter().any(|a| a.path == p.path)
        });

        if !removed.is_empty() {
            let removed: HashSet<usize> = removed.iter().copied().collect();
            // The selected article's file changed: its new version takes its row.
            let successor = before.as_ref().and_then(|(id, path)| {
                let gone = selected.is_some_and(|doc| removed.contains(&doc));
                gone.then(|| {
                    self.library
                        .index_of(*id)
                        .or_else(|| self.library.index_of_path(path))
                })
                .flatten()
            });
            let mut row = None;
            let mut shown = Vec::with_capacity(self.shown.len());
            for (i, &doc) in self.shown.iter().enumerate() {
                let doc = match (removed.contains(&doc), successor) {
                    (false, _) => doc,
                    (true, Some(next)) if Some(doc) == selected => next,
                    (true, _) => continue,
                };
                if i == self.selected {
                    row = Some(shown.len());
                }
                shown.push(doc);
            }
            self.shown = shown;
            // A selected article that is gone for good leaves the next one selected.
            let row = row.unwrap_or(self.selected);
            if successor.is_some() {
                self.reader.id = None;
            }
            self.select(row);
            let same = self.selected_article().is_some_and(|a| {
                before
                    .as_ref()
                    .is_some_and(|(id, path)| a.id == *id || a.path == *path)
            });
            if successor.is_some() && same {
                self.reader.scroll = scroll;
                self.clamp_reader_scroll();
            }
            self.track_opening();
        }

        let mut parts = Vec::new();
        for (count, what) in [
            (files_added, "added"),
            (files_changed, "changed"),
            (files_removed, "removed"),
        ] {
            if count > 0 {
                parts.push(format!("{count} {what}"));
            }
        }
        if skipped > 0 {
            parts.push(format!("{skipped} could not be read (! lists them)"));
        }
        if !parts.is_empty() {
            let text = parts.join(", ");
            if skipped > 0 {
                self.set_error(text);
            } else {
                self.set_message(text);
            }
        }
        effects.extend(self.search());
        if carried {
            effects.push(Effect::SaveState);
        }
        effects.extend(self.save_taken_marks());
        effects
    }
}
