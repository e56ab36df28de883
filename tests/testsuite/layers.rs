//! The layers of `src/` as ARCHITECTURE.md writes them (the fenced `layers` block, top first): a
//! module may use only the modules on the lines below its own. Every `crate::` path in `src/` is
//! checked, so an upward import (or a cycle, which needs one) fails here, naming the file, the line
//! and the two modules.

use std::collections::BTreeSet;
use std::path::Path;

/// The layer order: top-level modules, one line per layer, the top layer first.
fn layers(architecture: &str) -> Vec<Vec<String>> {
    let block = architecture
        .split("```layers\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("ARCHITECTURE.md has a ```layers block");
    block
        .lines()
        .map(|line| line.split_whitespace().map(String::from).collect())
        .filter(|l: &Vec<_>| !l.is_empty())
        .collect()
}

/// The top-level modules a line of Rust names through `crate::`: `crate::a::b`, `crate::{a, b::c}`.
fn crate_paths(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices("crate::") {
        // `dossier::crate::` cannot occur; `$crate::` in macros can.
        if line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &line[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        found.push(group[start..i].to_string());
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(group[start..i].to_string());
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            found.push(rest.to_string());
        }
    }
    found
        .iter()
        .map(|path| path.trim().split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("").to_string())
        .filter(|name| !name.is_empty() && name != "self")
        .collect()
}

/// The top-level module a file of `src/` belongs to (`None` for the crate roots).
fn module_of(rel: &str) -> Option<String> {
    let first = rel.split('/').next()?;
    match first {
        "lib.rs" | "main.rs" => None,
        _ => Some(first.trim_end_matches(".rs").to_string()),
    }
}

/// Every import of `src` that reaches a layer above its module's, as `file:line: a uses b`; and
/// every module missing from the layers.
fn violations(src: &Path, layers: &[Vec<String>]) -> Vec<String> {
    let rank = |module: &str| layers.iter().position(|layer| layer.iter().any(|m| m == module));
    let mut problems = Vec::new();
    let mut files: Vec<_> = walkdir::WalkDir::new(src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    let mut unlisted = BTreeSet::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap().to_string_lossy().replace('\\', "/");
        let Some(module) = module_of(&rel) else { continue };
        let Some(own) = rank(&module) else {
            unlisted.insert(module);
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for used in crate_paths(line) {
                match rank(&used) {
                    // A line below is a layer below (the top layer is line 0).
                    Some(theirs) if theirs > own || used == module => {}
                    Some(_) => problems.push(format!(
                        "src/{rel}:{}: `{module}` uses `{used}`, which is not in a layer below it",
                        n + 1
                    )),
                    None => {
                        unlisted.insert(used);
                    }
                }
            }
        }
    }
    problems.extend(unlisted.into_iter().map(|m| format!("the module `{m}` is in no layer of ARCHITECTURE.md")));
    problems
}

#[test]
fn no_module_uses_a_layer_above_its_own() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let layers = layers(&architecture);
    assert!(layers.len() > 5, "the layers block lists the layers: {layers:?}");
    let problems = violations(&root.join("src"), &layers);
    assert!(problems.is_empty(), "upward imports:\n{}", problems.join("\n"));
}

/// The check itself: an upward import, a sibling's and an unlisted module are found; grouped
/// paths are read.
#[test]
fn an_upward_import_is_reported_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("low")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod high;\npub mod low;\n").unwrap();
    std::fs::write(src.join("high.rs"), "use crate::low::Thing;\n").unwrap();
    std::fs::write(src.join("side.rs"), "// crate::high in a comment\n").unwrap();
    std::fs::write(src.join("low/mod.rs"), "use crate::{self as c, side::S};\nfn f() { crate::high::g() }\n").unwrap();
    std::fs::write(src.join("low/more.rs"), "use crate::extra;\n").unwrap();
    let layers = layers("text\n```layers\nhigh\nside low\n```\n");
    assert_eq!(
        violations(src, &layers),
        [
            "src/low/mod.rs:1: `low` uses `side`, which is not in a layer below it",
            "src/low/mod.rs:2: `low` uses `high`, which is not in a layer below it",
            "the module `extra` is in no layer of ARCHITECTURE.md",
        ]
    );
}
