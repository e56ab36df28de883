//! The build pipeline: one readable sequence of stages from the files on disk to the outputs.
//!
//! `config` -> `content::load` -> entities -> `markdown::render` (the source page first, then every
//! body in parallel) -> link, related, timeline, taxonomy and citation checks -> provenance and
//! backlinks -> `render::render` (every output, in parallel) -> static files. Each stage returns its
//! diagnostics; the build fails at the end with all of them.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Content, Item, Source};
use crate::diag::{Diagnostic, Diagnostics};
use crate::dossier::entity::{self, Entity};
use crate::dossier::provenance::{self, Provenance};
use crate::dossier::timeline::{self, Event};
use crate::link::{self, Backlink, Related};
use crate::markdown::{self, Highlighter, Rendered, SourceText};
use crate::output::{self, Output};
use crate::render;
use crate::taxonomy::{self, Taxonomy};

/// Prints how long each stage took when `DOSSIER_TIMINGS` is set (for profiling, see BENCHMARKS).
pub(crate) struct Timer {
    on: bool,
    last: std::time::Instant,
    last_cpu: f64,
}

impl Timer {
    pub(crate) fn new() -> Timer {
        let on = std::env::var_os("DOSSIER_TIMINGS").is_some();
        Timer { on, last: std::time::Instant::now(), last_cpu: if on { cpu_seconds() } else { 0.0 } }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if self.on {
            // Resident memory now and at its peak so far (Linux only; blank elsewhere).
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let field = |name: &str| {
                status.lines().find_map(|l| l.strip_prefix(name)).map_or(String::new(), |v| v.trim().to_string())
            };
            let cpu = cpu_seconds();
            eprintln!(
                "  {stage:<12} {:>6.1} ms   cpu {:>6.0} ms   rss {:>10}   peak {:>10}",
                self.last.elapsed().as_secs_f64() * 1000.0,
                (cpu - self.last_cpu) * 1000.0,
                field("VmRSS:"),
                field("VmHWM:")
            );
            self.last_cpu = cpu;
        }
        self.last = std::time::Instant::now();
    }
}

/// The process's CPU time so far, user and system, in seconds (Linux only, in clock ticks of
/// 10 ms; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')').map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Rendered HTML kept in an unnamed temporary file instead of memory: `dossier build` puts every
/// body there as soon as it is rendered and reads it back when its page is rendered, so that a large
/// site's HTML is never held at once (the operating system keeps the file in its cache).
pub struct Spill {
    file: std::fs::File,
    end: std::sync::Mutex<u64>,
}

impl Spill {
    #[cfg(unix)]
    fn new() -> Option<Spill> {
        Some(Spill { file: tempfile::tempfile().ok()?, end: std::sync::Mutex::new(0) })
    }

    /// Without positional file I/O the HTML stays in memory.
    #[cfg(not(unix))]
    fn new() -> Option<Spill> {
        None
    }

    /// Move `rendered`'s HTML into the file (it stays in memory if the write fails).
    fn put(&self, rendered: &mut Rendered) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            // Take a range under the lock, write outside it (a failed write leaves a hole).
            let len = rendered.html.len();
            let at = {
                let mut end = self.end.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                *end += len as u64;
                *end - len as u64
            };
            if self.file.write_all_at(rendered.html.as_bytes(), at).is_ok() {
                rendered.spilled = Some((at, len));
                rendered.html = String::new();
            }
        }
        #[cfg(not(unix))]
        let _ = rendered;
    }

    fn get(&self, (offset, len): (u64, usize)) -> std::io::Result<String> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            let mut bytes = vec![0; len];
            self.file.read_exact_at(&mut bytes, offset)?;
            content::string_from_utf8(bytes).map_err(std::io::Error::other)
        }
        #[cfg(not(unix))]
        {
            let _ = (offset, len);
            Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
        }
    }
}

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's root: the folder holding `site.toml`.
    pub root: PathBuf,
    /// Replaces `base_url` from `site.toml`.
    pub base_url: Option<String>,
    pub include_drafts: bool,
    /// For the live preview: leave out the search index (the preview makes it on a thread of its
    /// own) and the print document (made when the preview is idle, see `Built::deferred`), so that
    /// neither holds back the first page or an edit on a large site.
    pub preview: bool,
}

/// The loaded and checked site: everything templates may show.
pub struct Site {
    pub config: Config,
    pub content: Content,
    /// Rendered bodies, by page index.
    pub pages: Vec<Rendered>,
    /// Rendered bodies, by section index.
    pub sections: Vec<Rendered>,
    pub taxonomies: Vec<Taxonomy>,
    pub timeline: Vec<Event>,
    pub entities: Vec<Entity>,
    /// Which pages cite which source paragraphs (empty without a source page).
    pub provenance: Provenance,
    /// Content file -> the pages and sections linking to it.
    pub backlinks: HashMap<String, Vec<Backlink>>,
    /// Resolved `related` entries.
    pub related: Vec<Related>,
    /// Whether some code block was highlighted.
    pub highlighted: bool,
    /// What rendering one body again needs (the live preview re-renders single pages).
    pub annotator: Option<markdown::Annotator>,
    pub source_text: Option<SourceText>,
    pub hrefs: HashMap<String, String>,
    pub highlighter: Highlighter,
    /// Where the bodies' HTML is when not in memory.
    pub spill: Option<Spill>,
    /// Problems that do not stop the build (`build` and `check` print them).
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// The rendered HTML of a page or section body.
    pub fn html(&self, item: Item) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        let rendered = link::body(item, &self.pages, &self.sections);
        match (rendered.spilled, &self.spill) {
            (Some(at), Some(spill)) => spill.get(at).map(std::borrow::Cow::Owned).map_err(|e| {
                let display = match item {
                    Item::Page(i) => &self.content.pages[i].source.display,
                    Item::Section(i) => &self.content.sections[i].source.display,
                };
                Diagnostic::new(display, 1, 1, format!("cannot read the rendered page back from a temporary file: {e}"))
                    .with_hint("check that the temporary folder (TMPDIR) has room, and build again")
            }),
            _ => Ok(std::borrow::Cow::Borrowed(&rendered.html)),
        }
    }

    /// Render the body of page `i` as the full build does, from `source`.
    pub fn render_page_body(&self, i: usize, source: &Source) -> Rendered {
        let own_entity = self.entities.iter().position(|e| e.page == i);
        let numbered = self.config.dossier.source.as_deref() == Some(self.content.pages[i].rel.as_str());
        let renderer = BodyRenderer {
            config: &self.config,
            hrefs: &self.hrefs,
            unreadable: &self.content.unreadable,
            highlighter: &self.highlighter,
            annotator: self.annotator.as_ref(),
        };
        renderer.render(source, own_entity, numbered, if numbered { None } else { self.source_text.as_ref() })
    }
}

/// Renders bodies with the site's settings; one place for the full build and single pages.
struct BodyRenderer<'a> {
    config: &'a Config,
    hrefs: &'a HashMap<String, String>,
    unreadable: &'a std::collections::HashSet<String>,
    highlighter: &'a Highlighter,
    annotator: Option<&'a markdown::Annotator>,
}

impl BodyRenderer<'_> {
    fn render(
        &self,
        source: &Source,
        own_entity: Option<usize>,
        numbered: bool,
        text: Option<&SourceText>,
    ) -> Rendered {
        let resolve = |rel: &str| match self.hrefs.get(rel) {
            Some(href) => Ok(href.clone()),
            // Its own problem is reported; do not report every link to it too.
            None if self.unreadable.contains(rel) => Ok(String::new()),
            None => Err(format!("the link points at `@/{rel}`, which is not a file in content/")),
        };
        let options = markdown::RenderOptions {
            config: &self.config.markdown,
            base_path: &self.config.base_path,
            number_paragraphs: numbered,
            highlighter: self.highlighter,
            source: text,
            // The source page shows the article exactly as it is: no links added to its text.
            annotator: if numbered { None } else { self.annotator },
            own_entity,
        };
        let mut rendered = markdown::render(source.body(), &options, &resolve);
        let mut lines = crate::diag::LineCols::new(&source.text);
        for link in &mut rendered.links {
            link.line_col = lines.line_col(source.body_start + link.offset);
        }
        rendered
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

/// Read `site.toml`, applying the options' overrides.
pub fn load_config(options: &BuildOptions) -> Result<Config, Diagnostic> {
    let path = options.root.join("site.toml");
    let mut config = Config::load(&path).map_err(|mut d| {
        d.path = crate::diag::display_path(&options.root, &d.path);
        d
    })?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url).map_err(|m| Diagnostic::file("--base-url", m))?;
    }
    Ok(config)
}

/// Load the content and render every body; check links, anchors, entities, timeline, citations
/// and taxonomies.
pub fn load(options: &BuildOptions) -> Result<Site, Diagnostics> {
    load_with(options, true)
}

/// [`load`]; unless `keep_bodies`, each file's body text is let go once it is rendered (only the
/// live preview compares bodies later).
fn load_with(options: &BuildOptions, keep_bodies: bool) -> Result<Site, Diagnostics> {
    let mut timer = Timer::new();
    let config = load_config(options).map_err(|d| Diagnostics(vec![d]))?;
    let (content, mut diagnostics) = content::load(
        &options.root,
        &content::LoadOptions { include_drafts: options.include_drafts, forget_bodies: !keep_bodies },
    );
    timer.lap("content");
    diagnostics.extend(render::check_aliases(&config, &content));

    let hrefs = link::hrefs(&config, &content);
    let (entities, annotator, problems) = entity::collect(&config, &content, &hrefs);
    diagnostics.extend(problems);
    let entity_of: HashMap<usize, usize> = entities.iter().enumerate().map(|(e, entity)| (entity.page, e)).collect();
    let source_rel = config.dossier.source.as_deref();
    let source_index = match source_rel.map(|rel| content.by_rel.get(rel)) {
        None => None,
        Some(Some(Item::Page(i))) => Some(*i),
        Some(found) => {
            let rel = source_rel.unwrap_or_default();
            if found.is_some() || !content.unreadable.contains(rel) {
                let (line, col) = config.dossier.source_at;
                diagnostics.push(
                    Diagnostic::new(
                        "site.toml",
                        line,
                        col,
                        format!("[dossier] source names `{rel}`, which is not a page in content/"),
                    )
                    .with_hint("name the source page relative to content/, like \"source.md\""),
                );
            }
            None
        }
    };

    let highlighter = Highlighter::default();
    let renderer = BodyRenderer {
        config: &config,
        hrefs: &hrefs,
        unreadable: &content.unreadable,
        highlighter: &highlighter,
        annotator: annotator.as_ref(),
    };
    // Without the bodies' text kept, the pages' HTML is not kept in memory either (sections', which
    // every listing needs, is).
    let spill = if keep_bodies { None } else { Spill::new() };
    let render_body = |source: &Source, own_entity: Option<usize>, numbered: bool, text: Option<&SourceText>| {
        // Read again if its text was let go; its problems placed in the file.
        match source.with_body() {
            Ok(source) => {
                let rendered = renderer.render(&source, own_entity, numbered, text);
                let problems = body_problems(&source, &rendered);
                (rendered, problems)
            }
            Err(d) => (Rendered::default(), vec![d]),
        }
    };
    let spilled = |(mut rendered, problems): (Rendered, Vec<Diagnostic>)| {
        if let Some(spill) = &spill {
            spill.put(&mut rendered);
        }
        (rendered, problems)
    };
    // The source first: `quote` and `cite` on every other page draw on its paragraphs.
    let (source_rendered, source_problems) = match source_index {
        Some(i) => {
            let (rendered, problems) = render_body(&content.pages[i].source, None, true, None);
            (Some(rendered), problems)
        }
        None => (None, Vec::new()),
    };
    diagnostics.extend(source_problems);
    let source_text = match (&source_rendered, source_rel) {
        (Some(r), Some(rel)) => Some(SourceText {
            href: hrefs.get(rel).cloned().unwrap_or_default(),
            paragraphs: r.paragraphs.clone(),
            missing: false,
        }),
        // Named but not loaded: reported once above (or at the page itself), not at every citation.
        (None, Some(_)) => Some(SourceText { missing: true, ..SourceText::default() }),
        _ => None,
    };
    let (mut pages, page_problems): (Vec<Rendered>, Vec<Vec<Diagnostic>>) = content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| match (&source_rendered, Some(i) == source_index) {
            (Some(rendered), true) => (rendered.clone(), Vec::new()),
            _ => spilled(render_body(&p.source, entity_of.get(&i).copied(), false, source_text.as_ref())),
        })
        .unzip();
    let (mut sections, section_problems): (Vec<Rendered>, Vec<Vec<Diagnostic>>) =
        content.sections.par_iter().map(|s| render_body(&s.source, None, false, source_text.as_ref())).unzip();
    diagnostics.extend(page_problems.into_iter().chain(section_problems).flatten());
    if source_text.as_ref().is_some_and(|s| s.missing) {
        // Only the source page has the paragraph ids `p1`, `p2`, …: without it, links to them
        // follow from the one error about it (the build fails with that anyway).
        let paragraph_id = |a: &str| a.strip_prefix('p').is_some_and(|n| n.parse::<u32>().is_ok());
        for rendered in pages.iter_mut().chain(&mut sections) {
            rendered.links.retain(|l| !l.anchor.as_deref().is_some_and(paragraph_id));
        }
    }
    timer.lap("markdown");
    let anchors = link::anchors(&content, &pages, &sections);
    let sources = content.pages.iter().map(|p| &p.source).chain(content.sections.iter().map(|s| &s.source));
    for (source, rendered) in sources.zip(pages.iter().chain(&sections)) {
        diagnostics.extend(link::check_anchors(source, rendered, &anchors));
    }
    let (related, problems) = link::related(&content, &anchors);
    diagnostics.extend(problems);
    let (timeline, problems) = timeline::collect(&config, &content, &hrefs, &anchors);
    diagnostics.extend(problems);
    drop(anchors);
    let (taxonomies, problems) = taxonomy::collect(&config, &content);
    diagnostics.extend(problems);
    let provenance = match (source_rel, source_index) {
        (Some(rel), Some(i)) => {
            let (provenance, problems) = provenance::collect(&content, &pages, &sections, (rel, i));
            diagnostics.extend(problems);
            let html = markdown::fill_uses(&pages[i].html, &pages[i].uses, |n| {
                provenance.used_by_html(n as u32, &content, &hrefs)
            });
            pages[i].html = html;
            provenance
        }
        _ => Provenance::default(),
    };
    let backlinks = link::backlinks(&content, &pages, &sections, &related);
    let annotated = pages.iter().enumerate().filter(|(i, _)| Some(*i) != source_index).map(|(_, r)| r);
    let warnings = entity::name_warnings(&config, &content, &entities, annotator.as_ref(), annotated.chain(&sections));
    timer.lap("checks");

    if !diagnostics.is_empty() {
        return Err(Diagnostics::sorted(diagnostics));
    }
    let highlighted = highlighter.was_used();
    Ok(Site {
        config,
        content,
        pages,
        sections,
        taxonomies,
        timeline,
        entities,
        provenance,
        backlinks,
        related,
        highlighted,
        annotator,
        source_text,
        hrefs,
        highlighter,
        spill,
        warnings,
    })
}

/// What a build made, besides its files: figures for the terminal.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub pages: usize,
    pub entities: usize,
    pub events: usize,
    /// Numbered paragraphs of the source page (0 without one).
    pub source_paragraphs: usize,
    /// Source paragraphs no page cites.
    pub uncited: Vec<u32>,
    /// Problems that do not stop the build, sorted.
    pub warnings: Vec<Diagnostic>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} pages, {} entities, {} timeline events", self.pages, self.entities, self.events)?;
        if self.source_paragraphs > 0 {
            let cited = self.source_paragraphs - self.uncited.len();
            let percent = cited * 100 / self.source_paragraphs;
            write!(f, "; source coverage: {cited} of {} paragraphs cited ({percent}%)", self.source_paragraphs)?;
            if !self.uncited.is_empty() {
                let list: Vec<String> = self.uncited.iter().map(|n| format!("¶{n}")).collect();
                write!(f, "; not cited: {}", list.join(" "))?;
            }
        }
        for warning in &self.warnings {
            write!(f, "\n{}", warning.as_warning())?;
        }
        Ok(())
    }
}

/// A complete build kept in memory: the site, its templates and views, and every output. The
/// live preview keeps one and updates it; `dossier build` writes its outputs.
pub struct Built {
    pub site: Site,
    pub templates: render::Templates,
    pub views: std::sync::Arc<render::views::Views>,
    pub outputs: Vec<Output>,
    pub report: Report,
    /// Paths of the outputs made from the whole rendered site (feed, sitemap, search index), made
    /// again after every update.
    pub site_wide: std::collections::BTreeSet<String>,
    /// Outputs an update left out of date on purpose, to be made when the preview is idle (the
    /// whole-dossier print document).
    pub deferred: std::collections::BTreeSet<String>,
}

/// Build every output of the site in memory.
pub fn build(options: &BuildOptions) -> Result<(Vec<Output>, Report), Diagnostics> {
    build_all(options).map(|built| (built.outputs, built.report))
}

/// Build the site into `staging`, writing each output as soon as it is made (what `dossier build`
/// does: a large site is never held whole in memory). The build's outputs are those still to be
/// written (static files, feeds, …) and, as `Body::Written`, those already written; hand them to
/// [`output::Staging::finish`].
pub fn build_into(options: &BuildOptions, staging: &output::Staging) -> Result<Built, Diagnostics> {
    build_with(options, render::Destination::Disk { staging, keep_pages: true })
}

/// Build every output of the site in memory, keeping everything it was made from.
pub fn build_all(options: &BuildOptions) -> Result<Built, Diagnostics> {
    build_with(options, render::Destination::Memory)
}

fn build_with(options: &BuildOptions, destination: render::Destination) -> Result<Built, Diagnostics> {
    let site = load_with(options, matches!(destination, render::Destination::Memory))?;
    let mut report = Report {
        pages: site.content.pages.len() + site.content.sections.len(),
        entities: site.entities.len(),
        events: site.timeline.len(),
        source_paragraphs: site.provenance.paragraphs,
        uncited: site.provenance.uncited(),
        warnings: Diagnostics::sorted(site.warnings.clone()).0,
    };
    let root = &options.root;
    let templates = render::templates::load(root, site.config.theme.as_deref()).map_err(Diagnostics::sorted)?;
    let mut timer = Timer::new();
    let unknown = render::check_template_names(&site, &templates);
    if !unknown.is_empty() {
        return Err(Diagnostics::sorted(unknown));
    }
    let views = std::sync::Arc::new(render::views::Views::new(&site));
    timer.lap("views");
    let tera = render::compile(&templates, &views).map_err(Diagnostics::sorted)?;
    let scope = if options.preview { render::Scope::AllButPrint } else { render::Scope::All };
    let destination = match destination {
        render::Destination::Disk { staging, .. } => {
            // The search index is made from the pages' HTML; without one they need not stay.
            render::Destination::Disk { staging, keep_pages: site.config.search.enabled }
        }
        memory => memory,
    };
    let (mut outputs, mut diagnostics) = render::render_outputs(&site, &templates, &tera, &views, scope, destination);
    let mut deferred = std::collections::BTreeSet::new();
    if options.preview && templates.files.contains_key(render::print::TEMPLATE) {
        deferred.insert(render::output_file(render::print::PATH));
    }
    timer.lap("render");
    if site.highlighted {
        for (file, theme) in [
            ("syntax-light.css", &site.config.markdown.highlight_theme_light),
            ("syntax-dark.css", &site.config.markdown.highlight_theme_dark),
        ] {
            match markdown::highlight::stylesheet(theme) {
                Ok(css) => outputs.push(Output {
                    path: file.into(),
                    body: output::Body::Bytes(css.into()),
                    deps: Default::default(),
                }),
                Err(m) => diagnostics.push(Diagnostic::file("site.toml", m)),
            }
        }
    }
    let (files, static_warnings) = output::static_files(root, site.config.theme.as_deref());
    outputs.extend(files);
    outputs.extend(assets(&site));
    timer.lap("static");
    let wide = if !diagnostics.is_empty() {
        Ok(Vec::new())
    } else if options.preview {
        Ok(feeds(&site))
    } else {
        site_wide(&site, &outputs)
    };
    let site_wide = match wide {
        Ok(wide) => {
            let paths = wide.iter().map(|o| o.path.clone()).collect();
            outputs.extend(wide);
            paths
        }
        Err(d) => {
            diagnostics.push(d);
            Default::default()
        }
    };
    diagnostics.extend(output::check_paths(root, &outputs));
    diagnostics.extend(output::check_collisions(root, &outputs));
    if !diagnostics.is_empty() {
        return Err(Diagnostics::sorted(diagnostics));
    }
    // What the build went on without (symbolic links out of the site left out), beside the
    // entity-name warnings: `dossier build` prints them with its figures, `dossier check` lists them.
    report.warnings.extend(site.content.warnings.iter().chain(&templates.warnings).cloned().chain(static_warnings));
    report.warnings.sort();
    Ok(Built { site, templates, views, outputs, report, site_wide, deferred })
}

/// The outputs made from the whole rendered site: the Atom feed of dated pages, the sitemap,
/// robots.txt, CNAME (with `[publish] cname`) and the search index of every page and section
/// (unless `[search] enabled = false`).
pub fn site_wide(site: &Site, outputs: &[Output]) -> Result<Vec<Output>, Diagnostic> {
    let mut made = feeds(site);
    made.extend(search_index(site, outputs)?);
    Ok(made)
}

/// The Atom feed, sitemap, robots.txt and CNAME.
pub fn feeds(site: &Site) -> Vec<Output> {
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

    let texts: Vec<String> = content.pages.iter().zip(&site.pages).map(|(p, r)| summary_text(p, r)).collect();
    let mut entries: Vec<output::feed::Entry> = content
        .pages
        .iter()
        .zip(&texts)
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
    made.push(named("atom.xml", text(output::feed::atom(config, &mut entries))));

    let mut urls: Vec<(String, Option<crate::dossier::date::PartialDate>)> =
        content.sections.iter().map(|s| (s.path.clone(), None)).collect();
    urls.extend(content.pages.iter().map(|p| (p.path.clone(), p.updated.or(p.date))));
    for taxonomy in &site.taxonomies {
        urls.push((format!("/{}/", taxonomy.name), None));
        urls.extend(taxonomy.terms.keys().map(|slug| (format!("/{}/{slug}/", taxonomy.name), None)));
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
pub fn search_index(site: &Site, outputs: &[Output]) -> Result<Vec<Output>, Diagnostic> {
    let mut timer = Timer::new();
    let (config, content) = (&site.config, &site.content);
    let mut made = Vec::new();
    if config.search.enabled {
        let bundle = output::search::index(&config.language, search_documents(content, outputs)).map_err(|m| {
            Diagnostic::file("site.toml", m).with_hint("turn the search index off with `[search] enabled = false`")
        })?;
        made.extend(bundle);
        timer.lap("search");
    }
    Ok(made)
}

/// The rendered pages and sections the search index is made of.
pub fn search_documents(content: &content::Content, outputs: &[Output]) -> Vec<output::search::Document> {
    let by_path: HashMap<&str, &Output> = outputs.iter().map(|o| (o.path.as_str(), o)).collect();
    let paths = content.sections.iter().map(|s| &s.path).chain(content.pages.iter().map(|p| &p.path));
    paths
        .filter_map(|path| match &by_path.get(render::output_file(path).as_str())?.body {
            output::Body::Bytes(html) => Some(output::search::Document { path: path.clone(), html: html.clone() }),
            output::Body::Copy(_) | output::Body::Written => None,
        })
        .collect()
}

/// What a feed reader shows under a page's title: its description, or the text of its summary.
fn summary_text(page: &content::Page, rendered: &Rendered) -> String {
    if let Some(description) = &page.meta.description {
        return description.clone();
    }
    rendered.summary.as_deref().map(strip_tags).unwrap_or_default()
}

/// The text of an HTML fragment: tags dropped, the common entities decoded, space collapsed.
fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    let text = text.replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Colocated files of bundles and sections, copied beside their page.
fn assets(site: &Site) -> Vec<Output> {
    let pages = site.content.pages.iter().map(|p| (&p.path, &p.assets, &p.rel));
    let sections = site.content.sections.iter().map(|s| (&s.path, &s.assets, &s.rel));
    let mut outputs = Vec::new();
    for (path, assets, rel) in pages.chain(sections) {
        for asset in assets {
            let mut out = output::copy(format!("{}{}", path.trim_start_matches('/'), asset.name), asset.file.clone());
            out.deps.content.insert(rel.clone());
            outputs.push(out);
        }
    }
    outputs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> BuildOptions {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite/fixtures/basic");
        BuildOptions { root, ..Default::default() }
    }

    /// `dossier build` writes as it goes, reads bodies twice and keeps HTML in a temporary file;
    /// what it writes must be what the build in memory (the live preview's) makes.
    #[test]
    fn a_build_written_as_it_goes_equals_the_build_in_memory() {
        let shipped = BuildOptions { root: PathBuf::from(env!("CARGO_MANIFEST_DIR")), ..Default::default() };
        for options in [fixture(), shipped] {
            let (outputs, _) = build(&options).unwrap();
            let dir = tempfile::tempdir().unwrap();
            let out_dir = dir.path().join("public");
            // The cache in the temporary folder too: the test writes nothing into the sources.
            let placement =
                output::Placement { cache: dir.path().join("cache"), ..output::Placement::new(&options.root, false) };
            let staging = output::Staging::new(&out_dir, &placement).unwrap();
            let streamed = build_into(&options, &staging).unwrap().outputs;
            assert!(
                streamed.iter().any(|o| matches!(o.body, output::Body::Written)),
                "pages are written as they are rendered"
            );
            staging.finish(&streamed).unwrap();
            let mut written: Vec<String> = walkdir::WalkDir::new(&out_dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.path().strip_prefix(&out_dir).unwrap().to_string_lossy().replace('\\', "/"))
                .collect();
            written.sort();
            let mut expected: Vec<String> = outputs.iter().map(|o| o.path.clone()).collect();
            expected.sort();
            assert_eq!(written, expected, "{}", options.root.display());
            for o in &outputs {
                let want = match &o.body {
                    output::Body::Bytes(b) => b.to_vec(),
                    output::Body::Copy(file) => std::fs::read(file).unwrap(),
                    output::Body::Written => unreachable!("built in memory"),
                };
                let got = std::fs::read(out_dir.join(&o.path)).unwrap();
                assert!(got == want, "{} differs from the build in memory", o.path);
            }
        }
    }

    #[test]
    fn outputs_record_what_they_were_made_from() {
        let (outputs, _) = build(&fixture()).unwrap();
        let deps = |path: &str| {
            let output = outputs.iter().find(|o| o.path == path).unwrap_or_else(|| panic!("no {path}"));
            let content: Vec<&str> = output.deps.content.iter().map(String::as_str).collect();
            let templates: Vec<&str> = output.deps.templates.iter().map(String::as_str).collect();
            (content, templates)
        };
        // A page: itself, its next neighbour (whose title it shows), the root section the base
        // template looks up with get_section; its template and the one it extends.
        assert_eq!(
            deps("overview/index.html"),
            (vec!["_index.md", "bundle/index.md", "overview.md"], vec!["base.html", "page.html"])
        );
        // A section lists its pages.
        assert_eq!(deps("notes/index.html").0, ["_index.md", "notes/_index.md", "notes/a.md", "notes/b.md"]);
        // A term page depends on the taxonomy as a whole.
        assert_eq!(deps("actors/拜登/index.html").0, ["_index.md", "notes/b.md", "overview.md", "taxonomy:actors"]);
        assert_eq!(deps("old-bundle/index.html").0, ["bundle/index.md"]);
        assert_eq!(deps("bundle/photo.txt").0, ["bundle/index.md"]);
    }
}
