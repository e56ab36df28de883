//! Markdown to HTML with pulldown-cmark, plus what a dossier needs from the body: heading ids and a
//! nested table of contents, internal `@/` links resolved, root-relative links given the base path,
//! highlighted code, numbered source paragraphs, the summary and a Chinese-aware word count.
//!
//! This module knows nothing of tera or of the page tree: links are resolved through a callback,
//! and problems come back as [`Problem`]s with byte offsets into the body, for the caller to place.

pub mod count;
pub mod highlight;
pub mod slug;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::config::MarkdownConfig;
pub use highlight::Highlighter;

/// How to render one body.
pub struct RenderOptions<'a> {
    pub config: &'a MarkdownConfig,
    /// Prepended to root-relative links (`/consensus/` -> `/repo/consensus/`).
    pub base_path: &'a str,
    /// Give top-level paragraphs the ids `p1`, `p2`, … (the source text).
    pub number_paragraphs: bool,
    pub highlighter: &'a Highlighter,
}

/// Turns the path of an `@/path.md` link into the target's href, or says why it cannot.
pub type ResolveLink<'a> = dyn Fn(&str) -> Result<String, String> + Sync + 'a;

/// An entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<Heading>,
}

/// An `@/path.md#anchor` link found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// The content path, `consensus.md`.
    pub target: String,
    pub anchor: Option<String>,
    /// Byte offset in the body.
    pub offset: usize,
}

/// Something wrong in the body, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// The rendered body and what was learnt from it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The HTML before `<!-- more -->`, if the body has that marker.
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    /// Every id a link may point at: headings, numbered paragraphs.
    pub anchors: Vec<String>,
    pub links: Vec<InternalLink>,
    pub problems: Vec<Problem>,
    pub count: count::Count,
    /// Whether a code block was highlighted (the page needs the syntax stylesheets).
    pub highlighted: bool,
}

const MORE: &str = "<!-- more -->";

/// Render `body` to HTML.
pub fn render(body: &str, options: &RenderOptions, resolve: &ResolveLink) -> Rendered {
    let mut flags = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.config.smart_punctuation {
        flags |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut ids = slug::UniqueIds::default();
    let mut flat_toc: Vec<(u8, String, String)> = Vec::new();
    let mut heading: Option<OpenHeading> = None;
    let mut code: Option<(String, String)> = None;
    let mut depth = 0usize;
    let mut paragraphs = 0usize;

    for (event, range) in Parser::new_ext(body, flags).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { id, classes, attrs, .. }) => {
                heading = Some(OpenHeading {
                    explicit_id: id.map(|i| i.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    attrs: attrs.iter().map(|(k, v)| (k.to_string(), v.as_ref().map(|v| v.to_string()))).collect(),
                    placeholder: events.len(),
                    text: String::new(),
                });
                events.push(Event::Html(CowStr::Borrowed("")));
            }
            Event::End(TagEnd::Heading(level)) => {
                let Some(open) = heading.take() else { continue };
                let title = open.text.trim().to_string();
                let id = match open.explicit_id {
                    Some(id) => {
                        if !ids.claim(&id) {
                            out.problems.push(Problem {
                                offset: range.start,
                                message: format!("the heading id `{id}` is used twice on this page"),
                                hint: Some("give each heading its own `{#id}`".into()),
                            });
                        }
                        id
                    }
                    None => ids.unique(&slug::slugify(&title)),
                };
                events[open.placeholder] = Event::Html(open_heading_tag(level, &id, &open.classes, &open.attrs).into());
                events.push(Event::Html(format!("</{level}>\n").into()));
                flat_toc.push((level as u8, id.clone(), title));
                out.anchors.push(id);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split([' ', ',']).next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, text)) = code.take() {
                    let (html, highlighted) =
                        options.highlighter.code_block(&lang, &text, options.config.highlight_code);
                    out.highlighted |= highlighted;
                    events.push(Event::Html(html.into()));
                }
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, buffer)) = code.as_mut() {
                    buffer.push_str(&text);
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = rewrite_link(&dest_url, range.start, options.base_path, resolve, &mut out);
                events.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id }));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest = rewrite_link(&dest_url, range.start, options.base_path, resolve, &mut out);
                events.push(Event::Start(Tag::Image { link_type, dest_url: dest, title, id }));
            }
            Event::Start(Tag::Paragraph) if depth == 0 && options.number_paragraphs => {
                paragraphs += 1;
                out.anchors.push(format!("p{paragraphs}"));
                events.push(Event::Html(format!("<p id=\"p{paragraphs}\">").into()));
            }
            Event::Start(ref tag) => {
                if is_container(tag) {
                    depth += 1;
                }
                events.push(event);
            }
            Event::End(ref tag) => {
                if is_container_end(tag) {
                    depth = depth.saturating_sub(1);
                }
                events.push(event);
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                if let Some(open) = heading.as_mut() {
                    open.text.push_str(text);
                }
                out.count.add(text);
                events.push(event);
            }
            other => events.push(other),
        }
    }

    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out.summary = out.html.find(MORE).map(|i| out.html[..i].to_string());
    out.toc = nest(flat_toc);
    out
}

struct OpenHeading {
    explicit_id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<(String, Option<String>)>,
    placeholder: usize,
    text: String,
}

fn open_heading_tag(level: HeadingLevel, id: &str, classes: &[String], attrs: &[(String, Option<String>)]) -> String {
    let mut tag = format!("<{level} id=\"{}\"", escape(id));
    if !classes.is_empty() {
        tag.push_str(&format!(" class=\"{}\"", escape(&classes.join(" "))));
    }
    for (key, value) in attrs {
        match value {
            Some(v) => tag.push_str(&format!(" {}=\"{}\"", escape(key), escape(v))),
            None => tag.push_str(&format!(" {}", escape(key))),
        }
    }
    tag.push('>');
    tag
}

/// Escape text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

/// Blocks whose paragraphs are not top-level paragraphs.
fn is_container(tag: &Tag) -> bool {
    matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_) | Tag::Table(_))
}

fn is_container_end(tag: &TagEnd) -> bool {
    matches!(tag, TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition | TagEnd::Table)
}

/// `@/page.md#a` -> the page's href; `/x/` -> `{base_path}x/`; anything else unchanged.
fn rewrite_link<'a>(
    dest: &CowStr<'a>,
    offset: usize,
    base_path: &str,
    resolve: &ResolveLink,
    out: &mut Rendered,
) -> CowStr<'a> {
    if let Some(target) = dest.strip_prefix("@/") {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string())),
            None => (target, None),
        };
        return match resolve(path) {
            Ok(href) => {
                out.links.push(InternalLink { target: path.to_string(), anchor: anchor.clone(), offset });
                match anchor {
                    Some(a) => format!("{href}#{a}").into(),
                    None => href.into(),
                }
            }
            Err(message) => {
                out.problems.push(Problem {
                    offset,
                    message,
                    hint: Some(
                        "internal links name a file below content/, like @/overview.md or @/consensus.md#climate"
                            .into(),
                    ),
                });
                dest.clone()
            }
        };
    }
    if dest.starts_with('/') && !dest.starts_with("//") && base_path != "/" && !dest.starts_with(base_path) {
        return format!("{base_path}{}", &dest[1..]).into();
    }
    dest.clone()
}

/// Nest a flat list of headings by level into a tree.
fn nest(flat: Vec<(u8, String, String)>) -> Vec<Heading> {
    let mut root: Vec<Heading> = Vec::new();
    for (level, id, title) in flat {
        let heading = Heading { level, id, title, children: Vec::new() };
        insert(&mut root, heading);
    }
    root
}

fn insert(siblings: &mut Vec<Heading>, heading: Heading) {
    match siblings.last_mut() {
        Some(last) if last.level < heading.level => insert(&mut last.children, heading),
        _ => siblings.push(heading),
    }
}

#[cfg(test)]
mod tests;
