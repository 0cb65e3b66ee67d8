//! One web page over HTTP(S) with ureq (rustls): redirects followed, the size and the
//! time capped, the charset taken from the header, then the page's own `<meta>`
//! (`loader::decode` decides). Only HTML is taken. `fetch` blocks: run it off the UI
//! thread. `extract` reads the article out of the page with the saved-page extractor.

use std::time::Duration;

use ureq::ResponseExt as _;

use crate::article::{Draft, sanitize};
use crate::loader::{decode, html};

/// Redirects followed before giving up.
const MAX_REDIRECTS: u32 = 10;

/// How much a fetch may take (config: `save_max_bytes`, `save_timeout`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes of body read (after decompression).
    pub max_bytes: u64,
    /// The most time the whole exchange may take, redirects and body included.
    pub timeout: Duration,
}

/// A fetched web page, decoded.
#[derive(Clone, Debug)]
pub struct Page {
    /// Where the page was found, after redirects.
    pub url: String,
    /// Its text.
    pub html: String,
    /// The encoding it was decoded from, as encoding_rs names it.
    pub encoding: &'static str,
}

/// Why a page could not be fetched, in words fit for `failed: URL: …`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("not a URL ({0})")]
    BadUrl(String),
    #[error("only http and https URLs can be fetched, not {0}")]
    Scheme(String),
    /// The server's answer was not a success: `404 Not Found`.
    #[error("{code} {reason}")]
    Status { code: u16, reason: String },
    #[error("timed out after {} s", .0.as_secs_f64())]
    Timeout(Duration),
    /// The content type, as the server gave it.
    #[error("not a web page ({0})")]
    NotHtml(String),
    #[error("larger than {}", size(*.0))]
    TooLarge(u64),
    /// DNS, TLS, connection and protocol errors, as the client says them.
    #[error("{0}")]
    Client(String),
}

/// Bytes as people write them: `10 MiB`, `512 KiB`, `1000 bytes`.
pub fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = KIB * KIB;
    match bytes {
        b if b >= MIB && b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b >= KIB && b % KIB == 0 => format!("{} KiB", b / KIB),
        b => format!("{b} bytes"),
    }
}

/// Checks that `url` is an absolute http or https URL; the parsed URL.
pub fn check_url(url: &str) -> Result<url::Url, FetchError> {
    let parsed = url::Url::parse(url.trim()).map_err(|e| FetchError::BadUrl(e.to_string()))?;
    match parsed.scheme() {
        "http" | "https" => Ok(parsed),
        other => Err(FetchError::Scheme(format!("{other}:"))),
    }
}

/// Fetches one web page. Blocks for up to `limits.timeout`.
pub fn fetch(url: &str, limits: &Limits) -> Result<Page, FetchError> {
    let url = check_url(url)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .http_status_as_error(false)
        .max_redirects(MAX_REDIRECTS)
        .user_agent(concat!("tidings/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let failed = |e: ureq::Error| client_error(e, limits);
    let mut response = agent
        .get(url.as_str())
        .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
        .call()
        .map_err(failed)?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status {
            code: status.as_u16(),
            reason: status.canonical_reason().unwrap_or("").to_string(),
        });
    }
    let final_url = response.get_uri().to_string();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (mime, charset) = header("content-type")
        .map(|t| media_type(&t))
        .unwrap_or_default();
    if let Some(mime) = &mime
        && !is_html(mime)
    {
        return Err(FetchError::NotHtml(mime.clone()));
    }
    let length = header("content-length").and_then(|l| l.trim().parse::<u64>().ok());
    if length.is_some_and(|l| l > limits.max_bytes) {
        return Err(FetchError::TooLarge(limits.max_bytes));
    }
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(failed)?;
    let declared = charset.or_else(|| html::declared_charset(&bytes[..bytes.len().min(1024)]));
    let decoded = decode::decode(&bytes, declared.as_deref());
    if mime.is_none() && !html::looks_like_html(&decoded.text) {
        return Err(FetchError::NotHtml("no content type, and not HTML".into()));
    }
    Ok(Page {
        url: final_url,
        html: decoded.text.into_owned(),
        encoding: decoded.encoding,
    })
}

fn client_error(error: ureq::Error, limits: &Limits) -> FetchError {
    match error {
        ureq::Error::Timeout(_) => FetchError::Timeout(limits.timeout),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
            FetchError::Timeout(limits.timeout)
        }
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge(limits.max_bytes),
        other => FetchError::Client(other.to_string()),
    }
}

/// `text/html; charset=ISO-8859-1` → (`text/html`, `ISO-8859-1`), the type lowercased.
fn media_type(header: &str) -> (Option<String>, Option<String>) {
    let mut parts = header.split(';');
    let mime = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (key, value) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    });
    (mime, charset)
}

fn is_html(mime: &str) -> bool {
    matches!(mime, "text/html" | "application/xhtml+xml")
}

/// The article in a fetched page, as a saved page of it would read: its source is
/// the page's URL after redirects, and links the page left relative lead there.
pub fn extract(page: &Page) -> Draft {
    let mut draft = html::parse(&sanitize(&page.html));
    let base = url::Url::parse(&page.url).ok();
    for link in &mut draft.links {
        if let (Err(url::ParseError::RelativeUrlWithoutBase), Some(base)) =
            (url::Url::parse(&link.url), &base)
            && let Ok(joined) = base.join(&link.url)
        {
            link.url = joined.to_string();
        }
    }
    draft.source = Some(page.url.clone());
    draft
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(10 * 1024 * 1024), "10 MiB");
        assert_eq!(size(2048), "2 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }

    #[test]
    fn errors_say_what_went_wrong() {
        let status = FetchError::Status {
            code: 404,
            reason: "Not Found".into(),
        };
        assert_eq!(status.to_string(), "404 Not Found");
        assert_eq!(
            FetchError::Timeout(Duration::from_secs(20)).to_string(),
            "timed out after 20 s"
        );
        assert_eq!(
            FetchError::Timeout(Duration::from_millis(500)).to_string(),
            "timed out after 0.5 s"
        );
        assert_eq!(
            FetchError::TooLarge(10 * 1024 * 1024).to_string(),
            "larger than 10 MiB"
        );
        assert_eq!(
            FetchError::NotHtml("application/pdf".into()).to_string(),
            "not a web page (application/pdf)"
        );
    }

    #[test]
    fn the_content_type_gives_the_type_and_the_charset() {
        assert_eq!(
            media_type("Text/HTML; Charset=\"ISO-8859-1\""),
            (Some("text/html".into()), Some("ISO-8859-1".into()))
        );
        assert_eq!(
            media_type("application/pdf"),
            (Some("application/pdf".into()), None)
        );
    }

    #[test]
    fn only_http_and_https_urls_are_fetched() {
        assert!(check_url("https://example.com/a").is_ok());
        assert_eq!(
            check_url("file:///etc/passwd").unwrap_err().to_string(),
            "only http and https URLs can be fetched, not file:"
        );
        assert!(matches!(
            check_url("example.com"),
            Err(FetchError::BadUrl(_))
        ));
    }

    #[test]
    fn relative_links_lead_to_the_page_and_the_source_is_its_url() {
        let page = Page {
            url: "https://example.com/news/story".into(),
            html: "<html><body><article><h1>A story</h1><p>Some words that make a \
                   paragraph long enough to count as the article's text, with \
                   <a href=\"/other\">a link</a> in it.</p></article></body></html>"
                .into(),
            encoding: "UTF-8",
        };
        let draft = extract(&page);
        assert_eq!(
            draft.source.as_deref(),
            Some("https://example.com/news/story")
        );
        assert_eq!(draft.links[0].url, "https://example.com/other");
    }
}
