//! Front matter: the TOML between two `+++` lines at the top of a content file.
//!
//! Splitting reports where the TOML and the body start, so that every later diagnostic can be
//! given as a line and column of the whole file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diag::{self, Diagnostic};

/// A file cut in two: the front matter's TOML and the Markdown body, with their byte offsets.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub(crate) toml: &'a str,
    pub toml_start: usize,
    pub(crate) body: &'a str,
    pub body_start: usize,
}

/// Cut `text` at its `+++` fences. Blank lines before the first fence are allowed, as Zola
/// allows them.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let mut start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut line = 1;
    while let Some(end) = text[start..].find('\n')
        && text[start..start + end].trim().is_empty()
        && !text[start + end..].trim().is_empty()
    {
        start += end + 1;
        line += 1;
    }
    let after_bom = &text[start..];
    let first_line_end = after_bom.find('\n').map_or(after_bom.len(), |i| i + 1);
    let first_line = after_bom[..first_line_end].trim_end();
    if first_line == "---" {
        return Err(Diagnostic::new(path, line, 1, "the front matter is YAML (`---`); dossier reads TOML (`+++`)")
            .with_hint(
                "write `+++` lines around the front matter and its keys as TOML: `title = \"…\"`, not `title: …`",
            ));
    }
    if first_line != "+++" {
        let message =
            if after_bom.trim().is_empty() { "the file is empty" } else { "the file does not start with front matter" };
        return Err(Diagnostic::new(path, 1, 1, message).with_hint(
            "begin the file with a line `+++`, then TOML such as `title = \"…\"`, then another line `+++`",
        ));
    }
    let toml_start = start + first_line_end;
    let mut offset = toml_start;
    for line in text[toml_start..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Ok(Split {
                toml: &text[toml_start..offset],
                toml_start,
                body: &text[offset + line.len()..],
                body_start: offset + line.len(),
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::new(path, line, 1, format!("the front matter opened on line {line} is never closed"))
        .with_hint("add a line with only `+++` after the last front matter key"))
}

/// Parse the TOML of `split` into `T`, reporting every error at its place in the whole file.
pub fn parse<T: serde::de::DeserializeOwned>(path: &Path, text: &str, split: &Split<'_>) -> Result<T, Vec<Diagnostic>> {
    diag::parse_toml_all(path, text, split.toml_start, split.toml)
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SortBy {
    /// `weight` ascending; pages without a weight last; ties by title.
    #[default]
    Weight,
    /// Newest first; pages without a date last.
    Date,
    Title,
    /// By file path.
    None,
}

/// Front matter of a page (any `.md` file but `_index.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) date: Option<toml::Spanned<toml::Value>>,
    #[serde(default)]
    pub(crate) updated: Option<toml::Spanned<toml::Value>>,
    #[serde(default)]
    pub(crate) weight: Option<i64>,
    #[serde(default)]
    pub(crate) slug: Option<String>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default)]
    pub(crate) template: Option<String>,
    /// Old URLs that should redirect here; on an entity page, the entity's other names.
    #[serde(default)]
    pub(crate) aliases: Vec<toml::Spanned<String>>,
    #[serde(default)]
    pub(crate) taxonomies: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub(crate) extra: toml::Table,
    #[serde(default)]
    pub(crate) timeline: Vec<EventFrontMatter>,
    /// Pages this one relates to: `@/consensus.md#climate`, checked at build.
    #[serde(default)]
    pub(crate) related: Vec<toml::Spanned<String>>,
    /// Source paragraphs the page rests on, beyond those it cites in its text.
    #[serde(default)]
    pub(crate) cites: Vec<toml::Spanned<CiteRef>>,
    /// On a source page: who published it, as the text gives it.
    #[serde(default)]
    pub(crate) publisher: Option<String>,
    /// On a source page: the parts it is made of, each with its own attribution.
    #[serde(default)]
    pub(crate) parts: Vec<toml::Spanned<Part>>,
    /// On an entity page: person, place, organization, document, mechanism or event.
    #[serde(default)]
    pub(crate) kind: Option<toml::Spanned<String>>,
    /// On an entity page: one line shown wherever the entity is mentioned.
    #[serde(default)]
    pub(crate) summary: Option<String>,
    /// The page's whole URL path (`path = "about/me"`), instead of its section's path and slug.
    #[serde(default)]
    pub(crate) path: Option<String>,
    /// A page that only sends readers elsewhere: an URL or an `@/` link.
    #[serde(default)]
    pub(crate) redirect_to: Option<String>,
    /// `false`: the page is loaded (listed, linkable by `@/`) but no file is written for it.
    #[serde(default = "yes")]
    pub(crate) render: bool,
    #[serde(default)]
    pub(crate) authors: Vec<String>,
    /// `false`: left out of the search index. Read by the search stage through
    /// `Page::searched`.
    #[serde(default = "yes")]
    pub(crate) in_search_index: bool,
    /// Links beside the headings to themselves; without it, the section's.
    #[serde(default)]
    pub(crate) insert_anchor_links: Option<AnchorLinks>,
}

fn yes() -> bool {
    true
}

/// Where a heading's link to itself goes (`insert_anchor_links`), as Zola names the places.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum AnchorLinks {
    #[default]
    None,
    Left,
    Right,
    /// The heading's text is the link.
    Heading,
}

/// Front matter of a section (`_index.md`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    #[serde(default)]
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) sort_by: SortBy,
    #[serde(default)]
    pub(crate) weight: Option<i64>,
    #[serde(default)]
    pub(crate) template: Option<String>,
    #[serde(default)]
    pub(crate) page_template: Option<String>,
    #[serde(default)]
    pub(crate) draft: bool,
    /// Old URLs that should redirect here.
    #[serde(default)]
    pub(crate) aliases: Vec<toml::Spanned<String>>,
    #[serde(default)]
    pub(crate) extra: toml::Table,
    /// Pages this section relates to, as for pages.
    #[serde(default)]
    pub(crate) related: Vec<toml::Spanned<String>>,
    /// Links beside the headings of the section and of its pages (as in Zola).
    #[serde(default)]
    pub(crate) insert_anchor_links: Option<AnchorLinks>,
    /// `false`: the section and its pages are left out of the search index (as in Zola).
    #[serde(default = "yes")]
    pub(crate) in_search_index: bool,
    /// Pages a pager: the section's list is cut into pagers (`/blog/`, `/blog/page/2/`, …), as
    /// Zola does; 0 or none shows every page at once.
    #[serde(default)]
    pub(crate) paginate_by: Option<usize>,
    /// The URL segment before each pager's number.
    #[serde(default = "page")]
    pub(crate) paginate_path: String,
    /// Cut the list from its end.
    #[serde(default)]
    pub(crate) paginate_reversed: bool,
}

fn page() -> String {
    "page".into()
}

/// One `[[timeline]]` entry as written in front matter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EventFrontMatter {
    /// `1917`, `"2023-11"`, `2023-11-15` (a TOML date) or `"2023-11-15"`.
    pub(crate) date: toml::Spanned<toml::Value>,
    #[serde(default)]
    pub(crate) approx: bool,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) body: Option<String>,
    /// A heading id on the declaring page where the event is discussed.
    #[serde(default)]
    pub(crate) anchor: Option<String>,
    /// The source paragraph the event rests on.
    #[serde(default)]
    pub(crate) source: Option<CiteRef>,
}

/// A source paragraph named in front matter: `12` (of the default source) or `"xinhua#p3"`
/// (paragraph 3 of the source `xinhua`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub(crate) enum CiteRef {
    Default(u32),
    Named(String),
}

impl CiteRef {
    /// The source's name (`None`: the default source) and the paragraph number.
    pub(crate) fn split(&self) -> Result<(Option<&str>, u32), String> {
        match self {
            CiteRef::Default(n) => Ok((None, *n)),
            CiteRef::Named(text) => text
                .split_once("#p")
                .and_then(|(name, n)| Some((name, n.parse::<u32>().ok()?)))
                .filter(|(name, _)| !name.is_empty())
                .map(|(name, n)| (Some(name), n))
                .ok_or_else(|| format!("`{text}` is not a source paragraph")),
        }
    }
}

/// One part of a source page: paragraphs `from` to `to` (to the next part, or the end, without
/// it), with the attribution the text gives them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Part {
    pub(crate) from: u32,
    #[serde(default)]
    pub(crate) to: Option<u32>,
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) credit: Option<String>,
}

#[cfg(test)]
mod tests;
