//! The articles' texts in the cache file: each article's head says where its body
//! and links are (`Head`), in the texts chunk of its run, each encoded alone with a
//! checksum, so that a read leaves them in the file's map (`Lazy`) and a check after
//! (`TextCheck`) names the files whose texts are damaged.

use std::fs::File;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize, Serializer};

use super::file::{BUFFER, CacheError, Row, damaged, read_exact_at};
use crate::article::{Article, Bytes, Lazy, Place};

/// An article's head as the cache holds it: the article without its body and links,
/// and where those are (in the texts chunk of the same run).
#[derive(Deserialize)]
pub(super) struct Head {
    pub(super) article: Article,
    pub(super) body: Place,
    pub(super) links: Place,
}

#[derive(Serialize)]
pub(super) struct HeadRef<'a> {
    article: &'a Article,
    body: Place,
    links: Place,
}

/// The articles of a run, their bodies and links left in `map`, which must hold
/// them inside the run's texts chunk (`texts`).
pub(super) fn articles(
    heads: Vec<Head>,
    map: &Bytes,
    texts: &Row,
) -> Result<Vec<Arc<Article>>, CacheError> {
    let inside = |place: &Place| {
        place.at >= texts.offset
            && place
                .at
                .checked_add(u64::from(place.len))
                .is_some_and(|end| end <= texts.offset + texts.len)
    };
    heads
        .into_iter()
        .map(|head| {
            if !inside(&head.body) || !inside(&head.links) {
                return Err(damaged("an article's text outside its chunk"));
            }
            Ok(Arc::new(Article {
                body: Lazy::kept(map.clone(), head.body),
                links: Lazy::kept(map.clone(), head.links),
                ..head.article
            }))
        })
        .collect()
}

/// The chunks of texts a read left unchecked, with the articles whose texts each
/// holds: checked after the first frame, off the UI thread.
pub struct TextCheck {
    pub(super) file: File,
    pub(super) runs: Vec<Vec<Arc<Article>>>,
}

impl TextCheck {
    /// The files with an article whose body or links are damaged in the cache (or
    /// cannot be read), to be read again. Reads the chunks (not through the map, so
    /// that checking them does not keep them in memory) a window at a time, in
    /// parallel, and checks each article's texts against their own checksums. The
    /// window bounds the buffer each thread keeps: a whole chunk (up to 4 MiB, more
    /// with a long article) in each thread's buffer was most of a small library's
    /// memory.
    pub fn damaged(&self) -> Vec<PathBuf> {
        let bad: Vec<Vec<&PathBuf>> = self
            .runs
            .par_iter()
            .map(|articles| {
                BUFFER.with(|buffer| damaged_texts(&self.file, articles, &mut buffer.borrow_mut()))
            })
            .collect();
        let mut paths: Vec<PathBuf> = bad.into_iter().flatten().cloned().collect();
        paths.sort_unstable();
        paths.dedup();
        paths
    }

    /// The files of the cache's articles (a file once per article).
    pub fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.runs
            .iter()
            .flat_map(|articles| articles.iter().map(|a| &a.path))
    }
}

/// Texts are read this much at a time to be checked (a longer text alone).
pub(super) const CHECK_WINDOW: u64 = 256 << 10;

/// The files of `articles` whose body or links do not match their checksums (or
/// cannot be read), read from `file` in windows of about `CHECK_WINDOW` into `buffer`.
/// Each text is checked on its own, even in a chunk whose checksum holds: a text
/// damaged in an older cache was copied with its own checksum.
fn damaged_texts<'a>(
    file: &File,
    articles: &'a [Arc<Article>],
    buffer: &mut Vec<u8>,
) -> Vec<&'a PathBuf> {
    let mut bad = Vec::new();
    let mut places: Vec<(Place, &PathBuf)> = Vec::with_capacity(articles.len() * 2);
    for a in articles {
        match (a.body.place(), a.links.place()) {
            (Some(body), Some(links)) => places.extend([(body, &a.path), (links, &a.path)]),
            _ => bad.push(&a.path),
        }
    }
    places.sort_unstable_by_key(|(place, _)| place.at);
    let mut rest = places.as_slice();
    while let Some((first, _)) = rest.first() {
        let start = first.at;
        // The texts that end within the window (at least the first).
        let mut end = start.saturating_add(u64::from(first.len));
        let mut count = 1;
        for (place, _) in rest.iter().skip(1) {
            let place_end = place.at.saturating_add(u64::from(place.len));
            if place_end.saturating_sub(start) > CHECK_WINDOW {
                break;
            }
            end = end.max(place_end);
            count += 1;
        }
        let (window, after) = rest.split_at(count);
        rest = after;
        let Ok(len) = usize::try_from(end - start) else {
            bad.extend(window.iter().map(|(_, path)| *path));
            continue;
        };
        if buffer.len() < len {
            // Exactly: a doubled buffer would stay twice as large in every thread.
            buffer.reserve_exact(len - buffer.len());
            buffer.resize(len, 0);
        }
        let read = match buffer.get_mut(..len) {
            Some(bytes) => read_exact_at(file, bytes, start).map(|()| &*bytes),
            None => Err(std::io::ErrorKind::OutOfMemory.into()),
        };
        let Ok(bytes) = read else {
            bad.extend(window.iter().map(|(_, path)| *path));
            continue;
        };
        for (place, path) in window {
            let from = (place.at - start) as usize;
            let intact = bytes
                .get(from..from + place.len as usize)
                .is_some_and(|b| Place::checksum(b) == place.hash);
            if !intact {
                bad.push(path);
            }
        }
    }
    bad
}

/// A run of articles' heads, encoded as a sequence of `Head`s, each saying where its
/// body and links are (`places`, in the run's order).
pub(super) struct Heads<'a>(
    pub(super) &'a [Arc<Article>],
    pub(super) &'a [(Place, Place)],
);

impl Serialize for Heads<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .iter()
                .zip(self.1)
                .map(|(a, &(body, links))| HeadRef {
                    article: a,
                    body,
                    links,
                }),
        )
    }
}

/// A chunk's bytes, and where each article's body and links are in them.
pub(super) type Encoded = (Vec<u8>, Vec<(Place, Place)>);

/// A run's texts chunk: each article's body, then its links, back to back (a body
/// left in the old cache is copied as it is there, not decoded); and where each is
/// from the chunk's start.
pub(super) fn texts(run: &[Arc<Article>]) -> std::io::Result<Encoded> {
    let mut bytes = Vec::new();
    let mut places = Vec::with_capacity(run.len());
    let put = |(encoded, hash): (Vec<u8>, u64), bytes: &mut Vec<u8>| {
        let place = Place {
            at: bytes.len() as u64,
            len: u32::try_from(encoded.len()).map_err(std::io::Error::other)?,
            hash,
        };
        bytes.extend_from_slice(&encoded);
        Ok::<_, std::io::Error>(place)
    };
    for article in run {
        let body = put(
            article.body.encoded().map_err(std::io::Error::other)?,
            &mut bytes,
        )?;
        let links = put(
            article.links.encoded().map_err(std::io::Error::other)?,
            &mut bytes,
        )?;
        places.push((body, links));
    }
    Ok((bytes, places))
}
