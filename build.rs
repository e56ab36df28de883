//! Embeds the default theme (`themes/longform/`) in the binary, so `dossier init` can write a new
//! site that builds without anything else.

use std::path::Path;

fn main() {
    let theme = Path::new("themes/longform");
    println!("cargo:rerun-if-changed=themes/longform");
    let mut files = Vec::new();
    if theme.is_dir() {
        for entry in walkdir::WalkDir::new(theme).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if entry.file_type().is_file() {
                println!("cargo:rerun-if-changed={}", entry.path().display());
                let rel = entry.path().strip_prefix(theme).unwrap().to_string_lossy().replace('\\', "/");
                let abs = std::fs::canonicalize(entry.path()).unwrap();
                files.push(format!("    ({rel:?}, include_bytes!({:?})),\n", abs.display().to_string()));
            } else if entry.file_type().is_dir() {
                println!("cargo:rerun-if-changed={}", entry.path().display());
            }
        }
    }
    let code = format!(
        "/// The default theme's files: (path inside the theme, bytes).\npub const FILES: &[(&str, &[u8])] = &[\n{}];\n",
        files.concat()
    );
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("default_theme.rs");
    std::fs::write(out, code).unwrap();
}
