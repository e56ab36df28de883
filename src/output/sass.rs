//! Sass and SCSS, compiled with grass as Zola does: every `.scss` and `.sass` file below `sass/`
//! (the theme's, then the site's: same path, the site's wins) whose name does not start with `_`
//! becomes a `.css` file at the same path in the output; `_partials` are only for `@use`,
//! `@forward` and `@import`. The theme's are always compiled, as in Zola; the site's unless
//! `compile_sass = false` (Zola asks for `true`; here a `sass/` folder is reason enough). The
//! compiler reads files only inside the site (an `@use` that leaves it is an error), and an error
//! is reported at its file:line:col.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Body, Deps, Output};
use crate::diag::{Diagnostic, display_path};
use crate::theme::{File, Origin};

/// What compiling `sass/` made.
#[derive(Default)]
pub(crate) struct Compiled {
    pub(crate) outputs: Vec<Output>,
    pub(crate) errors: Vec<Diagnostic>,
    /// Symbolic links left out because they point outside the site.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// The stylesheets compiled from the theme's `sass/` and the site's (unless `compile_sass`,
/// `enabled`, is `false`).
pub(crate) fn compile(root: &Path, theme: Option<&str>, enabled: Option<bool>) -> Compiled {
    let (mut files, mut warnings) = match theme {
        Some(theme) => crate::theme::files(root, theme, "sass"),
        None => Default::default(),
    };
    if enabled != Some(false) {
        let dir = root.join("sass");
        let walked = crate::walk::files(root, &dir, |_| false);
        warnings.extend(walked.warnings);
        for entry in walked.entries.into_iter().filter_map(Result::ok) {
            if let Some(rel) = crate::walk::relative(entry.path(), &dir) {
                let origin = Origin::Disk(entry.path().to_path_buf());
                files.insert(rel, File { shown: display_path(root, entry.path()), origin });
            }
        }
    }
    let entries: Vec<(String, File)> = files
        .into_iter()
        .filter(|(rel, _)| {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            !name.starts_with('_') && !crate::walk::is_ignored(name) && target(rel).is_some()
        })
        .collect();
    // `a.scss` and `a.sass` side by side would both be `a.css`: Zola refuses them, and so do we.
    let mut diagnostics = Vec::new();
    for pair in entries.windows(2) {
        let [(a, first), (b, second)] = pair else { continue };
        if target(a) == target(b) {
            diagnostics.push(
                Diagnostic::file(
                    &second.shown,
                    format!("becomes {}, as {} does", target(b).unwrap_or_default(), first.shown.display()),
                )
                .with_hint("rename one of them, or make one a partial (`_name`) the other uses"),
            );
        }
    }
    let fs = SiteFs { inside: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()) };
    let compiled: Vec<(Result<Output, Diagnostic>, Vec<Diagnostic>)> =
        entries.par_iter().map(|(rel, file)| stylesheet(root, &fs, rel, file)).collect();
    let mut outputs = Vec::new();
    for (result, said) in compiled {
        warnings.extend(said);
        match result {
            Ok(output) => outputs.push(output),
            Err(d) => diagnostics.push(d),
        }
    }
    Compiled { outputs, errors: diagnostics, warnings }
}

/// `a/main.scss` -> `a/main.css`; `None` for a file that is not Sass.
fn target(rel: &str) -> Option<String> {
    let stem = rel.strip_suffix(".scss").or_else(|| rel.strip_suffix(".sass"))?;
    Some(format!("{stem}.css"))
}

/// One stylesheet, or the compiler's error at its file:line:col; with what its `@warn` and
/// `@debug` rules said, as warnings.
fn stylesheet(root: &Path, fs: &SiteFs, rel: &str, file: &File) -> (Result<Output, Diagnostic>, Vec<Diagnostic>) {
    let logger =
        Said { roots: [root.to_path_buf(), fs.inside.clone()], shown: file.shown.clone(), said: Default::default() };
    let result = compile_one(root, fs, rel, file, &logger);
    (result, logger.said.into_inner().unwrap_or_default())
}

fn compile_one(root: &Path, fs: &SiteFs, rel: &str, file: &File, logger: &Said) -> Result<Output, Diagnostic> {
    let options = grass::Options::default()
        .style(grass::OutputStyle::Compressed)
        .fs(fs)
        .logger(logger)
        .input_syntax(if rel.ends_with(".sass") { grass::InputSyntax::Sass } else { grass::InputSyntax::Scss });
    let css = match &file.origin {
        Origin::Disk(path) => grass::from_path(path, &options),
        Origin::BuiltIn(bytes) => grass::from_string(String::from_utf8_lossy(bytes), &options),
    }
    .map_err(|e| error(&[root, &fs.inside], &file.shown, e.kind()))?;
    let path = target(rel).unwrap_or_default();
    Ok(Output {
        path,
        body: Body::Bytes(css.into()),
        deps: Deps { support: Some(file.shown.clone()), ..Deps::default() },
    })
}

/// The file a grass location names, shown relative to the site's root as given or as
/// canonicalized (`shown` for a stylesheet compiled from memory).
fn located(roots: &[&Path], shown: &Path, loc: &grass::codemap::SpanLoc) -> PathBuf {
    match loc.file.name() {
        "stdin" => shown.to_path_buf(),
        name => {
            let name = Path::new(name);
            roots.iter().find_map(|root| name.strip_prefix(root).ok()).unwrap_or(name).to_path_buf()
        }
    }
}

/// What a stylesheet's `@warn` and `@debug` rules said, as warnings at their place.
#[derive(Debug)]
struct Said {
    roots: [PathBuf; 2],
    shown: PathBuf,
    said: std::sync::Mutex<Vec<Diagnostic>>,
}

impl Said {
    fn push(&self, location: &grass::codemap::SpanLoc, message: String) {
        let roots = [self.roots[0].as_path(), self.roots[1].as_path()];
        let path = located(&roots, &self.shown, location);
        let diagnostic = Diagnostic::new(path, location.begin.line + 1, location.begin.column + 1, message);
        if let Ok(mut said) = self.said.lock() {
            said.push(diagnostic);
        }
    }
}

impl grass::Logger for Said {
    fn debug(&self, location: grass::codemap::SpanLoc, message: &str) {
        self.push(&location, format!("@debug: {message}"));
    }

    fn warn(&self, location: grass::codemap::SpanLoc, message: &str) {
        self.push(&location, format!("@warn: {message}"));
    }
}

/// grass's error as a diagnostic at the file it names (a partial, when the mistake is there).
fn error(roots: &[&Path], shown: &Path, error: grass::ErrorKind) -> Diagnostic {
    let hint = "see the Sass documentation: https://sass-lang.com/documentation/";
    match error {
        grass::ErrorKind::ParseError { message, loc, .. } => {
            let path = located(roots, shown, &loc);
            let hint = if message.starts_with("Can't find stylesheet") {
                "name a file inside the site, relative to this one (`@use \"parts/colors\"` finds parts/_colors.scss); nothing outside the site is read"
            } else {
                hint
            };
            Diagnostic::new(path, loc.begin.line + 1, loc.begin.column + 1, message).with_hint(hint)
        }
        grass::ErrorKind::IoError(e) => Diagnostic::file(shown, format!("cannot read the stylesheet: {e}")),
        grass::ErrorKind::FromUtf8Error(e) => Diagnostic::file(shown, format!("the stylesheet is not UTF-8: {e}")),
        other => Diagnostic::file(shown, format!("{other:?}")).with_hint(hint),
    }
}

/// The file system as grass sees it: only the files inside the site, so an `@use` cannot publish
/// a file from elsewhere.
#[derive(Debug)]
struct SiteFs {
    inside: PathBuf,
}

impl SiteFs {
    fn allowed(&self, path: &Path) -> bool {
        path.canonicalize().is_ok_and(|p| p.starts_with(&self.inside))
    }
}

impl grass::Fs for SiteFs {
    fn is_dir(&self, path: &Path) -> bool {
        self.allowed(path) && path.is_dir()
    }

    fn is_file(&self, path: &Path) -> bool {
        self.allowed(path) && path.is_file()
    }

    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        if !self.allowed(path) {
            return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "outside the site"));
        }
        std::fs::read(path)
    }

    fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
        std::fs::canonicalize(path)
    }
}

#[cfg(test)]
mod tests {
    use super::target;

    #[test]
    fn a_stylesheet_keeps_its_path() {
        for (rel, css) in [("main.scss", Some("main.css")), ("a/b.sass", Some("a/b.css")), ("x.css", None)] {
            assert_eq!(target(rel).as_deref(), css, "{rel}");
        }
    }
}
