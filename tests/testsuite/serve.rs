//! `dossier serve`: HTTP behaviour, and end to end in headless Chromium (Debian's chromium and
//! playwright-core from tests/e2e/, both installed by .ci/run) through tests/e2e/serve.mjs.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::util::Site;

/// A running `dossier serve`, stopped when dropped.
struct Server {
    child: Child,
    url: String,
    /// What the server printed after it was ready.
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn serve(site: &Site, base: &str) -> Server {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--root", site.root().to_str().unwrap(), "--port", &port.to_string()])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (sender, log) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let url = format!("http://127.0.0.1:{port}{base}");
    loop {
        match log.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line.starts_with("serving ") => return Server { child, url, log },
            Ok(_) => continue,
            Err(e) => panic!("dossier serve did not start: {e}"),
        }
    }
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
    let server = serve(&site, "/d/");
    let (status, _, body) = get(&format!("{}a/", server.url));
    assert_eq!(status, 404);
    assert!(body.contains("content/a.md:2:"), "the error is shown: {body}");
    site.write("content/a.md", "+++\ntitle = \"甲\"\n+++\n好了。\n");
    // A full build with the search index, in a debug build, on a busy machine: allow 30 s.
    for _ in 0..300 {
        if get(&format!("{}a/", server.url)).2.contains("好了。") {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let log: Vec<String> = server.log.try_iter().collect();
    panic!("the fixed site was never served; server said:\n{}", log.join("\n"));
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
    let server = serve(&site, "/d/");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/serve.mjs");
    let output = Command::new("node").arg(&script).arg(&server.url).arg(site.root()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let log: Vec<String> = server.log.try_iter().collect();
    assert!(output.status.success(), "{stdout}\n{stderr}\nserver:\n{}", log.join("\n"));
    println!("{stdout}");
}

#[test]
fn serves_the_search_index_from_memory_and_keeps_it_current() {
    let site = Site::fixture_with_themes("dossier");
    let server = serve(&site, "/d/");
    let (status, _, js) = get(&format!("{}pagefind/pagefind.js", server.url));
    assert_eq!(status, 200);
    assert!(js.contains("pagefind_version"), "pagefind's script");
    let entry = |url: &str| get(&format!("{url}pagefind/pagefind-entry.json")).2;
    let before = entry(&server.url);
    assert!(before.contains("\"zh\""), "{before}");
    let a = std::fs::read_to_string(site.root().join("content/a.md")).unwrap();
    site.write("content/a.md", &a.replace("斐洛里庄园很美", "斐洛里庄园很美，人工智能"));
    for _ in 0..100 {
        if entry(&server.url) != before {
            assert!(!site.public().exists(), "serve writes nothing");
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the search index was not rebuilt after an edit");
}
