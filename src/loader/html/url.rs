//! Resolving the `href` of a link against the page's base URL (RFC 3986, section 5.2,
//! for the hierarchical URLs web pages use), and deciding which links are worth keeping.

/// The URL a link points to, absolute when `base` is an absolute URL; `None` for
/// links that lead nowhere a reader can follow (`#anchors`, `javascript:`, `data:`).
pub(super) fn link_target(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    if let Some(scheme) = scheme_of(href) {
        let scheme = scheme.to_ascii_lowercase();
        return match scheme.as_str() {
            "javascript" | "data" | "vbscript" | "about" | "blob" => None,
            _ => Some(href.to_string()),
        };
    }
    match base.and_then(Parts::parse) {
        Some(base) => Some(base.join(href)),
        None => Some(href.to_string()),
    }
}

/// `href` made absolute against `base` when both allow it, else `href` unchanged.
pub(super) fn absolute(href: &str, base: Option<&str>) -> String {
    let href = href.trim();
    if scheme_of(href).is_some() {
        return href.to_string();
    }
    match base.and_then(Parts::parse) {
        Some(base) => base.join(href),
        None => href.to_string(),
    }
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

/// An absolute hierarchical URL split into what relative references replace.
struct Parts<'a> {
    scheme: &'a str,
    authority: &'a str,
    path: &'a str,
    query: Option<&'a str>,
}

impl<'a> Parts<'a> {
    fn parse(url: &'a str) -> Option<Self> {
        let url = url.trim();
        let scheme = scheme_of(url)?;
        let rest = url[scheme.len() + 1..].strip_prefix("//")?;
        let rest = rest.split('#').next().unwrap_or_default();
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(authority_end);
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (rest, None),
        };
        Some(Parts {
            scheme,
            authority,
            path,
            query,
        })
    }

    fn join(&self, href: &str) -> String {
        let Parts {
            scheme,
            authority,
            path,
            query,
        } = self;
        if href.starts_with("//") {
            return format!("{scheme}:{href}");
        }
        if href.starts_with('/') {
            return format!("{scheme}://{authority}{}", remove_dot_segments(href));
        }
        if href.starts_with('?') {
            return format!("{scheme}://{authority}{}{href}", or_root(path));
        }
        if href.is_empty() {
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            return format!("{scheme}://{authority}{}{query}", or_root(path));
        }
        let dir = match path.rfind('/') {
            Some(i) => &path[..=i],
            None => "/",
        };
        let merged = format!("{dir}{href}");
        format!("{scheme}://{authority}{}", remove_dot_segments(&merged))
    }
}

fn or_root(path: &str) -> &str {
    if path.is_empty() { "/" } else { path }
}

/// Removes `.` and `..` segments from the path part of `path_and_rest`, leaving any
/// query or fragment alone.
fn remove_dot_segments(path_and_rest: &str) -> String {
    let split = path_and_rest
        .find(['?', '#'])
        .unwrap_or(path_and_rest.len());
    let (path, rest) = path_and_rest.split_at(split);
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let mut joined = out.join("/");
    if !joined.starts_with('/') {
        joined.insert(0, '/');
    }
    joined + rest
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
}
