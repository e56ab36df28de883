use std::os::unix::fs::MetadataExt;

use super::*;
use crate::output::Deps;

fn output(path: &str, text: &str) -> Output {
    Output { path: path.into(), body: Body::Bytes(text.to_string().into()), deps: Deps::default() }
}

/// The inode of a file: a rename over it gives a new one.
fn inode(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap().ino()
}

#[test]
fn only_changed_files_are_replaced_and_gone_outputs_removed() {
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    let first = [output("index.html", "home"), output("a/index.html", "a"), output("b/index.html", "b")];
    let mut folder = InPlace::new(&out, &Placement::new(site.path()), &first).unwrap();
    // Everything is new.
    let synced = folder.sync(first.iter(), None).unwrap();
    assert_eq!(synced.written, ["index.html", "a/index.html", "b/index.html"]);
    let (a, b) = (inode(&out.join("a/index.html")), inode(&out.join("b/index.html")));

    // `a` made again with new bytes, `b` made again with the same, `index.html` not made again
    // (its bytes in memory changed, but it is not among the changed).
    let second = [output("index.html", "home 2"), output("a/index.html", "a 2"), output("b/index.html", "b")];
    let changed = BTreeSet::from(["a/index.html", "b/index.html"]);
    let synced = folder.sync(second.iter(), Some(&changed)).unwrap();
    assert_eq!(synced, Synced { written: vec!["a/index.html".into()], removed: vec![] });
    assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "a 2");
    assert_ne!(inode(&out.join("a/index.html")), a, "replaced by a rename");
    assert_eq!(inode(&out.join("b/index.html")), b, "left alone");
    assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "home");

    // `b` is no longer made: its file goes; a file the site never made stays.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let third = [output("index.html", "home 2"), output("a/index.html", "a 2")];
    let synced = folder.sync(third.iter(), None).unwrap();
    assert_eq!(synced, Synced { written: vec!["index.html".into()], removed: vec!["b/index.html".into()] });
    assert!(!out.join("b/index.html").exists());
    assert!(out.join("notes.txt").exists());
    let left: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("dossier-tmp"))
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(left.is_empty(), "no temporary file left: {left:?}");
}

#[test]
fn a_path_outside_the_folder_is_refused() {
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    let mut folder = InPlace::new(&out, &Placement::new(site.path()), &[]).unwrap();
    let bad = [output("../escape.html", "x")];
    assert!(folder.sync(bad.iter(), None).is_err());
    assert!(!site.path().join("escape.html").exists());
}
