//! The reader's start measured from outside, as a person sees it: the real binary in
//! a pseudo-terminal (120x40), the time from spawn to the first screen that shows an
//! article row and to the status bar's full count (every article listed, the search
//! answered), and its memory then (Linux). Used by the load benchmark only.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// One start of the reader.
#[derive(Clone, Copy, Debug, Default)]
pub struct Start {
    pub first_row: Option<Duration>,
    pub whole: Option<Duration>,
    /// Resident memory once the whole library is listed, and the peak until then.
    pub rss: Option<u64>,
    pub peak: Option<u64>,
    /// Whether a frame said "Nothing matches" before the library was listed.
    pub nothing_matches: bool,
}

/// Whether the screen shows an article row: `│`, three marks, then a date.
fn has_article_row(screen: &str) -> bool {
    screen.lines().any(|line| {
        let chars: Vec<char> = line.chars().take(13).collect();
        chars.len() == 13
            && chars[0] == '│'
            && chars[4..8].iter().all(char::is_ascii_digit)
            && chars[8] == '-'
            && chars[11] == '-'
    })
}

/// Resident and peak memory of process `pid`, from /proc (bytes).
fn memory(pid: u32) -> (Option<u64>, Option<u64>) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Starts `binary` on `library` with the config (and cache) in `config`, and waits
/// (at most a minute) for the first article row and for `articles` articles listed;
/// then quits it with `q`, which waits for the library cache to be written.
pub fn reader(binary: &Path, config: &Path, library: &Path, articles: usize) -> Start {
    let Ok(pair) = native_pty_system().openpty(PtySize {
        rows: 40,
        cols: 120,
        pixel_width: 0,
        pixel_height: 0,
    }) else {
        return Start::default();
    };
    let mut cmd = CommandBuilder::new(binary);
    cmd.args(["--no-watch".as_ref(), library.as_os_str()]);
    cmd.env("TIDINGS_CONFIG_DIR", config);
    cmd.env("TERM", "xterm-256color");
    let start = Instant::now();
    let Ok(mut child) = pair.slave.spawn_command(cmd) else {
        return Start::default();
    };
    drop(pair.slave);
    let pid = child.process_id().unwrap_or(0);
    let (Ok(mut output), Ok(mut input)) =
        (pair.master.try_clone_reader(), pair.master.take_writer())
    else {
        let _ = child.kill();
        return Start::default();
    };
    let full = format!("{articles}/{articles} articles");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(40, 120, 0);
        let mut seen = Start::default();
        let mut sent = false;
        let mut buf = [0u8; 1 << 16];
        while let Ok(n) = output.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.process(&buf[..n]);
            let screen = parser.screen().contents();
            if seen.first_row.is_none() && has_article_row(&screen) {
                seen.first_row = Some(start.elapsed());
            }
            if seen.whole.is_none() {
                seen.nothing_matches |= screen.contains("Nothing matches");
                if screen.contains(&full) {
                    seen.whole = Some(start.elapsed());
                    (seen.rss, seen.peak) = memory(pid);
                }
            }
            // Told once; the rest is read (and dropped) so the reader never blocks.
            if !sent && seen.first_row.is_some() && seen.whole.is_some() {
                let _ = tx.send(seen);
                sent = true;
            }
        }
    });
    let seen = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_default();
    let _ = input.write_all(b"q");
    let _ = input.flush();
    let _ = child.wait();
    seen
}

/// The median of the times that were measured.
pub fn median(times: &[Option<Duration>]) -> Option<Duration> {
    let mut times: Vec<Duration> = times.iter().flatten().copied().collect();
    times.sort();
    times.get(times.len() / 2).copied()
}
