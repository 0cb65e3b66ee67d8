//! Shared by the benchmarks: a generated library of articles in mixed formats (plain
//! text, Markdown with front matter, saved HTML pages, RSS feeds, newsletters), made
//! from a fixed seed so every run measures the same bytes, and small timing helpers.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A small, fast, seeded PRNG (xorshift64*), so the library is the same on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ter", "ran", "vel", "sto", "dun", "pre", "sal", "mor", "quin", "zen", "tra",
    "lis", "gon", "bar", "ne", "ri", "cas", "fol", "hum", "ix", "ja", "wes", "ot",
];

/// Real words that queries look for: some very common, some rare.
pub const COMMON: &[&str] = &[
    "the",
    "and",
    "government",
    "market",
    "said",
    "people",
    "year",
    "city",
    "report",
    "new",
];
pub const RARE: &[&str] = &["zeppelin", "quasar", "marmalade", "ombudsman", "fjord"];

pub struct Vocabulary {
    words: Vec<String>,
}

impl Vocabulary {
    pub fn new(rng: &mut Rng, size: usize) -> Vocabulary {
        let mut words: Vec<String> = COMMON.iter().map(|w| w.to_string()).collect();
        while words.len() < size {
            let n = 1 + rng.below(3);
            let word: String = (0..n)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect();
            words.push(word);
        }
        Vocabulary { words }
    }

    /// A Zipf-like pick: low ranks are far more frequent.
    pub fn word(&self, rng: &mut Rng) -> &str {
        let r = rng.below(1_000_000) as f64 / 1_000_000.0;
        let rank = ((self.words.len() as f64).powf(r) - 1.0) as usize;
        &self.words[rank.min(self.words.len() - 1)]
    }

    pub fn sentence(&self, rng: &mut Rng, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            let w = self.word(rng);
            if i == 0 {
                let mut c = w.chars();
                if let Some(first) = c.next() {
                    s.extend(first.to_uppercase());
                    s.push_str(c.as_str());
                }
            } else {
                s.push_str(w);
            }
        }
        s.push('.');
        s
    }

    fn paragraph(&self, rng: &mut Rng) -> String {
        let n = 3 + rng.below(4);
        let mut p = String::new();
        for i in 0..n {
            if i > 0 {
                p.push(' ');
            }
            let words = 8 + rng.below(14);
            p.push_str(&self.sentence(rng, words));
        }
        // Now and then a rare word, so rare-word queries find a few articles.
        if rng.below(400) == 0 {
            p.push(' ');
            p.push_str(RARE[rng.below(RARE.len())]);
            p.push('.');
        }
        p
    }
}

struct Piece {
    title: String,
    author: String,
    date: String,
    paragraphs: Vec<String>,
    heading: String,
}

fn piece(vocab: &Vocabulary, rng: &mut Rng) -> Piece {
    let words = 4 + rng.below(6);
    let title = vocab.sentence(rng, words).trim_end_matches('.').to_string();
    let author = format!("{} {}", cap(vocab.word(rng)), cap(vocab.word(rng)));
    let date = format!(
        "{}-{:02}-{:02}",
        2015 + rng.below(12),
        1 + rng.below(12),
        1 + rng.below(28)
    );
    let paragraphs = (0..(4 + rng.below(6)))
        .map(|_| vocab.paragraph(rng))
        .collect();
    let heading = vocab.sentence(rng, 3).trim_end_matches('.').to_string();
    Piece {
        title,
        author,
        date,
        paragraphs,
        heading,
    }
}

fn cap(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn text_file(p: &Piece) -> String {
    let mut s = format!("{}\n\nBy {}\n\nPublished {}\n\n", p.title, p.author, p.date);
    for (i, para) in p.paragraphs.iter().enumerate() {
        if i == 2 {
            let _ = write!(s, "{}\n\n", p.heading);
        }
        let _ = write!(s, "{para}\n\n");
    }
    s
}

fn markdown_file(p: &Piece) -> String {
    let mut s = format!(
        "---\ntitle: \"{}\"\nauthor: {}\ndate: {}\ntags: [news, bench]\n---\n\n",
        p.title, p.author, p.date
    );
    for (i, para) in p.paragraphs.iter().enumerate() {
        if i == 2 {
            let _ = write!(s, "## {}\n\n", p.heading);
        }
        let _ = write!(s, "{para}\n\n");
    }
    s
}

fn html_file(p: &Piece, n: usize) -> String {
    let mut s = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{} | The Bench Times</title>\
         <meta name=\"author\" content=\"{}\"><meta property=\"article:published_time\" content=\"{}T08:00:00Z\">\
         <link rel=\"canonical\" href=\"https://bench.example/{n}\"></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/business\">Business</a></nav>\
         <article><h1>{}</h1>",
        p.title, p.author, p.date, p.title
    );
    for (i, para) in p.paragraphs.iter().enumerate() {
        if i == 2 {
            let _ = write!(s, "<h2>{}</h2>", p.heading);
        }
        let _ = writeln!(s, "<p>{para}</p>");
    }
    s.push_str(
        "</article><footer><a href=\"/about\">About</a> © The Bench Times</footer></body></html>\n",
    );
    s
}

fn email_file(p: &Piece) -> String {
    let mut s = format!(
        "From: \"{}\" <news@bench.example>\nSubject: {}\nDate: Mon, 1 Jan 2024 08:00:00 +0000\n\
         Message-ID: <{}@bench.example>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n",
        p.author, p.title, p.date
    );
    for para in &p.paragraphs {
        let _ = write!(s, "{para}\n\n");
    }
    s
}

fn rss_file(pieces: &[Piece], n: usize) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Bench Feed</title>\n",
    );
    for (i, p) in pieces.iter().enumerate() {
        let body: String = p
            .paragraphs
            .iter()
            .map(|para| format!("&lt;p&gt;{para}&lt;/p&gt;"))
            .collect();
        let _ = writeln!(
            s,
            "<item><title>{}</title><link>https://bench.example/feed/{n}/{i}</link><author>{}</author>\
             <pubDate>Mon, 01 Jan 2024 08:00:00 GMT</pubDate><description>{body}</description></item>",
            p.title, p.author
        );
    }
    s.push_str("</channel></rss>\n");
    s
}

/// What was generated.
pub struct Generated {
    pub dir: PathBuf,
    pub files: usize,
    pub articles: usize,
    pub bytes: u64,
}

/// Generates (or reuses, when a previous run made the same one) a library of about
/// `articles` articles under `root`, a few KB each, in mixed formats.
pub fn library(root: &Path, articles: usize) -> std::io::Result<Generated> {
    const VERSION: &str = "tidings-bench-library v1 seed 42";
    let dir = root.join(format!("library-{articles}"));
    let marker = dir.join(".generated");
    if let Ok(text) = std::fs::read_to_string(&marker) {
        let mut parts = text.split_whitespace().rev();
        if text.starts_with(VERSION) {
            let bytes = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            let files = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
            return Ok(Generated {
                dir,
                files,
                articles,
                bytes,
            });
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let mut rng = Rng::new(42);
    let vocab = Vocabulary::new(&mut rng, 20_000);
    let (mut made, mut files, mut bytes) = (0usize, 0usize, 0u64);
    while made < articles {
        let folder = dir.join(format!("{:03}", files / 1000));
        if files % 1000 == 0 {
            std::fs::create_dir_all(&folder)?;
        }
        let kind = rng.below(100);
        let (name, content, count) = if kind < 5 && articles - made >= 10 {
            let pieces: Vec<Piece> = (0..10).map(|_| piece(&vocab, &mut rng)).collect();
            (format!("{files}.rss"), rss_file(&pieces, files), 10)
        } else {
            let p = piece(&vocab, &mut rng);
            match kind {
                0..45 => (format!("{files}.txt"), text_file(&p), 1),
                45..70 => (format!("{files}.md"), markdown_file(&p), 1),
                70..90 => (format!("{files}.html"), html_file(&p, files), 1),
                _ => (format!("{files}.eml"), email_file(&p), 1),
            }
        };
        bytes += content.len() as u64;
        std::fs::write(folder.join(name), content)?;
        made += count;
        files += 1;
    }
    std::fs::write(&marker, format!("{VERSION} {files} {bytes}"))?;
    Ok(Generated {
        dir,
        files,
        articles: made,
        bytes,
    })
}

/// Runs `f` `runs` times and returns the sorted durations.
pub fn timed<T>(runs: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times
}

pub fn median(times: &[Duration]) -> Duration {
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// The p-th percentile (0..=100) of sorted durations.
pub fn percentile(times: &[Duration], p: usize) -> Duration {
    if times.is_empty() {
        return Duration::ZERO;
    }
    let i = ((times.len() - 1) * p).div_ceil(100);
    times[i.min(times.len() - 1)]
}

pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Peak resident memory of this process so far, from /proc (Linux), in bytes.
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// The library sizes asked for on the command line, else 10,000 and 100,000.
pub fn sizes(args: &[String]) -> Vec<usize> {
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        vec![10_000, 100_000]
    } else {
        sizes
    }
}

/// Where generated libraries live between runs.
pub fn bench_root() -> PathBuf {
    std::env::var_os("TIDINGS_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("tidings-bench"))
}

/// The library cache's job for `library` as loaded (its load's `report`), as the
/// reader writes it once a load is done; `None` if the load asked for no cache.
pub fn cache_job(
    library: &tidings::library::Library,
    report: tidings::library::LoadReport,
) -> Option<tidings::cache::Job> {
    let refresh = report.refresh?;
    let mut articles = library.articles().to_vec();
    let live = articles.len();
    articles.extend(library.held_back().cloned().map(std::sync::Arc::new));
    Some(tidings::cache::Job {
        cache: refresh.cache,
        meta: tidings::cache::Meta {
            stamped: refresh.stamped,
            files: refresh.files,
            problems: report.problems,
            indexed: false,
        },
        live,
        articles,
    })
}
