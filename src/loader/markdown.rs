//! Stub: replaced by the real Markdown parser.
use crate::article::Draft;
pub fn parse(text: &str) -> (Draft, Vec<String>) {
    (super::text::parse(text), Vec::new())
}
pub fn has_front_matter(text: &str) -> bool {
    text.starts_with("---\n") || text.starts_with("+++\n")
}
