//! Tests for the plain-text parser: the seed articles, hand-written messy pages, and
//! inputs meant to break it.

use super::*;
use chrono::NaiveDate;

use super::meta_lines::byline;
use super::sentences::shorten;
use crate::article::Block;

/// Seed and sample articles. In the real crate this points at `sample-articles/`.
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../../sample-articles/", $name))
    };
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn headings(draft: &Draft) -> Vec<&str> {
    draft
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 2, text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

use crate::article::testing::{body_text, paragraphs};

#[test]
fn jpost_seed() {
    let d = parse(fixture!("jpost-blinken-russia-iran.txt"));
    assert_eq!(d.date, date(2023, 10, 31));
    assert_eq!(
        d.title,
        "Russian technological assistance to Iran can be used against Israel, US Secretary of State Antony…"
    );
    assert!(d.title.chars().count() <= 100);
    assert_eq!(d.subtitle, None);
    assert_eq!(d.author, None);
    let paras = paragraphs(&d);
    assert!(paras[0].starts_with("Russian technological assistance to Iran"));
    assert!(paras[0].ends_with("American interests."));
    assert_eq!(paras.last(), Some(&"Reuters contributed to this report"));
    assert_eq!(headings(&d), ["Tensions rise between Israel and Russia"]);
    // The photo caption glued to the end of a paragraph is trimmed off.
    let text = body_text(&d);
    assert!(!text.contains("(credit:"));
    assert!(text.contains("they are closely linked,” Blinken said.\n"));
}

#[test]
fn libertynation_seed() {
    let d = parse(fixture!("libertynation-russia-iran-tight.txt"));
    assert_eq!(d.title, "Russia and Iran Tight as Ever");
    assert_eq!(d.subtitle.as_deref(), Some("What does it mean for Israel?"));
    assert_eq!(d.author.as_deref(), Some("Dave Patterson"));
    assert_eq!(d.date, None);
    assert_eq!(
        headings(&d),
        [
            "Russia a Suspect in Supporting Hamas",
            "The Wagner Group Believed to Have Trained Hamas"
        ]
    );
    let paras = paragraphs(&d);
    assert!(paras[0].starts_with("There are many topics Iran and Russia could have talked about"));
    assert!(paras.last().is_some_and(|p| {
        p.ends_with("account for that close bond in its Middle East regional calculus.")
    }));
    let text = body_text(&d);
    for junk in [
        "web analytics",
        "Latest Posts",
        "Poland",
        "Read More From",
        "GettyImages",
        "Getty Images",
        "New Banner",
    ] {
        assert!(!text.contains(junk), "{junk} left in body");
    }
    // The widget label was glued to a paragraph; the paragraph itself is kept.
    assert!(text.contains("\nThere is a concept to invoke when trying to identify the culprit"));
}

#[test]
fn fdd_seed() {
    let d = parse(fixture!("fdd-russia-closer-ties.txt"));
    assert_eq!(
        d.title,
        "Russia Pursues Closer Ties With Iran, China, and North Korea"
    );
    assert_eq!(d.subtitle, None);
    assert_eq!(
        d.source.as_deref(),
        Some(
            "https://www.fdd.org/analysis/2023/10/22/russia-pursues-closer-ties-with-iran-china-and-north-korea/"
        )
    );
    assert_eq!(d.date, date(2023, 10, 22));
    assert_eq!(
        headings(&d),
        [
            "Latest Developments",
            "Expert Analysis",
            "Russia Warns of Escalation, Emphasizes “Common Threats”",
            "Russia and Iran Eye More Missile and Drone Deals"
        ]
    );
    assert!(
        matches!(d.body.first(), Some(Block::Heading { text, .. }) if text == "Latest Developments")
    );
    let paras = paragraphs(&d);
    assert!(
        paras
            .last()
            .is_some_and(|p| p.ends_with("threaten Israel and U.S. forces in Iraq and Syria."))
    );
    let text = body_text(&d);
    assert!(!text.contains("Content retrieved"));
    assert!(!text.contains("About The Author"));
}

#[test]
fn byline_published_line_and_related_articles() {
    let text = "Skip to content

Advertisement

City Council Approves Downtown Bike Lanes

By Jane Roe

Published October 31, 2023

The city council voted 7-2 on Tuesday to build protected bike lanes along three
downtown streets, ending a debate that had stretched across two budget cycles and
dozens of public meetings.

Supporters packed the chamber wearing yellow, and several of them spoke about
friends hurt in crashes on Main Street over the past decade.

Construction Timeline

Work on the first corridor is expected to begin in the spring, with the remaining
two finished by the end of 2025, according to the transportation department.

Advertisement

Opponents, mostly shop owners on Main Street, said losing parking would hurt sales.
\"We are not against bikes,\" said one. \"We are against empty tills.\"

The council will revisit the plan next year.

Related Articles

Council Delays Vote on Parking Fees

Residents Weigh In on Transit Plan

Share this
";
    let d = parse(text);
    assert_eq!(d.title, "City Council Approves Downtown Bike Lanes");
    assert_eq!(d.subtitle, None);
    assert_eq!(d.author.as_deref(), Some("Jane Roe"));
    assert_eq!(d.date, date(2023, 10, 31));
    assert_eq!(d.source, None);
    let paras = paragraphs(&d);
    assert_eq!(
        paras.first(),
        Some(
            &"The city council voted 7-2 on Tuesday to build protected bike lanes along three downtown streets, ending a debate that had stretched across two budget cycles and dozens of public meetings."
        )
    );
    assert_eq!(
        paras.last(),
        Some(&"The council will revisit the plan next year.")
    );
    assert_eq!(headings(&d), ["Construction Timeline"]);
    let body = body_text(&d);
    assert!(
        !body.contains("Advertisement")
            && !body.contains("Related")
            && !body.contains("Parking Fees")
    );
}

#[test]
fn title_first_without_junk() {
    let text = "Harbor Seals Return to the Estuary

Volunteers counted 214 harbor seals on the mudflats at low tide on Sunday, the highest number since the survey began in 1998.

The count, organised twice a year, relies on people with binoculars and clipboards who walk set stretches of the shore.

“Ten years ago we were lucky to see forty,” said one of the organisers.

Originally published at https://www.example.org/news/2024/05/12/seals-return-to-the-estuary
";
    let d = parse(text);
    assert_eq!(d.title, "Harbor Seals Return to the Estuary");
    assert_eq!(d.subtitle, None);
    assert_eq!(d.author, None);
    assert_eq!(
        d.source.as_deref(),
        Some("https://www.example.org/news/2024/05/12/seals-return-to-the-estuary")
    );
    assert_eq!(d.date, date(2024, 5, 12));
    assert_eq!(d.body.len(), 3);
    assert!(paragraphs(&d)[0].starts_with("Volunteers counted 214"));
    assert_eq!(
        paragraphs(&d).last(),
        Some(&"“Ten years ago we were lucky to see forty,” said one of the organisers.")
    );
}

#[test]
fn very_long_first_sentence_and_byline_at_the_end() {
    let first = "The regional transit authority, after eighteen months of hearings, two consultants' reports and a ballot measure that failed by fewer than four hundred votes, approved on Monday a plan to replace every diesel bus in its fleet with battery-electric models by the end of the decade.";
    let text = format!(
        "{first} The plan still needs money.

Board members said the first forty buses would arrive next year.

Critics questioned whether the depots could supply enough power.

Written by Sam Okoro | Tuesday, March 5, 2024
"
    );
    let d = parse(&text);
    assert!(d.title.ends_with('…'), "{}", d.title);
    assert!(d.title.chars().count() <= 100);
    assert!(
        d.title
            .starts_with("The regional transit authority, after eighteen months of hearings")
    );
    assert!(!d.title.contains("  "));
    assert_eq!(d.author.as_deref(), Some("Sam Okoro"));
    assert_eq!(d.date, date(2024, 3, 5));
    assert_eq!(d.source, None);
    assert_eq!(d.subtitle, None);
    let paras = paragraphs(&d);
    assert!(paras[0].starts_with(first));
    assert_eq!(
        paras.last(),
        Some(&"Critics questioned whether the depots could supply enough power.")
    );
}

#[test]
fn menu_dateline_subtitle_list_caption_and_comments() {
    let text = "web analytics

Home

World

Politics

Tuesday, 14 May 2024

Ferry Service Resumes After Storm Repairs

Island residents can travel to the mainland again

By Maria Lopez, Staff Writer | 3 min read

The morning ferry left the island harbour at 6:40 on Monday, its first crossing since the March storm tore away part of the loading ramp.

Photo: Maria Lopez/Island Courier

The repairs cost more than expected. The ferry company listed the main items:

• a new steel ramp and hinges
• two replacement mooring bollards
• rewiring of the ticket office

Timetables will return to the summer schedule in June, the company said in a statement.

Comments (12)

great news, finally!

About time.
";
    let d = parse(text);
    assert_eq!(d.title, "Ferry Service Resumes After Storm Repairs");
    assert_eq!(
        d.subtitle.as_deref(),
        Some("Island residents can travel to the mainland again")
    );
    assert_eq!(d.author.as_deref(), Some("Maria Lopez"));
    assert_eq!(d.date, date(2024, 5, 14));
    assert_eq!(d.source, None);
    assert!(paragraphs(&d)[0].starts_with("The morning ferry left the island harbour"));
    assert_eq!(
        paragraphs(&d).last(),
        Some(
            &"Timetables will return to the summer schedule in June, the company said in a statement."
        )
    );
    assert!(d.body.contains(&Block::List {
        ordered: false,
        items: vec![
            "a new steel ramp and hinges".into(),
            "two replacement mooring bollards".into(),
            "rewiring of the ticket office".into(),
        ],
    }));
    let body = body_text(&d);
    assert!(!body.contains("Photo:") && !body.contains("Comments") && !body.contains("About time"));
}

#[test]
fn tags_source_name_and_author_in_boilerplate() {
    let text = "Orchard Growers Try Netting Against Hail

Apple growers in the valley are testing fine nets strung over their trees after two summers of hail that shredded much of the crop.

The nets cost about as much as a new tractor per hectare, growers say, but insurance premiums have risen faster.

Early results are encouraging: trees under nets lost less than five percent of their fruit in last month's storm.

Source: Valley Farm Weekly

Tags: agriculture, weather, apples

About the Author

Priya Natarajan

Priya covers farming and rural life.
";
    let d = parse(text);
    assert_eq!(d.title, "Orchard Growers Try Netting Against Hail");
    assert_eq!(d.source.as_deref(), Some("Valley Farm Weekly"));
    assert_eq!(d.tags, ["agriculture", "weather", "apples"]);
    assert_eq!(d.author.as_deref(), Some("Priya Natarajan"));
    assert_eq!(d.date, None);
    assert!(paragraphs(&d)[0].starts_with("Apple growers in the valley"));
    assert_eq!(
        paragraphs(&d).last(),
        Some(
            &"Early results are encouraging: trees under nets lost less than five percent of their fruit in last month's storm."
        )
    );
}

#[test]
fn prose_that_looks_a_little_like_metadata_stays() {
    let text = "Title Goes Here

By Monday, the council had voted to delay the plan.

Published reports suggest the delay could last months.

By Christmas, prices rose again across the region.
";
    let d = parse(text);
    assert_eq!(d.title, "Title Goes Here");
    assert_eq!(d.author, None);
    assert_eq!(d.date, None);
    assert_eq!(paragraphs(&d).len(), 3);
}

#[test]
fn samples_written_for_the_reader() {
    let d = parse(fixture!("title-first-plain.txt"));
    assert_eq!(d.title, "Night Trains Return to the Alpine Corridor");
    assert_eq!(d.author.as_deref(), Some("Helena Brandt"));
    assert_eq!(d.date, date(2026, 2, 3));
    assert_eq!(d.source, None);
    assert!(
        d.subtitle
            .as_deref()
            .is_some_and(|s| s.starts_with("A sleeper service"))
    );
    let paras = paragraphs(&d);
    assert_eq!(paras.len(), d.body.len());
    assert!(paras[0].starts_with("The last time a night train ran"));
    assert!(
        paras
            .last()
            .is_some_and(|p| p.ends_with("the steady knock of the wheels on the rails."))
    );
}

#[test]
fn weird_inputs_do_not_panic() {
    let huge_line = "word ".repeat(1_000_000);
    let huge_dots = "A. ".repeat(1_000_000);
    let many_blocks = "x\n\n".repeat(200_000);
    let many_junk = "Advertisement\n\n".repeat(100_000);
    let unbroken = "é".repeat(2_000_000);
    let inputs: Vec<&str> = vec![
        "",
        " ",
        "\n\n\n",
        "   \n  \n",
        "web analytics\n\nAdvertisement\n\nSkip to content\n",
        "Latest Posts",
        "By",
        "date",
        "date 2023-10-31",
        "(credit: x)",
        "- ",
        "1. ",
        "…",
        "“",
        "日本語のテキスト",
        "🎉🎉🎉\n\n🎉",
        &huge_line,
        &huge_dots,
        &many_blocks,
        &many_junk,
        &unbroken,
    ];
    for input in inputs {
        let start = std::time::Instant::now();
        let d = parse(input);
        assert!(d.title.chars().count() <= 150);
        assert!(
            start.elapsed().as_secs() < 20,
            "slow on input of {} bytes",
            input.len()
        );
    }
    assert_eq!(parse(""), Draft::default());
    assert!(
        parse("web analytics\n\nAdvertisement\n\nSkip to content\n")
            .body
            .is_empty()
    );
}

#[test]
fn shorten_cuts_at_words() {
    assert_eq!(shorten("short", 100), "short");
    assert_eq!(shorten("one two three four", 10), "one two…");
    assert_eq!(shorten("abcdefghijkl", 5), "abcd…");
    assert_eq!(shorten("one, two three", 6), "one…");
}

#[test]
fn sentence_ends_skip_abbreviations() {
    let text = "The U.S. Senate met on Oct. 7 with Dr. Who. Then it rained. “Yes,” he said.";
    let ends: Vec<usize> = sentence_ends(text).collect();
    assert_eq!(
        &text[..ends[0]],
        "The U.S. Senate met on Oct. 7 with Dr. Who."
    );
    assert_eq!(ends.len(), 2);
}

#[test]
fn datelines_with_times_first_and_wire_datelines() {
    let text = "KYIV, Ukraine (AP) — Officials reopened the grain corridor on Monday after a week of talks. More text follows here.

Updated 2:15 PM EST, Tue October 31, 2023

The ships left at dawn, escorted by two patrol boats, and reached open water by noon.
";
    let d = parse(text);
    assert_eq!(
        d.title,
        "Officials reopened the grain corridor on Monday after a week of talks"
    );
    assert_eq!(d.date, date(2023, 10, 31));
    assert_eq!(d.body.len(), 2);
    assert!(paragraphs(&d)[0].starts_with("KYIV, Ukraine (AP) — Officials"));

    let d = parse(
        "Title Line Here\n\n10:32 AM EDT, Tuesday, October 31, 2023\n\nBody text goes here.\n",
    );
    assert_eq!(d.date, date(2023, 10, 31));
    assert_eq!(d.body, [Block::Paragraph("Body text goes here.".into())]);
}

#[test]
fn bylines_in_their_usual_shapes() {
    let cases = [
        ("By Jane Roe", Some("Jane Roe"), None),
        ("BY JANE ROE", Some("JANE ROE"), None),
        ("By Jane Roe, Associated Press", Some("Jane Roe"), None),
        (
            "By Jane Roe | October 31, 2023",
            Some("Jane Roe"),
            date(2023, 10, 31),
        ),
        (
            "By Jane Roe Published Oct. 31, 2023",
            Some("Jane Roe"),
            date(2023, 10, 31),
        ),
        ("Written by Sam O'Neil", Some("Sam O'Neil"), None),
        ("Author: Priya Natarajan", Some("Priya Natarajan"), None),
        ("More from Dave Patterson", Some("Dave Patterson"), None),
        ("By Reuters", Some("Reuters"), None),
        (
            "By Jane Roe, John Doe and Ann Lee",
            Some("Jane Roe, John Doe and Ann Lee"),
            None,
        ),
        (
            "By Jane Roe and John Doe",
            Some("Jane Roe and John Doe"),
            None,
        ),
        ("By the numbers", None, None),
        ("By Monday, the council had voted.", None, None),
        ("By Friday", None, None),
        ("By Christmas, prices rose", None, None),
        ("Byron Smith said so", None, None),
    ];
    for (line, author, when) in cases {
        let got = byline(line);
        assert_eq!(got.as_ref().map(|(a, _)| a.as_str()), author, "{line}");
        if author.is_some() {
            assert_eq!(got.and_then(|(_, d)| d), when, "{line}");
        }
    }
}

#[test]
fn tiny_documents_keep_their_text() {
    let d = parse("Titlé\n\nab\u{fffd}cd");
    assert_eq!(d.title, "Titlé");
    assert_eq!(d.body, [Block::Paragraph("ab\u{fffd}cd".into())]);
    let d = parse("Just one line");
    assert_eq!(d.title, "Just one line");
    assert_eq!(d.body, [Block::Paragraph("Just one line".into())]);
    let d = parse("Alpha\n\nBeta\n\nGamma");
    assert_eq!(d.title, "Alpha");
    assert_eq!(d.body.len(), 2);
}

#[test]
fn junk_lines_are_known_in_any_case_and_decoration() {
    use super::furniture::{JUNK_LINES, is_junk};
    for line in [
        "Advertisement",
        "------ ADVERTISEMENT ------",
        "  Story continues below advertisement  ",
        "5 min read",
        "Reading time 4 minutes",
        "•",
    ] {
        assert!(is_junk(line, false), "{line:?}");
    }
    for line in [
        "Advertisements for the new ferry line ran all week in the local papers.",
        "Ad hoc committees met twice.",
        "We accept cookies from the neighbours.",
    ] {
        assert!(!is_junk(line, false), "{line:?}");
    }
    // Before the title, short lowercase labels and cookie notices go too.
    assert!(is_junk("web analytics", true));
    assert!(is_junk("We use COOKIES to improve this site.", true));
    assert!(is_junk("Please enable JavaScript in your browser.", true));
    assert!(!is_junk("We use COOKIES to improve this site.", false));
    // The fast path skips copying ASCII lines longer than every junk line.
    assert!(JUNK_LINES.iter().all(|l| l.len() <= 40));
}

#[test]
fn credit_lines_and_stock_ids_are_known_in_any_case() {
    use super::furniture::{is_credit_line, is_stock_id};
    for line in [
        "PHOTO: Jane Roe for The Daily",
        "Caption: the ferry at dawn",
        "Workers at the port. (Photo by John Doe/Getty Images)",
        "A view of the harbour. REUTERS/Jane Roe",
        "The mayor speaks. GettyImages-1730643141",
        "Crowds gather. Image via Shutterstock",
        "Smoke rises. IMG_2041.JPG",
    ] {
        assert!(is_credit_line(line), "{line:?}");
    }
    for line in [
        "The photographer waited for the ferry.",
        "Credits were handed out to the crew on Monday.",
        "A well-known co-op opened a shop in 2024.",
    ] {
        assert!(!is_credit_line(line), "{line:?}");
    }
    assert!(is_stock_id("(shutterstock_123456789)"));
    assert!(is_stock_id("photo.JPEG"));
    assert!(!is_stock_id("co-op"));
    assert!(!is_stock_id("well-known"));
    assert!(!is_stock_id("harbour"));
}
