//! `tidings highlights`: every highlight, grouped by article, newest first, as
//! Markdown that reads well in Obsidian or Logseq, or as JSON Lines; with `--to DIR`,
//! one Markdown file per article, overwriting only files tidings wrote itself. Each
//! highlight's anchor is looked for in its article as the library has it now: one
//! whose passage is gone, or whose article is not in the library, is listed as
//! orphaned, never dropped.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use super::{CommandError, write_out};
use crate::article::{Article, ArticleId};
use crate::highlight::Location;
use crate::highlight::export::{self, ExportArticle, ExportHighlight};
use crate::library::Library;
use crate::state::{Highlight, State};

/// How to print the highlights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightFormat {
    Markdown,
    Json,
}

/// The highlights of one article, with what the library knows of it now.
struct Group<'a> {
    id: ArticleId,
    article: Option<&'a Article>,
    tags: Vec<String>,
    path: String,
    highlights: Vec<&'a Highlight>,
}

/// Prints (or, with `to`, writes) the highlights. `all` keeps those whose article is
/// not in the library (when the library is the whole of it, not paths picked out).
/// Exit 0 if there was any highlight, 1 if none or if a file was left alone.
pub fn highlights(
    library: &Library,
    state: &State,
    format: HighlightFormat,
    to: Option<&Path>,
    all: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<i32, CommandError> {
    let mut by_article: BTreeMap<ArticleId, Vec<&Highlight>> = BTreeMap::new();
    for (id, _, highlight) in state.highlights() {
        by_article.entry(id).or_default().push(highlight);
    }
    let groups: Vec<Group> = by_article
        .into_iter()
        .filter_map(|(id, highlights)| {
            let article = library.by_id(id);
            (article.is_some() || all).then(|| Group {
                id,
                article,
                tags: article.map(|a| state.tags_of(a)).unwrap_or_default(),
                path: article.map(Article::display_path).unwrap_or_default(),
                highlights,
            })
        })
        .collect();
    let bodies: Vec<Option<String>> = groups
        .iter()
        .map(|g| g.article.map(Article::plain_body))
        .collect();
    let articles: Vec<ExportArticle> = groups
        .iter()
        .zip(&bodies)
        .map(|(group, body)| export_article(group, body.as_deref()))
        .collect();
    if articles.is_empty() {
        return Ok(1);
    }
    match (to, format) {
        (Some(dir), _) => write_files(dir, &articles, out, err),
        (None, HighlightFormat::Markdown) => {
            write_out(out, &export::markdown(&articles))?;
            Ok(0)
        }
        (None, HighlightFormat::Json) => {
            write_out(out, &export::json_lines(&articles))?;
            Ok(0)
        }
    }
}

fn export_article<'a>(group: &'a Group, body: Option<&str>) -> ExportArticle<'a> {
    let title = group
        .article
        .map(|a| a.title.as_str())
        .or_else(|| group.highlights.first().map(|h| h.title.as_str()))
        .unwrap_or_default();
    ExportArticle {
        id: group.id,
        title,
        source: group.article.and_then(|a| a.source.as_deref()),
        path: &group.path,
        tags: &group.tags,
        highlights: group
            .highlights
            .iter()
            .map(|h| ExportHighlight {
                quote: &h.anchor.quote,
                prefix: &h.anchor.prefix,
                suffix: &h.anchor.suffix,
                note: h.note.as_deref(),
                created: h.created,
                orphaned: body.is_none_or(|body| h.anchor.locate(body) == Location::Orphaned),
            })
            .collect(),
    }
}

/// One file per article in `dir`; a file of that name that tidings did not write is
/// left alone, and said so.
fn write_files(
    dir: &Path,
    articles: &[ExportArticle],
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<i32, CommandError> {
    std::fs::create_dir_all(dir).map_err(|e| CommandError::Unreadable {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let (mut written, mut left) = (0, 0);
    for article in articles {
        let path = dir.join(export::file_name(article));
        if let Ok(existing) = std::fs::read_to_string(&path)
            && !export::is_ours(&existing)
        {
            let _ = writeln!(
                err,
                "tidings: left {} alone: tidings did not write it",
                path.display()
            );
            left += 1;
            continue;
        }
        let text = export::markdown_file(article);
        crate::atomic::replace(
            &path,
            |file| file.write_all(text.as_bytes()),
            |from, to| std::fs::rename(from, to),
        )
        .map_err(|f| CommandError::Unreadable {
            path: f.path.display().to_string(),
            reason: format!("{}: {}", f.what, f.error),
        })?;
        written += 1;
    }
    write_out(
        out,
        &format!(
            "wrote {written} file{} to {}\n",
            if written == 1 { "" } else { "s" },
            dir.display()
        ),
    )?;
    Ok(if left > 0 { 1 } else { 0 })
}
