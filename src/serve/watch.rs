//! Watching the site's files: raw notify events become a small [`Change`] enum in a pure
//! function ([`classify`]), and bursts of events are gathered for a few tens of milliseconds
//! ([`Debouncer`]) so that an editor's write-rename-delete dance is one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// What kind of file changed, which decides how much to rebuild.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// A file below `content/` (relative path, `/`-separated).
    Content(String),
    /// A template of the site or of a theme.
    Template(PathBuf),
    /// A static file; `css` when only a stylesheet changed (swapped without a reload).
    Static { path: PathBuf, css: bool },
    /// `site.toml`: everything is rebuilt.
    Config,
}

/// The change a path stands for, or `None` for files the site is not made from (editor swap and
/// backup files, hidden files, the output folder, build artefacts).
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let name = *parts.last()?;
    if crate::content::is_ignored(name) || parts.iter().any(|p| p.starts_with('.')) {
        return None;
    }
    let is_css = name.ends_with(".css");
    match parts.as_slice() {
        ["site.toml"] => Some(Change::Config),
        ["content", rest @ ..] if !rest.is_empty() => Some(Change::Content(rest.join("/"))),
        ["templates", rest @ ..] | ["themes", _, "templates", rest @ ..] if !rest.is_empty() => {
            Some(Change::Template(rel.to_path_buf()))
        }
        ["static", rest @ ..] | ["themes", _, "static", rest @ ..] if !rest.is_empty() => {
            Some(Change::Static { path: rel.to_path_buf(), css: is_css })
        }
        ["themes", _, "theme.toml"] => Some(Change::Config),
        _ => None,
    }
}

/// Gathers the paths of a burst of events: waits for a first event, then keeps reading until the
/// events stop for `quiet`.
pub struct Debouncer {
    pub events: Receiver<notify::Result<notify::Event>>,
    pub quiet: Duration,
}

impl Debouncer {
    /// The next burst of changed paths; `None` when the watcher is gone.
    pub fn next_burst(&self) -> Option<Vec<PathBuf>> {
        let mut paths = Vec::new();
        let first = self.events.recv().ok()?;
        collect(first, &mut paths);
        let mut deadline = Instant::now() + self.quiet;
        loop {
            match self.events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(event) => {
                    collect(event, &mut paths);
                    deadline = Instant::now() + self.quiet;
                }
                Err(RecvTimeoutError::Timeout) => return Some(paths),
                Err(RecvTimeoutError::Disconnected) => return Some(paths),
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

    #[test]
    fn classifies_what_editors_write() {
        let root = Path::new("/site");
        let cases: &[(&str, Option<Change>)] = &[
            ("/site/site.toml", Some(Change::Config)),
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
