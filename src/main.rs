//! The `tidings` binary: parse the command line, load config and state, run the reader
//! or a subcommand. Fatal errors print `tidings: <error>` and exit 2.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use tidings::cli::{Cli, Command, ConfigCommand};
use tidings::commands::{CommandError, ExportFormat};
use tidings::config::{Config, ConfigError, PathError, expand_path};
use tidings::library::Source;
use tidings::state::{StateError, Store};
use tidings::tui::TuiError;
use tidings::{commands, samples, tui};

/// What ends the program with `tidings: <error>` and exit code 2.
#[derive(Debug, thiserror::Error)]
enum Fatal {
    /// A first path that is neither a file nor a subcommand (the text lists those).
    #[error("{0}")]
    UnknownSubcommand(String),
    #[error("cannot find a config directory; pass --config-dir or set TIDINGS_CONFIG_DIR")]
    NoConfigDir,
    #[error("the reader needs a terminal; try `tidings list` for output to a pipe")]
    NotATerminal,
    /// The bookmarks file to import cannot be read.
    #[error("cannot read {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Path(#[from] PathError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    State(#[from] StateError),
    #[error(transparent)]
    Command(#[from] CommandError),
    #[error(transparent)]
    Reader(#[from] TuiError),
}

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

fn config_dir(cli: &Cli) -> Result<PathBuf, Fatal> {
    match &cli.config_dir {
        Some(dir) => Ok(expand_path(&dir.to_string_lossy())?),
        None => dirs::config_dir()
            .map(|d| d.join("tidings"))
            .ok_or(Fatal::NoConfigDir),
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

fn run(cli: Cli) -> Result<i32, Fatal> {
    if cli.command.is_none()
        && let Some(error) = tidings::cli::unknown_subcommand(&cli.paths)
    {
        return Err(Fatal::UnknownSubcommand(error));
    }
    let dir = config_dir(&cli)?;
    let mut out = std::io::stdout().lock();
    if let Some(Command::Config {
        command: ConfigCommand::Path,
    }) = &cli.command
    {
        return commands::config_path(&dir, &mut out).map_err(Fatal::from);
    }
    let mut config = Config::load(&dir)?;
    config.watch &= !cli.no_watch;
    if config.cache && !cli.no_cache {
        config.cache_dir = tidings::cache::default_dir(cli.config_dir.is_some().then_some(&*dir));
    }
    if let Some(Command::Config {
        command: ConfigCommand::Check,
    }) = &cli.command
    {
        return commands::config_check(&config, &mut out).map_err(Fatal::from);
    }
    let store = Store::new(&dir);
    let tidings::state::Loaded { state, notes } = store.load()?;
    for note in &notes {
        eprintln!("tidings: {note}");
    }
    match &cli.command {
        None => {
            if !std::io::stdout().is_terminal() {
                return Err(Fatal::NotATerminal);
            }
            drop(out);
            tui::run(&config, store, state, notes, sources(&cli.paths, &config))
                .map_err(Fatal::from)
        }
        Some(Command::List {
            paths,
            query,
            json,
            body,
        }) => {
            // The cache's index, following what changed since: no indexing again.
            let mut loaded = load(paths, &config, &state)?;
            let listed = commands::list(
                &loaded.library,
                &mut loaded.index,
                &loaded.state,
                query.as_deref().unwrap_or(""),
                *json,
                *body,
                &mut out,
            )
            .map_err(Fatal::from);
            keep_cache(loaded, listed, &mut out)
        }
        Some(Command::Show { article, paths }) => {
            let width = crossterm::terminal::size()
                .map_or(80, |(w, _)| w)
                .min(config.reading_width);
            let file = Path::new(article);
            if file.is_file() {
                return commands::show_file(
                    file,
                    config.max_file_size,
                    &config.date_format,
                    usize::from(width),
                    &mut out,
                )
                .map_err(Fatal::from);
            }
            let loaded = load(paths, &config, &state)?;
            let shown = commands::show(
                &loaded.library,
                &loaded.state,
                article,
                &config.date_format,
                usize::from(width),
                &mut out,
            )
            .map_err(Fatal::from);
            keep_cache(loaded, shown, &mut out)
        }
        Some(Command::Tags { paths, json }) => {
            let loaded = load(paths, &config, &state)?;
            let articles = loaded.library.articles().iter().map(|a| &**a);
            let tags =
                commands::tags(articles, &loaded.state, *json, &mut out).map_err(Fatal::from);
            keep_cache(loaded, tags, &mut out)
        }
        Some(Command::Highlights {
            paths,
            markdown: _,
            json,
            to,
        }) => {
            let loaded = load(paths, &config, &state)?;
            let format = match json {
                true => commands::HighlightFormat::Json,
                false => commands::HighlightFormat::Markdown,
            };
            let mut err = std::io::stderr();
            let exported = commands::highlights(
                &loaded.library,
                &loaded.state,
                format,
                to.as_deref(),
                paths.is_empty(),
                &mut out,
                &mut err,
            )
            .map_err(Fatal::from);
            keep_cache(loaded, exported, &mut out)
        }
        Some(Command::Bookmarks {
            paths,
            json,
            markdown,
            html,
            import,
        }) => {
            if let Some(file) = import {
                let text = std::fs::read_to_string(file).map_err(|source| Fatal::Read {
                    path: file.clone(),
                    source,
                })?;
                let mut state = state;
                let (added, present) =
                    commands::import_bookmarks(&mut state, file, &text, chrono::Utc::now())?;
                store.save(&state)?;
                println!("imported {added} bookmarks ({present} were already there)");
                return Ok(0);
            }
            let format = match (json, markdown, html) {
                (true, _, _) => ExportFormat::Json,
                (_, true, _) => ExportFormat::Markdown,
                (_, _, true) => ExportFormat::Html,
                _ => ExportFormat::Text,
            };
            let loaded = load(paths, &config, &state)?;
            let listed = commands::bookmarks(
                &loaded.state,
                &loaded.library,
                format,
                chrono::Local::now().date_naive(),
                &mut out,
            )
            .map_err(Fatal::from);
            keep_cache(loaded, listed, &mut out)
        }
        Some(Command::Config { .. }) => Ok(0),
        Some(Command::Save { urls, from, to }) => {
            let to = commands::save_dir(to.as_deref(), &config)?;
            let wanted = match from {
                Some(export) => commands::links_of(export, &config, &mut std::io::stderr())?,
                None => urls.iter().map(|u| commands::Wanted::url(u)).collect(),
            };
            let now = chrono::Local::now().fixed_offset();
            let progress = std::io::stderr().is_terminal();
            commands::save(&wanted, &to, &config, now, progress, &mut out).map_err(Fatal::from)
        }
        Some(Command::Check { paths }) => {
            // A check reads every file, so that it reports on them as they are.
            config.cache_dir = None;
            let sources = sources(paths, &config);
            commands::check_paths(&sources)?;
            let (library, report) = commands::load(&sources, &config);
            commands::check(&library, &report, &mut out).map_err(Fatal::from)
        }
    }
}

/// What a command loaded: the library of `paths` (or of the config), the cache's
/// index when it had one that fits, how the load went, and the state with what
/// exports knew of its articles (starred, archived, highlights), as the reader will
/// take it.
struct Loaded {
    library: tidings::library::Library,
    index: Option<tidings::index::Index>,
    report: tidings::library::LoadReport,
    state: tidings::state::State,
}

fn load(
    paths: &[PathBuf],
    config: &Config,
    state: &tidings::state::State,
) -> Result<Loaded, Fatal> {
    let sources = sources(paths, config);
    commands::check_paths(&sources)?;
    let (library, index, report) = commands::load_indexed(&sources, config);
    let articles = library.articles().iter().map(|a| &**a);
    let state = state.clone().with_saved_marks(articles, chrono::Utc::now());
    Ok(Loaded {
        library,
        index,
        report,
        state,
    })
}

/// After a command that went well, its output out: the library cache written again
/// when the load had to read files, so that the next command takes the library
/// whole (`commands::keep_cache`). A cache that cannot be written is said on stderr
/// and leaves the exit code as it was. Then the process ends: freeing a library and
/// index of a million articles, piece by piece, would take longer than listing them.
fn keep_cache(
    loaded: Loaded,
    result: Result<i32, Fatal>,
    out: &mut impl std::io::Write,
) -> Result<i32, Fatal> {
    let Loaded {
        library,
        mut index,
        report,
        state,
    } = loaded;
    if result.is_ok() {
        let _ = out.flush();
        if let Err(e) = commands::keep_cache(&library, index.as_mut(), report, &state) {
            eprintln!("tidings: {e}");
        }
    }
    std::mem::forget((library, index));
    result
}
