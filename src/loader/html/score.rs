//! Choosing the article's main text, the Readability way: every paragraph-like run of
//! text scores its parent and, less, its further ancestors; link-heavy candidates are
//! penalised; the best candidate wins, with those of its siblings that score well.
//! `<article>`, `[itemprop=articleBody]` and `<main>` win outright when they hold the
//! best candidate or most of the text.

use ego_tree::NodeId;

use super::dom::{self, NodeMap, NodeR, Stats};
use super::junk;
use super::text_size;

/// Shorter paragraphs do not score.
const MIN_UNIT_CHARS: usize = 25;
/// How many ancestors of a paragraph share its score.
const SCORED_ANCESTORS: usize = 5;
/// A sibling of the top candidate this link-heavy is a list of other stories (a
/// headline link and an excerpt each), however well its excerpts score.
const MAX_SIBLING_LINK_DENSITY: f64 = 0.3;
/// A WordPress post element holds at least this much text outside links.
const MIN_POST_CHARS: usize = 250;
/// A preferred container must hold at least this share of the page's text.
const MOST_OF_THE_TEXT: f64 = 0.5;

/// The nodes holding the article, in document order, converted as one flow.
pub(super) fn main_content<'a>(body: NodeR<'a>, stats: &Stats) -> Vec<NodeR<'a>> {
    let body = wordpress_post(body, stats).unwrap_or(body);
    let scores = Scores::compute(body, stats);
    let Some(top) = scores.best() else {
        return vec![body];
    };
    if let Some(preferred) = preferred_container(body, top, stats) {
        return vec![preferred];
    }
    let top = climb_only_children(top, body);
    with_good_siblings(top, &scores, stats)
}

/// On a WordPress single-post page (`<body class="… postid-1806 …">`), the element
/// WordPress marks as that post (`class="… post-1806 …"`; the first holding some
/// text where several are, as a title bar may come first): the article is looked
/// for inside it, never among the related posts' excerpts beside it.
fn wordpress_post<'a>(body: NodeR<'a>, stats: &Stats) -> Option<NodeR<'a>> {
    let id = dom::names_iter(body).find_map(|c| c.strip_prefix("postid-"))?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let class = format!("post-{id}");
    body.descendants().skip(1).find(|n| {
        let text = stats.get(*n);
        dom::names_iter(*n).any(|c| c == class)
            && text.chars.saturating_sub(text.link_chars) >= MIN_POST_CHARS
    })
}

/// A run of inline content scored as one paragraph, and the element it belongs to.
struct Unit<'a> {
    parent: NodeR<'a>,
    /// The size of its text (whitespace collapsed), all that scoring reads of it.
    text: text_size::TextSize,
}

/// Candidate scores, in the order candidates were first scored (for stable ties).
struct Scores {
    order: Vec<NodeId>,
    raw: NodeMap<f64>,
    final_scores: NodeMap<f64>,
}

impl Scores {
    fn compute<'a>(body: NodeR<'a>, stats: &Stats) -> Self {
        let mut scores = Scores {
            order: Vec::new(),
            raw: NodeMap::default(),
            final_scores: NodeMap::default(),
        };
        for unit in units(body) {
            scores.add_unit(&unit, body);
        }
        for id in &scores.order {
            let Some(node) = body.tree().get(*id) else {
                continue;
            };
            let raw = scores.raw.get(id).copied().unwrap_or_default();
            let density = stats.get(node).link_density();
            scores.final_scores.insert(*id, raw * (1.0 - density));
        }
        scores
    }

    fn add_unit(&mut self, unit: &Unit, body: NodeR) {
        let chars = unit.text.chars;
        if chars < MIN_UNIT_CHARS {
            return;
        }
        let commas = unit.text.commas;
        let score = 1.0 + commas as f64 + (chars / 100).min(3) as f64;
        let ancestors = std::iter::once(unit.parent)
            .chain(unit.parent.ancestors())
            .take_while(|n| n.value().is_element() && !dom::is_tag(*n, &["html"]))
            .take(SCORED_ANCESTORS);
        for (level, node) in ancestors.enumerate() {
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f64 * 3.0,
            };
            self.add(node, score / divider);
            if node.id() == body.id() {
                break;
            }
        }
    }

    fn add(&mut self, node: NodeR, score: f64) {
        let entry = self.raw.entry(node.id()).or_insert_with(|| {
            self.order.push(node.id());
            initial_score(node)
        });
        *entry += score;
    }

    fn final_score(&self, node: NodeR) -> Option<f64> {
        self.final_scores.get(&node.id()).copied()
    }

    fn best(&self) -> Option<NodeId> {
        let mut best: Option<(NodeId, f64)> = None;
        for id in &self.order {
            let score = self.final_scores.get(id).copied().unwrap_or_default();
            if best.is_none_or(|(_, b)| score > b) {
                best = Some((*id, score));
            }
        }
        best.map(|(id, _)| id)
    }
}

/// Every paragraph-like run of text under `root`: each `<p>`/`<pre>`, and each run of
/// text and inline elements directly inside another block (bare text in a `<div>`).
fn units(root: NodeR) -> Vec<Unit> {
    let mut units = Vec::new();
    for node in root.descendants() {
        let Some(name) = dom::tag(node) else {
            continue;
        };
        if dom::never_text(node) {
            continue;
        }
        if matches!(name, "p" | "pre") {
            if let Some(parent) = node.parent() {
                units.push(Unit {
                    parent,
                    text: text_size::text_size(node),
                });
            }
        } else if dom::is_block_tag(name) {
            inline_runs(node, |text| units.push(Unit { parent: node, text }));
        }
    }
    units
}

/// The sizes of the texts of the element's children grouped into runs of inline
/// nodes, each run ended by a block child, passed to `found` when not empty.
fn inline_runs(node: NodeR, mut found: impl FnMut(text_size::TextSize)) {
    let mut run = text_size::TextSize::default();
    for child in node.children() {
        if dom::is_block(child) {
            let text = std::mem::take(&mut run);
            if !text.is_empty() {
                found(text);
            }
        } else if child.value().is_text() || child.value().is_element() {
            dom::push_inline_text(&mut run, child);
        }
    }
    if !run.is_empty() {
        found(run);
    }
}

/// Readability's starting score: by tag, and by what the class and id suggest.
fn initial_score(node: NodeR) -> f64 {
    let by_tag = match dom::tag(node).unwrap_or_default() {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    by_tag + class_weight(node)
}

/// +25 for a class name or id that sounds like content, -25 for one that sounds like
/// anything else, per attribute (class and id each count).
fn class_weight(node: NodeR) -> f64 {
    let mut weight = 0.0;
    for attr in ["class", "id"] {
        let value = dom::attr(node, attr).unwrap_or_default();
        let any_word = |pred: fn(&str) -> bool| {
            value
                .split_whitespace()
                .any(|name| dom::any_word(name, pred))
        };
        if any_word(|w| junk::is_junk_word(w) || is_weak_negative(w)) {
            weight -= 25.0;
        }
        if any_word(|w| junk::is_content_word(w) || is_weak_positive(w)) {
            weight += 25.0;
        }
    }
    weight
}

fn is_weak_negative(word: &str) -> bool {
    [
        "hidden",
        "combx",
        "contact",
        "media",
        "meta",
        "scroll",
        "shoutbox",
        "skyscraper",
        "shopping",
        "widget",
        "tags",
    ]
    .contains(&word)
}

fn is_weak_positive(word: &str) -> bool {
    ["hentry", "page", "blog", "column"].contains(&word)
}

/// `[itemprop=articleBody]`, the `<article>` holding the top candidate, or `<main>`,
/// when it holds the top candidate or most of the page's text.
fn preferred_container<'a>(body: NodeR<'a>, top: NodeId, stats: &Stats) -> Option<NodeR<'a>> {
    let top = body.tree().get(top)?;
    let total = stats.get(body).chars.max(1) as f64;
    let share = |n: NodeR| stats.get(n).chars as f64 / total;
    let related = |n: NodeR| is_ancestor_or_self(n, top) || is_ancestor_or_self(top, n);

    let article_body = body.descendants().filter(|n| {
        dom::attr(*n, "itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
    });
    if let Some(found) =
        largest(article_body, stats).filter(|n| related(*n) || share(*n) >= MOST_OF_THE_TEXT)
    {
        return Some(found);
    }
    if let Some(article) = dom::closest(top, |n| dom::is_tag(n, &["article"])) {
        return Some(article);
    }
    let articles = body.descendants().filter(|n| dom::is_tag(*n, &["article"]));
    if let Some(found) = largest(articles, stats).filter(|n| share(*n) >= MOST_OF_THE_TEXT) {
        return Some(found);
    }
    let mains = body
        .descendants()
        .filter(|n| dom::is_tag(*n, &["main"]) || dom::attr(*n, "role") == Some("main"));
    largest(mains, stats).filter(|n| share(*n) >= MOST_OF_THE_TEXT && related(*n))
}

fn largest<'a>(nodes: impl Iterator<Item = NodeR<'a>>, stats: &Stats) -> Option<NodeR<'a>> {
    let mut best: Option<NodeR<'a>> = None;
    for node in nodes {
        if best.is_none_or(|b| stats.get(node).chars > stats.get(b).chars) {
            best = Some(node);
        }
    }
    best
}

fn is_ancestor_or_self(ancestor: NodeR, node: NodeR) -> bool {
    dom::closest(node, |n| n.id() == ancestor.id()).is_some()
}

/// A top candidate that is its parent's only element child stands for the parent.
fn climb_only_children<'a>(top: NodeId, body: NodeR<'a>) -> NodeR<'a> {
    let Some(mut node) = body.tree().get(top) else {
        return body;
    };
    while node.id() != body.id() {
        let Some(parent) = node.parent() else {
            break;
        };
        let element_children = parent.children().filter(|c| c.value().is_element()).count();
        let loose_text = parent.children().any(|c| {
            c.value()
                .as_text()
                .is_some_and(|t| t.chars().any(|ch| !ch.is_whitespace()))
        });
        if element_children != 1 || loose_text {
            break;
        }
        node = parent;
    }
    node
}

/// The top candidate together with those of its siblings that look like more of the
/// article: well-scored blocks, text-rich paragraphs and the headings between them.
fn with_good_siblings<'a>(top: NodeR<'a>, scores: &Scores, stats: &Stats) -> Vec<NodeR<'a>> {
    let Some(parent) = top.parent().filter(|p| p.value().is_element()) else {
        return vec![top];
    };
    let judge = SiblingJudge::new(top, scores, stats);
    let groups = sibling_groups(parent);
    let keep: Vec<bool> = groups.iter().map(|group| judge.keeps(group)).collect();
    let mut chosen = Vec::new();
    for (i, group) in groups.iter().enumerate() {
        let is_heading = matches!(group.as_slice(), [node] if dom::tag(*node).and_then(dom::heading_level).is_some());
        let between_kept =
            keep.get(i + 1).copied().unwrap_or(false) && keep[..i].iter().any(|k| *k);
        if keep[i] || (is_heading && between_kept) {
            chosen.extend(group.iter().copied());
        }
    }
    chosen
}

/// Readability's rules for which siblings of the top candidate join it.
struct SiblingJudge<'s, 'a> {
    top: NodeR<'a>,
    top_score: f64,
    threshold: f64,
    scores: &'s Scores,
    stats: &'s Stats,
}

impl<'s, 'a> SiblingJudge<'s, 'a> {
    fn new(top: NodeR<'a>, scores: &'s Scores, stats: &'s Stats) -> Self {
        let top_score = scores.final_score(top).unwrap_or_default();
        SiblingJudge {
            top,
            top_score,
            threshold: (top_score * 0.2).max(10.0),
            scores,
            stats,
        }
    }

    fn keeps(&self, group: &[NodeR]) -> bool {
        match group {
            [node] if node.id() == self.top.id() => true,
            [node] if dom::is_block(*node) => {
                let scored = self
                    .scores
                    .final_score(*node)
                    .is_some_and(|s| s + self.class_bonus(*node) >= self.threshold)
                    && self.stats.get(*node).link_density() <= MAX_SIBLING_LINK_DENSITY;
                scored || (dom::is_tag(*node, &["p"]) && reads_like_prose(group, self.stats))
            }
            _ => reads_like_prose(group, self.stats),
        }
    }

    /// Siblings with the top candidate's class get a fifth of its score.
    fn class_bonus(&self, node: NodeR) -> f64 {
        let top_class = dom::attr(self.top, "class").unwrap_or_default();
        if !top_class.is_empty() && dom::attr(node, "class") == Some(top_class) {
            self.top_score * 0.2
        } else {
            0.0
        }
    }
}

/// The children of `parent`: each block element alone, inline runs together.
fn sibling_groups(parent: NodeR) -> Vec<Vec<NodeR>> {
    let mut groups: Vec<Vec<NodeR>> = Vec::new();
    let mut run: Vec<NodeR> = Vec::new();
    for child in parent.children() {
        if dom::is_block(child) {
            if !run.is_empty() {
                groups.push(std::mem::take(&mut run));
            }
            groups.push(vec![child]);
        } else if child.value().is_text() || child.value().is_element() {
            run.push(child);
        }
    }
    if !run.is_empty() {
        groups.push(run);
    }
    groups
}

/// Readability's test for a sibling paragraph: long with few links, or short with none
/// and ending like a sentence.
fn reads_like_prose(group: &[NodeR], stats: &Stats) -> bool {
    let text = match group {
        [block] if dom::is_block(*block) => dom::text_of(*block),
        run => dom::inline_text(run),
    };
    let chars = text.chars().count();
    let density = stats.sum(group.iter().copied()).link_density();
    if chars > 80 {
        density < 0.25
    } else {
        chars > 0 && density == 0.0 && (text.contains(". ") || text.ends_with('.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_of_every_script_count() {
        for text in ["", "a, b, c", "一，二、三, four", "no commas here", "é,ü,"] {
            let slow = text.matches([',', '，', '、']).count();
            assert_eq!(text_size::commas(text), slow, "{text:?}");
        }
    }
}
