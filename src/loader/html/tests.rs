//! The fixtures under `tests/fixtures/html/`, the fragment converter, sniffing, and
//! robustness against broken and hostile input.

use chrono::NaiveDate;

use super::{declared_charset, fragment_to_blocks, looks_like_html, parse};
use crate::article::{Block, Link};

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/html/",
            $name
        ))
    };
}

const NEWS: &str = fixture!("news_heavy_nav.html");
const JSON_LD: &str = fixture!("jsonld_only.html");
const BLOG: &str = fixture!("blog_post.html");
const DIVS: &str = fixture!("divs_only.html");
const WORDPRESS: &str = fixture!("wordpress_post.html");
const PAGES: [&str; 5] = [NEWS, JSON_LD, BLOG, DIVS, WORDPRESS];

use crate::article::testing::{body_text, paragraphs};

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn link(text: &str, url: &str) -> Link {
    Link {
        text: text.into(),
        url: url.into(),
    }
}

#[test]
fn news_page_metadata() {
    let d = parse(NEWS);
    assert_eq!(d.title, "Council approves riverside park budget");
    assert_eq!(d.date, date(2024, 3, 5));
    assert_eq!(d.author.as_deref(), Some("Jane Doe"));
    assert_eq!(
        d.source.as_deref(),
        Some("https://daily.example/news/2024/03/05/riverside-park-budget")
    );
    assert_eq!(d.site.as_deref(), Some("The Daily Example"));
    assert_eq!(
        d.subtitle.as_deref(),
        Some(
            "Councillors back a £4.2m plan to turn the old gasworks into a public park, \
             despite objections over parking."
        )
    );
    assert_eq!(
        d.tags,
        ["Parks", "Local government", "local news", "council"]
    );
}

#[test]
fn news_page_body_is_the_article_alone() {
    let d = parse(NEWS);
    let paras = paragraphs(&d);
    assert_eq!(paras.len(), 4, "{paras:#?}");
    assert_eq!(
        paras[0],
        "Plans to turn the derelict gasworks beside the river into a public park cleared \
         their last hurdle on Tuesday night, when councillors voted 31 to 12 to approve a \
         £4.2m budget for the scheme."
    );
    assert_eq!(
        paras[3],
        "Council leader Priya Shah said the authority would consult again on parking \
         before any work began, and that a shuttle bus to the clinic was “firmly on the \
         table”."
    );
    assert_eq!(
        d.body[2],
        Block::Heading {
            level: 2,
            text: "Objections over parking".into()
        }
    );
    assert_eq!(
        d.body[3..5],
        [
            Block::Quote(
                "We are not against a park. We are against losing the only car park within \
                 walking distance of the clinic."
                    .into()
            ),
            Block::Quote("Nobody asked the people who actually live here.".into()),
        ]
    );
    assert_eq!(
        d.links,
        [link(
            "old town station",
            "https://daily.example/news/2023/11/old-town-station"
        )]
    );
    let text = body_text(&d).to_lowercase();
    for gone in [
        "cookie",
        "related",
        "comment",
        "sign up",
        "advert",
        "share",
        "tweet",
        "©",
        "accept",
        "politics",
        "briefing",
        "by jane",
        "5 march",
        "local news",
        "window.",
        "font-family",
    ] {
        assert!(!text.contains(gone), "{gone:?} left in {text}");
    }
}

#[test]
fn json_ld_page_metadata() {
    let d = parse(JSON_LD);
    assert_eq!(
        d.title,
        "Scientists map hydrothermal vents on the Atlantic floor"
    );
    assert_eq!(d.date, date(2023, 11, 20));
    assert_eq!(d.author.as_deref(), Some("Arun Patel"));
    assert_eq!(
        d.source.as_deref(),
        Some("https://oceantimes.example/science/2023/11/20/hydrothermal-vents")
    );
    assert_eq!(d.site.as_deref(), Some("Ocean Times"));
    assert_eq!(d.subtitle, None);
    assert_eq!(d.tags, ["oceans", "geology", "exploration"]);
}

#[test]
fn json_ld_page_body() {
    let d = parse(JSON_LD);
    let paras = paragraphs(&d);
    assert_eq!(paras.len(), 4, "{paras:#?}");
    assert!(paras[0].starts_with("A team of marine geologists has produced"));
    assert_eq!(
        paras[3],
        "The data will be published openly next year, and the team hopes it will inform \
         talks on whether to allow deep-sea mining in the region."
    );
    assert!(paras[2].starts_with("“We found three times as many active vents"));
    let text = body_text(&d);
    for gone in [
        "Most read",
        "Privacy",
        "Fisheries",
        "Search the archive",
        "Home",
        "20 November",
    ] {
        assert!(!text.contains(gone), "{gone:?} left in {text}");
    }
}

#[test]
fn time_element_dates_a_page_without_date_metadata() {
    let page = JSON_LD.replace(r#""datePublished": "2023-11-20T08:00:00+00:00","#, "");
    assert!(!page.contains("datePublished"));
    let d = parse(&page);
    assert_eq!(d.date, date(2023, 11, 20));
}

#[test]
fn blog_post_metadata() {
    let d = parse(BLOG);
    assert_eq!(d.title, "Taming the borrow checker");
    assert_eq!(d.date, date(2024, 1, 14));
    assert_eq!(d.author.as_deref(), Some("Sam Lee"));
    assert_eq!(
        d.source.as_deref(),
        Some("https://blog.example/posts/taming-the-borrow-checker.html")
    );
    assert_eq!(d.site, None);
    assert_eq!(d.tags, ["rust", "lifetimes", "borrowing"]);
}

#[test]
fn blog_post_structure() {
    let d = parse(BLOG);
    let paras = paragraphs(&d);
    assert_eq!(
        paras.first().copied(),
        Some(
            "Most of my fights with the borrow checker come down to three mistakes, and once \
             you know them, the error messages start to read like advice rather than \
             accusations."
        )
    );
    assert_eq!(
        paras.last().copied(),
        Some(
            "Comments and corrections are welcome by email, or see the archive for older \
             posts. Back to top Print"
        )
    );
    assert!(paras.contains(
        &"A note on names: Rock & roll café — open late is not a crate, whatever the issue \
          tracker says."
    ));
    let headings: Vec<&Block> = d
        .body
        .iter()
        .filter(|b| matches!(b, Block::Heading { .. }))
        .collect();
    assert_eq!(
        headings,
        [
            &Block::Heading {
                level: 3,
                text: "1. Returning references to locals".into()
            },
            &Block::Heading {
                level: 3,
                text: "2. Holding a borrow across a mutation".into()
            },
        ]
    );
    let code = "fn longest<'a>(x: &'a str, y: &'a str) -> &'a str {\n    if x.len() > y.len() {\n        x\n    } else {\n        y\n    }\n}";
    assert!(d.body.contains(&Block::Code(code.into())));
    assert!(d.body.contains(&Block::List {
        ordered: true,
        items: vec![
            "Is the borrow still used after the mutation?".into(),
            "Can the value be cloned cheaply instead?".into(),
            "Would an index work where a reference does not?".into(),
        ]
    }));
    assert!(d.body.contains(&Block::List {
        ordered: false,
        items: vec![
            "Vec::push while iterating".into(),
            "Caches behind &mut self".into(),
            "especially HashMap::entry".into(),
        ]
    }));
    let text = body_text(&d);
    for gone in ["Posted by", "Sam's Notes", "Home", "Feed"] {
        assert!(!text.contains(gone), "{gone:?} left in {text}");
    }
}

#[test]
fn blog_post_links_resolve_against_base_href() {
    let d = parse(BLOG);
    assert_eq!(
        d.links,
        [
            link(
                "lifetimes primer",
                "https://blog.example/posts/rust-lifetimes.html"
            ),
            link("email", "mailto:sam@blog.example"),
            link("archive", "https://blog.example/archive/"),
        ]
    );
}

#[test]
fn text_dense_div_beats_link_dense_sidebar() {
    let d = parse(DIVS);
    assert_eq!(d.title, "Notes from the allotment");
    assert_eq!(d.date, date(2022, 6, 1));
    assert_eq!(d.author.as_deref(), Some("Tom Green"));
    assert_eq!(
        d.source.as_deref(),
        Some("http://allotment.example/notes/june")
    );
    let paras = paragraphs(&d);
    assert_eq!(paras.len(), 4, "{paras:#?}");
    assert!(paras[0].starts_with("June has been kind to the allotment so far"));
    assert!(paras[2].starts_with("Potatoes went in late this year"));
    assert_eq!(
        paras[3],
        "Next week: netting the brassicas, before the pigeons, and the cabbage whites, get \
         any ideas."
    );
    let text = body_text(&d);
    for gone in [
        "Beans",
        "Tomatoes",
        "What I grow",
        "Pictures",
        "Updated weekly",
    ] {
        assert!(!text.contains(gone), "{gone:?} left in {text}");
    }
    assert!(d.links.is_empty(), "{:?}", d.links);
}

#[test]
fn wordpress_post_without_theme_chrome() {
    let d = parse(WORDPRESS);
    assert_eq!(d.title, "A walk on the moors");
    assert_eq!(d.date, date(2021, 5, 2));
    assert_eq!(d.author.as_deref(), Some("Meg Ashworth"));
    assert_eq!(d.site.as_deref(), Some("Hill Notes"));
    assert_eq!(d.source, None);
    // The description is the first paragraph again.
    assert_eq!(d.subtitle, None);
    assert_eq!(
        paragraphs(&d),
        [
            "The wind on Kinder Scout was strong enough to lean on, and we spent most of \
             the morning doing exactly that.",
            "Looking west from Kinder Low.",
            "By noon the cloud had lifted, and the reservoirs below looked close enough to \
             touch, though they were a good two hours away.",
            "We came down by Jacob's Ladder, which is steeper than I remembered, and stopped \
             at the café in Edale for tea.",
        ]
    );
    assert_eq!(d.body.len(), 4, "{:#?}", d.body);
    assert!(d.links.is_empty(), "{:?}", d.links);
}

#[test]
fn title_sources_in_order() {
    let page = |head: &str| {
        format!("<html><head>{head}</head><body><h1>From h1</h1><p>Text.</p></body></html>")
    };
    let og = r#"<meta property="og:title" content="From og"><title>From title - Site</title>"#;
    assert_eq!(parse(&page(og)).title, "From og");
    let twitter = r#"<meta name="twitter:title" content="From twitter"><title>x</title>"#;
    assert_eq!(parse(&page(twitter)).title, "From twitter");
    assert_eq!(
        parse(&page("<title>From title - Site</title>")).title,
        "From h1"
    );
    let no_h1 = "<title>Budget vote delayed again :: Example Gazette</title><p>Text.</p>";
    assert_eq!(parse(no_h1).title, "Budget vote delayed again");
    // The headline is not repeated at the top of the body.
    assert_eq!(parse(&page("")).body, [Block::Paragraph("Text.".into())]);
}

#[test]
fn json_ld_graph_with_author_list() {
    let page = r#"<html><head><script type="application/ld+json">
        {"@context": "https://schema.org", "@graph": [
          {"@type": "WebSite", "name": "Graph Site"},
          {"@type": ["BlogPosting"], "headline": "Graph headline",
           "author": [{"@type": "Person", "name": "Ann"}, "Bob"],
           "datePublished": "2020-02-29", "publisher": {"name": "Graph Press"},
           "keywords": "one, two"}
        ]}</script></head><body><p>Body text here.</p></body></html>"#;
    let d = parse(page);
    assert_eq!(d.title, "Graph headline");
    assert_eq!(d.author.as_deref(), Some("Ann, Bob"));
    assert_eq!(d.date, date(2020, 2, 29));
    assert_eq!(d.site.as_deref(), Some("Graph Press"));
    assert_eq!(d.tags, ["one", "two"]);
    let broken = r#"<script type="application/ld+json">{"headline": </script><p>Still fine.</p>"#;
    assert_eq!(paragraphs(&parse(broken)), ["Still fine."]);
}

#[test]
fn hidden_and_junk_markup_is_dropped_inside_the_article() {
    let page = r#"<article><h1>T</h1>
        <p>Visible paragraph with enough words to count as text, more or less.</p>
        <p hidden>Hidden attribute.</p><p style="display: none">Hidden style.</p>
        <div aria-hidden="true">Hidden from readers.</div><span class="sr-only">Screen reader.</span>
        <div class="newsletter-signup"><p>Subscribe to our newsletter.</p></div>
        <div class="ad-container">Advertisement</div>
        <p>Last visible paragraph, after the boxes.</p></article>"#;
    let d = parse(page);
    assert_eq!(
        paragraphs(&d),
        [
            "Visible paragraph with enough words to count as text, more or less.",
            "Last visible paragraph, after the boxes.",
        ]
    );
}

#[test]
fn fragment_converts_without_scripts() {
    let html = r#"<p>One <a href="https://x.test/a">link</a></p><ul><li>a</li></ul><script>alert(1)</script>"#;
    let (blocks, links) = fragment_to_blocks(html);
    assert_eq!(
        blocks,
        [
            Block::Paragraph("One link".into()),
            Block::List {
                ordered: false,
                items: vec!["a".into()]
            },
        ]
    );
    assert_eq!(links, [link("link", "https://x.test/a")]);
}

#[test]
fn fragment_block_kinds() {
    let html = "<h2>Head</h2>Loose text<br>same para<br><br>next para\
                <blockquote>q1<p>q2</p></blockquote><hr><pre>  a\n    b\n</pre>\
                <table><tr><th>Name</th><td>Price</td></tr><tr><td>Tea</td><td>£2</td></tr></table>\
                <ol><li>x<ol><li>y</li></ol></li><li>z</li></ol>\
                <figure><img src=a.png><figcaption>A caption</figcaption></figure>\
                <p><a href=rel/x>kept relative</a> <a href='#top'>anchor</a> <a href=''>x</a></p>";
    let (blocks, links) = fragment_to_blocks(html);
    assert_eq!(
        blocks,
        [
            Block::Heading {
                level: 2,
                text: "Head".into()
            },
            Block::Paragraph("Loose text same para".into()),
            Block::Paragraph("next para".into()),
            Block::Quote("q1".into()),
            Block::Quote("q2".into()),
            Block::Rule,
            Block::Code("  a\n    b".into()),
            Block::Paragraph("Name | Price".into()),
            Block::Paragraph("Tea | £2".into()),
            Block::List {
                ordered: true,
                items: vec!["x".into(), "y".into(), "z".into()]
            },
            Block::Paragraph("A caption".into()),
            Block::Paragraph("kept relative anchor x".into()),
        ]
    );
    assert_eq!(links, [link("kept relative", "rel/x")]);
}

#[test]
fn blocks_inside_list_items_keep_their_place() {
    let (blocks, _) =
        fragment_to_blocks("<ol><li>Run<pre>cargo test</pre></li><li>Read the output</li></ol>");
    assert_eq!(
        blocks,
        [
            Block::List {
                ordered: true,
                items: vec!["Run".into()]
            },
            Block::Code("cargo test".into()),
            Block::List {
                ordered: true,
                items: vec!["Read the output".into()]
            },
        ]
    );
}

#[test]
fn fragment_keeps_styles_and_comments_out() {
    let (blocks, _) = fragment_to_blocks(
        "<style>p { color: red }</style><!-- note --><p>Visible</p><template><p>no</p></template>",
    );
    assert_eq!(blocks, [Block::Paragraph("Visible".into())]);
}

#[test]
fn recognises_html_by_content() {
    for page in PAGES {
        assert!(looks_like_html(page));
    }
    for text in [
        "<p>One</p><p>Two</p><ul><li>three</li></ul>",
        "\u{feff}  <!-- saved from url=(0014)about:internet -->\n<html><body>x</body></html>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">",
        "<HEAD><TITLE>Old</TITLE></HEAD>",
        "<div class=\"post\">\n<h2>Title</h2>\n<p>Body</p>\n</div>",
    ] {
        assert!(looks_like_html(text), "{text}");
    }
}

#[test]
fn prose_and_markdown_are_not_html() {
    for text in [
        "",
        "I <3 Rust, and x < y > z holds.\nSee you <soon>.",
        "# Notes\n\nSome *markdown* with <br> and <kbd>Ctrl</kbd>.\n\n- a list\n- <b>bold</b>\n\n<p align=\"center\">x</p>\n",
        "---\ntitle: Front matter\n---\n<div>\n<p>a</p>\n<p>b</p>\n<p>c</p>\n</div>\n",
        "Dear all,\n\nthe <html> element is the root of a page.\n",
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>T</title><link>https://x.test/</link>\
         <item><title>A</title><description>&lt;p&gt;x&lt;/p&gt;</description></item>\
         <item><title>B</title><link>https://x.test/b</link></item></channel></rss>",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><entry><title>A</title>\
         <content type=\"html\"><p>a</p><p>b</p></content></entry></feed>",
        "<!DOCTYPE rss><rss><channel><title>x</title><link>y</link><p>a</p><p>b</p></channel></rss>",
    ] {
        assert!(!looks_like_html(text), "{text}");
    }
}

#[test]
fn declared_charsets() {
    let cases: [(&[u8], Option<&str>); 8] = [
        (
            b"<html><head><meta charset=\"windows-1252\"></head>",
            Some("windows-1252"),
        ),
        (
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">",
            Some("Shift_JIS"),
        ),
        (
            b"<META CONTENT='text/html;charset=iso-8859-1' HTTP-EQUIV='content-type'>",
            Some("iso-8859-1"),
        ),
        (b"<meta charset=utf-8>", Some("utf-8")),
        (
            b"<!-- <meta charset=\"koi8-r\"> --><meta charset=\"utf-8\">",
            Some("utf-8"),
        ),
        (
            b"<meta name=\"viewport\" content=\"width=device-width\">",
            None,
        ),
        (
            b"<meta http-equiv=\"refresh\" content=\"5; charset=x\">",
            None,
        ),
        (b"", None),
    ];
    for (head, want) in cases {
        assert_eq!(
            declared_charset(head).as_deref(),
            want,
            "{}",
            String::from_utf8_lossy(head)
        );
    }
    let late = [b" ".repeat(1024), b"<meta charset=\"utf-8\">".to_vec()].concat();
    assert_eq!(declared_charset(&late), None);
    let binary = [&[0xff, 0xfe, 0x00][..], b"<meta charset=\"gbk\">"].concat();
    assert_eq!(declared_charset(&binary).as_deref(), Some("gbk"));
}

#[test]
fn empty_and_text_only_input() {
    let d = parse("");
    assert_eq!(d.title, "");
    assert!(d.body.is_empty());
    let d = parse("just some words");
    assert_eq!(paragraphs(&d), ["just some words"]);
    assert_eq!(fragment_to_blocks(""), (Vec::new(), Vec::new()));
}

#[test]
fn truncated_pages_do_not_panic() {
    for page in PAGES {
        let mut cut = 0;
        while cut < page.len() {
            if page.is_char_boundary(cut) {
                let d = parse(&page[..cut]);
                let _ = fragment_to_blocks(&page[..cut]);
                assert!(d.body.iter().all(|b| !b.plain_text().contains("<script")));
            }
            cut += 211;
        }
    }
    // Cut mid-tag, mid-attribute, mid-entity and mid-comment.
    for page in [
        "<html><head><title>T</title></head><body><p>Text</p><div cla",
        "<p>a <a href=\"https://x.test/",
        "<p>caf&eacu",
        "<p>x</p><!-- never closed <p>y</p>",
        "<script>var s = '<p>not text</p>';",
    ] {
        let _ = parse(page);
        let _ = fragment_to_blocks(page);
    }
    assert_eq!(
        fragment_to_blocks("<script>var s = '<p>not text</p>';").0,
        Vec::<Block>::new()
    );
}

#[test]
fn deeply_nested_divs_are_safe() {
    let depth = 1_000_000; // 5 MB of "<div>"
    let mut page = "<div>".repeat(depth);
    page.push_str("deep text");
    let d = parse(&page);
    let (blocks, _) = fragment_to_blocks(&page);
    assert_eq!(paragraphs(&d), ["deep text"]);
    assert_eq!(blocks, [Block::Paragraph("deep text".into())]);

    // Deep and wide: paragraphs under the flattened nesting (html5ever still looks
    // through the open elements for each `<p>`, so this is slower per byte).
    let mixed = "<div><span><b>x</b> <p>para</p>".repeat(20_000);
    let d = parse(&mixed);
    assert!(paragraphs(&d).len() > 10_000);
}

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
}

#[test]
fn random_bytes_do_not_panic() {
    const PIECES: [&[u8]; 16] = [
        b"<",
        b">",
        b"</",
        b"/>",
        b"<div>",
        b"<p>",
        b"<a href=\"",
        b"<table><tr><td>",
        b"<pre>",
        b"<li>",
        b"&amp;",
        b"&#",
        b"\"",
        b"<script>",
        b"<br>",
        b"<h1>",
    ];
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for _ in 0..300 {
        let len = rng.below(3000);
        let mut bytes = Vec::with_capacity(len);
        while bytes.len() < len {
            if rng.below(3) == 0 {
                bytes.extend_from_slice(PIECES[rng.below(PIECES.len() as u64)]);
            } else {
                bytes.push(rng.next() as u8);
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse(&text);
        let _ = fragment_to_blocks(&text);
        let _ = looks_like_html(&text);
        let _ = declared_charset(&bytes);
    }
}

#[test]
fn binary_garbage_does_not_panic() {
    let mut rng = XorShift(42);
    let bytes: Vec<u8> = (0..200_000).map(|_| rng.next() as u8).collect();
    let text = String::from_utf8_lossy(&bytes);
    let _ = parse(&text);
    let _ = fragment_to_blocks(&text);
    assert!(!looks_like_html(&text));
}

#[test]
fn bylines_in_the_markup_are_trusted_in_order_and_quotations_skipped() {
    let page = |inner: &str| {
        format!(
            "<html><head><title>Harbour</title></head><body><article>\
             <h1>The harbour reopens</h1>{inner}\
             <p>The harbour reopened on Monday after a winter of repairs to the \
             quay, and the first ferry left at seven with a full deck.</p>\
             <p>Repairs cost less than the council had feared, the harbour master \
             said, and the fish market moves back next week.</p>\
             </article></body></html>"
        )
    };
    let by_class = "<p class=\"byline\">By Ann Byline</p>";
    let author_class = "<span class=\"author-name\">Carl Class</span>";
    let itemprop = "<span itemprop=\"author\"><span itemprop=\"name\">Ida Prop</span></span>";
    let quoted = "<blockquote><a rel=\"author\" href=\"/q\">Quentin Quote</a></blockquote>";
    let rel = "<a rel=\"author\" href=\"/r\">Rita Rel</a>";
    let author_of = |inner: String| parse(&page(&inner)).author;
    // Each kind wins over those after it, wherever it stands on the page.
    let all = format!("{by_class}{author_class}{itemprop}{quoted}{rel}");
    assert_eq!(author_of(all).as_deref(), Some("Rita Rel"));
    let no_rel = format!("{by_class}{author_class}{quoted}{itemprop}");
    assert_eq!(author_of(no_rel).as_deref(), Some("Ida Prop"));
    let classes = format!("{quoted}{by_class}{author_class}");
    assert_eq!(author_of(classes).as_deref(), Some("Carl Class"));
    assert_eq!(
        author_of(by_class.to_string()).as_deref(),
        Some("Ann Byline")
    );
    // A name inside a quotation is the quoted person's.
    assert_eq!(author_of(quoted.to_string()), None);
}
