//! The site's sources: the page `[dossier] source` names (the default source) and every page of the
//! folder `[dossier] sources` names, each known by its file name without `.md` (`sources/xinhua.md`
//! is `xinhua`). Citations name a source by that name (`src="xinhua"`, `"xinhua#p3"`); a plain
//! number cites the default source, which is the `source` page, else the only source there is.

use crate::config::Config;
use crate::content::{Content, Item};
use crate::diag::Diagnostic;

/// One source: its name and its original page (`None`: named in site.toml but not loaded, which
/// is reported once, there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourcePage {
    pub(crate) name: String,
    pub(crate) rel: String,
    pub(crate) page: Option<usize>,
}

/// The site's sources, in order: the `source` page first, then the folder's pages by path.
#[derive(Debug, Clone, Default)]
pub(crate) struct SourcePages {
    pub(crate) list: Vec<SourcePage>,
    /// The source a plain paragraph number cites.
    pub(crate) default: Option<usize>,
}

impl SourcePages {
    pub(crate) fn several(&self) -> bool {
        self.list.len() > 1
    }

    /// The source `name` names (`None`: the default one), or the message and hint saying why none.
    pub(crate) fn find(&self, name: Option<&str>) -> Result<&SourcePage, (String, String)> {
        match name {
            Some(name) => self.list.iter().find(|s| s.name == name).ok_or_else(|| {
                (
                    format!("there is no source `{name}`"),
                    format!("the sources are {}; a source is named by its file name without .md", self.names()),
                )
            }),
            None => match self.default {
                Some(d) => Ok(&self.list[d]),
                None if self.list.is_empty() => Err((
                    "the site has no source page".to_string(),
                    "name it in site.toml: [dossier] source = \"source.md\"".to_string(),
                )),
                None => Err((
                    "the site has several sources and no default: a plain number cites none of them".to_string(),
                    format!(
                        "name the source, like \"{}#p1\" (the sources are {}), or make one the default in site.toml: [dossier] source = \"…\"",
                        self.list[0].name,
                        self.names()
                    ),
                )),
            },
        }
    }

    /// `a`, `b`: the names, for hints.
    pub(crate) fn names(&self) -> String {
        self.list.iter().map(|s| format!("`{}`", s.name)).collect::<Vec<_>>().join(", ")
    }
}

/// What `src` calls the source at `rel`: its file name without `.md`, or its folder's name for a
/// bundle's `index.md`.
pub(crate) fn name_of(rel: &str) -> &str {
    let mut parts = rel.rsplit('/');
    let file = parts.next().unwrap_or(rel);
    let stem = file.strip_suffix(".md").unwrap_or(file);
    if stem == "index" { parts.next().unwrap_or(stem) } else { stem }
}

/// The sources `config` names in `content`, with the problems in naming them (a page that is
/// missing is reported by the caller, which knows whether it failed to load).
pub(crate) fn collect(config: &Config, content: &Content) -> (SourcePages, Vec<Diagnostic>) {
    let mut sources = SourcePages::default();
    let mut problems = Vec::new();
    if let Some(rel) = &config.dossier.source {
        let page = match content.by_rel.get(rel.as_str()) {
            Some(Item::Page(i)) => Some(*i),
            _ => None,
        };
        sources.list.push(SourcePage { name: name_of(rel).to_string(), rel: rel.clone(), page });
        sources.default = Some(0);
    }
    if let Some(folder) = &config.dossier.sources {
        let prefix = format!("{}/", folder.trim_matches('/'));
        let before = sources.list.len();
        for (i, page) in content.pages.iter().enumerate() {
            // Translations are found through their original; the `source` page is listed once.
            let original = page.rel == page.group && page.lang == config.language;
            if !page.rel.starts_with(&prefix) || !original || sources.list.iter().any(|s| s.rel == page.rel) {
                continue;
            }
            let name = name_of(&page.rel);
            if let Some(other) = sources.list.iter().find(|s| s.name == name) {
                problems.push(
                    Diagnostic::file(
                        page.source.display.clone(),
                        format!("two sources are named `{name}`: this page and content/{}", other.rel),
                    )
                    .with_hint("a source is named by its file name: rename one of them"),
                );
                continue;
            }
            sources.list.push(SourcePage { name: name.to_string(), rel: page.rel.clone(), page: Some(i) });
        }
        if sources.list.len() == before && !content.pages.iter().any(|p| p.rel.starts_with(&prefix)) {
            let (line, col) = config.dossier.sources_at;
            problems.push(
                Diagnostic::new(
                    "site.toml",
                    line,
                    col,
                    format!("[dossier] sources names `{folder}`, which holds no page"),
                )
                .with_hint(format!("put the source pages in content/{folder}/, or name the folder they are in")),
            );
        }
    }
    if sources.default.is_none() && sources.list.len() == 1 {
        sources.default = Some(0);
    }
    (sources, problems)
}

#[cfg(test)]
mod tests {
    use super::name_of;

    #[test]
    fn a_source_is_named_by_its_file_name() {
        for (rel, name) in [
            ("source.md", "source"),
            ("sources/xinhua.md", "xinhua"),
            ("sources/cns/index.md", "cns"),
            ("a/b/c-2023.md", "c-2023"),
        ] {
            assert_eq!(name_of(rel), name, "{rel}");
        }
    }
}
