//! Loading templates: the theme's, overridden file by file by the site's `templates/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diag::{Diagnostic, display_path};

/// The templates every site needs, from its theme or its own `templates/`.
pub(crate) const REQUIRED: [&str; 5] = ["base.html", "index.html", "section.html", "page.html", "404.html"];

/// The templates of a taxonomy's pages when it has none of its own (Zola's `<taxonomy>/list.html`
/// and `<taxonomy>/single.html`): by the name of its own, the fallback. A site needs them only for
/// a taxonomy without its own.
pub(crate) const TAXONOMY: [(&str, &str); 2] = [("list", "taxonomy_list.html"), ("single", "taxonomy_term.html")];

/// Template sources and where each came from (for diagnostics and dependency tracking). They are
/// compiled by [`Templates::compile`] once the functions templates call exist, since tera 2 checks
/// every function and filter name when it adds a template.
pub(crate) struct Templates {
    sources: BTreeMap<String, String>,
    /// Template name -> the file it was read from, as shown in diagnostics.
    pub(crate) files: BTreeMap<String, PathBuf>,
    /// Template name -> the names it extends or includes.
    pub(crate) uses: BTreeMap<String, Vec<String>>,
    /// Links left out because they point outside the site.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Tera's autoescaping, through the HTML escaper everything else uses (its output is tera's own:
/// `& < > " '` as entities), written a run at a time: tera's own writes every byte on its own
/// through `dyn Write`, which took a sixth of the time spent in templates.
pub(crate) fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::markdown::escape_with(input, |run| out.write_all(run.as_bytes()))
}

/// The folder of `templates/` that holds shortcodes, not templates of pages.
pub(crate) const SHORTCODES: &str = "shortcodes/";

/// Read the theme's templates (the built-in theme's beneath `themes/longform/`) and then
/// `templates/` (same name: the site's file wins); shortcodes are left to [`super::shortcodes`].
pub(crate) fn load(root: &Path, theme: Option<&str>) -> Result<Templates, Vec<Diagnostic>> {
    let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    let (files, warnings) = template_files(root, theme, &mut diagnostics);
    for (key, file) in files {
        let name = key.rsplit('/').next().unwrap_or(&key);
        // Notes for humans (a README.md) sit beside templates without being one.
        if crate::walk::is_ignored(name) || name.ends_with(".md") || key.starts_with(SHORTCODES) {
            continue;
        }
        match file.read_to_string() {
            Ok(text) => {
                sources.insert(key, (file.shown, text));
            }
            Err(e) => diagnostics.push(Diagnostic::file(file.shown, format!("cannot read the template: {e}"))),
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
    let files: BTreeMap<String, PathBuf> = sources.iter().map(|(k, (p, _))| (k.clone(), p.clone())).collect();
    let uses = sources.iter().map(|(k, (_, text))| (k.clone(), referenced_templates(text))).collect();
    let sources = sources.into_iter().map(|(k, (_, text))| (k, text)).collect();
    if diagnostics.is_empty() { Ok(Templates { sources, files, uses, warnings }) } else { Err(diagnostics) }
}

/// The files of the theme's `templates/` (a missing theme reported) and then of the site's, each
/// by its path below `templates/`; and the walk's warnings.
pub(crate) fn template_files(
    root: &Path,
    theme: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<(String, crate::theme::File)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    if let Some(theme) = theme {
        if !crate::theme::exists(root, theme) {
            diagnostics.push(
                Diagnostic::file("site.toml", format!("the theme `{theme}` is not in themes/{theme}/")).with_hint(
                    format!(
                        "set `theme` to the name of a folder in themes/ or to `{}` (built in), or remove it and put every template in templates/",
                        crate::theme::DEFAULT
                    ),
                ),
            );
        }
        let (theme_files, walked) = crate::theme::files(root, theme, "templates");
        warnings.extend(walked);
        files.extend(theme_files);
    }
    let dir = root.join("templates");
    let walked = crate::walk::files(root, &dir, |_| false);
    warnings.extend(walked.warnings);
    for entry in walked.entries.into_iter().filter_map(Result::ok) {
        let Some(key) = crate::walk::relative(entry.path(), &dir) else { continue };
        let origin = crate::theme::Origin::Disk(entry.path().to_path_buf());
        files.push((key, crate::theme::File { shown: display_path(root, entry.path()), origin }));
    }
    (files, warnings)
}

impl Templates {
    /// Whether some template reads a field called `name` (`page.card`, `item.card`): what only
    /// such a field points to (the social cards) is made only for templates that show it.
    pub(crate) fn read_field(&self, name: &str) -> bool {
        let field = regex::Regex::new(&format!(r"\.{}\b", regex::escape(name)));
        field.is_ok_and(|field| self.sources.values().any(|text| field.is_match(text)))
    }

    /// Each template's source and the file it was read from, as shown in diagnostics.
    pub(crate) fn sources(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.sources.iter().filter_map(|(name, text)| Some((self.files.get(name)?.as_path(), text.as_str())))
    }

    /// `diagnostic` (an error rendering a template in `lang`) said as a missing interface string
    /// where it is one: see [`missing_string`].
    pub(crate) fn missing_string(
        &self,
        diagnostic: Diagnostic,
        lang: &str,
        strings: &crate::i18n::Strings,
    ) -> Diagnostic {
        let text = self.sources().find(|(path, _)| *path == diagnostic.path).map(|(_, text)| text);
        missing_string(diagnostic, text, lang, strings)
    }

    /// A tera instance with every template, after `setup` has registered functions and filters.
    pub(crate) fn compile(&self, setup: impl FnOnce(&mut Tera)) -> Result<Tera, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".htm"]);
        tera.set_escape_fn(escape_html);
        setup(&mut tera);
        tera.add_raw_templates(self.sources.iter().map(|(k, text)| (k.as_str(), text.as_str())))
            .map_err(|e| template_errors(&self.files, &e, None))?;
        Ok(tera)
    }

    /// `name` and every template it reaches through `extends` and `include`.
    pub(crate) fn closure(&self, name: &str) -> Vec<String> {
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

/// A tera error as diagnostics. Checks made when templates are added come as one message of
/// several reports (`error: …` then ` --> name:line:col`); each becomes its own diagnostic.
pub(crate) fn template_errors(
    files: &BTreeMap<String, PathBuf>,
    error: &tera::Error,
    rendering: Option<&Path>,
) -> Vec<Diagnostic> {
    if let tera::ErrorKind::Msg(message) = error.kind() {
        let parsed: Vec<Diagnostic> = message.split("\n\n").filter_map(|report| parse_report(files, report)).collect();
        if !parsed.is_empty() {
            return parsed;
        }
    }
    vec![template_error(files, error, rendering)]
}

/// The hint for a mistake in the arguments of a function whose message names it.
fn function_hint(message: &str) -> Option<&'static str> {
    (message.contains("resize_image: ") || message.contains("get_image_metadata: ")).then_some(
        "resize_image(path=…, width=…, height=…, op=\"fill\" | \"fit\" | \"scale\" | \"fit_width\" | \"fit_height\", \
         format=\"auto\" | \"jpg\" | \"png\" | \"webp\", quality=1…100); a path is looked for in the site's folder, \
         static/, content/ and the theme's static/",
    )
}

/// One `error: message\n --> name:line:col` report.
fn parse_report(files: &BTreeMap<String, PathBuf>, report: &str) -> Option<Diagnostic> {
    let mut lines = report.lines();
    let message = lines.next()?.strip_prefix("error: ")?;
    let locus = lines.next()?.trim().strip_prefix("--> ")?;
    let mut parts = locus.rsplitn(3, ':');
    let col: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let name = parts.next()?;
    let path = files.get(name).cloned().unwrap_or_else(|| name.into());
    let hint = if let Some(hint) = function_hint(message) {
        hint
    } else if message.starts_with("Unknown function") || message.starts_with("Unknown filter") {
        "dossier provides the functions get_page, get_section, get_url, get_taxonomy, get_timeline, get_entities, trans and the filters date (format=, lang=) and json_ld, besides tera's own"
    } else {
        "see the tera 2 template syntax: https://keats.github.io/tera/"
    };
    Some(Diagnostic::new(path, line, col, message).with_hint(hint))
}

/// What a template error's message ends with when it names the content file being rendered:
/// ` (while rendering content/a.md)`. [`merge_repeated`] reads it back.
const WHILE: &str = " (while rendering ";

/// A tera error as a diagnostic at the template's file:line:col; `rendering` names the content
/// file whose page was being rendered.
pub(crate) fn template_error(
    files: &BTreeMap<String, PathBuf>,
    error: &tera::Error,
    rendering: Option<&Path>,
) -> Diagnostic {
    let while_rendering = rendering.map(|p| format!("{WHILE}{})", p.display())).unwrap_or_default();
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
        Some(r) if let Some(hint) = function_hint(r.message()) => hint.into(),
        Some(r) if r.message().contains("not found") || r.message().contains("doesn't exist") => {
            "guard optional values with `is defined` or `| default(value=…)`".into()
        }
        _ => "see the tera 2 template syntax: https://keats.github.io/tera/".into(),
    });
    diagnostic
}

/// `diagnostic` said as a missing interface string when it is tera's "Field `key` is not defined"
/// at an `i18n.key` of a template (its `text`) rendered in `lang`: the message names the language
/// and the key instead of listing the table, and the hint says where to add it or which key is
/// close.
pub(crate) fn missing_string(
    diagnostic: Diagnostic,
    text: Option<&str>,
    lang: &str,
    strings: &crate::i18n::Strings,
) -> Diagnostic {
    let Some(key) = diagnostic
        .message
        .strip_prefix("Field `")
        .and_then(|rest| rest.split_once("` is not defined"))
        .map(|(key, _)| key.to_string())
    else {
        return diagnostic;
    };
    let before = text.and_then(|text| {
        let line = text.lines().nth(diagnostic.line.checked_sub(1)?)?;
        Some(line.chars().take(diagnostic.col.saturating_sub(1)).collect::<String>())
    });
    if !before.is_some_and(|before| before.trim_end().ends_with("i18n.")) {
        return diagnostic;
    }
    let rendering = diagnostic.message.rfind(WHILE).map_or("", |i| &diagnostic.message[i..]).to_string();
    let table = strings.table(lang);
    let close = table.and_then(|t| crate::diag::closest(&key, t.iter().map(|(k, _)| k), 0.8));
    let hint = match close {
        Some(close) => {
            format!("did you mean `i18n.{close}`? Otherwise add `{key} = \"…\"` to every language's i18n table")
        }
        None if table.is_none() => format!("the language `{lang}` has no i18n table: add i18n/{lang}.toml"),
        None => format!("add `{key} = \"…\"` to every language's i18n table (i18n/<code>.toml or the theme's)"),
    };
    Diagnostic {
        message: format!("`i18n.{key}`: the language `{lang}` has no string `{key}` in its i18n table{rendering}"),
        hint: Some(hint),
        ..diagnostic
    }
}

/// Template errors met rendering many pages, reported once: every error at one place of a
/// template becomes one diagnostic saying how many pages it hit and which first, its message cut
/// to a short excerpt (tera may quote a whole page value, hundreds of KiB). Other diagnostics pass
/// as they are.
pub(crate) fn merge_repeated(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // Each place and message: the diagnostic, the content files of the pages it hit, and how many
    // outputs of no content file it hit besides (the 404 page, a taxonomy's list).
    let mut merged: Vec<(Diagnostic, Vec<String>, usize)> = Vec::new();
    let mut at: std::collections::HashMap<(PathBuf, usize, usize, String), usize> = std::collections::HashMap::new();
    for mut d in diagnostics {
        let page = d.message.rfind(WHILE).map(|i| {
            let page = d.message[i + WHILE.len()..].trim_end_matches(')').to_string();
            d.message.truncate(i);
            page
        });
        let key = (d.path.clone(), d.line, d.col, d.message.clone());
        let k = *at.entry(key).or_insert_with(|| {
            merged.push((d, Vec::new(), 0));
            merged.len() - 1
        });
        match page {
            Some(page) => merged[k].1.push(page),
            None => merged[k].2 += 1,
        }
    }
    merged
        .into_iter()
        .map(|(mut d, mut pages, others)| {
            pages.sort();
            d.message = excerpt(&d.message);
            match (pages.as_slice(), others) {
                ([], 0 | 1) => {}
                ([one], 0) => d.message.push_str(&format!("{WHILE}{one})")),
                ([], n) => d.message.push_str(&format!(" (on {n} pages)")),
                ([first, ..], n) => d.message.push_str(&format!(" (on {} pages, the first {first})", pages.len() + n)),
            }
            d
        })
        .collect()
}

/// `message` with every run longer than [`EXCERPT`] characters cut to its start and how long it was.
fn excerpt(message: &str) -> String {
    const EXCERPT: usize = 300;
    if message.chars().count() <= EXCERPT * 2 {
        return message.to_string();
    }
    let kept: String = message.chars().take(EXCERPT).collect();
    let tail: String = {
        let mut t: Vec<char> = message.chars().rev().take(EXCERPT / 2).collect();
        t.reverse();
        t.into_iter().collect()
    };
    format!("{kept} … [{} characters left out] … {tail}", message.chars().count() - EXCERPT - EXCERPT / 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_joined_reports() {
        let files = BTreeMap::from([("base.html".to_string(), PathBuf::from("templates/base.html"))]);
        let message = "error: Unknown function `nope`\n --> base.html:3:33\n  |\n3 | x\n\nerror: Unknown filter `f`\n --> other.html:1:2\n  |";
        let found = template_errors(&files, &tera::Error::message(message), None);
        let shown: Vec<String> =
            found.iter().map(|d| format!("{}:{}:{} {}", d.path.display(), d.line, d.col, d.message)).collect();
        assert_eq!(shown, ["templates/base.html:3:33 Unknown function `nope`", "other.html:1:2 Unknown filter `f`"]);
    }

    #[test]
    fn errors_at_one_place_are_merged_and_cut_short() {
        let at = |page: &str, message: &str| {
            Diagnostic::new("templates/page.html", 1, 5, format!("{message} (while rendering {page})"))
        };
        let dump = format!("got `{}`", "x".repeat(100_000));
        let merged = merge_repeated(vec![
            at("content/b.md", &dump),
            at("content/a.md", &dump),
            Diagnostic::new("content/c.md", 2, 1, "a content error"),
            Diagnostic::new("templates/page.html", 2, 1, "other (while rendering content/a.md)"),
        ]);
        let shown: Vec<&str> = merged.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(shown.len(), 3, "{shown:?}");
        assert!(shown[0].ends_with("(on 2 pages, the first content/a.md)"), "{}", shown[0]);
        assert!(shown[0].len() < 1000 && shown[0].contains("characters left out"));
        assert_eq!(shown[1..], ["a content error", "other (while rendering content/a.md)"]);

        // The same error on an output of no content file (the 404 page) joins the pages' one; the
        // same message at another place does not.
        let merged = merge_repeated(vec![
            Diagnostic::new("templates/base.html", 3, 7, "no field"),
            at("content/a.md", "no field"),
            Diagnostic::new("templates/base.html", 3, 7, "no field (while rendering content/b.md)"),
        ]);
        let shown: Vec<&str> = merged.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(shown, ["no field (on 2 pages, the first content/b.md)", "no field (while rendering content/a.md)"]);
    }

    #[test]
    fn finds_extends_and_includes() {
        let text = "{% extends \"base.html\" %}{% block a %}{%- include 'partials/toc.html' -%}{% endblock %}{% if x %}{% endif %}";
        assert_eq!(referenced_templates(text), ["base.html", "partials/toc.html"]);
    }
}
