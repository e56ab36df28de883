//! The content tree: reads `content/`, parses front matter, and builds sections and pages.
//!
//! Only this module reads content files. It hands on a `Content`: every page and section with its
//! parsed front matter, its body, its URL path, its place in the tree and its order in its section.
//! Markdown is not rendered here; that is the `markdown` stage's job, once every URL is known.

pub(crate) mod date;
pub mod front_matter;
mod order;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, display_path};
use crate::walk::{self, is_ignored};
use date::{PartialDate, date_from_toml};
use front_matter::{PageFrontMatter, SectionFrontMatter, SortBy};
pub(crate) use order::reading_order;

/// A content file's text and where its body begins, shared by the stages that report positions.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// The path shown in diagnostics (`content/overview.md`).
    pub(crate) display: PathBuf,
    /// The file's text; only its front matter once the body is let go ([`LoadOptions::forget_bodies`]).
    pub(crate) text: Arc<str>,
    /// Where to read the body again once it was let go.
    pub(crate) forgotten: Option<PathBuf>,
    /// Byte offset where the front matter's TOML starts.
    pub(crate) toml_start: usize,
    pub(crate) body_start: usize,
}

impl Source {
    pub(crate) fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// Let go of the body's text (a build of a large site would otherwise hold every file at once);
    /// the front matter stays, for diagnostics that point into it. [`Source::with_body`] reads the
    /// body again from `file`.
    /// This source with its body: itself, or the file read again if its body was let go. The file
    /// must still begin with the front matter read before.
    pub(crate) fn with_body(&self) -> Result<std::borrow::Cow<'_, Source>, Diagnostic> {
        let Some(file) = &self.forgotten else { return Ok(std::borrow::Cow::Borrowed(self)) };
        let changed = || {
            Diagnostic::new(&self.display, 1, 1, "the file changed while the site was being built")
                .with_hint("build again once the file is saved")
        };
        let text = std::fs::read(file).ok().and_then(|bytes| string_from_utf8(bytes).ok()).ok_or_else(changed)?;
        if !text.starts_with(&*self.text) {
            return Err(changed());
        }
        Ok(std::borrow::Cow::Owned(Source { text: Arc::from(text), forgotten: None, ..self.clone() }))
    }

    /// The TOML between the front matter's fences (empty if they no longer split).
    pub(crate) fn front_matter(&self) -> &str {
        front_matter::split(&self.display, &self.text).map(|s| s.toml).unwrap_or_default()
    }

    /// A diagnostic at a byte offset of the body.
    pub(crate) fn error_in_body(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.display, &self.text, self.body_start + offset, message)
    }

    /// A diagnostic at a byte offset of the front matter's TOML (a `toml::Spanned` span).
    pub(crate) fn error_in_toml(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.display, &self.text, self.toml_start + offset, message)
    }

    /// A diagnostic at the front matter line that starts with `key`, or at the front matter's start.
    pub(crate) fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let toml = &self.text[self.toml_start..self.body_start];
        let offset = toml.match_indices(key).find(|(i, _)| toml[..*i].ends_with('\n') || *i == 0).map_or(0, |(i, _)| i);
        self.error_in_toml(offset, message)
    }

    /// A diagnostic at the first occurrence of `needle` in the file (a front matter key, say), or at
    /// line 1 if it is not there.
    pub(crate) fn error_at(&self, needle: &str, message: impl Into<String>) -> Diagnostic {
        let offset = self.text.find(needle).unwrap_or(0);
        Diagnostic::at(&self.display, &self.text, offset, message)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// Path relative to `content/` with `/` separators: the name `@/` links use.
    pub(crate) rel: String,
    pub(crate) source: Source,
    pub(crate) meta: PageFrontMatter,
    pub(crate) date: Option<PartialDate>,
    pub(crate) updated: Option<PartialDate>,
    /// The URL path below the base path, `/overview/`.
    pub(crate) path: String,
    pub(crate) slug: String,
    /// Index of the section the page belongs to.
    pub(crate) parent: usize,
    /// Colocated files of a page bundle (`page/index.md` + files), copied beside the page.
    pub(crate) assets: Vec<Asset>,
}

#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub(crate) rel: String,
    pub(crate) source: Source,
    pub(crate) meta: SectionFrontMatter,
    pub(crate) path: String,
    pub(crate) parent: Option<usize>,
    /// Indices into [`Content::pages`], in the section's sort order.
    pub(crate) pages: Vec<usize>,
    pub(crate) subsections: Vec<usize>,
    /// Non-Markdown files in the section's folder, copied beside it.
    pub(crate) assets: Vec<Asset>,
}

/// A file that is copied beside its page or section.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// Path relative to the page's folder, `/`-separated: `photo.jpg`, `img/map.png`.
    pub(crate) name: String,
    pub(crate) file: PathBuf,
}

/// Every page and section of the site. Section 0 is the root (`content/_index.md`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Content {
    pub(crate) pages: Vec<Page>,
    pub(crate) sections: Vec<Section>,
    /// `rel` -> where to find it.
    pub(crate) by_rel: HashMap<String, Item>,
    /// Files that exist but could not be loaded (their problem is already reported): links to
    /// them are not reported again.
    pub(crate) unreadable: std::collections::HashSet<String>,
    /// What the build goes on without but the user should hear of (links leaving the site).
    pub(crate) warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Item {
    Page(usize),
    Section(usize),
}

/// What to load.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoadOptions {
    pub(crate) include_drafts: bool,
    /// Keep only the front matter of each file; the body is read again when it is rendered
    /// ([`Source::with_body`]). `dossier build` does, so that a large site is not held whole.
    pub(crate) forget_bodies: bool,
}

/// A file found by the walk, before parsing.
struct Found {
    file: PathBuf,
    rel: String,
    kind: FoundKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FoundKind {
    Section,
    Page,
    /// `dir/index.md`: a page whose folder holds its assets.
    Bundle,
}

/// Read every content file below `root/content`. Problems are returned beside whatever loaded.
pub(crate) fn load(root: &Path, options: &LoadOptions) -> (Content, Vec<Diagnostic>) {
    let content_dir = root.join("content");
    let mut diagnostics = Vec::new();
    let mut warnings = Vec::new();
    let (found, mut assets) = walk(root, &content_dir, &mut diagnostics, &mut warnings);

    let parsed: Vec<Result<Parsed, Diagnostic>> = found.par_iter().map(|f| parse_file(root, f, options)).collect();
    let mut sections: Vec<(String, Source, SectionFrontMatter)> = Vec::new();
    let mut pages: Vec<(String, Source, PageFrontMatter, FoundKind)> = Vec::new();
    let mut unreadable = Vec::new();
    for (item, result) in found.iter().zip(parsed) {
        match result {
            Ok(Parsed::Section(source, meta)) => sections.push((item.rel.clone(), source, meta)),
            Ok(Parsed::Page(source, meta)) => pages.push((item.rel.clone(), source, *meta, item.kind)),
            Err(d) => {
                unreadable.push(item.rel.clone());
                diagnostics.push(d);
            }
        }
    }

    let mut content = Content { unreadable: unreadable.into_iter().collect(), warnings, ..Content::default() };
    let display_root = display_path(root, &content_dir.join("_index.md"));
    let section_by_dir = add_sections(&mut content, sections, display_root, &mut assets, options, &mut diagnostics);
    add_pages(&mut content, pages, &section_by_dir, &mut assets, options, &mut diagnostics);

    check_unique_paths(&content, &mut diagnostics);
    sort_sections(&mut content);
    (content, diagnostics)
}

/// Add the sections (the root section even without `content/_index.md`, shown as `display_root`)
/// to `content` with the assets of their folder, leaving out drafts unless asked; their folder ->
/// their index.
fn add_sections(
    content: &mut Content,
    mut sections: Vec<(String, Source, SectionFrontMatter)>,
    display_root: PathBuf,
    assets: &mut HashMap<String, Vec<Asset>>,
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, usize> {
    // The root section always exists, even without `content/_index.md`.
    if !sections.iter().any(|(rel, ..)| rel == "_index.md") {
        sections.push((
            "_index.md".into(),
            Source { display: display_root, text: Arc::from(""), forgotten: None, toml_start: 0, body_start: 0 },
            SectionFrontMatter::default(),
        ));
    }
    sections.sort_by_key(|(rel, ..)| (rel != "_index.md", rel.clone()));
    let mut section_by_dir: HashMap<String, usize> = HashMap::new();
    for (rel, source, meta) in sections {
        if meta.draft && !options.include_drafts {
            continue;
        }
        let dir = parent_dir(&rel).to_string();
        let path = if dir.is_empty() { "/".to_string() } else { format!("/{dir}/") };
        diagnostics.extend(folder_problem(&source, &dir, &path));
        let index = content.sections.len();
        let parent = ancestor_section(&section_by_dir, &dir);
        content.sections.push(Section {
            rel: rel.clone(),
            source,
            meta,
            path,
            parent,
            pages: Vec::new(),
            subsections: Vec::new(),
            assets: assets.remove(&dir).unwrap_or_default(),
        });
        if let Some(p) = parent {
            content.sections[p].subsections.push(index);
        }
        section_by_dir.insert(dir, index);
        content.by_rel.insert(rel, Item::Section(index));
    }
    section_by_dir
}

/// Add the pages to `content`, each to its section, leaving out drafts unless asked and pages
/// whose slug or dates are wrong (reported).
fn add_pages(
    content: &mut Content,
    pages: Vec<(String, Source, PageFrontMatter, FoundKind)>,
    section_by_dir: &HashMap<String, usize>,
    assets: &mut HashMap<String, Vec<Asset>>,
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (rel, source, meta, kind) in pages {
        let bundle = kind == FoundKind::Bundle;
        if meta.draft && !options.include_drafts {
            continue;
        }
        let dir = parent_dir(&rel).to_string();
        // A bundle `a/b/index.md` is the page `b` of the section holding `a/`.
        let (page_dir, stem) = if bundle {
            let (d, name) = dir.rsplit_once('/').unwrap_or(("", dir.as_str()));
            (d.to_string(), name.to_string())
        } else {
            let file = rel.rsplit('/').next().unwrap_or(&rel);
            (dir.clone(), file.trim_end_matches(".md").to_string())
        };
        let slug = meta.slug.clone().unwrap_or(stem);
        if let Err(why) = crate::path::segment(&slug) {
            diagnostics.push(
                source
                    .error_at_key("slug", format!("the slug `{}` cannot be used in a URL: {why}", slug.escape_debug()))
                    .with_hint(
                        "a slug is one URL segment: words and `-`, not `.` or `..`, no `/`, `\\`, `:`, `?` or `#`",
                    ),
            );
            // Its own problem is reported; links to it are not reported again.
            content.unreadable.insert(rel);
            continue;
        }
        let parent = owning_section(section_by_dir, &page_dir).unwrap_or(0);
        let path = format!("{}{slug}/", content.sections[parent].path);
        let path = if page_dir.is_empty() || section_by_dir.contains_key(&page_dir) {
            path
        } else {
            let path = format!("/{page_dir}/{slug}/");
            diagnostics.extend(folder_problem(&source, &page_dir, &path));
            path
        };
        let (date, updated) = match (page_date(&source, &meta.date), page_date(&source, &meta.updated)) {
            (Ok(d), Ok(u)) => (d, u),
            (d, u) => {
                diagnostics.extend(d.err());
                diagnostics.extend(u.err());
                // Left out like a file that does not parse: links to it are not reported again.
                content.unreadable.insert(rel);
                continue;
            }
        };
        let index = content.pages.len();
        content.pages.push(Page {
            rel: rel.clone(),
            assets: if bundle { assets.remove(&dir).unwrap_or_default() } else { Vec::new() },
            source,
            meta,
            date,
            updated,
            path,
            slug,
            parent,
        });
        content.sections[parent].pages.push(index);
        content.by_rel.insert(rel, Item::Page(index));
    }
}

enum Parsed {
    Section(Source, SectionFrontMatter),
    Page(Source, Box<PageFrontMatter>),
}

/// Content files larger than this are refused: no one writes a page this long, and reading a stray
/// video or database dump named `.md` would only exhaust memory.
const MAX_FILE_BYTES: u64 = 32 << 20;

/// Read and parse one content file; with `forget_bodies`, its source keeps only the front matter
/// and where to read the rest again ([`Source::with_body`]).
fn parse_file(root: &Path, found: &Found, options: &LoadOptions) -> Result<Parsed, Diagnostic> {
    let display = display_path(root, &found.file);
    let text = read_text(&found.file).map_err(|why| why.diagnostic(&display))?;
    let split = front_matter::split(&display, &text)?;
    let (toml_start, body_start) = (split.toml_start, split.body_start);
    let source = |text: String| Source {
        display: display.clone(),
        text: if options.forget_bodies { Arc::from(&text[..body_start]) } else { Arc::from(text) },
        forgotten: options.forget_bodies.then(|| found.file.clone()),
        toml_start,
        body_start,
    };
    if found.kind == FoundKind::Section {
        let meta = front_matter::parse(&display, &text, &split)?;
        Ok(Parsed::Section(source(text), meta))
    } else {
        let meta: PageFrontMatter = front_matter::parse(&display, &text, &split)?;
        let source = source(text);
        if meta.title.trim().is_empty() {
            return Err(source
                .error_at_key("title", "the title is empty")
                .with_hint("every page needs a title: it is the page's heading and its name in lists and search"));
        }
        Ok(Parsed::Page(source, Box::new(meta)))
    }
}

/// Why a content file could not be read as text.
enum Unreadable {
    Io(std::io::Error),
    TooLarge(u64),
    NotUtf8 { valid: String, offset: usize },
}

impl Unreadable {
    fn diagnostic(self, display: &Path) -> Diagnostic {
        match self {
            Unreadable::Io(e) => Diagnostic::new(display, 1, 1, format!("cannot read the file: {e}")).with_hint(
                "the file vanished or cannot be opened while building; check that it exists and is readable",
            ),
            Unreadable::TooLarge(size) => Diagnostic::new(
                display,
                1,
                1,
                format!("the file is {} MiB; content files over {} MiB are refused", size >> 20, MAX_FILE_BYTES >> 20),
            )
            .with_hint("split it into several pages; large files that are not Markdown belong in static/"),
            Unreadable::NotUtf8 { valid, offset } => {
                Diagnostic::at(display, &valid, offset, "the file is not valid UTF-8")
                    .with_hint("save the file with UTF-8 encoding")
            }
        }
    }
}

/// The text of a content file, refused when too large or not UTF-8.
fn read_text(file: &Path) -> Result<String, Unreadable> {
    let size = std::fs::metadata(file).map_err(Unreadable::Io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Unreadable::TooLarge(size));
    }
    let bytes = std::fs::read(file).map_err(Unreadable::Io)?;
    string_from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default().to_string();
        Unreadable::NotUtf8 { valid, offset }
    })
}

/// Read one content file again, whole, as the live preview does after a save: `Ok(None)` when it
/// cannot be read (gone, too large, not UTF-8; a full [`load`] reports why), an error when its
/// front matter does not split.
pub(crate) fn read_source(root: &Path, rel: &str) -> Result<Option<Source>, Diagnostic> {
    let file = root.join("content").join(rel);
    let Ok(text) = read_text(&file) else { return Ok(None) };
    let display = display_path(root, &file);
    let split = front_matter::split(&display, &text)?;
    let (toml_start, body_start) = (split.toml_start, split.body_start);
    Ok(Some(Source { display, text: Arc::from(text), forgotten: None, toml_start, body_start }))
}

/// Walk `content/` in a stable order. Returns the Markdown files and, per folder (relative, `""`
/// for the root), the other files in it; links that leave the site are left out with a warning.
fn walk(
    root: &Path,
    content_dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<Found>, HashMap<String, Vec<Asset>>) {
    let mut found = Vec::new();
    let mut assets: HashMap<String, Vec<Asset>> = HashMap::new();
    let mut bundle_of: HashMap<String, Option<String>> = HashMap::new();
    let walked = walk::files(root, content_dir, is_ignored);
    warnings.extend(walked.warnings);
    for entry in walked.entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| display_path(root, p)).unwrap_or_else(|| "content".into());
                let diagnostic = match e.loop_ancestor() {
                    Some(ancestor) => Diagnostic::file(
                        &path,
                        format!(
                            "this link points back to {}, a folder it is in",
                            display_path(root, ancestor).display()
                        ),
                    )
                    .with_hint("remove the symbolic link, or point it outside its own folder"),
                    None => Diagnostic::file(&path, format!("cannot read: {e}"))
                        .with_hint("a symbolic link whose target is missing, or a folder without read permission"),
                };
                diagnostics.push(diagnostic);
                continue;
            }
        };
        let Some(rel) = crate::walk::relative(entry.path(), content_dir) else { continue };
        let dir = parent_dir(&rel).to_string();
        let name = entry.file_name().to_string_lossy();
        // Everything below a bundle's folder (one holding `index.md`) belongs to that bundle.
        if let Some(bundle) = bundle_root(content_dir, &dir, &mut bundle_of)
            && !(name == "index.md" && dir == bundle)
        {
            let name = rel.strip_prefix(&format!("{bundle}/")).unwrap_or(&rel).to_string();
            assets.entry(bundle).or_default().push(Asset { name, file: entry.path().to_path_buf() });
            continue;
        }
        let kind = match name.as_ref() {
            "_index.md" => FoundKind::Section,
            "index.md" if !dir.is_empty() => FoundKind::Bundle,
            n if n.ends_with(".md") => {
                warnings.extend(translation_warning(root, entry.path(), n));
                FoundKind::Page
            }
            _ => {
                let asset = Asset { name: name.to_string(), file: entry.path().to_path_buf() };
                assets.entry(dir).or_default().push(asset);
                continue;
            }
        };
        found.push(Found { file: entry.path().to_path_buf(), rel, kind });
    }
    (found, assets)
}

/// A warning for a file named like a translation in Zola's way (`page.fr.md`): languages are not
/// in site.toml yet, so it is built as a page of its own, and the warning says so.
fn translation_warning(root: &Path, file: &Path, name: &str) -> Option<Diagnostic> {
    let code = translation_code(name)?;
    let plain = format!("{}-{code}.md", &name[..name.len() - code.len() - ".md".len() - 1]);
    Some(
        Diagnostic::file(
            display_path(root, file),
            format!(
                "`{name}` looks like a translation into `{code}`, but translations need [languages.{code}] in \
                 site.toml, which this version of dossier does not have yet: it is built as a page of its own"
            ),
        )
        .with_hint(format!("if it is not a translation, name it without the language code, like {plain}")),
    )
}

/// The language code a Markdown file's name ends with before `.md`, as in `page.fr.md`: a BCP 47
/// language identifier whose language subtag has two or three letters (`fr`, `zh-Hans`, `pt-BR`),
/// read by ICU's parser, so no list of languages is kept here.
fn translation_code(name: &str) -> Option<&str> {
    let (_, code) = name.strip_suffix(".md")?.rsplit_once('.')?;
    let primary = code.split('-').next().unwrap_or(code);
    let shaped = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    (shaped && icu_locale_core::LanguageIdentifier::try_from_str(code).is_ok()).then_some(code)
}

/// The outermost folder at or above `dir` that holds an `index.md` (a page bundle), if any.
fn bundle_root(content_dir: &Path, dir: &str, cache: &mut HashMap<String, Option<String>>) -> Option<String> {
    if dir.is_empty() {
        return None;
    }
    if let Some(known) = cache.get(dir) {
        return known.clone();
    }
    let result = bundle_root(content_dir, parent_dir(dir), cache)
        .or_else(|| content_dir.join(dir).join("index.md").is_file().then(|| dir.to_string()));
    cache.insert(dir.to_string(), result.clone());
    result
}

fn parent_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The section owning folder `dir`: the folder's own, else its nearest ancestor's.
fn owning_section(by_dir: &HashMap<String, usize>, dir: &str) -> Option<usize> {
    by_dir.get(dir).copied().or_else(|| ancestor_section(by_dir, dir))
}

/// The section of the nearest folder above `dir` that has one.
fn ancestor_section(by_dir: &HashMap<String, usize>, dir: &str) -> Option<usize> {
    let mut current = dir;
    while !current.is_empty() {
        current = parent_dir(current);
        if let Some(&i) = by_dir.get(current) {
            return Some(i);
        }
    }
    None
}

/// A folder of `content/` whose name cannot be part of the URL `path` it gives its pages (a name
/// with `:` or `%2e%2e`; on Linux, one with backslashes, which read as separators elsewhere).
fn folder_problem(source: &Source, dir: &str, path: &str) -> Option<Diagnostic> {
    let why = crate::path::normalise(path).err()?;
    Some(
        Diagnostic::file(
            &source.display,
            format!("the folder `content/{}` cannot be part of a URL: {why}", dir.escape_debug()),
        )
        .with_hint("rename the folder: its name becomes a segment of every URL below it"),
    )
}

fn page_date(source: &Source, value: &Option<toml::Spanned<toml::Value>>) -> Result<Option<PartialDate>, Diagnostic> {
    let Some(value) = value else { return Ok(None) };
    date_from_toml(value.get_ref()).map(Some).map_err(|message| {
        source.error_in_toml(value.span().start, message).with_hint("dates look like 2023-11-15, 2023-11 or 1917")
    })
}

fn check_unique_paths(content: &Content, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &Source> = BTreeMap::new();
    for section in &content.sections {
        seen.insert(&section.path, &section.source);
    }
    for page in &content.pages {
        if let Some(first) = seen.insert(&page.path, &page.source) {
            let message = format!("the URL {} is already used by {}", page.path, first.display.display());
            let at_slug = page.meta.slug.is_some();
            let diagnostic =
                if at_slug { page.source.error_at_key("slug", message) } else { page.source.error_at("+++", message) };
            diagnostics.push(diagnostic.with_hint("give one of the two a different `slug`, or rename the file"));
        }
    }
}

fn sort_sections(content: &mut Content) {
    let pages = &content.pages;
    for section in &mut content.sections {
        let by_title = |a: &usize, b: &usize| pages[*a].meta.title.cmp(&pages[*b].meta.title);
        match section.meta.sort_by {
            SortBy::Weight => section.pages.sort_by(|a, b| {
                let key = |i: &usize| (pages[*i].meta.weight.is_none(), pages[*i].meta.weight);
                key(a).cmp(&key(b)).then_with(|| by_title(a, b))
            }),
            SortBy::Date => {
                section.pages.sort_by(|a, b| pages[*b].date.cmp(&pages[*a].date).then_with(|| by_title(a, b)))
            }
            SortBy::Title => section.pages.sort_by(by_title),
            SortBy::None => section.pages.sort_by(|a, b| pages[*a].rel.cmp(&pages[*b].rel)),
        }
    }
    let sections: Vec<(Option<i64>, String)> =
        content.sections.iter().map(|s| (s.meta.weight, s.meta.title.clone())).collect();
    for section in &mut content.sections {
        section.subsections.sort_by_key(|i| (sections[*i].0.is_none(), sections[*i].0, sections[*i].1.clone()));
    }
}

/// `bytes` as a `String`, checked with SIMD (Chinese text is multi-byte throughout, which the
/// standard check walks byte by byte); the standard check runs only to describe an error.
pub(crate) fn string_from_utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were just checked to be UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

#[cfg(test)]
mod tests;
