//! The one URL resolver of every format: the `href` of a link (HTML, Markdown, a
//! feed's `<link>`, `xml:base`) made absolute against the document's base URL with the
//! `url` crate (RFC 3986 / WHATWG joining), and the choice of which links are worth
//! keeping. An `href` that already names its scheme is kept as written. Pure
//! functions; no I/O, no panics on input.

/// `href` made absolute against `base` when both allow it (`href` is a relative
/// reference and `base` an absolute hierarchical URL), else `href` trimmed and unchanged.
pub fn absolute(href: &str, base: Option<&str>) -> String {
    let href = href.trim();
    if scheme_of(href).is_some() {
        return href.to_string();
    }
    base.and_then(|base| ::url::Url::parse(base.trim()).ok())
        .filter(|base| !base.cannot_be_a_base())
        .and_then(|base| base.join(href).ok())
        .map_or_else(|| href.to_string(), String::from)
}

/// The URL a link points to, absolute when `base` is an absolute URL; `None` for
/// links that lead nowhere a reader can follow (`#anchors`, `javascript:`, `data:`).
pub fn link_target(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let dead = scheme_of(href).is_some_and(|scheme| {
        ["javascript", "data", "vbscript", "about", "blob"]
            .iter()
            .any(|dead| scheme.eq_ignore_ascii_case(dead))
    });
    (!dead).then(|| absolute(href, base))
}

/// The scheme of an absolute URL: letters, digits, `+ - .`, starting with a letter,
/// before the first `:` (and before any `/ ? #`).
fn scheme_of(url: &str) -> Option<&str> {
    let end = url.find(':')?;
    let scheme = &url[..end];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://ex.test/blog/2024/post.html?x=1#top";

    #[test]
    fn resolves_relative_references() {
        let r = |h| link_target(h, Some(BASE)).unwrap();
        assert_eq!(r("other.html"), "https://ex.test/blog/2024/other.html");
        assert_eq!(r("../about"), "https://ex.test/blog/about");
        assert_eq!(r("../../../x"), "https://ex.test/x");
        assert_eq!(r("./a/./b"), "https://ex.test/blog/2024/a/b");
        assert_eq!(r("/root?q=1#f"), "https://ex.test/root?q=1#f");
        assert_eq!(r("//cdn.test/a"), "https://cdn.test/a");
        assert_eq!(r("?page=2"), "https://ex.test/blog/2024/post.html?page=2");
        assert_eq!(r("https://other.test/"), "https://other.test/");
        assert_eq!(r("mailto:a@b.test"), "mailto:a@b.test");
    }

    #[test]
    fn host_only_base_and_missing_base() {
        assert_eq!(
            link_target("a/b", Some("https://ex.test")).unwrap(),
            "https://ex.test/a/b"
        );
        assert_eq!(link_target("a/b", None).unwrap(), "a/b");
        assert_eq!(link_target("a/b", Some("not a url")).unwrap(), "a/b");
    }

    #[test]
    fn skips_dead_links() {
        for href in [
            "#top",
            "",
            "  ",
            "javascript:void(0)",
            "JavaScript:x()",
            "data:x",
        ] {
            assert_eq!(link_target(href, Some(BASE)), None, "{href}");
        }
    }

    #[test]
    fn urls_resolve_against_a_base() {
        let base = Some("https://ex.com/blog/feed.xml?x=1");
        assert_eq!(absolute("/a", base), "https://ex.com/a");
        assert_eq!(absolute("post/1", base), "https://ex.com/blog/post/1");
        assert_eq!(absolute("//cdn.ex.com/x", base), "https://cdn.ex.com/x");
        assert_eq!(absolute("http://o.org/", base), "http://o.org/");
        assert_eq!(absolute("a", Some("https://ex.com")), "https://ex.com/a");
        assert_eq!(absolute("/a", None), "/a");
    }
}
