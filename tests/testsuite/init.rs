//! `dossier init`: a new site that builds as it is, with the default theme, in the language asked for.

use std::path::Path;

use crate::util::dossier;

/// `dossier init` into a new folder of a temporary one, with `args` after the folder.
fn init(dir: &tempfile::TempDir, args: &[&str]) -> std::path::PathBuf {
    let target = dir.path().join("new");
    let run = dossier(&[&["init", target.to_str().unwrap()], args].concat());
    assert!(run.ok(), "{}", run.stderr);
    target
}

/// Build and check `site`: both succeed with no warning.
fn builds_without_warnings(site: &Path) {
    let root = site.to_str().unwrap();
    let build = dossier(&["build", "--root", root]);
    assert!(build.ok(), "{}", build.stderr);
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    let check = dossier(&["check", "--root", root]);
    let all = format!("{}{}", String::from_utf8_lossy(&check.output.stdout), check.stderr);
    assert!(check.ok(), "{all}");
    assert!(all.contains("0 errors, 0 warnings"), "{all}");
    assert!(all.contains("4 of 4 paragraphs cited (100%)"), "{all}");
}

/// The text of `site.toml` and of every file below `content/`.
fn written_text(site: &Path) -> Vec<(String, String)> {
    let mut files = vec![("site.toml".to_string(), std::fs::read_to_string(site.join("site.toml")).unwrap())];
    for entry in walkdir::WalkDir::new(site.join("content")).sort_by_file_name().into_iter().flatten() {
        if entry.file_type().is_file() {
            files.push((entry.path().display().to_string(), std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    files
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// `markdown` without its markup: what is inside `{…}`, `<…>`, `(…)` and backticks is left out.
fn prose(markdown: &str) -> String {
    let (mut depth, mut code) = (0usize, false);
    let mut out = String::new();
    for c in markdown.chars() {
        match c {
            '`' => code = !code,
            '{' | '<' | '(' => depth += 1,
            '}' | '>' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 && !code => out.push(c),
            _ => {}
        }
    }
    out
}

/// What both languages make: a source, an overview citing it, an entity, a timeline event, and the
/// /timeline/ and /entities/ pages listing them.
fn has_the_dossier_pages(site: &Path, entity: &str, event: &str) {
    for page in ["index.html", "overview/index.html", "source/index.html", "timeline/index.html", "entities/index.html"]
    {
        assert!(site.join("public").join(page).is_file(), "{page}");
    }
    let read = |page: &str| std::fs::read_to_string(site.join("public").join(page)).unwrap();
    assert!(read("timeline/index.html").contains(event), "the timeline lists the event");
    assert!(read("entities/index.html").contains(&format!("/entities/{entity}/")), "/entities/ lists the entity");
    let overview = read("overview/index.html");
    assert!(overview.contains(&format!("href=\"/entities/{entity}/\"")), "the overview links the entity it names");
    assert!(overview.contains("class=\"source-quote\""), "the overview quotes the source");
    assert!(read("source/index.html").contains("id=\"p4\""), "the source has four numbered paragraphs");
}

#[test]
fn init_makes_a_buildable_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let target = init(&dir, &[]);
    assert!(target.join("themes/longform/templates/page.html").is_file());
    // What a build makes in the root stays out of git.
    assert_eq!(std::fs::read_to_string(target.join(".gitignore")).unwrap(), "/public/\n/.dossier-cache/\n");
    // Without --lang the content is Chinese, as the shipped dossier.
    let site = std::fs::read_to_string(target.join("site.toml")).unwrap();
    assert!(site.contains("language = \"zh-Hans\""), "{site}");
    builds_without_warnings(&target);
    let mut names: Vec<String> =
        std::fs::read_dir(&target).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let expected = [".dossier-cache", ".gitignore", "content", "public", "site.toml", "static", "templates", "themes"];
    assert_eq!(names, expected, "a build adds only what .gitignore names");
}

#[test]
fn init_in_english_and_in_chinese() {
    let english = tempfile::tempdir().unwrap();
    let en = init(&english, &["--lang", "en"]);
    let chinese = tempfile::tempdir().unwrap();
    let zh = init(&chinese, &["--lang", "zh"]);
    assert!(std::fs::read_to_string(en.join("site.toml")).unwrap().contains("language = \"en\"\n"));
    assert!(std::fs::read_to_string(zh.join("site.toml")).unwrap().contains("language = \"zh-Hans\"\n"));
    // The English scaffold has no Han character, comments included.
    for (path, text) in written_text(&en) {
        assert!(!text.chars().any(is_han), "{path} has Han characters:\n{text}");
    }
    // Every Chinese file is Chinese: in the comments of site.toml and in the text after each front
    // matter (markup left out), Han characters outnumber Latin letters.
    for (path, text) in written_text(&zh) {
        let comments: String = text.lines().filter_map(|l| l.trim().strip_prefix('#')).collect();
        let body = if path == "site.toml" { comments.as_str() } else { text.rsplit("+++").next().unwrap() };
        let words = prose(body);
        let han = words.chars().filter(|c| is_han(*c)).count();
        let latin = words.chars().filter(char::is_ascii_alphabetic).count();
        assert!(han > latin, "{path}: {han} Han, {latin} Latin letters:\n{text}");
    }
    builds_without_warnings(&en);
    builds_without_warnings(&zh);
    // Built, the English dossier has no Han character anywhere: interface, dates, search.
    let (checked, han) = crate::util::han_in_outputs(&en.join("public"));
    assert!(checked > 10 && han.is_empty(), "{checked} files checked; Han characters: {han:?}");
    has_the_dossier_pages(&en, "ana-ruiz", "The council votes to rebuild the footbridge");
    has_the_dossier_pages(&zh, "lin-xiuying", "镇议会表决重建步行桥");
}

#[test]
fn init_takes_bcp47_codes_by_language() {
    for (code, written) in [("en-GB", "en"), ("EN", "en"), ("zh-Hans", "zh-Hans"), ("zh-CN", "zh-Hans")] {
        let dir = tempfile::tempdir().unwrap();
        let target = init(&dir, &["--lang", code]);
        let site = std::fs::read_to_string(target.join("site.toml")).unwrap();
        assert!(site.contains(&format!("language = \"{written}\"\n")), "{code}: {site}");
    }
}

#[test]
fn init_refuses_a_language_it_has_no_text_for() {
    for (code, says) in [("fr", "no starting content in `fr`"), ("not a code", "is not a BCP 47 language code")] {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("new");
        let run = dossier(&["init", target.to_str().unwrap(), "--lang", code]);
        assert_eq!(run.code(), Some(2), "{}", run.stderr);
        assert!(run.stderr.contains(says), "{}", run.stderr);
        assert!(run.stderr.contains("use one of: en, zh-Hans"), "{}", run.stderr);
        assert!(!target.exists(), "nothing is written");
    }
}

#[test]
fn init_refuses_a_folder_with_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    for args in [&[][..], &["--lang", "en"][..]] {
        let run = dossier(&[&["init", dir.path().to_str().unwrap()][..], args].concat());
        assert_eq!(run.code(), Some(2));
        assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing is written");
    }
}
