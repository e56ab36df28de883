//! `dossier build --watch`: the first build written as `dossier build` writes it, then each edit
//! written into the output folder, only the files whose bytes changed, while the rest are left
//! alone; a mistake printed at its place, with the last good files kept.
//!
//! As in the `serve` tests, no wait is a timing assumption: each waits for what the process
//! prints after every change it writes, and looks again then; the clock is only a safety net.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::util::{Logged, Site};

/// Start `dossier build --watch` on `site` and wait until it watches.
fn watch(site: &Site) -> Logged {
    let mut watching = Logged::start(&["build", "--watch", "--root", site.root().to_str().unwrap()]);
    watching.until("the first build", |said| {
        said.iter().any(|l| l.starts_with("watching ")).then_some(()).ok_or("not watching yet".into())
    });
    watching
}

/// A file's inode and modification time: both stay while nothing writes it.
fn stamp(path: &Path) -> (u64, i64, i64) {
    let meta = std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (meta.ino(), meta.mtime(), meta.mtime_nsec())
}

fn contains(path: &Path, text: &str) -> Result<(), String> {
    let body = std::fs::read_to_string(path).unwrap_or_default();
    if body.contains(text) { Ok(()) } else { Err(format!("{} does not show {text:?}", path.display())) }
}

#[test]
fn an_edit_rewrites_its_page_and_leaves_the_others_alone() {
    let site = Site::fixture("zola_pagination");
    let public = site.public();
    let mut watching = watch(&site);
    let (edited, unrelated, feed) =
        (public.join("blog/p3/index.html"), public.join("notes/n1/index.html"), public.join("atom.xml"));
    let before = stamp(&unrelated);
    contains(&feed, "The third post begins.").unwrap();

    // Written in place, as an editor saves (not by rename).
    let source = site.root().join("content/blog/p3.md");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replace("The third post begins.", "The third post starts here.")).unwrap();
    watching.until("the page rewritten", |_| contains(&edited, "The third post starts here."));
    // The feed shows the summary: it follows once the saves pause.
    watching.until("the feed after a pause", |_| contains(&feed, "The third post starts here."));
    assert_eq!(stamp(&unrelated), before, "a page the edit does not touch is not written again");
    let written = watching.until("the rebuild said", |said| {
        said.iter().find(|l| l.starts_with("rebuilt")).cloned().ok_or("not said".into())
    });
    assert!(written.contains("blog/p3/index.html") && !written.contains("notes/"), "{written}");

    // A mistake: printed at its place; the last good files stay.
    let good = std::fs::read(&edited).unwrap();
    let page = stamp(&edited);
    std::fs::write(&source, "+++\ntitle = \"Post 3\"\nbogus = 1\n+++\n\nBroken.\n").unwrap();
    watching.until("the error", |said| {
        let at = said.iter().any(|l| l.starts_with("content/blog/p3.md:3:1: error: unknown field `bogus`"));
        let kept = said.iter().any(|l| l.contains("keeps the last good files"));
        (at && kept).then_some(()).ok_or("no error yet".into())
    });
    assert_eq!(std::fs::read(&edited).unwrap(), good);
    assert_eq!(stamp(&edited), page);

    // Mended: built again whole, and written.
    std::fs::write(&source, text.replace("The third post begins.", "Mended.")).unwrap();
    watching.until("the page mended", |_| contains(&edited, "Mended."));
    assert_eq!(stamp(&unrelated), before, "still not written: its bytes are the same");
    let left: Vec<_> = walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".dossier-tmp"))
        .collect();
    assert!(left.is_empty(), "no temporary file is left in the output folder: {left:?}");
}

#[test]
fn a_new_page_is_written_and_a_deleted_one_removed() {
    let site = Site::fixture("zola_pagination");
    let public = site.public();
    let mut watching = watch(&site);
    site.write("content/notes/n4.md", "+++\ntitle = \"Note 4\"\nweight = 4\n+++\n\nNote 4.\n");
    watching.until("the new page", |_| contains(&public.join("notes/n4/index.html"), "Note 4"));
    // Cut from the end, the first pager of notes shows the new note.
    watching.until("the list", |_| contains(&public.join("notes/index.html"), "Note 4"));
    site.remove("content/notes/n4.md");
    watching.until("the page removed", |_| {
        if public.join("notes/n4/index.html").exists() { Err("still there".into()) } else { Ok(()) }
    });
    watching.until("the list", |_| match contains(&public.join("notes/index.html"), "Note 4") {
        Ok(()) => Err("the list still shows the deleted note".into()),
        Err(_) => Ok(()),
    });
    watching.until("the removal said", |said| {
        said.iter().any(|l| l.contains("removed 1 (notes/n4/index.html)")).then_some(()).ok_or("not said".into())
    });
}

#[test]
fn a_first_build_that_fails_publishes_nothing_and_waits_for_the_fix() {
    let site = Site::fixture("zola_pagination");
    site.write("content/blog/p3.md", "+++\ntitle = \"Post 3\"\nbogus = 1\n+++\n\nBroken.\n");
    let mut watching = watch(&site);
    watching.until("the error", |said| {
        let at = said.iter().any(|l| l.starts_with("content/blog/p3.md:3:1: error: unknown field `bogus`"));
        let note = said.iter().any(|l| l.contains("nothing was published"));
        (at && note).then_some(()).ok_or("no error yet".into())
    });
    assert!(!site.public().exists());
    site.write("content/blog/p3.md", "+++\ntitle = \"Post 3\"\n+++\n\nFixed.\n");
    watching.until("the first good build", |_| contains(&site.public().join("blog/p3/index.html"), "Fixed."));
    contains(&site.public().join("blog/index.html"), "Post 5").unwrap();
}
