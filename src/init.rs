//! `dossier init DIR [--lang CODE]`: a new dossier that builds as it is, with the default theme
//! copied in so it can be changed. The starting content, in each language it exists in, is a set of
//! real files under `src/init/scaffold/<language code>/`, embedded by `build.rs`.
//! `dossier init DIR --eject-theme` writes the built-in theme into an existing site's
//! `themes/longform/`, keeping the files the site already has there.

use std::path::Path;

use anyhow::{Context, Result, bail};

mod scaffold {
    include!(concat!(env!("OUT_DIR"), "/scaffold.rs"));
}

/// What a build makes in the site root, kept out of git: the output folder and the cache folder.
const GITIGNORE: &str = "/public/\n/.dossier-cache/\n";

/// The language of a new site when `--lang` is not given.
pub(crate) const DEFAULT_LANGUAGE: &str = "zh-Hans";

/// The starting content of a new site in one language.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scaffold {
    /// The language code the content is written in, as `site.toml` names it.
    pub(crate) code: &'static str,
    files: scaffold::Files,
}

/// The starting content for the BCP 47 language code `code`: the scaffold of the same language
/// (primary subtag), so `en-GB` gets `en` and `zh-CN` gets `zh-Hans`. An error lists the codes
/// there is content for.
pub(crate) fn scaffold_for(code: &str) -> Result<Scaffold, String> {
    let available = || scaffold::SCAFFOLDS.iter().map(|(c, _)| *c).collect::<Vec<_>>().join(", ");
    let primary = |code: &str| icu_locale_core::LanguageIdentifier::try_from_str(code).ok().map(|id| id.language);
    let Some(wanted) = primary(code) else {
        return Err(format!("`{code}` is not a BCP 47 language code; use one of: {}", available()));
    };
    scaffold::SCAFFOLDS
        .iter()
        .find(|(c, _)| primary(c) == Some(wanted))
        .map(|&(code, files)| Scaffold { code, files })
        .ok_or_else(|| format!("there is no starting content in `{code}`; use one of: {}", available()))
}

/// Write a new site in the language of `scaffold` into `dir`, which must be missing or empty.
pub(crate) fn init(dir: &Path, scaffold: Scaffold) -> Result<()> {
    if dir.exists() && dir.read_dir().with_context(|| format!("cannot read {}", dir.display()))?.next().is_some() {
        bail!("{} is not empty; choose a new folder for the dossier", dir.display());
    }
    let files = scaffold.files.iter().map(|(path, bytes)| (path.to_string(), *bytes));
    let gitignore = (".gitignore".to_string(), GITIGNORE.as_bytes());
    for (path, bytes) in files.chain([gitignore]).chain(theme_files()) {
        write(&dir.join(&path), bytes)?;
    }
    for empty in ["static", "templates"] {
        std::fs::create_dir_all(dir.join(empty)).with_context(|| format!("cannot create {empty}/"))?;
    }
    Ok(())
}

/// What `eject_theme` did: the files it wrote and those it left as the site has them.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Ejected {
    pub(crate) written: usize,
    pub(crate) kept: Vec<String>,
}

/// Write the built-in theme into `dir/themes/longform/`, each file the site does not have there
/// yet: the site's own files (which override the built-in ones) are kept.
pub(crate) fn eject_theme(dir: &Path) -> Result<Ejected> {
    if !dir.is_dir() {
        bail!("{} is not a folder; name the site's folder (the one holding site.toml)", dir.display());
    }
    let mut ejected = Ejected::default();
    for (path, bytes) in theme_files() {
        let target = dir.join(&path);
        if target.exists() {
            ejected.kept.push(path);
            continue;
        }
        write(&target, bytes)?;
        ejected.written += 1;
    }
    Ok(ejected)
}

/// The built-in theme's files, by their path in a site.
fn theme_files() -> impl Iterator<Item = (String, &'static [u8])> {
    let name = crate::theme::DEFAULT;
    crate::theme::built_in_files().iter().map(move |(path, bytes)| (format!("themes/{name}/{path}"), *bytes))
}

fn write(target: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(target, bytes).with_context(|| format!("cannot write {}", target.display()))
}

#[cfg(test)]
mod tests {
    use super::scaffold_for;

    #[test]
    fn a_code_finds_the_content_of_its_language() {
        for (code, found) in [("en", "en"), ("en-US", "en"), ("zh", "zh-Hans"), ("zh-Hans-CN", "zh-Hans")] {
            assert_eq!(scaffold_for(code).map(|s| s.code), Ok(found), "{code}");
        }
        for code in ["fr", "ja", "", "english", "zh_CN!"] {
            let error = scaffold_for(code).unwrap_err();
            assert!(error.ends_with("use one of: en, zh-Hans"), "{code}: {error}");
        }
    }
}
