//! Taxonomies (`actors`, `topics`, …): the terms pages list in `[taxonomies]`, gathered site-wide.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::content::Content;
use crate::content::paginate::Paging;
use crate::diag::Diagnostic;

pub(crate) struct Taxonomy {
    pub(crate) name: String,
    /// The language whose pages it gathers (each language has taxonomies of its own).
    pub(crate) lang: String,
    /// What its URLs start with: `""` for the default language, `/en` for `en`.
    pub(crate) prefix: String,
    pub(crate) title: String,
    /// Term slug -> term, in slug order.
    pub(crate) terms: BTreeMap<String, Term>,
    /// Pages a pager on each term's page (`paginate_by`), and the URL segment before their numbers.
    pub(crate) paginate_by: Option<usize>,
    pub(crate) paginate_path: String,
}

pub(crate) struct Term {
    /// The name as first written.
    pub(crate) name: String,
    /// Indices of the pages that list the term, in content order.
    pub(crate) pages: Vec<usize>,
}

impl Taxonomy {
    /// The site path of its list (`/actors/`, `/en/actors/`).
    pub(crate) fn path(&self) -> String {
        taxonomy_path(&self.prefix, &self.name)
    }

    /// The site path of one of its terms.
    pub(crate) fn term_path(&self, slug: &str) -> String {
        format!("{}/{}/{slug}/", self.prefix, self.name)
    }

    /// How each term's pages are cut into pagers, when the configuration asks for it.
    pub(crate) fn paging(&self) -> Option<Paging<'_>> {
        Paging::new(self.paginate_by, &self.paginate_path, false)
    }

    /// How many outputs the term `slug` makes: its pagers, or its one page.
    pub(crate) fn pagers(&self, slug: &str) -> usize {
        let count = self.terms.get(slug).map_or(0, |t| t.pages.len());
        self.paging().map_or(1, |p| p.pagers(count))
    }

    /// What an output showing it depends on (`taxonomy:actors`, `taxonomy:en:actors`).
    pub(crate) fn key(&self) -> String {
        taxonomy_key(&self.prefix, &self.name)
    }
}

/// The site path of the taxonomy `name` of the language whose URL prefix is `prefix`.
pub(crate) fn taxonomy_path(prefix: &str, name: &str) -> String {
    format!("{prefix}/{name}/")
}

/// The dependency key of the taxonomy `name` of the language whose URL prefix is `prefix`.
pub(crate) fn taxonomy_key(prefix: &str, name: &str) -> String {
    match prefix.strip_prefix('/') {
        Some(code) => format!("taxonomy:{code}:{name}"),
        None => format!("taxonomy:{name}"),
    }
}

/// The URL segment of a term: readable Chinese, lower-case ASCII.
pub(crate) fn term_slug(name: &str) -> String {
    crate::markdown::slug::slugify(name)
}

/// Gather the terms of every taxonomy of every language (`[languages.CODE] taxonomies`, else the
/// top-level list), each with its language's pages; a page using a taxonomy its language does not
/// declare is an error.
pub(crate) fn collect(config: &Config, content: &Content) -> (Vec<Taxonomy>, Vec<Diagnostic>) {
    let languages = config.languages();
    let mut taxonomies: Vec<Taxonomy> = languages
        .iter()
        .flat_map(|l| {
            l.taxonomies.iter().map(|t| Taxonomy {
                name: t.name.clone(),
                lang: l.code.to_string(),
                prefix: l.prefix.clone(),
                title: t.title.clone().unwrap_or_else(|| t.name.clone()),
                terms: BTreeMap::new(),
                paginate_by: t.paginate_by,
                paginate_path: t.paginate_path.clone().unwrap_or_else(|| "page".into()),
            })
        })
        .collect();
    let mut diagnostics = Vec::new();
    for (i, page) in content.pages.iter().enumerate() {
        for (name, terms) in &page.meta.taxonomies {
            let Some(taxonomy) = taxonomies.iter_mut().find(|t| &t.name == name && t.lang == page.lang) else {
                let declared: Vec<&str> = languages
                    .iter()
                    .filter(|l| l.code == page.lang)
                    .flat_map(|l| l.taxonomies.iter().map(|t| t.name.as_str()))
                    .collect();
                let (message, table) = if languages.len() > 1 {
                    (
                        format!("`{name}` is not a taxonomy of this site's language `{}`", page.lang),
                        if page.lang == config.language {
                            "site.toml".to_string()
                        } else {
                            format!("[languages.{}] in site.toml", page.lang)
                        },
                    )
                } else {
                    (format!("`{name}` is not a taxonomy of this site"), "site.toml".to_string())
                };
                diagnostics.push(page.source.error_at_key(name, message).with_hint(format!(
                    "declare it in {table}: taxonomies = [{{ name = \"{name}\" }}]; declared: {}",
                    if declared.is_empty() { "none".into() } else { declared.join(", ") }
                )));
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
