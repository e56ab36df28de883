//! Shortcodes in Markdown text: `{{ name(key=value, …) }}`, the Zola syntax.
//!
//! The arguments are a TOML inline table's body, so `{{ quote(p=27, s="1-2") }}` reads as
//! `{ p = 27, s = "1-2" }` and the toml parser does the work. Shortcodes are found in text only:
//! pulldown-cmark gives code spans and code blocks as other events, so they are never expanded.

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
        let args: toml::Table = toml::from_str::<toml::Table>(&format!("a = {{ {body} }}"))
            .ok()
            .and_then(|mut t| match t.remove("a") {
                Some(toml::Value::Table(args)) => Some(args),
                _ => None,
            })
            .ok_or_else(|| BadCall {
                offset: start,
                message: format!("the arguments of `{name}` do not parse: write them as key=value, like {name}(p=12)"),
            })?;
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
    fn bad_arguments_are_an_error_at_the_call() {
        let err = split("见{{ cite(p=) }}").unwrap_err();
        assert_eq!(err.offset, 3);
        assert!(err.message.contains("cite"));
    }
}
