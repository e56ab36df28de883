//! Provenance: which pages rest on which paragraphs of the source text.
//!
//! A page cites a paragraph by a `cite` or `quote` shortcode, a link to `@/source.md#pN`, a
//! `[[timeline]]` event's `source`, or its front matter `cites`. The source page shows under each
//! paragraph the pages that use it, and `dossier check` reports how much of the source is covered.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::{Content, Item};
use crate::diag::Diagnostic;
use crate::markdown::Rendered;

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

/// Gather the citations of one source page (the original or a translation), `source_index`, by
/// the items `include` takes (those its language's citations resolve to). A link to any of
/// `source_rels` (the source page and its translations, whose paragraphs line up) counts.
pub(crate) fn collect(
    content: &Content,
    pages: &[Rendered],
    sections: &[Rendered],
    source: (&[&str], usize),
    include: &dyn Fn(Item) -> bool,
) -> (Provenance, Vec<Diagnostic>) {
    let (source_rels, source_index) = source;
    let paragraphs = pages[source_index].paragraphs.len();
    let mut provenance = Provenance { uses: BTreeMap::new(), paragraphs };
    let mut diagnostics = Vec::new();
    let items = (0..pages.len()).map(Item::Page).chain((0..sections.len()).map(Item::Section));
    for item in items {
        let rendered = crate::link::body(item, pages, sections);
        if item == Item::Page(source_index) || !include(item) {
            continue;
        }
        let mut cited: Vec<u32> = rendered.citations.clone();
        for link in rendered.links.iter().filter(|l| source_rels.contains(&l.target.as_str())) {
            if let Some(n) = link.anchor.as_deref().and_then(|a| a.strip_prefix('p')).and_then(|n| n.parse().ok()) {
                cited.push(n);
            }
        }
        if let Item::Page(i) = item {
            let page = &content.pages[i];
            cited.extend(page.meta.timeline.iter().filter_map(|e| e.source));
            for n in &page.meta.cites {
                if (1..=paragraphs as u32).contains(n.get_ref()) {
                    cited.push(*n.get_ref());
                } else {
                    diagnostics.push(
                        page.source
                            .error_in_toml(
                                n.span().start,
                                format!("the source has paragraphs 1 to {paragraphs}, not {}", n.get_ref()),
                            )
                            .with_hint("`cites` lists paragraph numbers of the source page"),
                    );
                }
            }
        }
        for n in cited.into_iter().filter(|n| (1..=paragraphs as u32).contains(n)) {
            provenance.uses.entry(n).or_default().insert(item);
        }
    }
    (provenance, diagnostics)
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
