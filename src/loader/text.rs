//! Stub: replaced by the real plain-text parser.
use crate::article::{Block, Draft};
pub fn parse(text: &str) -> Draft {
    let mut paras = text
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty());
    let title = paras.next().unwrap_or_default();
    Draft {
        title,
        body: paras.map(Block::Paragraph).collect(),
        ..Draft::default()
    }
}
