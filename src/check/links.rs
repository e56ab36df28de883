//! Links in the built outputs, as a browser would follow them: every `href` and `src` of every
//! HTML output, internal ones resolved against the base path and checked against the outputs and
//! their ids, external ones collected. Content links (`@/page.md#anchor`) are already checked while
//! building; this catches what templates and hand-written HTML add, like a root-relative `/style.css`
//! that breaks under a GitHub Pages project subpath.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::output::{Body, Output};

/// The links and ids of one HTML output.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// `href` and `src` values in document order.
    pub(crate) links: Vec<String>,
    pub(crate) ids: BTreeSet<String>,
    /// The document's language, `<html lang>`.
    pub(crate) lang: Option<String>,
    /// The `href` of each `<a>` with no `hreflang`.
    pub(crate) no_hreflang: BTreeSet<String>,
}

/// Every `href`/`src` and every `id` (and `<a name>`) of an HTML document.
pub(crate) fn scan(html: &[u8]) -> Scan {
    use lol_html::{HtmlRewriter, Settings, element};
    let mut links = Vec::new();
    let mut ids = BTreeSet::new();
    let mut lang = None;
    let mut no_hreflang = BTreeSet::new();
    {
        let mut rewriter = HtmlRewriter::new(
            Settings::new().append_element_content_handler(element!("*", |el| {
                for attr in ["href", "src"] {
                    if let Some(value) = el.get_attribute(attr) {
                        links.push(value);
                    }
                }
                if let Some(id) = el.get_attribute("id") {
                    ids.insert(id);
                }
                if el.tag_name() == "a"
                    && let Some(name) = el.get_attribute("name")
                {
                    ids.insert(name);
                }
                if el.tag_name() == "a"
                    && !el.has_attribute("hreflang")
                    && let Some(href) = el.get_attribute("href")
                {
                    no_hreflang.insert(href);
                }
                if el.tag_name() == "html" {
                    lang = el.get_attribute("lang");
                }
                Ok(())
            })),
            |_: &[u8]| {},
        );
        // The scanner only reads; a malformed document yields what was read before the problem.
        let _ = rewriter.write(html);
        let _ = rewriter.end();
    }
    Scan { links, ids, lang, no_hreflang }
}

/// What the link checks found.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub(crate) errors: Vec<Diagnostic>,
    /// Links into another language without `hreflang`.
    pub(crate) warnings: Vec<Diagnostic>,
    /// External URL (without fragment) -> the site paths of the pages linking to it.
    pub(crate) external: BTreeMap<String, BTreeSet<String>>,
    /// Internal links followed.
    pub(crate) checked: usize,
}

/// Check every link of every HTML output.
pub(crate) fn check(config: &Config, outputs: &[Output]) -> Found {
    let html: Vec<(&Output, Scan)> = {
        use rayon::prelude::*;
        outputs
            .par_iter()
            .filter(|o| o.path.ends_with(".html"))
            .filter_map(|o| match &o.body {
                Body::Bytes(bytes) | Body::Kept(bytes) => Some((o, scan(bytes))),
                Body::Copy(file) => std::fs::read(file).ok().map(|bytes| (o, scan(&bytes))),
                // A build checked in memory writes nothing.
                Body::Written => None,
            })
            .collect()
    };
    let files: BTreeSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    let ids: HashMap<&str, &BTreeSet<String>> = html.iter().map(|(o, s)| (o.path.as_str(), &s.ids)).collect();
    let langs: HashMap<&str, &str> =
        html.iter().filter_map(|(o, s)| Some((o.path.as_str(), s.lang.as_deref()?))).collect();
    let mut found = Found::default();
    let mut seen_errors = BTreeSet::new();
    let mut seen_untagged = BTreeSet::new();
    for (output, scan) in &html {
        for link in &scan.links {
            match classify(config, &output.path, link) {
                Target::Ignore => {}
                Target::External(url) => {
                    found.external.entry(url).or_default().insert(site_path(&output.path));
                }
                Target::OutsideBase(path) => {
                    if seen_errors.insert((output.path.clone(), link.clone())) {
                        found.errors.push(problem(
                            output,
                            format!("links to `{link}`, outside the base path `{}`", config.base_path),
                            format!(
                                "the site is served under {}; write links with get_url(path=\"{}\") in templates, or as @/page.md in content",
                                config.base_path,
                                path.trim_start_matches('/')
                            ),
                        ));
                    }
                }
                Target::Internal { file, fragment } => {
                    found.checked += 1;
                    let Some(file) = resolve(&files, &file) else {
                        if seen_errors.insert((output.path.clone(), link.clone())) {
                            found.errors.push(problem(
                                output,
                                format!("links to `{link}`, which the site does not have"),
                                "check the path; pages are folders ending in /".to_string(),
                            ));
                        }
                        continue;
                    };
                    let languages = (scan.lang.as_deref(), langs.get(file.as_str()));
                    if let (Some(from), Some(&to)) = languages
                        && !from.eq_ignore_ascii_case(to)
                        && scan.no_hreflang.contains(link)
                        && seen_untagged.insert((output.path.clone(), link.clone()))
                    {
                        found.warnings.push(problem(
                            output,
                            format!("links to `{link}`, a page in `{to}`, from a page in `{from}` without hreflang"),
                            format!(
                                "in content, link to the file of that language with @/ (as @/page.md or @/page.en.md) and the build adds hreflang; in HTML, add hreflang=\"{to}\""
                            ),
                        ));
                    }
                    let Some(fragment) = fragment.filter(|f| !f.is_empty()) else { continue };
                    let Some(target_ids) = ids.get(file.as_str()) else { continue };
                    if !target_ids.contains(&fragment) && seen_errors.insert((output.path.clone(), link.clone())) {
                        found.errors.push(problem(
                            output,
                            format!("links to `{link}`, but `{file}` has no id `{fragment}`"),
                            "link to a heading id that exists, or give the heading one with {#id}".to_string(),
                        ));
                    }
                }
            }
        }
    }
    found
}

enum Target {
    Ignore,
    External(String),
    /// A root-relative path that does not start with the base path.
    OutsideBase(String),
    /// An output file (path relative to the output folder, decoded) and a fragment.
    Internal {
        file: String,
        fragment: Option<String>,
    },
}

fn classify(config: &Config, from: &str, link: &str) -> Target {
    let link = link.trim();
    let lower = link.to_ascii_lowercase();
    if link.is_empty() || ["mailto:", "tel:", "javascript:", "data:", "blob:"].iter().any(|s| lower.starts_with(s)) {
        return Target::Ignore;
    }
    let (rest, fragment) = match link.split_once('#') {
        Some((r, f)) => (r, Some(percent_decode(f))),
        None => (link, None),
    };
    let rest = rest.split('?').next().unwrap_or(rest);
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//") {
        let absolute = if link.starts_with("//") { format!("https:{rest}") } else { rest.to_string() };
        return match absolute.strip_prefix(&config.base_url) {
            Some(path) => Target::Internal { file: percent_decode(path), fragment },
            None if format!("{absolute}/") == config.base_url => Target::Internal { file: String::new(), fragment },
            None => Target::External(absolute),
        };
    }
    if rest.is_empty() {
        // `#id` on the page itself.
        return Target::Internal { file: from.to_string(), fragment };
    }
    if let Some(path) = rest.strip_prefix('/') {
        return match format!("/{path}").strip_prefix(&config.base_path) {
            Some(inside) => Target::Internal { file: percent_decode(inside), fragment },
            None if format!("/{path}/") == config.base_path => Target::Internal { file: String::new(), fragment },
            None => Target::OutsideBase(rest.to_string()),
        };
    }
    // Relative to the output's folder.
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in rest.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                if parts.pop().is_none() {
                    return Target::OutsideBase(rest.to_string());
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    let file = if rest.ends_with('/') && !joined.is_empty() { format!("{joined}/") } else { joined };
    Target::Internal { file: percent_decode(&file), fragment }
}

/// The output a path below the base path names: `overview/` -> `overview/index.html`; a folder
/// without its slash is served by redirect, so it counts.
fn resolve(files: &BTreeSet<&str>, path: &str) -> Option<String> {
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates.into_iter().find(|c| files.contains(c.as_str()))
}

/// `overview/index.html` -> `/overview/`.
fn site_path(file: &str) -> String {
    format!("/{}", file.strip_suffix("index.html").unwrap_or(file))
}

fn problem(output: &Output, message: String, hint: String) -> Diagnostic {
    // An output is made from content and templates; name them, the output alone is not editable.
    let made_from: Vec<String> = output
        .deps
        .content
        .iter()
        .filter(|c| c.ends_with(".md"))
        .take(1)
        .map(|c| format!("content/{c}"))
        .chain(output.deps.templates.iter().take(3).cloned())
        .collect();
    let hint = if made_from.is_empty() { hint } else { format!("{hint} (made from {})", made_from.join(", ")) };
    Diagnostic::file(format!("{} (output)", output.path), message).with_hint(hint)
}

/// `%E4%B8%AD` -> `中`; invalid escapes stay as written, invalid UTF-8 becomes U+FFFD.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Deps;

    fn config() -> Config {
        let text = "title = \"t\"\nbase_url = \"https://user.github.io/repo/\"";
        Config::parse(std::path::Path::new("site.toml"), text).unwrap()
    }

    fn page(path: &str, html: &str) -> Output {
        Output { path: path.into(), body: Body::Bytes(html.as_bytes().to_vec().into()), deps: Deps::default() }
    }

    #[test]
    fn finds_broken_links_missing_anchors_and_links_outside_the_base_path() {
        let outputs = [
            page(
                "index.html",
                r##"<a href="/repo/a/#x">ok</a><a href="/repo/a/#nope">no anchor</a><a href="/repo/b/">no page</a>
                   <link href="/style.css"><a href="a/">relative ok</a><a href="https://user.github.io/repo/a/">own url</a>
                   <a href="https://example.org/x#frag">external</a><a href="mailto:x@y.z">mail</a><a href="#top" id="top">self</a>
                   <a href="/repo/%E4%B8%AD/">encoded</a><a href="/repo/a">no slash</a>"##,
            ),
            page("a/index.html", r#"<h2 id="x">x</h2><a href="../">up</a><img src="../missing.png">"#),
            page("中/index.html", ""),
        ];
        let found = check(&config(), &outputs);
        let messages: Vec<String> =
            found.errors.iter().map(|d| format!("{}: {}", d.path.display(), d.message)).collect();
        assert_eq!(
            messages,
            [
                "index.html (output): links to `/repo/a/#nope`, but `a/index.html` has no id `nope`",
                "index.html (output): links to `/repo/b/`, which the site does not have",
                "index.html (output): links to `/style.css`, outside the base path `/repo/`",
                "a/index.html (output): links to `../missing.png`, which the site does not have",
            ]
        );
        assert_eq!(found.external.keys().collect::<Vec<_>>(), ["https://example.org/x"]);
        assert_eq!(found.external["https://example.org/x"].iter().collect::<Vec<_>>(), ["/"]);
    }

    #[test]
    fn percent_decode_keeps_what_is_not_an_escape() {
        let cases = [
            ("%E4%B8%AD", "中"),
            ("a%20b", "a b"),
            ("%e4%b8%ad", "中"),
            ("100%", "100%"),
            ("%zz%4", "%zz%4"),
            ("%E4%B8", "\u{FFFD}"),
            ("plain", "plain"),
        ];
        for (text, expect) in cases {
            assert_eq!(percent_decode(text), expect, "{text}");
        }
    }
}
