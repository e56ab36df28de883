//! Rendering with tera 2: turns the [`Site`] into HTML outputs.
//!
//! Owns the template context (the "views" of pages, sections and taxonomies that templates see),
//! the functions templates call (`get_page`, `get_section`, `get_url`, `get_taxonomy`,
//! `get_timeline`, `get_entities`, `trans`) and the `date` and `json_ld` filters; `functions` adds
//! Zola's data functions and filters. Every output records what it was made
//! from: the content files it shows or looked up, and the templates it used, so the live preview can
//! re-render only what an edit touches. Writes nothing to disk.

pub(crate) mod functions;
pub(crate) mod print;
pub(crate) mod shortcodes;
pub(crate) mod templates;
pub(crate) mod views;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use arc_swap::ArcSwap;
use rayon::prelude::*;
use tera::{Context, Kwargs, State, TeraResult, Value};

use crate::content::date::PartialDate;
use crate::diag::Diagnostic;
use crate::output::{Body, Deps, Output, Staging};
use crate::path::index_file;
use crate::site::Site;
pub(crate) use templates::Templates;
use views::Views;

/// What one output is rendered from.
enum Job<'a> {
    Page(usize),
    /// A section's pager (from 1; 1 is the section's own page, the only one unless paginated).
    Section(usize, usize),
    TaxonomyList(usize),
    /// A term's pager, by its taxonomy, slug and number (from 1), as for sections.
    TaxonomyTerm(usize, &'a str, usize),
    NotFound,
    /// The whole dossier in one language (by its index in `Config::languages`) as one document,
    /// when there is a `print.html` template.
    Print(usize),
}

/// The views the compiled templates' functions read, and what they looked up for each render. An
/// update that refreshes the views puts the new ones in with [`LiveViews::set`], so templates are
/// compiled once per template change, not once per update.
#[derive(Clone)]
pub(crate) struct LiveViews {
    /// Read by every template function call on every thread: an `ArcSwap`, whose reads write to
    /// no memory the threads share (a lock's or an `Arc`'s counter, bounced between the cores,
    /// cost more than many a function itself).
    views: Arc<ArcSwap<Views>>,
    reads: Arc<Reads>,
}

impl LiveViews {
    pub(crate) fn new(views: Views) -> LiveViews {
        LiveViews { views: Arc::new(ArcSwap::from_pointee(views)), reads: Arc::default() }
    }

    /// The views now.
    pub(crate) fn get(&self) -> arc_swap::Guard<Arc<Views>> {
        self.views.load()
    }

    pub(crate) fn set(&self, views: Views) {
        self.views.store(Arc::new(views));
    }
}

/// The name in a render's context of its key in [`Reads`]; 0 when nothing is recorded.
const RENDER_KEY: &str = "__dossier_render";

/// The content the template functions looked up, by render: each render that records opens a key,
/// puts it in its context under [`RENDER_KEY`], and takes its lookups at the end. What an output
/// read so never depends on which thread rendered it, nor on what else that thread did meanwhile.
#[derive(Default)]
struct Reads {
    next: AtomicU64,
    open: Mutex<HashMap<u64, BTreeSet<String>>>,
    /// Lookups made where no key is visible: inside a tera component, which sees only its
    /// arguments. They are counted as read by every output rendered in the same pass.
    unkeyed: Mutex<BTreeSet<String>>,
}

impl Reads {
    fn open(&self) -> u64 {
        let key = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        self.open.lock().unwrap_or_else(PoisonError::into_inner).insert(key, BTreeSet::new());
        key
    }

    fn take(&self, key: u64) -> BTreeSet<String> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner).remove(&key).unwrap_or_default()
    }

    fn take_unkeyed(&self) -> BTreeSet<String> {
        std::mem::take(&mut *self.unkeyed.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// A lookup by a template function, recorded for the render whose context `state` reads.
    fn record(&self, state: &State, read: impl FnOnce() -> String) {
        let key = state.get::<u64>(RENDER_KEY).ok().flatten();
        if key == Some(0) {
            return;
        }
        let read = read();
        if let Some(key) = key
            && let Some(reads) = self.open.lock().unwrap_or_else(PoisonError::into_inner).get_mut(&key)
        {
            reads.insert(read);
            return;
        }
        // No key in sight (a component), or one a template set itself: the render is not known.
        self.unkeyed.lock().unwrap_or_else(PoisonError::into_inner).insert(read);
    }
}

/// The templates compiled with the site's functions bound to `views`.
pub(crate) fn compile(
    templates: &Templates,
    views: &LiveViews,
    setup: &functions::Setup,
) -> Result<tera::Tera, Vec<Diagnostic>> {
    templates.compile(|tera| {
        register_functions(tera, views);
        functions::register(tera, setup, views);
    })
}

/// Which outputs to render.
#[derive(Clone, Copy)]
pub(crate) enum Scope<'a> {
    All,
    /// All but the print document (the live preview makes it when idle).
    AllButPrint,
    /// Those at the given output paths.
    Only(&'a HashSet<String>),
}

/// Where rendered outputs go.
#[derive(Clone, Copy)]
pub(crate) enum Destination<'a> {
    /// Kept in memory (the live preview, `dossier check`).
    Memory,
    /// Written to the staging folder as soon as each is rendered and then dropped (`Body::Written`),
    /// so a build never holds the whole site; with `keep_pages` (the search index is made from
    /// them), pages and sections stay in memory too (`Body::Kept`) until the index takes them.
    Disk { staging: &'a Staging, keep_pages: bool },
}

/// Render the site's outputs in `scope`.
pub(crate) fn render_outputs(
    site: &Site,
    templates: &Templates,
    tera: &tera::Tera,
    live: &LiveViews,
    scope: Scope,
    destination: Destination,
) -> (Vec<Output>, Vec<Diagnostic>) {
    let views = &*live.get();
    let only = match scope {
        Scope::Only(only) => Some(only),
        Scope::All | Scope::AllButPrint => None,
    };
    // One set of globals per language: like Zola, the `config` a template sees carries the title
    // and description of the language it renders (the top-level ones where the language has none).
    let globals: Vec<(String, Context)> = site
        .config
        .languages()
        .iter()
        .map(|language| {
            let mut globals = Context::new();
            globals.insert("config", &language_config(&site.config, language));
            globals.insert("highlight_css", &site.highlighted);
            globals.insert_value("i18n", views.strings_of(language.code));
            (language.code.to_string(), globals)
        })
        .collect();
    // What each output was made from matters to the live preview only, which keeps the outputs.
    let track = matches!(destination, Destination::Memory);
    let reads = &*live.reads;
    reads.take_unkeyed();
    let renderer = Renderer { site, templates, tera, views, globals, reads: track.then_some(reads) };

    // A page with `render = false` or `redirect_to` gets no page of its own (the redirect is
    // written with the aliases' below).
    let mut jobs: Vec<Job> =
        (0..site.content.pages.len()).filter(|i| site.content.pages[*i].has_own_page()).map(Job::Page).collect();
    let sections = &site.content.sections;
    jobs.extend((0..sections.len()).flat_map(|i| (1..=sections[i].pagers()).map(move |n| Job::Section(i, n))));
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyList(t));
        jobs.extend(
            taxonomy
                .terms
                .keys()
                .flat_map(|slug| (1..=taxonomy.pagers(slug)).map(move |n| Job::TaxonomyTerm(t, slug.as_str(), n))),
        );
    }
    jobs.push(Job::NotFound);
    if templates.files.contains_key(print::TEMPLATE) && !matches!(scope, Scope::AllButPrint) {
        // First: the longest jobs, so that they run beside the pages instead of after them.
        let languages = site.config.languages().len();
        jobs.splice(0..0, (0..languages).map(Job::Print));
    }
    if let Some(only) = only {
        jobs.retain(|job| only.contains(&index_file(&job_path(site, job))));
    }

    // Each language's print document, by language index (none for a language without a home).
    let print: Vec<Option<print::Document>> = site
        .config
        .languages()
        .iter()
        .enumerate()
        .map(|(l, language)| {
            let wanted = jobs.iter().any(|job| matches!(job, Job::Print(k) if *k == l));
            wanted.then(|| print::home(&site.content, language.code)).flatten().map(|h| print::Document::new(site, h))
        })
        .collect();
    let results: Vec<Result<Output, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let document = match job {
                Job::Print(l) => print[*l].as_ref(),
                _ => None,
            };
            let output = renderer.render(job, document)?;
            place(output, job, document, destination)
        })
        .collect();
    let mut outputs = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(output) => outputs.push(output),
            Err(d) => diagnostics.push(d),
        }
    }
    let diagnostics = templates::merge_repeated(diagnostics);
    let unkeyed = reads.take_unkeyed();
    if track && !unkeyed.is_empty() {
        for output in &mut outputs {
            output.deps.content.extend(unkeyed.iter().cloned());
        }
    }
    let keep = |path: &str| only.is_none_or(|o| o.contains(path));
    outputs.extend(redirects(site).into_iter().filter(|o| keep(&o.path)));
    // One timeline.json per language with events (`timeline.json`, `en/timeline.json`).
    for language in site.config.languages() {
        let path = format!("{}/timeline.json", language.prefix).trim_start_matches('/').to_string();
        let events: Vec<crate::dossier::timeline::Event> =
            site.timeline.iter().filter(|e| site.content.pages[e.page].lang == language.code).cloned().collect();
        if events.is_empty() || !keep(&path) {
            continue;
        }
        let mut deps = Deps::default();
        deps.content.insert("timeline".into());
        let table = site.strings.table_or_empty(language.code);
        let json = crate::dossier::timeline::timeline_js(&language_config(&site.config, &language), &events, &table);
        outputs.push(Output { path, body: Body::Bytes(json.into()), deps });
    }
    (outputs, diagnostics)
}

/// The site's configuration as `language` sees it: its own title and description.
fn language_config(config: &crate::config::Config, language: &crate::config::Language) -> crate::config::Config {
    crate::config::Config {
        title: language.title.to_string(),
        description: language.description.to_string(),
        ..config.clone()
    }
}

/// Put the output `job` rendered where it goes; the print document gets its items (from `print`)
/// spliced in on the way.
fn place(
    mut output: Output,
    job: &Job,
    print: Option<&print::Document>,
    destination: Destination,
) -> Result<Output, Diagnostic> {
    let failed = |e: anyhow::Error| Diagnostic::file(&output.path, format!("{e:#}"));
    let Body::Bytes(rendered) = &output.body else { return Ok(output) };
    let print = print.filter(|_| matches!(job, Job::Print(_)));
    // What the search index is made of: pages and each section's first pager.
    let keep = matches!(job, Job::Page(_) | Job::Section(_, 1));
    match (destination, print) {
        (Destination::Memory, None) => return Ok(output),
        (Destination::Memory, Some(document)) => {
            let mut bytes = Vec::with_capacity(rendered.len() * 2);
            document.splice(rendered, &mut bytes).map_err(|e| failed(e.into()))?;
            output.body = Body::Bytes(bytes.into());
            return Ok(output);
        }
        (Destination::Disk { staging, .. }, Some(document)) => {
            staging.put_with(&output.path, |w| document.splice(rendered, w)).map_err(failed)?;
        }
        (Destination::Disk { staging, keep_pages }, None) => {
            staging.put(&output).map_err(failed)?;
            if keep_pages && keep {
                output.body = Body::Kept(rendered.clone());
                return Ok(output);
            }
        }
    }
    output.body = Body::Written;
    Ok(output)
}

/// Templates named in front matter (`template`, a section's `page_template`) that do not exist,
/// reported at the key that names them, once each; and the taxonomy templates a taxonomy lacks.
pub(crate) fn check_template_names(site: &Site, templates: &Templates) -> Vec<Diagnostic> {
    let mut missing = missing_taxonomy_templates(site, templates);
    missing.extend(check_front_matter_templates(site, templates));
    missing
}

/// `taxonomy_list.html` or `taxonomy_term.html` where a taxonomy has no template of its own, once each.
fn missing_taxonomy_templates(site: &Site, templates: &Templates) -> Vec<Diagnostic> {
    let mut missing: std::collections::BTreeMap<&str, Vec<String>> = std::collections::BTreeMap::new();
    for taxonomy in &site.taxonomies {
        for (kind, fallback) in templates::TAXONOMY {
            let own = format!("{}/{kind}.html", taxonomy.name);
            if !templates.files.contains_key(fallback) && !templates.files.contains_key(&own) {
                let names = missing.entry(fallback).or_default();
                if !names.contains(&own) {
                    names.push(own);
                }
            }
        }
    }
    missing
        .into_iter()
        .map(|(fallback, own)| {
            let hint = match &site.config.theme {
                Some(t) => format!(
                    "add templates/{fallback}, templates/{}, or check that themes/{t}/templates/ has it",
                    own.join(", templates/")
                ),
                None => format!("add templates/{fallback} or templates/{}, or set `theme`", own.join(", templates/")),
            };
            Diagnostic::file(format!("templates/{fallback}"), format!("the template `{fallback}` is missing"))
                .with_hint(hint)
        })
        .collect()
}

fn check_front_matter_templates(site: &Site, templates: &Templates) -> Vec<Diagnostic> {
    let pages = site.content.pages.iter().map(|p| (&p.source, "template", &p.meta.template));
    let sections =
        site.content.sections.iter().flat_map(|s| {
            [(&s.source, "template", &s.meta.template), (&s.source, "page_template", &s.meta.page_template)]
        });
    pages
        .chain(sections)
        .filter_map(|(source, key, name)| {
            let name = name.as_ref().filter(|n| !templates.files.contains_key(*n))?;
            Some(
                source
                    .error_at_key(key, format!("the template `{name}` does not exist"))
                    .with_hint(format!("add templates/{name}, or name one of: {}", names(templates))),
            )
        })
        .collect()
}

/// The site path a job renders to.
fn job_path(site: &Site, job: &Job) -> String {
    match *job {
        Job::Page(i) => site.content.pages[i].path.clone(),
        Job::Section(i, n) => {
            let section = &site.content.sections[i];
            section.paging().map_or_else(|| section.path.clone(), |p| p.pager_path(&section.path, n))
        }
        Job::TaxonomyList(t) => site.taxonomies[t].path(),
        Job::TaxonomyTerm(t, slug, n) => {
            let taxonomy = &site.taxonomies[t];
            let path = taxonomy.term_path(slug);
            taxonomy.paging().map_or_else(|| path.clone(), |p| p.pager_path(&path, n))
        }
        Job::NotFound => "/404.html".into(),
        Job::Print(l) => print::path(&site.config.languages()[l].prefix),
    }
}

/// What every output is rendered with.
struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    tera: &'a tera::Tera,
    views: &'a Views,
    /// The values every template gets (`config`, `highlight_css`), by language code.
    globals: Vec<(String, Context)>,
    /// Where the template functions record their lookups, when each output's [`Deps`] are recorded.
    reads: Option<&'a Reads>,
}

/// What a job renders: its template, its site path, the content file it is rendered for (where a
/// missing template is reported), and the content its context shows.
struct Prepared<'s> {
    template: String,
    path: String,
    rendering: Option<&'s Path>,
    shown: Vec<String>,
    /// A template that would render this output if it existed (Zola's `tags/list.html`): adding
    /// or removing it must render the output again.
    watched: Option<String>,
}

impl<'a> Renderer<'a> {
    fn render(&self, job: &Job, print: Option<&print::Document>) -> Result<Output, Diagnostic> {
        let Renderer { site, templates, tera, reads, .. } = *self;
        // The language of what is rendered; the default for anything of no language (404, lists).
        let item = match *job {
            Job::Page(i) => Some(crate::content::Item::Page(i)),
            Job::Section(i, _) => Some(crate::content::Item::Section(i)),
            _ => None,
        };
        let lang = match *job {
            Job::TaxonomyList(t) | Job::TaxonomyTerm(t, ..) => site.taxonomies[t].lang.as_str(),
            Job::Print(l) => self.globals[l].0.as_str(),
            _ => item.map_or(site.config.language.as_str(), |i| site.content.lang(i)),
        };
        let globals = self.globals.iter().find(|(code, _)| code == lang).unwrap_or(&self.globals[0]);
        let mut context = globals.1.clone();
        let Prepared { template, path, rendering, shown, watched } = self.prepare(job, print, &mut context)?;
        context.insert("lang", lang);
        let versions = match (job, item) {
            (_, Some(item)) => views::Shown::Item(item),
            (Job::TaxonomyList(t), _) => views::Shown::Taxonomy(&site.taxonomies[*t].name),
            (Job::TaxonomyTerm(t, slug, _), _) => views::Shown::Term(&site.taxonomies[*t].name, slug),
            _ => views::Shown::Nothing,
        };
        context.insert_value("languages", self.views.switcher(site, lang, versions));
        // A later pager has no version in another language: its pages are not theirs.
        let later_pager = matches!(job, Job::Section(_, n) | Job::TaxonomyTerm(_, _, n) if *n > 1);
        let versions = if later_pager { views::Shown::Nothing } else { versions };
        context.insert_value("alternates", views::alternates(site, versions));
        context.insert("current_path", &path);
        context.insert("current_url", &site.config.permalink(&path));
        if !templates.files.contains_key(&template) {
            let shown = rendering.map(Path::to_path_buf).unwrap_or_else(|| "templates".into());
            return Err(Diagnostic::file(shown, format!("the template `{template}` does not exist"))
                .with_hint(format!("add templates/{template}, or name one of: {}", names(templates))));
        }
        let key = reads.map_or(0, Reads::open);
        context.insert(RENDER_KEY, &key);
        // Straight into bytes: `render` would check the UTF-8 of every page once more.
        // The print document's template output grows with the site: reserved at ~2 KB an item,
        // so that it is never copied to grow (unwritten capacity takes no memory).
        let reserve = match job {
            Job::Print(_) => 2048 * (site.content.pages.len() + site.content.sections.len()),
            _ => 16 * 1024,
        };
        let mut html = Vec::with_capacity(reserve);
        let rendered = tera.render_to(&template, &context, &mut html);
        let read = reads.map(|reads| reads.take(key));
        rendered.map_err(|e| {
            let d = templates::template_error(&templates.files, &e, rendering);
            templates.missing_string(d, lang, &site.strings)
        })?;
        let mut deps = Deps {
            source: match *job {
                Job::Page(i) => Some(site.content.pages[i].rel.clone()),
                Job::Section(i, _) => Some(site.content.sections[i].rel.clone()),
                _ => None,
            },
            ..Deps::default()
        };
        if let Some(read) = read {
            deps.content.extend(shown);
            deps.content.extend(read);
            deps.templates = templates.closure(&template).into_iter().collect();
            deps.templates.extend(watched);
        }
        Ok(Output { path: index_file(&path), body: Body::Bytes(html.into()), deps })
    }

    /// The context of `job` filled in; the content it shows is listed only when recorded (a large
    /// section or the print document shows every page).
    fn prepare(
        &self,
        job: &Job,
        print: Option<&print::Document>,
        context: &mut Context,
    ) -> Result<Prepared<'a>, Diagnostic> {
        let Renderer { site, views, reads, .. } = *self;
        let content = &site.content;
        let track = reads.is_some();
        let shown = |own: String, shown: &mut dyn Iterator<Item = String>| {
            if track { std::iter::once(own).chain(shown).collect() } else { Vec::new() }
        };
        let rel = |p: &usize| content.pages[*p].rel.clone();
        Ok(match *job {
            Job::Page(i) => {
                let page = &content.pages[i];
                context.insert_value("page", views.page(site, i)?);
                Prepared {
                    template: page_template(content, i),
                    path: page.path.clone(),
                    rendering: Some(page.source.display.as_path()),
                    shown: shown(page.rel.clone(), &mut views.page_shows(i).into_iter()),
                    watched: None,
                }
            }
            Job::Section(i, n) => {
                let section = &content.sections[i];
                let own: Vec<usize> = match section.paging() {
                    Some(paging) => {
                        let paginator = views.paginator(site, &section.path, paging, &section.pages, n);
                        context.insert_value("paginator", paginator);
                        // As in Zola, a paginated section's pages are in its paginator only.
                        let value = views::Fields::extend(views.sections[i].clone(), 0)
                            .put("pages", Value::from(Vec::<Value>::new()))
                            .value();
                        context.insert_value("section", value);
                        paging.pages(&section.pages, n)
                    }
                    None => {
                        context.insert_value("section", views.sections[i].clone());
                        section.pages.clone()
                    }
                };
                // The section's view holds its pages and its subsections' pages.
                let listed = section.subsections.iter().flat_map(|s| &content.sections[*s].pages).chain(&own);
                Prepared {
                    template: section_template(content, i),
                    path: job_path(site, job),
                    rendering: Some(section.source.display.as_path()),
                    shown: shown(section.rel.clone(), &mut listed.map(rel)),
                    watched: None,
                }
            }
            Job::TaxonomyList(t) => {
                let taxonomy = &site.taxonomies[t];
                let value = views.taxonomies[t].clone();
                // Zola's list template gets the terms beside the taxonomy.
                context.insert_value("terms", value.get_from_path("terms").cloned().unwrap_or_else(Value::none));
                context.insert_value("taxonomy", value);
                // The taxonomy's view holds every page of every term.
                let listed = taxonomy.terms.values().flat_map(|term| &term.pages);
                let (template, watched) =
                    taxonomy_template(self.templates, &taxonomy.name, "list", "taxonomy_list.html");
                Prepared {
                    template,
                    path: job_path(site, job),
                    rendering: None,
                    shown: shown(taxonomy.key(), &mut listed.map(rel)),
                    watched,
                }
            }
            Job::TaxonomyTerm(t, slug, n) => {
                let taxonomy = &site.taxonomies[t];
                context.insert_value("taxonomy", views.taxonomies[t].clone());
                context.insert_value("term", views.term(t, slug));
                let pages = &taxonomy.terms[slug].pages;
                let listed = match taxonomy.paging() {
                    Some(paging) => {
                        let paginator = views.paginator(site, &taxonomy.term_path(slug), paging, pages, n);
                        context.insert_value("paginator", paginator);
                        paging.pages(pages, n)
                    }
                    None => pages.clone(),
                };
                let (template, watched) =
                    taxonomy_template(self.templates, &taxonomy.name, "single", "taxonomy_term.html");
                Prepared {
                    template,
                    path: job_path(site, job),
                    rendering: None,
                    shown: shown(taxonomy.key(), &mut listed.iter().map(rel)),
                    watched,
                }
            }
            Job::NotFound => Prepared {
                template: "404.html".into(),
                path: job_path(site, job),
                rendering: None,
                shown: Vec::new(),
                watched: None,
            },
            Job::Print(_) => {
                let items = print.map(|document| document.items(views)).unwrap_or_default();
                context.insert_value("items", Value::from(items));
                Prepared {
                    template: print::TEMPLATE.into(),
                    path: job_path(site, job),
                    rendering: None,
                    shown: if track { print::sources(content).collect() } else { Vec::new() },
                    watched: None,
                }
            }
        })
    }
}

/// The template of page `i`: its own, its section's `page_template`, or `page.html`.
fn page_template(content: &crate::content::Content, i: usize) -> String {
    let page = &content.pages[i];
    let section = &content.sections[page.parent];
    page.meta.template.clone().or_else(|| section.meta.page_template.clone()).unwrap_or_else(|| "page.html".into())
}

/// The template of a taxonomy's list (`kind` "list") or term pages ("single"): Zola's
/// `<taxonomy>/list.html` or `<taxonomy>/single.html` when the site or theme has it, else
/// `fallback`; and the Zola template's name when it is not there, for the preview to watch.
fn taxonomy_template(templates: &Templates, name: &str, kind: &str, fallback: &str) -> (String, Option<String>) {
    let zola = format!("{name}/{kind}.html");
    if templates.files.contains_key(&zola) { (zola, None) } else { (fallback.into(), Some(zola)) }
}

/// The template of section `i`: its own, or `index.html` for a root (each language's home) and
/// `section.html` for others.
fn section_template(content: &crate::content::Content, i: usize) -> String {
    let default = if content.sections[i].parent.is_none() { "index.html" } else { "section.html" };
    content.sections[i].meta.template.clone().unwrap_or_else(|| default.into())
}

fn names(templates: &Templates) -> String {
    templates.files.keys().cloned().collect::<Vec<_>>().join(", ")
}

/// The pages and sections with redirects: each one's source, aliases, URL path and `rel`. On
/// entity pages `aliases` are the entity's names, not old URLs.
fn with_aliases<'a>(
    config: &'a crate::config::Config,
    content: &'a crate::content::Content,
) -> impl Iterator<Item = (&'a crate::content::Source, &'a [toml::Spanned<String>], &'a String, &'a String)> {
    let pages = content
        .pages
        .iter()
        .filter(|p| !crate::dossier::entity::is_entity_page(config, &p.rel))
        .map(|p| (&p.source, p.meta.aliases.as_slice(), &p.path, &p.rel));
    let sections = content.sections.iter().map(|s| (&s.source, s.meta.aliases.as_slice(), &s.path, &s.rel));
    pages.chain(sections)
}

/// The file an alias writes: `/old/` -> `old/index.html`, `/old.html` -> `old.html`; refused if
/// it would not be a file inside the output folder.
fn alias_file(alias: &str) -> Result<String, crate::path::PathError> {
    crate::path::normalise(alias).map(|path| index_file(&path))
}

/// Aliases that cannot be written inside the output folder, each reported where it is written.
pub(crate) fn check_aliases(config: &crate::config::Config, content: &crate::content::Content) -> Vec<Diagnostic> {
    with_aliases(config, content)
        .flat_map(|(source, aliases, ..)| {
            aliases.iter().filter_map(|alias| {
                let why = alias_file(alias.get_ref()).err()?;
                let message =
                    format!("the alias `{}` cannot be a path of this site: {why}", alias.get_ref().escape_debug());
                Some(source.error_in_toml(alias.span().start, message).with_hint(
                    "an alias is an old URL of this page on this site, like \"/old/\", \"old/path/\" or \"/old.html\"",
                ))
            })
        })
        .chain(content.pages.iter().filter_map(|page| {
            let linked = page.meta.redirect_to.as_deref()?.strip_prefix("@/")?;
            let file = linked.split('#').next().unwrap_or(linked);
            (!content.by_rel.contains_key(file) && !content.unreadable.contains(file)).then(|| {
                page.source
                    .error_at_key(
                        "redirect_to",
                        format!("`redirect_to` points at `@/{file}`, which is not a file in content/"),
                    )
                    .with_hint(
                        "write the path of a content file below content/, like \"@/blog/post.md\", or a full URL",
                    )
            })
        }))
        .collect()
}

/// A small page at each alias that sends the reader to the page's URL.
fn redirects(site: &Site) -> Vec<Output> {
    let to_pages = with_aliases(&site.config, &site.content).flat_map(|(_, aliases, path, rel)| {
        // A refused alias was reported by `check_aliases` before rendering began.
        aliases
            .iter()
            .filter_map(|alias| alias_file(alias.get_ref()).ok())
            .map(move |file| redirect(site, file, &site.config.href(path), rel))
    });
    // Pages with `redirect_to`: their own URL sends readers on.
    let from_pages = site.content.pages.iter().filter_map(|page| {
        let target = page.meta.redirect_to.as_deref()?;
        let href = match target.strip_prefix("@/") {
            Some(linked) => {
                let (file, anchor) = linked.split_once('#').map_or((linked, None), |(f, a)| (f, Some(a)));
                let item = site.content.by_rel.get(file)?;
                let path = match item {
                    crate::content::Item::Page(i) => &site.content.pages[*i].path,
                    crate::content::Item::Section(i) => &site.content.sections[*i].path,
                };
                let href = site.config.href(path);
                anchor.map_or(href.clone(), |a| format!("{href}#{a}"))
            }
            None => target.to_string(),
        };
        (page.written()).then(|| redirect(site, index_file(&page.path), &href, &page.rel))
    });
    // A paginated list's first pager by number (`/blog/page/1/`) sends readers to the list, as in
    // Zola.
    let from_sections = site.content.sections.iter().filter_map(|section| {
        let numbered = section.paging()?.numbered(&section.path, 1);
        Some(redirect(site, index_file(&numbered), &site.config.href(&section.path), &section.rel))
    });
    let from_terms = site.taxonomies.iter().flat_map(|taxonomy| {
        let paging = taxonomy.paging();
        taxonomy.terms.keys().filter_map(move |slug| {
            let path = taxonomy.term_path(slug);
            let numbered = paging?.numbered(&path, 1);
            let mut deps = Deps::default();
            deps.content.insert(taxonomy.key());
            Some(redirect_page(index_file(&numbered), &site.config.href(&path), &taxonomy.lang, deps))
        })
    });
    to_pages.chain(from_pages).chain(from_sections).chain(from_terms).collect()
}

/// A page at `file` that sends the reader to `href`; made for the content file `rel`.
fn redirect(site: &Site, file: String, href: &str, rel: &str) -> Output {
    let lang = site.content.by_rel.get(rel).map_or(&*site.config.language, |i| site.content.lang(*i));
    let mut deps = Deps::default();
    deps.content.insert(rel.to_string());
    deps.source = Some(rel.to_string());
    redirect_page(file, href, lang, deps)
}

/// A page at `file` in the language `lang` that sends the reader to `href`.
fn redirect_page(file: String, href: &str, lang: &str, deps: Deps) -> Output {
    let escaped = crate::markdown::escape(href);
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{escaped}</title>\
         <link rel=\"canonical\" href=\"{escaped}\"><meta http-equiv=\"refresh\" content=\"0; url={escaped}\">\
         </head><body><a href=\"{escaped}\">{escaped}</a></body></html>\n",
        lang = crate::markdown::escape(lang),
    );
    Output { path: file, body: Body::Bytes(html.into()), deps }
}

/// The language a template function works in: its `lang=` argument, else the context's `lang`,
/// else the default language. Kept as the value it was given in, so asking copies no text.
struct Lang(Option<Value>);

impl Lang {
    fn code<'a>(&'a self, default: &'a str) -> &'a str {
        self.0.as_ref().and_then(Value::as_str).unwrap_or(default)
    }
}

fn context_lang(kwargs: &Kwargs, state: &State, one_language: bool) -> TeraResult<Lang> {
    if let Some(lang) = kwargs.get::<Value>("lang")? {
        if lang.as_str().is_none() {
            return Err(tera::Error::message(format!("`lang` is a language code like \"en\", not {}", lang.name())));
        }
        return Ok(Lang(Some(lang)));
    }
    // A site in one language renders everything in it: no need to look the context up.
    if one_language {
        return Ok(Lang(None));
    }
    Ok(Lang(state.get::<Value>("lang").ok().flatten()))
}

fn register_functions(tera: &mut tera::Tera, views: &LiveViews) {
    let v = views.clone();
    tera.register_function("get_page", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        let path: String = kwargs.must_get("path")?;
        v.reads.record(state, || path.clone());
        v.get()
            .page_by_rel(&path)
            .ok_or_else(|| tera::Error::message(format!("get_page: there is no page `{path}` in content/")))
    });
    let v = views.clone();
    tera.register_function("get_section", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        let path: String = kwargs.must_get("path")?;
        v.reads.record(state, || path.clone());
        v.get()
            .section_by_rel(&path)
            .ok_or_else(|| tera::Error::message(format!("get_section: there is no section `{path}` in content/")))
    });
    let v = views.clone();
    tera.register_function("get_url", move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let path: String = kwargs.must_get("path")?;
        v.get().url(&path).map_err(tera::Error::message)
    });
    let v = views.clone();
    tera.register_function("get_taxonomy", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        let kind: String = kwargs.must_get("kind")?;
        let views = v.get();
        let lang = context_lang(&kwargs, state, views.one_language())?;
        let lang = lang.code(&views.language);
        v.reads.record(state, || crate::taxonomy::taxonomy_key(&views.prefix(lang), &kind));
        views.taxonomy_by_name(&kind, lang).ok_or_else(|| {
            tera::Error::message(format!(
                "get_taxonomy: `{kind}` is not a taxonomy of the language `{lang}` in site.toml"
            ))
        })
    });
    let v = views.clone();
    tera.register_function("get_timeline", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        v.reads.record(state, || "timeline".into());
        let views = v.get();
        let lang = context_lang(&kwargs, state, views.one_language())?;
        Ok(views.timeline.get(lang.code(&views.language)).cloned().unwrap_or_else(|| Value::from(Vec::<Value>::new())))
    });
    let v = views.clone();
    tera.register_function("get_entities", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        v.reads.record(state, || "entities".into());
        let views = v.get();
        let lang = context_lang(&kwargs, state, views.one_language())?;
        Ok(views.entities.get(lang.code(&views.language)).cloned().unwrap_or_else(|| Value::from(Vec::<Value>::new())))
    });
    let v = views.clone();
    tera.register_filter("date", move |value: Value, kwargs: Kwargs, state: &State| {
        let views = v.get();
        date_filter(value, &kwargs, state, &views.language, views.one_language())
    });
    let v = views.clone();
    tera.register_function("trans", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        let key: &str = kwargs.must_get("key")?;
        let views = v.get();
        let lang = context_lang(&kwargs, state, views.one_language())?;
        views.trans(lang.code(&views.language), key).map_err(|e| tera::Error::message(format!("trans: {e}")))
    });
    tera.register_filter("json_ld", |value: Value, _: Kwargs, _: &State| -> TeraResult<Value> {
        json_ld(&value).map(|json| Value::safe_string(&json)).map_err(tera::Error::message)
    });
}

/// A language's interface strings (its `table`, if it has one) as templates see them, `i18n`: a
/// map from key to string in key order. Templates read `i18n.toc_title`, no function call, the
/// cheapest lookup tera has.
fn strings_value(table: Option<&crate::i18n::Table>) -> Value {
    let map: tera::Map = table
        .map(|table| table.iter().map(|(k, v)| (tera::value::Key::String(k.into()), Value::from(v))).collect())
        .unwrap_or_default();
    Value::from(map)
}

/// `{{ page.date | date(format="%e %B %Y", lang="en") }}`: a date (`2023-11-15`, `2023-11`, `1917`,
/// a year as a number, a TOML datetime) as the language writes it; `lang` defaults to the context's,
/// then to `default`, the site's default language (the only one when `one_language`).
fn date_filter(value: Value, kwargs: &Kwargs, state: &State, default: &str, one_language: bool) -> TeraResult<String> {
    let text = match (value.as_str(), value.as_i64()) {
        (Some(text), _) => std::borrow::Cow::Borrowed(text),
        (None, Some(year)) => std::borrow::Cow::Owned(format!("{year:04}")),
        _ => {
            return Err(tera::Error::message(format!(
                "date: a date is a string like \"2023-11-15\", not {}",
                value.name()
            )));
        }
    };
    let date = PartialDate::parse(&text).map_err(|e| tera::Error::message(format!("date: {e}")))?;
    let format: Option<&str> = kwargs.get("format")?;
    let lang = context_lang(kwargs, state, one_language)?;
    crate::content::date::format(date, lang.code(default), format)
        .map_err(|e| tera::Error::message(format!("date: {e}")))
}

/// A value as JSON to put inside `<script type="application/ld+json">`: empty values (null, "",
/// [], {}) are left out, so templates can name optional fields freely, and `<`, `>`, `&` and the
/// line separators are written as `\u` escapes, so no text can close the script element.
fn json_ld(value: &Value) -> Result<String, String> {
    fn prune(value: serde_json::Value) -> Option<serde_json::Value> {
        use serde_json::Value as J;
        match value {
            J::Null => None,
            J::String(s) if s.is_empty() => None,
            J::Array(items) => {
                let items: Vec<J> = items.into_iter().filter_map(prune).collect();
                (!items.is_empty()).then_some(J::Array(items))
            }
            J::Object(map) => {
                let map: serde_json::Map<String, J> =
                    map.into_iter().filter_map(|(k, v)| prune(v).map(|v| (k, v))).collect();
                (!map.is_empty()).then_some(J::Object(map))
            }
            other => Some(other),
        }
    }
    // A string alone (a template writing its JSON field by field) is only quoted.
    let text = match value.as_str() {
        Some(text) => serde_json::to_string(text).map_err(|e| format!("json_ld: {e}"))?,
        None => {
            let json = serde_json::to_value(value).map_err(|e| format!("json_ld: {e}"))?;
            prune(json).map_or_else(|| "{}".to_string(), |j| j.to_string())
        }
    };
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A template set whose `look(x=…)` records `x`, and whose `nested()` renders `inner.html` with
    /// a key of its own before it returns, as a render started on the same thread in the middle of
    /// another would.
    fn recording(reads: &Arc<Reads>) -> tera::Tera {
        let mut inner = tera::Tera::default();
        let r = Arc::clone(reads);
        inner.register_function("look", move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let x: String = kwargs.must_get("x")?;
            r.record(state, || x.clone());
            Ok(x)
        });
        inner.add_raw_template("inner.html", "{{ look(x=\"c\") }}").unwrap();
        let mut tera = inner.clone();
        let r = Arc::clone(reads);
        tera.register_function("nested", move |_: Kwargs, _: &State| -> TeraResult<String> {
            let key = r.open();
            let mut context = Context::new();
            context.insert(RENDER_KEY, &key);
            let html = inner.render("inner.html", &context)?;
            assert_eq!(r.take(key), BTreeSet::from(["c".to_string()]));
            Ok(html)
        });
        tera.add_raw_templates([
            ("outer.html", "{{ look(x=\"a\") }}{{ nested() }}{{ look(x=\"b\") }}"),
            ("component.html", "{% component show() %}{{ look(x=\"d\") }}{% endcomponent %}{{<show />}}"),
        ])
        .unwrap();
        tera
    }

    #[test]
    fn the_date_filter_writes_the_contexts_language_unless_told_another() {
        let mut tera = tera::Tera::default();
        tera.register_filter("date", |value: Value, kwargs: Kwargs, state: &State| {
            date_filter(value, &kwargs, state, "zh-Hans", false)
        });
        tera.add_raw_templates([
            ("plain.html", "{{ d | date }}"),
            ("en.html", "{{ d | date(lang=\"en\") }}"),
            ("format.html", "{{ d | date(format=\"%e %B %Y\") }}"),
        ])
        .unwrap();
        // The site's default language is zh-Hans.
        let render = |template: &str, d: Value, context_lang: Option<&str>| {
            let mut context = Context::new();
            context.insert("d", &d);
            if let Some(lang) = context_lang {
                context.insert("lang", lang);
            }
            tera.render(template, &context).map_err(|e| format!("{e:?}"))
        };
        let cases = [
            ("plain.html", "2023-11-15", Some("zh-Hans"), "2023年11月15日"),
            ("plain.html", "2023-11-15", Some("en"), "November 15, 2023"),
            ("plain.html", "2023-11-15T10:00:00+08:00", Some("en"), "November 15, 2023"),
            ("plain.html", "2023-11", None, "2023年11月"),
            ("en.html", "2023-11", Some("zh-Hans"), "November 2023"),
            ("format.html", "2023-11-15", Some("zh-Hans"), "15 十一月 2023"),
            ("format.html", "2023-11-15", Some("en"), "15 November 2023"),
        ];
        for (template, date, lang, expect) in cases {
            assert_eq!(render(template, Value::from(date), lang).unwrap(), expect, "{template} {date} {lang:?}");
        }
        assert_eq!(render("en.html", Value::from(1917), None).unwrap(), "1917");
        let err = render("format.html", Value::from("2023-11"), Some("en")).unwrap_err();
        assert!(err.contains("`2023-11`") && err.contains("%e %B %Y") && err.contains("%B %Y"), "{err}");
        let err = render("plain.html", Value::from("2023-13-01"), Some("en")).unwrap_err();
        assert!(err.contains("no month 13"), "{err}");
    }

    #[test]
    fn lookups_are_recorded_for_their_own_render_not_their_thread() {
        let reads = Arc::new(Reads::default());
        let tera = recording(&reads);
        let key = reads.open();
        let mut context = Context::new();
        context.insert(RENDER_KEY, &key);
        assert_eq!(tera.render("outer.html", &context).unwrap(), "acb");
        assert_eq!(reads.take(key), BTreeSet::from(["a".to_string(), "b".to_string()]));
        assert!(reads.take_unkeyed().is_empty());
        // A render that records nothing has the key 0.
        context.insert(RENDER_KEY, &0u64);
        tera.render("inner.html", &context).unwrap();
        assert!(reads.take_unkeyed().is_empty());
    }

    #[test]
    fn lookups_inside_a_component_are_kept_for_the_whole_pass() {
        let reads = Arc::new(Reads::default());
        let tera = recording(&reads);
        let key = reads.open();
        let mut context = Context::new();
        context.insert(RENDER_KEY, &key);
        assert_eq!(tera.render("component.html", &context).unwrap(), "d");
        assert!(reads.take(key).is_empty(), "a component does not see its caller's context");
        assert_eq!(reads.take_unkeyed(), BTreeSet::from(["d".to_string()]));
    }

    #[test]
    fn json_ld_leaves_out_empty_values_and_cannot_close_the_script() {
        let value = Value::from_serializable(&serde_json::json!({
            "@type": "Article",
            "headline": "</script><script>alert(\"x\")</script> & 'q'",
            "datePublished": null,
            "description": "",
            "about": [],
            "isPartOf": { "name": null },
        }));
        let json = json_ld(&value).unwrap();
        assert_eq!(
            json,
            r#"{"@type":"Article","headline":"\u003c/script\u003e\u003cscript\u003ealert(\"x\")\u003c/script\u003e \u0026 'q'"}"#
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(\"x\")</script> & 'q'");
        // A string alone, as a template writing its JSON field by field hands it.
        let field = json_ld(&Value::from("</script>\u{2028}\"")).unwrap();
        assert_eq!(field, r#""\u003c/script\u003e\u2028\"""#);
    }
}
