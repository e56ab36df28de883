//! Walking one of the site's folders (`content/`, `static/`, `templates/`, a theme's): files in
//! name order, symbolic links followed only while they stay inside the site.
//!
//! A link whose target is outside the site root (and outside the folder walked, which may itself be
//! a link, as a shared theme often is) is left out with a warning naming it, as Hugo does: otherwise
//! `ln -s /etc/passwd content/leak.txt` would publish the file. The walk's own errors (a link
//! whose target is missing, a link back into its own folder) are handed on for the caller to
//! report or pass over.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, display_path};

/// What a walk found.
pub(crate) struct Walked {
    /// Files (links resolved) and the walk's errors, in name order.
    pub(crate) entries: Vec<walkdir::Result<walkdir::DirEntry>>,
    /// Links left out because they point outside the site.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Walk `dir`, a folder of the site at `root`, leaving out (and not entering) names `skip` says to.
pub(crate) fn files(root: &Path, dir: &Path, skip: impl Fn(&str) -> bool) -> Walked {
    let inside: Vec<PathBuf> = [root, dir].iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut walked = Walked { entries: Vec::new(), warnings: Vec::new() };
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skip(e.file_name().to_str().unwrap_or("")));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                walked.entries.push(Err(e));
                continue;
            }
        };
        if entry.depth() > 0 && entry.path_is_symlink() {
            let target = entry.path().canonicalize();
            if !target.as_ref().is_ok_and(|t| inside.iter().any(|i| t.starts_with(i))) {
                let to = target.map_or_else(|_| "?".into(), |t| t.display().to_string());
                walked.warnings.push(
                    Diagnostic::file(
                        display_path(root, entry.path()),
                        format!("left out: this symbolic link points outside the site, to {to}"),
                    )
                    .with_hint("copy what it points to into the site, or point the link at a file inside the site"),
                );
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file() {
            walked.entries.push(Ok(entry));
        }
    }
    walked
}

/// `path`, a file found walking `base`, relative to it as a `/`-separated name: its parts joined
/// with `/`. On Linux a backslash is part of a name, and stays one for the path checks to refuse;
/// on Windows it separates parts and is one too. `None` when `path` is not under `base`.
pub(crate) fn relative(path: &Path, base: &Path) -> Option<String> {
    let rel = path.strip_prefix(base).ok()?;
    let parts: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
    Some(parts.join("/"))
}

/// Editor droppings and hidden files are never part of the site.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        // vim probes a folder by writing "4913"; JetBrains IDEs save through "x___jb_tmp___".
        || name == "4913"
        || [".swp", ".swx", ".tmp", ".bak", ".kate-swp", "___jb_tmp___", "___jb_old___", ".crdownload"]
            .iter()
            .any(|ext| name.ends_with(ext))
}
