//! The filter bar and the status line at the bottom of the screen.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::put_line;
use super::theme::Styles;
use crate::action::Action;
use crate::app::{App, Focus};
use crate::layout::wrap::truncate;

pub fn render_filter(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let width = usize::from(area.width);
    let line = if app.focus == Focus::Link {
        let count = app.reader.links.len();
        Line::from(vec![
            Span::styled("open link: ", styles.accent),
            Span::raw(app.link_input.to_string()),
            Span::styled(" ", Style::new().add_modifier(Modifier::REVERSED)),
            Span::styled(
                format!("  1–{count}; enter or o: the article's own link; esc cancels"),
                styles.muted,
            ),
        ])
    } else if app.focus == Focus::Url {
        Line::from(vec![
            Span::styled("save URL: ", styles.accent),
            Span::raw(tail(&app.url_input, width.saturating_sub(12)).to_string()),
            Span::styled(" ", Style::new().add_modifier(Modifier::REVERSED)),
            Span::styled(
                "  enter saves the page into the library, esc drops",
                styles.muted,
            ),
        ])
    } else if app.focus == Focus::Tags {
        tag_prompt(app, styles, width)
    } else if app.focus == Focus::Find {
        Line::from(vec![
            Span::styled("find in article: ", styles.accent),
            Span::raw(tail(&app.find_input, width.saturating_sub(20))),
            Span::styled(" ", Style::new().add_modifier(Modifier::REVERSED)),
        ])
    } else if app.focus == Focus::Note {
        Line::from(vec![
            Span::styled("note: ", styles.accent),
            Span::raw(tail(&app.note_input, width.saturating_sub(8))),
            Span::styled(" ", Style::new().add_modifier(Modifier::REVERSED)),
            Span::styled("  enter saves, esc drops", styles.muted),
        ])
    } else if app.focus == Focus::Filter || !app.filter.is_empty() {
        let mut spans = vec![Span::styled("/ ", styles.accent)];
        spans.push(Span::raw(tail(&app.filter, width.saturating_sub(4))));
        if app.focus == Focus::Filter {
            spans.push(Span::styled(
                " ",
                Style::new().add_modifier(Modifier::REVERSED),
            ));
        } else {
            spans.push(Span::styled(
                format!("  ({} clears)", key(app, &Action::Back)),
                styles.muted,
            ));
        }
        Line::from(spans)
    } else {
        let hints = [
            (Action::FocusFilter, "filter"),
            (Action::Open, "read"),
            (Action::ToggleBookmark, "bookmark"),
            (Action::ToggleHelp, "help"),
            (Action::Quit, "quit"),
        ];
        let mut spans = Vec::new();
        for (action, label) in hints {
            spans.push(Span::styled(key(app, &action), styles.key));
            spans.push(Span::styled(format!(" {label}  "), styles.muted));
        }
        Line::from(spans)
    };
    put_line(buf, area, 0, &line);
}

/// The tag prompt: for whom, what is typed, and the tags it has, or Tab's candidates.
fn tag_prompt<'a>(app: &'a App, styles: &Styles, width: usize) -> Line<'a> {
    let label = if app.tag_all {
        format!("tag all {} shown: ", app.shown.len())
    } else {
        "tags: ".to_string()
    };
    let hint = match &app.completion {
        Some(c) if c.candidates.len() > 1 => {
            let others: Vec<&str> = c.candidates.iter().map(String::as_str).collect();
            format!("  tab: {}", others.join(" "))
        }
        _ if app.tag_all => "  name adds, -name removes, enter applies to all".into(),
        _ => {
            let has = app.selected_article().map(|a| {
                let mut tags: Vec<&str> = a.tags.iter().map(String::as_str).collect();
                tags.extend(app.state.user_tags(a.id));
                tags.join(" · ")
            });
            match has.filter(|h| !h.is_empty()) {
                Some(has) => format!("  has: {has} · -name removes, tab completes"),
                None => "  name adds, -name removes, tab completes".into(),
            }
        }
    };
    let room = width.saturating_sub(label.width() + 2);
    let typed = tail(&app.tag_input, room);
    let left = room.saturating_sub(typed.width());
    Line::from(vec![
        Span::styled(label, styles.accent),
        Span::raw(typed.to_string()),
        Span::styled(" ", Style::new().add_modifier(Modifier::REVERSED)),
        Span::styled(truncate(&hint, left), styles.muted),
    ])
}

/// The end of `text` that fits in `room` cells: where the typing happens.
fn tail(text: &str, room: usize) -> &str {
    let mut shown = text;
    while shown.width() > room {
        let mut chars = shown.chars();
        chars.next();
        shown = chars.as_str();
    }
    shown
}

/// The key to show in a hint: `enter` for opening and `esc` for going back when
/// bound, else the first key.
fn key(app: &App, action: &Action) -> String {
    let keys = app.keymap.keys_for(action);
    let wanted = match action {
        Action::Open => "enter",
        Action::Back => "esc",
        _ => "",
    };
    let preferred = keys.iter().find(|k| *k == wanted);
    preferred
        .or(keys.first())
        .cloned()
        .unwrap_or_else(|| "?".into())
}

pub fn render_status(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let width = usize::from(area.width);
    if let (Focus::Filter, Some(error)) = (app.focus, &app.query_error) {
        // Under the filter bar: a caret at the column, then what is wrong there.
        let hidden = app.filter.width() - tail(&app.filter, width.saturating_sub(4)).width();
        let column = 2 + error.display_column.saturating_sub(hidden);
        let text = format!("{}^ {}", " ".repeat(column), error.message);
        put_line(
            buf,
            area,
            0,
            &Line::styled(truncate(&text, width), styles.error),
        );
        return;
    }
    let mut left = format!(
        "{}/{} articles · {} bookmarked",
        app.matched_count(),
        app.library.len(),
        app.state.bookmarks().len()
    );
    if app.bookmarked_only {
        left.push_str(" · bookmarks only");
    }
    if !app.search_complete {
        left.push_str(" · searching…");
    }
    if app.saving > 0 {
        let pages = if app.saving == 1 { "page" } else { "pages" };
        left.push_str(&format!(" · saving {} {pages}…", app.saving));
    }
    if app.loading {
        match app.files_total {
            Some(total) if total > 0 => {
                let percent = app.files_done * 100 / total;
                left.push_str(&format!(" · loading {percent}% of {total} files"));
            }
            _ => left.push_str(" · loading…"),
        }
    }
    let left = truncate(&left, width);
    let mut spans = vec![Span::styled(left.clone(), styles.muted)];
    if let Some(message) = &app.message {
        let room = width.saturating_sub(left.width() + 3);
        if room > 3 {
            let style = if message.error {
                styles.error
            } else {
                styles.accent
            };
            spans.push(Span::raw(" · "));
            // Cut, it says where to read it whole.
            let hint = format!(" ({} whole)", key(app, &Action::ShowProblems));
            if message.text.width() > room && room > hint.width() + 8 {
                let cut = truncate(&message.text, room - hint.width());
                spans.push(Span::styled(cut, style));
                spans.push(Span::styled(hint, styles.muted));
            } else {
                spans.push(Span::styled(truncate(&message.text, room), style));
            }
        }
    }
    put_line(buf, area, 0, &Line::from(spans));
}
