//! What a page says about itself outside its text: `<meta>` tags, `<link
//! rel=canonical>`, `<base href>`, `<title>` and JSON-LD (`NewsArticle`,
//! `BlogPosting`, …). Collected once from the whole document before anything is
//! removed; read by the field accessors below.

use serde_json::Value;

use super::dom::{self, Collapser, NodeR};
use crate::dates::parse_date;
use crate::loader::url;

/// JSON-LD `@type`s that describe an article.
const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "techarticle",
    "scholarlyarticle",
    "report",
    "posting",
    "socialmediaposting",
    "liveblogposting",
];

/// At most this many tags are kept (keyword lists can be long SEO dumps).
const MAX_TAGS: usize = 30;

#[derive(Default)]
pub(super) struct PageMeta {
    /// `(key, content)` for each `<meta>` key (`name`, `property` or `itemprop`).
    metas: Vec<(String, String)>,
    canonical: Option<String>,
    base_href: Option<String>,
    title_tag: Option<String>,
    ld: LdArticle,
}

/// The fields read from the JSON-LD object that describes the article.
#[derive(Default)]
struct LdArticle {
    headline: Option<String>,
    author: Option<String>,
    date_published: Option<String>,
    date_created: Option<String>,
    publisher: Option<String>,
    description: Option<String>,
    keywords: Vec<String>,
    url: Option<String>,
}

impl PageMeta {
    pub(super) fn collect(root: NodeR) -> Self {
        let mut page = PageMeta::default();
        let mut ld_objects = Vec::new();
        for node in root.descendants() {
            match dom::tag(node) {
                Some("meta") => page.add_meta(node),
                Some("link") if has_rel(node, "canonical") => {
                    set_once(&mut page.canonical, dom::attr(node, "href"));
                }
                Some("base") => set_once(&mut page.base_href, dom::attr(node, "href")),
                Some("title") if page.title_tag.is_none() && !in_svg(node) => {
                    page.title_tag = Some(dom::text_of_raw(node));
                }
                Some("script") if is_json_ld(node) => ld_objects.extend(json_ld_objects(node)),
                _ => {}
            }
        }
        page.ld = LdArticle::from_objects(&ld_objects);
        page
    }

    fn add_meta(&mut self, node: NodeR) {
        let [content, property, name, itemprop] =
            dom::attrs(node, ["content", "property", "name", "itemprop"]);
        let Some(content) = content.map(one_line).filter(|c| !c.is_empty()) else {
            return;
        };
        for key in [property, name, itemprop].into_iter().flatten() {
            self.metas
                .push((key.trim().to_ascii_lowercase(), content.clone()));
        }
    }

    /// The first meta value found, trying `keys` in order.
    fn meta(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|key| {
            self.metas
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        })
    }

    fn metas<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.metas
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The page's own URL: canonical link, `og:url` or JSON-LD `url`.
    pub(super) fn source(&self) -> Option<String> {
        let og_url = self.meta(&["og:url"]);
        let canonical = self
            .canonical
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let raw = canonical.or(og_url).or(self.ld.url.as_deref())?;
        Some(url::absolute(raw, og_url.or(self.ld.url.as_deref())))
    }

    /// What relative links are resolved against: `<base href>`, else the page's URL.
    pub(super) fn base_url(&self) -> Option<String> {
        let source = self.source();
        match self
            .base_href
            .as_deref()
            .map(str::trim)
            .filter(|b| !b.is_empty())
        {
            Some(base) => Some(url::absolute(base, source.as_deref())),
            None => source,
        }
    }

    /// Every name the page gives its site: `og:site_name`, `application-name`,
    /// the JSON-LD publisher.
    pub(super) fn site_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .metas("og:site_name")
            .chain(self.metas("application-name"))
            .map(one_line)
            .filter(|n| !n.is_empty())
            .collect();
        names.extend(self.ld.publisher.clone());
        names
    }

    pub(super) fn site(&self) -> Option<String> {
        self.meta(&["og:site_name", "application-name"])
            .map(str::to_string)
            .or_else(|| self.ld.publisher.clone())
    }

    /// Title candidates from metadata, best first: `og:title`, `twitter:title`,
    /// JSON-LD `headline`.
    pub(super) fn meta_title(&self) -> Option<String> {
        self.meta(&["og:title", "twitter:title"])
            .map(str::to_string)
            .or_else(|| self.ld.headline.clone())
    }

    pub(super) fn title_tag(&self) -> Option<String> {
        self.title_tag
            .as_deref()
            .map(one_line)
            .filter(|t| !t.is_empty())
    }

    /// JSON-LD's author, cleaned.
    pub(super) fn ld_author(&self) -> Option<String> {
        self.ld.author.as_deref().and_then(clean_author)
    }

    /// The author the metadata names: every `<meta name=author>` (or the first of
    /// the other keys that names someone), joined with commas, else JSON-LD's.
    pub(super) fn author(&self) -> Option<String> {
        let keys = [
            "author",
            "article:author",
            "dc.creator",
            "dcterms.creator",
            "parsely-author",
            "sailthru.author",
        ];
        let meta = keys.iter().find_map(|key| {
            let names: Vec<String> = self.metas(key).filter_map(clean_author).collect();
            (!names.is_empty()).then(|| names.join(", "))
        });
        meta.or_else(|| self.ld.author.as_deref().and_then(clean_author))
    }

    pub(super) fn date(&self) -> Option<chrono::NaiveDate> {
        let first = self
            .meta(&[
                "article:published_time",
                "og:published_time",
                "published_time",
            ])
            .and_then(parse_date);
        let ld = || self.ld.date_published.as_deref().and_then(parse_date);
        let others = || {
            [
                "date",
                "pubdate",
                "publish-date",
                "publishdate",
                "publish_date",
                "dc.date",
                "dc.date.issued",
                "dcterms.date",
                "dcterms.issued",
                "dcterms.created",
                "citation_publication_date",
                "sailthru.date",
                "parsely-pub-date",
                "datepublished",
            ]
            .iter()
            .find_map(|key| self.meta(&[key]).and_then(parse_date))
        };
        first.or_else(ld).or_else(others)
    }

    /// A fallback date when neither metadata nor the page's `<time>` has one.
    pub(super) fn date_created(&self) -> Option<chrono::NaiveDate> {
        self.ld.date_created.as_deref().and_then(parse_date)
    }

    pub(super) fn description(&self) -> Option<String> {
        self.meta(&["og:description", "description", "twitter:description"])
            .map(str::to_string)
            .or_else(|| self.ld.description.clone())
    }

    pub(super) fn tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        let keywords = self.metas("keywords").chain(self.metas("news_keywords"));
        let split = keywords.flat_map(|k| k.split([',', ';']));
        let all = self
            .metas("article:tag")
            .chain(split)
            .map(str::to_string)
            .chain(self.ld.keywords.iter().cloned());
        for tag in all {
            let tag = one_line(&tag);
            let seen = tags.iter().any(|t| t.eq_ignore_ascii_case(&tag));
            if !tag.is_empty() && !seen && tags.len() < MAX_TAGS {
                tags.push(tag);
            }
        }
        tags
    }
}

impl LdArticle {
    /// Reads the first object typed as an article, else the first with a headline.
    fn from_objects(objects: &[Value]) -> Self {
        let article = objects
            .iter()
            .find(|o| is_article_type(o))
            .or_else(|| objects.iter().find(|o| o.get("headline").is_some()));
        let Some(article) = article else {
            return LdArticle::default();
        };
        let string = |key: &str| article.get(key).and_then(Value::as_str).map(one_line);
        LdArticle {
            headline: string("headline").or_else(|| string("name")),
            author: article.get("author").and_then(names_of),
            date_published: string("datePublished"),
            date_created: string("dateCreated"),
            publisher: article.get("publisher").and_then(names_of),
            description: string("description"),
            keywords: article.get("keywords").map(keywords_of).unwrap_or_default(),
            url: string("url").or_else(|| article.get("mainEntityOfPage").and_then(id_of)),
        }
    }
}

fn is_article_type(object: &Value) -> bool {
    let is_article = |t: &Value| {
        t.as_str()
            .is_some_and(|t| ARTICLE_TYPES.contains(&t.to_ascii_lowercase().as_str()))
    };
    match object.get("@type") {
        Some(Value::Array(types)) => types.iter().any(is_article),
        Some(t) => is_article(t),
        None => false,
    }
}

/// `"Jane"`, `{"name": "Jane"}` or a list of either → `"Jane, Joe"`.
fn names_of(value: &Value) -> Option<String> {
    let name = |v: &Value| match v {
        Value::String(s) => Some(one_line(s)),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(one_line),
        _ => None,
    };
    let names: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(name).collect(),
        v => name(v).into_iter().collect(),
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn keywords_of(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => s.split(',').map(one_line).collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .map(one_line)
            .collect(),
        _ => Vec::new(),
    }
}

fn id_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(o) => o
            .get("@id")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string()),
        _ => None,
    }
}

fn is_json_ld(node: NodeR) -> bool {
    dom::attr(node, "type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
}

/// The objects in one JSON-LD script: the value itself, the items of a top-level
/// array, and the members of any `@graph`.
fn json_ld_objects(node: NodeR) -> Vec<Value> {
    let raw = dom::text_of_raw(node);
    let trimmed = raw.trim();
    let trimmed = trimmed.strip_prefix("<!--").unwrap_or(trimmed);
    let trimmed = trimmed.strip_suffix("-->").unwrap_or(trimmed);
    let Ok(value) = serde_json::from_str::<Value>(trimmed) else {
        return Vec::new();
    };
    let top: Vec<Value> = match value {
        Value::Array(items) => items,
        v => vec![v],
    };
    let mut objects = Vec::new();
    for object in top {
        if let Some(Value::Array(graph)) = object.get("@graph") {
            objects.extend(graph.iter().cloned());
        }
        objects.push(object);
    }
    objects
}

fn has_rel(node: NodeR, rel: &str) -> bool {
    dom::attr(node, "rel")
        .is_some_and(|r| r.split_whitespace().any(|r| r.eq_ignore_ascii_case(rel)))
}

fn in_svg(node: NodeR) -> bool {
    node.ancestors().any(|a| dom::is_tag(a, &["svg"]))
}

fn set_once(slot: &mut Option<String>, value: Option<&str>) {
    if slot.is_none() {
        *slot = value.map(str::to_string);
    }
}

pub(super) fn one_line(text: &str) -> String {
    let mut c = Collapser::default();
    c.push(text);
    c.finish()
}

/// A byline as a name: "By Jane Doe | 3 March" → "Jane Doe"; `None` for URLs and
/// text too long to be a name.
/// A raw byline cleaned: see `byline::clean`.
pub(super) fn clean_author(raw: &str) -> Option<String> {
    super::byline::clean(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_bylines() {
        assert_eq!(clean_author("By Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(
            clean_author("  BY  Jane   Doe | March 3").as_deref(),
            Some("Jane Doe")
        );
        assert_eq!(clean_author("by: Joe").as_deref(), Some("Joe"));
        assert_eq!(clean_author("Byron Smith").as_deref(), Some("Byron Smith"));
        assert_eq!(clean_author("https://facebook.com/x"), None);
        assert_eq!(clean_author(""), None);
    }

    #[test]
    fn json_ld_authors() {
        let v: Value = serde_json::from_str(r#"[{"name":"A"},"B",{"@type":"Person"}]"#).unwrap();
        assert_eq!(names_of(&v).as_deref(), Some("A, B"));
    }
}
