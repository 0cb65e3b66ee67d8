//! config.toml: raw serde structs, validated in one place into a typed `Config`
//! (library paths, reading width, mouse, colour depth, hyperlinks, theme colours,
//! keymap). Errors name the file, line and column and quote the bad value. Reads one
//! file; writes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use crate::capabilities::{ColorChoice, HyperlinkChoice};
use crate::keymap::{Binding, Keymap};

mod save;
pub use save::{DEFAULT_SAVE_JOBS, DEFAULT_SAVE_MAX_BYTES, DEFAULT_SAVE_TIMEOUT};

pub const CONFIG_FILE: &str = "config.toml";
pub const DEFAULT_READING_WIDTH: u16 = 80;
pub use crate::loader::DEFAULT_MAX_FILE_SIZE;
pub const DEFAULT_DATE_FORMAT: &str = "%Y-%m-%d";

/// The widest a date in `format` gets, in cells (for the list's date column).
pub fn date_width(format: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    // A late-September Wednesday: long month and weekday names, two-digit day.
    chrono::NaiveDate::from_ymd_opt(2026, 9, 30)
        .map_or(10, |d| d.format(format).to_string().width())
}

/// Checks a strftime format; the error says what is allowed.
fn check_date_format(format: &str) -> Result<(), String> {
    use chrono::format::{Item, StrftimeItems};
    if format.is_empty() || StrftimeItems::new(format).any(|i| matches!(i, Item::Error)) {
        return Err(format!(
            "invalid date_format '{format}' (a strftime format such as \"%Y-%m-%d\" or \"%d %b %Y\")"
        ));
    }
    Ok(())
}

/// The colours of the interface. Without colours (`NO_COLOR`, `color = "none"`) they
/// are ignored and only bold, underline and reverse video are used.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Whether the colours suit a light background (the "light" preset).
    pub light: bool,
    /// Whether URLs in the reading pane are drawn as OSC 8 hyperlinks. Not a `[theme]`
    /// key: decided when the reader starts, from `hyperlinks` and the terminal.
    pub hyperlinks: bool,
    pub accent: Color,
    pub heading: Color,
    pub selection: Color,
    pub muted: Color,
    pub bookmark: Color,
    pub highlight: Color,
    pub error: Color,
}

impl Theme {
    /// Colours for terminals with a light background.
    pub fn light() -> Theme {
        Theme {
            light: true,
            hyperlinks: false,
            accent: Color::Blue,
            heading: Color::Magenta,
            selection: Color::LightBlue,
            muted: Color::Gray,
            bookmark: Color::Red,
            highlight: Color::Red,
            error: Color::Red,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            light: false,
            hyperlinks: false,
            accent: Color::Cyan,
            heading: Color::Yellow,
            selection: Color::Blue,
            muted: Color::DarkGray,
            bookmark: Color::Yellow,
            highlight: Color::Magenta,
            error: Color::Red,
        }
    }
}

/// A saved search: a named query, shown as a view the list can switch to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View {
    pub name: String,
    pub query: String,
}

/// The views offered when config.toml names none.
pub fn default_views() -> Vec<View> {
    [
        ("Unread", "is:unread"),
        ("Bookmarks", "is:bookmarked"),
        ("This week", "newer:7d"),
    ]
    .into_iter()
    .map(|(name, query)| View {
        name: name.into(),
        query: query.into(),
    })
    .collect()
}

#[derive(Clone, Debug)]
pub struct Config {
    /// Folders and files opened when no path is given on the command line.
    pub library: Vec<PathBuf>,
    /// The widest the reading column gets, in terminal cells.
    pub reading_width: u16,
    /// How dates are shown in the reader (strftime).
    pub date_format: String,
    pub mouse: bool,
    /// Files larger than this are skipped and reported.
    pub max_file_size: u64,
    /// Follow symbolic links that lead out of the library folders.
    pub follow_outside_links: bool,
    /// How many colours to draw with, or `auto` to ask the terminal.
    pub color: ColorChoice,
    /// Whether URLs in the reader are OSC 8 hyperlinks.
    pub hyperlinks: HyperlinkChoice,
    /// Show files added, changed or removed while the reader runs.
    pub watch: bool,
    /// Keep a cache of the library, so that the next start reads one file.
    pub cache: bool,
    /// Where the cache lives (set by the binary from the config directory; `None`
    /// when there is no cache).
    pub cache_dir: Option<PathBuf>,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Saved searches, after the built-in "All".
    pub views: Vec<View>,
    /// Where `tidings save` saves pages without `--to` (else the first library folder).
    pub save_dir: Option<PathBuf>,
    /// The largest page `tidings save` fetches, in bytes.
    pub save_max_bytes: u64,
    /// How long `tidings save` waits for a page, whole.
    pub save_timeout: std::time::Duration,
    /// How many pages `tidings save` fetches at once.
    pub save_jobs: usize,
    /// The file this came from, if there was one.
    pub path: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            library: Vec::new(),
            reading_width: DEFAULT_READING_WIDTH,
            date_format: DEFAULT_DATE_FORMAT.to_string(),
            mouse: true,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            follow_outside_links: false,
            color: ColorChoice::Auto,
            hyperlinks: HyperlinkChoice::Auto,
            watch: true,
            cache: true,
            cache_dir: None,
            theme: Theme::default(),
            keymap: Keymap::defaults(),
            views: default_views(),
            save_dir: None,
            save_max_bytes: DEFAULT_SAVE_MAX_BYTES,
            save_timeout: DEFAULT_SAVE_TIMEOUT,
            save_jobs: DEFAULT_SAVE_JOBS,
            path: None,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    library: Option<Vec<Spanned<String>>>,
    reading_width: Option<Spanned<i64>>,
    date_format: Option<Spanned<String>>,
    mouse: Option<bool>,
    max_file_size: Option<Spanned<i64>>,
    follow_outside_links: Option<bool>,
    color: Option<Spanned<toml::Value>>,
    hyperlinks: Option<Spanned<toml::Value>>,
    watch: Option<bool>,
    cache: Option<bool>,
    theme: Option<RawTheme>,
    keys: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    views: Option<Vec<RawView>>,
    save_dir: Option<Spanned<String>>,
    save_max_bytes: Option<Spanned<i64>>,
    save_timeout: Option<Spanned<toml::Value>>,
    save_jobs: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawView {
    name: Spanned<String>,
    query: Spanned<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    preset: Option<Spanned<String>>,
    accent: Option<Spanned<String>>,
    heading: Option<Spanned<String>>,
    selection: Option<Spanned<String>>,
    muted: Option<Spanned<String>>,
    bookmark: Option<Spanned<String>>,
    highlight: Option<Spanned<String>>,
    error: Option<Spanned<String>>,
}

/// A config problem, displayed as `error parsing PATH:LINE:COL: MESSAGE` (or, when
/// the file could not be read, line 0, as `error reading PATH: MESSAGE`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("error {}: {message}", place(.path, *.line, *.column))]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Where a config error is: `reading PATH` or `parsing PATH:LINE:COL`.
fn place(path: &Path, line: usize, column: usize) -> String {
    if line == 0 {
        format!("reading {}", path.display())
    } else {
        format!("parsing {}:{line}:{column}", path.display())
    }
}

/// A path in config.toml or on the command line that cannot be expanded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("cannot expand '~' in '{text}': no home directory")]
    NoHome { text: String },
    #[error("unclosed '${{' in '{text}'")]
    Unclosed { text: String },
    #[error("environment variable '{name}' in '{text}' is not set")]
    Unset { name: String, text: String },
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

impl Config {
    /// Reads `config.toml` from the config directory; a missing file gives the defaults.
    pub fn load(config_dir: &Path) -> Result<Config, ConfigError> {
        let path = config_dir.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(ConfigError {
                path,
                line: 0,
                column: 0,
                message: e.to_string().to_lowercase(),
            }),
        }
    }

    /// Validates the text of a config file.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let at = |offset: usize, message: String| {
            let (line, column) = line_col(text, offset);
            ConfigError {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            at(offset, e.message().trim().replace('`', "'"))
        })?;

        let mut config = Config {
            path: Some(path.to_path_buf()),
            ..Config::default()
        };
        if let Some(library) = raw.library {
            config.library = library
                .iter()
                .map(|p| expand_path(p.get_ref()).map_err(|m| at(p.span().start, m.to_string())))
                .collect::<Result<_, _>>()?;
        }
        if let Some(width) = raw.reading_width {
            let value = *width.get_ref();
            config.reading_width = u16::try_from(value)
                .ok()
                .filter(|w| (20..=1000).contains(w))
                .ok_or_else(|| {
                    at(
                        width.span().start,
                        format!("reading_width {value} is out of range (allowed: 20 to 1000)"),
                    )
                })?;
        }
        if let Some(format) = raw.date_format {
            check_date_format(format.get_ref()).map_err(|m| at(format.span().start, m))?;
            config.date_format = format.get_ref().clone();
        }
        if let Some(mouse) = raw.mouse {
            config.mouse = mouse;
        }
        if let Some(follow) = raw.follow_outside_links {
            config.follow_outside_links = follow;
        }
        if let Some(watch) = raw.watch {
            config.watch = watch;
        }
        if let Some(cache) = raw.cache {
            config.cache = cache;
        }
        if let Some(size) = raw.max_file_size {
            let value = *size.get_ref();
            config.max_file_size =
                u64::try_from(value)
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or_else(|| {
                        at(
                            size.span().start,
                            format!("max_file_size {value} must be a positive number of bytes"),
                        )
                    })?;
        }
        if let Some(color) = raw.color {
            // `color = 256` reads as well as `color = "256"`.
            let text = match color.get_ref() {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            config.color = ColorChoice::parse(&text).ok_or_else(|| {
                at(
                    color.span().start,
                    format!("invalid color '{text}' (allowed: {})", ColorChoice::ALLOWED),
                )
            })?;
        }
        if let Some(hyperlinks) = raw.hyperlinks {
            let text = match hyperlinks.get_ref() {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            config.hyperlinks = HyperlinkChoice::parse(&text).ok_or_else(|| {
                at(
                    hyperlinks.span().start,
                    format!(
                        "invalid hyperlinks '{text}' (allowed: {})",
                        HyperlinkChoice::ALLOWED
                    ),
                )
            })?;
        }
        if let Some(theme) = raw.theme {
            if let Some(preset) = &theme.preset {
                config.theme = match preset.get_ref().as_str() {
                    "dark" => Theme::default(),
                    "light" => Theme::light(),
                    other => {
                        return Err(at(
                            preset.span().start,
                            format!("unknown theme preset '{other}' (allowed: dark, light)"),
                        ));
                    }
                };
            }
            let t = &mut config.theme;
            let slots = [
                (theme.accent, &mut t.accent),
                (theme.heading, &mut t.heading),
                (theme.selection, &mut t.selection),
                (theme.muted, &mut t.muted),
                (theme.bookmark, &mut t.bookmark),
                (theme.highlight, &mut t.highlight),
                (theme.error, &mut t.error),
            ];
            for (raw, slot) in slots {
                if let Some(raw) = raw {
                    *slot = parse_color(raw.get_ref()).map_err(|m| at(raw.span().start, m))?;
                }
            }
        }
        if let Some(keys) = raw.keys {
            for (key, action) in &keys {
                let binding = Binding {
                    key: key.get_ref(),
                    action: action.get_ref(),
                };
                config.keymap.apply(&binding).map_err(|m| {
                    let offset = if m.is_key() {
                        key.span().start
                    } else {
                        action.span().start
                    };
                    at(offset, m.to_string())
                })?;
            }
        }
        let save = save::RawSave {
            dir: raw.save_dir,
            max_bytes: raw.save_max_bytes,
            timeout: raw.save_timeout,
            jobs: raw.save_jobs,
        };
        let keys = save::validate(save, at)?;
        (config.save_dir, config.save_max_bytes) = (keys.dir, keys.max_bytes);
        (config.save_timeout, config.save_jobs) = (keys.timeout, keys.jobs);
        if let Some(views) = raw.views {
            config.views = Vec::new();
            let today = chrono::Local::now().date_naive();
            for view in views {
                let name = view.name.get_ref().trim();
                if name.is_empty() {
                    return Err(at(view.name.span().start, "a view needs a name".into()));
                }
                let query = view.query.get_ref();
                if let Err(e) = crate::query::parse::parse(query, today) {
                    // The value's first character follows its opening quote.
                    let offset = view.query.span().start
                        + 1
                        + query.char_indices().nth(e.column).map_or(0, |(i, _)| i);
                    return Err(at(
                        offset,
                        format!("bad query '{query}' in view '{name}': {}", e.message),
                    ));
                }
                config.views.push(View {
                    name: name.to_string(),
                    query: query.clone(),
                });
            }
        }
        Ok(config)
    }
}

fn parse_color(text: &str) -> Result<Color, String> {
    Color::from_str(text).map_err(|_| {
        format!(
            "invalid colour '{text}' (allowed: a name such as red, lightblue or darkgray, \
             #rrggbb, or an index 0 to 255)"
        )
    })
}

/// Expands a leading `~` and `$VAR` / `${VAR}` references.
pub fn expand_path(text: &str) -> Result<PathBuf, PathError> {
    let mut out = String::new();
    let mut rest = text;
    if rest == "~" || rest.starts_with("~/") {
        let home = dirs::home_dir().ok_or_else(|| PathError::NoHome {
            text: text.to_string(),
        })?;
        out.push_str(&home.to_string_lossy());
        rest = &rest[1..];
    }
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let (name, len) = if let Some(inner) = after.strip_prefix('{') {
            let end = inner.find('}').ok_or_else(|| PathError::Unclosed {
                text: text.to_string(),
            })?;
            (&inner[..end], end + 2)
        } else {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..end], end)
        };
        if name.is_empty() {
            out.push('$');
            rest = after;
            continue;
        }
        let value = std::env::var(name).map_err(|_| PathError::Unset {
            name: name.to_string(),
            text: text.to_string(),
        })?;
        out.push_str(&value);
        rest = &after[len..];
    }
    out.push_str(rest);
    Ok(PathBuf::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("/cfg/config.toml"))
    }

    #[test]
    fn empty_config_is_the_defaults() {
        let config = parse("").unwrap();
        assert_eq!(config.reading_width, 80);
        assert!(config.library.is_empty());
        assert_eq!(config.theme, Theme::default());
    }

    #[test]
    fn the_example_config_is_valid_and_says_the_defaults() {
        let text = include_str!("../config.example.toml");
        let config = parse(text).unwrap();
        assert_eq!(config.reading_width, DEFAULT_READING_WIDTH);
        assert_eq!(config.theme, Theme::default());
        assert_eq!(config.max_file_size, DEFAULT_MAX_FILE_SIZE);
        assert_eq!(config.color, ColorChoice::Auto);
        assert_eq!(config.hyperlinks, HyperlinkChoice::Auto);
        assert!(config.watch);
        for action in Action::BINDABLE {
            assert_eq!(
                config.keymap.keys_for(action),
                Keymap::defaults().keys_for(action),
                "{action:?}"
            );
        }
    }

    #[test]
    fn the_cache_is_on_unless_turned_off() {
        assert!(parse("").unwrap().cache);
        assert!(!parse("cache = false\n").unwrap().cache);
        let err = parse("cache = 1\n").unwrap_err();
        assert!(err.to_string().contains("config.toml:1:9"), "{err}");
    }

    #[test]
    fn watching_is_on_unless_turned_off() {
        assert!(parse("").unwrap().watch);
        assert!(!parse("watch = false\n").unwrap().watch);
        let err = parse("watch = \"no\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 9), "{err}");
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let err = parse("reading_width = 70\n\n[theme]\ncolour = \"red\"\n").unwrap_err();
        assert_eq!(err.line, 4);
        assert_eq!(err.column, 1);
        assert!(
            err.to_string()
                .starts_with("error parsing /cfg/config.toml:4:1: unknown field 'colour'"),
            "{err}"
        );
    }

    #[test]
    fn bad_values_are_quoted() {
        let err = parse("[theme]\naccent = \"rainbow\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 10));
        assert!(err.message.contains("invalid colour 'rainbow'"), "{err}");

        let err = parse("reading_width = 5").unwrap_err();
        assert!(
            err.message.contains("reading_width 5 is out of range"),
            "{err}"
        );

        let err = parse("reading_width = \"wide\"").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("invalid type"), "{err}");
    }

    #[test]
    fn key_errors_point_at_key_or_action() {
        let err = parse("[keys]\nj = \"fly\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 5));
        assert!(err.message.starts_with("unknown action 'fly'"), "{err}");
        let err = parse("[keys]\nhyper-j = \"quit\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
    }

    #[test]
    fn views_are_validated_where_they_stand() {
        let config =
            parse("[[views]]\nname = \"Sport\"\nquery = \"tag:sport sort:date\"\n").unwrap();
        assert_eq!(
            config.views,
            vec![View {
                name: "Sport".into(),
                query: "tag:sport sort:date".into()
            }]
        );
        assert_eq!(parse("").unwrap().views, default_views());
        let err = parse("[[views]]\nname = \"Bad\"\nquery = \"is:later\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 13), "at the bad value");
        assert!(
            err.message
                .starts_with("bad query 'is:later' in view 'Bad'"),
            "{err}"
        );
        let err = parse("[[views]]\nname = \"X\"\nquery = \"a\"\ncolour = 1\n").unwrap_err();
        assert!(err.message.contains("unknown field 'colour'"), "{err}");
    }

    #[test]
    fn presets_date_formats_and_their_errors() {
        let config =
            parse("date_format = \"%d %b %Y\"\n[theme]\npreset = \"light\"\naccent = \"green\"\n")
                .unwrap();
        assert_eq!(config.date_format, "%d %b %Y");
        assert!(config.theme.light);
        assert_eq!(config.theme.heading, Theme::light().heading);
        assert_eq!(
            config.theme.accent,
            Color::Green,
            "keys after the preset override it"
        );
        assert_eq!(date_width("%d %b %Y"), 11);
        let err = parse("[theme]\npreset = \"sepia\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 10));
        assert!(err.message.contains("allowed: dark, light"), "{err}");
        let err = parse("date_format = \"%Q\"\n").unwrap_err();
        assert!(err.message.starts_with("invalid date_format '%Q'"), "{err}");
    }

    #[test]
    fn color_and_hyperlinks_are_read_and_checked_where_they_stand() {
        use crate::capabilities::ColorDepth;
        let config = parse("").unwrap();
        assert_eq!(config.color, ColorChoice::Auto);
        assert_eq!(config.hyperlinks, HyperlinkChoice::Auto);
        for (text, depth) in [
            ("\"truecolor\"", ColorDepth::TrueColor),
            ("\"256\"", ColorDepth::Ansi256),
            ("256", ColorDepth::Ansi256),
            ("\"16\"", ColorDepth::Ansi16),
            ("\"none\"", ColorDepth::None),
        ] {
            let config = parse(&format!("color = {text}\n")).unwrap();
            assert_eq!(config.color, ColorChoice::Fixed(depth), "{text}");
        }
        let config = parse("color = \"auto\"\nhyperlinks = \"always\"\n").unwrap();
        assert_eq!(config.color, ColorChoice::Auto);
        assert_eq!(config.hyperlinks, HyperlinkChoice::Always);
        assert_eq!(
            parse("hyperlinks = \"never\"").unwrap().hyperlinks,
            HyperlinkChoice::Never
        );

        let err = parse("mouse = true\ncolor = \"24bit\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 9));
        assert_eq!(
            err.message,
            "invalid color '24bit' (allowed: auto, truecolor, 256, 16, none)"
        );
        let err = parse("color = 8\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 9));
        assert!(err.message.starts_with("invalid color '8'"), "{err}");
        let err = parse("\n\nhyperlinks = true\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 14));
        assert_eq!(
            err.message,
            "invalid hyperlinks 'true' (allowed: auto, always, never)"
        );
        assert!(
            err.to_string()
                .starts_with("error parsing /cfg/config.toml:3:14: invalid hyperlinks"),
            "{err}"
        );
        let err = parse("[theme]\ncolor = \"16\"\n").unwrap_err();
        assert!(
            err.message.contains("unknown field 'color'"),
            "color is a top-level key: {err}"
        );
    }

    #[test]
    fn keys_override_defaults() {
        let config = parse("[keys]\nx = \"quit\"\nq = \"none\"\n").unwrap();
        assert_eq!(config.keymap.keys_for(&Action::Quit), vec!["x", "ctrl-c"]);
    }

    #[test]
    fn library_paths_expand_home_and_env() {
        // SAFETY: tests in this module are the only readers of this variable.
        unsafe { std::env::set_var("TIDINGS_TEST_NEWS", "/srv/news") };
        let config =
            parse("library = [\"$TIDINGS_TEST_NEWS/a\", \"${TIDINGS_TEST_NEWS}b\"]").unwrap();
        assert_eq!(
            config.library,
            vec![PathBuf::from("/srv/news/a"), PathBuf::from("/srv/newsb")]
        );
        let err = parse("library = [\"$TIDINGS_SURELY_UNSET_VAR/x\"]").unwrap_err();
        assert!(err.message.contains("'TIDINGS_SURELY_UNSET_VAR'"), "{err}");
        assert_eq!(err.column, 12);
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\ncdé f", 8), (2, 5));
        assert_eq!(line_col("", 10), (1, 1));
    }
}
