//! The `tidings` binary: parse the command line, load config and state, run the reader
//! or a subcommand. Fatal errors print `tidings: <error>` and exit 2.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use tidings::cli::{Cli, Command};
use tidings::config::{Config, expand_path};
use tidings::loader::Source;
use tidings::state::Store;
use tidings::{commands, samples, tui};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            eprintln!("tidings: {e}");
            ExitCode::from(2)
        }
    }
}

fn config_dir(cli: &Cli) -> Result<PathBuf, String> {
    match &cli.config_dir {
        Some(dir) => expand_path(&dir.to_string_lossy()),
        None => dirs::config_dir()
            .map(|d| d.join("tidings"))
            .ok_or_else(|| {
                "cannot find a config directory; pass --config-dir or set TIDINGS_CONFIG_DIR"
                    .to_string()
            }),
    }
}

fn sources(paths: &[PathBuf], config: &Config) -> Vec<Source> {
    if !paths.is_empty() {
        paths.iter().cloned().map(Source::Path).collect()
    } else if !config.library.is_empty() {
        config.library.iter().cloned().map(Source::Path).collect()
    } else {
        samples::sources()
    }
}

fn run(cli: Cli) -> Result<i32, String> {
    let dir = config_dir(&cli)?;
    let config = Config::load(&dir).map_err(|e| e.to_string())?;
    let store = Store::new(&dir);
    let tidings::state::Loaded { state, notes } = store.load().map_err(|e| e.to_string())?;
    for note in &notes {
        eprintln!("tidings: {note}");
    }
    let mut out = std::io::stdout().lock();
    match &cli.command {
        None => {
            if !std::io::stdout().is_terminal() {
                return Err(
                    "the reader needs a terminal; try `tidings list` for output to a pipe".into(),
                );
            }
            drop(out);
            tui::run(&config, store, state, notes, sources(&cli.paths, &config))?;
            Ok(0)
        }
        Some(Command::List {
            paths,
            query,
            json,
            body,
        }) => {
            let (library, _) = commands::load(&sources(paths, &config), &config);
            commands::list(
                &library,
                &state,
                query.as_deref().unwrap_or(""),
                *json,
                *body,
                &mut out,
            )
        }
        Some(Command::Show { article, paths }) => {
            let (library, _) = commands::load(&sources(paths, &config), &config);
            let width = crossterm::terminal::size()
                .map_or(80, |(w, _)| w)
                .min(config.reading_width);
            commands::show(&library, article, usize::from(width), &mut out)
        }
        Some(Command::Bookmarks { json }) => commands::bookmarks(&state, *json, &mut out),
        Some(Command::Check { paths }) => {
            let (library, report) = commands::load(&sources(paths, &config), &config);
            commands::check(&library, &report, &mut out)
        }
    }
}
