//! The highlights overlay (`H`): every highlight in the library, newest first, one
//! row each (when it was made, the passage, its article and note), the selected one marked;
//! enter opens the article at it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};
use unicode_width::UnicodeWidthStr;

use super::put_line;
use super::theme::Styles;
use crate::app::App;
use crate::layout::wrap::truncate;

/// When a highlight was made: today, yesterday, days ago within the week, else the date.
fn when(app: &App, created: chrono::DateTime<chrono::Utc>) -> String {
    match (app.now.date_naive() - created.date_naive()).num_days() {
        0 => "today".into(),
        1 => "yesterday".into(),
        days @ 2..=6 => format!("{days} days ago"),
        _ => created.format("%Y-%m-%d").to_string(),
    }
}

pub fn render(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    let popup = Rect {
        x: area.x + 2.min(area.width / 10),
        y: area.y + 1.min(area.height / 10),
        width: area.width.saturating_sub(2 * 2.min(area.width / 10)),
        height: area.height.saturating_sub(2 * 1.min(area.height / 10)),
    };
    let inner = crate::layout::panes::inner(popup);
    let rows = app.highlight_rows();
    let height = usize::from(inner.height);
    let max = rows.len().saturating_sub(height);
    app.overlay_max.set(max);
    let scroll = app.overlay_scroll.min(max);
    Clear.render(popup, buf);
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(styles.border_focused)
        .title(Line::from(Span::styled(
            format!(" Highlights: {} ", rows.len()),
            styles.title,
        )))
        .title_bottom(
            Line::from(Span::styled(
                " enter opens · j/k · esc closes ",
                styles.muted,
            ))
            .right_aligned(),
        )
        .render(popup, buf);
    if rows.is_empty() {
        let text = "No highlights yet: m in the reader marks a passage.";
        let line = Line::styled(truncate(text, inner.width.into()), styles.muted);
        put_line(buf, inner, 0, &line);
        return;
    }
    let width = usize::from(inner.width);
    for (i, row) in rows.iter().enumerate().skip(scroll).take(height) {
        let selected = i == app.highlight_row;
        let base = if selected {
            styles.selected
        } else {
            ratatui::style::Style::new()
        };
        let date = when(app, row.created);
        let quote = row.quote.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut after = format!(" — {}", row.title);
        if row.missing {
            after.push_str(" (not in the library)");
        }
        if let Some(note) = &row.note {
            after.push_str(&format!("  ✎ {note}"));
        }
        let room = width.saturating_sub(date.width() + 2);
        let quote_room = room.saturating_sub(after.width().min(room / 2));
        let quote = truncate(&format!("“{quote}”"), quote_room);
        let after = truncate(&after, room.saturating_sub(quote.width()));
        let used = date.width() + 2 + quote.width() + after.width();
        let line = Line::from(vec![
            Span::styled(date, base.patch(styles.muted)),
            Span::styled("  ", base),
            Span::styled(quote, base.patch(styles.highlight)),
            Span::styled(after, base.patch(styles.muted)),
            Span::styled(" ".repeat(width.saturating_sub(used)), base),
        ]);
        put_line(buf, inner, (i - scroll) as u16, &line);
    }
}
