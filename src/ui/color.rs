//! Theme colours brought down to what the terminal shows: 24-bit colours to the nearest
//! of the xterm 256 (the 6x6x6 cube or the grey ramp), and those to the nearest of the
//! 16 ANSI colours (measured against xterm's default values). Pure functions; the named
//! colours are left as they are.

use ratatui::style::Color;

use crate::capabilities::ColorDepth;
use crate::config::Theme;

/// The levels of each channel in the xterm colour cube (indices 16 to 231).
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// xterm's default values for the 16 ANSI colours, for measuring which is nearest.
const ANSI: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

/// The theme with every colour the terminal cannot show replaced by the nearest it can.
/// With no colours at all the theme is unchanged: styles then use modifiers only.
pub fn theme_for(theme: &Theme, depth: ColorDepth) -> Theme {
    let reduce = |c| reduce(c, depth);
    Theme {
        accent: reduce(theme.accent),
        heading: reduce(theme.heading),
        selection: reduce(theme.selection),
        muted: reduce(theme.muted),
        bookmark: reduce(theme.bookmark),
        highlight: reduce(theme.highlight),
        error: reduce(theme.error),
        ..theme.clone()
    }
}

/// The nearest colour to `color` that a terminal of `depth` shows.
pub fn reduce(color: Color, depth: ColorDepth) -> Color {
    match (depth, color) {
        (ColorDepth::TrueColor | ColorDepth::None, c) => c,
        (ColorDepth::Ansi256, Color::Rgb(r, g, b)) => Color::Indexed(rgb_to_256(r, g, b)),
        (ColorDepth::Ansi16, Color::Rgb(r, g, b)) => ansi(index_to_16(rgb_to_256(r, g, b))),
        (ColorDepth::Ansi16, Color::Indexed(i)) => ansi(index_to_16(i)),
        (_, c) => c,
    }
}

/// The nearest xterm colour among the cube and the grey ramp (16 to 255). The 16 ANSI
/// colours are left out: terminals give them values of their own.
pub fn rgb_to_256(r: u8, g: u8, b: u8) -> u8 {
    // The nearest cube level of each channel; the levels are 95, then 40 apart.
    let level = |v: u8| -> u8 {
        match v {
            0..48 => 0,
            48..115 => 1,
            _ => (v - 35) / 40,
        }
    };
    let (qr, qg, qb) = (level(r), level(g), level(b));
    let cube = (
        CUBE[usize::from(qr)],
        CUBE[usize::from(qg)],
        CUBE[usize::from(qb)],
    );
    let cube_index = 16 + 36 * qr + 6 * qg + qb;
    // The nearest of the 24 greys (8, 18, ..., 238) to the average.
    let average = (u16::from(r) + u16::from(g) + u16::from(b)) / 3;
    let grey_step = (average.saturating_sub(3) / 10).min(23) as u8;
    let grey = 8 + 10 * grey_step;
    if distance((r, g, b), (grey, grey, grey)) < distance((r, g, b), cube) {
        232 + grey_step
    } else {
        cube_index
    }
}

/// The nearest of the 16 ANSI colours to an xterm colour (itself, below 16).
pub fn index_to_16(index: u8) -> u8 {
    if index < 16 {
        return index;
    }
    let rgb = index_rgb(index);
    let mut best = 0;
    for (i, ansi) in ANSI.iter().enumerate() {
        if distance(rgb, *ansi) < distance(rgb, ANSI[best]) {
            best = i;
        }
    }
    best as u8
}

/// The colour of an xterm index (xterm's defaults for the first 16).
pub fn index_rgb(index: u8) -> (u8, u8, u8) {
    match index {
        0..16 => ANSI[usize::from(index)],
        16..232 => {
            let i = index - 16;
            (
                CUBE[usize::from(i / 36)],
                CUBE[usize::from(i / 6 % 6)],
                CUBE[usize::from(i % 6)],
            )
        }
        _ => {
            let grey = 8 + 10 * (index - 232);
            (grey, grey, grey)
        }
    }
}

/// How far apart two colours look: squared differences weighted by the mean red
/// ("redmean"), a cheap approximation of perceived distance that keeps blues blue.
fn distance(a: (u8, u8, u8), b: (u8, u8, u8)) -> u32 {
    let d = |x: u8, y: u8| u32::from(x.abs_diff(y)).pow(2);
    let red_mean = (u32::from(a.0) + u32::from(b.0)) / 2;
    (((512 + red_mean) * d(a.0, b.0)) >> 8)
        + 4 * d(a.1, b.1)
        + (((767 - red_mean) * d(a.2, b.2)) >> 8)
}

/// The named colour for an ANSI index below 16.
fn ansi(index: u8) -> Color {
    match index {
        0 => Color::Black,
        1 => Color::Red,
        2 => Color::Green,
        3 => Color::Yellow,
        4 => Color::Blue,
        5 => Color::Magenta,
        6 => Color::Cyan,
        7 => Color::Gray,
        8 => Color::DarkGray,
        9 => Color::LightRed,
        10 => Color::LightGreen,
        11 => Color::LightYellow,
        12 => Color::LightBlue,
        13 => Color::LightMagenta,
        14 => Color::LightCyan,
        _ => Color::White,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::Styles;
    use ratatui::style::Style;

    #[test]
    fn rgb_goes_to_the_nearest_cube_colour_or_grey() {
        assert_eq!(rgb_to_256(0xff, 0x87, 0x00), 208, "exactly on the cube");
        assert_eq!(rgb_to_256(0xff, 0x80, 0x00), 208, "orange, near 208");
        assert_eq!(rgb_to_256(0x00, 0x00, 0x00), 16);
        assert_eq!(rgb_to_256(0xff, 0xff, 0xff), 231);
        assert_eq!(rgb_to_256(0x80, 0x80, 0x80), 244, "mid grey is on the ramp");
        assert_eq!(rgb_to_256(0x30, 0x30, 0x30), 236);
        assert_eq!(rgb_to_256(0x12, 0x12, 0x12), 233);
        assert_eq!(rgb_to_256(0x5f, 0x87, 0xaf), 67, "steel blue");
        assert_eq!(rgb_to_256(0x1e, 0x90, 0xff), 33, "dodger blue");
        assert_eq!(rgb_to_256(0xee, 0xee, 0xee), 255);
    }

    #[test]
    fn xterm_colours_go_to_the_nearest_of_the_16() {
        assert_eq!(index_to_16(208), 3, "orange to yellow");
        assert_eq!(index_to_16(196), 9, "pure red to bright red");
        assert_eq!(index_to_16(160), 1, "darker red to red");
        assert_eq!(index_to_16(244), 8, "mid grey to dark grey");
        assert_eq!(index_to_16(250), 7, "light grey to grey");
        assert_eq!(index_to_16(236), 0, "near black to black");
        assert_eq!(index_to_16(33), 12, "dodger blue to light blue");
        assert_eq!(index_to_16(231), 15);
        assert_eq!(index_to_16(5), 5, "the first 16 are themselves");
    }

    #[test]
    fn reduce_walks_rgb_through_256_to_16() {
        let orange = Color::Rgb(0xff, 0x87, 0x00);
        assert_eq!(reduce(orange, ColorDepth::TrueColor), orange);
        assert_eq!(reduce(orange, ColorDepth::Ansi256), Color::Indexed(208));
        assert_eq!(reduce(orange, ColorDepth::Ansi16), Color::Yellow);
        assert_eq!(
            reduce(Color::Rgb(0x80, 0x80, 0x80), ColorDepth::Ansi16),
            Color::DarkGray
        );
        assert_eq!(
            reduce(Color::Indexed(67), ColorDepth::Ansi256),
            Color::Indexed(67)
        );
        assert_eq!(reduce(Color::Indexed(250), ColorDepth::Ansi16), Color::Gray);
        assert_eq!(
            reduce(Color::Indexed(9), ColorDepth::Ansi16),
            Color::LightRed,
            "an index below 16 becomes its name"
        );
        assert_eq!(reduce(Color::Cyan, ColorDepth::Ansi16), Color::Cyan);
        assert_eq!(reduce(Color::Reset, ColorDepth::Ansi16), Color::Reset);
    }

    /// Whether a terminal of `depth` shows `color` as it is.
    fn shows(color: Option<Color>, depth: ColorDepth) -> bool {
        match (color, depth) {
            (None | Some(Color::Reset), _) => true,
            (Some(_), ColorDepth::None) => false,
            (Some(Color::Rgb(..)), ColorDepth::Ansi16 | ColorDepth::Ansi256) => false,
            (Some(Color::Indexed(_)), ColorDepth::Ansi16) => false,
            _ => true,
        }
    }

    fn all(styles: &Styles) -> [Style; 16] {
        [
            styles.accent,
            styles.title,
            styles.heading,
            styles.selected,
            styles.selected_unfocused,
            styles.muted,
            styles.bookmark,
            styles.unread,
            styles.highlight,
            styles.current_match,
            styles.error,
            styles.border,
            styles.border_focused,
            styles.quote,
            styles.code,
            styles.key,
        ]
    }

    #[test]
    fn presets_and_custom_themes_fit_every_depth() {
        let custom = Theme {
            accent: Color::Rgb(0x1e, 0x90, 0xff),
            muted: Color::Indexed(245),
            selection: Color::Rgb(0x30, 0x30, 0x30),
            ..Theme::default()
        };
        for theme in [Theme::default(), Theme::light(), custom] {
            for depth in [
                ColorDepth::None,
                ColorDepth::Ansi16,
                ColorDepth::Ansi256,
                ColorDepth::TrueColor,
            ] {
                let reduced = theme_for(&theme, depth);
                let styles = Styles::new(&reduced, depth == ColorDepth::None);
                for style in all(&styles) {
                    assert!(
                        shows(style.fg, depth) && shows(style.bg, depth),
                        "{style:?} at {depth:?}"
                    );
                }
            }
        }
        // The presets use the 16 colours only, so every depth draws them alike.
        for preset in [Theme::default(), Theme::light()] {
            for depth in [ColorDepth::Ansi16, ColorDepth::Ansi256] {
                assert_eq!(theme_for(&preset, depth), preset);
            }
        }
    }
}
