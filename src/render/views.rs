//! What templates see: pages, sections and taxonomies as tera values, built once per build and
//! shared (tera's values are reference-counted, so a section listing its pages copies no page).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tera::Value;

use crate::content::Item;
use crate::markdown::{Heading, Rendered};
use crate::site::Site;

#[derive(Serialize)]
struct LinkView<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct TermRef<'a> {
    name: &'a str,
    slug: String,
    url: String,
}

/// Fields common to pages and sections.
#[derive(Serialize)]
struct BodyView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    path: &'a str,
    url: String,
    permalink: String,
    relative_path: &'a str,
    content: &'a str,
    summary: Option<&'a str>,
    toc: &'a [Heading],
    word_count: usize,
    reading_time: usize,
    extra: &'a toml::Table,
    ancestors: Vec<LinkView<'a>>,
}

#[derive(Serialize)]
struct PageView<'a> {
    #[serde(flatten)]
    body: BodyView<'a>,
    date: Option<String>,
    updated: Option<String>,
    weight: Option<i64>,
    slug: &'a str,
    draft: bool,
    taxonomies: BTreeMap<&'a str, Vec<TermRef<'a>>>,
    previous: Option<LinkView<'a>>,
    next: Option<LinkView<'a>>,
    timeline: Vec<&'a crate::dossier::timeline::Event>,
    assets: Vec<String>,
}

pub struct Views {
    pub pages: Vec<Value>,
    pub sections: Vec<Value>,
    pub taxonomies: Vec<Value>,
    terms: Vec<HashMap<String, Value>>,
    pub timeline: Value,
    by_rel: HashMap<String, Item>,
    hrefs: HashMap<String, String>,
    base_path: String,
    /// Per page: the content files of its previous and next pages, whose titles it shows.
    neighbours: Vec<Vec<String>>,
}

impl Views {
    pub fn new(site: &Site) -> Views {
        let content = &site.content;
        let config = &site.config;
        let mut neighbours = vec![Vec::new(); content.pages.len()];
        let mut previous_next = vec![(None, None); content.pages.len()];
        for section in &content.sections {
            for (k, &i) in section.pages.iter().enumerate() {
                let prev = k.checked_sub(1).map(|k| section.pages[k]);
                let next = section.pages.get(k + 1).copied();
                previous_next[i] = (prev, next);
                neighbours[i] = prev.into_iter().chain(next).map(|j| content.pages[j].rel.clone()).collect();
            }
        }
        let link =
            |i: usize| LinkView { title: &content.pages[i].meta.title, url: config.href(&content.pages[i].path) };
        let ancestors = |mut parent: Option<usize>| {
            let mut chain = Vec::new();
            while let Some(s) = parent {
                let section = &content.sections[s];
                chain.push(LinkView { title: &section.meta.title, url: config.href(&section.path) });
                parent = section.parent;
            }
            chain.reverse();
            chain
        };

        let pages: Vec<Value> = content
            .pages
            .iter()
            .enumerate()
            .map(|(i, page)| {
                let rendered = &site.pages[i];
                let taxonomies = page
                    .meta
                    .taxonomies
                    .iter()
                    .map(|(name, terms)| {
                        let refs = terms
                            .iter()
                            .map(|term| {
                                let slug = crate::taxonomy::term_slug(term);
                                let url = config.href(&format!("/{name}/{slug}/"));
                                TermRef { name: term, slug, url }
                            })
                            .collect();
                        (name.as_str(), refs)
                    })
                    .collect();
                let view = PageView {
                    body: body_view(
                        site,
                        &page.meta.title,
                        page.meta.description.as_deref(),
                        &page.path,
                        &page.rel,
                        &page.meta.extra,
                        rendered,
                        ancestors(Some(page.parent)),
                    ),
                    date: page.date.map(|d| d.to_string()),
                    updated: page.updated.map(|d| d.to_string()),
                    weight: page.meta.weight,
                    slug: &page.slug,
                    draft: page.meta.draft,
                    taxonomies,
                    previous: previous_next[i].0.map(link),
                    next: previous_next[i].1.map(link),
                    timeline: site.timeline.iter().filter(|e| e.page == i).collect(),
                    assets: page.assets.iter().map(|a| a.name.clone()).collect(),
                };
                Value::from_serializable(&view)
            })
            .collect();

        let sections: Vec<Value> = content
            .sections
            .iter()
            .enumerate()
            .map(|(i, section)| {
                let view = body_view(
                    site,
                    &section.meta.title,
                    section.meta.description.as_deref(),
                    &section.path,
                    &section.rel,
                    &section.meta.extra,
                    &site.sections[i],
                    ancestors(section.parent),
                );
                let list = |s: &crate::content::Section| {
                    Value::from(s.pages.iter().map(|p| pages[*p].clone()).collect::<Vec<_>>())
                };
                let subsections: Vec<Value> = section
                    .subsections
                    .iter()
                    .map(|s| {
                        let sub = &content.sections[*s];
                        let head = LinkView { title: &sub.meta.title, url: config.href(&sub.path) };
                        let value = with(Value::from_serializable(&head), "path", Value::from(sub.path.as_str()));
                        let value = with(value, "description", Value::from(sub.meta.description.clone()));
                        with(value, "pages", list(sub))
                    })
                    .collect();
                let value = with(Value::from_serializable(&view), "pages", list(section));
                with(value, "subsections", Value::from(subsections))
            })
            .collect();

        let mut taxonomies = Vec::new();
        let mut terms = Vec::new();
        for taxonomy in &site.taxonomies {
            let mut by_slug = HashMap::new();
            let mut list = Vec::new();
            for (slug, term) in &taxonomy.terms {
                let head = TermRef {
                    name: &term.name,
                    slug: slug.clone(),
                    url: config.href(&format!("/{}/{slug}/", taxonomy.name)),
                };
                let value = with(
                    Value::from_serializable(&head),
                    "pages",
                    Value::from(term.pages.iter().map(|p| pages[*p].clone()).collect::<Vec<_>>()),
                );
                list.push(value.clone());
                by_slug.insert(slug.clone(), value);
            }
            let head = TermRef {
                name: &taxonomy.name,
                slug: taxonomy.name.clone(),
                url: config.href(&format!("/{}/", taxonomy.name)),
            };
            let value = with(Value::from_serializable(&head), "title", Value::from(taxonomy.title.as_str()));
            taxonomies.push(with(value, "terms", Value::from(list)));
            terms.push(by_slug);
        }

        let hrefs = crate::link::hrefs(config, content);
        Views {
            pages,
            sections,
            taxonomies,
            terms,
            timeline: Value::from_serializable(&site.timeline),
            by_rel: content.by_rel.clone(),
            hrefs,
            base_path: config.base_path.clone(),
            neighbours,
        }
    }

    pub fn page_neighbours(&self, page: usize) -> Vec<String> {
        self.neighbours[page].clone()
    }

    pub fn page_by_rel(&self, rel: &str) -> Option<Value> {
        match self.by_rel.get(rel)? {
            Item::Page(i) => Some(self.pages[*i].clone()),
            Item::Section(_) => None,
        }
    }

    pub fn section_by_rel(&self, rel: &str) -> Option<Value> {
        match self.by_rel.get(rel)? {
            Item::Section(i) => Some(self.sections[*i].clone()),
            Item::Page(_) => None,
        }
    }

    pub fn taxonomy_by_name(&self, name: &str) -> Option<Value> {
        self.taxonomies.iter().find(|t| t.get_from_path("name").and_then(Value::as_str) == Some(name)).cloned()
    }

    pub fn term(&self, taxonomy: usize, slug: &str) -> Value {
        self.terms[taxonomy].get(slug).cloned().unwrap_or_else(Value::none)
    }

    /// `@/page.md#anchor` -> the page's href; anything else -> below the base path.
    pub fn url(&self, path: &str) -> Result<String, String> {
        if let Some(target) = path.strip_prefix("@/") {
            let (rel, anchor) = target.split_once('#').map_or((target, None), |(r, a)| (r, Some(a)));
            let href = self.hrefs.get(rel).ok_or_else(|| format!("get_url: there is no page `{rel}` in content/"))?;
            return Ok(match anchor {
                Some(a) => format!("{href}#{a}"),
                None => href.clone(),
            });
        }
        if path.contains("://") || path.starts_with("//") {
            return Ok(path.to_string());
        }
        Ok(format!("{}{}", self.base_path, path.trim_start_matches('/')))
    }
}

#[allow(clippy::too_many_arguments)]
fn body_view<'a>(
    site: &'a Site,
    title: &'a str,
    description: Option<&'a str>,
    path: &'a str,
    rel: &'a str,
    extra: &'a toml::Table,
    rendered: &'a Rendered,
    ancestors: Vec<LinkView<'a>>,
) -> BodyView<'a> {
    BodyView {
        title,
        description,
        path,
        url: site.config.href(path),
        permalink: site.config.permalink(path),
        relative_path: rel,
        content: &rendered.html,
        summary: rendered.summary.as_deref(),
        toc: &rendered.toc,
        word_count: rendered.count.total(),
        reading_time: rendered.count.reading_minutes(),
        extra,
        ancestors,
    }
}

/// `value` (a map) with one more key.
fn with(value: Value, key: &'static str, item: Value) -> Value {
    let mut map = value.into_map().unwrap_or_default();
    map.insert(key.into(), item);
    Value::from(map)
}
