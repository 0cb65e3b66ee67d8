//! The parser's cursor over the input's chars: columns, byte offsets, whitespace and
//! quoted phrases. The grammar itself is in `parse`.

use chrono::NaiveDate;

use super::error::{Parsed, fail, quote};
use crate::query::ast::Sort;

/// A keyword's value as typed.
pub(super) struct Value<'a> {
    pub(super) text: &'a str,
    /// Column of the value's first char (its opening quote when quoted).
    pub(super) column: usize,
    pub(super) quoted: bool,
}

pub(super) struct Parser<'a> {
    pub(super) input: &'a str,
    pub(super) chars: Vec<char>,
    /// Byte offset of each char, plus `input.len()` at the end.
    pub(super) offsets: Vec<usize>,
    pub(super) pos: usize,
    pub(super) today: NaiveDate,
    pub(super) sort: Option<Sort>,
}

impl<'a> Parser<'a> {
    pub(super) fn new(input: &'a str, today: NaiveDate) -> Parser<'a> {
        let mut chars = Vec::with_capacity(input.len());
        let mut offsets = Vec::with_capacity(input.len() + 1);
        for (offset, c) in input.char_indices() {
            chars.push(c);
            offsets.push(offset);
        }
        offsets.push(input.len());
        Parser {
            input,
            chars,
            offsets,
            pos: 0,
            today,
            sort: None,
        }
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    /// The input between char columns `start..end`.
    pub(super) fn slice(&self, start: usize, end: usize) -> &'a str {
        let input = self.input;
        match (self.offsets.get(start), self.offsets.get(end)) {
            (Some(&a), Some(&b)) => input.get(a..b).unwrap_or(""),
            _ => "",
        }
    }

    pub(super) fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// Whether the next char other than whitespace is `|` (moves nowhere).
    pub(super) fn pipe_follows(&self) -> bool {
        self.chars
            .get(self.pos..)
            .and_then(|rest| rest.iter().find(|c| !c.is_whitespace()))
            == Some(&'|')
    }

    /// A quoted phrase at the opening `"`: its contents and the column after the
    /// closing quote, which the parser moves past.
    pub(super) fn quoted(&mut self) -> Parsed<(&'a str, usize)> {
        let open = self.pos;
        let close = self
            .chars
            .get(open + 1..)
            .and_then(|rest| rest.iter().position(|&c| c == '"'))
            .map(|i| open + 1 + i);
        let Some(close) = close else {
            let rest = self.slice(open, self.chars.len());
            return fail(
                open,
                format!("unclosed quote: {} needs a closing '\"'", quote(rest)),
            );
        };
        self.pos = close + 1;
        Ok((self.slice(open + 1, close), close + 1))
    }
}
