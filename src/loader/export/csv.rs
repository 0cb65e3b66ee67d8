//! The CSV the exports are written in (RFC 4180): fields split by commas, quoted
//! fields holding commas, doubled quotes and line breaks. Each record says the line it
//! starts on; a quote left open is reported, never a panic.

/// One record: the line it starts on (from 1) and its fields.
pub(super) struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// The header's names, lowercase and trimmed, for sniffing (a header has no quoted
/// line breaks).
pub(super) fn header_names(line: &str) -> Vec<String> {
    let (fields, _, _) = fields_of(line);
    fields
        .into_iter()
        .map(|f| f.trim().to_ascii_lowercase())
        .collect()
}

/// The records of `text`, blank lines left out. A record whose quote is never closed
/// runs to the end of the file: it is returned as `Err(line)`.
pub(super) fn records(text: &str) -> Vec<Result<Record, usize>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut rest = text;
    let mut line = 1;
    while !rest.is_empty() {
        let (fields, used, open) = fields_of(rest);
        let consumed = &rest[..used.unwrap_or(rest.len())];
        let start = line;
        line += consumed.matches('\n').count();
        rest = &rest[consumed.len()..];
        match used {
            _ if open => out.push(Err(start)),
            _ if fields.len() == 1 && fields[0].trim().is_empty() => {}
            _ => out.push(Ok(Record {
                line: start,
                fields,
            })),
        }
    }
    out
}

/// The fields of the record at the start of `text`, and how many bytes it took with
/// its line break (`None` when it ran to the end), and whether a quote was left open.
fn fields_of(text: &str) -> (Vec<String>, Option<usize>, bool) {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek().is_some_and(|&(_, n)| n == '"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\n') => {
                if field.ends_with('\r') {
                    field.pop();
                }
                fields.push(field);
                return (fields, Some(i + 1), false);
            }
            (false, c) => field.push(c),
        }
    }
    if field.ends_with('\r') {
        field.pop();
    }
    fields.push(field);
    (fields, None, quoted)
}

/// A table: the header's names (lowercase) and the records below it.
pub(super) struct Table {
    names: Vec<String>,
    pub rows: Vec<Result<Record, usize>>,
}

impl Table {
    pub fn read(text: &str) -> Table {
        let mut rows = records(text).into_iter();
        let names = match rows.next() {
            Some(Ok(header)) => header
                .fields
                .iter()
                .map(|f| f.trim().to_ascii_lowercase())
                .collect(),
            _ => Vec::new(),
        };
        Table {
            names,
            rows: rows.collect(),
        }
    }

    /// The value of column `name` in `record`, trimmed; empty when there is none.
    pub fn get<'a>(&self, record: &'a Record, name: &str) -> &'a str {
        self.names
            .iter()
            .position(|n| n == name)
            .and_then(|i| record.fields.get(i))
            .map_or("", |f| f.trim())
    }

    /// The rows with a URL in column `url` and the time in column `time` (unix
    /// seconds or an ISO time), as the link exports' rows are; the rows that cannot be
    /// read, and times that cannot, are said in `warnings` (the row is skipped, the
    /// time left out).
    pub fn linked_rows<'a>(
        &'a self,
        time: &str,
        warnings: &mut Vec<String>,
    ) -> Vec<(&'a Record, String, Option<chrono::DateTime<chrono::Utc>>)> {
        let mut out = Vec::new();
        for row in &self.rows {
            let record = match row {
                Ok(record) => record,
                Err(line) => {
                    warnings.push(format!("line {line}: a quote is never closed; skipped"));
                    continue;
                }
            };
            if let Some(why) = self.misfit(record) {
                warnings.push(format!("{why}; skipped"));
                continue;
            }
            let raw_url = self.get(record, "url");
            let Some(url) = super::entry::valid_url(raw_url) else {
                warnings.push(super::pocket::no_url(record.line, raw_url));
                continue;
            };
            let stamp = self.get(record, time);
            let saved_at = super::entry::instant(stamp);
            if saved_at.is_none() && !stamp.is_empty() {
                let line = record.line;
                warnings.push(format!(
                    "line {line}: {time} '{stamp}' is not a unix time; kept without it"
                ));
            }
            out.push((record, url, saved_at));
        }
        out
    }

    /// Why a record cannot be read as a row of this table, if it cannot.
    pub fn misfit(&self, record: &Record) -> Option<String> {
        (record.fields.len() != self.names.len()).then(|| {
            format!(
                "line {}: {} fields where the header has {}",
                record.line,
                record.fields.len(),
                self.names.len()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_hold_commas_quotes_and_line_breaks() {
        let text = "a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\n\nlast,row\n";
        let rows: Vec<_> = records(text).into_iter().map(|r| r.ok()).collect();
        let fields: Vec<(usize, Vec<String>)> = rows
            .into_iter()
            .flatten()
            .map(|r| (r.line, r.fields))
            .collect();
        assert_eq!(
            fields,
            vec![
                (1, vec!["a".into(), "b".into()]),
                (2, vec!["x, y".into(), "say \"hi\"\nthere".into()]),
                (5, vec!["last".into(), "row".into()]),
            ]
        );
    }

    #[test]
    fn an_open_quote_is_an_error_at_its_line() {
        let rows = records("a,b\n1,\"never closed\n2,3\n");
        assert!(rows[0].is_ok());
        assert_eq!(rows[1].as_ref().err(), Some(&2));
    }
}
