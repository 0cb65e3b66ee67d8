//! Parsing the filter language into a [`Query`] (see [`crate::query::ast`]).
//!
//! ```text
//! query   := group*                      all groups must match (implicit AND)
//! group   := unary ("|" unary)*          any operand matches; binds tighter than AND
//! unary   := ("-" | "!")? primary        exclude (no space after the sign)
//! primary := '"' text '"'                phrase
//!          | field ":" (word | phrase)   title: author: source: tag: path:
//!          | "#" (word | phrase)         the same as tag:, when a letter or '"' follows
//!          | ("after" | "before" | "on") ":" yyyy[-mm[-dd]]
//!          | ("newer" | "older") ":" N(d|w|m|y)
//!          | "is:" (bookmarked | unread | read)
//!          | "sort:" (date | -date | title | -title | relevance)
//!          | word                        any other run of non-space characters
//! ```
//!
//! A word is a run of characters other than whitespace, `"` and `|`; a `key:` whose key
//! is not one of the keywords above is an ordinary word ("10:30", "re:", "https:"),
//! except a near miss of one ("authr:x", four letters or more followed by a value),
//! which is an error that suggests the keyword. Keywords are
//! ASCII case-insensitive. A `#` opens a tag only at the start of a term and before a
//! letter or a quote: `#`, `#12`, `C#` and `issue#12` are ordinary words. Words are split into tokens and normalised by
//! [`crate::words`]; a word of several tokens ("co-op", "東京") is a phrase.
//!
//! Pure: no I/O, no clock (the caller passes `today`), no panics on any input, and
//! linear in the input's length.

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

pub use super::error::QueryError;
use super::error::{Fail, Parsed, fail, quote};
use super::keyword::{ALLOWED_SORTS, ALLOWED_STATES, Keyword, misspelt_keyword};
use super::lexer::{Parser, Value};
use crate::query::ast::{DateRange, Expr, Field, Query, Sort, StateFilter, Term};
use crate::words;

/// Parse `input`; relative dates (`newer:7d`) count back from `today`.
/// An empty or all-whitespace input is the empty query, which matches everything.
pub fn parse(input: &str, today: NaiveDate) -> Result<Query, QueryError> {
    let mut parser = Parser::new(input, today);
    match parser.query() {
        Ok(query) => Ok(query),
        Err(Fail { column, message }) => {
            let byte = parser.offsets.get(column).copied().unwrap_or(input.len());
            let display_column = input.get(..byte).map_or(0, UnicodeWidthStr::width);
            Err(QueryError {
                column,
                display_column,
                message,
            })
        }
    }
}

/// One operand of a group: a filter, or a `sort:` directive (which filters nothing).
enum Item {
    /// `None` for a word or phrase without tokens (only punctuation): it filters
    /// nothing and is dropped.
    Filter(Option<Expr>),
    Sort(Sort),
}

impl<'a> Parser<'a> {
    fn query(&mut self) -> Parsed<Query> {
        let mut all = Vec::new();
        loop {
            self.skip_whitespace();
            let Some(c) = self.peek() else { break };
            if c == '|' {
                return fail(self.pos, "nothing before '|'".to_owned());
            }
            if let Some(expr) = self.group()? {
                all.push(expr);
            }
        }
        let root = match all.len() {
            0 => None,
            1 => all.pop(),
            _ => Some(Expr::And(all)),
        };
        let mut query = Query {
            root,
            sort: self.sort,
            has_free_text: false,
        };
        query.has_free_text = query.highlight_terms().iter().any(|t| t.field.is_none());
        Ok(query)
    }

    /// `unary ("|" unary)*`, at a non-space char other than `|`.
    fn group(&mut self) -> Parsed<Option<Expr>> {
        let first = self.unary()?;
        if !self.pipe_follows() {
            // The common case, without the vector.
            return Ok(match first.1 {
                Item::Sort(sort) => {
                    self.sort = Some(sort);
                    None
                }
                Item::Filter(expr) => expr,
            });
        }
        let mut items = vec![first];
        while self.pipe_follows() {
            self.skip_whitespace();
            let pipe = self.pos;
            self.pos += 1;
            self.skip_whitespace();
            if self.at_end() || self.peek() == Some('|') {
                return fail(pipe, "nothing after '|'".to_owned());
            }
            items.push(self.unary()?);
        }
        let mut exprs = Vec::with_capacity(items.len());
        for (column, item) in items {
            match item {
                Item::Sort(_) => {
                    return fail(column, "'sort:' can't be combined with '|'".to_owned());
                }
                Item::Filter(expr) => exprs.extend(expr),
            }
        }
        Ok(match exprs.len() {
            0 => None,
            1 => exprs.pop(),
            _ => Some(Expr::Or(exprs)),
        })
    }

    /// `("-" | "!")? primary`, at a non-space char other than `|`. Returns the
    /// column where the item starts (its sign, if any) and the item, negated.
    fn unary(&mut self) -> Parsed<(usize, Item)> {
        let start = self.pos;
        let negated = matches!(self.peek(), Some('-' | '!'));
        if negated {
            self.pos += 1;
            match self.peek() {
                None => {
                    let sign = self.slice(start, start + 1);
                    return fail(start, format!("nothing after '{sign}'"));
                }
                Some(c) if c.is_whitespace() || c == '|' => {
                    let sign = self.slice(start, start + 1);
                    return fail(
                        start,
                        format!("'{sign}' must be followed by a word, with no space"),
                    );
                }
                Some(_) => {}
            }
        }
        let item = self.primary()?;
        if !negated {
            return Ok((start, item));
        }
        match item {
            Item::Sort(_) => {
                let sign = self.slice(start, start + 1);
                fail(
                    start,
                    format!("'{sign}' can't apply to 'sort:'; use sort:-date or sort:-title"),
                )
            }
            Item::Filter(expr) => Ok((start, Item::Filter(expr.map(negate)))),
        }
    }

    /// A phrase, a `key:value` or a word, at a char that is not whitespace or `|`.
    fn primary(&mut self) -> Parsed<Item> {
        let start = self.pos;
        if self.peek() == Some('"') {
            let (text, end) = self.quoted()?;
            return Ok(Item::Filter(make_term(text, None, (start, end), false)));
        }
        if self.peek() == Some('#')
            && self
                .chars
                .get(start + 1)
                .is_some_and(|&c| c.is_alphabetic() || c == '"')
        {
            return self.hashtag();
        }
        let mut colon = None;
        while let Some(c) = self.peek() {
            if c.is_whitespace() || c == '"' || c == '|' {
                break;
            }
            if c == ':' && colon.is_none() {
                colon = Some(self.pos);
            }
            self.pos += 1;
        }
        let end = self.pos;
        let keyword = colon
            .filter(|&k| k > start)
            .and_then(|k| Some((k, Keyword::from_key(self.slice(start, k))?)));
        let Some((colon, keyword)) = keyword else {
            if let Some(k) = colon.filter(|&k| k > start)
                && (k + 1 < end || self.peek() == Some('"'))
                && let Some(meant) = misspelt_keyword(self.slice(start, k))
            {
                return fail(
                    start,
                    format!(
                        "unknown field '{}:'; did you mean '{meant}:'?",
                        self.slice(start, k)
                    ),
                );
            }
            let at_end = end == self.chars.len();
            let text = self.slice(start, end);
            return Ok(Item::Filter(make_term(text, None, (start, end), at_end)));
        };
        let key = self.slice(start, colon + 1).to_ascii_lowercase();
        let value = if colon + 1 < end {
            Value {
                text: self.slice(colon + 1, end),
                column: colon + 1,
                quoted: false,
            }
        } else if self.peek() == Some('"') {
            let column = self.pos;
            let (text, _) = self.quoted()?;
            Value {
                text,
                column,
                quoted: true,
            }
        } else {
            return fail(
                start,
                format!("nothing after '{key}'; {}", keyword.allowed()),
            );
        };
        let span = (start, self.pos);
        match keyword {
            Keyword::Field(field) => {
                let prefix = !value.quoted && self.at_end();
                Ok(Item::Filter(make_term(
                    value.text,
                    Some(field),
                    span,
                    prefix,
                )))
            }
            Keyword::After => {
                let (first, _) = self.date(&key, &value)?;
                Ok(date_filter(DateRange {
                    from: Some(first),
                    until: None,
                }))
            }
            Keyword::Before => {
                let (first, _) = self.date(&key, &value)?;
                Ok(date_filter(DateRange {
                    from: None,
                    until: Some(first),
                }))
            }
            Keyword::On => {
                let (first, after_last) = self.date(&key, &value)?;
                Ok(date_filter(DateRange {
                    from: Some(first),
                    until: Some(after_last),
                }))
            }
            Keyword::Newer => {
                let date = self.age(&key, &value)?;
                Ok(date_filter(DateRange {
                    from: Some(date),
                    until: None,
                }))
            }
            Keyword::Older => {
                let date = self.age(&key, &value)?;
                Ok(date_filter(DateRange {
                    from: None,
                    until: Some(date),
                }))
            }
            Keyword::Is => match value.text.to_ascii_lowercase().as_str() {
                "bookmarked" => Ok(state_filter(StateFilter::Bookmarked)),
                "unread" => Ok(state_filter(StateFilter::Unread)),
                "read" => Ok(state_filter(StateFilter::Read)),
                _ => fail(
                    value.column,
                    format!(
                        "unknown state {} in 'is:'; {ALLOWED_STATES}",
                        quote(value.text)
                    ),
                ),
            },
            Keyword::Sort => match value.text.to_ascii_lowercase().as_str() {
                "date" => Ok(Item::Sort(Sort::DateNewest)),
                "-date" => Ok(Item::Sort(Sort::DateOldest)),
                "title" => Ok(Item::Sort(Sort::TitleAz)),
                "-title" => Ok(Item::Sort(Sort::TitleZa)),
                "relevance" => Ok(Item::Sort(Sort::Relevance)),
                _ => fail(
                    value.column,
                    format!(
                        "unknown order {} in 'sort:'; {ALLOWED_SORTS}",
                        quote(value.text)
                    ),
                ),
            },
        }
    }

    /// `#name` or `#"a phrase"` at the `#`: the same as `tag:` with that value.
    fn hashtag(&mut self) -> Parsed<Item> {
        let start = self.pos;
        self.pos += 1;
        if self.peek() == Some('"') {
            let (text, end) = self.quoted()?;
            return Ok(Item::Filter(make_term(
                text,
                Some(Field::Tag),
                (start, end),
                false,
            )));
        }
        while let Some(c) = self.peek() {
            if c.is_whitespace() || c == '"' || c == '|' {
                break;
            }
            self.pos += 1;
        }
        let text = self.slice(start + 1, self.pos);
        let prefix = self.at_end();
        Ok(Item::Filter(make_term(
            text,
            Some(Field::Tag),
            (start, self.pos),
            prefix,
        )))
    }
}

/// A word or phrase as an expression; `None` when `text` holds no tokens.
fn make_term(text: &str, field: Option<Field>, span: (usize, usize), prefix: bool) -> Option<Expr> {
    let case_sensitive = text.chars().any(char::is_uppercase);
    let tokens: Vec<String> = words::tokens(text)
        .map(|t| {
            let word = t.text(text);
            if case_sensitive {
                words::strip_diacritics_keep_case(word)
            } else {
                words::fold(word)
            }
        })
        .collect();
    if tokens.is_empty() {
        return None;
    }
    Some(Expr::Term(Term {
        field,
        tokens,
        case_sensitive,
        prefix,
        span,
    }))
}

fn date_filter(range: DateRange) -> Item {
    Item::Filter(Some(Expr::Date(range)))
}

fn state_filter(state: StateFilter) -> Item {
    Item::Filter(Some(Expr::Is(state)))
}

/// `Not(expr)`, except that read and unread are each other's negation.
fn negate(expr: Expr) -> Expr {
    match expr {
        Expr::Is(StateFilter::Read) => Expr::Is(StateFilter::Unread),
        Expr::Is(StateFilter::Unread) => Expr::Is(StateFilter::Read),
        other => Expr::Not(Box::new(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 3, 31).unwrap_or_default()
    }

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    fn ok(input: &str) -> Query {
        match parse(input, today()) {
            Ok(q) => q,
            Err(e) => panic!("{input:?} failed: {e}"),
        }
    }

    fn err(input: &str) -> QueryError {
        match parse(input, today()) {
            Ok(q) => panic!("{input:?} parsed: {q:?}"),
            Err(e) => e,
        }
    }

    /// A compact rendering: terms as `field:tok tok*` (`"…"` for phrases, `*` for
    /// prefix, `^` for case-sensitive), `-x`, `(a | b)`, and-ed items by spaces.
    fn show_expr(e: &Expr) -> String {
        match e {
            Expr::And(items) => items.iter().map(show_expr).collect::<Vec<_>>().join(" "),
            Expr::Or(items) => {
                let inner: Vec<String> = items.iter().map(show_expr).collect();
                format!("({})", inner.join(" | "))
            }
            Expr::Not(inner) => format!("-{}", show_expr(inner)),
            Expr::Term(t) => {
                let mut s = String::new();
                if let Some(f) = t.field {
                    s.push_str(f.name());
                    s.push(':');
                }
                if t.case_sensitive {
                    s.push('^');
                }
                if t.is_phrase() {
                    s.push_str(&format!("\"{}\"", t.tokens.join(" ")));
                } else {
                    s.push_str(&t.tokens.join(" "));
                }
                if t.prefix {
                    s.push('*');
                }
                s
            }
            Expr::Date(r) => format!(
                "date:{}..{}",
                r.from.map(|d| d.to_string()).unwrap_or_default(),
                r.until.map(|d| d.to_string()).unwrap_or_default()
            ),
            Expr::Is(s) => format!("is:{s:?}"),
        }
    }

    fn show(input: &str) -> String {
        ok(input).root.as_ref().map(show_expr).unwrap_or_default()
    }

    fn fails_at(input: &str, column: usize, message: &str) {
        let e = err(input);
        assert_eq!(
            (e.column, e.message.as_str()),
            (column, message),
            "for {input:?}"
        );
        // Lowercase apart from the quoted text as typed.
        let unquoted: String = e.message.split('\'').step_by(2).collect();
        assert_eq!(unquoted, unquoted.to_lowercase(), "message not lowercase");
    }

    #[test]
    fn empty_query_matches_everything() {
        for input in ["", " ", "\t \n"] {
            let q = ok(input);
            assert_eq!(q, Query::default());
            assert!(q.is_empty());
            assert!(q.highlight_terms().is_empty());
        }
    }

    #[test]
    fn words_are_and_ed_and_folded() {
        assert_eq!(show("cafe"), "cafe*");
        assert_eq!(show("café crème "), "cafe creme");
        assert_eq!(show("one two three"), "one two three*");
        let q = ok("one two");
        assert!(q.has_free_text);
        assert_eq!(q.sort, None);
    }

    #[test]
    fn prefix_only_on_last_word_without_trailing_space() {
        assert_eq!(show("brexit vot"), "brexit vot*");
        assert_eq!(show("brexit vote "), "brexit vote");
        assert_eq!(show("brexit vote\t"), "brexit vote");
        assert_eq!(show("\"brexit vote\""), "\"brexit vote\"");
        assert_eq!(show("vote -brex"), "vote -brex*");
        assert_eq!(show("a | b"), "(a | b*)");
        assert_eq!(show("title:bre"), "title:bre*");
        assert_eq!(show("title:\"bre\""), "title:bre");
        assert_eq!(show("bre is:unread"), "bre is:Unread");
        assert_eq!(show("bre sort:date"), "bre");
    }

    #[test]
    fn smart_case() {
        assert_eq!(show("ÄRGER "), "^ARGER");
        assert_eq!(show("ärger "), "arger");
        assert_eq!(show("Zürich "), "^Zurich");
        assert_eq!(show("iPhone NASA nasa "), "^iPhone ^NASA nasa");
        assert_eq!(show("\"New York\" "), "^\"New York\"");
        assert_eq!(show("Title:biden "), "title:biden");
        assert_eq!(show("title:Biden "), "title:^Biden");
        assert_eq!(show("東京 "), "\"東 京\"");
        let q = ok("ÄRGER ärger");
        let terms = q.highlight_terms();
        assert!(terms[0].case_sensitive);
        assert!(!terms[1].case_sensitive);
    }

    #[test]
    fn multi_token_words_are_phrases() {
        assert_eq!(show("co-op "), "\"co op\"");
        assert_eq!(show("Putin’s "), "^Putin's");
        assert_eq!(show("putin's "), "putin's");
        assert_eq!(show("U.S. "), "^\"U S\"");
        assert_eq!(show("東京の朝 "), "\"東 京 の 朝\"");
        assert_eq!(show("10:30 re: "), "\"10 30\" re");
        assert_eq!(show("http://x.org/a "), "\"http x org a\"");
    }

    #[test]
    fn punctuation_only_words_are_dropped() {
        assert_eq!(show("... — a"), "a*");
        assert_eq!(ok("...").root, None);
        assert_eq!(ok("\"\" \" \"").root, None);
        assert_eq!(show("a | ..."), "a");
        assert_eq!(show("-... a"), "a*");
        assert_eq!(show("title:... a"), "a*");
        assert_eq!(show("-- a"), "a*");
    }

    #[test]
    fn phrases() {
        assert_eq!(show("\"exact phrase\""), "\"exact phrase\"");
        assert_eq!(show("\"one\""), "one");
        assert_eq!(show("x\"a b\"y"), "x \"a b\" y*");
        let q = ok("\"a b\" c");
        assert_eq!(q.highlight_terms()[0].span, (0, 5));
        assert_eq!(q.highlight_terms()[1].span, (6, 7));
    }

    #[test]
    fn exclusion() {
        assert_eq!(show("a -b "), "a -b");
        assert_eq!(show("a !b "), "a -b");
        assert_eq!(show("-\"a phrase\""), "-\"a phrase\"");
        assert_eq!(show("-title:x "), "-title:x");
        assert_eq!(show("!tag:sports"), "-tag:sports*");
        assert_eq!(show("wow! a-b "), "wow \"a b\"");
        let q = ok("-a -b");
        assert!(!q.has_free_text);
        assert!(q.highlight_terms().is_empty());
        let q = ok("-b");
        assert_eq!(
            q.root,
            Some(Expr::Not(Box::new(Expr::Term(Term {
                field: None,
                tokens: vec!["b".to_owned()],
                case_sensitive: false,
                prefix: true,
                span: (1, 2),
            }))))
        );
    }

    #[test]
    fn or_binds_tighter_than_and() {
        assert_eq!(show("x a | b y "), "x (a | b) y");
        assert_eq!(show("a|b|c "), "(a | b | c)");
        assert_eq!(show("a | b c | d "), "(a | b) (c | d)");
        assert_eq!(show("-a | b "), "(-a | b)");
        assert_eq!(
            show("is:unread | is:bookmarked"),
            "(is:Unread | is:Bookmarked)"
        );
        assert_eq!(show("\"a b\"|title:c "), "(\"a b\" | title:c)");
        let q = ok("x a | b y");
        let words: Vec<&str> = q
            .highlight_terms()
            .iter()
            .map(|t| t.tokens[0].as_str())
            .collect();
        assert_eq!(words, ["x", "a", "b", "y"]);
    }

    #[test]
    fn fields() {
        assert_eq!(
            show("title:a author:b source:c tag:d path:e "),
            "title:a author:b source:c tag:d path:e"
        );
        assert_eq!(show("title:\"new york\""), "title:\"new york\"");
        assert_eq!(
            show("source:https://www.bbc.co.uk "),
            "source:\"https www bbc co uk\""
        );
        assert_eq!(show("TITLE:x "), "title:x");
        let q = ok("title:a");
        assert!(!q.has_free_text);
        assert_eq!(q.highlight_terms()[0].span, (0, 7));
        assert_eq!(q.highlight_terms()[0].field, Some(Field::Title));
    }

    #[test]
    fn a_hash_before_a_letter_is_a_tag() {
        assert_eq!(show("#rust"), "tag:rust*");
        assert_eq!(show("#rust "), "tag:rust");
        assert_eq!(show("#Rust "), "tag:^Rust");
        assert_eq!(show("-#rust !#go "), "-tag:rust -tag:go");
        assert_eq!(show("#rust | #go "), "(tag:rust | tag:go)");
        assert_eq!(show("#rust|tag:go x "), "(tag:rust | tag:go) x");
        assert_eq!(show("#\"machine learning\""), "tag:\"machine learning\"");
        assert_eq!(show("#machine-learning "), "tag:\"machine learning\"");
        assert_eq!(show("#école "), "tag:ecole");
        let q = ok("a #rust");
        assert!(q.has_free_text);
        let tag = q.highlight_terms()[1];
        assert_eq!((tag.field, tag.span), (Some(Field::Tag), (2, 7)));
        assert!(!ok("#rust").has_free_text);
    }

    #[test]
    fn a_hash_elsewhere_stays_part_of_a_word() {
        assert_eq!(show("C# "), "^C");
        assert_eq!(show("c# "), "c");
        assert_eq!(show("issue#12 "), "\"issue 12\"");
        assert_eq!(show("#12 "), "12");
        assert_eq!(show("# rust "), "rust");
        assert_eq!(ok("#").root, None);
        assert_eq!(ok("-#").root, None);
        assert_eq!(show("## rust "), "rust");
        assert_eq!(show("a|#12 "), "(a | 12)");
    }

    #[test]
    fn unknown_keys_are_words() {
        assert_eq!(show("foo:bar "), "\"foo bar\"");
        assert_eq!(show(":title "), "title");
        assert_eq!(show("re: "), "re");
    }

    #[test]
    fn misspelt_fields_are_errors_that_name_the_field() {
        fails_at(
            "authr:x",
            0,
            "unknown field 'authr:'; did you mean 'author:'?",
        );
        fails_at(
            "a -titel:\"x y\"",
            3,
            "unknown field 'titel:'; did you mean 'title:'?",
        );
        fails_at(
            "srot:date",
            0,
            "unknown field 'srot:'; did you mean 'sort:'?",
        );
        fails_at(
            "tags:world",
            0,
            "unknown field 'tags:'; did you mean 'tag:'?",
        );
        fails_at(
            "soruce:bbc",
            0,
            "unknown field 'soruce:'; did you mean 'source:'?",
        );
    }

    #[test]
    fn colons_that_are_not_fields_stay_words() {
        assert_eq!(show("10:30 "), "\"10 30\"");
        assert_eq!(show("https://example.com "), "\"https example com\"");
        assert_eq!(show("other:side "), "\"other side\"");
        assert_eq!(show("re:x "), "\"re x\"");
        assert_eq!(show("authr: "), "authr", "nothing after the colon yet");
        assert_eq!(show("note:x "), "\"note x\"");
    }

    #[test]
    fn absolute_dates() {
        assert_eq!(show("after:2023-10-01"), "date:2023-10-01..");
        assert_eq!(show("after:2023-10"), "date:2023-10-01..");
        assert_eq!(show("after:2023"), "date:2023-01-01..");
        assert_eq!(show("before:2023-11"), "date:..2023-11-01");
        assert_eq!(show("before:2023-11-05"), "date:..2023-11-05");
        assert_eq!(show("on:2023-10-31"), "date:2023-10-31..2023-11-01");
        assert_eq!(show("on:2023-12"), "date:2023-12-01..2024-01-01");
        assert_eq!(show("on:2024-02"), "date:2024-02-01..2024-03-01");
        assert_eq!(show("on:2023"), "date:2023-01-01..2024-01-01");
        assert_eq!(show("on:2023-1-5"), "date:2023-01-05..2023-01-06");
        assert_eq!(show("on:\"2023-10\""), "date:2023-10-01..2023-11-01");
        assert_eq!(
            show("after:2023-10 before:2023-11"),
            "date:2023-10-01.. date:..2023-11-01"
        );
        assert_eq!(show("-after:2023"), "-date:2023-01-01..");
        let q = ok("on:2023-10-31");
        assert_eq!(
            q.root,
            Some(Expr::Date(DateRange {
                from: d(2023, 10, 31),
                until: d(2023, 11, 1)
            }))
        );
        assert!(!q.has_free_text);
    }

    #[test]
    fn relative_dates() {
        // today() is 2024-03-31.
        assert_eq!(show("newer:7d"), "date:2024-03-24..");
        assert_eq!(show("newer:0d"), "date:2024-03-31..");
        assert_eq!(show("newer:2w"), "date:2024-03-17..");
        assert_eq!(show("newer:1m"), "date:2024-02-29..");
        assert_eq!(show("newer:13m"), "date:2023-02-28..");
        assert_eq!(show("older:1y"), "date:..2023-03-31");
        assert_eq!(show("older:3D"), "date:..2024-03-28");
    }

    #[test]
    fn states() {
        assert_eq!(show("is:bookmarked"), "is:Bookmarked");
        assert_eq!(show("is:unread"), "is:Unread");
        assert_eq!(show("is:read"), "is:Read");
        assert_eq!(show("IS:READ"), "is:Read");
        assert_eq!(show("-is:read"), "is:Unread");
        assert_eq!(show("!is:unread"), "is:Read");
        assert_eq!(show("-is:bookmarked"), "-is:Bookmarked");
    }

    #[test]
    fn sorting() {
        assert_eq!(ok("sort:date").sort, Some(Sort::DateNewest));
        assert_eq!(ok("sort:-date").sort, Some(Sort::DateOldest));
        assert_eq!(ok("sort:title").sort, Some(Sort::TitleAz));
        assert_eq!(ok("sort:-title").sort, Some(Sort::TitleZa));
        assert_eq!(ok("sort:relevance").sort, Some(Sort::Relevance));
        assert_eq!(ok("sort:date x sort:title").sort, Some(Sort::TitleAz));
        let q = ok("sort:date");
        assert!(q.is_empty());
        assert!(!q.has_free_text);
        assert_eq!(show("a sort:-date b"), "a b*");
    }

    #[test]
    fn combinations() {
        assert_eq!(
            show("brexit -tag:sports is:unread after:2023-10 \"trade deal\" | tariffs sort:-date"),
            "brexit -tag:sports is:Unread date:2023-10-01.. (\"trade deal\" | tariffs)"
        );
        let q = ok("brexit -tag:sports sort:-date");
        assert_eq!(q.sort, Some(Sort::DateOldest));
        assert!(q.has_free_text);
    }

    #[test]
    fn error_unclosed_quote() {
        fails_at(
            "a \"new yo",
            2,
            "unclosed quote: '\"new yo' needs a closing '\"'",
        );
        fails_at("-\"x", 1, "unclosed quote: '\"x' needs a closing '\"'");
        fails_at("title:\"x", 6, "unclosed quote: '\"x' needs a closing '\"'");
        fails_at("\"a\" \"b", 4, "unclosed quote: '\"b' needs a closing '\"'");
    }

    #[test]
    fn error_dangling_pipe() {
        fails_at("| a", 0, "nothing before '|'");
        fails_at("a |", 2, "nothing after '|'");
        fails_at("a | ", 2, "nothing after '|'");
        fails_at("a || b", 2, "nothing after '|'");
        fails_at("a b | | c", 4, "nothing after '|'");
    }

    #[test]
    fn error_empty_field() {
        fails_at(
            "x title:",
            2,
            "nothing after 'title:'; give a word or a \"phrase\"",
        );
        fails_at(
            "Tag: x",
            0,
            "nothing after 'tag:'; give a word or a \"phrase\"",
        );
        fails_at(
            "-author:|x",
            1,
            "nothing after 'author:'; give a word or a \"phrase\"",
        );
        fails_at(
            "is:",
            0,
            "nothing after 'is:'; use bookmarked, unread or read",
        );
        fails_at(
            "a sort: b",
            2,
            "nothing after 'sort:'; use date, -date, title, -title or relevance",
        );
        fails_at(
            "on:",
            0,
            "nothing after 'on:'; use yyyy, yyyy-mm or yyyy-mm-dd",
        );
        fails_at(
            "newer: 7d",
            0,
            "nothing after 'newer:'; use a number then d, w, m or y (days, weeks, months, years), e.g. 7d",
        );
    }

    #[test]
    fn error_bad_date() {
        fails_at(
            "after:2023-13",
            6,
            "bad date '2023-13' in 'after:': month must be 01 to 12",
        );
        fails_at(
            "x on:yesterday",
            5,
            "bad date 'yesterday' in 'on:': use yyyy, yyyy-mm or yyyy-mm-dd",
        );
        fails_at(
            "before:2023-02-30",
            7,
            "bad date '2023-02-30' in 'before:': 2023-02 has no day 30",
        );
        fails_at(
            "on:2023-10-32",
            3,
            "bad date '2023-10-32' in 'on:': day must be 01 to 31",
        );
        fails_at(
            "on:23",
            3,
            "bad date '23' in 'on:': use yyyy, yyyy-mm or yyyy-mm-dd",
        );
        fails_at(
            "on:2023-10-01-02",
            3,
            "bad date '2023-10-01-02' in 'on:': use yyyy, yyyy-mm or yyyy-mm-dd",
        );
        fails_at(
            "AFTER:x",
            6,
            "bad date 'x' in 'after:': use yyyy, yyyy-mm or yyyy-mm-dd",
        );
    }

    #[test]
    fn error_bad_relative_date() {
        let allowed = "use a number then d, w, m or y (days, weeks, months, years), e.g. 7d";
        fails_at(
            "newer:7x",
            6,
            &format!("bad age '7x' in 'newer:': {allowed}"),
        );
        fails_at("older:d", 6, &format!("bad age 'd' in 'older:': {allowed}"));
        fails_at(
            "newer:-7d",
            6,
            &format!("bad age '-7d' in 'newer:': {allowed}"),
        );
        fails_at(
            "newer:1234567d",
            6,
            &format!("bad age '1234567d' in 'newer:': {allowed}"),
        );
        fails_at(
            "older:999999y",
            6,
            "bad age '999999y' in 'older:': too far back",
        );
    }

    #[test]
    fn error_unknown_state_and_sort() {
        fails_at(
            "a is:starred",
            5,
            "unknown state 'starred' in 'is:'; use bookmarked, unread or read",
        );
        fails_at(
            "sort:Newest",
            5,
            "unknown order 'Newest' in 'sort:'; use date, -date, title, -title or relevance",
        );
        fails_at(
            "-sort:date",
            0,
            "'-' can't apply to 'sort:'; use sort:-date or sort:-title",
        );
        fails_at("a | sort:date", 4, "'sort:' can't be combined with '|'");
    }

    #[test]
    fn error_lone_sign() {
        fails_at("a - b", 2, "'-' must be followed by a word, with no space");
        fails_at("! b", 0, "'!' must be followed by a word, with no space");
        fails_at("a -|b", 2, "'-' must be followed by a word, with no space");
        fails_at("a -", 2, "nothing after '-'");
    }

    #[test]
    fn long_values_are_shortened_in_messages() {
        let long = "x".repeat(100);
        let e = err(&format!("is:{long}"));
        assert!(e.message.contains(&format!("'{}…'", "x".repeat(40))));
    }

    #[test]
    fn error_columns_count_chars_and_carets_count_cells() {
        let e = err("東京 is:x");
        assert_eq!(e.column, 6);
        assert_eq!(e.display_column, 8);
        assert_eq!(e.caret_line(), format!("{}^", " ".repeat(8)));
        let e = err("é |");
        assert_eq!((e.column, e.display_column), (2, 2));
        assert_eq!(e.caret_line(), "  ^");
        assert_eq!(e.to_string(), "column 3: nothing after '|'");
    }

    #[test]
    fn long_query_parses_quickly() {
        let mut input = String::new();
        while input.chars().count() < 10_000 {
            input.push_str("word -tag:x \"a b\" c|d is:read Zürich 東京 after:2023-10 ");
        }
        let start = std::time::Instant::now();
        let q = ok(&input);
        let elapsed = start.elapsed();
        assert!(q.root.is_some());
        // Generous for unoptimised test builds; release is far below a millisecond.
        assert!(elapsed.as_millis() < 200, "{elapsed:?}");
        // Unclosed quote at the end and many quotes: still linear.
        let quotes = "\"a\" ".repeat(2_500) + "\"";
        assert_eq!(err(&quotes).column, 10_000);
    }

    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn random_inputs_never_panic() {
        const ATOMS: &[&str] = &[
            "\"", "-", "!", "|", ":", " ", " ", "  ", "\t", "a", "b", "Z", "é", "ß", "0", "7",
            "2023", "-10", "-31", "d", "y", "x", "東", "の", "한", "title:", "tag:", "is:",
            "sort:", "after:", "before:", "on:", "newer:", "older:", "read", "date", "’", "'", ".",
            "\u{301}",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut errors = 0;
        for _ in 0..20_000 {
            let len = (xorshift(&mut state) % 16) as usize;
            let mut input = String::new();
            for _ in 0..len {
                let i = (xorshift(&mut state) % ATOMS.len() as u64) as usize;
                input.push_str(ATOMS[i]);
            }
            match parse(&input, today()) {
                Ok(q) => {
                    let n = input.chars().count();
                    for t in q.highlight_terms() {
                        assert!(!t.tokens.is_empty() && t.span.0 < t.span.1, "{input:?}");
                        assert!(t.span.1 <= n, "{input:?}");
                    }
                }
                Err(e) => {
                    errors += 1;
                    assert!(e.column < input.chars().count(), "{input:?}: {e:?}");
                    assert!(!e.message.is_empty());
                    let _ = e.caret_line();
                }
            }
        }
        // The generator exercises both outcomes.
        assert!(errors > 1_000 && errors < 19_000, "{errors}");
    }
}
