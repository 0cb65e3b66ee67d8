//! The sample articles bundled into the binary, opened when no path is given and the
//! config names no library, so `cargo install` users see them too.

use std::path::PathBuf;

use crate::library::Source;

macro_rules! samples {
    ($($name:literal),* $(,)?) => {
        /// File names and contents of everything in `sample-articles/`.
        pub const SAMPLES: &[(&str, &[u8])] = &[
            $(($name, include_bytes!(concat!("../sample-articles/", $name)))),*
        ];
    };
}

samples!(
    "cjk-emoji-title.md",
    "fdd-russia-closer-ties.txt",
    "jpost-blinken-russia-iran.txt",
    "libertynation-russia-iran-tight.txt",
    "long-read-with-headings.md",
    "markdown-toml-front-matter.md",
    "markdown-yaml-front-matter.md",
    "title-first-plain.txt",
);

pub fn sources() -> Vec<Source> {
    SAMPLES
        .iter()
        .map(|(name, bytes)| Source::Memory {
            path: PathBuf::from("sample-articles").join(name),
            bytes,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_sample_articles_is_bundled() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-articles");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut bundled: Vec<String> = SAMPLES.iter().map(|(n, _)| n.to_string()).collect();
        bundled.sort();
        assert_eq!(bundled, on_disk);
    }
}
