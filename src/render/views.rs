//! What templates see: pages, sections and taxonomies as tera values.
//!
//! Two sizes of page value. Listings (`section.pages`, `term.pages`, `get_page`, the items of
//! `/print/`) share one small value per page, built once (tera's values are reference-counted, so
//! a section listing its pages copies no page). The full value a page's own template gets as
//! `page` (its HTML, table of contents, connections and neighbours) is built when that page is
//! rendered and dropped after, so a large site never holds ten thousand of them at once.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;
use tera::value::Key;

use crate::content::Item;
use crate::content::paginate::Paging;
use crate::markdown::Rendered;
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
    /// The source's name.
    source: String,
    /// The source's title, when the site has several sources (a theme names it then).
    source_title: Option<String>,
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

/// A map value built key by key. The keys are static, so unlike serde's `flatten` no key is
/// allocated: a large site holds one listing value per page. The fields are kept in a list and
/// made into tera's map once, by its serializer, so each key is hashed once (a map built here and
/// then converted would be hashed twice).
pub(crate) struct Fields {
    /// The fields of the map this one extends, first.
    base: Option<Value>,
    fields: Vec<(&'static str, Value)>,
}

impl Fields {
    pub(crate) fn with_capacity(n: usize) -> Fields {
        Fields { base: None, fields: Vec::with_capacity(n) }
    }

    /// The keys of `value` (a map), to add more.
    pub(crate) fn extend(value: Value, more: usize) -> Fields {
        Fields { base: value.as_map().is_some().then_some(value), fields: Vec::with_capacity(more) }
    }

    pub(crate) fn put(mut self, key: &'static str, value: impl Into<Value>) -> Fields {
        self.fields.push((key, value.into()));
        self
    }

    /// `value` serialized (for nested structs, whose fields are static keys too).
    fn put_serialized<T: Serialize + ?Sized>(self, key: &'static str, value: &T) -> Fields {
        self.put(key, Value::from_serializable(value))
    }

    pub(crate) fn value(self) -> Value {
        let base = self.base.as_ref().and_then(Value::as_map);
        // A base with a key made at run time (not a static one) is extended as a map.
        if base.is_some_and(|map| map.keys().any(|k| !matches!(k, Key::Str(_)))) {
            let mut map = self.base.and_then(Value::into_map).unwrap_or_default();
            for (key, value) in self.fields {
                map.insert(Key::Str(key), value);
            }
            return Value::from(map);
        }
        Value::from_serializable(&self)
    }
}

impl Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let base = self.base.as_ref().and_then(Value::as_map);
        let mut map = serializer.serialize_struct("Fields", base.map_or(0, |m| m.len()) + self.fields.len())?;
        for (key, value) in base.into_iter().flatten() {
            if let Key::Str(key) = key {
                map.serialize_field(key, value)?;
            }
        }
        for (key, value) in &self.fields {
            map.serialize_field(key, value)?;
        }
        map.end()
    }
}

/// The picture a shared link to `item` shows: `{permalink, width, height}` (no size for a fixed
/// image), or none.
fn card_view(site: &Site, item: Item) -> Value {
    use crate::output::card::{self, Image};
    let (path, size) = match card::image(site, item) {
        Image::None => return Value::none(),
        Image::Fixed(path) => (path, None),
        Image::Drawn(path) => (path, Some((card::WIDTH, card::HEIGHT))),
    };
    let mut fields = Fields::with_capacity(3).put("permalink", site.config.permalink(&path));
    if let Some((width, height)) = size {
        fields = fields.put("width", width).put("height", height);
    }
    fields.value()
}

/// Who is next to whom and who names whom: what the values are built from, besides the site.
struct Index {
    /// Previous and next page or section of each page, in reading order.
    page_neighbours: Vec<(Option<Item>, Option<Item>)>,
    /// `lower` and `higher` of each page: its neighbours in its section's sort order.
    lower_higher: Vec<(Option<usize>, Option<usize>)>,
    section_neighbours: Vec<(Option<Item>, Option<Item>)>,
    /// Entity -> the items naming it and which of their mentions it is.
    mentioned_in: Vec<Vec<(Item, usize)>>,
    /// Entity page -> its entity.
    entity_of: HashMap<usize, usize>,
    /// (Language, taxonomy name) -> term name -> `{name, slug, url}`, shared by the pages listing
    /// the term (each language has taxonomies of its own).
    term_refs: HashMap<(String, String), (Key<'static>, HashMap<String, Value>)>,
}

impl Index {
    fn new(site: &Site) -> Index {
        let content = &site.content;
        // Previous and next follow the reading order (that of /print/), across sections, within
        // each language's tree (every language has a root section of its own).
        let mut page_neighbours = vec![(None, None); content.pages.len()];
        let mut section_neighbours = vec![(None, None); content.sections.len()];
        for root in (0..content.sections.len()).filter(|s| content.sections[*s].parent.is_none()) {
            let order = crate::content::reading_order_from(content, root);
            for (k, (item, _)) in order.iter().enumerate() {
                let around = (k.checked_sub(1).map(|k| order[k].0), order.get(k + 1).map(|x| x.0));
                match *item {
                    Item::Page(i) => page_neighbours[i] = around,
                    Item::Section(i) => section_neighbours[i] = around,
                }
            }
        }
        let mut mentioned_in: Vec<Vec<(Item, usize)>> = vec![Vec::new(); site.entities.len()];
        let items = (0..content.pages.len()).map(Item::Page).chain((0..content.sections.len()).map(Item::Section));
        for item in items {
            for (m, mention) in crate::link::body(item, &site.pages, &site.sections).mentions.iter().enumerate() {
                mentioned_in[mention.entity].push((item, m));
            }
        }
        let prefixes: HashMap<&str, String> = site.config.languages().into_iter().map(|l| (l.code, l.prefix)).collect();
        let mut term_refs: HashMap<(String, String), (Key<'static>, HashMap<String, Value>)> = HashMap::new();
        for page in &content.pages {
            let prefix = prefixes.get(page.lang.as_str()).map_or("", String::as_str);
            for (name, terms) in &page.meta.taxonomies {
                let (_, refs) = term_refs
                    .entry((page.lang.clone(), name.clone()))
                    .or_insert_with(|| (Key::String(name.as_str().into()), HashMap::new()));
                for term in terms {
                    if !refs.contains_key(term) {
                        let slug = crate::taxonomy::term_slug(term);
                        let url = site.config.href(&format!("{prefix}/{name}/{slug}/"));
                        refs.insert(term.clone(), Value::from_serializable(&TermRef { name: term, slug, url }));
                    }
                }
            }
        }
        Index {
            page_neighbours,
            lower_higher: crate::content::lower_higher(content),
            section_neighbours,
            mentioned_in,
            entity_of: site.entities.iter().enumerate().map(|(e, x)| (x.page, e)).collect(),
            term_refs,
        }
    }
}

/// The title and href of a page or section.
fn item_link(site: &Site, item: Item) -> LinkView<'_> {
    let (content, config) = (&site.content, &site.config);
    match item {
        Item::Page(i) => LinkView { title: &content.pages[i].meta.title, url: config.href(&content.pages[i].path) },
        Item::Section(i) => LinkView { title: link_title(site, i), url: config.href(&content.sections[i].path) },
    }
}

/// What a link to section `i` is named: its title; for a section made without a file (another
/// language's folder or home), its language's site title for a home, its translation's for a folder.
pub(crate) fn link_title(site: &Site, i: usize) -> &str {
    let (content, section) = (&site.content, &site.content.sections[i]);
    if !section.meta.title.is_empty() {
        return &section.meta.title;
    }
    let language = site.config.languages().into_iter().find(|l| l.code == section.lang).map(|l| l.title);
    if section.parent.is_none() {
        return language.unwrap_or(&site.config.title);
    }
    let translated = content.translations(Item::Section(i)).iter().find_map(|t| match *t {
        Item::Section(s) => Some(content.sections[s].meta.title.as_str()).filter(|t| !t.is_empty()),
        Item::Page(_) => None,
    });
    translated.or(language).unwrap_or(&site.config.title)
}

/// The translations of a page or section in Zola's shape (`{lang, title, permalink, path}`, and
/// `url`, the href): itself included, the default language first.
fn translations(site: &Site, item: Item) -> Value {
    let content = &site.content;
    let list: Vec<Value> = content
        .translations(item)
        .iter()
        .map(|t| {
            let (title, path) = match *t {
                Item::Page(i) => (&content.pages[i].meta.title, &content.pages[i].path),
                Item::Section(i) => (&content.sections[i].meta.title, &content.sections[i].path),
            };
            Fields::with_capacity(5)
                .put("lang", content.lang(*t))
                .put("title", title.as_str())
                .put("permalink", site.config.permalink(path))
                .put("path", path.as_str())
                .put("url", site.config.href(path))
                .value()
        })
        .collect();
    Value::from(list)
}

/// What an output shows, as far as its versions in other languages go.
#[derive(Clone, Copy)]
pub(crate) enum Shown<'a> {
    Item(Item),
    /// A taxonomy's list page, by the taxonomy's name: the taxonomy of that name in another
    /// language is its translation.
    Taxonomy(&'a str),
    /// A term's page: the term of the same slug in the taxonomy of that name in another language.
    Term(&'a str, &'a str),
    /// Something of no language (the 404 page).
    Nothing,
}

/// The site path of what `shown` shows in the language `code`, when that language has it.
fn counterpart(site: &Site, shown: Shown, code: &str) -> Option<String> {
    let content = &site.content;
    let taxonomy = |name: &str| site.taxonomies.iter().find(|t| t.name == name && t.lang == code);
    match shown {
        Shown::Item(item) => content.translations(item).iter().find(|t| content.lang(**t) == code).map(|t| match *t {
            Item::Page(i) => content.pages[i].path.clone(),
            Item::Section(i) => content.sections[i].path.clone(),
        }),
        Shown::Taxonomy(name) => taxonomy(name).map(|t| crate::taxonomy::taxonomy_path(&t.prefix, &t.name)),
        Shown::Term(name, slug) => taxonomy(name).filter(|t| t.terms.contains_key(slug)).map(|t| t.term_path(slug)),
        Shown::Nothing => None,
    }
}

/// The `hreflang` alternates of what is shown (`lang`, `permalink`), the default language first;
/// empty when it is in one language only.
pub(crate) fn alternates(site: &Site, shown: Shown) -> Value {
    if site.config.languages.is_empty() {
        return Value::from(Vec::<Value>::new());
    }
    let list: Vec<Value> = site
        .config
        .languages()
        .iter()
        .filter_map(|language| {
            let path = counterpart(site, shown, language.code)?;
            Some(
                Fields::with_capacity(2)
                    .put("lang", language.code)
                    .put("permalink", site.config.permalink(&path))
                    .value(),
            )
        })
        .collect();
    if list.len() > 1 { Value::from(list) } else { Value::from(Vec::<Value>::new()) }
}

/// Builds values from the site and its index.
#[derive(Clone, Copy)]
struct Make<'a> {
    site: &'a Site,
    index: &'a Index,
}

impl<'a> Make<'a> {
    /// Per page: the other content files whose titles or sentences it shows (previous and next,
    /// pages linking to it, pages naming its entity).
    fn shows(&self) -> Vec<Vec<String>> {
        let (content, index) = (&self.site.content, self.index);
        let mut shows: Vec<Vec<String>> = vec![Vec::new(); content.pages.len()];
        for (i, (previous, next)) in index.page_neighbours.iter().enumerate() {
            shows[i].extend(previous.iter().chain(next).map(|item| self.item_rel(*item)));
            let (lower, higher) = index.lower_higher[i];
            shows[i].extend(lower.iter().chain(&higher).map(|j| content.pages[*j].rel.clone()));
        }
        for (i, page) in content.pages.iter().enumerate() {
            let from_links = self.site.backlinks.get(&page.rel).into_iter().flatten().map(|b| self.item_rel(b.from));
            let from_mentions = index
                .entity_of
                .get(&i)
                .into_iter()
                .flat_map(|e| index.mentioned_in[*e].iter().map(|(item, _)| self.item_rel(*item)));
            shows[i].extend(from_links.chain(from_mentions));
        }
        shows
    }

    /// The listing value of every page.
    fn page_values(&self, made: &Made) -> Vec<Value> {
        let count = self.site.content.pages.len();
        match made.reuse() {
            Some((old, changed)) if old.pages.len() == count => (0..count)
                .map(|i| if changed.contains(&i) { self.page_head(i) } else { old.pages[i].clone() })
                .collect(),
            _ => (0..count).into_par_iter().map(|i| self.page_head(i)).collect(),
        }
    }

    /// The value of every section, with its pages' listing values.
    fn section_values(&self, pages: &[Value], made: &Made) -> Vec<Value> {
        let content = &self.site.content;
        // Sections holding a changed page, directly or in a subsection's list.
        let touched: Option<(&Views, Vec<bool>)> = made.reuse().map(|(old, changed)| {
            let mut touched = vec![false; content.sections.len()];
            for p in changed {
                let parent = content.pages[*p].parent;
                touched[parent] = true;
                if let Some(grand) = content.sections[parent].parent {
                    touched[grand] = true;
                }
            }
            (old, touched)
        });
        (0..content.sections.len())
            .map(|i| match &touched {
                Some((old, touched)) if !touched[i] => old.sections[i].clone(),
                _ => self.section(i, pages),
            })
            .collect()
    }

    /// The value of section `i`.
    fn section(&self, i: usize, pages: &[Value]) -> Value {
        let (content, config) = (&self.site.content, &self.site.config);
        let section = &content.sections[i];
        // Sections' HTML is always in memory.
        let Ok(view) = self.body(Item::Section(i), self.head(Item::Section(i), 12)) else {
            return Value::none();
        };
        let list =
            |s: &crate::content::Section| Value::from(s.pages.iter().map(|p| pages[*p].clone()).collect::<Vec<_>>());
        let subsections: Vec<Value> = section
            .subsections
            .iter()
            .map(|s| {
                let sub = &content.sections[*s];
                Fields::with_capacity(5)
                    // A subsection is a link: one made without a file is named by its translation.
                    .put("title", link_title(self.site, *s))
                    .put("url", config.href(&sub.path))
                    .put("path", sub.path.as_str())
                    .put("description", sub.meta.description.as_deref())
                    .put_serialized("extra", &sub.meta.extra)
                    .put("pages", list(sub))
                    .value()
            })
            .collect();
        // Zola's `subsections` are the paths `get_section` takes; `sections` are the subsections
        // themselves, ready to list.
        let paths: Vec<Value> =
            section.subsections.iter().map(|s| Value::from(content.sections[*s].rel.as_str())).collect();
        let (previous, next) = self.index.section_neighbours[i];
        view.put("pages", list(section))
            .put_serialized("previous", &previous.map(|x| self.item_link(x)))
            .put_serialized("next", &next.map(|x| self.item_link(x)))
            .put("subsections", paths)
            .put("sections", subsections)
            .value()
    }

    /// The value of every taxonomy and, per taxonomy, of each term by slug.
    fn taxonomy_values(&self, pages: &[Value], made: &Made) -> (Vec<Value>, Vec<HashMap<String, Value>>) {
        let config = &self.site.config;
        let reuse = made.reuse();
        let mut taxonomies = Vec::new();
        let mut terms = Vec::new();
        for taxonomy in &self.site.taxonomies {
            let mut by_slug = HashMap::new();
            let mut list = Vec::new();
            for (slug, term) in &taxonomy.terms {
                let unchanged = reuse.filter(|(_, changed)| !term.pages.iter().any(|p| changed.contains(p)));
                if let Some(value) = unchanged.and_then(|(old, _)| old.terms.get(terms.len())?.get(slug)) {
                    list.push(value.clone());
                    by_slug.insert(slug.clone(), value.clone());
                    continue;
                }
                let head =
                    TermRef { name: &term.name, slug: slug.clone(), url: config.href(&taxonomy.term_path(slug)) };
                let listed: Vec<Value> = term.pages.iter().map(|p| pages[*p].clone()).collect();
                // Zola's `path` and `page_count` beside ours.
                let value = Fields::extend(Value::from_serializable(&head), 4)
                    .put("permalink", config.permalink(&taxonomy.term_path(slug)))
                    .put("path", taxonomy.term_path(slug))
                    .put("page_count", listed.len())
                    .put("pages", listed)
                    .value();
                list.push(value.clone());
                by_slug.insert(slug.clone(), value);
            }
            let head =
                TermRef { name: &taxonomy.name, slug: taxonomy.name.clone(), url: config.href(&taxonomy.path()) };
            let value = Fields::extend(Value::from_serializable(&head), 8);
            let value = value
                .put("title", taxonomy.title.as_str())
                .put("lang", taxonomy.lang.as_str())
                .put("paginate_by", taxonomy.paginate_by)
                .put("paginate_path", taxonomy.paginate_path.as_str());
            // Zola's shape beside ours: `kind` (the taxonomy's settings), `permalink`, and the
            // terms as `items`; the theme reads `terms`.
            let kind = Fields::with_capacity(2).put("name", taxonomy.name.as_str()).put("lang", taxonomy.lang.as_str());
            let list = Value::from(list);
            taxonomies.push(
                value
                    .put("kind", kind.value())
                    .put("permalink", config.permalink(&taxonomy.path()))
                    .put("items", list.clone())
                    .put("terms", list)
                    .value(),
            );
            terms.push(by_slug);
        }
        (taxonomies, terms)
    }

    /// The values of `get_timeline` and `get_entities` in each language: the events of its pages,
    /// the entities whose pages are in it.
    fn collections(&self) -> (HashMap<String, Value>, HashMap<String, Value>) {
        let site = self.site;
        let (mut timelines, mut entities) = (HashMap::new(), HashMap::new());
        for language in site.config.languages() {
            let in_lang = |page: usize| site.content.pages[page].lang == language.code;
            let kinds: Vec<KindView> = crate::dossier::entity::KINDS
                .iter()
                .map(|kind| {
                    let of_kind = (0..site.entities.len())
                        .filter(|e| site.entities[*e].kind == *kind && in_lang(site.entities[*e].page));
                    KindView {
                        kind,
                        label: of_kind.clone().next().map_or("", |e| site.entities[e].kind_label.as_str()),
                        entities: of_kind.map(|e| self.entity_view(e)).collect(),
                    }
                })
                .filter(|k| !k.entities.is_empty())
                .collect();
            let events: Vec<&crate::dossier::timeline::Event> =
                site.timeline.iter().filter(|e| in_lang(e.page)).collect();
            timelines.insert(language.code.to_string(), Value::from_serializable(&events));
            entities.insert(language.code.to_string(), Value::from_serializable(&kinds));
        }
        (timelines, entities)
    }

    fn item_link(&self, item: Item) -> LinkView<'a> {
        item_link(self.site, item)
    }

    fn item_rel(&self, item: Item) -> String {
        match item {
            Item::Page(i) => self.site.content.pages[i].rel.clone(),
            Item::Section(i) => self.site.content.sections[i].rel.clone(),
        }
    }

    /// The items naming entity `e`, with their sentences.
    fn mentions_of(&self, e: usize) -> impl Iterator<Item = (Item, &'a str)> + 'a {
        let site = self.site;
        self.index.mentioned_in[e].iter().map(move |&(item, m)| {
            (item, crate::link::body(item, &site.pages, &site.sections).mentions[m].context.as_str())
        })
    }

    fn entity_view(&self, e: usize) -> EntityView<'a> {
        let entity = &self.site.entities[e];
        let page = &self.site.content.pages[entity.page];
        EntityView {
            title: &page.meta.title,
            url: self.site.config.href(&page.path),
            kind: &entity.kind,
            kind_label: &entity.kind_label,
            summary: &entity.summary,
            names: &entity.names,
            mentioned: self.index.mentioned_in[e].len(),
        }
    }

    /// The pages linking to `rel` (the item `of`) in its own language: a translation reaches its
    /// original through the language switcher, and a list in two languages would mix them.
    fn backlinks_of(&self, rel: &str, of: Item) -> Vec<BacklinkView<'a>> {
        let lang = self.site.content.lang(of);
        let backlinks = self.site.backlinks.get(rel).into_iter().flatten();
        backlinks
            .filter(|b| self.site.content.lang(b.from) == lang)
            .map(|b| {
                let link = self.item_link(b.from);
                BacklinkView { title: link.title, url: link.url, context: &b.context }
            })
            .collect()
    }

    fn related_of(&self, item: Item) -> Vec<LinkView<'a>> {
        let related = self.site.related.iter().filter(|r| r.from == item);
        related
            .filter_map(|r| {
                let target = self.site.content.by_rel.get(&r.target)?;
                let mut link = self.item_link(*target);
                if let Some(a) = &r.anchor {
                    link.url = format!("{}#{a}", link.url);
                }
                Some(link)
            })
            .collect()
    }

    fn cites_of(&self, item: Item) -> Vec<CiteView> {
        let site = self.site;
        let several = site.sources.len() > 1;
        // A page in a language the source is translated into cites the translation.
        let lang = site.content.lang(item);
        let mut cites = Vec::new();
        for source in &site.sources {
            let page = match source.translations.iter().find(|t| t.lang == lang) {
                Some(t) => (&t.provenance, t.page),
                None => (&source.provenance, source.page),
            };
            let (provenance, page) = page;
            let cited = provenance.cited_by(item);
            if cited.is_empty() {
                continue;
            }
            let link = item_link(site, Item::Page(page));
            let title = several.then(|| link.title.to_string());
            cites.extend(cited.into_iter().map(|n| CiteView {
                n,
                url: format!("{}#p{n}", link.url),
                source: source.name.clone(),
                source_title: title.clone(),
            }));
        }
        cites
    }

    fn ancestors(&self, mut parent: Option<usize>) -> Vec<LinkView<'a>> {
        let mut chain = Vec::new();
        while let Some(s) = parent {
            let section = &self.site.content.sections[s];
            chain.push(LinkView { title: link_title(self.site, s), url: self.site.config.href(&section.path) });
            parent = section.parent;
        }
        chain.reverse();
        chain
    }

    /// What a listing shows of a page or section.
    fn head(&self, item: Item, more: usize) -> Fields {
        let site = self.site;
        let (title, description, path, rel, extra) = match item {
            Item::Page(i) => {
                let p = &site.content.pages[i];
                (&p.meta.title, &p.meta.description, &p.path, &p.rel, &p.meta.extra)
            }
            Item::Section(i) => {
                let s = &site.content.sections[i];
                (&s.meta.title, &s.meta.description, &s.path, &s.rel, &s.meta.extra)
            }
        };
        let rendered: &Rendered = crate::link::body(item, &site.pages, &site.sections);
        Fields::with_capacity(11 + more)
            .put("lang", site.content.lang(item))
            .put("title", title.as_str())
            .put("description", description.as_deref())
            .put("path", path.as_str())
            .put("url", site.config.href(path))
            .put("permalink", site.config.permalink(path))
            .put("relative_path", rel.as_str())
            .put("summary", rendered.summary.as_deref())
            .put("word_count", rendered.count.total())
            .put("reading_time", rendered.count.reading_minutes())
            .put("card", card_view(site, item))
            .put_serialized("extra", extra)
    }

    /// What a page or section shows of itself, its text and its connections, added to `fields`.
    fn body(&self, item: Item, fields: Fields) -> Result<Fields, crate::diag::Diagnostic> {
        let site = self.site;
        let (rel, parent) = match item {
            Item::Page(i) => (&site.content.pages[i].rel, Some(site.content.pages[i].parent)),
            Item::Section(i) => (&site.content.sections[i].rel, site.content.sections[i].parent),
        };
        let rendered: &Rendered = crate::link::body(item, &site.pages, &site.sections);
        Ok(fields
            // Only the page or section rendered gets its translations and counts: in every listing
            // value they took ~1.8 KiB a page (180 MiB at 100,000 pages).
            .put("translations", translations(site, item))
            .put_serialized("counts", &rendered.count)
            .put("content", site.html(item)?)
            .put_serialized("toc", &rendered.toc)
            .put_serialized("ancestors", &self.ancestors(parent))
            .put_serialized("related", &self.related_of(item))
            .put_serialized("backlinks", &self.backlinks_of(rel, item))
            // Source paragraphs this page rests on.
            .put_serialized("cites", &self.cites_of(item)))
    }

    /// A page as listings show it.
    fn page_head(&self, i: usize) -> Value {
        let page = &self.site.content.pages[i];
        let mut taxonomies = tera::Map::with_capacity(page.meta.taxonomies.len());
        for (name, terms) in &page.meta.taxonomies {
            let (key, refs) = &self.index.term_refs[&(page.lang.clone(), name.clone())];
            let terms: Vec<Value> = terms.iter().map(|t| refs[t].clone()).collect();
            taxonomies.insert(key.clone(), Value::from(terms));
        }
        let entity = self.index.entity_of.get(&i).map(|e| &self.site.entities[*e]);
        self.head(Item::Page(i), 8)
            .put("date", page.date.map(|d| d.to_string()))
            .put("updated", page.updated.map(|d| d.to_string()))
            .put("weight", page.meta.weight)
            .put("slug", page.slug.as_str())
            .put("draft", page.meta.draft)
            .put_serialized("authors", &page.meta.authors)
            .put("taxonomies", Value::from(taxonomies))
            // On an entity page: what the entity is.
            .put_serialized("entity", &entity)
            .value()
    }

    /// A page as its own template sees it: `listing`, its value in listings, with its text,
    /// connections and neighbours.
    fn page(&self, i: usize, listing: Value) -> Result<Fields, crate::diag::Diagnostic> {
        let site = self.site;
        let index = self.index;
        let page = &site.content.pages[i];
        let entity = index.entity_of.get(&i).copied();
        let mut named: Vec<usize> = site.pages[i].mentions.iter().map(|m| m.entity).collect();
        named.dedup();
        let mentioned_in: Vec<BacklinkView> = entity
            .map(|e| {
                self.mentions_of(e)
                    .map(|(item, context)| {
                        let link = self.item_link(item);
                        BacklinkView { title: link.title, url: link.url, context }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let entities: Vec<EntityView> = named.into_iter().map(|e| self.entity_view(e)).collect();
        let timeline: Vec<&crate::dossier::timeline::Event> = site.timeline.iter().filter(|e| e.page == i).collect();
        let assets: Vec<Value> = page.assets.iter().map(|a| Value::from(a.name.as_str())).collect();
        // On a translation of the source page: each paragraph beside its original.
        let paragraphs = site.sources.iter().flat_map(|s| &s.translations).find(|t| t.page == i).map(|t| &t.paragraphs);
        Ok(self
            .body(Item::Page(i), Fields::extend(listing, 16))?
            .put_serialized("paragraphs", &paragraphs)
            // On a source page: its parts, each with its attribution.
            .put_serialized("parts", &site.parts.get(&i))
            .put_serialized("publisher", &page.meta.publisher)
            .put_serialized("previous", &index.page_neighbours[i].0.map(|x| self.item_link(x)))
            .put_serialized("next", &index.page_neighbours[i].1.map(|x| self.item_link(x)))
            .put_serialized("timeline", &timeline)
            .put("assets", assets)
            // On an entity page: every page that names it, with the sentence.
            .put_serialized("mentioned_in", &mentioned_in)
            // The entities this page names.
            .put_serialized("entities", &entities))
    }
}

/// Which values [`Views::build`] makes: all of them, or those a body change reaches (the rest are
/// taken from `old`).
#[derive(Clone)]
enum Made<'a> {
    All { hrefs: Arc<HashMap<String, String>> },
    Changed { old: &'a Views, changed: &'a [usize] },
}

impl<'a> Made<'a> {
    /// The old views and the changed pages, when refreshing.
    fn reuse(&self) -> Option<(&'a Views, &'a [usize])> {
        match self {
            Made::All { .. } => None,
            Made::Changed { old, changed } => Some((old, changed)),
        }
    }
}

pub(crate) struct Views {
    /// The listing value of each page.
    pub(crate) pages: Vec<Value>,
    pub(crate) sections: Vec<Value>,
    pub(crate) taxonomies: Vec<Value>,
    terms: Vec<HashMap<String, Value>>,
    /// Language code -> its `get_timeline()`.
    pub(crate) timeline: HashMap<String, Value>,
    /// Language code -> its `get_entities()`.
    pub(crate) entities: HashMap<String, Value>,
    index: Index,
    by_rel: Arc<HashMap<String, Item>>,
    hrefs: Arc<HashMap<String, String>>,
    base_path: String,
    /// Assets under names with their content's hash (`style.css` -> `style.3f9a….css`), which
    /// `get_url` gives; empty in the live preview.
    assets: Arc<std::collections::BTreeMap<String, String>>,
    /// Language code -> what its URLs start with (`""`, `/en`).
    prefixes: HashMap<String, String>,
    /// Every configured language's interface strings: the tables, for what a lookup that fails
    /// says, and each table as the map templates see as `i18n`, which `trans` looks in too, so a
    /// lookup copies no text.
    pub(crate) strings: Arc<crate::i18n::Strings>,
    translations: Arc<Vec<(String, Value)>>,
    /// What the language switcher says of each language whatever is shown.
    languages: Arc<Vec<SwitcherLanguage>>,
    /// The default language's code, for a render with no `lang`.
    pub(crate) language: String,
    /// Per page: other content files whose titles or sentences it shows (previous and next pages,
    /// pages linking to it, pages naming its entity).
    shows: Vec<Vec<String>>,
}

/// A language in the switcher, as it is on every page.
struct SwitcherLanguage {
    code: String,
    /// What its site paths start with (`""`, `en/`).
    prefix: String,
    /// `name`, `title`, `url` of each of its taxonomies.
    taxonomies: Value,
    search: bool,
    title: String,
    /// The href of its home.
    home: String,
}

impl SwitcherLanguage {
    fn all(site: &Site) -> Vec<SwitcherLanguage> {
        site.config
            .languages()
            .iter()
            .map(|language| {
                let home = counterpart(site, Shown::Item(Item::Section(0)), language.code)
                    .unwrap_or_else(|| format!("{}/", language.prefix));
                let taxonomies: Vec<Value> = language
                    .taxonomies
                    .iter()
                    .map(|t| {
                        Fields::with_capacity(3)
                            .put("name", t.name.as_str())
                            .put("title", t.title.as_deref().unwrap_or(&t.name))
                            .put("url", site.config.href(&crate::taxonomy::taxonomy_path(&language.prefix, &t.name)))
                            .value()
                    })
                    .collect();
                SwitcherLanguage {
                    code: language.code.to_string(),
                    prefix: format!("{}/", language.prefix).trim_start_matches('/').to_string(),
                    taxonomies: Value::from(taxonomies),
                    search: language.search,
                    title: language.title.to_string(),
                    home: site.config.href(&home),
                }
            })
            .collect()
    }
}

impl Views {
    /// The language switcher's entries for a render in `lang` of `shown`: every language of the site,
    /// the default first, each with `code`, `title` (its site title), `url` (the href of what is shown
    /// in that language, or of that language's home when it has none), `translated`, `current`,
    /// `search`, `prefix` (`""`, `en/`: what its site paths start with) and `taxonomies` (`name`,
    /// `title`, `url`).
    pub(crate) fn switcher(&self, site: &Site, lang: &str, shown: Shown) -> Value {
        let list: Vec<Value> = self
            .languages
            .iter()
            .map(|language| {
                let translation = counterpart(site, shown, &language.code);
                let translated = translation.is_some();
                Fields::with_capacity(8)
                    .put("code", language.code.as_str())
                    .put("prefix", language.prefix.as_str())
                    .put("taxonomies", language.taxonomies.clone())
                    .put("search", language.search)
                    .put("title", language.title.as_str())
                    .put("url", translation.map_or_else(|| language.home.clone(), |path| site.config.href(&path)))
                    .put("translated", translated)
                    .put("current", language.code == lang)
                    .value()
            })
            .collect();
        Value::from(list)
    }

    /// Whether the site has one language only: then everything is rendered in it.
    pub(crate) fn one_language(&self) -> bool {
        self.languages.len() == 1
    }

    /// The interface strings of `lang` as templates see them, `i18n`: a map from key to string.
    /// Empty for a language with no table.
    pub(crate) fn strings_of(&self, lang: &str) -> Value {
        let table = self.translations.iter().find(|(code, _)| code.eq_ignore_ascii_case(lang));
        table.map_or_else(|| Value::from(tera::Map::new()), |(_, map)| map.clone())
    }

    /// `trans(key=…)` in `lang`: the string, or an error that says which table lacks it.
    pub(crate) fn trans(&self, lang: &str, key: &str) -> Result<Value, String> {
        let Some((_, table)) = self.translations.iter().find(|(code, _)| code.eq_ignore_ascii_case(lang)) else {
            return Err(format!(
                "there is no i18n table for the language `{lang}`; add i18n/{lang}.toml or name a configured language"
            ));
        };
        table.as_map().and_then(|map| map.get(&Key::Str(key))).cloned().ok_or_else(|| {
            let missing = self.strings.table(lang).and_then(|t| t.must_get(key).err()).unwrap_or_default();
            format!("{missing}; add `{key} = \"…\"` to i18n/{lang}.toml")
        })
    }

    /// The views of `site`; `hrefs` are the hrefs of every content file (`link::hrefs`).
    pub(crate) fn new(site: &Site, hrefs: Arc<HashMap<String, String>>) -> Views {
        Views::build(site, Made::All { hrefs })
    }

    /// The views after the bodies of pages `changed` changed (their front matter, links and the
    /// entities they name stayed the same): their values are made anew, and so are the sections and
    /// taxonomy terms that list them; everything else is reused.
    pub(crate) fn refresh(&self, site: &Site, changed: &[usize]) -> Views {
        Views::build(site, Made::Changed { old: self, changed })
    }

    /// The value page `i`'s own template gets as `page`: its listing value with its HTML, table of
    /// contents, connections and neighbours.
    pub(crate) fn page(&self, site: &Site, i: usize) -> Result<Value, crate::diag::Diagnostic> {
        // One map for the whole value: made into a template value once, not once per step.
        let fields = Make { site, index: &self.index }.page(i, self.pages[i].clone())?;
        let (lower, higher) = self.index.lower_higher[i];
        Ok(fields
            .put("lower", lower.map(|j| self.pages[j].clone()))
            .put("higher", higher.map(|j| self.pages[j].clone()))
            .value())
    }

    /// The same views, with `get_url` giving each asset of `assets` (old path -> hashed path).
    pub(crate) fn with_assets(self, assets: std::collections::BTreeMap<String, String>) -> Views {
        Views { assets: Arc::new(assets), ..self }
    }

    fn build(site: &Site, made: Made) -> Views {
        let assets = match &made {
            Made::Changed { old, .. } => Arc::clone(&old.assets),
            Made::All { .. } => Arc::default(),
        };
        let index = Index::new(site);
        let make = Make { site, index: &index };
        let shows = make.shows();
        let pages = make.page_values(&made);
        let sections = make.section_values(&pages, &made);
        let (taxonomies, terms) = make.taxonomy_values(&pages, &made);
        let (timeline, entities, by_rel, hrefs) = match made {
            Made::Changed { old, .. } => {
                (old.timeline.clone(), old.entities.clone(), Arc::clone(&old.by_rel), Arc::clone(&old.hrefs))
            }
            Made::All { hrefs } => {
                let (timeline, entities) = make.collections();
                (timeline, entities, Arc::new(site.content.by_rel.clone()), hrefs)
            }
        };
        Views {
            pages,
            sections,
            taxonomies,
            terms,
            timeline,
            entities,
            index,
            by_rel,
            hrefs,
            base_path: site.config.base_path.clone(),
            assets,
            prefixes: site.config.languages().into_iter().map(|l| (l.code.to_string(), l.prefix)).collect(),
            strings: Arc::new(site.strings.clone()),
            translations: Arc::new(
                site.strings.tables().iter().map(|t| (t.lang.clone(), super::strings_value(Some(t)))).collect(),
            ),
            language: site.config.language.clone(),
            languages: Arc::new(SwitcherLanguage::all(site)),
            shows,
        }
    }

    /// Other content files whose titles or sentences page `page` shows.
    pub(crate) fn page_shows(&self, page: usize) -> Vec<String> {
        self.shows[page].clone()
    }

    pub(crate) fn page_by_rel(&self, rel: &str) -> Option<Value> {
        match self.by_rel.get(rel)? {
            Item::Page(i) => Some(self.pages[*i].clone()),
            Item::Section(_) => None,
        }
    }

    pub(crate) fn section_by_rel(&self, rel: &str) -> Option<Value> {
        match self.by_rel.get(rel)? {
            Item::Section(i) => Some(self.sections[*i].clone()),
            Item::Page(_) => None,
        }
    }

    /// What the URLs of the language `lang` start with (`""` for the default or an unknown one).
    pub(crate) fn prefix(&self, lang: &str) -> String {
        self.prefixes.get(lang).cloned().unwrap_or_default()
    }

    /// The taxonomy `name` of the language `lang`.
    pub(crate) fn taxonomy_by_name(&self, name: &str, lang: &str) -> Option<Value> {
        let is = |t: &&Value, key: &str, want: &str| t.get_from_path(key).and_then(Value::as_str) == Some(want);
        self.taxonomies.iter().find(|t| is(t, "name", name) && is(t, "lang", lang)).cloned()
    }

    /// Zola's `paginator` for pager `n` (from 1) of `list`, the pages of the section or term at the
    /// site path `base`: the links are permalinks, as in Zola.
    pub(crate) fn paginator(&self, site: &Site, base: &str, paging: Paging, list: &[usize], n: usize) -> Value {
        let config = &site.config;
        let count = paging.pagers(list.len());
        let link = |n: usize| config.permalink(&paging.pager_path(base, n));
        let base_url = match paging.path {
            "" => config.permalink(base),
            path => config.permalink(&format!("{base}{path}/")),
        };
        let pages: Vec<Value> = paging.pages(list, n).into_iter().map(|p| self.pages[p].clone()).collect();
        Fields::with_capacity(10)
            .put("paginate_by", paging.by)
            .put("base_url", base_url)
            .put("number_pagers", count)
            .put("first", link(1))
            .put("last", link(count))
            .put("previous", (n > 1).then(|| link(n - 1)))
            .put("next", (n < count).then(|| link(n + 1)))
            .put("pages", pages)
            .put("current_index", n)
            .put("total_pages", list.len())
            .value()
    }

    pub(crate) fn term(&self, taxonomy: usize, slug: &str) -> Value {
        self.terms[taxonomy].get(slug).cloned().unwrap_or_else(Value::none)
    }

    /// `@/page.md#anchor` -> the page's href; an asset -> its hashed name below the base path
    /// (`style.css` -> `/repo/style.3f9a….css`); anything else -> below the base path.
    pub(crate) fn url(&self, path: &str) -> Result<String, String> {
        let plain = path.trim_start_matches('/');
        match self.assets.get(plain) {
            Some(hashed) if !path.starts_with("@/") => Ok(format!("{}{hashed}", self.base_path)),
            _ => url(&self.hrefs, &self.base_path, path),
        }
    }
}

/// `@/page.md#anchor` -> the page's href in `hrefs`; anything else -> below `base_path`.
pub(crate) fn url(hrefs: &HashMap<String, String>, base_path: &str, path: &str) -> Result<String, String> {
    if let Some(target) = path.strip_prefix("@/") {
        let (rel, anchor) = target.split_once('#').map_or((target, None), |(r, a)| (r, Some(a)));
        let href = hrefs.get(rel).ok_or_else(|| format!("get_url: there is no page `{rel}` in content/"))?;
        return Ok(match anchor {
            Some(a) => format!("{href}#{a}"),
            None => href.clone(),
        });
    }
    if path.contains("://") || path.starts_with("//") {
        return Ok(path.to_string());
    }
    Ok(format!("{}{}", base_path, path.trim_start_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(value: &Value) -> Vec<String> {
        value.as_map().unwrap().keys().map(|k| k.to_string()).collect()
    }

    #[test]
    fn fields_keep_their_order_and_a_later_value_replaces_an_earlier_one() {
        let base = Fields::with_capacity(2).put("title", "A").put("url", "/a/").value();
        let value = Fields::extend(base, 2).put("content", "<p>x</p>").put("title", "B").value();
        assert_eq!(keys(&value), ["title", "url", "content"]);
        assert_eq!(value.as_map().unwrap().get(&Key::Str("title")).and_then(Value::as_str), Some("B"));

        // A base whose keys were made at run time (a map from data) is extended all the same.
        let mut data = tera::Map::new();
        data.insert(Key::String("zeta".into()), Value::from(1));
        let value = Fields::extend(Value::from(data), 1).put("title", "C").value();
        assert_eq!(keys(&value), ["zeta", "title"]);
        // Not a map: nothing to extend.
        assert_eq!(keys(&Fields::extend(Value::from(3), 1).put("title", "D").value()), ["title"]);
    }
}
