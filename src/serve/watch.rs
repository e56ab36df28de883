//! Watching the site's files: raw notify events become a small [`Change`] enum in a pure
//! function ([`classify`]), and bursts of events are gathered for a few tens of milliseconds
//! ([`Debouncer`]) so that an editor's write-rename-delete dance is one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

pub(crate) use crate::build::Change;

/// The change a path stands for, or `None` for files the site is not made from (editor swap and
/// backup files, hidden files, the output folder, build artefacts).
pub(crate) fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let name = *parts.last()?;
    if crate::walk::is_ignored(name) || parts.iter().any(|p| p.starts_with('.')) {
        return None;
    }
    let is_css = [".css", ".scss", ".sass"].iter().any(|ext| name.ends_with(ext));
    match parts.as_slice() {
        ["site.toml"] => Some(Change::Config),
        ["content", rest @ ..] if !rest.is_empty() => Some(Change::Content(rest.join("/"))),
        ["templates", rest @ ..] | ["themes", _, "templates", rest @ ..] if !rest.is_empty() => {
            Some(Change::Template(rel.to_path_buf()))
        }
        ["static" | "sass", rest @ ..] | ["themes", _, "static" | "sass", rest @ ..] if !rest.is_empty() => {
            Some(Change::Static { path: rel.to_path_buf(), css: is_css })
        }
        ["themes", _, "theme.toml"] => Some(Change::Config),
        // The interface strings reach every page and the bodies: a full build.
        ["i18n", file] | ["themes", _, "i18n", file] if file.ends_with(".toml") => Some(Change::Config),
        _ => None,
    }
}

/// Gathers the paths of a burst of events: waits for a first event, then keeps reading until the
/// events stop for `quiet`.
pub(crate) struct Debouncer {
    pub(crate) events: Receiver<notify::Result<notify::Event>>,
    pub(crate) quiet: Duration,
}

/// What came of waiting for changes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Changed paths, once `quiet` passed without another event.
    Burst(Vec<PathBuf>),
    /// Nothing changed for as long as asked.
    Idle,
    /// The watcher is gone.
    Closed,
}

impl Debouncer {
    /// The next burst of changed paths (waiting as long as it takes, or with `idle` only so long
    /// for it to start).
    pub(crate) fn next(&self, idle: Option<Duration>) -> Next {
        let mut paths = Vec::new();
        let first = match idle {
            None => self.events.recv().map_err(|_| Next::Closed),
            Some(idle) => self.events.recv_timeout(idle).map_err(|e| match e {
                RecvTimeoutError::Timeout => Next::Idle,
                RecvTimeoutError::Disconnected => Next::Closed,
            }),
        };
        let first = match first {
            Ok(event) => event,
            Err(next) => return next,
        };
        collect(first, &mut paths);
        let mut deadline = Instant::now() + self.quiet;
        loop {
            match self.events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(event) => {
                    collect(event, &mut paths);
                    deadline = Instant::now() + self.quiet;
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return Next::Burst(paths),
            }
        }
    }
}

fn collect(event: notify::Result<notify::Event>, paths: &mut Vec<PathBuf>) {
    if let Ok(event) = event
        && !matches!(event.kind, notify::EventKind::Access(_))
    {
        paths.extend(event.paths);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(path: &str) -> notify::Result<notify::Event> {
        Ok(notify::Event::new(notify::EventKind::Modify(notify::event::ModifyKind::Any)).add_path(path.into()))
    }

    #[test]
    fn bursts_end_after_quiet_and_idle_is_reported() {
        let (sender, events) = std::sync::mpsc::channel();
        let debouncer = Debouncer { events, quiet: Duration::from_millis(30) };
        assert_eq!(debouncer.next(Some(Duration::from_millis(20))), Next::Idle);
        for path in ["/site/content/a.md", "/site/content/.a.md.swp", "/site/content/a.md"] {
            sender.send(event(path)).unwrap();
        }
        let reads = notify::Event::new(notify::EventKind::Access(notify::event::AccessKind::Any));
        sender.send(Ok(reads.add_path("/site/content/b.md".into()))).unwrap();
        let expected = ["/site/content/a.md", "/site/content/.a.md.swp", "/site/content/a.md"];
        assert_eq!(debouncer.next(None), Next::Burst(expected.iter().map(PathBuf::from).collect()));
        drop(sender);
        assert_eq!(debouncer.next(None), Next::Closed);
    }

    #[test]
    fn classifies_what_editors_write() {
        let root = Path::new("/site");
        let cases: &[(&str, Option<Change>)] = &[
            ("/site/site.toml", Some(Change::Config)),
            ("/site/i18n/en.toml", Some(Change::Config)),
            ("/site/themes/longform/i18n/zh.toml", Some(Change::Config)),
            ("/site/content/overview.md", Some(Change::Content("overview.md".into()))),
            ("/site/content/entities/filoli.md", Some(Change::Content("entities/filoli.md".into()))),
            ("/site/content/timeline/photo.jpg", Some(Change::Content("timeline/photo.jpg".into()))),
            ("/site/templates/page.html", Some(Change::Template("templates/page.html".into()))),
            (
                "/site/themes/longform/templates/partials/toc.html",
                Some(Change::Template("themes/longform/templates/partials/toc.html".into())),
            ),
            (
                "/site/themes/longform/static/style.css",
                Some(Change::Static { path: "themes/longform/static/style.css".into(), css: true }),
            ),
            ("/site/static/img/a.png", Some(Change::Static { path: "static/img/a.png".into(), css: false })),
            (
                "/site/sass/parts/_colors.scss",
                Some(Change::Static { path: "sass/parts/_colors.scss".into(), css: true }),
            ),
            (
                "/site/themes/longform/sass/main.sass",
                Some(Change::Static { path: "themes/longform/sass/main.sass".into(), css: true }),
            ),
            ("/site/themes/longform/theme.toml", Some(Change::Config)),
            // vim, emacs, JetBrains, VS Code and friends
            ("/site/content/.overview.md.swp", None),
            ("/site/content/overview.md~", None),
            ("/site/content/#overview.md#", None),
            ("/site/content/.#overview.md", None),
            ("/site/content/overview.md.tmp", None),
            ("/site/content/4913", None),
            ("/site/content/overview.md___jb_tmp___", None),
            ("/site/content/overview.md___jb_old___", None),
            ("/site/public/index.html", None),
            ("/site/target/debug/dossier", None),
            ("/site/.git/index", None),
            ("/site/content", None),
            ("/elsewhere/site.toml", None),
        ];
        for (path, expect) in cases {
            assert_eq!(&classify(root, Path::new(path)), expect, "{path}");
        }
    }
}
