//! Why a query does not parse: the error the parser gives back, with its column, and
//! the helpers that word its messages.

/// Why a query does not parse, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("column {}: {message}", .column + 1)]
pub struct QueryError {
    /// 0-based column, in chars, of the offending character of the input (always
    /// less than the input's length in chars).
    pub column: usize,
    /// 0-based display column (terminal cells, so CJK counts double) of the same
    /// character.
    pub display_column: usize,
    /// Lowercase explanation that quotes the offending text, e.g.
    /// `bad date '2023-13' in 'after:': month must be 01 to 12`.
    pub message: String,
}

impl QueryError {
    /// Spaces then `^`, to print under the input so the caret points at the error.
    pub fn caret_line(&self) -> String {
        let mut line = " ".repeat(self.display_column);
        line.push('^');
        line
    }
}

/// An error before the display column is known.
pub(super) struct Fail {
    pub(super) column: usize,
    pub(super) message: String,
}

pub(super) type Parsed<T> = Result<T, Fail>;

pub(super) fn fail<T>(column: usize, message: String) -> Parsed<T> {
    Err(Fail { column, message })
}

/// `text` in single quotes for a message, shortened to 40 chars.
pub(super) fn quote(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("'{}…'", text.get(..cut).unwrap_or(text)),
        None => format!("'{text}'"),
    }
}
