//! text/plain → blocks: paragraphs split on blank lines, `> ` quotes, `-- `
//! signatures dropped, and the simple shapes plain-text newsletters use (underlined
//! or `#` headings, `-`/`1.` lists, `-----` rules). Bare URLs become links.

use crate::article::{Block, Link};

/// A `--` without the trailing space counts as a signature separator only this close
/// to the end.
const LOOSE_SIGNATURE_LINES: usize = 10;

/// Plain text → blocks and the URLs written in it.
pub(super) fn text_to_blocks(text: &str) -> (Vec<Block>, Vec<Link>) {
    let lines: Vec<&str> = text.lines().collect();
    let lines = without_signature(&lines);
    let mut blocks = Vec::new();
    let mut rest = lines;
    while !rest.is_empty() {
        rest = next_chunk(rest, &mut blocks);
    }
    let links = blocks
        .iter()
        .flat_map(|b| urls_in(&b.plain_text()))
        .collect();
    (blocks, links)
}

/// The lines before the signature separator, if there is one.
fn without_signature<'a>(lines: &'a [&'a str]) -> &'a [&'a str] {
    if let Some(at) = lines.iter().rposition(|l| *l == "-- ") {
        return &lines[..at];
    }
    match lines.iter().rposition(|l| l.trim_end() == "--") {
        Some(at) if lines.len() - at <= LOOSE_SIGNATURE_LINES + 1 => &lines[..at],
        _ => lines,
    }
}

/// Turns the chunk at the start of `lines` (blank lines, a quote, or a text run)
/// into blocks; returns the lines after it.
fn next_chunk<'a>(lines: &'a [&'a str], blocks: &mut Vec<Block>) -> &'a [&'a str] {
    let first = lines.first().copied().unwrap_or_default();
    if first.trim().is_empty() {
        let n = lines.iter().take_while(|l| l.trim().is_empty()).count();
        return &lines[n..];
    }
    if quote_level(first) > 0 {
        let n = lines.iter().take_while(|l| quote_level(l) > 0).count();
        quote_blocks(&lines[..n], blocks);
        return &lines[n..];
    }
    let n = lines
        .iter()
        .take_while(|l| !l.trim().is_empty() && quote_level(l) == 0)
        .count();
    text_blocks(&lines[..n], blocks);
    &lines[n..]
}

/// How many `>` mark the line as quoted.
fn quote_level(line: &str) -> usize {
    line.trim_start()
        .chars()
        .take_while(|&c| c == '>' || c == ' ')
        .filter(|&c| c == '>')
        .count()
}

fn unquote(line: &str) -> &str {
    line.trim_start_matches(|c: char| c == '>' || c.is_whitespace())
}

/// Quoted lines → one `Quote` per quoted paragraph.
fn quote_blocks(lines: &[&str], blocks: &mut Vec<Block>) {
    for paragraph in lines.split(|l| unquote(l).trim().is_empty()) {
        if !paragraph.is_empty() {
            blocks.push(Block::Quote(join(paragraph.iter().map(|l| unquote(l)))));
        }
    }
}

/// A run of non-blank lines → paragraphs, headings, lists and rules.
fn text_blocks(lines: &[&str], blocks: &mut Vec<Block>) {
    let mut pending: Vec<&str> = Vec::new();
    for line in lines {
        match rule_char(line) {
            Some(c @ ('=' | '-')) if pending.len() == 1 => {
                let level = if c == '=' { 1 } else { 2 };
                let text = join(pending.drain(..));
                blocks.push(Block::Heading { level, text });
            }
            Some(_) => {
                flush(&mut pending, blocks);
                blocks.push(Block::Rule);
            }
            None => pending.push(line),
        }
    }
    flush(&mut pending, blocks);
}

/// The character of a line made of one repeated mark (`-----`, `=====`, `* * *`).
fn rule_char(line: &str) -> Option<char> {
    let mut marks = line.chars().filter(|c| !c.is_whitespace());
    let first = marks.next()?;
    // Most lines are text: they are told by their first mark, without a copy.
    if !matches!(first, '-' | '=' | '_' | '*' | '~' | '#') {
        return None;
    }
    let mut count = 1;
    for mark in marks {
        if mark != first {
            return None;
        }
        count += 1;
    }
    (count >= 3).then_some(first)
}

fn flush(pending: &mut Vec<&str>, blocks: &mut Vec<Block>) {
    if pending.is_empty() {
        return;
    }
    blocks.push(lines_to_block(pending));
    pending.clear();
}

fn lines_to_block(lines: &[&str]) -> Block {
    if let [line] = lines
        && let Some((level, text)) = hash_heading(line)
    {
        return Block::Heading { level, text };
    }
    match list_items(lines) {
        Some((ordered, items)) => Block::List { ordered, items },
        None => Block::Paragraph(join(lines.iter().copied())),
    }
}

/// `## Title` → (2, `Title`).
fn hash_heading(line: &str) -> Option<(u8, String)> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let text = line[hashes..]
        .strip_prefix(' ')?
        .trim()
        .trim_end_matches('#')
        .trim();
    let level = u8::try_from(hashes).ok().filter(|l| (1..=6).contains(l))?;
    (!text.is_empty()).then(|| (level, text.to_string()))
}

/// Lines that start list items of one kind, or continue the item before (wrapped
/// text); at least two items.
fn list_items(lines: &[&str]) -> Option<(bool, Vec<String>)> {
    let (ordered, _) = item_text(lines.first()?)?;
    let mut items: Vec<String> = Vec::new();
    for line in lines {
        match item_text(line) {
            Some((o, text)) if o == ordered => items.push(text.to_string()),
            None => {
                let last = items.last_mut()?;
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => return None,
        }
    }
    (items.len() >= 2).then_some((ordered, items))
}

/// `- text` / `* text` / `• text` → (false, `text`); `12. text` / `3) text` → (true, ..).
fn item_text(line: &str) -> Option<(bool, &str)> {
    let line = line.trim_start();
    if let Some(text) = line.strip_prefix(['-', '*', '+', '•']) {
        return text.strip_prefix(' ').map(|t| (false, t.trim()));
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let text = line[digits..].strip_prefix(['.', ')'])?.strip_prefix(' ')?;
    Some((true, text.trim()))
}

/// Lines → one line of prose, runs of whitespace folded.
fn join<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut space = false;
    for line in lines {
        crate::whitespace::push_collapsed(&mut out, line, &mut space);
        space = true;
    }
    out
}

/// The `http(s)://` URLs in a text, as links whose text is the URL.
pub(super) fn urls_in(text: &str) -> Vec<Link> {
    if !text.contains("http") {
        return Vec::new();
    }
    text.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '"'))
        .filter_map(|word| {
            let at = word.find("http://").or_else(|| word.find("https://"))?;
            let url = word[at..].trim_end_matches(['.', ',', ';', ':', '!', '?', ']', '\'']);
            (url.len() > "https://".len()).then(|| Link {
                text: url.to_string(),
                url: url.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(text: &str) -> Vec<Block> {
        text_to_blocks(text).0
    }

    fn p(s: &str) -> Block {
        Block::Paragraph(s.into())
    }

    #[test]
    fn paragraphs_quotes_and_signature() {
        let text = "Hi all,\nsecond line.\n\nOn Monday, Jo wrote:\n> quoted one\n> two\n>\n>> deeper\n\nReply.\n-- \nJo\nwww";
        assert_eq!(
            blocks(text),
            vec![
                p("Hi all, second line."),
                p("On Monday, Jo wrote:"),
                Block::Quote("quoted one two".into()),
                Block::Quote("deeper".into()),
                p("Reply."),
            ]
        );
    }

    #[test]
    fn headings_lists_and_rules() {
        let text = "Top stories\n===========\n\n- one\n- two\nmore\n\n1. a\n2) b\n\n-----\n## Next ##\n\nx\n---\ny z";
        assert_eq!(
            blocks(text),
            vec![
                Block::Heading {
                    level: 1,
                    text: "Top stories".into()
                },
                Block::List {
                    ordered: false,
                    items: vec!["one".into(), "two more".into()]
                },
                Block::List {
                    ordered: true,
                    items: vec!["a".into(), "b".into()]
                },
                Block::Rule,
                Block::Heading {
                    level: 2,
                    text: "Next".into()
                },
                Block::Heading {
                    level: 2,
                    text: "x".into()
                },
                p("y z"),
            ]
        );
    }

    #[test]
    fn a_loose_dash_dash_far_from_the_end_is_text() {
        let mut text = String::from("a\n--\n");
        text.push_str(&"line\n\n".repeat(12));
        assert_eq!(blocks(&text)[0], p("a -- line"));
        assert_eq!(blocks(&text).len(), 12);
        assert_eq!(blocks("a\n\n--\nsig").len(), 1);
    }

    #[test]
    fn urls_become_links() {
        let links = urls_in("See https://a.test/x. Or (http://b.test/y), <https://c.test>");
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            ["https://a.test/x", "http://b.test/y", "https://c.test"]
        );
    }
}
