//! Any user-written site path against `path::normalise`: it never panics, and whatever it
//! accepts stays inside the output folder once made a file name (no `.` or `..` segment, even
//! percent-decoded; no backslash, `:`, control character or empty segment; not absolute), and is
//! accepted again unchanged (normalising twice changes nothing). Nothing longer than `MAX_LEN`
//! is accepted, and a writer refuses a file path that `index.html` made too long.
#![no_main]

use dossier::path::{MAX_LEN, PathError, normalise, output_file, segment};
use libfuzzer_sys::fuzz_target;

fn inside(path: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    !path.starts_with('/')
        && !path.contains(['\\', ':'])
        && !path.chars().any(char::is_control)
        && path.trim_end_matches('/').split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && decoded.split(['/', '\\']).all(|part| part != "." && part != "..")
}

fuzz_target!(|data: &[u8]| {
    let Ok(path) = std::str::from_utf8(data) else { return };
    if let Ok(normal) = normalise(path) {
        assert!(normal.is_empty() || inside(&normal), "{path:?} -> {normal:?}");
        assert!(normal.len() <= MAX_LEN, "{path:?} is too long");
        if !normal.is_empty() {
            assert_eq!(normalise(&normal).as_ref(), Ok(&normal), "{path:?} normalised twice");
        }
        let file = if normal.is_empty() || normal.ends_with('/') { format!("{normal}index.html") } else { normal };
        let expect = if file.len() > MAX_LEN { Err(PathError::PathTooLong) } else { Ok(file.as_str()) };
        assert_eq!(output_file(&file), expect, "{path:?}");
    }
    if segment(path).is_ok() {
        assert!(inside(path) && !path.contains('/'), "segment {path:?}");
    }
});
