//! Languages besides the default: `[languages.en]` in site.toml, `page.en.md` translations below
//! `/en/`, `lang` on every page, hreflang pairs, the language switcher and the sitemap's alternates.

use crate::util::Site;

/// The small dossier (zh-Hans) with English: a translated page, an English page with no original,
/// a translated page in a folder whose English section is implicit, and no `content/_index.en.md`.
fn bilingual() -> Site {
    let site = Site::dossier_with_english("");
    site.write("content/a.en.md", "+++\ntitle = \"A\"\nweight = 1\n+++\n\nFiloli is beautiful. See [B](@/b.md#sec).\n");
    site.write("content/only.en.md", "+++\ntitle = \"Only in English\"\n+++\n\nNo Chinese original.\n");
    site.write("content/notes/_index.md", "+++\ntitle = \"笔记\"\nsort_by = \"title\"\n+++\n");
    site.write("content/notes/n.md", "+++\ntitle = \"笔记一\"\n+++\n\n正文。\n");
    site.write("content/notes/n.en.md", "+++\ntitle = \"Note one\"\n+++\n\nText.\n");
    site
}

const BASE: &str = "https://example.org/d/";

/// The `(hreflang, href)` of each `<link rel="alternate" hreflang>` of a page.
fn alternates(page: &crate::util::Page) -> Vec<(String, String)> {
    let langs = page.attrs("link[rel=alternate][hreflang]", "hreflang");
    let hrefs = page.attrs("link[rel=alternate][hreflang]", "href");
    langs.into_iter().zip(hrefs).collect()
}

fn pair(lang: &str, path: &str) -> (String, String) {
    (lang.to_string(), format!("{BASE}{path}"))
}

#[test]
fn translations_have_their_urls_languages_and_hreflang_pairs() {
    let site = bilingual();
    site.built();
    let zh = site.page("a/index.html");
    let en = site.page("en/a/index.html");
    assert_eq!(zh.attrs("html", "lang"), ["zh-Hans"]);
    assert_eq!(en.attrs("html", "lang"), ["en"]);
    assert!(en.texts("h1").iter().any(|t| t.contains('A')), "{:?}", en.texts("h1"));
    // Both ways, the default first, and x-default at the default language's version.
    let expected = vec![pair("zh-Hans", "a/"), pair("en", "en/a/"), pair("x-default", "a/")];
    assert_eq!(alternates(&zh), expected);
    assert_eq!(alternates(&en), expected);
    // Sections: the roots are each other's translations, the English one made without a file.
    assert_eq!(site.page("en/index.html").attrs("html", "lang"), ["en"]);
    assert_eq!(alternates(&site.page("index.html")), [pair("zh-Hans", ""), pair("en", "en/"), pair("x-default", "")]);
    // A folder's English section exists because an English page lives there.
    assert_eq!(site.page("en/notes/index.html").attrs("html", "lang"), ["en"]);
    assert_eq!(site.page("en/notes/n/index.html").attrs("html", "lang"), ["en"]);
    // A page with no translation has no hreflang; an English page with no original has no x-default.
    assert!(alternates(&site.page("b/index.html")).is_empty());
    assert!(alternates(&site.page("en/only/index.html")).is_empty());
    // The 404 page and listings are in the default language.
    assert!(site.read("404.html").starts_with("<!doctype html>\n<html lang=\"zh-Hans\">"));
}

#[test]
fn the_switcher_links_each_other_language_to_the_translation_or_its_home() {
    let site = bilingual();
    site.built();
    let switcher = |path: &str| {
        let page = site.page(path);
        let hrefs = page.attrs(".site-languages a", "href");
        let langs = page.attrs(".site-languages a", "hreflang");
        assert_eq!(langs, page.attrs(".site-languages a", "lang"), "{path}");
        langs.into_iter().zip(hrefs).collect::<Vec<_>>()
    };
    let link = |lang: &str, href: &str| (lang.to_string(), href.to_string());
    assert_eq!(switcher("a/index.html"), [link("en", "/d/en/a/")]);
    assert_eq!(switcher("en/a/index.html"), [link("zh-Hans", "/d/a/")]);
    // No translation: the other language's home.
    assert_eq!(switcher("b/index.html"), [link("en", "/d/en/")]);
    assert_eq!(switcher("en/only/index.html"), [link("zh-Hans", "/d/")]);
    assert_eq!(switcher("en/index.html"), [link("zh-Hans", "/d/")]);
    // The English header lists the English root's pages.
    let nav = site.page("en/a/index.html").texts(".site-nav a");
    assert!(nav.iter().any(|t| t == "Only in English"), "{nav:?}");
    assert!(!nav.iter().any(|t| t == "乙"), "{nav:?}");
}

#[test]
fn one_language_has_no_switcher_and_no_hreflang() {
    let site = Site::fixture_with_themes("dossier");
    site.built();
    let page = site.page("a/index.html");
    assert!(page.attrs(".site-languages", "class").is_empty());
    assert!(alternates(&page).is_empty());
    assert!(!site.read("sitemap.xml").contains("xhtml"));
}

#[test]
fn the_sitemap_lists_the_translations_of_each_url() {
    let site = bilingual();
    site.built();
    let xml = site.read("sitemap.xml");
    assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""), "{xml}");
    let links = format!(
        "<xhtml:link rel=\"alternate\" hreflang=\"zh-Hans\" href=\"{BASE}a/\"/>\
         <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{BASE}en/a/\"/></url>"
    );
    assert!(xml.contains(&format!("<loc>{BASE}a/</loc>{links}")), "{xml}");
    assert!(xml.contains(&format!("<loc>{BASE}en/a/</loc>{links}")), "{xml}");
    assert!(xml.contains(&format!("<url><loc>{BASE}en/only/</loc></url>")), "{xml}");
}

#[test]
fn a_bad_language_is_an_error_at_its_line_and_column() {
    let site = Site::fixture_with_themes("dossier");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let line = config.lines().count() + 2;
    for (table, message) in
        [("[languages.zh-Hans]", "is the site's default language"), ("[languages.\"en/us\"]", "not a language code")]
    {
        site.write("site.toml", &format!("{config}\n{table}\n"));
        let run = site.build();
        assert_eq!(run.code(), Some(1), "{}", run.stderr);
        assert!(run.stderr.contains(&format!("site.toml:{line}:12: error: ")), "{}", run.stderr);
        assert!(run.stderr.contains(message), "{}", run.stderr);
        assert!(run.stderr.contains("hint: "), "{}", run.stderr);
    }
    site.write("site.toml", &format!("{config}\n[languages.en]\ntitel = \"x\"\n"));
    let run = site.build();
    assert!(run.stderr.contains(&format!("site.toml:{}:1: error: ", line + 1)), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `title`"), "{}", run.stderr);
}

/// BCP 47 codes ignore case: a file's code and the i18n table's name match the configured code in
/// any case, and URLs, `lang` and hreflang use the spelling of site.toml.
#[test]
fn language_codes_ignore_case_and_keep_the_configured_spelling() {
    let site = Site::fixture_with_themes("dossier");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    for (code, file, prefix) in [("EN", "a.en.md", "EN"), ("en-GB", "a.en-gb.md", "en-GB")] {
        site.write("site.toml", &format!("{config}\n[languages.{code}]\ntitle = \"A small dossier\"\n"));
        site.write(&format!("content/{file}"), "+++\ntitle = \"A\"\n+++\n\nText.\n");
        let run = site.build();
        assert!(run.ok(), "{code}: {}", run.stderr);
        assert!(!run.stderr.contains("warning"), "{code}: {}", run.stderr);
        let en = site.page(&format!("{prefix}/a/index.html"));
        assert_eq!(en.attrs("html", "lang"), [code]);
        // The theme's en.toml serves both: its strings, not a missing table.
        assert!(site.read(&format!("{prefix}/a/index.html")).contains("Skip to"), "{code}");
        let expected = vec![pair("zh-Hans", "a/"), pair(code, &format!("{prefix}/a/")), pair("x-default", "a/")];
        assert_eq!(alternates(&site.page("a/index.html")), expected);
        std::fs::remove_file(site.root().join("content").join(file)).unwrap();
    }
}

#[test]
fn sections_made_without_a_file_are_named_by_their_translation() {
    let site = bilingual();
    site.built();
    // `/en/` has no _index.en.md: its heading is the English site title.
    assert_eq!(site.page("en/index.html").texts("h1"), ["A small dossier"]);
    // `/en/notes/` has no _index.en.md: heading and links fall back to the original's title.
    assert_eq!(site.page("en/notes/index.html").texts("h1"), ["笔记"]);
    let crumbs = site.page("en/notes/n/index.html").texts(".crumbs a");
    assert_eq!(crumbs, ["A small dossier", "笔记"]);
    let parts = site.page("en/index.html").texts(".card__title");
    assert!(parts.iter().any(|t| t == "笔记"), "{parts:?}");
}

/// The bilingual dossier with `actors` in both languages and `places` in English only.
fn with_taxonomies() -> Site {
    let site = bilingual();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let config = config.replace(
        "[languages.en]\ntitle = \"A small dossier\"\n",
        "[languages.en]\ntitle = \"A small dossier\"\ntaxonomies = [{ name = \"actors\" }, { name = \"places\" }]\n",
    );
    site.write("site.toml", &format!("taxonomies = [{{ name = \"actors\" }}]\n{config}"));
    site.write(
        "content/a.md",
        &source(&site, "content/a.md").replacen(
            "\n[[timeline]]",
            "\n[taxonomies]\nactors = [\"拜登\"]\n\n[[timeline]]",
            1,
        ),
    );
    site.write("content/a.en.md", "+++\ntitle = \"A\"\nweight = 1\n[taxonomies]\nactors = [\"Biden\"]\nplaces = [\"Filoli\"]\n+++\n\nFiloli is beautiful.\n");
    site.write(
        "content/only.en.md",
        "+++\ntitle = \"Only in English\"\n[taxonomies]\nactors = [\"Biden\"]\n+++\n\nNo Chinese original.\n",
    );
    site
}

#[test]
fn each_language_has_its_own_taxonomies() {
    let site = with_taxonomies();
    site.built();
    // The default language's at /actors/, with its pages only.
    let zh = site.page("actors/拜登/index.html");
    assert_eq!(zh.attrs("html", "lang"), ["zh-Hans"]);
    let listed = zh.texts("main a");
    assert!(listed.iter().any(|t| t == "甲"), "{listed:?}");
    assert!(!listed.iter().any(|t| t == "A" || t == "Only in English"), "{listed:?}");
    // English ones below /en/, with English pages only.
    let en = site.page("en/actors/biden/index.html");
    assert_eq!(en.attrs("html", "lang"), ["en"]);
    let listed = en.texts("main a");
    assert!(listed.iter().any(|t| t == "A") && listed.iter().any(|t| t == "Only in English"), "{listed:?}");
    assert!(!listed.iter().any(|t| t == "甲"), "{listed:?}");
    assert!(site.public().join("en/actors/index.html").exists());
    assert!(site.public().join("en/places/filoli/index.html").exists());
    assert!(!site.public().join("actors/biden").exists());
    assert!(!site.public().join("places").exists());
    // A page's terms link to its language's taxonomy.
    let terms = site.page("en/a/index.html").attrs("a[href*=actors]", "href");
    assert!(terms.iter().all(|h| h.starts_with("/d/en/actors/")) && !terms.is_empty(), "{terms:?}");
    // A taxonomy its language does not declare is an error naming the language.
    site.write(
        "content/b.md",
        &source(&site, "content/b.md").replacen(
            "\n[[timeline]]",
            "\n[taxonomies]\nplaces = [\"斐洛里\"]\n\n[[timeline]]",
            1,
        ),
    );
    let run = site.build();
    assert_eq!(run.code(), Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("`places` is not a taxonomy of this site's language `zh-Hans`"), "{}", run.stderr);
}

/// A file of the site's sources.
fn source(site: &Site, path: &str) -> String {
    std::fs::read_to_string(site.root().join(path)).unwrap()
}

#[test]
fn each_language_has_its_own_feed() {
    let site = bilingual();
    let config = source(&site, "site.toml")
        .replace("title = \"A small dossier\"\n", "title = \"A small dossier\"\ndescription = \"In English\"\n");
    site.write("site.toml", &config);
    site.write("content/dated.md", "+++\ntitle = \"有日期\"\ndate = 2024-01-02\n+++\n\n正文。\n");
    site.write("content/dated.en.md", "+++\ntitle = \"Dated\"\ndate = 2024-01-02\n+++\n\nText.\n");
    site.write("content/new.en.md", "+++\ntitle = \"Newer\"\ndate = 2024-02-01\n+++\n\nText.\n");
    site.built();
    let zh = site.read("atom.xml");
    let en = site.read("en/atom.xml");
    assert!(zh.contains("xml:lang=\"zh-Hans\"") && zh.contains("<title>小档案</title>"), "{zh}");
    assert!(zh.contains("<title>有日期</title>") && !zh.contains("Dated") && !zh.contains("Newer"), "{zh}");
    assert!(en.contains("xml:lang=\"en\"") && en.contains("<title>A small dossier</title>"), "{en}");
    assert!(en.contains("<subtitle>In English</subtitle>"), "{en}");
    assert!(
        en.contains(&format!("href=\"{BASE}en/atom.xml\"")) && en.contains("<id>tag:example.org,2024-01-02:/en/</id>"),
        "{en}"
    );
    assert!(
        en.contains("<title>Dated</title>") && en.contains("<title>Newer</title>") && !en.contains("有日期"),
        "{en}"
    );
    // Each page's <head> names its own language's feed.
    let feed = |path: &str| site.page(path).attrs("link[type=\"application/atom+xml\"]", "href");
    assert_eq!(feed("dated/index.html"), ["/d/atom.xml"]);
    assert_eq!(feed("en/dated/index.html"), ["/d/en/atom.xml"]);
}

#[test]
fn the_search_index_holds_each_language_apart() {
    let site = bilingual();
    site.built();
    let entry = site.read("pagefind/pagefind-entry.json");
    let json: serde_json::Value = serde_json::from_str(&entry).unwrap();
    let languages = json["languages"].as_object().unwrap();
    let mut codes: Vec<&str> = languages.keys().map(String::as_str).collect();
    codes.sort();
    // Each page indexed in the language of its <html lang>, which pagefind's script loads.
    assert_eq!(codes, ["en", "zh-hans"], "{entry}");
    assert_eq!(site.page("en/a/index.html").attrs(".site-search", "role"), ["search"]);

    // A language without search: left out of the index, and its pages have no search box.
    let config = source(&site, "site.toml")
        .replace("title = \"A small dossier\"\n", "title = \"A small dossier\"\nsearch = false\n");
    site.write("site.toml", &config);
    site.built();
    let entry = site.read("pagefind/pagefind-entry.json");
    let json: serde_json::Value = serde_json::from_str(&entry).unwrap();
    let codes: Vec<&String> = json["languages"].as_object().unwrap().keys().collect();
    assert_eq!(codes, ["zh-hans"], "{entry}");
    assert!(site.page("en/a/index.html").attrs(".site-search", "role").is_empty());
    assert_eq!(site.page("a/index.html").attrs(".site-search", "role"), ["search"]);
}

/// A site with more pages to search than `[search] shard_size` is indexed in shards, per language;
/// in a browser the box merges every shard of the page's language and none of another's: a word
/// on one page finds it whichever shard holds it, and a word on every page finds that language's.
#[test]
fn the_search_box_merges_the_shards_of_its_language() {
    if !crate::util::tool_ready("the search shards test", crate::publish::browser_missing()) {
        return;
    }
    let site = Site::dossier_with_english("[search]\nshard_size = 3\n");
    let mut queries = Vec::new();
    for n in 0..7 {
        site.write(
            &format!("content/z{n}.md"),
            &format!("+++\ntitle = \"第{n}页\"\n+++\n\n每一页都有 commonword。这一页有 kiwi{n}。\n"),
        );
        queries.push(serde_json::json!({"lang": "zh-Hans", "query": format!("kiwi{n}"), "first": [format!("/z{n}/")]}));
    }
    for n in 0..5 {
        site.write(
            &format!("content/e{n}.en.md"),
            &format!("+++\ntitle = \"Page {n}\"\n+++\n\nEvery page has commonword. This one has plum{n}.\n"),
        );
        queries.push(serde_json::json!({"lang": "en", "query": format!("plum{n}"), "first": [format!("/en/e{n}/")]}));
    }
    let zh: Vec<String> = (0..7).map(|n| format!("/z{n}/")).collect();
    let en: Vec<String> = (0..5).map(|n| format!("/en/e{n}/")).collect();
    queries.push(serde_json::json!({"lang": "zh-Hans", "query": "commonword", "first": &zh[..3], "top": 8, "not": en}));
    queries.push(serde_json::json!({"lang": "en", "query": "commonword", "first": en, "not": zh}));
    let suite = serde_json::json!({"editions": {"zh-Hans": "", "en": "en/"}, "queries": queries});
    site.write("recall.json", &suite.to_string());
    let listener = crate::util::listener();
    let base = format!("http://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    let run = site.run("build", &["--base-url", &base]);
    assert!(run.ok(), "{}", run.stderr);
    let shards: std::collections::BTreeMap<String, Vec<String>> =
        serde_json::from_str(&site.read("pagefind/shards.json")).unwrap();
    assert!(shards["zh-hans"].len() >= 2 && !shards["en"].is_empty(), "{shards:?}");
    assert!(site.public().join("pagefind/shard-1/pagefind-entry.json").is_file());
    let _server = crate::util::StaticServer::start(listener, site.public(), site.public().join("404.html"));
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/search-recall.mjs");
    let output = std::process::Command::new("node")
        .arg(&script)
        .arg(&base)
        .arg(site.root().join("recall.json"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
}

/// In a browser, the search box of each language's home finds that language's pages only.
#[test]
fn searching_in_a_language_finds_its_pages_only() {
    if !crate::util::tool_ready("the search test", crate::publish::browser_missing()) {
        return;
    }
    let site = bilingual();
    // A word in both languages' pages: Filoli.
    let listener = crate::util::listener();
    let base = format!("http://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    let run = site.run("build", &["--base-url", &base]);
    assert!(run.ok(), "{}", run.stderr);
    let _server = crate::util::StaticServer::start(listener, site.public(), site.public().join("404.html"));
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/search-languages.mjs");
    let output =
        std::process::Command::new("node").arg(&script).arg(&base).args(["Filoli", "", "en/"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let results: std::collections::HashMap<String, Vec<String>> =
        serde_json::from_str(stdout.lines().last().unwrap_or("{}")).unwrap();
    let (zh, en) = (&results[""], &results["en/"]);
    assert!(!zh.is_empty() && zh.iter().all(|u| !u.starts_with("/en/")), "{results:?}");
    assert!(zh.iter().any(|u| u.starts_with("/entities/filoli/") || u.starts_with("/source/")), "{results:?}");
    assert!(!en.is_empty() && en.iter().all(|u| u.starts_with("/en/")), "{results:?}");
    assert!(en.iter().any(|u| u.starts_with("/en/a/")), "{results:?}");
}

#[test]
fn entity_names_are_linked_in_their_own_language_only() {
    let site = bilingual();
    site.built();
    // `Filoli` is a name of the Chinese entity: English text does not link it.
    let links = |path: &str| site.page(path).attrs("main article a[href*=filoli]", "href");
    assert!(links("en/a/index.html").is_empty(), "{:?}", links("en/a/index.html"));
    assert!(!links("a/index.html").is_empty());
    // An English entity page: its names are linked in English text, to it.
    site.write(
        "content/entities/filoli.en.md",
        "+++\ntitle = \"Filoli Estate\"\nkind = \"place\"\naliases = [\"Filoli\"]\nsummary = \"An estate.\"\n+++\n\nAn estate.\n",
    );
    site.built();
    let en = links("en/a/index.html");
    assert!(!en.is_empty() && en.iter().all(|h| h == "/d/en/entities/filoli/"), "{en:?}");
    assert!(links("a/index.html").iter().all(|h| h == "/d/entities/filoli/"), "{:?}", links("a/index.html"));
    // get_entities() lists the entities of the page's language.
    let listed = site.page("en/entities/index.html").texts("main a");
    assert!(listed.iter().any(|t| t == "Filoli Estate") && !listed.iter().any(|t| t == "拜登"), "{listed:?}");
    let listed = site.page("entities/index.html").texts("main a");
    assert!(listed.iter().any(|t| t == "拜登") && !listed.iter().any(|t| t == "Filoli Estate"), "{listed:?}");
}

#[test]
fn each_language_has_its_own_timeline() {
    let site = bilingual();
    site.write(
        "content/a.en.md",
        "+++\ntitle = \"A\"\nweight = 1\n\n[[timeline]]\ndate = \"1917\"\ntitle = \"Estate built\"\nsource = 1\n+++\n\nFiloli is beautiful.\n",
    );
    site.write("content/timeline.md", "+++\ntitle = \"时间线\"\ntemplate = \"timeline.html\"\n+++\n");
    site.write("content/timeline.en.md", "+++\ntitle = \"Timeline\"\ntemplate = \"timeline.html\"\n+++\n");
    site.built();
    let zh = site.read("timeline.json");
    let en = site.read("en/timeline.json");
    assert!(zh.contains("庄园始建") && !zh.contains("Estate built"), "{zh}");
    assert!(en.contains("Estate built") && !en.contains("庄园始建"), "{en}");
    let events = |path: &str| site.page(path).texts(".timeline").join(" ");
    assert!(events("en/timeline/index.html").contains("Estate built"), "{}", events("en/timeline/index.html"));
    assert!(!events("en/timeline/index.html").contains("庄园始建"), "{}", events("en/timeline/index.html"));
    assert!(events("timeline/index.html").contains("庄园始建") && !events("timeline/index.html").contains("Estate"));
}

#[test]
fn each_language_has_its_own_print_document() {
    let site = bilingual();
    site.built();
    let zh = site.page("print/index.html");
    let en = site.page("en/print/index.html");
    assert_eq!(zh.attrs("html", "lang"), ["zh-Hans"]);
    assert_eq!(en.attrs("html", "lang"), ["en"]);
    let (zh, en) = (zh.texts("main").join(" "), en.texts("main").join(" "));
    assert!(zh.contains("甲") && !zh.contains("Only in English"), "{zh}");
    // The English pages only, in the English reading order: A (weight 1) before Only in English.
    assert!(en.contains("Only in English") && en.contains("Note one") && !en.contains("笔记一"), "{en}");
    assert!(en.find("Filoli is beautiful").unwrap() < en.find("No Chinese original").unwrap(), "{en}");
    // Each language's pages link to their own print document; the 404 page stays one.
    assert_eq!(site.page("en/a/index.html").attrs("a[href$=\"print/\"]", "href"), ["/d/en/print/"]);
    assert_eq!(site.page("a/index.html").attrs("a[href$=\"print/\"]", "href"), ["/d/print/"]);
    assert!(!site.public().join("en/404.html").exists());
    let homes = site.page("404.html").attrs(".site-languages a", "href");
    assert_eq!(homes, ["/d/en/"]);
}

#[test]
fn each_language_renders_with_its_own_title_and_description() {
    let site = bilingual();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let config = config.replacen("title = \"小档案\"\n", "title = \"小档案\"\ndescription = \"关于一次会晤\"\n", 1);
    site.write("site.toml", &format!("{config}description = \"About one meeting\"\n"));
    site.write(
        "content/a.en.md",
        "+++\ntitle = \"A\"\nweight = 1\n[[timeline]]\ndate = \"2023\"\ntitle = \"Met\"\n+++\n\nFiloli is beautiful.\n",
    );
    site.built();
    let en = site.page("en/a/index.html");
    assert_eq!(en.texts("title"), ["A · A small dossier"]);
    let home = site.page("en/index.html");
    assert_eq!(home.attrs("meta[name=description]", "content"), ["About one meeting"]);
    assert_eq!(en.attrs("meta[property=\"og:site_name\"]", "content"), ["A small dossier"]);
    assert_eq!(en.texts(".site-title"), ["A small dossier"]);
    assert!(en.texts("footer p").iter().any(|t| t.starts_with("A small dossier")), "{:?}", en.texts("footer p"));
    let ld = en.texts("script[type=\"application/ld+json\"]").join("");
    assert!(ld.contains("\"name\":\"A small dossier\"") && ld.contains("\"inLanguage\":\"en\""), "{ld}");
    assert_eq!(site.page("en/print/index.html").texts("#page-title"), ["A small dossier"]);
    let json: serde_json::Value = serde_json::from_str(&site.read("en/timeline.json")).unwrap();
    assert_eq!(json["title"]["text"]["headline"], "A small dossier", "{json}");
    // The default language keeps the top-level title and description, side by side.
    let zh = site.page("a/index.html");
    assert_eq!(zh.texts(".site-title"), ["小档案"]);
    assert_eq!(site.page("index.html").attrs("meta[name=description]", "content"), ["关于一次会晤"]);
    assert_eq!(site.page("print/index.html").texts("#page-title"), ["小档案"]);
    // A language without a title of its own falls back to the top-level one.
    site.write("site.toml", &config.replace("title = \"A small dossier\"\n", ""));
    site.built();
    assert_eq!(site.page("en/a/index.html").texts(".site-title"), ["小档案"]);
}

#[test]
fn the_chinese_interface_is_in_chinese_and_the_english_in_english() {
    let site = bilingual();
    site.built();
    let zh = site.page("a/index.html");
    let en = site.page("en/a/index.html");
    assert_eq!(zh.texts(".skip-link"), ["跳到正文"]);
    assert_eq!(en.texts(".skip-link"), ["Skip to content"]);
    // No English words in the Chinese landmarks' names, and the other way round.
    let labels = |page: &crate::util::Page| page.attrs("[aria-label]", "aria-label");
    assert!(labels(&zh).iter().all(|l| !l.chars().any(|c| c.is_ascii_alphabetic())), "{:?}", labels(&zh));
    assert!(labels(&en).iter().all(|l| l.is_ascii()), "{:?}", labels(&en));
    let not_found = site.page("404.html");
    assert_eq!(not_found.texts(".lead"), ["链接可能有误，或页面已经移动。"]);
}

#[test]
fn the_print_document_names_implicit_sections_and_links_its_own_home() {
    let site = bilingual();
    site.built();
    let en = site.page("en/print/index.html");
    // notes/ has no _index.en.md: named like links to it, by its original's title.
    let titles = en.texts(".print-item__title");
    assert!(titles.iter().all(|t| !t.trim().is_empty()), "{titles:?}");
    assert!(titles.contains(&"笔记".to_string()), "{titles:?}");
    assert!(en.texts(".print-toc a").iter().all(|t| !t.trim().is_empty()), "{:?}", en.texts(".print-toc a"));
    // "Online:" links the language's own home, apart from the sentence before it.
    let meta = en.texts(".print-doc__header .meta");
    assert_eq!(meta.len(), 2, "{meta:?}");
    assert!(meta[1].starts_with("Online: "), "{meta:?}");
    assert_eq!(en.attrs(".print-doc__header .meta a", "href"), [format!("{BASE}en/")]);
    let zh = site.page("print/index.html");
    assert_eq!(zh.attrs(".print-doc__header .meta a", "href"), [BASE]);
}

#[test]
fn a_taxonomy_and_its_terms_are_paired_with_the_same_in_other_languages() {
    let site = with_taxonomies();
    // A term both languages use, under the same slug.
    site.write("content/b.en.md", "+++\ntitle = \"B\"\n[taxonomies]\nactors = [\"拜登\"]\n+++\n\nB.\n");
    site.built();
    // The list pages of a taxonomy both languages declare are translations of each other.
    let zh = site.page("actors/index.html");
    assert_eq!(alternates(&zh), [pair("zh-Hans", "actors/"), pair("en", "en/actors/"), pair("x-default", "actors/")]);
    assert_eq!(zh.attrs(".site-languages a", "href"), ["/d/en/actors/"]);
    let en = site.page("en/actors/index.html");
    assert_eq!(alternates(&en), alternates(&zh));
    assert_eq!(en.attrs(".site-languages a", "href"), ["/d/actors/"]);
    assert!(en.attrs(".site-languages a", "title").is_empty(), "the translation exists");
    // A term pairs only with the same slug in the other language.
    let term = site.page("actors/拜登/index.html");
    assert_eq!(term.attrs(".site-languages a", "href"), ["/d/en/actors/拜登/"]);
    assert_eq!(alternates(&term).len(), 3);
    let only_english = site.page("en/actors/biden/index.html");
    assert!(alternates(&only_english).is_empty());
    assert_eq!(only_english.attrs(".site-languages a", "href"), ["/d/"]);
    // A taxonomy only English declares has no Chinese version.
    let places = site.page("en/places/index.html");
    assert!(alternates(&places).is_empty());
    assert_eq!(places.attrs(".site-languages a", "href"), ["/d/"]);
}

#[test]
fn previous_and_next_follow_each_languages_reading_order() {
    let site = bilingual();
    site.built();
    let pager = |path: &str| site.page(path).attrs(".pager a", "href");
    let en = pager("en/a/index.html");
    assert!(!en.is_empty() && en.iter().all(|h| h.starts_with("/d/en/")), "{en:?}");
    let zh = pager("a/index.html");
    assert!(!zh.is_empty() && zh.iter().all(|h| !h.starts_with("/d/en/")), "{zh:?}");
}

#[test]
fn events_and_citations_link_the_source_in_their_language() {
    let site = bilingual();
    site.write(
        "content/a.en.md",
        "+++\ntitle = \"A\"\nweight = 1\n\n[[timeline]]\ndate = \"1917\"\ntitle = \"Estate built\"\nsource = 1\n+++\n\nFiloli{{ cite(p=1) }}.\n",
    );
    site.write(
        "content/source.en.md",
        "+++\ntitle = \"Source\"\n+++\n\nBuilt in 1917.\n\nBiden came. Second!\n\nThird.\n",
    );
    site.write("content/timeline.en.md", "+++\ntitle = \"Timeline\"\ntemplate = \"timeline.html\"\n+++\n");
    site.built();
    let en = site.page("en/a/index.html");
    assert_eq!(en.attrs(".event__links a.cite", "href"), ["/d/en/source/#p1"]);
    assert!(en.attrs("main p a.cite", "href").iter().all(|h| h == "/d/en/source/#p1"));
    let timeline = site.page("en/timeline/index.html").attrs(".event__links a.cite", "href");
    assert_eq!(timeline, ["/d/en/source/#p1"]);
    let json = site.read("en/timeline.json");
    assert!(json.contains("/d/en/source/#p1") && !json.contains("/d/source/#p1"), "{json}");
    // The Chinese events keep the original.
    assert!(site.page("a/index.html").attrs(".event__links a.cite", "href").contains(&"/d/source/#p1".to_string()));
}

#[test]
fn citations_of_the_original_from_another_language_carry_its_language() {
    let site = bilingual();
    site.write(
        "content/a.en.md",
        "+++\ntitle = \"A\"\n\n[[timeline]]\ndate = \"1917\"\ntitle = \"Built\"\nsource = 1\n+++\n\nFiloli{{ cite(p=1) }}.\n\n{{ quote(p=2, s=1) }}\n",
    );
    site.built();
    let en = site.page("en/a/index.html");
    assert_eq!(en.attrs(".event__links a.cite", "hreflang"), ["zh-Hans"]);
    assert!(site.read("en/timeline.json").contains("hreflang=\\\"zh-Hans\\\""), "{}", site.read("en/timeline.json"));
    assert!(site.page("a/index.html").attrs(".event__links a.cite[hreflang]", "href").is_empty());
    assert_eq!(
        en.attrs("a.cite[href=\"/d/source/#p1\"]", "hreflang"),
        ["zh-Hans", "zh-Hans"],
        "the citation and the event"
    );
    assert_eq!(en.attrs("blockquote.source-quote > p[lang]", "lang"), ["zh-Hans"]);
    assert_eq!(en.attrs(".quote-source a.cite", "hreflang"), ["zh-Hans"]);
    // In its own language, a citation needs neither.
    let zh = site.page("a/index.html");
    assert!(zh.attrs("a.cite[hreflang]", "href").is_empty());
    assert!(zh.attrs("blockquote.source-quote [lang]", "lang").is_empty());
}

#[test]
fn cited_by_lists_the_pages_of_its_own_language() {
    let site = bilingual();
    site.built();
    // a.md and a.en.md both link b.md#sec; b.md is Chinese.
    let cited_by = site.page("b/index.html").attrs(".backlinks li > a", "href");
    assert_eq!(cited_by, ["/d/a/"]);
}

#[test]
fn a_translation_of_a_draft_is_left_out_with_it() {
    let site = bilingual();
    site.write("content/drafty.md", "+++\ntitle = \"草稿\"\ndraft = true\n+++\n\n草稿。\n");
    site.write("content/drafty.en.md", "+++\ntitle = \"Draft\"\n+++\n\nDraft.\n");
    site.built();
    assert!(!site.public().join("drafty").exists() && !site.public().join("en/drafty").exists());
    assert!(!site.read("en/index.html").contains("/d/en/drafty/"));
    let run = site.run("check", &[]);
    assert!(!run.stderr.contains("drafty"), "{}", run.stderr);
    // With drafts, both are built.
    assert!(site.run("build", &["--drafts"]).ok());
    assert!(site.public().join("en/drafty/index.html").exists());
}

/// The exact search of issue 16 in both scripts side by side, through the recall runner: a
/// Chinese term matches in sequence (亚太 does not answer 芬太尼), English terms match as words
/// with pagefind's stemming, every term must match, and nothing found says so in the page's
/// language.
#[test]
fn search_is_exact_in_chinese_and_in_english() {
    if !crate::util::tool_ready("the search test", crate::publish::browser_missing()) {
        return;
    }
    let site = bilingual();
    site.write(
        "content/pillars.md",
        "+++\ntitle = \"支柱\"\n+++\n\n王毅把这比作中美关系的“五根支柱”。亚太地区的合作。\n",
    );
    site.write(
        "content/pillars.en.md",
        "+++\ntitle = \"Pillars\"\n+++\n\nWang Yi likened them to the five pillars of the relationship. Cooperation in the Asia-Pacific.\n",
    );
    let listener = crate::util::listener();
    let base = format!("http://127.0.0.1:{}/", listener.local_addr().unwrap().port());
    let run = site.run("build", &["--base-url", &base]);
    assert!(run.ok(), "{}", run.stderr);
    let _server = crate::util::StaticServer::start(listener, site.public(), site.public().join("404.html"));
    let suite = serde_json::json!({
        "editions": { "zh-Hans": "", "en": "en/" },
        "queries": [
            { "lang": "zh-Hans", "query": "芬太尼", "none": true },
            { "lang": "zh-Hans", "query": "太尼", "none": true },
            { "lang": "zh-Hans", "query": "五根支柱", "first": ["/pillars/"] },
            { "lang": "zh-Hans", "query": "中美关系的五根支柱", "first": ["/pillars/"] },
            { "lang": "zh-Hans", "query": "亚太 王毅", "first": ["/pillars/"] },
            { "lang": "zh-Hans", "query": "亚太 芬太尼", "none": true },
            { "lang": "en", "query": "fentanyl", "none": true },
            { "lang": "en", "query": "pillar", "first": ["/en/pillars/"], "not": ["/en/a/"] },
            { "lang": "en", "query": "FIVE pillars", "first": ["/en/pillars/"], "not": ["/en/a/"] },
            { "lang": "en", "query": "pillars fentanyl", "none": true },
            { "lang": "en", "query": "Filoli", "first": ["/en/a/"], "not": ["/en/pillars/"] },
        ],
    });
    let file = site.public().parent().unwrap().join("recall.json");
    std::fs::write(&file, suite.to_string()).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/search-recall.mjs");
    let output = std::process::Command::new("node").arg(&script).arg(&base).arg(&file).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn the_sitemap_pairs_a_taxonomy_with_its_version_in_the_other_language() {
    let site = with_taxonomies();
    site.built();
    let xml = site.read("sitemap.xml");
    let links = format!(
        "<xhtml:link rel=\"alternate\" hreflang=\"zh-Hans\" href=\"{BASE}actors/\"/>\
         <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{BASE}en/actors/\"/></url>"
    );
    assert!(xml.contains(&format!("<loc>{BASE}actors/</loc>{links}")), "{xml}");
    assert!(xml.contains(&format!("<loc>{BASE}en/actors/</loc>{links}")), "{xml}");
    // A taxonomy in one language only, and terms whose slugs differ, have no alternates.
    assert!(xml.contains(&format!("<url><loc>{BASE}en/places/</loc></url>")), "{xml}");
    assert!(xml.contains(&format!("<url><loc>{BASE}en/actors/biden/</loc></url>")), "{xml}");
}
