//! Loading templates: the theme's, overridden file by file by the site's `templates/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diag::{Diagnostic, display_path};

/// The templates every site needs, from its theme or its own `templates/`.
pub const REQUIRED: [&str; 7] =
    ["base.html", "index.html", "section.html", "page.html", "taxonomy_list.html", "taxonomy_term.html", "404.html"];

/// Loaded templates and where each came from (for diagnostics and dependency tracking).
pub struct Templates {
    pub tera: Tera,
    /// Template name -> the file it was read from, as shown in diagnostics.
    pub files: BTreeMap<String, PathBuf>,
    /// Template name -> the names it extends or includes.
    pub uses: BTreeMap<String, Vec<String>>,
}

/// Read `themes/<theme>/templates/` and then `templates/` (same name: the site's file wins).
pub fn load(root: &Path, theme: Option<&str>) -> Result<Templates, Vec<Diagnostic>> {
    let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    let mut dirs = Vec::new();
    if let Some(theme) = theme {
        let theme_dir = root.join("themes").join(theme);
        if !theme_dir.is_dir() {
            diagnostics.push(
                Diagnostic::file("site.toml", format!("the theme `{theme}` is not in themes/{theme}/")).with_hint(
                    "set `theme` to the name of a folder in themes/, or remove it and put every template in templates/",
                ),
            );
        }
        dirs.push(theme_dir.join("templates"));
    }
    dirs.push(root.join("templates"));
    for dir in &dirs {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || crate::content::is_ignored(&name) {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(dir) else { continue };
            let key = rel.to_string_lossy().replace('\\', "/");
            let shown = display_path(root, entry.path());
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    sources.insert(key, (shown, text));
                }
                Err(e) => diagnostics.push(Diagnostic::file(shown, format!("cannot read the template: {e}"))),
            }
        }
    }
    for required in REQUIRED {
        if !sources.contains_key(required) {
            diagnostics.push(
                Diagnostic::file(format!("templates/{required}"), format!("the template `{required}` is missing"))
                    .with_hint(match theme {
                        Some(t) => format!("add templates/{required}, or check that themes/{t}/templates/ has it"),
                        None => format!("add templates/{required}, or set `theme` in site.toml"),
                    }),
            );
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml", ".htm"]);
    let files: BTreeMap<String, PathBuf> = sources.iter().map(|(k, (p, _))| (k.clone(), p.clone())).collect();
    let uses = sources.iter().map(|(k, (_, text))| (k.clone(), referenced_templates(text))).collect();
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(k, (_, text))| (k.as_str(), text.as_str()))) {
        diagnostics.push(template_error(&files, &e, None));
    }
    if diagnostics.is_empty() { Ok(Templates { tera, files, uses }) } else { Err(diagnostics) }
}

impl Templates {
    /// `name` and every template it reaches through `extends` and `include`.
    pub fn closure(&self, name: &str) -> Vec<String> {
        let mut seen = vec![name.to_string()];
        let mut i = 0;
        while i < seen.len() {
            for used in self.uses.get(&seen[i]).into_iter().flatten() {
                if !seen.contains(used) {
                    seen.push(used.clone());
                }
            }
            i += 1;
        }
        seen.sort();
        seen
    }
}

/// The template names in `{% extends "x" %}` and `{% include "x" %}` tags: a scan of the tag
/// syntax only, enough to know which files a template is made from.
fn referenced_templates(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.trim_start_matches(['-', ' ', '\n', '\t']);
        let rest = tag.strip_prefix("extends").or_else(|| tag.strip_prefix("include"));
        if let Some(rest) = rest {
            let rest = rest.trim_start();
            if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'')
                && let Some(end) = rest[1..].find(quote)
            {
                names.push(rest[1..1 + end].to_string());
            }
        }
    }
    names
}

/// A tera error as a diagnostic at the template's file:line:col; `rendering` names the content
/// file whose page was being rendered.
pub fn template_error(files: &BTreeMap<String, PathBuf>, error: &tera::Error, rendering: Option<&Path>) -> Diagnostic {
    let while_rendering = rendering.map(|p| format!(" (while rendering {})", p.display())).unwrap_or_default();
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut diagnostic = match report {
        Some(report) => {
            let path = files.get(report.filename()).cloned().unwrap_or_else(|| report.filename().into());
            let span = report.span();
            Diagnostic::new(path, span.start_line, span.start_col + 1, format!("{}{while_rendering}", report.message()))
        }
        None => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            let path = files
                .keys()
                .find(|name| message.contains(&format!("'{name}'")))
                .and_then(|name| files.get(name).cloned())
                .unwrap_or_else(|| "templates".into());
            Diagnostic::file(path, format!("{message}{while_rendering}"))
        }
    };
    diagnostic.hint = Some(match report {
        Some(r) if r.message().contains("not found") || r.message().contains("doesn't exist") => {
            "guard optional values with `is defined` or `| default(value=…)`".into()
        }
        _ => "see the tera 2 template syntax: https://keats.github.io/tera/".into(),
    });
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_extends_and_includes() {
        let text = "{% extends \"base.html\" %}{% block a %}{%- include 'partials/toc.html' -%}{% endblock %}{% if x %}{% endif %}";
        assert_eq!(referenced_templates(text), ["base.html", "partials/toc.html"]);
    }
}
