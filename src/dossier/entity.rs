//! Entities: the people, places, organisations, documents and mechanisms a dossier names. Each is a
//! page in the entities folder (`content/entities/` by default) whose front matter gives its
//! `kind`, its other names (`aliases`) and a one-line `summary`. Every name of every entity is
//! matched in the text of every page, so a reader can follow an entity wherever it is named.

use std::collections::HashMap;

use serde::Serialize;

use crate::config::{Config, Mentions};
use crate::content::Content;
use crate::diag::Diagnostic;
use crate::markdown::annotate::{Annotator, Target};

/// The kinds an entity may be; the label readers see is the i18n string [`kind_key`].
pub(crate) const KINDS: [&str; 6] = ["person", "place", "organization", "document", "mechanism", "event"];

/// The i18n key of the label of `kind` (`kind_person`).
pub(crate) fn kind_key(kind: &str) -> String {
    format!("kind_{kind}")
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Entity {
    /// Index of the entity's page.
    #[serde(skip)]
    pub(crate) page: usize,
    pub(crate) kind: String,
    /// The kind's label in the default language (set from the i18n table by the build).
    pub(crate) kind_label: String,
    /// The title first, then the aliases.
    pub(crate) names: Vec<String>,
    pub(crate) summary: String,
}

/// Whether content path `rel` lies in the entities folder (and is not its `_index.md`).
pub(crate) fn is_entity_page(config: &Config, rel: &str) -> bool {
    rel.strip_prefix(config.dossier.entities.as_str()).is_some_and(|rest| rest.starts_with('/'))
        && !rel.ends_with("/_index.md")
}

/// Language code -> the annotator that finds the names of that language's entities (those whose
/// pages are in it) in the bodies written in it.
pub(crate) type Annotators = HashMap<String, Annotator>;

/// The entities of the site and, per language, the annotator that finds their names; problems
/// with kinds, summaries and names claimed twice (within a language) are diagnostics.
pub(crate) fn collect(
    config: &Config,
    content: &Content,
    hrefs: &HashMap<String, String>,
) -> (Vec<Entity>, Annotators, Vec<Diagnostic>) {
    let mut entities = Vec::new();
    let mut diagnostics = Vec::new();
    let mut owner: HashMap<(&str, String), usize> = HashMap::new();
    let mut names: HashMap<&str, Vec<(String, usize)>> = HashMap::new();
    let mut targets = Vec::new();
    for (i, page) in content.pages.iter().enumerate() {
        if !is_entity_page(config, &page.rel) {
            continue;
        }
        let source = &page.source;
        let kind = match &page.meta.kind {
            Some(kind) => match KINDS.iter().find(|k| *k == kind.get_ref()) {
                Some(k) => k.to_string(),
                None => {
                    let known: Vec<&str> = KINDS.to_vec();
                    diagnostics.push(
                        source
                            .error_in_toml(kind.span().start, format!("`{}` is not a kind of entity", kind.get_ref()))
                            .with_hint(format!("use one of: {}", known.join(", "))),
                    );
                    continue;
                }
            },
            None => {
                diagnostics.push(source.error_at("+++", "an entity page needs a `kind`").with_hint(
                    "add kind = \"person\" (or place, organization, document, mechanism, event) to the front matter",
                ));
                continue;
            }
        };
        let Some(summary) = page.meta.summary.clone().filter(|s| !s.trim().is_empty()) else {
            diagnostics.push(
                source
                    .error_at("+++", "an entity page needs a one-line `summary`")
                    .with_hint("add summary = \"…\": it is shown wherever the entity is mentioned"),
            );
            continue;
        };
        let index = entities.len();
        let mut own_names: Vec<String> = Vec::new();
        for name in std::iter::once(&page.meta.title).chain(page.meta.aliases.iter().map(|a| a.get_ref())) {
            let name = name.trim();
            if name.is_empty() || own_names.iter().any(|n| n == name) {
                continue;
            }
            if let Some(&other) = owner.get(&(page.lang.as_str(), name.to_string())) {
                let other_file = &content.pages[entities_page(&entities, other)].source.display;
                diagnostics.push(
                    source
                        .error_at(
                            &format!("\"{name}\""),
                            format!("the name `{name}` is claimed by {} too", other_file.display()),
                        )
                        .with_hint("a name may belong to one entity only; remove it from one of the two"),
                );
                continue;
            }
            owner.insert((page.lang.as_str(), name.to_string()), index);
            own_names.push(name.to_string());
            names.entry(page.lang.as_str()).or_default().push((name.to_string(), index));
        }
        targets.push(Target {
            href: hrefs.get(&page.rel).cloned().unwrap_or_default(),
            title: page.meta.title.clone(),
            summary: summary.clone(),
        });
        entities.push(Entity { page: i, kind, kind_label: String::new(), names: own_names, summary });
    }
    // One automaton per language, each with every target (a name's entity is its index in them).
    let annotators = if config.dossier.mentions == Mentions::None {
        Annotators::new()
    } else {
        names
            .into_iter()
            .map(|(lang, names)| (lang.to_string(), Annotator::new(names, targets.clone(), config.dossier.mentions)))
            .collect()
    };
    (entities, annotators, diagnostics)
}

/// Below this many pages a share says little (a person may well be named on two pages of three),
/// so the share of pages a name is found on is not judged.
const MIN_PAGES_FOR_SHARE: usize = 10;

/// Warnings about names too common to link: a name of one character (it matches inside other
/// words), and a name found on more than `[dossier] max_name_share` of the pages of its language
/// whose text is searched for names (`bodies`: every rendered page and section but the source
/// page, with its language).
pub(crate) fn name_warnings<'r>(
    config: &Config,
    content: &Content,
    entities: &[Entity],
    annotators: &Annotators,
    bodies: impl Iterator<Item = (&'r str, &'r crate::markdown::Rendered)>,
) -> Vec<Diagnostic> {
    // Per language: the pages searched, and on how many each name is found.
    let mut counts: HashMap<&str, (usize, Vec<usize>)> =
        annotators.iter().map(|(lang, a)| (lang.as_str(), (0, vec![0; a.names.len()]))).collect();
    for (lang, rendered) in bodies {
        if let Some((pages, found)) = counts.get_mut(lang) {
            *pages += 1;
            for &name in &rendered.names {
                found[name as usize] += 1;
            }
        }
    }
    let share = config.dossier.max_name_share;
    let at = |e: usize, name: &str, message: String| {
        content.pages[entities[e].page].source.error_at(&format!("\"{name}\""), message)
    };
    let mut warnings = Vec::new();
    for (e, entity) in entities.iter().enumerate() {
        for name in entity.names.iter().filter(|n| n.chars().count() == 1) {
            warnings.push(
                at(
                    e,
                    name,
                    format!(
                        "the entity name `{name}` is a single character: it is linked wherever that character appears"
                    ),
                )
                .with_hint("name the entity as the text writes it, in more than one character"),
            );
        }
    }
    for (lang, annotator) in annotators {
        let (pages, found) = &counts[lang.as_str()];
        let pages = *pages;
        for (i, (name, e)) in annotator.names.iter().enumerate() {
            let common = pages >= MIN_PAGES_FOR_SHARE && found[i] as f64 > share * pages as f64;
            if common && name.chars().count() > 1 {
                warnings.push(
                    at(*e, name, format!("the entity name `{name}` is found on {} of {pages} pages: more than max_name_share ({share}) of them, so it may be a word too common to link", found[i]))
                        .with_hint("use a more specific name, or raise max_name_share in site.toml's [dossier] table if the name is meant"),
                );
            }
        }
    }
    warnings
}

fn entities_page(entities: &[Entity], index: usize) -> usize {
    entities[index].page
}
