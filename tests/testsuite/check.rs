//! `dossier check`: the whole site checked without writing it; links in the outputs (templates
//! too), orphan pages, external links against a loopback server, and the JSON report.

use crate::util::{Site, StaticServer, listener};

fn json(run: &crate::util::Run) -> serde_json::Value {
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{}", run.stderr))
}

#[test]
fn a_root_relative_link_in_a_template_is_an_error_under_a_subpath() {
    let site = Site::fixture("basic");
    let base = std::fs::read_to_string(site.root().join("templates/base.html")).unwrap();
    site.write("templates/base.html", &base.replace("<main>", "<a href=\"/about/\">关于</a><main>"));
    let run = site.run("check", &[]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("index.html (output): error: links to `/about/`, outside the base path `/sub/`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("get_url(path=\"about/\")"), "the hint says what to write: {}", run.stderr);
    assert!(run.stderr.contains("base.html"), "names the template: {}", run.stderr);
    assert!(!site.public().exists(), "check writes nothing");
}

#[test]
fn broken_links_in_content_html_and_missing_anchors() {
    let site = Site::fixture("basic");
    let page = "+++\ntitle = \"甲\"\n+++\n<a href=\"/sub/nope/\">x</a> <a href=\"/sub/overview/#nope\">y</a> [z](/overview/)\n";
    site.write("content/notes/a.md", page);
    let run = site.run("check", &["--format", "json"]);
    assert_eq!(run.code(), Some(1));
    let report = json(&run);
    let messages: Vec<&str> =
        report["errors"].as_array().unwrap().iter().map(|e| e["message"].as_str().unwrap()).collect();
    assert_eq!(
        messages,
        [
            "links to `/sub/nope/`, which the site does not have",
            "links to `/sub/overview/#nope`, but `overview/index.html` has no id `nope`",
        ],
        "{report:#}"
    );
    assert_eq!(report["ok"], false);
}

#[test]
fn an_orphan_page_is_a_warning_and_the_json_shape_is_stable() {
    let site = Site::fixture_with_themes("dossier");
    site.write("content/c.md", "+++\ntitle = \"丙\"\n+++\n丙文。\n");
    let run = site.run("check", &[]);
    assert!(run.ok(), "warnings do not fail: {}", run.stderr);
    assert!(run.stderr.contains("content/c.md: warning: orphan page: no other page links to `c.md`"), "{}", run.stderr);
    let run = site.run("check", &["--format", "json"]);
    let report = json(&run);
    let keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["coverage", "errors", "external_links", "internal_links", "ok", "outputs", "version", "warnings"]
    );
    assert_eq!(report["version"], 1);
    assert_eq!(report["ok"], true);
    // The source's figures, and each source's under `sources` (one here).
    let source = serde_json::json!({
        "source": "source", "path": "content/source.md", "paragraphs": 3, "cited": 3, "uncited": []
    });
    assert_eq!(
        report["coverage"],
        serde_json::json!({ "paragraphs": 3, "cited": 3, "uncited": [], "sources": [source] })
    );
    let warnings = report["warnings"].as_array().unwrap();
    let warning = warnings.iter().find(|w| w["path"] == "content/c.md").expect("c.md is an orphan");
    assert_eq!(warning["line"], 0);
    assert!(warning["hint"].as_str().unwrap().contains("related"), "{warning}");
    assert!(report["internal_links"].as_u64().unwrap() > 20);
    // Only pages no other page links to: b.md, which a.md links to (in its text and its
    // `related`), is not one; nor is c.md once b.md links to it.
    assert_eq!(orphans(&report), ["content/a.md", "content/c.md"], "{report:#}");
    let b = std::fs::read_to_string(site.root().join("content/b.md")).unwrap();
    site.write("content/b.md", &format!("{b}\n见[丙](@/c.md)。\n"));
    let report = json(&site.run("check", &["--format", "json"]));
    assert_eq!(orphans(&report), ["content/a.md"], "{report:#}");
}

/// The paths `check` reports as orphan pages.
fn orphans(report: &serde_json::Value) -> Vec<&str> {
    let warnings = report["warnings"].as_array().unwrap();
    warnings
        .iter()
        .filter(|w| w["message"].as_str().unwrap().starts_with("orphan page"))
        .map(|w| w["path"].as_str().unwrap())
        .collect()
}

#[test]
fn external_links_are_listed_and_with_external_fetched() {
    let files = tempfile::tempdir().unwrap();
    std::fs::write(files.path().join("here.html"), "<p>here</p>").unwrap();
    std::fs::write(files.path().join("404.html"), "gone").unwrap();
    let listener = listener();
    let origin = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let _server = StaticServer::start(listener, files.path().to_path_buf(), files.path().join("404.html"));

    let site = Site::fixture("basic");
    let page = format!("+++\ntitle = \"甲\"\n+++\n[在](<{origin}/here.html#x>) [不在]({origin}/gone.html)\n");
    site.write("content/notes/a.md", &page);
    let run = site.run("check", &[]);
    assert!(run.ok(), "listing is not checking: {}", run.stderr);
    assert!(run.stderr.contains("2 external links (not fetched; pass --external to check them)"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{origin}/gone.html  <- /notes/a/")), "{}", run.stderr);

    let run = site.run("check", &["--external", "--timeout", "5", "--retries", "1", "--format", "json"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    let report = json(&run);
    let links = report["external_links"].as_array().unwrap();
    let summary: Vec<(&str, &str, u64)> = links
        .iter()
        .map(|l| (l["url"].as_str().unwrap(), l["status"].as_str().unwrap(), l["code"].as_u64().unwrap()))
        .collect();
    let (gone, here) = (format!("{origin}/gone.html"), format!("{origin}/here.html"));
    assert_eq!(summary, [(gone.as_str(), "broken", 404), (here.as_str(), "ok", 200)]);
    assert_eq!(links[0]["pages"], serde_json::json!(["/notes/a/"]));
    let error = report["errors"][0]["message"].as_str().unwrap();
    assert_eq!(error, format!("external link {origin}/gone.html is broken: HTTP 404"));
}

#[test]
fn a_site_that_does_not_load_reports_its_errors_in_json_too() {
    let site = Site::fixture("basic");
    site.write("content/notes/a.md", "+++\ntitle = 3\n+++\n");
    let run = site.run("check", &["--format", "json"]);
    assert_eq!(run.code(), Some(1));
    let report = json(&run);
    assert_eq!(report["errors"][0]["path"], "content/notes/a.md");
    assert_eq!(report["errors"][0]["line"], 2);
    assert!(report["coverage"].is_null());
}

/// The small dossier (zh-Hans) with English as a second language.
fn bilingual() -> Site {
    Site::dossier_with_english("")
}

fn warnings(report: &serde_json::Value) -> Vec<String> {
    let list = report["warnings"].as_array().unwrap();
    list.iter().map(|w| format!("{}: {}", w["path"].as_str().unwrap(), w["message"].as_str().unwrap())).collect()
}

#[test]
fn a_translation_without_its_original_is_a_warning_at_the_file() {
    let site = bilingual();
    site.write("content/only.en.md", "+++\ntitle = \"Only in English\"\n+++\n\nSee [B](@/b.md).\n");
    site.write("content/notes/x.zh-Hans.md", "+++\ntitle = \"x\"\n+++\n");
    let run = site.run("check", &[]);
    assert!(run.ok(), "a warning: {}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/only.en.md: warning: `only.en.md` is a translation of `only.md`, which does not exist in the default language `zh-Hans`"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: add content/only.md (in `zh-Hans`)"), "{}", run.stderr);
    // A page with an original is not reported; nor is a section made without a file.
    site.write("content/only.md", "+++\ntitle = \"仅此\"\n+++\n\n见[乙](@/b.md)。\n");
    let run = site.run("check", &[]);
    assert!(!run.stderr.contains("is a translation of"), "{}", run.stderr);
}

#[test]
fn a_link_into_another_language_needs_hreflang_and_an_at_link_gets_it() {
    let site = bilingual();
    // Chinese to English and English to Chinese, each once as an @/ link and once as a path.
    site.write("content/a.md", "+++\ntitle = \"甲\"\n+++\n\n见[英文的乙](@/b.en.md)与[路径](/en/b/)。\n");
    site.write("content/b.en.md", "+++\ntitle = \"B\"\n+++\n\nSee [A](@/a.md) and [the path](/a/).\n");
    site.build();
    assert_eq!(site.page("a/index.html").attrs("main a[hreflang]", "href"), ["/d/en/b/"]);
    assert_eq!(site.page("a/index.html").attrs("main a[hreflang]", "hreflang"), ["en"]);
    assert_eq!(site.page("en/b/index.html").attrs("main a[hreflang]", "href"), ["/d/a/"]);
    assert_eq!(site.page("en/b/index.html").attrs("main a[hreflang]", "hreflang"), ["zh-Hans"]);
    // A link within one language has none.
    assert!(site.page("b/index.html").attrs("main a[hreflang]", "href").is_empty());

    let run = site.run("check", &["--format", "json"]);
    let report = json(&run);
    let untagged: Vec<String> = warnings(&report).into_iter().filter(|w| w.contains("without hreflang")).collect();
    let from_content: Vec<&String> =
        untagged.iter().filter(|w| w.contains("`/d/en/b/`") || w.contains("`/d/a/`")).collect();
    assert_eq!(
        from_content,
        [
            "a/index.html (output): links to `/d/en/b/`, a page in `en`, from a page in `zh-Hans` without hreflang",
            "en/b/index.html (output): links to `/d/a/`, a page in `zh-Hans`, from a page in `en` without hreflang",
        ],
        "{report:#}"
    );
    let hint =
        report["warnings"].as_array().unwrap().iter().find(|w| w["path"] == "a/index.html (output)").unwrap()["hint"]
            .as_str()
            .unwrap()
            .to_string();
    assert!(hint.contains("with @/") && hint.contains("hreflang=\"en\""), "{hint}");
}

#[test]
fn a_trans_key_a_language_lacks_is_an_error_naming_the_languages() {
    let site = bilingual();
    // Never rendered, so the build passes; check reads every call.
    site.write(
        "templates/partials/unused.html",
        "{% if false %}{{ trans(key=\"toc_title\") }}\n  {{ trans(key=\"nowhere\", lang=\"en\") }}{{ i18n.nor_here }}{% endif %}",
    );
    assert!(site.build().ok(), "the build does not render the call");
    let run = site.run("check", &[]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    let errors: Vec<&str> = run.stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    assert!(
        errors[0].starts_with("templates/partials/unused.html:2:17: error")
            && errors[0].ends_with("error: trans(key=\"nowhere\") names a key these languages lack: `zh-Hans`, `en`"),
        "{}",
        run.stderr
    );
    assert!(
        errors[1].starts_with("templates/partials/unused.html:2:48: error")
            && errors[1].ends_with("error: `i18n.nor_here` names a key these languages lack: `zh-Hans`, `en`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("add `nowhere = \"…\"` to the i18n table of zh-Hans, en"), "{}", run.stderr);

    // A key one table has and the other lacks is an error at the table that lacks it.
    site.remove("templates/partials/unused.html");
    site.write("i18n/zh.toml", "extra = \"额外\"\n");
    let run = site.run("check", &[]);
    assert_eq!(run.code(), Some(1));
    assert!(
        run.stderr.contains("the language `en` has no string `extra` in its i18n table, which `zh-Hans` has"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_translation_reached_only_through_the_switcher_is_no_orphan() {
    let site = bilingual();
    // `b.md` is linked from `a.md`; its translation only from the switcher on `b.md`.
    site.write("content/b.en.md", "+++\ntitle = \"B\"\n+++\n\nText.\n");
    // Nothing links to `c.md` or its translation: both are orphans.
    site.write("content/c.md", "+++\ntitle = \"丙\"\n+++\n\n丙文。\n");
    site.write("content/c.en.md", "+++\ntitle = \"C\"\n+++\n\nSee [C in Chinese](@/c.md).\n");
    let run = site.run("check", &["--format", "json"]);
    let orphans: Vec<String> = warnings(&json(&run)).into_iter().filter(|w| w.contains("orphan page")).collect();
    let orphans: Vec<&str> = orphans.iter().map(|w| w.split(':').next().unwrap()).collect();
    assert!(!orphans.contains(&"content/b.en.md"), "{orphans:?}");
    assert!(orphans.contains(&"content/c.md") && orphans.contains(&"content/c.en.md"), "{orphans:?}");
}

/// The typography rule on, with the article's spacing (none between Han and Latin or digits).
const TYPOGRAPHY: &str = "\n[check.typography]\nenabled = true\nspacing = \"none\"\n";

#[test]
fn typography_is_checked_in_chinese_at_the_markdown_position_and_not_in_english() {
    let site = Site::dossier_with_english(TYPOGRAPHY);
    let zh = "+++\ntitle = \"排版 A\"\n+++\n\n会晤在 2023 年举行,双方“原文 2023 年”照录。\n\n> 引文 2023 年\n\n`代码 2023 年`\n";
    site.write("content/typo.md", zh);
    // The source page's body is the source's words: not checked.
    let source = std::fs::read_to_string(site.root().join("content/source.md")).unwrap();
    site.write("content/source.md", &source.replace("始建于1917年", "始建于 1917 年"));
    site.write("content/typo.en.md", "+++\ntitle = \"Type\"\n+++\n\nHeld in 2023 年, as written.\n");
    let run = site.run("check", &["--format", "json"]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    let report = json(&run);
    let errors: Vec<String> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}:{}:{}: {} ({})", e["path"], e["line"], e["col"], e["message"], e["hint"]))
        .collect();
    assert_eq!(
        errors,
        [
            "\"content/typo.md\":2:12: \"typography (`space-word`, reversed): a space between `版` and `A`\" (\"write `版A` without the space\")",
            "\"content/typo.md\":5:4: \"typography (`space-word`, reversed): a space between `在` and `2`\" (\"write `在2` without the space\")",
            "\"content/typo.md\":5:9: \"typography (`space-word`, reversed): a space between `3` and `年`\" (\"write `3年` without the space\")",
            "\"content/typo.md\":5:12: \"typography (`fullwidth`): `行,双` is written against the rule\" (\"write `行，双`\")",
        ],
        "{report:#}"
    );
    // Turned off, the same site passes.
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &config.replace("enabled = true", "enabled = false"));
    let run = site.run("check", &[]);
    assert!(run.ok(), "{}", run.stderr);
}

#[test]
fn an_unknown_typography_rule_is_an_error_listing_the_rules() {
    let site = Site::dossier_with_english("\n[check.typography]\nenabled = true\noff = [\"space-words\"]\n");
    let run = site.run("check", &[]);
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("site.toml:"), "{}", run.stderr);
    assert!(run.stderr.contains("error: `space-words` is not a typography rule"), "{}", run.stderr);
    assert!(
        run.stderr.contains("hint: the rules (autocorrect's names): space-word, space-punctuation"),
        "{}",
        run.stderr
    );
}
