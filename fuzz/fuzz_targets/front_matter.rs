//! Any bytes as a content file: splitting at the `+++` fences and parsing the TOML as a page's and
//! a section's front matter must end in a value or a diagnostic inside the file, never a panic.
#![no_main]

use std::path::Path;

use dossier::content::front_matter::{PageFrontMatter, SectionFrontMatter, parse, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let path = Path::new("content/fuzz.md");
    let Ok(parts) = split(path, text) else { return };
    assert!(parts.toml_start <= parts.body_start && parts.body_start <= text.len());
    for result in [parse::<PageFrontMatter>(path, text, &parts).err(), parse::<SectionFrontMatter>(path, text, &parts).err()]
        .into_iter()
        .flatten()
        .flatten()
    {
        assert!(result.line >= 1 && result.line <= text.lines().count() + 1, "{result}");
    }
});
