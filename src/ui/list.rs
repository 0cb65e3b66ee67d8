//! The list pane: one row per shown article (bookmark, unread and not-fetched marks,
//! date, title with the filter's matches highlighted, tags, source), laying out only
//! the visible rows.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Widget};
use unicode_width::UnicodeWidthStr;

use super::theme::Styles;
use super::{highlighted, put_line};
use crate::app::{App, Focus, GroupHead, Row};
use crate::article::Article;
use crate::layout::wrap::{fit, truncate};

const SOURCE_MIN_PANE: usize = 60;
/// "999m": minutes of reading.
const MINUTES_WIDTH: usize = 4;

pub fn render(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    if area.width < 2 || area.height < 2 {
        return;
    }
    let focused = app.focus != Focus::Reader;
    let preview = app.preview();
    let count = if let Some((_, total, _)) = preview {
        format!(" {total} ")
    } else if app.matched_count() == app.library.len() {
        format!(" {} ", app.library.len())
    } else {
        format!(" {}/{} ", app.matched_count(), app.library.len())
    };
    let title = match (app.bookmarked_only, app.view) {
        (true, _) => " Bookmarks ".to_string(),
        (false, 0) => " Articles ".to_string(),
        (false, _) => format!(" {} ", app.view_name()),
    };
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(if focused {
            styles.border_focused
        } else {
            styles.border
        })
        .title(Line::from(Span::styled(title, styles.title)))
        .title(Line::from(Span::styled(count, styles.muted)).right_aligned())
        .render(area, buf);
    let inner = crate::layout::panes::inner(area);
    if let Some((front, _, selected)) = preview {
        // The cache's newest articles, drawn (and scrolled to the selection) as the
        // list will draw them.
        let height = usize::from(inner.height);
        let top = (selected + 1).saturating_sub(height);
        let visible: Vec<&Article> = front.iter().skip(top).take(height).collect();
        let widths = Widths::new(app, &visible, inner.width.into());
        for (y, article) in visible.iter().enumerate() {
            let line = row_line(app, styles, article, &widths, top + y == selected, focused);
            put_line(buf, inner, y as u16, &line);
        }
        return;
    }
    if app.shown.is_empty() {
        // Never "nothing matches" before the search has said so.
        let text = if app.loading {
            "Loading…"
        } else if app.searching() && !app.library.is_empty() {
            "Searching…"
        } else if app.library.is_empty() {
            "No articles found."
        } else {
            "Nothing matches the filter."
        };
        put_line(
            buf,
            inner,
            0,
            &Line::styled(truncate(text, inner.width.into()), styles.muted),
        );
        return;
    }
    let rows: Vec<Option<Row>> = (0..inner.height)
        .map(|row| app.row(app.list_offset + usize::from(row)))
        .collect();
    let article_at = |position: usize| app.shown.get(position).and_then(|&i| app.library.get(i));
    let visible: Vec<&Article> = rows
        .iter()
        .filter_map(|row| match row {
            Some(Row::Article(position)) => article_at(*position),
            _ => None,
        })
        .collect();
    let widths = Widths::new(app, &visible, inner.width.into());
    for (y, row) in rows.iter().enumerate() {
        let line = match row {
            Some(Row::Heading(g)) => heading_line(styles, &app.groups[*g], inner.width.into()),
            Some(Row::Article(position)) => {
                let Some(article) = article_at(*position) else {
                    continue;
                };
                let selected = *position == app.selected;
                row_line(app, styles, article, &widths, selected, focused)
            }
            None => break,
        };
        put_line(buf, inner, y as u16, &line);
    }
}

/// The columns' widths, the same on every row so they line up: the title takes what
/// the others leave, the source column what it needs of what is free (a third of the
/// row, at least, when titles want it all).
struct Widths {
    date: usize,
    title: usize,
    minutes: bool,
    /// The tags (`#later #rust`), when a visible article has any.
    tags: usize,
    source: usize,
}

/// A tags column takes at most this share of the row, and leaves the title at least
/// `TITLE_MIN` cells (titles come first).
const TAGS_SHARE: usize = 5;
const TITLE_MIN: usize = 40;

/// An article's tags as the list shows them.
fn tag_label(app: &App, article: &Article) -> String {
    let tags = app.state.tags_of(article);
    tags.iter()
        .map(|t| format!("#{t}"))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Widths {
    fn new(app: &App, visible: &[&Article], width: usize) -> Widths {
        let mut rest = width.saturating_sub(3);
        let date_width = crate::config::date_width(&app.date_format);
        let date = if app.columns.date && rest >= date_width + 12 {
            rest -= date_width + 1;
            date_width
        } else {
            0
        };
        let minutes = app.columns.minutes && width >= SOURCE_MIN_PANE;
        if minutes {
            rest = rest.saturating_sub(MINUTES_WIDTH + 1);
        }
        let widest = |f: &dyn Fn(&Article) -> usize| visible.iter().map(|a| f(a)).max();
        let want_source = widest(&|a| crate::app::source_label(a).width()).unwrap_or(0);
        let want_title = widest(&|a| title_and_note(app, a).0.width()).unwrap_or(0);
        let source = if app.columns.source && width >= SOURCE_MIN_PANE && want_source > 0 {
            let free = rest.saturating_sub(1);
            if want_title + want_source <= free {
                want_source
            } else {
                want_source.min(free.saturating_sub(want_title).max(free / 3))
            }
        } else {
            0
        };
        rest = rest.saturating_sub(if source > 0 { source + 1 } else { 0 });
        let want_tags = widest(&|a| tag_label(app, a).width()).unwrap_or(0);
        let tags = if !app.columns.tags || width < SOURCE_MIN_PANE || want_tags == 0 {
            0
        } else if want_title + 1 + want_tags <= rest {
            want_tags
        } else {
            let room = (width / TAGS_SHARE).min(rest.saturating_sub(TITLE_MIN + 1));
            want_tags.min(room)
        };
        let tags = if tags >= 4 { tags } else { 0 };
        let title = rest.saturating_sub(if tags > 0 { tags + 1 } else { 0 });
        Widths {
            date,
            title,
            minutes,
            tags,
            source,
        }
    }
}

/// A group's heading row: its name, then how many articles it holds.
fn heading_line<'a>(styles: &Styles, head: &GroupHead, width: usize) -> Line<'a> {
    let count = format!(" · {}", head.count);
    let label = truncate(&head.label, width.saturating_sub(count.len() + 2));
    Line::from(vec![
        Span::styled(format!("▾ {label}"), styles.heading),
        Span::styled(count, styles.muted),
    ])
}

/// The title, then the bookmark's note when it has one (and the note alone).
fn title_and_note(app: &App, article: &Article) -> (String, Option<String>) {
    let note = app
        .state
        .bookmarks()
        .get(&article.id)
        .and_then(|b| b.note.as_deref())
        .map(crate::article::sanitize_line);
    match note {
        Some(note) => (format!("{}  ✎ {note}", article.title), Some(note)),
        None => (article.title.clone(), None),
    }
}

fn row_line<'a>(
    app: &'a App,
    styles: &Styles,
    article: &'a Article,
    widths: &Widths,
    selected: bool,
    focused: bool,
) -> Line<'a> {
    let base = if selected {
        if focused {
            styles.selected
        } else {
            styles.selected_unfocused
        }
    } else {
        ratatui::style::Style::new()
    };
    let mut spans = Vec::new();
    let bookmark = if app.state.is_bookmarked(article.id) {
        "★"
    } else {
        " "
    };
    let unread = if app.state.is_read(article.id) {
        " "
    } else {
        "•"
    };
    spans.push(Span::styled(bookmark, base.patch(styles.bookmark)));
    spans.push(Span::styled(unread, base.patch(styles.unread)));
    // A saved link not fetched yet (`f` fetches it).
    let link = if article.link_only { "↗" } else { " " };
    spans.push(Span::styled(link, base.patch(styles.muted)));
    if widths.date > 0 {
        let date = article
            .date
            .map(|d| d.format(&app.date_format).to_string())
            .unwrap_or_default();
        spans.push(Span::styled(
            fit(&date, widths.date),
            base.patch(styles.muted),
        ));
        spans.push(Span::styled(" ", base));
    }
    let (whole, note) = title_and_note(app, article);
    let cell = fit(&whole, widths.title);
    let (title, after) = match cell.strip_prefix(article.title.as_str()) {
        Some(after) if note.is_some() => (article.title.as_str(), after),
        _ => (cell.as_str(), ""),
    };
    let marks = crate::query::highlight(title, &app.query);
    let mut title_spans = highlighted(title, &marks, base, styles.highlight);
    // `cell` is a local; own the spans so the line can outlive it.
    spans.extend(
        title_spans
            .drain(..)
            .map(|s| Span::styled(s.content.into_owned(), s.style)),
    );
    if !after.is_empty() {
        spans.push(Span::styled(after.to_string(), base.patch(styles.muted)));
    }
    if widths.tags > 0 {
        spans.push(Span::styled(" ", base));
        spans.push(Span::styled(
            fit(&tag_label(app, article), widths.tags),
            base.patch(styles.muted),
        ));
    }
    if widths.minutes {
        let minutes = super::reading::minutes(article).ceil().max(1.0);
        let minutes = format!("{minutes:>3}m");
        spans.push(Span::styled(" ", base));
        spans.push(Span::styled(
            fit(&minutes, MINUTES_WIDTH),
            base.patch(styles.muted),
        ));
    }
    if widths.source > 0 {
        spans.push(Span::styled(" ", base));
        spans.push(Span::styled(
            fit(crate::app::source_label(article), widths.source),
            base.patch(styles.muted),
        ));
    }
    Line::from(spans)
}
