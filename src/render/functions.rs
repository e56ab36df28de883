//! The template functions, filters and test that Zola sites use, with Zola's names and arguments:
//! `load_data`, `get_hash`, `now`, `get_taxonomy_url`, `resize_image`, `get_image_metadata`
//! (through `output::images`, which makes the copies after rendering); the filters `markdown`, `slugify`,
//! `json_encode`, `striptags`, `urlencode`, `urlencode_strict`, `regex_replace`, `num_format`;
//! the test `matching`. The site's own lookups (`get_page`, `trans`, …) live in `render`.
//!
//! Files are looked for as Zola does (the site's folder, then `static/`, `content/` and the
//! theme's `static/`) and never outside the site's folder: a path that leaves it, by `..` or by a
//! symbolic link, is an error. `load_data(url=…)` fetches through ureq, once per compiled
//! template set. Reads nothing else and writes nothing.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use tera::{Kwargs, State, TeraResult, Value};

use crate::config::Config;
use crate::output::images::{self, Images};

/// What the functions need of the site beyond its views.
pub(crate) struct Setup<'a> {
    /// The site's folder.
    pub(crate) root: &'a Path,
    pub(crate) config: &'a Config,
    /// The build's register of images, shared with the Markdown bodies.
    pub(crate) images: &'a Arc<Images>,
}

/// The site's folder and settings, shared by every function.
struct Site {
    root: PathBuf,
    config: Config,
    /// `load_data(url=…)` answers, fetched once per template set.
    fetched: Mutex<HashMap<String, Result<String, String>>>,
    /// Compiled patterns of `regex_replace` and `matching`.
    patterns: Mutex<HashMap<String, regex::Regex>>,
    /// Data files read, by file and format: each is parsed once however many pages load it,
    /// and again when its modification time or size changes (the preview keeps the functions).
    loaded: Mutex<HashMap<(PathBuf, String), (Stamp, Value)>>,
}

/// A file's modification time and size: changed when the file changed.
type Stamp = (Option<std::time::SystemTime>, u64);

fn stamp(file: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(file).ok()?;
    Some((meta.modified().ok(), meta.len()))
}

fn error(message: String) -> tera::Error {
    tera::Error::message(message)
}

/// Where `get_url` and `@/` links go: `@/page.md#a` -> its href, anything else below the base path.
pub(crate) type Links = Arc<dyn Fn(&str) -> Result<String, String> + Send + Sync>;

/// Every function, filter and test of this module, `get_taxonomy_url` reading `views`.
pub(crate) fn register(tera: &mut tera::Tera, setup: &Setup, views: &super::LiveViews) {
    let v = views.clone();
    register_without_views(tera, setup, Arc::new(move |path: &str| v.get().url(path)));
    let v = views.clone();
    tera.register_function("get_taxonomy_url", move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
        let kind: String = kwargs.must_get("kind")?;
        let name: String = kwargs.must_get("name")?;
        let required = kwargs.get::<bool>("required")?.unwrap_or(true);
        let views = v.get();
        let lang = super::context_lang(&kwargs, state, views.one_language())?;
        let lang = lang.code(&views.language);
        v.reads.record(state, || crate::taxonomy::taxonomy_key(&views.prefix(lang), &kind));
        let taxonomy = views.taxonomy_by_name(&kind, lang).ok_or_else(|| {
            error(format!("get_taxonomy_url: `{kind}` is not a taxonomy of the language `{lang}` in site.toml"))
        })?;
        let slug = crate::markdown::slug::slugify(&name);
        let found = taxonomy.get_from_path("items").and_then(|items| {
            items
                .as_array()?
                .iter()
                .find(|t| t.get_from_path("slug").and_then(Value::as_str) == Some(slug.as_str()))
                .cloned()
        });
        match found.and_then(|t| t.get_from_path("permalink").cloned()) {
            Some(permalink) => Ok(permalink),
            None if !required => Ok(Value::none()),
            None => Err(error(format!("get_taxonomy_url: `{kind}` has no term `{name}` in the language `{lang}`"))),
        }
    });
}

/// The functions, filters and test that need no views of the site (shortcodes are rendered before
/// there are any); `links` resolves `@/` links in `markdown`.
pub(crate) fn register_without_views(tera: &mut tera::Tera, setup: &Setup, links: Links) {
    let site = Arc::new(Site {
        root: setup.root.to_path_buf(),
        config: setup.config.clone(),
        fetched: Mutex::default(),
        patterns: Mutex::default(),
        loaded: Mutex::default(),
    });
    let s = Arc::clone(&site);
    tera.register_function("load_data", move |kwargs: Kwargs, _: &State| load_data(&s, &kwargs));
    let s = Arc::clone(&site);
    tera.register_function("get_hash", move |kwargs: Kwargs, _: &State| get_hash(&s, &kwargs));
    tera.register_function("now", |kwargs: Kwargs, _: &State| now(&kwargs));
    let (s, i) = (Arc::clone(&site), Arc::clone(setup.images));
    tera.register_function("resize_image", move |kwargs: Kwargs, _: &State| resize_image(&s, &i, &kwargs));
    let (s, i) = (Arc::clone(&site), Arc::clone(setup.images));
    tera.register_function("get_image_metadata", move |kwargs: Kwargs, _: &State| image_metadata(&s, &i, &kwargs));
    let s = Arc::clone(&site);
    tera.register_filter("markdown", move |text: &str, kwargs: Kwargs, _: &State| -> TeraResult<Value> {
        let inline = kwargs.get::<bool>("inline")?.unwrap_or(false);
        markdown(&s, &links, text, inline).map(|html| Value::safe_string(&html))
    });
    tera.register_filter("slugify", |text: &str, _: Kwargs, _: &State| crate::markdown::slug::slugify(text));
    tera.register_filter("json_encode", |value: Value, kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let pretty = kwargs.get::<bool>("pretty")?.unwrap_or(false);
        let json = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) };
        json.map_err(|e| error(format!("json_encode: {e}")))
    });
    tera.register_filter("striptags", |html: &str, _: Kwargs, _: &State| -> TeraResult<String> {
        striptags(html).map_err(|e| error(format!("striptags: {e}")))
    });
    tera.register_filter("urlencode", |text: &str, _: Kwargs, _: &State| {
        percent_encoding::utf8_percent_encode(text, URLENCODE).to_string()
    });
    tera.register_filter("urlencode_strict", |text: &str, _: Kwargs, _: &State| {
        percent_encoding::utf8_percent_encode(text, URLENCODE_STRICT).to_string()
    });
    let s = Arc::clone(&site);
    tera.register_filter("regex_replace", move |text: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let pattern: &str = kwargs.must_get("pattern")?;
        let rep: &str = kwargs.must_get("rep")?;
        let regex = s.pattern("regex_replace", pattern)?;
        Ok(regex.replace_all(text, rep).into_owned())
    });
    tera.register_filter("num_format", |value: Value, kwargs: Kwargs, _: &State| -> TeraResult<String> {
        let locale: &str = kwargs.get("locale")?.unwrap_or("en");
        num_format(&value, locale)
    });
    let s = Arc::clone(&site);
    tera.register_test("matching", move |text: &str, kwargs: Kwargs, _: &State| -> TeraResult<bool> {
        let pattern: &str = kwargs.must_get("pattern").or_else(|_| kwargs.must_get("pat"))?;
        Ok(s.pattern("matching", pattern)?.is_match(text))
    });
}

impl Site {
    fn pattern(&self, who: &str, pattern: &str) -> TeraResult<regex::Regex> {
        let mut patterns = self.patterns.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(regex) = patterns.get(pattern) {
            return Ok(regex.clone());
        }
        let regex = regex::Regex::new(pattern)
            .map_err(|e| error(format!("{who}: `{pattern}` is not a regular expression: {e}")))?;
        patterns.insert(pattern.to_string(), regex.clone());
        Ok(regex)
    }

    /// The file `path` names, looked for as Zola does: `@/x` is `content/x`; else the site's
    /// folder, `static/`, `content/`, the theme's `static/`. `Ok(None)` when there is none.
    fn find(&self, who: &str, path: &str) -> TeraResult<Option<PathBuf>> {
        let (bases, path): (Vec<PathBuf>, &str) = match path.strip_prefix("@/") {
            Some(rest) => (vec![PathBuf::from("content")], rest),
            None => {
                let mut bases = vec![PathBuf::new(), "static".into(), "content".into()];
                if let Some(theme) = &self.config.theme {
                    bases.push(Path::new("themes").join(theme).join("static"));
                }
                (bases, path.trim_start_matches('/'))
            }
        };
        let relative = Path::new(path);
        let leaves =
            path.is_empty() || relative.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if leaves {
            return Err(error(format!(
                "{who}: `{path}` is not a path inside the site's folder (no `..`, no absolute path)"
            )));
        }
        let root = self.root.canonicalize().map_err(|e| error(format!("{who}: the site's folder: {e}")))?;
        for base in bases {
            let candidate = self.root.join(&base).join(relative);
            if !candidate.is_file() {
                continue;
            }
            // A symbolic link may point anywhere: what it resolves to must be in the site too.
            let real = candidate.canonicalize().map_err(|e| error(format!("{who}: `{path}`: {e}")))?;
            if !real.starts_with(&root) {
                return Err(error(format!("{who}: `{path}` leads outside the site's folder")));
            }
            return Ok(Some(real));
        }
        Ok(None)
    }
}

/// `load_data(path=…|url=…|literal=…, format=…, required=true)`.
fn load_data(site: &Site, kwargs: &Kwargs) -> TeraResult<Value> {
    let path: Option<String> = kwargs.get("path")?;
    let url: Option<String> = kwargs.get("url")?;
    let literal: Option<String> = kwargs.get("literal")?;
    let required = kwargs.get::<bool>("required")?.unwrap_or(true);
    let format: Option<String> = kwargs.get("format")?;
    let (text, name, guessed) = match (path, url, literal) {
        (Some(path), None, None) => {
            let Some(file) = site.find("load_data", &path)? else {
                if !required {
                    return Ok(Value::none());
                }
                return Err(error(format!("load_data: there is no file `{path}` in the site's folder")));
            };
            let guessed = Path::new(&path).extension().and_then(|e| e.to_str()).unwrap_or("plain").to_lowercase();
            let key = (file.clone(), format.as_deref().map_or_else(|| guessed.clone(), str::to_lowercase));
            let before = stamp(&file);
            if let Some((seen, value)) = site.loaded.lock().unwrap_or_else(PoisonError::into_inner).get(&key)
                && Some(*seen) == before
            {
                return Ok(value.clone());
            }
            let text = std::fs::read_to_string(&file).map_err(|e| error(format!("load_data: `{path}`: {e}")))?;
            let value = parse_data(&text, &key.1).map_err(|e| error(format!("load_data: {path}{e}")))?;
            if let Some(before) = before {
                site.loaded.lock().unwrap_or_else(PoisonError::into_inner).insert(key, (before, value.clone()));
            }
            return Ok(value);
        }
        (None, Some(url), None) => match fetch(site, &url) {
            Ok(text) => (text, url, "plain".into()),
            Err(_) if !required => return Ok(Value::none()),
            Err(e) => return Err(error(format!("load_data: {url}: {e}"))),
        },
        (None, None, Some(literal)) => (literal, "literal".into(), "plain".into()),
        _ => return Err(error("load_data: give one of `path`, `url` or `literal`".into())),
    };
    let format = format.map(|f| f.to_lowercase()).unwrap_or(guessed);
    parse_data(&text, &format).map_err(|e| error(format!("load_data: {name}{e}")))
}

/// `text` read as `format`; an error starts with `:line:col: ` where the format says where.
fn parse_data(text: &str, format: &str) -> Result<Value, String> {
    let at = |line: usize, col: usize, message: &dyn std::fmt::Display| format!(":{line}:{col}: {message}");
    let json = match format {
        "json" => serde_json::from_str::<serde_json::Value>(text).map_err(|e| at(e.line(), e.column(), &e))?,
        "toml" => {
            let table = toml::from_str::<toml::Table>(text).map_err(|e| {
                let (line, col) = e.span().map_or((1, 1), |span| crate::diag::line_col(text, span.start));
                at(line, col, &e.message())
            })?;
            toml_to_json(toml::Value::Table(table))
        }
        "yaml" | "yml" => serde_yaml::from_str::<serde_json::Value>(text).map_err(|e| {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            at(line, col, &e)
        })?,
        "csv" => {
            let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(text.as_bytes());
            let headers: Vec<String> = reader.headers().map_err(|e| at(1, 1, &e))?.iter().map(str::to_string).collect();
            let mut records = Vec::new();
            for record in reader.records() {
                let record = record.map_err(|e| {
                    let line = e.position().map_or(1, |p| p.line() as usize);
                    at(line, 1, &e)
                })?;
                records.push(record.iter().map(str::to_string).collect::<Vec<_>>());
            }
            serde_json::json!({ "headers": headers, "records": records })
        }
        "plain" | "txt" | "text" | "html" | "md" => return Ok(Value::from(text)),
        other => {
            return Err(format!(
                ": `{other}` is not a format load_data reads: use format=\"toml\", \"json\", \"csv\", \"yaml\" or \"plain\""
            ));
        }
    };
    Ok(Value::from_serializable(&json))
}

/// TOML as JSON, with dates and times as the strings they were written as.
fn toml_to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => J::Object(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

/// The body at `url`, fetched once per template set (every page asking for it gets the same).
fn fetch(site: &Site, url: &str) -> Result<String, String> {
    if let Some(known) = site.fetched.lock().unwrap_or_else(PoisonError::into_inner).get(url) {
        return known.clone();
    }
    let agent: ureq::Agent =
        ureq::Agent::config_builder().timeout_global(Some(std::time::Duration::from_secs(30))).build().into();
    let answer = agent
        .get(url)
        .call()
        .map_err(|e| e.to_string())
        .and_then(|mut response| response.body_mut().read_to_string().map_err(|e| e.to_string()));
    site.fetched.lock().unwrap_or_else(PoisonError::into_inner).insert(url.to_string(), answer.clone());
    answer
}

/// `get_hash(path=…|literal=…, sha_type=384, base64=true)`: base64 by default, for `integrity=`.
fn get_hash(site: &Site, kwargs: &Kwargs) -> TeraResult<String> {
    use base64::Engine;
    use sha2::Digest;
    let path: Option<String> = kwargs.get("path")?;
    let literal: Option<String> = kwargs.get("literal")?;
    let bytes = match (path, literal) {
        (Some(path), None) => {
            let file = site
                .find("get_hash", &path)?
                .ok_or_else(|| error(format!("get_hash: there is no file `{path}` in the site's folder")))?;
            std::fs::read(&file).map_err(|e| error(format!("get_hash: `{path}`: {e}")))?
        }
        (None, Some(literal)) => literal.into_bytes(),
        _ => return Err(error("get_hash: give one of `path` or `literal`".into())),
    };
    let sha_type = kwargs.get::<i64>("sha_type")?.unwrap_or(384);
    let digest: Vec<u8> = match sha_type {
        256 => sha2::Sha256::digest(&bytes).to_vec(),
        384 => sha2::Sha384::digest(&bytes).to_vec(),
        512 => sha2::Sha512::digest(&bytes).to_vec(),
        other => return Err(error(format!("get_hash: sha_type is 256, 384 or 512, not {other}"))),
    };
    Ok(if kwargs.get::<bool>("base64")?.unwrap_or(true) {
        base64::engine::general_purpose::STANDARD.encode(digest)
    } else {
        digest.iter().map(|b| format!("{b:02x}")).collect()
    })
}

/// Where `resize_image` and `get_image_metadata` look, for their "no file" error.
const IMAGE_PLACES: &str = "it looks in the site's folder, static/, content/ and the theme's static/ (a page's image by its \
     path below content/, `blog/trip/map.png`, or `@/blog/trip/map.png`)";

/// `resize_image(path, width, height, op="fill", format="auto", quality)`: the copy's `url`,
/// `static_path`, `width`, `height`, `orig_width` and `orig_height`; the copy is made after
/// rendering.
fn resize_image(site: &Site, images: &Images, kwargs: &Kwargs) -> TeraResult<Value> {
    let path: String = kwargs.must_get("path")?;
    let size = |name: &str| -> TeraResult<Option<u32>> {
        match kwargs.get::<i64>(name)? {
            None => Ok(None),
            Some(n) => u32::try_from(n)
                .map(Some)
                .map_err(|_| error(format!("resize_image: {name} is a number of pixels, not {n}"))),
        }
    };
    let (width, height) = (size("width")?, size("height")?);
    let op = images::Op::parse(kwargs.get::<&str>("op")?.unwrap_or("fill"))
        .map_err(|e| error(format!("resize_image: {e}")))?;
    let format = images::Format::parse(kwargs.get::<&str>("format")?.unwrap_or("auto"))
        .map_err(|e| error(format!("resize_image: {e}")))?;
    let quality = match kwargs.get::<i64>("quality")? {
        None => None,
        Some(q) => Some(
            u8::try_from(q)
                .ok()
                .filter(|q| *q <= 100)
                .ok_or_else(|| error(format!("resize_image: quality is 0 to 100, not {q}")))?,
        ),
    };
    let file = site
        .find("resize_image", &path)?
        .ok_or_else(|| error(format!("resize_image: there is no file `{path}`: {IMAGE_PLACES}")))?;
    let request = images::Request { op, width, height, format, quality };
    let resized = images.resize(&file, &request, true).map_err(|e| error(format!("resize_image: {e}")))?;
    Ok(Value::from_serializable(&resized))
}

/// `get_image_metadata(path, allow_missing=false)`: `width`, `height`, `format` (`jpg`, `png`,
/// `gif`, `webp`) and `mime`.
fn image_metadata(site: &Site, images: &Images, kwargs: &Kwargs) -> TeraResult<Value> {
    let path: String = kwargs.must_get("path")?;
    let Some(file) = site.find("get_image_metadata", &path)? else {
        if kwargs.get::<bool>("allow_missing")?.unwrap_or(false) {
            return Ok(Value::none());
        }
        return Err(error(format!("get_image_metadata: there is no file `{path}`: {IMAGE_PLACES}")));
    };
    let meta = images.metadata(&file).map_err(|e| error(format!("get_image_metadata: {e}")))?;
    Ok(Value::from_serializable(&serde_json::json!({
        "width": meta.width,
        "height": meta.height,
        "format": meta.format_name(),
        "mime": meta.mime(),
    })))
}

/// `now(timestamp=false, utc=false)`: the time of the build, RFC 3339 (which `date` reads), or
/// seconds since 1970.
fn now(kwargs: &Kwargs) -> TeraResult<Value> {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let utc = chrono::DateTime::from_timestamp(since.as_secs().try_into().unwrap_or(0), 0).unwrap_or_default();
    if kwargs.get::<bool>("timestamp")?.unwrap_or(false) {
        return Ok(Value::from(utc.timestamp()));
    }
    let text = if kwargs.get::<bool>("utc")?.unwrap_or(false) {
        utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    } else {
        utc.with_timezone(&chrono::Local).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    };
    Ok(Value::from(text))
}

/// Markdown rendered as the site's pages are (its settings, highlighting, `@/` links); `inline`
/// drops the paragraph around a single line, as Zola does.
fn markdown(site: &Site, links: &Links, text: &str, inline: bool) -> TeraResult<String> {
    let highlighter = crate::markdown::Highlighter::default();
    let labels = crate::markdown::Labels::default();
    let options = crate::markdown::RenderOptions {
        config: &site.config.markdown,
        base_path: &site.config.base_path,
        number_paragraphs: false,
        highlighter: &highlighter,
        sources: None,
        annotator: None,
        own_entity: None,
        labels: &labels,
        anchor_links: Default::default(),
        images: None,
        shortcodes: None,
    };
    let resolve = |target: &str| links(&format!("@/{target}")).map(crate::markdown::Resolved::from);
    let rendered = crate::markdown::render(text, &options, &resolve);
    if let Some(problem) = rendered.problems.first() {
        return Err(error(format!("markdown: {}", problem.message)));
    }
    let html = rendered.html;
    if inline
        && let Some(inner) = html.strip_prefix("<p>").and_then(|h| h.trim_end().strip_suffix("</p>"))
        && !inner.contains("<p>")
    {
        return Ok(inner.to_string());
    }
    Ok(html)
}

/// The text of `html` without its tags and comments; character references stay as written.
fn striptags(html: &str) -> Result<String, lol_html::errors::RewritingError> {
    use lol_html::{RewriteStrSettings, doc_comments, element, rewrite_str};
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", |el| {
            el.remove_and_keep_content();
            Ok(())
        }))
        .append_document_content_handler(doc_comments!(|c| {
            c.remove();
            Ok(())
        }));
    rewrite_str(html, settings)
}

/// `urlencode` keeps letters, digits, `/` and the unreserved `-._~` (Python's `quote`);
/// `urlencode_strict` keeps letters and digits only.
const URLENCODE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'_').remove(b'.').remove(b'-').remove(b'~').remove(b'/');
const URLENCODE_STRICT: &percent_encoding::AsciiSet = percent_encoding::NON_ALPHANUMERIC;

/// `num_format(locale="en")`: a number with the locale's grouping and decimal separators (CLDR).
fn num_format(value: &Value, locale: &str) -> TeraResult<String> {
    let text = match (value.as_i64(), value.as_f64()) {
        (Some(i), _) => i.to_string(),
        (None, Some(f)) if f.is_finite() => f.to_string(),
        _ => return Err(error(format!("num_format: a number, not {}", value.name()))),
    };
    let decimal: icu_decimal::input::Decimal =
        text.parse().map_err(|e| error(format!("num_format: `{text}`: {e:?}")))?;
    let locale: icu_locale_core::Locale =
        locale.parse().map_err(|e| error(format!("num_format: `{locale}` is not a locale: {e}")))?;
    let formatter = icu_decimal::DecimalFormatter::try_new((&locale).into(), Default::default())
        .map_err(|e| error(format!("num_format: no number format for `{locale}`: {e}")))?;
    Ok(formatter.format(&decimal).to_string())
}

#[cfg(test)]
mod tests;
