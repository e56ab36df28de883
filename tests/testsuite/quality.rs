//! The reader's quality bars on the shipped dossier, in headless Chromium: no WCAG 2 A/AA
//! violation (axe-core) in light and dark mode, no request to another host, no sideways overflow
//! at 360 px, CSS and JavaScript under 60 KB a page, and no Nu HTML Checker error. The work is done
//! by tests/e2e/quality.mjs; this test builds the site under the `/dossier/` subpath and runs it.
//! The same audit runs on a bilingual site (Chinese and English), whose language switcher is
//! clicked through by tests/e2e/languages.mjs. tests/e2e/shift.mjs checks that no page moves
//! while it loads (nor would, painted half read) and that the nav shows every link on a wide screen.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Site, StaticServer, listener};

fn e2e() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e")
}

/// What the quality test needs besides Rust, or why it cannot run.
fn tools_ready() -> Result<(), String> {
    if !Path::new("/usr/bin/chromium").exists() {
        return Err("no /usr/bin/chromium (apt-get install chromium)".into());
    }
    for package in ["playwright-core", "axe-core", "vnu-jar/build/dist/vnu.jar"] {
        if !e2e().join("node_modules").join(package).exists() {
            return Err(format!("no {package} (npm ci --prefix tests/e2e)"));
        }
    }
    match Command::new("java").arg("-version").output() {
        Ok(out) if out.status.success() => Ok(()),
        _ => Err("no java for the Nu HTML Checker (apt-get install default-jre-headless)".into()),
    }
}

/// The whole audit of `tests/e2e/quality.mjs` on the site built into `public` under `base`, whatever
/// the caller's environment says (READER_ONLY skips most of it): what it printed, and the folder of
/// its screenshots, `shots` below the target folder. Fails the test unless every bar holds.
fn audit(public: &Path, base: &str, shots: &str) -> (String, PathBuf) {
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join(shots);
    let _ = std::fs::remove_dir_all(&shots);
    let output = Command::new("node")
        .arg(e2e().join("quality.mjs"))
        .arg(public)
        .arg(base)
        .arg(&shots)
        .env_remove("READER_ONLY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}\nscreenshots: {}", shots.display());
    (stdout, shots)
}

#[test]
fn every_page_passes_axe_vnu_and_the_weight_budget_in_a_real_browser() {
    if let Err(missing) = tools_ready() {
        // .ci/run installs all of it; on CI a missing tool is a failure, not a skip.
        assert!(std::env::var_os("CI").is_none(), "quality test cannot run: {missing}");
        eprintln!("SKIPPED the quality test: {missing}; run .ci/run to install what it needs");
        return;
    }
    // site.toml's base URL puts the site under /dossier/, as on GitHub Pages.
    let (_out, public) = crate::shipped::build_shipped();
    let (stdout, shots) = audit(&public, "/dossier/", "quality-screenshots");
    // The shipped dossier has every page the reader checks need: none may be skipped.
    let skipped: Vec<&str> = stdout.lines().filter(|l| l.starts_with("skip - ")).collect();
    assert!(skipped.is_empty(), "{skipped:?}");
    assert!(stdout.contains("all quality bars hold"), "{stdout}");
    println!("{stdout}\nscreenshots: {}", shots.display());
}

/// The small dossier (zh-Hans, under `/d/`) with English: `a` translated, `b` not, `only` with no
/// Chinese original, an English home of its own and a link each way between the languages.
fn bilingual() -> Site {
    let site = Site::dossier_with_english("description = \"The dossier in English\"\n");
    site.write("content/_index.en.md", "+++\ntitle = \"A small dossier\"\n+++\n\nIn English.\n");
    site.write(
        "content/a.en.md",
        "+++\ntitle = \"A\"\nweight = 1\n+++\n\nFiloli is beautiful. See [the Chinese B](@/b.md#sec) and [only](@/only.en.md).\n",
    );
    site.write(
        "content/only.en.md",
        "+++\ntitle = \"Only in English\"\n+++\n\nNo Chinese original. Back to [A](@/a.en.md).\n",
    );
    site
}

#[test]
fn the_bilingual_site_passes_axe_with_best_practices_vnu_and_360_px_in_both_languages() {
    if let Err(missing) = tools_ready() {
        assert!(std::env::var_os("CI").is_none(), "quality test cannot run: {missing}");
        eprintln!("SKIPPED the bilingual quality test: {missing}; run .ci/run to install what it needs");
        return;
    }
    let site = bilingual();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let run = site.run("build", &["-o", public.to_str().unwrap()]);
    assert!(run.ok(), "{}", run.stderr);
    let (stdout, shots) = audit(&public, "/d/", "quality-bilingual-screenshots");
    assert!(stdout.contains("all quality bars hold"), "{stdout}");
    // Every page of both languages was audited.
    for page in ["/d/: ", "/d/a/: ", "/d/b/: ", "/d/en/: ", "/d/en/a/: ", "/d/en/only/: "] {
        assert!(stdout.lines().any(|l| l.starts_with(page)), "{page} not audited:\n{stdout}");
    }
    println!("{stdout}\nscreenshots: {}", shots.display());
}

#[test]
fn the_language_switcher_lands_on_the_translation_or_the_other_languages_home() {
    let missing = (!Path::new("/usr/bin/chromium").exists() || !e2e().join("node_modules/playwright-core").exists())
        .then(|| "no /usr/bin/chromium or playwright-core (npm ci --prefix tests/e2e)".to_string());
    if !crate::util::tool_ready("the language switcher test", missing) {
        return;
    }
    let site = bilingual();
    let served = tempfile::tempdir().unwrap();
    let public = served.path().join("d");
    let listener = listener();
    let base = format!("http://127.0.0.1:{}/d/", listener.local_addr().unwrap().port());
    let run = site.run("build", &["--base-url", &base, "-o", public.to_str().unwrap()]);
    assert!(run.ok(), "{}", run.stderr);
    let _server = StaticServer::start(listener, served.path().to_path_buf(), public.join("404.html"));
    let output = Command::new("node").arg(e2e().join("languages.mjs")).arg(&base).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(stdout.lines().filter(|l| l.starts_with("ok - ")).count(), 4, "{stdout}");
    println!("{stdout}");
}

/// Issue 19 point 4: the search box, hidden until search.js ran, then pushed the page down (header
/// 64 -> 107 px at 1280 px, layout shift 0.03-0.04). And the nav, one row with the title and the
/// box, showed two and a half of its nine English links: it has a row of its own, and the English
/// pages short names for it (`extra.nav_title`). Later, a browser that painted the header before
/// it had read it all (once in CI: the languages jumped left when the search box arrived, shift
/// 1.06e-4): every part of the header must stand where it ends up with only the parts before it.
#[test]
fn no_page_moves_while_it_loads_and_the_nav_shows_every_link_at_1280_px() {
    let missing = (!Path::new("/usr/bin/chromium").exists() || !e2e().join("node_modules/playwright-core").exists())
        .then(|| "no /usr/bin/chromium or playwright-core (npm ci --prefix tests/e2e)".to_string());
    if !crate::util::tool_ready("the layout shift test", missing) {
        return;
    }
    let (_out, public) = crate::shipped::build_shipped();
    let output = Command::new("node").arg(e2e().join("shift.mjs")).arg(&public).arg("/dossier/").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("no layout shift, every nav link in sight at 1280 px"), "{stdout}");
}
