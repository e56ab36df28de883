//! Fixture sites in temporary folders, the real binary, and HTML queries with a real parser.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// A copy of a fixture site in a temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// Copy `tests/testsuite/fixtures/<name>` into a new temporary folder.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join(name), dir.path());
        Site { dir }
    }

    /// Like [`Site::fixture`], with this repository's `themes/` copied in.
    pub fn fixture_with_themes(name: &str) -> Site {
        let site = Site::fixture(name);
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"), &site.root().join("themes"));
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Write (or overwrite) a file of the site.
    pub fn write(&self, path: &str, text: &str) -> &Self {
        let target = self.root().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
        self
    }

    pub fn remove(&self, path: &str) -> &Self {
        std::fs::remove_file(self.root().join(path)).unwrap();
        self
    }

    /// Run `dossier <args> --root <site>` (for build and check).
    pub fn run(&self, command: &str, args: &[&str]) -> Run {
        let root = self.root().to_str().unwrap();
        let mut all = vec![command, "--root", root];
        all.extend_from_slice(args);
        dossier(&all)
    }

    pub fn build(&self) -> Run {
        self.run("build", &[])
    }

    /// Build and insist on success.
    pub fn built(&self) -> &Self {
        let run = self.build();
        assert!(run.ok(), "build failed:\n{}", run.stderr);
        self
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// A file of the built site as text.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.public().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// A built page, parsed.
    pub fn page(&self, path: &str) -> Page {
        Page(Html::parse_document(&self.read(path)))
    }
}

/// The outcome of running the binary.
pub struct Run {
    pub output: Output,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.output.status.success()
    }

    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }
}

/// Run the `dossier` binary with `args`, hermetically (no inherited colour or locale settings).
pub fn dossier(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    Run { output, stderr }
}

/// A parsed HTML page.
pub struct Page(pub Html);

impl Page {
    /// The text of every element matching `selector`.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let s = Selector::parse(selector).unwrap();
        self.0.select(&s).map(|e| e.text().collect::<String>().trim().to_string()).collect()
    }

    /// The value of `attr` on every element matching `selector`.
    pub fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        let s = Selector::parse(selector).unwrap();
        self.0.select(&s).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes, for comparing two builds.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}
