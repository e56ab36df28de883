//! Social cards: the picture a shared link shows (`og:image`). Each page and section with a page of
//! its own gets a 1200×630 PNG with its title, the site's name in its language and its own date
//! (none when it has none), drawn from an SVG by resvg, its text shaped with the fonts installed on
//! the machine (fontdb) in the families the language's i18n table names (`card_font`).
//!
//! A card is named by a hash of its SVG and of how it is drawn (`cards/<hash>.png`): views name it
//! before anything is drawn, a card changes name exactly when it changes, and the site's cache
//! folder keeps every card drawn under that name (`.dossier-cache/cards/`), so a build draws only
//! the cards it has not drawn before. Text that no installed font covers is an error naming the
//! page and the characters, never a card of empty boxes. `[cards]` turns cards off or names one
//! fixed image instead.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use resvg::{tiny_skia, usvg};
use sha2::{Digest, Sha256};

use crate::content::Item;
use crate::diag::Diagnostic;
use crate::output::{Body, Deps, Output};
use crate::site::Site;

pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;
/// How cards are drawn: part of every card's hash, so a change here (layout, colours, the
/// renderer's version) draws every card again.
const DRAWING: &str = "dossier card 1; resvg 0.49";
/// The i18n key naming the font families of a language's cards, in CSS's `font-family` syntax.
pub(crate) const FONT_KEY: &str = "card_font";
/// Where the cards go below the output folder, and below the cache folder.
const FOLDER: &str = "cards";
/// How the path of every card begins.
pub(crate) const PREFIX: &str = "cards/";

/// The card of one page or section: its SVG and the output path its hash names.
#[derive(Debug, Clone)]
pub(crate) struct Card {
    /// `cards/<hash>.png`.
    pub(crate) path: String,
    pub(crate) svg: String,
    /// The text the card shows, each part's characters required of the fonts.
    text: Vec<String>,
}

/// What the pages' `og:image` shows: nothing, one fixed image, or each page's card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Image {
    None,
    /// The site path of the fixed image (`static/card.png` -> `card.png`).
    Fixed(String),
    /// `cards/<hash>.png`, `WIDTH` × `HEIGHT`.
    Drawn(String),
}

/// What a card shows.
#[derive(Debug, Clone)]
pub(crate) struct Words<'a> {
    pub(crate) title: &'a str,
    /// The site's name in the card's language.
    pub(crate) site: &'a str,
    /// The page's own date as its language writes it.
    pub(crate) date: Option<String>,
    /// CSS font families (`"Noto Sans CJK SC", sans-serif`).
    pub(crate) font: &'a str,
    /// The card's language (`zh-Hans`), for the SVG's `xml:lang`.
    pub(crate) lang: &'a str,
}

/// The image `item`'s page shows when shared.
pub(crate) fn image(site: &Site, item: Item) -> Image {
    let cards = &site.config.cards;
    if !cards.enabled {
        return Image::None;
    }
    if let Some(fixed) = &cards.image {
        return Image::Fixed(fixed.strip_prefix("static/").unwrap_or(fixed).to_string());
    }
    match card(site, item) {
        Some(card) => Image::Drawn(card.path),
        None => Image::None,
    }
}

/// The card of `item`, if it has a page of its own.
fn card(site: &Site, item: Item) -> Option<Card> {
    let content = &site.content;
    let lang = content.lang(item);
    let (title, date) = match item {
        Item::Page(i) => {
            let page = &content.pages[i];
            if !page.has_own_page() {
                return None;
            }
            let date = page.date.and_then(|d| crate::content::date::format(d, lang, None).ok());
            (page.meta.title.as_str(), date)
        }
        Item::Section(i) => (content.sections[i].meta.title.as_str(), None),
    };
    let languages = site.config.languages();
    let name = languages.iter().find(|l| l.code == lang).map_or(site.config.title.as_str(), |l| l.title);
    let table = site.strings.table(lang);
    let font = table.and_then(|t| t.get(FONT_KEY)).unwrap_or("sans-serif");
    Some(Card::new(&Words { title, site: name, date, font, lang }))
}

impl Card {
    pub(crate) fn new(words: &Words) -> Card {
        // A home page titled like the site shows the name once, as its title.
        let title = if words.title.trim().is_empty() { words.site } else { words.title };
        let site = if title == words.site { "" } else { words.site };
        let svg = svg(&Words { title, site, ..words.clone() });
        let mut hash = Sha256::new();
        hash.update(DRAWING);
        hash.update(&svg);
        let hex: String = hash.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect();
        let text = [title, site].into_iter().map(String::from).chain(words.date.clone()).collect();
        Card { path: format!("{FOLDER}/{hex}.png"), svg, text }
    }
}

/// The SVG of a card: a band in the theme's accent, the site's name, the title in as few lines as
/// fit (smaller when long, cut with an ellipsis when still too long), the date.
fn svg(words: &Words) -> String {
    const MARGIN: u32 = 96;
    let font = xml(words.font);
    let (size, lines) = title_lines(words.title, (WIDTH - 2 * MARGIN) as f32);
    let leading = size * 5 / 4;
    // The title's block centred between the site's name and the date.
    let block = leading * lines.len() as u32;
    let top = 170 + (330u32.saturating_sub(block)) / 2 + size;
    let mut out = String::with_capacity(1024);
    out.push_str(&format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" xml:lang="{}">"##,
        xml(words.lang)
    ));
    out.push_str(&format!(r##"<rect width="{WIDTH}" height="{HEIGHT}" fill="#fdfcf8"/>"##));
    out.push_str(&format!(r##"<rect width="{WIDTH}" height="16" fill="#9a3412"/>"##));
    if !words.site.is_empty() {
        out.push_str(&format!(
            r##"<text id="site" x="{MARGIN}" y="120" font-family="{font}" font-size="36" fill="#565b63">{}</text>"##,
            xml(&shorten(words.site, (WIDTH - 2 * MARGIN) as f32 / (36.0 * EM_PER_COLUMN)))
        ));
    }
    out.push_str(&format!(
        r##"<text id="title" font-family="{font}" font-size="{size}" font-weight="700" fill="#1f2328">"##
    ));
    for (k, line) in lines.iter().enumerate() {
        out.push_str(&format!(r#"<tspan x="{MARGIN}" y="{}">{}</tspan>"#, top + leading * k as u32, xml(line)));
    }
    out.push_str("</text>");
    if let Some(date) = &words.date {
        out.push_str(&format!(
            r##"<text id="date" x="{MARGIN}" y="{}" font-family="{font}" font-size="32" fill="#565b63">{}</text>"##,
            HEIGHT - 72,
            xml(date)
        ));
    }
    out.push_str("</svg>");
    out
}

/// How wide a column of `textwrap` is, in ems: a wide (CJK) character is two columns, about one
/// em; Latin letters average a little over half an em in a bold sans (DejaVu Sans Bold, the widest
/// common fallback, about 0.6).
const EM_PER_COLUMN: f32 = 0.6;

/// The title's font size and lines: the largest size at which it fits its lines, else the
/// smallest with the last line cut.
fn title_lines(title: &str, width: f32) -> (u32, Vec<String>) {
    const SIZES: [(u32, usize); 4] = [(72, 3), (64, 3), (56, 4), (48, 5)];
    let wrap = |size: u32| {
        let columns = (width / (size as f32 * EM_PER_COLUMN)) as usize;
        let lines: Vec<String> = textwrap::wrap(title, columns).into_iter().map(|l| l.into_owned()).collect();
        (columns, lines)
    };
    for (size, most) in SIZES {
        let (_, lines) = wrap(size);
        if lines.len() <= most {
            return (size, lines);
        }
    }
    let (size, most) = SIZES[SIZES.len() - 1];
    let (columns, mut lines) = wrap(size);
    lines.truncate(most);
    if let Some(last) = lines.last_mut() {
        let cut = shorten(last, columns.saturating_sub(2) as f32);
        *last = if cut.ends_with('…') { cut } else { format!("{cut}…") };
    }
    (size, lines)
}

/// `text` cut to about `columns` columns, with an ellipsis when cut.
fn shorten(text: &str, columns: f32) -> String {
    let columns = columns as usize;
    if textwrap::core::display_width(text) <= columns {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if textwrap::core::display_width(&out) + 2 > columns {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

/// Text for XML: escaped, and without the control characters XML 1.0 cannot hold.
fn xml(text: &str) -> String {
    let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    crate::markdown::escape(&clean)
}

/// A card drawn: its PNG and, for each run of its text, the font family that shaped it.
#[derive(Debug)]
pub(crate) struct Drawn {
    pub(crate) png: Vec<u8>,
    /// Which font shaped what (the build only needs to know that every character was shaped).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) runs: Vec<Run>,
}

/// A run of a card's text shaped with one font.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Run {
    /// `site`, `title` or `date`.
    pub(crate) part: String,
    pub(crate) text: String,
    pub(crate) family: String,
}

/// The system's fonts, loaded once per build and only when a card is drawn.
pub(crate) struct Fonts(OnceLock<Arc<usvg::fontdb::Database>>);

impl Fonts {
    pub(crate) fn new() -> Fonts {
        Fonts(OnceLock::new())
    }

    fn get(&self) -> Arc<usvg::fontdb::Database> {
        self.0
            .get_or_init(|| {
                let mut db = usvg::fontdb::Database::new();
                db.load_system_fonts();
                // Each font file is mapped once and kept: otherwise every look at a face (several
                // a card, to shape and to fall back) opens and maps its file again, which was a
                // third of a card's time, in the kernel.
                let ids: Vec<_> = db.faces().map(|face| face.id).collect();
                for id in ids {
                    // SAFETY: maps the system's font files read-only. A font file rewritten while a
                    // build runs could show through the mapping, as it could through the mapping
                    // fontdb made on each use before.
                    unsafe {
                        db.make_shared_face_data(id);
                    }
                }
                Arc::new(db)
            })
            .clone()
    }
}

/// Draw `card`; an error lists the characters no installed font covers.
pub(crate) fn draw(card: &Card, fonts: &Fonts) -> Result<Drawn, String> {
    let fontdb = fonts.get();
    let options = usvg::Options { fontdb: fontdb.clone(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(&card.svg, &options).map_err(|e| format!("cannot read the card's SVG: {e}"))?;
    let runs = runs(tree.root(), &fontdb);
    let shaped: std::collections::HashSet<char> = runs.iter().flat_map(|r| r.text.chars()).collect();
    let mut missing: Vec<char> =
        card.text.iter().flat_map(|t| t.chars()).filter(|c| !c.is_whitespace() && !shaped.contains(c)).collect();
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        let chars: String = missing.iter().collect();
        return Err(format!("no installed font has the characters {chars:?} of its card"));
    }
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or_else(|| "cannot make a card's picture".to_string())?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(|e| format!("cannot encode the card as PNG: {e}"))?;
    Ok(Drawn { png, runs })
}

/// The runs of text below `group` with the family of the font that shaped each; glyphs no font
/// had (glyph 0, the empty box) are left out.
fn runs(group: &usvg::Group, fontdb: &usvg::fontdb::Database) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => runs.extend(self::runs(g, fontdb)),
            usvg::Node::Text(text) => {
                for glyph in text.layouted().iter().flat_map(|s| &s.positioned_glyphs) {
                    if glyph.id.0 == 0 {
                        continue;
                    }
                    let family = fontdb
                        .face(glyph.font)
                        .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
                        .unwrap_or_default();
                    match runs.last_mut() {
                        Some(run) if run.part == text.id() && run.family == family => run.text.push_str(&glyph.text),
                        _ => runs.push(Run { part: text.id().to_string(), text: glyph.text.clone(), family }),
                    }
                }
            }
            _ => {}
        }
    }
    runs
}

/// Which cards [`outputs`] draws when the cache does not have them.
#[derive(Clone, Copy)]
pub(crate) enum Drawing<'a> {
    /// Every one (a build).
    All,
    /// None: their paths are handed back, to be drawn when the live preview is idle.
    Later,
    /// Those at these paths (the preview, once idle).
    Only(&'a std::collections::BTreeSet<String>),
}

/// Every page's and section's card as an output: from the cache when drawn before, else drawn
/// (in parallel, as `drawing` says) and kept in the cache; and the paths of the cards left for
/// later. Errors name the page whose card cannot be drawn; a card the cache cannot keep is only
/// drawn again next time.
pub(crate) fn outputs(site: &Site, cache: &Path, drawing: Drawing) -> (Vec<Output>, Vec<String>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let config = &site.config.cards;
    if !config.enabled {
        return (Vec::new(), Vec::new(), diagnostics);
    }
    if config.image.is_some() {
        // A fixed image: the static files publish it (site.toml's check makes sure it is there).
        return (Vec::new(), Vec::new(), diagnostics);
    }
    for language in site.config.languages() {
        diagnostics.extend(site.strings.require(language.code, &[FONT_KEY], "the font families of its cards"));
    }
    if !diagnostics.is_empty() {
        return (Vec::new(), Vec::new(), diagnostics);
    }
    let content = &site.content;
    let items = (0..content.pages.len()).map(Item::Page).chain((0..content.sections.len()).map(Item::Section));
    let mut cards: Vec<(Item, Card)> = items.filter_map(|item| Some((item, card(site, item)?))).collect();
    // Two pages showing the same words share one card.
    cards.sort_by(|a, b| a.1.path.cmp(&b.1.path));
    cards.dedup_by(|a, b| a.1.path == b.1.path);
    if let Drawing::Only(paths) = drawing {
        cards.retain(|(_, card)| paths.contains(&card.path));
    }
    let folder = cache.join(FOLDER);
    // The fonts are loaded only when a card is to be drawn.
    let fonts = std::sync::LazyLock::new(Fonts::new);
    // Each card's output, or `None` for a card left for later; the cache is looked at once a card.
    let made: Vec<Result<Option<Output>, Diagnostic>> = cards
        .par_iter()
        .map(|(item, card)| {
            let kept = folder.join(card.path.trim_start_matches(PREFIX));
            let deps = Deps::default();
            if kept.is_file() {
                return Ok(Some(Output { path: card.path.clone(), body: Body::Copy(kept), deps }));
            }
            if let Drawing::Later = drawing {
                return Ok(None);
            }
            let source = match *item {
                Item::Page(i) => &content.pages[i].source,
                Item::Section(i) => &content.sections[i].source,
            };
            let drawn = draw(card, &fonts).map_err(|message| {
                source.error_at_key("title", message).with_hint(
                    "install fonts that cover them (on Debian or Ubuntu: `apt-get install fonts-noto-cjk`), \
                     name them in the language's `card_font`, or set `[cards] enabled = false`",
                )
            })?;
            // Once kept, the card is copied from the cache like a static file: ten thousand cards
            // (200 MB) need not stay in memory until the build writes them.
            let body = if keep(&folder, &kept, &drawn.png) { Body::Copy(kept) } else { Body::Bytes(drawn.png.into()) };
            Ok(Some(Output { path: card.path.clone(), body, deps }))
        })
        .collect();
    let mut outputs = Vec::with_capacity(made.len());
    let mut later = Vec::new();
    for (m, (_, card)) in made.into_iter().zip(cards) {
        match m {
            Ok(Some(o)) => outputs.push(o),
            Ok(None) => later.push(card.path),
            Err(d) => diagnostics.push(d),
        }
    }
    (outputs, later, diagnostics)
}

/// Keep a drawn card in the cache: written beside and renamed, so a build running at the same
/// time never reads half a card. Whether it was kept: a cache that cannot be written is no error.
fn keep(folder: &Path, file: &Path, png: &[u8]) -> bool {
    let Ok(()) = std::fs::create_dir_all(folder) else { return false };
    let Ok(mut temp) = tempfile::NamedTempFile::new_in(folder) else { return false };
    std::io::Write::write_all(&mut temp, png).is_ok() && temp.persist(file).is_ok()
}

#[cfg(test)]
mod tests;
