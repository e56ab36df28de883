//! `dossier serve` against hostile clients (issue 12): a connection that trickles half a header,
//! requests for other hosts (DNS rebinding), the live-reload websocket opened from other sites'
//! pages; and a site root that does not exist. Raw TCP, so that every header is the test's own.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::serve::{Server, serve_with};
use crate::util::Site;

/// `127.0.0.1:PORT` of a server's URL.
fn address(server: &Server) -> String {
    server.url.trim_start_matches("http://").split('/').next().unwrap().to_string()
}

/// Send `request` and read the answer's status, head and body (by its Content-Length; a switch to
/// the websocket has none).
fn exchange(address: &str, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    let mut buffer = [0; 4096];
    let head_end = loop {
        if let Some(i) = answer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buffer).unwrap();
        assert!(n > 0, "the server closed the connection without an answer to:\n{request}");
        answer.extend_from_slice(&buffer[..n]);
    };
    let head = String::from_utf8_lossy(&answer[..head_end]).to_lowercase();
    let length =
        head.lines().find_map(|l| l.strip_prefix("content-length:")).map_or(0, |n| n.trim().parse::<usize>().unwrap());
    while answer.len() < head_end + length {
        let n = stream.read(&mut buffer).unwrap();
        assert!(n > 0, "the answer ended early");
        answer.extend_from_slice(&buffer[..n]);
    }
    let text = String::from_utf8_lossy(&answer).to_string();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

fn get(address: &str, host: &str) -> (u16, String) {
    exchange(address, &format!("GET /d/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"))
}

/// Open the live-reload websocket; `101` when it is accepted.
fn websocket(address: &str, host: &str, origin: Option<&str>) -> (u16, String) {
    let origin = origin.map(|o| format!("Origin: {o}\r\n")).unwrap_or_default();
    exchange(
        address,
        &format!(
            "GET /__dossier/livereload HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n{origin}\r\n"
        ),
    )
}

#[test]
fn requests_for_other_hosts_are_refused_against_dns_rebinding() {
    let site = Site::fixture_with_themes("dossier");
    let server = serve_with(&site, &[]);
    let address = address(&server);
    let port = address.rsplit(':').next().unwrap();
    for host in [address.clone(), format!("localhost:{port}"), format!("[::1]:{port}"), "127.0.0.1".into()] {
        let (status, answer) = get(&address, &host);
        assert_eq!(status, 200, "Host: {host}\n{answer}");
        assert!(answer.contains("/__dossier/livereload"), "the page itself");
    }
    for host in ["evil.example".to_string(), format!("evil.example:{port}"), format!("localhost.evil.example:{port}")] {
        let (status, answer) = get(&address, &host);
        assert_eq!(status, 403, "Host: {host}\n{answer}");
        assert!(answer.contains(&format!("does not answer to the host `{host}`")), "{answer}");
        assert!(answer.contains("dossier serve --allow-host "), "{answer}");
        assert!(!answer.contains("<html"), "nothing of the site: {answer}");
    }
    let (status, answer) = get(&address, "evil.example");
    assert!(answer.contains("--allow-host evil.example\n"), "{status} {answer}");
    // No browser sends a request without a host: refused too.
    let (status, answer) = exchange(&address, "GET /d/ HTTP/1.0\r\n\r\n");
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("names no host"), "{answer}");
    // Two Host headers (RFC 9112: a 400), even both this preview's; a Host that is not a host and a
    // port.
    let request = format!("GET /d/ HTTP/1.1\r\nHost: {address}\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    let (status, answer) = exchange(&address, &request);
    assert_eq!(status, 400, "{answer}");
    assert!(answer.contains("more than one Host header"), "{answer}");
    for host in ["[::1]evil", "localhost:evil"] {
        let (status, answer) = get(&address, host);
        assert_eq!(status, 400, "Host: {host}\n{answer}");
        assert!(!answer.contains("<html"), "nothing of the site: {answer}");
    }
}

#[test]
fn the_live_reload_websocket_accepts_only_the_previews_own_pages() {
    let site = Site::fixture_with_themes("dossier");
    let server = serve_with(&site, &[]);
    let address = address(&server);
    let port = address.rsplit(':').next().unwrap();
    let own = [format!("http://127.0.0.1:{port}"), format!("http://localhost:{port}")];
    for origin in own.iter().map(|o| Some(o.as_str())).chain([None]) {
        let (status, answer) = websocket(&address, &address, origin);
        assert_eq!(status, 101, "Origin: {origin:?}\n{answer}");
    }
    let other_port = format!("http://localhost:{}", port.parse::<u16>().unwrap() ^ 1);
    for origin in ["http://evil.example", &format!("http://evil.example:{port}"), "null", &other_port] {
        let (status, answer) = websocket(&address, &address, Some(origin));
        assert_eq!(status, 403, "Origin: {origin}\n{answer}");
        assert!(answer.contains("answers only the preview's own pages"), "{answer}");
    }
    // A rebound name is refused before its origin is looked at.
    let (status, _) = websocket(&address, "evil.example", Some("http://evil.example"));
    assert_eq!(status, 403);
}

#[test]
fn another_interface_answers_to_its_address_and_the_allowed_names() {
    // 127.0.0.2 is loopback on Linux, as any address of another interface would be to the server.
    let site = Site::fixture_with_themes("dossier");
    let server = serve_with(&site, &["--interface", "127.0.0.2", "--allow-host", "Dossier.Test"]);
    assert!(server.url.starts_with("http://127.0.0.2:"), "{}", server.url);
    let address = address(&server);
    let port = address.rsplit(':').next().unwrap();
    for host in [format!("dossier.test:{port}"), address.clone(), format!("localhost:{port}")] {
        assert_eq!(get(&address, &host).0, 200, "Host: {host}");
    }
    assert_eq!(get(&address, &format!("other.test:{port}")).0, 403);
    assert_eq!(get(&address, &format!("192.0.2.1:{port}")).0, 403, "another address");
    let host = format!("dossier.test:{port}");
    assert_eq!(websocket(&address, &host, Some(&format!("http://dossier.test:{port}"))).0, 101);
    assert_eq!(websocket(&address, &host, Some(&format!("http://127.0.0.2:{port}"))).0, 101);
    assert_eq!(websocket(&address, &host, Some(&format!("http://other.test:{port}"))).0, 403);
}

/// Whether the server has closed `stream` (waiting at most the stream's read timeout); a
/// response before the end (hyper's 408) is read past.
fn closed(stream: &mut TcpStream) -> bool {
    let mut buffer = [0; 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => return false,
            Err(_) => return true,
        }
    }
}

#[test]
fn a_slowloris_connection_is_closed_within_the_header_timeout() {
    // Before, a connection that sent half a header (or nothing) stayed open for good: a few
    // thousand of them took every file descriptor the preview had.
    let site = Site::fixture_with_themes("dossier");
    let server = serve_with(&site, &[]);
    let address = address(&server);
    let mut silent = TcpStream::connect(&address).unwrap();
    let mut slow = TcpStream::connect(&address).unwrap();
    let started = Instant::now();
    slow.write_all(b"GET /d/ HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    for stream in [&silent, &slow] {
        stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    }
    let (mut silent_closed, mut slow_closed) = (false, false);
    let mut trickled = 0;
    // The timeout is 10 s; a header line every second does not extend it. The loop ends when both
    // are closed; its 60 s bound is only a net under a server that never closes them.
    while started.elapsed() < Duration::from_secs(60) && !(silent_closed && slow_closed) {
        if !slow_closed && started.elapsed().as_secs() > trickled {
            trickled += 1;
            let _ = slow.write_all(format!("X-Slow-{trickled}: 1\r\n").as_bytes());
        }
        silent_closed = silent_closed || closed(&mut silent);
        slow_closed = slow_closed || closed(&mut slow);
    }
    let took = started.elapsed();
    assert!(silent_closed, "a connection that sent nothing is still open after {took:?}");
    assert!(slow_closed, "a connection trickling its header ({trickled} lines) is still open after {took:?}");
    assert!(took >= Duration::from_secs(9), "closed too soon: {took:?}");
    // The server still answers.
    assert_eq!(get(&address, &address).0, 200);
}

#[test]
fn a_site_root_that_does_not_exist_is_said_plainly() {
    // Reported: `serve --root /nonexistent` printed notify's "No path was found. about [...]".
    let missing = "/nonexistent/dossier-site";
    let run = crate::util::dossier(&["serve", "--root", missing, "--port", "0"]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr);
    assert_eq!(
        run.stderr.trim(),
        format!(
            "error: the site root {missing} does not exist; give the folder that holds site.toml: dossier serve --root DIR"
        )
    );
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("site.toml");
    std::fs::write(&file, "").unwrap();
    let run = crate::util::dossier(&["serve", "--root", file.to_str().unwrap(), "--port", "0"]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("site.toml is not a folder"), "{}", run.stderr);
    let root = folder.path().to_str().unwrap();
    let run = crate::util::dossier(&["serve", "--root", root, "--port", "0", "--allow-host", "http://dossier.test"]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "--allow-host takes a host name such as dossier.test (no scheme, port or path), not `http://dossier.test`"
        ),
        "{}",
        run.stderr
    );
}
