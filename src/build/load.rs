//! Loading the site: `config` -> `content::load` -> entities -> `markdown::render` (the source page
//! first, then every body in parallel) -> link, related, timeline, taxonomy and citation checks ->
//! provenance and backlinks. The result is the [`Site`] (plain data) and the [`Tools`] its bodies
//! were rendered with, which the live preview keeps to render one body again.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::front_matter::AnchorLinks;
use crate::content::{self, Content, Item, Source};
use crate::diag::{Diagnostic, Diagnostics, Timer};
use crate::dossier::entity;
use crate::dossier::provenance::{self, SiteSource};
use crate::dossier::sources::{self, SourcePages};
use crate::dossier::timeline;
use crate::i18n;
use crate::link;
use crate::markdown::{self, Highlighter, Rendered, SourceText, Sources};
use crate::output::images::Images;
use crate::render;
use crate::site::{Bodies, Keep, Place, Site};
use crate::taxonomy;

use super::{BuildOptions, load_config};

/// What the body stage renders with: kept beside the site so that a single body can be rendered
/// again exactly as the full build rendered it.
pub(crate) struct Tools {
    hrefs: Arc<HashMap<String, String>>,
    /// The language of every content file, by its path relative to `content/`.
    langs: HashMap<String, String>,
    /// The entity-name annotator of each language.
    annotators: entity::Annotators,
    /// Whether the site names a source at all (without, `cite` is an error).
    has_sources: bool,
    /// What a page cites, by its language code: each source's translation into that language,
    /// else the original marked with the original's language.
    sources: HashMap<String, Sources>,
    /// The source pages and their translations, by page index.
    source_pages: HashSet<usize>,
    highlighter: Highlighter,
    /// The engine's words in bodies, by language code.
    labels: HashMap<String, markdown::Labels>,
    /// The sizes of images, and the copies bodies and templates ask for.
    images: Arc<Images>,
    /// The site's shortcodes (`None`: it has none).
    shortcodes: Option<render::shortcodes::Shortcodes>,
}

impl Tools {
    /// The href of every content file, by its path relative to `content/`.
    pub(crate) fn hrefs(&self) -> Arc<HashMap<String, String>> {
        Arc::clone(&self.hrefs)
    }

    /// The build's register of images (templates share it).
    pub(crate) fn images(&self) -> &Arc<Images> {
        &self.images
    }

    /// The site's shortcodes, when it has any.
    pub(crate) fn shortcodes(&self) -> Option<&render::shortcodes::Shortcodes> {
        self.shortcodes.as_ref()
    }

    /// Whether page `i` is the source page or a translation of it.
    pub(crate) fn is_source_page(&self, i: usize) -> bool {
        self.source_pages.contains(&i)
    }

    /// The sources `cite` and `quote` draw on in language `lang`: each one's translation when there
    /// is one, else the original.
    fn source_for(&self, lang: &str) -> Option<&Sources> {
        if !self.has_sources {
            return None;
        }
        self.sources.get(lang)
    }

    /// Render the body of page `i` of `site` as the full build does, from `source`.
    pub(crate) fn render_page(&self, site: &Site, i: usize, source: &Source) -> Rendered {
        let own_entity = site.entities.iter().position(|e| e.page == i);
        let lang = &site.content.pages[i].lang;
        let role = if self.source_pages.contains(&i) {
            Role::Source
        } else {
            Role::Cites { own_entity, source: self.source_for(lang), anchors: anchor_links(&site.content, i) }
        };
        BodyRenderer { config: &site.config, content: &site.content, tools: self }.render(source, Item::Page(i), role)
    }
}

/// Where page `i`'s heading links go: its own `insert_anchor_links`, else its section's.
fn anchor_links(content: &Content, i: usize) -> AnchorLinks {
    let page = &content.pages[i];
    page.meta.insert_anchor_links.or(content.sections[page.parent].meta.insert_anchor_links).unwrap_or_default()
}

/// Which body is rendered: the source page's paragraphs are numbered and never annotated; every
/// other body may cite them and links entity names.
#[derive(Clone, Copy)]
enum Role<'t> {
    Source,
    Cites { own_entity: Option<usize>, source: Option<&'t Sources>, anchors: AnchorLinks },
}

/// Renders bodies with the site's settings; one place for the full build and single pages.
struct BodyRenderer<'a> {
    config: &'a Config,
    content: &'a Content,
    tools: &'a Tools,
}

impl BodyRenderer<'_> {
    /// Render `source`, the body of `item`.
    fn render(&self, source: &Source, item: Item, role: Role) -> Rendered {
        let lang = self.content.lang(item);
        let resolve = |rel: &str| match self.tools.hrefs.get(rel) {
            Some(href) => Ok(markdown::Resolved {
                href: href.clone(),
                hreflang: self.tools.langs.get(rel).filter(|l| l.as_str() != lang).cloned(),
            }),
            // Its own problem is reported; do not report every link to it too.
            None if self.content.unreadable.contains(rel) => Ok(markdown::Resolved::default()),
            None => Err(format!("the link points at `@/{rel}`, which is not a file in content/")),
        };
        let widths = &self.config.markdown.image_srcset;
        let images = |dest: &str| self.tools.images.markdown_image(&source.display, dest, widths);
        let (numbered, own_entity, text, anchors) = match role {
            Role::Source => (true, None, None, AnchorLinks::None),
            Role::Cites { own_entity, source, anchors } => (false, own_entity, source, anchors),
        };
        let options = markdown::RenderOptions {
            config: &self.config.markdown,
            base_path: &self.config.base_path,
            number_paragraphs: numbered,
            highlighter: &self.tools.highlighter,
            sources: text,
            // The source page shows the article exactly as it is: no links added to its text.
            annotator: if numbered { None } else { self.tools.annotators.get(lang) },
            own_entity,
            labels: &self.tools.labels[lang],
            anchor_links: anchors,
            images: Some(&images),
            shortcodes: None,
        };
        let mut rendered = match &self.tools.shortcodes {
            Some(shortcodes) => {
                let on = shortcodes.on(self.config, self.content, item);
                let render = |call: &markdown::Invocation| shortcodes.render(call, &on);
                let site = markdown::Shortcodes { kinds: shortcodes.kinds(), render: &render };
                markdown::render(
                    source.body(),
                    &markdown::RenderOptions { shortcodes: Some(&site), ..options },
                    &resolve,
                )
            }
            None => markdown::render(source.body(), &options, &resolve),
        };
        let mut lines = crate::diag::LineCols::new(&source.text);
        for link in &mut rendered.links {
            link.line_col = lines.line_col(source.body_start + link.offset);
        }
        for (offset, line_col) in &mut rendered.paragraph_at {
            *line_col = lines.line_col(source.body_start + *offset);
        }
        rendered
    }

    /// Render a body whose text may have been let go (read again), its problems placed in the file.
    fn render_placed(&self, source: &Source, item: Item, role: Role) -> (Rendered, Vec<Diagnostic>) {
        match source.with_body() {
            Ok(source) => {
                let rendered = self.render(&source, item, role);
                let problems = body_problems(&source, &rendered);
                (rendered, problems)
            }
            Err(d) => (Rendered::default(), vec![d]),
        }
    }
}

/// The problems Markdown found in a body, as diagnostics at their place in the file.
pub(crate) fn body_problems(source: &Source, rendered: &Rendered) -> Vec<Diagnostic> {
    let place = |problem: &markdown::Problem| {
        let mut d = source.error_in_body(problem.offset, problem.message.clone());
        d.hint = problem.hint.clone();
        d
    };
    rendered.problems.iter().map(place).collect()
}

/// Load the content and render every body; check links, anchors, entities, timeline, citations
/// and taxonomies. With [`Keep::Spilled`] each file's body text is let go once it is rendered and
/// the pages' HTML goes to a temporary file (only the live preview compares bodies later).
pub(crate) fn load(options: &BuildOptions, keep: Keep) -> Result<(Site, Tools), Diagnostics> {
    let mut timer = Timer::new();
    let config = load_config(options).map_err(Diagnostics::sorted)?;
    let codes: Vec<&str> = config.languages().iter().map(|l| l.code).collect();
    let strings = i18n::load(&options.root, config.theme.as_deref(), &codes).map_err(Diagnostics::sorted)?;
    let forget_bodies = keep == Keep::Spilled;
    let load_options = content::LoadOptions {
        include_drafts: options.include_drafts,
        forget_bodies,
        default_language: config.language.clone(),
        languages: config.other_languages(),
    };
    let (content, mut diagnostics) = content::load(&options.root, &load_options);
    timer.lap("content");
    diagnostics.extend(render::check_aliases(&config, &content));

    let hrefs = link::hrefs(&config, &content);
    let (mut entities, annotators, problems) = entity::collect(&config, &content, &hrefs);
    for e in &mut entities {
        let table = strings.table_or_empty(&content.pages[e.page].lang);
        e.kind_label = table.get(&entity::kind_key(&e.kind)).unwrap_or_default().to_string();
    }
    diagnostics.extend(problems);
    let (source_list, problems) = sources::collect(&config, &content);
    diagnostics.extend(problems);
    missing_source_page(&config, &content, &source_list, &mut diagnostics);
    let mut tools = Tools {
        hrefs: Arc::new(hrefs),
        langs: content
            .pages
            .iter()
            .map(|p| (p.rel.clone(), p.lang.clone()))
            .chain(content.sections.iter().map(|s| (s.rel.clone(), s.lang.clone())))
            .collect(),
        annotators,
        has_sources: config.dossier.source.is_some() || config.dossier.sources.is_some(),
        sources: HashMap::new(),
        source_pages: source_list
            .list
            .iter()
            .filter_map(|s| s.page)
            .flat_map(|i| source_translations(&content, i))
            .collect(),
        highlighter: Highlighter::default(),
        labels: codes
            .iter()
            .map(|c| (c.to_string(), markdown::Labels::from_table(&strings.table_or_empty(c))))
            .collect(),
        images: Arc::new(Images::new(&options.root, &config)),
        shortcodes: None,
    };
    match render::shortcodes::Shortcodes::load(&options.root, &config, &strings, tools.hrefs(), tools.images()) {
        Ok(shortcodes) if shortcodes.kinds().is_empty() => {}
        Ok(shortcodes) => tools.shortcodes = Some(shortcodes),
        // Without its shortcodes no body can be told right: stop at the templates' errors.
        Err(errors) => return Err(Diagnostics::sorted(errors)),
    }
    let entity_of: HashMap<usize, usize> = entities.iter().enumerate().map(|(e, entity)| (entity.page, e)).collect();
    let bodies = render_bodies(&config, &content, &mut tools, Placed { keep, sources: &source_list, entity_of });
    diagnostics.extend(bodies.problems);
    timer.lap("markdown");

    let mut site = Site {
        config,
        strings,
        content,
        pages: bodies.pages,
        sections: bodies.sections,
        taxonomies: Vec::new(),
        timeline: Vec::new(),
        entities,
        sources: Vec::new(),
        parts: HashMap::new(),
        backlinks: HashMap::new(),
        related: Vec::new(),
        highlighted: false,
        bodies: bodies.store,
        warnings: Vec::new(),
    };
    diagnostics.extend(connect(&mut site, &tools, &source_list));
    diagnostics.extend(engine_strings(&site));
    timer.lap("checks");
    if !diagnostics.is_empty() {
        return Err(Diagnostics::sorted(diagnostics));
    }
    site.highlighted = tools.highlighter.was_used();
    Ok((site, tools))
}

/// The keys of the default language's i18n table the engine writes into this site's pages, each
/// one missing reported with the language and what needs it.
fn engine_strings(site: &Site) -> Vec<Diagnostic> {
    let lang = site.config.language.as_str();
    let mut missing = Vec::new();
    if !site.sources.is_empty() {
        let mut keys = markdown::Labels::KEYS.to_vec();
        keys.extend(["used_by", "list_separator"]);
        if site.sources.len() > 1 {
            keys.extend(markdown::Labels::KEYS_SEVERAL);
        }
        if site.sources.iter().any(|s| !s.translations.is_empty()) {
            keys.extend(markdown::Labels::KEYS_TRANSLATED);
        }
        missing.extend(site.strings.require(lang, &keys, "the engine writes it around citations of the source page"));
    }
    let kinds: std::collections::BTreeSet<&str> = site.entities.iter().map(|e| e.kind.as_str()).collect();
    if !site.entities.is_empty() && site.config.dossier.mentions != crate::config::Mentions::None {
        missing.extend(site.strings.require(lang, &["label_colon"], "an entity's popover writes it after the name"));
    }
    for kind in kinds {
        let key = entity::kind_key(kind);
        missing.extend(site.strings.require(lang, &[&key], &format!("the label of the entity kind `{kind}`")));
    }
    if !site.timeline.is_empty() {
        let keys: &[&str] = if site.sources.is_empty() { &["cite", "approx_date"] } else { &["approx_date"] };
        missing.extend(site.strings.require(lang, keys, "timeline.json writes it"));
    }
    missing
}

/// Reports the page `[dossier] source` names when it is not a page (unless it is one that could
/// not be read, reported at the file).
fn missing_source_page(config: &Config, content: &Content, list: &SourcePages, diagnostics: &mut Vec<Diagnostic>) {
    let Some(source_rel) = config.dossier.source.as_deref() else { return };
    if list.list.iter().any(|s| s.rel == source_rel && s.page.is_some()) {
        return;
    }
    if content.by_rel.contains_key(source_rel) || !content.unreadable.contains(source_rel) {
        let (line, col) = config.dossier.source_at;
        diagnostics.push(
            Diagnostic::new(
                "site.toml",
                line,
                col,
                format!("[dossier] source names `{source_rel}`, which is not a page in content/"),
            )
            .with_hint("name the source page relative to content/, like \"source.md\""),
        );
    }
}

/// The source page `i` and its translations.
fn source_translations(content: &Content, i: usize) -> Vec<usize> {
    let mut pages = vec![i];
    for t in content.translations(Item::Page(i)) {
        if let Item::Page(t) = *t
            && t != i
        {
            pages.push(t);
        }
    }
    pages
}

/// Paragraph `n` of a translation of the source page translates paragraph `n` of the original
/// (citations by number hold in every language): a translation with more or fewer paragraphs is
/// an error at its first paragraph that does not line up, where that can be told.
fn alignment(
    original: &content::Page,
    rendered: &Rendered,
    translation: &content::Page,
    translated: &Rendered,
) -> Option<Diagnostic> {
    let (want, have) = (rendered.paragraphs.len(), translated.paragraphs.len());
    if want == have {
        return None;
    }
    let at = |r: &Rendered, n: usize| r.paragraph_at.get(n).map(|(_, lc)| *lc);
    let (original_file, file) = (original.source.display.display(), &translation.source.display);
    let message = format!(
        "this translation of the source page has {have} paragraph{}; the original `{}` has {want}",
        if have == 1 { "" } else { "s" },
        original.rel
    );
    // Numbers (dates, figures, counts) are kept in any translation: where the paragraphs stop
    // sharing theirs, one side has a paragraph the other lacks.
    let numbers = |r: &Rendered| -> Vec<Vec<String>> { r.paragraphs.iter().map(|p| numbers_in(p)).collect() };
    let (ours, theirs) = (numbers(rendered), numbers(translated));
    let first_off = (0..want.min(have)).find(|&k| !ours[k].is_empty() && !theirs[k].is_empty() && ours[k] != theirs[k]);
    let (place, hint) = match first_off {
        Some(k) if have > want && !theirs[k + 1].is_empty() && theirs[k + 1] == ours[k] => (
            at(translated, k),
            format!(
                "paragraph {} here seems to have no original (its numbers are not those of the original's ¶{});                  join it to its neighbour or remove it",
                k + 1,
                k + 1
            ),
        ),
        Some(k) if want > have && !ours[k + 1].is_empty() && ours[k + 1] == theirs[k] => (
            at(translated, k),
            format!(
                "the original's ¶{} ({original_file}:{}) seems to have no translation: this paragraph reads like its ¶{}",
                k + 1,
                at(rendered, k).map_or(1, |lc| lc.0),
                k + 2
            ),
        ),
        _ if have > want => (
            at(translated, want),
            "paragraphs from here on have no original; each paragraph translates the one with its number".to_string(),
        ),
        _ => (
            at(translated, have.saturating_sub(1)),
            format!(
                "the original's paragraphs from ¶{} ({original_file}:{}) on have no translation; each paragraph translates the one with its number",
                have + 1,
                at(rendered, have).map_or(1, |lc| lc.0)
            ),
        ),
    };
    let (line, col) = place.unwrap_or((1, 1));
    Some(Diagnostic::new(file, line, col, message).with_hint(hint))
}

/// The runs of digits in `text`, in order.
fn numbers_in(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// How the bodies are rendered and kept.
struct Placed<'s> {
    keep: Keep,
    sources: &'s SourcePages,
    /// Page -> the entity it describes.
    entity_of: HashMap<usize, usize>,
}

/// Every body rendered, with the problems found in them.
struct RenderedBodies {
    pages: Vec<Rendered>,
    sections: Vec<Rendered>,
    store: Bodies,
    problems: Vec<Diagnostic>,
}

/// A page's rendered body, where the store put its HTML, and its problems.
type PageBody = (Rendered, Option<Place>, Vec<Diagnostic>);

/// Render the source pages first (`quote` and `cite` on every other page draw on their
/// paragraphs, which go into `tools`), then every other body in parallel.
fn render_bodies(config: &Config, content: &Content, tools: &mut Tools, placed: Placed) -> RenderedBodies {
    let mut problems = Vec::new();
    let mut source_rendered: HashMap<usize, Rendered> = HashMap::new();
    let languages = config.languages();
    let mut by_lang: HashMap<String, Sources> = languages
        .iter()
        .map(|l| (l.code.to_string(), Sources { list: Vec::new(), default: placed.sources.default }))
        .collect();
    for source in &placed.sources.list {
        let Some(i) = source.page else {
            // Named but not loaded: reported once (or at the page itself), not at every citation.
            let text = SourceText { name: source.name.clone(), missing: true, ..SourceText::default() };
            by_lang.values_mut().for_each(|s| s.list.push(text.clone()));
            continue;
        };
        let renderer = BodyRenderer { config, content, tools };
        let page = &content.pages[i];
        let (original, page_problems) = renderer.render_placed(&page.source, Item::Page(i), Role::Source);
        problems.extend(page_problems);
        let text_of = |page: &content::Page, rendered: &Rendered| SourceText {
            name: source.name.clone(),
            title: page.meta.title.clone(),
            href: tools.hrefs.get(&page.rel).cloned().unwrap_or_default(),
            paragraphs: rendered.paragraphs.clone(),
            missing: false,
            lang: None,
            original: None,
        };
        let mut texts: HashMap<&str, SourceText> = HashMap::from([(page.lang.as_str(), text_of(page, &original))]);
        for &t in source_translations(content, i).iter().skip(1) {
            let translation = &content.pages[t];
            let (rendered, page_problems) = renderer.render_placed(&translation.source, Item::Page(t), Role::Source);
            problems.extend(page_problems);
            problems.extend(alignment(page, &original, translation, &rendered));
            let original_paragraphs = Some((page.lang.clone(), original.paragraphs.clone()));
            texts.insert(
                translation.lang.as_str(),
                SourceText { original: original_paragraphs, ..text_of(translation, &rendered) },
            );
            source_rendered.insert(t, rendered);
        }
        // Every other language cites the original, in a language not its own.
        for l in &languages {
            let text = texts
                .get(l.code)
                .cloned()
                .unwrap_or_else(|| SourceText { lang: Some(page.lang.clone()), ..texts[page.lang.as_str()].clone() });
            by_lang.entry(l.code.to_string()).or_default().list.push(text);
        }
        source_rendered.insert(i, original);
    }
    tools.sources = by_lang;
    let tools = &*tools;
    let renderer = BodyRenderer { config, content, tools };
    // Without the bodies' text kept, the pages' HTML is not kept in memory either (sections', which
    // every listing needs, is).
    let mut store = Bodies::new(placed.keep);
    let results: Vec<PageBody> = content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| match source_rendered.get(&i) {
            Some(rendered) => (rendered.clone(), None, Vec::new()),
            None => {
                let source = tools.source_for(&p.lang);
                let role = Role::Cites {
                    own_entity: placed.entity_of.get(&i).copied(),
                    source,
                    anchors: anchor_links(content, i),
                };
                let (mut rendered, problems) = renderer.render_placed(&p.source, Item::Page(i), role);
                let at = store.put(&mut rendered);
                (rendered, at, problems)
            }
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for (i, (rendered, at, page_problems)) in results.into_iter().enumerate() {
        pages.push(rendered);
        if let Some(at) = at {
            store.record(i, at);
        }
        problems.extend(page_problems);
    }
    let (mut sections, section_problems): (Vec<Rendered>, Vec<Vec<Diagnostic>>) = content
        .sections
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            let source = tools.source_for(&s.lang);
            renderer.render_placed(
                &s.source,
                Item::Section(i),
                Role::Cites { own_entity: None, source, anchors: AnchorLinks::None },
            )
        })
        .unzip();
    problems.extend(section_problems.into_iter().flatten());
    if placed.sources.list.iter().any(|s| s.page.is_none()) {
        // Only the source page has the paragraph ids `p1`, `p2`, …: without it, links to them
        // follow from the one error about it (the build fails with that anyway).
        let paragraph_id = |a: &str| a.strip_prefix('p').is_some_and(|n| n.parse::<u32>().is_ok());
        for rendered in pages.iter_mut().chain(&mut sections) {
            rendered.links.retain(|l| !l.anchor.as_deref().is_some_and(paragraph_id));
        }
    }
    RenderedBodies { pages, sections, store, problems }
}

/// The checks and connections drawn across bodies: anchors, `related`, the timeline, taxonomies,
/// provenance (filled into the source page), backlinks and the entity-name warnings.
fn connect(site: &mut Site, tools: &Tools, list: &SourcePages) -> Vec<Diagnostic> {
    let (config, content) = (&site.config, &site.content);
    let mut diagnostics = Vec::new();
    let anchors = link::anchors(content, &site.pages, &site.sections);
    let sources = content.pages.par_iter().map(|p| &p.source).chain(content.sections.par_iter().map(|s| &s.source));
    let missing: Vec<Vec<Diagnostic>> = sources
        .zip(site.pages.par_iter().chain(&site.sections))
        .map(|(source, rendered)| link::check_anchors(source, rendered, &anchors))
        .collect();
    diagnostics.extend(missing.into_iter().flatten());
    let (related, problems) = link::related(content, &anchors);
    diagnostics.extend(problems);
    let (timeline, problems) = timeline::collect(content, list, &tools.hrefs, &anchors);
    diagnostics.extend(problems);
    drop(anchors);
    let (taxonomies, problems) = taxonomy::collect(config, content);
    diagnostics.extend(problems);
    let mut site_sources = Vec::new();
    let is_source = |item: Item| matches!(item, Item::Page(p) if tools.source_pages.contains(&p));
    for (k, source) in list.list.iter().enumerate() {
        let Some(i) = source.page else { continue };
        // Each language's pages cite its translation of the source when there is one, else
        // the original; each source page lists those citing it.
        let translations: Vec<usize> = source_translations(content, i).into_iter().skip(1).collect();
        let translated_langs: HashSet<&str> = translations.iter().map(|t| content.pages[*t].lang.as_str()).collect();
        let rels: Vec<&str> =
            std::iter::once(i).chain(translations.iter().copied()).map(|p| content.pages[p].rel.as_str()).collect();
        let original_html = provenance::paragraph_html(&site.pages[i].html, &site.pages[i].uses);
        let original_headings = provenance::headings_html(&site.pages[i].html, &site.pages[i].uses);
        let is_default = list.default == Some(k);
        let mut fill = |page: usize, include: &dyn Fn(Item) -> bool| {
            let cited = provenance::Cited { name: &source.name, is_default, rels: &rels, page };
            let provenance = provenance::collect(content, &site.pages, &site.sections, &cited, include);
            let lang = &content.pages[page].lang;
            let table = site.strings.table_or_empty(lang);
            let used_by = |n: usize| provenance.used_by_html(n as u32, content, &tools.hrefs, &table);
            let paragraphs = provenance::paragraph_html(&site.pages[page].html, &site.pages[page].uses);
            let headings = provenance::headings_html(&site.pages[page].html, &site.pages[page].uses);
            let html = markdown::fill_uses(&site.pages[page].html, &site.pages[page].uses, used_by);
            site.pages[page].html = html;
            let pairs = paragraphs
                .into_iter()
                .zip(&original_html)
                .enumerate()
                .map(|(k, (html, original))| provenance::ParagraphPair {
                    id: format!("p{}", k + 1),
                    html: format!("{html}\n{}", used_by(k + 1)),
                    original_html: original.replacen(&format!("<p id=\"p{}\">", k + 1), "<p>", 1),
                    original_lang: content.pages[i].lang.clone(),
                    part: None,
                    headings_html: headings.get(k).cloned().unwrap_or_default(),
                    original_headings_html: original_headings
                        .get(k)
                        .map(|h| provenance::without_heading_ids(h))
                        .unwrap_or_default(),
                })
                .collect();
            (provenance, pairs)
        };
        let mut translated = Vec::new();
        for t in translations {
            let lang = content.pages[t].lang.clone();
            let include = |item: Item| !is_source(item) && content.lang(item) == lang;
            let (provenance, paragraphs) = fill(t, &include);
            translated.push(provenance::TranslatedSource { page: t, lang, provenance, paragraphs });
        }
        let include = |item: Item| !is_source(item) && !translated_langs.contains(content.lang(item));
        let provenance = fill(i, &include).0;
        site_sources.push(SiteSource {
            name: source.name.clone(),
            page: i,
            is_default,
            provenance,
            translations: translated,
        });
    }
    let paragraphs: Vec<Option<usize>> =
        list.list.iter().map(|s| s.page.map(|i| site.pages[i].paragraphs.len())).collect();
    diagnostics.extend(provenance::check_cites(content, list, &paragraphs));
    let mut parts = HashMap::new();
    for (i, page) in content.pages.iter().enumerate().filter(|(_, p)| !p.meta.parts.is_empty()) {
        if !tools.source_pages.contains(&i) {
            let at = page.meta.parts[0].span().start;
            diagnostics.push(
                page.source
                    .error_in_toml(at, "`parts` belongs on a source page; this page is not one")
                    .with_hint("name the source pages in site.toml: [dossier] source = \"…\" or sources = \"…\""),
            );
            continue;
        }
        let (views, problems) = provenance::parts(page, site.pages[i].paragraphs.len());
        diagnostics.extend(problems);
        site.pages[i].html = provenance::with_parts(&site.pages[i].html, &views);
        parts.insert(i, views);
    }
    // A translation shown beside its original marks where each part starts, row by row.
    for source in &mut site_sources {
        for t in &mut source.translations {
            let Some(views) = parts.get(&t.page).or(parts.get(&source.page)) else { continue };
            for view in views {
                if let Some(pair) = t.paragraphs.get_mut(view.from as usize - 1) {
                    pair.part = Some(view.clone());
                }
            }
        }
    }
    site.backlinks = link::backlinks(&site.content, &site.pages, &site.sections, &related);
    let content = &site.content;
    let pages = site.pages.iter().enumerate().filter(|(i, _)| !tools.source_pages.contains(i));
    let annotated = pages.map(|(i, r)| (content.pages[i].lang.as_str(), r));
    let sections = content.sections.iter().map(|s| s.lang.as_str()).zip(&site.sections);
    site.warnings =
        entity::name_warnings(&site.config, content, &site.entities, &tools.annotators, annotated.chain(sections));
    site.related = related;
    site.timeline = timeline;
    site.taxonomies = taxonomies;
    site.sources = site_sources;
    site.parts = parts;
    diagnostics
}
