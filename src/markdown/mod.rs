//! Markdown to HTML with pulldown-cmark, plus what a dossier needs from the body: heading ids and a
//! nested table of contents, internal `@/` links resolved, root-relative links given the base path,
//! highlighted code, numbered source paragraphs, the site's shortcodes (rendered through a
//! callback, see `shortcode`) and the built-in `cite` and `quote` drawing on the source text,
//! entity names linked to their pages, footnotes as sidenotes, the summary, and a
//! length and reading time per script. Every link and mention keeps the sentence around it, for backlinks.
//!
//! This module knows nothing of tera or of the page tree: links are resolved through a callback,
//! entities come as an [`Annotator`], the source as [`SourceText`], and problems come back as
//! [`Problem`]s with byte offsets into the body, for the caller to place.

pub mod annotate;
mod context;
pub(crate) mod count;
mod escape;
pub mod highlight;
mod segment;
pub(crate) mod shortcode;
mod sidenote;
pub(crate) mod slug;

use std::collections::HashSet;

use crate::content::front_matter::AnchorLinks;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeWithOffset};
use serde::Serialize;

use crate::config::{MarkdownConfig, Mentions};
pub(crate) use annotate::Annotator;
pub(crate) use escape::{escape, escape_with};
pub(crate) use highlight::Highlighter;
pub use shortcode::{Invocation, Kind, RenderShortcode, Shortcodes};

/// How to render one body.
pub struct RenderOptions<'a> {
    pub config: &'a MarkdownConfig,
    /// Prepended to root-relative links (`/consensus/` -> `/repo/consensus/`).
    pub base_path: &'a str,
    /// Give top-level paragraphs the ids `p1`, `p2`, … (the source text).
    pub number_paragraphs: bool,
    pub highlighter: &'a Highlighter,
    /// The sources `cite` and `quote` draw on (`None`: the site names none).
    pub sources: Option<&'a Sources>,
    /// Entity names to link.
    pub annotator: Option<&'a Annotator>,
    /// The entity whose own page this is: its names are not linked here.
    pub own_entity: Option<usize>,
    /// The words the engine writes around citations, in the page's language.
    pub labels: &'a Labels,
    /// Links beside the headings to themselves (the page's `insert_anchor_links`).
    pub anchor_links: AnchorLinks,
    /// The size of an image's file, for `width`, `height` and `srcset` (`None`: not looked up).
    pub images: Option<&'a ImageLookup<'a>>,
    /// The site's shortcodes (`None`: only the built-in ones).
    pub shortcodes: Option<&'a Shortcodes<'a>>,
}

/// What a Markdown image's file gives its `<img>`: its size, and smaller copies (each one's URL
/// and width) for `srcset`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageSize {
    pub width: u32,
    pub height: u32,
    pub smaller: Vec<(String, u32)>,
}

/// Looks up an image's destination as written; `Ok(None)` leaves the image as pulldown-cmark
/// writes it, an error is a problem at the image.
pub type ImageLookup<'a> = dyn Fn(&str) -> Result<Option<ImageSize>, String> + Sync + 'a;

/// The engine's words in a body, from the i18n table of the page's language; `{n}` is the
/// paragraph number.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// The link a `cite` makes (`出处 ¶{n}`, `Source ¶{n}`).
    pub cite: String,
    /// The link under a block `quote` (`原文 ¶{n}`, `Original ¶{n}`).
    pub quote: String,
    /// The line under a block quote around that link, `{link}` (`——{link}`, `— {link}`).
    pub quote_source: String,
    /// `cite`'s link when the site has several sources, `{source}` its title (`出处：{source} ¶{n}`).
    pub cite_in: String,
    /// `quote`'s link when the site has several sources (`原文：{source} ¶{n}`).
    pub quote_in: String,
    /// Between a name and what follows it, in an entity's popover (`：`, `: `).
    pub label_colon: String,
    /// What a quote of a translated source says it is (`our translation`).
    pub quote_translated: String,
    /// What the original beside such a quote is called (`Original`).
    pub source_original: String,
}

impl Labels {
    /// The engine's keys in `table` (checked to be there by the build: missing ones are empty).
    pub fn from_table(table: &crate::i18n::Table) -> Labels {
        let get = |key| table.get(key).unwrap_or_default().to_string();
        Labels {
            cite: get("cite"),
            quote: get("quote"),
            quote_source: get("quote_source"),
            cite_in: get("cite_in"),
            quote_in: get("quote_in"),
            label_colon: get("label_colon"),
            quote_translated: get("quote_translated"),
            source_original: get("source_original"),
        }
    }

    /// The keys [`Labels::from_table`] reads when a page quotes a translated source.
    pub const KEYS_TRANSLATED: [&'static str; 2] = ["quote_translated", "source_original"];

    /// The keys [`Labels::from_table`] reads for every site with a source.
    pub const KEYS: [&'static str; 3] = ["cite", "quote", "quote_source"];

    /// The keys it reads too when the site has several sources.
    pub const KEYS_SEVERAL: [&'static str; 2] = ["cite_in", "quote_in"];

    /// The link text of a citation of paragraph `n` of `source`, as HTML: `one` (`cite`,
    /// `quote`) when the site has one source, else `several` (`cite_in`, `quote_in`) naming it.
    fn of(one: &str, several: &str, n: usize, source: &SourceText, sources: &Sources) -> String {
        escape(&Labels::text_of(one, several, n, source, sources))
    }

    /// [`Labels::of`] as text.
    fn text_of(one: &str, several: &str, n: usize, source: &SourceText, sources: &Sources) -> String {
        if sources.several() {
            several.replace("{source}", source.title_or_name()).replace("{n}", &n.to_string())
        } else {
            one.replace("{n}", &n.to_string())
        }
    }
}

/// The sources `cite` and `quote` draw on, each in the citing page's language.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Every source, in the order the site lists them.
    pub list: Vec<SourceText>,
    /// The source `cite(p=N)` without `src` draws on: none when the site has several and none is
    /// the default.
    pub default: Option<usize>,
}

impl Sources {
    /// Whether the site has more than one source (citations then say which).
    pub fn several(&self) -> bool {
        self.list.len() > 1
    }

    /// The names of the sources, for a hint: `a`, `b`.
    fn names(&self) -> String {
        self.list.iter().map(|s| format!("`{}`", s.name)).collect::<Vec<_>>().join(", ")
    }
}

/// A source text: its name, title, href and the plain text of its numbered paragraphs.
#[derive(Debug, Clone, Default)]
pub struct SourceText {
    /// What `src="…"` names it by: its file stem (`sources/xinhua.md` -> `xinhua`).
    pub name: String,
    /// Its title, which citations show when the site has several sources.
    pub title: String,
    pub href: String,
    /// Paragraph `n` is at index `n - 1`.
    pub paragraphs: Vec<String>,
    /// The source page site.toml names could not be loaded. That is reported once, there, so
    /// `cite` and `quote` stay as written without a problem each.
    pub missing: bool,
    /// The source's language when the citing page is in another (no translation into the page's
    /// language): links to it get `hreflang`, text quoted from it `lang`.
    pub lang: Option<String>,
    /// When this text is a translation: the original's language and paragraphs, which a quote
    /// shows beside the translated words it quotes.
    pub original: Option<(String, Vec<String>)>,
}

impl SourceText {
    fn title_or_name(&self) -> &str {
        if self.title.is_empty() { &self.name } else { &self.title }
    }

    /// ` title="…"` naming the source on a link to it, when the site has several.
    fn title_attr(&self, sources: &Sources) -> String {
        if sources.several() { format!(" title=\"{}\"", escape(self.title_or_name())) } else { String::new() }
    }

    /// ` hreflang="…"` for a link to the source, when it is in another language.
    fn hreflang(&self) -> String {
        self.lang.as_deref().map_or(String::new(), |l| format!(" hreflang=\"{}\"", escape(l)))
    }

    /// ` lang="…"` for text quoted from the source, when it is in another language.
    fn lang_attr(&self) -> String {
        self.lang.as_deref().map_or(String::new(), |l| format!(" lang=\"{}\"", escape(l)))
    }
}

/// Turns the path of an `@/path.md` link into the target, or says why it cannot.
pub type ResolveLink<'a> = dyn Fn(&str) -> Result<Resolved, String> + Sync + 'a;

/// Where an `@/` link goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    pub href: String,
    /// The target's language when it is not the linking page's: the link gets `hreflang`.
    pub hreflang: Option<String>,
}

impl From<String> for Resolved {
    fn from(href: String) -> Resolved {
        Resolved { href, hreflang: None }
    }
}

/// An entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) children: Vec<Heading>,
}

/// An `@/path.md#anchor` link found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InternalLink {
    /// The content path, `consensus.md`.
    pub(crate) target: String,
    pub(crate) anchor: Option<String>,
    /// Byte offset in the body.
    pub(crate) offset: usize,
    /// Line and column in the file, for the caller to fill in (the body's text may be gone by the
    /// time links are checked); `(0, 0)` until then.
    pub(crate) line_col: (usize, usize),
    /// The sentence the link stands in.
    pub(crate) context: String,
}

/// The first linkable mention of an entity on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    pub(crate) entity: usize,
    pub(crate) context: String,
}

/// Something wrong in the body, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

/// The rendered body and what was learnt from it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// Empty when the caller moved it elsewhere (`site::Bodies`).
    pub(crate) html: String,
    /// The HTML before `<!-- more -->`, if the body has that marker.
    pub(crate) summary: Option<String>,
    pub(crate) toc: Vec<Heading>,
    /// Every id a link may point at: headings, numbered paragraphs.
    pub(crate) anchors: Vec<String>,
    pub(crate) links: Vec<InternalLink>,
    /// Source paragraphs cited with `cite` or `quote`: the source's name and the number.
    pub(crate) citations: Vec<(String, u32)>,
    pub(crate) mentions: Vec<Mention>,
    /// The entity names found in linkable text (indices into [`Annotator::names`]), each once.
    pub(crate) names: Vec<u32>,
    /// Plain text of the numbered paragraphs (the source page only).
    pub(crate) paragraphs: Vec<String>,
    /// Where each numbered paragraph starts: its byte offset in the body, then (the caller fills
    /// it in, as for links) its line and column in the file.
    pub(crate) paragraph_at: Vec<(usize, (usize, usize))>,
    pub problems: Vec<Problem>,
    pub(crate) count: count::Count,
    /// Whether a code block was highlighted (the page needs the syntax stylesheets).
    pub(crate) highlighted: bool,
    /// Where each numbered paragraph's "used by" list goes, in order: (byte offset in `html`,
    /// the paragraph's number). The pages using a paragraph are known once every page is
    /// rendered; [`fill_uses`] puts the lists in.
    pub(crate) uses: Vec<(usize, u32)>,
}

const MORE: &str = "<!-- more -->";
/// What the marker becomes in the page: the summary's end, for templates to split at or link to.
pub(crate) const CONTINUE: &str = "<span id=\"continue-reading\"></span>";

/// Put `html_for(n)` where numbered paragraph `n`'s "used by" list goes (`uses`, from the same
/// render as `html`).
pub(crate) fn fill_uses(html: &str, uses: &[(usize, u32)], html_for: impl Fn(usize) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut written = 0;
    for &(at, n) in uses {
        let Some(before) = html.get(written..at) else { continue };
        out.push_str(before);
        out.push_str(&html_for(n as usize));
        written = at;
    }
    out.push_str(&html[written..]);
    out
}

const FLAGS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_HEADING_ATTRIBUTES);

/// Render `body` to HTML: the site's shortcodes expanded first, then the Markdown; every offset
/// in the result is the body's.
pub fn render(body: &str, options: &RenderOptions, resolve: &ResolveLink) -> Rendered {
    let mut problems = Vec::new();
    let Some(expanded) = shortcode::expand(body, options.shortcodes, || code_ranges(body), &mut problems) else {
        return render_text(body, options, resolve, Vec::new());
    };
    let mut rendered = render_text(&expanded.text, options, resolve, expanded.inserted.clone());
    for problem in &mut rendered.problems {
        problem.offset = expanded.source_offset(problem.offset);
    }
    for link in &mut rendered.links {
        link.offset = expanded.source_offset(link.offset);
    }
    for (offset, _) in &mut rendered.paragraph_at {
        *offset = expanded.source_offset(*offset);
    }
    rendered.problems.extend(problems);
    rendered.problems.sort_by_key(|p| p.offset);
    rendered
}

/// The byte ranges of `body`'s code spans and code blocks, in order.
fn code_ranges(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut events = Parser::new_ext(body, FLAGS).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Code(_) => ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => {
                ranges.push(range);
                // The block's text events lie inside the range just taken.
                for (event, _) in events.by_ref() {
                    if matches!(event, Event::End(TagEnd::CodeBlock)) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    ranges
}

/// Render Markdown whose placeholders stand for `inserted`.
fn render_text(
    body: &str,
    options: &RenderOptions,
    resolve: &ResolveLink,
    inserted: Vec<shortcode::Inserted>,
) -> Rendered {
    if !options.config.smart_punctuation {
        return render_events(Parser::new_ext(body, FLAGS).into_offset_iter(), options, resolve, inserted);
    }
    let events = Parser::new_ext(body, FLAGS | Options::ENABLE_SMART_PUNCTUATION).into_offset_iter();
    let calls = if shortcode::may_hold_call(body) { shortcode::spans(body) } else { Vec::new() };
    render_events(
        events.map(|(event, range)| (straight_in_calls(event, &range, body, &calls), range)),
        options,
        resolve,
        inserted,
    )
}

/// An image's `<img>` as pulldown-cmark writes it, with the file's size and smaller copies added.
fn image_html(open: OpenImage, sizes: &str) -> String {
    let mut html = String::new();
    let events = [open.start, Event::Text(open.alt.into()), Event::End(TagEnd::Image)];
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let Some(head) = html.strip_suffix(" />") else { return html };
    let ImageSize { width, height, smaller } = open.size;
    let mut img = format!("{head} width=\"{width}\" height=\"{height}\"");
    if !smaller.is_empty() {
        // The source at its own width is the largest candidate; its URL as written above.
        let src = head.split_once("src=\"").and_then(|(_, rest)| rest.split_once('"')).map_or("", |(src, _)| src);
        let candidates: Vec<String> = smaller
            .iter()
            .map(|(url, w)| format!("{} {w}w", escape(url)))
            .chain(std::iter::once(format!("{src} {width}w")))
            .collect();
        img.push_str(&format!(" srcset=\"{}\" sizes=\"{}\"", candidates.join(", "), escape(sizes)));
    }
    img.push_str(" />");
    img
}

fn render_events<'b>(
    events: impl Iterator<Item = (Event<'b>, std::ops::Range<usize>)>,
    options: &RenderOptions,
    resolve: &ResolveLink,
    inserted: Vec<shortcode::Inserted>,
) -> Rendered {
    let mut input = TextMergeWithOffset::new(events).peekable();
    let mut r = Renderer::new(options, resolve);
    r.inserted = inserted;
    while let Some((event, range)) = input.next() {
        r.event(event, range, input.peek().map(|(e, _)| e));
    }
    r.finish()
}

/// Smart punctuation undone inside shortcode calls: the quotes and dashes pulldown-cmark made of
/// `"`, `'`, `--` and `...` within `calls` (byte ranges of `body`, in order) are given back as
/// written, so `{{ quote(p=3, s="1-2") }}` keeps the straight quotes its arguments need while the
/// text around it is curled. Each such character is an event of its own, whose range is the
/// source it stands for.
fn straight_in_calls<'b>(
    event: Event<'b>,
    range: &std::ops::Range<usize>,
    body: &'b str,
    calls: &[std::ops::Range<usize>],
) -> Event<'b> {
    let Event::Text(text) = &event else { return event };
    let i = calls.partition_point(|call| call.end <= range.start);
    let inside = calls.get(i).is_some_and(|call| call.start <= range.start && range.end <= call.end);
    let written = &body[range.clone()];
    if inside
        && **text != *written
        && !written.is_empty()
        && written.bytes().all(|b| matches!(b, b'"' | b'\'' | b'-' | b'.'))
    {
        return Event::Text(CowStr::Borrowed(written));
    }
    event
}

/// The state of one render of a body that lives for `'b`: the events written borrow its text.
struct Renderer<'o, 'a, 'b> {
    options: &'o RenderOptions<'a>,
    resolve: &'o ResolveLink<'o>,
    out: Rendered,
    events: Vec<Event<'b>>,
    ids: slug::UniqueIds,
    flat_toc: Vec<(u8, String, String)>,
    heading: Option<OpenHeading>,
    code: Option<(String, String)>,
    /// Nesting of blocks whose paragraphs are not top-level paragraphs.
    depth: usize,
    /// Nesting of links: no entity links inside links.
    in_link: usize,
    /// For each open link, whether it was written as HTML (it has `hreflang`).
    links_open: Vec<bool>,
    paragraphs: usize,
    /// The numbered paragraph being read, and its text so far.
    numbered: Option<String>,
    /// A paragraph that was replaced by a block quote: drop its end tag.
    drop_paragraph_end: bool,
    linked: HashSet<usize>,
    context: context::Tracker,
    /// The events standing for the "used by" lists: (index in `events`, paragraph number).
    uses: Vec<(usize, u32)>,
    /// An image whose file's size is known, until its end: written as one `<img>` then.
    image: Option<OpenImage<'b>>,
    /// What the placeholders of the expanded body stand for (taken as they are met).
    inserted: Vec<shortcode::Inserted>,
    /// The index in `events` of the open paragraph's start, and of the shortcode HTML that was
    /// the first thing in it: a paragraph holding only that is written without `<p>`.
    paragraph_start: Option<usize>,
    lone_html: Option<usize>,
    /// Calls of `cite` and `quote` so far, for a template's `nth`.
    nth: [usize; 2],
}

/// An image being read: its start tag, its alt text so far, the images nested in its alt text.
struct OpenImage<'b> {
    start: Event<'b>,
    alt: String,
    nested: usize,
    size: ImageSize,
}

impl<'o, 'a, 'b> Renderer<'o, 'a, 'b> {
    fn new(options: &'o RenderOptions<'a>, resolve: &'o ResolveLink<'o>) -> Self {
        Renderer {
            options,
            resolve,
            out: Rendered::default(),
            events: Vec::new(),
            ids: slug::UniqueIds::default(),
            flat_toc: Vec::new(),
            heading: None,
            code: None,
            depth: 0,
            in_link: 0,
            links_open: Vec::new(),
            paragraphs: 0,
            numbered: None,
            drop_paragraph_end: false,
            linked: HashSet::new(),
            context: context::Tracker::default(),
            uses: Vec::new(),
            image: None,
            inserted: Vec::new(),
            paragraph_start: None,
            lone_html: None,
            nth: [0; 2],
        }
    }

    /// One event of pulldown-cmark, handed to the method for its kind.
    fn event(&mut self, event: Event<'b>, range: std::ops::Range<usize>, next: Option<&Event>) {
        if self.image.is_some() {
            return self.image_inner(event);
        }
        match event {
            Event::Start(Tag::Heading { id, classes, attrs, .. }) => self.start_heading(id, &classes, &attrs),
            Event::End(TagEnd::Heading(level)) => self.end_heading(level, range.start),
            Event::Start(Tag::CodeBlock(kind)) => self.start_code_block(kind),
            Event::End(TagEnd::CodeBlock) => self.end_code_block(),
            Event::Text(text) if self.code.is_some() => {
                if let Some((_, buffer)) = self.code.as_mut() {
                    buffer.push_str(&text);
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.in_link += 1;
                let (dest, hreflang) = self.rewrite_link(&dest_url, range.start);
                match hreflang {
                    // pulldown-cmark writes no attributes but href and title: a link into another
                    // language is written whole, as it would be with `hreflang` added.
                    Some(lang) => {
                        let start = Event::Start(Tag::Link { link_type, dest_url: dest, title, id });
                        let mut a = String::new();
                        pulldown_cmark::html::push_html(&mut a, std::iter::once(start));
                        let a = a.replacen("<a ", &format!("<a hreflang=\"{}\" ", escape(&lang)), 1);
                        self.links_open.push(true);
                        self.events.push(Event::InlineHtml(a.into()));
                    }
                    None => {
                        self.links_open.push(false);
                        self.events.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id }));
                    }
                }
            }
            Event::End(TagEnd::Link) => {
                self.in_link = self.in_link.saturating_sub(1);
                if self.links_open.pop() == Some(true) {
                    self.events.push(Event::InlineHtml("</a>".into()));
                } else {
                    self.events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let size = self.image_size(&dest_url, range.start);
                let (dest, _) = self.rewrite_link(&dest_url, range.start);
                let start = Event::Start(Tag::Image { link_type, dest_url: dest, title, id });
                match size {
                    Some(size) => self.image = Some(OpenImage { start, alt: String::new(), nested: 0, size }),
                    None => self.events.push(start),
                }
            }
            Event::Start(Tag::Paragraph) => self.start_paragraph(range.start, next),
            Event::End(TagEnd::Paragraph) => self.end_paragraph(),
            Event::Text(_) if self.drop_paragraph_end => {}
            Event::Text(text) => self.text(text, range.start),
            Event::Code(text) => {
                self.note_text(&text);
                self.events.push(Event::Code(text));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.note_text("\n");
                self.events.push(event);
            }
            Event::Start(tag) => self.start_block(tag),
            Event::End(tag) => self.end_block(tag),
            other => self.events.push(other),
        }
    }

    /// The size of the file an image shows, when it is a local file.
    fn image_size(&mut self, dest: &str, offset: usize) -> Option<ImageSize> {
        let lookup = self.options.images?;
        match lookup(dest) {
            Ok(size) => size,
            Err(message) => {
                let hint = "a page's images sit beside its index.md (a page bundle) or in static/ (written /img/x.png)";
                self.problem(offset, message, hint);
                None
            }
        }
    }

    /// An event inside an image whose size is known: its text joins the alt text (as
    /// pulldown-cmark writes it); at its end the `<img>` is written with `width`, `height` and,
    /// with smaller copies, `srcset` and `sizes`.
    fn image_inner(&mut self, event: Event<'b>) {
        let Some(open) = self.image.as_mut() else { return };
        match event {
            Event::Start(Tag::Image { .. }) => open.nested += 1,
            Event::End(TagEnd::Image) if open.nested > 0 => open.nested -= 1,
            Event::End(TagEnd::Image) => {
                let Some(open) = self.image.take() else { return };
                let html = image_html(open, &self.options.config.image_sizes);
                self.events.push(Event::InlineHtml(html.into()));
            }
            Event::Text(text)
            | Event::Code(text)
            | Event::Html(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => open.alt.push_str(&text),
            Event::SoftBreak | Event::HardBreak | Event::Rule => open.alt.push(' '),
            Event::FootnoteReference(name) => {
                open.alt.push('[');
                open.alt.push_str(&name);
                open.alt.push(']');
            }
            _ => {}
        }
    }

    /// A heading's tag waits for its text: a placeholder now, the tag with its id at the end.
    fn start_heading(&mut self, id: Option<CowStr>, classes: &[CowStr], attrs: &[(CowStr, Option<CowStr>)]) {
        self.context.block(&mut self.out);
        self.heading = Some(OpenHeading {
            explicit_id: id.map(|i| i.to_string()),
            classes: classes.iter().map(|c| c.to_string()).collect(),
            attrs: attrs.iter().map(|(k, v)| (k.to_string(), v.as_ref().map(|v| v.to_string()))).collect(),
            placeholder: self.events.len(),
            text: String::new(),
        });
        self.events.push(Event::Html(CowStr::Borrowed("")));
    }

    fn end_heading(&mut self, level: HeadingLevel, offset: usize) {
        let Some(open) = self.heading.take() else { return };
        let title = open.text.trim().to_string();
        let id = match open.explicit_id {
            Some(id) => {
                if !self.ids.claim(&id) {
                    self.problem(
                        offset,
                        format!("the heading id `{id}` is used twice on this page"),
                        "give each heading its own `{#id}`",
                    );
                }
                id
            }
            None => self.ids.unique(&slug::heading_id(&title, self.options.config.heading_ids)),
        };
        let mut open_tag = open_heading_tag(level, &id, &open.classes, &open.attrs);
        let anchor = format!("<a class=\"anchor-link\" href=\"#{}\" data-pagefind-ignore>", escape(&id));
        let mut close = format!("</{level}>\n");
        match self.options.anchor_links {
            AnchorLinks::None => {}
            AnchorLinks::Left => open_tag.push_str(&format!("{anchor}#</a> ")),
            AnchorLinks::Right => close.insert_str(0, &format!(" {anchor}#</a>")),
            AnchorLinks::Heading => {
                open_tag.push_str(&anchor.replace(" data-pagefind-ignore", ""));
                close.insert_str(0, "</a>");
            }
        }
        self.events[open.placeholder] = Event::Html(open_tag.into());
        self.events.push(Event::Html(close.into()));
        self.flat_toc.push((level as u8, id.clone(), title));
        self.out.anchors.push(id);
        self.context.block(&mut self.out);
    }

    fn start_code_block(&mut self, kind: CodeBlockKind) {
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split([' ', ',']).next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.code = Some((lang, String::new()));
    }

    fn end_code_block(&mut self) {
        if let Some((lang, text)) = self.code.take() {
            let (html, highlighted) = if self.options.config.highlight_code {
                self.options.highlighter.code_block(&lang, &text)
            } else {
                (highlight::plain_block(&lang, &text), false)
            };
            self.out.highlighted |= highlighted;
            self.events.push(Event::Html(html.into()));
        }
    }

    /// A paragraph: a block quote of the source when it is only a `quote` call, numbered when the
    /// page numbers its top-level paragraphs, else as written.
    fn start_paragraph(&mut self, offset: usize, next: Option<&Event>) {
        self.context.block(&mut self.out);
        (self.paragraph_start, self.lone_html) = (None, None);
        if self.quote_paragraph(offset, next) {
            return;
        }
        if self.depth == 0 && self.options.number_paragraphs {
            self.paragraphs += 1;
            self.out.anchors.push(format!("p{}", self.paragraphs));
            self.out.paragraph_at.push((offset, (0, 0)));
            self.numbered = Some(String::new());
            self.events.push(Event::Html(format!("<p id=\"p{}\">", self.paragraphs).into()));
        } else {
            self.paragraph_start = Some(self.events.len());
            self.events.push(Event::Start(Tag::Paragraph));
        }
    }

    /// Makes the paragraph whose first event is `next` a block quote when it is only a `quote`
    /// call; its text and its end are then dropped.
    fn quote_paragraph(&mut self, offset: usize, next: Option<&Event>) -> bool {
        let (Some(Event::Text(text)), Some(_)) = (next, self.options.sources) else { return false };
        let Some(html) = self.block_quote(text, offset) else { return false };
        self.events.push(Event::Html(html.into()));
        self.drop_paragraph_end = true;
        true
    }

    fn end_paragraph(&mut self) {
        self.context.block(&mut self.out);
        if std::mem::take(&mut self.drop_paragraph_end) {
            return;
        }
        // A paragraph that is only an HTML shortcode's output is that output, a block of its own.
        if let (Some(start), Some(html)) = (self.paragraph_start.take(), self.lone_html.take())
            && html == start + 1
            && self.events.len() == html + 1
        {
            self.events.remove(start);
            if let Some(Event::InlineHtml(h)) = self.events.pop() {
                let block = if h.ends_with('\n') { h } else { format!("{h}\n").into() };
                self.events.push(Event::Html(block));
            }
            return;
        }
        self.events.push(Event::End(TagEnd::Paragraph));
        if let Some(text) = self.numbered.take() {
            self.out.paragraphs.push(text.trim().to_string());
            self.uses.push((self.events.len(), self.paragraphs as u32));
            self.events.push(Event::Html(CowStr::Borrowed(USES_PLACEHOLDER)));
        }
    }

    /// Any other tag's start: a text block ends the running context, a container nests a level.
    fn start_block(&mut self, tag: Tag<'b>) {
        if is_text_block(&tag) {
            self.context.block(&mut self.out);
        }
        if is_container(&tag) {
            self.depth += 1;
        }
        self.events.push(Event::Start(tag));
    }

    fn end_block(&mut self, tag: TagEnd) {
        if is_text_block_end(&tag) {
            self.context.block(&mut self.out);
        }
        if is_container_end(&tag) {
            self.depth = self.depth.saturating_sub(1);
        }
        self.events.push(Event::End(tag));
    }

    /// Text a reader reads: counted, kept for headings, contexts and numbered paragraphs.
    fn note_text(&mut self, text: &str) {
        if let Some(open) = self.heading.as_mut() {
            open.text.push_str(text);
        }
        if let Some(paragraph) = self.numbered.as_mut() {
            paragraph.push_str(text);
        }
        self.context.push(text);
        self.out.count.add(text);
    }

    /// Plain text: placeholders given what they stand for, shortcodes expanded, entity names linked.
    fn text(&mut self, text: CowStr<'b>, offset: usize) {
        if !self.inserted.is_empty() && text.contains(shortcode::PLACE_OPEN) {
            return self.text_with_placeholders(text, offset);
        }
        if !shortcode::may_hold_call(&text) {
            return self.annotated(text);
        }
        match text {
            CowStr::Borrowed(body) => self.text_with_calls(body, offset, CowStr::Borrowed),
            merged => self.text_with_calls(&merged, offset, |piece| piece.to_string().into()),
        }
    }

    /// Text with placeholders of the expanded body: each one's HTML or text in its place.
    fn text_with_placeholders(&mut self, text: CowStr<'b>, offset: usize) {
        let mut rest = 0;
        while let Some(open) = text[rest..].find(shortcode::PLACE_OPEN).map(|i| rest + i) {
            let digits = open + shortcode::PLACE_OPEN.len_utf8();
            let Some(close) = text[digits..].find(shortcode::PLACE_CLOSE).map(|i| digits + i) else { break };
            let Some(index) = text[digits..close].parse::<usize>().ok().filter(|i| *i < self.inserted.len()) else {
                break;
            };
            if open > rest {
                self.text(part(&text, rest..open), offset + rest);
            }
            match std::mem::replace(&mut self.inserted[index], shortcode::Inserted::Text(String::new())) {
                shortcode::Inserted::Html(html) => {
                    if self.paragraph_start.is_some_and(|start| start + 1 == self.events.len()) {
                        self.lone_html = Some(self.events.len());
                    }
                    self.events.push(Event::InlineHtml(html.into()));
                }
                shortcode::Inserted::Text(words) => {
                    self.note_text(&words);
                    self.events.push(Event::Text(words.into()));
                }
            }
            rest = close + shortcode::PLACE_CLOSE.len_utf8();
        }
        if rest < text.len() {
            let tail = part(&text, rest..text.len());
            if tail.contains(shortcode::PLACE_OPEN) {
                // A placeholder this body did not make: its text, as written.
                self.annotated(tail);
            } else {
                self.text(tail, offset + rest);
            }
        }
    }

    /// Text that may hold shortcodes; `own` makes a plain piece of it an event's text (borrowed
    /// when `text` is the body's, a copy when pulldown-cmark merged it).
    fn text_with_calls<'t>(&mut self, text: &'t str, offset: usize, own: impl Fn(&'t str) -> CowStr<'b>) {
        let pieces = match shortcode::split(text) {
            Ok(pieces) => pieces,
            Err(bad) => {
                self.problem(
                    offset + bad.offset,
                    bad.message,
                    "see the shortcodes in the README: cite(p=N), quote(p=N)",
                );
                vec![shortcode::Piece::Text(text)]
            }
        };
        for piece in pieces {
            match piece {
                shortcode::Piece::Text(t) => self.annotated(own(t)),
                shortcode::Piece::Call(call) => self.inline_call(&call, offset),
            }
        }
    }

    fn annotated(&mut self, text: CowStr<'b>) {
        let annotator = match self.options.annotator {
            Some(a) if self.heading.is_none() && self.in_link == 0 => a,
            _ => {
                self.note_text(&text);
                self.events.push(Event::Text(text));
                return;
            }
        };
        let mut rest = 0;
        for (start, end, entity, name) in annotator.find(&text) {
            self.out.names.push(name as u32);
            if Some(entity) == self.options.own_entity {
                continue;
            }
            let first = self.linked.insert(entity);
            if first {
                self.context.mark_mention(&mut self.out, entity, start - rest);
            }
            if !first && annotator.mentions != Mentions::All {
                continue;
            }
            self.note_text(&text[rest..start]);
            self.events.push(Event::Text(part(&text, rest..start)));
            let target = &annotator.targets[entity];
            let id = format!("m{}-{}", entity, self.events.len());
            self.events.push(Event::Html(
                format!(
                    "<span class=\"mention\"><a class=\"entity\" href=\"{}\" aria-describedby=\"{id}\">",
                    escape(&target.href)
                )
                .into(),
            ));
            self.note_text(&text[start..end]);
            self.events.push(Event::Text(part(&text, start..end)));
            self.events.push(Event::Html(
                format!(
                    "</a><span class=\"popover\" role=\"tooltip\" id=\"{id}\" data-pagefind-ignore><strong>{}</strong>{}{}</span></span>",
                    escape(&target.title),
                    if target.summary.is_empty() { String::new() } else { escape(&self.options.labels.label_colon) },
                    escape(&target.summary)
                )
                .into(),
            ));
            rest = end;
        }
        self.note_text(&text[rest..]);
        self.events.push(Event::Text(part(&text, rest..text.len())));
    }

    /// A shortcode inside running text.
    fn inline_call(&mut self, call: &shortcode::Call, offset: usize) {
        let at = offset + call.offset;
        let Some((n, source, sources)) = self.cited_paragraph(call, at) else {
            self.events.push(Event::Text(call.raw.to_string().into()));
            return;
        };
        let href = format!("{}#p{n}", source.href);
        let labels = self.options.labels;
        match call.name {
            "cite" => {
                let html = format!(
                    "<a class=\"cite\" href=\"{}\"{}{} data-pagefind-ignore>{}</a>",
                    escape(&href),
                    source.hreflang(),
                    source.title_attr(sources),
                    Labels::of(&labels.cite, &labels.cite_in, n, source, sources)
                );
                let label = Labels::text_of(&labels.cite, &labels.cite_in, n, source, sources);
                let args = resolved(call, n, source, &href, label, None);
                if let Some(html) = self.built_in_html("cite", at, args, html) {
                    self.events.push(Event::Html(html.into()));
                }
            }
            _ => {
                let Some(text) = self.quoted_text(call, n, source, at) else { return };
                self.note_text(&text);
                // A translation's words carry the original's in their title, and say they are ours.
                let (class, title) = match original_of(call, n, source) {
                    Some((_, original)) => (
                        "source-quote source-quote--translated",
                        format!(" title=\"{}: {}\"", escape(&self.options.labels.quote_translated), escape(&original)),
                    ),
                    None => ("source-quote", String::new()),
                };
                let html = format!(
                    "<q class=\"{class}\" cite=\"{0}\"{2}{title}>{1}</q><a class=\"cite\" href=\"{0}\"{3}{4} data-pagefind-ignore>¶{n}</a>",
                    escape(&href),
                    escape(&text),
                    source.lang_attr(),
                    source.hreflang(),
                    source.title_attr(sources)
                );
                let label = Labels::text_of(&labels.quote, &labels.quote_in, n, source, sources);
                let args = resolved(call, n, source, &href, label, Some((&text, false)));
                if let Some(html) = self.built_in_html("quote", at, args, html) {
                    self.events.push(Event::Html(html.into()));
                }
            }
        }
    }

    /// The HTML of a built-in shortcode: `default`, or what the site's template for it makes of
    /// `args` (what the engine resolved, and `default` as `html`); `None` when the template fails.
    fn built_in_html(&mut self, name: &str, at: usize, mut args: toml::Table, default: String) -> Option<String> {
        let Some(site) = self.options.shortcodes.filter(|s| s.kinds.contains_key(name)) else { return Some(default) };
        let nth = &mut self.nth[usize::from(name == "quote")];
        *nth += 1;
        let nth = *nth;
        args.insert("html".into(), default.into());
        match (site.render)(&Invocation { name, args: &args, body: None, nth }) {
            Ok(html) => Some(html),
            Err(message) => {
                let hint = format!("fix the site's templates/shortcodes/{name}.html");
                self.problem(at, format!("the shortcode `{name}` failed: {message}"), &hint);
                None
            }
        }
    }

    /// A paragraph that is only a `quote` call becomes a block quote of the source text.
    fn block_quote(&mut self, text: &str, offset: usize) -> Option<String> {
        let pieces = shortcode::split(text).ok()?;
        let mut calls = pieces.iter().filter(|p| !matches!(p, shortcode::Piece::Text(t) if t.trim().is_empty()));
        let (Some(shortcode::Piece::Call(call)), None) = (calls.next(), calls.next()) else { return None };
        if call.name != "quote" {
            return None;
        }
        let at = offset + call.offset;
        // A quote that cannot be made is reported once, here, and shown as written.
        let shown_as_written = || format!("<p>{}</p>\n", escape(call.raw));
        let Some((n, source, sources)) = self.cited_paragraph(call, at) else { return Some(shown_as_written()) };
        let Some(text) = self.quoted_text(call, n, source, at) else { return Some(shown_as_written()) };
        self.note_text(&text);
        let href = escape(&format!("{}#p{n}", source.href));
        let labels = self.options.labels;
        let label = Labels::text_of(&labels.quote, &labels.quote_in, n, source, sources);
        let args = resolved(call, n, source, &format!("{}#p{n}", source.href), label, Some((&text, true)));
        // A translation's words say they are ours, with the original's words under them.
        let (class, translated, original) = match original_of(call, n, source) {
            Some((lang, original)) => (
                "source-quote source-quote--translated",
                format!(" · <span class=\"quote-translated\">{}</span>", escape(&labels.quote_translated)),
                format!(
                    "<details class=\"quote-original\"><summary>{}</summary><p lang=\"{}\">{}</p></details>\n",
                    escape(&labels.source_original),
                    escape(lang),
                    escape(&original)
                ),
            ),
            None => ("source-quote", String::new(), String::new()),
        };
        let html = format!(
            "<blockquote class=\"{class}\" cite=\"{href}\">\n<p{}>{}</p>\n{original}<p class=\"quote-source\" data-pagefind-ignore>{}{translated}</p>\n</blockquote>\n",
            source.lang_attr(),
            escape(&text),
            escape(&labels.quote_source).replace(
                "{link}",
                &format!(
                    "<a class=\"cite\" href=\"{href}\"{}{}>{}</a>",
                    source.hreflang(),
                    source.title_attr(sources),
                    Labels::of(&labels.quote, &labels.quote_in, n, source, sources)
                )
            )
        );
        // A failed template is reported; the paragraph is then left empty.
        Some(self.built_in_html("quote", at, args, html).unwrap_or_default())
    }

    /// The paragraph number of a `cite` or `quote` call and the source it cites (`src="…"`, else
    /// the default one), checked against that source.
    fn cited_paragraph(&mut self, call: &shortcode::Call, at: usize) -> Option<(usize, &'a SourceText, &'a Sources)> {
        if !matches!(call.name, "cite" | "quote") {
            self.problem(
                at,
                format!("there is no shortcode `{}`", call.name),
                "dossier's shortcodes are cite(p=N) and quote(p=N, s=\"2-3\"), each with an optional src=\"name\"",
            );
            return None;
        }
        let Some(sources) = self.options.sources.filter(|s| !s.list.is_empty()) else {
            self.problem(
                at,
                format!("`{}` needs a source page", call.name),
                "name it in site.toml: [dossier] source = \"source.md\" (or a folder of them: sources = \"sources\")",
            );
            return None;
        };
        let source = match call.args.get("src") {
            Some(toml::Value::String(name)) => match sources.list.iter().find(|s| s.name == *name) {
                Some(source) => source,
                None => {
                    let hint =
                        format!("the sources are {}; src names one by its file name without .md", sources.names());
                    self.problem(at, format!("there is no source `{name}`"), &hint);
                    return None;
                }
            },
            Some(_) => {
                let hint = format!("write it like src=\"{}\"", sources.list[0].name);
                self.problem(at, "`src` names a source, in quotes", &hint);
                return None;
            }
            None => match sources.default {
                Some(d) => &sources.list[d],
                None => {
                    let hint = format!(
                        "name the source, like {}(src=\"{}\", p=1) (the sources are {}), or make one the default in site.toml: [dossier] source = \"…\"",
                        call.name,
                        sources.list[0].name,
                        sources.names()
                    );
                    self.problem(
                        at,
                        format!("which source does this `{}` cite? The site has several and no default", call.name),
                        &hint,
                    );
                    return None;
                }
            },
        };
        if source.missing {
            return None;
        }
        let count = source.paragraphs.len();
        let of = if sources.several() { format!("the source `{}`", source.name) } else { "the source".to_string() };
        match call.args.get("p").and_then(toml::Value::as_integer) {
            Some(n) if n >= 1 && (n as usize) <= count => {
                self.out.citations.push((source.name.clone(), n as u32));
                Some((n as usize, source, sources))
            }
            Some(n) => {
                self.problem(
                    at,
                    format!("{of} has paragraphs 1 to {count}, not {n}"),
                    "check the ¶ number on the source page",
                );
                None
            }
            None => {
                self.problem(
                    at,
                    format!("`{}` needs the paragraph number, as p=N", call.name),
                    "write it like cite(p=12)",
                );
                None
            }
        }
    }

    /// The text a `quote` call pulls: the whole paragraph, or sentences `s="a-b"` of it.
    fn quoted_text(&mut self, call: &shortcode::Call, n: usize, source: &SourceText, at: usize) -> Option<String> {
        let paragraph = &source.paragraphs[n - 1];
        let Some(spec) = sentence_spec(call) else { return Some(paragraph.clone()) };
        let sentences = segment::sentences(paragraph);
        match sentence_range(&spec) {
            Some((a, b)) if a >= 1 && a <= b && b <= sentences.len() => {
                Some(paragraph[sentences[a - 1].start..sentences[b - 1].end].trim().to_string())
            }
            _ => {
                let (message, hint) = sentence_range_problem(n, sentences.len(), &spec);
                self.problem(at, message, &hint);
                None
            }
        }
    }

    fn problem(&mut self, offset: usize, message: impl Into<String>, hint: &str) {
        self.out.problems.push(Problem { offset, message: message.into(), hint: Some(hint.into()) });
    }

    /// `@/page.md#a` -> the page's href (and its language, when it is another); `/x/` ->
    /// `{base_path}x/`; anything else unchanged.
    fn rewrite_link(&mut self, dest: &CowStr<'b>, offset: usize) -> (CowStr<'b>, Option<String>) {
        let base_path = self.options.base_path;
        if let Some(target) = dest.strip_prefix("@/") {
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p, Some(a.to_string())),
                None => (target, None),
            };
            return match (self.resolve)(path) {
                Ok(Resolved { href, hreflang }) => {
                    let index = self.out.links.len();
                    self.out.links.push(InternalLink {
                        target: path.to_string(),
                        anchor: anchor.clone(),
                        offset,
                        line_col: (0, 0),
                        context: String::new(),
                    });
                    self.context.mark_link(index);
                    let href = match anchor {
                        Some(a) => format!("{href}#{a}").into(),
                        None => href.into(),
                    };
                    (href, hreflang)
                }
                Err(message) => {
                    self.problem(
                        offset,
                        message,
                        "internal links name a file below content/, like @/overview.md or @/consensus.md#climate",
                    );
                    (dest.clone(), None)
                }
            };
        }
        if dest.starts_with('/') && !dest.starts_with("//") && base_path != "/" && !dest.starts_with(base_path) {
            return (format!("{base_path}{}", &dest[1..]).into(), None);
        }
        (dest.clone(), None)
    }

    fn finish(mut self) -> Rendered {
        self.context.block(&mut self.out);
        let events = sidenote::attach(self.events);
        self.out.uses = write_html(&mut self.out.html, events, &self.uses);
        if let Some(i) = self.out.html.find(MORE) {
            self.out.summary = Some(self.out.html[..i].to_string());
            // As in Zola, the marker becomes a place to link to (`#continue-reading`).
            self.out.html.replace_range(i..i + MORE.len(), CONTINUE);
        }
        self.out.toc = nest(std::mem::take(&mut self.flat_toc));
        self.out.names.sort_unstable();
        self.out.names.dedup();
        self.out
    }
}

/// What the engine resolved of a `cite` or `quote` call, for a site's template of it: the
/// paragraph `p`, the source (`src`, `source_title`, `lang` when it is in another language), the
/// link (`href`, `label`) and, for a quote, the words (`text`, `s`, `original`, `original_lang`)
/// and whether it stands as a block (`block`).
fn resolved(
    call: &shortcode::Call,
    n: usize,
    source: &SourceText,
    href: &str,
    label: String,
    quote: Option<(&str, bool)>,
) -> toml::Table {
    let mut args = toml::Table::new();
    args.insert("p".into(), (n as i64).into());
    args.insert("src".into(), source.name.clone().into());
    args.insert("source_title".into(), source.title_or_name().into());
    if let Some(lang) = &source.lang {
        args.insert("lang".into(), lang.clone().into());
    }
    args.insert("href".into(), href.into());
    args.insert("label".into(), label.into());
    if let Some((text, block)) = quote {
        args.insert("text".into(), text.into());
        args.insert("block".into(), block.into());
        if let Some(spec) = sentence_spec(call) {
            args.insert("s".into(), spec.into());
        }
        if let Some((lang, original)) = original_of(call, n, source) {
            args.insert("original".into(), original.into());
            args.insert("original_lang".into(), lang.into());
        }
    }
    args
}

/// A call's `s=` as written (`2`, `"1-3"`), when it has one; a value of another type is empty,
/// which no range reads.
fn sentence_spec(call: &shortcode::Call) -> Option<String> {
    call.args.get("s").map(|s| match s {
        toml::Value::Integer(i) => format!("{i}"),
        toml::Value::String(s) => s.clone(),
        _ => String::new(),
    })
}

/// The first and last sentence `spec` names (`2` is 2 to 2), unchecked against any paragraph.
fn sentence_range(spec: &str) -> Option<(usize, usize)> {
    let (a, b) = spec.split_once('-').unwrap_or((spec, spec));
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// When `source` is a translation: the original's language and the original's words for what
/// `call` quotes of paragraph `n` (the same sentences when both have as many, else the whole
/// paragraph).
fn original_of<'s>(call: &shortcode::Call, n: usize, source: &'s SourceText) -> Option<(&'s str, String)> {
    let (lang, paragraphs) = source.original.as_ref()?;
    let original = paragraphs.get(n - 1)?;
    let translation = source.paragraphs.get(n - 1)?;
    let whole = || Some((lang.as_str(), original.clone()));
    let Some(spec) = sentence_spec(call) else { return whole() };
    let (theirs, ours) = (segment::sentences(original), segment::sentences(translation));
    match sentence_range(&spec) {
        Some((a, b)) if theirs.len() == ours.len() && a >= 1 && a <= b && b <= theirs.len() => {
            Some((lang.as_str(), original[theirs[a - 1].start..theirs[b - 1].end].trim().to_string()))
        }
        _ => whole(),
    }
}

/// Written by pulldown-cmark in place of a "used by" list and dropped by [`write_html`]: the list
/// follows a paragraph's `</p>\n` without a newline, as any HTML not ending in one does.
const USES_PLACEHOLDER: &str = "<!-- uses -->";

/// `events` as HTML appended to `html`; returns where the events at `uses` (a placeholder each,
/// `(index, paragraph)` in order) would have been written. pulldown-cmark writes each event as it
/// takes it from the iterator, so once the iterator has handed out a placeholder, the sink notes
/// the offset of its write instead of writing it (and a body's own HTML is never taken for it).
fn write_html(html: &mut String, events: Vec<Event>, uses: &[(usize, u32)]) -> Vec<(usize, u32)> {
    if uses.is_empty() {
        pulldown_cmark::html::push_html(html, events.into_iter());
        return Vec::new();
    }
    struct Sink<'s> {
        html: &'s mut String,
        placeholder: &'s std::cell::Cell<Option<u32>>,
        offsets: Vec<(usize, u32)>,
    }
    impl std::fmt::Write for Sink<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            match self.placeholder.get() {
                Some(n) if s == USES_PLACEHOLDER => {
                    self.placeholder.set(None);
                    self.offsets.push((self.html.len(), n));
                }
                _ => self.html.push_str(s),
            }
            Ok(())
        }
    }
    let placeholder = std::cell::Cell::new(None);
    let mut next = uses.iter().peekable();
    let events = events.into_iter().enumerate().map(|(i, event)| {
        if let Some(&(_, n)) = next.next_if(|(at, _)| *at == i) {
            placeholder.set(Some(n));
        }
        event
    });
    let mut sink = Sink { html, placeholder: &placeholder, offsets: Vec::with_capacity(uses.len()) };
    // Writing to a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(&mut sink, events);
    sink.offsets
}

/// Bytes `range` of `whole`: borrowed from the body when `whole` is, a copy when pulldown-cmark
/// made `whole` by merging texts.
fn part<'b>(whole: &CowStr<'b>, range: std::ops::Range<usize>) -> CowStr<'b> {
    match whole {
        CowStr::Borrowed(body) => CowStr::Borrowed(&body[range]),
        merged => merged[range].to_string().into(),
    }
}

/// Why `s = spec` picks no sentences of paragraph `n`, which has `count`, and a hint that names only
/// sentences it has.
fn sentence_range_problem(n: usize, count: usize, spec: &str) -> (String, String) {
    match count {
        0 => (format!("paragraph {n} has no sentences to pick"), "quote it without s".into()),
        1 => (
            format!("paragraph {n} is a single sentence; `s = {spec}` is not it"),
            "quote the whole paragraph without s".into(),
        ),
        _ => (
            format!("paragraph {n} has sentences 1 to {count}; `s = {spec}` is not a range of them"),
            format!("write one sentence, as s={count}, or a range of them, as s=\"1-{count}\""),
        ),
    }
}

/// Blocks whose text forms one context for the sentences around links and mentions.
fn is_text_block(tag: &Tag) -> bool {
    matches!(tag, Tag::Item | Tag::TableCell | Tag::BlockQuote(_))
}

fn is_text_block_end(tag: &TagEnd) -> bool {
    matches!(tag, TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_))
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

/// Blocks whose paragraphs are not top-level paragraphs.
fn is_container(tag: &Tag) -> bool {
    matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_) | Tag::Table(_))
}

fn is_container_end(tag: &TagEnd) -> bool {
    matches!(tag, TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition | TagEnd::Table)
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
