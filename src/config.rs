//! `site.toml`, typed.
//!
//! Owns reading and validating the site configuration; hands a `Config` to every other stage.
//! Unknown keys are errors (with the closest known key as a hint) so that a typo never silently
//! does nothing. `base_url` may carry a path (`https://user.github.io/repo/`): `Config::base_path`
//! is that path, and every URL the site writes starts with it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::{self, Diagnostic};

/// The whole of `site.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: String,
    /// Absolute URL of the site's root, with a trailing slash after normalisation.
    pub(crate) base_url: String,
    #[serde(default = "default_language")]
    pub(crate) language: String,
    /// Name of a folder in `themes/`, or `longform`, the theme built into the binary (which a
    /// `themes/longform/` overrides file by file); without one, `templates/` must hold every template.
    #[serde(default)]
    pub(crate) theme: Option<String>,
    /// Compile `sass/` (the site's and the theme's) into CSS, as Zola's key of the same name:
    /// unset, it is compiled when there is one; `false` leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) compile_sass: Option<bool>,
    /// Zola's key of the same name: `"all"` leaves the later pagers of paginated lists
    /// (`/blog/page/2/`, …) out of the sitemap; `"none"`, the default, lists them.
    #[serde(default)]
    pub(crate) exclude_paginated_pages_in_sitemap: PaginatedInSitemap,
    #[serde(default)]
    pub(crate) taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub(crate) markdown: MarkdownConfig,
    #[serde(default)]
    pub(crate) dossier: DossierConfig,
    #[serde(default)]
    pub(crate) search: SearchConfig,
    #[serde(default)]
    pub(crate) publish: PublishConfig,
    #[serde(default)]
    pub(crate) cards: CardsConfig,
    #[serde(default)]
    pub(crate) feed: FeedConfig,
    #[serde(default)]
    pub(crate) check: CheckConfig,
    /// The languages besides the default one (`[languages.en]`), by code.
    #[serde(default)]
    pub(crate) languages: std::collections::BTreeMap<String, LanguageConfig>,
    #[serde(default)]
    pub(crate) extra: toml::Table,
    /// Problems of the configuration that do not stop the build (Zola keys that mean nothing
    /// here). Derived, not read.
    #[serde(skip)]
    pub(crate) warnings: Vec<Diagnostic>,
    /// The path part of `base_url`, always starting and ending with `/`. Derived, not read.
    #[serde(skip_deserializing)]
    pub(crate) base_path: String,
}

/// Which paginated pages the sitemap leaves out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum PaginatedInSitemap {
    #[default]
    None,
    All,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TaxonomyConfig {
    /// The front matter key and the URL segment (`actors` -> `/actors/`).
    pub(crate) name: String,
    /// The label readers see; defaults to the name.
    #[serde(default)]
    pub(crate) title: Option<String>,
    /// Pages a pager on each term's page, as Zola's `paginate_by`; none shows them all at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) paginate_by: Option<usize>,
    /// The URL segment before each pager's number; `page` when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) paginate_path: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Off by default: typographic quotes would rewrite Chinese punctuation.
    pub(crate) smart_punctuation: bool,
    pub(crate) highlight_code: bool,
    pub(crate) highlight_theme_light: String,
    pub(crate) highlight_theme_dark: String,
    /// How ids are made from headings without `{#id}`.
    pub(crate) heading_ids: HeadingIds,
    /// Widths of the resized copies a Markdown image of a local file offers in `srcset` (those
    /// narrower than the image); none by default.
    pub(crate) image_srcset: Vec<u32>,
    /// The `sizes` beside that `srcset`: how wide the image shows.
    pub(crate) image_sizes: String,
}

/// The style of the ids made from headings: dossier's own (`load_data` stays), or Zola's
/// (`load-data`), for a site whose links were written for Zola.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIds {
    #[default]
    Dossier,
    Zola,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: false,
            highlight_code: true,
            highlight_theme_light: "InspiredGitHub".into(),
            highlight_theme_dark: "base16-ocean.dark".into(),
            heading_ids: HeadingIds::Dossier,
            image_srcset: Vec::new(),
            image_sizes: "100vw".into(),
        }
    }
}

/// What makes a dossier a dossier: settings for the provenance and entity features.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct DossierConfig {
    /// The page (relative to `content/`) that holds the source text; its top-level paragraphs get
    /// the ids `p1`, `p2`, … in order.
    pub(crate) source: Option<String>,
    /// A folder below `content/` whose every page is a source (`sources`), beside or instead of
    /// `source`.
    pub(crate) sources: Option<String>,
    /// The folder below `content/` whose pages are entities (people, places, documents, …).
    pub(crate) entities: String,
    /// Which mentions of an entity become links: the first on each page, all, or none.
    pub(crate) mentions: Mentions,
    /// An entity name found on more than this share of the pages is warned about: a name that
    /// common (a single character, a word of every sentence) links nearly everywhere.
    pub(crate) max_name_share: f64,
    /// Who wrote the dossier and who publishes it, for the pages' structured data (JSON-LD).
    pub(crate) author: Option<Agent>,
    pub(crate) publisher: Option<Agent>,
    /// Line and column of the `source` key in `site.toml`, for diagnostics about it. Derived.
    #[serde(skip)]
    pub(crate) source_at: (usize, usize),
    /// Line and column of the `sources` key. Derived.
    #[serde(skip)]
    pub(crate) sources_at: (usize, usize),
}

impl Default for DossierConfig {
    fn default() -> Self {
        DossierConfig {
            source: None,
            sources: None,
            entities: "entities".into(),
            mentions: Mentions::First,
            max_name_share: 0.5,
            author: None,
            publisher: None,
            source_at: (0, 0),
            sources_at: (0, 0),
        }
    }
}

/// A person or organisation named in structured data (`author = { name = "…", url = "…" }`);
/// `type` is schema.org's, `Person` or `Organization`, left for the template to default.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Agent {
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub(crate) kind: Option<AgentType>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum AgentType {
    Person,
    Organization,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mentions {
    First,
    All,
    None,
}

/// The full-text search index (`pagefind/`), built from the rendered pages.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct SearchConfig {
    /// On by default; `false` leaves out the index and the search box.
    pub(crate) enabled: bool,
    /// A site with more pages to search than this is indexed in shards of at most this many,
    /// side by side (pagefind indexes one page at a time); the search box merges them.
    pub(crate) shard_size: usize,
}

/// Pages in a search shard, unless site.toml says otherwise: a site of this size indexes in a few
/// seconds on one core, and each further shard costs a reader one more small file to fetch.
pub(crate) const SHARD_SIZE: usize = 4000;

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true, shard_size: SHARD_SIZE }
    }
}

/// A language besides the default (`[languages.en]`); what it leaves out is the top level's.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LanguageConfig {
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) taxonomies: Option<Vec<TaxonomyConfig>>,
    /// Defaults to `[search] enabled`.
    #[serde(default)]
    pub(crate) search: Option<bool>,
}

/// One language of the site with everything resolved: what the rest of dossier reads.
#[derive(Debug, Clone)]
pub(crate) struct Language<'a> {
    /// The code as configured (`zh-Hans`, `en`).
    pub(crate) code: &'a str,
    /// What its URLs start with below the base path: `""` for the default language, `/en` for `en`.
    pub(crate) prefix: String,
    pub(crate) title: &'a str,
    // Read by the stages that become per-language (feeds, search); resolved here once for them.
    pub(crate) description: &'a str,
    pub(crate) taxonomies: &'a [TaxonomyConfig],
    pub(crate) search: bool,
}

/// What `dossier check` checks besides the build (`[check]`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct CheckConfig {
    pub(crate) typography: TypographyConfig,
}

/// `[check.typography]`: the autocorrect linter over the site's own text in the languages it
/// knows. Off unless a site turns it on: it fails `dossier check` on text that builds, and which
/// spacing is right is a house style.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct TypographyConfig {
    pub(crate) enabled: bool,
    /// autocorrect's rules turned off, by its names ([`TYPOGRAPHY_RULES`]).
    pub(crate) off: Vec<String>,
    /// Between CJK and Latin letters or digits.
    pub(crate) spacing: Spacing,
}

/// The space between CJK and Latin letters or digits: autocorrect's `space-word` as it is (one
/// space), or reversed (none, where that rule would put one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Spacing {
    #[default]
    Space,
    None,
}

/// The rules of autocorrect 2.14, by the names its configuration and its `autocorrect-disable`
/// comments use (its own list is not public); `check::typography`'s tests prove each one acts.
pub(crate) const TYPOGRAPHY_RULES: &[&str] = &[
    "space-word",
    "space-punctuation",
    "space-bracket",
    "space-dash",
    "space-backticks",
    "space-dollar",
    "fullwidth",
    "halfwidth-word",
    "halfwidth-punctuation",
    "no-space-fullwidth",
    "no-space-fullwidth-quote",
    "spellcheck",
];

/// How the site is published.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct PublishConfig {
    /// A custom domain for GitHub Pages (`dossier.example.org`): written to `CNAME`.
    pub(crate) cname: Option<String>,
}

/// `[cards]`: the image a shared link shows (`og:image`), one drawn for each page and section, or
/// one fixed image for all.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct CardsConfig {
    /// On by default; `false` leaves out the image tags.
    pub(crate) enabled: bool,
    /// A file below the site (`static/card.png`) to use for every page instead of drawing cards.
    pub(crate) image: Option<String>,
}

impl Default for CardsConfig {
    fn default() -> Self {
        CardsConfig { enabled: true, image: None }
    }
}

/// The Atom feeds (`atom.xml`, one per language).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct FeedConfig {
    /// The authority of the entries' `tag:` ids (RFC 4151): a domain name or an email address the
    /// site's owner holds. Unset, the host of `base_url` as this file writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id_authority: Option<String>,
    /// `id_authority`, or the host of the configuration's own `base_url`, fixed when the file is
    /// read: `--base-url` never changes it, so an entry keeps its id wherever a build is published.
    /// Derived, not read.
    #[serde(skip)]
    pub(crate) authority: String,
}

fn default_language() -> String {
    "en".into()
}

impl Config {
    /// Parse `site.toml`'s text; `path` is only used to name the file in diagnostics. The first
    /// problem in the file, for callers that show one.
    #[cfg(test)]
    pub(crate) fn parse(path: &Path, text: &str) -> Result<Config, Diagnostic> {
        Config::parse_all(path, text).map_err(|mut all| all.remove(0))
    }

    /// Parse `site.toml`'s text, reporting every problem of the file, in file order.
    pub(crate) fn parse_all(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let (config, mut problems) = diag::parse_toml_partial::<Config>(path, text, 0, text);
        // With its bad keys left out, the rest is checked too: one run reports every problem.
        match config.map(|c| c.checked(path, text)) {
            Some(Ok(config)) if problems.is_empty() => return Ok(config),
            Some(Err(more)) => problems.extend(more),
            _ => {}
        }
        problems.sort_by_key(|d| (d.line, d.col));
        Err(problems)
    }

    /// The checks serde cannot make, all of them; `text` is the file read, to place problems.
    pub(crate) fn checked(mut self, path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let at_base_url = text.find("base_url").unwrap_or(0);
        if let Err(msg) = self.set_base_url(&self.base_url.clone()) {
            problems.push(
                Diagnostic::at(path, text, at_base_url, msg)
                    .with_hint("the site's public address, with a trailing path if it lives in a subfolder"),
            );
        }
        self.feed.authority = match &self.feed.id_authority {
            Some(authority) => {
                if let Err(msg) = check_tag_authority(authority) {
                    let at = key_offset(text, "feed", "id_authority").unwrap_or(0);
                    problems.push(Diagnostic::at(path, text, at, msg).with_hint(
                        "a domain name or an email address you hold, like `id_authority = \"dossier.example.org\"`; \
                         it names the feed's entries for good, so keep it when the site moves",
                    ));
                }
                authority.to_ascii_lowercase()
            }
            None => host_name(&self.base_url),
        };
        if let Some(cname) = &self.publish.cname
            && let Err(msg) = check_domain(cname)
        {
            let at = text.find("cname").unwrap_or(0);
            problems.push(Diagnostic::at(path, text, at, msg).with_hint(
                "write the bare domain GitHub Pages should answer to, like `cname = \"dossier.example.org\"`",
            ));
        }
        if !(0.0..=1.0).contains(&self.dossier.max_name_share) {
            let at = key_offset(text, "dossier", "max_name_share").unwrap_or(0);
            problems.push(
                Diagnostic::at(path, text, at, "max_name_share is a share of the pages, from 0 to 1")
                    .with_hint("write it like `max_name_share = 0.5` (1 turns the warning off)"),
            );
        }
        if self.search.shard_size == 0 {
            let at = key_offset(text, "search", "shard_size").unwrap_or(0);
            problems.push(
                Diagnostic::at(path, text, at, "shard_size is a number of pages, at least 1")
                    .with_hint(format!("write it like `shard_size = {SHARD_SIZE}` (the default), or leave it out")),
            );
        }
        if self.dossier.source.is_some() {
            self.dossier.source_at = diag::line_col(text, key_offset(text, "dossier", "source").unwrap_or(0));
        }
        if self.dossier.sources.is_some() {
            self.dossier.sources_at = diag::line_col(text, key_offset(text, "dossier", "sources").unwrap_or(0));
        }
        for rule in &self.check.typography.off {
            if !TYPOGRAPHY_RULES.contains(&rule.as_str()) {
                let at = key_offset(text, "check", "typography").unwrap_or(0);
                let at = text[at..].find("off").map_or(at, |i| at + i);
                problems.push(
                    Diagnostic::at(path, text, at, format!("`{}` is not a typography rule", rule.escape_debug()))
                        .with_hint(format!("the rules (autocorrect's names): {}", TYPOGRAPHY_RULES.join(", "))),
                );
            }
        }
        if let Some(image) = &self.cards.image
            && let Err(msg) = check_card_image(path, image)
        {
            let at = key_offset(text, "cards", "image").unwrap_or(0);
            problems.push(Diagnostic::at(path, text, at, msg).with_hint(
                "name an image below static/, like `image = \"static/card.png\"` (1200×630 suits most sites)",
            ));
        }
        check_languages(path, text, &self, &mut problems);
        for language in self.languages() {
            check_taxonomies(path, text, language.taxonomies, &mut problems);
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            problems.sort();
            problems.dedup();
            Err(problems)
        }
    }

    /// Read and parse the site's configuration in `root`: `site.toml`, else Zola's `config.toml`
    /// (its keys mapped, those that mean nothing here named in one warning).
    pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join("site.toml");
        let zola = root.join("config.toml");
        if !path.exists() && zola.exists() {
            let text = std::fs::read_to_string(&zola).map_err(|e| {
                vec![
                    Diagnostic::file(&zola, format!("cannot read the site configuration: {e}"))
                        .with_hint("check that config.toml is a readable UTF-8 file"),
                ]
            })?;
            return zola::parse(&zola, &text);
        }
        let text = std::fs::read_to_string(&path).map_err(|e| {
            vec![Diagnostic::file(&path, format!("cannot read the site configuration: {e}")).with_hint(
                "run `dossier init DIR` for a new site, or pass --root to point at one; \
                 a Zola site's config.toml is read when there is no site.toml",
            )]
        })?;
        Config::parse_all(&path, &text)
    }

    /// Replace the base URL (`--base-url`), normalising it and deriving `base_path`.
    pub(crate) fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(format!(
                "base_url `{url}` is not an absolute URL; write it like `https://example.org/` or `https://user.github.io/repo/`"
            ));
        };
        if !matches!(scheme, "http" | "https") || rest.is_empty() || rest.starts_with('/') {
            return Err(format!("base_url `{url}` needs an http(s) scheme and a host"));
        }
        let path = rest.find('/').map_or("/", |i| &rest[i..]);
        let path = path.trim_end_matches('/');
        self.base_path = format!("{path}/");
        let host = rest.split('/').next().unwrap_or(rest);
        self.base_url = format!("{scheme}://{host}{}", self.base_path);
        Ok(())
    }

    /// Every language of the site, the default first, then the others by code.
    pub(crate) fn languages(&self) -> Vec<Language<'_>> {
        let default = Language {
            code: &self.language,
            prefix: url_prefix(&self.language, true),
            title: &self.title,
            description: &self.description,
            taxonomies: &self.taxonomies,
            search: self.search.enabled,
        };
        let others = self.languages.iter().map(|(code, l)| Language {
            code,
            prefix: url_prefix(code, false),
            title: l.title.as_deref().unwrap_or(&self.title),
            description: l.description.as_deref().unwrap_or(&self.description),
            taxonomies: l.taxonomies.as_deref().unwrap_or(&self.taxonomies),
            search: l.search.unwrap_or(self.search.enabled),
        });
        std::iter::once(default).chain(others).collect()
    }

    /// Whether some language's pages are searched (and the search index made).
    pub(crate) fn any_search(&self) -> bool {
        self.languages().iter().any(|l| l.search)
    }

    /// The language with code `code` if the site has it; codes ignore case (BCP 47), the
    /// language's `code` is spelt as in site.toml.
    #[cfg(test)]
    pub(crate) fn language(&self, code: &str) -> Option<Language<'_>> {
        self.languages().into_iter().find(|l| l.code.eq_ignore_ascii_case(code))
    }

    /// The codes of the languages besides the default one.
    pub(crate) fn other_languages(&self) -> Vec<String> {
        self.languages.keys().cloned().collect()
    }

    /// A site path (`/overview/`) as the href the browser needs (`/repo/overview/`).
    pub(crate) fn href(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    /// A site path as an absolute URL (`https://user.github.io/repo/overview/`).
    pub(crate) fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path.trim_start_matches('/'))
    }
}

/// Each `[languages.CODE]` names a language by a BCP 47 identifier that can be a URL segment, is
/// not the default `language`, and differs from the others in more than case.
fn check_languages(path: &Path, text: &str, config: &Config, problems: &mut Vec<Diagnostic>) {
    let mut seen: Vec<&str> = vec![&config.language];
    for code in config.languages.keys() {
        let at = language_offset(text, code).unwrap_or(0);
        let error = |message: String, hint: &str| Diagnostic::at(path, text, at, message).with_hint(hint);
        let shown = code.escape_debug();
        if icu_locale_core::LanguageIdentifier::try_from_str(code).is_err() {
            problems.push(error(
                format!("`{shown}` is not a language code (a BCP 47 language identifier)"),
                "write a code like `en`, `fr`, `pt-BR` or `zh-Hant`: a language, then optionally a script and a region",
            ));
        } else if let Err(why) = crate::path::segment(code) {
            problems.push(error(
                format!("the language code `{shown}` cannot be part of a URL: {why}"),
                "a language's code is the first segment of its URLs, like /en/",
            ));
        } else if code.eq_ignore_ascii_case(&config.language) {
            problems.push(error(
                format!("`{shown}` is the site's default language (`language = \"{}\"`)", config.language),
                "the default language needs no [languages] table: its title and description are the top-level ones",
            ));
        } else if let Some(other) = seen.iter().find(|s| s.eq_ignore_ascii_case(code)) {
            problems.push(error(
                format!("the language `{shown}` is declared twice (as `{other}` too): codes ignore case"),
                "keep one table per language",
            ));
        }
        seen.push(code);
    }
}

/// Each taxonomy's name is a URL segment, and is declared once.
fn check_taxonomies(path: &Path, text: &str, taxonomies: &[TaxonomyConfig], problems: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    for taxonomy in taxonomies {
        if let Err(why) = crate::path::segment(&taxonomy.name) {
            let at = text.find(&format!("\"{}\"", taxonomy.name)).unwrap_or(0);
            let message =
                format!("the taxonomy name `{}` cannot be part of a URL: {why}", taxonomy.name.escape_debug());
            problems.push(
                Diagnostic::at(path, text, at, message)
                    .with_hint("a taxonomy's name is the URL segment of its pages: a word like \"actors\""),
            );
        } else if let Some(Err(why)) = taxonomy.paginate_path.as_deref().map(crate::path::optional_segment) {
            let written = taxonomy.paginate_path.as_deref().unwrap_or_default();
            let at = text.find(&format!("\"{written}\"")).unwrap_or(0);
            let message = format!("the paginate_path `{}` cannot be part of a URL: {why}", written.escape_debug());
            problems.push(Diagnostic::at(path, text, at, message).with_hint(
                "the pagers' URLs are the term's, then this word and a number: \"page\" gives /tags/rust/page/2/",
            ));
        } else if !seen.insert(taxonomy.name.as_str()) {
            let at = text.find(&format!("\"{}\"", taxonomy.name)).unwrap_or(0);
            problems.push(
                Diagnostic::at(path, text, at, format!("taxonomy `{}` is declared twice", taxonomy.name))
                    .with_hint("each entry of `taxonomies` needs its own name"),
            );
        }
    }
}

/// Byte offset of the language `code`'s key in the `languages` table of the TOML document `text`.
fn language_offset(text: &str, code: &str) -> Option<usize> {
    let document = toml::de::DeTable::parse(text).ok()?;
    let (_, entries) = document.get_ref().iter().find(|(k, _)| k.get_ref() == "languages")?;
    let toml::de::DeValue::Table(entries) = entries.get_ref() else { return None };
    entries.iter().find(|(k, _)| k.get_ref() == code).map(|(k, _)| k.span().start)
}

/// Byte offset of `key` in the table `table` of the TOML document `text`.
fn key_offset(text: &str, table: &str, key: &str) -> Option<usize> {
    let document = toml::de::DeTable::parse(text).ok()?;
    let (_, entries) = document.get_ref().iter().find(|(k, _)| k.get_ref() == table)?;
    let toml::de::DeValue::Table(entries) = entries.get_ref() else { return None };
    entries.iter().find(|(k, _)| k.get_ref() == key).map(|(k, _)| k.span().start)
}

/// `[cards] image`: a file below the site's `static/` (published at the same path without
/// `static/`), not a path out of it.
fn check_card_image(site_toml: &Path, image: &str) -> Result<(), String> {
    let not = || format!("[cards] image = {image:?} is not a file in static/");
    let inside = image.starts_with("static/") && !image.split(['/', '\\']).any(|part| part == ".." || part.is_empty());
    let root = site_toml.parent().unwrap_or(Path::new("."));
    let static_dir = std::fs::canonicalize(root.join("static")).map_err(|_| not())?;
    let file = std::fs::canonicalize(root.join(image)).map_err(|_| not())?;
    if inside && file.is_file() && file.starts_with(static_dir) { Ok(()) } else { Err(not()) }
}

/// A domain name as `CNAME` wants it: no scheme, no path, no port.
fn check_domain(name: &str) -> Result<(), String> {
    let valid_label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if name.contains("://") || name.contains('/') || name.contains(':') {
        return Err(format!("cname `{name}` is not a bare domain name: leave out the scheme, port and path"));
    }
    if !name.contains('.') || !name.split('.').all(valid_label) {
        return Err(format!("cname `{name}` is not a domain name"));
    }
    Ok(())
}

/// RFC 4151's `authorityName`: a domain name or an email address.
fn check_tag_authority(authority: &str) -> Result<(), String> {
    let label = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let (local, domain) = authority.rsplit_once('@').map_or((None, authority), |(l, d)| (Some(l), d));
    let local_ok =
        local.is_none_or(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || "-._".contains(c)));
    if local_ok && domain.split('.').all(label) {
        Ok(())
    } else {
        Err(format!("id_authority `{}` is not a domain name or an email address", authority.escape_debug()))
    }
}

/// The host of an absolute URL, lower case, without port or user: `https://User.GitHub.io:443/repo/`
/// -> `user.github.io`.
fn host_name(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host.starts_with('[') { host } else { host.split(':').next().unwrap_or(host) };
    host.to_ascii_lowercase()
}

mod zola;

/// What the URLs of language `code` start with: nothing for the default language, `/code` for
/// the others (`/en/overview/`). The one place this rule is written.
pub(crate) fn url_prefix(code: &str, is_default: bool) -> String {
    if is_default { String::new() } else { format!("/{code}") }
}

#[cfg(test)]
mod tests;
