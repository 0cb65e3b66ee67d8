//! One of a term's postings streams (documents or positions): bytes built here, or
//! left in the library cache's memory map and read in place, so that a warm start
//! does not copy the index (about a third of the cache) into memory of its own. A
//! stream left in the map is copied out the first time it grows (a document added
//! to its term).

use std::fmt;
use std::ops::Deref;

use serde::{Serialize, Serializer};

use crate::article::Bytes;

#[derive(Default)]
pub(super) struct Stream {
    owned: Vec<u8>,
    /// The cache's bytes and where in them (start, length) the stream is, when it
    /// was left there (`owned` is then empty).
    kept: Option<(Bytes, usize, usize)>,
}

impl Stream {
    /// `slice`, which should lie inside `bytes`: kept there (copied if it does not).
    pub(super) fn kept(bytes: &Bytes, slice: &[u8]) -> Stream {
        let whole = (**bytes).as_ref();
        let at = (slice.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
        let inside = at
            .checked_add(slice.len())
            .is_some_and(|end| end <= whole.len());
        if slice.is_empty() || !inside {
            return Stream::from(slice.to_vec());
        }
        Stream {
            owned: Vec::new(),
            kept: Some((bytes.clone(), at, slice.len())),
        }
    }

    /// Whether the bytes are read in place, in the cache's.
    #[cfg(test)]
    pub(super) fn is_kept(&self) -> bool {
        self.kept.is_some()
    }

    /// The bytes to grow: copied out of the map first if they were kept there.
    pub(super) fn to_mut(&mut self) -> &mut Vec<u8> {
        if self.kept.is_some() {
            self.owned = self.to_vec();
            self.kept = None;
        }
        &mut self.owned
    }

    pub(super) fn shrink(&mut self) {
        self.owned.shrink_to_fit();
    }

    /// Memory of its own (none for bytes kept in the map).
    pub(super) fn heap_bytes(&self) -> usize {
        self.owned.capacity()
    }
}

impl From<Vec<u8>> for Stream {
    fn from(owned: Vec<u8>) -> Stream {
        Stream { owned, kept: None }
    }
}

impl Deref for Stream {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match &self.kept {
            None => &self.owned,
            Some((bytes, at, len)) => (**bytes)
                .as_ref()
                .get(*at..at.saturating_add(*len))
                .unwrap_or_default(),
        }
    }
}

impl fmt::Debug for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Written as bytes, as a `Vec<u8>` with `serde_bytes` is (read back borrowed from
/// the cache's bytes: `parts::decode_chunk`).
impl Serialize for Stream {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn bytes_in_the_map_are_read_in_place_and_copied_out_to_grow() {
        let bytes: Bytes = Arc::new(b"abcdefgh".to_vec());
        let whole = (*bytes).as_ref();
        let mut stream = Stream::kept(&bytes, &whole[2..5]);
        assert!(stream.is_kept());
        assert_eq!(&*stream, b"cde");
        assert_eq!(stream.heap_bytes(), 0);
        stream.to_mut().push(b'!');
        assert!(!stream.is_kept());
        assert_eq!(&*stream, b"cde!");
        assert_eq!((*bytes).as_ref(), b"abcdefgh", "the map is left as it was");
    }

    #[test]
    fn bytes_outside_the_map_are_copied() {
        let bytes: Bytes = Arc::new(b"abcdefgh".to_vec());
        let elsewhere = b"xyz".to_vec();
        let stream = Stream::kept(&bytes, &elsewhere);
        assert!(!stream.is_kept());
        assert_eq!(&*stream, b"xyz");
        assert!(!Stream::kept(&bytes, &[]).is_kept());
    }

    #[test]
    fn a_stream_is_written_as_bytes_are() {
        let bytes: Bytes = Arc::new(vec![1, 2, 3, 200]);
        let kept = Stream::kept(&bytes, (*bytes).as_ref());
        let written = postcard::to_stdvec(&kept).unwrap();
        let plain = postcard::to_stdvec(&serde_bytes::Bytes::new(&[1, 2, 3, 200])).unwrap();
        assert_eq!(written, plain);
    }
}
