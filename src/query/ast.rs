//! The typed syntax tree of the filter language, as produced by
//! [`crate::query::parse::parse`]. Plain data plus small helpers: no parsing, no
//! matching against articles and no I/O here (the engine interprets the tree).
//!
//! Words and phrases hold *normalised* tokens (see [`crate::words`]): compare them with
//! [`crate::words::fold`] of the article's tokens, or with
//! [`crate::words::strip_diacritics_keep_case`] when [`Term::case_sensitive`] is set.

use chrono::NaiveDate;

/// A parsed query. The empty query (`root == None`) matches every article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The filter; `None` when the query has no filter at all (match everything).
    pub root: Option<Expr>,
    /// The requested order; the last `sort:` wins. `None` lets the engine choose
    /// (relevance when [`Query::has_free_text`], else newest first).
    pub sort: Option<Sort>,
    /// Whether a positive (non-negated) word or phrase without a field occurs, i.e.
    /// whether ranking by relevance makes sense.
    pub has_free_text: bool,
}

/// A filter expression. `And` and `Or` always hold at least two operands; a group
/// of one is stored as that one expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// Every operand matches (words separated by spaces).
    And(Vec<Expr>),
    /// At least one operand matches (`a | b | c`).
    Or(Vec<Expr>),
    /// The operand does not match (`-x` or `!x`).
    Not(Box<Expr>),
    /// A word or phrase, optionally restricted to one field.
    Term(Term),
    /// The article's date lies in the range.
    Date(DateRange),
    /// The article is in the given state.
    Is(StateFilter),
}

/// A word (one token) or phrase (several tokens, in order, adjacent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The field to search, or `None` for any text of the article.
    pub field: Option<Field>,
    /// The tokens, never empty: [`crate::words::fold`]ed, or diacritic-stripped with
    /// their case kept when `case_sensitive`.
    pub tokens: Vec<String>,
    /// Smart case: the term as typed contains a capital letter, so it matches only
    /// the same case (diacritics are still ignored).
    pub case_sensitive: bool,
    /// The word is still being typed (the last word of the input, with no
    /// whitespace after it): its last token matches any token starting with it.
    pub prefix: bool,
    /// Char columns `start..end` in the input of the term as typed, with its field
    /// name and quotes but without a leading `-` or `!`.
    pub span: (usize, usize),
}

impl Term {
    /// More than one token: the tokens must occur in order, adjacent.
    pub fn is_phrase(&self) -> bool {
        self.tokens.len() > 1
    }

    /// The tokens as the index holds them (folded), each with whether it is a prefix
    /// (only the last, while it is typed).
    pub fn folded(&self) -> impl Iterator<Item = (String, bool)> + '_ {
        let last = self.tokens.len().saturating_sub(1);
        self.tokens
            .iter()
            .enumerate()
            .map(move |(i, token)| (crate::words::fold(token), self.prefix && i == last))
    }
}

/// A field of an article that a term can be restricted to (`title:` etc.).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Author,
    /// The source: its URL or the site or feed name.
    Source,
    Tag,
    /// The article's file path.
    Path,
}

impl Field {
    /// The field's keyword, without the colon.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Author => "author",
            Field::Source => "source",
            Field::Tag => "tag",
            Field::Path => "path",
        }
    }
}

/// Dates `from` (inclusive) `until` (exclusive); a missing bound is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl DateRange {
    /// Whether `date` lies in the range.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| date >= f) && self.until.is_none_or(|u| date < u)
    }
}

/// The order of the results (`sort:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sort {
    /// `sort:date`
    DateNewest,
    /// `sort:-date`
    DateOldest,
    /// `sort:title`
    TitleAz,
    /// `sort:-title`
    TitleZa,
    /// `sort:relevance`
    Relevance,
}

/// A reading state (`is:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StateFilter {
    Bookmarked,
    Read,
    Unread,
}

impl Query {
    /// Whether the query filters nothing (it may still set a sort order).
    pub fn is_empty(&self) -> bool {
        self.root.is_none()
    }

    /// The positive (not negated) terms, in input order, for highlighting matches.
    /// Includes terms with a field; callers highlighting one field can filter on
    /// [`Term::field`].
    pub fn highlight_terms(&self) -> Vec<&Term> {
        let mut out = Vec::new();
        if let Some(root) = &self.root {
            collect_positive(root, &mut out);
        }
        out
    }
}

fn collect_positive<'a>(expr: &'a Expr, out: &mut Vec<&'a Term>) {
    match expr {
        Expr::And(items) | Expr::Or(items) => {
            for item in items {
                collect_positive(item, out);
            }
        }
        Expr::Term(term) => out.push(term),
        Expr::Not(_) | Expr::Date(_) | Expr::Is(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn date_range_bounds() {
        let r = DateRange {
            from: Some(d(2023, 10, 1)),
            until: Some(d(2023, 11, 1)),
        };
        assert!(r.contains(d(2023, 10, 1)));
        assert!(r.contains(d(2023, 10, 31)));
        assert!(!r.contains(d(2023, 11, 1)));
        assert!(!r.contains(d(2023, 9, 30)));
        let open = DateRange {
            from: None,
            until: None,
        };
        assert!(open.contains(d(1900, 1, 1)));
    }

    #[test]
    fn field_names() {
        assert_eq!(Field::Title.name(), "title");
        assert_eq!(Field::Path.name(), "path");
    }
}
