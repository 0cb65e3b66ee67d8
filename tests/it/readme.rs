//! The README's shell examples, kept true. Every line in a ```sh block of README.md
//! (and of docs/*.md, if there are any), read at test time:
//!
//! - `tidings SUBCOMMAND ...` with concrete arguments is run by the built binary, in
//!   the repository's root (so `sample-articles` resolves), with no stdin and a fresh
//!   config folder per document (lines run in order, sharing it, as a reader following
//!   the document would). It must not fail: exit 0 or 1, and no `tidings:` on stderr.
//!   An argument starting `~/` stands for the reader's own articles and becomes the
//!   repository's `sample-articles` folder; `> FILE` is written to a scratch folder, and
//!   a later argument naming FILE reads it from there; `--config-dir`'s value becomes
//!   the fresh folder.
//! - `tidings` without a subcommand is the reader (it needs a terminal): only its
//!   `--flags` are checked, against `tidings --help`.
//! - Usage synopses (`[`, `]`, `|`, `...`, `…`, `<id>`, upper-case placeholders such as
//!   `PATH`) and lines with more shell than one command (`<`, `;`, `&&`, `$`) are
//!   skipped, as are lines that run neither tidings nor cargo.
//! - `cargo bench --bench NAME` must name a `[[bench]]` of Cargo.toml with its
//!   `benches/NAME.rs`, `cargo test --test NAME` a test target; `cargo run`, `build`,
//!   `test`, `bench` and `install --path .` are checked for their form, not run
//!   (`cargo run -- ARGS` checks ARGS as `tidings ARGS`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SUBCOMMANDS: &[&str] = &[
    "list",
    "show",
    "tags",
    "bookmarks",
    "highlights",
    "check",
    "config",
];

/// What became of one shell line.
#[derive(Debug, PartialEq)]
enum Verdict {
    /// Run with the built binary, and it did not fail.
    Ran,
    /// Checked without running (the reader's flags, a cargo command's form).
    Checked,
    Skipped(&'static str),
    Failed(String),
}

/// The lines inside ```sh (or bash, shell) fences, with their line numbers; a line
/// ending in `\` is joined to the next.
fn sh_lines(doc: &str) -> Vec<(usize, String)> {
    let mut lines = Vec::new();
    let mut in_sh = false;
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in doc.lines().enumerate() {
        let trimmed = raw.trim();
        if let Some(info) = trimmed.strip_prefix("```") {
            in_sh = !in_sh && matches!(info.trim(), "sh" | "bash" | "shell");
            continue;
        }
        if !in_sh {
            continue;
        }
        let (start, mut text) = pending.take().unwrap_or((i + 1, String::new()));
        match trimmed.strip_suffix('\\') {
            Some(head) => {
                text.push_str(head);
                text.push(' ');
                pending = Some((start, text));
            }
            None => {
                text.push_str(trimmed);
                lines.push((start, text));
            }
        }
    }
    lines
}

/// A shell word, and whether any of it was quoted (quoted words are never operators,
/// placeholders or comments).
#[derive(Debug)]
struct Word {
    text: String,
    quoted: bool,
}

/// Splits a line into words as sh would (quotes, backslashes), dropping a `# comment`.
fn words(line: &str) -> Result<Vec<Word>, String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none_or(|&c| c == '#') {
            return Ok(words);
        }
        let mut word = Word {
            text: String::new(),
            quoted: false,
        };
        while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
            match c {
                '\'' | '"' => {
                    word.quoted = true;
                    loop {
                        match chars.next() {
                            Some(q) if q == c => break,
                            Some('\\') if c == '"' => word.text.extend(chars.next()),
                            Some(other) => word.text.push(other),
                            None => return Err(format!("unclosed {c}")),
                        }
                    }
                }
                '\\' => {
                    word.quoted = true;
                    word.text.extend(chars.next());
                }
                _ => word.text.push(c),
            }
        }
        words.push(word);
    }
}

/// `PATH`, `ID`, `Q`, `<id>`, `[PATH]...`, `ID|PATH`: a usage synopsis, not a command.
fn is_placeholder(word: &Word) -> bool {
    if word.quoted {
        return false;
    }
    let t = &word.text;
    let value = t.split_once('=').map_or(t.as_str(), |(_, v)| v);
    ["[", "]", "|", "...", "…"].iter().any(|m| t.contains(m))
        || (t.starts_with('<') && t.ends_with('>') && t.len() > 2)
        || (value.chars().any(|c| c.is_ascii_uppercase())
            && value.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
}

/// Runs and checks the lines of one document, in order.
struct Checker {
    root: PathBuf,
    config: tempfile::TempDir,
    scratch: tempfile::TempDir,
    /// Files the document wrote with `> FILE`, by the name it used.
    written: HashMap<String, PathBuf>,
    help: Option<String>,
}

impl Checker {
    fn new() -> Self {
        Checker {
            root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            config: tempfile::tempdir().unwrap(),
            scratch: tempfile::tempdir().unwrap(),
            written: HashMap::new(),
            help: None,
        }
    }

    fn check(&mut self, line: &str) -> Verdict {
        let words = match words(line) {
            Ok(words) => words,
            Err(e) => return Verdict::Failed(e),
        };
        let words = match words.split_first() {
            Some((first, rest)) if first.text == "$" && !first.quoted => rest,
            _ => &words,
        };
        match words.split_first() {
            Some((first, args)) if first.text == "tidings" => self.tidings(args),
            Some((first, args)) if first.text == "cargo" => self.cargo(args),
            _ => Verdict::Skipped("neither tidings nor cargo"),
        }
    }

    fn tidings(&mut self, args: &[Word]) -> Verdict {
        if args.iter().any(is_placeholder) {
            return Verdict::Skipped("a usage synopsis");
        }
        let shell = |w: &Word| {
            !w.quoted
                && (["<", ";", "&", "&&", "||"].contains(&w.text.as_str())
                    || w.text.contains(['$', '`', '(']))
        };
        if args.iter().any(shell) {
            return Verdict::Skipped("more shell than one command");
        }
        let (args, redirect) = match args
            .iter()
            .position(|w| !w.quoted && (w.text == ">" || w.text == ">>"))
        {
            Some(at) if at + 2 == args.len() => (&args[..at], Some(args[at + 1].text.clone())),
            Some(_) => return Verdict::Failed("`>` without one file after it".into()),
            None => (args, None),
        };
        let mut rest = args.iter().map(|w| w.text.as_str());
        let subcommand = loop {
            match rest.next() {
                Some("--config-dir") => {
                    rest.next();
                }
                Some(flag) if flag.starts_with('-') => {}
                other => break other,
            }
        };
        if !subcommand.is_some_and(|s| SUBCOMMANDS.contains(&s)) {
            return self.reader_flags(args);
        }
        self.run(args, redirect)
    }

    /// The reader needs a terminal: its flags must be ones `tidings --help` lists.
    fn reader_flags(&mut self, args: &[Word]) -> Verdict {
        let help = self.help.get_or_insert_with(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
                .arg("--help")
                .stdin(Stdio::null())
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        });
        let known: Vec<&str> = help
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|w| w.starts_with("--"))
            .collect();
        let unknown: Vec<&str> = args
            .iter()
            .map(|w| w.text.split('=').next().unwrap_or_default())
            .filter(|f| f.starts_with("--") && !known.contains(f))
            .collect();
        if unknown.is_empty() {
            Verdict::Checked
        } else {
            Verdict::Failed(format!("not in tidings --help: {}", unknown.join(" ")))
        }
    }

    /// An argument as the test passes it: `~/...` the sample articles, a file written
    /// earlier its scratch copy, `--config-dir`'s value the fresh folder.
    fn argument(&self, text: &str, after_config_dir: bool) -> String {
        if after_config_dir {
            return self.config.path().display().to_string();
        }
        if let Some(path) = self.written.get(text) {
            return path.display().to_string();
        }
        if let Some((flag, value)) = text.split_once('=') {
            return format!("{flag}={}", self.argument(value, flag == "--config-dir"));
        }
        if text.starts_with("~/") {
            return self.root.join("sample-articles").display().to_string();
        }
        text.to_string()
    }

    fn run(&mut self, args: &[Word], redirect: Option<String>) -> Verdict {
        let args: Vec<String> = args
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let after_config_dir = i > 0 && args[i - 1].text == "--config-dir";
                self.argument(&w.text, after_config_dir)
            })
            .collect();
        let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
            .args(&args)
            .current_dir(&self.root)
            .env("TIDINGS_CONFIG_DIR", self.config.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("tidings:"))
            .collect();
        if !matches!(out.status.code(), Some(0 | 1)) || !errors.is_empty() {
            return Verdict::Failed(format!("{}: {}", out.status, stderr.trim()));
        }
        if let Some(name) = redirect {
            let file = Path::new(&name).file_name().unwrap_or(name.as_ref());
            let path = self.scratch.path().join(file);
            std::fs::write(&path, &out.stdout).unwrap();
            self.written.insert(name, path);
        }
        Verdict::Ran
    }

    fn cargo(&mut self, args: &[Word]) -> Verdict {
        let texts: Vec<&str> = args.iter().map(|w| w.text.as_str()).collect();
        let value = |flag: &str| {
            let eq = format!("{flag}=");
            texts
                .iter()
                .enumerate()
                .find_map(|(i, t)| match t.strip_prefix(&eq) {
                    Some(v) => Some(v.to_string()),
                    None => (*t == flag).then(|| texts.get(i + 1).unwrap_or(&"").to_string()),
                })
        };
        match texts.split_first() {
            Some((&"run", rest)) => {
                let end = rest.iter().position(|&t| t == "--").unwrap_or(rest.len());
                match rest[..end]
                    .iter()
                    .find(|t| !["--release", "-q", "--quiet"].contains(t))
                {
                    Some(t) => Verdict::Failed(format!("cargo run with {t}")),
                    None if end < rest.len() => self.tidings(&args[end + 2..]),
                    None => Verdict::Checked,
                }
            }
            Some((&"bench", _)) => match value("--bench") {
                Some(name) => self.target("bench", &name, &[format!("benches/{name}.rs")]),
                None => Verdict::Checked,
            },
            Some((&"test", _)) => match value("--test") {
                Some(name) => self.target(
                    "test",
                    &name,
                    &[format!("tests/{name}.rs"), format!("tests/{name}/main.rs")],
                ),
                None => Verdict::Checked,
            },
            Some((&"build", rest)) if rest.iter().all(|t| *t == "--release") => Verdict::Checked,
            Some((&"install", ["--path", "."])) => Verdict::Checked,
            _ => Verdict::Failed("not cargo run, build, test, bench or install --path .".into()),
        }
    }

    /// A `[[bench]]` must be declared in Cargo.toml; either kind must have its file.
    fn target(&self, kind: &str, name: &str, files: &[String]) -> Verdict {
        let manifest: toml::Table = std::fs::read_to_string(self.root.join("Cargo.toml"))
            .unwrap()
            .parse()
            .unwrap();
        let declared = manifest
            .get(kind)
            .and_then(|t| t.as_array())
            .is_some_and(|targets| {
                targets
                    .iter()
                    .any(|t| t.get("name").and_then(|n| n.as_str()) == Some(name))
            });
        if kind == "bench" && !declared {
            return Verdict::Failed(format!("no [[bench]] named {name:?} in Cargo.toml"));
        }
        if !files.iter().any(|f| self.root.join(f).is_file()) {
            return Verdict::Failed(format!("no {}", files.join(" or ")));
        }
        Verdict::Checked
    }
}

/// Every sh line of one document with its verdict, as `file:line: text`.
fn check_document(name: &str, doc: &str) -> Vec<(String, Verdict)> {
    let mut checker = Checker::new();
    sh_lines(doc)
        .into_iter()
        .map(|(n, line)| (format!("{name}:{n}: {line}"), checker.check(&line)))
        .collect()
}

fn failures(results: &[(String, Verdict)]) -> Vec<String> {
    results
        .iter()
        .filter_map(|(place, v)| match v {
            Verdict::Failed(why) => Some(format!("{place}\n    {why}")),
            _ => None,
        })
        .collect()
}

#[test]
fn every_shell_example_in_the_readme_and_docs_is_true() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = vec![root.join("README.md")];
    if let Ok(entries) = std::fs::read_dir(root.join("docs")) {
        let mut more: Vec<PathBuf> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        more.sort();
        docs.extend(more);
    }
    let mut problems = Vec::new();
    for doc in &docs {
        let name = doc.strip_prefix(root).unwrap().display().to_string();
        let results = check_document(&name, &std::fs::read_to_string(doc).unwrap());
        problems.extend(failures(&results));
        let ran = results.iter().filter(|(_, v)| *v == Verdict::Ran).count();
        if name == "README.md" && ran < 3 {
            problems.push(format!(
                "README.md: only {ran} tidings commands with concrete arguments to run \
                 (at least 3 expected):\n{results:#?}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_false_command_fails_and_a_true_one_runs() {
    let doc = "```sh\n\
               tidings list sample-articles --json   # --no-such-flag\n\
               tidings list --no-such-flag sample-articles\n\
               tidings show 0000000000000000 sample-articles\n\
               tidings list --query 'no such word anywhere' ~/news\n\
               tidings --no-watch ~/news\n\
               tidings --no-such-flag ~/news\n\
               cargo bench --bench load\n\
               cargo bench --bench no_such_bench\n\
               cargo run --release -- list --no-such-flag\n\
               cargo frobnicate\n\
               ```\n";
    let verdicts: Vec<Verdict> = check_document("snippet", doc)
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    let failed = |v: &Verdict| matches!(v, Verdict::Failed(_));
    assert_eq!(verdicts[0], Verdict::Ran, "a comment is not an argument");
    assert!(failed(&verdicts[1]), "{:?}", verdicts[1]);
    assert!(failed(&verdicts[2]), "an unknown id: {:?}", verdicts[2]);
    assert_eq!(
        verdicts[3],
        Verdict::Ran,
        "nothing matched (exit 1) is no failure"
    );
    assert_eq!(verdicts[4], Verdict::Checked);
    assert!(failed(&verdicts[5]), "{:?}", verdicts[5]);
    assert_eq!(verdicts[6], Verdict::Checked);
    assert!(failed(&verdicts[7]), "{:?}", verdicts[7]);
    assert!(failed(&verdicts[8]), "{:?}", verdicts[8]);
    assert!(failed(&verdicts[9]), "{:?}", verdicts[9]);
    assert_eq!(verdicts.len(), 10);
}

#[test]
fn an_export_written_by_one_line_is_read_by_the_next() {
    let doc = "```sh\n\
               tidings bookmarks --json > ~/bookmarks.jsonl\n\
               tidings bookmarks --import ~/bookmarks.jsonl\n\
               tidings bookmarks --import ~/never-written.jsonl\n\
               ```\n";
    let results = check_document("snippet", doc);
    assert_eq!(results[0].1, Verdict::Ran);
    assert_eq!(results[1].1, Verdict::Ran, "{results:?}");
    assert!(matches!(results[2].1, Verdict::Failed(_)), "{results:?}");
}

#[test]
fn synopses_and_other_blocks_are_not_run() {
    let doc = "```text\ntidings list --no-such-flag\n```\n\
               ```sh\n\
               tidings list [PATH]... [--query Q]\n\
               tidings show ID|PATH\n\
               tidings config check | path\n\
               tidings list --query Q\n\
               tidings show <id>\n\
               tidings list ~/news && rm -rf ~/news\n\
               echo done\n\
               tidings list \\\n  --no-such-flag\n\
               ```\n";
    let results = check_document("snippet", doc);
    let (places, verdicts): (Vec<String>, Vec<Verdict>) = results.into_iter().unzip();
    assert!(places[0].starts_with("snippet:5: tidings list [PATH]"));
    let skipped = |why| Verdict::Skipped(why);
    assert_eq!(
        verdicts[..7],
        [
            skipped("a usage synopsis"),
            skipped("a usage synopsis"),
            skipped("a usage synopsis"),
            skipped("a usage synopsis"),
            skipped("a usage synopsis"),
            skipped("more shell than one command"),
            skipped("neither tidings nor cargo"),
        ]
    );
    assert!(places[7].starts_with("snippet:12: tidings list"));
    assert!(
        matches!(verdicts[7], Verdict::Failed(_)),
        "a continued line"
    );
    assert_eq!(verdicts.len(), 8);
}
