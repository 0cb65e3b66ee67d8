//! `tidings bookmarks`: the reading list as text, JSON Lines, Markdown or HTML, and
//! `--import` of the JSON form.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{CommandError, write_out};
use crate::article::{ArticleId, BadId, sanitize_line};
use crate::library::Library;
use crate::state::{Bookmark, State};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Text,
    Json,
    Markdown,
    Html,
}

/// One bookmark with what the library knows of its article.
#[derive(Serialize, Deserialize, Debug)]
struct Entry {
    id: String,
    title: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    link: Option<String>,
    added: String,
    #[serde(default)]
    note: Option<String>,
}

fn entries(state: &State, library: &Library) -> Vec<Entry> {
    let mut marks: Vec<(&ArticleId, &Bookmark)> = state.bookmarks().iter().collect();
    marks.sort_by_key(|(_, mark)| std::cmp::Reverse(mark.added));
    marks
        .into_iter()
        .map(|(id, mark)| {
            let article = library.by_id(*id);
            let link = article
                .and_then(|a| a.source.clone())
                .filter(|s| s.starts_with("http://") || s.starts_with("https://"));
            Entry {
                id: id.to_string(),
                title: article.map_or_else(|| sanitize_line(&mark.title), |a| a.title.clone()),
                source: article.and_then(|a| a.source_name().map(str::to_string)),
                date: article
                    .and_then(|a| a.date)
                    .map(|d| d.format("%Y-%m-%d").to_string()),
                link,
                added: mark.added.to_rfc3339(),
                note: mark.note.as_deref().map(sanitize_line),
            }
        })
        .collect()
}

pub fn bookmarks(
    state: &State,
    library: &Library,
    format: ExportFormat,
    today: NaiveDate,
    out: &mut impl Write,
) -> Result<i32, CommandError> {
    let entries = entries(state, library);
    let text = match format {
        ExportFormat::Text => text(&entries),
        ExportFormat::Json => json(&entries)?,
        ExportFormat::Markdown => markdown(&entries, today),
        ExportFormat::Html => html(&entries, today),
    };
    write_out(out, &text)?;
    Ok(0)
}

fn text(entries: &[Entry]) -> String {
    let mut s = String::new();
    for e in entries {
        let added = e.added.get(..10).unwrap_or(&e.added);
        s.push_str(&format!("{}  {added}  {}", e.id, e.title));
        if let Some(source) = &e.source {
            s.push_str(&format!("  ({source})"));
        }
        if let Some(note) = &e.note {
            s.push_str(&format!("  ✎ {note}"));
        }
        s.push('\n');
    }
    s
}

fn json(entries: &[Entry]) -> Result<String, CommandError> {
    let mut s = String::new();
    for e in entries {
        s.push_str(&serde_json::to_string(e).map_err(CommandError::Json)?);
        s.push('\n');
    }
    Ok(s)
}

fn byline(e: &Entry) -> String {
    [e.source.as_deref(), e.date.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

fn markdown(entries: &[Entry], today: NaiveDate) -> String {
    let escape = |t: &str| t.replace('[', "\\[").replace(']', "\\]");
    let mut s = format!(
        "# Reading list\n\n_{} bookmarks, exported {today}._\n\n",
        entries.len()
    );
    for e in entries {
        let title = escape(&e.title);
        match &e.link {
            Some(link) => s.push_str(&format!("- **[{title}](<{link}>)**")),
            None => s.push_str(&format!("- **{title}**")),
        }
        let by = byline(e);
        if !by.is_empty() {
            s.push_str(&format!(" — {by}"));
        }
        s.push('\n');
        if let Some(note) = &e.note {
            s.push_str(&format!("  > {note}\n"));
        }
    }
    s
}

fn html_escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html(entries: &[Entry], today: NaiveDate) -> String {
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Reading list</title>\n\
         <style>body{font:17px/1.5 Georgia,serif;max-width:40em;margin:2em auto;padding:0 1em;color:#222}\
         li{margin:.8em 0}.by{color:#666;font-size:.9em}blockquote{margin:.3em 0 0 1em;color:#444}</style>\n\
         </head>\n<body>\n<h1>Reading list</h1>\n",
    );
    s.push_str(&format!(
        "<p class=\"by\">{} bookmarks, exported {today}.</p>\n<ul>\n",
        entries.len()
    ));
    for e in entries {
        let title = html_escape(&e.title);
        s.push_str("<li>");
        match &e.link {
            Some(link) => s.push_str(&format!("<a href=\"{}\">{title}</a>", html_escape(link))),
            None => s.push_str(&format!("<strong>{title}</strong>")),
        }
        let by = byline(e);
        if !by.is_empty() {
            s.push_str(&format!(" <span class=\"by\">{}</span>", html_escape(&by)));
        }
        if let Some(note) = &e.note {
            s.push_str(&format!("<blockquote>{}</blockquote>", html_escape(note)));
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ul>\n</body>\n</html>\n");
    s
}

/// Adds the bookmarks of a JSON export (JSON Lines, or one JSON array) to `state`.
/// Returns (added, already there). Errors name the file and line.
pub fn import_bookmarks(
    state: &mut State,
    path: &Path,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(usize, usize), CommandError> {
    let at = |line: usize, message: String| CommandError::Import {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut records: Vec<(usize, Entry)> = Vec::new();
    if text.trim_start().starts_with('[') {
        let all: Vec<Entry> =
            serde_json::from_str(text).map_err(|e| at(e.line(), e.to_string()))?;
        records.extend(all.into_iter().map(|e| (1, e)));
    } else {
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let entry: Entry = serde_json::from_str(line).map_err(|e| at(i + 1, e.to_string()))?;
            records.push((i + 1, entry));
        }
    }
    let (mut added, mut present) = (0, 0);
    for (line, entry) in records {
        let id: ArticleId = entry
            .id
            .parse()
            .map_err(|e: BadId| at(line, e.to_string()))?;
        if state.is_bookmarked(id) {
            present += 1;
            continue;
        }
        let when =
            DateTime::parse_from_rfc3339(&entry.added).map_or(now, |d| d.with_timezone(&Utc));
        state.toggle_bookmark(id, entry.title, when);
        if entry.note.is_some() {
            state.set_bookmark_note(id, entry.note);
        }
        added += 1;
    }
    Ok((added, present))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, Block, Draft};
    use std::path::PathBuf;

    fn setup() -> (State, Library) {
        let draft = Draft {
            title: "A <b>bold</b> & [linked] story".into(),
            source: Some("https://www.example.com/story".into()),
            date: NaiveDate::from_ymd_opt(2023, 10, 22),
            body: vec![Block::Paragraph("x".into())],
            ..Draft::default()
        };
        let library = Library::from_articles(vec![Article::new(
            ArticleId(7),
            PathBuf::from("s.txt"),
            draft,
        )]);
        let mut state = State::default();
        let t = DateTime::parse_from_rfc3339("2026-11-23T05:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        state.toggle_bookmark(ArticleId(7), "old title", t);
        state.set_bookmark_note(ArticleId(7), Some("read this first".into()));
        state.toggle_bookmark(ArticleId(9), "Gone from the library", t);
        (state, library)
    }

    fn export(format: ExportFormat) -> String {
        let (state, library) = setup();
        let mut out = Vec::new();
        bookmarks(
            &state,
            &library,
            format,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            &mut out,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn markdown_reads_well_and_escapes_brackets() {
        let md = export(ExportFormat::Markdown);
        assert!(
            md.starts_with("# Reading list\n\n_2 bookmarks, exported 2026-11-23._\n"),
            "{md}"
        );
        assert!(md.contains("- **[A <b>bold</b> & \\[linked\\] story](<https://www.example.com/story>)** — example.com, 2023-10-22\n  > read this first\n"), "{md}");
        assert!(md.contains("- **Gone from the library**\n"), "{md}");
    }

    #[test]
    fn text_has_one_line_a_bookmark_with_its_note() {
        let text = export(ExportFormat::Text);
        assert_eq!(
            text,
            "0000000000000007  2026-11-23  A <b>bold</b> & [linked] story  (example.com)  ✎ read this first\n\
             0000000000000009  2026-11-23  Gone from the library\n"
        );
    }

    #[test]
    fn html_is_escaped_and_standalone() {
        let html = export(ExportFormat::Html);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<a href=\"https://www.example.com/story\">A &lt;b&gt;bold&lt;/b&gt; &amp; [linked] story</a>"), "{html}");
        assert!(html.contains("<blockquote>read this first</blockquote>"));
        assert!(html.trim_end().ends_with("</html>"));
    }

    #[test]
    fn json_round_trips_through_import() {
        let json = export(ExportFormat::Json);
        let mut fresh = State::default();
        let now = Utc::now();
        let (added, present) =
            import_bookmarks(&mut fresh, Path::new("b.json"), &json, now).unwrap();
        assert_eq!((added, present), (2, 0));
        assert_eq!(
            fresh.bookmarks()[&ArticleId(7)].note.as_deref(),
            Some("read this first")
        );
        let (added, present) =
            import_bookmarks(&mut fresh, Path::new("b.json"), &json, now).unwrap();
        assert_eq!((added, present), (0, 2));
    }

    #[test]
    fn import_errors_name_file_and_line() {
        let mut state = State::default();
        let text = "{\"id\":\"0000000000000001\",\"title\":\"a\",\"added\":\"2026-01-01T00:00:00Z\"}\n{\"id\":\"zz\",\"title\":\"b\",\"added\":\"x\"}\n";
        let err = import_bookmarks(&mut state, Path::new("b.json"), text, Utc::now()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "error parsing b.json:2: article id 'zz' is not 16 hex digits"
        );
        let err = import_bookmarks(&mut state, Path::new("b.json"), "{nope", Utc::now())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("error parsing b.json:1: "), "{err}");
    }
}
