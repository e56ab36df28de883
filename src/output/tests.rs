use super::*;

fn page(path: &str, source: &str) -> Output {
    let deps = Deps { source: Some(source.into()), ..Deps::default() };
    Output { path: path.into(), body: Body::Bytes(bytes::Bytes::new()), deps }
}

fn generated(path: &str) -> Output {
    Output { path: path.into(), body: Body::Bytes(bytes::Bytes::new()), deps: Deps::default() }
}

/// Where each collision is reported and what it says, in order.
fn check(outputs: &[Output], expect: &[(&str, &str)]) {
    let root = Path::new("/site");
    let found: Vec<(String, String)> =
        check_collisions(root, outputs).into_iter().map(|d| (d.path.display().to_string(), d.message)).collect();
    let found: Vec<(&str, &str)> = found.iter().map(|(p, m)| (p.as_str(), m.as_str())).collect();
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for ((path, message), (at, part)) in found.iter().zip(expect) {
        assert_eq!(path, at, "{message}");
        assert!(message.contains(part), "{message:?} lacks {part:?}");
    }
}

#[test]
fn outputs_that_collide_are_reported_at_the_file_a_user_can_change() {
    check(&[page("overview/index.html", "overview.md"), page("notes/index.html", "notes/_index.md")], &[]);
    check(
        &[page("a/index.html", "a.md"), page("a/index.html", "b.md")],
        &[("content/b.md", "writes a/index.html, which content/a.md writes too")],
    );
    // A file in the way of a folder: at the file, unless the build makes it (the feed).
    check(
        &[page("overview/index.html", "overview.md"), copy("overview".into(), "/site/static/overview".into())],
        &[("static/overview", "writes the file overview, but content/overview.md needs overview as a folder")],
    );
    check(
        &[generated("atom.xml"), page("atom.xml/index.html", "x.md"), page("atom.xml/z/index.html", "y.md")],
        &[("content/x.md", "a generated page writes the file atom.xml, but content/x.md needs atom.xml as a folder")],
    );
    check(
        &[page("index.html", "_index.md"), page("index.html/index.html", "x.md")],
        &[("content/_index.md", "needs index.html as a folder (for index.html/index.html)")],
    );
    // Not a folder prefix: `atom.xml2/…` and `atom.xml` are different names.
    check(&[generated("atom.xml"), page("atom.xml2/index.html", "x.md")], &[]);
}

#[cfg(unix)]
#[test]
fn removing_the_old_site_removes_every_file_and_no_file_a_link_in_it_points_to() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(outside.join("kept")).unwrap();
    std::fs::write(outside.join("kept/file.txt"), "x").unwrap();
    let old = dir.path().join("old");
    for folder in ["a/b/c", "d", "e/f"] {
        std::fs::create_dir_all(old.join(folder)).unwrap();
        std::fs::write(old.join(folder).join("index.html"), "page").unwrap();
    }
    std::fs::write(old.join("index.html"), "home").unwrap();
    std::os::unix::fs::symlink(&outside, old.join("link")).unwrap();
    std::os::unix::fs::symlink(&outside, old.join("d/link")).unwrap();
    remove_site(&old).unwrap();
    assert!(!old.exists());
    assert_eq!(std::fs::read_to_string(outside.join("kept/file.txt")).unwrap(), "x");
}
