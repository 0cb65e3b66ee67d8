//! The overlays drawn over the panes: the help (every bindable action with the keys
//! the effective keymap gives it, and the filter language) and the list of files that
//! were skipped, partly read or merged. Both scroll; rows are computed from the state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::put_line;
use super::theme::Styles;
use super::wrap::fit;
use crate::action::Action;
use crate::app::{App, Overlay};
use crate::loader::ProblemKind;

/// The rows of the help: keys and what they do; a row with no description is a heading.
fn help_rows(app: &App) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Action::BINDABLE
        .iter()
        .map(|a| (app.keymap.keys_for(a).join(" "), a.describe().to_string()))
        .collect();
    let more = [
        ("", ""),
        ("In the filter bar", ""),
        ("enter", "keep the filter, back to the list"),
        ("esc", "clear the filter"),
        ("up down", "older and newer filters (history)"),
        ("", ""),
        ("The filter language", ""),
        ("iran talks", "both words (the last one typed: a prefix)"),
        ("Iran", "a capital makes a word case-sensitive"),
        ("\"north korea\"", "the exact phrase"),
        ("-word !word", "without the word"),
        ("a | b", "either"),
        ("title: author:", "in a field; also source: tag: path:"),
        ("after:2023-10-01", "also before:2023-11 on:2023-10-31"),
        ("newer:7d older:1y", "relative dates (d w m y)"),
        ("is:unread", "also is:read is:bookmarked"),
        ("sort:date", "also sort:-date sort:title sort:relevance"),
        ("", ""),
        ("Mouse", ""),
        ("wheel", "scroll the pane under the pointer"),
        ("click", "select; click again to open"),
    ];
    rows.extend(more.iter().map(|(k, w)| (k.to_string(), w.to_string())));
    rows
}

/// The rows of the problems list: what happened, then the file and why.
fn problem_rows(app: &App) -> Vec<(String, String)> {
    if app.problems.is_empty() {
        return vec![("".into(), "every file was read".into())];
    }
    app.problems
        .iter()
        .map(|p| {
            let kind = match p.kind {
                ProblemKind::Skipped => "skipped",
                ProblemKind::Partial => "partly read",
                ProblemKind::Duplicate => "duplicate",
            };
            let path = crate::article::sanitize_line(&p.path.to_string_lossy());
            (kind.to_string(), format!("{path}: {}", p.reason))
        })
        .collect()
}

fn rows(app: &App) -> Vec<(String, String)> {
    match app.overlay {
        Some(Overlay::Problems) => problem_rows(app),
        _ => help_rows(app),
    }
}

/// Where the overlay goes on a screen of `area`, for `count` rows.
fn popup(area: Rect, count: usize, width: usize) -> Rect {
    let width = width.min(usize::from(area.width.saturating_sub(2))) as u16 + 2;
    let height = (count as u16).saturating_add(2).min(area.height);
    Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width: width.min(area.width),
        height,
    }
}

fn key_width(rows: &[(String, String)]) -> usize {
    rows.iter()
        .filter(|(_, w)| !w.is_empty())
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(28)
}

/// The overlay's frame and its rows' key column width.
fn frame(app: &App, area: Rect, rows: &[(String, String)]) -> (Rect, usize) {
    let keys = key_width(rows).min(usize::from(area.width) / 3);
    let width = match app.overlay {
        Some(Overlay::Problems) => usize::from(area.width).saturating_sub(6),
        _ => keys + 44,
    };
    (popup(area, rows.len(), width), keys)
}

/// How far the open overlay can scroll on a screen of `area`.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    let rows = rows(app);
    let (popup, _) = frame(app, area, &rows);
    rows.len()
        .saturating_sub(usize::from(popup.height.saturating_sub(2)))
}

pub fn render(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    let rows = rows(app);
    let (popup, key_width) = frame(app, area, &rows);
    let inner = super::layout::inner(popup);
    let scroll = app
        .overlay_scroll
        .min(rows.len().saturating_sub(usize::from(inner.height)));
    let more = rows.len() > scroll + usize::from(inner.height);
    let title = match app.overlay {
        Some(Overlay::Problems) => format!(" Files not fully read: {} ", app.problems.len()),
        _ => " Keys ".to_string(),
    };
    let hint = if more {
        " j/k scroll · esc closes "
    } else {
        " esc closes "
    };
    Clear.render(popup, buf);
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(styles.border_focused)
        .title(Line::from(Span::styled(title, styles.title)))
        .title_bottom(Line::from(Span::styled(hint, styles.muted)).right_aligned())
        .render(popup, buf);
    for (i, (keys, what)) in rows
        .iter()
        .skip(scroll)
        .take(inner.height.into())
        .enumerate()
    {
        let line = if what.is_empty() {
            Line::from(Span::styled(keys.clone(), styles.heading))
        } else {
            Line::from(vec![
                Span::styled(fit(keys, key_width), styles.key),
                Span::raw("  "),
                Span::raw(what.clone()),
            ])
        };
        put_line(buf, inner, i as u16, &line);
    }
}
