//! `dossier check`: everything a build checks (front matter, links and anchors in content,
//! cross-links, timeline dates, entity names, citations), then what only the whole built site
//! shows: links and anchors in every output (templates included), pages nothing links to, entities
//! no page names, source paragraphs no page cites; the typography of our own text where a site
//! turns it on ([`typography`]); the external links listed, and with `--external` fetched.
//! Writes nothing.
//!
//! The [`Report`] is data: the CLI prints it as text or as JSON (its shape is documented in the
//! README and kept stable: add fields, never rename them).

pub(crate) mod external;
pub(crate) mod languages;
pub(crate) mod links;
pub(crate) mod typography;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::build::{self, BuildOptions, Built, SourceCoverage};
use crate::content::Item;
use crate::diag::Diagnostic;
pub(crate) use external::ExternalOptions;

/// What to check besides the build.
#[derive(Debug, Clone, Default)]
pub(crate) struct CheckOptions {
    /// Fetch external links (with these settings); without it they are only listed.
    pub(crate) external: Option<ExternalOptions>,
}

/// The findings of `dossier check`.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Report {
    /// The version of this shape.
    pub(crate) version: u32,
    /// No errors (warnings allowed).
    pub(crate) ok: bool,
    pub(crate) errors: Vec<Diagnostic>,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) external_links: Vec<ExternalLink>,
    /// Citation coverage of the source page; absent without one (or when the site does not load).
    pub(crate) coverage: Option<Coverage>,
    /// Files the build would write.
    pub(crate) outputs: usize,
    /// Internal links followed in the outputs.
    pub(crate) internal_links: usize,
}

#[derive(Debug, Serialize)]
pub(crate) struct ExternalLink {
    pub(crate) url: String,
    /// Site paths of the pages that link to it.
    pub(crate) pages: Vec<String>,
    /// `unchecked` (without --external), `ok` or `broken`.
    pub(crate) status: &'static str,
    /// The HTTP status, when there was an answer.
    pub(crate) code: Option<u16>,
    /// Why it is broken, when there was no answer.
    pub(crate) error: Option<String>,
    pub(crate) attempts: u32,
}

/// Source coverage: the default source's (else the first's) figures, and every source's.
#[derive(Debug, Serialize)]
pub(crate) struct Coverage {
    pub(crate) paragraphs: usize,
    pub(crate) cited: usize,
    pub(crate) uncited: Vec<u32>,
    pub(crate) sources: Vec<SourceCoverage>,
}

/// Check the site at `options.root`.
pub(crate) fn check(options: &BuildOptions, check: &CheckOptions) -> Report {
    let built = match build::build_all(options) {
        Ok(built) => built,
        Err(diagnostics) => {
            return Report { version: 1, ok: false, errors: diagnostics.0, ..Report::default() };
        }
    };
    let found = links::check(&built.site().config, built.outputs());
    let mut warnings = orphans(&built);
    warnings.extend(found.warnings.iter().cloned());
    warnings.extend(languages::missing_originals(&built.site().content));
    warnings.extend(unnamed_entities(&built));
    warnings.extend(built.report().warnings.iter().cloned());
    let report = &built.report();
    let main = report.coverage.iter().find(|c| c.is_default).or(report.coverage.first());
    let coverage = main.map(|c| Coverage {
        paragraphs: c.paragraphs,
        cited: c.cited,
        uncited: c.uncited.clone(),
        sources: report.coverage.clone(),
    });
    let several = report.coverage.len() > 1;
    for c in &report.coverage {
        for n in &c.uncited {
            let (message, call) = match (several, c.is_default) {
                (false, _) => (format!("source paragraph ¶{n} is cited by no page"), format!("cite(p={n})")),
                (true, default) => (
                    format!("paragraph ¶{n} of the source `{}` is cited by no page", c.source),
                    if default { format!("cite(p={n})") } else { format!("cite(src=\"{}\", p={n})", c.source) },
                ),
            };
            warnings.push(
                Diagnostic::file(c.path.clone(), message)
                    .with_hint(format!("quote or cite it somewhere: {{{{ {call} }}}}")),
            );
        }
    }
    let mut errors = found.errors;
    let config = &built.site().config;
    let sources: Vec<usize> = built.site().sources.iter().map(|s| s.page).collect();
    errors.extend(typography::check(&built.site().content, &config.check.typography, &sources));
    let codes = &built.site().content.languages;
    let shortcodes = built.tools().shortcodes().into_iter().flat_map(|s| s.sources());
    for (file, text) in built.templates().sources().chain(shortcodes) {
        errors.extend(languages::trans_keys(file, text, &built.site().strings, codes));
    }
    let urls: Vec<String> = found.external.keys().cloned().collect();
    let outcomes = check.external.as_ref().map(|o| external::check(&urls, o));
    let external_links: Vec<ExternalLink> = found
        .external
        .into_iter()
        .enumerate()
        .map(|(i, (url, pages))| {
            let pages: Vec<String> = pages.into_iter().collect();
            let Some((outcome, attempts)) = outcomes.as_ref().map(|o| o[i].clone()) else {
                return ExternalLink { url, pages, status: "unchecked", code: None, error: None, attempts: 0 };
            };
            let (code, error) = match &outcome {
                external::Outcome::Ok(c) | external::Outcome::Status(c) => (Some(*c), None),
                external::Outcome::Failed(e) => (None, Some(e.clone())),
            };
            if !outcome.is_ok() {
                let why = code.map_or_else(|| error.clone().unwrap_or_default(), |c| format!("HTTP {c}"));
                let tries = if attempts > 1 { format!(" after {attempts} attempts") } else { String::new() };
                errors.push(
                    Diagnostic::file(
                        pages.first().map_or("site".into(), |p| format!("{p} (page)")),
                        format!("external link {url} is broken: {why}{tries}"),
                    )
                    .with_hint(format!("linked from {}; fix or remove the link", pages.join(", "))),
                );
            }
            let status = if outcome.is_ok() { "ok" } else { "broken" };
            ExternalLink { url, pages, status, code, error, attempts }
        })
        .collect();
    errors.sort();
    warnings.sort();
    Report {
        version: 1,
        ok: errors.is_empty(),
        errors,
        warnings,
        external_links,
        coverage,
        outputs: built.outputs().len(),
        internal_links: found.checked,
    }
}

/// Pages that no other page or section links to (in its text or its `related` list) and, for
/// entities, that no page names. Section listings and the site's navigation reach every page, so
/// an orphan is not unreachable: it is a page the dossier's own text never points a reader to.
/// A link to any translation of a page reaches the others too (the language switcher and the
/// hreflang alternates link them), so a group of translations is linked or orphaned together.
/// A warning, not an error.
fn orphans(built: &Built) -> Vec<Diagnostic> {
    let site = built.site();
    let named: BTreeSet<usize> = site.pages.iter().flat_map(|r| r.mentions.iter().map(|m| m.entity)).collect();
    let mut warnings = Vec::new();
    for (i, page) in site.content.pages.iter().enumerate() {
        let group = site.content.translations(Item::Page(i));
        let linked = group.iter().filter_map(|t| match t {
            Item::Page(t) => Some(&site.content.pages[*t].rel),
            Item::Section(_) => None,
        });
        let linked = linked.chain([&page.rel]).any(|rel| {
            site.backlinks
                .get(rel)
                .is_some_and(|b| b.iter().any(|b| b.from != Item::Page(i) && !group.contains(&b.from)))
        });
        let entity = site.entities.iter().position(|e| e.page == i);
        let cited_source = site.sources.iter().any(|s| s.page == i && s.provenance.paragraphs > 0);
        if linked || entity.is_some_and(|e| named.contains(&e)) || cited_source {
            continue;
        }
        warnings.push(
            Diagnostic::file(
                page.source.display.clone(),
                format!("orphan page: no other page links to `{}`; only listings reach it", page.rel),
            )
            .with_hint(format!("link it where it is relevant ([…](@/{})) or name it in a `related` list", page.rel)),
        );
    }
    warnings
}

/// Entities whose names appear on no page.
fn unnamed_entities(built: &Built) -> Vec<Diagnostic> {
    let site = built.site();
    let named: BTreeMap<usize, usize> = site.pages.iter().flat_map(|r| r.mentions.iter().map(|m| (m.entity, 1))).fold(
        BTreeMap::new(),
        |mut acc, (e, n)| {
            *acc.entry(e).or_default() += n;
            acc
        },
    );
    site.entities
        .iter()
        .enumerate()
        .filter(|(e, _)| !named.contains_key(e))
        .map(|(_, entity)| {
            let page = &site.content.pages[entity.page];
            Diagnostic::file(
                page.source.display.clone(),
                format!("no page names the entity `{}` (by any of its names)", page.meta.title),
            )
            .with_hint("add the name as it is written in the text to `aliases`, or mention the entity somewhere")
        })
        .collect()
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for e in &self.errors {
            writeln!(f, "{e}")?;
        }
        for w in &self.warnings {
            writeln!(f, "{}", w.as_warning())?;
        }
        if !self.external_links.is_empty() {
            let unchecked = self.external_links.iter().all(|l| l.status == "unchecked");
            let note = if unchecked { " (not fetched; pass --external to check them)" } else { "" };
            writeln!(f, "{} external links{note}:", self.external_links.len())?;
            for link in &self.external_links {
                let status = match (link.status, link.code) {
                    ("unchecked", _) => String::new(),
                    (s, Some(code)) => format!("  [{s} {code}]"),
                    (s, None) => format!("  [{s}]"),
                };
                writeln!(f, "  {}{status}  <- {}", link.url, link.pages.join(" "))?;
            }
        }
        if let Some(c) = &self.coverage {
            if let [one] = c.sources.as_slice() {
                writeln!(f, "source coverage: {one}")?;
            } else {
                for source in &c.sources {
                    writeln!(f, "source coverage of `{}` ({}): {source}", source.source, source.path)?;
                }
            }
        }
        write!(
            f,
            "{} error{}, {} warning{}; {} outputs, {} internal links followed",
            self.errors.len(),
            if self.errors.len() == 1 { "" } else { "s" },
            self.warnings.len(),
            if self.warnings.len() == 1 { "" } else { "s" },
            self.outputs,
            self.internal_links
        )
    }
}
