//! Where each pane goes for a terminal size: a pure function shared by drawing, by
//! `App` (page sizes, wrap width) and by the runner (mouse hit-testing).

use ratatui::layout::{Constraint, Layout, Rect};

/// At this width and above, list and reader stand side by side.
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = 100;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    pub list: Rect,
    pub reader: Rect,
    pub filter: Rect,
    pub status: Rect,
    pub side_by_side: bool,
}

/// The panes for a screen of `area`; with `full_screen` the reader takes the list's
/// room too.
pub fn areas(area: Rect, full_screen: bool) -> Areas {
    let [main, filter, status] = area.layout(&Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ]));
    if full_screen {
        return Areas {
            list: Rect::new(main.x, main.y, 0, 0),
            reader: main,
            filter,
            status,
            side_by_side: false,
        };
    }
    let side_by_side = area.width >= SIDE_BY_SIDE_MIN_WIDTH;
    let (list, reader) = if side_by_side {
        let list_width = (area.width * 2 / 5).clamp(30, 60);
        let [list, reader] = main.layout(&Layout::horizontal([
            Constraint::Length(list_width),
            Constraint::Min(0),
        ]));
        (list, reader)
    } else {
        let list_height = (main.height * 2 / 5).max(3.min(main.height));
        let [list, reader] = main.layout(&Layout::vertical([
            Constraint::Length(list_height),
            Constraint::Min(0),
        ]));
        (list, reader)
    };
    Areas {
        list,
        reader,
        filter,
        status,
        side_by_side,
    }
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

/// The reading column inside the reader pane: at most `reading_width` wide, centred,
/// leaving the rightmost column for the scrollbar and one cell of margin each side.
pub fn reading_column(reader: Rect, reading_width: u16) -> Rect {
    let inner = inner(reader);
    let usable = inner.width.saturating_sub(3);
    let width = usable.min(reading_width);
    let left = 1 + (usable - width) / 2;
    Rect {
        x: inner.x.saturating_add(left),
        y: inner.y,
        width,
        height: inner.height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_is_side_by_side_narrow_is_stacked() {
        let a = areas(Rect::new(0, 0, 120, 40), false);
        assert!(a.side_by_side);
        assert_eq!(a.list.width + a.reader.width, 120);
        assert_eq!(a.status.y, 39);
        let a = areas(Rect::new(0, 0, 80, 24), false);
        assert!(!a.side_by_side);
        assert_eq!(a.list.height + a.reader.height, 22);
    }

    #[test]
    fn tiny_sizes_do_not_underflow() {
        for (w, h) in [(0, 0), (1, 1), (2, 2), (5, 3), (40, 12)] {
            let a = areas(Rect::new(0, 0, w, h), w % 2 == 0);
            let col = reading_column(a.reader, 80);
            assert!(col.width <= a.reader.width);
        }
    }

    #[test]
    fn reading_column_is_capped_and_centred() {
        let col = reading_column(Rect::new(0, 0, 200, 10), 80);
        assert_eq!(col.width, 80);
        assert_eq!(col.x, 1 + 1 + (195 - 80) / 2);
    }
}
