//! The build: the one place that sequences the stages, from the files on disk to the outputs.
//!
//! [`load`] makes the [`Site`] (config, content, bodies, checks); then the templates are compiled
//! with the site's views, every output is rendered in parallel (`render`), static files, assets
//! and the site-wide outputs join them (`output`). Each stage returns its diagnostics; the build
//! fails at the end with all of them. There are three entries: [`build_all`] keeps everything in
//! memory (the live preview, `dossier check`), [`build_into`] writes each output as it is made
//! (`dossier build`), and [`update`] brings a kept [`Built`] up to date with a list of [`Change`]s.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Timer};
use crate::markdown;
use crate::output::{self, Output};
use crate::render::{self, LiveViews, Templates};
use crate::site::{Keep, Site};

mod load;
mod update;

pub(crate) use load::Tools;
pub(crate) use update::{Change, Deferred, Update, render_deferred, render_search, update};

/// What to build.
#[derive(Debug, Clone, Default)]
pub(crate) struct BuildOptions {
    /// The site's root: the folder holding `site.toml`.
    pub(crate) root: PathBuf,
    /// Replaces `base_url` from `site.toml`.
    pub(crate) base_url: Option<String>,
    pub(crate) include_drafts: bool,
    /// For the live preview: leave out the search index (the preview makes it on a thread of its
    /// own) and the print document (made when the preview is idle, see [`render_deferred`]), so
    /// that neither holds back the first page or an edit on a large site.
    pub(crate) preview: bool,
    /// The site's cache folder (the social cards drawn before); `.dossier-cache/` in the root
    /// when not given.
    pub(crate) cache: Option<PathBuf>,
}

impl BuildOptions {
    fn cache(&self) -> PathBuf {
        self.cache.clone().unwrap_or_else(|| output::Placement::new(&self.root).cache)
    }
}

/// Read `site.toml`, applying the options' overrides.
pub(crate) fn load_config(options: &BuildOptions) -> Result<Config, Vec<Diagnostic>> {
    let display = |mut d: Diagnostic| {
        d.path = crate::diag::display_path(&options.root, &d.path);
        d
    };
    let mut config = Config::load(&options.root).map_err(|all| all.into_iter().map(display).collect::<Vec<_>>())?;
    config.warnings = config.warnings.drain(..).map(display).collect();
    if let Some(url) = &options.base_url {
        config.set_base_url(url).map_err(|m| vec![Diagnostic::file("--base-url", m)])?;
    }
    Ok(config)
}

/// What a build made, besides its files: figures for the terminal.
#[derive(Debug, Clone, Default)]
pub(crate) struct Report {
    pub(crate) pages: usize,
    pub(crate) entities: usize,
    pub(crate) events: usize,
    /// How much of each source the pages cite, in the site's order (empty without a source).
    pub(crate) coverage: Vec<SourceCoverage>,
    /// Problems that do not stop the build, sorted.
    pub(crate) warnings: Vec<Diagnostic>,
    /// Resized copies of images (`processed_images/`), and how many of them were encoded now
    /// (the others came from the cache).
    pub(crate) images: usize,
    pub(crate) images_encoded: usize,
}

/// How much of one source the pages cite.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub(crate) struct SourceCoverage {
    /// Its name (`src="…"`).
    pub(crate) source: String,
    /// Its file, `content/source.md`.
    pub(crate) path: String,
    /// Its numbered paragraphs.
    pub(crate) paragraphs: usize,
    pub(crate) cited: usize,
    /// Its paragraphs no page cites.
    pub(crate) uncited: Vec<u32>,
    #[serde(skip)]
    pub(crate) is_default: bool,
}

/// `37 of 37 paragraphs cited (100%)`, then the paragraphs not cited.
impl std::fmt::Display for SourceCoverage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let percent = self.cited * 100 / self.paragraphs.max(1);
        write!(f, "{} of {} paragraphs cited ({percent}%)", self.cited, self.paragraphs)?;
        if !self.uncited.is_empty() {
            let list: Vec<String> = self.uncited.iter().map(|n| format!("¶{n}")).collect();
            write!(f, "; not cited: {}", list.join(" "))?;
        }
        Ok(())
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} pages, {} entities, {} timeline events", self.pages, self.entities, self.events)?;
        if self.images > 0 {
            let cached = self.images - self.images_encoded;
            write!(f, ", {} resized images ({} made, {cached} from the cache)", self.images, self.images_encoded)?;
        }
        let several = self.coverage.len() > 1;
        for (k, c) in self.coverage.iter().enumerate() {
            let name = if several { format!("`{}` ", c.source) } else { String::new() };
            let lead = if k == 0 { "; source coverage: " } else { "; " };
            write!(f, "{lead}{name}{c}")?;
        }
        for warning in &self.warnings {
            write!(f, "\n{}", warning.as_warning())?;
        }
        Ok(())
    }
}

/// A complete build kept in memory: the site and the tools, templates and views it was rendered
/// with, and every output. The live preview keeps one and [`update`]s it; `dossier build` writes
/// its outputs.
pub(crate) struct Built {
    site: Site,
    tools: Tools,
    templates: Templates,
    /// The views the compiled templates read; an update swaps refreshed views in.
    views: LiveViews,
    /// The templates compiled with the site's functions: compiled again only when a template changes.
    tera: tera::Tera,
    outputs: Vec<Output>,
    /// Output path -> its place in `outputs`.
    at: HashMap<String, usize>,
    report: Report,
    /// Paths of the outputs made from the whole rendered site (feed, sitemap, search index), made
    /// again after every update.
    site_wide: BTreeSet<String>,
    /// Outputs an update left out of date on purpose, to be made when the preview is idle (the
    /// whole-dossier print document, the cards not drawn yet).
    deferred: BTreeSet<String>,
    /// The site's cache folder (where drawn cards are kept).
    cache: std::path::PathBuf,
}

impl Built {
    pub(crate) fn site(&self) -> &Site {
        &self.site
    }

    /// The tools the bodies were rendered with.
    pub(crate) fn tools(&self) -> &Tools {
        &self.tools
    }

    /// The template sources the site was rendered with.
    pub(crate) fn templates(&self) -> &Templates {
        &self.templates
    }

    pub(crate) fn outputs(&self) -> &[Output] {
        &self.outputs
    }

    pub(crate) fn report(&self) -> &Report {
        &self.report
    }

    /// Whether some outputs wait for [`render_deferred`].
    pub(crate) fn has_deferred(&self) -> bool {
        !self.deferred.is_empty()
    }

    /// The output at `path`.
    pub(crate) fn output(&self, path: &str) -> Option<&Output> {
        self.at.get(path).map(|&i| &self.outputs[i])
    }

    /// Put `fresh` in place of the output at its path, or add it.
    fn put(&mut self, fresh: Output) {
        match self.at.get(&fresh.path) {
            Some(&i) => self.outputs[i] = fresh,
            None => {
                self.at.insert(fresh.path.clone(), self.outputs.len());
                self.outputs.push(fresh);
            }
        }
    }

    /// Keep only the outputs `keep` accepts.
    fn retain(&mut self, keep: impl Fn(&Output) -> bool) {
        self.outputs.retain(keep);
        self.at = positions(&self.outputs);
    }
}

fn positions(outputs: &[Output]) -> HashMap<String, usize> {
    outputs.iter().enumerate().map(|(i, o)| (o.path.clone(), i)).collect()
}

/// Build every output of the site in memory.
pub(crate) fn build(options: &BuildOptions) -> Result<(Vec<Output>, Report), Diagnostics> {
    build_all(options).map(|built| (built.outputs, built.report))
}

/// Build the site into `staging`, writing each output as soon as it is made (what `dossier build`
/// does: a large site is never held whole in memory). The build's outputs are those still to be
/// written (static files, feeds, …) and, as `Body::Written`, those already written; hand them to
/// [`output::Staging::finish`].
pub(crate) fn build_into(options: &BuildOptions, staging: &output::Staging) -> Result<Built, Diagnostics> {
    build_with(options, render::Destination::Disk { staging, keep_pages: true })
}

/// Build every output of the site in memory, keeping everything it was made from.
pub(crate) fn build_all(options: &BuildOptions) -> Result<Built, Diagnostics> {
    build_with(options, render::Destination::Memory)
}

fn build_with(options: &BuildOptions, destination: render::Destination) -> Result<Built, Diagnostics> {
    let keep = if matches!(destination, render::Destination::Memory) { Keep::InMemory } else { Keep::Spilled };
    let (site, tools) = load::load(options, keep)?;
    let mut report = Report {
        pages: site.content.pages.len() + site.content.sections.len(),
        entities: site.entities.len(),
        events: site.timeline.len(),
        coverage: site
            .sources
            .iter()
            .map(|s| SourceCoverage {
                source: s.name.clone(),
                path: site.content.pages[s.page].source.display.display().to_string(),
                paragraphs: s.provenance.paragraphs,
                cited: s.provenance.paragraphs - s.provenance.uncited().len(),
                uncited: s.provenance.uncited(),
                is_default: s.is_default,
            })
            .collect(),
        warnings: Diagnostics::sorted(site.warnings.clone()).0,
        ..Report::default()
    };
    let root = &options.root;
    let templates = render::templates::load(root, site.config.theme.as_deref()).map_err(Diagnostics::sorted)?;
    let mut timer = Timer::new();
    let unknown = render::check_template_names(&site, &templates);
    if !unknown.is_empty() {
        return Err(Diagnostics::sorted(unknown));
    }
    // The files that are not rendered come first: templates link to assets by their hashed names.
    let mut support_errors = Vec::new();
    // Beside the views, which do not need the assets' names until the end.
    let ((files, assets, static_warnings), views) = rayon::join(
        || support_files(root, &site, options.preview, &mut support_errors),
        || render::views::Views::new(&site, tools.hrefs()),
    );
    let views = LiveViews::new(views.with_assets(assets));
    timer.lap("static and views");
    let tera = render::compile(
        &templates,
        &views,
        &render::functions::Setup { root, config: &site.config, images: tools.images() },
    )
    .map_err(Diagnostics::sorted)?;
    let scope = if options.preview { render::Scope::AllButPrint } else { render::Scope::All };
    let destination = match destination {
        render::Destination::Disk { staging, .. } => {
            // The search index is made from the pages' HTML; without one they need not stay.
            render::Destination::Disk { staging, keep_pages: site.config.any_search() }
        }
        memory => memory,
    };
    let (mut outputs, mut diagnostics) = render::render_outputs(&site, &templates, &tera, &views, scope, destination);
    diagnostics.extend(support_errors);
    let mut deferred = BTreeSet::new();
    if options.preview && templates.files.contains_key(render::print::TEMPLATE) {
        deferred.extend(render::print::paths(&site.config).iter().map(|p| crate::path::index_file(p)));
    }
    timer.lap("render");
    if diagnostics.is_empty() {
        // The copies templates and bodies asked for, now that every one is known.
        let images = tools.images();
        let (processed, problems) = images.process(&Default::default());
        diagnostics.extend(problems);
        (report.images, report.images_encoded) = (processed.outputs.len(), processed.encoded);
        outputs.extend(processed.outputs);
        images.prune();
        timer.lap("images");
    }
    outputs.extend(files);
    if templates.read_field("card") {
        // The preview serves its first page without waiting for the cards never drawn before
        // (ten thousand take half a minute); they follow when it is idle.
        let drawing = if options.preview { output::card::Drawing::Later } else { output::card::Drawing::All };
        let (cards, later, errors) = output::card::outputs(&site, &options.cache(), drawing);
        outputs.extend(cards);
        deferred.extend(later);
        diagnostics.extend(errors);
        timer.lap("cards");
    }
    let wide = if !diagnostics.is_empty() {
        Ok(Vec::new())
    } else if options.preview {
        Ok(output::feeds(&site))
    } else {
        output::site_wide(&site, &mut outputs)
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
    report.warnings.extend(
        site.config
            .warnings
            .iter()
            .chain(&site.content.warnings)
            .chain(&templates.warnings)
            .cloned()
            .chain(static_warnings),
    );
    report.warnings.sort();
    let at = positions(&outputs);
    Ok(Built { site, tools, templates, views, tera, outputs, at, report, site_wide, deferred, cache: options.cache() })
}

/// The outputs that are not rendered: the syntax stylesheets (when some code was highlighted),
/// static files and the colocated files of bundles and sections; what each asset's hashed name is
/// (none in the live `preview`, whose stylesheets are swapped in place as they are saved and are
/// served as written); and the static walk's warnings.
fn support_files(
    root: &std::path::Path,
    site: &Site,
    preview: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Output>, std::collections::BTreeMap<String, String>, Vec<Diagnostic>) {
    let mut outputs = Vec::new();
    if site.highlighted {
        let markdown = &site.config.markdown;
        let css = markdown::highlight::stylesheets([&markdown.highlight_theme_light, &markdown.highlight_theme_dark]);
        for (file, css) in ["syntax-light.css", "syntax-dark.css"].into_iter().zip(css) {
            match css {
                Ok(css) => outputs.push(Output {
                    path: file.into(),
                    body: output::Body::Bytes(css.into()),
                    deps: Default::default(),
                }),
                Err(m) => diagnostics.push(Diagnostic::file("site.toml", m)),
            }
        }
    }
    let (files, mut warnings) = output::static_files(root, site.config.theme.as_deref());
    outputs.extend(files);
    let sass = output::sass::compile(root, site.config.theme.as_deref(), site.config.compile_sass);
    outputs.extend(sass.outputs);
    diagnostics.extend(sass.errors);
    warnings.extend(sass.warnings);
    let mut names = std::collections::BTreeMap::new();
    if !preview {
        let (renamed, hashed, errors) = output::fingerprint(outputs, &site.config.base_path);
        outputs = renamed;
        names = hashed;
        diagnostics.extend(errors);
    }
    // A bundle's files keep their names: its Markdown links to them as they are.
    outputs.extend(assets(site));
    (outputs, names, warnings)
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
            let dir = tempfile::tempdir().unwrap();
            let options = BuildOptions { cache: Some(dir.path().join("cache")), ..options };
            let (outputs, _) = build(&options).unwrap();
            let out_dir = dir.path().join("public");
            // The cache in the temporary folder too: the test writes nothing into the sources.
            let placement =
                output::Placement { cache: dir.path().join("cache"), ..output::Placement::new(&options.root) };
            let staging = output::Staging::new(&out_dir, &placement).unwrap();
            let streamed = build_into(&options, &staging).unwrap().outputs;
            assert!(
                streamed.iter().any(|o| matches!(o.body, output::Body::Written)),
                "pages are written as they are rendered"
            );
            // With search on, each page the index reads is handed over to it, not held beside it.
            let held: Vec<&str> =
                streamed.iter().filter(|o| matches!(o.body, output::Body::Kept(_))).map(|o| o.path.as_str()).collect();
            assert!(held.is_empty(), "{}: pages still held after indexing: {held:?}", options.root.display());
            staging.finish(&streamed).unwrap();
            let mut written: Vec<String> = walkdir::WalkDir::new(&out_dir)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| crate::walk::relative(e.path(), &out_dir).unwrap())
                .collect();
            written.sort();
            let mut expected: Vec<String> = outputs.iter().map(|o| o.path.clone()).collect();
            expected.sort();
            assert_eq!(written, expected, "{}", options.root.display());
            for o in &outputs {
                let want = match &o.body {
                    output::Body::Bytes(b) => b.to_vec(),
                    output::Body::Copy(file) => std::fs::read(file).unwrap(),
                    output::Body::Written | output::Body::Kept(_) => unreachable!("built in memory"),
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
