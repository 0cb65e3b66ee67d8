//! Drawing: a function of the `App` state, one file per pane. Nothing here changes
//! state or does I/O; text reaching the buffer was sanitised when it was loaded.

mod bars;
pub mod color;
mod highlights;
mod hyperlink;
mod list;
pub mod overlay;
mod reader;
mod reading;
pub mod tabs;
pub mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::App;
use crate::layout::panes as layout;
use theme::Styles;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let styles = Styles::new(&self.theme, self.no_color);
        let areas = layout::areas(area, self.panes());
        tabs::render(self, &styles, areas.tabs, buf);
        list::render(self, &styles, areas.list, buf);
        reader::render(self, &styles, areas.reader, buf);
        bars::render_filter(self, &styles, areas.filter, buf);
        bars::render_status(self, &styles, areas.status, buf);
        if self.overlay.is_some() {
            overlay::render(self, &styles, area, buf);
        }
    }
}

/// Splits `text` into spans, styling the byte ranges in `highlights` with `mark`.
pub fn highlighted<'a>(
    text: &'a str,
    highlights: &[(usize, usize)],
    base: Style,
    mark: Style,
) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for &(start, end) in highlights {
        if start < at
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        if start > at {
            spans.push(Span::styled(&text[at..start], base));
        }
        spans.push(Span::styled(&text[start..end], base.patch(mark)));
        at = end;
    }
    if at < text.len() {
        spans.push(Span::styled(&text[at..], base));
    }
    spans
}

/// Writes a line into `area`'s row `row`, clipped to the area.
fn put_line(buf: &mut Buffer, area: Rect, row: u16, line: &Line) {
    if row < area.height && area.width > 0 {
        buf.set_line(area.x, area.y + row, line, area.width);
    }
}
