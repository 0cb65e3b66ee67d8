//! The row of view tabs across the top: All and the saved searches, numbered for the
//! keys that switch to them, the current one marked; on the right, how the list is
//! ordered and grouped when that was changed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::put_line;
use super::theme::Styles;
use crate::app::{App, Group};

/// Each tab's label and the columns it covers (see `layout::tabs`).
pub fn tabs(app: &App) -> Vec<(String, std::ops::Range<u16>)> {
    crate::layout::tabs::tabs(app.views.iter().map(|v| v.name.as_str()))
}

pub fn render(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let mut spans = vec![Span::raw(" ")];
    for (i, (label, _)) in tabs(app).into_iter().enumerate() {
        let style = if i == app.view && !app.bookmarked_only {
            styles.selected
        } else {
            styles.muted
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    if app.bookmarked_only {
        spans.push(Span::styled(" ★ bookmarks only ", styles.selected));
    }
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let mut right = Vec::new();
    match app.group {
        Group::None => {}
        Group::Source => right.push("by source"),
        Group::Day => right.push("by day"),
    }
    if let Some(sort) = app.sort {
        right.push(crate::app::sort_name(Some(sort)));
    }
    let right = right.join(" · ");
    let room = usize::from(area.width).saturating_sub(used + 1);
    if !right.is_empty() && right.width() <= room {
        spans.push(Span::raw(" ".repeat(room - right.width())));
        spans.push(Span::styled(right, styles.muted));
    }
    put_line(buf, area, 0, &Line::from(spans));
}
