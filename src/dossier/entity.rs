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

/// The kinds an entity may be, with the label readers see.
pub const KINDS: [(&str, &str); 6] = [
    ("person", "人物"),
    ("place", "地点"),
    ("organization", "机构"),
    ("document", "文件"),
    ("mechanism", "机制"),
    ("event", "事件"),
];

#[derive(Debug, Clone, Serialize)]
pub struct Entity {
    /// Index of the entity's page.
    #[serde(skip)]
    pub page: usize,
    pub kind: String,
    pub kind_label: String,
    /// The title first, then the aliases.
    pub names: Vec<String>,
    pub summary: String,
}

/// Whether content path `rel` lies in the entities folder (and is not its `_index.md`).
pub fn is_entity_page(config: &Config, rel: &str) -> bool {
    rel.strip_prefix(config.dossier.entities.as_str()).is_some_and(|rest| rest.starts_with('/'))
        && !rel.ends_with("/_index.md")
}

/// The entities of the site and the annotator that finds their names; problems with kinds,
/// summaries and names claimed twice are diagnostics.
pub fn collect(
    config: &Config,
    content: &Content,
    hrefs: &HashMap<String, String>,
) -> (Vec<Entity>, Option<Annotator>, Vec<Diagnostic>) {
    let mut entities = Vec::new();
    let mut diagnostics = Vec::new();
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut names = Vec::new();
    let mut targets = Vec::new();
    for (i, page) in content.pages.iter().enumerate() {
        if !is_entity_page(config, &page.rel) {
            continue;
        }
        let source = &page.source;
        let kind = match &page.meta.kind {
            Some(kind) => match KINDS.iter().find(|(k, _)| k == kind.get_ref()) {
                Some((k, label)) => (k.to_string(), label.to_string()),
                None => {
                    let known: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
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
            if let Some(&other) = owner.get(name) {
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
            owner.insert(name.to_string(), index);
            own_names.push(name.to_string());
            names.push((name.to_string(), index));
        }
        targets.push(Target {
            href: hrefs.get(&page.rel).cloned().unwrap_or_default(),
            title: page.meta.title.clone(),
            summary: summary.clone(),
        });
        entities.push(Entity { page: i, kind: kind.0, kind_label: kind.1, names: own_names, summary });
    }
    let annotator = (!entities.is_empty() && config.dossier.mentions != Mentions::None)
        .then(|| Annotator::new(names, targets, config.dossier.mentions == Mentions::All));
    (entities, annotator, diagnostics)
}

fn entities_page(entities: &[Entity], index: usize) -> usize {
    entities[index].page
}
