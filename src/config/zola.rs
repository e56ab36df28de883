//! Zola's `config.toml`, read when a site has no `site.toml`: its keys mapped onto dossier's
//! (`default_language` -> `language`, `build_search_index` -> `[search] enabled`,
//! `[markdown.highlighting]` -> the highlight themes, `[slugify] anchors` -> heading ids), and
//! every key that means nothing here named in one warning, so that a Zola site builds as it is.

use std::path::Path;

use toml::{Table, Value};

use super::Config;
use crate::diag::{self, Diagnostic};

/// Keys of `[markdown]` (and `[markdown.highlighting]`) and what they become.
fn markdown(value: Value, into: &mut Table, ignored: &mut Vec<String>, at: &str) {
    let Value::Table(table) = value else {
        ignored.push(at.to_string());
        return;
    };
    for (key, value) in table {
        match key.as_str() {
            // Zola's, and dossier's own image settings, which a Zola site may add.
            "highlight_code" | "smart_punctuation" | "image_srcset" | "image_sizes" => {
                into.insert(key, value);
            }
            // One theme for both schemes, or one for each.
            "highlight_theme" | "theme" => {
                into.insert("highlight_theme_light".into(), value.clone());
                into.insert("highlight_theme_dark".into(), value);
            }
            "light_theme" => {
                into.insert("highlight_theme_light".into(), value);
            }
            "dark_theme" => {
                into.insert("highlight_theme_dark".into(), value);
            }
            "highlighting" => {
                // Zola highlights once the table is there.
                into.entry("highlight_code").or_insert(Value::Boolean(true));
                markdown(value, into, ignored, &format!("{at}.highlighting"));
            }
            _ => ignored.push(format!("{at}.{key}")),
        }
    }
}

/// Zola's taxonomy entries keep their name and pagination; the rest (feeds, …) is named as ignored.
fn taxonomies(value: Value, ignored: &mut Vec<String>, at: &str) -> Value {
    let Value::Array(list) = value else {
        ignored.push(at.to_string());
        return Value::Array(Vec::new());
    };
    let kept = list.into_iter().filter_map(|entry| {
        let Value::Table(mut entry) = entry else { return None };
        let mut kept = Table::from_iter([("name".to_string(), entry.remove("name")?)]);
        for key in ["paginate_by", "paginate_path"] {
            if let Some(value) = entry.remove(key) {
                kept.insert(key.to_string(), value);
            }
        }
        for key in entry.keys() {
            let spelled = format!("{at}.{key}");
            if !ignored.contains(&spelled) {
                ignored.push(spelled);
            }
        }
        Some(Value::Table(kept))
    });
    Value::Array(kept.collect())
}

/// `[languages.CODE]`: title, description, taxonomies and search carry over.
fn language(value: Value, ignored: &mut Vec<String>, at: &str) -> Table {
    let mut out = Table::new();
    let Value::Table(table) = value else {
        ignored.push(at.to_string());
        return out;
    };
    for (key, value) in table {
        match key.as_str() {
            "title" | "description" => {
                out.insert(key, value);
            }
            "taxonomies" => {
                out.insert(key, taxonomies(value, ignored, &format!("{at}.taxonomies")));
            }
            "build_search_index" => {
                out.insert("search".into(), value);
            }
            "generate_feeds" | "generate_feed" => {}
            "feed_filenames" | "feed_filename" => feeds(&value, ignored, &format!("{at}.{key}")),
            _ => ignored.push(format!("{at}.{key}")),
        }
    }
    out
}

/// dossier writes an Atom feed, `atom.xml`: another file name asks for what it does not make.
fn feeds(value: &Value, ignored: &mut Vec<String>, at: &str) {
    let names: Vec<&str> = match value {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if names.iter().any(|n| *n != "atom.xml") {
        ignored.push(format!("{at} (dossier writes atom.xml only)"));
    }
}

/// Read Zola's `config.toml` text as dossier's configuration.
pub(crate) fn parse(path: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let zola: Table = diag::parse_toml_all(path, text, 0, text)?;
    let mut ignored: Vec<String> = Vec::new();
    let mut out = Table::new();
    let mut markdown_table = Table::new();
    let mut search = Table::new();
    let mut languages = Table::new();
    let mut heading_ids = "zola";
    // Zola's title is optional; dossier's is not.
    out.insert("title".into(), zola.get("title").cloned().unwrap_or(Value::String(String::new())));
    let default_language = zola.get("default_language").and_then(Value::as_str).unwrap_or("en").to_string();
    for (key, value) in zola {
        match key.as_str() {
            "title" => {}
            "base_url" | "description" | "theme" | "extra" | "compile_sass" | "exclude_paginated_pages_in_sitemap" => {
                out.insert(key, value);
            }
            "default_language" => {
                out.insert("language".into(), value);
            }
            "build_search_index" => {
                search.insert("enabled".into(), value);
            }
            "taxonomies" => {
                out.insert(key, taxonomies(value, &mut ignored, "taxonomies"));
            }
            "markdown" => markdown(value, &mut markdown_table, &mut ignored, "markdown"),
            "slugify" => match value.get("anchors").and_then(Value::as_str) {
                // Zola's default ("on") makes `load_data` `load-data`; the others keep the text.
                Some("on") | None => {}
                Some(_) => heading_ids = "dossier",
            },
            "languages" => {
                let Value::Table(table) = value else {
                    ignored.push(key);
                    continue;
                };
                for (code, table) in table {
                    let mapped = language(table, &mut ignored, &format!("languages.{code}"));
                    if code == default_language {
                        // Zola lets the default language have a table: its keys are the top level's.
                        for (k, v) in mapped {
                            let k = if k == "search" { "build_search_index".to_string() } else { k };
                            match k.as_str() {
                                "build_search_index" => {
                                    search.insert("enabled".into(), v);
                                }
                                _ => {
                                    out.insert(k, v);
                                }
                            }
                        }
                    } else {
                        languages.insert(code, Value::Table(mapped));
                    }
                }
            }
            "generate_feeds" | "generate_feed" => {}
            "feed_filenames" | "feed_filename" => feeds(&value, &mut ignored, &key),
            _ => ignored.push(key),
        }
    }
    // Zola makes no search index unless asked.
    search.entry("enabled").or_insert(Value::Boolean(false));
    markdown_table.entry("heading_ids").or_insert(Value::String(heading_ids.into()));
    out.insert("search".into(), Value::Table(search));
    out.insert("markdown".into(), Value::Table(markdown_table));
    if !languages.is_empty() {
        out.insert("languages".into(), Value::Table(languages));
    }
    let config = typed(path, text, out)?;
    let mut config = config.checked(path, text)?;
    if !ignored.is_empty() {
        let first = ignored.iter().filter_map(|k| text.find(k.split('.').next_back().unwrap_or(k))).min();
        config.warnings.push(
            Diagnostic::at(
                path,
                text,
                first.unwrap_or(0),
                format!(
                    "{} Zola settings mean nothing to dossier and are left out: {}",
                    ignored.len(),
                    ignored.join(", ")
                ),
            )
            .with_hint("the site builds without them; delete them, or write a site.toml to use dossier's own keys"),
        );
    }
    Ok(config)
}

/// The mapped table as a `Config`; a value of the wrong type is reported at the Zola key it came
/// from, each of them.
fn typed(path: &Path, text: &str, mut out: Table) -> Result<Config, Vec<Diagnostic>> {
    let first = match Value::Table(out.clone()).try_into::<Config>() {
        Ok(config) => return Ok(config),
        Err(e) => e,
    };
    // Which keys fail alone (beside the required ones, taken as written when they are right).
    let required = ["title", "base_url"];
    let mut problems = Vec::new();
    for key in out.keys().cloned().collect::<Vec<_>>() {
        let mut alone: Table = required
            .iter()
            .map(|k| (k.to_string(), Value::String(if *k == "base_url" { "https://e.org/" } else { "" }.into())))
            .collect();
        alone.insert(key.clone(), out[&key].clone());
        if let Err(e) = Value::Table(alone).try_into::<Config>() {
            let zola_key = match key.as_str() {
                "language" => "default_language",
                "search" => "build_search_index",
                other => other,
            };
            let at = text.find(zola_key).unwrap_or(0);
            problems.push(
                Diagnostic::at(path, text, at, format!("`{zola_key}`: {}", e.message().trim()))
                    .with_hint("the values of Zola's keys must have the types Zola documents"),
            );
            out.remove(&key);
        }
    }
    match Value::Table(out).try_into::<Config>() {
        // The rest is checked too, so that one run reports every problem.
        Ok(rest) => problems.extend(rest.checked(path, text).err().unwrap_or_default()),
        Err(_) if problems.is_empty() => problems.push(
            Diagnostic::at(path, text, 0, first.message().trim().to_string())
                .with_hint("the values of Zola's keys must have the types Zola documents"),
        ),
        Err(_) => {}
    }
    problems.sort_by_key(|d| (d.line, d.col));
    Err(problems)
}

#[cfg(test)]
mod tests;
