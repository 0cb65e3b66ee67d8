//! Variable-length integers, seven bits a byte, as postings store document gaps,
//! counts and positions.

pub(super) fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint at `*at`, advancing it. Malformed input (never written here) ends
/// the read with what was gathered.
pub(super) fn get_varint(bytes: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= u32::from(b & 0x7f) << shift;
        if b < 0x80 || shift >= 28 {
            break;
        }
        shift += 7;
    }
    v
}

pub(super) fn skip_varint(bytes: &[u8], at: &mut usize) {
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        if b < 0x80 {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut buf = Vec::new();
        for v in [0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX] {
            put_varint(&mut buf, v);
        }
        let mut at = 0;
        let back: Vec<u32> = (0..8).map(|_| get_varint(&buf, &mut at)).collect();
        assert_eq!(back, vec![0, 1, 127, 128, 300, 16_383, 16_384, u32::MAX]);
    }
}
