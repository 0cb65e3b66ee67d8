//! Trimming a page title's site name: "Council approves budget | The Daily Example" →
//! "Council approves budget". With the site's name known, only that is removed;
//! without it, a short part beside a separator is.

use super::meta::one_line;

/// Separators between a title and a site or section name.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " — ", " – ", " :: ", " · ", " • ", " » ", " / ", " ~ ",
];

/// Separators after which a title follows a site name ("Site | Title"); a dash
/// more often splits a title ("Rust 2024 - what is new") and is not one of them.
const PREFIX_SEPARATORS: &[&str] = &[" | ", " :: ", " » "];

/// The longest site name the heuristic removes, in words.
const MAX_SITE_WORDS: usize = 4;
/// What must remain of a title after the heuristic, in words.
const MIN_TITLE_WORDS: usize = 3;

pub(super) fn trim_site_name(title: &str, site: Option<&str>) -> String {
    let title = one_line(title);
    match site.map(str::trim).filter(|s| !s.is_empty()) {
        Some(site) => strip_known_site(&title, site).unwrap_or(title),
        None => strip_short_part(&title).unwrap_or(title),
    }
}

/// The title without `site` before or after a separator.
fn strip_known_site(title: &str, site: &str) -> Option<String> {
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && same_name(tail, site)
            && !head.trim().is_empty()
        {
            return Some(head.trim().to_string());
        }
        if let Some((head, tail)) = title.split_once(sep)
            && same_name(head, site)
            && !tail.trim().is_empty()
        {
            return Some(tail.trim().to_string());
        }
    }
    None
}

/// Names equal ignoring case, spacing and punctuation, or one containing the other
/// ("Daily Example" and "The Daily Example").
fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (key(a), key(b));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    short.len() >= 3 && long.contains(short.as_str())
}

/// Without a known site name: removes the part after the last separator, or before
/// the first (not a dash), when it is short and what remains is not. The suffix is tried first.
fn strip_short_part(title: &str) -> Option<String> {
    let last = SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|at| (at, sep.len())))
        .max_by_key(|(at, _)| *at);
    if let Some((at, len)) = last
        && let Some(kept) = keep_if_short(&title[..at], &title[at + len..])
    {
        return Some(kept);
    }
    let first = PREFIX_SEPARATORS
        .iter()
        .filter_map(|sep| title.find(sep).map(|at| (at, sep.len())))
        .min_by_key(|(at, _)| *at);
    let (at, len) = first?;
    keep_if_short(&title[at + len..], &title[..at])
}

fn keep_if_short(kept: &str, removed: &str) -> Option<String> {
    let kept_words = kept.split_whitespace().count();
    let removed_words = removed.split_whitespace().count();
    let removable = removed_words <= MAX_SITE_WORDS
        && kept_words >= MIN_TITLE_WORDS
        && removed_words <= kept_words;
    removable.then(|| kept.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_site_is_removed_either_side() {
        let site = Some("The Daily Example");
        assert_eq!(
            trim_site_name("Budget passes | The Daily Example", site),
            "Budget passes"
        );
        assert_eq!(
            trim_site_name("The Daily Example :: Budget passes", site),
            "Budget passes"
        );
        assert_eq!(
            trim_site_name("Budget passes — Daily Example", site),
            "Budget passes"
        );
        assert_eq!(trim_site_name("Budget - passes", site), "Budget - passes");
    }

    #[test]
    fn short_parts_are_removed_without_a_site() {
        assert_eq!(
            trim_site_name("Council approves new budget - Example News", None),
            "Council approves new budget"
        );
        assert_eq!(
            trim_site_name("Example | Council approves new budget", None),
            "Council approves new budget"
        );
        assert_eq!(
            trim_site_name("Rust 2024 - what is new", None),
            "Rust 2024 - what is new"
        );
        assert_eq!(trim_site_name("Plain title", None), "Plain title");
    }
}
