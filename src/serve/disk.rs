//! `dossier build --watch`: the preview's watch loop with the output folder as its destination
//! instead of memory and HTTP, for people who serve `public/` with a server of their own or sync
//! it elsewhere (as `hugo --watch` does).
//!
//! It has no build path of its own: the first build is `build::build_all` written as
//! `dossier build` writes it (a staging folder swapped in whole); each change then goes through
//! `build::update`, as in the preview, and only the files whose bytes changed are replaced, each by
//! a rename (`output::InPlace`). The outputs made from the whole site wait, as in the preview,
//! until the saves pause: the print document and the feeds for [`IDLE`], the search index for
//! [`indexer::QUIET`]. A failed rebuild prints its diagnostics and leaves the folder as it was;
//! the next change builds the site whole again.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;

use super::{BURST, Change, IDLE, indexer, watch};
use crate::build::{self, BuildOptions, Built, Deferred, Update};
use crate::diag::Diagnostics;
use crate::output::{self, InPlace, Synced};

/// What `dossier build --watch` builds and where it writes.
pub(crate) struct WatchOptions {
    pub(crate) build: BuildOptions,
    pub(crate) out_dir: PathBuf,
    /// Replace an output folder dossier did not make (`--force`), as `dossier build` does.
    pub(crate) force: bool,
}

/// Build the site into its output folder, then keep the folder up to date with every change
/// until the process is interrupted. Only an I/O failure (the folder cannot be claimed or
/// written, the files cannot be watched) ends it; the site's own errors are printed and waited out.
pub(crate) fn build_watch(options: &WatchOptions) -> Result<()> {
    // Before the first build, so that no edit made while it runs goes unseen.
    let super::Watching { _watcher: mut watcher, events, root } = super::watch(&options.build.root)?;
    let mut disk = Disk { options, built: None, folder: None, search: indexer::Schedule::new(indexer::QUIET) };
    disk.full()?;
    eprintln!("watching {} for changes; press Ctrl+C to stop", options.build.root.display());
    let debouncer = watch::Debouncer { events, quiet: BURST };
    loop {
        let waiting = Instant::now();
        let deferred = disk.built.as_ref().is_some_and(Built::has_deferred).then_some(IDLE);
        let idle = [deferred, disk.search.wait(waiting)].into_iter().flatten().min();
        match debouncer.next(idle) {
            watch::Next::Burst(paths) => {
                let changes = super::changes_in(&mut watcher, &root, &paths);
                if !changes.is_empty() {
                    disk.changed(&changes)?;
                }
            }
            watch::Next::Idle => {
                if deferred.is_some() && waiting.elapsed() >= IDLE {
                    disk.site_wide(build::render_deferred)?;
                }
                if disk.search.take(Instant::now()) {
                    disk.site_wide(build::render_search)?;
                }
            }
            watch::Next::Closed => return Ok(()),
        }
    }
}

/// The kept build and the folder it is written to.
struct Disk<'a> {
    options: &'a WatchOptions,
    /// The last good build; none before the first or after a failed update (the next change then
    /// builds the site whole).
    built: Option<Built>,
    /// The output folder, once a first build was written to it.
    folder: Option<InPlace>,
    /// When to make the search index again: once the saves pause.
    search: indexer::Schedule,
}

impl Disk<'_> {
    /// Build the whole site and write it: swapped in whole the first time, file by file after.
    fn full(&mut self) -> Result<()> {
        let started = Instant::now();
        let built = match build::build_all(&self.options.build) {
            Ok(built) => built,
            Err(diagnostics) => {
                self.built = None;
                failed(&diagnostics, self.folder.is_some());
                return Ok(());
            }
        };
        let synced = match &mut self.folder {
            Some(folder) => folder.sync(built.outputs().iter(), None)?,
            None => {
                let root = &self.options.build.root;
                let placement = output::Placement { force: self.options.force, ..output::Placement::new(root) };
                let staging = output::Staging::new(&self.options.out_dir, &placement)?;
                staging.finish(built.outputs())?;
                self.folder = Some(InPlace::new(&self.options.out_dir, &placement, built.outputs())?);
                eprintln!(
                    "built {} files in {} ms -> {}\n{}",
                    built.outputs().len(),
                    started.elapsed().as_millis(),
                    self.options.out_dir.display(),
                    built.report()
                );
                self.built = Some(built);
                return Ok(());
            }
        };
        // A full build makes the search index and the print document too.
        self.search = indexer::Schedule::new(indexer::QUIET);
        self.built = Some(built);
        report("rebuilt whole", started, &synced);
        Ok(())
    }

    /// Bring the build and the folder up to date with `changes`.
    fn changed(&mut self, changes: &[Change]) -> Result<()> {
        let started = Instant::now();
        let (Some(built), Some(folder)) = (&mut self.built, &mut self.folder) else { return self.full() };
        let synced = match build::update(built, &self.options.build, changes, Deferred::Later) {
            Ok(Update::Full) => {
                self.search = indexer::Schedule::new(indexer::QUIET);
                folder.sync(built.outputs().iter(), None)?
            }
            Ok(Update::Partial(paths)) => {
                // Pages made again: the search index follows once the saves pause.
                if paths.iter().any(|p| p.ends_with(".html")) && built.site().config.any_search() {
                    self.search.changed(Instant::now());
                }
                let made: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
                folder.sync(built.outputs().iter(), Some(&made))?
            }
            Err(diagnostics) => {
                self.built = None;
                failed(&diagnostics, true);
                return Ok(());
            }
        };
        report("rebuilt", started, &synced);
        Ok(())
    }

    /// Make what the updates left for later (`make`: the print document and feeds, or the search
    /// index) and write the files that changed.
    fn site_wide(&mut self, make: fn(&mut Built) -> Result<Vec<String>, Diagnostics>) -> Result<()> {
        let started = Instant::now();
        let (Some(built), Some(folder)) = (&mut self.built, &mut self.folder) else { return Ok(()) };
        match make(built) {
            Ok(paths) => {
                let made: BTreeSet<&str> = paths.iter().map(String::as_str).collect();
                let synced = folder.sync(built.outputs().iter(), Some(&made))?;
                if !synced.written.is_empty() || !synced.removed.is_empty() {
                    report("brought up to date", started, &synced);
                }
            }
            Err(diagnostics) => {
                self.built = None;
                failed(&diagnostics, true);
            }
        }
        Ok(())
    }
}

/// A build that failed: its diagnostics, and that the folder keeps the last good files.
fn failed(diagnostics: &Diagnostics, written: bool) {
    let note = if written { "the output folder keeps the last good files" } else { "nothing was published" };
    eprintln!("{diagnostics}\n({note}; watching for changes)");
}

/// What a sync wrote, in a line: the first few files by name.
fn report(what: &str, started: Instant, synced: &Synced) {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if synced.written.is_empty() && synced.removed.is_empty() {
        return eprintln!("{what} in {ms:.1} ms: no file changed");
    }
    let names = |paths: &[String]| {
        let shown: Vec<&str> = paths.iter().take(5).map(String::as_str).collect();
        let more = paths.len().saturating_sub(shown.len());
        if more > 0 { format!("{} and {more} more", shown.join(", ")) } else { shown.join(", ") }
    };
    let mut line = format!("{what} in {ms:.1} ms: wrote {}", synced.written.len());
    if !synced.written.is_empty() {
        line.push_str(&format!(" ({})", names(&synced.written)));
    }
    if !synced.removed.is_empty() {
        line.push_str(&format!(", removed {} ({})", synced.removed.len(), names(&synced.removed)));
    }
    eprintln!("{line}");
}
