//! Turning a part of the tree into `Block`s and `Link`s: headings, paragraphs, quotes,
//! lists, code and rules; inline markup becomes plain one-line text. One iterative
//! walk with a stack of open elements, so deep nesting costs heap, not call stack.

use super::dom::{self, Collapser, Event, NodeR, NodeSet, Stats, Step};
use crate::article::{Block, Link};
use crate::loader::url;

/// Figure captions longer than this are dropped rather than kept as a paragraph.
const MAX_CAPTION_CHARS: usize = 250;

/// Containers with at least this many links, mostly link text, are dropped when
/// cleaning (link lists inside the article: "more on this", tag clouds).
const CLEAN_MIN_LINKS: usize = 3;
const CLEAN_MAX_LINK_DENSITY: f64 = 0.6;

/// How a conversion treats the tree.
pub(super) struct Options<'a> {
    /// Relative links are resolved against this.
    pub(super) base: Option<&'a str>,
    /// Elements left out with everything inside them (bylines, datelines).
    pub(super) skip: NodeSet,
    /// When set, link-heavy containers below the converted nodes are left out.
    pub(super) clean: Option<&'a Stats>,
}

/// Converts `nodes` (and everything under them) in order, as one flow of text.
pub(super) fn convert(nodes: &[NodeR], options: &Options) -> (Vec<Block>, Vec<Link>) {
    let mut converter = Converter::new(options);
    for node in nodes {
        dom::walk(*node, |event| match event {
            Event::Open(n) => converter.open(n),
            Event::Close(n) => {
                converter.close(n);
                Step::Enter
            }
        });
    }
    converter.flush();
    (converter.blocks, converter.links)
}

/// What an open element does with the text inside it.
enum Frame {
    /// Inline markup and anything else that does not change where text goes.
    Inline,
    /// A block that ends the paragraph before and after it.
    Block,
    Heading(u8),
    Pre,
    List {
        ordered: bool,
        items: Vec<String>,
    },
    /// A list inside a list: its items join the outer list.
    SubList,
    Item,
    Quote,
    Link {
        url: Option<String>,
        text: Collapser,
    },
    Row {
        cells: Vec<String>,
    },
    Cell,
    Caption,
}

struct Converter<'o> {
    options: &'o Options<'o>,
    blocks: Vec<Block>,
    links: Vec<Link>,
    text: Collapser,
    /// The last thing in the paragraph was a `<br>`.
    after_br: bool,
    frames: Vec<Frame>,
    /// How many of `frames` are `Pre`, `List` and `Link` (checked for every text).
    open_pre: usize,
    open_lists: usize,
    open_links: usize,
    pre: String,
}

impl<'o> Converter<'o> {
    fn new(options: &'o Options<'o>) -> Self {
        Converter {
            options,
            blocks: Vec::new(),
            links: Vec::new(),
            text: Collapser::default(),
            after_br: false,
            frames: Vec::new(),
            open_pre: 0,
            open_lists: 0,
            open_links: 0,
            pre: String::new(),
        }
    }

    fn open(&mut self, node: NodeR) -> Step {
        if let Some(text) = node.value().as_text() {
            self.push_text(text);
            return Step::Enter;
        }
        let Some(name) = dom::tag(node) else {
            return Step::Enter;
        };
        if self.leaves_out(node, name) {
            return Step::Skip;
        }
        let frame = self.frame_for(node, name);
        self.count_frame(&frame, 1);
        self.frames.push(frame);
        Step::Enter
    }

    /// Keeps the `open_*` counts: `delta` is 1 when `frame` opens, -1 when it closes.
    fn count_frame(&mut self, frame: &Frame, delta: isize) {
        let counter = match frame {
            Frame::Pre => &mut self.open_pre,
            Frame::List { .. } => &mut self.open_lists,
            Frame::Link { .. } => &mut self.open_links,
            _ => return,
        };
        *counter = counter.saturating_add_signed(delta);
    }

    fn close(&mut self, node: NodeR) {
        if node.value().is_element() {
            self.close_frame();
        }
    }

    fn leaves_out(&self, node: NodeR, name: &str) -> bool {
        if dom::never_text(node) || self.options.skip.contains(&node.id()) {
            return true;
        }
        let below_root = !self.frames.is_empty();
        let cleanable = matches!(name, "div" | "section" | "table" | "ul" | "ol" | "dl");
        match self.options.clean {
            Some(stats) if below_root && cleanable => {
                let s = stats.get(node);
                s.links >= CLEAN_MIN_LINKS && s.link_density() > CLEAN_MAX_LINK_DENSITY
            }
            _ => false,
        }
    }

    /// Decides what the element does, ending the paragraph before a block.
    fn frame_for(&mut self, node: NodeR, name: &str) -> Frame {
        if name == "br" {
            self.line_break();
            return Frame::Inline;
        }
        if name == "a" {
            let url = dom::attr(node, "href").and_then(|h| url::link_target(h, self.options.base));
            return Frame::Link {
                url,
                text: Collapser::default(),
            };
        }
        if !dom::is_block_tag(name) {
            return Frame::Inline;
        }
        if self.in_pre() {
            return Frame::Inline;
        }
        self.flush();
        if let Some(level) = dom::heading_level(name) {
            return Frame::Heading(level);
        }
        match name {
            "hr" => {
                self.push_block(Block::Rule);
                Frame::Block
            }
            "pre" | "listing" | "xmp" | "plaintext" => {
                self.pre.clear();
                Frame::Pre
            }
            "ul" | "ol" | "menu" | "dir" if self.in_list() => Frame::SubList,
            "ul" | "ol" | "menu" | "dir" => Frame::List {
                ordered: name == "ol",
                items: Vec::new(),
            },
            "li" => Frame::Item,
            "blockquote" => Frame::Quote,
            "tr" => Frame::Row { cells: Vec::new() },
            "td" | "th" if self.in_row() && holds_one_line(node) => Frame::Cell,
            "figcaption" => Frame::Caption,
            _ => Frame::Block,
        }
    }

    fn close_frame(&mut self) {
        let Some(frame) = self.frames.last() else {
            return;
        };
        let ends_block = !matches!(frame, Frame::Inline | Frame::Link { .. } | Frame::Pre);
        if ends_block {
            self.flush();
        }
        let frame = self.frames.pop();
        if let Some(frame) = &frame {
            self.count_frame(frame, -1);
        }
        match frame {
            Some(Frame::Pre) => self.finish_code(),
            Some(Frame::List { ordered, items }) if !items.is_empty() => {
                self.blocks.push(Block::List { ordered, items });
            }
            Some(Frame::Link {
                url: Some(url),
                text,
            }) => {
                let text = text.finish();
                if !text.is_empty() {
                    self.links.push(Link { text, url });
                }
            }
            Some(Frame::Row { cells }) if !cells.is_empty() => {
                self.push_block(Block::Paragraph(cells.join(" | ")));
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.in_pre() {
            self.pre.push_str(text);
        } else {
            if self.text.push(text) {
                self.after_br = false;
            }
        }
        if self.open_links == 0 {
            return;
        }
        for frame in self.frames.iter_mut() {
            if let Frame::Link {
                text: link_text, ..
            } = frame
            {
                link_text.push(text);
            }
        }
    }

    /// A `<br>`: a space within a paragraph; two in a row end it.
    fn line_break(&mut self) {
        if self.in_pre() {
            self.pre.push('\n');
        } else if self.after_br && !self.text.is_empty() {
            self.flush();
        } else {
            self.text.space();
            self.after_br = true;
        }
    }

    fn finish_code(&mut self) {
        let code = std::mem::take(&mut self.pre);
        let code = code.trim_start_matches(['\n', '\r']).trim_end();
        if !code.is_empty() {
            self.push_block(Block::Code(code.to_string()));
        }
    }

    /// Ends the current paragraph, sending its text where the open elements say.
    fn flush(&mut self) {
        self.after_br = false;
        if self.text.is_empty() {
            return;
        }
        let text = self.text.take();
        for frame in self.frames.iter_mut().rev() {
            match frame {
                Frame::Heading(level) => {
                    let level = *level;
                    self.push_block(Block::Heading { level, text });
                    return;
                }
                Frame::Item | Frame::List { .. } | Frame::SubList => {
                    self.push_item(text);
                    return;
                }
                Frame::Quote => {
                    self.push_block(Block::Quote(text));
                    return;
                }
                Frame::Cell => {
                    self.push_cell(text);
                    return;
                }
                Frame::Caption => {
                    if text.chars().count() <= MAX_CAPTION_CHARS {
                        self.push_block(Block::Paragraph(text));
                    }
                    return;
                }
                _ => {}
            }
        }
        self.push_block(Block::Paragraph(text));
    }

    /// Adds a block; inside a list, the items so far come first, as a list of their
    /// own, so a code block or quote in an item stays where it was.
    fn push_block(&mut self, block: Block) {
        if self.in_list() {
            let list = self.frames.iter_mut().find_map(|f| match f {
                Frame::List { ordered, items } if !items.is_empty() => {
                    Some((*ordered, std::mem::take(items)))
                }
                _ => None,
            });
            if let Some((ordered, items)) = list {
                self.blocks.push(Block::List { ordered, items });
            }
        }
        self.blocks.push(block);
    }

    fn push_item(&mut self, text: String) {
        let list = self.frames.iter_mut().find_map(|f| match f {
            Frame::List { items, .. } => Some(items),
            _ => None,
        });
        match list {
            Some(items) => items.push(text),
            None => self.push_block(Block::Paragraph(text)),
        }
    }

    fn push_cell(&mut self, text: String) {
        let row = self.frames.iter_mut().rev().find_map(|f| match f {
            Frame::Row { cells } => Some(cells),
            _ => None,
        });
        match row {
            Some(cells) => cells.push(text),
            None => self.push_block(Block::Paragraph(text)),
        }
    }

    fn in_pre(&self) -> bool {
        self.open_pre > 0
    }

    fn in_list(&self) -> bool {
        self.open_lists > 0
    }

    fn in_row(&self) -> bool {
        let structural = self
            .frames
            .iter()
            .rev()
            .find(|f| !matches!(f, Frame::Inline | Frame::Link { .. }));
        matches!(structural, Some(Frame::Row { .. }))
    }
}

/// No blocks and no line breaks inside: a table cell of plain text.
fn holds_one_line(node: NodeR) -> bool {
    !node
        .descendants()
        .skip(1)
        .any(|n| dom::is_block(n) || dom::is_tag(n, &["br"]))
}
