//! The one HTML escaper: everything that writes HTML text or attribute values (the Markdown
//! renderer's own tags, templates' autoescaping, the redirect and error pages, print) escapes
//! through it, so a character is spelled one way in every page. pulldown-cmark's own writer still
//! escapes what it writes itself (text as `&amp; &lt; &gt;`, attributes like this one without `'`).

/// The five characters with a meaning in HTML text or a quoted attribute value, as entities:
/// `&` `<` `>` `"` `'` -> `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`.
fn entity(byte: u8) -> Option<&'static str> {
    match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// `text` escaped for HTML text and attribute values (single- or double-quoted), handed to
/// `write` a run at a time: the runs between entities, and the entities.
pub(crate) fn escape_with<E>(text: &str, mut write: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let mut start = 0;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        let Some(entity) = entity(byte) else { continue };
        if start < i {
            write(&text[start..i])?;
        }
        write(entity)?;
        start = i + 1;
    }
    if start < text.len() {
        write(&text[start..])?;
    }
    Ok(())
}

/// `text` escaped for HTML text and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = escape_with(text, |run| {
        out.push_str(run);
        Ok::<(), std::convert::Infallible>(())
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_with_a_meaning_in_html() {
        let cases = [
            ("", ""),
            ("纯文本", "纯文本"),
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            ("\"><img onerror='x'>", "&quot;&gt;&lt;img onerror=&#39;x&#39;&gt;"),
            ("a & b &amp; c", "a &amp; b &amp;amp; c"),
            ("末尾'", "末尾&#39;"),
            ("&", "&amp;"),
        ];
        for (text, expect) in cases {
            assert_eq!(escape(text), expect, "{text:?}");
        }
    }

    #[test]
    fn writes_what_teras_own_escaping_writes() {
        for text in ["", "纯文本", "<script>alert(1)</script>", "\"><img onerror='x'>", "a & b &amp; c", "末尾'", "&"]
        {
            let mut teras = Vec::new();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(escape(text), String::from_utf8(teras).unwrap(), "{text:?}");
        }
    }
}
