//! The overlays drawn over the panes: the help (every bindable action with the keys
//! the effective keymap gives it, and the filter language) and the list of files that
//! were skipped, partly read or merged. Both scroll; rows are computed from the state.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::put_line;
use super::theme::Styles;
use crate::action::Action;
use crate::app::{App, Overlay};
use crate::layout::wrap::fit;
use crate::report::ProblemKind;
use unicode_width::UnicodeWidthStr;

/// The panes the help groups the actions by, in order.
const GROUPS: [&str; 4] = [
    "Everywhere",
    "In the list",
    "In the reader",
    "Layout and views",
];

/// Which group of the help an action is listed in.
fn group_of(action: &Action) -> usize {
    use Action::*;
    match action {
        MoveDown | MoveUp | Open | ToggleBookmark | EditNote | EditTags | TagShown
        | ShowHighlights | SavePage | FetchArticle | ToggleRead | NextUnread | MarkAllRead
        | Undo | CycleSort | ToggleBookmarkedOnly => 1,
        FindNext | FindPrev | MarkPassage | NextHighlight | PrevHighlight | DeleteHighlight
        | Back | OpenSource | CopyLink | OpenInPager | OpenInEditor | NarrowerColumn
        | WiderColumn | ToggleFullScreen => 2,
        NextView | PrevView | ShowView(_) | SmallerList | LargerList | CycleColumns
        | CycleGroup => 3,
        _ => 0,
    }
}

/// The keys bound to the view numbers, written short when they are the digits.
fn view_keys(app: &App) -> String {
    let keys: Vec<String> = (1..=9)
        .flat_map(|n| app.keymap.keys_for(&Action::ShowView(n)))
        .collect();
    let digits: Vec<String> = (1..=9).map(|n| n.to_string()).collect();
    if keys == digits {
        "1 … 9".to_string()
    } else {
        keys.join(" ")
    }
}

/// The rows of the help: keys and what they do, read from the effective keymap and
/// grouped by pane; a row with no description is a heading. Narrowed to the rows
/// that contain the help's search, when there is one.
fn help_rows(app: &App) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    for (g, name) in GROUPS.iter().enumerate() {
        if g > 0 {
            rows.push((String::new(), String::new()));
        }
        rows.push((name.to_string(), String::new()));
        for action in Action::BINDABLE.iter().filter(|a| group_of(a) == g) {
            let keys = match action {
                Action::ShowView(1) => view_keys(app),
                Action::ShowView(_) => continue,
                _ => app.keymap.keys_for(action).join(" "),
            };
            let what = match action {
                Action::OpenSource => "open the link in the browser; o 3 opens link [3]",
                other => other.describe(),
            };
            rows.push((keys, what.to_string()));
        }
    }
    let more = [
        ("", ""),
        ("In the filter bar", ""),
        ("enter", "keep the filter, back to the list"),
        ("esc", "clear the filter"),
        ("up down", "older and newer filters (history)"),
        ("ctrl-w ctrl-u", "take back the last word, the whole line"),
        ("", ""),
        ("The filter language", ""),
        ("iran talks", "both words (the last one typed: a prefix)"),
        ("Iran", "a capital makes a word case-sensitive"),
        ("\"north korea\"", "the exact phrase"),
        ("-word !word", "without the word"),
        ("a | b", "either"),
        ("title: author:", "in a field; also source: tag: path:"),
        ("#rust", "tagged rust, as tag:rust"),
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

/// The rows whose keys or description contain `search` (ignoring case), each under
/// its heading.
fn narrow(rows: Vec<(String, String)>, search: &str) -> Vec<(String, String)> {
    let search = search.to_lowercase();
    let mut out = Vec::new();
    let mut heading: Option<(String, String)> = None;
    for (keys, what) in rows {
        if what.is_empty() {
            heading = (!keys.is_empty()).then_some((keys, what));
            continue;
        }
        let hit = keys.to_lowercase().contains(&search) || what.to_lowercase().contains(&search);
        if hit {
            if let Some(h) = heading.take() {
                out.push(h);
            }
            out.push((keys, what));
        }
    }
    if out.is_empty() {
        out.push((
            String::new(),
            format!("nothing in the help matches “{search}”"),
        ));
    }
    out
}

/// The rows of the problems list: what happened, then the file and why.
fn problem_rows(app: &App) -> Vec<(String, String)> {
    let mut rows = file_rows(app);
    if !app.log.is_empty() {
        rows.push((String::new(), String::new()));
        rows.push(("Messages, newest first".into(), String::new()));
        for message in &app.log {
            let kind = if message.error { "error" } else { "" };
            rows.push((kind.into(), message.text.clone()));
        }
    }
    rows
}

fn file_rows(app: &App) -> Vec<(String, String)> {
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
        _ => match app.help_search.as_deref().map(str::trim) {
            Some(search) if !search.is_empty() => narrow(help_rows(app), search),
            _ => help_rows(app),
        },
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

/// The overlay's frame, its key column's width and its lines: each row's
/// description wrapped to the box, going on under itself.
fn frame(app: &App, area: Rect, rows: &[(String, String)]) -> (Rect, usize, Vec<(String, String)>) {
    let keys = key_width(rows).min(usize::from(area.width) / 3);
    let widest = |rows: &[(String, String)]| {
        rows.iter()
            .filter(|(_, w)| !w.is_empty())
            .map(|(_, w)| w.width())
            .max()
            .unwrap_or(0)
    };
    let room = usize::from(area.width.saturating_sub(6));
    let (width, all) = match app.overlay {
        Some(Overlay::Problems) => (room, None),
        // As tall as the whole help, so the box stands still while it is searched.
        _ => {
            let all = help_rows(app);
            (keys + 2 + widest(&all), Some(all))
        }
    };
    let inner_width = width.min(usize::from(area.width.saturating_sub(2)));
    let what_width = inner_width.saturating_sub(keys + 2).max(1);
    let lines = wrap_rows(rows, what_width);
    let height = all.map_or(lines.len(), |all| wrap_rows(&all, what_width).len());
    (popup(area, height, width), keys, lines)
}

/// Rows with their descriptions wrapped to `width` cells; a heading stays one line.
fn wrap_rows(rows: &[(String, String)], width: usize) -> Vec<(String, String)> {
    let mut lines = Vec::with_capacity(rows.len());
    for (keys, what) in rows {
        if what.is_empty() {
            lines.push((keys.clone(), String::new()));
            continue;
        }
        let options = textwrap::Options::new(width).break_words(true);
        for (i, piece) in textwrap::wrap(what, options).into_iter().enumerate() {
            let keys = if i == 0 { keys.clone() } else { String::new() };
            lines.push((keys, piece.into_owned()));
        }
    }
    lines
}

pub fn render(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    if app.overlay == Some(Overlay::Highlights) {
        return super::highlights::render(app, styles, area, buf);
    }
    let (popup, key_width, rows) = frame(app, area, &rows(app));
    let inner = crate::layout::panes::inner(popup);
    // The scroll is clamped here, where the overlay's length is known, and the app
    // told how far it goes, so a step back up after the end starts from the end.
    let max = rows.len().saturating_sub(usize::from(inner.height));
    app.overlay_max.set(max);
    let scroll = app.overlay_scroll.min(max);
    let more = rows.len() > scroll + usize::from(inner.height);
    let title = match (app.overlay, app.help_search.as_deref()) {
        (Some(Overlay::Problems), _) => {
            format!(" Files not fully read: {} ", app.problems.len())
        }
        (_, Some(search)) => {
            let cursor = if app.help_typing { "▏" } else { "" };
            format!(
                " Keys matching: {}{cursor} ",
                crate::layout::wrap::truncate(search, 30)
            )
        }
        _ => " Keys ".to_string(),
    };
    let hint = match (app.overlay, more) {
        (Some(Overlay::Help), true) => " / search · j/k scroll · esc closes ",
        (Some(Overlay::Help), false) => " / search · esc closes ",
        (_, true) => " j/k scroll · esc closes ",
        (_, false) => " esc closes ",
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
