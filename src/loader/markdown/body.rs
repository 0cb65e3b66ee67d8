//! A Markdown body turned into blocks and links by walking pulldown-cmark's events.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::article::{Block, Link};

use super::one_line;

pub(super) fn markdown_blocks(body: &str) -> (Vec<Block>, Vec<Link>) {
    let mut builder = Builder::default();
    for event in Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH) {
        builder.event(event);
    }
    let links = std::mem::take(&mut builder.links);
    (builder.finish(), links)
}

struct ListState {
    ordered: bool,
    items: Vec<String>,
    /// The item being read, if inside one.
    current: Option<String>,
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    /// Inline text of the paragraph, heading or list item being read.
    inline: String,
    /// Set inside a fenced or indented code block.
    code: Option<String>,
    heading: Option<u8>,
    quote_depth: usize,
    image_depth: usize,
    lists: Vec<ListState>,
    /// Links met so far, and the one being read: its URL and where its text starts
    /// in `inline`.
    links: Vec<Link>,
    link: Option<(String, usize)>,
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn append(item: &mut String, text: &str) {
    if !item.is_empty() {
        item.push(' ');
    }
    item.push_str(text);
}

impl Builder {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if self.image_depth > 0 {
                    return;
                }
                match self.code.as_mut() {
                    Some(code) => code.push_str(&t),
                    None => self.inline.push_str(&t),
                }
            }
            Event::SoftBreak | Event::HardBreak => self.inline.push(' '),
            Event::Rule => {
                self.flush();
                if self.lists.is_empty() {
                    self.blocks.push(Block::Rule);
                }
            }
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock => self.flush(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(level_number(level));
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote_depth += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            Tag::List(start) => {
                self.flush();
                self.lists.push(ListState {
                    ordered: start.is_some(),
                    items: Vec::new(),
                    current: None,
                });
            }
            Tag::Item => {
                self.flush();
                if let Some(list) = self.lists.last_mut() {
                    list.current = Some(String::new());
                }
            }
            Tag::Image { .. } => self.image_depth += 1,
            Tag::Link { dest_url, .. } => {
                let url = dest_url.trim();
                if url.starts_with("http://") || url.starts_with("https://") {
                    self.link = Some((url.to_string(), self.inline.len()));
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush(),
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock => self.end_code(),
            TagEnd::List(_) => self.end_list(),
            TagEnd::Item => {
                self.flush();
                if let Some(list) = self.lists.last_mut()
                    && let Some(item) = list.current.take().filter(|i| !i.is_empty())
                {
                    list.items.push(item);
                }
            }
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            TagEnd::Link => {
                if let Some((url, start)) = self.link.take() {
                    let text = self.inline.get(start..).map(one_line).unwrap_or_default();
                    let text = if text.is_empty() { url.clone() } else { text };
                    self.links.push(Link { text, url });
                }
            }
            _ => {}
        }
    }

    /// Turns the inline text read so far into a block, or into list item text.
    fn flush(&mut self) {
        let text = one_line(&std::mem::take(&mut self.inline));
        if text.is_empty() {
            return;
        }
        if let Some(item) = self.lists.last_mut().and_then(|l| l.current.as_mut()) {
            append(item, &text);
        } else if self.quote_depth > 0 {
            self.blocks.push(Block::Quote(text));
        } else if let Some(level) = self.heading {
            self.blocks.push(Block::Heading { level, text });
        } else {
            self.blocks.push(Block::Paragraph(text));
        }
    }

    fn end_code(&mut self) {
        let code = self.code.take().unwrap_or_default();
        let code = code.trim_end_matches('\n');
        if code.trim().is_empty() {
            return;
        }
        match self.lists.last_mut().and_then(|l| l.current.as_mut()) {
            Some(item) => append(item, &one_line(code)),
            None => self.blocks.push(Block::Code(code.to_string())),
        }
    }

    /// A nested list's items join the enclosing list; a list in a quote becomes quotes.
    fn end_list(&mut self) {
        self.flush();
        let Some(list) = self.lists.pop() else {
            return;
        };
        if let Some(parent) = self.lists.last_mut() {
            if let Some(item) = parent.current.take().filter(|i| !i.is_empty()) {
                parent.items.push(item);
            }
            parent.items.extend(list.items);
            parent.current = Some(String::new());
        } else if self.quote_depth > 0 {
            self.blocks.extend(list.items.into_iter().map(Block::Quote));
        } else if !list.items.is_empty() {
            self.blocks.push(Block::List {
                ordered: list.ordered,
                items: list.items,
            });
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        while !self.lists.is_empty() {
            self.end_list();
        }
        self.blocks
    }
}
