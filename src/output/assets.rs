//! Stylesheets and scripts under names that carry their content's hash, so that a deploy never
//! leaves a reader's browser holding an old copy: `style.css` is written as
//! `style.3f9a0c1d2e4b5a6c.css`, and templates reach it through `get_url(path="style.css")`.
//!
//! Takes the outputs that are files of the site's and the theme's `static/` folders, compiled Sass
//! and the generated syntax stylesheets; every `.css` and `.js` among them is renamed, and so is
//! every file a stylesheet refers to with `url()` or `@import` (fonts, icons, other stylesheets),
//! whose references are rewritten. Stylesheets are minified with lightningcss first, so the hash is
//! that of the bytes served. Hands back the renamed outputs and the map from old to new names.
//! Files beside pages (a bundle's images) keep their names: Markdown links to them as written.
//!
//! Each renamed file is also written under its own name, as it was before: a template or page that
//! names `/style.css` by hand (as Zola's do; Zola hashes only on request) still finds it, only
//! without the protection from stale copies that `get_url` gives.

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::path::{Path, PathBuf};

use lightningcss::rules::CssRule;
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
use lightningcss::values::url::Url;
use lightningcss::visit_types;
use lightningcss::visitor::{Visit, VisitTypes, Visitor};
use sha2::Digest;

use super::{Body, Output};
use crate::diag::Diagnostic;

/// Hex digits of the content hash in a file name: 64 bits, as many as a cache needs to tell two
/// versions of one file apart.
const HASH_LEN: usize = 16;

/// The outputs with every asset also under its hashed name, and what each old path (`style.css`)
/// is now (`style.3f9a0c1d2e4b5a6c.css`). Errors: a stylesheet lightningcss cannot read, a file that
/// cannot be read, stylesheets that import each other.
pub(crate) fn fingerprint(
    outputs: Vec<Output>,
    base_path: &str,
) -> (Vec<Output>, BTreeMap<String, String>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let at: HashMap<&str, usize> = outputs.iter().enumerate().map(|(i, o)| (o.path.as_str(), i)).collect();
    let mut work = Work {
        outputs: &outputs,
        at,
        base_path,
        texts: HashMap::new(),
        names: BTreeMap::new(),
        minified: HashMap::new(),
        visiting: Vec::new(),
    };
    for (i, output) in outputs.iter().enumerate() {
        if is_asset(&output.path)
            && let Err(d) = work.name(i)
        {
            diagnostics.push(d);
        }
    }
    let Work { names, mut minified, .. } = work;
    let mut renamed = Vec::with_capacity(outputs.len() + names.len());
    for mut output in outputs {
        if let Some(css) = minified.remove(&output.path) {
            output.body = Body::Bytes(css.into());
        }
        if let Some(name) = names.get(&output.path) {
            renamed.push(Output { path: name.clone(), ..output.clone() });
        }
        renamed.push(output);
    }
    (renamed, names, diagnostics)
}

/// A stylesheet or a script: renamed whether or not a stylesheet refers to it.
fn is_asset(path: &str) -> bool {
    path.ends_with(".css") || path.ends_with(".js")
}

struct Work<'a> {
    outputs: &'a [Output],
    at: HashMap<&'a str, usize>,
    base_path: &'a str,
    /// Stylesheets' source text, read once.
    texts: HashMap<usize, String>,
    /// Old path -> hashed path, for every output named so far.
    names: BTreeMap<String, String>,
    /// Old path -> minified stylesheet with its references rewritten.
    minified: HashMap<String, String>,
    /// The stylesheets whose references are being named, to catch an import cycle.
    visiting: Vec<usize>,
}

impl Work<'_> {
    /// The hashed path of output `i`, named first if it is not yet: a stylesheet after every file
    /// it refers to, since their names are part of its bytes.
    fn name(&mut self, i: usize) -> Result<String, Diagnostic> {
        let outputs = self.outputs;
        let output = &outputs[i];
        if let Some(name) = self.names.get(&output.path) {
            return Ok(name.clone());
        }
        let shown = shown(output);
        if self.visiting.contains(&i) {
            return Err(Diagnostic::file(&shown, "this stylesheet imports itself, through the stylesheets it imports")
                .with_hint("remove one of the `@import`s of the cycle"));
        }
        let bytes: Vec<u8> = if output.path.ends_with(".css") {
            let text = self.text(i)?;
            self.visiting.push(i);
            let css = self.stylesheet(&output.path, &text, &shown);
            self.visiting.pop();
            let css = css?;
            let bytes = css.clone().into_bytes();
            self.minified.insert(output.path.clone(), css);
            bytes
        } else {
            read(output).map_err(|e| Diagnostic::file(&shown, format!("cannot read it: {e}")))?
        };
        let hash = format!("{:x}", sha2::Sha256::digest(&bytes));
        let name = hashed_name(&output.path, &hash[..HASH_LEN]);
        self.names.insert(output.path.clone(), name.clone());
        Ok(name)
    }

    fn text(&mut self, i: usize) -> Result<String, Diagnostic> {
        if let Some(text) = self.texts.get(&i) {
            return Ok(text.clone());
        }
        let outputs = self.outputs;
        let output = &outputs[i];
        let bytes = read(output).map_err(|e| Diagnostic::file(shown(output), format!("cannot read it: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Diagnostic::file(shown(output), "this stylesheet is not UTF-8 text").with_hint("save it as UTF-8")
        })?;
        self.texts.insert(i, text.clone());
        Ok(text)
    }

    /// The stylesheet at `path`, minified, every reference to a file of the site under that
    /// file's hashed name.
    fn stylesheet(&mut self, path: &str, text: &str, shown: &Path) -> Result<String, Diagnostic> {
        let options =
            || ParserOptions { filename: shown.display().to_string(), error_recovery: true, ..Default::default() };
        let error = |e: lightningcss::error::Error<String>| {
            let (line, col) = e.loc.as_ref().map_or((0, 0), |l| (l.line as usize + 1, l.column as usize));
            Diagnostic::new(shown, line, col, format!("lightningcss cannot read this stylesheet: {}", e.kind))
                .with_hint("browsers would drop the rule as well; fix or remove it")
        };
        // First the references, then (their names known) the stylesheet with them rewritten.
        let mut sheet = StyleSheet::parse(text, options()).map_err(|e| error(stringify(e)))?;
        let mut found = References::default();
        let _ = sheet.visit(&mut found);
        let mut renamed = HashMap::new();
        for reference in found.0 {
            let Some((target, _)) = resolve(path, &reference, self.base_path) else { continue };
            let Some(&j) = self.at.get(target.as_str()) else { continue };
            let name = self.name(j)?;
            renamed.insert(reference.clone(), rename_reference(&reference, &name));
        }
        let _ = sheet.visit(&mut Rename(&renamed));
        sheet.minify(MinifyOptions::default()).map_err(|e| error(stringify(e)))?;
        let printed =
            sheet.to_css(PrinterOptions { minify: true, ..Default::default() }).map_err(|e| error(stringify(e)))?;
        Ok(printed.code)
    }
}

/// A lightningcss error with its kind as text, so that one type covers parsing, minifying and
/// printing.
fn stringify<T: std::fmt::Display>(e: lightningcss::error::Error<T>) -> lightningcss::error::Error<String> {
    lightningcss::error::Error { kind: e.kind.to_string(), loc: e.loc }
}

/// The file an output comes from, for diagnostics.
fn shown(output: &Output) -> PathBuf {
    output.deps.support.clone().unwrap_or_else(|| PathBuf::from(&output.path))
}

fn read(output: &Output) -> std::io::Result<Vec<u8>> {
    match &output.body {
        Body::Bytes(bytes) | Body::Kept(bytes) => Ok(bytes.to_vec()),
        Body::Copy(file) => std::fs::read(file),
        Body::Written => Err(std::io::Error::other("it was written already")),
    }
}

/// `fonts/a.woff2` with hash `h` -> `fonts/a.h.woff2`; a name without an extension gets `.h`.
fn hashed_name(path: &str, hash: &str) -> String {
    let (dir, file) = path.rsplit_once('/').map_or(("", path), |(d, f)| (d, f));
    let file = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{file}.{hash}"),
    };
    if dir.is_empty() { file } else { format!("{dir}/{file}") }
}

/// A reference with its file name replaced by the last segment of `name`, its folder, query and
/// fragment kept: the file stays in its folder, only its name changes.
fn rename_reference(reference: &str, name: &str) -> String {
    let end = reference.find(['?', '#']).unwrap_or(reference.len());
    let (path, rest) = reference.split_at(end);
    let file = name.rsplit('/').next().unwrap_or(name);
    match path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{file}{rest}"),
        None => format!("{file}{rest}"),
    }
}

/// The output path a reference in the stylesheet at `from` names, with what followed the path
/// (`?#iefix`); `None` for a URL of another host, a `data:` URL, a fragment alone, or a path
/// outside the site.
fn resolve(from: &str, reference: &str, base_path: &str) -> Option<(String, String)> {
    let end = reference.find(['?', '#']).unwrap_or(reference.len());
    let (path, rest) = reference.split_at(end);
    let scheme = path.find(':').is_some_and(|colon| !path[..colon].contains('/'));
    if path.is_empty() || scheme || path.starts_with("//") {
        return None;
    }
    let path = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    let joined = match path.strip_prefix('/') {
        // Root-relative: only below the base path is the site's.
        Some(_) => path.strip_prefix(base_path)?.to_string(),
        None => match from.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{path}"),
            None => path.to_string(),
        },
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some((parts.join("/"), rest.to_string()))
}

/// Every `url()` and `@import` of a stylesheet.
#[derive(Default)]
struct References(Vec<String>);

impl<'i> Visitor<'i> for References {
    type Error = Infallible;

    fn visit_types(&self) -> VisitTypes {
        visit_types!(URLS | RULES)
    }

    fn visit_url(&mut self, url: &mut Url<'i>) -> Result<(), Self::Error> {
        self.0.push(url.url.to_string());
        Ok(())
    }

    fn visit_rule(&mut self, rule: &mut CssRule<'i>) -> Result<(), Self::Error> {
        if let CssRule::Import(import) = rule {
            self.0.push(import.url.to_string());
        }
        rule.visit_children(self)
    }
}

/// Puts each reference of the map under its new name.
struct Rename<'a>(&'a HashMap<String, String>);

impl<'i> Visitor<'i> for Rename<'_> {
    type Error = Infallible;

    fn visit_types(&self) -> VisitTypes {
        visit_types!(URLS | RULES)
    }

    fn visit_url(&mut self, url: &mut Url<'i>) -> Result<(), Self::Error> {
        if let Some(name) = self.0.get(url.url.as_ref()) {
            url.url = name.clone().into();
        }
        Ok(())
    }

    fn visit_rule(&mut self, rule: &mut CssRule<'i>) -> Result<(), Self::Error> {
        if let CssRule::Import(import) = rule
            && let Some(name) = self.0.get(import.url.as_ref())
        {
            import.url = name.clone().into();
        }
        rule.visit_children(self)
    }
}

#[cfg(test)]
mod tests;
