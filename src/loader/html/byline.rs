//! A saved page's byline: the article's author or authors as the page names them.
//! The metadata's author (`<meta name=author>`, JSON-LD; several joined with commas)
//! and the byline in the text are weighed: the text's byline wins where the metadata
//! names only the publisher ("Condé Nast") or the same people joined another way
//! ("A, B" for the page's "A and B"). Cleaning a raw byline ("By …", "Follow @…", a
//! trailing date) is `clean`.

use super::meta::one_line;
use super::title::loose as key;
use crate::dates::{MONTHS, WEEKDAYS};

/// Prefixes that introduce a byline rather than belong to it.
const INTRODUCTIONS: &[&str] = &[
    "analysis by ",
    "commentary by ",
    "opinion by ",
    "posted by ",
    "written by ",
    "words by ",
    "story by ",
    "reporting by ",
    "by: ",
    "by ",
];

/// The longest byline taken, in characters.
const MAX_BYLINE_CHARS: usize = 100;

/// What the page says of its author.
pub(super) struct Bylines<'a> {
    /// `<meta name=author>` and the like, else JSON-LD's.
    pub(super) meta: Option<String>,
    /// JSON-LD's author alone.
    pub(super) ld: Option<String>,
    /// The byline in the page's text.
    pub(super) text: Option<String>,
    /// The site's and publisher's names.
    pub(super) sites: &'a [String],
}

/// The author to show: the text's byline where the metadata names only the
/// publisher, the same people joined another way, or someone else than JSON-LD
/// names while the text agrees with JSON-LD; else the metadata's.
pub(super) fn choose(b: Bylines) -> Option<String> {
    let Some(meta) = b.meta else {
        return b.text;
    };
    let Some(text) = b.text else {
        return Some(meta);
    };
    let publisher = b.sites.iter().any(|s| key(s) == key(&meta));
    let people: Vec<String> = split_names(&meta).iter().map(|n| key(n)).collect();
    let text_key = key(&text);
    let same_people = people.len() > 1 && people.iter().all(|p| text_key.contains(p.as_str()));
    let ld_agrees =
        b.ld.is_some_and(|ld| key(&ld) == text_key && key(&ld) != key(&meta));
    if publisher || same_people || ld_agrees {
        Some(text)
    } else {
        Some(meta)
    }
}

fn split_names(joined: &str) -> Vec<&str> {
    joined
        .split([',', '&'])
        .flat_map(|part| part.split(" and "))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect()
}

/// A raw byline cleaned, or `None` if it names nobody: "By Jane Doe | March 3" →
/// "Jane Doe"; "Jeff Foust Monday, November 18, 2019" → "Jeff Foust"; "Follow
/// @jdoe", a URL or an `@handle` alone → none.
pub(crate) fn clean(raw: &str) -> Option<String> {
    let text = one_line(raw);
    let first = text
        .split(['|', '·', '•', '\n'])
        .next()
        .unwrap_or_default()
        .trim();
    let mut name = first;
    while let Some(rest) = INTRODUCTIONS
        .iter()
        .find_map(|intro| strip_prefix_ignore_case(name, intro))
    {
        name = rest.trim_start();
    }
    let name = cut_follow(name);
    let name = cut_date(name);
    let name = name.trim_end_matches([',', ';', '-', '—', '–', ' ']).trim();
    let is_url = name.starts_with("http://") || name.starts_with("https://");
    let handle = name.starts_with('@') || name.eq_ignore_ascii_case("follow");
    let fits = !name.is_empty() && name.chars().count() <= MAX_BYLINE_CHARS;
    (fits && !is_url && !handle).then(|| name.to_string())
}

/// "Jane Doe Follow @jdoe" → "Jane Doe"; "Follow @jdoe" → "".
fn cut_follow(name: &str) -> &str {
    let lower = name.to_lowercase();
    if lower.starts_with("follow ") || lower == "follow" {
        return "";
    }
    match lower.find(" follow") {
        Some(at) if name.is_char_boundary(at) => &name[..at],
        _ => name,
    }
}

/// "Carrie Arnold November 15, 2019" → "Carrie Arnold"; "Detroit News wire services
/// Published 11:11 PM EST" → "Detroit News wire services". A month or weekday that
/// starts the byline ("April Smith") or has no number after it stays.
fn cut_date(name: &str) -> &str {
    let lower = name.to_lowercase();
    let mut at = 0;
    for word in lower.split(' ') {
        let start = at;
        at += word.len() + 1;
        if start == 0 {
            continue;
        }
        let word = word.trim_end_matches([',', '.']);
        let cue = is_month(word)
            || WEEKDAYS.contains(&word)
            || ["published", "updated", "posted"].contains(&word);
        let dated = lower[start..].chars().any(|c| c.is_ascii_digit());
        if cue && dated && name.is_char_boundary(start) {
            return name[..start].trim_end();
        }
    }
    name
}

/// A month's name or its abbreviation ("nov", "sept"), but not a name like "Marc".
fn is_month(word: &str) -> bool {
    MONTHS.contains(&word)
        || word == "sept"
        || (word.len() == 3 && MONTHS.iter().any(|m| m.starts_with(word)))
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn cleans_bylines() {
        let c = |raw| clean(raw);
        assert_eq!(c("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(c("  BY  Jane   Doe | March 3").as_deref(), Some("Jane Doe"));
        assert_eq!(c("by: Joe").as_deref(), Some("Joe"));
        assert_eq!(c("Byron Smith").as_deref(), Some("Byron Smith"));
        assert_eq!(
            c("Analysis by Chris Cillizza, CNN").as_deref(),
            Some("Chris Cillizza, CNN")
        );
        assert_eq!(
            c("Jeff Foust Monday, November 18, 2019").as_deref(),
            Some("Jeff Foust")
        );
        assert_eq!(
            c("Carrie Arnold November 15, 2019").as_deref(),
            Some("Carrie Arnold")
        );
        assert_eq!(
            c("Detroit News wire services Published 11:11 PM EST").as_deref(),
            Some("Detroit News wire services")
        );
        assert_eq!(c("April Smith").as_deref(), Some("April Smith"));
        assert_eq!(c("Jean Marc Dupont").as_deref(), Some("Jean Marc Dupont"));
        assert_eq!(c("Ana Ruiz Nov. 19, 2019").as_deref(), Some("Ana Ruiz"));
        assert_eq!(c("Jane Doe Follow @jdoe").as_deref(), Some("Jane Doe"));
        assert_eq!(c("Follow @jdoe"), None);
        assert_eq!(c("@jdoe"), None);
        assert_eq!(c("https://facebook.com/x"), None);
        assert_eq!(c(""), None);
    }

    #[test]
    fn the_text_byline_wins_over_a_publisher_or_the_same_people() {
        let sites = s(&["WIRED", "Condé Nast"]);
        let pick = |meta: Option<&str>, ld: Option<&str>, text: &str| {
            choose(Bylines {
                meta: meta.map(String::from),
                ld: ld.map(String::from),
                text: Some(text.into()),
                sites: &sites,
            })
        };
        let t = |m: &str, text: &str| pick(Some(m), None, text);
        assert_eq!(
            t("Condé Nast", "Louise Matsakis").as_deref(),
            Some("Louise Matsakis")
        );
        assert_eq!(
            t(
                "Lia Eustachewich, Yaron Steinbuch",
                "Lia Eustachewich and Yaron Steinbuch"
            )
            .as_deref(),
            Some("Lia Eustachewich and Yaron Steinbuch")
        );
        assert_eq!(t("Jane Doe", "Someone Quoted").as_deref(), Some("Jane Doe"));
        assert_eq!(pick(None, None, "X Y").as_deref(), Some("X Y"));
        // The metadata disagree, and the text sides with JSON-LD.
        assert_eq!(
            pick(Some("Some Publisher Inc"), Some("Molly Wood"), "Molly Wood").as_deref(),
            Some("Molly Wood")
        );
    }
}
