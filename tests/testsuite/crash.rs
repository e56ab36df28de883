//! Crash safety: a build killed at any moment leaves the last good `public/` whole, and the next
//! build cleans up after it.

use std::time::{Duration, Instant};

use crate::util::{Site, snapshot};

/// The basic fixture with enough pages that a build takes a while to kill in the middle of.
fn larger_site() -> Site {
    let site = Site::fixture("basic");
    for n in 0..600 {
        let body = "斐洛里庄园的会晤持续了四个小时。两国元首就事关中美关系的问题交换意见。\n\n".repeat(20);
        site.write(&format!("content/notes/n{n:03}.md"), &format!("+++\ntitle = \"笔记 {n}\"\n+++\n\n{body}"));
    }
    site
}

#[test]
fn killing_the_build_at_any_moment_leaves_a_whole_site() {
    let site = larger_site();
    site.built();
    let old = snapshot(&site.public());
    let kept = tempfile::tempdir().unwrap();
    crate::util::copy_dir(&site.public(), kept.path());
    let restore = || {
        std::fs::remove_dir_all(site.public()).unwrap();
        crate::util::copy_dir(kept.path(), &site.public());
    };
    site.write("content/notes/n000.md", "+++\ntitle = \"改过的笔记\"\n+++\n\n新的正文。\n");

    let binary = env!("CARGO_BIN_EXE_dossier");
    let build = || {
        std::process::Command::new(binary)
            .args(["build", "--root"])
            .arg(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let started = Instant::now();
    assert!(build().wait().unwrap().success());
    let duration = started.elapsed();
    let new = snapshot(&site.public());
    assert_ne!(old, new);

    // Kill builds of the edit at moments spread over a whole build's length, each from the old site.
    let kills = 16;
    let mut outcomes = (0, 0);
    for k in 0..kills {
        restore();
        let mut child = build();
        std::thread::sleep(duration.mul_f64(k as f64 / kills as f64) + Duration::from_millis(1));
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&site.public());
        assert!(now == new || now == old, "killed after {k}/{kills} of a build: public/ is neither site");
        if now == old { outcomes.0 += 1 } else { outcomes.1 += 1 }
    }
    eprintln!("{} kills left the old site, {} came after the new one was in place", outcomes.0, outcomes.1);
    // The next build finishes and leaves no temporary folder behind.
    site.built();
    assert_eq!(snapshot(&site.public()), new);
    let staging = site.root().join(".dossier-cache/staging");
    let leftovers: Vec<_> = std::fs::read_dir(&staging)
        .unwrap()
        .chain(std::fs::read_dir(site.root()).unwrap())
        .flatten()
        .filter(|e| e.path().parent() == Some(&staging) || e.file_name().to_string_lossy().contains(".new-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
