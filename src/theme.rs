//! The theme a site names in `site.toml`: the files of `themes/<name>/`, and for the default theme
//! (`longform`) the copy built into the binary beneath them. A site naming `longform` builds
//! without a copy of it, and each file the site puts in `themes/longform/` replaces the built-in
//! file of the same path (templates, static files, i18n tables), as its `templates/` and `static/`
//! replace the theme's. `dossier init --eject-theme` writes the built-in copy out.
//!
//! This module only lists and reads a theme's files; the stages decide what they mean.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, display_path};

mod built_in {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The name of the theme built into the binary.
pub(crate) const DEFAULT: &str = "longform";

/// The built-in theme's files: (path inside the theme, bytes), in name order.
pub(crate) fn built_in_files() -> &'static [(&'static str, &'static [u8])] {
    built_in::FILES
}

/// One file of a theme: where it is shown in diagnostics and where its bytes are.
#[derive(Debug, Clone)]
pub(crate) struct File {
    /// `themes/<name>/<part>/<path>`, relative to the site, whether or not it is on disk.
    pub(crate) shown: PathBuf,
    pub(crate) origin: Origin,
}

/// Where a theme file's bytes are.
#[derive(Debug, Clone)]
pub(crate) enum Origin {
    /// A file of the site's `themes/<name>/`.
    Disk(PathBuf),
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
}

impl File {
    /// The file's bytes.
    pub(crate) fn read(&self) -> std::io::Result<Cow<'static, [u8]>> {
        match &self.origin {
            Origin::Disk(path) => std::fs::read(path).map(Cow::Owned),
            Origin::BuiltIn(bytes) => Ok(Cow::Borrowed(bytes)),
        }
    }

    /// The file's text.
    pub(crate) fn read_to_string(&self) -> std::io::Result<String> {
        let bytes = self.read()?.into_owned();
        String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }
}

/// Whether the theme `name` exists: a folder in `themes/`, or the built-in theme.
pub(crate) fn exists(root: &Path, name: &str) -> bool {
    name == DEFAULT || root.join("themes").join(name).is_dir()
}

/// The files in the folder `part` (`templates`, `static`, `i18n`, `sass`) of the theme `name`, by
/// their `/`-separated path inside it: the built-in theme's (when `name` is `longform`) replaced
/// file by file by those in `themes/<name>/<part>/`; with the walk's warnings.
pub(crate) fn files(root: &Path, name: &str, part: &str) -> (BTreeMap<String, File>, Vec<Diagnostic>) {
    let mut files = BTreeMap::new();
    let base = Path::new("themes").join(name).join(part);
    if name == DEFAULT {
        let prefix = format!("{part}/");
        for (path, bytes) in built_in_files() {
            if let Some(rel) = path.strip_prefix(&prefix) {
                files.insert(rel.to_string(), File { shown: base.join(rel), origin: Origin::BuiltIn(bytes) });
            }
        }
    }
    let dir = root.join(&base);
    let walked = crate::walk::files(root, &dir, |_| false);
    for entry in walked.entries.into_iter().filter_map(Result::ok) {
        if let Some(rel) = crate::walk::relative(entry.path(), &dir) {
            let file =
                File { shown: display_path(root, entry.path()), origin: Origin::Disk(entry.path().to_path_buf()) };
            files.insert(rel, file);
        }
    }
    (files, walked.warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins(files: &BTreeMap<String, File>) -> Vec<(String, bool)> {
        files.iter().map(|(k, f)| (k.clone(), matches!(f.origin, Origin::Disk(_)))).collect()
    }

    #[test]
    fn the_built_in_theme_is_replaced_file_by_file() {
        let dir = tempfile::tempdir().unwrap();
        let (built_in, _) = files(dir.path(), DEFAULT, "templates");
        assert!(built_in.contains_key("page.html") && built_in.contains_key("partials/toc.html"));
        assert!(built_in.values().all(|f| matches!(f.origin, Origin::BuiltIn(_))));
        let own = dir.path().join("themes/longform/templates/page.html");
        std::fs::create_dir_all(own.parent().unwrap()).unwrap();
        std::fs::write(&own, "mine").unwrap();
        let (mixed, _) = files(dir.path(), DEFAULT, "templates");
        assert_eq!(mixed.len(), built_in.len());
        let on_disk: Vec<_> = origins(&mixed).into_iter().filter(|(_, disk)| *disk).collect();
        assert_eq!(on_disk, [("page.html".to_string(), true)]);
        assert_eq!(mixed["page.html"].read_to_string().unwrap(), "mine");
        assert_eq!(mixed["base.html"].shown, Path::new("themes/longform/templates/base.html"));
    }

    #[test]
    fn another_theme_is_only_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!exists(dir.path(), "other") && exists(dir.path(), DEFAULT));
        std::fs::create_dir_all(dir.path().join("themes/other/static")).unwrap();
        std::fs::write(dir.path().join("themes/other/static/a.css"), "a").unwrap();
        assert!(exists(dir.path(), "other"));
        assert_eq!(origins(&files(dir.path(), "other", "static").0), [("a.css".to_string(), true)]);
        assert!(files(dir.path(), "other", "templates").0.is_empty());
    }
}
