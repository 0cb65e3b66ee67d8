//! The size of a node's text (characters and commas) as the collapsed text would
//! have it, measured without building the text: scoring needs only these.

use super::dom::{NodeR, TextSink, push_text};
#[cfg(test)]
use super::dom::{inline_text, push_inline_text, text_of};

/// The size of the text a [`Collapser`](super::dom::Collapser) would build from the
/// same calls, without building it: scoring needs only the length and the commas of
/// every paragraph.
#[derive(Default)]
pub(super) struct TextSize {
    /// Characters, as `chars().count()` of the collapsed text.
    pub(super) chars: usize,
    /// Commas of any script (`,`, `，`, `、`).
    pub(super) commas: usize,
    /// Something but whitespace was pushed (the text would not be empty).
    nonempty: bool,
    /// A pending space, as the [`Collapser`](super::dom::Collapser)'s.
    space: bool,
}

impl TextSize {
    pub(super) fn is_empty(&self) -> bool {
        !self.nonempty
    }
}

impl TextSink for TextSize {
    /// What `whitespace::push_collapsed` appends: the words of `s` with one space
    /// between them, and one before the first when the text is not empty and
    /// whitespace (here or pushed before) comes first.
    fn push(&mut self, s: &str) {
        let m = measure(s);
        if m.words == 0 {
            self.space |= !s.is_empty();
            return;
        }
        let before = usize::from(self.nonempty && (self.space || m.leading_space));
        self.chars += m.non_whitespace + before + (m.words - 1);
        self.commas += m.commas;
        self.nonempty = true;
        self.space = m.trailing_space;
    }

    fn space(&mut self) {
        self.space = true;
    }
}

/// What [`TextSize`] needs to know of a text: whitespace is `char::is_whitespace`'s,
/// as for `split_whitespace` and the collapsing.
struct Measure {
    non_whitespace: usize,
    words: usize,
    commas: usize,
    leading_space: bool,
    trailing_space: bool,
}

fn measure(s: &str) -> Measure {
    let is_space = |c: char| c.is_whitespace();
    let leading_space = s.chars().next().is_some_and(is_space);
    let trailing_space = s.chars().next_back().is_some_and(is_space);
    let (non_whitespace, words, commas) = if s.is_ascii() {
        measure_ascii(s.as_bytes())
    } else {
        let (mut non_whitespace, mut words, mut after_space) = (0, 0, true);
        for c in s.chars() {
            let space = is_space(c);
            non_whitespace += usize::from(!space);
            words += usize::from(!space && after_space);
            after_space = space;
        }
        (non_whitespace, words, commas(s))
    };
    Measure {
        non_whitespace,
        words,
        commas,
        leading_space,
        trailing_space,
    }
}

/// Non-whitespace bytes, words and commas of ASCII text: each byte is looked at
/// with the one before it (a word starts at a byte that is no space after one that
/// is), a fixed-size window at a time with byte-wide counters, which the compiler
/// vectorises. The last window is padded with spaces, which count for nothing.
fn measure_ascii(bytes: &[u8]) -> (usize, usize, usize) {
    const CHUNK: usize = 64;
    let space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let (mut non_whitespace, mut words, mut commas) = (0, 0, 0);
    // The byte before the chunk, then the chunk: the text's start counts as a space.
    let mut window = [b' '; CHUNK + 1];
    for chunk in bytes.chunks(CHUNK) {
        window[1..=chunk.len()].copy_from_slice(chunk);
        window[chunk.len() + 1..].fill(b' ');
        let (n, w, c) = window[..CHUNK].iter().zip(&window[1..]).fold(
            (0u8, 0u8, 0u8),
            |(n, w, c), (&prev, &b)| {
                let word = !space(b);
                (
                    n + u8::from(word),
                    w + u8::from(word & space(prev)),
                    c + u8::from(b == b','),
                )
            },
        );
        non_whitespace += usize::from(n);
        words += usize::from(w);
        commas += usize::from(c);
        window[0] = window[chunk.len()];
    }
    (non_whitespace, words, commas)
}

/// The commas in `text`, of any script (`,`, `，`, `、`): ASCII ones by a byte
/// count, the others only looked for in text that has non-ASCII characters.
pub(super) fn commas(text: &str) -> usize {
    let ascii = crate::whitespace::count_byte(text.as_bytes(), b',');
    if text.is_ascii() {
        ascii
    } else {
        ascii + text.matches(['，', '、']).count()
    }
}

/// [`text_of`]'s size, without building the text.
pub(super) fn text_size(node: NodeR) -> TextSize {
    let mut out = TextSize::default();
    push_text(&mut out, node, false);
    out
}

/// [`inline_text`]'s size, without building the text.
#[cfg(test)]
fn inline_text_size(run: &[NodeR]) -> TextSize {
    let mut out = TextSize::default();
    for node in run {
        push_inline_text(&mut out, *node);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_sizes_are_those_of_the_texts() {
        let pages = [
            "",
            "<p>  a \n b<br>c</p><ul><li>d</li><li>e</li></ul><script>x</script>",
            "<p>a,b</p> <div> x\u{a0}y <b> z, </b></div>\u{3000}w\u{2003}",
            "<div>一，二、三, four <span>\u{a0}</span>é,ü,</div>",
            "<p> </p><p></p>\u{2028}<br><br>end",
            "<i>in</i>line<div>block<p>p</p>tail</div> more <b> </b>",
            "<p>\t\r\u{b}\u{c}x \u{85}y\u{1680}z\u{200a}\u{202f}\u{205f}.\u{1c}\u{200b}</p>",
        ];
        for html in pages {
            let doc = scraper::Html::parse_fragment(html);
            for node in doc.tree.root().descendants() {
                let (text, size) = (text_of(node), text_size(node));
                assert_eq!(size.chars, text.chars().count(), "{html:?}");
                let slow = text.matches([',', '，', '、']).count();
                assert_eq!(size.commas, slow, "{html:?}");
                let run: Vec<NodeR> = node.children().collect();
                let (text, size) = (inline_text(&run), inline_text_size(&run));
                assert_eq!(size.chars, text.chars().count(), "{html:?}");
                assert_eq!(size.commas, text.matches([',', '，', '、']).count());
                assert_eq!(size.nonempty, !text.is_empty(), "{html:?}");
            }
        }
    }

    #[test]
    fn long_texts_are_measured_across_chunks() {
        for text in [
            format!("{} , {}", "word ".repeat(40), " x,y ".repeat(30)),
            format!("{}{}", "a".repeat(64), " b".repeat(70)),
            format!(" {}\u{a0}é ", "ab,cd  ".repeat(20)),
            format!("{}x", " ".repeat(63)),
            format!("{}x y", "z".repeat(63)),
            "a".repeat(128),
            ",".repeat(200),
        ] {
            let m = measure(&text);
            let expected_words = text.split_whitespace().count();
            assert_eq!(m.words, expected_words);
            let non_whitespace = text.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(m.non_whitespace, non_whitespace);
            assert_eq!(m.commas, text.matches(',').count());
        }
    }
}
