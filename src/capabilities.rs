//! What the terminal can show: how many colours, and whether it makes OSC 8 hyperlinks
//! of URLs. config.toml's `color` and `hyperlinks` choose, or leave it to detection
//! from environment variables. Detection is a pure function of the values it is given
//! (tests pass a table; `tui` passes the process environment); nothing here reads the
//! environment itself or writes to the terminal.

use std::fmt;

/// Looks an environment variable up by name.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// How many colours the terminal shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColorDepth {
    /// No colours: bold, underline and reverse video only.
    None,
    /// The 16 ANSI colours.
    Ansi16,
    /// The xterm 256-colour palette.
    Ansi256,
    /// 24-bit colour.
    TrueColor,
}

/// config.toml's `color`: a depth, or `auto` to detect it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorChoice {
    #[default]
    Auto,
    Fixed(ColorDepth),
}

impl ColorChoice {
    /// The values config.toml accepts, as the error message lists them.
    pub const ALLOWED: &str = "auto, truecolor, 256, 16, none";

    pub fn parse(text: &str) -> Option<ColorChoice> {
        Some(match text {
            "auto" => ColorChoice::Auto,
            "truecolor" => ColorChoice::Fixed(ColorDepth::TrueColor),
            "256" => ColorChoice::Fixed(ColorDepth::Ansi256),
            "16" => ColorChoice::Fixed(ColorDepth::Ansi16),
            "none" => ColorChoice::Fixed(ColorDepth::None),
            _ => return None,
        })
    }
}

impl fmt::Display for ColorChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ColorChoice::Auto => "auto",
            ColorChoice::Fixed(ColorDepth::TrueColor) => "truecolor",
            ColorChoice::Fixed(ColorDepth::Ansi256) => "256",
            ColorChoice::Fixed(ColorDepth::Ansi16) => "16",
            ColorChoice::Fixed(ColorDepth::None) => "none",
        })
    }
}

/// config.toml's `hyperlinks`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HyperlinkChoice {
    /// On in terminals known to support OSC 8, off elsewhere and inside tmux or screen.
    #[default]
    Auto,
    Always,
    Never,
}

impl HyperlinkChoice {
    pub const ALLOWED: &str = "auto, always, never";

    pub fn parse(text: &str) -> Option<HyperlinkChoice> {
        Some(match text {
            "auto" => HyperlinkChoice::Auto,
            "always" => HyperlinkChoice::Always,
            "never" => HyperlinkChoice::Never,
            _ => return None,
        })
    }
}

impl fmt::Display for HyperlinkChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HyperlinkChoice::Auto => "auto",
            HyperlinkChoice::Always => "always",
            HyperlinkChoice::Never => "never",
        })
    }
}

/// What the reader draws with on this terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    pub depth: ColorDepth,
    pub hyperlinks: bool,
}

/// The config's choices, with `auto` decided from the environment. A depth written in
/// config.toml wins over `NO_COLOR`, as no-color.org asks of user configuration.
pub fn resolve(color: ColorChoice, hyperlinks: HyperlinkChoice, env: Env) -> Capabilities {
    Capabilities {
        depth: match color {
            ColorChoice::Fixed(depth) => depth,
            ColorChoice::Auto => detect_color_depth(env),
        },
        hyperlinks: match hyperlinks {
            HyperlinkChoice::Always => true,
            HyperlinkChoice::Never => false,
            HyperlinkChoice::Auto => detect_hyperlinks(env),
        },
    }
}

/// A variable's value, if it is set and not empty.
fn get(env: Env, name: &str) -> Option<String> {
    env(name).filter(|v| !v.is_empty())
}

/// Inside tmux or screen, which may not pass OSC 8 or 24-bit colour through, whatever
/// the terminal outside supports (and whose variables they inherit).
fn in_multiplexer(env: Env) -> bool {
    let term = get(env, "TERM").unwrap_or_default();
    get(env, "TMUX").is_some()
        || get(env, "STY").is_some()
        || term.starts_with("tmux")
        || term.starts_with("screen")
}

/// Terminals whose `TERM` names them and that show 24-bit colour.
const TRUECOLOR_TERMS: &[&str] = &[
    "xterm-kitty",
    "xterm-ghostty",
    "alacritty",
    "foot",
    "foot-extra",
    "wezterm",
    "contour",
    "rio",
];

/// Terminals that show 24-bit colour and say so in `TERM_PROGRAM` only.
const TRUECOLOR_PROGRAMS: &[&str] = &["iTerm.app", "WezTerm", "vscode", "ghostty", "rio"];

/// The colour depth from `NO_COLOR`, `COLORTERM`, `TERM`, `TERM_PROGRAM` and
/// `WT_SESSION`; 16 colours when nothing says more.
pub fn detect_color_depth(env: Env) -> ColorDepth {
    if get(env, "NO_COLOR").is_some() {
        return ColorDepth::None;
    }
    if let Some(colorterm) = get(env, "COLORTERM") {
        let colorterm = colorterm.to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            return ColorDepth::TrueColor;
        }
    }
    let term = get(env, "TERM").unwrap_or_default().to_ascii_lowercase();
    if term == "dumb" {
        return ColorDepth::None;
    }
    if term.ends_with("-direct") || TRUECOLOR_TERMS.contains(&term.as_str()) {
        return ColorDepth::TrueColor;
    }
    if !in_multiplexer(env) {
        let program = get(env, "TERM_PROGRAM").unwrap_or_default();
        if TRUECOLOR_PROGRAMS.contains(&program.as_str()) || get(env, "WT_SESSION").is_some() {
            return ColorDepth::TrueColor;
        }
    }
    if term.contains("256color") {
        return ColorDepth::Ansi256;
    }
    ColorDepth::Ansi16
}

/// Terminals that make OSC 8 hyperlinks and say so in `TERM_PROGRAM`.
const HYPERLINK_PROGRAMS: &[&str] = &[
    "iTerm.app",
    "WezTerm",
    "vscode",
    "ghostty",
    "Hyper",
    "terminology",
    "rio",
];

/// Terminals that make OSC 8 hyperlinks and say so in `TERM`.
const HYPERLINK_TERMS: &[&str] = &[
    "xterm-kitty",
    "xterm-ghostty",
    "alacritty",
    "alacritty-direct",
    "foot",
    "foot-extra",
    "wezterm",
    "contour",
    "rio",
];

/// Whether the terminal is known to make OSC 8 hyperlinks, from the variables the
/// `supports-hyperlinks` crate reads: `FORCE_HYPERLINK` (anything but `0` forces them
/// on), `DOMTERM`, `VTE_VERSION` (0.50 and later), `TERM_PROGRAM`, `TERM`,
/// `WT_SESSION`, `KONSOLE_VERSION`. Off inside tmux and screen.
pub fn detect_hyperlinks(env: Env) -> bool {
    if let Some(force) = get(env, "FORCE_HYPERLINK") {
        return force.trim() != "0";
    }
    if in_multiplexer(env) {
        return false;
    }
    let vte = get(env, "VTE_VERSION")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(0);
    let program = get(env, "TERM_PROGRAM").unwrap_or_default();
    let term = get(env, "TERM").unwrap_or_default();
    get(env, "DOMTERM").is_some()
        || vte >= 5000
        || HYPERLINK_PROGRAMS.contains(&program.as_str())
        || HYPERLINK_TERMS.contains(&term.as_str())
        || get(env, "WT_SESSION").is_some()
        || get(env, "KONSOLE_VERSION").is_some()
        || get(env, "COLORTERM").as_deref() == Some("xfce4-terminal")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Detection over a table of variables; everything else is unset.
    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn depth(vars: &[(&str, &str)]) -> ColorDepth {
        detect_color_depth(&with(vars))
    }

    fn links(vars: &[(&str, &str)]) -> bool {
        detect_hyperlinks(&with(vars))
    }

    #[test]
    fn colour_depth_from_colorterm_and_term() {
        use ColorDepth::*;
        assert_eq!(depth(&[]), Ansi16, "nothing known: 16 colours");
        assert_eq!(depth(&[("TERM", "xterm")]), Ansi16);
        assert_eq!(depth(&[("TERM", "linux")]), Ansi16);
        assert_eq!(depth(&[("TERM", "xterm-256color")]), Ansi256);
        assert_eq!(depth(&[("TERM", "screen-256color")]), Ansi256);
        assert_eq!(depth(&[("TERM", "tmux-256color")]), Ansi256);
        assert_eq!(
            depth(&[("TERM", "xterm-256color"), ("COLORTERM", "truecolor")]),
            TrueColor
        );
        assert_eq!(
            depth(&[("TERM", "xterm"), ("COLORTERM", "24bit")]),
            TrueColor
        );
        assert_eq!(
            depth(&[("TERM", "xterm-256color"), ("COLORTERM", "yes")]),
            Ansi256,
            "COLORTERM that does not say 24-bit says nothing"
        );
        assert_eq!(depth(&[("TERM", "xterm-kitty")]), TrueColor);
        assert_eq!(depth(&[("TERM", "xterm-direct")]), TrueColor);
        assert_eq!(depth(&[("TERM", "foot")]), TrueColor);
        assert_eq!(depth(&[("TERM", "dumb")]), None);
        assert_eq!(
            depth(&[("TERM", "xterm-256color"), ("TERM_PROGRAM", "vscode")]),
            TrueColor
        );
        assert_eq!(
            depth(&[("TERM", "xterm-256color"), ("WT_SESSION", "1f2e")]),
            TrueColor
        );
        assert_eq!(
            depth(&[
                ("TERM", "xterm-256color"),
                ("TERM_PROGRAM", "Apple_Terminal")
            ]),
            Ansi256
        );
        assert_eq!(
            depth(&[
                ("TERM", "screen-256color"),
                ("TERM_PROGRAM", "iTerm.app"),
                ("STY", "1234.pts-0.host")
            ]),
            Ansi256,
            "screen inherits TERM_PROGRAM but not 24-bit colour"
        );
    }

    #[test]
    fn no_color_means_none_unless_config_says_otherwise() {
        let env = with(&[
            ("TERM", "xterm-256color"),
            ("COLORTERM", "truecolor"),
            ("NO_COLOR", "1"),
        ]);
        assert_eq!(detect_color_depth(&env), ColorDepth::None);
        assert_eq!(
            depth(&[("TERM", "xterm-256color"), ("NO_COLOR", "")]),
            ColorDepth::Ansi256,
            "an empty NO_COLOR is not set"
        );
        let auto = resolve(ColorChoice::Auto, HyperlinkChoice::Never, &env);
        assert_eq!(auto.depth, ColorDepth::None);
        let fixed = resolve(
            ColorChoice::Fixed(ColorDepth::Ansi256),
            HyperlinkChoice::Never,
            &env,
        );
        assert_eq!(fixed.depth, ColorDepth::Ansi256);
    }

    #[test]
    fn hyperlinks_where_the_terminal_is_known_to_make_them() {
        assert!(!links(&[]));
        assert!(
            !links(&[("TERM", "xterm-256color")]),
            "plain xterm: unknown"
        );
        assert!(!links(&[
            ("TERM", "xterm-256color"),
            ("TERM_PROGRAM", "Apple_Terminal")
        ]));
        assert!(links(&[("TERM", "xterm-kitty")]));
        assert!(links(&[("TERM", "foot")]));
        assert!(links(&[
            ("TERM", "xterm-256color"),
            ("TERM_PROGRAM", "iTerm.app")
        ]));
        assert!(links(&[
            ("TERM", "xterm-256color"),
            ("TERM_PROGRAM", "WezTerm")
        ]));
        assert!(links(&[
            ("TERM", "xterm-256color"),
            ("TERM_PROGRAM", "vscode")
        ]));
        assert!(links(&[
            ("TERM", "xterm-ghostty"),
            ("TERM_PROGRAM", "ghostty")
        ]));
        assert!(links(&[
            ("TERM", "xterm-256color"),
            ("VTE_VERSION", "7600")
        ]));
        assert!(!links(&[
            ("TERM", "xterm-256color"),
            ("VTE_VERSION", "4803")
        ]));
        assert!(!links(&[
            ("TERM", "xterm-256color"),
            ("VTE_VERSION", "new")
        ]));
        assert!(links(&[("WT_SESSION", "7b1a2c3d")]));
        assert!(links(&[("DOMTERM", "QT;tty=/dev/pts/1")]));
        assert!(links(&[("KONSOLE_VERSION", "230805")]));
    }

    #[test]
    fn hyperlinks_are_off_inside_tmux_and_screen_unless_forced() {
        let kitty_in_tmux = [
            ("TERM", "tmux-256color"),
            ("TMUX", "/tmp/tmux-1000/default,123,0"),
            ("VTE_VERSION", "7600"),
        ];
        assert!(!links(&kitty_in_tmux));
        assert!(!links(&[
            ("TERM", "screen.xterm-256color"),
            ("WT_SESSION", "x")
        ]));
        assert!(!links(&[("TERM", "xterm-kitty"), ("STY", "99.pts-1.host")]));
        let mut forced = kitty_in_tmux.to_vec();
        forced.push(("FORCE_HYPERLINK", "1"));
        assert!(links(&forced));
        assert!(!links(&[("TERM", "xterm-kitty"), ("FORCE_HYPERLINK", "0")]));
        let env = with(&kitty_in_tmux);
        assert!(resolve(ColorChoice::Auto, HyperlinkChoice::Always, &env).hyperlinks);
        let kitty = with(&[("TERM", "xterm-kitty")]);
        assert!(!resolve(ColorChoice::Auto, HyperlinkChoice::Never, &kitty).hyperlinks);
        assert!(resolve(ColorChoice::Auto, HyperlinkChoice::Auto, &kitty).hyperlinks);
    }

    #[test]
    fn choices_print_as_they_are_written() {
        for text in ["auto", "truecolor", "256", "16", "none"] {
            let choice = ColorChoice::parse(text).unwrap();
            assert_eq!(choice.to_string(), text);
        }
        for text in ["auto", "always", "never"] {
            assert_eq!(HyperlinkChoice::parse(text).unwrap().to_string(), text);
        }
        assert_eq!(ColorChoice::parse("24bit"), None);
        assert_eq!(HyperlinkChoice::parse("yes"), None);
    }
}
