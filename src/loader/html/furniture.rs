//! Page furniture left inside the chosen content after conversion: one-line labels
//! ("Advertisement", "Share", "Close"), photo credits and captions ("Photo: Hau Dinh,
//! AP", "Image copyright Getty Images"), "Updated 5:27 am" datelines, the page's own
//! URL printed as text, and everything from a paywall's notice, or from a "You may
//! also like" or "Related" marker in the second half of the text, on. The vocabulary is the plain-text
//! parser's (`loader::plain::furniture`), so pasted and saved pages lose the same junk.

use crate::article::Block;
use crate::loader::plain::furniture::{is_boilerplate_marker, is_credit_line, is_junk};

/// Markers that stand alone inside articles too (an expander's "Read more", a
/// widget's "Trending" label left after its links went): dropped, never cut at.
const INLINE_MARKERS: &[&str] = &[
    "read more",
    "read next",
    "read also",
    "also read",
    "trending",
    "trending now",
    "popular",
    "newsletter",
];

/// A paywall's notice: the page's text ends here, whatever follows is the offer.
const PAYWALL_NOTICES: &[&str] = &[
    "to read the full story",
    "to continue reading",
    "subscribe to continue reading",
    "subscribe to read",
    "already a subscriber",
    "this article is for subscribers",
    "subscribe sign in",
];

/// Datelines longer than this are text.
const MAX_DATELINE_CHARS: usize = 100;

/// Removes furniture from `body`; `own_url` is the page's URL, when it names one.
pub(super) fn remove(body: &mut Vec<Block>, own_url: Option<&str>) {
    body.retain(|block| match block {
        Block::Paragraph(text) | Block::Heading { text, .. } => !is_furniture(text, own_url),
        Block::List { items, .. } => !items.iter().all(|i| is_furniture(i, own_url)),
        _ => true,
    });
    cut_trailing(body);
}

/// Furniture is short: longer blocks are not looked at ...
const MAX_FURNITURE_BYTES: usize = 300;
/// ... and a photo's credit or caption shorter still.
const MAX_CREDIT_BYTES: usize = 200;

fn is_furniture(text: &str, own_url: Option<&str>) -> bool {
    let text = text.trim();
    if text.len() > MAX_FURNITURE_BYTES {
        return false;
    }
    is_junk(text, false)
        || is_inline_marker(text)
        || (text.len() <= MAX_CREDIT_BYTES && is_credit_line(text))
        || is_dateline(text)
        || own_url.is_some_and(|u| same_url(text, u))
}

fn is_paywall_notice(text: &str) -> bool {
    text.len() <= 60 && {
        let lower = text.to_lowercase();
        let lower = lower.trim_matches(|c: char| !c.is_alphanumeric());
        PAYWALL_NOTICES.contains(&lower)
    }
}

fn is_inline_marker(text: &str) -> bool {
    text.len() <= 20 && {
        let lower = text.to_lowercase();
        let lower = lower.trim_matches(|c: char| !c.is_alphanumeric());
        INLINE_MARKERS.contains(&lower)
    }
}

/// "Updated 5:27 am CST, Wednesday, November 20, 2019", "PUBLISHED: 10:48, Tue, Nov
/// 19, 2019 | UPDATED: …", "First Published on Nov 20, 2019 01:38 pm".
fn is_dateline(text: &str) -> bool {
    if text.chars().count() > MAX_DATELINE_CHARS || !text.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let lower = text.to_lowercase();
    [
        "updated",
        "published",
        "first published",
        "posted",
        "last updated",
        "last modified",
    ]
    .iter()
    .any(|cue| {
        lower
            .strip_prefix(cue)
            .is_some_and(|rest| rest.starts_with([' ', ':']))
    })
}

fn same_url(text: &str, url: &str) -> bool {
    let key = |s: &str| {
        s.trim()
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string()
    };
    text.starts_with("http") && key(text) == key(url)
}

/// Cuts everything from a paywall's notice ("To Read the Full Story") after the
/// first block, or from the first boilerplate marker ("You may also like", "Related
/// articles", "Comments") that stands alone in the second half of the text.
fn cut_trailing(body: &mut Vec<Block>) {
    let total: usize = body.iter().map(|b| b.plain_len() + 1).sum();
    let mut offset = 0;
    for (i, block) in body.iter().enumerate() {
        let text = match block {
            Block::Paragraph(t) | Block::Heading { text: t, .. } => Some(t),
            _ => None,
        };
        if i > 0 && text.is_some_and(|t| is_paywall_notice(t)) {
            body.truncate(i);
            return;
        }
        if offset * 2 >= total
            && text.is_some_and(|t| is_boilerplate_marker(t) && !is_inline_marker(t))
        {
            body.truncate(i);
            return;
        }
        offset += block.plain_len() + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Block {
        Block::Paragraph(s.into())
    }

    #[test]
    fn labels_credits_datelines_and_the_own_url_go() {
        let url = "https://news.example/a/story.html";
        let mut body = vec![
            p("https://news.example/a/story.html"),
            p("Updated 5:27 am CST, Wednesday, November 20, 2019"),
            p("The council met on Tuesday and agreed the budget after a long debate."),
            p("Photo: Hau Dinh, AP"),
            p("Advertisement"),
            p("Updated figures show the budget grew by a tenth, the council said."),
        ];
        remove(&mut body, Some(url));
        assert_eq!(
            body,
            [
                p("The council met on Tuesday and agreed the budget after a long debate."),
                p("Updated figures show the budget grew by a tenth, the council said."),
            ]
        );
    }

    #[test]
    fn a_related_marker_in_the_second_half_ends_the_article() {
        let long = "A paragraph of the article that is long enough to count for something.";
        let mut body = vec![
            p(long),
            p(long),
            p("You may also like..."),
            p("Other story"),
        ];
        remove(&mut body, None);
        assert_eq!(body, [p(long), p(long)]);
        let mut early = vec![p("Related"), p(long), p(long)];
        remove(&mut early, None);
        assert_eq!(early.len(), 3);
    }
}
