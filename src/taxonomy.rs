//! Taxonomies (`actors`, `topics`, …): the terms pages list in `[taxonomies]`, gathered site-wide.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::content::Content;
use crate::diag::Diagnostic;

pub(crate) struct Taxonomy {
    pub(crate) name: String,
    pub(crate) title: String,
    /// Term slug -> term, in slug order.
    pub(crate) terms: BTreeMap<String, Term>,
}

pub(crate) struct Term {
    /// The name as first written.
    pub(crate) name: String,
    /// Indices of the pages that list the term, in content order.
    pub(crate) pages: Vec<usize>,
}

/// The URL segment of a term: readable Chinese, lower-case ASCII.
pub(crate) fn term_slug(name: &str) -> String {
    crate::markdown::slug::slugify(name)
}

/// Gather the terms of every taxonomy declared in `site.toml`; a page using an undeclared one is
/// an error.
pub(crate) fn collect(config: &Config, content: &Content) -> (Vec<Taxonomy>, Vec<Diagnostic>) {
    let mut taxonomies: Vec<Taxonomy> = config
        .taxonomies
        .iter()
        .map(|t| Taxonomy {
            name: t.name.clone(),
            title: t.title.clone().unwrap_or_else(|| t.name.clone()),
            terms: BTreeMap::new(),
        })
        .collect();
    let mut diagnostics = Vec::new();
    for (i, page) in content.pages.iter().enumerate() {
        for (name, terms) in &page.meta.taxonomies {
            let Some(taxonomy) = taxonomies.iter_mut().find(|t| &t.name == name) else {
                let declared: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
                diagnostics.push(
                    page.source.error_at_key(name, format!("`{name}` is not a taxonomy of this site")).with_hint(
                        format!(
                            "declare it in site.toml: taxonomies = [{{ name = \"{name}\" }}]; declared: {}",
                            if declared.is_empty() { "none".into() } else { declared.join(", ") }
                        ),
                    ),
                );
                continue;
            };
            for term in terms {
                let entry = taxonomy
                    .terms
                    .entry(term_slug(term))
                    .or_insert_with(|| Term { name: term.clone(), pages: Vec::new() });
                // Pages come in order, so a page listing a term twice is the last one listed (a
                // search of the whole list made this quadratic: 1.3 s at 100,000 pages).
                if entry.pages.last() != Some(&i) {
                    entry.pages.push(i);
                }
            }
        }
    }
    (taxonomies, diagnostics)
}
