//! The site's shortcodes: `templates/shortcodes/NAME.html` (its output is HTML) and `NAME.md`
//! (Markdown), the theme's first and the site's over them by name, as Zola has them; a
//! `cite.html` or `quote.html` there gives the built-in shortcode of that name its HTML.
//!
//! They are compiled in a tera instance of their own, before any body is rendered: the pages'
//! templates need the views, which need the rendered bodies. So a shortcode calls what needs no
//! views (`get_url`, `trans`, `load_data`, `get_hash`, `now`, the filters `date`, `markdown` and
//! Zola's others), and sees its arguments, `nth`, `lang`, `config`, and `page` or `section`
//! (what a listing shows of it, without its rendered text), and `body` when it has one.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Context, Kwargs, State, TeraResult, Value};

use crate::config::Config;
use crate::content::{Content, Item};
use crate::diag::Diagnostic;
use crate::i18n::Strings;
use crate::markdown::{Invocation, Kind};

use super::templates::{self, SHORTCODES};

/// The compiled shortcodes of a site.
pub(crate) struct Shortcodes {
    tera: tera::Tera,
    kinds: BTreeMap<String, Kind>,
    /// Shortcode name -> its template's name in `tera` (`shortcodes/note.html`).
    names: BTreeMap<String, String>,
    /// Template name -> the file it was read from, as shown in diagnostics.
    files: BTreeMap<String, PathBuf>,
    /// Each language's `config` and `i18n`, as templates see them.
    configs: HashMap<String, (Value, Value)>,
    /// Each template's file, as shown, and text (for `dossier check`).
    sources: Vec<(PathBuf, String)>,
    /// The interface strings, to name a missing one.
    strings: Strings,
}

/// Where a body is rendered: its language and the page or section it belongs to.
pub(crate) struct OnPage {
    lang: String,
    /// `page` or `section`.
    key: &'static str,
    value: Value,
}

impl Shortcodes {
    /// Read and compile the shortcodes of the site at `root`; `hrefs` are every content file's.
    pub(crate) fn load(
        root: &Path,
        config: &Config,
        strings: &Strings,
        hrefs: Arc<HashMap<String, String>>,
        images: &Arc<crate::output::images::Images>,
    ) -> Result<Shortcodes, Vec<Diagnostic>> {
        // A missing theme is reported where the page templates are loaded.
        let (files, _) = templates::template_files(root, config.theme.as_deref(), &mut Vec::new());
        let mut diagnostics = Vec::new();
        // Name -> (kind, key, shown path, text); a site's file replaces the theme's of the same name.
        let mut found: BTreeMap<String, (Kind, String, PathBuf, String)> = BTreeMap::new();
        let mut from_site: BTreeMap<String, PathBuf> = BTreeMap::new();
        for (key, file) in files {
            let Some(name) = key.strip_prefix(SHORTCODES) else { continue };
            let (name, kind) = match (name.strip_suffix(".html"), name.strip_suffix(".md")) {
                (Some(n), _) => (n, Kind::Html),
                (_, Some(n)) => (n, Kind::Markdown),
                _ => continue,
            };
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                continue;
            }
            let on_disk_site = !file.shown.starts_with("themes");
            if on_disk_site && let Some(other) = from_site.get(name) {
                diagnostics.push(
                    Diagnostic::file(&file.shown, format!("two shortcodes are named `{name}`"))
                        .with_hint(format!("keep {} or this file, not both", other.display())),
                );
                continue;
            }
            match file.read_to_string() {
                Ok(text) => {
                    if on_disk_site {
                        from_site.insert(name.to_string(), file.shown.clone());
                    }
                    found.insert(name.to_string(), (kind, key, file.shown, text));
                }
                Err(e) => diagnostics.push(Diagnostic::file(file.shown, format!("cannot read the shortcode: {e}"))),
            }
        }
        for (name, (kind, _, shown, _)) in &found {
            if *kind == Kind::Markdown && crate::markdown::shortcode::BUILT_IN.contains(&name.as_str()) {
                diagnostics.push(
                    Diagnostic::file(shown, format!("the built-in shortcode `{name}` is given HTML, not Markdown"))
                        .with_hint(format!("name the file {name}.html")),
                );
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(templates::escape_html);
        register(&mut tera, root, config, strings, hrefs, images);
        tera.add_raw_templates(found.values().map(|(_, key, _, text)| (key.as_str(), text.as_str()))).map_err(|e| {
            templates::template_errors(&files_of(&found), &e, None).into_iter().map(views_hint).collect::<Vec<_>>()
        })?;
        let configs = config
            .languages()
            .iter()
            .map(|l| {
                let config = Value::from_serializable(&super::language_config(config, l));
                (l.code.to_string(), (config, super::strings_value(strings.table(l.code))))
            })
            .collect();
        Ok(Shortcodes {
            tera,
            kinds: found.iter().map(|(name, (kind, ..))| (name.clone(), *kind)).collect(),
            names: found.iter().map(|(name, (_, key, ..))| (name.clone(), key.clone())).collect(),
            files: files_of(&found),
            configs,
            sources: found.into_values().map(|(_, _, shown, text)| (shown, text)).collect(),
            strings: strings.clone(),
        })
    }

    /// Each shortcode template's file, as shown in diagnostics, and text.
    pub(crate) fn sources(&self) -> impl Iterator<Item = (&Path, &str)> {
        self.sources.iter().map(|(file, text)| (file.as_path(), text.as_str()))
    }

    /// Each shortcode's name and kind.
    pub(crate) fn kinds(&self) -> &BTreeMap<String, Kind> {
        &self.kinds
    }

    /// Render one call on `on`; an error names the shortcode's template and where in it.
    pub(crate) fn render(&self, call: &Invocation, on: &OnPage) -> Result<String, String> {
        let Some(name) = self.names.get(call.name) else {
            return Err(format!("there is no template for the shortcode `{}`", call.name));
        };
        let mut context = Context::new();
        for (key, value) in call.args {
            context.insert(key.clone(), &Value::from_serializable(value));
        }
        if let Some(body) = call.body {
            context.insert("body", &body);
        }
        context.insert("nth", &call.nth);
        context.insert("lang", &on.lang);
        context.insert(on.key, &on.value);
        if let Some((config, strings)) = self.configs.get(&on.lang) {
            context.insert("config", config);
            context.insert("i18n", strings);
        }
        // A template file ends with a newline, which a call in running text does not want.
        let rendered = self.tera.render(name, &context).map(|out| match out.trim_end().len() {
            len if len == out.len() => out,
            len => out[..len].to_string(),
        });
        rendered.map_err(|e| {
            let d = templates::template_error(&self.files, &e, None);
            let text = self.sources.iter().find(|(path, _)| *path == d.path).map(|(_, text)| text.as_str());
            let d = templates::missing_string(d, text, &on.lang, &self.strings);
            let shown = self.files.get(name).map_or_else(|| name.clone(), |p| p.display().to_string());
            match d.line {
                0 => format!("{} ({shown})", d.message),
                _ => format!("{}:{}:{}: {}", d.path.display(), d.line, d.col, d.message),
            }
        })
    }

    /// Where `item` of `content` is, for its shortcodes: its language and what a listing shows of
    /// it (no rendered text: that is being made).
    pub(crate) fn on(&self, config: &Config, content: &Content, item: Item) -> OnPage {
        let lang = content.lang(item).to_string();
        let (key, fields) = match item {
            Item::Page(i) => {
                let p = &content.pages[i];
                let taxonomies: BTreeMap<&str, &Vec<String>> =
                    p.meta.taxonomies.iter().map(|(k, v)| (k.as_str(), v)).collect();
                let fields = head(config, &p.meta.title, p.meta.description.as_deref(), &p.path, &p.rel, &lang)
                    .put("date", p.date.map(|d| d.to_string()))
                    .put("updated", p.updated.map(|d| d.to_string()))
                    .put("weight", p.meta.weight)
                    .put("slug", p.slug.as_str())
                    .put("draft", p.meta.draft)
                    .put("authors", Value::from_serializable(&p.meta.authors))
                    .put("taxonomies", Value::from_serializable(&taxonomies))
                    .put("extra", Value::from_serializable(&p.meta.extra));
                ("page", fields)
            }
            Item::Section(i) => {
                let s = &content.sections[i];
                let fields = head(config, &s.meta.title, s.meta.description.as_deref(), &s.path, &s.rel, &lang)
                    .put("extra", Value::from_serializable(&s.meta.extra));
                ("section", fields)
            }
        };
        OnPage { lang, key, value: fields.value() }
    }
}

/// What pages and sections both show.
fn head(
    config: &Config,
    title: &str,
    description: Option<&str>,
    path: &str,
    rel: &str,
    lang: &str,
) -> super::views::Fields {
    super::views::Fields::with_capacity(16)
        .put("title", title)
        .put("description", description)
        .put("path", path)
        .put("url", config.href(path))
        .put("permalink", config.permalink(path))
        .put("relative_path", rel)
        .put("lang", lang)
}

/// A function a shortcode may not call is one that reads the views, which do not exist yet.
fn views_hint(mut d: Diagnostic) -> Diagnostic {
    if d.message.starts_with("Unknown function") || d.message.starts_with("Unknown filter") {
        d.hint = Some(
            "a shortcode is rendered with the page's body, before the site's pages can be looked up: it may call get_url, trans, load_data, get_hash, now, resize_image and get_image_metadata, and the filters date, markdown and Zola's others; give it what else it needs as arguments".into(),
        );
    }
    d
}

fn files_of(found: &BTreeMap<String, (Kind, String, PathBuf, String)>) -> BTreeMap<String, PathBuf> {
    found.values().map(|(_, key, shown, _)| (key.clone(), shown.clone())).collect()
}

/// The functions and filters a shortcode may call: those that need no views.
fn register(
    tera: &mut tera::Tera,
    root: &Path,
    config: &Config,
    strings: &Strings,
    hrefs: Arc<HashMap<String, String>>,
    images: &Arc<crate::output::images::Images>,
) {
    let base_path = config.base_path.clone();
    let links: super::functions::Links = Arc::new(move |path: &str| super::views::url(&hrefs, &base_path, path));
    super::functions::register_without_views(
        tera,
        &super::functions::Setup { root, config, images },
        Arc::clone(&links),
    );
    tera.register_function("get_url", move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let path: String = kwargs.must_get("path")?;
        links(&path).map_err(tera::Error::message)
    });
    let default = config.language.clone();
    let one_language = config.languages().len() == 1;
    let d = default.clone();
    tera.register_filter("date", move |value: Value, kwargs: Kwargs, state: &State| {
        super::date_filter(value, &kwargs, state, &d, one_language)
    });
    let strings = strings.clone();
    tera.register_function("trans", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        let key: &str = kwargs.must_get("key")?;
        let lang = super::context_lang(&kwargs, state, false)?;
        let lang = lang.code(&default);
        let table = strings
            .table(lang)
            .ok_or_else(|| tera::Error::message(format!("trans: there is no i18n table for the language `{lang}`")))?;
        table
            .must_get(key)
            .map(Value::from)
            .map_err(|e| tera::Error::message(format!("trans: {e}; add `{key} = \"…\"` to i18n/{lang}.toml")))
    });
}
