//! `tidings config check` (validate and print the effective config) and
//! `tidings config path` (where each file lives).

use std::io::Write;
use std::path::Path;

use ratatui::style::Color;

use super::{CommandError, write_out};
use crate::action::Action;
use crate::config::{CONFIG_FILE, Config};
use crate::state::STATE_FILE;

fn colour(c: Color) -> String {
    match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => i.to_string(),
        other => other.to_string().to_lowercase(),
    }
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The effective config, as a config.toml that would give exactly it.
pub fn effective_toml(config: &Config) -> String {
    let mut s = String::new();
    let library: Vec<String> = config
        .library
        .iter()
        .map(|p| quoted(&p.to_string_lossy()))
        .collect();
    s.push_str(&format!("library = [{}]\n", library.join(", ")));
    s.push_str(&format!("reading_width = {}\n", config.reading_width));
    s.push_str(&format!("date_format = {}\n", quoted(&config.date_format)));
    s.push_str(&format!("mouse = {}\n", config.mouse));
    s.push_str(&format!("max_file_size = {}\n", config.max_file_size));
    s.push_str(&format!(
        "follow_outside_links = {}\n",
        config.follow_outside_links
    ));
    s.push_str(&format!("color = \"{}\"\n", config.color));
    s.push_str(&format!("hyperlinks = \"{}\"\n", config.hyperlinks));
    s.push_str(&format!("watch = {}\n", config.watch));
    s.push_str(&format!("cache = {}\n", config.cache));
    if let Some(dir) = &config.save_dir {
        s.push_str(&format!("save_dir = {}\n", quoted(&dir.to_string_lossy())));
    }
    s.push_str(&format!("save_max_bytes = {}\n", config.save_max_bytes));
    s.push_str(&format!(
        "save_timeout = {}\n",
        config.save_timeout.as_secs_f64()
    ));
    s.push_str(&format!("save_jobs = {}\n", config.save_jobs));
    let t = &config.theme;
    s.push_str("\n[theme]\n");
    s.push_str(&format!(
        "preset = \"{}\"\n",
        if t.light { "light" } else { "dark" }
    ));
    for (name, c) in [
        ("accent", t.accent),
        ("heading", t.heading),
        ("selection", t.selection),
        ("muted", t.muted),
        ("bookmark", t.bookmark),
        ("highlight", t.highlight),
        ("error", t.error),
    ] {
        s.push_str(&format!("{name} = {}\n", quoted(&colour(c))));
    }
    for view in &config.views {
        s.push_str(&format!(
            "\n[[views]]\nname = {}\nquery = {}\n",
            quoted(&view.name),
            quoted(&view.query)
        ));
    }
    s.push_str("\n[keys]\n");
    for key in config.keymap.unbound_defaults() {
        s.push_str(&format!("{} = \"none\"\n", quoted(&key)));
    }
    for action in Action::BINDABLE {
        for key in config.keymap.keys_for(action) {
            s.push_str(&format!("{} = {}\n", quoted(&key), quoted(&action.name())));
        }
    }
    s
}

pub fn config_check(config: &Config, out: &mut impl Write) -> Result<i32, CommandError> {
    let source = match &config.path {
        Some(p) => format!("# {} is valid; the effective config:\n", p.display()),
        None => "# no config.toml; the defaults:\n".to_string(),
    };
    write_out(out, &(source + &effective_toml(config)))?;
    Ok(0)
}

pub fn config_path(dir: &Path, out: &mut impl Write) -> Result<i32, CommandError> {
    let describe = |name: &str| {
        let path = dir.join(name);
        let note = if path.exists() {
            ""
        } else {
            "  (not there yet)"
        };
        format!("{}{note}", path.display())
    };
    let text = format!(
        "config dir   {}\nconfig file  {}\nstate file   {}\n",
        dir.display(),
        describe(CONFIG_FILE),
        describe(STATE_FILE)
    );
    write_out(out, &text)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_effective_config_parses_back_to_itself() {
        let text = "library = [\"/news\"]\nreading_width = 66\ncolor = 256\nhyperlinks = \"never\"\nwatch = false\ncache = false\nsave_dir = \"/news/saved\"\nsave_timeout = 2.5\nsave_jobs = 2\n[theme]\naccent = \"#ff8800\"\nmuted = \"245\"\n[keys]\n\"g g\" = \"top\"\nx = \"quit\"\nq = \"none\"\n";
        let config = Config::parse(text, Path::new("c.toml")).unwrap();
        let printed = effective_toml(&config);
        assert!(printed.contains("accent = \"#ff8800\"\n"), "{printed}");
        assert!(printed.contains("muted = \"245\"\n"), "{printed}");
        assert!(printed.contains("\"g g\" = \"top\"\n"), "{printed}");
        let again = Config::parse(&printed, Path::new("c.toml")).unwrap();
        assert_eq!(again.theme, config.theme);
        assert_eq!(again.reading_width, 66);
        assert!(
            printed.contains("color = \"256\"\nhyperlinks = \"never\"\n"),
            "{printed}"
        );
        assert_eq!(again.color, config.color);
        assert_eq!(again.hyperlinks, config.hyperlinks);
        assert_eq!(again.library, config.library);
        assert!(!again.watch);
        assert!(!again.cache);
        assert_eq!(again.save_dir, config.save_dir);
        assert_eq!(again.save_max_bytes, config.save_max_bytes);
        assert_eq!(again.save_timeout, config.save_timeout);
        assert_eq!(again.save_jobs, 2);
        for action in Action::BINDABLE {
            assert_eq!(
                again.keymap.keys_for(action),
                config.keymap.keys_for(action)
            );
        }
    }
}
