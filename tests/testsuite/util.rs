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

    /// The `dossier` fixture (zh-Hans, default theme) with English as a second language:
    /// `[languages.en]` titled "A small dossier", followed by the keys in `more`.
    pub fn dossier_with_english(more: &str) -> Site {
        let site = Site::fixture_with_themes("dossier");
        let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
        site.write(
            "site.toml",
            &format!(
                "{config}
[languages.en]\ntitle = \"A small dossier\"\n{more}"
            ),
        );
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

    /// Build, insist on failure, and that the errors say each of `says`; the errors.
    pub fn fails_saying(&self, says: &[&str]) -> String {
        let run = self.build();
        assert!(!run.ok(), "the build passed:\n{}", run.stderr);
        for said in says {
            assert!(run.stderr.contains(said), "no {said:?} in:\n{}", run.stderr);
        }
        run.stderr
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

    /// Where the build wrote the asset `path` under its hashed name (`css/site.css` ->
    /// `css/site.0123456789abcdef.css`), if it did.
    pub fn asset(&self, path: &str) -> Option<String> {
        asset_in(&self.public(), path)
    }

    /// The text of the asset `path`, under its hashed name.
    pub fn read_asset(&self, path: &str) -> String {
        self.read(&self.asset(path).unwrap_or_else(|| panic!("no {path} under a hashed name")))
    }
}

/// Where the asset `path` (`style.css`) is in the built site `public`, under its hashed name
/// (`style.0123456789abcdef.css`).
pub fn asset_in(public: &Path, path: &str) -> Option<String> {
    let (dir, file) = path.rsplit_once('/').map_or(("", path), |(d, f)| (d, f));
    let (stem, ext) = file.rsplit_once('.').unwrap();
    let hashed = |name: &str| {
        let hash = name.strip_prefix(stem)?.strip_prefix('.')?.strip_suffix(ext)?.strip_suffix('.')?;
        (hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit())).then_some(())
    };
    let name = std::fs::read_dir(public.join(dir))
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|name| hashed(name).is_some())?;
    Some(if dir.is_empty() { name } else { format!("{dir}/{name}") })
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

/// How long a wait on a running process may go without it getting there: not a timing assumption
/// (every wait ends at what the process prints), only a net under one that hangs.
pub const SAFETY_NET: std::time::Duration = std::time::Duration::from_secs(120);

/// A running `dossier` (serve, build --watch) whose stderr is read line by line; killed when
/// dropped. Tests wait on what it prints, never on a clock.
pub struct Logged {
    child: std::process::Child,
    log: std::sync::mpsc::Receiver<String>,
    /// The lines read so far.
    pub said: Vec<String>,
}

impl Drop for Logged {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Logged {
    /// Start `dossier <args>` with its stderr followed.
    pub fn start(args: &[&str]) -> Logged {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .env("NO_COLOR", "1")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let (sender, log) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        Logged { child, log, said: Vec::new() }
    }

    /// Try `attempt` with the lines so far, now and after each line the process prints, until it
    /// succeeds; panics with the last reason and the log when the process exits or the safety
    /// net runs out first.
    pub fn until<T>(&mut self, what: &str, mut attempt: impl FnMut(&[String]) -> Result<T, String>) -> T {
        let deadline = std::time::Instant::now() + SAFETY_NET;
        loop {
            let why = match attempt(&self.said) {
                Ok(done) => return done,
                Err(why) => why,
            };
            match self.log.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())) {
                Ok(line) => self.said.push(line),
                Err(e) => panic!("{what}: {why} ({e} after {SAFETY_NET:?}); it said:\n{}", self.said()),
            }
        }
    }

    /// Everything it has printed so far.
    pub fn said(&mut self) -> String {
        self.said.extend(self.log.try_iter());
        self.said.join("\n")
    }
}

/// A static file server on loopback, standing in for GitHub Pages: the folder `root` is served at
/// `/`, so a site built into `root/repo/` lives under `/repo/`. Folders answer with their
/// `index.html` (and a redirect when the slash is missing); a missing file answers 404 with the
/// site's `404.html`, as GitHub Pages does. Stops when dropped.
pub struct StaticServer {
    pub port: u16,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl StaticServer {
    /// Serve `root` on `listener` (bound before the site was built, so its port is in the base URL).
    pub fn start(listener: std::net::TcpListener, root: PathBuf, not_found: PathBuf) -> StaticServer {
        use std::sync::atomic::{AtomicBool, Ordering};
        let port = listener.local_addr().unwrap().port();
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (root, not_found) = (root.clone(), not_found.clone());
                std::thread::spawn(move || {
                    let _ = respond(stream, &root, &not_found);
                });
            }
        });
        StaticServer { port, stop }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// A free port on loopback, with its listener kept open.
pub fn listener() -> std::net::TcpListener {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap()
}

fn respond(mut stream: std::net::TcpStream, root: &Path, not_found: &Path) -> std::io::Result<()> {
    use std::io::{BufRead, BufReader, Write};
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    let climbs = path.split('/').any(|p| p == "..");
    let file = root.join(path.trim_start_matches('/'));
    let (status, location, file) = if climbs {
        ("404 Not Found", None, not_found.to_path_buf())
    } else if file.is_dir() && !path.ends_with('/') {
        ("301 Moved Permanently", Some(format!("{path}/")), PathBuf::new())
    } else if file.is_dir() && file.join("index.html").is_file() {
        ("200 OK", None, file.join("index.html"))
    } else if file.is_file() {
        ("200 OK", None, file)
    } else {
        ("404 Not Found", None, not_found.to_path_buf())
    };
    let body = if location.is_some() { Vec::new() } else { std::fs::read(&file).unwrap_or_default() };
    let kind = match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let mut head =
        format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
    if let Some(location) = location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// `%E4%B8%AD` -> `中`, as a browser does before matching a fragment against ids.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// Why a test needing an outside tool cannot run: on CI (`CI` set) that is a failure, elsewhere
/// the test is skipped with the reason printed. Returns whether to go on.
pub fn tool_ready(what: &str, missing: Option<String>) -> bool {
    match missing {
        None => true,
        Some(reason) => {
            assert!(std::env::var_os("CI").is_none(), "{what} cannot run: {reason}");
            eprintln!("SKIPPED {what}: {reason}; run .ci/run to install what it needs");
            false
        }
    }
}

/// The Han characters in each text file of a built site (HTML, scripts, styles, JSON, XML; the
/// search index's binary files aside), for the test that a site in a language without Han
/// characters shows none outside its content.
pub fn han_in_outputs(public: &Path) -> (usize, Vec<(PathBuf, String)>) {
    use unicode_script::{Script, UnicodeScript};
    let mut checked = 0;
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(public).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !matches!(ext, "html" | "js" | "css" | "json" | "xml" | "txt") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        // Han characters everywhere; the CJK and full-width punctuation that Chinese text uses
        // outside pagefind's own files and the style rules written for Chinese (`:lang(zh)`).
        let cjk_punctuation = |c: char| matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}');
        let pagefind = path.components().any(|c| c.as_os_str() == "pagefind");
        let han: String = text
            .lines()
            .filter(|line| !(ext == "css" && line.contains(":lang(")))
            .flat_map(str::chars)
            .filter(|c| c.script() == Script::Han || (!pagefind && cjk_punctuation(*c)))
            .collect();
        if !han.is_empty() {
            found.push((path.to_path_buf(), han));
        }
        checked += 1;
    }
    (checked, found)
}
