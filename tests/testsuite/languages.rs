//! Languages besides the default: `[languages.en]` in site.toml, `page.en.md` translations below
//! `/en/`, `lang` on every page, hreflang pairs, the language switcher and the sitemap's alternates.

use crate::util::Site;

/// The small dossier (zh-Hans) with English: a translated page, an English page with no original,
/// a translated page in a folder whose English section is implicit, and no `content/_index.en.md`.
fn bilingual() -> Site {
    let site = Site::fixture_with_themes("dossier");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{config}\n[languages.en]\ntitle = \"A small dossier\"\n"));
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
