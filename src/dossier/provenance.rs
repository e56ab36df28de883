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

/// Gather every citation. `source` is the source page's rel path and index.
pub(crate) fn collect(
    content: &Content,
    pages: &[Rendered],
    sections: &[Rendered],
    source: (&str, usize),
) -> (Provenance, Vec<Diagnostic>) {
    let (source_rel, source_index) = source;
    let paragraphs = pages[source_index].paragraphs.len();
    let mut provenance = Provenance { uses: BTreeMap::new(), paragraphs };
    let mut diagnostics = Vec::new();
    let items = (0..pages.len()).map(Item::Page).chain((0..sections.len()).map(Item::Section));
    for item in items {
        let rendered = crate::link::body(item, pages, sections);
        if item == Item::Page(source_index) {
            continue;
        }
        let mut cited: Vec<u32> = rendered.citations.clone();
        for link in rendered.links.iter().filter(|l| l.target == source_rel) {
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
