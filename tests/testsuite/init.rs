//! `dossier init`: a new site that builds as it is, with the default theme.

use crate::util::{Site, dossier};

#[test]
fn init_makes_a_buildable_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("new");
    let run = dossier(&["init", target.to_str().unwrap()]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(target.join("themes/longform/templates/page.html").is_file());
    // What a build makes in the root stays out of git.
    assert_eq!(std::fs::read_to_string(target.join(".gitignore")).unwrap(), "/public/\n/.dossier-cache/\n");
    let site = Site { dir };
    let run = dossier(&["build", "--root", target.to_str().unwrap()]);
    assert!(run.ok(), "{}", run.stderr);
    let html = std::fs::read_to_string(target.join("public/first-page/index.html")).unwrap();
    assert!(html.contains("发生了什么"), "{html}");
    let mut names: Vec<String> =
        std::fs::read_dir(&target).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let expected = [".dossier-cache", ".gitignore", "content", "public", "site.toml", "static", "templates", "themes"];
    assert_eq!(names, expected, "a build adds only what .gitignore names");
    drop(site);
}

#[test]
fn init_refuses_a_folder_with_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let run = dossier(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(run.code(), Some(2));
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
}
