//! Outputs and writing them: the only module that writes the site to disk.
//!
//! An [`Output`] is one file of the built site with what it was made from ([`Deps`]). [`Staging`]
//! builds into a temporary folder in the site's cache folder (or beside the output folder, when
//! that is on another file system) and swaps it in only once every file is written, so a failed or
//! interrupted build leaves the last good site in place.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::diag::{Diagnostic, display_path};
use crate::path;

mod assets;
pub(crate) mod card;
mod claim;
pub(crate) mod feed;
pub(crate) mod images;
mod in_place;
pub(crate) mod sass;
pub(crate) mod search;
mod site_wide;
pub(crate) use site_wide::{feeds, search_documents, search_index, site_wide};

pub(crate) use assets::fingerprint;
pub(crate) use claim::Placement;
pub(crate) use in_place::{InPlace, Synced};

/// One file of the built site.
#[derive(Debug, Clone)]
pub(crate) struct Output {
    /// Relative to the output folder, `/`-separated: `overview/index.html`.
    pub(crate) path: String,
    pub(crate) body: Body,
    pub(crate) deps: Deps,
}

#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// Reference-counted, so the live preview serves the very bytes the build made.
    Bytes(bytes::Bytes),
    /// A file copied as it is (static files, page assets).
    Copy(PathBuf),
    /// Already written to the build's [`Staging`] folder and not kept in memory.
    Written,
    /// Already written to the build's [`Staging`] folder, and kept in memory until the search
    /// index takes it (then [`Body::Written`]): a page is freed as soon as it is indexed.
    Kept(bytes::Bytes),
}

/// What an output was made from, for re-rendering only what an edit touches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Deps {
    /// The content file whose page, section or redirect this is (collisions are reported at it).
    pub(crate) source: Option<String>,
    /// Content files (`consensus.md`) and site-wide collections (`taxonomy:actors`, `timeline`).
    pub(crate) content: BTreeSet<String>,
    /// Templates by name, including those reached through `extends` and `include`.
    pub(crate) templates: BTreeSet<String>,
    /// For a static file or a stylesheet compiled from Sass (the site's or its theme's, built in
    /// or not): the file it comes from, as shown in diagnostics. These outputs are listed again
    /// whole when one of their files changes.
    pub(crate) support: Option<PathBuf>,
}

/// The files of `static/` and of the theme's `static/` (the built-in theme's beneath
/// `themes/longform/`; the site's win), as outputs; with a warning for each symbolic link left out
/// because it points outside the site.
pub(crate) fn static_files(root: &Path, theme: Option<&str>) -> (Vec<Output>, Vec<Diagnostic>) {
    let (mut files, mut warnings) = match theme {
        Some(theme) => crate::theme::files(root, theme, "static"),
        None => Default::default(),
    };
    let dir = root.join("static");
    let walked = crate::walk::files(root, &dir, |_| false);
    warnings.extend(walked.warnings);
    for entry in walked.entries.into_iter().filter_map(Result::ok) {
        if let Some(rel) = crate::walk::relative(entry.path(), &dir) {
            let shown = display_path(root, entry.path());
            files.insert(rel, crate::theme::File { shown, origin: crate::theme::Origin::Disk(entry.path().into()) });
        }
    }
    let outputs = files
        .into_iter()
        .map(|(path, file)| {
            let body = match file.origin {
                crate::theme::Origin::Disk(on_disk) => Body::Copy(on_disk),
                crate::theme::Origin::BuiltIn(bytes) => Body::Bytes(bytes::Bytes::from_static(bytes)),
            };
            Output { path, body, deps: Deps { support: Some(file.shown), ..Deps::default() } }
        })
        .collect();
    (outputs, warnings)
}

/// An output copying `file` to `path`.
pub(crate) fn copy(path: String, file: PathBuf) -> Output {
    Output { path, body: Body::Copy(file), deps: Deps::default() }
}

/// Two outputs for the same file is an error: say which sources collide. So is an output whose
/// path another output needs as a folder (the feed `atom.xml` and a page `atom.xml/index.html`):
/// reported at the file that makes the one in the way (or at the other, when the build itself
/// makes that one).
pub(crate) fn check_collisions(root: &Path, outputs: &[Output]) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, &Output> = BTreeMap::new();
    let mut diagnostics = Vec::new();
    let describe = |o: &Output| made_by(root, o);
    for output in outputs {
        if let Some(first) = seen.insert(&output.path, output) {
            diagnostics.push(
                Diagnostic::file(
                    describe(output),
                    format!("writes {}, which {} writes too", output.path, describe(first)),
                )
                .with_hint("rename one of them, or change a `slug` or an alias"),
            );
        }
    }
    // Each file in the way once, with the first output (in path order) that needs it as a folder.
    let mut in_the_way = BTreeSet::new();
    for (path, inner) in &seen {
        let folders = path.match_indices('/').map(|(at, _)| &path[..at]);
        for folder in folders {
            let Some(file) = seen.get(folder) else { continue };
            if !in_the_way.insert(folder) {
                continue;
            }
            let at = if is_generated(file) { inner } else { file };
            diagnostics.push(
                Diagnostic::file(
                    describe(at),
                    format!(
                        "{} writes the file {folder}, but {} needs {folder} as a folder (for {path})",
                        describe(file),
                        describe(inner),
                    ),
                )
                .with_hint("rename one of them, or change a `slug` or an alias"),
            );
        }
    }
    diagnostics
}

/// Made by the build itself (a feed, the sitemap), not from a file the user can rename.
fn is_generated(output: &Output) -> bool {
    matches!(output.body, Body::Bytes(_) | Body::Written | Body::Kept(_))
        && output.deps.source.is_none()
        && output.deps.support.is_none()
}

/// What writes `output`, for a diagnostic: the file it copies or the content file it renders.
fn made_by(root: &Path, output: &Output) -> String {
    if let Some(file) = &output.deps.support {
        return file.display().to_string();
    }
    match &output.body {
        Body::Copy(file) => display_path(root, file).display().to_string(),
        Body::Bytes(_) | Body::Written | Body::Kept(_) => {
            output.deps.source.as_ref().map_or_else(|| "a generated page".into(), |c| format!("content/{c}"))
        }
    }
}

/// Outputs whose path is not a plain path inside the output folder (a file under `static/` or
/// beside a page whose name has a backslash, `:` or `%2e%2e`, say): an error at the file that makes
/// it, before anything is written.
pub(crate) fn check_paths(root: &Path, outputs: &[Output]) -> Vec<Diagnostic> {
    outputs
        .iter()
        .filter_map(|output| {
            let why = path::output_file(&output.path).err()?;
            Some(
                Diagnostic::file(
                    made_by(root, output),
                    format!("cannot write `{}`: {why}", output.path.escape_debug()),
                )
                .with_hint("rename the file (or folder): its name becomes part of a URL"),
            )
        })
        .collect()
}

/// A folder in the cache (or beside the output folder) that a build writes into, as it goes, and
/// that takes the output folder's place once every file is in ([`Staging::finish`]). Dropped
/// unfinished (a failed build), it is removed and the output folder is as it was. The output
/// folder stays locked against other builds while it lives.
pub(crate) struct Staging {
    dir: tempfile::TempDir,
    out_dir: PathBuf,
    /// Dropped after `dir`, so a failed build's folder is gone before the next build starts.
    _lock: std::fs::File,
}

impl Staging {
    /// A new, empty staging folder for `out_dir`, once the folder is claimed for a build of
    /// `placement.root` (see `claim`: never the site or its inputs, never a folder dossier did not
    /// make, one build at a time). What killed builds left there is removed first.
    pub(crate) fn new(out_dir: &Path, placement: &Placement) -> Result<Staging> {
        let claim = claim::claim(out_dir, placement)?;
        let (place, prefix) = claim.staging_place()?;
        // Under the lock, any staging folder of this name belongs to no running build.
        remove_leftovers(&place, &prefix);
        let dir = tempfile::Builder::new()
            .prefix(&prefix)
            .tempdir_in(&place)
            .with_context(|| format!("cannot create a temporary folder in {}", place.display()))?;
        Ok(Staging { dir, out_dir: claim.out_dir, _lock: claim.lock })
    }

    /// Write one output now; the caller then keeps it as `Body::Written`.
    pub(crate) fn put(&self, output: &Output) -> Result<()> {
        write_one(self.dir.path(), output)
    }

    /// Write the file at `path` with what `fill` writes (for an output too large to hold whole).
    pub(crate) fn put_with(
        &self,
        path: &str,
        fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let target = self.dir.path().join(guard(path)?);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let file = std::fs::File::create(&target).with_context(|| format!("cannot write {}", target.display()))?;
        let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
        fill(&mut writer)
            .and_then(|()| std::io::Write::flush(&mut writer))
            .with_context(|| format!("cannot write {}", target.display()))
    }

    /// Write the outputs not written yet (all but `Body::Written` and `Body::Kept`) and put the
    /// folder in the output folder's place.
    pub(crate) fn finish(self, outputs: &[Output]) -> Result<()> {
        use rayon::prelude::*;
        outputs.par_iter().try_for_each(|output| write_one(self.dir.path(), output))?;
        swap_in(self.dir.keep(), &self.out_dir)
    }
}

/// The last check before a write: `path` must be a normal path inside the output folder, whichever
/// stage made it.
fn guard(path: &str) -> Result<&str> {
    path::output_file(path).with_context(|| format!("will not write `{}`", path.escape_debug()))
}

fn write_one(dir: &Path, output: &Output) -> Result<()> {
    let target = dir.join(guard(&output.path)?);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    match &output.body {
        Body::Bytes(bytes) => {
            std::fs::write(&target, bytes).with_context(|| format!("cannot write {}", target.display()))
        }
        Body::Copy(source) => std::fs::copy(source, &target)
            .map(|_| ())
            .with_context(|| format!("cannot copy {} to {}", source.display(), target.display())),
        Body::Written | Body::Kept(_) => Ok(()),
    }
}

/// Put the fully written `staging` folder where `out_dir` is, so that at every moment one complete
/// site is there: on Linux the two folders trade places in one atomic step; elsewhere the old one is
/// moved aside first (a build killed between the two moves leaves no `out_dir`, but both sites on
/// disk). The old site is removed after.
fn swap_in(staging: PathBuf, out_dir: &Path) -> Result<()> {
    if !out_dir.exists() {
        if let Some(parent) = out_dir.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        return std::fs::rename(&staging, out_dir)
            .with_context(|| format!("cannot move the new site to {}", out_dir.display()));
    }
    if exchange(&staging, out_dir).is_ok() {
        // `staging` now holds the old site.
        return remove_site(&staging);
    }
    let old = staging.with_file_name(format!(
        "{}.old",
        staging.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    ));
    std::fs::rename(out_dir, &old).with_context(|| format!("cannot move the old {} aside", out_dir.display()))?;
    std::fs::rename(&staging, out_dir).with_context(|| format!("cannot move the new site to {}", out_dir.display()))?;
    remove_site(&old)
}

/// Remove the old site `dir`, its top-level entries in parallel: removing a large site is mostly
/// the kernel's work on each file, which several cores share. Each entry goes through
/// `remove_dir_all`, which never follows a symbolic link (it removes the link).
fn remove_site(dir: &Path) -> Result<()> {
    use rayon::prelude::*;
    let fail = || format!("cannot remove {}", dir.display());
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(fail)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .with_context(fail)?;
    entries.par_iter().try_for_each(|path| {
        let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
        let removed = if is_dir { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
        removed.with_context(|| format!("cannot remove {}", path.display()))
    })?;
    std::fs::remove_dir(dir).with_context(fail)
}

/// Swap two paths atomically (`renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths, relative to the working directory.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 { Ok(()) } else { Err(std::io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Remove what killed builds left in `place`: their half-written or swapped-out folders, whose
/// names start with `prefix`.
fn remove_leftovers(place: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(place) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests;
