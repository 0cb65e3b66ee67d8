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

pub fn render(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    let mut rows: Vec<(String, String)> = Action::BINDABLE
        .iter()
        .map(|a| (app.keymap.keys_for(a).join(" "), a.describe().to_string()))
        .collect();
    rows.push((String::new(), String::new()));
    rows.push(("In the filter bar".into(), String::new()));
    rows.push(("enter".into(), "keep the filter, back to the list".into()));
    rows.push(("esc".into(), "clear the filter".into()));
    rows.push(("up down".into(), "move in the list while typing".into()));
    rows.push(("Mouse".into(), String::new()));
    rows.push(("wheel".into(), "scroll the pane under the pointer".into()));
    rows.push(("click".into(), "select; click again to open".into()));

    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        .min(28);
    let width = (key_width + 40).min(usize::from(area.width.saturating_sub(2))) as u16 + 2;
    let height = (rows.len() as u16 + 2).min(area.height);
    let popup = Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + (area.height.saturating_sub(height)) / 2,
        width: width.min(area.width),
        height,
    };
    Clear.render(popup, buf);
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(styles.border_focused)
        .title(Line::from(Span::styled(" Keys ", styles.title)))
        .title_bottom(Line::from(Span::styled(" ? or esc closes ", styles.muted)).right_aligned())
        .render(popup, buf);
    let inner = super::layout::inner(popup);
    for (i, (keys, what)) in rows.iter().enumerate() {
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
