//! The interface strings of each language: the theme's `themes/<theme>/i18n/<code>.toml`, then the
//! site's `i18n/<code>.toml`, key by key. A table is flat: `key = "text"`. A language code with no
//! file of its own falls back to its primary subtag (`zh-Hans` -> `zh.toml`, `en-GB` -> `en.toml`).
//! Templates read the tables as the map `i18n` or through `trans(key=…)`; the engine's own words
//! (`cite`, `quote`, the entity kinds, …) come from the same tables. Plain data: reading the files
//! is the only I/O.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::theme::{File, Origin};

/// One language's strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The language code as configured (`zh-Hans`).
    pub lang: String,
    strings: BTreeMap<String, String>,
    /// The file a missing key belongs in (the site's table when it has one, else the theme's).
    file: PathBuf,
}

impl Table {
    /// A table of `lang` holding `strings` (for tests and tools that build one by hand).
    pub fn new<'s>(lang: &str, strings: impl IntoIterator<Item = (&'s str, &'s str)>) -> Table {
        Table {
            lang: lang.into(),
            strings: strings.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
            file: PathBuf::new(),
        }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.strings.get(key).map(String::as_str)
    }

    /// Every key and its string, by key.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.strings.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The string of `key`, or the message that says which language lacks it.
    pub fn must_get(&self, key: &str) -> Result<&str, String> {
        self.get(key).ok_or_else(|| missing_message(&self.lang, key))
    }

    /// The string of `key` with each `{name}` replaced by its value; empty when the key is missing
    /// (callers check the keys they use with [`Strings::require`] first).
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key).unwrap_or_default(), values)
    }
}

/// `text` with each `{name}` of `values` replaced.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_string(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
}

fn missing_message(lang: &str, key: &str) -> String {
    format!("the language `{lang}` has no string `{key}` in its i18n table")
}

/// Every configured language's table.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    tables: Vec<Table>,
}

impl Strings {
    /// Every language's table, in the order of the site's languages.
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    /// The table of `lang`, if it was loaded; codes ignore case (BCP 47).
    pub fn table(&self, lang: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.lang.eq_ignore_ascii_case(lang))
    }

    /// The table of `lang`, or an empty one (every lookup in it fails, naming the language).
    pub fn table_or_empty(&self, lang: &str) -> Table {
        self.table(lang).cloned().unwrap_or_else(|| Table { lang: lang.into(), ..Table::default() })
    }

    /// A diagnostic for each of `keys` that the table of `lang` lacks; `why` says what needs it.
    pub fn require(&self, lang: &str, keys: &[&str], why: &str) -> Vec<Diagnostic> {
        let table = self.table(lang);
        keys.iter()
            .filter(|key| table.is_none_or(|t| t.get(key).is_none()))
            .map(|key| {
                let file = match table {
                    Some(t) if !t.file.as_os_str().is_empty() => t.file.clone(),
                    _ => PathBuf::from(format!("i18n/{lang}.toml")),
                };
                Diagnostic::file(&file, format!("{} ({why})", missing_message(lang, key)))
                    .with_hint(format!("add `{key} = \"…\"` to {}", file.display()))
            })
            .collect()
    }
}

/// Where the tables of `lang` may be: the theme's (the built-in theme's beneath
/// `themes/longform/`) then the site's, each the exact code's file or else the primary subtag's.
fn files(root: &Path, theme: Option<&str>, lang: &str) -> Vec<File> {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    let mut dirs: Vec<Vec<(String, File)>> = Vec::new();
    if let Some(theme) = theme {
        let (files, _warnings) = crate::theme::files(root, theme, "i18n");
        dirs.push(files.into_iter().filter(|(name, _)| !name.contains('/')).collect());
    }
    let own = std::fs::read_dir(root.join("i18n")).into_iter().flatten().flatten().map(|e| e.path());
    let own = own.filter(|p| p.is_file()).filter_map(|p| {
        let name = p.file_name()?.to_str()?.to_string();
        Some((name, File { shown: crate::diag::display_path(root, &p), origin: Origin::Disk(p) }))
    });
    dirs.push(own.collect());
    dirs.iter()
        .filter_map(|dir| file_for(dir, lang).or_else(|| (primary != lang).then(|| file_for(dir, primary)).flatten()))
        .collect()
}

/// The table `<code>.toml` among a folder's files, its name's code in any case (`EN.toml` for `en`,
/// `en-gb.toml` for `en-GB`): BCP 47 codes ignore case. The exact spelling wins over another.
fn file_for(dir: &[(String, File)], code: &str) -> Option<File> {
    let exact = format!("{code}.toml");
    if let Some((_, file)) = dir.iter().find(|(name, _)| *name == exact) {
        return Some(file.clone());
    }
    let mut other: Vec<&(String, File)> = dir
        .iter()
        .filter(|(name, _)| name.strip_suffix(".toml").is_some_and(|stem| stem.eq_ignore_ascii_case(code)))
        .collect();
    other.sort_by(|a, b| a.0.cmp(&b.0));
    other.first().map(|(_, file)| file.clone())
}

/// Read the tables of `languages` (the default first). With no table anywhere (a site with its own
/// templates and no `i18n/`), the result is empty and only a lookup fails.
pub fn load(root: &Path, theme: Option<&str>, languages: &[&str]) -> Result<Strings, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let mut tables = Vec::new();
    let mut found: Vec<(&str, Option<PathBuf>)> = Vec::new();
    for lang in languages {
        let files = files(root, theme, lang);
        let mut table = Table { lang: (*lang).into(), ..Table::default() };
        for file in &files {
            match read(file) {
                Ok(strings) => table.strings.extend(strings),
                Err(d) => diagnostics.push(d),
            }
            table.file = file.shown.clone();
        }
        found.push((lang, files.last().map(|f| f.shown.clone())));
        tables.push(table);
    }
    if found.iter().any(|(_, file)| file.is_some()) {
        for (lang, _) in found.iter().filter(|(_, file)| file.is_none()) {
            let primary = lang.split(['-', '_']).next().unwrap_or(lang);
            let general =
                if primary.eq_ignore_ascii_case(lang) { String::new() } else { format!(" or i18n/{primary}.toml") };
            let place = theme.map_or_else(String::new, |t| format!(" (or the same in themes/{t}/i18n/)"));
            diagnostics.push(
                Diagnostic::file("site.toml", format!("the language `{lang}` has no i18n table")).with_hint(format!(
                    "add i18n/{lang}.toml{general}{place}, with the same keys as the other languages' tables"
                )),
            );
        }
        // A key one language has and another lacks: reported at the file that lacks it.
        let present: Vec<&Table> = tables.iter().filter(|t| !t.file.as_os_str().is_empty()).collect();
        for table in &present {
            for other in &present {
                for key in other.strings.keys().filter(|k| !table.strings.contains_key(*k)) {
                    if present.iter().take_while(|t| t.lang != other.lang).any(|t| t.strings.contains_key(key)) {
                        continue; // named once, after the first language that has it
                    }
                    diagnostics.push(
                        Diagnostic::file(
                            &table.file,
                            format!("{}, which `{}` has", missing_message(&table.lang, key), other.lang),
                        )
                        .with_hint(if table.file.starts_with("i18n") {
                            format!("add `{key} = \"…\"` to {}", table.file.display())
                        } else {
                            // The theme's table: the site's own file overrides it key by key.
                            let file = table.file.display();
                            format!("add `{key} = \"…\"` to the site's i18n/{}.toml (or to {file})", table.lang)
                        }),
                    );
                }
            }
        }
    }
    if diagnostics.is_empty() { Ok(Strings { tables }) } else { Err(diagnostics) }
}

/// The strings of one file, which must be a flat table of strings.
fn read(file: &File) -> Result<BTreeMap<String, String>, Diagnostic> {
    let shown = file.shown.as_path();
    let text =
        file.read_to_string().map_err(|e| Diagnostic::file(shown, format!("cannot read the i18n table: {e}")))?;
    crate::diag::refuse_control_characters(shown, &text, 0, &text)?;
    let table: BTreeMap<String, toml::Spanned<toml::Value>> =
        toml::from_str(&text).map_err(|e| crate::diag::from_toml_error(shown, &text, 0, &e))?;
    table
        .into_iter()
        .map(|(key, value)| {
            let at = value.span().start;
            match value.into_inner() {
                toml::Value::String(s) => Ok((key, s)),
                other => Err(Diagnostic::at(shown, &text, at, {
                    let kind = other.type_str();
                    let a = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                    format!("the i18n string `{key}` is {a} {kind}, not a string")
                })
                .with_hint(format!("an i18n table is flat: write `{key} = \"text\"`, each key a string"))),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn errors(result: Result<Strings, Vec<Diagnostic>>) -> Vec<String> {
        result.unwrap_err().iter().map(|d| format!("{}: {}", d.path.display(), d.message)).collect()
    }

    #[test]
    fn the_site_overrides_the_theme_key_by_key_and_a_code_falls_back_to_its_primary_subtag() {
        let dir = site(&[
            ("themes/t/i18n/zh.toml", "toc = \"本页目录\"\nprev = \"上一篇\"\n"),
            ("themes/t/i18n/en.toml", "toc = \"On this page\"\nprev = \"Previous\"\n"),
            ("i18n/en-GB.toml", "prev = \"Previous page\"\n"),
        ]);
        let strings = load(dir.path(), Some("t"), &["zh-Hans", "en-GB"]).unwrap();
        let (zh, en) = (strings.table("zh-Hans").unwrap(), strings.table("en-GB").unwrap());
        assert_eq!((zh.get("toc"), zh.get("prev")), (Some("本页目录"), Some("上一篇")));
        assert_eq!((en.get("toc"), en.get("prev")), (Some("On this page"), Some("Previous page")));
        assert_eq!(en.must_get("next").unwrap_err(), "the language `en-GB` has no string `next` in its i18n table");
    }

    #[test]
    fn a_key_one_language_lacks_is_named_with_the_language_at_its_file() {
        let dir = site(&[
            ("themes/t/i18n/zh.toml", "toc = \"本页目录\"\nprev = \"上一篇\"\n"),
            ("themes/t/i18n/en.toml", "toc = \"On this page\"\n"),
        ]);
        assert_eq!(
            errors(load(dir.path(), Some("t"), &["zh-Hans", "en"])),
            ["themes/t/i18n/en.toml: the language `en` has no string `prev` in its i18n table, which `zh-Hans` has"]
        );
    }

    #[test]
    fn a_language_with_no_table_is_an_error_once_any_language_has_one() {
        let dir = site(&[("themes/t/i18n/zh.toml", "toc = \"本页目录\"\n")]);
        assert_eq!(
            errors(load(dir.path(), Some("t"), &["zh-Hans", "fr"])),
            ["site.toml: the language `fr` has no i18n table"]
        );
        // No table anywhere: nothing to load, and only a lookup fails.
        let strings = load(dir.path(), None, &["en"]).unwrap();
        assert!(strings.table("en").unwrap().get("toc").is_none());
        assert_eq!(strings.require("en", &["cite"], "a cite").len(), 1);
    }

    #[test]
    fn codes_ignore_case_in_file_names_and_lookups() {
        let dir = site(&[
            ("themes/t/i18n/zh.toml", "toc = \"本页目录\"\n"),
            ("themes/t/i18n/en.toml", "toc = \"On this page\"\n"),
            ("i18n/en-gb.toml", "toc = \"Contents\"\n"),
        ]);
        // `EN` is read from en.toml; `en-GB` from en-gb.toml; `ZH-hANS` falls back to zh.toml.
        let strings = load(dir.path(), Some("t"), &["ZH-hANS", "EN", "en-GB"]).unwrap();
        assert_eq!(strings.table("zh-Hans").and_then(|t| t.get("toc")), Some("本页目录"));
        assert_eq!(strings.table("en").and_then(|t| t.get("toc")), Some("On this page"));
        assert_eq!(strings.table("EN-gb").and_then(|t| t.get("toc")), Some("Contents"));
    }

    #[test]
    fn hints_name_each_file_once_the_sites_own_first() {
        let hints = |result: Result<Strings, Vec<Diagnostic>>| -> Vec<String> {
            result.unwrap_err().iter().map(|d| d.hint.clone().unwrap_or_default()).collect()
        };
        let dir = site(&[("themes/t/i18n/zh.toml", "toc = \"本页目录\"\nprev = \"上一篇\"\n")]);
        let missing = hints(load(dir.path(), Some("t"), &["zh-Hans", "EN"]));
        assert_eq!(
            missing,
            ["add i18n/EN.toml (or the same in themes/t/i18n/), with the same keys as the other languages' tables"]
        );
        let dir = site(&[("i18n/zh.toml", "toc = \"本页目录\"\n")]);
        let missing = hints(load(dir.path(), None, &["zh-Hans", "fr-CA"]));
        assert_eq!(missing, ["add i18n/fr-CA.toml or i18n/fr.toml, with the same keys as the other languages' tables"]);
        let dir = site(&[
            ("themes/t/i18n/zh.toml", "toc = \"本页目录\"\nprev = \"上一篇\"\n"),
            ("themes/t/i18n/en.toml", "toc = \"On this page\"\n"),
            ("i18n/zh.toml", "toc = \"目录\"\n"),
        ]);
        assert_eq!(
            hints(load(dir.path(), Some("t"), &["zh-Hans", "en"])),
            ["add `prev = \"…\"` to the site's i18n/en.toml (or to themes/t/i18n/en.toml)"]
        );
        let dir = site(&[("i18n/zh.toml", "toc = \"目录\"\nprev = \"上一篇\"\n"), ("i18n/en.toml", "toc = \"x\"\n")]);
        assert_eq!(hints(load(dir.path(), None, &["zh-Hans", "en"])), ["add `prev = \"…\"` to i18n/en.toml"]);
    }

    #[test]
    fn bad_toml_and_values_that_are_not_strings_are_placed_in_the_file() {
        let dir = site(&[("i18n/en.toml", "toc = \"On this page\"\ncount = 3\n")]);
        let d = load(dir.path(), None, &["en"]).unwrap_err();
        assert_eq!((d[0].line, d[0].col), (2, 9));
        assert!(d[0].message.contains("`count` is an integer, not a string"), "{}", d[0].message);
        let dir = site(&[("i18n/zh.toml", "toc = \"本页目录\n")]);
        let d = load(dir.path(), None, &["zh-Hans"]).unwrap_err();
        assert_eq!((d[0].path.display().to_string(), d[0].line), ("i18n/zh.toml".into(), 1));
        let dir = site(&[("i18n/en.toml", "[nested]\ntoc = \"x\"\n")]);
        let d = load(dir.path(), None, &["en"]).unwrap_err();
        assert!(d[0].message.contains("`nested` is a table"), "{}", d[0].message);
    }

    #[test]
    fn placeholders_are_filled_by_name_in_any_language() {
        let zh = Table::new("zh-Hans", [("read", "约 {minutes} 分钟读完")]);
        let en = Table::new("en", [("read", "{minutes} min read")]);
        assert_eq!(zh.fill("read", &[("minutes", "3")]), "约 3 分钟读完");
        assert_eq!(en.fill("read", &[("minutes", "3")]), "3 min read");
    }
}
