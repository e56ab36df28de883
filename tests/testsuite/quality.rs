//! The reader's quality bars on the shipped dossier, in headless Chromium: no WCAG 2 A/AA
//! violation (axe-core) in light and dark mode, no request to another host, no sideways overflow
//! at 360 px, CSS and JavaScript under 60 KB a page, and no Nu HTML Checker error. The work is done
//! by tests/e2e/quality.mjs; this test builds the site under the `/dossier/` subpath and runs it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::dossier;

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

#[test]
fn every_page_passes_axe_vnu_and_the_weight_budget_in_a_real_browser() {
    if let Err(missing) = tools_ready() {
        // .ci/run installs all of it; on CI a missing tool is a failure, not a skip.
        assert!(std::env::var_os("CI").is_none(), "quality test cannot run: {missing}");
        eprintln!("SKIPPED the quality test: {missing}; run .ci/run to install what it needs");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let root = env!("CARGO_MANIFEST_DIR");
    // site.toml's base URL puts the site under /dossier/, as on GitHub Pages.
    let run = dossier(&["build", "--root", root, "-o", public.to_str().unwrap()]);
    assert!(run.ok(), "the shipped dossier does not build:\n{}", run.stderr);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("quality-screenshots");
    let _ = std::fs::remove_dir_all(&shots);
    // The whole audit, whatever the caller's environment says (READER_ONLY skips most of it).
    let output = Command::new("node")
        .arg(e2e().join("quality.mjs"))
        .arg(&public)
        .arg("/dossier/")
        .arg(&shots)
        .env_remove("READER_ONLY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}\nscreenshots: {}", shots.display());
    // The shipped dossier has every page the reader checks need: none may be skipped.
    let skipped: Vec<&str> = stdout.lines().filter(|l| l.starts_with("skip - ")).collect();
    assert!(skipped.is_empty(), "{skipped:?}");
    assert!(stdout.contains("all quality bars hold"), "{stdout}");
    println!("{stdout}\nscreenshots: {}", shots.display());
}
