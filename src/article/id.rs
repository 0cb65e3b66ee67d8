//! An article's stable id: a hash of its file's bytes (and entry), shown as 16 hex
//! digits.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A stable identifier: a hash of the file's bytes (and, for files holding several
/// articles, the entry's position), so it survives restarts, renames and moves.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Serialize, Deserialize)]
pub struct ArticleId(pub u64);

impl ArticleId {
    /// The id of a file that holds one article.
    pub fn from_content(bytes: &[u8]) -> Self {
        ArticleId(xxhash_rust::xxh3::xxh3_64(bytes))
    }

    /// The id of entry `index` of a file that holds several (feeds, mailboxes).
    pub fn from_entry(bytes: &[u8], index: usize) -> Self {
        Self::of_entry(ArticleId::from_content(bytes), index)
    }

    /// [`ArticleId::from_entry`] with the file's own id already known, so a file of
    /// many entries is hashed once, not once per entry.
    pub fn of_entry(file: ArticleId, index: usize) -> Self {
        let mut seed = [0u8; 16];
        seed[..8].copy_from_slice(&file.0.to_le_bytes());
        seed[8..].copy_from_slice(&(index as u64).to_le_bytes());
        ArticleId(xxhash_rust::xxh3::xxh3_64(&seed))
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// Text that is no article id: the text, quoted in the message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("article id '{0}' is not 16 hex digits")]
pub struct BadId(pub String);

impl FromStr for ArticleId {
    type Err = BadId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() != 16 {
            return Err(BadId(s.to_string()));
        }
        u64::from_str_radix(s, 16)
            .map(ArticleId)
            .map_err(|_| BadId(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_round_trips_and_is_content_based() {
        let a = ArticleId::from_content(b"hello");
        assert_eq!(a, ArticleId::from_content(b"hello"));
        assert_ne!(a, ArticleId::from_content(b"hello!"));
        assert_eq!(a.to_string().parse::<ArticleId>(), Ok(a));
        assert!("xyz".parse::<ArticleId>().is_err());
        assert_ne!(
            ArticleId::from_entry(b"feed", 0),
            ArticleId::from_entry(b"feed", 1)
        );
    }

    /// Entry ids are what they were before the file's hash was kept between entries,
    /// so bookmarks on feed entries without links survive the change.
    #[test]
    fn entry_ids_keep_their_values() {
        let old = |bytes: &[u8], index: usize| {
            let base = xxhash_rust::xxh3::xxh3_64(bytes);
            let mut seed = base.to_le_bytes().to_vec();
            seed.extend_from_slice(&(index as u64).to_le_bytes());
            ArticleId(xxhash_rust::xxh3::xxh3_64(&seed))
        };
        for (bytes, index) in [(&b"feed"[..], 0), (b"feed", 7), (b"<rss>x</rss>", 70_000)] {
            assert_eq!(ArticleId::from_entry(bytes, index), old(bytes, index));
            let file = ArticleId::from_content(bytes);
            assert_eq!(ArticleId::of_entry(file, index), old(bytes, index));
        }
    }
}
