//! The filter bar and views: parsing what is typed, the history, and the query handed
//! to the searcher (a view's query and the filter's together).

use super::{App, Effect};
use crate::query::Query;
use crate::query::ast::Sort;
use crate::search::Request;

impl App {
    /// Asks for the current query to be run again (new articles, a new view).
    pub(super) fn search(&mut self) -> Vec<Effect> {
        self.generation += 1;
        let mut query = combine(&self.view_query, &self.query);
        if self.query.sort.is_none()
            && let Some(sort) = self.sort
        {
            query.sort = Some(sort);
        }
        // The marks the query may need go with it: the search thread has no state.
        let read = if uses_read_marks(&query) {
            self.state.read_articles().collect()
        } else {
            Default::default()
        };
        vec![Effect::Search(Request {
            generation: self.generation,
            query,
            bookmarked_only: self.bookmarked_only,
            bookmarked: self.state.bookmarks().keys().copied().collect(),
            read,
            tagged: self.state.tagged(),
        })]
    }

    /// The name of the view shown.
    pub fn view_name(&self) -> &str {
        match self.view {
            0 => "All",
            n => self.views.get(n - 1).map_or("All", |v| v.name.as_str()),
        }
    }

    pub(super) fn switch_view(&mut self, step: i64) -> Vec<Effect> {
        let count = self.views.len() as i64 + 1;
        self.go_to_view((self.view as i64 + step).rem_euclid(count) as usize)
    }

    /// Shows view `view` (0 is All).
    pub(super) fn go_to_view(&mut self, view: usize) -> Vec<Effect> {
        if view > self.views.len() {
            self.set_error(format!(
                "There is no view {}: {} are set up (views in config.toml)",
                view + 1,
                self.views.len() + 1
            ));
            return Vec::new();
        }
        self.view = view;
        self.view_query = match self.view {
            0 => Query::default(),
            n => self
                .views
                .get(n - 1)
                .and_then(|v| crate::query::parse::parse(&v.query, self.now.date_naive()).ok())
                .unwrap_or_default(),
        };
        self.set_message(format!("View: {}", self.view_name()));
        self.search()
    }

    /// Parses the filter as typed: a good query is searched for, a bad one leaves the
    /// last good result on screen and its error under the filter bar.
    pub(super) fn apply_filter(&mut self) -> Vec<Effect> {
        match crate::query::parse::parse(&self.filter, self.now.date_naive()) {
            Ok(query) => {
                self.query_error = None;
                self.query = query;
                self.search()
            }
            Err(error) => {
                self.query_error = Some(error);
                Vec::new()
            }
        }
    }

    /// Steps through the filter history: back (-1) to older filters, forward (1) to
    /// newer ones and finally to what was being typed.
    pub(super) fn browse_history(&mut self, step: i64) -> Vec<Effect> {
        let history = self.state.filter_history();
        if history.is_empty() {
            return Vec::new();
        }
        let next = match (self.history_at, step < 0) {
            (None, true) => {
                self.history_draft = self.filter.to_string();
                Some(history.len() - 1)
            }
            (None, false) => return Vec::new(),
            (Some(at), true) => Some(at.saturating_sub(1)),
            (Some(at), false) => (at + 1 < history.len()).then_some(at + 1),
        };
        self.history_at = next;
        self.filter.set(match next {
            Some(at) => history[at].clone(),
            None => std::mem::take(&mut self.history_draft),
        });
        self.apply_filter()
    }

    /// A list of bookmarks (`B`, or a view or filter that asks for `is:bookmarked`)
    /// in no order asked for shows the latest bookmarked first.
    pub(super) fn order_bookmarks(&mut self) {
        let query = combine(&self.view_query, &self.query);
        let asked = query.sort.is_some() || self.sort.is_some() || query.has_free_text;
        if asked || !(self.bookmarked_only || asks_for_bookmarks(&query)) {
            return;
        }
        let (library, bookmarks) = (&self.library, self.state.bookmarks());
        self.shown.sort_by_cached_key(|&i| {
            let added = library
                .get(i)
                .and_then(|a| bookmarks.get(&a.id))
                .map(|b| b.added);
            std::cmp::Reverse(added)
        });
    }

    pub(super) fn clear_filter(&mut self) -> Vec<Effect> {
        self.filter.clear();
        self.state.last_filter.clear();
        self.apply_filter()
    }
}

/// How the `s` order is named in messages.
pub fn sort_name(sort: Option<Sort>) -> &'static str {
    match sort {
        None => "as the query says (relevance for words, else newest first)",
        Some(Sort::DateNewest) => "newest first",
        Some(Sort::DateOldest) => "oldest first",
        Some(Sort::TitleAz) => "by title",
        Some(Sort::TitleZa) => "by title, Z to A",
        Some(Sort::Relevance) => "best match first",
    }
}

/// A view's query and the filter's, both to hold; the filter's order wins.
pub(super) fn combine(view: &Query, filter: &Query) -> Query {
    use crate::query::ast::Expr;
    let root = match (&view.root, &filter.root) {
        (Some(v), Some(f)) => Some(Expr::And(vec![v.clone(), f.clone()])),
        (v, f) => v.clone().or_else(|| f.clone()),
    };
    Query {
        root,
        sort: filter.sort.or(view.sort),
        has_free_text: view.has_free_text || filter.has_free_text,
    }
}

/// Whether a query asks about read marks, so the search needs them.
pub(super) fn uses_read_marks(query: &Query) -> bool {
    use crate::query::ast::{Expr, StateFilter};
    pub(super) fn walk(e: &Expr) -> bool {
        match e {
            Expr::And(items) | Expr::Or(items) => items.iter().any(walk),
            Expr::Not(inner) => walk(inner),
            Expr::Is(state) => matches!(state, StateFilter::Read | StateFilter::Unread),
            Expr::Term(_) | Expr::Date(_) => false,
        }
    }
    query.root.as_ref().is_some_and(walk)
}

/// Whether every article a query matches must be bookmarked (`is:bookmarked`, alone
/// or in an AND).
fn asks_for_bookmarks(query: &Query) -> bool {
    use crate::query::ast::{Expr, StateFilter};
    fn walk(e: &Expr) -> bool {
        match e {
            Expr::And(items) => items.iter().any(walk),
            Expr::Or(items) => !items.is_empty() && items.iter().all(walk),
            Expr::Is(StateFilter::Bookmarked) => true,
            _ => false,
        }
    }
    query.root.as_ref().is_some_and(walk)
}
