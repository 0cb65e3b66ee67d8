//! The list pane's state beyond the selection: which columns it shows, how it is
//! grouped (by source or by day, with a heading row per group), and the mapping
//! between list rows (headings included) and shown articles.

use chrono::{DateTime, NaiveDate, Utc};

use super::App;
use crate::article::Article;

/// The optional columns beside the title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Columns {
    pub date: bool,
    pub minutes: bool,
    pub source: bool,
    /// The article's tags, where the row has room for them beside the title.
    pub tags: bool,
}

impl Default for Columns {
    fn default() -> Self {
        Columns::CYCLE[0]
    }
}

impl Columns {
    /// The sets `c` steps through, widest first.
    pub const CYCLE: [Columns; 4] = [
        Columns {
            date: true,
            minutes: true,
            source: true,
            tags: true,
        },
        Columns {
            date: true,
            minutes: false,
            source: true,
            tags: false,
        },
        Columns {
            date: true,
            minutes: false,
            source: false,
            tags: false,
        },
        Columns {
            date: false,
            minutes: false,
            source: false,
            tags: false,
        },
    ];

    /// As kept in the state file: "date,minutes,source,tags".
    pub fn name(self) -> String {
        let mut names = Vec::new();
        for (on, name) in [
            (self.date, "date"),
            (self.minutes, "minutes"),
            (self.source, "source"),
            (self.tags, "tags"),
        ] {
            if on {
                names.push(name);
            }
        }
        names.join(",")
    }

    /// Reads [`Columns::name`]'s form; unknown names are ignored.
    pub fn from_name(text: &str) -> Columns {
        let has = |name: &str| text.split(',').any(|c| c.trim() == name);
        Columns {
            date: has("date"),
            minutes: has("minutes"),
            source: has("source"),
            tags: has("tags"),
        }
    }

    fn next(self) -> Columns {
        let at = Columns::CYCLE.iter().position(|&c| c == self);
        Columns::CYCLE[at.map_or(0, |i| (i + 1) % Columns::CYCLE.len())]
    }
}

/// How the list is grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Group {
    #[default]
    None,
    Source,
    Day,
}

impl App {
    /// How many articles the filter matches: those shown, or, while only a first
    /// screenful of a long list is in, how many it said there are in all (a saved
    /// link whose page is in the library too is counted as well until the whole
    /// list shows it as that page).
    pub fn matched_count(&self) -> usize {
        match (self.search_complete, self.search_total) {
            (false, Some(total)) => total.max(self.shown.len()),
            _ => self.shown.len(),
        }
    }

    /// The cache's front page, while it stands for the list: the library is still
    /// loading and nothing is shown yet, and the list asked for is the whole library
    /// newest first (no filter, view, other order, bookmarks only or groups), which
    /// is what the front page holds. With it, how many articles the cache holds, and
    /// which of them is selected: the one saved last time, if it is there (as the
    /// list will select it).
    pub fn preview(&self) -> Option<(&[Article], usize, usize)> {
        let sort = self.query.sort.or(self.sort);
        let plain = self.query.is_empty()
            && self.view_query.is_empty()
            && matches!(sort, None | Some(crate::query::ast::Sort::DateNewest))
            && !self.bookmarked_only
            && self.group == Group::None;
        let (front, total) = &self.front;
        let selected = front
            .iter()
            .position(|a| Some(a.id) == self.restore)
            .unwrap_or(0);
        (self.loading && self.shown.is_empty() && plain && !front.is_empty()).then_some((
            front.as_slice(),
            *total,
            selected,
        ))
    }
}

impl Group {
    pub fn name(self) -> Option<&'static str> {
        match self {
            Group::None => None,
            Group::Source => Some("source"),
            Group::Day => Some("day"),
        }
    }

    pub fn from_name(name: &str) -> Group {
        match name {
            "source" => Group::Source,
            "day" => Group::Day,
            _ => Group::None,
        }
    }
}

/// A group of consecutive shown articles under one heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupHead {
    /// Position in `shown` of the group's first article.
    pub first: usize,
    pub count: usize,
    pub label: String,
}

/// What a row of the list holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// The heading of `groups[i]`.
    Heading(usize),
    /// The shown article at this position.
    Article(usize),
}

/// The name of an article's source, as the list shows it: its site or its link's
/// host, never its author.
pub fn source_label(article: &Article) -> &str {
    article.source_name().unwrap_or("")
}

/// What a day's heading says: "Today", "Yesterday", else the weekday and date.
fn day_label(date: Option<NaiveDate>, now: DateTime<Utc>) -> String {
    let Some(day) = date else {
        return "Undated".to_string();
    };
    let today = now.date_naive();
    let date = day.format("%A %-d %B %Y").to_string();
    match (today - day).num_days() {
        0 => format!("Today, {date}"),
        1 => format!("Yesterday, {date}"),
        _ => date,
    }
}

impl App {
    /// Orders `shown` so each group's articles are together (keeping the search's
    /// order within a group) and finds the groups.
    pub(super) fn group_shown(&mut self) {
        self.groups.clear();
        if self.group == Group::None || self.shown.is_empty() {
            return;
        }
        let library = &self.library;
        let article = |i: usize| library.get(i);
        match self.group {
            // Named sources first, alphabetically; the unnamed last. One key per
            // article, not per comparison: 100,000 rows regroup in milliseconds.
            Group::Source => self.shown.sort_by_cached_key(|&i| {
                let name = article(i).map_or("", source_label);
                (name.is_empty(), name.to_lowercase())
            }),
            Group::Day => self
                .shown
                .sort_by_key(|&i| std::cmp::Reverse(article(i).and_then(|a| a.date))),
            Group::None => {}
        }
        let now = self.now;
        let label = |i: usize| match (self.group, article(i)) {
            (Group::Source, Some(a)) => match source_label(a) {
                "" => "Unknown source".to_string(),
                name => name.to_string(),
            },
            (Group::Day, Some(a)) => day_label(a.date, now),
            _ => String::new(),
        };
        let mut groups: Vec<GroupHead> = Vec::new();
        for (position, &index) in self.shown.iter().enumerate() {
            let name = label(index);
            match groups.last_mut() {
                Some(last) if last.label == name => last.count += 1,
                _ => groups.push(GroupHead {
                    first: position,
                    count: 1,
                    label: name,
                }),
            }
        }
        self.groups = groups;
    }

    /// How many rows the list has, headings included.
    pub fn row_count(&self) -> usize {
        self.shown.len() + self.groups.len()
    }

    /// What is on list row `row`.
    pub fn row(&self, row: usize) -> Option<Row> {
        if self.groups.is_empty() {
            return (row < self.shown.len()).then_some(Row::Article(row));
        }
        // The last group whose heading is at or above `row`: group g's heading is on
        // row `first + g`, which grows with g.
        let (mut low, mut high) = (0, self.groups.len());
        while low < high {
            let mid = (low + high) / 2;
            if self.groups[mid].first + mid <= row {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        let g = low.checked_sub(1)?;
        let head = &self.groups[g];
        let heading_row = head.first + g;
        if row == heading_row {
            return Some(Row::Heading(g));
        }
        let position = row - g - 1;
        (position < head.first + head.count).then_some(Row::Article(position))
    }

    /// The row on which the shown article at `position` stands.
    pub fn row_of(&self, position: usize) -> usize {
        if self.groups.is_empty() {
            return position;
        }
        let g = self.groups.partition_point(|head| head.first <= position);
        position + g
    }

    pub(super) fn cycle_columns(&mut self) {
        self.columns = self.columns.next();
        self.state.layout.columns = Some(self.columns.name());
        let name = self.columns.name();
        self.set_message(if name.is_empty() {
            "Columns: the title alone".to_string()
        } else {
            format!("Columns: title, {}", name.replace(',', ", "))
        });
    }

    pub(super) fn cycle_group(&mut self) {
        self.group = match self.group {
            Group::None => Group::Source,
            Group::Source => Group::Day,
            Group::Day => Group::None,
        };
        self.state.layout.group = self.group.name().map(str::to_string);
        self.set_message(match self.group {
            Group::None => "Not grouped",
            Group::Source => "Grouped by source",
            Group::Day => "Grouped by day",
        });
    }
}
