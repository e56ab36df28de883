//! `/print/`: the whole dossier as one document, for printing or saving as PDF from the browser.
//!
//! Rendered once per language (`/print/`, `/en/print/`) with the `print.html` template when the
//! site or its theme has one. The template gets `items`: every section and page below that
//! language's home in reading order (a section, then its pages and
//! subsections by weight), each the usual page or section value with `depth`, `anchor`,
//! `template`, and its `content` rewritten for one document: every id gets the item's prefix
//! (`consensus:ai-dialogue`) so no two pages clash, links to pages of the dossier become links
//! inside the document, and links to anything else (taxonomy pages) become absolute URLs that mean
//! something on paper. Footnote references point at the footnote, not at its sidenote copy.

use std::collections::HashMap;

use tera::Value;

use crate::config::Config;
use crate::content::{Content, Item, reading_order_from};
use crate::site::Site;

use super::views::{Fields, Views};

/// The template that renders `/print/`; without it the site has no print version.
pub(crate) const TEMPLATE: &str = "print.html";
/// Where the default language's print version lives; another language's is below its prefix
/// (`/en/print/`).
pub(crate) const PATH: &str = "/print/";

/// Where the print version of the language whose URLs start with `prefix` lives.
pub(crate) fn path(prefix: &str) -> String {
    format!("{prefix}{PATH}")
}

/// The site paths of every language's print version.
pub(crate) fn paths(config: &Config) -> Vec<String> {
    config.languages().iter().map(|l| path(&l.prefix)).collect()
}

/// The home section of the language `code`, if it has one.
pub(crate) fn home(content: &Content, code: &str) -> Option<usize> {
    let Some(Item::Section(root)) = content.by_rel.get("_index.md") else { return None };
    content.translations(Item::Section(*root)).iter().chain([&Item::Section(*root)]).find_map(|t| match *t {
        Item::Section(s) if content.sections[s].lang == code => Some(s),
        _ => None,
    })
}
/// The id prefix `markdown` gives the sidenote copy of a footnote (the note itself has the bare id).
const SIDENOTE_ID: &str = "sn-";

/// The id of an item's part of the document, and the prefix of the ids inside it.
fn anchor(path: &str) -> String {
    match path.trim_matches('/') {
        "" => "home".into(),
        trimmed => trimmed.replace('/', "-"),
    }
}

/// What the rewrite of one item's HTML needs.
pub(crate) struct Rewrite<'a> {
    /// The item's anchor: ids inside it become `{prefix}:{id}`.
    pub(crate) prefix: &'a str,
    /// The href of every page in the document (`/dossier/consensus/`) -> its anchor.
    pub(crate) anchors: &'a HashMap<String, String>,
    pub(crate) config: &'a Config,
}

/// Left in the rendered template where an item's content goes; [`Document::splice`] puts the
/// content there. The template gets this instead of the content so that rendering it holds no
/// page's HTML, and the pages' HTML is rewritten in parallel while the document is written out.
const MARKER: &str = "<!--dossier:print-item:";

/// The print document of a site: its reading order and where each page lands in it.
pub(crate) struct Document<'a> {
    site: &'a Site,
    order: Vec<(Item, usize)>,
    /// The href of every page in the document (`/dossier/consensus/`) -> its anchor.
    anchors: HashMap<String, String>,
}

impl<'a> Document<'a> {
    /// The document of the tree below section `home` (a language's home), in its reading order.
    pub(crate) fn new(site: &'a Site, home: usize) -> Document<'a> {
        let order = reading_order_from(&site.content, home);
        let anchors =
            order.iter().map(|(item, _)| (site.config.href(path_of(site, *item)), anchor(path_of(site, *item))));
        Document { site, anchors: anchors.collect(), order }
    }

    /// The items as template values, their `content` a marker for [`Document::splice`].
    pub(crate) fn items(&self, views: &Views) -> Vec<Value> {
        let content = &self.site.content;
        self.order
            .iter()
            .enumerate()
            .map(|(k, &(item, depth))| {
                let (value, template, title) = match item {
                    Item::Page(i) => (views.pages[i].clone(), super::page_template(content, i), None),
                    // A section made without a file is named as links to it are (its translation's title).
                    Item::Section(i) => (
                        views.sections[i].clone(),
                        super::section_template(content, i),
                        content.sections[i].meta.title.is_empty().then(|| super::views::link_title(self.site, i)),
                    ),
                };
                let fields = Fields::extend(value, 5);
                let fields = match title {
                    Some(title) => fields.put("title", title),
                    None => fields,
                };
                fields
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
    pub(crate) fn splice(&self, rendered: &[u8], out: &mut dyn std::io::Write) -> std::io::Result<()> {
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
pub(crate) fn sources(content: &Content) -> impl Iterator<Item = String> + '_ {
    content.pages.iter().map(|p| p.rel.clone()).chain(content.sections.iter().map(|s| s.rel.clone()))
}

/// One item's HTML (as our Markdown renderer writes it) made fit for the shared document.
pub(crate) fn rewrite(html: &str, rewrite: &Rewrite) -> String {
    let prefix = crate::markdown::escape(rewrite.prefix);
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(open) = memchr::memchr(b'<', rest.as_bytes()) {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        if rest.starts_with("<!--") {
            let end = find(rest.as_bytes(), b"-->").map_or(rest.len(), |e| e + 3);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        if tag.starts_with("</") || memchr::memchr(b'=', tag.as_bytes()).is_none() {
            out.push_str(tag);
        } else {
            rewrite_tag(tag, &prefix, rewrite, &mut out);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The length of the tag at the start of `text`, up to and including its `>` (quotes respected).
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    text.len()
}

/// `tag` with its `id`, `href` and id-reference attributes rewritten, added to `out`; `prefix` is
/// the item's anchor, escaped.
fn rewrite_tag(tag: &str, prefix: &str, rewrite: &Rewrite, out: &mut String) {
    let mut rest = tag;
    while let Some(eq) = attribute_value(rest) {
        let start = eq + 2;
        let Some(len) = memchr::memchr(b'"', &rest.as_bytes()[start..]) else { break };
        let before = &rest[..eq];
        let name = &before[before.rfind(|c: char| c.is_ascii_whitespace()).map_or(0, |i| i + 1)..];
        let value = &rest[start..start + len];
        out.push_str(&rest[..start]);
        match name {
            "id" => push_prefixed(out, prefix, value),
            "aria-describedby" | "aria-labelledby" | "for" => {
                for (k, id) in value.split_ascii_whitespace().enumerate() {
                    if k > 0 {
                        out.push(' ');
                    }
                    push_prefixed(out, prefix, id);
                }
            }
            "href" => out.push_str(&href(value, prefix, rewrite)),
            _ => out.push_str(value),
        }
        out.push('"');
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
}

/// Where the next `="` is (an attribute's quoted value begins).
fn attribute_value(text: &str) -> Option<usize> {
    memchr::memchr_iter(b'=', text.as_bytes()).find(|&i| text.as_bytes().get(i + 1) == Some(&b'"'))
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
