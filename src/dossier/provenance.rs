//! Provenance: which pages rest on which paragraphs of the source text.
//!
//! A page cites a paragraph by a `cite` or `quote` shortcode, a link to `@/source.md#pN`, a
//! `[[timeline]]` event's `source`, or its front matter `cites`. The source page shows under each
//! paragraph the pages that use it, and `dossier check` reports how much of the source is covered.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::{Content, Item};
use crate::diag::Diagnostic;
use crate::markdown::Rendered;

use super::sources::SourcePages;

/// Paragraph number -> the pages and sections citing it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Provenance {
    pub(crate) uses: BTreeMap<u32, BTreeSet<Item>>,
    /// How many numbered paragraphs the source has.
    pub(crate) paragraphs: usize,
}

impl Provenance {
    /// Paragraphs no page cites.
    pub(crate) fn uncited(&self) -> Vec<u32> {
        (1..=self.paragraphs as u32).filter(|n| !self.uses.contains_key(n)).collect()
    }

    /// What the source page shows after paragraph `n`: the pages that use it, or nothing.
    pub(crate) fn used_by_html(
        &self,
        n: u32,
        content: &Content,
        hrefs: &std::collections::HashMap<String, String>,
        table: &crate::i18n::Table,
    ) -> String {
        let Some(items) = self.uses.get(&n) else { return String::new() };
        let links: Vec<String> = items
            .iter()
            .map(|item| {
                let (rel, title) = match *item {
                    Item::Page(i) => (&content.pages[i].rel, &content.pages[i].meta.title),
                    Item::Section(i) => (&content.sections[i].rel, &content.sections[i].meta.title),
                };
                let href = hrefs.get(rel).map(String::as_str).unwrap_or_default();
                format!("<a href=\"{}\">{}</a>", crate::markdown::escape(href), crate::markdown::escape(title))
            })
            .collect();
        format!(
            "<p class=\"used-by\" data-pagefind-ignore><span class=\"used-by__label\">{}</span> {}</p>\n",
            crate::markdown::escape(table.get("used_by").unwrap_or_default()),
            links.join(&crate::markdown::escape(table.get("list_separator").unwrap_or_default()))
        )
    }

    /// The paragraphs `item` cites, in order.
    pub(crate) fn cited_by(&self, item: Item) -> Vec<u32> {
        self.uses.iter().filter(|(_, items)| items.contains(&item)).map(|(n, _)| *n).collect()
    }
}

/// One source page whose citations [`collect`] gathers: the source's name, whether it is the
/// default source (plain numbers cite it), the source page and its translations by path (their
/// paragraphs line up: a link to any counts), and the index of the page (the original or a
/// translation) being filled.
pub(crate) struct Cited<'a> {
    pub(crate) name: &'a str,
    pub(crate) is_default: bool,
    pub(crate) rels: &'a [&'a str],
    pub(crate) page: usize,
}

/// Gather the citations of one source page, `source`, by the items `include` takes (those its
/// language's citations resolve to). Front matter naming paragraphs that do not exist is reported
/// by [`check_cites`], once.
pub(crate) fn collect(
    content: &Content,
    pages: &[Rendered],
    sections: &[Rendered],
    source: &Cited,
    include: &dyn Fn(Item) -> bool,
) -> Provenance {
    let paragraphs = pages[source.page].paragraphs.len();
    let mut provenance = Provenance { uses: BTreeMap::new(), paragraphs };
    let ours = |name: Option<&str>| name.map_or(source.is_default, |name| name == source.name);
    let items = (0..pages.len()).map(Item::Page).chain((0..sections.len()).map(Item::Section));
    for item in items {
        let rendered = crate::link::body(item, pages, sections);
        if item == Item::Page(source.page) || !include(item) {
            continue;
        }
        let mut cited: Vec<u32> =
            rendered.citations.iter().filter(|(name, _)| name == source.name).map(|(_, n)| *n).collect();
        for link in rendered.links.iter().filter(|l| source.rels.contains(&l.target.as_str())) {
            if let Some(n) = link.anchor.as_deref().and_then(|a| a.strip_prefix('p')).and_then(|n| n.parse().ok()) {
                cited.push(n);
            }
        }
        if let Item::Page(i) = item {
            let meta = &content.pages[i].meta;
            let named =
                meta.timeline.iter().filter_map(|e| e.source.as_ref()).chain(meta.cites.iter().map(|c| c.get_ref()));
            cited.extend(named.filter_map(|c| c.split().ok()).filter(|(name, _)| ours(*name)).map(|(_, n)| n));
        }
        for n in cited.into_iter().filter(|n| (1..=paragraphs as u32).contains(n)) {
            provenance.uses.entry(n).or_default().insert(item);
        }
    }
    provenance
}

/// Every page's front matter `cites`, checked: each names a source the site has (a plain number
/// the default one) and a paragraph it has (`paragraphs` of each source, in the order of `sources`).
pub(crate) fn check_cites(content: &Content, sources: &SourcePages, paragraphs: &[Option<usize>]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for page in &content.pages {
        for cite in &page.meta.cites {
            let at = |message: String| page.source.error_in_toml(cite.span().start, message);
            let (name, n) = match cite.get_ref().split() {
                Ok(found) => found,
                Err(message) => {
                    diagnostics.push(at(message).with_hint(
                        "`cites` lists paragraphs like 12 (of the default source) or \"xinhua#p3\" (of the source xinhua)",
                    ));
                    continue;
                }
            };
            let found = sources.find(name).map(|s| sources.list.iter().position(|x| x == s).unwrap_or_default());
            match found {
                Err((message, hint)) => diagnostics.push(at(message).with_hint(hint)),
                Ok(k) => match paragraphs.get(k).copied().flatten() {
                    Some(count) if !(1..=count as u32).contains(&n) => {
                        let of = if sources.several() {
                            format!("the source `{}`", sources.list[k].name)
                        } else {
                            "the source".to_string()
                        };
                        diagnostics.push(
                            at(format!("{of} has paragraphs 1 to {count}, not {n}"))
                                .with_hint("`cites` lists paragraph numbers of the source page"),
                        );
                    }
                    _ => {}
                },
            }
        }
    }
    diagnostics
}

/// A translation of the source page: its own provenance (the pages in its language cite it) and
/// each paragraph beside the original's, for a theme to show them side by side.
#[derive(Debug, Clone, Default)]
pub(crate) struct TranslatedSource {
    pub(crate) page: usize,
    pub(crate) lang: String,
    pub(crate) provenance: Provenance,
    pub(crate) paragraphs: Vec<ParagraphPair>,
}

/// One numbered paragraph of a translated source page and its original.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct ParagraphPair {
    /// `p3`.
    pub(crate) id: String,
    /// The translation's paragraph (with the id) and its "used by" list.
    pub(crate) html: String,
    /// The original paragraph, without an id (the translation's page has it once).
    pub(crate) original_html: String,
    pub(crate) original_lang: String,
    /// The part that starts at this paragraph: the translation's own `parts`, else the original's.
    pub(crate) part: Option<PartView>,
    /// The translation's headings right above this paragraph (with their ids), and the original's
    /// (without): empty where there are none.
    pub(crate) headings_html: String,
    pub(crate) original_headings_html: String,
}

/// The HTML of each numbered paragraph of a source page's body, `<p id="pN">…</p>`, taken before
/// the "used by" lists are filled in (`uses` marks where each paragraph ends).
pub(crate) fn paragraph_html(html: &str, uses: &[(usize, u32)]) -> Vec<String> {
    uses.iter()
        .map(|&(at, n)| {
            let open = format!("<p id=\"p{n}\">");
            let before = html.get(..at).unwrap_or_default();
            before.rfind(&open).map(|start| before[start..].trim_end().to_string()).unwrap_or_default()
        })
        .collect()
}

/// The headings written right above each numbered paragraph of a source page's body (empty where
/// there are none), in the order of `uses`, as [`paragraph_html`] takes the paragraphs.
pub(crate) fn headings_html(html: &str, uses: &[(usize, u32)]) -> Vec<String> {
    uses.iter()
        .map(|&(_, n)| {
            let Some(start) = html.find(&format!("<p id=\"p{n}\">")) else { return String::new() };
            html[above_headings(html, start)..start].trim().to_string()
        })
        .collect()
}

/// `html` (headings as our Markdown renderer writes them) without the headings' `id`s: the
/// original beside a translation must not repeat the ids the translation's page has.
pub(crate) fn without_heading_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<h") {
        let (before, tag) = rest.split_at(at);
        out.push_str(before);
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        let (open, after) = tag.split_at(end);
        match open.find(" id=\"").and_then(|i| open[i + 5..].find('"').map(|j| (i, i + 5 + j + 1))) {
            Some((from, to)) if open[2..].starts_with(|c: char| c.is_ascii_digit()) => {
                out.push_str(&open[..from]);
                out.push_str(&open[to..]);
            }
            _ => out.push_str(open),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// One part of a source page as templates see it (`page.parts`): paragraphs `from` to `to` and the
/// attribution the text gives them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct PartView {
    pub(crate) from: u32,
    pub(crate) to: u32,
    pub(crate) title: Option<String>,
    pub(crate) credit: Option<String>,
}

/// The `parts` of `page`, a source page with `paragraphs` numbered paragraphs: each part runs to
/// its `to`, else to the paragraph before the next part, else to the end. A part outside the
/// paragraphs, or not after the one before it, is reported at its place.
pub(crate) fn parts(page: &crate::content::Page, paragraphs: usize) -> (Vec<PartView>, Vec<Diagnostic>) {
    let mut views: Vec<PartView> = Vec::new();
    let mut problems = Vec::new();
    let written = &page.meta.parts;
    for (k, part) in written.iter().enumerate() {
        let at = |message: String| page.source.error_in_toml(part.span().start, message);
        let p = part.get_ref();
        let next = written.get(k + 1).map(|n| n.get_ref().from);
        let to = p.to.unwrap_or_else(|| next.map_or(paragraphs as u32, |n| n.saturating_sub(1)));
        let after = views.last().map_or(0, |v| v.to);
        if p.from < 1 || p.from > to || to > paragraphs as u32 {
            problems.push(
                at(format!("this part runs from ¶{} to ¶{to}; the page has ¶1 to ¶{paragraphs}", p.from)).with_hint(
                    "a part is `{ from = 1, to = 28, credit = \"…\" }`, with paragraph numbers of this page",
                ),
            );
        } else if p.from <= after {
            problems.push(
                at(format!("this part starts at ¶{}, inside the part before it (to ¶{after})", p.from))
                    .with_hint("list the parts in order, each starting after the one before ends"),
            );
        } else {
            views.push(PartView { from: p.from, to, title: p.title.clone(), credit: p.credit.clone() });
        }
    }
    (views, problems)
}

/// `html` (a source page's body) with each part's attribution where the part starts: before its
/// first paragraph and the headings right above it, `<p class="source-part">` holding its range,
/// title and credit.
pub(crate) fn with_parts(html: &str, parts: &[PartView]) -> String {
    use crate::markdown::escape;
    let mut html = html.to_string();
    for part in parts {
        let open = format!("<p id=\"p{}\">", part.from);
        let mut marker = format!(
            "<p class=\"source-part\" data-pagefind-ignore><span class=\"source-part__range\">¶{}–¶{}</span>",
            part.from, part.to
        );
        for (class, text) in [("title", &part.title), ("credit", &part.credit)] {
            if let Some(text) = text {
                marker.push_str(&format!(" <span class=\"source-part__{class}\">{}</span>", escape(text)));
            }
        }
        marker.push_str("</p>\n");
        if let Some(at) = html.find(&open) {
            let at = above_headings(&html, at);
            html.insert_str(at, &marker);
        }
    }
    html
}

/// One of the site's sources as the rendered site has it: its name, its original page, the
/// pages citing it and its translations (each with the pages of its language citing it).
#[derive(Debug, Clone, Default)]
pub(crate) struct SiteSource {
    pub(crate) name: String,
    pub(crate) page: usize,
    /// Whether plain paragraph numbers cite it.
    pub(crate) is_default: bool,
    pub(crate) provenance: Provenance,
    pub(crate) translations: Vec<TranslatedSource>,
}

/// Where the headings written right before byte `at` of `html` start (`at` without any).
fn above_headings(html: &str, mut at: usize) -> usize {
    loop {
        let before = html[..at].trim_end();
        let level = (1..=6).find(|l| before.ends_with(&format!("</h{l}>")));
        let Some(start) = level.and_then(|l| before.rfind(&format!("<h{l}"))) else { return at };
        at = start;
    }
}

#[cfg(test)]
mod tests {
    use super::{PartView, above_headings, with_parts};

    fn part(from: u32, to: u32, credit: &str) -> PartView {
        PartView { from, to, title: None, credit: Some(credit.into()) }
    }

    #[test]
    fn a_part_is_marked_before_its_first_paragraph_and_the_headings_right_above_it() {
        let html = "<h2 id=\"a\">甲</h2>\n<h3 id=\"b\">乙</h3>\n<p id=\"p1\">一</p>\n<p class=\"used-by\">x</p>\n<p id=\"p2\">二</p>\n";
        let out = with_parts(html, &[part(1, 1, "据<甲>"), part(2, 2, "据乙")]);
        let marker = |from: u32, credit: &str| {
            format!(
                "<p class=\"source-part\" data-pagefind-ignore><span class=\"source-part__range\">¶{from}–¶{from}</span> <span class=\"source-part__credit\">{credit}</span></p>\n"
            )
        };
        let want = format!(
            "{}<h2 id=\"a\">甲</h2>\n<h3 id=\"b\">乙</h3>\n<p id=\"p1\">一</p>\n<p class=\"used-by\">x</p>\n{}<p id=\"p2\">二</p>\n",
            marker(1, "据&lt;甲&gt;"),
            marker(2, "据乙")
        );
        assert_eq!(out, want);
        // A paragraph after other text: right before it.
        assert_eq!(above_headings("<p>x</p>\n<p id=\"p1\">", 9), 9);
        let html = "<h2 id=\"a\">A</h2>\n<p id=\"p1\">x</p>\n<p id=\"p2\">y</p>\n<h3 id=\"b\">B <em>c</em></h3>\n<p id=\"p3\">z</p>\n";
        let uses = [(0, 1), (0, 2), (0, 3)];
        assert_eq!(super::headings_html(html, &uses), ["<h2 id=\"a\">A</h2>", "", "<h3 id=\"b\">B <em>c</em></h3>"]);
        assert_eq!(super::without_heading_ids("<h3 id=\"b\">B</h3><hr><p id=\"p1\">"), "<h3>B</h3><hr><p id=\"p1\">");
    }
}
