//! Any request path against the live preview's lookup: it never panics, and whatever file name it
//! gives back stays inside the site (no `.` or `..` segment, no backslash, no NUL, not absolute).
#![no_main]

use dossier::serve::{Lookup, lookup};
use libfuzzer_sys::fuzz_target;

fn inside(file: &str) -> bool {
    !file.starts_with('/')
        && !file.contains(['\\', '\0'])
        && file.split('/').all(|part| part != ".." && part != ".")
}

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else { return };
    for base in ["/", "/dossier/"] {
        for request in [path.to_string(), format!("{base}{path}")] {
            if let Lookup::File { file, folder } = lookup(base, &request) {
                assert!(inside(&file), "{request:?} -> {file:?}");
                assert!(folder.as_deref().is_none_or(inside), "{request:?} -> {folder:?}");
            }
        }
    }
});
