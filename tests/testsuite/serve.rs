//! `dossier serve`: HTTP behaviour, and end to end in headless Chromium (Debian's chromium and
//! playwright-core from tests/e2e/, both installed by .ci/run) through tests/e2e/serve.mjs.
//!
//! No test waits on a clock: each one waits for what the server prints after every change to what
//! it serves (`rebuilt in …`, `rendered …`, `search index of … made`) and looks again then. The
//! only clock is a safety net that fails the test.

use std::path::Path;
use std::process::Command;

use crate::util::{Logged, Site};

/// A running `dossier serve`, stopped when dropped.
pub(crate) struct Server {
    process: Logged,
    pub(crate) url: String,
}

impl Server {
    /// Try `attempt` now and again after each line the server prints (it prints one after every
    /// change to what it serves), until it succeeds; panics with the last reason and the server's
    /// log when the server exits or the safety net runs out first.
    pub(crate) fn until<T>(&mut self, what: &str, mut attempt: impl FnMut() -> Result<T, String>) -> T {
        self.process.until(what, |_| attempt())
    }

    /// Everything the server has printed since it started.
    pub(crate) fn said(&mut self) -> String {
        self.process.said()
    }
}

/// The body of `url` when it contains `text`.
fn shows(url: &str, text: &str) -> Result<String, String> {
    let (status, _, body) = get(url);
    if body.contains(text) { Ok(body) } else { Err(format!("{url} ({status}) does not show {text:?}")) }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn serve(site: &Site, base: &str) -> Server {
    let mut server = serve_with(site, &[]);
    // A first build that fails prints no base path: the site's URL is known beforehand.
    let origin = server.url.split('/').take(3).collect::<Vec<_>>().join("/");
    server.url = format!("{origin}{base}");
    server
}

/// Start `dossier serve` with more arguments; its URL is the one it prints (at the site's root
/// when the first build failed).
pub(crate) fn serve_with(site: &Site, args: &[&str]) -> Server {
    let port = free_port().to_string();
    let mut all = vec!["serve", "--root", site.root().to_str().unwrap(), "--port", &port];
    all.extend_from_slice(args);
    let mut process = Logged::start(&all);
    let url = process.until("dossier serve did not start", |said| {
        let serving = said.iter().find_map(|line| line.strip_prefix("serving "));
        serving.map(|rest| rest.split(' ').next().unwrap_or_default().to_string()).ok_or("not serving yet".into())
    });
    Server { process, url }
}

fn get(url: &str) -> (u16, String, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().max_redirects(0).http_status_as_error(false).build().into();
    let mut response = agent.get(url).call().unwrap();
    let status = response.status().as_u16();
    let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    (status, location, body)
}

#[test]
fn serves_under_the_base_path_with_the_reload_script() {
    let site = Site::fixture_with_themes("dossier");
    let server = serve(&site, "/d/");
    let root = server.url.trim_end_matches("/d/");
    assert_eq!(get(&format!("{root}/")).0, 307);
    assert_eq!(get(&format!("{root}/")).1, "/d/");
    let (status, _, body) = get(&format!("{}a/", server.url));
    assert_eq!(status, 200);
    assert!(body.contains("/__dossier/livereload"), "script injected");
    assert!(body.contains("href=\"/d/style.css\""), "links under the base path");
    assert_eq!(get(&format!("{}a", server.url)).1, "/d/a/");
    let (status, _, body) = get(&format!("{}nope/", server.url));
    assert_eq!(status, 404);
    assert!(body.contains("找不到这个页面"), "the site's 404 page");
    for attack in
        ["../site.toml", "%2e%2e/site.toml", "..%2fsite.toml", "a/%2E%2E/%2E%2E/site.toml", "%c0%ae%c0%ae/site.toml"]
    {
        let (status, _, body) = get(&format!("{}{attack}", server.url));
        assert_eq!(status, 404, "{attack}");
        assert!(!body.contains("base_url"), "{attack} leaked site.toml");
    }
    let written = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    assert!(!site.public().exists(), "serve writes nothing to public/");
    drop(written);
}

#[test]
fn a_first_build_that_fails_still_starts_the_server() {
    let site = Site::fixture_with_themes("dossier");
    site.write("content/a.md", "+++\ntitle = \"甲\n+++\n");
    let mut server = serve(&site, "/d/");
    let (status, _, body) = get(&format!("{}a/", server.url));
    assert_eq!(status, 404);
    assert!(body.contains("content/a.md:2:"), "the error is shown: {body}");
    site.write("content/a.md", "+++\ntitle = \"甲\"\n+++\n好了。\n");
    let page = format!("{}a/", server.url);
    server.until("the fixed site is served", || shows(&page, "好了。"));
}

/// The build a page shows, as the server told its live-reload script.
fn generation(body: &str) -> u64 {
    let found = regex::Regex::new(r#"<script data-since="(\d+)">"#).unwrap().captures(body).map(|c| c[1].parse());
    found.expect("the live-reload script names the page's build").unwrap()
}

/// Open the live-reload websocket of a page served at build `since`, as its script does.
fn open_socket(url: &str, since: u64) -> std::net::TcpStream {
    use std::io::{Read, Write};
    let address = url.trim_start_matches("http://").split('/').next().unwrap();
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(120))).unwrap();
    let request = format!(
        "GET /__dossier/livereload?since={since} HTTP/1.1\r\nHost: {address}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut read = Vec::new();
    let mut byte = [0; 1];
    while !read.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).unwrap();
        read.push(byte[0]);
    }
    assert!(read.starts_with(b"HTTP/1.1 101"), "{}", String::from_utf8_lossy(&read));
    stream
}

/// The next message on a live-reload websocket.
fn next_message(stream: &mut std::net::TcpStream) -> String {
    use std::io::Read;
    // A server's text frame: 0x81, then the length (7 bits, or 126 and 16 bits), unmasked.
    let mut head = [0; 2];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(head[0], 0x81, "one text frame");
    let length = match head[1] {
        126 => {
            let mut long = [0; 2];
            stream.read_exact(&mut long).unwrap();
            usize::from(u16::from_be_bytes(long))
        }
        n => usize::from(n),
    };
    let mut text = vec![0; length];
    stream.read_exact(&mut text).unwrap();
    String::from_utf8(text).unwrap()
}

/// A save that lands while a page reloads is broadcast to nobody: the page, served the build
/// before, is told to reload as soon as its websocket connects. A current page is not.
#[test]
fn a_page_older_than_the_site_reloads_when_its_socket_connects() {
    let site = Site::fixture_with_themes("dossier");
    let mut server = serve(&site, "/d/");
    let page = format!("{}a/", server.url);
    let before = generation(&get(&page).2);
    let original = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    site.write("content/a.md", &original.replace("斐洛里庄园很美", "斐洛里庄园很美，刚改的"));
    let now = generation(&server.until("the edit is served", || shows(&page, "刚改的")));
    assert!(now > before, "{before} -> {now}");
    assert_eq!(next_message(&mut open_socket(&server.url, before)), r#"{"kind":"reload"}"#);
    // The current page hears nothing until the next change, here a mistake (which a socket
    // opening after it hears too: the error is sent to every page that connects while it stands).
    let mut current = open_socket(&server.url, now);
    site.write("content/a.md", &original.replace("title = \"甲\"", "title = \"甲"));
    let message = next_message(&mut current);
    assert!(message.starts_with(r#"{"kind":"error""#), "{message}");
}

/// A site never built before is served without waiting for its social cards (ten thousand take
/// half a minute to draw); they are drawn once the preview is idle, served, and kept in the cache.
#[test]
fn the_preview_serves_before_the_cards_are_drawn_and_draws_them_when_idle() {
    let site = Site::fixture_with_themes("dossier");
    let mut server = serve(&site, "/d/");
    let (_, _, body) = get(&format!("{}a/", server.url));
    let card = regex::Regex::new(r#"<meta property="og:image" content="[^"]*/d/(cards/[0-9a-f]+\.png)""#).unwrap();
    let path = card.captures(&body).expect("the page names its card")[1].to_string();
    server.process.until("the cards are drawn after the first page is served", |said| {
        let serving = said.iter().position(|l| l.starts_with("serving ")).ok_or("not serving yet")?;
        let drawn = said[serving..].iter().any(|l| l.starts_with("rendered ") && l.contains(" cards in "));
        if drawn { Ok(()) } else { Err("no cards drawn yet".to_string()) }
    });
    assert_eq!(get(&format!("{}{path}", server.url)).0, 200, "{path} is served");
    assert!(site.root().join(".dossier-cache").join(&path).is_file(), "{path} is kept in the cache");
}

/// The built-in theme's files are served from memory, and a change in `sass/` (a partial, here)
/// compiles the stylesheets again.
#[test]
fn the_preview_serves_the_built_in_theme_and_compiles_sass_again() {
    let site = Site::fixture("dossier");
    site.write("sass/_colors.scss", "$text: #123456;\n")
        .write("sass/main.scss", "@use \"colors\";\nb { color: colors.$text }\n");
    let mut server = serve(&site, "/d/");
    let theme_css =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/longform/static/style.css"))
            .unwrap();
    assert_eq!(get(&format!("{}style.css", server.url)).2, theme_css);
    let css = format!("{}main.css", server.url);
    assert_eq!(get(&css).2, "b{color:#123456}");
    site.write("sass/_colors.scss", "$text: #654321;\n");
    server.until("the stylesheet is compiled again", || shows(&css, "b{color:#654321}"));
    // A folder the preview did not watch at its start is watched once made.
    site.write("themes/longform/static/extra.css", "i { color: red }\n");
    let extra = format!("{}extra.css", server.url);
    server.until("a new theme folder is read", || shows(&extra, "i { color: red }"));
    site.write("themes/longform/static/extra.css", "i { color: blue }\n");
    server.until("a file in it is watched", || shows(&extra, "i { color: blue }"));
}

fn browser_ready() -> Result<(), String> {
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    if !Path::new("/usr/bin/chromium").exists() {
        return Err("no /usr/bin/chromium (apt-get install chromium)".into());
    }
    if !e2e.join("node_modules/playwright-core").exists() {
        return Err("no playwright-core (npm ci --prefix tests/e2e)".into());
    }
    Ok(())
}

#[test]
fn edits_show_in_the_open_page_and_mistakes_in_an_overlay() {
    if let Err(missing) = browser_ready() {
        // .ci/run installs both; on CI a missing browser is a failure, not a skip.
        assert!(std::env::var_os("CI").is_none(), "end-to-end test cannot run: {missing}");
        eprintln!("SKIPPED the browser test: {missing}; run .ci/run to install what it needs");
        return;
    }
    let site = Site::fixture_with_themes("dossier");
    let mut server = serve(&site, "/d/");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/serve.mjs");
    let output = Command::new("node").arg(&script).arg(&server.url).arg(site.root()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}\nserver:\n{}", server.said());
    println!("{stdout}");
}

/// Correctness under load only: the server's memory over the same load is measured by
/// bench/serve_memory.py (a figure for BENCHMARKS.md, not a pass or fail on a shared machine).
#[test]
fn a_thousand_saves_under_a_hundred_clients_end_equal_to_a_fresh_build() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    let site = Site::fixture_with_themes("dossier");
    let mut server = serve(&site, "/d/");
    let original = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let (requests, failures) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let clients: Vec<_> = (0..100)
        .map(|c| {
            let stop = stop.clone();
            let (requests, failures) = (requests.clone(), failures.clone());
            let url = server.url.clone();
            std::thread::spawn(move || {
                let pages = ["a/", "b/", "entities/", "entities/filoli/", "style.css", ""];
                let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
                let mut k = c;
                while !stop.load(Ordering::Relaxed) {
                    let page = pages[k % pages.len()];
                    k += 1;
                    let ok = match agent.get(&format!("{url}{page}")).call() {
                        Ok(mut r) => r.status() == 200 && r.body_mut().read_to_vec().is_ok(),
                        Err(_) => false,
                    };
                    if !ok {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                    requests.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();

    // 1,000 saves as fast as the file system takes them, in four rounds of 250: body edits, and
    // every tenth a front matter edit (a full rebuild). Each round ends when the server serves the
    // round's last save.
    let page = format!("{}a/", server.url);
    for round in 0..4 {
        for k in 0..250 {
            let n = round * 250 + k;
            let text = if n % 10 == 9 {
                original.replacen("title = \"甲\"", &format!("title = \"甲{n}\""), 1)
            } else {
                format!("{original}\n第{n}次保存。\n")
            };
            site.write("content/a.md", &text);
        }
        let last = format!("第{}次保存。", round * 250 + 248);
        site.write("content/a.md", &format!("{original}\n{last}\n"));
        server.until(&format!("round {round}"), || shows(&page, &last));
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().unwrap();
    }
    let (requests, failures) = (requests.load(Ordering::Relaxed), failures.load(Ordering::Relaxed));
    println!("{requests} requests, {failures} failed");
    assert_eq!(failures, 0, "of {requests} requests");
    assert!(requests > 1000, "the clients made only {requests} requests");

    // What is served now is what a fresh build of the same files gives.
    let fresh = tempfile::tempdir().unwrap();
    let base_url = server.url.clone();
    let run = crate::util::dossier(&[
        "build",
        "--root",
        site.root().to_str().unwrap(),
        "--base-url",
        &base_url,
        "--output-dir",
        fresh.path().to_str().unwrap(),
    ]);
    assert!(run.ok(), "{}", run.stderr);
    let script = regex::Regex::new(&format!(
        r#"<script data-since="\d+">{}</script>"#,
        regex::escape(include_str!("../../src/serve/livereload.js"))
    ))
    .unwrap();
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let files = crate::util::snapshot(fresh.path());
    // The build names its stylesheets and scripts by their hashes and minifies the stylesheets;
    // the preview serves them under their own names, as written: those names are put back, and a
    // stylesheet is compared by being served at all.
    let hashed = regex::Regex::new(r"\.[0-9a-f]{16}(\.(?:css|js))").unwrap();
    let differing = || -> Vec<String> {
        let mut differing = Vec::new();
        for (path, built) in &files {
            let path = hashed.replace_all(path.to_str().unwrap(), "$1").to_string();
            let mut response = agent.get(&format!("{base_url}{path}")).call().unwrap();
            let served = response.body_mut().read_to_vec().unwrap();
            let (served, built) = if path.ends_with(".html") {
                let built = hashed.replace_all(std::str::from_utf8(built).unwrap(), "$1").into_owned().into_bytes();
                (script.replace(&String::from_utf8(served).unwrap(), "").into_owned().into_bytes(), built)
            } else if path.ends_with(".css") && !path.starts_with("pagefind/") {
                (Vec::new(), if response.status() == 200 { Vec::new() } else { built.clone() })
            } else {
                (served, built.clone())
            };
            if served != built {
                differing.push(path.to_string());
            }
        }
        differing
    };
    // The print document and the search index follow the last edit in their own time; the server
    // says when (`rendered print/index.html`, `search index of … made`).
    server.until("what is served equals a fresh build", || match differing() {
        left if left.is_empty() => Ok(()),
        left => Err(format!("differ from a fresh build: {left:?}")),
    });
    println!("{} outputs equal to a fresh build", files.len());
}

#[test]
fn serves_the_search_index_from_memory_and_keeps_it_current() {
    let site = Site::fixture_with_themes("dossier");
    let mut server = serve(&site, "/d/");
    // The index is made on a thread of its own once the site is served.
    let url = server.url.clone();
    let js = server.until("the search index", || shows(&format!("{url}pagefind/pagefind.js"), "pagefind_version"));
    assert!(js.contains("pagefind_version"), "pagefind's script");
    let entry = |url: &str| get(&format!("{url}pagefind/pagefind-entry.json")).2;
    let before = entry(&url);
    assert!(before.contains("\"zh-hans\""), "{before}");
    let a = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    site.write("content/a.md", &a.replace("斐洛里庄园很美", "斐洛里庄园很美，人工智能"));
    server.until("the search index after an edit", || match entry(&url) {
        now if now != before => Ok(()),
        _ => Err("pagefind-entry.json is unchanged".into()),
    });
    assert!(!site.public().exists(), "serve writes nothing");
}

#[test]
fn saves_in_a_row_are_indexed_once_when_they_pause() {
    let site = Site::fixture_with_themes("dossier");
    let mut server = serve(&site, "/d/");
    let url = server.url.clone();
    server.until("the search index", || shows(&format!("{url}pagefind/pagefind.js"), "pagefind_version"));
    let entry = |url: &str| get(&format!("{url}pagefind/pagefind-entry.json")).2;
    let before = entry(&url);
    let made = |said: &str| said.lines().filter(|l| l.starts_with("search index of")).count();
    let first = made(&server.said());
    // Saves one after the other, each shown as soon as it is built (no index holds them up).
    let a = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    let saves = 6;
    for n in 0..saves {
        let word = format!("第{n}次保存");
        site.write("content/a.md", &a.replace("斐洛里庄园很美", &format!("斐洛里庄园很美，{word}")));
        server.until("the save shown", || shows(&format!("{url}a/"), &word));
    }
    // Once they pause, the index follows the last one.
    server.until("the search index after the saves", || match entry(&url) {
        now if now != before => Ok(()),
        _ => Err("pagefind-entry.json is unchanged".into()),
    });
    let said = server.said();
    let lines: Vec<&str> = said.lines().collect();
    let last_build = lines.iter().rposition(|l| l.starts_with("rebuilt in")).unwrap();
    let last_index = lines.iter().rposition(|l| l.starts_with("search index of")).unwrap();
    assert!(last_index > last_build, "the index was made after the last save:\n{said}");
    // Not one index per save: the saves came faster than the pause the indexer waits for.
    let indexes = made(&said) - first;
    assert!(indexes < saves, "{indexes} indexes for {saves} saves:\n{said}");
}
