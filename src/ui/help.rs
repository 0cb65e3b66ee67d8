//! The help overlay: every bindable action with the keys the effective keymap gives it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::put_line;
use super::theme::Styles;
use super::wrap::fit;
use crate::action::Action;
use crate::app::App;
use crate::keymap::Keymap;

/// The overlay's rows: keys and what they do; a row with no description is a heading.
pub fn rows(keymap: &Keymap) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Action::BINDABLE
        .iter()
        .map(|a| (keymap.keys_for(a).join(" "), a.describe().to_string()))
        .collect();
    let more = [
        ("", ""),
        ("In the filter bar", ""),
        ("enter", "keep the filter, back to the list"),
        ("esc", "clear the filter"),
        ("up down", "older and newer filters (history)"),
        ("", ""),
        ("Mouse", ""),
        ("wheel", "scroll the pane under the pointer"),
        ("click", "select; click again to open"),
    ];
    rows.extend(more.iter().map(|(k, w)| (k.to_string(), w.to_string())));
    rows
}

/// Where the overlay goes on a screen of `area`, for `count` rows.
pub fn popup(area: Rect, count: usize, key_width: usize) -> Rect {
    let width = (key_width + 40).min(usize::from(area.width.saturating_sub(2))) as u16 + 2;
    let height = (count as u16).saturating_add(2).min(area.height);
    Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width: width.min(area.width),
        height,
    }
}

pub fn key_width(rows: &[(String, String)]) -> usize {
    rows.iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(28)
}

/// How far the overlay can scroll on a screen of `area`.
pub fn max_scroll(keymap: &Keymap, area: Rect) -> usize {
    let rows = rows(keymap);
    let inner = popup(area, rows.len(), key_width(&rows))
        .height
        .saturating_sub(2);
    rows.len().saturating_sub(usize::from(inner))
}

pub fn render(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    let rows = rows(&app.keymap);
    let key_width = key_width(&rows);
    let popup = popup(area, rows.len(), key_width);
    let inner = super::layout::inner(popup);
    let scroll = app
        .help_scroll
        .min(rows.len().saturating_sub(usize::from(inner.height)));
    let more = rows.len() > scroll + usize::from(inner.height);
    let hint = if more {
        " j/k scroll · ? or esc closes "
    } else {
        " ? or esc closes "
    };
    Clear.render(popup, buf);
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(styles.border_focused)
        .title(Line::from(Span::styled(" Keys ", styles.title)))
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
