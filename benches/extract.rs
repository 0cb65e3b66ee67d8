//! Extraction benchmark: tidings' saved-page extractor side by side with the crates of
//! the field (rs-trafilatura, dom_smoothie) on the ScrapingHub article-extraction
//! benchmark (181 real news pages with the article body as ground truth), scored with
//! that benchmark's own metric (`evaluate.py`: 4-gram shingles of `\w+` tokens, each
//! page's TP/FP/FN normalised to sum 1, F1 of the mean precision and mean recall).
//!
//! The pages are third-party, so they are not in this repository. Get them once:
//!
//! ```sh
//! git clone https://github.com/scrapinghub/article-extraction-benchmark /tmp/aeb
//! TIDINGS_EXTRACT_CORPUS=/tmp/aeb cargo bench --bench extract
//! ```
//!
//! The folder needs `ground-truth.json` and `html/KEY.html.gz` (or `html/KEY.html`).
//! Each extractor runs in a child process of its own, so its peak memory is its own.
//!
//! Flags after `--`: `--only NAME` runs one extractor; `--worst N` lists its N worst
//! pages; `--write DIR` writes `DIR/NAME.json` in the benchmark's output format, for
//! cross-checking with `python3 evaluate.py`, with each page's `title` and `author`
//! beside its body (the benchmark has no ground truth for those: read them side by
//! side).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const EXTRACTORS: &[&str] = &["tidings", "rs-trafilatura", "dom_smoothie"];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(corpus) = std::env::var_os("TIDINGS_EXTRACT_CORPUS").map(PathBuf::from) else {
        println!(
            "extract benchmark: set TIDINGS_EXTRACT_CORPUS to a copy of \
             github.com/scrapinghub/article-extraction-benchmark\n  \
             git clone https://github.com/scrapinghub/article-extraction-benchmark /tmp/aeb\n  \
             TIDINGS_EXTRACT_CORPUS=/tmp/aeb cargo bench --bench extract"
        );
        return;
    };
    if args.first().map(String::as_str) == Some("--child") {
        return child(&corpus, &args[1]);
    }
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let only = flag("--only");
    let worst: usize = flag("--worst").and_then(|n| n.parse().ok()).unwrap_or(0);
    let write = flag("--write").map(PathBuf::from);
    let truth = match ground_truth(&corpus) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("extract benchmark: {e}");
            std::process::exit(2);
        }
    };
    println!(
        "extraction on the ScrapingHub benchmark: {} pages from {}\n",
        truth.len(),
        corpus.display()
    );
    println!(
        "| extractor | F1 | precision | recall | empty bodies | ms per page (mean / median) | peak RSS |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("extract"));
    for name in EXTRACTORS
        .iter()
        .filter(|n| only.as_deref().is_none_or(|o| o == **n))
    {
        let out = Command::new(&exe).args(["--child", name]).output();
        let out = match out {
            Ok(o) if o.status.success() => o,
            Ok(o) => {
                eprintln!("{name}: {}", String::from_utf8_lossy(&o.stderr));
                continue;
            }
            Err(e) => {
                eprintln!("{name}: cannot run the child: {e}");
                continue;
            }
        };
        let run: serde_json::Value = match serde_json::from_slice(&out.stdout) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("{name}: unreadable child output: {e}");
                continue;
            }
        };
        let bodies: HashMap<String, String> = run["bodies"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let mut scores = Vec::new();
        let mut empty = 0;
        for (key, true_body) in &truth {
            let pred = bodies.get(key).map(String::as_str).unwrap_or("");
            if tokens(pred).is_empty() && !tokens(true_body).is_empty() {
                empty += 1;
            }
            scores.push((key.as_str(), shingle_match(true_body, pred)));
        }
        let m = metrics(scores.iter().map(|(_, s)| *s));
        let times: Vec<f64> = run["ms"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_f64()).collect())
            .unwrap_or_default();
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | {empty} | {:.1} / {:.1} | {:.0} MiB |",
            m.f1,
            m.precision,
            m.recall,
            mean(&times),
            median(&times),
            run["peak_rss"].as_f64().unwrap_or(0.0) / (1024.0 * 1024.0),
        );
        if worst > 0 {
            scores.sort_by(|a, b| f1_of(a.1).total_cmp(&f1_of(b.1)));
            for (key, (tp, fp, fn_)) in scores.iter().take(worst) {
                let url = run["urls"][*key].as_str().unwrap_or("");
                println!(
                    "    {:.3}  tp {tp:.2} fp {fp:.2} fn {fn_:.2}  {key}  {url}",
                    f1_of((*tp, *fp, *fn_))
                );
            }
        }
        if let Some(dir) = &write {
            let output: serde_json::Map<String, serde_json::Value> = bodies
                .iter()
                .map(|(k, v)| {
                    let page = serde_json::json!({
                        "articleBody": v,
                        "title": run["titles"][k],
                        "author": run["authors"][k],
                    });
                    (k.clone(), page)
                })
                .collect();
            let file = dir.join(format!("{}.json", name.replace('-', "_")));
            let text = serde_json::to_string(&output).unwrap_or_default();
            if let Err(e) = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&file, text))
            {
                eprintln!("cannot write {}: {e}", file.display());
            }
        }
    }
}

/// One extractor over every page, in this process: bodies, times and peak memory as
/// JSON on stdout.
fn child(corpus: &Path, name: &str) {
    let truth = match ground_truth(corpus) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let mut bodies = serde_json::Map::new();
    let mut urls = serde_json::Map::new();
    let mut titles = serde_json::Map::new();
    let mut authors = serde_json::Map::new();
    let mut ms = Vec::new();
    for (key, _) in &truth {
        let (path, bytes) = match page(corpus, key) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        };
        let start = Instant::now();
        let page = extract(name, &path, &bytes);
        ms.push(start.elapsed().as_secs_f64() * 1000.0);
        bodies.insert(key.clone(), page.body.into());
        urls.insert(key.clone(), page.url.unwrap_or_default().into());
        titles.insert(key.clone(), page.title.into());
        authors.insert(key.clone(), page.author.unwrap_or_default().into());
    }
    let out = serde_json::json!({
        "bodies": bodies,
        "urls": urls,
        "titles": titles,
        "authors": authors,
        "ms": ms,
        "peak_rss": peak_rss().unwrap_or(0),
    });
    println!("{out}");
}

/// What an extractor gives for one page.
#[derive(Default)]
struct Page {
    body: String,
    title: String,
    author: Option<String>,
    url: Option<String>,
}

fn extract(name: &str, path: &Path, bytes: &[u8]) -> Page {
    match name {
        "tidings" => {
            let result = tidings::loader::parse_file(path, bytes);
            let Some(a) = result.articles.into_iter().next() else {
                return Page::default();
            };
            Page {
                body: a.plain_body(),
                title: a.content.title,
                author: a.content.author,
                url: a.content.source,
            }
        }
        "rs-trafilatura" => match rs_trafilatura::extract_bytes(bytes) {
            Ok(r) => Page {
                body: r.content_text,
                title: r.metadata.title.unwrap_or_default(),
                author: r.metadata.author,
                url: r.metadata.url,
            },
            Err(_) => Page::default(),
        },
        "dom_smoothie" => {
            let html = String::from_utf8_lossy(bytes).into_owned();
            match dom_smoothie::Readability::new(html, None, None).and_then(|mut r| r.parse()) {
                Ok(a) => Page {
                    body: a.text_content.to_string(),
                    title: a.title,
                    author: a.byline,
                    url: None,
                },
                Err(_) => Page::default(),
            }
        }
        _ => Page::default(),
    }
}

/// The ground truth, sorted by key: page key → article body.
fn ground_truth(corpus: &Path) -> Result<Vec<(String, String)>, String> {
    let path = corpus.join("ground-truth.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let map = value
        .as_object()
        .ok_or_else(|| format!("{}: not a JSON object", path.display()))?;
    let mut truth: Vec<(String, String)> = map
        .iter()
        .map(|(k, v)| {
            let body = v["articleBody"].as_str().unwrap_or("").to_string();
            (k.clone(), body)
        })
        .collect();
    truth.sort();
    Ok(truth)
}

/// A page's bytes, from `html/KEY.html.gz` or `html/KEY.html`.
fn page(corpus: &Path, key: &str) -> Result<(PathBuf, Vec<u8>), String> {
    let plain = corpus.join("html").join(format!("{key}.html"));
    if let Ok(bytes) = std::fs::read(&plain) {
        return Ok((plain, bytes));
    }
    let gz = corpus.join("html").join(format!("{key}.html.gz"));
    let file = std::fs::File::open(&gz).map_err(|e| format!("{}: {e}", gz.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{}: {e}", gz.display()))?;
    Ok((plain, bytes))
}

/// `re.findall(r'\w+', text)` with Python's Unicode `\w`: letters, digits, marks, `_`.
fn tokens(text: &str) -> Vec<&str> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || is_mark(c);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Combining marks that Python's `\w` takes as part of a word (the common blocks).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x3099..=0x309A)
}

/// Shingles (4-grams of tokens) with counts; a text of fewer than 4 tokens is one
/// shingle of them all, as in `evaluate.py`.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let t = tokens(text);
    let mut out = HashMap::new();
    let n = 4;
    for i in 0..t.len().saturating_sub(n - 1).max(1) {
        let shingle: Vec<&str> = t[i..(i + n).min(t.len())].to_vec();
        if !shingle.is_empty() {
            *out.entry(shingle).or_insert(0) += 1;
        }
    }
    out
}

/// One page's TP, FP and FN over shingles, normalised to sum 1.
fn shingle_match(true_text: &str, pred: &str) -> (f64, f64, f64) {
    let (t, p) = (shingles(true_text), shingles(pred));
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for key in t.keys().chain(p.keys().filter(|k| !t.contains_key(*k))) {
        let tc = *t.get(key).unwrap_or(&0) as f64;
        let pc = *p.get(key).unwrap_or(&0) as f64;
        tp += tc.min(pc);
        fp += (pc - tc).max(0.0);
        fn_ += (tc - pc).max(0.0);
    }
    let s = tp + fp + fn_;
    if s > 0.0 {
        (tp / s, fp / s, fn_ / s)
    } else {
        (0.0, 0.0, 0.0)
    }
}

struct Metrics {
    f1: f64,
    precision: f64,
    recall: f64,
}

fn metrics(scores: impl Iterator<Item = (f64, f64, f64)>) -> Metrics {
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    for (tp, fp, fn_) in scores {
        if tp + fp > 0.0 {
            ps.push(precision(tp, fp, fn_));
        }
        if tp + fn_ > 0.0 {
            rs.push(recall(tp, fp, fn_));
        }
    }
    let (p, r) = (mean(&ps), mean(&rs));
    Metrics {
        f1: if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
        precision: p,
        recall: r,
    }
}

fn precision(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fp == 0.0 {
        0.0
    } else {
        tp / (tp + fp)
    }
}

fn recall(tp: f64, fp: f64, fn_: f64) -> f64 {
    if fp == 0.0 && fn_ == 0.0 {
        1.0
    } else if tp == 0.0 && fn_ == 0.0 {
        0.0
    } else {
        tp / (tp + fn_)
    }
}

fn f1_of((tp, fp, fn_): (f64, f64, f64)) -> f64 {
    let (p, r) = (precision(tp, fp, fn_), recall(tp, fp, fn_));
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
