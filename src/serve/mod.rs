//! `dossier serve`: builds the site in memory, serves it over HTTP under the base URL's path,
//! watches the site's files, rebuilds on every change and tells open pages to reload over a
//! websocket. A failed rebuild keeps the last good site and shows the error in every open page.
//!
//! serve has no build path of its own: it calls `build::build_all` and `build::update` (the same
//! stages on what changed), turns file events into `build::Change`s, and keeps the outputs in
//! memory instead of writing them. `dossier build --watch` (`disk`) is the same watcher and loop
//! with the output folder in place of memory and HTTP.

mod disk;
mod guard;
mod indexer;
mod watch;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::body::Body as HttpBody;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use bytes::Bytes;
use tokio::sync::broadcast;

use crate::build::{self, BuildOptions, Deferred, Update};
use crate::output::search::{Document, in_bundle};
use crate::output::{Body, Output};
pub(crate) use disk::{WatchOptions, build_watch};
pub(crate) use watch::{Change, classify};

/// Where the live-reload websocket listens, on the same port as the site.
const LIVERELOAD: &str = "/__dossier/livereload";
const SCRIPT: &str = include_str!("livereload.js");

/// How long a connection may take to send a request's whole header (and how long a kept-alive
/// connection may stay idle): a client that trickles half a header holds nothing for longer.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How to serve.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    pub(crate) root: PathBuf,
    pub(crate) interface: String,
    pub(crate) port: u16,
    pub(crate) open: bool,
    pub(crate) include_drafts: bool,
    /// Host names the preview answers to besides its address and `localhost` (`--allow-host`).
    pub(crate) allowed_hosts: Vec<String>,
}

/// The site as served: every output by path, and the error of the last build if it failed.
#[derive(Default)]
struct Live {
    files: HashMap<String, Bytes>,
    base_path: String,
    error: Option<String>,
    /// How many times a rebuild has been swapped in. A page is served with the generation it
    /// shows, and its live-reload socket names it when it connects: a page older than the site
    /// (a save that landed while it was reloading) is told to reload at once.
    generation: u64,
}

#[derive(Clone)]
struct Shared {
    live: Arc<RwLock<Live>>,
    events: broadcast::Sender<String>,
    hosts: Arc<guard::Hosts>,
}

/// Run the server until interrupted.
pub(crate) fn run(mut options: ServeOptions) -> Result<()> {
    // A browser that closes a connection while a response is written (by `writev`, which has no
    // `MSG_NOSIGNAL`) must be an error for that connection, not the end of the server.
    // SAFETY: SIG_IGN is a valid disposition, and ignoring a signal runs no code of ours.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    // Before anything starts: the watcher would otherwise fail first, with notify's words.
    if !options.root.is_dir() {
        let what = if options.root.exists() { "is not a folder" } else { "does not exist" };
        anyhow::bail!(
            "the site root {} {what}; give the folder that holds site.toml: dossier serve --root DIR",
            options.root.display()
        );
    }
    options.allowed_hosts = options
        .allowed_hosts
        .iter()
        .map(|n| guard::allowed_name(n))
        .collect::<Result<_, _>>()
        .map_err(anyhow::Error::msg)?;
    // The search index runs on rayon's global pool at low priority; builds get a pool of their own.
    indexer::lower_global_pool();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the runtime")?;
    runtime.block_on(serve(options))
}

async fn serve(options: ServeOptions) -> Result<()> {
    let address: SocketAddr = format!("{}:{}", options.interface, options.port)
        .parse()
        .with_context(|| format!("`{}` is not an IP address to listen on", options.interface))?;
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            anyhow::bail!(
                "port {} is already in use on {}; try another one: dossier serve --port {}",
                options.port,
                options.interface,
                options.port.wrapping_add(1).max(1024)
            );
        }
        Err(e) => return Err(e).with_context(|| format!("cannot listen on {address}")),
    };
    let port = listener.local_addr()?.port();
    let host = format!("http://{}:{port}", options.interface);
    let (events, _) = broadcast::channel(16);
    let hosts = Arc::new(guard::Hosts::new(address.ip(), port, &options.allowed_hosts));
    let live = Arc::new(RwLock::new(Live { base_path: "/".into(), ..Live::default() }));
    let shared = Shared { live, events, hosts };

    // Watch before the first build, so that no edit made while it runs goes unseen.
    let watching = watch(&options.root)?;
    let started = Instant::now();
    let indexer = indexer::start(shared.clone());
    let mut preview = Preview {
        options: options.clone(),
        host: host.clone(),
        built: None,
        needs_full: true,
        indexer,
        search: indexer::Schedule::new(indexer::QUIET),
        pool: indexer::edits_pool(),
    };
    preview.on_pool(|p| p.rebuild(&shared, None));
    // Nobody is editing yet: the first index is made at once.
    preview.request_search();
    let base_path = shared.live.read().map(|l| l.base_path.clone()).unwrap_or_else(|_| "/".into());
    eprintln!("serving {host}{base_path} (ready in {} ms); press Ctrl+C to stop", started.elapsed().as_millis());
    if options.open {
        let _ = open::that(format!("{host}{base_path}"));
    }

    let watcher_shared = shared.clone();
    std::thread::spawn(move || {
        watch_loop(&mut preview, &watcher_shared, watching);
    });

    let app = axum::Router::new().fallback(handle).with_state(shared);
    accept(listener, app).await
}

/// Serve every connection `listener` accepts. This is `axum::serve` with hyper's header-read
/// timeout, which `axum::serve` does not offer: a connection that has not sent a whole request
/// header within `HEADER_TIMEOUT` is closed (so is a kept-alive connection idle that long; browsers
/// open a new one).
async fn accept(listener: tokio::net::TcpListener, app: axum::Router) -> Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(HEADER_TIMEOUT);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // The client gave up before it was accepted.
            Err(e)
                if matches!(e.kind(), std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset) =>
            {
                continue;
            }
            // Out of file descriptors, most likely: wait for some to be freed rather than spin.
            Err(e) => {
                eprintln!("error: cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        // With upgrades: the live-reload websocket takes its connection over.
        let connection = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service).with_upgrades();
        tokio::spawn(connection);
    }
}

/// The watcher's side of the preview: the kept build it updates, and whether the last update
/// failed (then the next one is a full build, so a half-applied update never lingers).
struct Preview {
    options: ServeOptions,
    host: String,
    built: Option<build::Built>,
    needs_full: bool,
    /// Requests to the search indexer's thread.
    indexer: std::sync::mpsc::Sender<(Vec<Document>, usize)>,
    /// When to send the indexer the next request: once the saves pause.
    search: indexer::Schedule,
    /// Where builds run (their parallel stages never wait behind the indexer's).
    pool: Option<rayon::ThreadPool>,
}

impl Preview {
    /// Rebuild for `changes` (everything when `None`), swap the result in and tell open pages; on
    /// failure keep serving the last good site and publish the error.
    fn rebuild(&mut self, shared: &Shared, changes: Option<&[Change]>) {
        let started = Instant::now();
        let build_options = BuildOptions {
            root: self.options.root.clone(),
            base_url: None,
            include_drafts: self.options.include_drafts,
            preview: true,
            cache: None,
        };
        // The preview lives under the same path as the published site.
        let base_path = match build::load_config(&build_options) {
            Ok(config) => config.base_path,
            Err(_) => shared.live.read().map(|l| l.base_path.clone()).unwrap_or_else(|_| "/".into()),
        };
        let build_options = BuildOptions { base_url: Some(format!("{}{base_path}", self.host)), ..build_options };
        let result = match (&mut self.built, changes) {
            // The print document and the search index follow after the reload (below): a large
            // site's edits must not wait for them.
            (Some(built), Some(changes)) if !self.needs_full => {
                build::update(built, &build_options, changes, Deferred::Later)
            }
            _ => build::build_all(&build_options).map(|built| {
                self.built = Some(built);
                Update::Full
            }),
        };
        let update = match result {
            Ok(update) => update,
            Err(diagnostics) => {
                self.needs_full = true;
                return publish_error(shared, diagnostics.to_string());
            }
        };
        self.needs_full = false;
        let Some(built) = &self.built else { return };
        let swapped = match &update {
            Update::Full => in_memory(built.outputs().iter()).map(|mut files| {
                if let Ok(mut live) = shared.live.write() {
                    // The search index stays until the indexer has made the new one.
                    if built.site().config.any_search() {
                        files.extend(
                            live.files.iter().filter(|(p, _)| in_bundle(p)).map(|(p, b)| (p.clone(), b.clone())),
                        );
                    }
                    *live = Live { files, base_path, error: None, generation: live.generation + 1 };
                }
            }),
            Update::Partial(paths) => outputs_at(built, paths).map(|files| {
                if let Ok(mut live) = shared.live.write() {
                    live.files.extend(files);
                    live.error = None;
                    live.generation += 1;
                }
            }),
        };
        if let Err(e) = swapped {
            self.needs_full = true;
            return publish_error(shared, format!("error: {e:#}"));
        }
        let css_only =
            changes.is_some_and(|c| !c.is_empty() && c.iter().all(|c| matches!(c, Change::Static { css: true, .. })));
        let kind = if css_only { "css" } else { "reload" };
        let _ = shared.events.send(format!("{{\"kind\":\"{kind}\"}}"));
        let how = match &update {
            Update::Full => "full build".to_string(),
            Update::Partial(paths) => format!("{} outputs", paths.len()),
        };
        eprintln!("rebuilt in {:.1} ms ({how})", started.elapsed().as_secs_f64() * 1000.0);
        // The first build is indexed by the caller at once; later ones once the saves pause.
        if changes.is_some()
            && (matches!(&update, Update::Full)
                || matches!(&update, Update::Partial(paths) if paths.iter().any(|p| p.ends_with(".html"))))
        {
            self.search.changed(Instant::now());
        }
    }

    /// Run `work` on the builds' pool (or here, without one).
    fn on_pool<T: Send>(&mut self, work: impl FnOnce(&mut Self) -> T + Send) -> T {
        match self.pool.take() {
            Some(pool) => {
                let result = pool.install(|| work(self));
                self.pool = Some(pool);
                result
            }
            None => work(self),
        }
    }

    /// Hand the rendered pages to the indexer; it serves the new search index when it is made.
    fn request_search(&self) {
        let Some(built) = &self.built else { return };
        let config = &built.site().config;
        if config.any_search() {
            let _ = self
                .indexer
                .send((crate::output::search_documents(built.site(), built.outputs()), config.search.shard_size));
        }
    }

    /// Render what updates left for later (the print document) and serve it; open pages showing
    /// it reload.
    fn render_deferred(&mut self, shared: &Shared) {
        let Some(built) = &mut self.built else { return };
        let started = Instant::now();
        let paths = match build::render_deferred(built) {
            Ok(paths) => paths,
            Err(diagnostics) => {
                self.needs_full = true;
                return publish_error(shared, diagnostics.to_string());
            }
        };
        let base_path = match outputs_at(built, &paths) {
            Ok(files) => match shared.live.write() {
                Ok(mut live) => {
                    live.files.extend(files);
                    live.base_path.clone()
                }
                Err(_) => return,
            },
            Err(e) => return publish_error(shared, format!("error: {e:#}")),
        };
        let only: Vec<String> =
            paths.iter().map(|p| format!("{base_path}{}", p.trim_end_matches("index.html"))).collect();
        let _ = shared.events.send(serde_json::json!({ "kind": "reload", "only": only }).to_string());
        // Cards are counted, not named: a first preview of a large site draws thousands.
        let (cards, mut named): (Vec<&String>, Vec<&String>) =
            paths.iter().partition(|p| p.starts_with(crate::output::card::PREFIX));
        let count = format!("{} cards", cards.len());
        if !cards.is_empty() {
            named.push(&count);
        }
        let what = named.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ");
        eprintln!("rendered {what} in {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
    }
}

fn publish_error(shared: &Shared, text: String) {
    eprintln!("{text}\n(serving the last good build)");
    let message = serde_json::json!({ "kind": "error", "text": text }).to_string();
    if let Ok(mut live) = shared.live.write() {
        live.error = Some(text);
    }
    let _ = shared.events.send(message);
}

/// The outputs of `built` at `paths`, as bytes in memory.
fn outputs_at(built: &build::Built, paths: &[String]) -> Result<HashMap<String, Bytes>> {
    in_memory(paths.iter().filter_map(|p| built.output(p)))
}

/// The outputs as bytes in memory (copied files are read now).
fn in_memory<'a>(outputs: impl Iterator<Item = &'a Output>) -> Result<HashMap<String, Bytes>> {
    outputs
        .map(|o| {
            let bytes = match &o.body {
                Body::Bytes(b) | Body::Kept(b) => b.clone(),
                Body::Copy(file) => {
                    std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?.into()
                }
                // The preview builds in memory and writes nothing.
                Body::Written => Bytes::new(),
            };
            Ok((o.path.clone(), bytes))
        })
        .collect()
}

/// The site's files being watched: the watcher (kept alive), its events and the canonical root.
struct Watching {
    _watcher: notify::RecommendedWatcher,
    events: std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
}

/// The site's folders watched recursively (site.toml is watched through the root).
const WATCHED: [&str; 5] = ["content", "templates", "themes", "static", "sass"];

fn watch(site: &std::path::Path) -> Result<Watching> {
    use notify::Watcher;
    let (sender, events) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(sender).context("cannot start watching files")?;
    let root = std::fs::canonicalize(site).unwrap_or_else(|_| site.to_path_buf());
    for dir in WATCHED {
        let path = root.join(dir);
        if path.exists() {
            watcher
                .watch(&path, notify::RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    // site.toml is watched through the root (not recursively), so that a rename over it is seen.
    watcher.watch(&root, notify::RecursiveMode::NonRecursive).context("cannot watch the site root")?;
    Ok(Watching { _watcher: watcher, events, root })
}

/// The changes a burst of changed `paths` stands for. A folder made meanwhile (a first sass/ or
/// themes/) is watched from now on, and the site built again whole with what it holds already.
fn changes_in(watcher: &mut notify::RecommendedWatcher, root: &std::path::Path, paths: &[PathBuf]) -> Vec<Change> {
    let mut changes: Vec<Change> = paths.iter().filter_map(|p| classify(root, p)).collect();
    for path in paths {
        let made = path.parent() == Some(root)
            && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| WATCHED.contains(&n))
            && path.is_dir();
        if made && notify::Watcher::watch(watcher, path, notify::RecursiveMode::Recursive).is_ok() {
            changes.push(Change::Config);
        }
    }
    changes.sort();
    changes.dedup();
    changes
}

/// How long the watcher waits for a burst of events to end.
const BURST: Duration = Duration::from_millis(20);

fn watch_loop(preview: &mut Preview, shared: &Shared, watching: Watching) {
    let Watching { _watcher: mut watcher, events, root } = watching;
    let debouncer = watch::Debouncer { events, quiet: BURST };
    loop {
        // With work left for later (the print document, the search index), wait only so long for
        // the next change before doing it.
        let waiting = Instant::now();
        let deferred = preview.built.as_ref().is_some_and(|b| b.has_deferred()).then_some(IDLE);
        let idle = [deferred, preview.search.wait(waiting)].into_iter().flatten().min();
        let paths = match debouncer.next(idle) {
            watch::Next::Burst(paths) => paths,
            watch::Next::Idle => {
                if deferred.is_some() && waiting.elapsed() >= IDLE {
                    preview.on_pool(|p| p.render_deferred(shared));
                }
                if preview.search.take(Instant::now()) {
                    preview.request_search();
                }
                continue;
            }
            watch::Next::Closed => return,
        };
        let changes = changes_in(&mut watcher, &root, &paths);
        if !changes.is_empty() {
            preview.on_pool(|p| p.rebuild(shared, Some(&changes)));
        }
    }
}

/// How long the preview waits without a change before it renders what updates left for later.
const IDLE: Duration = Duration::from_millis(600);

async fn handle(
    State(shared): State<Shared>,
    uri: Uri,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    if let Some(refusal) = refuse_host(&shared.hosts, &uri, &headers) {
        return refusal;
    }
    let path = uri.path();
    if path == LIVERELOAD {
        let origin = headers.get(header::ORIGIN).map(|o| o.to_str().unwrap_or(""));
        if !shared.hosts.accepts_origin(origin) {
            return refused(
                StatusCode::FORBIDDEN,
                "dossier serve: the live-reload websocket answers only the preview's own pages\n",
            );
        }
        let since = uri.query().and_then(|q| q.strip_prefix("since=")).and_then(|n| n.parse().ok());
        return match ws {
            Ok(ws) => ws.on_upgrade(move |socket| live_reload(socket, shared, since)),
            Err(rejection) => rejection.into_response(),
        };
    }
    let (base_path, error) = match shared.live.read() {
        Ok(live) => (live.base_path.clone(), live.error.clone()),
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    match lookup(&base_path, path) {
        Lookup::Redirect(to) => Redirect::temporary(&to).into_response(),
        Lookup::NotFound => not_found(&shared, &base_path, error.as_deref()),
        Lookup::File { file, folder } => {
            let (found, is_folder, generation) = match shared.live.read() {
                Ok(live) => (
                    live.files.get(&file).cloned(),
                    folder.is_some_and(|f| live.files.contains_key(&f)),
                    live.generation,
                ),
                Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
            };
            match found {
                Some(bytes) => respond(StatusCode::OK, &file, bytes, generation),
                None if is_folder => Redirect::temporary(&format!("{path}/")).into_response(),
                None => not_found(&shared, &base_path, error.as_deref()),
            }
        }
    }
}

/// A response refusing a request whose host is not this preview's (a page elsewhere reaching the
/// preview through DNS rebinding): 403. A request that names no host (no browser sends one
/// without), more than one `Host` (RFC 9112 asks for a 400), or a `Host` that is not a host and
/// an optional port: 400.
fn refuse_host(hosts: &guard::Hosts, uri: &Uri, headers: &HeaderMap) -> Option<Response> {
    let bad = |why: &str| Some(refused(StatusCode::BAD_REQUEST, &format!("dossier serve: {why}\n")));
    let mut all = headers.get_all(header::HOST).iter();
    let named = all.next().map(|h| h.to_str().unwrap_or(""));
    if all.next().is_some() {
        return bad("the request has more than one Host header");
    }
    // An absolute request target (`GET http://name/ HTTP/1.1`) names a host too.
    let target = uri.authority().map(|a| a.as_str());
    if named.is_none() && target.is_none() {
        return bad("the request names no host (Host header)");
    }
    let names: Vec<&str> = [named, target].into_iter().flatten().collect();
    if let Some(host) = names.iter().find(|h| guard::host_name(h).is_none()) {
        return bad(&format!("`{}` is not a host and an optional port", host.escape_debug()));
    }
    let host = names.into_iter().find(|h| !hosts.accepts_host(h))?;
    let name = guard::host_name(host).unwrap_or(host);
    let text = format!(
        "dossier serve: this preview does not answer to the host `{host}`.\n\
         To reach it under that name, start it with: dossier serve --allow-host {name}\n"
    );
    Some(refused(StatusCode::FORBIDDEN, &text))
}

fn refused(status: StatusCode, text: &str) -> Response {
    let mut response = Response::new(HttpBody::from(text.to_string()));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Where a request's path leads in a site served under `base_path`.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Somewhere else first: the base path, for `/` and for the base path without its last slash.
    Redirect(String),
    /// The output at `file` (relative, `/`-separated, never climbing out of the site); if there is
    /// none, the output `folder` would answer the same path with a slash at its end.
    File {
        file: String,
        folder: Option<String>,
    },
    NotFound,
}

/// Resolve a request path (still percent-encoded) against the site's base path. Only names of the
/// site's own outputs come out: `.` and `..` segments (in any encoding), empty segments, backslashes,
/// NUL and text that is not UTF-8 once decoded are refused.
pub fn lookup(base_path: &str, path: &str) -> Lookup {
    let Some(rest) = path.strip_prefix(base_path) else {
        return if path == "/" || format!("{path}/") == base_path {
            Lookup::Redirect(base_path.to_string())
        } else {
            Lookup::NotFound
        };
    };
    let Ok(rest) = percent_encoding::percent_decode_str(rest).decode_utf8() else { return Lookup::NotFound };
    let climbs = rest.split('/').any(|part| part == ".." || part == ".");
    if climbs || rest.starts_with('/') || rest.contains("//") || rest.contains(['\0', '\\']) {
        return Lookup::NotFound;
    }
    if rest.is_empty() || rest.ends_with('/') {
        Lookup::File { file: format!("{rest}index.html"), folder: None }
    } else {
        Lookup::File { file: rest.to_string(), folder: Some(format!("{rest}/index.html")) }
    }
}

fn not_found(shared: &Shared, base_path: &str, error: Option<&str>) -> Response {
    let (page, generation) = match shared.live.read() {
        Ok(live) => (live.files.get("404.html").cloned(), live.generation),
        Err(_) => (None, 0),
    };
    match page {
        Some(bytes) => respond(StatusCode::NOT_FOUND, "404.html", bytes, generation),
        None => {
            // Nothing was ever built: the first build failed. Show its error.
            let text = crate::markdown::escape(error.unwrap_or("not found"));
            let html = format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>dossier</title></head><body>\
                 <main><h1>No site yet</h1><p>Fix the error below; the page reloads when the site builds.</p>\
                 <pre>{text}</pre><p><a href=\"{base_path}\">{base_path}</a></p></main></body></html>"
            );
            respond(StatusCode::NOT_FOUND, "index.html", html.into(), generation)
        }
    }
}

/// A file's response, with the live-reload script in HTML pages (told the site's `generation`).
fn respond(status: StatusCode, file: &str, bytes: Bytes, generation: u64) -> Response {
    let mime = content_type(file);
    let body = if mime.starts_with("text/html") { Bytes::from(inject(&bytes, generation)) } else { bytes };
    let mut response = Response::new(HttpBody::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Put the script, told the site's `generation`, before `</body>` (or at the end).
fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!("<script data-since=\"{generation}\">{SCRIPT}</script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn content_type(file: &str) -> &'static str {
    match file.rsplit('.').next().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// `%E4%B8%AD` -> `中`; an invalid escape or a path that climbs (`..`) is refused.
/// One page's live-reload socket. `since` is the generation the page was served at: when the site
/// has moved on (a save while the page was reloading), the page reloads at once.
async fn live_reload(mut socket: WebSocket, shared: Shared, since: Option<u64>) {
    // Subscribed before the generation is read: a swap after the read is broadcast to this socket.
    let mut events = shared.events.subscribe();
    let (pending, generation) = match shared.live.read() {
        Ok(live) => (live.error.clone(), live.generation),
        Err(_) => return,
    };
    if since.is_some_and(|since| since < generation) {
        let message = serde_json::json!({ "kind": "reload" }).to_string();
        if socket.send(Message::Text(message.into())).await.is_err() {
            return;
        }
    }
    if let Some(text) = pending {
        let message = serde_json::json!({ "kind": "error", "text": text }).to_string();
        if socket.send(Message::Text(message.into())).await.is_err() {
            return;
        }
    }
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(text) => if socket.send(Message::Text(text.into())).await.is_err() { return },
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(_) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(_)) => continue,
                _ => return,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_climb_out_of_the_site() {
        let file = |f: &str, folder: &str| Lookup::File {
            file: f.into(),
            folder: (!folder.is_empty()).then(|| folder.to_string()),
        };
        let cases = [
            ("/d/overview/", file("overview/index.html", "")),
            ("/d/style.css", file("style.css", "style.css/index.html")),
            ("/d/", file("index.html", "")),
            ("/d", Lookup::Redirect("/d/".into())),
            ("/", Lookup::Redirect("/d/".into())),
            ("/elsewhere/", Lookup::NotFound),
            ("/d/actors/%E4%B9%A0%E8%BF%91%E5%B9%B3/", file("actors/习近平/index.html", "")),
            ("/d/../site.toml", Lookup::NotFound),
            ("/d/a/%2e%2e/b", Lookup::NotFound),
            ("/d/%2E%2E%2F%2E%2E%2Fetc/passwd", Lookup::NotFound),
            ("/d/a/..%5c..%5cx", Lookup::NotFound),
            ("/d/a%5cb", Lookup::NotFound),
            ("/d/./x", Lookup::NotFound),
            ("/d//etc/passwd", Lookup::NotFound),
            ("/d/a//b", Lookup::NotFound),
            ("/d/%2fetc", Lookup::NotFound),
            ("/d/%ff", Lookup::NotFound),
            ("/d/a%00b", Lookup::NotFound),
            ("/d/%252e%252e/x", file("%2e%2e/x", "%2e%2e/x/index.html")),
        ];
        for (path, expect) in cases {
            assert_eq!(lookup("/d/", path), expect, "{path}");
        }
    }

    #[test]
    fn script_goes_before_the_end_of_body() {
        let html = inject(b"<html><body><p>x</p></body></html>", 3);
        let text = String::from_utf8(html).unwrap();
        assert!(text.contains("<p>x</p><script data-since=\"3\">"), "{text}");
        assert!(text.ends_with("</script></body></html>"));
    }
}
