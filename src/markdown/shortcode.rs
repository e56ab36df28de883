//! Shortcodes in Markdown text: `{{ name(key=value, …) }}`, the Zola syntax.
//!
//! The arguments are a TOML inline table's body, so `{{ quote(p=27, s="1-2") }}` reads as
//! `{ p = 27, s = "1-2" }` and the toml parser does the work. Shortcodes are found in text only:
//! pulldown-cmark gives code spans and code blocks as other events, so they are never expanded.

/// A piece of a text: plain text or one shortcode call.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece<'a> {
    Text(&'a str),
    Call(Call<'a>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call<'a> {
    pub name: &'a str,
    pub args: toml::Table,
    /// Byte offset of `{{` in the text.
    pub offset: usize,
    /// The whole `{{ … }}` as written.
    pub raw: &'a str,
}

/// A shortcode whose arguments do not parse.
#[derive(Debug, Clone, PartialEq)]
pub struct BadCall {
    pub offset: usize,
    pub message: String,
}

/// Whether `text` may hold a call: a quick look before [`split`], which runs on every text event.
pub fn may_hold_call(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"{{").is_some()
}

/// Split `text` into plain text and shortcode calls.
pub fn split(text: &str) -> Result<Vec<Piece<'_>>, BadCall> {
    let mut pieces = Vec::new();
    let mut rest = 0;
    // memchr's search: `str::find` sets up a searcher per call, and this runs on every text event.
    let find = |from: usize, needle: &[u8]| memchr::memmem::find(&text.as_bytes()[from..], needle).map(|i| from + i);
    while let Some(start) = find(rest, b"{{") {
        let Some(end) = find(start, b"}}").map(|i| i + 2) else { break };
        let inner = text[start + 2..end - 2].trim();
        let Some((name, args)) = inner.split_once('(') else {
            // `{{` without a call is plain text (a template-looking brace in prose).
            pieces.push(Piece::Text(&text[rest..end]));
            rest = end;
            continue;
        };
        let name = name.trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || !args.ends_with(')') {
            pieces.push(Piece::Text(&text[rest..end]));
            rest = end;
            continue;
        }
        let body = &args[..args.len() - 1];
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
    }
    if rest < text.len() {
        pieces.push(Piece::Text(&text[rest..]));
    }
    Ok(pieces)
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
        let cases = ["{{ 不是 }}", "{{ a b(c) }}", "open {{ never closed", "{ single }"];
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
    fn bad_arguments_are_an_error_at_the_call() {
        let err = split("见{{ cite(p=) }}").unwrap_err();
        assert_eq!(err.offset, 3);
        assert!(err.message.contains("cite"));
    }
}
