//! Where each pane goes for a terminal size: a pure function shared by drawing, by
//! `App` (page sizes, wrap width) and by the runner (mouse hit-testing).

use ratatui::layout::{Constraint, Layout, Rect};

/// At this width and above, list and reader stand side by side.
pub const SIDE_BY_SIDE_MIN_WIDTH: u16 = 100;

/// Below this height there is no row of view tabs.
pub const TABS_MIN_HEIGHT: u16 = 10;

/// The list pane's share of the screen, in percent, unless moved.
pub const DEFAULT_SPLIT: u16 = 40;
/// How far the divider may go either way, in percent.
pub const SPLIT_RANGE: (u16, u16) = (15, 85);

/// What decides the layout besides the terminal's size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Panes {
    /// The reader takes the list's room too (`z`).
    pub full_screen: bool,
    /// The list pane's share of the width (side by side) or the height (stacked), in
    /// percent; `None` is the default.
    pub split: Option<u16>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    /// The row of view tabs (zero-sized when there is no room or in full screen).
    pub tabs: Rect,
    pub list: Rect,
    pub reader: Rect,
    pub filter: Rect,
    pub status: Rect,
    pub side_by_side: bool,
}

/// The panes for a screen of `area`.
pub fn areas(area: Rect, panes: Panes) -> Areas {
    let tabs_height = u16::from(!panes.full_screen && area.height >= TABS_MIN_HEIGHT);
    let [tabs, main, filter, status] = area.layout(&Layout::vertical([
        Constraint::Length(tabs_height),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ]));
    if panes.full_screen {
        return Areas {
            tabs,
            list: Rect::new(main.x, main.y, 0, 0),
            reader: main,
            filter,
            status,
            side_by_side: false,
        };
    }
    let side_by_side = area.width >= SIDE_BY_SIDE_MIN_WIDTH;
    let (list, reader) = if side_by_side {
        let list_width = match panes.split {
            None => (area.width * 2 / 5).clamp(30, 60),
            Some(percent) => share(area.width, percent).clamp(20, area.width - 30),
        };
        let [list, reader] = main.layout(&Layout::horizontal([
            Constraint::Length(list_width),
            Constraint::Min(0),
        ]));
        (list, reader)
    } else {
        let percent = panes.split.unwrap_or(DEFAULT_SPLIT);
        let list_height = share(main.height, percent).max(3.min(main.height));
        let [list, reader] = main.layout(&Layout::vertical([
            Constraint::Length(list_height),
            Constraint::Min(0),
        ]));
        (list, reader)
    };
    Areas {
        tabs,
        list,
        reader,
        filter,
        status,
        side_by_side,
    }
}

/// `percent` (kept within [`SPLIT_RANGE`]) of `total`.
fn share(total: u16, percent: u16) -> u16 {
    let percent = percent.clamp(SPLIT_RANGE.0, SPLIT_RANGE.1);
    (u32::from(total) * u32::from(percent) / 100) as u16
}

/// The split (percent) that puts the divider at column `x` (side by side) or row `y`
/// (stacked) of `area`, for dragging it with the mouse.
pub fn split_at(area: Rect, panes: Panes, x: u16, y: u16) -> Option<u16> {
    let now = areas(area, panes);
    if panes.full_screen {
        return None;
    }
    let (at, start, total) = if now.side_by_side {
        (x, area.x, area.width)
    } else {
        let main = now.list.height + now.reader.height;
        (y, now.list.y, main)
    };
    if total == 0 {
        return None;
    }
    let cells = u32::from(at.saturating_sub(start)) + 1;
    let percent = (cells * 100).div_ceil(u32::from(total)) as u16;
    Some(percent.clamp(SPLIT_RANGE.0, SPLIT_RANGE.1))
}

/// Whether the cell at `x`, `y` is on the border between the list and the reader.
pub fn on_divider(a: &Areas, x: u16, y: u16) -> bool {
    if a.list.width == 0 || a.reader.width == 0 {
        return false;
    }
    if a.side_by_side {
        let edge = a.list.x + a.list.width;
        (y >= a.list.y && y < a.list.bottom()) && (x + 1 == edge || x == edge)
    } else {
        let edge = a.list.y + a.list.height;
        (x >= a.list.x && x < a.list.right()) && (y + 1 == edge || y == edge)
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
        let a = areas(Rect::new(0, 0, 120, 40), Panes::default());
        assert!(a.side_by_side);
        assert_eq!(a.list.width + a.reader.width, 120);
        assert_eq!(a.status.y, 39);
        assert_eq!((a.tabs.y, a.tabs.height, a.list.y), (0, 1, 1));
        let a = areas(Rect::new(0, 0, 80, 24), Panes::default());
        assert!(!a.side_by_side);
        assert_eq!(a.list.height + a.reader.height, 21);
        let small = areas(Rect::new(0, 0, 40, 9), Panes::default());
        assert_eq!((small.tabs.height, small.list.y), (0, 0));
    }

    #[test]
    fn tiny_sizes_do_not_underflow() {
        for (w, h) in [(0, 0), (1, 1), (2, 2), (5, 3), (40, 12)] {
            for split in [None, Some(0), Some(50), Some(100)] {
                let panes = Panes {
                    full_screen: w % 2 == 0,
                    split,
                };
                let a = areas(Rect::new(0, 0, w, h), panes);
                assert!(a.list.width <= w && a.reader.width <= w);
            }
            let a = areas(Rect::new(0, 0, w, h), Panes::default());
            let col = reading_column(a.reader, 80);
            assert!(col.width <= a.reader.width);
        }
    }

    #[test]
    fn the_split_moves_the_divider_and_dragging_finds_it() {
        let screen = Rect::new(0, 0, 120, 40);
        let wide = Panes {
            full_screen: false,
            split: Some(25),
        };
        let a = areas(screen, wide);
        assert_eq!(a.list.width, 30);
        assert!(on_divider(&a, 29, 10) && on_divider(&a, 30, 10));
        assert!(!on_divider(&a, 31, 10) && !on_divider(&a, 29, 0));
        // Dragging the divider to column 59 gives the list 60 of 120 columns.
        assert_eq!(split_at(screen, wide, 59, 10), Some(50));
        // Not past the limits.
        assert_eq!(split_at(screen, wide, 0, 10), Some(SPLIT_RANGE.0));
        assert_eq!(split_at(screen, wide, 119, 10), Some(SPLIT_RANGE.1));

        let stacked = Rect::new(0, 0, 80, 24);
        let a = areas(stacked, Panes::default());
        let edge = a.list.bottom();
        assert!(on_divider(&a, 5, edge) && on_divider(&a, 5, edge - 1));
        let split = split_at(stacked, Panes::default(), 5, a.list.y + 10);
        let moved = areas(
            stacked,
            Panes {
                full_screen: false,
                split,
            },
        );
        assert_eq!(moved.list.bottom(), a.list.y + 11);
    }

    #[test]
    fn reading_column_is_capped_and_centred() {
        let col = reading_column(Rect::new(0, 0, 200, 10), 80);
        assert_eq!(col.width, 80);
        assert_eq!(col.x, 1 + 1 + (195 - 80) / 2);
    }
}
