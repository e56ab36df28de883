//! The outputs made from the whole rendered site: the Atom feed of dated pages (one per language), the sitemap,
//! robots.txt, CNAME and the search index, from the [`Site`] and the rendered pages.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::content;
use crate::diag::{Diagnostic, Timer};
use crate::markdown::Rendered;
use crate::output::{self, Output};
use crate::site::Site;

/// The outputs made from the whole rendered site: the Atom feed of dated pages, the sitemap,
/// robots.txt, CNAME (with `[publish] cname`) and the search index of every page and section
/// (unless `[search] enabled = false`).
pub(crate) fn site_wide(site: &Site, outputs: &mut [Output]) -> Result<Vec<Output>, Diagnostic> {
    let mut made = feeds(site);
    made.extend(search_index(site, outputs)?);
    Ok(made)
}

/// The Atom feed, sitemap, robots.txt and CNAME.
pub(crate) fn feeds(site: &Site) -> Vec<Output> {
    let mut timer = Timer::new();
    let config = &site.config;
    let content = &site.content;
    let text = |bytes: String| Output {
        path: String::new(),
        body: output::Body::Bytes(bytes.into()),
        deps: Default::default(),
    };
    let named = |path: &str, o: Output| Output { path: path.into(), ..o };
    let mut made = Vec::new();

    let texts: Vec<String> = content.pages.par_iter().zip(&site.pages).map(|(p, r)| summary_text(p, r)).collect();
    // One feed per language, with that language's pages.
    for language in config.languages() {
        let mut entries: Vec<output::feed::Entry> = content
            .pages
            .iter()
            .zip(&texts)
            .filter(|(p, _)| p.lang == language.code && p.has_own_page())
            .filter_map(|(p, summary)| {
                Some(output::feed::Entry {
                    title: &p.meta.title,
                    path: &p.path,
                    date: p.date?,
                    updated: p.updated,
                    summary: Some(summary.as_str()),
                })
            })
            .collect();
        let xml = output::feed::atom(config, &language, &mut entries);
        made.push(named(&output::feed::feed_path(&language), text(xml)));
    }

    use output::feed::SitemapUrl;
    let path = |item: content::Item| match item {
        content::Item::Page(i) => content.pages[i].path.clone(),
        content::Item::Section(i) => content.sections[i].path.clone(),
    };
    let alternates = |item: content::Item| -> Vec<(String, String)> {
        let translations = content.translations(item);
        if translations.len() < 2 {
            return Vec::new();
        }
        translations.iter().map(|t| (content.lang(*t).to_string(), path(*t))).collect()
    };
    let item_url = |item: content::Item, date| SitemapUrl { path: path(item), date, alternates: alternates(item) };
    let mut urls: Vec<SitemapUrl> =
        (0..content.sections.len()).map(|s| item_url(content::Item::Section(s), None)).collect();
    urls.extend(
        content
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.has_own_page())
            .map(|(i, p)| item_url(content::Item::Page(i), p.updated.or(p.date))),
    );
    // A taxonomy's versions are the taxonomies of the same name in the other languages; a term's,
    // the terms of the same slug in them (as the pages' hreflang alternates have them).
    let versions = |name: &str, slug: Option<&str>| -> Vec<(String, String)> {
        let found: Vec<(String, String)> = site
            .taxonomies
            .iter()
            .filter(|t| t.name == name && slug.is_none_or(|s| t.terms.contains_key(s)))
            .map(|t| (t.lang.clone(), slug.map_or_else(|| t.path(), |s| t.term_path(s))))
            .collect();
        if found.len() < 2 { Vec::new() } else { found }
    };
    for taxonomy in &site.taxonomies {
        urls.push(SitemapUrl { path: taxonomy.path(), date: None, alternates: versions(&taxonomy.name, None) });
        urls.extend(taxonomy.terms.keys().map(|slug| SitemapUrl {
            path: taxonomy.term_path(slug),
            date: None,
            alternates: versions(&taxonomy.name, Some(slug)),
        }));
    }
    // The later pagers of paginated lists, as Zola lists them; not the first by number
    // (`/blog/page/1/`), which only sends readers to the list, already listed.
    fn later(base: &str, paging: Option<content::paginate::Paging>, count: usize) -> Vec<SitemapUrl> {
        let Some(paging) = paging else { return Vec::new() };
        (2..=paging.pagers(count))
            .map(|n| SitemapUrl { path: paging.pager_path(base, n), date: None, alternates: Vec::new() })
            .collect()
    }
    // Unless site.toml leaves them out (Zola's `exclude_paginated_pages_in_sitemap = "all"`).
    if config.exclude_paginated_pages_in_sitemap == crate::config::PaginatedInSitemap::None {
        for section in &content.sections {
            urls.extend(later(&section.path, section.paging(), section.pages.len()));
        }
        for taxonomy in &site.taxonomies {
            for (slug, term) in &taxonomy.terms {
                urls.extend(later(&taxonomy.term_path(slug), taxonomy.paging(), term.pages.len()));
            }
        }
    }
    urls.sort();
    made.push(named("sitemap.xml", text(output::feed::sitemap(config, &urls))));
    made.push(named("robots.txt", text(output::feed::robots(config))));
    if let Some(domain) = &config.publish.cname {
        made.push(named("CNAME", text(output::feed::cname(domain))));
    }
    timer.lap("feeds");
    made
}

/// The search index of every rendered page and section under `pagefind/`; nothing with
/// `[search] enabled = false`.
pub(crate) fn search_index(site: &Site, outputs: &mut [Output]) -> Result<Vec<Output>, Diagnostic> {
    let mut timer = Timer::new();
    let config = &site.config;
    let mut made = Vec::new();
    if config.any_search() {
        let bundle =
            output::search::index(take_search_documents(site, outputs), config.search.shard_size).map_err(|m| {
                Diagnostic::file("site.toml", m).with_hint("turn the search index off with `[search] enabled = false`")
            })?;
        made.extend(bundle);
        timer.lap("search");
    }
    Ok(made)
}

/// The rendered pages and sections the search index is made of, sharing the outputs' bytes.
/// Only those of the languages with search (`[languages.CODE] search = false` leaves one out).
pub(crate) fn search_documents(site: &Site, outputs: &[Output]) -> Vec<output::search::Document> {
    let content = &site.content;
    let searched: Vec<&str> = site.config.languages().into_iter().filter(|l| l.search).map(|l| l.code).collect();
    let by_path: HashMap<&str, &Output> = outputs.iter().map(|o| (o.path.as_str(), o)).collect();
    let sections = content.sections.iter().filter(|s| s.meta.in_search_index).map(|s| (&s.path, &s.lang));
    let pages = content.pages.iter().filter(|p| p.searched() && content.sections[p.parent].meta.in_search_index);
    let paths = sections.chain(pages.map(|p| (&p.path, &p.lang)));
    paths
        .filter(|(_, lang)| searched.contains(&lang.as_str()))
        .filter_map(|(path, lang)| match &by_path.get(crate::path::index_file(path).as_str())?.body {
            output::Body::Bytes(html) | output::Body::Kept(html) => {
                Some(output::search::Document { path: path.clone(), html: html.clone(), lang: lang.clone() })
            }
            output::Body::Copy(_) | output::Body::Written => None,
        })
        .collect()
}

/// The same, taken from a build's outputs: the pages it has written already (`Body::Kept`) are
/// then held by their documents alone, and each is freed once indexed.
fn take_search_documents(site: &Site, outputs: &mut [Output]) -> Vec<output::search::Document> {
    let documents = search_documents(site, outputs);
    for output in outputs.iter_mut().filter(|o| matches!(o.body, output::Body::Kept(_))) {
        output.body = output::Body::Written;
    }
    documents
}

/// What a feed reader shows under a page's title: its description, or the text of its summary.
fn summary_text(page: &content::Page, rendered: &Rendered) -> String {
    if let Some(description) = &page.meta.description {
        return description.clone();
    }
    rendered.summary.as_deref().map(output::feed::plain_text).unwrap_or_default()
}
