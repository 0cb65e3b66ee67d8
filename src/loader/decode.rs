//! Bytes to text: a BOM (UTF-8, UTF-16LE/BE) wins; then valid UTF-8; then the charset
//! the file declares; then chardetng's guess for legacy files (windows-1252, Latin-1,
//! GBK, Shift_JIS, ...). encoding_rs does the decoding. No I/O here.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

pub struct Decoded<'a> {
    /// Borrowed from the bytes when they are valid UTF-8 already.
    pub text: Cow<'a, str>,
    /// The encoding's name, as encoding_rs spells it ("UTF-8", "windows-1252", ...).
    pub encoding: &'static str,
    /// Bytes that were not valid in that encoding were replaced with U+FFFD.
    pub replaced: bool,
}

/// Whether the bytes start with a UTF-16 byte order mark (such files hold NUL bytes
/// and must not be taken for binary).
pub fn has_utf16_bom(bytes: &[u8]) -> bool {
    matches!(Encoding::for_bom(bytes), Some((enc, _)) if enc != UTF_8)
}

/// Decodes `bytes`; `declared` is the charset label the file itself names, if any.
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>) -> Decoded<'a> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return with(encoding, &bytes[bom_len..]);
    }
    let declared = declared.and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    match declared {
        // A multi-byte legacy declaration is believed: its bytes are seldom valid UTF-8
        // by accident, and ASCII-only text decodes the same either way.
        Some(enc) if enc != UTF_8 && !enc.is_single_byte() => with(enc, bytes),
        // A single-byte declaration on text that is valid UTF-8 is usually a stale
        // label; the UTF-8 reading is the one that shows é as é.
        Some(enc) if enc != UTF_8 && !valid_utf8 => with(enc, bytes),
        _ if valid_utf8 || mostly_utf8(bytes) => with(UTF_8, bytes),
        _ => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
            detector.feed(bytes, true);
            let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
            with(guess, bytes)
        }
    }
}

/// UTF-8 with a few damaged bytes (more valid multi-byte characters than invalid
/// bytes), as opposed to a legacy encoding, where high bytes are never valid UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    multibyte > 0 && invalid <= multibyte
}

fn with<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Decoded<'a> {
    let (text, replaced) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding: encoding.name(),
        replaced,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("café".as_bytes(), None);
        assert_eq!((&*d.text, d.encoding, d.replaced), ("café", "UTF-8", false));
        let d = decode(b"\xef\xbb\xbfcaf\xc3\xa9", None);
        assert_eq!(d.text, "café");
    }

    #[test]
    fn utf8_with_a_damaged_byte_stays_utf8() {
        let d = decode(b"Caf\xc3\xa9 au lait\n\nab\xffcd \xc3\xa9t\xc3\xa9", None);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.replaced);
        assert_eq!(d.text, "Café au lait\n\nab\u{fffd}cd été");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Ünï 日本".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("Ünï 日本".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert!(has_utf16_bom(&le) && has_utf16_bom(&be));
        assert_eq!(decode(&le, None).text, "Ünï 日本");
        assert_eq!(decode(&be, None).text, "Ünï 日本");
    }

    #[test]
    fn legacy_single_byte_is_guessed_not_replaced() {
        // "The café costs £5 – a bargain" in windows-1252.
        let bytes = b"The caf\xe9 costs \xa35 \x96 a bargain, said the na\xefve critic.";
        let d = decode(bytes, None);
        assert!(!d.text.contains('\u{fffd}'), "{}", d.text);
        assert!(d.text.contains("café costs £5 – a bargain"), "{}", d.text);
    }

    #[test]
    fn declared_multibyte_charsets_are_honoured() {
        let (gbk, _, _) = encoding_rs::GBK.encode("北京的新闻");
        assert_eq!(decode(&gbk, Some("gb2312")).text, "北京的新闻");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("東京のニュース");
        assert_eq!(decode(&sjis, Some("Shift_JIS")).text, "東京のニュース");
    }

    #[test]
    fn a_stale_single_byte_label_on_utf8_text_is_ignored() {
        let d = decode("naïve café".as_bytes(), Some("iso-8859-1"));
        assert_eq!(d.text, "naïve café");
        let d = decode(b"na\xefve caf\xe9", Some("iso-8859-1"));
        assert_eq!(d.text, "naïve café");
    }
}
