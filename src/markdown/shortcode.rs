//! Shortcodes in Markdown text, the Zola syntax: inline `{{ name(key=value, …) }}`, with a body
//! `{% name(key=value) %}…{% end %}`, and the escapes `{{/* … */}}` and `{%/* … */%}` that write
//! the call as text.
//!
//! The arguments are a TOML inline table's body, so `{{ quote(p=27, s="1-2") }}` reads as
//! `{ p = 27, s = "1-2" }` and the toml parser does the work (Zola's backtick strings are given to
//! it as TOML strings). Shortcodes are never expanded inside code.
//!
//! Two passes. [`expand`] runs on the body before pulldown-cmark: it renders the site's own
//! shortcodes through a callback (a `.md` one's output joins the Markdown, a `.html` one's and an
//! escape's wait behind a placeholder for the event pass), reports unknown and unclosed ones, and
//! leaves the built-in `cite` and `quote` as written. The event pass then expands those in text
//! events ([`split`]): they resolve against the source text, which only the engine knows.

use std::collections::BTreeMap;
use std::ops::Range;

/// The shortcodes built into the engine: resolved by it, their HTML replaceable by a template.
pub(crate) const BUILT_IN: [&str; 2] = ["cite", "quote"];

/// How a site shortcode's output is read: `NAME.md` gives Markdown, `NAME.html` HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Markdown,
    Html,
}

/// The site's shortcodes, as the Markdown stage sees them: their names and kinds (a built-in name
/// here is a site's template replacing that shortcode's HTML), and the callback that renders one.
pub struct Shortcodes<'a> {
    pub kinds: &'a BTreeMap<String, Kind>,
    pub render: &'a RenderShortcode<'a>,
}

/// Renders one call: its output, or what went wrong (naming the template and where in it).
pub type RenderShortcode<'a> = dyn Fn(&Invocation) -> Result<String, String> + Sync + 'a;

/// One call of a shortcode.
pub struct Invocation<'x> {
    pub name: &'x str,
    /// The arguments as written; for `cite` and `quote`, what the engine resolved.
    pub args: &'x toml::Table,
    /// The text between `{% name(…) %}` and `{% end %}`, as written.
    pub body: Option<&'x str>,
    /// How many calls of this shortcode the body has made so far, this one included.
    pub nth: usize,
}

/// A piece of a text: plain text or one shortcode call.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Call(Call<'a>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Call<'a> {
    pub(crate) name: &'a str,
    pub(crate) args: toml::Table,
    /// Byte offset of `{{` in the text.
    pub(crate) offset: usize,
    /// The whole `{{ … }}` as written.
    pub(crate) raw: &'a str,
}

/// A shortcode whose arguments do not parse.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BadCall {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

/// Whether `text` may hold a call: a quick look before [`split`], which runs on every text event.
pub(crate) fn may_hold_call(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"{{").is_some()
}

/// Split `text` into plain text and shortcode calls. `{{ name(` begins a call, which must be closed
/// by `) }}` before the next `{{`: one that is not is an error, not text (it would be published
/// as written). `{{` followed by anything else is plain text.
pub(crate) fn split(text: &str) -> Result<Vec<Piece<'_>>, BadCall> {
    let mut pieces = Vec::new();
    let mut rest = 0;
    let mut from = 0;
    while let Some(found) = next_call(text, from) {
        let (start, end, name) = found?;
        let inner = text[start + 2..end - 2].trim();
        let Some(body) = inner.strip_suffix(')').and_then(|call| call.split_once('(')).map(|(_, body)| body) else {
            return Err(unclosed(start, name));
        };
        let args = parse_args(body).ok_or_else(|| bad_arguments(start, name))?;
        if start > rest {
            pieces.push(Piece::Text(&text[rest..start]));
        }
        pieces.push(Piece::Call(Call { name, args, offset: start, raw: &text[start..end] }));
        rest = end;
        from = end;
    }
    if rest < text.len() {
        pieces.push(Piece::Text(&text[rest..]));
    }
    Ok(pieces)
}

/// The byte ranges of the calls in `text`, `{{` to `}}`, in order; a call left open ends the list
/// ([`split`] reports it). The Markdown source is read with this before pulldown-cmark's smart
/// punctuation, which would curl the quotes of `s="1-2"`: see [`super::straight_in_calls`].
pub(crate) fn spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(Ok((start, end, _))) = next_call(text, from) {
        spans.push(start..end);
        from = end;
    }
    spans
}

/// The first call in `text` from byte `from`: where its `{{` starts, where its `}}` ends, its
/// name; or the error of a call not closed before the next `{{`.
fn next_call(text: &str, mut from: usize) -> Option<Result<(usize, usize, &str), BadCall>> {
    // memchr's search: `str::find` sets up a searcher per call, and this runs on every text event.
    let find = |from: usize, needle: &[u8]| memchr::memmem::find(&text.as_bytes()[from..], needle).map(|i| from + i);
    while let Some(start) = find(from, b"{{") {
        from = start + 1;
        let Some(name) = call_name(&text[start + 2..]) else { continue };
        return Some(match (find(start + 2, b"}}"), find(start + 2, b"{{")) {
            (Some(close), next) if next.is_none_or(|open| open > close) => Ok((start, close + 2, name)),
            _ => Err(unclosed(start, name)),
        });
    }
    None
}

fn unclosed(offset: usize, name: &str) -> BadCall {
    BadCall {
        offset,
        message: format!(
            "the shortcode `{name}` is not closed: write the whole call on one line as {{{{ {name}(…) }}}}"
        ),
    }
}

/// The name of the call `after` (the text after `{{`) begins, if it has the shape ` name(`.
fn call_name(after: &str) -> Option<&str> {
    let after = after.trim_start();
    let len = after.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    (len > 0 && after[len..].trim_start().starts_with('(')).then(|| &after[..len])
}

/// The arguments between a call's parentheses, `k=v, …`, as a table; `None` when they do not parse.
fn parse_args(text: &str) -> Option<toml::Table> {
    let text = if text.contains('`') { backticks_as_toml(text)? } else { text.to_string() };
    let mut table = toml::from_str::<toml::Table>(&format!("a = {{ {} }}", text.trim())).ok()?;
    match table.remove("a") {
        Some(toml::Value::Table(args)) => Some(args),
        _ => None,
    }
}

/// Zola's backtick strings, `` k=`a "b"` ``, as TOML strings (which toml writes); quoted strings
/// are passed over whole. `None` when a string is left open.
fn backticks_as_toml(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices();
    while let Some((_, c)) = chars.next() {
        match c {
            '"' | '\'' => {
                out.push(c);
                let mut escaped = false;
                loop {
                    let (_, d) = chars.next()?;
                    out.push(d);
                    if d == c && !escaped {
                        break;
                    }
                    escaped = c == '"' && d == '\\' && !escaped;
                }
            }
            '`' => {
                let mut string = String::new();
                loop {
                    let (_, d) = chars.next()?;
                    if d == '`' {
                        break;
                    }
                    string.push(d);
                }
                out.push_str(&toml::Value::String(string).to_string());
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

fn bad_arguments(offset: usize, name: &str) -> BadCall {
    BadCall {
        offset,
        message: format!(
            "the arguments of `{name}` do not parse: write them as key=value, like {name}(p=12, title=\"…\", on=true, list=[1, 2])"
        ),
    }
}

/// Marks a placeholder in expanded text: `PLACE_OPEN`, the index in [`Expanded::inserted`],
/// `PLACE_CLOSE`. Noncharacters: Unicode keeps them for a program's own use, not for text.
pub(crate) const PLACE_OPEN: char = '\u{FDD0}';
pub(crate) const PLACE_CLOSE: char = '\u{FDD1}';

/// What a placeholder stands for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Inserted {
    /// The output of an HTML shortcode.
    Html(String),
    /// Text written as it is: an escaped call.
    Text(String),
}

/// A body with the site's shortcodes expanded.
#[derive(Debug, Clone, Default)]
pub(crate) struct Expanded {
    pub(crate) text: String,
    pub(crate) inserted: Vec<Inserted>,
    /// Where each run of `text` starts, where it came from in the body, and whether it was copied
    /// from there (else it was put in place of the call there), in order.
    runs: Vec<(usize, usize, bool)>,
}

impl Expanded {
    /// The body's offset for `offset` in the expanded text: a copied run maps byte for byte, what
    /// a shortcode put in maps to its call.
    pub(crate) fn source_offset(&self, offset: usize) -> usize {
        let i = self.runs.partition_point(|run| run.0 <= offset);
        match i.checked_sub(1).map(|i| self.runs[i]) {
            Some((at, from, true)) => from + (offset - at),
            Some((_, from, false)) => from,
            None => offset,
        }
    }

    fn copy(&mut self, body: &str, range: Range<usize>) {
        if !range.is_empty() {
            self.runs.push((self.text.len(), range.start, true));
            self.text.push_str(&body[range]);
        }
    }

    fn put_text(&mut self, at: usize, text: &str) {
        self.runs.push((self.text.len(), at, false));
        self.text.push_str(text);
    }

    fn put_placeholder(&mut self, at: usize, inserted: Inserted) {
        let placeholder = format!("{PLACE_OPEN}{}{PLACE_CLOSE}", self.inserted.len());
        self.inserted.push(inserted);
        self.put_text(at, &placeholder);
    }
}

/// A shortcode-like thing in a body, by byte range.
#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    /// `{{/* … */}}` or `{%/* … */%}`: the call written as text.
    Escape(String),
    /// `{{ name(…) }}`; `Err` when it is not closed.
    Inline(&'a str, Result<(), BadCall>),
    /// `{% name(…) %}`, its arguments' text (`None`: not closed by `)`).
    Open(&'a str, Option<&'a str>),
    /// `{% end %}`.
    End,
}

/// Every shortcode-like token of `body`, in order.
fn tokens(body: &str) -> Vec<(Range<usize>, Token<'_>)> {
    let bytes = body.as_bytes();
    let find = |from: usize, needle: &[u8]| memchr::memmem::find(&bytes[from..], needle).map(|i| from + i);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = memchr::memchr(b'{', &bytes[from..]).map(|i| from + i) {
        from = start + 1;
        let rest = &body[start..];
        for (open, close) in [("{{/*", "*/}}"), ("{%/*", "*/%}")] {
            if rest.starts_with(open)
                && let Some(end) = find(start + open.len(), close.as_bytes())
            {
                let literal = format!("{}{}{}", &open[..2], &body[start + open.len()..end], &close[2..]);
                found.push((start..end + close.len(), Token::Escape(literal)));
                from = end + close.len();
            }
        }
        if from != start + 1 {
            continue;
        }
        if let Some(after) = rest.strip_prefix("{{") {
            if let Some(name) = call_name(after) {
                match next_call(body, start) {
                    Some(Ok((s, e, _))) if s == start => {
                        found.push((start..e, Token::Inline(name, Ok(()))));
                        from = e;
                    }
                    _ => found.push((start..start + 2, Token::Inline(name, Err(unclosed(start, name))))),
                }
            }
        } else if let Some(inner) = rest.strip_prefix("{%") {
            let Some(close) = find(start + 2, b"%}") else { continue };
            let tag = inner[..close - start - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
            if tag == "end" {
                found.push((start..close + 2, Token::End));
                from = close + 2;
            } else if let Some(name) = call_name(tag) {
                let args = tag.strip_suffix(')').and_then(|t| t.split_once('(')).map(|(_, a)| a);
                found.push((start..close + 2, Token::Open(name, args)));
                from = close + 2;
            }
        }
    }
    found
}

/// Expand the site's shortcodes in `body` (see the module's doc); `None` when there is nothing to
/// expand, the common case, which costs one scan. `code` gives the byte ranges of the body's code
/// (asked only when needed): calls there stay as written, escapes are written as calls. Problems
/// are at byte offsets of `body`.
pub(crate) fn expand(
    body: &str,
    site: Option<&Shortcodes>,
    code: impl FnOnce() -> Vec<Range<usize>>,
    problems: &mut Vec<super::Problem>,
) -> Option<Expanded> {
    if !body.contains("{{") && !body.contains("{%") {
        return None;
    }
    let tokens = tokens(body);
    // `cite` and `quote` are the event pass's, and so are mistakes in writing them.
    let is_built_in = |name: &str| BUILT_IN.contains(&name);
    if tokens.iter().all(|(_, t)| matches!(t, Token::Inline(name, _) if is_built_in(name))) {
        return None;
    }
    let empty = BTreeMap::new();
    let kinds = site.map_or(&empty, |s| s.kinds);
    let known = || {
        let mut names: Vec<&str> = BUILT_IN.to_vec();
        names.extend(kinds.keys().map(String::as_str).filter(|n| !is_built_in(n)));
        names.sort_unstable();
        names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
    };
    let mut problem = |offset: usize, message: String, hint: String| {
        problems.push(super::Problem { offset, message, hint: Some(hint) });
    };
    let unknown = |name: &str| {
        (
            format!("there is no shortcode `{name}`"),
            format!(
                "the shortcodes are {}; a shortcode is a template templates/shortcodes/{name}.html (its output is HTML) or {name}.md (Markdown)",
                known()
            ),
        )
    };
    let code = code();
    let in_code = |at: usize| {
        let i = code.partition_point(|r| r.end <= at);
        code.get(i).is_some_and(|r| r.start <= at)
    };
    let mut out = Expanded::default();
    let mut nth: BTreeMap<&str, usize> = BTreeMap::new();
    let mut copied = 0;
    let mut k = 0;
    while k < tokens.len() {
        let (range, token) = &tokens[k];
        k += 1;
        if in_code(range.start) {
            // Zola's documentation shows calls in code by escaping them: the escape is undone.
            if let Token::Escape(literal) = token {
                out.copy(body, copied..range.start);
                out.put_text(range.start, literal);
                copied = range.end;
            }
            continue;
        }
        let replace = |out: &mut Expanded, copied: &mut usize, inserted: Inserted| {
            out.copy(body, *copied..range.start);
            out.put_placeholder(range.start, inserted);
            *copied = range.end;
        };
        match token {
            Token::Escape(literal) => replace(&mut out, &mut copied, Inserted::Text(literal.clone())),
            Token::Inline(name, _) if is_built_in(name) => {}
            Token::Inline(name, Err(bad)) => {
                let (message, hint) = match kinds.contains_key(*name) {
                    true => (bad.message.clone(), format!("close it on the same line: {{{{ {name}(…) }}}}")),
                    false => unknown(name),
                };
                problem(range.start, message, hint);
                replace(&mut out, &mut copied, Inserted::Text(body[range.clone()].to_string()));
            }
            Token::Inline(name, Ok(())) => {
                let raw = &body[range.clone()];
                let inserted = match kinds.get(*name).zip(site) {
                    None => {
                        let (message, hint) = unknown(name);
                        problem(range.start, message, hint);
                        Inserted::Text(raw.to_string())
                    }
                    Some((kind, site)) => {
                        let inner = raw[2..raw.len() - 2].trim();
                        let args = inner.strip_suffix(')').and_then(|c| c.split_once('(')).map(|(_, a)| a);
                        let n = nth.entry(name).or_default();
                        *n += 1;
                        match render(site, name, range.start, args, None, *n) {
                            Ok(output) if *kind == Kind::Markdown => {
                                out.copy(body, copied..range.start);
                                out.put_text(range.start, &output);
                                copied = range.end;
                                continue;
                            }
                            Ok(output) => Inserted::Html(output),
                            Err((message, hint)) => {
                                problem(range.start, message, hint);
                                Inserted::Text(raw.to_string())
                            }
                        }
                    }
                };
                replace(&mut out, &mut copied, inserted);
            }
            Token::End => {
                problem(
                    range.start,
                    "this `{% end %}` closes no shortcode".into(),
                    "a body shortcode opens with {% name(…) %} on a line of its own; remove the stray {% end %}".into(),
                );
                replace(&mut out, &mut copied, Inserted::Text(String::new()));
            }
            Token::Open(name, args) => {
                let end = tokens[k..].iter().position(|(r, t)| *t == Token::End && !in_code(r.start)).map(|j| k + j);
                let Some(end) = end else {
                    let (message, hint) = match kinds.contains_key(*name) || is_built_in(name) {
                        true => (
                            format!("the shortcode `{name}` is not closed"),
                            "end its body with {% end %} on a line of its own".to_string(),
                        ),
                        false => unknown(name),
                    };
                    problem(range.start, message, hint);
                    replace(&mut out, &mut copied, Inserted::Text(body[range.clone()].to_string()));
                    continue;
                };
                let whole = range.start..tokens[end].0.end;
                let text = &body[range.end..tokens[end].0.start];
                k = end + 1;
                let text = text.strip_prefix("\r\n").or_else(|| text.strip_prefix('\n')).unwrap_or(text);
                let text = text.strip_suffix("\r\n").or_else(|| text.strip_suffix('\n')).unwrap_or(text);
                let raw = &body[whole.clone()];
                let failed = |problem: &mut dyn FnMut(usize, String, String), message: String, hint: String| {
                    problem(range.start, message, hint);
                    Inserted::Text(raw.to_string())
                };
                let inserted = match kinds.get(*name).zip(site) {
                    _ if is_built_in(name) => failed(
                        &mut problem,
                        format!("`{name}` takes no body"),
                        format!("write it inline, like {{{{ {name}(p=1) }}}}"),
                    ),
                    None => {
                        let (message, hint) = unknown(name);
                        failed(&mut problem, message, hint)
                    }
                    Some((kind, site)) => {
                        let n = nth.entry(name).or_default();
                        *n += 1;
                        match render(site, name, range.start, *args, Some(text), *n) {
                            Ok(output) if *kind == Kind::Markdown => {
                                out.copy(body, copied..whole.start);
                                out.put_text(whole.start, &output);
                                copied = whole.end;
                                continue;
                            }
                            Ok(output) => Inserted::Html(output),
                            Err((message, hint)) => failed(&mut problem, message, hint),
                        }
                    }
                };
                out.copy(body, copied..whole.start);
                out.put_placeholder(whole.start, inserted);
                copied = whole.end;
            }
        }
    }
    out.copy(body, copied..body.len());
    Some(out)
}

/// One call of a site shortcode rendered: its output, or the problem's message and hint.
fn render(
    site: &Shortcodes,
    name: &str,
    offset: usize,
    args: Option<&str>,
    body: Option<&str>,
    nth: usize,
) -> Result<String, (String, String)> {
    let Some(args) = args.and_then(parse_args) else {
        let bad = bad_arguments(offset, name);
        return Err((
            bad.message,
            "strings are quoted (\"…\", '…' or `…`); numbers, true and false and [arrays] are not".into(),
        ));
    };
    let invocation = Invocation { name, args: &args, body, nth };
    (site.render)(&invocation).map_err(|message| {
        (
            format!("the shortcode `{name}` failed: {message}"),
            "fix the shortcode's template, or the arguments this call gives it".into(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_text_and_calls() {
        let pieces = split("前文{{ cite(p=12) }}中间{{quote(p=3, s=\"1-2\")}}后文").unwrap();
        assert_eq!(pieces.len(), 5);
        assert_eq!(pieces[0], Piece::Text("前文"));
        let Piece::Call(call) = &pieces[1] else { panic!() };
        assert_eq!((call.name, call.args["p"].as_integer(), call.offset), ("cite", Some(12), 6));
        let Piece::Call(call) = &pieces[3] else { panic!() };
        assert_eq!(call.args["s"].as_str(), Some("1-2"));
        assert_eq!(pieces[4], Piece::Text("后文"));
    }

    #[test]
    fn braces_that_are_not_calls_stay_text() {
        let cases =
            ["{{ 不是 }}", "{{ a b(c) }}", "open {{ never closed", "{ single }", "{{/* cite(p=1) */}}", "{{ }}"];
        for text in cases {
            let joined: String = split(text)
                .unwrap()
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => *t,
                    Piece::Call(c) => c.raw,
                })
                .collect();
            assert_eq!(joined, text);
            assert!(split(text).unwrap().iter().all(|p| matches!(p, Piece::Text(_))), "{text}");
        }
    }

    #[test]
    fn calls_left_open_are_an_error_at_the_call() {
        // A call that is not closed would be published as written; each is reported at its `{{`.
        let cases = [
            ("见{{ cite(p=12 }}。", 3),
            ("见{{ cite(p=12) 。", 3),
            ("{{ quote(p=1, s=2) }", 0),
            ("{{ quote(p=1) } 与 {{ cite(p=2) }}", 0),
            ("前{{ cite(p=1) }}后{{cite (p=2", 21),
        ];
        for (text, offset) in cases {
            let err = split(text).unwrap_err();
            assert_eq!(err.offset, offset, "{text}");
            assert!(err.message.contains("is not closed"), "{text}: {}", err.message);
        }
        let Piece::Call(call) = &split("{{{ cite(p=1) }}}").unwrap()[1] else { panic!() };
        assert_eq!(call.raw, "{{ cite(p=1) }}");
    }

    #[test]
    fn tokens_are_calls_bodies_ends_and_escapes() {
        let body = "a {{ x(k=1) }} {% y(k=\"v\") %}\nb\n{%- end -%} {{/* z() */}} {%/* end */%} {% if %} {{ 不是 }}";
        let found: Vec<(usize, Token)> = tokens(body).into_iter().map(|(r, t)| (r.start, t)).collect();
        assert_eq!(
            found,
            [
                (2, Token::Inline("x", Ok(()))),
                (15, Token::Open("y", Some("k=\"v\""))),
                (32, Token::End),
                (44, Token::Escape("{{ z() }}".into())),
                (58, Token::Escape("{% end %}".into())),
            ]
        );
    }

    #[test]
    fn arguments_are_read_as_zola_writes_them() {
        let args = parse_args(r#"s="a", t='b', u=`c "d" 'e'`, n=-3, f=1.5, on=false, list=[1, "x", `y`]"#).unwrap();
        let text = |k: &str| args[k].as_str().unwrap().to_string();
        assert_eq!([text("s"), text("t"), text("u")], ["a", "b", "c \"d\" 'e'"]);
        assert_eq!(
            (args["n"].as_integer(), args["f"].as_float(), args["on"].as_bool()),
            (Some(-3), Some(1.5), Some(false))
        );
        assert_eq!(args["list"].to_string(), "[1, \"x\", \"y\"]");
        assert!(parse_args("").unwrap().is_empty());
        for bad in ["k=", "k=`open", "k=\"open", "=1", "k=v"] {
            assert_eq!(parse_args(bad), None, "{bad}");
        }
    }

    /// A shortcode set whose output shows the call: `h` gives HTML, `m` Markdown.
    fn expanded(body: &str) -> (Option<Expanded>, Vec<super::super::Problem>) {
        let kinds = BTreeMap::from([("h".to_string(), Kind::Html), ("m".to_string(), Kind::Markdown)]);
        let render = |call: &Invocation| Ok(format!("<{}{}>", call.name, call.nth));
        let site = Shortcodes { kinds: &kinds, render: &render };
        let mut problems = Vec::new();
        let span = body.find('`').unwrap_or(body.len())..body.rfind('`').map_or(body.len(), |i| i + 1);
        let code = || Vec::from([span]);
        (expand(body, Some(&site), code, &mut problems), problems)
    }

    #[test]
    fn expanding_maps_every_offset_back_to_the_body() {
        // Only built-in calls: nothing to do, and the code is never looked for.
        assert!(expanded("见{{ cite(p=1) }}{{ quote(p=2) }}").0.is_none());
        assert!(expanded("no braces").0.is_none());
        let body = "x{{ m() }}y{{ h() }}z{{ m() }}`{{ h() }}`";
        let (out, problems) = expanded(body);
        let out = out.unwrap();
        assert!(problems.is_empty());
        assert_eq!(out.text, "x<m1>y\u{FDD0}0\u{FDD1}z<m2>`{{ h() }}`");
        assert_eq!(out.inserted, [Inserted::Html("<h1>".into())]);
        // `y` and `z` are where they are written; inside an insertion, the call's start.
        assert_eq!(out.source_offset(out.text.find('y').unwrap()), body.find('y').unwrap());
        assert_eq!(out.source_offset(out.text.find('z').unwrap()), body.find('z').unwrap());
        assert_eq!(out.source_offset(2), 1);
        assert_eq!(out.source_offset(out.text.len()), body.len());
    }

    #[test]
    fn bad_arguments_are_an_error_at_the_call() {
        let err = split("见{{ cite(p=) }}").unwrap_err();
        assert_eq!(err.offset, 3);
        assert!(err.message.contains("cite"));
    }
}
