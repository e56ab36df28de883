//! The model: the loaded and checked site as plain data (pages, sections, what links to what,
//! citations, timeline, entities, taxonomies), which `render` and `output` read and `build` makes.
//!
//! The rendered bodies sit behind one store ([`Bodies`]): in `dossier build` the pages' HTML goes
//! into an unnamed temporary file as soon as it is rendered and is read back when its page is
//! rendered, so a large site's HTML is never held at once.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::config::Config;
use crate::content::{Content, Item};
use crate::diag::Diagnostic;
use crate::dossier::entity::Entity;
use crate::dossier::provenance::{PartView, SiteSource};
use crate::dossier::timeline::Event;
use crate::link::{Backlink, Related};
use crate::markdown::Rendered;
use crate::taxonomy::Taxonomy;

/// The loaded and checked site: everything templates may show.
pub(crate) struct Site {
    pub(crate) config: Config,
    /// Every configured language's interface strings.
    pub(crate) strings: crate::i18n::Strings,
    pub(crate) content: Content,
    /// Rendered bodies, by page index (a page's HTML may be in [`Site::bodies`] instead).
    pub(crate) pages: Vec<Rendered>,
    /// Rendered bodies, by section index.
    pub(crate) sections: Vec<Rendered>,
    pub(crate) taxonomies: Vec<Taxonomy>,
    pub(crate) timeline: Vec<Event>,
    pub(crate) entities: Vec<Entity>,
    /// Every source, in the site's order: which pages cite which of its paragraphs, and its
    /// translations, each with its own (empty without a source page).
    pub(crate) sources: Vec<SiteSource>,
    /// The parts of each source page (original or translation) that has `parts`, by page index.
    pub(crate) parts: HashMap<usize, Vec<PartView>>,
    /// Content file -> the pages and sections linking to it.
    pub(crate) backlinks: HashMap<String, Vec<Backlink>>,
    /// Resolved `related` entries.
    pub(crate) related: Vec<Related>,
    /// Whether some code block was highlighted.
    pub(crate) highlighted: bool,
    /// Where the pages' HTML is when not in memory.
    pub(crate) bodies: Bodies,
    /// Problems that do not stop the build (`build` and `check` print them).
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Site {
    /// The rendered HTML of a page or section body.
    pub(crate) fn html(&self, item: Item) -> Result<Cow<'_, str>, Diagnostic> {
        let rendered = crate::link::body(item, &self.pages, &self.sections);
        let Item::Page(i) = item else { return Ok(Cow::Borrowed(&rendered.html)) };
        match self.bodies.get(i) {
            None => Ok(Cow::Borrowed(&rendered.html)),
            Some(read) => read.map(Cow::Owned).map_err(|e| {
                let display = &self.content.pages[i].source.display;
                Diagnostic::new(display, 1, 1, format!("cannot read the rendered page back from a temporary file: {e}"))
                    .with_hint("check that the temporary folder (TMPDIR) has room, and build again")
            }),
        }
    }

    /// Put `rendered` in place of page `i`'s body (the live preview, after a save), in memory.
    pub(crate) fn replace_page(&mut self, i: usize, rendered: Rendered) {
        self.bodies.forget(i);
        self.pages[i] = rendered;
    }
}

/// The store of the pages' HTML that is not in memory: where in its temporary file each page's
/// HTML is. Without a file (the live preview, `dossier check`, or no positional file I/O) every
/// body stays in its [`Rendered`].
#[derive(Default)]
pub(crate) struct Bodies {
    spill: Option<Spill>,
    /// Per page, the offset and length of its HTML in the file.
    at: HashMap<usize, Place>,
}

/// Where a page's HTML is in the store's file: offset and length.
pub(crate) type Place = (u64, usize);

/// How bodies are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Every body's HTML in memory.
    InMemory,
    /// Pages' HTML in a temporary file where the platform allows.
    Spilled,
}

impl Bodies {
    pub(crate) fn new(keep: Keep) -> Bodies {
        let spill = match keep {
            Keep::InMemory => None,
            Keep::Spilled => Spill::new(),
        };
        Bodies { spill, at: HashMap::new() }
    }

    /// Move `rendered`'s HTML into the file, if there is one (it stays in memory if the write
    /// fails); the place to [`Bodies::record`] for its page.
    pub(crate) fn put(&self, rendered: &mut Rendered) -> Option<Place> {
        let at = self.spill.as_ref()?.put(rendered.html.as_bytes())?;
        rendered.html = String::new();
        Some(at)
    }

    /// Page `i`'s HTML is at `at` in the file.
    pub(crate) fn record(&mut self, i: usize, at: Place) {
        self.at.insert(i, at);
    }

    fn get(&self, i: usize) -> Option<std::io::Result<String>> {
        let at = *self.at.get(&i)?;
        Some(self.spill.as_ref()?.get(at))
    }

    fn forget(&mut self, i: usize) {
        self.at.remove(&i);
    }
}

/// Rendered HTML kept in an unnamed temporary file instead of memory (the operating system keeps
/// the file in its cache).
struct Spill {
    file: std::fs::File,
    end: std::sync::Mutex<u64>,
}

impl Spill {
    #[cfg(unix)]
    fn new() -> Option<Spill> {
        Some(Spill { file: tempfile::tempfile().ok()?, end: std::sync::Mutex::new(0) })
    }

    /// Without positional file I/O the HTML stays in memory.
    #[cfg(not(unix))]
    fn new() -> Option<Spill> {
        None
    }

    /// Write `html` into the file; where it went (`None` if the write failed).
    fn put(&self, html: &[u8]) -> Option<Place> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            // Take a range under the lock, write outside it (a failed write leaves a hole).
            let len = html.len();
            let at = {
                let mut end = self.end.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                *end += len as u64;
                *end - len as u64
            };
            self.file.write_all_at(html, at).ok().map(|()| (at, len))
        }
        #[cfg(not(unix))]
        {
            let _ = html;
            None
        }
    }

    fn get(&self, (offset, len): Place) -> std::io::Result<String> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            let mut bytes = vec![0; len];
            self.file.read_exact_at(&mut bytes, offset)?;
            crate::content::string_from_utf8(bytes).map_err(std::io::Error::other)
        }
        #[cfg(not(unix))]
        {
            let _ = (offset, len);
            Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
        }
    }
}
