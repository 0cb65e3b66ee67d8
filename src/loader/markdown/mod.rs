//! The Markdown parser: YAML (`---`) or TOML (`+++`) front matter at the very start
//! gives the metadata, pulldown-cmark turns the rest into [`Block`]s. Problems with
//! the front matter become warnings ("line 3: …") and the article still loads from
//! its body. It takes already sanitised text and must do no I/O and never panic.
//!
//! Submodules: `front_matter` (YAML and TOML front matter read into the draft's
//! metadata), `body` (pulldown-cmark's events turned into blocks and links).

mod body;
mod front_matter;
mod simple_yaml;

use crate::article::{Block, Draft};

use body::markdown_blocks;
use front_matter::{opening_delimiter, split_front_matter};

/// Parses a Markdown article; the warnings say what in its front matter was ignored.
pub fn parse(text: &str) -> (Draft, Vec<String>) {
    let mut warnings = Vec::new();
    let mut draft = Draft::default();
    let body = match split_front_matter(text) {
        Some(fm) => {
            front_matter::read_into(&fm, &mut draft, &mut warnings);
            fm.body
        }
        None => {
            if let Some(delimiter) = opening_delimiter(text) {
                warnings.push(format!(
                    "line 1: front matter has no closing {delimiter} line; read as Markdown"
                ));
            }
            text
        }
    };
    let (mut blocks, links) = markdown_blocks(body);
    take_title(&mut draft, &mut blocks);
    draft.body = blocks;
    draft.links = links;
    (draft, warnings)
}

/// Whether the text opens with front matter: a `---` or `+++` line and its closing line.
pub fn has_front_matter(text: &str) -> bool {
    split_front_matter(text).is_some()
}

/// With no title in the front matter, the first level-1 heading is the title; either
/// way that heading is not repeated at the top of the body.
fn take_title(draft: &mut Draft, blocks: &mut Vec<Block>) {
    if draft.title.is_empty() {
        let first = blocks
            .iter()
            .position(|b| matches!(b, Block::Heading { level: 1, .. }));
        if let Some(i) = first
            && let Block::Heading { text, .. } = blocks.remove(i)
        {
            draft.title = text;
        }
    } else if let Some(Block::Heading { level: 1, text }) = blocks.first()
        && one_line(text).to_lowercase() == one_line(&draft.title).to_lowercase()
    {
        blocks.remove(0);
    }
}

/// Whitespace folded to single spaces, the text trimmed.
fn one_line(s: &str) -> String {
    crate::whitespace::collapse(s)
}

#[cfg(test)]
mod tests;
