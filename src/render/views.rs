//! What templates see: pages, sections and taxonomies as tera values, built once per build and
//! shared (tera's values are reference-counted, so a section listing its pages copies no page).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
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

/// A page or section that links here, with the sentence that does it.
#[derive(Serialize)]
struct BacklinkView<'a> {
    title: &'a str,
    url: String,
    context: &'a str,
}

#[derive(Serialize)]
struct CiteView {
    n: u32,
    url: String,
}

/// An entity as listed: on `/entities/`, and on pages that mention it.
#[derive(Serialize)]
struct EntityView<'a> {
    title: &'a str,
    url: String,
    kind: &'a str,
    kind_label: &'a str,
    summary: &'a str,
    names: &'a [String],
    /// How many pages mention it.
    mentioned: usize,
}

#[derive(Serialize)]
struct KindView<'a> {
    kind: &'a str,
    label: &'a str,
    entities: Vec<EntityView<'a>>,
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
    related: Vec<LinkView<'a>>,
    backlinks: Vec<BacklinkView<'a>>,
    /// Source paragraphs this page rests on.
    cites: Vec<CiteView>,
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
    /// On an entity page: what the entity is.
    entity: Option<&'a crate::dossier::entity::Entity>,
    /// On an entity page: every page that names it, with the sentence.
    mentioned_in: Vec<BacklinkView<'a>>,
    /// The entities this page names.
    entities: Vec<EntityView<'a>>,
}

pub struct Views {
    pub pages: Vec<Value>,
    pub sections: Vec<Value>,
    pub taxonomies: Vec<Value>,
    terms: Vec<HashMap<String, Value>>,
    pub timeline: Value,
    pub entities: Value,
    by_rel: Arc<HashMap<String, Item>>,
    hrefs: Arc<HashMap<String, String>>,
    base_path: String,
    /// Per page: other content files whose titles or sentences it shows (previous and next pages,
    /// pages linking to it, pages naming its entity).
    shows: Arc<Vec<Vec<String>>>,
}

impl Views {
    pub fn new(site: &Site) -> Views {
        Views::build(site, None)
    }

    /// The views after the bodies of pages `changed` changed (their front matter, links and the
    /// entities they name stayed the same): their values are made anew, and so are the sections and
    /// taxonomy terms that list them; everything else is reused.
    pub fn refresh(&self, site: &Site, changed: &[usize]) -> Views {
        Views::build(site, Some((self, changed)))
    }

    fn build(site: &Site, reuse: Option<(&Views, &[usize])>) -> Views {
        let content = &site.content;
        let config = &site.config;
        // Previous and next follow the reading order (that of /print/), across sections.
        let order = super::print::reading_order(content);
        let mut page_neighbours = vec![(None, None); content.pages.len()];
        let mut section_neighbours = vec![(None, None); content.sections.len()];
        for (k, (item, _)) in order.iter().enumerate() {
            let around = (k.checked_sub(1).map(|k| order[k].0), order.get(k + 1).map(|x| x.0));
            match *item {
                Item::Page(i) => page_neighbours[i] = around,
                Item::Section(i) => section_neighbours[i] = around,
            }
        }
        let item_link = |item: Item| match item {
            Item::Page(i) => LinkView { title: &content.pages[i].meta.title, url: config.href(&content.pages[i].path) },
            Item::Section(i) => {
                LinkView { title: &content.sections[i].meta.title, url: config.href(&content.sections[i].path) }
            }
        };
        let item_rel = |item: Item| match item {
            Item::Page(i) => content.pages[i].rel.clone(),
            Item::Section(i) => content.sections[i].rel.clone(),
        };
        // Entity -> the pages naming it, with the sentence; page -> the entities it names.
        let mut mentioned_in: Vec<Vec<(Item, &str)>> = vec![Vec::new(); site.entities.len()];
        let items = (0..content.pages.len()).map(Item::Page).chain((0..content.sections.len()).map(Item::Section));
        for item in items {
            for mention in &crate::link::body(item, &site.pages, &site.sections).mentions {
                mentioned_in[mention.entity].push((item, mention.context.as_str()));
            }
        }
        let entity_view = |e: usize| {
            let entity = &site.entities[e];
            let page = &content.pages[entity.page];
            EntityView {
                title: &page.meta.title,
                url: config.href(&page.path),
                kind: &entity.kind,
                kind_label: &entity.kind_label,
                summary: &entity.summary,
                names: &entity.names,
                mentioned: mentioned_in[e].len(),
            }
        };
        let entity_of: HashMap<usize, usize> = site.entities.iter().enumerate().map(|(e, x)| (x.page, e)).collect();
        let backlinks_of = |rel: &str| -> Vec<BacklinkView> {
            site.backlinks
                .get(rel)
                .into_iter()
                .flatten()
                .map(|b| {
                    let link = item_link(b.from);
                    BacklinkView { title: link.title, url: link.url, context: &b.context }
                })
                .collect()
        };
        let related_of = |item: Item| -> Vec<LinkView> {
            site.related
                .iter()
                .filter(|r| r.from == item)
                .filter_map(|r| {
                    let target = content.by_rel.get(&r.target)?;
                    let mut link = item_link(*target);
                    if let Some(a) = &r.anchor {
                        link.url = format!("{}#{a}", link.url);
                    }
                    Some(link)
                })
                .collect()
        };
        let source_href =
            config.dossier.source.as_deref().and_then(|rel| content.by_rel.get(rel)).map(|i| item_link(*i).url);
        let cites_of = |item: Item| -> Vec<CiteView> {
            let Some(href) = &source_href else { return Vec::new() };
            site.provenance.cited_by(item).into_iter().map(|n| CiteView { n, url: format!("{href}#p{n}") }).collect()
        };
        let shows = match reuse {
            Some((old, _)) => Arc::clone(&old.shows),
            None => {
                let mut shows: Vec<Vec<String>> = vec![Vec::new(); content.pages.len()];
                for (i, (previous, next)) in page_neighbours.iter().enumerate() {
                    shows[i].extend(previous.iter().chain(next).map(|item| item_rel(*item)));
                }
                for (i, page) in content.pages.iter().enumerate() {
                    let from_links = site.backlinks.get(&page.rel).into_iter().flatten().map(|b| item_rel(b.from));
                    let from_mentions = entity_of
                        .get(&i)
                        .into_iter()
                        .flat_map(|e| mentioned_in[*e].iter().map(|(item, _)| item_rel(*item)));
                    shows[i].extend(from_links.chain(from_mentions));
                }
                Arc::new(shows)
            }
        };
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

        let page_value = |i: usize| -> Value {
            let page = &content.pages[i];
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
                    Extras {
                        ancestors: ancestors(Some(page.parent)),
                        related: related_of(Item::Page(i)),
                        backlinks: backlinks_of(&page.rel),
                        cites: cites_of(Item::Page(i)),
                    },
                ),
                date: page.date.map(|d| d.to_string()),
                updated: page.updated.map(|d| d.to_string()),
                weight: page.meta.weight,
                slug: &page.slug,
                draft: page.meta.draft,
                taxonomies,
                previous: page_neighbours[i].0.map(item_link),
                next: page_neighbours[i].1.map(item_link),
                timeline: site.timeline.iter().filter(|e| e.page == i).collect(),
                assets: page.assets.iter().map(|a| a.name.clone()).collect(),
                entity: entity_of.get(&i).map(|e| &site.entities[*e]),
                mentioned_in: entity_of
                    .get(&i)
                    .map(|e| {
                        mentioned_in[*e]
                            .iter()
                            .map(|(item, context)| {
                                let link = item_link(*item);
                                BacklinkView { title: link.title, url: link.url, context }
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                entities: {
                    let mut named: Vec<usize> = rendered.mentions.iter().map(|m| m.entity).collect();
                    named.dedup();
                    named.into_iter().map(entity_view).collect()
                },
            };
            Value::from_serializable(&view)
        };
        let pages: Vec<Value> = match reuse {
            Some((old, changed)) if old.pages.len() == content.pages.len() => (0..content.pages.len())
                .map(|i| if changed.contains(&i) { page_value(i) } else { old.pages[i].clone() })
                .collect(),
            _ => (0..content.pages.len()).into_par_iter().map(page_value).collect(),
        };

        // Sections holding a changed page, directly or in a subsection's list.
        let touched_sections: Option<Vec<bool>> = reuse.map(|(_, changed)| {
            let mut touched = vec![false; content.sections.len()];
            for p in changed {
                let parent = content.pages[*p].parent;
                touched[parent] = true;
                if let Some(grand) = content.sections[parent].parent {
                    touched[grand] = true;
                }
            }
            touched
        });
        let sections: Vec<Value> = content
            .sections
            .iter()
            .enumerate()
            .map(|(i, section)| {
                if let (Some(touched), Some((old, _))) = (&touched_sections, reuse)
                    && !touched[i]
                {
                    return old.sections[i].clone();
                }
                let view = body_view(
                    site,
                    &section.meta.title,
                    section.meta.description.as_deref(),
                    &section.path,
                    &section.rel,
                    &section.meta.extra,
                    &site.sections[i],
                    Extras {
                        ancestors: ancestors(section.parent),
                        related: related_of(Item::Section(i)),
                        backlinks: backlinks_of(&section.rel),
                        cites: cites_of(Item::Section(i)),
                    },
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
                let (previous, next) = section_neighbours[i];
                let value = with(value, "previous", Value::from_serializable(&previous.map(item_link)));
                let value = with(value, "next", Value::from_serializable(&next.map(item_link)));
                with(value, "subsections", Value::from(subsections))
            })
            .collect();

        let mut taxonomies = Vec::new();
        let mut terms = Vec::new();
        for taxonomy in &site.taxonomies {
            let mut by_slug = HashMap::new();
            let mut list = Vec::new();
            for (slug, term) in &taxonomy.terms {
                let unchanged = reuse.filter(|(_, changed)| !term.pages.iter().any(|p| changed.contains(p)));
                if let Some(value) = unchanged.and_then(|(old, _)| old.terms.get(terms.len())?.get(slug)) {
                    list.push(value.clone());
                    by_slug.insert(slug.clone(), value.clone());
                    continue;
                }
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

        if let Some((old, _)) = reuse {
            return Views {
                pages,
                sections,
                taxonomies,
                terms,
                timeline: old.timeline.clone(),
                entities: old.entities.clone(),
                by_rel: Arc::clone(&old.by_rel),
                hrefs: Arc::clone(&old.hrefs),
                base_path: old.base_path.clone(),
                shows,
            };
        }
        let hrefs = crate::link::hrefs(config, content);
        let kinds: Vec<KindView> = crate::dossier::entity::KINDS
            .iter()
            .map(|(kind, label)| KindView {
                kind,
                label,
                entities: (0..site.entities.len())
                    .filter(|e| site.entities[*e].kind == *kind)
                    .map(entity_view)
                    .collect(),
            })
            .filter(|k| !k.entities.is_empty())
            .collect();
        Views {
            pages,
            sections,
            taxonomies,
            terms,
            timeline: Value::from_serializable(&site.timeline),
            entities: Value::from_serializable(&kinds),
            by_rel: Arc::new(content.by_rel.clone()),
            hrefs: Arc::new(hrefs),
            base_path: config.base_path.clone(),
            shows,
        }
    }

    /// Other content files whose titles or sentences page `page` shows.
    pub fn page_shows(&self, page: usize) -> Vec<String> {
        self.shows[page].clone()
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

/// The lists a page or section shows besides its own text.
struct Extras<'a> {
    ancestors: Vec<LinkView<'a>>,
    related: Vec<LinkView<'a>>,
    backlinks: Vec<BacklinkView<'a>>,
    cites: Vec<CiteView>,
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
    extras: Extras<'a>,
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
        ancestors: extras.ancestors,
        related: extras.related,
        backlinks: extras.backlinks,
        cites: extras.cites,
    }
}

/// `value` (a map) with one more key.
pub(crate) fn with(value: Value, key: &'static str, item: Value) -> Value {
    let mut map = value.into_map().unwrap_or_default();
    map.insert(key.into(), item);
    Value::from(map)
}
