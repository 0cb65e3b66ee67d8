//! The keywords that may stand before a colon in a query (`title:`, `after:`, ...),
//! what each allows after it, and the near misses that get a suggestion.

use crate::query::ast::Field;

/// The keywords that may stand before a colon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keyword {
    Field(Field),
    After,
    Before,
    On,
    Newer,
    Older,
    Is,
    Sort,
}

pub(super) const ALLOWED_DATES: &str = "use yyyy, yyyy-mm or yyyy-mm-dd";
pub(super) const ALLOWED_AGES: &str =
    "use a number then d, w, m or y (days, weeks, months, years), e.g. 7d";
pub(super) const ALLOWED_STATES: &str = "use bookmarked, unread or read";
pub(super) const ALLOWED_SORTS: &str = "use date, -date, title, -title or relevance";

impl Keyword {
    /// What may follow the keyword's colon, for messages.
    pub(super) fn allowed(self) -> &'static str {
        match self {
            Keyword::Field(_) => "give a word or a \"phrase\"",
            Keyword::After | Keyword::Before | Keyword::On => ALLOWED_DATES,
            Keyword::Newer | Keyword::Older => ALLOWED_AGES,
            Keyword::Is => ALLOWED_STATES,
            Keyword::Sort => ALLOWED_SORTS,
        }
    }

    pub(super) fn from_key(key: &str) -> Option<Keyword> {
        const KEYWORDS: [(&str, Keyword); 12] = [
            ("title", Keyword::Field(Field::Title)),
            ("author", Keyword::Field(Field::Author)),
            ("source", Keyword::Field(Field::Source)),
            ("tag", Keyword::Field(Field::Tag)),
            ("path", Keyword::Field(Field::Path)),
            ("after", Keyword::After),
            ("before", Keyword::Before),
            ("on", Keyword::On),
            ("newer", Keyword::Newer),
            ("older", Keyword::Older),
            ("is", Keyword::Is),
            ("sort", Keyword::Sort),
        ];
        KEYWORDS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(key))
            .map(|&(_, keyword)| keyword)
    }
}

/// The keyword `key` is a slip of the keyboard for, if it looks like one: letters
/// only, at least four of them, and one edit (two from six letters on) away from a
/// keyword. Anything else before a colon ("10:30", "https:", "re:") stays a word.
pub(super) fn misspelt_keyword(key: &str) -> Option<&'static str> {
    const NAMES: [&str; 12] = [
        "title", "author", "source", "tag", "path", "after", "before", "on", "newer", "older",
        "is", "sort",
    ];
    let len = key.len();
    if !(4..=12).contains(&len) || !key.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let most = if len >= 6 { 2 } else { 1 };
    let key = key.to_ascii_lowercase();
    NAMES
        .iter()
        .map(|name| (edit_distance(&key, name), *name))
        .filter(|&(d, _)| d <= most)
        .min_by_key(|&(d, _)| d)
        .map(|(_, name)| name)
}

/// Edits (insert, delete, replace, swap two neighbours) from `a` to `b`, both ASCII.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}
