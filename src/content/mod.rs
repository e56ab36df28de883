//! The content tree: reads `content/`, parses front matter, and builds sections and pages.
//!
//! Only this module reads content files. It hands on a `Content`: every page and section with its
//! parsed front matter, its body, its URL path, its place in the tree and its order in its section.
//! Markdown is not rendered here; that is the `markdown` stage's job, once every URL is known.

pub(crate) mod date;
pub mod front_matter;
mod order;
pub(crate) mod paginate;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diag::{Diagnostic, display_path};
use crate::walk::{self, is_ignored};
use date::{PartialDate, date_from_toml};
use front_matter::{PageFrontMatter, SectionFrontMatter, SortBy};
pub(crate) use order::reading_order_from;

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
    /// Index of the section the page belongs to (a section of the page's language).
    pub(crate) parent: usize,
    /// The language code as configured (`zh-Hans`, `en`).
    pub(crate) lang: String,
    /// `rel` without the language code (`overview.en.md` -> `overview.md`): the files of one group
    /// are translations of each other.
    pub(crate) group: String,
    /// Colocated files of a page bundle (`page/index.md` + files), copied beside the page.
    pub(crate) assets: Vec<Asset>,
}

impl Page {
    /// Whether the page goes into the search index (`in_search_index`, and it has a page of
    /// its own to find). The one place that decides it, for the search stage to read.
    pub(crate) fn searched(&self) -> bool {
        self.meta.in_search_index && self.has_own_page()
    }

    /// Whether the page's URL shows the page itself: written, and not a redirect (`redirect_to`).
    /// Only such pages go into the sitemap and the feed.
    pub(crate) fn has_own_page(&self) -> bool {
        self.written() && self.meta.redirect_to.is_none()
    }

    /// Whether a file is written for the page (`render = false`: loaded, listed, not written).
    pub(crate) fn written(&self) -> bool {
        self.meta.render
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub(crate) rel: String,
    pub(crate) source: Source,
    pub(crate) meta: SectionFrontMatter,
    pub(crate) path: String,
    pub(crate) parent: Option<usize>,
    pub(crate) lang: String,
    /// `rel` without the language code, as [`Page::group`].
    pub(crate) group: String,
    /// Indices into [`Content::pages`], in the section's sort order.
    pub(crate) pages: Vec<usize>,
    pub(crate) subsections: Vec<usize>,
    /// Non-Markdown files in the section's folder, copied beside it.
    pub(crate) assets: Vec<Asset>,
}

impl Section {
    /// How its pages are cut into pagers, when its front matter asks for it (`paginate_by`).
    pub(crate) fn paging(&self) -> Option<paginate::Paging<'_>> {
        paginate::Paging::new(self.meta.paginate_by, &self.meta.paginate_path, self.meta.paginate_reversed)
    }

    /// How many outputs its list makes: its pagers, or the one page of an unpaginated section.
    pub(crate) fn pagers(&self) -> usize {
        self.paging().map_or(1, |p| p.pagers(self.pages.len()))
    }
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
    /// The site's language codes, the default first.
    pub(crate) languages: Vec<String>,
    /// Translation group ([`Page::group`]) -> its items, in the order of `languages`.
    pub(crate) groups: HashMap<String, Vec<Item>>,
}

impl Content {
    /// The language of a page or section.
    pub(crate) fn lang(&self, item: Item) -> &str {
        match item {
            Item::Page(i) => &self.pages[i].lang,
            Item::Section(i) => &self.sections[i].lang,
        }
    }

    fn group(&self, item: Item) -> &str {
        match item {
            Item::Page(i) => &self.pages[i].group,
            Item::Section(i) => &self.sections[i].group,
        }
    }

    /// The translations of a page or section, itself included, in the order of the site's languages.
    pub(crate) fn translations(&self, item: Item) -> &[Item] {
        self.groups.get(self.group(item)).map_or(&[], Vec::as_slice)
    }

    /// Translations whose original (the same file name without the language code, in the default
    /// language) does not exist. They are built all the same, as Zola builds them; `dossier check`
    /// is where to report them.
    pub(crate) fn missing_originals(&self) -> Vec<Item> {
        let default = self.languages.first().map_or("", String::as_str);
        let mut missing: Vec<Item> = self
            .groups
            .values()
            .filter(|items| !items.iter().any(|i| self.lang(*i) == default))
            .flatten()
            .copied()
            .collect();
        missing.sort();
        missing
    }
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
    /// The default language's code (`language` in site.toml).
    pub(crate) default_language: String,
    /// The other languages' codes (`[languages.CODE]`): `page.CODE.md` is a translation.
    pub(crate) languages: Vec<String>,
}

/// A file found by the walk, before parsing.
struct Found {
    file: PathBuf,
    rel: String,
    kind: FoundKind,
    /// A configured language's code, as site.toml spells it, when the name carries it (`page.en.md`).
    lang: Option<String>,
    /// `rel` without the language code (`page.en.md` -> `page.md`), as [`Page::group`].
    group: String,
}

/// A parsed content file, or an implicit section, with its place among the languages.
struct Loaded<M> {
    rel: String,
    group: String,
    lang: String,
    source: Source,
    meta: M,
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
    let (found, assets) =
        walk(root, &content_dir, (&options.default_language, &options.languages), &mut diagnostics, &mut warnings);

    let parsed: Vec<Result<Parsed, Vec<Diagnostic>>> = found.par_iter().map(|f| parse_file(root, f, options)).collect();
    let mut sections: Vec<Loaded<SectionFrontMatter>> = Vec::new();
    let mut pages: Vec<Loaded<PageFrontMatter>> = Vec::new();
    let mut unreadable = Vec::new();
    for (item, result) in found.iter().zip(parsed) {
        let lang = item.lang.clone().unwrap_or_else(|| options.default_language.clone());
        let (rel, group, kind) = (item.rel.clone(), item.group.clone(), item.kind);
        match result {
            Ok(Parsed::Section(source, meta)) => sections.push(Loaded { rel, group, lang, source, meta: *meta, kind }),
            Ok(Parsed::Page(source, meta)) => pages.push(Loaded { rel, group, lang, source, meta: *meta, kind }),
            Err(d) => {
                unreadable.push(item.rel.clone());
                diagnostics.extend(d);
            }
        }
    }

    let languages: Vec<String> =
        std::iter::once(options.default_language.clone()).chain(options.languages.iter().cloned()).collect();
    let mut content = Content {
        unreadable: unreadable.into_iter().collect(),
        warnings,
        languages: languages.clone(),
        ..Content::default()
    };
    add_implicit_sections(root, &mut sections, &pages, &languages);
    let section_by_dir = add_sections(&mut content, sections, &assets, options, &mut diagnostics);
    add_pages(&mut content, pages, &section_by_dir, &assets, options, &mut diagnostics);

    check_unique_paths(&content, &mut diagnostics);
    sort_sections(&mut content);
    group_translations(&mut content);
    (content, diagnostics)
}

/// `rel` without the language code before `.md`: `a/page.en.md` -> `a/page.md`.
fn without_code(rel: &str, code: &str) -> String {
    let stem = rel.strip_suffix(".md").and_then(|r| r.strip_suffix(code)).and_then(|r| r.strip_suffix('.'));
    stem.map_or_else(|| rel.to_string(), |s| format!("{s}.md"))
}

/// The URL prefix of language `lang`: none for the default (the first of `languages`), `/en` for `en`.
fn prefix(languages: &[String], lang: &str) -> String {
    crate::config::url_prefix(lang, languages.first().is_some_and(|d| d == lang))
}

/// The sections no file makes: the root of every language (`/`, `/en/`) and, in a folder whose
/// default-language section exists, the section of each other language that has pages there. An
/// implicit section takes its settings from the default language's (sorting, templates), not its
/// title, description or aliases.
fn add_implicit_sections(
    root: &Path,
    sections: &mut Vec<Loaded<SectionFrontMatter>>,
    pages: &[Loaded<PageFrontMatter>],
    languages: &[String],
) {
    let empty = |rel: &str| Source {
        display: display_path(root, &root.join("content").join(rel)),
        text: Arc::from(""),
        forgotten: None,
        toml_start: 0,
        body_start: 0,
    };
    let default = &languages[0];
    if !sections.iter().any(|s| s.lang == *default && s.group == "_index.md") {
        let (rel, group, lang) = ("_index.md".to_string(), "_index.md".to_string(), default.clone());
        let meta = SectionFrontMatter::default();
        sections.push(Loaded { source: empty(&rel), rel, group, lang, meta, kind: FoundKind::Section });
    }
    let mut wanted: std::collections::BTreeSet<(String, String)> = std::collections::BTreeSet::new();
    for lang in &languages[1..] {
        wanted.insert((lang.clone(), String::new()));
    }
    for page in pages.iter().filter(|p| p.lang != *default) {
        wanted.insert((page.lang.clone(), page_place(&page.rel, page.kind).0));
    }
    for (lang, dir) in wanted {
        let group = if dir.is_empty() { "_index.md".to_string() } else { format!("{dir}/_index.md") };
        if sections.iter().any(|s| s.lang == lang && s.group == group) {
            continue;
        }
        let Some(original) = sections.iter().find(|s| s.lang == *default && s.group == group) else { continue };
        let meta = SectionFrontMatter {
            title: String::new(),
            description: None,
            aliases: Vec::new(),
            related: Vec::new(),
            ..original.meta.clone()
        };
        let rel = format!("{}_index.{lang}.md", group.strip_suffix("_index.md").unwrap_or_default());
        sections.push(Loaded { source: empty(&rel), rel, group, lang, meta, kind: FoundKind::Section });
    }
}

/// The folder whose section a page belongs to and its file stem: a bundle `a/b/index.md` is the
/// page `b` of the section holding `a/`.
fn page_place(rel: &str, kind: FoundKind) -> (String, String) {
    let dir = parent_dir(rel);
    if kind == FoundKind::Bundle {
        let (d, name) = dir.rsplit_once('/').unwrap_or(("", dir));
        (d.to_string(), name.to_string())
    } else {
        let file = rel.rsplit('/').next().unwrap_or(rel);
        let stem = file.trim_end_matches(".md");
        (dir.to_string(), stem.to_string())
    }
}

/// Fill in [`Content::groups`]: each translation group's items, in the order of the languages.
fn group_translations(content: &mut Content) {
    let items = (0..content.pages.len()).map(Item::Page).chain((0..content.sections.len()).map(Item::Section));
    let mut groups: HashMap<String, Vec<Item>> = HashMap::new();
    for item in items {
        groups.entry(content.group(item).to_string()).or_default().push(item);
    }
    let order = |lang: &str| content.languages.iter().position(|l| l == lang);
    for items in groups.values_mut() {
        items.sort_by_key(|i| order(content.lang(*i)));
    }
    content.groups = groups;
}

/// Add the sections (the root section even without `content/_index.md`, shown as `display_root`)
/// to `content` with the assets of their folder, leaving out drafts unless asked; their folder ->
/// their index.
fn add_sections(
    content: &mut Content,
    mut sections: Vec<Loaded<SectionFrontMatter>>,
    assets: &HashMap<String, Vec<Asset>>,
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> SectionsByDir {
    // The default language's root first (section 0), then the other roots, each before its folders.
    let order = |lang: &str| content.languages.iter().position(|l| l == lang);
    sections.sort_by(|a, b| {
        let key = |s: &Loaded<SectionFrontMatter>| (order(&s.lang), s.group != "_index.md");
        key(a).cmp(&key(b)).then_with(|| a.group.cmp(&b.group))
    });
    let mut section_by_dir = SectionsByDir::new();
    let drafts = draft_groups(content, &sections, |m| m.draft);
    for Loaded { rel, group, lang, source, meta, .. } in sections {
        if (meta.draft || drafts.contains(&group)) && !options.include_drafts {
            continue;
        }
        let dir = parent_dir(&rel).to_string();
        let prefix = prefix(&content.languages, &lang);
        let path = if dir.is_empty() { format!("{prefix}/") } else { format!("{prefix}/{dir}/") };
        diagnostics.extend(folder_problem(&source, &dir, &path));
        // Reported at the file that says it, not again at each language's copy made without one.
        if let Some(why) = crate::path::optional_segment(&meta.paginate_path).err().filter(|_| !source.text.is_empty())
        {
            let message =
                format!("the paginate_path `{}` cannot be part of a URL: {why}", meta.paginate_path.escape_debug());
            diagnostics.push(source.error_at_key("paginate_path", message).with_hint(
                "the pagers' URLs are the section's, then this word and a number: \"page\" gives /blog/page/2/",
            ));
        }
        let index = content.sections.len();
        let parent = ancestor_section(&section_by_dir, &lang, &dir);
        // A folder's files are copied beside each language's section of it.
        let own_assets = assets.get(&dir).cloned().unwrap_or_default();
        content.sections.push(Section {
            rel: rel.clone(),
            source,
            meta,
            path,
            parent,
            lang: lang.clone(),
            group,
            pages: Vec::new(),
            subsections: Vec::new(),
            assets: own_assets,
        });
        if let Some(p) = parent {
            content.sections[p].subsections.push(index);
        }
        section_by_dir.insert((lang, dir), index);
        content.by_rel.insert(rel, Item::Section(index));
    }
    section_by_dir
}

/// (language, folder) -> the index of that language's section of the folder.
type SectionsByDir = HashMap<(String, String), usize>;

/// The translation groups whose original (the default language's file) is a draft: its
/// translations are left out with it.
fn draft_groups<M>(
    content: &Content,
    loaded: &[Loaded<M>],
    draft: impl Fn(&M) -> bool,
) -> std::collections::HashSet<String> {
    let default = content.languages.first().map_or("", String::as_str);
    loaded.iter().filter(|l| l.lang == default && draft(&l.meta)).map(|l| l.group.clone()).collect()
}

/// Add the pages to `content`, each to its section, leaving out drafts unless asked and pages
/// whose slug or dates are wrong (reported).
fn add_pages(
    content: &mut Content,
    pages: Vec<Loaded<PageFrontMatter>>,
    section_by_dir: &SectionsByDir,
    assets: &HashMap<String, Vec<Asset>>,
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let drafts = draft_groups(content, &pages, |m| m.draft);
    for Loaded { rel, group, lang, source, meta, kind } in pages {
        let bundle = kind == FoundKind::Bundle;
        if (meta.draft || drafts.contains(&group)) && !options.include_drafts {
            continue;
        }
        let dir = parent_dir(&rel).to_string();
        // A bundle `a/b/index.md` is the page `b` of the section holding `a/`.
        let (page_dir, stem) = page_place(&group, kind);
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
        let root = section_by_dir.get(&(lang.clone(), String::new())).copied().unwrap_or(0);
        let parent = owning_section(section_by_dir, &lang, &page_dir).unwrap_or(root);
        let path = format!("{}{slug}/", content.sections[parent].path);
        let path = if let Some(own) = &meta.path {
            // `path = "about/me"`: the page's whole URL below its language's root, as in Zola.
            match own_path(own) {
                Ok(own) => format!("{}/{own}/", prefix(&content.languages, &lang)),
                Err(why) => {
                    diagnostics.push(
                        source
                            .error_at_key("path", format!("the path `{}` cannot be a URL: {why}", own.escape_debug()))
                            .with_hint("write the page's URL below the site's root, like `path = \"about/me\"`"),
                    );
                    content.unreadable.insert(rel);
                    continue;
                }
            }
        } else if page_dir.is_empty() || section_by_dir.contains_key(&(lang.clone(), page_dir.clone())) {
            path
        } else {
            let path = format!("{}/{page_dir}/{slug}/", prefix(&content.languages, &lang));
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
            assets: if bundle { assets.get(&dir).cloned().unwrap_or_default() } else { Vec::new() },
            source,
            meta,
            date,
            updated,
            path,
            slug,
            parent,
            lang,
            group,
        });
        content.sections[parent].pages.push(index);
        content.by_rel.insert(rel, Item::Page(index));
    }
}

/// Every page's neighbours in its section's sort order, as Zola names them: `lower` after it,
/// `higher` before it (by date, newest first: `lower` is the older). None in an unsorted section,
/// and for a page listed in no section. One pass over the sections, so a section of many pages
/// costs no more per page than a small one.
pub(crate) fn lower_higher(content: &Content) -> Vec<(Option<usize>, Option<usize>)> {
    let mut around = vec![(None, None); content.pages.len()];
    for (s, section) in content.sections.iter().enumerate().filter(|(_, s)| s.meta.sort_by != SortBy::None) {
        for (k, &i) in section.pages.iter().enumerate() {
            if content.pages[i].parent == s {
                around[i] = (section.pages.get(k + 1).copied(), k.checked_sub(1).map(|k| section.pages[k]));
            }
        }
    }
    around
}

/// A page's own `path`, its segments checked: `about/me` from `/about/me/`.
fn own_path(path: &str) -> Result<String, String> {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        return Err("it is empty".into());
    }
    for segment in trimmed.split('/') {
        crate::path::segment(segment).map_err(|why| why.to_string())?;
    }
    Ok(trimmed.to_string())
}

enum Parsed {
    Section(Source, Box<SectionFrontMatter>),
    Page(Source, Box<PageFrontMatter>),
}

/// Content files larger than this are refused: no one writes a page this long, and reading a stray
/// video or database dump named `.md` would only exhaust memory.
const MAX_FILE_BYTES: u64 = 32 << 20;

/// Read and parse one content file; with `forget_bodies`, its source keeps only the front matter
/// and where to read the rest again ([`Source::with_body`]).
fn parse_file(root: &Path, found: &Found, options: &LoadOptions) -> Result<Parsed, Vec<Diagnostic>> {
    let display = display_path(root, &found.file);
    let text = read_text(&found.file).map_err(|why| vec![why.diagnostic(&display)])?;
    let split = front_matter::split(&display, &text).map_err(|d| vec![d])?;
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
        Ok(Parsed::Section(source(text), Box::new(meta)))
    } else {
        let meta: PageFrontMatter = front_matter::parse(&display, &text, &split)?;
        let source = source(text);
        if meta.title.trim().is_empty() {
            return Err(vec![
                source
                    .error_at_key("title", "the title is empty")
                    .with_hint("every page needs a title: it is the page's heading and its name in lists and search"),
            ]);
        }
        Ok(Parsed::Page(source, Box::new(meta)))
    }
}

/// Why a content file could not be read as text.
enum Unreadable {
    Io(std::io::Error),
    TooLarge(u64),
    NotUtf8 { valid: String, offset: usize },
    Control { text: String, offset: usize, control: char },
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
            Unreadable::Control { text, offset, control } => Diagnostic::at(
                display,
                &text,
                offset,
                format!(
                    "the file holds the control character U+{:04X}, which a web page or feed cannot carry",
                    control as u32
                ),
            )
            .with_hint("delete it: it is invisible, and comes from text pasted out of a PDF or a terminal"),
        }
    }
}

/// The text of a content file, refused when too large, not UTF-8 or holding a control character.
fn read_text(file: &Path) -> Result<String, Unreadable> {
    let size = std::fs::metadata(file).map_err(Unreadable::Io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Unreadable::TooLarge(size));
    }
    let bytes = std::fs::read(file).map_err(Unreadable::Io)?;
    let text = string_from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default().to_string();
        Unreadable::NotUtf8 { valid, offset }
    })?;
    match crate::diag::first_control_character(&text) {
        Some((offset, control)) => Err(Unreadable::Control { text, offset, control }),
        None => Ok(text),
    }
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
    (default_language, languages): (&str, &[String]),
    diagnostics: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<Found>, HashMap<String, Vec<Asset>>) {
    let mut found = Vec::new();
    let mut assets: HashMap<String, Vec<Asset>> = HashMap::new();
    let mut bundle_of: HashMap<String, Option<String>> = HashMap::new();
    let mut folders_reported = std::collections::HashSet::new();
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
        if let Some((folder, code)) = language_folder(&rel, languages) {
            // Reported once, at the first file of the folder; its files are left out.
            if folders_reported.insert(folder.to_string()) {
                diagnostics.push(language_folder_error(root, entry.path(), folder, code));
            }
            continue;
        }
        let dir = parent_dir(&rel).to_string();
        let name = entry.file_name().to_string_lossy();
        // `page.en.md` is a page in `en` when the site has that language; `base` is its name without.
        let (lang, base, group) = match file_language(&name, languages) {
            Some((written, code)) => (Some(code), without_code(&name, written), without_code(&rel, written)),
            None => (None, name.to_string(), rel.clone()),
        };
        // Everything below a bundle's folder (one holding `index.md`) belongs to that bundle.
        if let Some(bundle) = bundle_root(content_dir, &dir, languages, &mut bundle_of)
            && !(base == "index.md" && dir == bundle)
        {
            let name = rel.strip_prefix(&format!("{bundle}/")).unwrap_or(&rel).to_string();
            assets.entry(bundle).or_default().push(Asset { name, file: entry.path().to_path_buf() });
            continue;
        }
        let kind = match base.as_str() {
            "_index.md" => FoundKind::Section,
            "index.md" if !dir.is_empty() => FoundKind::Bundle,
            n if n.ends_with(".md") => {
                if lang.is_none() {
                    warnings.extend(translation_warning(root, entry.path(), n, default_language));
                }
                FoundKind::Page
            }
            _ => {
                let asset = Asset { name: name.to_string(), file: entry.path().to_path_buf() };
                assets.entry(dir).or_default().push(asset);
                continue;
            }
        };
        found.push(Found { file: entry.path().to_path_buf(), rel, kind, lang: lang.map(str::to_string), group });
    }
    (found, assets)
}

/// The configured language (its code as in site.toml) that a file name's code names, with the code
/// as the name writes it: `page.EN.md` and `page.en.md` are both in `[languages.en]`, since BCP 47
/// codes ignore case.
fn file_language<'n, 'l>(name: &'n str, languages: &'l [String]) -> Option<(&'n str, &'l str)> {
    let written = translation_code(name)?;
    let code = languages.iter().find(|l| l.eq_ignore_ascii_case(written))?;
    Some((written, code))
}

/// The top folder of `rel` and the language it is named as (ignoring case), when its name is the
/// URL prefix of a language besides the default (`content/en/` with `[languages.en]`).
fn language_folder<'r, 'l>(rel: &'r str, languages: &'l [String]) -> Option<(&'r str, &'l str)> {
    let (folder, _) = rel.split_once('/')?;
    let code = languages.iter().find(|l| l.eq_ignore_ascii_case(folder))?;
    Some((folder, code))
}

/// The error for a folder of `content/` named as a language's URL prefix, at its first file.
fn language_folder_error(root: &Path, file: &Path, folder: &str, code: &str) -> Diagnostic {
    Diagnostic::file(
        display_path(root, file),
        format!(
            "the folder `content/{folder}` has the name of the language `{code}`, whose URLs start with /{code}/: \
             its pages would be built among that language's"
        ),
    )
    .with_hint(format!(
        "rename the folder; to translate a page into `{code}`, write `page.{code}.md` beside `page.md` instead"
    ))
}

/// A warning for a file named like a translation in Zola's way (`page.fr.md`) into a language the
/// site does not have: it is built as a page of its own, and the warning says how to make it one.
/// A file named with the default language's code (`page.zh-Hans.md`) is told to drop the code.
fn translation_warning(root: &Path, file: &Path, name: &str, default_language: &str) -> Option<Diagnostic> {
    let code = translation_code(name)?;
    let stem = &name[..name.len() - code.len() - ".md".len() - 1];
    if code.eq_ignore_ascii_case(default_language) {
        return Some(
            Diagnostic::file(
                display_path(root, file),
                format!(
                    "`{name}` is named with `{code}`, the site's default language, whose pages carry no code: \
                     it is built as a page of its own, not as the page `{stem}.md`"
                ),
            )
            .with_hint(format!("name it `{stem}.md`")),
        );
    }
    let plain = format!("{stem}-{code}.md");
    Some(
        Diagnostic::file(
            display_path(root, file),
            format!(
                "`{name}` looks like a translation into `{code}`, but site.toml has no [languages.{code}]: \
                 it is built as a page of its own"
            ),
        )
        .with_hint(format!(
            "add a table `[languages.{code}]` to site.toml to make it a translation; if it is not one, name it \
             without the language code, like {plain}"
        )),
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
fn bundle_root(
    content_dir: &Path,
    dir: &str,
    languages: &[String],
    cache: &mut HashMap<String, Option<String>>,
) -> Option<String> {
    if dir.is_empty() {
        return None;
    }
    if let Some(known) = cache.get(dir) {
        return known.clone();
    }
    // `index.md`, or its translation with the code written in any case (`index.en.md`, `index.EN.md`).
    let is_bundle = || {
        let folder = content_dir.join(dir);
        let translated =
            |name: &str| file_language(name, languages).is_some_and(|(w, _)| without_code(name, w) == "index.md");
        folder.join("index.md").is_file()
            || std::fs::read_dir(&folder)
                .into_iter()
                .flatten()
                .flatten()
                .any(|e| e.file_name().to_str().is_some_and(translated) && e.path().is_file())
    };
    let result =
        bundle_root(content_dir, parent_dir(dir), languages, cache).or_else(|| is_bundle().then(|| dir.to_string()));
    cache.insert(dir.to_string(), result.clone());
    result
}

fn parent_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The section in language `lang` owning folder `dir`: the folder's own, else its nearest ancestor's.
fn owning_section(by_dir: &SectionsByDir, lang: &str, dir: &str) -> Option<usize> {
    by_dir.get(&(lang.to_string(), dir.to_string())).copied().or_else(|| ancestor_section(by_dir, lang, dir))
}

/// The section in language `lang` of the nearest folder above `dir` that has one.
fn ancestor_section(by_dir: &SectionsByDir, lang: &str, dir: &str) -> Option<usize> {
    let mut current = dir;
    while !current.is_empty() {
        current = parent_dir(current);
        if let Some(&i) = by_dir.get(&(lang.to_string(), current.to_string())) {
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
        // A folder named like a language's code (`content/en/`), the one way to meet another
        // section's URL, is refused by the walk; this stays as a guard.
        if let Some(first) = seen.insert(&section.path, &section.source) {
            let message = format!("the URL {} is already used by {}", section.path, first.display.display());
            diagnostics.push(
                section
                    .source
                    .error_at("+++", message)
                    .with_hint("the URLs of a language other than the default start with its code: rename the folder"),
            );
        }
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
