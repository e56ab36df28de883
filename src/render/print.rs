//! `/print/`: the whole dossier as one document, for printing or saving as PDF from the browser.
//!
//! Rendered once with the `print.html` template when the site or its theme has one. The template
//! gets `items`: every section and page in reading order (a section, then its pages and
//! subsections by weight), each the usual page or section value with `depth`, `anchor`,
//! `template`, and its `content` rewritten for one document: every id gets the item's prefix
//! (`consensus:ai-dialogue`) so no two pages clash, links to pages of the dossier become links
//! inside the document, and links to anything else (taxonomy pages) become absolute URLs that mean
//! something on paper. Footnote references point at the footnote, not at its sidenote copy.

use std::collections::HashMap;

use tera::Value;

use crate::config::Config;
use crate::content::front_matter::SortBy;
use crate::content::{Content, Item};
use crate::site::Site;

use super::views::{Fields, Views};

/// The template that renders `/print/`; without it the site has no print version.
pub const TEMPLATE: &str = "print.html";
/// Where the print version lives.
pub const PATH: &str = "/print/";
/// The id prefix `markdown` gives the sidenote copy of a footnote (the note itself has the bare id).
const SIDENOTE_ID: &str = "sn-";

/// Every section and page, in reading order, with its depth (the root section is 0).
pub fn reading_order(content: &Content) -> Vec<(Item, usize)> {
    let mut order = Vec::new();
    if let Some(Item::Section(root)) = content.by_rel.get("_index.md") {
        visit(content, *root, 0, &mut order);
    }
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

/// The id of an item's part of the document, and the prefix of the ids inside it.
fn anchor(path: &str) -> String {
    match path.trim_matches('/') {
        "" => "home".into(),
        trimmed => trimmed.replace('/', "-"),
    }
}

/// What the rewrite of one item's HTML needs.
pub struct Rewrite<'a> {
    /// The item's anchor: ids inside it become `{prefix}:{id}`.
    pub prefix: &'a str,
    /// The href of every page in the document (`/dossier/consensus/`) -> its anchor.
    pub anchors: &'a HashMap<String, String>,
    pub config: &'a Config,
}

/// Left in the rendered template where an item's content goes; [`Document::splice`] puts the
/// content there. The template gets this instead of the content so that rendering it holds no
/// page's HTML, and the pages' HTML is rewritten in parallel while the document is written out.
const MARKER: &str = "<!--dossier:print-item:";

/// The print document of a site: its reading order and where each page lands in it.
pub struct Document<'a> {
    site: &'a Site,
    order: Vec<(Item, usize)>,
    /// The href of every page in the document (`/dossier/consensus/`) -> its anchor.
    anchors: HashMap<String, String>,
}

impl<'a> Document<'a> {
    pub fn new(site: &'a Site) -> Document<'a> {
        let order = reading_order(&site.content);
        let anchors =
            order.iter().map(|(item, _)| (site.config.href(path_of(site, *item)), anchor(path_of(site, *item))));
        Document { site, anchors: anchors.collect(), order }
    }

    /// The items as template values, their `content` a marker for [`Document::splice`].
    pub fn items(&self, views: &Views) -> Vec<Value> {
        let content = &self.site.content;
        self.order
            .iter()
            .enumerate()
            .map(|(k, &(item, depth))| {
                let (value, template) = match item {
                    Item::Page(i) => (views.pages[i].clone(), super::page_template(content, i)),
                    Item::Section(i) => (views.sections[i].clone(), super::section_template(content, i)),
                };
                Fields::extend(value, 4)
                    .put("content", Value::safe_string(&format!("{MARKER}{k}-->")))
                    .put("depth", depth)
                    .put("template", template)
                    .put("anchor", anchor(path_of(self.site, item)))
                    .value()
            })
            .collect()
    }

    /// Item `k`'s HTML, rewritten for the shared document.
    fn content(&self, k: usize) -> std::io::Result<String> {
        let item = self.order[k].0;
        let html = self.site.html(item).map_err(|d| std::io::Error::other(d.to_string()))?;
        let prefix = anchor(path_of(self.site, item));
        Ok(rewrite(&html, &Rewrite { prefix: &prefix, anchors: &self.anchors, config: &self.site.config }))
    }

    /// Write the rendered template to `out` with each item's content in place of its marker.
    pub fn splice(&self, rendered: &[u8], out: &mut dyn std::io::Write) -> std::io::Result<()> {
        use rayon::prelude::*;
        // (text before the marker, the item the marker stands for)
        let mut pieces: Vec<(&[u8], Option<usize>)> = Vec::new();
        let mut rest = rendered;
        while let Some(at) = find(rest, MARKER.as_bytes()) {
            let after = &rest[at + MARKER.len()..];
            let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
            let k = std::str::from_utf8(&after[..digits]).ok().and_then(|d| d.parse::<usize>().ok());
            match k.filter(|k| *k < self.order.len() && after[digits..].starts_with(b"-->")) {
                Some(k) => {
                    pieces.push((&rest[..at], Some(k)));
                    rest = &after[digits + 3..];
                }
                None => {
                    pieces.push((&rest[..at + MARKER.len()], None));
                    rest = after;
                }
            }
        }
        pieces.push((rest, None));
        // A batch at a time: its items rewritten in parallel, then written in order.
        for batch in pieces.chunks(256) {
            let contents: Vec<Option<String>> =
                batch.par_iter().map(|(_, k)| k.map(|k| self.content(k)).transpose()).collect::<Result<_, _>>()?;
            for ((text, _), content) in batch.iter().zip(contents) {
                out.write_all(text)?;
                if let Some(content) = content {
                    out.write_all(content.as_bytes())?;
                }
            }
        }
        Ok(())
    }
}

fn path_of(site: &Site, item: Item) -> &str {
    match item {
        Item::Page(i) => &site.content.pages[i].path,
        Item::Section(i) => &site.content.sections[i].path,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// Content files the print document is made from: all of them.
pub fn sources(content: &Content) -> impl Iterator<Item = String> + '_ {
    content.pages.iter().map(|p| p.rel.clone()).chain(content.sections.iter().map(|s| s.rel.clone()))
}

/// One item's HTML (as our Markdown renderer writes it) made fit for the shared document. Only the
/// values of the attributes that name ids or links change; every other byte stays as written.
pub fn rewrite(html: &str, rewrite: &Rewrite) -> String {
    let prefix = crate::markdown::escape(rewrite.prefix);
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut written = 0;
    for (range, kind) in values(html) {
        let (Some(before), Some(value)) = (html.get(written..range.start), html.get(range.clone())) else { continue };
        out.push_str(before);
        match kind {
            Holds::Id => push_prefixed(&mut out, &prefix, value),
            Holds::IdList => {
                for (k, id) in value.split_ascii_whitespace().enumerate() {
                    if k > 0 {
                        out.push(' ');
                    }
                    push_prefixed(&mut out, &prefix, id);
                }
            }
            Holds::Href => out.push_str(&href(value, &prefix, rewrite)),
        }
        written = range.end;
    }
    out.push_str(&html[written..]);
    out
}

/// What an attribute value that [`rewrite`] changes holds.
#[derive(Clone, Copy)]
enum Holds {
    /// `id`: an id of this item.
    Id,
    /// `aria-describedby`, `aria-labelledby`, `for`: ids of this item, separated by spaces.
    IdList,
    /// `href`: a link.
    Href,
}

/// Where the values to rewrite are in `html`, in document order: the `id`, `href` and
/// id-reference attributes of every start tag, written `name="value"` as our Markdown renderer
/// and templates write them (the names as written, so `ID=` or `href='…'` stay as they are).
/// lol_html finds the tags: text, comments and the contents of `script`, `style` and `textarea`
/// are never taken for attributes.
fn values(html: &str) -> Vec<(std::ops::Range<usize>, Holds)> {
    use lol_html::{HtmlRewriter, Settings, element};
    let mut values = Vec::new();
    {
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_element_content_handler(element!("*", |el| {
                for attribute in el.attributes() {
                    let (Some(name), Some(value)) =
                        (attribute.name_source_location(), attribute.value_source_location())
                    else {
                        continue;
                    };
                    let kind = match html.get(name.bytes()) {
                        Some("id") => Holds::Id,
                        Some("aria-describedby" | "aria-labelledby" | "for") => Holds::IdList,
                        Some("href") => Holds::Href,
                        _ => continue,
                    };
                    let value = value.bytes();
                    if value.start >= 2 && html.as_bytes().get(value.start - 2..value.start) == Some(b"=\"") {
                        values.push((value, kind));
                    }
                }
                Ok(())
            })),
            |_: &[u8]| {},
        );
        // Only reading: a document lol_html gives up on keeps the values found before that.
        let _ = rewriter.write(html.as_bytes());
        let _ = rewriter.end();
    }
    values
}

fn push_prefixed(out: &mut String, escaped_prefix: &str, id: &str) {
    out.push_str(escaped_prefix);
    out.push(':');
    out.push_str(id);
}

fn prefixed(prefix: &str, id: &str) -> String {
    format!("{}:{id}", crate::markdown::escape(prefix))
}

fn href(value: &str, escaped_prefix: &str, rewrite: &Rewrite) -> String {
    if let Some(fragment) = value.strip_prefix('#') {
        // A footnote reference points at its sidenote copy, which print hides: point at the note.
        let fragment = fragment.strip_prefix(SIDENOTE_ID).unwrap_or(fragment);
        return format!("#{escaped_prefix}:{fragment}");
    }
    let base = &rewrite.config.base_path;
    let Some(rest) = value.strip_prefix(base.as_str()) else { return value.to_string() };
    let (path, fragment) = value.split_once('#').map_or((value, None), |(p, f)| (p, Some(f)));
    match (rewrite.anchors.get(path), fragment) {
        (Some(target), Some(fragment)) => format!("#{}", prefixed(target, fragment)),
        (Some(target), None) => format!("#{}", crate::markdown::escape(target)),
        (None, _) => format!("{}{rest}", rewrite.config.base_url),
    }
}

#[cfg(test)]
mod tests;
