//! Starting the reader on a real terminal: raw mode, alternate screen and mouse capture
//! on the way in, restored on the way out whatever happens (return, error, panic,
//! signal); frames written whole, as synchronized updates; what the terminal shows
//! (colours, links) resolved from config and environment; the loader, watch, input
//! and signal threads that feed the runner's channel.

use std::io::{Write, stdout};
use std::sync::mpsc;
use std::thread;

use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, KeyboardEnhancementFlags, PopKeyboardEnhancementFlags,
    PushKeyboardEnhancementFlags,
};
use crossterm::execute;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::app::App;
use crate::capabilities::{self, ColorDepth};
use crate::config::Config;
use crate::index::Segment;
use crate::library;
use crate::library::{LoadEvent, LoadOptions, Source};
use crate::runner::{self, Msg, PlatformError, RunError};
use crate::search::{Reply, ThreadSearcher};
use crate::state::{State, Store};
use crate::watch;

/// Why the reader could not start on the terminal, or ended in failure.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error("cannot start the {name} thread: {source}")]
    Thread {
        name: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot install signal handlers: {0}")]
    Signals(#[source] std::io::Error),
    #[error("cannot set up the terminal: {0}")]
    Setup(#[source] std::io::Error),
    #[error("cannot enable the mouse: {0}")]
    Mouse(#[source] std::io::Error),
    #[error(transparent)]
    Run(#[from] RunError),
}

/// A thread that could not be started, by its name.
fn thread_error(name: &'static str) -> impl Fn(std::io::Error) -> TuiError {
    move |source| TuiError::Thread { name, source }
}

/// Restores the terminal when dropped, so every way out of `run` restores it.
struct Restore {
    mouse: bool,
}

impl Drop for Restore {
    fn drop(&mut self) {
        restore(self.mouse);
    }
}

/// The real browser and clipboard, and where pages are saved.
struct System {
    mouse: bool,
    saver: Saver,
}

/// What saving a page from the reader needs: the folder, the limits, and the channel
/// its answer goes back on.
struct Saver {
    dir: Option<std::path::PathBuf>,
    limits: crate::save::Limits,
    max_file_size: u64,
    tx: mpsc::Sender<Msg>,
}

impl Saver {
    /// Saves the page on a thread of its own; its file is read and indexed there too.
    fn start(&self, url: &str) -> Result<(), PlatformError> {
        let dir = self.dir.clone().ok_or(PlatformError::NoSaving)?;
        let (url, limits, max, tx) = (
            url.to_string(),
            self.limits,
            self.max_file_size,
            self.tx.clone(),
        );
        thread::Builder::new()
            .name("save".into())
            .spawn(move || {
                let now = chrono::Local::now().fixed_offset();
                let result = crate::save::one::save_page(&url, &dir, &limits, max, now).map(
                    |(path, already)| {
                        let read = crate::loader::read_file(&path, max);
                        let segments = library::segments(&read.articles);
                        crate::app::SavedFile {
                            path,
                            already,
                            articles: read.articles,
                            segments,
                        }
                    },
                );
                let saved = crate::app::PageSaved { url, result };
                let _ = tx.send(Msg::PageSaved(Box::new(saved)));
            })
            .map(|_| ())
            .map_err(|e| PlatformError::Start {
                program: "the save thread".into(),
                source: e,
            })
    }
}

static PAGE_COUNT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

impl System {
    /// Raw mode, the alternate screen and the mouse again, after another program.
    fn take_back(&self) -> Result<(), PlatformError> {
        let fail = PlatformError::TakeBack;
        crossterm::terminal::enable_raw_mode().map_err(fail)?;
        execute!(stdout(), crossterm::terminal::EnterAlternateScreen).map_err(fail)?;
        if self.mouse {
            execute!(stdout(), EnableMouseCapture).map_err(fail)?;
        }
        enhance_keyboard();
        Ok(())
    }
}

impl runner::Platform for System {
    fn save_page(&mut self, url: &str) -> Result<(), PlatformError> {
        self.saver.start(url)
    }

    /// Starts the browser with the URL as its one argument: never through a shell.
    fn open_url(&mut self, url: &str) -> Result<(), PlatformError> {
        let opener = std::env::var("BROWSER")
            .ok()
            .filter(|b| !b.trim().is_empty())
            .unwrap_or_else(|| {
                if cfg!(target_os = "macos") {
                    "open".into()
                } else {
                    "xdg-open".into()
                }
            });
        std::process::Command::new(&opener)
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map(|_| ())
            .map_err(|source| PlatformError::Start {
                program: opener,
                source,
            })
    }

    fn suspend(&mut self) -> Result<(), PlatformError> {
        restore(self.mouse);
        signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)
            .map_err(PlatformError::Suspend)?;
        // Resumed.
        self.take_back()
    }

    /// Writes the text to a file of its own and runs `$PAGER` (else `less`) or
    /// `$EDITOR` (else `vi`) on it, split on spaces and run directly, never through a
    /// shell; the terminal is handed over meanwhile.
    fn page(&mut self, text: &str, editor: bool) -> Result<(), PlatformError> {
        let (var, fallback) = if editor {
            ("EDITOR", "vi")
        } else {
            ("PAGER", "less")
        };
        let command = std::env::var(var)
            .ok()
            .filter(|c| !c.trim().is_empty())
            .unwrap_or_else(|| fallback.into());
        let mut words = command.split_whitespace();
        let program = words.next().unwrap_or(fallback).to_string();
        let args: Vec<String> = words.map(str::to_string).collect();
        let n = PAGE_COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("tidings-{}-{n}.txt", std::process::id()));
        if let Err(source) = std::fs::write(&path, text) {
            return Err(PlatformError::Write { path, source });
        }
        restore(self.mouse);
        let status = std::process::Command::new(&program)
            .args(&args)
            .arg(&path)
            .status();
        let _ = std::fs::remove_file(&path);
        self.take_back()?;
        match status {
            Ok(s) if s.success() => Ok(()),
            Ok(status) => Err(PlatformError::Ended { program, status }),
            Err(source) => Err(PlatformError::Start { program, source }),
        }
    }

    /// OSC 52: the terminal puts the text on the clipboard, over SSH too.
    fn copy(&mut self, text: &str) -> Result<(), PlatformError> {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode(text);
        let mut out = stdout();
        write!(out, "\x1b]52;c;{encoded}\x07")
            .and_then(|()| out.flush())
            .map_err(PlatformError::Copy)
    }
}

/// The terminal's output, kept until ratatui flushes at the end of a frame and then
/// written at once between the marks of a synchronized update (DEC mode 2026): a
/// terminal that knows them shows each frame whole, never half drawn; others ignore
/// the marks and still get the frame in one write rather than in pieces.
#[derive(Default)]
struct FrameWriter {
    frame: Vec<u8>,
}

impl Write for FrameWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.frame.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.frame.is_empty() {
            return Ok(());
        }
        let mut out = stdout().lock();
        let written = out
            .write_all(b"\x1b[?2026h")
            .and_then(|()| out.write_all(&self.frame))
            .and_then(|()| out.write_all(b"\x1b[?2026l"))
            .and_then(|()| out.flush());
        self.frame.clear();
        written
    }
}

/// Gives the terminal back as it was: the keyboard, the mouse, the main screen, and a
/// visible cursor (frames hide it), for the shell, a pager or an editor.
fn restore(mouse: bool) {
    let _ = execute!(stdout(), PopKeyboardEnhancementFlags);
    if mouse {
        let _ = execute!(stdout(), DisableMouseCapture);
    }
    ratatui::restore();
    let _ = execute!(stdout(), crossterm::cursor::Show);
}

/// Asks for the kitty keyboard protocol's unambiguous keys, so that Shift-Space can be
/// told from Space. Terminals without it ignore the request (no query is made: one
/// that never answers would hold up the start); `restore` pops it.
fn enhance_keyboard() {
    let flags = KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES;
    let _ = execute!(stdout(), PushKeyboardEnhancementFlags(flags));
}

/// Runs the reader; returns the exit code: 0, or 128 + the signal that ended it.
pub fn run(
    config: &Config,
    store: Store,
    state: State,
    notes: Vec<String>,
    sources: Vec<Source>,
) -> Result<i32, TuiError> {
    let (tx, rx) = mpsc::channel();
    // Pages saved from the reader go where `tidings save` puts them, else to the
    // first folder the reader was given.
    let save_dir = crate::commands::save_dir(None, config).ok().or_else(|| {
        sources.iter().find_map(|s| match s {
            Source::Path(path) if path.is_dir() => Some(path.clone()),
            _ => None,
        })
    });
    let search_tx = tx.clone();
    let mut searcher = ThreadSearcher::spawn(move |outcome| {
        let _ = search_tx.send(match outcome {
            Reply::Searched(outcome) => Msg::Searched(outcome),
            Reply::CacheWritten(result) => Msg::CacheWritten(result),
        });
    })
    .map_err(thread_error("search"))?;

    let loader_tx = tx.clone();
    let cache_dir = config.cache_dir.clone();
    let options = LoadOptions {
        max_file_size: config.max_file_size,
        follow_outside_links: config.follow_outside_links,
        cache_dir: config.cache_dir.clone(),
        ..LoadOptions::default()
    };
    // Watching starts with the load, so nothing that changes meanwhile is missed; the
    // runner holds the changes until the load is done. Failing to watch is not fatal:
    // the reader says so and runs without.
    let roots: Vec<std::path::PathBuf> = sources
        .iter()
        .filter_map(|s| match s {
            Source::Path(path) => Some(path.clone()),
            Source::Memory { .. } => None,
        })
        .collect();
    // Dropped when the reader ends, which ends the watch.
    let (_watching, stopped) = mpsc::channel::<()>();
    if config.watch && !roots.is_empty() {
        let (watch_tx, options) = (tx.clone(), options.clone());
        thread::Builder::new()
            .name("watcher".into())
            .spawn(move || {
                let report_tx = watch_tx.clone();
                let report = move |report| report_tx.send(Msg::Watch(report)).is_ok();
                match watch::spawn(&roots, &options, report) {
                    Ok(_watch) => {
                        let _ = stopped.recv();
                    }
                    Err(e) => {
                        let _ = watch_tx.send(Msg::Watch(watch::Report::Failed(e)));
                    }
                }
            })
            .map_err(thread_error("watch"))?;
    }
    thread::Builder::new()
        .name("loader".into())
        .spawn(move || {
            let report = library::load(&sources, &options, &|event| {
                // The index segment is built here, on the loader's threads.
                let msg = match event {
                    LoadEvent::Batch { articles, files } => {
                        let segment = Box::new(Segment::build(&articles));
                        Msg::Batch {
                            articles,
                            files,
                            segment,
                        }
                    }
                    // Changes since the cache was written are indexed here too.
                    LoadEvent::Changed(changes) => {
                        let segments = library::segments(&changes.articles);
                        Msg::ChangedSince(watch::Report::Changed { changes, segments })
                    }
                    other => Msg::Load(other),
                };
                let _ = loader_tx.send(msg);
            });
            let _ = loader_tx.send(Msg::LoadDone(report));
        })
        .map_err(thread_error("loader"))?;

    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT]).map_err(TuiError::Signals)?;
    let signal_tx = tx.clone();
    let signal_cache_dir = cache_dir.clone();
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                // Once the reader is gone (and the terminal restored), a signal ends
                // the wait for the cache at once, and the write with it.
                if signal_tx.send(Msg::Signal(signal)).is_err() {
                    if let Some(dir) = &signal_cache_dir {
                        crate::cache::forget_unfinished(dir);
                    }
                    std::process::exit(128 + signal);
                }
            }
        })
        .map_err(thread_error("signal"))?;

    let saver = Saver {
        dir: save_dir,
        limits: crate::save::Limits {
            max_bytes: config.save_max_bytes,
            timeout: config.save_timeout,
        },
        max_file_size: config.max_file_size,
        tx: tx.clone(),
    };
    let mouse = config.mouse;
    let restorer = Restore { mouse };
    // As ratatui::try_init, but writing through a FrameWriter.
    let setup = TuiError::Setup;
    crossterm::terminal::enable_raw_mode().map_err(setup)?;
    execute!(stdout(), crossterm::terminal::EnterAlternateScreen).map_err(setup)?;
    let mut terminal =
        ratatui::Terminal::new(CrosstermBackend::new(FrameWriter::default())).map_err(setup)?;
    // The hook leaves the alternate screen and releases the mouse before the message.
    let previous = std::panic::take_hook();
    // Only a panic on this (the UI) thread ends the reader: others are caught where
    // they happen (a file's parser, a query) and reported on screen, so their message
    // must not scribble over the screen nor tear the terminal down.
    let ui_thread = thread::current().id();
    std::panic::set_hook(Box::new(move |info| {
        if thread::current().id() != ui_thread {
            return;
        }
        restore(mouse);
        previous(info);
    }));
    if mouse {
        execute!(stdout(), EnableMouseCapture).map_err(TuiError::Mouse)?;
    }
    enhance_keyboard();

    thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            while let Ok(event) = crossterm::event::read() {
                if tx.send(Msg::Input(event)).is_err() {
                    break;
                }
            }
        })
        .map_err(thread_error("input"))?;

    // What this terminal shows: the theme brought down to its colours, URLs made links.
    let env = |name: &str| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned());
    let caps = capabilities::resolve(config.color, config.hyperlinks, &env);
    let mut config = config.clone();
    config.theme = crate::ui::color::theme_for(&config.theme, caps.depth);
    config.theme.hyperlinks = caps.hyperlinks;
    if caps.depth != ColorDepth::None {
        // crossterm leaves colours out under NO_COLOR; a depth in config.toml wins.
        crossterm::style::Colored::set_ansi_color_disabled(false);
    }
    let mut app = App::new(&config, state, caps.depth == ColorDepth::None);
    if !notes.is_empty() {
        app.update(Msg::Error(notes.join("; ")));
    }
    let result = runner::run(
        &mut terminal,
        &mut app,
        &rx,
        &mut searcher,
        &mut |state| {
            let saved = store.save(state)?;
            Ok((saved.state, saved.notes))
        },
        &mut System { mouse, saver },
    );
    drop(restorer);
    // A library cache being written is finished, so the next start can use it; so is
    // a load that had read every file (the list looked whole) but not yet said so,
    // whose cache is then written. The terminal may be gone (SIGHUP): what is said is
    // said if it can be.
    let finishing = app.load_finishing();
    let mut err = std::io::stderr();
    if finishing || searcher.writing() {
        let _ = writeln!(
            err,
            "tidings: finishing the library cache… (ctrl-c leaves it)"
        );
    }
    let waited = finishing.then(|| runner::finish_load(&mut app, &rx, &mut searcher, CACHE_WAIT));
    drop(rx);
    // A write given up leaves no half-written cache behind.
    let forget = || {
        if let Some(dir) = &cache_dir {
            crate::cache::forget_unfinished(dir);
        }
    };
    let left = match waited {
        // Ctrl-C leaves it.
        Some(runner::Finished::Signal(number)) => {
            forget();
            result?;
            return Ok(128 + number);
        }
        Some(runner::Finished::TimedOut) => true,
        _ => searcher.writing() && !searcher.wait_for_writes(CACHE_WAIT),
    };
    if left {
        forget();
        let _ = writeln!(
            err,
            "tidings: the library cache was left unfinished; the next start reads every file"
        );
    }
    Ok(result.map(|signal| signal.map_or(0, |number| 128 + number))?)
}

/// How long quitting waits for a library cache being written (and for a load that is
/// finishing): long enough for the largest libraries' (a million articles' cache,
/// 3.7 GiB, takes 15–25 s to write), whose first start would otherwise be every
/// start; ctrl-c leaves it.
const CACHE_WAIT: std::time::Duration = std::time::Duration::from_secs(120);
