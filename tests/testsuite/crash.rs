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

    // Files of a partly written site in the staging folder (where a build writes before it swaps
    // the whole folder in; a killed build leaves it for the next build to clean up).
    let staging = site.root().join(".dossier-cache/staging");
    let staged = || walkdir::WalkDir::new(&staging).into_iter().flatten().filter(|e| e.file_type().is_file()).count();
    let clear_staging = || {
        let _ = std::fs::remove_dir_all(&staging);
    };
    // Kill the build `kill` names from the old site; whether public/ is still the old site, and
    // whether the kill landed mid-write: the old site in place and a partly written one staged.
    let kill_one = |kill: &dyn Fn(&mut std::process::Child), when: &str| -> (bool, bool) {
        restore();
        clear_staging();
        let mut child = build();
        kill(&mut child);
        let _ = child.kill();
        let _ = child.wait();
        let now = snapshot(&site.public());
        assert!(now == new || now == old, "killed {when}: public/ is neither site");
        (now == old, now == old && staged() > 0)
    };

    // Kill builds of the edit at moments spread over a whole build's length.
    let kills = 16;
    let (mut left_old, mut spread_mid_write) = (0, 0);
    for k in 0..kills {
        let wait = duration.mul_f64(k as f64 / kills as f64) + Duration::from_millis(1);
        let (old, mid_write) = kill_one(&|_| std::thread::sleep(wait), &format!("after {k}/{kills} of a build"));
        left_old += usize::from(old);
        spread_mid_write += usize::from(mid_write);
    }
    // Where those moments fall depends on the machine's load, so also kill builds the moment their
    // first files are staged: those land mid-write whatever the timing (3 needed, 20 tries allowed;
    // the last one leaves its staged files for the next build to clean up).
    let at_first_file = |child: &mut std::process::Child| {
        while staged() == 0 && child.try_wait().unwrap().is_none() {
            std::hint::spin_loop();
        }
    };
    let (mut tries, mut mid_write) = (0, 0);
    while mid_write < 3 && tries < 20 {
        tries += 1;
        mid_write += usize::from(kill_one(&at_first_file, &format!("at its first staged file (try {tries})")).1);
    }
    eprintln!(
        "{left_old} of {kills} spread kills left the old site, {spread_mid_write} of them mid-write; \
         {mid_write} of {tries} kills at the first staged file landed mid-write"
    );
    assert_eq!(mid_write, 3, "kills at the first staged file landed mid-write {mid_write} times in {tries} tries");
    assert!(staged() > 0, "the last kill left nothing staged for the next build to clean up");
    // The next build finishes and leaves no temporary folder behind.
    site.built();
    assert_eq!(snapshot(&site.public()), new);
    let leftovers: Vec<_> = std::fs::read_dir(&staging)
        .unwrap()
        .chain(std::fs::read_dir(site.root()).unwrap())
        .flatten()
        .filter(|e| e.path().parent() == Some(&staging) || e.file_name().to_string_lossy().contains(".new-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
