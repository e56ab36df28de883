//! The output folder (`-o`): a build replaces it whole, so it may not be the site, hold it or lie
//! in one of its folders; a folder dossier did not make is replaced only with `--force`; two builds
//! of one folder take turns. Reported in issue 12 (points 2, 4 and 11): `-o` the root swapped the
//! sources away, `-o .` failed busy and left `.public.new-*`, two builds at once published a
//! partial site, and a missing `--root` was created. The claim and the staging folder live in the
//! site's cache folder, so a build leaves nothing else in the site root.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::util::{Run, copy_dir, fixtures, snapshot};

/// The basic fixture at `TMP/site`, so that the folder holding the root is ours to lose.
struct Nested {
    outer: tempfile::TempDir,
    root: PathBuf,
}

fn nested() -> Nested {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("site");
    copy_dir(&fixtures().join("basic"), &root);
    Nested { outer, root }
}

impl Nested {
    fn build(&self, args: &[&str]) -> Run {
        self.build_from(Path::new(env!("CARGO_MANIFEST_DIR")), args)
    }

    /// `dossier build --root ROOT ARGS` run in the folder `cwd`.
    fn build_from(&self, cwd: &Path, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .current_dir(cwd)
            .args(["build", "--root", self.root.to_str().unwrap()])
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        Run { output, stderr }
    }

    /// The claims in the site's cache folder: `.dossier-cache/outputs/*.lock`.
    fn claims(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(self.root.join(".dossier-cache/outputs")) else { return Vec::new() };
        let mut claims: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        claims.sort();
        claims
    }

    /// Everything under the temporary folder, sources and all.
    fn everything(&self) -> Vec<(PathBuf, Vec<u8>)> {
        snapshot(self.outer.path())
    }
}

/// A build with `-o out` is refused with exit 2 and `message`, and nothing on disk changes.
fn assert_refused(site: &Nested, out: &str, message: &str) {
    let before = site.everything();
    let run = site.build(&["-o", out]);
    assert_eq!(run.code(), Some(2), "-o {out}: {}", run.stderr);
    assert!(run.stderr.contains(message), "-o {out}: expected {message:?} in\n{}", run.stderr);
    assert!(run.stderr.contains("hint:"), "-o {out}: no hint in\n{}", run.stderr);
    assert_eq!(before, site.everything(), "-o {out} changed files");
    assert!(site.root.join("content/_index.md").is_file() && site.root.join("site.toml").is_file());
}

#[test]
fn output_dir_the_site_root_is_refused() {
    let site = nested();
    assert_refused(&site, site.root.to_str().unwrap(), "is the site root");
}

#[test]
fn output_dir_the_site_root_with_a_trailing_slash_is_refused() {
    let site = nested();
    assert_refused(&site, &format!("{}/", site.root.display()), "is the site root");
}

#[test]
fn output_dir_holding_the_site_root_is_refused() {
    let site = nested();
    assert_refused(&site, site.outer.path().to_str().unwrap(), "holds the site root");
}

#[test]
fn output_dir_content_is_refused() {
    let site = nested();
    assert_refused(&site, site.root.join("content").to_str().unwrap(), "one of the site's own folders");
}

#[test]
fn output_dir_inside_an_input_is_refused() {
    let site = nested();
    for inside in ["content/notes", "content/new", "themes/out", "static/out", "sass/out", ".dossier-cache/out"] {
        assert_refused(&site, site.root.join(inside).to_str().unwrap(), "is inside");
    }
}

/// A theme the site reads through a symbolic link (`themes/t` a link to a shared folder, or a
/// link inside the theme to its templates elsewhere) is one of the site's folders where it lies:
/// an output folder holding it is refused with exit 2, `--force` or not, and nothing is touched.
#[cfg(unix)]
#[test]
fn output_dir_holding_a_linked_theme_is_refused_even_with_force() {
    use std::os::unix::fs::symlink;
    fn linked_theme(site: &Nested) -> (&'static str, &'static str) {
        let theme = site.outer.path().join("shared2/mytheme");
        std::fs::create_dir_all(&theme).unwrap();
        std::fs::rename(site.root.join("templates"), theme.join("templates")).unwrap();
        std::fs::create_dir(site.root.join("themes")).unwrap();
        symlink("../../shared2/mytheme", site.root.join("themes/t")).unwrap();
        ("shared2", "shared2/mytheme/templates/base.html")
    }
    fn linked_templates(site: &Nested) -> (&'static str, &'static str) {
        let tpl = site.outer.path().join("ext/tpl");
        std::fs::create_dir_all(tpl.parent().unwrap()).unwrap();
        std::fs::rename(site.root.join("templates"), &tpl).unwrap();
        std::fs::create_dir_all(site.root.join("themes/t")).unwrap();
        symlink("../../../ext/tpl", site.root.join("themes/t/templates")).unwrap();
        ("ext", "ext/tpl/base.html")
    }
    for (n, setup) in [linked_theme as fn(&Nested) -> _, linked_templates].into_iter().enumerate() {
        let site = nested();
        let (out, template) = setup(&site);
        let toml = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
        std::fs::write(site.root.join("site.toml"), format!("theme = \"t\"\n{toml}")).unwrap();
        let run = site.build(&[]);
        assert!(run.ok(), "variant {n}: {}", run.stderr);
        let out = site.outer.path().join(out);
        let before = site.everything();
        let run = site.build(&["-o", out.to_str().unwrap(), "--force"]);
        assert_eq!(run.code(), Some(2), "variant {n}: {}", run.stderr);
        assert!(run.stderr.contains("which the site reads through a symbolic link"), "variant {n}: {}", run.stderr);
        assert!(site.outer.path().join(template).is_file(), "variant {n}: the theme is gone");
        assert_eq!(before, site.everything(), "variant {n}: files changed");
    }
}

#[test]
fn output_dir_that_is_a_file_is_refused() {
    let site = nested();
    assert_refused(&site, site.root.join("site.toml").to_str().unwrap(), "is a file");
}

#[test]
fn output_dir_of_foreign_files_is_replaced_only_with_force() {
    let site = nested();
    let mine = site.outer.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("keep.txt"), "mine").unwrap();
    assert_refused(&site, mine.to_str().unwrap(), "was not made by dossier");
    let run = site.build(&["-o", mine.to_str().unwrap()]);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(mine.join("keep.txt")).unwrap(), "mine");

    let run = site.build(&["-o", mine.to_str().unwrap(), "--force"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(mine.join("index.html").is_file() && !mine.join("keep.txt").exists());
    // Now it is ours: the next build needs no --force.
    let run = site.build(&["-o", mine.to_str().unwrap()]);
    assert!(run.ok(), "{}", run.stderr);
}

#[test]
fn output_dir_from_a_build_before_the_marker_is_adopted() {
    let site = nested();
    let run = site.build(&[]);
    assert!(run.ok(), "{}", run.stderr);
    let claims = site.claims();
    assert_eq!(claims.len(), 1, "the build claims its output folder in the cache: {claims:?}");
    let public = std::fs::canonicalize(site.root.join("public")).unwrap();
    assert_eq!(std::fs::read_to_string(&claims[0]).unwrap(), format!("{}\n", public.display()));
    // A public/ left by a dossier that made no claim, or with the cache deleted since.
    std::fs::remove_dir_all(site.root.join(".dossier-cache")).unwrap();
    std::fs::write(site.root.join("content/notes/added.md"), "+++\ntitle = \"新的一页\"\n+++\n\n正文。\n").unwrap();
    let run = site.build(&[]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(std::fs::read_to_string(site.root.join("public/notes/added/index.html")).unwrap().contains("新的一页"));
    assert_eq!(site.claims(), claims);
    // The claim is never published.
    let published = snapshot(&site.root.join("public"));
    assert!(!published.iter().any(|(path, _)| path.to_string_lossy().contains("lock")), "{published:?}");
}

/// A build that finds the output folder locked waits for it, and leaves the other build's staging
/// folder alone until then (it used to delete it as a leftover, so the other build published a
/// partial site).
#[test]
fn two_builds_at_once_take_turns() {
    let site = nested();
    assert!(site.build(&[]).ok());
    let public = site.root.join("public");
    let first = snapshot(&public);
    let [claim] = &site.claims()[..] else { panic!("{:?}", site.claims()) };
    let lock = std::fs::File::open(claim).unwrap();
    lock.lock().unwrap();
    let key = claim.file_stem().unwrap().to_str().unwrap();
    let live = site.root.join(".dossier-cache/staging").join(format!("{key}.new-live"));
    std::fs::create_dir(&live).unwrap();
    std::fs::write(live.join("index.html"), "being written").unwrap();
    std::fs::write(site.root.join("content/notes/added.md"), "+++\ntitle = \"新的一页\"\n+++\n\n正文。\n").unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root", site.root.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut waiting = String::new();
    stderr.read_line(&mut waiting).unwrap();
    assert!(waiting.starts_with("waiting for another build of "), "{waiting}");
    assert!(child.try_wait().unwrap().is_none(), "the second build went on");
    assert!(live.join("index.html").is_file(), "the running build's folder was removed");
    assert_eq!(snapshot(&public), first, "the second build published while the first ran");

    lock.unlock().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    assert!(child.wait().unwrap().success(), "{waiting}{rest}");
    assert!(!rest.contains("waiting"), "said it waits more than once:\n{rest}");
    assert!(public.join("notes/added/index.html").is_file());
    // Once it held the lock, the folder was a leftover of a build that is gone.
    assert!(!live.exists());
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Reported in review of issue 12: the claim `.public.dossier` was left in the site root for good
/// (made even by a build that then failed), and the staging folder `.public.new-*` was made there.
#[test]
fn a_build_leaves_nothing_in_the_site_root_but_public_and_the_cache() {
    let site = nested();
    let with = |extra: &[&str]| {
        let mut names = names(&site.root);
        names.extend(extra.iter().map(|n| n.to_string()));
        names.sort();
        names
    };
    let (failed, built) = (with(&[".dossier-cache"]), with(&[".dossier-cache", "public"]));
    let index = site.root.join("content/_index.md");
    let good = std::fs::read_to_string(&index).unwrap();
    let broken = format!("{good}\n见[这里](@/nope.md)。\n");

    std::fs::write(&index, &broken).unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert_eq!(names(&site.root), failed, "a failed build");

    std::fs::write(&index, &good).unwrap();
    let run = site.build(&[]);
    assert!(run.ok(), "{}", run.stderr);
    assert_eq!(names(&site.root), built, "a build");
    // The cache holds the claim and no staging folder.
    let cached: Vec<PathBuf> = snapshot(&site.root.join(".dossier-cache")).into_iter().map(|(path, _)| path).collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    assert!(cached[0].starts_with("outputs") && cached[0].to_string_lossy().ends_with(".lock"), "{cached:?}");
    assert_eq!(names(&site.root.join(".dossier-cache/staging")), Vec::<String>::new());

    std::fs::write(&index, &broken).unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert_eq!(names(&site.root), built, "a failed build after a good one");
}

/// An output folder on another file system than the cache (here /dev/shm, where it is one) is
/// built with its staging folder beside it, since a folder cannot be renamed across file systems;
/// the staging folder and the old site are gone after.
#[cfg(target_os = "linux")]
#[test]
fn output_dir_on_another_file_system_is_built_beside_it() {
    use std::os::unix::fs::MetadataExt;
    let site = nested();
    let dev = |p: &Path| std::fs::metadata(p).unwrap().dev();
    let Some(other) = tempfile::tempdir_in("/dev/shm").ok().filter(|d| dev(d.path()) != dev(site.outer.path())) else {
        // Like a missing tool: a skip elsewhere, a failure on CI (whose /dev/shm is a tmpfs).
        crate::util::tool_ready("the other-file-system test", Some("/dev/shm is not another file system here".into()));
        return;
    };
    let out = other.path().join("out");
    for _ in 0..2 {
        let run = site.build(&["-o", out.to_str().unwrap()]);
        assert!(run.ok(), "{}", run.stderr);
        assert!(out.join("index.html").is_file());
        assert_eq!(names(other.path()), ["out"]);
        assert_eq!(names(&site.root.join(".dossier-cache/staging")), Vec::<String>::new());
    }
}

#[test]
fn output_dir_dot_in_the_site_root_is_refused() {
    let site = nested();
    let before = site.everything();
    let run = site.build_from(&site.root, &["-o", "."]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("is the site root"), "{}", run.stderr);
    assert_eq!(before, site.everything());
}

#[test]
fn output_dir_dot_elsewhere_is_refused_without_leftovers() {
    let site = nested();
    let here = site.outer.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let before = site.everything();
    let run = site.build_from(&here, &["-o", "."]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("is the current folder"), "{}", run.stderr);
    assert!(!run.stderr.contains("busy"), "{}", run.stderr);
    assert_eq!(before, site.everything());
    let names: Vec<_> = std::fs::read_dir(site.outer.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn a_missing_root_is_a_usage_error_and_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    for command in ["build", "check"] {
        let run = crate::util::dossier(&[command, "--root", missing.to_str().unwrap()]);
        assert_eq!(run.code(), Some(2), "{command}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("the site root {} does not exist", missing.display())), "{}", run.stderr);
        assert!(run.stderr.contains("hint:"), "{}", run.stderr);
        assert!(!missing.exists(), "{command} created the root");
    }
}

#[test]
fn a_missing_site_toml_claims_no_last_good_output() {
    let site = nested();
    std::fs::remove_file(site.root.join("site.toml")).unwrap();
    let before = site.everything();
    let run = site.build(&[]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("site.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was published"), "{}", run.stderr);
    assert!(!run.stderr.contains("last good output"), "there is none:\n{}", run.stderr);
    assert_eq!(before, site.everything(), "a folder without a site got files");

    std::fs::create_dir(site.root.join("public")).unwrap();
    std::fs::write(site.root.join("public/index.html"), "built before").unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("the last good output is untouched"), "{}", run.stderr);
}
