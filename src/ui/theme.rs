//! The styles each element is drawn with, from the config's theme colours, or with
//! modifiers only when `NO_COLOR` is set.

use ratatui::style::{Modifier, Style};

use crate::config::Theme;

pub struct Styles {
    pub accent: Style,
    pub title: Style,
    pub heading: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub muted: Style,
    pub bookmark: Style,
    pub unread: Style,
    pub highlight: Style,
    pub current_match: Style,
    pub error: Style,
    pub border: Style,
    pub border_focused: Style,
    pub quote: Style,
    pub code: Style,
    pub key: Style,
}

impl Styles {
    pub fn new(theme: &Theme, no_color: bool) -> Styles {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if no_color {
            return Styles {
                accent: bold,
                title: bold,
                heading: bold.add_modifier(Modifier::UNDERLINED),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                selected_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
                muted: Style::new(),
                bookmark: bold,
                unread: bold,
                highlight: Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD),
                current_match: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
                error: bold,
                border: Style::new(),
                border_focused: bold,
                quote: Style::new().add_modifier(Modifier::ITALIC),
                code: Style::new(),
                key: bold,
            };
        }
        Styles {
            accent: Style::new().fg(theme.accent),
            title: Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
            heading: Style::new().fg(theme.heading).add_modifier(Modifier::BOLD),
            selected: Style::new()
                .bg(theme.selection)
                .add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().bg(theme.muted),
            muted: Style::new().fg(theme.muted),
            bookmark: Style::new().fg(theme.bookmark),
            unread: Style::new().fg(theme.accent),
            highlight: Style::new()
                .fg(theme.highlight)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            current_match: Style::new()
                .fg(theme.highlight)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
            error: Style::new().fg(theme.error).add_modifier(Modifier::BOLD),
            border: Style::new().fg(theme.muted),
            border_focused: Style::new().fg(theme.accent),
            quote: Style::new().add_modifier(Modifier::ITALIC),
            code: Style::new().fg(theme.muted),
            key: Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
        }
    }
}
