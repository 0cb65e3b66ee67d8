//! The feed parser on the fixtures in `tests/fixtures/feed/`: every format, files named
//! for another format, malformed and cut-short feeds, and random input.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tidings::article::{Block, Draft, Link};
use tidings::loader::feed::{FeedKind, ParsedFeed, parse, sniff};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/feed/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parsed(name: &str) -> ParsedFeed {
    parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// What one entry must come out as.
struct Want {
    title: &'static str,
    date: Option<&'static str>,
    author: Option<&'static str>,
    source: Option<&'static str>,
    site: Option<&'static str>,
    first: &'static str,
    last: &'static str,
}

fn paragraphs(draft: &Draft) -> Vec<&str> {
    draft
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.as_str()),
            _ => None,
        })
        .collect()
}

fn check(feed: &ParsedFeed, wants: &[Want]) {
    let titles: Vec<&str> = feed.drafts.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(feed.drafts.len(), wants.len(), "entries: {titles:?}");
    for (i, (draft, want)) in feed.drafts.iter().zip(wants).enumerate() {
        let date = want
            .date
            .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or_default());
        let paras = paragraphs(draft);
        assert_eq!(draft.title, want.title, "entry {i} title");
        assert_eq!(draft.date, date, "entry {i} date");
        assert_eq!(draft.author.as_deref(), want.author, "entry {i} author");
        assert_eq!(draft.source.as_deref(), want.source, "entry {i} source");
        assert_eq!(draft.site.as_deref(), want.site, "entry {i} site");
        assert_eq!(
            paras.first().copied(),
            Some(want.first),
            "entry {i} first paragraph"
        );
        assert_eq!(
            paras.last().copied(),
            Some(want.last),
            "entry {i} last paragraph"
        );
    }
}

#[test]
fn rss_091() {
    let feed = parsed("rss091.xml");
    assert_eq!(sniff(&fixture("rss091.xml")), Some(FeedKind::Rss));
    let site = Some("Harbour Gazette");
    let ferry = "The winter timetable starts on Monday. Boats leave every forty minutes.";
    check(
        &feed,
        &[
            Want {
                title: "Ferry timetable changes",
                date: None,
                author: None,
                source: Some("http://gazette.example.com/ferry"),
                site,
                first: ferry,
                last: ferry,
            },
            Want {
                title: "Lighthouse reopens & welcomes visitors",
                date: None,
                author: None,
                source: Some("http://gazette.example.com/lighthouse"),
                site,
                first: "After two years of repairs the lighthouse is open again.",
                last: "Tours run daily at noon.",
            },
        ],
    );
    assert_eq!(feed.warnings, Vec::<String>::new());
}

#[test]
fn rss_10_rdf_with_dc_date() {
    let feed = parsed("rss10.rdf");
    assert_eq!(sniff(&fixture("rss10.rdf")), Some(FeedKind::Rdf));
    let site = Some("Slashpage");
    check(
        &feed,
        &[
            Want {
                title: "Kernel 9.0 released",
                date: Some("2023-10-30"),
                author: Some("timothy"),
                source: Some("https://slashpage.example.org/story/1"),
                site,
                first: "The new kernel brings a faster scheduler.",
                last: "Upgrade at your leisure.",
            },
            Want {
                title: "Ask Slashpage: Tabs or spaces?",
                date: Some("2023-10-31"),
                author: Some("samzenpus"),
                source: Some("https://slashpage.example.org/story/2"),
                site,
                first: "An old question returns.",
                last: "Readers weigh in below.",
            },
        ],
    );
    assert_eq!(feed.drafts[0].tags, ["linux"]);
    assert_eq!(feed.warnings, Vec::<String>::new());
}

#[test]
fn rss_20_with_content_encoded_and_cdata() {
    let feed = parsed("rss20_content.xml");
    let site = Some("The Example Times");
    let fog = "Morning fog over the harbour, seen from the old pier. More pictures inside.";
    check(
        &feed,
        &[
            Want {
                title: "Council approves the new bridge",
                date: Some("2023-10-31"),
                author: Some("Ada Reporter"),
                source: Some("https://times.example.com/2023/10/bridge"),
                site,
                first: "The council voted 7 to 2 on Tuesday.",
                last: "Tolls will not be charged.",
            },
            Want {
                title: "Storm warning for the coast",
                date: Some("2023-11-01"),
                author: Some("Ben Forecaster"),
                source: Some("https://times.example.com/2023/11/storm"),
                site,
                first: "Winds of up to 100 km/h are expected.",
                last: "Stay indoors.",
            },
            Want {
                title: "Library extends its hours",
                date: Some("2023-11-02"),
                author: None,
                source: Some("https://times.example.com/2023/11/library"),
                site,
                first: "The library will open until 9 pm.",
                last: "Sundays are included.",
            },
            Want {
                title: "Morning fog over the harbour, seen from the old pier.",
                date: Some("2023-11-03"),
                author: Some("Cy Photographer"),
                source: Some("https://times.example.com/2023/11/photo"),
                site,
                first: fog,
                last: fog,
            },
        ],
    );
    let bridge = &feed.drafts[0];
    assert_eq!(bridge.tags, ["Local", "Transport"]);
    assert_eq!(
        bridge.subtitle.as_deref(),
        Some("A short teaser about the bridge.")
    );
    assert_eq!(
        bridge.links,
        [Link {
            text: "the plan".into(),
            url: "https://city.example.com/plan".into()
        }]
    );
    assert_eq!(feed.warnings, Vec::<String>::new());
}

#[test]
fn atom_with_html_and_xhtml_content_and_several_links() {
    let feed = parsed("atom.xml");
    assert_eq!(sniff(&fixture("atom.xml")), Some(FeedKind::Atom));
    let site = Some("Field Notes");
    check(
        &feed,
        &[
            Want {
                title: "Counting birds",
                date: Some("2023-10-29"),
                author: Some("Eli Birder"),
                source: Some("https://blog.example.net/2023/birds"),
                site,
                first: "Forty-two species this year.",
                last: "See you next autumn.",
            },
            Want {
                title: "Moss & lichen",
                date: Some("2023-10-30"),
                author: Some("Dana Fieldworker"),
                source: Some("https://blog.example.net/2023/moss"),
                site,
                first: "Moss grows on trees.",
                last: "Lichen is two organisms in one.",
            },
            Want {
                title: "A quiet week",
                date: Some("2023-11-02"),
                author: Some("Dana Fieldworker"),
                source: Some("https://blog.example.net/2023/quiet"),
                site,
                first: "Nothing much happened.",
                last: "Which was nice.",
            },
        ],
    );
    assert_eq!(feed.drafts[0].tags, ["Birds", "census"]);
    assert_eq!(feed.drafts[0].subtitle.as_deref(), Some("We counted."));
    assert_eq!(
        feed.drafts[1].links,
        [Link {
            text: "shade".into(),
            url: "https://en.example.org/Shade".into()
        }]
    );
    assert_eq!(feed.warnings, Vec::<String>::new());
}

#[test]
fn json_feed_11() {
    let feed = parsed("jsonfeed11.json");
    assert_eq!(sniff(&fixture("jsonfeed11.json")), Some(FeedKind::JsonFeed));
    let site = Some("Kettle Weekly");
    let review = "A review of twelve kettles, from cheap to absurd. The winner surprised us.";
    check(
        &feed,
        &[
            Want {
                title: "The perfect cup & how to brew it",
                date: Some("2023-10-28"),
                author: Some("Marge Steep"),
                source: Some("https://kettle.example.org/tea"),
                site,
                first: "Warm the pot first.",
                last: "Steep for four minutes.",
            },
            Want {
                title: "Descaling",
                date: Some("2023-10-30"),
                author: Some("Kettle Staff"),
                source: Some("https://kettle.example.org/descaling"),
                site,
                first: "Vinegar works.",
                last: "Rinse twice.",
            },
            Want {
                title: "A review of twelve kettles, from cheap to absurd.",
                date: Some("2023-11-01"),
                author: Some("Kettle Staff"),
                source: Some("https://elsewhere.example.com/kettles"),
                site,
                first: review,
                last: review,
            },
        ],
    );
    assert_eq!(feed.drafts[0].tags, ["tea", "how-to"]);
    assert_eq!(feed.warnings, Vec::<String>::new());
}

#[test]
fn atom_in_a_file_named_rss_is_read_as_atom() {
    let text = fixture("atom_feed.rss");
    assert_eq!(sniff(&text), Some(FeedKind::Atom));
    check(
        &parsed("atom_feed.rss"),
        &[Want {
            title: "Extensions lie",
            date: Some("2023-11-01"),
            author: Some("Pat Sniffer"),
            source: Some("https://misnamed.example.com/lie"),
            site: Some("Misnamed"),
            first: "This file is called .rss but holds Atom.",
            last: "Content decides.",
        }],
    );
}

#[test]
fn json_that_is_no_feed_is_rejected() {
    let text = fixture("not_a_feed.json");
    assert_eq!(sniff(&text), None);
    assert_eq!(
        parse(&text),
        Err("not a feed: json without a jsonfeed.org version or a list of items".to_string())
    );
}

#[test]
fn undeclared_entities_and_bare_ampersands() {
    let feed = parsed("undeclared_entities.xml");
    let site = Some("Café Society");
    let prices = "Prices rise by 5% & more.";
    check(
        &feed,
        &[
            Want {
                title: "Fish & Chips — a history",
                date: Some("2023-10-30"),
                author: Some("Zoë Cook"),
                source: Some("https://cafe.example.com/read?id=1&src=rss"),
                site,
                first: "Fried fish came first.",
                last: "© 2023 Café Society",
            },
            Want {
                title: "Menu & prices",
                date: Some("2023-10-31"),
                author: None,
                source: Some("https://cafe.example.com/menu"),
                site,
                first: prices,
                last: prices,
            },
        ],
    );
    assert_eq!(
        feed.warnings,
        [
            "undeclared html entities resolved (6 in all): &copy; &eacute; &euml; &mdash; &nbsp;",
            "3 bare '&' read as text"
        ]
    );
}

#[test]
fn a_blank_line_before_the_xml_declaration_is_ignored() {
    let text = fixture("blank_line_first.xml");
    assert!(text.starts_with("\n\n<?xml"));
    assert_eq!(sniff(&text), Some(FeedKind::Rss));
    let feed = parsed("blank_line_first.xml");
    let site = Some("Blank Line Daily");
    check(
        &feed,
        &[
            Want {
                title: "Whitespace matters",
                date: Some("2023-11-01"),
                author: None,
                source: Some("https://blank.example.com/1"),
                site,
                first: "A CMS printed two newlines first.",
                last: "Strict parsers refuse it.",
            },
            Want {
                title: "Second story",
                date: Some("2023-11-02"),
                author: None,
                source: Some("https://blank.example.com/2"),
                site,
                first: "Only one paragraph.",
                last: "Only one paragraph.",
            },
        ],
    );
    assert_eq!(feed.warnings, Vec::<String>::new());
    // A BOM as well changes nothing.
    let with_bom = format!("\u{feff}{text}");
    assert_eq!(parse(&with_bom), Ok(feed));
}

#[test]
fn a_truncated_feed_keeps_its_complete_items() {
    let feed = parsed("truncated.xml");
    let want = |title, date, source, text| Want {
        title,
        date: Some(date),
        author: None,
        source: Some(source),
        site: Some("Cut Short"),
        first: text,
        last: text,
    };
    check(
        &feed,
        &[
            want(
                "One",
                "2023-10-30",
                "https://cut.example.com/1",
                "First story.",
            ),
            want(
                "Two",
                "2023-10-31",
                "https://cut.example.com/2",
                "Second story.",
            ),
            want(
                "Three",
                "2023-11-01",
                "https://cut.example.com/3",
                "Third story.",
            ),
        ],
    );
    assert_eq!(
        feed.warnings,
        [
            "the file was cut short (it ends inside <description>): 3 complete entries kept, 1 partial entry dropped"
        ]
    );
}

#[test]
fn an_empty_channel_is_ok_with_a_warning() {
    let feed = parsed("empty_channel.xml");
    assert!(feed.drafts.is_empty());
    assert_eq!(feed.warnings, ["the feed has no entries"]);
}

#[test]
fn every_cut_of_a_feed_keeps_the_entries_before_it() {
    let text = fixture("rss20_content.xml");
    let item_ends: Vec<usize> = text.match_indices("</item>").map(|(i, _)| i + 7).collect();
    for cut in (0..=text.len()).filter(|&c| text.is_char_boundary(c)) {
        let complete = item_ends.iter().filter(|&&end| end <= cut).count();
        match parse(&text[..cut]) {
            Ok(feed) => assert!(feed.drafts.len() >= complete, "cut at {cut}"),
            Err(e) => assert_eq!(complete, 0, "cut at {cut}: {e}"),
        }
    }
}

#[test]
fn a_cut_json_feed_keeps_its_complete_items() {
    let text = fixture("jsonfeed11.json");
    let cut = text.find("\"Descaling\"").unwrap_or(text.len());
    let feed = parse(&text[..cut]).unwrap_or_default();
    assert_eq!(feed.drafts.len(), 1);
    assert!(feed.warnings[0].starts_with("the file was cut short"));
    assert!(feed.warnings[0].ends_with("1 complete entries kept, 1 partial entry dropped"));
}

/// xorshift64*: a fixed-seed PRNG, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "&",
    ";",
    "&amp;",
    "&nbsp;",
    "&#x",
    "\"",
    "'",
    "=",
    " ",
    "\n",
    "<item>",
    "</item>",
    "<entry>",
    "</entry>",
    "<rss>",
    "<feed>",
    "<channel>",
    "<title>",
    "</title>",
    "<link href=\"",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?xml",
    "?>",
    "<!DOCTYPE x [<!ENTITY a \"",
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"items\"",
    "\"version\"",
    "jsonfeed.org/version/1",
    "xmlns=\"http://www.w3.org/2005/Atom\"",
    "<content type=\"xhtml\">",
    "<description>",
    "<pubDate>",
    "Tue, 31 Oct 2023",
    "2023-10-31T",
    "é",
    "日本",
    "\u{feff}",
];

fn random_text(rng: &mut Rng) -> String {
    let len = rng.below(4096);
    if rng.below(2) == 0 {
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    let mut out = String::new();
    while out.len() < len {
        out.push_str(PIECES[rng.below(PIECES.len())]);
    }
    out
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(4) {
            0 => bytes.truncate(at),
            1 => {
                let end = (at + rng.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            2 => {
                let piece = PIECES[rng.below(PIECES.len())].as_bytes();
                bytes.splice(at..at, piece.iter().copied());
            }
            _ => {
                if let Some(b) = bytes.get_mut(at) {
                    *b = rng.next() as u8;
                }
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A generous bound that only a hang or a quadratic blow-up would break.
const CALL_BOUND: Duration = Duration::from_secs(5);

fn survive(text: &str) {
    let started = Instant::now();
    let kind = sniff(text);
    let result = parse(text);
    let elapsed = started.elapsed();
    assert!(elapsed < CALL_BOUND, "{elapsed:?} on {text:?}");
    if kind.is_none() {
        assert!(result.is_err());
    }
    if let Err(e) = result {
        assert!(e.starts_with(char::is_lowercase), "{e}");
        assert!(!e.contains('\n') && e.chars().count() < 200, "{e}");
    }
}

#[test]
fn random_and_mutated_input_never_panics() {
    let fixtures: Vec<String> = [
        "rss091.xml",
        "rss10.rdf",
        "rss20_content.xml",
        "atom.xml",
        "jsonfeed11.json",
        "undeclared_entities.xml",
        "truncated.xml",
    ]
    .iter()
    .map(|n| fixture(n))
    .collect();
    let mut rng = Rng(0x5eed_f00d_cafe_beef);
    for _ in 0..400 {
        survive(&random_text(&mut rng));
    }
    for _ in 0..400 {
        let base = &fixtures[rng.below(fixtures.len())];
        survive(&mutate(&mut rng, base));
    }
}

#[test]
fn pathological_input_stays_fast() {
    survive(&"<a>".repeat(50_000));
    survive(&format!(
        "<rss><channel><item><title>{}</title></item></channel></rss>",
        "&".repeat(100_000)
    ));
    survive(&format!(
        "<rss><channel><item><title>{}</title></item></channel></rss>",
        "<".repeat(100_000)
    ));
    survive(&format!(
        "<rss><channel><item><description>{}</description></item></channel></rss>",
        "&lt;x".repeat(50_000)
    ));
    survive(&format!(
        "<rss><channel><item><a t=\"{}\"/></item></channel></rss>",
        "&".repeat(100_000)
    ));
    survive(&format!(
        "{{\"version\":\"https://jsonfeed.org/version/1\",\"items\":[{}",
        "[".repeat(100_000)
    ));
}

/// A feed of `items` entries of about 4 KB each, their content HTML or plain text.
fn big_feed(items: usize, html: bool) -> String {
    let mut text = String::from(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n<channel><title>Big</title><link>https://big.example.com/</link>\n",
    );
    let para = if html {
        "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. <a href=\"https://big.example.com/x\">A link</a> &amp; more text.</p>\n"
    } else {
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. A link to https://big.example.com/x &amp; more text here.\n\n"
    };
    for i in 0..items {
        text.push_str(&format!(
            "<item><title>Story {i} &amp; more</title><link>https://big.example.com/{i}</link>\
             <pubDate>Tue, 31 Oct 2023 10:00:00 GMT</pubDate><category>news</category>\
             <description>Teaser {i}.</description><content:encoded><![CDATA[{}]]></content:encoded></item>\n",
            para.repeat(21)
        ));
    }
    text.push_str("</channel></rss>\n");
    text
}

/// Prints the time to read a 2 MB, 500-item feed (`cargo test --release --test feed
/// big_feed -- --nocapture`), with HTML content (through `fragment_to_blocks`) and with
/// plain-text content (the feed reader alone); asserts only the result, never the time.
#[test]
fn big_feed_timing() {
    for html in [true, false] {
        let text = big_feed(500, html);
        let started = Instant::now();
        let feed = parse(&text);
        let elapsed = started.elapsed();
        let count = feed.map(|f| f.drafts.len()).unwrap_or_default();
        let kind = if html { "html" } else { "plain-text" };
        eprintln!(
            "{kind} content: {} bytes, {count} entries in {elapsed:?}",
            text.len()
        );
        assert_eq!(count, 500);
        assert!(text.len() >= 2_000_000);
    }
}

/// What `parse_file` makes of a fixture: the titles of its articles.
fn file_titles(name: &str) -> Vec<String> {
    let path = format!("{}/tests/fixtures/feed/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let result = tidings::loader::parse_file(std::path::Path::new(&path), &bytes);
    assert_eq!(result.problems, Vec::new(), "{name}");
    result.articles.iter().map(|a| a.title.clone()).collect()
}

#[test]
fn an_atom_entry_document_is_one_article() {
    assert_eq!(sniff(&fixture("atom_entry.xml")), Some(FeedKind::Atom));
    check(
        &parsed("atom_entry.xml"),
        &[Want {
            title: "A lone entry & its story",
            date: Some("2024-03-05"),
            author: Some("Robin Single"),
            source: Some("https://lone.example.net/posts/lone-entry"),
            site: Some("Lone Notes"),
            first: "This file holds one Atom entry and nothing else.",
            last: "It is still an article.",
        }],
    );
    assert_eq!(file_titles("atom_entry.xml"), ["A lone entry & its story"]);
    // An `<entry>` root of some other vocabulary is no feed.
    assert_eq!(sniff("<entry><word>quay</word></entry>"), None);
}

#[test]
fn rss_written_as_json_is_a_feed() {
    assert_eq!(sniff(&fixture("rss_as_json.json")), Some(FeedKind::RssJson));
    let feed = parsed("rss_as_json.json");
    let site = Some("Harbour News");
    let untitled = "No title on this one. The first sentence stands in.";
    check(
        &feed,
        &[
            Want {
                title: "Ferry timetable changes",
                date: Some("2023-10-30"),
                author: Some("Ada Quay"),
                source: Some("https://harbour.example.com/ferry"),
                site,
                first: "The winter timetable starts on Monday.",
                last: "Boats leave every forty minutes.",
            },
            Want {
                title: "Lighthouse reopens & welcomes visitors",
                date: Some("2023-10-31"),
                author: Some("Ben Lamp"),
                source: Some("https://harbour.example.com/lighthouse"),
                site,
                first: "After two years of repairs the lighthouse is open again.",
                last: "Tours run daily at noon.",
            },
            Want {
                title: "No title on this one.",
                date: Some("2023-11-01"),
                author: None,
                source: Some("https://harbour.example.com/untitled"),
                site,
                first: untitled,
                last: untitled,
            },
        ],
    );
    assert_eq!(feed.drafts[0].tags, ["ferries", "winter"]);
    assert_eq!(feed.warnings, Vec::<String>::new());
    assert_eq!(file_titles("rss_as_json.json").len(), 3);
}

#[test]
fn rss_as_json_in_the_xml2js_shape_with_one_item() {
    check(
        &parsed("rss_as_json_xml2js.json"),
        &[Want {
            title: "Tide tables updated",
            date: Some("2023-11-02"),
            author: None,
            source: Some("https://quay.example.org/tides"),
            site: Some("Quay Log"),
            first: "High water at 06:12 and 18:40.",
            last: "Low water in between.",
        }],
    );
}

#[test]
fn json_feed_items_without_titles_take_one_from_their_text() {
    assert_eq!(
        sniff(&fixture("jsonfeed_untitled.json")),
        Some(FeedKind::JsonFeed)
    );
    let swallow = "Just saw the first swallow of the year. Spring is here!";
    let note = "A note with no full stop that runs on and on about the weather and the garden and the neighbours cat until it ends";
    check(
        &parsed("jsonfeed_untitled.json"),
        &[
            Want {
                title: "Just saw the first swallow of the year.",
                date: Some("2024-04-02"),
                author: None,
                source: Some("https://micro.example.social/101"),
                site: None,
                first: swallow,
                last: "More soon.",
            },
            Want {
                title: "A note with no full stop that runs on and on about the weather and the garden and the neighbours…",
                date: Some("2024-04-03"),
                author: None,
                source: None,
                site: None,
                first: note,
                last: note,
            },
            Want {
                title: "Only a summary here.",
                date: Some("2024-04-04"),
                author: None,
                source: None,
                site: None,
                first: "Only a summary here. Nothing else.",
                last: "Only a summary here. Nothing else.",
            },
        ],
    );
    assert_eq!(file_titles("jsonfeed_untitled.json").len(), 3);
}
