//! The `Article` every parser produces and everything downstream reads: the parser's
//! `Draft` made safe for a terminal, with its stable id, path and word count. The id,
//! the body's blocks and the sanitiser live in rooms of their own. No I/O here.

mod block;
mod id;
mod lazy;
mod sanitize;

use std::ops::{Deref, DerefMut};
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use block::{Block, Link};
pub use id::{ArticleId, BadId};
pub use lazy::{Bytes, Lazy, Piece, Place};
pub use sanitize::{clean_line, sanitize, sanitize_line};
use sanitize::{is_clean, sanitize_block};

/// What a parser extracts from one article: everything but where it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub title: String,
    pub subtitle: Option<String>,
    /// Kept in the library cache as a day number, not as text to parse again.
    #[serde(with = "days")]
    pub date: Option<NaiveDate>,
    pub author: Option<String>,
    /// The source URL, or a site or feed name where no URL is known.
    pub source: Option<String>,
    /// The site's or feed's name ("The Example Times"), when known.
    pub site: Option<String>,
    pub tags: Vec<String>,
    pub body: Vec<Block>,
    pub links: Vec<Link>,
    /// A link saved to read later whose page was never fetched: the body only says
    /// where and when it was saved (read-later exports, browser bookmarks).
    pub link_only: bool,
    /// What a read-later service kept of the article, from its export; data for the
    /// state to take on a first import, never applied by the loader.
    pub saved: Option<Box<Saved>>,
}

/// What a read-later service (Pocket, Instapaper, Omnivore, Wallabag) or a browser
/// kept of a saved article besides its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// Starred or favourite.
    pub starred: bool,
    /// Archived or read.
    pub archived: bool,
    /// When it was saved, if the export says.
    pub saved_at: Option<DateTime<Utc>>,
    /// The passages highlighted in the service, in the export's order.
    pub highlights: Vec<SavedHighlight>,
}

/// A passage highlighted in a read-later service, and the note written on it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedHighlight {
    pub quote: String,
    pub note: Option<String>,
}

/// A loaded article: a parser's draft, every text in it made safe to display, with
/// where it came from. Its draft's fields read as its own (`article.title`) through
/// `Deref`, but for the body and the links, which the article holds itself (the
/// draft's are left empty), as `Lazy` lists: a warm start leaves them in the library
/// cache until read. Serialisable for the cache as its head: postcard writes a struct
/// as its fields in order, so this encodes as the draft's fields (the empty body and
/// links included) between `path` and `words`; the cache keeps the body and links
/// apart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    #[serde(with = "crate::os_path")]
    pub path: PathBuf,
    /// The parser's draft, sanitised, without its body and links; its title is
    /// never empty.
    pub content: Draft,
    /// Words in the body.
    pub words: usize,
    #[serde(skip)]
    pub body: Lazy<Block>,
    #[serde(skip)]
    pub links: Lazy<Link>,
}

/// A date as its day number since the common era (`NaiveDate`'s own serde writes
/// text, which a warm start would parse again for every article).
pub(crate) mod days {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        date.map(|d| d.num_days_from_ce()).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<i32>::deserialize(d)? {
            None => Ok(None),
            Some(days) => NaiveDate::from_num_days_from_ce_opt(days)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("no such day: {days}"))),
        }
    }
}

impl Piece for Block {
    fn is_safe(&self) -> bool {
        let line = |s: &str| is_clean(s, false);
        match self {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Quote(text) => line(text),
            Block::Code(text) => is_clean(text, true),
            Block::List { items, .. } => items.iter().all(|i| line(i)),
            Block::Rule => true,
        }
    }

    fn damaged() -> Vec<Block> {
        vec![Block::Paragraph(
            "tidings: this article's text in the library cache is damaged; \
             its file is read again on the next start."
                .into(),
        )]
    }
}

impl Piece for Link {
    fn is_safe(&self) -> bool {
        is_clean(&self.text, false) && is_clean(&self.url, false)
    }

    fn damaged() -> Vec<Link> {
        Vec::new()
    }
}

impl Deref for Article {
    type Target = Draft;

    fn deref(&self) -> &Draft {
        &self.content
    }
}

impl DerefMut for Article {
    fn deref_mut(&mut self) -> &mut Draft {
        &mut self.content
    }
}

impl Article {
    /// Wraps a parser's draft, making sure every field is safe to display.
    pub fn new(id: ArticleId, path: PathBuf, mut draft: Draft) -> Self {
        let one_line = clean_line;
        let opt = |s: Option<String>| s.map(one_line).filter(|s| !s.is_empty());
        let body = std::mem::take(&mut draft.body);
        let mut body: Vec<Block> = body.into_iter().map(sanitize_block).collect();
        // Parsers grow the list as they go; the article keeps it for good.
        body.shrink_to_fit();
        let words = body.iter().map(Block::word_count).sum();
        let mut title = one_line(draft.title);
        if title.is_empty() {
            title = path
                .file_stem()
                .map(|s| sanitize_line(&s.to_string_lossy()))
                .unwrap_or_default();
        }
        let content = Draft {
            title,
            subtitle: opt(draft.subtitle),
            date: draft.date,
            author: opt(draft.author),
            source: opt(draft.source),
            site: opt(draft.site),
            tags: draft.tags.into_iter().map(one_line).collect(),
            body: Vec::new(),
            links: Vec::new(),
            link_only: draft.link_only,
            saved: draft.saved.map(|saved| {
                let highlights = saved.highlights.into_iter().map(|h| SavedHighlight {
                    quote: one_line(h.quote),
                    note: opt(h.note),
                });
                Box::new(Saved {
                    highlights: highlights.collect(),
                    ..*saved
                })
            }),
        };
        let links = draft.links.iter().map(|l| Link {
            text: sanitize_line(&l.text),
            url: sanitize_line(&l.url),
        });
        Article {
            id,
            path,
            content,
            words,
            body: body.into(),
            links: links.collect::<Vec<_>>().into(),
        }
    }

    /// Whether every text of the article is safe on a terminal (what `new` makes
    /// sure of). The cache checks heads (`head_is_safe`) and texts (`Lazy`) apart.
    #[cfg(test)]
    pub fn is_safe(&self) -> bool {
        self.body.with(|body| body.iter().all(Piece::is_safe))
            && self.links.with(|links| links.iter().all(Piece::is_safe))
            && self.head_is_safe()
    }

    /// Whether the texts but the body and links are safe on a terminal (the head the
    /// cache decodes at start; a body and links left in the cache are checked when
    /// read).
    pub fn head_is_safe(&self) -> bool {
        let line = |s: &str| is_clean(s, false);
        let opt = |s: &Option<String>| s.as_deref().is_none_or(line);
        self.content.body.is_empty()
            && self.content.links.is_empty()
            && line(&self.title)
            && opt(&self.subtitle)
            && opt(&self.author)
            && opt(&self.source)
            && opt(&self.site)
            && self.tags.iter().all(|t| line(t))
            && self.saved.as_ref().is_none_or(|saved| {
                let highlight = |h: &SavedHighlight| line(&h.quote) && opt(&h.note);
                saved.highlights.iter().all(highlight)
            })
    }

    /// The body as plain text, a blank line between blocks.
    pub fn plain_body(&self) -> String {
        self.body.with(|body| {
            let len = body.iter().map(|b| b.plain_len() + 2).sum();
            let mut out = String::with_capacity(len);
            for (i, block) in body.iter().enumerate() {
                if i > 0 {
                    out.push_str("\n\n");
                }
                block.push_plain_text(&mut out);
            }
            out
        })
    }

    /// The source as a short name for the list: the site's name, the URL's host, or
    /// the source itself.
    pub fn source_name(&self) -> Option<&str> {
        if let Some(site) = self.site.as_deref() {
            return Some(site);
        }
        let source = self.source.as_deref()?;
        let rest = source
            .strip_prefix("https://")
            .or_else(|| source.strip_prefix("http://"));
        match rest {
            Some(rest) => {
                let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
                Some(host.strip_prefix("www.").unwrap_or(host))
            }
            None => Some(source),
        }
    }

    /// The path shown to people: lossy for names that are not UTF-8, and sanitised.
    pub fn display_path(&self) -> String {
        sanitize_line(&self.path.to_string_lossy())
    }
}

/// Helpers the parsers' tests share.
#[cfg(test)]
pub(crate) mod testing {
    use super::{Block, Draft};

    /// The paragraphs of a draft's body, in order.
    pub fn paragraphs(draft: &Draft) -> Vec<&str> {
        draft
            .body
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(text) => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The whole body as plain text, a line per block.
    pub fn body_text(draft: &Draft) -> String {
        let blocks = draft.body.iter().map(Block::plain_text);
        blocks.collect::<Vec<_>>().join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_new_sanitises_and_counts_words() {
        let draft = Draft {
            title: "Bad\x1b[31m title\n".into(),
            body: vec![Block::Paragraph("one two\tthree".into())],
            source: Some("https://www.example.com/a/b".into()),
            ..Draft::default()
        };
        let a = Article::new(ArticleId(1), PathBuf::from("x.txt"), draft);
        assert_eq!(a.title, "Bad title");
        assert_eq!(a.words, 3);
        assert_eq!(a.source_name(), Some("example.com"));
    }

    #[test]
    fn empty_title_falls_back_to_file_stem() {
        let a = Article::new(
            ArticleId(1),
            PathBuf::from("dir/my-note.txt"),
            Draft::default(),
        );
        assert_eq!(a.title, "my-note");
    }

    #[test]
    fn saved_highlights_are_sanitised_and_checked() {
        let saved = Saved {
            highlights: vec![SavedHighlight {
                quote: "a\x1b[2Jb\nc".into(),
                note: Some("\u{202e}".into()),
            }],
            ..Saved::default()
        };
        let draft = Draft {
            saved: Some(Box::new(saved)),
            ..Draft::default()
        };
        let mut a = Article::new(ArticleId(1), PathBuf::from("x.csv"), draft);
        let kept = &a.saved.as_ref().map(|s| s.highlights.clone());
        let want = SavedHighlight {
            quote: "ab c".into(),
            note: None,
        };
        assert_eq!(kept, &Some(vec![want]));
        assert!(a.is_safe());
        if let Some(saved) = a.saved.as_mut() {
            saved.highlights[0].note = Some("\x1b]8;;x\x07".into());
        }
        assert!(!a.is_safe());
    }

    /// An article's head in the cache is the flat struct it was before it held its
    /// draft (with the fields of imports after the links, since cache format 2), its
    /// body and links empty: the cache keeps those apart (format 3).
    #[test]
    fn the_cache_encoding_of_a_head_is_the_flat_one() {
        #[derive(Serialize)]
        struct Flat<'a> {
            id: ArticleId,
            #[serde(with = "crate::os_path")]
            path: PathBuf,
            title: &'a str,
            subtitle: &'a Option<String>,
            #[serde(with = "super::days")]
            date: Option<NaiveDate>,
            author: &'a Option<String>,
            source: &'a Option<String>,
            site: &'a Option<String>,
            tags: &'a [String],
            body: &'a [Block],
            links: &'a [Link],
            link_only: bool,
            saved: &'a Option<Box<Saved>>,
            words: usize,
        }
        let draft = Draft {
            title: "T".into(),
            subtitle: Some("S".into()),
            date: NaiveDate::from_ymd_opt(2024, 5, 6),
            author: Some("A".into()),
            source: Some("https://example.com".into()),
            site: Some("Site".into()),
            tags: vec!["x".into(), "y".into()],
            body: vec![Block::Paragraph("one two".into()), Block::Rule],
            links: vec![Link {
                text: "l".into(),
                url: "u".into(),
            }],
            link_only: true,
            saved: Some(Box::new(Saved {
                starred: true,
                archived: false,
                saved_at: DateTime::from_timestamp(1_700_000_000, 0),
                highlights: vec![SavedHighlight {
                    quote: "q".into(),
                    note: Some("n".into()),
                }],
            })),
        };
        let a = Article::new(ArticleId(9), PathBuf::from("d/f.md"), draft);
        let flat = Flat {
            id: a.id,
            path: a.path.clone(),
            title: &a.title,
            subtitle: &a.subtitle,
            date: a.date,
            author: &a.author,
            source: &a.source,
            site: &a.site,
            tags: &a.tags,
            body: &[],
            links: &[],
            link_only: a.link_only,
            saved: &a.saved,
            words: a.words,
        };
        let ours = postcard::to_allocvec(&a).ok();
        assert!(ours.is_some());
        assert_eq!(ours, postcard::to_allocvec(&flat).ok());
        let back: Option<Article> = ours.and_then(|b| postcard::from_bytes(&b).ok());
        assert_eq!(a.body.len(), 2);
        let head = Article {
            body: Lazy::default(),
            links: Lazy::default(),
            ..a
        };
        assert_eq!(back, Some(head));
    }
}
