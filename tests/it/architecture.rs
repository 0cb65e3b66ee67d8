//! The shape docs/ARCHITECTURE.md draws, checked against the source: the top-level
//! modules import one another one way only (no circles), no file under `src/` holds
//! more than 500 lines of code before its tests, and the runner enters the app by
//! `update` alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The most lines of code (not blank, not comments) a file may hold before its tests.
const MOST_LINES: usize = 500;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code before its tests, comment lines left out.
fn code(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .map(String::from)
        .collect()
}

/// A file that holds only tests (`tests.rs`, `pattern_tests.rs`).
fn is_test_file(path: &Path) -> bool {
    path.file_stem()
        .is_some_and(|s| s == "tests" || s.to_string_lossy().ends_with("_tests"))
}

/// The top-level module a file belongs to (`src/app/mod.rs` → `app`).
fn top_module(path: &Path) -> String {
    let relative = path.strip_prefix(src()).unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
}

/// Which top-level modules each one uses (`crate::name` in its code).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files.iter().filter(|f| !is_test_file(f)) {
        let from = top_module(file);
        let uses = graph.entry(from.clone()).or_default();
        for line in code(file) {
            for (at, _) in line.match_indices("crate::") {
                let name: String = line[at + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != from {
                    uses.insert(name);
                }
            }
        }
    }
    graph
}

/// A path of imports from `to` back to `from`, if there is one.
fn path_back(
    graph: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    to: &str,
) -> Option<Vec<String>> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![vec![to.to_string()]];
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap().clone();
        if last == from {
            return Some(path);
        }
        if !seen.insert(last.clone()) {
            continue;
        }
        for next in graph.get(&last).into_iter().flatten() {
            let mut longer = path.clone();
            longer.push(next.clone());
            stack.push(longer);
        }
    }
    None
}

#[test]
fn the_modules_import_one_way_only() {
    let graph = imports();
    assert!(graph.len() > 20, "the modules were found: {graph:?}");
    let mut circles = Vec::new();
    for (from, uses) in &graph {
        for to in uses {
            if let Some(back) = path_back(&graph, from, to) {
                circles.push(format!("{from} -> {}", back.join(" -> ")));
            }
        }
    }
    assert!(
        circles.is_empty(),
        "imports run in circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_floors_are_where_the_architecture_puts_them() {
    let graph = imports();
    let uses = |module: &str| graph.get(module).cloned().unwrap_or_default();
    // The loader knows nothing of the library, its cache or the index.
    for above in ["library", "cache", "index", "app", "config"] {
        assert!(!uses("loader").contains(above), "loader imports {above}");
    }
    // Layout maths sit below the app and the drawing; the app does not draw.
    assert!(!uses("app").contains("ui"), "app imports ui");
    assert!(!uses("layout").contains("app") && !uses("layout").contains("ui"));
    // Problems are the bottom floor.
    for module in uses("report") {
        assert!(
            ["article", "os_path"].contains(&module.as_str()),
            "report imports {module}"
        );
    }
}

#[test]
fn no_file_holds_more_than_500_lines_of_code_before_its_tests() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    assert!(files.len() > 50);
    let big: Vec<String> = files
        .iter()
        .filter(|f| !is_test_file(f))
        .map(|f| (f, code(f).len()))
        .filter(|(_, lines)| *lines > MOST_LINES)
        .map(|(f, lines)| format!("{}: {lines}", f.display()))
        .collect();
    assert!(
        big.is_empty(),
        "files over {MOST_LINES} lines of code:\n{}",
        big.join("\n")
    );
}

#[test]
fn the_runner_enters_the_app_by_update_alone() {
    let runner = code(&src().join("runner.rs")).join("\n");
    let mut calls: Vec<&str> = runner
        .match_indices("app.")
        .map(|(at, _)| {
            let rest = &runner[at + 4..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end + usize::from(rest[end..].starts_with('('))]
        })
        .filter(|call| call.ends_with('('))
        .collect();
    calls.sort_unstable();
    calls.dedup();
    assert_eq!(
        calls,
        ["update("],
        "the runner calls app methods other than update"
    );
}
