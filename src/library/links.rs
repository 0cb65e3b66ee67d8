//! Saved links whose page is in the library too: an export's entry not fetched yet
//! (`Article::link_only`) is superseded once an article with its text and the same
//! source URL is here (saved with `f`, `A` or `tidings save`), and the list shows the
//! page in its place. Nothing is tracked until the first saved link arrives, so a
//! library without exports pays nothing.

use std::collections::{HashMap, HashSet};

use crate::article::Article;

/// The source URL as compared: without its fragment, trailing slash or case.
fn key(source: &str) -> String {
    let source = source.split('#').next().unwrap_or(source);
    source.trim().trim_end_matches('/').to_lowercase()
}

#[derive(Debug, Default)]
pub(super) struct Links {
    /// Whether a saved link was ever added; until then nothing is tracked.
    active: bool,
    /// Live articles with their text, by source: how many.
    pages: HashMap<String, usize>,
    /// Live saved links, by source.
    links: HashMap<String, Vec<usize>>,
    /// The saved links whose page is here.
    pub superseded: HashSet<usize>,
}

impl Links {
    /// Article `doc` came in; `all` is every live article before it (read once, when
    /// the first saved link arrives).
    pub(super) fn added<'a>(
        &mut self,
        doc: usize,
        article: &Article,
        all: impl Iterator<Item = &'a Article>,
    ) {
        if article.link_only && !self.active {
            self.active = true;
            for page in all.filter(|a| !a.link_only) {
                if let Some(source) = &page.source {
                    *self.pages.entry(key(source)).or_default() += 1;
                }
            }
        }
        if !self.active {
            return;
        }
        let Some(source) = article.source.as_deref().map(key) else {
            return;
        };
        if article.link_only {
            if self.pages.contains_key(&source) {
                self.superseded.insert(doc);
            }
            self.links.entry(source).or_default().push(doc);
        } else {
            *self.pages.entry(source.clone()).or_default() += 1;
            self.superseded
                .extend(self.links.get(&source).into_iter().flatten());
        }
    }

    /// Article `doc` went (its file changed or went).
    pub(super) fn removed(&mut self, doc: usize, article: &Article) {
        if !self.active {
            return;
        }
        let Some(source) = article.source.as_deref().map(key) else {
            return;
        };
        if article.link_only {
            self.superseded.remove(&doc);
            if let Some(docs) = self.links.get_mut(&source) {
                docs.retain(|&d| d != doc);
            }
            return;
        }
        let Some(count) = self.pages.get_mut(&source) else {
            return;
        };
        *count -= 1;
        if *count == 0 {
            self.pages.remove(&source);
            for doc in self.links.get(&source).into_iter().flatten() {
                self.superseded.remove(doc);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::article::{Article, ArticleId, Draft};
    use crate::library::Library;

    fn article(id: u64, path: &str, source: &str, link_only: bool) -> Article {
        let draft = Draft {
            title: format!("{id}"),
            source: Some(source.into()),
            link_only,
            ..Draft::default()
        };
        Article::new(ArticleId(id), path.into(), draft)
    }

    #[test]
    fn a_saved_links_page_supersedes_it_until_the_page_goes() {
        let mut library = Library::new();
        library.add(vec![
            article(1, "export.csv", "https://a.example/story#top", true),
            article(2, "export.csv", "https://b.example/other", true),
        ]);
        assert!(!library.is_superseded(0));
        library.add(vec![article(
            3,
            "story.md",
            "HTTPS://a.example/story/",
            false,
        )]);
        assert!(library.is_superseded(0), "its page came in");
        assert!(!library.is_superseded(1));
        library.replace(&["story.md".into()], &[], Vec::new());
        assert!(!library.is_superseded(0), "the page went: the link is back");
    }
}
