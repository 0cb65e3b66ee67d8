//! Gives the build an id of what decides the library cache's contents: the sources of
//! the parsers, the articles, the index and the cache, and the locked dependencies.
//! Two builds of the same source share it, so a reinstall keeps the cache; a change to
//! any of them gives a new id, and the next start reads every file anew.

use std::path::{Path, PathBuf};

/// What the cache's contents follow from.
const INPUTS: &[&str] = &[
    "src/loader",
    "src/article",
    "src/dates.rs",
    "src/dates",
    "src/whitespace.rs",
    "src/words",
    "src/index",
    "src/cache",
    "src/library",
    "src/links.rs",
    "src/os_path.rs",
    "src/report.rs",
    "Cargo.lock",
];

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            files(&entry.path(), out);
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}

/// FNV-1a, 64 bits: the same on every machine and toolchain.
fn fnv(hash: &mut u64, bytes: &[u8]) {
    for byte in bytes {
        *hash ^= u64::from(*byte);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

fn main() {
    let mut all = Vec::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        files(Path::new(input), &mut all);
    }
    all.sort();
    let mut hash = 0xcbf2_9ce4_8422_2325;
    for file in &all {
        fnv(&mut hash, file.to_string_lossy().as_bytes());
        fnv(&mut hash, &std::fs::read(file).unwrap_or_default());
    }
    println!("cargo:rustc-env=TIDINGS_CACHE_INPUTS={hash:016x}");
}
