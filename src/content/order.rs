//! The reading order of the site: a section, then its pages and subsections (by weight when the
//! section sorts by weight). Previous/next links and the print document both follow it.

use super::front_matter::SortBy;
use super::{Content, Item};

/// The reading order of the tree below section `root` (a language's home), `root` first.
pub(crate) fn reading_order_from(content: &Content, root: usize) -> Vec<(Item, usize)> {
    let mut order = Vec::new();
    visit(content, root, 0, &mut order);
    order
}

fn visit(content: &Content, s: usize, depth: usize, order: &mut Vec<(Item, usize)>) {
    order.push((Item::Section(s), depth));
    let section = &content.sections[s];
    let mut children: Vec<(Item, Option<i64>)> = section
        .pages
        .iter()
        .map(|p| (Item::Page(*p), content.pages[*p].meta.weight))
        .chain(section.subsections.iter().map(|s| (Item::Section(*s), content.sections[*s].meta.weight)))
        .collect();
    // Pages and subsections are each sorted already; with weights they interleave by weight (the
    // sort is stable), otherwise the pages come first.
    if section.meta.sort_by == SortBy::Weight {
        children.sort_by_key(|(_, weight)| (weight.is_none(), *weight));
    }
    for (child, _) in children {
        match child {
            Item::Page(p) => order.push((Item::Page(p), depth + 1)),
            Item::Section(sub) => visit(content, sub, depth + 1, order),
        }
    }
}
