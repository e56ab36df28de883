//! Internal links: the href of every content file for `@/` links, and the check that every link's
//! target page and anchor exist once all bodies are rendered.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::content::{Content, Item, Source};
use crate::diag::Diagnostic;
use crate::markdown::Rendered;

/// `rel` (`consensus.md`) -> href (`/repo/consensus/`) for every page and section.
pub fn hrefs(config: &Config, content: &Content) -> HashMap<String, String> {
    content.by_rel.iter().map(|(rel, item)| (rel.clone(), config.href(&item_path(content, *item)))).collect()
}

fn item_path(content: &Content, item: Item) -> String {
    match item {
        Item::Page(i) => content.pages[i].path.clone(),
        Item::Section(i) => content.sections[i].path.clone(),
    }
}

/// The rendered body of a page or section.
pub fn body<'a>(item: Item, pages: &'a [Rendered], sections: &'a [Rendered]) -> &'a Rendered {
    match item {
        Item::Page(i) => &pages[i],
        Item::Section(i) => &sections[i],
    }
}

/// The anchors each content file defines.
pub fn anchors<'a>(
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

/// Every `@/page.md#anchor` in `bodies` whose anchor does not exist on its target.
pub fn check_anchors(
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
            Some(
                source
                    .error_in_body(link.offset, format!("`{}` has no anchor `#{anchor}`", link.target))
                    .with_hint(anchor_hint(anchor, known)),
            )
        })
        .collect()
}

/// "did you mean" for a missing anchor, else the anchors that exist.
pub fn anchor_hint(anchor: &str, known: &HashSet<&str>) -> String {
    let mut sorted: Vec<&str> = known.iter().copied().collect();
    sorted.sort();
    let closest = sorted
        .iter()
        .map(|k| (strsim::jaro_winkler(anchor, k), *k))
        .filter(|(s, _)| *s > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match closest {
        Some((_, k)) => format!("did you mean `#{k}`?"),
        None if sorted.is_empty() => "the page has no headings or numbered paragraphs to link to".into(),
        None => {
            let shown: Vec<&str> = sorted.into_iter().take(12).collect();
            format!("anchors there: {}", shown.join(", "))
        }
    }
}
