//! An output folder kept up to date file by file (`dossier build --watch`), where a build replaces
//! it whole. The folder is claimed as a build claims it and stays locked while it is kept; only a
//! file whose bytes changed is written, each into a temporary file beside it that is then renamed
//! over it, so a server reading the folder sees the old file or the new one, never half of one.
//! A file is removed only when an earlier write here or the build that made the folder put it
//! there and the site no longer makes it.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::{Body, Output, Placement, claim, guard};

/// An output folder claimed for updates in place.
pub(crate) struct InPlace {
    out_dir: PathBuf,
    /// The outputs the folder holds: their paths, as the last sync left them.
    known: BTreeSet<String>,
    _lock: File,
}

/// What a sync did.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Synced {
    /// Files written, their bytes having changed (or the file being new).
    pub(crate) written: Vec<String>,
    /// Files removed: outputs the site no longer makes.
    pub(crate) removed: Vec<String>,
}

impl InPlace {
    /// Claim `out_dir` (built already, holding `outputs`) for updates in place.
    pub(crate) fn new(out_dir: &Path, placement: &Placement, outputs: &[Output]) -> Result<InPlace> {
        let claim = claim::claim(out_dir, placement)?;
        let known = outputs.iter().map(|o| o.path.clone()).collect();
        Ok(InPlace { out_dir: claim.out_dir, known, _lock: claim.lock })
    }

    /// Bring the folder to `outputs`, the site's whole output now: of those at `changed` (the
    /// ones made again; every one when `None`), write the files whose bytes differ from the
    /// folder's, and remove the files of earlier outputs that are not among `outputs`.
    pub(crate) fn sync<'a>(
        &mut self,
        outputs: impl Iterator<Item = &'a Output>,
        changed: Option<&BTreeSet<&str>>,
    ) -> Result<Synced> {
        let mut synced = Synced::default();
        let mut now = BTreeSet::new();
        for output in outputs {
            now.insert(output.path.clone());
            if changed.is_some_and(|c| !c.contains(output.path.as_str())) {
                continue;
            }
            if self.replace(output)? {
                synced.written.push(output.path.clone());
            }
        }
        for gone in self.known.difference(&now) {
            let file = self.out_dir.join(guard(gone)?);
            match std::fs::remove_file(&file) {
                Ok(()) => synced.removed.push(gone.clone()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).with_context(|| format!("cannot remove {}", file.display())),
            }
        }
        self.known = now;
        Ok(synced)
    }

    /// Write `output` unless the folder has its bytes already; whether it wrote.
    fn replace(&self, output: &Output) -> Result<bool> {
        let target = self.out_dir.join(guard(&output.path)?);
        let bytes = match &output.body {
            Body::Bytes(bytes) | Body::Kept(bytes) => std::borrow::Cow::Borrowed(bytes.as_ref()),
            Body::Copy(source) => std::borrow::Cow::Owned(
                std::fs::read(source).with_context(|| format!("cannot read {}", source.display()))?,
            ),
            // Written by a build into its staging folder: not an output kept in memory.
            Body::Written => return Ok(false),
        };
        if std::fs::read(&target).is_ok_and(|old| old == *bytes) {
            return Ok(false);
        }
        write_atomically(&target, &bytes)?;
        Ok(true)
    }
}

/// Write `bytes` to `target` by a temporary file in its folder renamed over it. The temporary
/// file is made as `std::fs::write` makes files (the umask decides who may read it), so that a
/// server running as another user reads the new file as it read the old.
fn write_atomically(target: &Path, bytes: &[u8]) -> Result<()> {
    let parent = target.parent().context("an output has no folder")?;
    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let name = target.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temporary = parent.join(format!(".{name}.{}.dossier-tmp", std::process::id()));
    let written = File::options()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&temporary)
        .and_then(|mut file| file.write_all(bytes))
        .and_then(|()| std::fs::rename(&temporary, target));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.with_context(|| format!("cannot write {}", target.display()))
}

// The tests compare inodes, which only Unix has.
#[cfg(all(test, unix))]
mod tests;
