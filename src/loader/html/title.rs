//! Choosing a saved page's title, as a careful reader would name the article:
//! `og:title`, `twitter:title` or JSON-LD `headline`, else `<title>`, with the page's
//! `<h1>` taken only where it is the article's own heading (the title names it, or it
//! leads the article's text). A site or section name is cut off a title only where
//! the separator and the name say so: the part beside a separator is the site's
//! name (`og:site_name`, `application-name`, the JSON-LD publisher, the URL's host),
//! or the other part is the `<h1>` itself, or the part reads as a name (a few
//! capitalised words: "Example Gazette"). "Biden wins Pennsylvania - and the
//! presidency" keeps its second half.

use super::meta::one_line;

/// Separators between a title and a site or section name.
const SEPARATORS: &[&str] = &[
    " | ", " - ", " — ", " – ", " :: ", " · ", " • ", " » ", " / ", " ~ ",
];

/// A site or section name is at most this many words.
const MAX_SITE_WORDS: usize = 5;

/// Separators after which a title may follow a site name ("Site | Title"); a dash
/// more often splits a title ("Rust 2024 - what is new").
const PREFIX_SEPARATORS: &[&str] = &[" | ", " :: ", " » "];
/// Dashes split titles too: a name after one is at most this many words.
const MAX_NAME_WORDS_AFTER_DASH: usize = 3;
/// A name guessed from its looks is at most this many words ...
const MAX_GUESSED_NAME_WORDS: usize = 4;
/// ... and what remains of the title at least this many.
const MIN_TITLE_WORDS: usize = 3;

/// What the page offers for its title.
pub(super) struct Candidates<'a> {
    /// `og:title`, `twitter:title` or JSON-LD `headline`.
    pub(super) meta: Option<&'a str>,
    /// The `<title>` element.
    pub(super) tag: Option<&'a str>,
    /// The `<h1>` in or around the chosen content, or the page's only one.
    pub(super) h1: Option<&'a str>,
    /// The `<h1>` stands at the top of the article's text, before its paragraphs.
    pub(super) h1_leads: bool,
    /// Names the site goes by: `og:site_name`, `application-name`, the publisher,
    /// the registrable part of the URL's host.
    pub(super) sites: &'a [String],
}

pub(super) fn choose(c: &Candidates) -> String {
    let h1 = c.h1.map(one_line).filter(|h| !h.is_empty());
    let is_site = |t: &str| c.sites.iter().any(|s| same_name(t, s));
    let meta = c
        .meta
        .map(one_line)
        .filter(|t| !t.is_empty() && !is_site(t));
    if let Some(meta) = meta {
        return trim(&meta, c.sites, h1.as_deref());
    }
    let tag = c
        .tag
        .map(|t| trim(&one_line(t), c.sites, h1.as_deref()))
        .filter(|t| !t.is_empty() && !is_site(t));
    match (tag, h1) {
        // The `<h1>` is the article's own heading when the title names it too; an
        // `<h1>` the title does not name is a site's, a section's or a sidebar's.
        (Some(tag), Some(h1)) if c.h1_leads || names(&tag, &h1) => h1,
        (Some(tag), _) => tag,
        (None, Some(h1)) => h1,
        (None, None) => c.tag.map(one_line).unwrap_or_default(),
    }
}

/// `title` without a site or section name beside a separator, where the page says
/// that part is one.
fn trim(title: &str, sites: &[String], h1: Option<&str>) -> String {
    let found = Found::of(title);
    let splits: Vec<(&str, &str)> = parts(&found).collect();
    if splits.is_empty() {
        return title.to_string();
    }
    let site_keys: Vec<String> = sites.iter().map(|s| site_key(s)).collect();
    let is_site = |part: &str| {
        is_name_like(part) && {
            let key = site_key(part);
            key.chars().count() >= 3 && site_keys.contains(&key)
        }
    };
    for &(head, tail) in &splits {
        if is_site(tail) {
            return head.to_string();
        }
        if is_site(head) {
            return tail.to_string();
        }
    }
    // The heading names the part that is the title; the other part, shorter, is a
    // site's or a section's name.
    let heading = h1.map(loose).unwrap_or_default();
    let named = |kept: &str, cut: &str| {
        !heading.is_empty()
            && is_name_like(cut)
            && words(cut) < words(kept)
            && loose(kept) == heading
    };
    for &(head, tail) in &splits {
        if named(head, tail) {
            return head.to_string();
        }
        if named(tail, head) {
            return tail.to_string();
        }
    }
    guess_name(&found).unwrap_or_else(|| title.to_string())
}

/// Without a known name: the part after the last separator, or before the first
/// `|`, `::` or `»`, when it reads as a name (a few capitalised words) and a title
/// of some words remains.
fn guess_name(found: &Found) -> Option<String> {
    let title = found.title;
    if let Some((at, sep)) = found.last() {
        let (head, tail) = (&title[..at], &title[at + sep.len()..]);
        let max = if sep.contains(['-', '—', '–']) {
            MAX_NAME_WORDS_AFTER_DASH
        } else {
            MAX_GUESSED_NAME_WORDS
        };
        if reads_as_name(tail, max) && words(head) >= MIN_TITLE_WORDS {
            return Some(head.trim().to_string());
        }
    }
    let (at, sep) = found.first_of(PREFIX_SEPARATORS)?;
    let (head, tail) = (&title[..at], &title[at + sep.len()..]);
    (reads_as_name(head, MAX_GUESSED_NAME_WORDS) && words(tail) >= MIN_TITLE_WORDS)
        .then(|| tail.trim().to_string())
}

/// A few words, each capitalised (or a small joining word), no numbers: "Example
/// Gazette", "The Daily Example", "BBC News" (not "Milan Design Week 2018").
fn reads_as_name(part: &str, max_words: usize) -> bool {
    let n = words(part);
    n >= 1
        && n <= max_words
        && !part.chars().any(|c| c.is_ascii_digit())
        && part.split_whitespace().all(|w| {
            let first = w.chars().next().unwrap_or(' ');
            first.is_uppercase()
                || !first.is_alphanumeric()
                || ["of", "the", "and", "for", "on", "de", "la"].contains(&w)
        })
        && part.chars().any(char::is_uppercase)
}

/// How many words, as `split_whitespace` counts them.
fn words(s: &str) -> usize {
    crate::whitespace::word_count(s)
}

/// Every split of the title at a separator, as (before, after), both non-empty.
fn parts<'t>(found: &Found<'t>) -> impl Iterator<Item = (&'t str, &'t str)> {
    let title = found.title;
    SEPARATORS.iter().enumerate().flat_map(move |(k, sep)| {
        let split = |at: usize| (&title[..at], &title[at + sep.len()..]);
        let last = found.rfind(k).map(split);
        let first = found.find(k).map(split).filter(|f| Some(*f) != last);
        last.into_iter()
            .chain(first)
            .map(|(h, t)| (h.trim(), t.trim()))
            .filter(|(h, t)| !h.is_empty() && !t.is_empty())
    })
}

/// Where the separators occur in a title: every match of each, overlapping ones
/// too, in order. Found in one pass over the title's spaces (every separator starts
/// with one): `str::find` builds a searcher per call, which cost more than the
/// search in a short title, and a title was searched thirty times.
struct Found<'t> {
    title: &'t str,
    /// (byte offset, index in [`SEPARATORS`]), by offset; separators differ in their
    /// second character, so two never start at the same offset.
    at: Vec<(usize, usize)>,
}

impl<'t> Found<'t> {
    fn of(title: &'t str) -> Self {
        let bytes = title.as_bytes();
        let mut at = Vec::new();
        for i in memchr::memchr_iter(b' ', bytes) {
            let rest = &bytes[i..];
            for (k, sep) in SEPARATORS.iter().enumerate() {
                let s = sep.as_bytes();
                // The byte after the space tells most separators apart first.
                if rest.get(1) == s.get(1) && rest.starts_with(s) {
                    at.push((i, k));
                }
            }
        }
        Found { title, at }
    }

    /// Where `SEPARATORS[k]` first occurs, as `str::find` says.
    fn find(&self, k: usize) -> Option<usize> {
        self.at.iter().find(|(_, s)| *s == k).map(|(i, _)| *i)
    }

    /// Where `SEPARATORS[k]` last occurs, as `str::rfind` says.
    fn rfind(&self, k: usize) -> Option<usize> {
        self.at.iter().rev().find(|(_, s)| *s == k).map(|(i, _)| *i)
    }

    /// The separator that occurs last, and where: the greatest of their `rfind`s.
    fn last(&self) -> Option<(usize, &'static str)> {
        self.at.last().map(|&(i, k)| (i, SEPARATORS[k]))
    }

    /// The first place one of `seps` occurs: the least of their `find`s.
    fn first_of(&self, seps: &[&str]) -> Option<(usize, &'static str)> {
        self.at
            .iter()
            .map(|&(i, k)| (i, SEPARATORS[k]))
            .find(|(_, sep)| seps.contains(sep))
    }
}

fn is_name_like(part: &str) -> bool {
    crate::whitespace::at_most_words(part, MAX_SITE_WORDS)
}

/// Whether a title names the heading: one holds the other, ignoring case and
/// punctuation.
fn names(title: &str, heading: &str) -> bool {
    let (t, h) = (loose(title), loose(heading));
    !h.is_empty() && (t.contains(&h) || h.contains(&t))
}

/// A part of a title is the site's name: equal ignoring case, spacing and
/// punctuation, or differing by a leading "The" or a trailing ".com"-like suffix
/// ("Daily Example" and "The Daily Example"; "TheHill" and "The Hill").
fn same_name(part: &str, site: &str) -> bool {
    let key = site_key(part);
    key.chars().count() >= 3 && key == site_key(site)
}

/// A name as compared with a site's: [`loose`], without a leading "the" or a
/// trailing ".com"-like suffix.
fn site_key(name: &str) -> String {
    let s = loose(name);
    let s = s.strip_prefix("the").map(str::to_string).unwrap_or(s);
    ["com", "org", "net", "couk", "news"]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix).filter(|r| r.len() >= 3))
        .map(str::to_string)
        .unwrap_or(s)
}

/// Lowercase letters and digits only.
pub(super) fn loose(s: &str) -> String {
    if s.is_ascii() {
        // Bytes, not `char`s pushed one at a time: this runs for every part of a
        // title and every byline compared.
        let mut bytes = Vec::with_capacity(s.len());
        bytes.extend(
            s.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase()),
        );
        // ASCII, so always UTF-8.
        return String::from_utf8(bytes).unwrap_or_default();
    }
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The registrable part of a URL's host, as a name to compare with title parts:
/// `https://www.thehill.com/x` → `thehill`, `news.bbc.co.uk` → `bbc`.
pub(super) fn host_name(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let n = labels.len();
    if n < 2 {
        return None;
    }
    // "co.uk", "com.au": a short second-level label belongs to the suffix.
    let at = if n >= 3 && labels[n - 2].len() <= 3 && labels[n - 1].len() == 2 {
        n - 3
    } else {
        n - 2
    };
    Some(labels[at].to_string()).filter(|l| l.len() >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(meta: Option<&str>, tag: Option<&str>, h1: Option<&str>, sites: &[&str]) -> String {
        let sites: Vec<String> = sites.iter().map(|s| s.to_string()).collect();
        choose(&Candidates {
            meta,
            tag,
            h1,
            h1_leads: false,
            sites: &sites,
        })
    }

    #[test]
    fn a_known_site_is_cut_either_side() {
        let site = ["The Daily Example"];
        let t = |title| pick(None, Some(title), None, &site);
        assert_eq!(t("Budget passes | The Daily Example"), "Budget passes");
        assert_eq!(t("The Daily Example :: Budget passes"), "Budget passes");
        assert_eq!(t("Budget passes — Daily Example"), "Budget passes");
        assert_eq!(t("Budget - passes"), "Budget - passes");
        // The host's name is a site's name too.
        assert_eq!(
            pick(
                None,
                Some("New York man pleads guilty | TheHill"),
                None,
                &["thehill"]
            ),
            "New York man pleads guilty"
        );
    }

    #[test]
    fn a_part_is_cut_only_when_it_reads_as_a_name() {
        for title in [
            "Biden wins Pennsylvania - and the presidency",
            "Rust 2024 - what is new",
            "Apple unveils its new phone - Here's What We Know",
            "Plain title",
        ] {
            assert_eq!(pick(None, Some(title), None, &[]), title);
        }
        let t = |title| pick(None, Some(title), None, &[]);
        assert_eq!(
            t("Council approves new budget - Example News"),
            "Council approves new budget"
        );
        assert_eq!(
            t("Example | Council approves new budget"),
            "Council approves new budget"
        );
    }

    #[test]
    fn a_title_naming_a_site_only_within_itself_is_not_cut() {
        // "The Guardian view on …" holds the site's name but is not it: the title
        // is that part, and the section's name goes.
        let title = "The Guardian view on Hong Kong: a city on the brink | Editorial";
        assert_eq!(
            pick(Some(title), None, None, &["The Guardian"]),
            "The Guardian view on Hong Kong: a city on the brink"
        );
    }

    #[test]
    fn the_headline_says_which_part_is_the_title() {
        let h1 = Some("Is Football Violence a Crime?");
        assert_eq!(
            pick(
                Some("Opinion | Is Football Violence a Crime?"),
                None,
                h1,
                &[]
            ),
            "Is Football Violence a Crime?"
        );
        assert_eq!(
            pick(
                None,
                Some("Lexus goes topless - Auto News"),
                Some("Lexus goes topless"),
                &[]
            ),
            "Lexus goes topless"
        );
    }

    #[test]
    fn an_h1_the_title_does_not_name_is_not_the_headline() {
        let tag = Some("Ferry timetable changes for winter | Harbour Post");
        assert_eq!(
            pick(None, tag, Some("Latest news"), &["Harbour Post"]),
            "Ferry timetable changes for winter"
        );
        // A title that is only the site's name gives way to the heading.
        assert_eq!(
            pick(
                None,
                Some("My Blog"),
                Some("Notes from the allotment"),
                &["My Blog"]
            ),
            "Notes from the allotment"
        );
        // A meta title that is only the site's name is not a title.
        assert_eq!(
            pick(
                Some("엔터 미디어"),
                Some("엘제이의 리벤지인가"),
                None,
                &["엔터 미디어"]
            ),
            "엘제이의 리벤지인가"
        );
    }

    #[test]
    fn separators_are_found_as_str_finds_them() {
        let titles = [
            "",
            " ",
            "a | b | c",
            " | ",
            "a |  | b",
            "a — b – c — d",
            "é · ü • x » y",
            "a :: b ::: c",
            "ab",
            " | | | ",
        ];
        for title in titles {
            let found = Found::of(title);
            for (k, sep) in SEPARATORS.iter().enumerate() {
                assert_eq!(found.find(k), title.find(sep), "{title:?} {sep:?}");
                assert_eq!(found.rfind(k), title.rfind(sep), "{title:?} {sep:?}");
            }
            let last = SEPARATORS
                .iter()
                .filter_map(|sep| title.rfind(sep).map(|at| (at, *sep)))
                .max_by_key(|(at, _)| *at);
            assert_eq!(found.last(), last, "{title:?}");
            let first = PREFIX_SEPARATORS
                .iter()
                .filter_map(|sep| title.find(sep).map(|at| (at, *sep)))
                .min_by_key(|(at, _)| *at);
            assert_eq!(found.first_of(PREFIX_SEPARATORS), first, "{title:?}");
        }
    }

    #[test]
    fn loose_keeps_lowercase_letters_and_digits() {
        for s in ["", "The Daily-Example 2", "ÉCOLE Naïve", "a\u{a0}b", "!!"] {
            let slow: String = s
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(loose(s), slow, "{s:?}");
        }
    }

    #[test]
    fn host_names() {
        assert_eq!(
            host_name("https://www.thehill.com/x").as_deref(),
            Some("thehill")
        );
        assert_eq!(host_name("http://news.bbc.co.uk/a").as_deref(), Some("bbc"));
        assert_eq!(host_name("https://daily.example").as_deref(), Some("daily"));
        assert_eq!(host_name("https://localhost/x"), None);
    }
}
