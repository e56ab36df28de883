//! Incremental rebuilds for the live preview: from a kept [`Built`] and a list of [`Change`]s,
//! redo only what the changes touch, and fall back to a full build whenever a change could reach
//! further than we track. The result is always what a fresh full build would give, byte for byte
//! (the tests check this with sequences of edits).
//!
//! - a page's body edited (front matter unchanged; same headings, links, citations, entities
//!   named): re-render that body, refresh its view and the views that show its sentences, and
//!   re-render the outputs whose recorded dependencies name them;
//! - a template edited: compile again and re-render the outputs that use it;
//! - a static file edited: copy the static files again (an image the build resized: a full build,
//!   as its copies' names change); copies of images newly asked for are made after re-rendering
//!   (a copy no longer asked for stays until the next full build);
//! - anything else (site.toml, front matter, new, deleted or renamed files, sections, entities, the
//!   source page): a full build.

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use crate::content::{self, Item};
use crate::diag::{Diagnostics, Timer};
use crate::markdown::Rendered;
use crate::output::search::in_bundle;
use crate::output::{self, Output};
use crate::render;
use crate::site::Site;

use super::{BuildOptions, Built, build_all};

/// What kind of file changed, which decides how much to rebuild (the watcher's `classify` turns
/// file events into these).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Change {
    /// A file below `content/` (relative path, `/`-separated).
    Content(String),
    /// A template of the site or of a theme.
    Template(PathBuf),
    /// A static file or a Sass file; `css` when only a stylesheet changed (swapped without a reload).
    Static { path: PathBuf, css: bool },
    /// `site.toml`: everything is rebuilt.
    Config,
}

/// What an update did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Update {
    /// Everything was built again.
    Full,
    /// Only these outputs were made again.
    Partial(Vec<String>),
}

/// When a partial update makes the outputs drawn from the whole site that cost the most: the
/// search index and the print document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deferred {
    /// Within the update: the result equals a full build.
    Now,
    /// Not within it: the print document and the feeds (Atom, sitemap) go into `built.deferred`
    /// for [`render_deferred`], and the search index is the caller's to make (the live preview makes both after the reload, so
    /// that a large site's edits show at once).
    Later,
}

/// Bring `built` up to date with `changes`, the search index `when` asked. On error `built` is
/// left as it was.
pub(crate) fn update(
    built: &mut Built,
    options: &BuildOptions,
    changes: &[Change],
    when: Deferred,
) -> Result<Update, Diagnostics> {
    let partial = match plan(changes) {
        Plan::Full => None,
        Plan::Page(rel) => {
            page_body(built, options, &rel, when)?.map(|paths| site_wide(built, paths, when)).transpose()?
        }
        Plan::Templates(names) => {
            let paths = templates(built, options, &names, when)?;
            Some(site_wide(built, paths, when)?)
        }
        // A changed image gives its copies other names: the pages showing them change.
        Plan::Static
            if changes.iter().any(
                |c| matches!(c, Change::Static { path, .. } if built.tools.images().uses(&options.root.join(path))),
            ) =>
        {
            None
        }
        // Outside the preview every page links to its assets by their hashes: a new stylesheet
        // is a new name in every page.
        Plan::Static if !options.preview => None,
        Plan::Static => Some(static_files(built, options)?),
    };
    match partial {
        Some(paths) => Ok(Update::Partial(paths)),
        None => {
            *built = build_all(options)?;
            Ok(Update::Full)
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Plan {
    Full,
    Page(String),
    Templates(BTreeSet<String>),
    Static,
}

/// The cheapest safe way to handle `changes`.
fn plan(changes: &[Change]) -> Plan {
    match changes {
        [Change::Content(rel)] if rel.ends_with(".md") && !rel.ends_with("_index.md") => Plan::Page(rel.clone()),
        // A shortcode is part of the bodies that call it: every body is rendered again.
        _ if changes.iter().any(|c| matches!(c, Change::Template(p) if is_shortcode(p))) => Plan::Full,
        _ if !changes.is_empty() && changes.iter().all(|c| matches!(c, Change::Template(_))) => Plan::Templates(
            changes
                .iter()
                .filter_map(|c| match c {
                    Change::Template(path) => template_name(path),
                    _ => None,
                })
                .collect(),
        ),
        _ if !changes.is_empty() && changes.iter().all(|c| matches!(c, Change::Static { .. })) => Plan::Static,
        _ => Plan::Full,
    }
}

/// Whether `path` is a shortcode's template.
fn is_shortcode(path: &std::path::Path) -> bool {
    template_name(path).is_some_and(|name| name.starts_with(crate::render::templates::SHORTCODES))
}

/// `templates/page.html` or `themes/t/templates/partials/toc.html` -> `page.html`, `partials/toc.html`.
fn template_name(path: &std::path::Path) -> Option<String> {
    let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
    let rest = match parts.as_slice() {
        ["templates", rest @ ..] => rest,
        ["themes", _, "templates", rest @ ..] => rest,
        _ => return None,
    };
    Some(rest.join("/"))
}

/// A page whose body changed. `Ok(None)` asks for a full build.
fn page_body(
    built: &mut Built,
    options: &BuildOptions,
    rel: &str,
    when: Deferred,
) -> Result<Option<Vec<String>>, Diagnostics> {
    let mut timer = Timer::new();
    let site = &built.site;
    let Some(&Item::Page(i)) = site.content.by_rel.get(rel) else { return Ok(None) };
    // The source page or a translation of it: every citation of it may change.
    if built.tools.is_source_page(i) || site.entities.iter().any(|e| e.page == i) {
        return Ok(None);
    }
    let Some(source) = content::read_source(&options.root, rel).map_err(|d| Diagnostics(vec![d]))? else {
        return Ok(None);
    };
    if source.front_matter() != site.content.pages[i].source.front_matter() {
        return Ok(None);
    }
    let rendered = built.tools.render_page(site, i, &source);
    let problems = super::load::body_problems(&source, &rendered);
    if !problems.is_empty() {
        return Err(Diagnostics::sorted(problems));
    }
    let before = &site.pages[i];
    if !stays_local(before, &rendered) || (rendered.highlighted && !site.highlighted) {
        return Ok(None);
    }
    timer.lap("body");
    let anchors = crate::link::anchors_of_targets(&site.content, &site.pages, &site.sections, &rendered);
    let broken = crate::link::check_anchors(&source, &rendered, &anchors);
    if !broken.is_empty() {
        return Err(Diagnostics::sorted(broken));
    }
    drop(anchors);
    timer.lap("anchors");

    let changed = showing(site, i, before, &rendered);
    let site = &mut built.site;
    site.content.pages[i].source = source;
    site.replace_page(i, rendered);
    crate::link::update_backlink_contexts(&mut site.backlinks, Item::Page(i), &site.pages[i]);
    timer.lap("backlinks");
    built.views.set(built.views.get().refresh(&built.site, &changed));
    timer.lap("views");
    let rels: HashSet<&str> = changed.iter().map(|p| built.site.content.pages[*p].rel.as_str()).collect();
    let selected: HashSet<String> = built
        .outputs
        .iter()
        .filter(|o| matches!(o.body, output::Body::Bytes(_)) && rels.iter().any(|r| o.deps.content.contains(*r)))
        .map(|o| o.path.clone())
        .collect();
    timer.lap("select");
    let done = rerender(built, selected, when).map(Some);
    timer.lap("render");
    done
}

/// Whether a page's body, rendered again, changed nothing another output draws on but its
/// sentences: the same anchors, citations, link targets and entities named. (A first code block to
/// highlight in the site is the caller's to see.)
fn stays_local(before: &Rendered, after: &Rendered) -> bool {
    let sorted = |v: &[(String, u32)]| -> Vec<(String, u32)> {
        let mut v = v.to_vec();
        v.sort_unstable();
        v
    };
    let targets = |r: &Rendered| -> Vec<(String, Option<String>)> {
        r.links.iter().map(|l| (l.target.clone(), l.anchor.clone())).collect()
    };
    let named = |r: &Rendered| -> Vec<usize> { r.mentions.iter().map(|m| m.entity).collect() };
    after.anchors == before.anchors
        && sorted(&after.citations) == sorted(&before.citations)
        && targets(after) == targets(before)
        && named(after) == named(before)
}

/// Page `i` and the pages whose views show its sentences: link targets and named entities, when
/// the sentence changed.
fn showing(site: &Site, i: usize, before: &Rendered, after: &Rendered) -> Vec<usize> {
    let mut changed: BTreeSet<usize> = BTreeSet::from([i]);
    for (new, old) in after.links.iter().zip(&before.links) {
        if new.context != old.context
            && let Some(Item::Page(t)) = site.content.by_rel.get(&new.target)
        {
            changed.insert(*t);
        }
    }
    for (new, old) in after.mentions.iter().zip(&before.mentions) {
        if new.context != old.context {
            changed.insert(site.entities[new.entity].page);
        }
    }
    changed.into_iter().collect()
}

/// Templates changed: compile them once again and re-render the outputs that use them; on error
/// the templates stay as they were.
fn templates(
    built: &mut Built,
    options: &BuildOptions,
    names: &BTreeSet<String>,
    when: Deferred,
) -> Result<Vec<String>, Diagnostics> {
    let templates =
        render::templates::load(&options.root, built.site.config.theme.as_deref()).map_err(Diagnostics::sorted)?;
    let tera = render::compile(
        &templates,
        &built.views,
        &render::functions::Setup { root: &options.root, config: &built.site.config, images: built.tools.images() },
    )
    .map_err(Diagnostics::sorted)?;
    let previous = (std::mem::replace(&mut built.templates, templates), std::mem::replace(&mut built.tera, tera));
    let selected: HashSet<String> = built
        .outputs
        .iter()
        .filter(|o| o.deps.templates.iter().any(|t| names.contains(t)))
        .map(|o| o.path.clone())
        .collect();
    rerender(built, selected, when).inspect_err(|_| (built.templates, built.tera) = previous)
}

/// After pages were rendered again: make the feed and sitemap (and with [`Deferred::Now`] the
/// search index) again and add those whose bytes changed to `paths`.
fn site_wide(built: &mut Built, mut paths: Vec<String>, when: Deferred) -> Result<Vec<String>, Diagnostics> {
    if paths.is_empty() {
        return Ok(paths);
    }
    if when == Deferred::Later {
        let feeds: Vec<String> = built.site_wide.iter().filter(|p| !in_bundle(p)).cloned().collect();
        built.deferred.extend(feeds);
        return Ok(paths);
    }
    paths.extend(feeds(built));
    paths.extend(search(built)?);
    paths.sort();
    Ok(paths)
}

/// Make the feeds and the sitemap again; the paths whose bytes changed.
fn feeds(built: &mut Built) -> Vec<String> {
    let fresh = output::feeds(&built.site);
    replace(built, fresh, |path| !in_bundle(path))
}

/// Make the search index again from the current outputs, as a [`Deferred::Later`] update leaves
/// its caller to (the live preview does it on a thread of its own); the paths whose bytes changed.
pub(crate) fn render_search(built: &mut Built) -> Result<Vec<String>, Diagnostics> {
    search(built)
}

/// Make the search index again from the current outputs; the paths whose bytes changed.
fn search(built: &mut Built) -> Result<Vec<String>, Diagnostics> {
    let fresh = output::search_index(&built.site, &mut built.outputs).map_err(|d| Diagnostics(vec![d]))?;
    Ok(replace(built, fresh, in_bundle))
}

/// Put `fresh` in place of the site-wide outputs `kind` selects; the paths that changed.
fn replace(built: &mut Built, fresh: Vec<Output>, kind: impl Fn(&str) -> bool) -> Vec<String> {
    let bytes = |o: &Output| match &o.body {
        output::Body::Bytes(b) | output::Body::Kept(b) => Some(b.clone()),
        output::Body::Copy(_) | output::Body::Written => None,
    };
    let old: std::collections::HashMap<&str, &Output> = built
        .outputs
        .iter()
        .filter(|o| built.site_wide.contains(&o.path) && kind(&o.path))
        .map(|o| (o.path.as_str(), o))
        .collect();
    let changed: Vec<String> = fresh
        .iter()
        .filter(|new| old.get(new.path.as_str()).is_none_or(|o| bytes(o) != bytes(new)))
        .map(|o| o.path.clone())
        .collect();
    let stale: BTreeSet<String> = built.site_wide.iter().filter(|p| kind(p)).cloned().collect();
    built.retain(|o| !stale.contains(&o.path));
    built.site_wide.retain(|p| !stale.contains(p));
    built.site_wide.extend(fresh.iter().map(|o| o.path.clone()));
    for o in fresh {
        built.put(o);
    }
    changed
}

/// Static files or Sass changed: list and copy them again, and compile the stylesheets.
fn static_files(built: &mut Built, options: &BuildOptions) -> Result<Vec<String>, Diagnostics> {
    let theme = built.site.config.theme.as_deref();
    let (mut fresh, _warnings) = output::static_files(&options.root, theme);
    let sass = output::sass::compile(&options.root, theme, built.site.config.compile_sass);
    if !sass.errors.is_empty() {
        return Err(Diagnostics::sorted(sass.errors));
    }
    fresh.extend(sass.outputs);
    built.retain(|o| o.deps.support.is_none());
    let mut paths: Vec<String> = fresh.iter().map(|o| o.path.clone()).collect();
    paths.sort();
    for o in fresh {
        built.put(o);
    }
    Ok(paths)
}

/// How many cards one call of [`render_deferred`] draws (6–7 ms of CPU each).
const CARD_BATCH: usize = 200;

/// Render the outputs an update with [`Deferred::Later`] left out of date, and the next batch of
/// the cards the preview's first build left to draw; their paths.
pub(crate) fn render_deferred(built: &mut Built) -> Result<Vec<String>, Diagnostics> {
    let deferred = std::mem::take(&mut built.deferred);
    let (mut cards, deferred): (BTreeSet<String>, BTreeSet<String>) =
        deferred.into_iter().partition(|p| p.starts_with(output::card::PREFIX));
    // Cards a batch at a time (under a second of drawing), so that a save waits for one batch at
    // most; the rest wait for the next pause.
    if let Some(rest) = cards.iter().nth(CARD_BATCH).cloned() {
        built.deferred.extend(cards.split_off(&rest));
    }
    let (site_wide, selected): (HashSet<String>, HashSet<String>) =
        deferred.into_iter().partition(|p| built.site_wide.contains(p));
    let mut paths = if selected.is_empty() { Vec::new() } else { rerender(built, selected, Deferred::Now)? };
    if !cards.is_empty() {
        let drawing = output::card::Drawing::Only(&cards);
        let (drawn, _, problems) = output::card::outputs(&built.site, &built.cache, drawing);
        if !problems.is_empty() {
            return Err(Diagnostics::sorted(problems));
        }
        for card in drawn {
            paths.push(card.path.clone());
            built.put(card);
        }
    }
    if !site_wide.is_empty() {
        paths.extend(feeds(built));
    }
    paths.sort();
    Ok(paths)
}

/// Render the outputs at `selected` again and put them in place of the old ones; with
/// [`Deferred::Later`] the print document is left for [`render_deferred`].
fn rerender(built: &mut Built, mut selected: HashSet<String>, when: Deferred) -> Result<Vec<String>, Diagnostics> {
    for print in render::print::paths(&built.site.config) {
        let print = crate::path::index_file(&print);
        if when == Deferred::Later && selected.remove(&print) {
            built.deferred.insert(print);
        }
    }
    let (fresh, problems) = render::render_outputs(
        &built.site,
        &built.templates,
        &built.tera,
        &built.views,
        render::Scope::Only(&selected),
        render::Destination::Memory,
    );
    if !problems.is_empty() {
        return Err(Diagnostics::sorted(problems));
    }
    let mut paths: Vec<String> = fresh.iter().map(|o| o.path.clone()).collect();
    for new in fresh {
        built.put(new);
    }
    // Copies of images the new outputs ask for and the build does not have yet.
    let done: HashSet<String> =
        built.outputs.iter().filter(|o| o.path.starts_with(output::images::FOLDER)).map(|o| o.path.clone()).collect();
    let (images, problems) = built.tools.images().process(&done);
    if !problems.is_empty() {
        return Err(Diagnostics::sorted(problems));
    }
    for new in images.outputs {
        paths.push(new.path.clone());
        built.put(new);
    }
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests;
