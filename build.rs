//! Embeds in the binary the default theme (`themes/longform/`), which a site naming it builds with
//! when it has no copy (and `dossier init` writes), and the starting content in each language
//! (`src/init/scaffold/<language code>/`), so a new site builds without anything else.

use std::path::Path;

fn main() {
    let theme = format!(
        "/// The default theme's files: (path inside the theme, bytes).\npub const FILES: &[(&str, &[u8])] = &[\n{}];\n",
        files(Path::new("themes/longform")).concat()
    );
    write("default_theme.rs", &theme);

    let scaffolds = Path::new("src/init/scaffold");
    println!("cargo:rerun-if-changed={}", scaffolds.display());
    let mut languages: Vec<_> = std::fs::read_dir(scaffolds)
        .map(|entries| entries.filter_map(Result::ok).filter(|e| e.path().is_dir()).map(|e| e.path()).collect())
        .unwrap_or_default();
    languages.sort();
    let entries: Vec<String> = languages
        .iter()
        .map(|dir| {
            let code = dir.file_name().unwrap().to_string_lossy();
            format!("    ({code:?}, &[\n{}    ]),\n", files(dir).iter().map(|f| format!("    {f}")).collect::<String>())
        })
        .collect();
    let scaffold = format!(
        "/// Files to write: (path, bytes).\npub type Files = &'static [(&'static str, &'static [u8])];\n\n/// The starting content of a new site in each language: (language code, files).\npub const SCAFFOLDS: &[(&str, Files)] = &[\n{}];\n",
        entries.concat()
    );
    write("scaffold.rs", &scaffold);
}

/// An `include_bytes!` line for each file below `dir`, in name order, named by its path inside it.
fn files(dir: &Path) -> Vec<String> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if entry.file_type().is_file() {
                println!("cargo:rerun-if-changed={}", entry.path().display());
                let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                let abs = std::fs::canonicalize(entry.path()).unwrap();
                files.push(format!("    ({rel:?}, include_bytes!({:?})),\n", abs.display().to_string()));
            } else if entry.file_type().is_dir() {
                println!("cargo:rerun-if-changed={}", entry.path().display());
            }
        }
    }
    files
}

fn write(name: &str, code: &str) {
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join(name);
    std::fs::write(out, code).unwrap();
}
