//! Output paths: a path a user wrote (an alias, a slug, a taxonomy name, a file's name under
//! `static/` or `content/`) turned into a path inside the output folder, or refused with the reason.
//!
//! The stages that read what the user wrote call [`normalise`] (or [`segment`] for a slug) so the
//! error points at the front matter key; every writer in `output` calls [`output_file`] as the last
//! guard, so a path no stage checked is an error there, never a file written outside the output
//! folder. Pure functions of a string: they never look at the disk.

use std::fmt;

/// Why a path cannot name a file in the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    Empty,
    /// `a//b`, or `//host/…` (a network path or a protocol-relative URL).
    EmptySegment,
    /// A `.` segment.
    Current,
    /// A `..` segment.
    Parent,
    Backslash,
    /// `:` (`C:` names a drive on Windows; `https:` starts a URL).
    Colon,
    /// A control character (NUL, a newline, …).
    Control,
    /// `?` or `#`: they end a URL's path, so the file could never be reached.
    QueryOrFragment,
    /// `%2e%2e`, `%2f`, `%5c`, `%00`: percent-encoded characters a server decodes into a path step.
    Encoded(String),
    /// A `/` in what must be one segment (a slug, a taxonomy name).
    Slash,
    /// More than 255 bytes in one segment, more than file systems allow in a name.
    TooLong,
    /// More than [`MAX_LEN`] bytes in all: with the output folder's own path it could pass what
    /// the system allows in a path.
    PathTooLong,
    /// A path that reached a writer in another form than [`normalise`] gives (a stage forgot to
    /// check it): never written.
    NotNormal,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::Empty => write!(f, "it is empty"),
            PathError::EmptySegment => write!(f, "it has an empty segment (`//`)"),
            PathError::Current => write!(f, "it has a `.` segment"),
            PathError::Parent => write!(f, "it has a `..` segment, which would climb out of the output folder"),
            PathError::Backslash => write!(f, "it has a backslash; paths on the web are separated by `/`"),
            PathError::Colon => write!(f, "it has a `:` (a drive letter or a URL scheme)"),
            PathError::Control => write!(f, "it has a control character"),
            PathError::QueryOrFragment => write!(f, "it has a `?` or `#`, which end a URL's path"),
            PathError::Encoded(what) => write!(f, "it has a percent-encoded `{what}`"),
            PathError::Slash => write!(f, "it has a `/`, but it must be one segment"),
            PathError::TooLong => write!(f, "a segment is longer than 255 bytes"),
            PathError::PathTooLong => write!(f, "it is longer than {MAX_LEN} bytes"),
            PathError::NotNormal => write!(f, "it is not a plain relative path inside the output folder"),
        }
    }
}

impl std::error::Error for PathError {}

/// The longest site path [`normalise`] accepts, in bytes: far below the 4,096 bytes Linux allows
/// in a whole path, which the output folder's own path shares.
pub const MAX_LEN: usize = 1024;

/// A site path as written (`/old/`, `old/path/`, `/old.html`, `photos/a.jpg`) as a path relative
/// to the output folder: the leading `/` (the site's root, not the disk's) dropped, a trailing `/`
/// kept; `/` alone is `""`, the root folder. Anything that could leave the output folder or name
/// another file than it seems is refused, and so is a path longer than [`MAX_LEN`].
pub fn normalise(path: &str) -> Result<String, PathError> {
    if path.is_empty() {
        return Err(PathError::Empty);
    }
    let relative = path.strip_prefix('/').unwrap_or(path);
    if relative.len() > MAX_LEN {
        return Err(PathError::PathTooLong);
    }
    let folder = relative.strip_suffix('/');
    let body = folder.unwrap_or(relative);
    if body.is_empty() {
        // `/`, or `//` (an empty segment).
        return if relative.is_empty() { Ok(String::new()) } else { Err(PathError::EmptySegment) };
    }
    body.split('/').try_for_each(|part| if part.is_empty() { Err(PathError::EmptySegment) } else { segment(part) })?;
    Ok(relative.to_string())
}

/// A segment that may be left empty: a `paginate_path` (empty puts a pager's number right below
/// its list's URL).
pub(crate) fn optional_segment(text: &str) -> Result<(), PathError> {
    if text.is_empty() { Ok(()) } else { segment(text) }
}

/// One path segment (a slug, a taxonomy name, a folder's or file's name): not empty, not `.` or
/// `..`, and nothing that a file system or a server reads as a separator or an end.
pub fn segment(text: &str) -> Result<(), PathError> {
    match text {
        "" => return Err(PathError::Empty),
        "." => return Err(PathError::Current),
        ".." => return Err(PathError::Parent),
        _ => {}
    }
    if text.len() > 255 {
        return Err(PathError::TooLong);
    }
    for c in text.chars() {
        match c {
            '/' => return Err(PathError::Slash),
            '\\' => return Err(PathError::Backslash),
            ':' => return Err(PathError::Colon),
            '?' | '#' => return Err(PathError::QueryOrFragment),
            c if c.is_control() => return Err(PathError::Control),
            _ => {}
        }
    }
    if text.contains('%') {
        let decoded = percent_encoding::percent_decode_str(text).collect::<Vec<u8>>();
        let decoded = String::from_utf8_lossy(&decoded);
        if decoded != text && (decoded.trim_matches('.').is_empty() || segment(&decoded).is_err()) {
            return Err(PathError::Encoded(decoded.into_owned()));
        }
    }
    Ok(())
}

/// The guard every writer calls: `path` must already be what [`normalise`] makes of it, and name a
/// file (not the root folder, not a folder ending in `/`).
pub fn output_file(path: &str) -> Result<&str, PathError> {
    match normalise(path) {
        Ok(normal) if normal == path && !normal.is_empty() && !normal.ends_with('/') => Ok(path),
        Ok(_) => Err(PathError::NotNormal),
        Err(e) => Err(e),
    }
}

/// The file a URL path is served from: `/overview/` -> `overview/index.html`; `/404.html` -> `404.html`.
pub(crate) fn index_file(path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else if trimmed.rsplit('/').next().is_some_and(|last| last.contains('.')) {
        trimmed.into()
    } else {
        format!("{trimmed}/index.html")
    }
}

#[cfg(test)]
mod tests;
