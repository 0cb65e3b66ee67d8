//! The reader's text as one string, for highlights: the body lines of a laid-out
//! article joined (a space between the lines of a paragraph, nothing where a word
//! was broken, a blank line between blocks), the link numbers the reader writes in
//! (`[3]`) left out, with the way back from each byte of it to a line and a byte of
//! that line. A highlight's anchor is found in this text and drawn on the lines; a
//! selection is made in it and anchored in the article's own text.

use std::ops::Range;

use super::wrap::{LineKind, TextLine};

/// The joined text and where each piece of it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Passage {
    pub text: String,
    /// Runs of `text` copied from one line: (range in `text`, line, start in line).
    runs: Vec<(Range<usize>, usize, usize)>,
    /// Where each block ends in `text`.
    block_ends: Vec<usize>,
}

/// Whether a line of this kind is the article's own text.
fn is_text(kind: LineKind) -> bool {
    matches!(
        kind,
        LineKind::Body
            | LineKind::Quote
            | LineKind::ListItem
            | LineKind::Heading(_)
            | LineKind::Code
    )
}

/// The length of a link number (`[12]`) at the start of `text`, if one is there.
fn link_number(text: &str) -> Option<usize> {
    let rest = text.strip_prefix('[')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=4).contains(&digits).then_some(())?;
    rest[digits..].starts_with(']').then_some(digits + 2)
}

impl Passage {
    pub fn of(lines: &[TextLine]) -> Passage {
        let mut passage = Passage::default();
        let mut after_blank = false;
        let mut joined_word = false;
        for (index, line) in lines.iter().enumerate() {
            if !is_text(line.kind) {
                after_blank |= !passage.text.is_empty();
                continue;
            }
            if !passage.text.is_empty() {
                if after_blank {
                    passage.block_ends.push(passage.text.len());
                    passage.text.push_str("\n\n");
                } else if !joined_word {
                    passage.text.push(' ');
                }
            }
            after_blank = false;
            joined_word = line.continues;
            let text = &line.text;
            let mut at = 0;
            let mut run_start = 0;
            while at < text.len() {
                if let Some(len) = link_number(&text[at..]) {
                    passage.push_run(index, text, run_start..at);
                    at += len;
                    run_start = at;
                    continue;
                }
                at += text[at..].chars().next().map_or(1, char::len_utf8);
            }
            passage.push_run(index, text, run_start..text.len());
        }
        passage.block_ends.push(passage.text.len());
        passage
    }

    fn push_run(&mut self, line: usize, text: &str, bytes: Range<usize>) {
        if bytes.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(&text[bytes.clone()]);
        self.runs.push((start..self.text.len(), line, bytes.start));
    }

    /// The pieces of lines `range` covers: (line, start, end) in each line's text.
    pub fn on_lines(&self, range: Range<usize>) -> Vec<(usize, usize, usize)> {
        let mut out: Vec<(usize, usize, usize)> = Vec::new();
        for (run, line, in_line) in &self.runs {
            let start = run.start.max(range.start);
            let end = run.end.min(range.end);
            if start >= end {
                continue;
            }
            let (s, e) = (in_line + start - run.start, in_line + end - run.start);
            match out.last_mut() {
                Some(last) if last.0 == *line && last.2 == s => last.2 = e,
                _ => out.push((*line, s, e)),
            }
        }
        out
    }

    /// Where byte `byte` of line `line` is in the text, if it is text that was kept.
    pub fn offset_at(&self, line: usize, byte: usize) -> Option<usize> {
        self.runs.iter().find_map(|(run, l, in_line)| {
            let inside = *l == line && byte >= *in_line && byte < in_line + run.len();
            inside.then(|| run.start + byte - in_line)
        })
    }

    /// The line a byte of the text came from (the next one, between lines).
    pub fn line_at(&self, offset: usize) -> Option<usize> {
        self.runs
            .iter()
            .find(|(run, _, _)| run.end > offset)
            .map(|(_, line, _)| *line)
    }

    /// Where the text of line `line` (or the first text line after it) starts.
    pub fn start_of_line(&self, line: usize) -> Option<usize> {
        self.runs
            .iter()
            .find(|(_, l, _)| *l >= line)
            .map(|(run, _, _)| run.start)
    }

    /// Where the text of line `line` ends (or of the last text line before it).
    pub fn end_of_line(&self, line: usize) -> Option<usize> {
        self.runs
            .iter()
            .rev()
            .find(|(_, l, _)| *l <= line)
            .map(|(run, _, _)| run.end)
    }

    /// The end of the sentence that holds `offset` (after its closing mark), or of
    /// its block.
    pub fn sentence_end(&self, offset: usize) -> usize {
        let block_end = self.block_end(offset);
        let text = &self.text[..block_end];
        let mut chars = text[offset.min(block_end)..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let at = offset + i + c.len_utf8();
            let closes = matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？');
            if closes && chars.peek().is_none_or(|(_, next)| next.is_whitespace()) {
                return at;
            }
        }
        block_end
    }

    /// The start of the sentence after the one that ends at or before `offset`.
    pub fn sentence_start(&self, offset: usize) -> usize {
        let start = self.block_start(offset);
        let mut best = start;
        let mut at = start;
        while at < offset {
            let end = self.sentence_end(at);
            if end >= offset {
                break;
            }
            best = self.text[end..]
                .find(|c: char| !c.is_whitespace())
                .map_or(end, |skip| end + skip);
            at = best.max(at + 1);
        }
        best
    }

    /// The end of the block holding `offset`.
    pub fn block_end(&self, offset: usize) -> usize {
        self.block_ends
            .iter()
            .copied()
            .find(|&end| end >= offset)
            .unwrap_or(self.text.len())
    }

    /// The start of the block holding `offset`.
    pub fn block_start(&self, offset: usize) -> usize {
        self.block_ends
            .iter()
            .copied()
            .rev()
            .find(|&end| end < offset)
            .map_or(0, |end| (end + 2).min(self.text.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(kind: LineKind, text: &str) -> TextLine {
        TextLine {
            kind,
            prefix: String::new(),
            text: text.into(),
            continues: false,
        }
    }

    fn lines() -> Vec<TextLine> {
        vec![
            line(LineKind::Title, "A title"),
            line(LineKind::Meta, "By someone"),
            line(LineKind::Rule, "────"),
            line(LineKind::Blank, ""),
            line(LineKind::Body, "The talks[1] resumed. They"),
            line(LineKind::Body, "went on all day!"),
            line(LineKind::Blank, ""),
            line(LineKind::Heading(2), "Zürich"),
            line(LineKind::Blank, ""),
            TextLine {
                continues: true,
                ..line(LineKind::Body, "A long-")
            },
            line(LineKind::Body, "word here."),
        ]
    }

    #[test]
    fn the_body_is_joined_without_link_numbers_and_maps_back_to_lines() {
        let p = Passage::of(&lines());
        assert_eq!(
            p.text,
            "The talks resumed. They went on all day!\n\nZürich\n\nA long-word here."
        );
        let talks = p.text.find("talks resumed").unwrap();
        // Across the link number: two pieces of line 4, around "[1]".
        assert_eq!(
            p.on_lines(talks..talks + "talks resumed".len()),
            [(4, 4, 9), (4, 12, 20)]
        );
        let they = p.text.find("They went").unwrap();
        assert_eq!(p.on_lines(they..they + 9), [(4, 22, 26), (5, 0, 4)]);
        assert_eq!(p.line_at(p.text.find("Zürich").unwrap()), Some(7));
        assert_eq!(p.start_of_line(3), Some(0), "the first text line after");
        assert_eq!(p.end_of_line(5), Some(p.text.find("!").unwrap() + 1));
    }

    #[test]
    fn sentences_and_blocks() {
        let p = Passage::of(&lines());
        let first_end = p.text.find("resumed.").unwrap() + "resumed.".len();
        assert_eq!(p.sentence_end(0), first_end);
        let second_end = p.text.find('!').unwrap() + 1;
        assert_eq!(p.sentence_end(first_end + 1), second_end);
        assert_eq!(p.sentence_start(second_end), p.text.find("They").unwrap());
        let heading = p.text.find("Zürich").unwrap();
        assert_eq!(
            p.sentence_end(heading),
            heading + "Zürich".len(),
            "a block ends it"
        );
        assert_eq!(p.block_start(heading + 2), heading);
        assert_eq!(p.block_end(0), second_end);
    }
}
