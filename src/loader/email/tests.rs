//! The fixtures under `tests/fixtures/email/`, and robustness against broken input.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::{looks_like_email, parse};
use crate::article::{Block, Draft};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/email/",
            $name
        ))
        .as_slice()
    };
}

const NEWSLETTER: &[u8] = fixture!("newsletter.eml");
const MIXED: &[u8] = fixture!("mixed-latin1.eml");
const REPLY: &[u8] = fixture!("reply-encoded-subject.eml");
const NETNEWS: &[u8] = fixture!("netnews.txt");
const SAVED: &[u8] = fixture!("saved.mbox");
const MESSAGES: [&[u8]; 5] = [NEWSLETTER, MIXED, REPLY, NETNEWS, SAVED];

fn draft(bytes: &[u8]) -> Draft {
    match parse(bytes) {
        Ok(draft) => draft,
        Err(e) => panic!("fixture did not parse: {e}"),
    }
}

use crate::article::testing::{body_text, paragraphs};

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn all_fixtures_look_like_email() {
    for bytes in MESSAGES {
        assert!(
            looks_like_email(bytes),
            "{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn newsletter_uses_the_html_part_without_boilerplate() {
    let d = draft(NEWSLETTER);
    assert_eq!(d.title, "The £ rallies as cafés reopen");
    assert_eq!(d.tags, ["Brief"]);
    // 23:45 at -0800 is already the 5th in UTC: the sender's own date counts.
    assert_eq!(d.date, date(2025, 3, 4));
    assert_eq!(d.author.as_deref(), Some("The Morning Brief"));
    assert_eq!(d.site.as_deref(), Some("The Morning Brief"));
    assert_eq!(
        d.source.as_deref(),
        Some("https://news.example/archive/2025-03-04")
    );
    let paras = paragraphs(&d);
    assert_eq!(
        paras.first().copied(),
        Some(
            "Good morning. The pound (£) rose against the euro overnight as traders in \
             Paris and London bet on a café-led recovery."
        )
    );
    assert_eq!(
        paras.last().copied(),
        Some("That's all for today. See you tomorrow.")
    );
    // Only the HTML part has this sentence.
    assert!(body_text(&d).contains("Banque de France"));
    let text = body_text(&d).to_lowercase();
    for gone in ["unsubscribe", "receiving this", "view this email", "©"] {
        assert!(!text.contains(gone), "{gone} left in {text}");
    }
    let urls: Vec<&str> = d.links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(urls, ["https://news.example/story/pound"]);
}

#[test]
fn mixed_latin1_reads_the_text_part_and_never_the_attachment() {
    let d = draft(MIXED);
    assert_eq!(d.title, "Compte rendu de la réunion");
    assert_eq!(d.date, date(2025, 2, 14));
    assert_eq!(d.author.as_deref(), Some("Émile Durand"));
    assert_eq!(d.site.as_deref(), Some("exemple.test"));
    assert_eq!(d.source, None);
    // The HTML alternative is a picture and a greeting: too thin, so text/plain wins.
    let paras = paragraphs(&d);
    assert_eq!(paras.first().copied(), Some("Bonjour à tous,"));
    assert_eq!(paras.last().copied(), Some("Cordialement, Émile"));
    assert!(paras.iter().any(|p| p.contains("Le café de la rue Émile")));
    let text = body_text(&d);
    assert!(
        !text.contains("PDF-1.4") && !text.contains("SECRET"),
        "{text}"
    );
    assert!(!text.contains("JVBER"), "base64 of the PDF leaked: {text}");
}

#[test]
fn reply_decodes_the_subject_and_keeps_quotes_but_not_the_signature() {
    let d = draft(REPLY);
    assert_eq!(d.title, "🎉 東京の会議について");
    assert_eq!(d.date, date(2025, 2, 9));
    assert_eq!(d.author.as_deref(), Some("Jane Roe"));
    assert_eq!(d.site.as_deref(), Some("x.test"));
    assert_eq!(d.body.first(), Some(&Block::Paragraph("Hi Kenji,".into())));
    assert_eq!(
        d.body.last(),
        Some(&Block::Paragraph(
            "See you there — I'll bring the slides.".into()
        ))
    );
    let quotes: Vec<&Block> = d
        .body
        .iter()
        .filter(|b| matches!(b, Block::Quote(_)))
        .collect();
    assert_eq!(
        quotes,
        [
            &Block::Quote("Here is the plan for the meeting. We start at ten.".into()),
            &Block::Quote("Earlier: can you confirm the room?".into()),
        ]
    );
    assert!(!body_text(&d).contains("Example Corp"));
}

#[test]
fn netnews_post_without_mime() {
    let d = draft(NETNEWS);
    assert_eq!(d.title, "tidings 0.1: a terminal news reader");
    assert_eq!(d.tags, ["ANN"]);
    assert_eq!(d.date, date(2025, 1, 21));
    assert_eq!(d.author.as_deref(), Some("Kim Park"));
    assert_eq!(d.site.as_deref(), Some("comp.lang.rust"));
    assert_eq!(
        d.source.as_deref(),
        Some("news:announce-0001@uni.example.edu")
    );
    let paras = paragraphs(&d);
    assert_eq!(
        paras.first().copied(),
        Some(
            "I am happy to announce the first release of tidings, a reader for folders of saved articles."
        )
    );
    assert_eq!(
        paras.last().copied(),
        Some("Feedback is welcome here or by mail.")
    );
}

#[test]
fn saved_message_with_mbox_line() {
    let d = draft(SAVED);
    assert_eq!(d.title, "Garden notes");
    assert_eq!(d.date, date(2025, 3, 6));
    assert_eq!(d.author.as_deref(), Some("Alex Doe"));
    assert_eq!(d.site.as_deref(), Some("mail.example"));
    let first = "The tomatoes are in and the beans went along the south fence.";
    assert_eq!(d.body.first(), Some(&Block::Paragraph(first.into())));
    // `>From ` is mbox quoting, not a quote.
    assert_eq!(
        d.body.get(1),
        Some(&Block::Paragraph(
            "From the allotment committee: water before nine in the morning.".into()
        ))
    );
    let last = "Next weekend we plant the onions.";
    assert_eq!(d.body.last(), Some(&Block::Paragraph(last.into())));
}

#[test]
fn the_envelope_date_fills_in_for_a_missing_date_header() {
    let d = draft(b"From a@b.test Sat Jan  4 10:00:00 2025\nFrom: a@b.test\nSubject: x\n\nHi.\n");
    assert_eq!(d.date, date(2025, 1, 4));
    assert_eq!(d.author.as_deref(), Some("a@b.test"));
}

#[test]
fn other_files_do_not_look_like_email() {
    let others: [&[u8]; 4] = [
        fixture!("not-email-editor.txt"),
        fixture!("not-email-front-matter.md"),
        fixture!("not-email-page.html"),
        fixture!("not-email-colon.txt"),
    ];
    for bytes in others {
        assert!(
            !looks_like_email(bytes),
            "{}",
            String::from_utf8_lossy(bytes)
        );
    }
    // `parse` is laxer (a `.eml` may carry a single header), but not this lax.
    for bytes in &others[..3] {
        assert!(parse(bytes).is_err(), "{}", String::from_utf8_lossy(bytes));
    }
}

#[test]
fn empty_and_header_only_input() {
    assert_eq!(
        parse(b"").err().map(|e| e.to_string()).as_deref(),
        Some("not a mail message: it does not start with headers")
    );
    assert!(!looks_like_email(b""));
    let d = draft(b"From: a@b.test\nSubject: Only headers\n");
    assert_eq!(d.title, "Only headers");
    assert!(d.body.is_empty());
    let d = draft(b"Subject: Cut short");
    assert_eq!(d.title, "Cut short");
}

#[test]
fn truncated_inside_a_base64_part() {
    let part = MIXED.windows(8).position(|w| w == b"base64\n\n");
    let cut = part.map_or(MIXED.len() / 2, |at| at + 8 + 60);
    let d = draft(&MIXED[..cut]);
    assert_eq!(d.title, "Compte rendu de la réunion");
    // The 44 bytes that arrived whole, decoded as Latin-1, not left as base64.
    assert_eq!(
        paragraphs(&d),
        ["Bonjour à tous,", "Voici le compte rendu de la"]
    );
}

/// xorshift64: a fixed, dependency-free stream of pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let len = rng.below(600);
    (0..len).map(|_| rng.next() as u8).collect()
}

/// Flips, deletes, duplicates or cuts a few spans of a fixture.
fn mutate(rng: &mut Rng, original: &[u8]) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(bytes.len());
        let len = rng.below(40).min(bytes.len() - at.min(bytes.len()));
        match rng.below(5) {
            0 => bytes
                .iter_mut()
                .skip(at)
                .take(len)
                .for_each(|b| *b = rng.next() as u8),
            1 => drop(bytes.drain(at..at + len)),
            2 => {
                let span: Vec<u8> = bytes[at..at + len].to_vec();
                bytes.splice(at..at, span.repeat(1 + rng.below(20)));
            }
            3 => bytes.truncate(at),
            _ => {
                let piece: &[u8] =
                    [&b"\n--"[..], b"=?UTF-8?B?", b"=\r\n", b"\n\n", b">From "][rng.below(5)];
                bytes.splice(at..at, piece.iter().copied());
            }
        }
    }
    bytes
}

#[test]
fn random_and_mutated_input_never_panics() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let started = Instant::now();
    for i in 0..600 {
        let bytes = if i % 3 == 0 {
            random_bytes(&mut rng)
        } else {
            let original = MESSAGES[rng.below(MESSAGES.len())];
            mutate(&mut rng, original)
        };
        let one = Instant::now();
        let _ = looks_like_email(&bytes);
        let _ = parse(&bytes);
        assert!(
            one.elapsed() < Duration::from_secs(2),
            "slow on {:?}",
            String::from_utf8_lossy(&bytes)
        );
    }
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_forward_as_an_attached_message_reads_the_inner_one() {
    let outer = format!(
        "From: a@b.test\nSubject: Fwd: x\nMIME-Version: 1.0\n\
         Content-Type: multipart/mixed; boundary=b\n\n--b\n\
         Content-Type: message/rfc822\n\n{}\n--b--\n",
        String::from_utf8_lossy(REPLY)
    );
    let d = draft(outer.as_bytes());
    assert_eq!(d.title, "x");
    assert_eq!(d.body.first(), Some(&Block::Paragraph("Hi Kenji,".into())));
}

#[test]
fn a_large_message_full_of_links_is_quick() {
    let mut message = String::from("From: a@b.test\nSubject: Links\n\n");
    for i in 0..40_000 {
        message.push_str(&format!("see https://a.test/{i} and\n"));
        if i % 50 == 0 {
            message.push('\n');
        }
    }
    let started = Instant::now();
    let d = draft(message.as_bytes());
    assert_eq!(d.links.len(), 40_000);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn legacy_cjk_charsets_are_decoded() {
    let mut message =
        b"From: a@b.test\nSubject: =?ISO-2022-JP?B?GyRCRnxLXDhsJE4lSyVlITwlORsoQg==?=\n\
        MIME-Version: 1.0\nContent-Type: text/plain; charset=Shift_JIS\n\n"
            .to_vec();
    message.extend_from_slice(b"\x93\x8c\x8b\x9e\x82\xcd\x90\xb0\x82\xea\x82\xc5\x82\xb7\x81B\n");
    let d = draft(&message);
    assert_eq!(d.title, "日本語のニュース");
    assert_eq!(paragraphs(&d), ["東京は晴れです。"]);
}
