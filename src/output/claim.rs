//! Claiming the output folder before a build replaces it whole. The folder may not be the site
//! root, hold it, or lie in one of the site's inputs; a non-empty folder must be one dossier made
//! (or be given up with `--force`); and one build at a time works on it.
//!
//! The claim is one file in the site's cache folder, `.dossier-cache/outputs/public-<hash>.lock`
//! for `public/` (the hash is of the output folder's whole path, which the file holds): that it
//! exists says this site's builds made the folder, and a build holds an exclusive lock on it from
//! start to finish, so a second build of the same folder waits. In the cache, not beside the output
//! folder, since a build writes nowhere else; the staging folder goes there too when it can
//! ([`Claim::staging_place`]).

use std::fs::File;
use std::hash::Hasher;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};

/// The folder, inside the site root, where work kept between builds goes (never in the output).
pub(crate) const CACHE_DIR: &str = ".dossier-cache";

/// The site's folders a build reads (site.toml is in the root itself); the cache is kept too.
const INPUTS: [&str; 5] = ["content", "templates", "static", "themes", "sass"];

/// What a build needs to know to claim its output folder.
pub(crate) struct Placement<'a> {
    /// The site root (holding site.toml).
    pub(crate) root: &'a Path,
    /// The site's cache folder, which holds the claim and, when it can, the staging folder.
    pub(crate) cache: PathBuf,
    /// Replace a non-empty folder that dossier did not make (`--force`).
    pub(crate) force: bool,
}

impl<'a> Placement<'a> {
    /// A build of the site at `root`, with its cache folder `.dossier-cache/` in the root, that
    /// replaces only a folder dossier made.
    pub(crate) fn new(root: &'a Path) -> Placement<'a> {
        Placement { root, cache: root.join(CACHE_DIR), force: false }
    }
}

/// A claimed output folder: its canonical path, and the lock held while the build runs.
pub(crate) struct Claim {
    pub(crate) out_dir: PathBuf,
    pub(crate) lock: File,
    /// The cache folder, canonical.
    cache: PathBuf,
    /// The output folder's name in the cache: `public-<hash of its path>`.
    key: String,
    /// A short hash of the site root, telling this site's staging folders from another's.
    site: String,
}

/// Check that `out_dir` may be replaced by a build of `placement.root`, then lock it (waiting for
/// another build of it to finish).
pub(crate) fn claim(out_dir: &Path, placement: &Placement) -> Result<Claim> {
    let root = std::fs::canonicalize(placement.root)
        .with_context(|| format!("the site root {} does not exist", placement.root.display()))?;
    let out = resolve(out_dir).with_context(|| format!("cannot find where {} is", out_dir.display()))?;
    let cache =
        resolve(&placement.cache).with_context(|| format!("cannot find where {} is", placement.cache.display()))?;
    let folders: Vec<PathBuf> =
        INPUTS.iter().map(|name| std::fs::canonicalize(root.join(name)).unwrap_or_else(|_| root.join(name))).collect();
    let linked = link_targets(&root, &folders);
    let inputs: Vec<PathBuf> = folders.into_iter().chain([cache]).chain(linked).collect();
    let cwd = std::env::current_dir().and_then(std::fs::canonicalize).ok();
    if let Some(clash) = clash(&out, &root, &inputs, cwd.as_deref()) {
        return Err(refusal(&out, &root, clash));
    }
    if out.exists() && !out.is_dir() {
        bail!(
            "the output folder {} is a file\n  hint: remove it or choose another output folder with -o",
            out.display()
        );
    }
    let key = key(&out);
    let marker = placement.cache.join("outputs").join(format!("{key}.lock"));
    if !placement.force && !marker.exists() && !unclaimed_is_ours(&out) {
        bail!(
            "the output folder {} is not empty and was not made by dossier; a build replaces its output folder \
             whole\n  hint: choose a new or empty folder with -o, or pass --force to replace this one and everything \
             in it",
            out.display()
        );
    }
    let outputs = marker.parent().unwrap_or(&placement.cache);
    std::fs::create_dir_all(outputs).with_context(|| format!("cannot create {}", outputs.display()))?;
    let cache = std::fs::canonicalize(&placement.cache)
        .with_context(|| format!("cannot find where {} is", placement.cache.display()))?;
    let mut lock = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&marker)
        .with_context(|| format!("cannot create {}", marker.display()))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!("waiting for another build of {} to finish", out.display());
            lock.lock().with_context(|| format!("cannot lock {}", marker.display()))?;
        }
        Err(std::fs::TryLockError::Error(e)) => {
            return Err(e).with_context(|| format!("cannot lock {}", marker.display()));
        }
    }
    // For people looking in the cache: which folder this is.
    lock.set_len(0)
        .and_then(|()| writeln!(lock, "{}", out.display()))
        .with_context(|| format!("cannot write {}", marker.display()))?;
    Ok(Claim { out_dir: out, lock, cache, key, site: format!("{:08x}", hash(&root) as u32) })
}

/// Where the symbolic links under the site's input `folders` point, canonical, looking inside
/// what they point to as well (walkdir stops at a loop): a theme is often a link to a shared
/// folder, and a build must not replace what the site reads through one. A link to the site root
/// or a folder holding it is passed over, since the root is protected whole anyway.
fn link_targets(root: &Path, folders: &[PathBuf]) -> Vec<PathBuf> {
    let mut targets: Vec<PathBuf> = Vec::new();
    for folder in folders {
        let mut walker = walkdir::WalkDir::new(folder).follow_links(true).into_iter();
        while let Some(entry) = walker.next() {
            let Ok(entry) = entry else { continue };
            if entry.depth() == 0 || !entry.path_is_symlink() {
                continue;
            }
            let Ok(target) = std::fs::canonicalize(entry.path()) else { continue };
            if root.starts_with(&target) {
                walker.skip_current_dir();
                continue;
            }
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
    }
    targets
}

/// Why `out` may not be an output folder of the site at `root`.
fn refusal(out: &Path, root: &Path, clash: Clash) -> anyhow::Error {
    let public = root.join("public");
    // An input outside the root is one the site reads through a symbolic link.
    let own = |input: &Path| {
        if input.starts_with(root) {
            format!("{}, one of the site's own folders", input.display())
        } else {
            format!("{}, which the site reads through a symbolic link", input.display())
        }
    };
    let what = match clash {
        Clash::Root => "is the site root".to_string(),
        Clash::HoldsRoot => format!("holds the site root {}", root.display()),
        Clash::InInput(input) if out == input => format!("is {}", own(input)),
        Clash::InInput(input) => format!("is inside {}", own(input)),
        Clash::HoldsInput(input) => format!("holds {}", own(input)),
        Clash::HoldsCurrent => {
            return anyhow!(
                "the output folder {} is the current folder or holds it; a build replaces its output folder \
                 whole, which would leave you in a deleted folder\n  hint: build into a folder of its own, e.g. \
                 -o {}, or run dossier from another folder",
                out.display(),
                public.display()
            );
        }
    };
    anyhow!(
        "the output folder {} {what}; a build replaces its output folder whole and would delete the site's \
         files\n  hint: build into a folder of its own, e.g. -o {} (the default)",
        out.display(),
        public.display()
    )
}

impl Claim {
    /// Where this build's staging folder goes, and how its name starts: in the cache folder
    /// (`staging/public-<hash>.new-*`) when that is on the output folder's file system, since the
    /// swap is a rename; otherwise beside the output folder (`.public.new-<site>-*`), named for the
    /// site so that another site's build of the same folder is left alone. No other build of this
    /// output folder by this site is running (the lock), so what starts so is a leftover.
    pub(crate) fn staging_place(&self) -> Result<(PathBuf, String)> {
        let staging = self.cache.join("staging");
        std::fs::create_dir_all(&staging).with_context(|| format!("cannot create {}", staging.display()))?;
        // Neither the root nor any folder holding it: the output folder has a name and a parent.
        let (Some(parent), Some(name)) = (self.out_dir.parent(), self.out_dir.file_name()) else {
            bail!("cannot build into {}", self.out_dir.display());
        };
        if same_file_system(&staging, parent) {
            return Ok((staging, format!("{}.new-", self.key)));
        }
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        Ok((parent.to_path_buf(), format!(".{}.new-{}-", name.to_string_lossy(), self.site)))
    }
}

/// Whether `folder` and `path` (or, if it does not exist yet, the nearest folder holding it, where
/// it will be made) are on one file system.
fn same_file_system(folder: &Path, path: &Path) -> bool {
    let Some(existing) = path.ancestors().find(|p| p.exists()) else { return false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        matches!((std::fs::metadata(folder), std::fs::metadata(existing)), (Ok(a), Ok(b)) if a.dev() == b.dev())
    }
    #[cfg(not(unix))]
    {
        folder.components().next() == existing.components().next()
    }
}

/// The output folder's name in the cache: its last part, sanitised and shortened, for people; and
/// a hash of its whole (canonical) path, so that two folders of one name differ.
fn key(out: &Path) -> String {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let name: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
        .take(64)
        .collect();
    format!("{name}-{:016x}", hash(out))
}

/// A hash of `path` that every build computes alike (FNV-1a of its bytes).
fn hash(path: &Path) -> u64 {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(path.as_os_str().as_encoded_bytes());
    hasher.finish()
}

/// An output folder without our marker may be replaced when it is missing or empty, or when it is
/// the output of a build from before the marker: every build writes `atom.xml` naming dossier as
/// its generator near the top.
fn unclaimed_is_ours(out: &Path) -> bool {
    let Ok(mut entries) = std::fs::read_dir(out) else { return !out.exists() };
    if entries.next().is_none() {
        return true;
    }
    let mut head = Vec::new();
    File::open(out.join("atom.xml")).and_then(|f| f.take(64 * 1024).read_to_end(&mut head)).is_ok()
        && memchr::memmem::find(&head, b"<generator>dossier</generator>").is_some()
}

/// `path` made absolute with every symbolic link resolved, though its last parts may not exist
/// yet: the nearest existing folder is resolved and the rest appended (`..` in the rest steps
/// back, which is right since nothing there exists to be a link).
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let mut base = loop {
        match std::fs::canonicalize(existing) {
            Ok(base) => break base,
            Err(e) => {
                let (Some(parent), Some(name)) = (existing.parent(), existing.components().next_back()) else {
                    return Err(e);
                };
                rest.push(name);
                existing = parent;
            }
        }
    };
    for part in rest.into_iter().rev() {
        match part {
            Component::ParentDir => {
                base.pop();
            }
            Component::Normal(name) => base.push(name),
            _ => {}
        }
    }
    Ok(base)
}

/// Why an output folder may not be replaced.
#[derive(Debug, PartialEq, Eq)]
enum Clash<'a> {
    Root,
    HoldsRoot,
    InInput(&'a Path),
    HoldsInput(&'a Path),
    HoldsCurrent,
}

/// How the output folder `out` stands to the site `root`, its `inputs` and the current folder
/// `cwd`, all canonical: a folder inside the root is fine unless it is in an input; an input that
/// is a link elsewhere, or holds one, is protected where it points.
fn clash<'a>(out: &Path, root: &Path, inputs: &'a [PathBuf], cwd: Option<&Path>) -> Option<Clash<'a>> {
    if out == root {
        return Some(Clash::Root);
    }
    if root.starts_with(out) {
        return Some(Clash::HoldsRoot);
    }
    for input in inputs {
        if out.starts_with(input) {
            return Some(Clash::InInput(input));
        }
        if input.starts_with(out) {
            return Some(Clash::HoldsInput(input));
        }
    }
    cwd.filter(|cwd| cwd.starts_with(out)).map(|_| Clash::HoldsCurrent)
}

#[cfg(test)]
mod tests;
