//! Bytes to text: a BOM (UTF-8, or UTF-16LE/BE where the bytes can be UTF-16) wins;
//! then valid UTF-8, whatever the file declares; then the charset the file declares,
//! where its bytes fit it; then chardetng's guess for legacy files (windows-1252,
//! Latin-1, GBK, Shift_JIS, ...), leaning to windows-1252 for Western text.
//! encoding_rs does the decoding. No I/O here.

use std::borrow::Cow;

use encoding_rs::{Encoding, ISO_2022_JP, UTF_8, WINDOWS_1252};

pub struct Decoded<'a> {
    /// Borrowed from the bytes when they are valid UTF-8 already.
    pub text: Cow<'a, str>,
    /// The encoding's name, as encoding_rs spells it ("UTF-8", "windows-1252", ...).
    pub encoding: &'static str,
    /// Bytes that were not valid in that encoding were replaced with U+FFFD.
    pub replaced: bool,
    /// How the encoding was chosen.
    pub chosen: Chosen,
}

/// How the encoding of a file was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chosen {
    /// A byte order mark names it.
    Bom,
    /// The bytes are UTF-8 (some may be damaged).
    Utf8,
    /// The file declares it and its bytes fit it.
    Declared,
    /// Guessed from the bytes; `declared` names the encoding the file declares and
    /// its bytes do not fit, if it declares one.
    Guessed { declared: Option<&'static str> },
}

/// Whether the bytes start with a UTF-16 byte order mark (such files hold NUL bytes
/// and must not be taken for binary).
pub fn has_utf16_bom(bytes: &[u8]) -> bool {
    matches!(Encoding::for_bom(bytes), Some((enc, _)) if enc != UTF_8)
}

/// Decodes `bytes`; `declared` is the charset label the file itself names, if any.
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>) -> Decoded<'a> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = &bytes[bom_len..];
        // UTF-16 with a space, a newline or a Latin letter holds NUL bytes; bytes
        // that hold none and are not even valid UTF-16 only start like a BOM.
        if encoding == UTF_8 || memchr::memchr(0, rest).is_some() || fits(encoding, rest) {
            return with(encoding, rest, Chosen::Bom);
        }
    }
    let named = declared.and_then(|label| Encoding::for_label(label.trim().as_bytes()));
    let declared = named.filter(|&enc| enc != UTF_8);
    // ISO-2022-JP is written in 7-bit bytes, valid UTF-8 to the letter.
    if let Some(enc) = declared.filter(|&enc| enc == ISO_2022_JP && fits(enc, bytes)) {
        return with(enc, bytes, Chosen::Declared);
    }
    // Valid UTF-8 with non-ASCII text is UTF-8, whatever the label says: no legacy
    // text is valid UTF-8 by accident, and ASCII reads the same either way.
    if std::str::from_utf8(bytes).is_ok() {
        return with(UTF_8, bytes, Chosen::Utf8);
    }
    // A multi-byte declaration is believed where its bytes fit, but for a few damaged.
    if let Some(enc) = declared.filter(|&enc| !enc.is_single_byte() && mostly_fits(enc, bytes)) {
        return with(enc, bytes, Chosen::Declared);
    }
    if mostly_utf8(bytes) {
        return with(UTF_8, bytes, Chosen::Utf8);
    }
    let guess = guess(bytes);
    // Every byte fits a single-byte encoding: Japanese or Chinese bytes under a
    // Western label are told by the guess decoding them cleanly.
    if let Some(enc) = declared.filter(|&enc| enc.is_single_byte())
        && (guess.is_single_byte() || !fits(guess, bytes))
    {
        return with(enc, bytes, Chosen::Declared);
    }
    match declared {
        // Bytes that fit neither are the file's own word's to show.
        Some(enc) if !fits(guess, bytes) => with(enc, bytes, Chosen::Declared),
        _ => with(
            guess,
            bytes,
            Chosen::Guessed {
                declared: named.map(Encoding::name),
            },
        ),
    }
}

/// Whether the bytes decode in `encoding` with nothing replaced.
fn fits(encoding: &'static Encoding, bytes: &[u8]) -> bool {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some()
}

/// Whether the bytes decode in `encoding` with at most one character in ten replaced.
fn mostly_fits(encoding: &'static Encoding, bytes: &[u8]) -> bool {
    let (text, replaced) = encoding.decode_without_bom_handling(bytes);
    if !replaced {
        return true;
    }
    let (mut good, mut bad) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        if c == '\u{fffd}' {
            bad += 1;
        } else {
            good += 1;
        }
    }
    bad * 10 <= good
}

/// chardetng's guess (never UTF-8), with a lean to windows-1252: when it guesses a
/// Central European, Baltic, Turkish or Vietnamese encoding only because of high
/// bytes that stand apart from any word (a `£` before a digit, junk such as `ÿþÃ(`),
/// and the words alone read as Western, windows-1252 it is.
fn guess(bytes: &[u8]) -> &'static Encoding {
    let guess = detect(bytes);
    if !is_latin_script(guess) {
        return guess;
    }
    let words = high_bytes_in_words(bytes);
    if detect(&words) == WINDOWS_1252 {
        WINDOWS_1252
    } else {
        guess
    }
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// The single-byte encodings chardetng may pick over windows-1252 for Latin text.
fn is_latin_script(encoding: &'static Encoding) -> bool {
    use encoding_rs::{
        ISO_8859_2, ISO_8859_4, ISO_8859_13, WINDOWS_1250, WINDOWS_1254, WINDOWS_1257, WINDOWS_1258,
    };
    [
        WINDOWS_1250,
        ISO_8859_2,
        WINDOWS_1257,
        ISO_8859_4,
        ISO_8859_13,
        WINDOWS_1254,
        WINDOWS_1258,
    ]
    .contains(&encoding)
}

/// The bytes without the runs of high bytes that touch no ASCII letter on either side.
fn high_bytes_in_words(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii() {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let end = bytes[i..]
            .iter()
            .position(u8::is_ascii)
            .map_or(bytes.len(), |n| i + n);
        let before = i.checked_sub(1).map(|b| bytes[b]);
        let after = bytes.get(end).copied();
        if [before, after]
            .into_iter()
            .any(|b| b.is_some_and(|b| b.is_ascii_alphabetic()))
        {
            out.extend_from_slice(&bytes[i..end]);
        }
        i = end;
    }
    out
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

fn with<'a>(encoding: &'static Encoding, bytes: &'a [u8], chosen: Chosen) -> Decoded<'a> {
    let (text, replaced) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding: encoding.name(),
        replaced,
        chosen,
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

    #[test]
    fn central_european_text_is_not_taken_for_western() {
        let (polish, _, _) = encoding_rs::WINDOWS_1250.encode("Zażółć gęślą jaźń, płacę złotówką.");
        let (lodz, _, _) = encoding_rs::WINDOWS_1250.encode("Łódź to miasto.");
        let (czech, _, _) =
            encoding_rs::WINDOWS_1250.encode("Dobrý den, jak se máte? Čeština je krásná.");
        for (bytes, want) in [
            (&polish, "Zażółć gęślą jaźń, płacę złotówką."),
            (&lodz, "Łódź to miasto."),
            (&czech, "Dobrý den, jak se máte? Čeština je krásná."),
        ] {
            let d = decode(bytes, None);
            assert_eq!(d.text, want);
            assert_eq!(d.chosen, Chosen::Guessed { declared: None });
        }
        let (russian, _, _) = encoding_rs::WINDOWS_1251.encode("Новости дня: погода в Москве.");
        assert_eq!(decode(&russian, None).text, "Новости дня: погода в Москве.");
    }

    #[test]
    fn a_pound_sign_and_junk_bytes_do_not_outvote_western_words() {
        let d = decode(b"Market report\n\nShares rose to \xa35 today.\n", None);
        assert_eq!(d.text, "Market report\n\nShares rose to £5 today.\n");
        assert_eq!(d.encoding, "windows-1252");
        let d = decode(
            b"The na\xefve cr\xe8me br\xfbl\xe9e: \xff\xfe\xc3( end",
            None,
        );
        assert_eq!(d.text, "The naïve crème brûlée: ÿþÃ( end");
    }

    #[test]
    fn a_declared_charset_wins_where_the_bytes_fit_it() {
        let (central, _, _) = encoding_rs::ISO_8859_2.encode("Cena: Ł5");
        let d = decode(&central, Some("iso-8859-2"));
        assert_eq!((&*d.text, d.chosen), ("Cena: Ł5", Chosen::Declared));
        // A damaged byte in a long GBK text does not unseat its label.
        let (mut gbk, _, _) = encoding_rs::GBK.encode("北京的新闻，今天天气很好。");
        gbk.to_mut().insert(4, 0xff);
        let d = decode(&gbk, Some("gbk"));
        assert_eq!(d.chosen, Chosen::Declared);
        assert!(d.replaced && d.text.starts_with("北京"), "{}", d.text);
        // ASCII text declared UTF-16 (a common slip in XML declarations) is read as it is.
        let d = decode(
            b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss/>",
            Some("UTF-16"),
        );
        assert!(d.text.starts_with("<?xml"), "{}", d.text);
    }

    #[test]
    fn a_multibyte_label_on_western_bytes_gives_way_to_the_guess() {
        let bytes = b"Le caf\xe9 co\xfbte 5 \x80, na\xefve fa\xe7ade, cr\xe8me br\xfbl\xe9e.";
        let d = decode(bytes, Some("Shift_JIS"));
        assert_eq!(d.text, "Le café coûte 5 €, naïve façade, crème brûlée.");
        assert_eq!(
            d.chosen,
            Chosen::Guessed {
                declared: Some("Shift_JIS")
            }
        );
        let d = decode(b"caf\xe9 cr\xe8me br\xfbl\xe9e", Some("utf-8"));
        assert_eq!(d.text, "café crème brûlée");
        assert_eq!(
            d.chosen,
            Chosen::Guessed {
                declared: Some("UTF-8")
            }
        );
    }

    #[test]
    fn a_utf16_bom_on_bytes_that_are_no_utf16_is_text() {
        let d = decode(
            b"\xff\xfe\xc3( broken start\n\nThe caf\xe9 is open.\n",
            None,
        );
        assert_eq!(d.text, "ÿþÃ( broken start\n\nThe café is open.\n");
        assert_eq!(d.chosen, Chosen::Guessed { declared: None });
        // Japanese in UTF-16 holds no NUL byte, and is still UTF-16.
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("東京のニュース。".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&le, None).text, "東京のニュース。");
    }
}
