//! The YAML front matter most files have, `key: value` lines of words, quoted text,
//! dates and lists of words, read without the YAML parser (which took 40% of a
//! Markdown file's parse). A line is read here only when its YAML reading is certain
//! (a test checks each kind against yaml-rust2); any other front matter goes to the
//! parser.

use super::front_matter::Value;

/// The keys and values of `content`, when every line is one read here as the YAML
/// parser reads it; `None` sends the front matter to the parser.
pub(super) fn read(content: &str) -> Option<Vec<(String, Value)>> {
    let mut map: Vec<(String, Value)> = Vec::new();
    for line in content.split('\n') {
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once(": ")?;
        if !is_key(key) || map.iter().any(|(k, _)| k == key) {
            return None;
        }
        map.push((key.to_string(), self::value(value)?));
    }
    (!map.is_empty()).then_some(map)
}

/// A key YAML reads as the text it is: an ASCII letter, then letters, digits, `_`
/// and `-`, and not a word YAML reads as null or true or false.
fn is_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !is_reserved(key)
}

/// A double-quoted text without quotes, backslashes or controls in it; a plain
/// word; a date; or a list of plain words (`[a, b]`).
fn value(value: &str) -> Option<Value> {
    if let Some(inner) = value.strip_prefix('"') {
        let text = inner.strip_suffix('"')?;
        let plain = text
            .chars()
            .all(|c| c != '"' && c != '\\' && !c.is_control());
        return plain.then(|| Value::Text(text.to_string()));
    }
    if let Some(inner) = value.strip_prefix('[') {
        let items = inner.strip_suffix(']')?;
        if items.is_empty() {
            return Some(Value::List(Vec::new()));
        }
        let words: Option<Vec<Value>> = items
            .split(", ")
            .map(|item| is_word(item).then(|| Value::Text(item.to_string())))
            .collect();
        return words.map(Value::List);
    }
    (is_word(value) || is_date(value)).then(|| Value::Text(value.to_string()))
}

/// Words YAML reads as text: a letter first, then letters, digits, `-` and `.`,
/// single spaces between them, and not null, true or false.
fn is_word(text: &str) -> bool {
    text.starts_with(char::is_alphabetic)
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.'))
        && !is_reserved(text)
}

/// `2017-10-24`, which YAML reads as that text.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, &c)| {
            if i == 4 || i == 7 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn is_reserved(word: &str) -> bool {
    matches!(
        word,
        "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    )
}

#[cfg(test)]
mod tests {
    use yaml_rust2::YamlLoader;

    use super::super::front_matter::from_yaml;
    use super::*;

    /// What the YAML parser makes of `content`, as the front matter reads it.
    fn parsed(content: &str) -> Option<Vec<(String, Value)>> {
        let docs = YamlLoader::load_from_str(content).ok()?;
        match from_yaml(docs.first()?, 0) {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    #[test]
    fn what_is_read_here_is_what_the_yaml_parser_reads() {
        let keys = [
            "title", "author", "date", "tags", "y", "on", "no", "a-b", "x_1", "null",
        ];
        let values = [
            "\"The morgon sal year\"",
            "\"a: b # c\"",
            "\"\"",
            "\"ü 東京 🌅\"",
            "\"a\u{2028}b\"",
            "\"a\u{feff}b\"",
            "\"a\u{a0}b \u{3000}\"",
            "\"e\u{301}\u{200b}\"",
            "Wa\u{a0}ter",
            "\"with \\\" escape\"",
            "\"tab\there\"",
            "Jari Ja",
            "St. John",
            "Jean-Paul",
            "yes",
            "No",
            "inf",
            "NaN",
            "infinity",
            "e5",
            "x1e5",
            "0x1F",
            "null",
            "True",
            "Café",
            "2017-10-24",
            "2017-1-24",
            "20171024",
            "12",
            "1.5",
            "-1",
            ".inf",
            "~",
            "a: b",
            "a #b",
            "a  b",
            "a ",
            " a",
            "'single'",
            "[news, bench]",
            "[]",
            "[news,bench]",
            "[ a ]",
            "[true, x]",
            "[a, 2017-10-24]",
            "&anchor a",
            "*alias",
            "!tag a",
            "|",
            ">",
            "@x",
            "`x`",
            "a, b",
            "a: ",
        ];
        let mut read_here = 0;
        for (i, key) in keys.iter().enumerate() {
            for (j, value) in values.iter().enumerate() {
                let other = values[(i + j) % values.len()];
                for content in [
                    format!("{key}: {value}\n"),
                    format!("{key}: {value}\nother: {other}\n"),
                    format!("{key}: {value}\n\n{key}2: {other}"),
                    format!("{key}: {value}\r\n"),
                ] {
                    if let Some(here) = read(&content) {
                        read_here += 1;
                        assert_eq!(Some(here), parsed(&content), "{content:?}");
                    }
                }
            }
        }
        // Most of these go to the parser; the common kinds are read here.
        assert!(read_here > 100, "{read_here}");
        let common = "title: \"A title\"\nauthor: Jari Ja\ndate: 2017-10-24\ntags: [news, bench]\n";
        assert!(read(common).is_some());
        assert_eq!(read(common), parsed(common));
        // A key twice, a comment, an indented line: the parser's.
        for content in [
            "a: b\na: c\n",
            "# c\na: b\n",
            "a: b\n  c: d\n",
            "a:\n  - b\n",
        ] {
            assert_eq!(read(content), None, "{content:?}");
        }
    }
}
