//! Diagnostics: a user's mistake described as data.
//!
//! Every stage that reads user input returns its findings as [`Diagnostic`]s instead of stopping at
//! the first one; the build collects them, sorts them and fails at the end with all of them. A
//! diagnostic names the file (relative to the site root), a 1-based line and column, what is wrong
//! and, where we know it, how to fix it. It displays as `path:line:col: error: message`, the form
//! editors and terminals turn into a link.

use std::fmt;
use std::path::{Path, PathBuf};

mod timer;
pub(crate) use timer::Timer;

/// One problem in the user's input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub(crate) path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, counted in characters; 0 when unknown.
    pub(crate) col: usize,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl Diagnostic {
    pub(crate) fn new(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), line, col, message: message.into(), hint: None }
    }

    /// A diagnostic about a whole file (no position).
    pub(crate) fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::new(path, 0, 0, message)
    }

    /// A diagnostic at a byte offset of `text`, the content of `path`.
    pub(crate) fn at(path: impl Into<PathBuf>, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(text, offset);
        Diagnostic::new(path, line, col, message)
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.show(f, "error")
    }
}

/// A diagnostic shown as a warning: `path:line:col: warning: message`.
pub(crate) struct Warning<'a>(&'a Diagnostic);

impl fmt::Display for Warning<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.show(f, "warning")
    }
}

impl Diagnostic {
    /// Display as a warning instead of an error.
    pub(crate) fn as_warning(&self) -> Warning<'_> {
        Warning(self)
    }

    fn show(&self, f: &mut fmt::Formatter<'_>, level: &str) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {level}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// The failure of a whole build: every diagnostic found, sorted by file and position.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics(pub(crate) Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn sorted(mut list: Vec<Diagnostic>) -> Self {
        list.sort();
        list.dedup();
        Diagnostics(list)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// 1-based line and column (in characters) of a byte offset. Offsets past the end, or inside a
/// multi-byte character, are clamped to the nearest character boundary before it.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineCols::new(text).line_col(offset)
}

/// [`line_col`] for many offsets of one text, counting on from the previous offset when they come
/// in order: a page with a link on every line would otherwise count its lines again for each link,
/// which grows with the square of the page's size.
pub(crate) struct LineCols<'a> {
    text: &'a str,
    /// The offset, 1-based line and column reached so far.
    at: (usize, usize, usize),
}

impl<'a> LineCols<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineCols { text, at: (0, 1, 1) }
    }

    pub(crate) fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.at.0 {
            self.at = (0, 1, 1);
        }
        let (from, mut line, mut col) = self.at;
        let between = &self.text[from..offset];
        let newlines = memchr::memchr_iter(b'\n', between.as_bytes()).count();
        match memchr::memrchr(b'\n', between.as_bytes()) {
            Some(last) => {
                line += newlines;
                col = between[last + 1..].chars().count() + 1;
            }
            None => col += between.chars().count(),
        }
        self.at = (offset, line, col);
        (line, col)
    }
}

/// The path to show for `file`: relative to `root` when it lies below it.
pub(crate) fn display_path(root: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(root).unwrap_or(file).to_path_buf()
}

/// Turn a `toml` deserialisation error into a diagnostic. `text` is the whole file and `offset`
/// where the TOML starts inside it (front matter starts after the `+++` line). An unknown key gets
/// the closest known key as a hint, taken from the list serde puts in the message.
pub(crate) fn from_toml_error(path: &Path, text: &str, offset: usize, err: &toml::de::Error) -> Diagnostic {
    let message = err.message().trim().to_string();
    let at = err.span().map_or(offset, |span| offset + span.start);
    // toml says only "duplicate key" and points at the second one: name it.
    if message == "duplicate key"
        && let Some(key) = err.span().and_then(|span| text.get(offset + span.start..offset + span.end))
    {
        let key = key.trim_matches(['"', '\'']);
        return Diagnostic::at(path, text, at, format!("duplicate key `{key}`")).with_hint(format!(
            "`{key}` is set twice in the same table; keep it once (a [table] header, too, may appear only once)"
        ));
    }
    let diagnostic = Diagnostic::at(path, text, at, message.clone());
    match unknown_field_hint(&message) {
        Some(hint) => diagnostic.with_hint(hint),
        None if message.starts_with("missing field") => {
            diagnostic.with_hint("add the key to the front matter or config table")
        }
        None if message.contains("invalid type") => diagnostic.with_hint(type_hint(&message)),
        None if message.starts_with("unknown variant") => {
            let allowed = message.rsplit("expected ").next().unwrap_or_default();
            diagnostic.with_hint(format!("the value must be {allowed}, in double quotes"))
        }
        None => diagnostic
            .with_hint("this is TOML: `key = value`, strings in \"double quotes\", lists in [ ], tables as [name]"),
    }
}

/// Parse the TOML `toml` (found at `offset` of `text`, the whole file at `path`) into `T`,
/// reporting every problem serde finds rather than the first (see [`parse_toml_partial`]).
pub(crate) fn parse_toml_all<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    offset: usize,
    toml: &str,
) -> Result<T, Vec<Diagnostic>> {
    match parse_toml_partial(path, text, offset, toml) {
        (Some(value), found) if found.is_empty() => Ok(value),
        (_, found) => Err(found),
    }
}

/// Parse as [`parse_toml_all`] does, and hand back with the problems the value that the rest of
/// the document makes, if any, for the checks serde cannot make. After each error the entry it
/// points at is blanked (offsets kept) and the document parsed again. A `missing field` error
/// about a key that was blanked, or that an unknown key's hint names (a misspelling), is not
/// reported: that key was there, with a problem of its own.
pub(crate) fn parse_toml_partial<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    offset: usize,
    toml: &str,
) -> (Option<T>, Vec<Diagnostic>) {
    let mut document = toml.to_string();
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut blanked: Vec<String> = Vec::new();
    let mut value = None;
    // Each round blanks at least one line, so this bounds the rounds by the document's lines.
    for _ in 0..=toml.lines().count() {
        let err = match toml::from_str::<T>(&document) {
            Ok(parsed) if found.is_empty() => {
                if let Err(d) = refuse_control_characters(path, text, offset, toml) {
                    return (None, vec![d]);
                }
                return (Some(parsed), found);
            }
            Ok(parsed) => {
                value = Some(parsed);
                break;
            }
            Err(err) => err,
        };
        let message = err.message();
        let missing = message.strip_prefix("missing field `").and_then(|m| m.split('`').next());
        if !missing.is_some_and(|key| blanked.iter().any(|b| b == key)) {
            let diagnostic = from_toml_error(path, text, offset, &err);
            if let Some(meant) = diagnostic.hint.as_deref().and_then(|h| h.strip_prefix("did you mean `")) {
                blanked.push(meant.split('`').next().unwrap_or_default().to_string());
            }
            found.push(diagnostic);
        }
        let Some(span) = err.span().filter(|_| missing.is_none()) else { break };
        let Some((range, key)) = entry_around(&document, span.start) else { break };
        blanked.push(key);
        // Offsets are kept: every character but a line break becomes as many spaces as its bytes.
        let replaced: String = document[range.clone()]
            .chars()
            .map(|c| if c == '\n' || c == '\r' { c.to_string() } else { " ".repeat(c.len_utf8()) })
            .collect();
        if replaced == document[range.clone()] {
            break;
        }
        document.replace_range(range, &replaced);
    }
    if found.is_empty() {
        found.push(Diagnostic::new(path, 1, 1, "the TOML could not be read").with_hint("check the keys and values"));
    }
    // In file order, the missing keys last (serde places them at the table, not at a line of
    // their own).
    found.sort_by_key(|d| (d.message.starts_with("missing field"), d.line, d.col));
    (value, found)
}

/// The lines of the innermost `key = value` entry of `document` holding byte `at`, and its key;
/// for a `[table]` header, the table's lines up to the next header.
fn entry_around(document: &str, at: usize) -> Option<(std::ops::Range<usize>, String)> {
    let line_start = |i: usize| document[..i].rfind('\n').map_or(0, |n| n + 1);
    let line_end = |i: usize| document[i..].find('\n').map_or(document.len(), |n| i + n);
    let parsed = toml::de::DeTable::parse(document).ok();
    let mut best: Option<(std::ops::Range<usize>, String)> = None;
    if let Some(parsed) = &parsed {
        innermost(parsed.get_ref(), at, &mut best);
    }
    // A document that does not parse (a string left open) names no entry: the key is read from
    // the line itself.
    let (range, key) = best.unwrap_or_else(|| (at..at, line_key(&document[line_start(at)..line_end(at)])));
    let (start, end) = (line_start(range.start.min(document.len())), line_end(range.end.min(document.len())));
    if document[start..end].trim_start().starts_with('[') {
        // A header: the table runs to the next header.
        let mut end = end;
        while end < document.len() {
            let next = line_end(end + 1);
            if document[end + 1..next].trim_start().starts_with('[') {
                break;
            }
            end = next;
        }
        return Some((start..end, key));
    }
    Some((start..end, key))
}

/// The key of a `key = value` line whose value does not parse (`title = "概览`), read by the
/// TOML parser with a value put in place of the broken one; the innermost part of a dotted key.
/// Empty when there is none.
fn line_key(line: &str) -> String {
    let Some((key, _)) = line.split_once('=') else { return String::new() };
    let entry = format!("{key}= 0");
    let Ok(parsed) = toml::de::DeTable::parse(&entry) else { return String::new() };
    let mut table = parsed.get_ref();
    loop {
        let Some((key, value)) = table.iter().next() else { return String::new() };
        match value.get_ref() {
            toml::de::DeValue::Table(inner) => table = inner,
            _ => return key.get_ref().to_string(),
        }
    }
}

fn innermost(table: &toml::de::DeTable<'_>, at: usize, best: &mut Option<(std::ops::Range<usize>, String)>) {
    for (key, value) in table.iter() {
        let (start, end) = (key.span().start, value.span().end.max(key.span().end));
        if start <= at && at < end.max(start + 1) {
            *best = Some((start..end, key.get_ref().to_string()));
        }
        innermost_value(value, at, best);
    }
}

fn innermost_value(
    value: &toml::Spanned<toml::de::DeValue<'_>>,
    at: usize,
    best: &mut Option<(std::ops::Range<usize>, String)>,
) {
    match value.get_ref() {
        toml::de::DeValue::Array(items) => items.iter().for_each(|item| innermost_value(item, at, best)),
        toml::de::DeValue::Table(table) => innermost(table, at, best),
        _ => {}
    }
}

/// Refuse a control character (other than tab and line breaks) in any key or string of a TOML
/// document: any of them may end up in a page or the feed, and HTML forbids NUL and XML most C0
/// controls. `toml` is found at `offset` of `text`, the whole file at `path`. Reports the first
/// in the file, at the string that holds it.
pub(crate) fn refuse_control_characters(path: &Path, text: &str, offset: usize, toml: &str) -> Result<(), Diagnostic> {
    // TOML refuses raw C0 controls itself: only an escape (`\u0000`) or a raw C1 control gets through,
    // so most documents need no second look.
    if !toml.contains(|c: char| c == '\\' || is_forbidden(c)) {
        return Ok(());
    }
    let Ok(document) = toml::de::DeTable::parse(toml) else { return Ok(()) };
    let mut found = Vec::new();
    controls_in_table(document.get_ref(), "", &mut found);
    let Some((at, key, c)) = found.into_iter().min_by_key(|(at, ..)| *at) else { return Ok(()) };
    Err(Diagnostic::at(
        path,
        text,
        offset + at,
        format!("`{key}` holds the control character U+{:04X}, which a web page or feed cannot carry", c as u32),
    )
    .with_hint("delete it: it is invisible, and comes from an escape such as \\u0000 or from text pasted out of a PDF"))
}

/// The offset and character of the first raw control character in `text` that a web page or a
/// feed cannot carry (see [`is_forbidden`]).
pub(crate) fn first_control_character(text: &str) -> Option<(usize, char)> {
    // Most texts are clean, and are read at speed: C0 and DEL by a pass over blocks of bytes
    // that the compiler vectorises (bitwise, not `&&`, so that no branch stops it); C1 controls,
    // U+0080 to U+009F, by a search for their first byte, 0xC2 (also the first byte of `·`,
    // `°` or a no-break space, so the second byte decides).
    let c0 = |b: u8| {
        (u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n') & u8::from(b != b'\r')) | u8::from(b == 0x7f)
    };
    let bytes = text.as_bytes();
    let has_c0 = bytes.chunks(64).any(|block| block.iter().fold(0, |any, &b| any | c0(b)) != 0);
    let has_c1 = memchr::memchr_iter(0xc2, bytes).any(|at| bytes.get(at + 1).is_some_and(|b| (0x80..0xa0).contains(b)));
    if !has_c0 && !has_c1 {
        return None;
    }
    text.char_indices().find(|(_, c)| is_forbidden(*c))
}

/// Control characters HTML and XML refuse: C0 but tab and line breaks, DEL, C1.
fn is_forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// (offset, dotted key, character) of every key or string of `table` holding a forbidden character.
fn controls_in_table(table: &toml::de::DeTable<'_>, prefix: &str, found: &mut Vec<(usize, String, char)>) {
    for (key, value) in table.iter() {
        let name = if prefix.is_empty() { key.get_ref().to_string() } else { format!("{prefix}.{}", key.get_ref()) };
        if let Some(c) = key.get_ref().chars().find(|c| is_forbidden(*c)) {
            found.push((key.span().start, name.clone(), c));
        }
        controls_in_value(value, &name, found);
    }
}

fn controls_in_value(value: &toml::Spanned<toml::de::DeValue<'_>>, name: &str, found: &mut Vec<(usize, String, char)>) {
    match value.get_ref() {
        toml::de::DeValue::String(s) => {
            if let Some(c) = s.chars().find(|c| is_forbidden(*c)) {
                found.push((value.span().start, name.to_string(), c));
            }
        }
        toml::de::DeValue::Array(items) => items.iter().for_each(|item| controls_in_value(item, name, found)),
        toml::de::DeValue::Table(table) => controls_in_table(table, name, found),
        _ => {}
    }
}

/// What to write instead, for serde's "invalid type: X, expected Y".
fn type_hint(message: &str) -> &'static str {
    let expected = message.rsplit("expected").next().unwrap_or("");
    if ["i64", "u32", "u64", "integer", "i32"].iter().any(|t| expected.contains(t)) {
        "write a whole number without quotes, like `weight = 10`"
    } else if expected.contains("bool") {
        "write true or false, without quotes"
    } else if expected.contains("string") || expected.contains("str") {
        "put the text in double quotes, like `title = \"斐洛里庄园\"`"
    } else if expected.contains("sequence") || expected.contains("array") {
        "write a list in brackets, like `actors = [\"习近平\", \"拜登\"]`"
    } else {
        "check the value's type against the documented keys"
    }
}

/// Of `candidates`, the one closest to `word` (Jaro-Winkler) if it is closer than `threshold`
/// (0 to 1): what a "did you mean" hint offers. The first of equally close ones.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    threshold: f64,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|k| (strsim::jaro_winkler(word, k), k))
        .filter(|(score, _)| *score > threshold)
        .fold(None, |best: Option<(f64, &str)>, (score, k)| match best {
            Some((b, _)) if b >= score => best,
            _ => Some((score, k)),
        })
        .map(|(_, k)| k)
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" message: the closest known key.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    let known: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    Some(match closest(unknown, known.iter().copied(), 0.7) {
        Some(k) => format!("did you mean `{k}`? Known keys: {}", known.join(", ")),
        None => format!("known keys: {}; free-form values go under [extra]", known.join(", ")),
    })
}

#[cfg(test)]
mod tests;
