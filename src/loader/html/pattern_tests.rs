//! One small page per extraction failure met on real saved pages (the ScrapingHub
//! benchmark, `cargo bench --bench extract`): each test failed before its fix.

use super::parse;
use crate::article::testing::{body_text, paragraphs};

macro_rules! pattern {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/html/patterns/",
            $name
        ))
    };
}

/// The whole page sits in a wrapper whose class names an ad (`Page-ad-margins`,
/// `non-ad-column`) or a sidebar (`content-with-sidebar-wrp`): it holds the article,
/// so it is kept, while the ad slot and the sidebar beside the text still go.
#[test]
fn a_wrapper_named_like_an_ad_keeps_the_article() {
    let d = parse(pattern!("wrapper_named_like_ad.html"));
    let paras = paragraphs(&d);
    assert_eq!(paras.len(), 3, "{paras:?}");
    assert!(paras[0].starts_with("The harbour authority published"));
    let body = body_text(&d);
    assert!(!body.contains("Advertisement"), "{body}");
    assert!(!body.contains("Most read"), "{body}");
}

/// Photo galleries inside the article body (captions, credits, "Caption"/"Close"
/// controls) and inline caption spans are not article text.
#[test]
fn galleries_and_caption_spans_are_left_out() {
    let d = parse(pattern!("gallery_captions.html"));
    let paras = paragraphs(&d);
    assert_eq!(paras.len(), 3, "{paras:?}");
    assert!(paras[0].starts_with("For the first time in forty years"));
    let body = body_text(&d);
    for junk in [
        "lamp room",
        "Photo: Ana Ruiz",
        "Caption",
        "Close",
        "Image: Harbour",
    ] {
        assert!(!body.contains(junk), "{junk:?} in {body}");
    }
}

/// Blogger wraps the post in `<div class="columns-2 with-sidebar">` and
/// `<div class="widget Blog">` and writes its text with `<br>`s, no `<p>`: the
/// wrappers hold most of the page's text outside links, so they stay.
#[test]
fn a_blogger_post_in_a_widget_is_the_article() {
    let d = parse(pattern!("blogger_widget.html"));
    let paras = paragraphs(&d);
    assert_eq!(paras.len(), 3, "{paras:?}");
    assert!(paras[0].starts_with("The town council has moved"));
    assert!(!body_text(&d).contains("Bridge closed"));
}

/// Furniture inside the chosen content: the page's own URL printed as text, an
/// "Updated …" dateline, a widget label, a photo credit, and a "You may also like"
/// list after the article.
#[test]
fn furniture_inside_the_article_is_left_out() {
    let d = parse(pattern!("furniture_in_text.html"));
    let paras = paragraphs(&d);
    assert_eq!(paras.len(), 3, "{paras:?}");
    assert!(paras[0].starts_with("Dredging of the inner harbour"));
    assert!(paras[2].starts_with("Work will run through the summer"));
}

/// A standfirst the markup names (`content-header__dek`, `subtitle`, `standfirst`)
/// is the subtitle under the headline, not the article's first paragraph.
#[test]
fn a_named_standfirst_is_the_subtitle() {
    let d = parse(pattern!("standfirst.html"));
    assert_eq!(
        d.subtitle.as_deref(),
        Some(
            "A software update shifted every prediction by an hour, and nobody noticed until August."
        )
    );
    let paras = paragraphs(&d);
    assert_eq!(paras.len(), 3, "{paras:?}");
    assert!(paras[0].starts_with("The harbour office printed"));
}

/// The page's only `<h1>` is the site's logo, away from the article: the title is
/// `<title>`'s, without the site's name after the dash.
#[test]
fn a_logo_h1_is_not_the_title() {
    let d = parse(pattern!("nav_h1.html"));
    assert_eq!(d.title, "Ferry timetable changes for winter");
}

/// A dash that splits a headline is not a site name's separator: nothing is cut on a
/// guess when the part after it does not read as a name.
#[test]
fn a_headline_with_a_dash_keeps_its_second_half() {
    let d = parse(pattern!("title_with_dash.html"));
    assert_eq!(d.title, "Biden wins Pennsylvania - and the presidency");
}

/// The byline is the article's authors: not a "Follow @name" link, not the person a
/// pull quote quotes.
#[test]
fn the_byline_is_not_a_follow_link_or_a_quoted_person() {
    let d = parse(pattern!("byline_quote_follow.html"));
    assert_eq!(d.author.as_deref(), Some("Ana Ruiz and Tomas Lindqvist"));
}

/// Several authors are joined as the page's own byline joins them, and a metadata
/// author that is only the site's name gives way to the byline.
#[test]
fn several_authors_are_joined_as_the_page_joins_them() {
    let d = parse(pattern!("byline_joined.html"));
    assert_eq!(d.author.as_deref(), Some("Ana Ruiz & Tomas Lindqvist"));
}

/// A WordPress single post of one paragraph, followed by longer excerpts of other
/// posts: the post WordPress marks (`postid-1806` on `<body>`, `post-1806` on the
/// post) is the article, not the excerpts that outscore it.
#[test]
fn a_wordpress_post_beats_the_excerpts_beside_it() {
    let d = parse(pattern!("wordpress_related_excerpts.html"));
    let paras = paragraphs(&d);
    assert_eq!(paras.len(), 1, "{paras:?}");
    assert!(paras[0].starts_with("Viver uma verdadeira experiência amorosa"));
}
/// Beside the article, a list of other stories (a headline link, a linked excerpt
/// and an author each) scores well on its excerpts but is mostly links: it does not
/// join the article.
#[test]
fn a_list_of_other_stories_beside_the_article_stays_out() {
    let d = parse(pattern!("story_list_sibling.html"));
    let paras = paragraphs(&d);
    assert_eq!(paras.len(), 3, "{paras:?}");
    assert!(!body_text(&d).contains("Mini JCW"), "{}", body_text(&d));
}

/// A paywalled page: the standfirst in `h2.sub-head[itemprop=description]` is the
/// subtitle, and the subscription offer after the free paragraphs is not text.
#[test]
fn a_paywall_offer_ends_the_text_and_the_sub_head_is_the_subtitle() {
    let d = parse(pattern!("paywall_snippet.html"));
    assert_eq!(
        d.subtitle.as_deref(),
        Some("There are more devices and services to choose from than ever. Here is how to pick.")
    );
    let paras = paragraphs(&d);
    assert_eq!(paras.len(), 2, "{paras:?}");
    assert!(paras[0].starts_with("Gaming used to be so simple"));
}
