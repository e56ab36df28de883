//! What `dossier check` reports about a site's languages beyond what the build refuses: a
//! translation with no original, and a `trans(key="…")` or `i18n.key` a template names that some
//! configured language's table lacks (the build fails only where a page of that language renders
//! it; a key one table has and another lacks is already a build error). Links into another language
//! without `hreflang` are found with the other links, in [`super::links`].

use crate::content::{Content, Item};
use crate::diag::Diagnostic;
use crate::i18n::Strings;

/// `page.en.md` with no `page.md`: built all the same, but no page of the default language
/// leads to it and the switchers of the default language cannot name it.
pub(crate) fn missing_originals(content: &Content) -> Vec<Diagnostic> {
    let default = content.languages.first().map_or("", String::as_str);
    content
        .missing_originals()
        .into_iter()
        .filter_map(|item| {
            let (rel, source, group) = match item {
                Item::Page(i) => (&content.pages[i].rel, &content.pages[i].source, &content.pages[i].group),
                Item::Section(i) => (&content.sections[i].rel, &content.sections[i].source, &content.sections[i].group),
            };
            // A section made without a file has nothing to point at.
            (!source.display.as_os_str().is_empty()).then(|| {
                Diagnostic::file(
                    source.display.clone(),
                    format!(
                        "`{rel}` is a translation of `{group}`, which does not exist in the default language `{default}`"
                    ),
                )
                .with_hint(format!(
                    "add content/{group} (in `{default}`), or rename this file to {group} if it is not a translation"
                ))
            })
        })
        .collect()
}

/// A `trans(key="…")` or `i18n.key` in a template (`file`, its `text`) whose key a language's
/// table lacks: one diagnostic per use, at the key, naming every language that lacks it.
pub(crate) fn trans_keys(
    file: &std::path::Path,
    text: &str,
    strings: &Strings,
    languages: &[String],
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (at, key, written) in string_keys(text) {
        let lacking: Vec<&str> = languages
            .iter()
            .filter(|l| strings.table(l).is_none_or(|t| t.get(key).is_none()))
            .map(String::as_str)
            .collect();
        if lacking.is_empty() {
            continue;
        }
        let list = lacking.iter().map(|l| format!("`{l}`")).collect::<Vec<_>>().join(", ");
        found.push(
            Diagnostic::at(file, text, at, format!("{written} names a key these languages lack: {list}")).with_hint(
                format!(
                    "add `{key} = \"…\"` to the i18n table of {} (i18n/<code>.toml or the theme's)",
                    lacking.join(", ")
                ),
            ),
        );
    }
    found
}

/// Each interface string a template names literally, `trans(key="…")` (or `'…'`) and
/// `i18n.key`: the byte offset of the key, the key, and the use as written.
fn string_keys(text: &str) -> Vec<(usize, &str, String)> {
    let mut keys: Vec<(usize, &str, String)> =
        trans_calls(text).into_iter().map(|(at, key)| (at, key, format!("trans(key=\"{key}\")"))).collect();
    let mut from = 0;
    while let Some(i) = text[from..].find("i18n.") {
        let start = from + i + "i18n.".len();
        from = start;
        // A name that ends in `i18n` (`my_i18n.`) is another variable.
        if text[..start - "i18n.".len()].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let len = text[start..].find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(text.len() - start);
        if len > 0 {
            keys.push((start, &text[start..start + len], format!("`i18n.{}`", &text[start..start + len])));
        }
    }
    keys.sort_by_key(|k| k.0);
    keys
}

/// Each `trans(` call with a literal `key="…"` (or `'…'`): the byte offset of the key and the key.
fn trans_calls(text: &str) -> Vec<(usize, &str)> {
    let mut calls = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("trans(") {
        let start = from + i + "trans(".len();
        from = start;
        // A name that ends in `trans` (`my_trans(`) is another function.
        let before = text[..start - "trans(".len()].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let args = &text[start..text[start..].find(')').map_or(text.len(), |e| start + e)];
        let Some(k) = args.find("key") else { continue };
        let rest = args[k + 3..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
        let Some(end) = rest[1..].find(quote) else { continue };
        let key_at = start + (args.len() - rest.len()) + 1;
        calls.push((key_at, &rest[1..1 + end]));
    }
    calls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_literal_keys_of_trans_calls() {
        let text = r#"{{ trans(key="toc") }} {{ trans( key = 'prev', lang=l.code) }} {{ trans(key=k) }} {{ my_trans(key="x") }}"#;
        let calls: Vec<(usize, &str)> = trans_calls(text);
        assert_eq!(calls.iter().map(|c| c.1).collect::<Vec<_>>(), ["toc", "prev"]);
        assert_eq!(&text[calls[0].0..calls[0].0 + 3], "toc");
        assert_eq!(&text[calls[1].0..calls[1].0 + 4], "prev");
    }

    #[test]
    fn finds_the_keys_of_i18n_fields_beside_trans_calls() {
        let text = r#"{{ i18n.toc_title }} {{ trans(key="prev") }} {% if my_i18n.x %}{{ i18n.skip_link | upper }}"#;
        let keys = string_keys(text);
        let written: Vec<&str> = keys.iter().map(|k| k.2.as_str()).collect();
        assert_eq!(written, ["`i18n.toc_title`", "trans(key=\"prev\")", "`i18n.skip_link`"]);
        assert_eq!(&text[keys[2].0..keys[2].0 + 9], "skip_link");
    }
}
