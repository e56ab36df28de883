//! Internal links: the href of every content file for `@/` links, and the check that every link's
//! target page and anchor exist once all bodies are rendered.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::content::{Content, Item, Source};
use crate::diag::Diagnostic;
use crate::markdown::Rendered;

/// `rel` (`consensus.md`) -> href (`/repo/consensus/`) for every page and section.
pub(crate) fn hrefs(config: &Config, content: &Content) -> HashMap<String, String> {
    content.by_rel.iter().map(|(rel, item)| (rel.clone(), config.href(&item_path(content, *item)))).collect()
}

fn item_path(content: &Content, item: Item) -> String {
    match item {
        Item::Page(i) => content.pages[i].path.clone(),
        Item::Section(i) => content.sections[i].path.clone(),
    }
}

/// The rendered body of a page or section.
pub(crate) fn body<'a>(item: Item, pages: &'a [Rendered], sections: &'a [Rendered]) -> &'a Rendered {
    match item {
        Item::Page(i) => &pages[i],
        Item::Section(i) => &sections[i],
    }
}

/// The anchors each content file defines.
pub(crate) fn anchors<'a>(
    content: &Content,
    pages: &'a [Rendered],
    sections: &'a [Rendered],
) -> HashMap<String, HashSet<&'a str>> {
    content
        .by_rel
        .iter()
        .map(|(rel, item)| (rel.clone(), body(*item, pages, sections).anchors.iter().map(String::as_str).collect()))
        .collect()
}

/// The anchors of just the files `rendered` links to: what checking one page's links needs.
pub(crate) fn anchors_of_targets<'a>(
    content: &Content,
    pages: &'a [Rendered],
    sections: &'a [Rendered],
    rendered: &Rendered,
) -> HashMap<String, HashSet<&'a str>> {
    rendered
        .links
        .iter()
        .filter_map(|l| {
            let item = content.by_rel.get(&l.target)?;
            Some((l.target.clone(), body(*item, pages, sections).anchors.iter().map(String::as_str).collect()))
        })
        .collect()
}

/// Every `@/page.md#anchor` in `bodies` whose anchor does not exist on its target.
pub(crate) fn check_anchors(
    source: &Source,
    rendered: &Rendered,
    anchors: &HashMap<String, HashSet<&str>>,
) -> Vec<Diagnostic> {
    rendered
        .links
        .iter()
        .filter_map(|link| {
            let anchor = link.anchor.as_deref()?;
            let known = anchors.get(&link.target)?;
            if known.contains(anchor) {
                return None;
            }
            let (line, col) = link.line_col;
            let message = format!("`{}` has no anchor `#{anchor}`", link.target);
            Some(Diagnostic::new(&source.display, line, col, message).with_hint(anchor_hint(anchor, known)))
        })
        .collect()
}

/// "did you mean" for a missing anchor, else the anchors that exist.
pub(crate) fn anchor_hint(anchor: &str, known: &HashSet<&str>) -> String {
    let mut sorted: Vec<&str> = known.iter().copied().collect();
    sorted.sort();
    match crate::diag::closest(anchor, sorted.iter().copied(), 0.75) {
        Some(k) => format!("did you mean `#{k}`?"),
        None if sorted.is_empty() => "the page has no headings or numbered paragraphs to link to".into(),
        None => {
            let shown: Vec<&str> = sorted.into_iter().take(12).collect();
            format!("anchors there: {}", shown.join(", "))
        }
    }
}

/// A page or section that points at another, with the sentence that does it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Backlink {
    pub(crate) from: Item,
    /// The linking sentence; empty for a `related` entry.
    pub(crate) context: String,
}

/// A resolved `related` entry of a page or section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Related {
    pub(crate) from: Item,
    /// The target's content path.
    pub(crate) target: String,
    pub(crate) anchor: Option<String>,
}

/// The `related` entries of every page and section, resolved, with a diagnostic for each that
/// does not resolve.
pub(crate) fn related(content: &Content, anchors: &HashMap<String, HashSet<&str>>) -> (Vec<Related>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    let pages = content.pages.iter().enumerate().map(|(i, p)| (Item::Page(i), &p.source, &p.meta.related));
    let sections = content.sections.iter().enumerate().map(|(i, s)| (Item::Section(i), &s.source, &s.meta.related));
    for (item, source, related) in pages.chain(sections) {
        for entry in related {
            let at = |message: String| source.error_in_toml(entry.span().start, message);
            let Some(target) = entry.get_ref().strip_prefix("@/") else {
                diagnostics.push(
                    at(format!("`{}` is not an internal link", entry.get_ref()))
                        .with_hint("write related entries as \"@/page.md\" or \"@/page.md#anchor\""),
                );
                continue;
            };
            let (rel, anchor) = target.split_once('#').map_or((target, None), |(r, a)| (r, Some(a.to_string())));
            let Some(known) = anchors.get(rel) else {
                if !content.unreadable.contains(rel) {
                    diagnostics.push(
                        at(format!("`@/{rel}` is not a file in content/"))
                            .with_hint("related entries name files below content/, like \"@/consensus.md\""),
                    );
                }
                continue;
            };
            if let Some(a) = &anchor
                && !known.contains(a.as_str())
            {
                diagnostics.push(at(format!("`{rel}` has no anchor `#{a}`")).with_hint(anchor_hint(a, known)));
                continue;
            }
            found.push(Related { from: item, target: rel.to_string(), anchor });
        }
    }
    (found, diagnostics)
}

/// Update the sentences of the backlinks `from` makes, after its body was rendered again with the
/// same link targets: the first link to each target gives the sentence, as in [`backlinks`].
pub(crate) fn update_backlink_contexts(map: &mut HashMap<String, Vec<Backlink>>, from: Item, rendered: &Rendered) {
    let mut seen = HashSet::new();
    for link in &rendered.links {
        if !seen.insert(link.target.as_str()) {
            continue;
        }
        if let Some(entry) = map.get_mut(&link.target).and_then(|list| list.iter_mut().find(|b| b.from == from)) {
            entry.context = link.context.clone();
        }
    }
}

/// For every content file, the pages and sections that link to it (in their text or `related`),
/// once per linking page, in content order.
pub(crate) fn backlinks(
    content: &Content,
    pages: &[Rendered],
    sections: &[Rendered],
    related: &[Related],
) -> HashMap<String, Vec<Backlink>> {
    let mut map: HashMap<String, Vec<Backlink>> = HashMap::new();
    let mut add = |to: &str, from: Item, context: &str| {
        let own = match from {
            Item::Page(i) => &content.pages[i].rel,
            Item::Section(i) => &content.sections[i].rel,
        };
        if own == to {
            return;
        }
        let list = map.entry(to.to_string()).or_default();
        if !list.iter().any(|b| b.from == from) {
            list.push(Backlink { from, context: context.to_string() });
        }
    };
    let items = (0..pages.len()).map(Item::Page).chain((0..sections.len()).map(Item::Section));
    for item in items {
        for link in &body(item, pages, sections).links {
            add(&link.target, item, &link.context);
        }
    }
    for entry in related {
        add(&entry.target, entry.from, "");
    }
    map
}
