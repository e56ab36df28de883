use std::path::{Path, PathBuf};

use super::{Clash, clash, key, link_targets, resolve};

/// `out` against the site `/s` with inputs `/s/content`, `/s/themes` and a `static/` linked to
/// `/data/static`, from the current folder `cwd`.
fn check(out: &str, cwd: &str, expect: Option<Clash>) {
    let inputs: Vec<PathBuf> = ["/s/content", "/s/themes", "/data/static"].map(PathBuf::from).into();
    assert_eq!(clash(Path::new(out), Path::new("/s"), &inputs, Some(Path::new(cwd))), expect, "{out} from {cwd}");
}

#[test]
fn an_output_folder_may_not_be_the_site_or_hold_or_lie_in_its_inputs() {
    check("/s", "/elsewhere", Some(Clash::Root));
    check("/", "/elsewhere", Some(Clash::HoldsRoot));
    check("/s/content", "/elsewhere", Some(Clash::InInput(Path::new("/s/content"))));
    check("/s/content/notes", "/elsewhere", Some(Clash::InInput(Path::new("/s/content"))));
    check("/s/themes/longform/static", "/elsewhere", Some(Clash::InInput(Path::new("/s/themes"))));
    check("/data", "/elsewhere", Some(Clash::HoldsInput(Path::new("/data/static"))));
    check("/elsewhere", "/elsewhere", Some(Clash::HoldsCurrent));
    check("/elsewhere", "/elsewhere/deep", Some(Clash::HoldsCurrent));
}

#[test]
fn an_output_folder_of_its_own_is_fine() {
    check("/s/public", "/s", None);
    check("/s/sub/out", "/s", None);
    // Names are compared whole, not as text: `content-old` is not inside `content`.
    check("/s/content-old", "/s", None);
    check("/s-public", "/s", None);
    check("/out", "/s", None);
}

#[test]
fn a_missing_output_folder_is_resolved_from_its_nearest_existing_folder() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::create_dir(base.join("site")).unwrap();
    assert_eq!(resolve(&dir.path().join("site/")).unwrap(), base.join("site"));
    assert_eq!(resolve(&dir.path().join("new/deeper")).unwrap(), base.join("new/deeper"));
    assert_eq!(resolve(&dir.path().join("new/../site/./content")).unwrap(), base.join("site/content"));
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(base.join("site"), base.join("link")).unwrap();
        assert_eq!(resolve(&dir.path().join("link/public")).unwrap(), base.join("site/public"));
    }
}

/// A theme linked from elsewhere, and a link inside it to a third folder: both targets are
/// protected, so neither they nor a folder holding them may be an output folder. A link back to
/// the root or round in a loop ends the walk there.
#[cfg(unix)]
#[test]
fn what_links_under_the_inputs_point_to_is_protected() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::canonicalize(dir.path()).unwrap();
    let (root, shared, ext) = (base.join("site"), base.join("shared/mytheme"), base.join("ext/tpl"));
    for folder in [root.join("content"), root.join("themes"), shared.clone(), ext.clone()] {
        std::fs::create_dir_all(folder).unwrap();
    }
    symlink(&shared, root.join("themes/t")).unwrap();
    symlink(&ext, shared.join("templates")).unwrap();
    symlink(".", ext.join("loop")).unwrap();
    symlink(&root, root.join("content/up")).unwrap();
    symlink(&base, root.join("content/further-up")).unwrap();

    let folders = vec![root.join("content"), root.join("themes")];
    let mut inputs = folders.clone();
    inputs.extend(link_targets(&root, &folders));
    assert_eq!(inputs[2..], [shared.clone(), ext.clone()], "{inputs:?}");
    let refused = |out: &Path| clash(out, &root, &inputs, None);
    assert_eq!(refused(&base.join("shared")), Some(Clash::HoldsInput(&shared)));
    assert_eq!(refused(&shared), Some(Clash::InInput(&shared)));
    assert_eq!(refused(&base.join("ext")), Some(Clash::HoldsInput(&ext)));
    assert_eq!(refused(&ext.join("sub")), Some(Clash::InInput(&ext)));
    assert_eq!(refused(&root.join("public")), None, "a link to the root protects nothing more");
    assert_eq!(refused(&base.join("out")), None);
}

#[test]
fn an_output_folder_is_named_in_the_cache_by_its_name_and_whole_path() {
    let public = key(Path::new("/s/public"));
    assert!(public.starts_with("public-") && public.len() == "public-".len() + 16, "{public}");
    assert_eq!(public, key(Path::new("/s/public")), "the same folder, the same claim");
    assert_ne!(public, key(Path::new("/t/public")), "two folders of one name");
    assert!(key(Path::new("/s/a b/公开 ✓")).starts_with("公开__-"), "{}", key(Path::new("/s/a b/公开 ✓")));
    assert_eq!(key(&Path::new("/s").join("x".repeat(200))).len(), 64 + 1 + 16);
}
