//! `Lazy`: an article's body or links, held as they were parsed or left in the bytes
//! of the library cache (memory-mapped) until something reads them. A warm start so
//! decodes only what the list shows; a body is decoded the first time the reader
//! opens it (and kept), or for a moment while a search looks into it (and dropped).
//! What comes from the cache is checked before it is used: its checksum, its
//! encoding and its text (safe for a terminal); an encoding that fails gives the
//! placeholder of its kind, never a panic. No I/O here: the bytes are the cache's.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, OnceLock};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The bytes a `Lazy` may be kept in (the library cache's memory map).
pub type Bytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// Where an encoded value sits in the cache's bytes, and its checksum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub at: u64,
    pub len: u32,
    pub hash: u64,
}

impl Place {
    /// The checksum of an encoded value, as a `Place` holds it.
    pub fn checksum(bytes: &[u8]) -> u64 {
        xxhash_rust::xxh3::xxh3_64(bytes)
    }
}

/// What a `Lazy` holds: checked before use, with a stand-in when the check fails.
pub trait Piece: DeserializeOwned + Serialize + Clone {
    /// Whether its text is safe on a terminal.
    fn is_safe(&self) -> bool;
    /// What stands in for the whole list when its bytes cannot be used.
    fn damaged() -> Vec<Self>;
}

/// A list of `T`, owned or left encoded in the cache's bytes until read.
pub struct Lazy<T> {
    decoded: OnceLock<Vec<T>>,
    kept: Option<Kept>,
}

#[derive(Clone)]
struct Kept {
    bytes: Bytes,
    place: Place,
}

impl Kept {
    fn slice(&self) -> Option<&[u8]> {
        let start = usize::try_from(self.place.at).ok()?;
        let end = start.checked_add(self.place.len as usize)?;
        (*self.bytes).as_ref().get(start..end)
    }
}

impl<T: Piece> Lazy<T> {
    /// A list left in `bytes` at `place`, decoded when first read.
    pub fn kept(bytes: Bytes, place: Place) -> Lazy<T> {
        Lazy {
            decoded: OnceLock::new(),
            kept: Some(Kept { bytes, place }),
        }
    }

    /// Where the list is in the cache's bytes, if it was left there.
    pub fn place(&self) -> Option<Place> {
        self.kept.as_ref().map(|k| k.place)
    }

    /// Whether the list is still only in the cache's bytes (never read, or read for
    /// a moment without keeping it).
    pub fn is_kept(&self) -> bool {
        self.kept.is_some() && self.decoded.get().is_none()
    }

    /// The list's encoding (postcard) as the cache holds it, and its checksum: the
    /// cache's own bytes, copied, with the checksum they came with (so that bytes
    /// damaged since they were checked stay found damaged), when it came from there
    /// and was not read; else encoded now.
    pub fn encoded(&self) -> Result<(Vec<u8>, u64), postcard::Error> {
        match &self.kept {
            Some(kept) if self.decoded.get().is_none() => {
                if let Some(bytes) = kept.slice() {
                    return Ok((bytes.to_vec(), kept.place.hash));
                }
            }
            _ => {}
        }
        let bytes = postcard::to_stdvec(&**self)?;
        let hash = Place::checksum(&bytes);
        Ok((bytes, hash))
    }

    /// Runs `f` on the list: on the one kept if it was read before, else on one
    /// decoded for the call and dropped after (a search looking into many articles
    /// once does not keep them all in memory).
    pub fn with<R>(&self, f: impl FnOnce(&[T]) -> R) -> R {
        match self.decoded.get() {
            Some(list) => f(list),
            None if self.kept.is_some() => f(&self.decode()),
            None => f(&[]),
        }
    }

    /// The list decoded from the kept bytes, or the stand-in if they fail a check.
    fn decode(&self) -> Vec<T> {
        let Some(kept) = &self.kept else {
            return Vec::new();
        };
        let list = kept
            .slice()
            .filter(|bytes| Place::checksum(bytes) == kept.place.hash)
            .and_then(|bytes| postcard::from_bytes::<Vec<T>>(bytes).ok())
            .filter(|list| list.iter().all(T::is_safe));
        list.unwrap_or_else(T::damaged)
    }
}

impl<T> Default for Lazy<T> {
    fn default() -> Self {
        Lazy {
            decoded: OnceLock::new(),
            kept: None,
        }
    }
}

impl<T> From<Vec<T>> for Lazy<T> {
    fn from(list: Vec<T>) -> Self {
        Lazy {
            decoded: OnceLock::from(list),
            kept: None,
        }
    }
}

impl<T: Piece> Deref for Lazy<T> {
    type Target = Vec<T>;

    fn deref(&self) -> &Vec<T> {
        self.decoded.get_or_init(|| self.decode())
    }
}

impl<T: Piece> DerefMut for Lazy<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        if self.decoded.get().is_none() {
            let list = self.decode();
            self.decoded = OnceLock::from(list);
        }
        // Changed, it is no longer the cache's.
        self.kept = None;
        match self.decoded.get_mut() {
            Some(list) => list,
            None => unreachable!("decoded just above"),
        }
    }
}

impl<T: Clone> Clone for Lazy<T> {
    fn clone(&self) -> Self {
        Lazy {
            decoded: self.decoded.clone(),
            kept: self.kept.clone(),
        }
    }
}

impl<T: Piece + PartialEq> PartialEq for Lazy<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Piece + Eq> Eq for Lazy<T> {}

impl<T: Piece + fmt::Debug> fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_kept() {
            return write!(f, "Lazy(kept at {:?})", self.kept.as_ref().map(|k| k.place));
        }
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: Piece> Serialize for Lazy<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.with(|list| list.serialize(s))
    }
}

impl<'de, T: Piece> Deserialize<'de> for Lazy<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<T>::deserialize(d).map(Lazy::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Block;

    fn kept(list: &[Block]) -> (Lazy<Block>, Bytes) {
        let mut bytes = b"header".to_vec();
        let encoded = postcard::to_stdvec(list).unwrap_or_default();
        let place = Place {
            at: bytes.len() as u64,
            len: encoded.len() as u32,
            hash: Place::checksum(&encoded),
        };
        bytes.extend_from_slice(&encoded);
        bytes.extend_from_slice(b"trailer");
        let bytes: Bytes = Arc::new(bytes);
        (Lazy::kept(bytes.clone(), place), bytes)
    }

    #[test]
    fn a_kept_list_reads_as_it_was_written_and_is_decoded_once_read() {
        let list = vec![Block::Paragraph("One.".into()), Block::Rule];
        let (lazy, _) = kept(&list);
        assert!(lazy.is_kept());
        assert_eq!(lazy.with(|l| l.len()), 2);
        // Looked into for a moment: still only in the bytes.
        assert!(lazy.is_kept());
        assert_eq!(*lazy, list);
        assert!(!lazy.is_kept());
        let encoded = postcard::to_stdvec(&list).unwrap_or_default();
        let hash = Place::checksum(&encoded);
        assert_eq!(lazy.encoded().ok(), Some((encoded, hash)));
    }

    #[test]
    fn a_kept_list_is_copied_as_its_bytes_until_changed() {
        let list = vec![Block::Paragraph("One.".into())];
        let (mut lazy, _) = kept(&list);
        let copied = lazy.encoded().ok().map(|(bytes, _)| bytes);
        assert_eq!(copied, postcard::to_stdvec(&list).ok());
        lazy.push(Block::Rule);
        assert!(!lazy.is_kept());
        assert_eq!(lazy.len(), 2);
        let again: Option<Vec<Block>> = lazy
            .encoded()
            .ok()
            .and_then(|(b, _)| postcard::from_bytes(&b).ok());
        assert_eq!(again.map(|l| l.len()), Some(2));
    }

    #[test]
    fn damaged_or_unsafe_bytes_give_the_stand_in() {
        let list = vec![Block::Paragraph("One.".into())];
        let (lazy, bytes) = kept(&list);
        let place = lazy.kept.as_ref().map(|k| k.place).unwrap_or(Place {
            at: 0,
            len: 0,
            hash: 0,
        });
        let mut flipped = (*bytes).as_ref().to_vec();
        flipped[place.at as usize + 2] ^= 0x40;
        let lazy: Lazy<Block> = Lazy::kept(Arc::new(flipped.clone()), place);
        // Copied as they are with the checksum they came with: still damaged.
        let (copy, hash) = lazy.encoded().unwrap_or_default();
        assert_eq!(hash, place.hash);
        assert_ne!(Place::checksum(&copy), hash);
        assert_eq!(*lazy, Block::damaged());
        // Beyond the end of the bytes.
        let far = Place {
            at: 1 << 40,
            ..place
        };
        assert_eq!(*Lazy::<Block>::kept(bytes.clone(), far), Block::damaged());
        // Text with an escape, checksum and all.
        let (unsafe_list, _) = kept(&[Block::Paragraph("\x1b[2J".into())]);
        assert_eq!(*unsafe_list, Block::damaged());
    }
}
