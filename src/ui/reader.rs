//! The reading pane: the selected article laid out in a centred column of the
//! configured width, styled by line kind, with matches highlighted and a scrollbar.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, BorderType, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};

use super::theme::Styles;
use super::{highlighted, put_line};
use crate::app::{App, Focus};
use crate::layout::panes::{inner, reading_column};
use crate::layout::wrap::{LineKind, TextLine};

pub fn render(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    if area.width < 2 || area.height < 2 {
        return;
    }
    let focused = app.focus == Focus::Reader;
    let lines = &app.reader.lines;
    let height = usize::from(inner(area).height);
    let mut progress = progress(app);
    if let Some(find) = &app.find {
        let at = if find.matches.is_empty() {
            0
        } else {
            find.current + 1
        };
        progress = format!(
            " {at}/{} “{}” ·{progress}",
            find.matches.len(),
            crate::layout::wrap::truncate(&find.text, 20)
        );
    }
    let label = app
        .selected_article()
        .and_then(|a| a.source_name())
        .map(|s| format!(" {s} "))
        .unwrap_or_else(|| " Reader ".to_string());
    let mut block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(if focused {
            styles.border_focused
        } else {
            styles.border
        })
        .title(Line::from(Span::styled(
            crate::layout::wrap::truncate(&label, usize::from(area.width).saturating_sub(10)),
            styles.title,
        )));
    if !lines.is_empty() {
        block = block.title(Line::from(Span::styled(progress, styles.muted)).right_aligned());
    }
    block.render(area, buf);

    let column = reading_column(area, app.reading_width);
    if lines.is_empty() {
        let text = if app.loading {
            "Loading…"
        } else {
            "Select an article to read it."
        };
        put_line(buf, column, 0, &Line::styled(text, styles.muted));
        return;
    }
    for (row, line) in lines
        .iter()
        .skip(app.reader.scroll)
        .take(height)
        .enumerate()
    {
        put_line(
            buf,
            column,
            row as u16,
            &styled_line(app, styles, app.reader.scroll + row, line),
        );
        if app.theme.hyperlinks {
            super::hyperlink::link_line(buf, column, row as u16, lines, app.reader.scroll + row);
        }
    }
    // Where only a window of the article is laid out, the bar says how far through
    // its text the view is.
    let windowed = app.reader.window.len() < app.reader.pieces.len();
    let bar = if windowed {
        let steps = 10_000;
        Some((steps, (app.reader_fraction() * steps as f64) as usize))
    } else {
        (lines.len() > height).then(|| (lines.len() - height, app.reader.scroll))
    };
    if let Some((length, at)) = bar {
        let mut state = ScrollbarState::new(length).position(at);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_style(styles.muted)
            .thumb_style(if focused { styles.accent } else { styles.muted })
            .render(inner(area), buf, &mut state);
    }
}

/// How far through the article the view is, and the minutes of reading left.
fn progress(app: &App) -> String {
    let fraction = app.reader_fraction();
    let minutes = app.selected_article().map_or(0.0, super::reading::minutes);
    let left = (minutes * (1.0 - fraction)).ceil() as usize;
    let percent = (fraction * 100.0).round() as usize;
    if left == 0 {
        format!(" {percent}% ")
    } else {
        format!(" {percent}% · {left} min left ")
    }
}

fn styled_line<'a>(app: &App, styles: &Styles, index: usize, line: &'a TextLine) -> Line<'a> {
    let style = match line.kind {
        LineKind::Title => styles.title,
        LineKind::Subtitle => styles.quote,
        LineKind::Meta | LineKind::Rule | LineKind::LinkUrl => styles.muted,
        LineKind::Note => styles.bookmark,
        LineKind::Heading(_) => styles.heading,
        LineKind::Quote => styles.quote,
        LineKind::Code => styles.code,
        LineKind::Body | LineKind::ListItem | LineKind::Blank | LineKind::Link => Style::new(),
    };
    let prefix_style = if line.kind == LineKind::Quote {
        styles.muted
    } else {
        style
    };
    let mut spans = vec![Span::styled(line.prefix.as_str(), prefix_style)];
    if let Some(find) = &app.find {
        // The search within the article wins over the filter's highlights.
        let current = find.matches.get(find.current);
        let mut spans_here = Vec::new();
        let mut at = 0;
        for (i, &(l, s, e)) in find
            .matches
            .iter()
            .enumerate()
            .filter(|(_, m)| m.0 == index)
        {
            let _ = l;
            if s < at || e > line.text.len() {
                continue;
            }
            spans_here.push(Span::styled(&line.text[at..s], style));
            let mark = if current == Some(&find.matches[i]) {
                styles.current_match
            } else {
                styles.highlight
            };
            spans_here.push(Span::styled(&line.text[s..e], style.patch(mark)));
            at = e;
        }
        if !spans_here.is_empty() {
            spans_here.push(Span::styled(&line.text[at..], style));
            spans.extend(spans_here);
            return Line::from(spans);
        }
    }
    // A selection being made, then the article's highlights, then the filter's matches.
    let mut marked: Vec<(usize, usize, Style)> = Vec::new();
    if let Some(selection) = &app.selection {
        marked.extend(
            selection
                .lines
                .iter()
                .filter(|&&(l, _, _)| l == index)
                .map(|&(_, s, e)| (s, e, styles.selected)),
        );
    }
    for highlight in &app.reader.highlights {
        marked.extend(
            highlight
                .lines
                .iter()
                .filter(|&&(l, _, _)| l == index)
                .map(|&(_, s, e)| (s, e, styles.highlight)),
        );
    }
    if !marked.is_empty() {
        marked.sort_by_key(|&(s, _, _)| s);
        let mut at = 0;
        for (s, e, mark) in marked {
            let fits = s >= at && e <= line.text.len();
            if !fits || !line.text.is_char_boundary(s) || !line.text.is_char_boundary(e) {
                continue;
            }
            if s > at {
                spans.push(Span::styled(&line.text[at..s], style));
            }
            spans.push(Span::styled(&line.text[s..e], style.patch(mark)));
            at = e;
        }
        if at < line.text.len() {
            spans.push(Span::styled(&line.text[at..], style));
        }
        return Line::from(spans);
    }
    let marks = crate::query::highlight(&line.text, &app.query);
    spans.extend(highlighted(&line.text, &marks, style, styles.highlight));
    Line::from(spans)
}
