//! What the lenient XML reader repaired or left out, and the warning lines that say so.

use std::collections::BTreeSet;

use super::{MAX_DEPTH, MAX_NOTED};

/// What the reader had to repair or leave out.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// HTML entities used without a declaration, resolved from the HTML 4 table.
    pub html_entities: BTreeSet<String>,
    pub html_entity_count: usize,
    /// Entities nobody defines, kept as written.
    pub unknown_entities: BTreeSet<String>,
    /// The document type names the RSS 0.91 DTD, which declares the HTML entities.
    pub html_dtd: bool,
    /// Bare `<` that began no markup, taken as text.
    pub bare_lt: usize,
    /// Bare `&` that began no reference, taken as text.
    pub bare_amp: usize,
    /// Characters of junk skipped before the first element.
    pub skipped_prefix: usize,
    pub stray_end_tags: usize,
    pub unclosed_tags: usize,
    pub after_root: bool,
    /// Other errors read past, and the first of them.
    pub errors: usize,
    pub first_error: Option<String>,
    pub too_deep: bool,
    /// Why the document ended early, if it did.
    pub cut_short: Option<String>,
}

impl Report {
    /// One line per repair, except `cut_short`, which the caller words with what it lost.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.skipped_prefix > 0 {
            out.push(format!(
                "{} characters before the xml declaration ignored",
                self.skipped_prefix
            ));
        }
        if self.html_entity_count > 0 && !self.html_dtd {
            out.push(format!(
                "undeclared html entities resolved ({} in all): {}",
                self.html_entity_count,
                entity_list(&self.html_entities)
            ));
        }
        if !self.unknown_entities.is_empty() {
            out.push(format!(
                "unknown entities kept as written: {}",
                entity_list(&self.unknown_entities)
            ));
        }
        if self.bare_amp > 0 {
            out.push(format!("{} bare '&' read as text", self.bare_amp));
        }
        if self.bare_lt > 0 {
            out.push(format!("{} bare '<' read as text", self.bare_lt));
        }
        if self.stray_end_tags + self.unclosed_tags > 0 {
            out.push(format!(
                "mismatched tags repaired ({} unclosed, {} stray end tags)",
                self.unclosed_tags, self.stray_end_tags
            ));
        }
        if let Some(first) = &self.first_error {
            out.push(format!(
                "xml errors read past: {} (the first: {first})",
                self.errors
            ));
        }
        if self.after_root {
            out.push("content after the root element ignored".to_string());
        }
        if self.too_deep {
            out.push(format!(
                "elements nested deeper than {MAX_DEPTH} levels dropped"
            ));
        }
        out
    }
}

fn entity_list(names: &BTreeSet<String>) -> String {
    let mut list: Vec<String> = names.iter().map(|n| format!("&{n};")).collect();
    if names.len() >= MAX_NOTED {
        list.push("...".to_string());
    }
    list.join(" ")
}
